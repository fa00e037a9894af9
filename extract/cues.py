"""Metric and kind of a figure from the cue words around it.

A figure takes the metric whose cue (`tables/metric_cues.csv`) stands nearest
to it in its clause, and its unit must fit the metric (`tables/metrics.csv`);
its kind (level, change, target, share) and the sign a change carries come
from `tables/kind_cues.csv`. The walk over a document that asks these
questions figure by figure is `extract.claims`.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from extract.groups import any_group_word
from extract.numbers import Quantity
from extract.passage import BARE_RATE
from extract.vocabulary import alternation, leading_class, read_table

MAX_GAP = 24  # how far before its figure a cue word may stand, in characters (after-cues set their own reach)


@dataclass(frozen=True)
class Metric:
    metric: str
    label_zh: str
    label_en: str
    unit: str
    accepts: frozenset[str]  # base units a figure of this metric may have; "none" = only a multiplier


@dataclass(frozen=True)
class Cue:
    metric: str
    side: str  # before | after
    pattern: regex.Pattern


@cache
def metrics() -> dict[str, Metric]:
    return {
        r["metric"]: Metric(r["metric"], r["label_zh"], r["label_en"], r["unit"], frozenset(r["accepts"].split()))
        for r in read_table("metrics.csv")
    }


@cache
def _with_bare_rate() -> dict[str, Metric]:
    table = dict(metrics())
    table[BARE_RATE] = Metric(BARE_RATE, "失业率", "unemployment rate", "%", frozenset({"%"}))
    return table


@cache
def _cues() -> tuple[Cue, ...]:
    return tuple(Cue(r["metric"], r["side"], regex.compile(r["pattern"])) for r in read_table("metric_cues.csv"))


@cache
def _kind_cues() -> list[tuple[str, str, regex.Pattern, int]]:
    return [(r["kind"], r["scope"], regex.compile(r["pattern"]), int(r["sign"] or 1)) for r in read_table("kind_cues.csv")]


# ------------------------------------------------------------------ metric


def compatible(metric: Metric, quantity: Quantity, kind: str) -> bool:
    unit = quantity.unit or "none"
    if unit in metric.accepts:
        return kind != "share" or unit == "%"
    if unit == "%" or unit == "百分点":
        # a percentage of a count is its growth or its share; points are a rate's change
        return kind in ("change", "share") or (unit == "百分点" and "%" in metric.accepts)
    return False


@cache
def _noun_after() -> regex.Pattern:
    # A figure followed by a noun counts that noun (100余个行政村, 300余人队伍), whatever cue stands before it.
    followers = alternation(r["word"] for r in read_table("figure_followers.csv"))
    # 155个村(社区): a one-character noun with its bracketed gloss counts that noun too
    return regex.compile(rf"^(?!{followers})\p{{Han}}(?:\p{{Han}}|[(（]\p{{Han}})")


@cache
def _measure_word_after() -> regex.Pattern:
    # A bare 11万 followed by a word we do not know as a unit (门, 座, 台) counts things of that kind.
    followers = alternation(r["word"] for r in read_table("figure_followers.csv"))
    return regex.compile(rf"^(?!{followers})\p{{Han}}")


@dataclass(frozen=True)
class _CueSet:
    """The cues a figure of one unit and kind may take, each side in table order, with a pattern for the
    after side that matches wherever any of its cues does (a text it does not match needs no cue tried
    one by one), and for each cue before, the characters a match can start with (None: any).

    A text holding none of a cue's first characters cannot match it, so its pattern is not run there: a set
    test instead of a scan. That beats one pattern of all the cues before (3.2 instead of 5.6 µs a figure
    on the dev corpus), whose many alternatives are tried at every position."""
    before: tuple[Cue, ...]
    after: tuple[Cue, ...]
    any_after: regex.Pattern
    before_starts: tuple[frozenset[str] | None, ...]

    def before_cues_in(self, text: str):
        """The cues before whose pattern may match somewhere in `text`, in table order."""
        chars = set(text)
        return [cue for cue, starts in zip(self.before, self.before_starts) if starts is None or not starts.isdisjoint(chars)]


def _starts(pattern: str) -> frozenset[str] | None:
    """The characters a match of `pattern` can start with, when they are a plain list of characters."""
    chars = leading_class([pattern])
    if chars is None or "\\" in chars or "-" in chars:  # an escape, a range or a category: not told apart here
        return None
    return frozenset(chars[1:-1])


@cache
def _cues_for(unit: str, kind: str) -> _CueSet:
    """The cues whose metric a figure of this unit and kind may have (see `compatible`)."""
    table = _with_bare_rate()
    probe = Quantity(0, 0, 0.0, 0.0, 0.0, unit, "", "exact")  # compatible reads only the unit
    cues = [cue for cue in _cues() if compatible(table[cue.metric], probe, kind)]
    sides = {side: tuple(cue for cue in cues if cue.side == side) for side in ("before", "after")}
    # (?!) never matches: a side with no cue rules every text out
    any_after = regex.compile("|".join(f"(?:{cue.pattern.pattern})" for cue in sides["after"]) or "(?!)")
    return _CueSet(**sides, any_after=any_after, before_starts=tuple(_starts(cue.pattern.pattern) for cue in sides["before"]))


def counts_a_noun(quantity: Quantity, right: str) -> bool:
    return bool(_noun_after().match(right) or (not quantity.unit and _measure_word_after().match(right)))


def nearest_cue(clause: str, q_start: int, q_end: int, quantity: Quantity, kind: str,
                 noun_follows: bool) -> tuple[str, str] | None:
    """The metric whose cue stands closest to the figure inside its clause, and the cue's words.
    `noun_follows`: `counts_a_noun` of the figure and the text after it.

    At equal distance the longer cue wins (培训农民工 over 农民工), then the one listed first.
    """
    left, right = clause[:q_start], clause[q_end:]
    cues = _cues_for(quantity.unit, kind)
    best = None
    # a cue after the figure is never as near as one before it at gap 0, nor ties with any: sides apart
    if not noun_follows:
        for cue in cues.before_cues_in(left):
            for m in cue.pattern.finditer(left):
                gap = len(left) - m.end()
                candidate = (gap, 0, -len(m.group()), cue.metric, m.group())
                if gap <= MAX_GAP and (best is None or candidate[:3] < best[:3]):
                    best = candidate
    if cues.any_after.match(right):
        for cue in cues.after:
            m = cue.pattern.match(right)  # anchored: the pattern itself says how far it may reach
            if m:
                candidate = (0, 1, -len(m.group()), cue.metric, m.group())
                if best is None or candidate[:3] < best[:3]:
                    best = candidate
    return (best[3], best[4]) if best else None


@cache
def opens_new_statement() -> regex.Pattern:
    # 失业人员实现再就业8.0万人，扶持创业2.6万人: a clause opening with an action verb is a new statement,
    # not a part of the figure before (as 其中省外就业53.12万人 is)
    verbs = alternation(r["word"] for r in read_table("statement_openers.csv"))
    return regex.compile(rf"^(?:累计|全年|共|另)?(?:{verbs})")


_NOT_A_SUBJECT_CHAR = regex.compile(r"[^\p{Han}]|[年月日]")


def bare_clause(clause_left: str) -> bool:
    """A clause that says nothing but the share or change itself (占比63.6%, 同比增长5%): it has no subject of its own.

    每增加一个百分点 states a rule of thumb, not a change that happened.
    """
    if "每" in clause_left:
        return False
    for kind, scope, pattern, _ in _kind_cues():
        if scope == "lead":
            clause_left = pattern.sub("", clause_left)
    # a part named by a group word (第一产业占比为4.5%, 省内占比63.6%) is a part of the passage's figure, no subject
    clause_left = any_group_word().sub("", clause_left)
    return len(_NOT_A_SUBJECT_CHAR.sub("", clause_left)) <= 2


def last_cue(text: str, quantity: Quantity, kind: str) -> tuple[str, str] | None:
    """The last cue in earlier clauses of the sentence, when no other figure stands between it and this one."""
    cues = _cues_for(quantity.unit, kind)
    best = None
    for cue in cues.before_cues_in(text):
        for m in cue.pattern.finditer(text):
            if best is None or (m.end(), len(m.group())) > best[:2]:
                best = (m.end(), len(m.group()), cue.metric, m.group())
    return (best[2], best[3]) if best else None


# ------------------------------------------------------------------ kind


def before_publication(year: str, pub_year: int | None) -> bool:
    """Is the figure's year (or the end of its span) over before the document was published?"""
    last = year.rpartition("-")[2]
    return bool(pub_year and last.isdigit() and int(last) < pub_year)


