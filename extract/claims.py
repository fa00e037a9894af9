"""Claims: each quantity of a document, tied to a metric, a kind, a region and a year.

What one figure becomes on the walk over a document (`extract.reading`): it
takes the region and time in force where it stands (`extract.passage`: 我市 and
全区 resolved against the publisher and the passage, 去年 against the publication
date), a metric from the cue words around it (`tables/metric_cues.csv`, the unit must fit) and a kind
with its sign from `tables/kind_cues.csv` (both read in `extract.cues`). Cells of
flattened statistical tables (`extract.flat_tables`) become claims the same way.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

import regex

from extract.flat_tables import TableCell
from extract.cues import (after_publication, bare_clause, before_publication, compatible, counts_a_noun, kind_of,
                          last_cue, metrics, nearest_cue, opens_new_statement)
from extract.groups import group_of
from extract.numbers import Quantity
from extract.passage import DocumentContext, Passage

CLAUSE_BREAK = regex.compile(r"[，,；;。！？!?\n]")  # not the colon: 城镇新增就业人数：2023年达到38156人
_LAST_CLAUSE_BREAK = regex.compile(r"(?r)" + CLAUSE_BREAK.pattern)  # searched from the right: the last one
FOLLOWING = 40  # how far after its figure the next clause may say what the figure was (…以内，低于年度控制指标)


@dataclass
class Assigned:
    metric: str = "other"
    label: str = ""
    group: str = ""  # the population the figure is about (extract.groups); a part or change of it keeps it


# a figure that heads its line (1066万人：2015年前三季度，… · 1361万人！我国城镇新增就业…) or makes a short
# headline of its own (3.1%背后的民生温度) names the figure the text then states
HEADLINE_AFTER = "：:!！ "
HEADLINE_LENGTH = 30


def headline_figures(view: str, claims: list[dict]) -> None:
    """A headline figure that no cue of its own names takes the metric and kind of the same figure stated
    elsewhere in the document (the nearest after it, else before it)."""
    stated: dict[tuple[float, str], list[dict]] = {}
    for claim in claims:
        if claim["metric"] != "other":
            stated.setdefault((abs(claim["value"]), claim["unit"]), []).append(claim)
    if not stated:
        return
    for claim in claims:
        start, end = claim["start"], claim["end"]
        if claim["metric"] != "other" or (start and view[start - 1] != "\n"):
            continue
        line_end = view.find("\n", end)
        line_end = len(view) if line_end < 0 else line_end
        if not (view[end:end + 1] in tuple(HEADLINE_AFTER) or line_end - start <= HEADLINE_LENGTH):
            continue
        same = stated.get((abs(claim["value"]), claim["unit"]))
        if not same:
            continue
        source = next((c for c in same if c["start"] > start), same[-1])
        claim.update(metric=source["metric"], kind=source["kind"], value=source["value"],
                     value_low=source["value_low"], value_high=source["value_high"])


RESPECTIVELY = "分别"


def respectively(sentence: str, quantities: list[Quantity], sentence_claims: list[dict]) -> None:
    """新增就业1.1万人，再就业4400人，困难人员就业2000人，分别完成年计划的76%、89%和80%: the n shares or changes
    listed after 分别 belong, in order, to the last n figures stated before it, not all to the nearest."""
    at = sentence.find(RESPECTIVELY)
    owners = [c for q, c in zip(quantities, sentence_claims) if q.end <= at]
    listed = [c for q, c in zip(quantities, sentence_claims) if q.start >= at]
    if len(listed) < 2 or len(owners) < len(listed) or any(c["kind"] not in ("share", "change") for c in listed):
        return
    owners = owners[-len(listed):]
    if any(owner["metric"] == "other" for owner in owners):
        return
    for claim, owner in zip(listed, owners):
        claim["metric"] = owner["metric"]


def _clause_bounds(sentence: str, start: int, end: int) -> tuple[int, int]:
    last = _LAST_CLAUSE_BREAK.search(sentence, 0, start)  # one search, not every break before the figure listed
    left = last.end() if last else 0
    right = CLAUSE_BREAK.search(sentence, end)
    return left, right.start() if right else len(sentence)


def figure_claim(ctx: DocumentContext, passage: Passage, sentence: str, s_start: int, q: Quantity,
           topic: Assigned | None, previous_end: int, statement_left: str) -> tuple[dict, Assigned]:
    c_start, c_end = _clause_bounds(sentence, q.start, q.end)
    clause = sentence[c_start:c_end]
    clause_left = clause[: q.start - c_start]
    start, end = s_start + q.start, s_start + q.end
    clause_right = clause[q.end - c_start:]
    kind, sign = kind_of(clause_left, clause_right, statement_left, q, before_publication(passage.year, ctx.pub_year),
                       following=sentence[q.end:q.end + FOLLOWING])
    if kind == "level" and after_publication(passage.year, ctx.pub_year):
        kind = "target"  # 到2027年，城镇新增就业达到50万人: a figure for a year still to come can only be a goal

    noun_follows = counts_a_noun(q, clause_right)
    # a sum of money counts no thing: the words after it (贷款2238万元锡林郭勒盟, a headline run into its
    # source) do not stop its own cue; they still stop a metric carried from elsewhere
    found = nearest_cue(clause, q.start - c_start, q.end - c_start, q, kind, noun_follows and q.unit_kind != "money")
    # the cue of an earlier clause counts only where the figure has none of its own: asked only then
    earlier = None if noun_follows or found else last_cue(sentence[previous_end:q.start], q, kind)
    from_topic = False
    if found:
        assigned = Assigned(*found)
    elif earlier:
        assigned = Assigned(*earlier)  # 全国城镇新增就业完成情况快于时序进度，1-9月达到1045万人
    elif (topic is not None and topic.metric != "other" and compatible(metrics()[topic.metric], q, kind)
          and not noun_follows and (previous_end or q.unit != "%" or kind in ("share", "change"))
          and not opens_new_statement().match(clause_left)):
        # a part, a growth rate or a share of the figure before; across a semicolon a new rate is a new thing
        assigned, from_topic = Assigned(topic.metric, topic.label), True
    elif kind in ("share", "change") and topic is None and not noun_follows and bare_clause(clause_left):
        assigned = Assigned(passage.passage_metric, "")  # the sentence's first figure: 外出地以省内为主，占比63.6%
    else:
        assigned = Assigned("other", _label(clause, q.start - c_start, q.end - c_start))
    metric = passage.resolve(assigned.metric)
    # 农民工总量1.2万人，比上年增加311人 / 省外就业5.3万人，占转移就业总人数的45.9%: the change
    # and the share are the same population's
    same_topic = topic is not None and (from_topic or (topic.metric == metric and kind in ("share", "change")))
    group = group_of(sentence, q.start, q.end, previous_end, metric) or (topic.group if same_topic else "")
    assigned = Assigned(metric, assigned.label, group)

    value, low, high = (sign * q.value, sign * q.low, sign * q.high) if kind == "change" else (q.value, q.low, q.high)
    unit = q.unit or (metrics()[assigned.metric].unit if assigned.metric != "other" else "")
    claim = _row(ctx, passage, start, end, s_start, s_start + len(sentence), value=value, low=low, high=high,
                 unit=unit, qualifier=q.qualifier, kind=kind, metric=assigned.metric, label=assigned.label,
                 year=passage.year, period="" if kind == "target" else passage.period, group=assigned.group)
    return claim, assigned


def _row(ctx: DocumentContext, passage: Passage, start: int, end: int, s_start: int, s_end: int, *,
         value: float, low: float, high: float, unit: str, qualifier: str, kind: str, metric: str, label: str,
         year: str, period: str, group: str = "", year_basis: str | None = None) -> dict:
    """One row of the claims table, in the contract's columns; `year_basis`: when the year is not the passage's."""
    region = passage.place()
    year_from, _, year_to = year.partition("-")
    return {
        "claim_id": hashlib.sha1(f"{ctx.doc_id}:{start}:{end}".encode()).hexdigest()[:16],
        "doc_id": ctx.doc_id,
        "quote": ctx.text[start:end],
        "value": value,
        "value_low": min(low, high),
        "value_high": max(low, high),
        "unit": unit,
        "qualifier": qualifier,
        "kind": kind,
        "metric": metric,
        "label": label,
        "region": region.name if region else "",
        "region_code": region.code if region else "",
        "region_level": region.level if region else "",
        "province": region.province if region else "",
        "city": region.city if region else "",
        "county": region.county if region else "",
        "year": year,
        "year_from": int(year_from) if year_from else None,
        "year_to": int(year_to or year_from) if year_from else None,
        "period": period,
        "group": group,
        "region_basis": passage.region_basis(s_start),
        "year_basis": year_basis or passage.year_basis(s_start),
        "sentence": ctx.text[s_start:s_end].strip(),
        "start": start,
        "end": end,
    }


# A table's title qualifies its columns: 城镇登记失业人数及失业率 makes the column 失业率 the registered rate.
_TITLE_QUALIFIERS = ("城镇登记", "城镇调查", "登记", "调查")


def table_claim(ctx: DocumentContext, passage: Passage, cell: TableCell, s_start: int, s_end: int) -> dict:
    """A cell of a flattened statistical table: its year is its column's, its metric its label's."""
    labels = [q + cell.label for q in _TITLE_QUALIFIERS if q in cell.title and q not in cell.label] + [cell.label]
    quantity = Quantity(0, 0, cell.value, cell.value, cell.value, cell.unit, "", "exact")
    found = next(filter(None, (last_cue(label, quantity, "level") for label in labels)), None)
    metric = passage.resolve(found[0]) if found else "other"
    return _row(ctx, passage, cell.start, cell.end, s_start, s_end, value=cell.value, low=cell.value,
                high=cell.value, unit=cell.unit, qualifier="exact", kind="level", metric=metric, label=cell.label,
                year=str(cell.year), period="", year_basis="heading")  # the year of its column


_LABEL_AFTER = regex.compile(r"^[\p{Han}]{1,10}")
_TRAILING_NON_HAN = regex.compile(r"[^\p{Han}]+$")
_LABEL_VERBS = regex.compile(r"^(?:共|累计|达到?|为|是|有|约|近|超过?|新增|实现|完成|提供|发布|组织|举办|开展|建成|培育)+")


def _label(clause: str, q_start: int, q_end: int) -> str:
    """What an uncategorised figure counts: the noun after it (95个充分就业社区), else the words before it."""
    after = _LABEL_AFTER.match(clause[q_end:])
    if after:
        return after.group()
    before = _TRAILING_NON_HAN.sub("", clause[:q_start])[-10:]
    return _LABEL_VERBS.sub("", before) or before