def after_publication(year: str, pub_year: int | None) -> bool:
    """Does the figure's year (or the start of its span) come after the year the document was published?"""
    first = year.partition("-")[0]
    return bool(pub_year and first.isdigit() and int(first) > pub_year)


def kind_of(clause_left: str, clause_right: str, statement_left: str, quantity: Quantity,
          year_is_past: bool = False, following: str = "") -> tuple[str, int]:
    """level, change, target or share, and the sign a change carries. The first row of kind_cues.csv that fits wins.

    A hedge that states a goal (控制在5.5%以内) does so only for a year still to come: for a year already
    past when the document was published (去年…控制在3.6%以内) it reports a result, a level.
    `following`: the rest of the sentence after the figure (FOLLOWING characters), for what the next clause says of it."""
    texts = {"lead": clause_left, "after": clause_right, "sentence": statement_left, "following": following}
    for kind, scope, pattern, sign in _kind_cues():
        text = texts[scope]
        if kind == "share" and quantity.unit != "%":
            continue
        if scope == "following" and not quantity.implies:
            continue  # the next clause speaks of a cap's outcome (…以内，低于年度控制指标) only
        if pattern.search(text):
            return kind, sign
    if quantity.unit == "百分点":
        return "change", 1
    if quantity.implies and not (quantity.implies == "target" and year_is_past):
        return quantity.implies, 1  # 控制在5.5%以内, 不少于100万个
    return "level", 1
