"""Claims: each quantity of a document, tied to a metric, a kind, a region and a year.

One pass over the document, left to right, keeps what a careful reader keeps in
mind: the region last named (我市 and 全区 resolved against the publisher and the
passage) and the time last stated (去年 against the publication date). Each
quantity takes both, plus a metric from the cue words around it
(`tables/metric_cues.csv`) and a kind from `tables/kind_cues.csv`.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache

import regex

from extract.flat_tables import TableCell, find_flat_tables
from extract.numbers import Quantity, find_quantities, inside_quoted_name
from extract.vocabulary import alternation, read_table
from extract.regions import COUNTRY, Gazetteer, Region
from extract.timeframe import find_time_cues, resolve_year

CLAUSE_BREAK = regex.compile(r"[，,；;。！？!?\n]")  # not the colon: 城镇新增就业人数：2023年达到38156人
HEADING_MAX = 30  # a line this short with no closing punctuation is a heading: it opens a new passage
HEADING_END = regex.compile(r"[。！？；…”]$")
MAX_GAP = 24  # how far before its figure a cue word may stand, in characters (after-cues set their own reach)


# A bare 失业率 is whichever unemployment rate the document last named (调查 or 登记).
BARE_RATE = "unemployment_rate"
RATES = ("registered_unemployment_rate", "surveyed_unemployment_rate")


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


@dataclass(frozen=True)
class DocumentContext:
    doc_id: str
    text: str  # cleaned text: offsets refer to it
    view: str  # reading view of text, same length
    pub_year: int | None
    home: Region | None
    title_view: str = ""
    national: bool = False  # national media: a figure with no place named is the country's


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


@dataclass
class _Assigned:
    metric: str = "other"
    label: str = ""


def _compatible(metric: Metric, quantity: Quantity, kind: str) -> bool:
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
    return regex.compile(rf"^(?!{followers})\p{{Han}}{{2}}")


def _nearest_cue(clause: str, q_start: int, q_end: int, quantity: Quantity, kind: str) -> tuple[str, str] | None:
    """The metric whose cue stands closest to the figure inside its clause, and the cue's words.

    At equal distance the longer cue wins (培训农民工 over 农民工), then the one listed first.
    """
    table = _with_bare_rate()
    left, right = clause[:q_start], clause[q_end:]
    noun_after = bool(_noun_after().match(right))
    best = None
    for cue in _cues():
        metric = table[cue.metric]
        if not _compatible(metric, quantity, kind):
            continue
        if cue.side == "before":
            if noun_after:
                continue
            for m in cue.pattern.finditer(left):
                gap = len(left) - m.end()
                candidate = (gap, 0, -len(m.group()), cue.metric, m.group())
                if gap <= MAX_GAP and (best is None or candidate[:3] < best[:3]):
                    best = candidate
        else:
            m = cue.pattern.match(right)  # anchored: the pattern itself says how far it may reach
            if m:
                candidate = (0, 1, -len(m.group()), cue.metric, m.group())
                if best is None or candidate[:3] < best[:3]:
                    best = candidate
    return (best[3], best[4]) if best else None


def _bare(clause_left: str) -> bool:
    """A clause that says nothing but the share or change itself (占比63.6%, 同比增长5%): it has no subject of its own."""
    for kind, scope, pattern, _ in _kind_cues():
        if scope == "lead":
            clause_left = pattern.sub("", clause_left)
    return len(regex.sub(r"[^\p{Han}]|[年月日]", "", clause_left)) <= 2


def _last_cue(text: str, quantity: Quantity, kind: str) -> tuple[str, str] | None:
    """The last cue in earlier clauses of the sentence, when no other figure stands between it and this one."""
    table = _with_bare_rate()
    best = None
    for cue in _cues():
        if cue.side != "before" or not _compatible(table[cue.metric], quantity, kind):
            continue
        for m in cue.pattern.finditer(text):
            if best is None or (m.end(), len(m.group())) > best[:2]:
                best = (m.end(), len(m.group()), cue.metric, m.group())
    return (best[2], best[3]) if best else None


# ------------------------------------------------------------------ kind


def _kind(clause_left: str, clause_right: str, statement_left: str, quantity: Quantity) -> tuple[str, int]:
    """level, change, target or share, and the sign a change carries. The first row of kind_cues.csv that fits wins."""
    for kind, scope, pattern, sign in _kind_cues():
        text = {"lead": clause_left, "after": clause_right, "sentence": statement_left}[scope]
        if kind == "share" and quantity.unit != "%":
            continue
        if pattern.search(text):
            return kind, sign
    if quantity.unit == "百分点":
        return "change", 1
    if quantity.implies:
        return quantity.implies, 1  # 控制在5.5%以内, 不少于100万个
    return "level", 1


# ------------------------------------------------------------------ passage state


@dataclass
class _Passage:
    """What a reader holds in mind at a point of the document."""
    gazetteer: Gazetteer
    home: Region | None
    pub_year: int | None
    default_time: tuple[str, str]
    default_region: Region | None = None
    region: Region | None = None
    by_level: dict[str, Region] = field(default_factory=dict)
    year: str = ""
    period: str = ""
    paragraph_metric: str = "other"  # the metric last claimed in this paragraph, for a share stated apart
    last_rate: str = "other"  # the unemployment rate last named, for a bare 失业率

    def __post_init__(self):
        self.region = self.default_region
        if self.home is not None:
            self._remember(self.home)
        self.year, self.period = self.default_time

    def _remember(self, region: Region) -> None:
        self.region = region
        self.by_level[region.level] = region

    def name(self, region: Region) -> None:
        self._remember(region)

    def refer(self, word: str, level: str) -> None:
        # Resolve 全区 against the last county named, 全市 against the last city, and so on.
        in_force = next((self.by_level[l] for l in _AT_OR_BELOW[level] if l in self.by_level), self.region)
        region = self.gazetteer.resolve_reference(word, in_force, self.home)
        if region is not None:
            self._remember(region)

    def time(self, year_rule: str, period: str | None) -> None:
        """A time cue: its year (when it can be told) and its part of the year (None: the part in force holds)."""
        # 今年三季度 in an undated page: the year cannot be told, the part of it still can
        year = resolve_year(year_rule, self.pub_year, self.year)
        if year or year_rule.startswith("{pub"):
            self.year = year
        if period is not None:
            self.period = period

    def resolve(self, metric: str) -> str:
        """The metric a claim gets, remembering what a later bare 失业率 or a share stated apart refers to."""
        if metric == BARE_RATE:
            metric = self.last_rate
        if metric in RATES:
            self.last_rate = metric
        if metric != "other":
            self.paragraph_metric = metric
        return metric

    def new_paragraph(self) -> None:
        # A part of the year (一季度, 3月末) is stated paragraph by paragraph; the year holds on.
        self.period = self.default_time[1] if self.year == self.default_time[0] else ""

    def new_passage(self) -> None:
        # A heading opens a new passage: its time starts over; in a national programme so does its place,
        # since each item of a news bulletin starts from the whole country.
        self.year, self.period = self.default_time
        if self.default_region is COUNTRY:
            self.region = COUNTRY


_RANK = {"country": 0, "group": 1, "province": 2, "city": 3, "county": 4}
_AT_OR_BELOW = {"county": ("county",), "city": ("city", "county"), "province": ("province", "city", "county"),
                "country": ()}


HEAD_LINES = 2  # where a page without a title names its subject (a crumb line, a headline)


def default_time(ctx: DocumentContext) -> tuple[str, str]:
    """The time a figure has when its passage names none: the one the title (or the page's head) names."""
    year, period = "", ""
    head = "\n".join([line for line in ctx.view.split("\n") if line.strip()][:HEAD_LINES])
    for cue in find_time_cues(ctx.title_view) or find_time_cues(head):
        resolved = resolve_year(cue.year_rule, ctx.pub_year, year)
        if resolved:
            year, period = resolved, cue.period
    return year, period


# ------------------------------------------------------------------ the pass


@cache
def _organisation_after() -> regex.Pattern:
    suffixes = alternation(r["suffix"] for r in read_table("organisation_suffixes.csv"))
    return regex.compile(rf"\p{{Han}}{{0,6}}?(?:{suffixes})")


def _names_organisation(view: str, end: int) -> bool:
    """湖南工业大学, 张掖市三益化工公司: the place is part of a name, not where a figure belongs."""
    return bool(_organisation_after().match(view, end))


# A national body marks national scope when it speaks (国家统计局：…, 人社部18日发布…), not when it is
# listed among those whose policy is followed (落实党中央、国务院决策部署); 数据来源：国家统计局 names no place.
_SPEAKS = regex.compile(r"(?:[:：]|[^，,。；;、\n]{0,20}?(?:发布|公布|表示|介绍|显示|数据|统计))")
# 赴新疆、江苏等地务工, 分布在长三角地区、山东半岛等地, 会议在成都召开: places a figure is not about.
_DESTINATION_BEFORE = regex.compile(r"(?:赴|到|往|向|去往|前往|分布在|分布于|输出到|转移到)$")
_DESTINATION_AFTER = regex.compile(r"\p{Han}{0,3}?等(?:地|省|市|国|城市|地区|发达地区|国家)")  # 山东半岛等地
_VENUE = regex.compile(r"[^，,。；;]{0,4}?召开")  # 会议在成都召开; 在湖南举办招聘会 is about 湖南
_LIST_JOINER = regex.compile(r"[、和及与]?")


def _subject_places(view: str, gazetteer: Gazetteer) -> list:
    """The places the text is about, in order: not organisations' names, destinations or venues."""
    kept, skipping_list_after = [], -1
    for m in gazetteer.find(view):
        if gazetteer.reference(m.surface) is not None:  # 全国, 人社部: taken as references
            continue
        before = view[max(0, m.start - 5):m.start]
        if (m.start == skipping_list_after
                or _DESTINATION_BEFORE.search(before) or _DESTINATION_AFTER.match(view, m.end)
                or (before.endswith("在") and _VENUE.match(view, m.end))
                or regex.search(r"来源[:：]?$", before)  # 消息来源：上海证券报 credits a paper
                or _names_organisation(view, m.end)):
            # a list of destinations goes on through 、/和: 赴广东省深圳市、惠州市和广西
            skipping_list_after = m.end + len(_LIST_JOINER.match(view, m.end).group())
            continue
        kept.append(m)
    return kept


def _quoted_whole(view: str, start: int, end: int) -> bool:
    return 0 < start and end < len(view) and view[start - 1] in "“「《\"" and view[end] in "”」》\""


def _events(ctx: DocumentContext, gazetteer: Gazetteer):
    """Region names, region references, time cues and headings, in document order."""
    events = [(m.start, 0, "region", m) for m in _subject_places(ctx.view, gazetteer)]
    events += [(s, 0, "reference", (w, level)) for s, e, w, level in gazetteer.find_references(ctx.view)
               if not gazetteer.speaks(w) or _SPEAKS.match(ctx.view, e)]
    # “2023年春风行动暨就业援助月” names a campaign of that year but says nothing of the part of it
    # (今年1至3月份 still holds); “十三五” alone in quotes is the time itself
    for c in find_time_cues(ctx.view):
        in_name = inside_quoted_name(ctx.view, c.start, c.end) and not _quoted_whole(ctx.view, c.start, c.end)
        events.append((c.start, 1, "time", (c.year_rule, None if in_name else c.period)))
    offset = 0
    for line in ctx.view.split("\n"):
        stripped = line.strip()
        if (stripped and len(stripped) <= HEADING_MAX and not HEADING_END.search(stripped)
                and not find_quantities(stripped)):  # a headline with figures states claims; it opens nothing
            events.append((offset, -1, "heading", None))
        offset += len(line) + 1
    events.sort(key=lambda e: (e[0], e[1]))
    return events


def extract_claims(ctx: DocumentContext, sentences: list[tuple[int, int]], gazetteer: Gazetteer) -> list[dict]:
    passage = _Passage(gazetteer, ctx.home, ctx.pub_year, default_time(ctx),
                       default_region=ctx.home or (COUNTRY if ctx.national else None))
    events = _events(ctx, gazetteer)
    cells_by_line: dict[int, list[TableCell]] = {}
    for cell in find_flat_tables(ctx.view):  # rows have no unit words, so find_quantities never sees them
        line = next(s for s, e in sentences if s <= cell.start < e)
        cells_by_line.setdefault(line, []).append(cell)
    claims: list[dict] = []
    cursor = 0
    topic: _Assigned | None = None  # the figure before, for 其中 … and 同比增长 …
    statement_start = 0  # sentences joined by semicolons make one statement (预期目标是：…；…；…)
    for s_start, s_end in sentences:
        sentence_view = ctx.view[s_start:s_end]
        if s_start == 0 or ctx.view[s_start - 1] == "\n":
            passage.paragraph_metric = "other"
            passage.new_paragraph()
        if not _after_semicolon(ctx.view, s_start):
            topic = None  # a semicolon joins parallel statements; a full stop ends the figure's reach
            statement_start = s_start

        previous_end = 0
        for q in find_quantities(sentence_view):
            start = s_start + q.start
            while cursor < len(events) and events[cursor][0] < start:
                _apply(events[cursor], passage, gazetteer)
                cursor += 1
            claim, topic = _claim(ctx, passage, sentence_view, s_start, q, topic, previous_end,
                                  statement_left=ctx.view[statement_start:start])
            previous_end = q.end
            claims.append(claim)
        for cell in cells_by_line.get(s_start, ()):
            while cursor < len(events) and events[cursor][0] < cell.start:
                _apply(events[cursor], passage, gazetteer)
                cursor += 1
            claims.append(_table_claim(ctx, passage, cell, s_start, s_end))
        while cursor < len(events) and events[cursor][0] < s_end:
            _apply(events[cursor], passage, gazetteer)
            cursor += 1
    return claims


def _after_semicolon(view: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and view[i] == " ":
        i -= 1
    return i >= 0 and view[i] in "；;"


def _apply(event, passage: _Passage, gazetteer: Gazetteer) -> None:
    _, _, kind, payload = event
    if kind == "region":
        context = [r for r in (passage.region, passage.home) if r is not None]
        passage.name(gazetteer.choose(payload, context))
    elif kind == "reference":
        passage.refer(*payload)
    elif kind == "time":
        passage.time(*payload)
    else:
        passage.new_passage()


def _clause_bounds(sentence: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in CLAUSE_BREAK.finditer(sentence, 0, start)), default=0)
    right = CLAUSE_BREAK.search(sentence, end)
    return left, right.start() if right else len(sentence)


def _claim(ctx: DocumentContext, passage: _Passage, sentence: str, s_start: int, q: Quantity,
           topic: _Assigned | None, previous_end: int, statement_left: str) -> tuple[dict, _Assigned]:
    c_start, c_end = _clause_bounds(sentence, q.start, q.end)
    clause = sentence[c_start:c_end]
    clause_left = clause[: q.start - c_start]
    start, end = s_start + q.start, s_start + q.end
    kind, sign = _kind(clause_left, clause[q.end - c_start:], statement_left, q)

    found = _nearest_cue(clause, q.start - c_start, q.end - c_start, q, kind)
    counts_a_noun = bool(_noun_after().match(clause[q.end - c_start:]))
    earlier = None if counts_a_noun else _last_cue(sentence[previous_end:q.start], q, kind)
    if found:
        assigned = _Assigned(*found)
    elif earlier:
        assigned = _Assigned(*earlier)  # 全国城镇新增就业完成情况快于时序进度，1-9月达到1045万人
    elif (topic is not None and topic.metric != "other" and _compatible(metrics()[topic.metric], q, kind)
          and not counts_a_noun and (previous_end or q.unit != "%" or kind in ("share", "change"))):
        # a part, a growth rate or a share of the figure before; across a semicolon a new rate is a new thing
        assigned = _Assigned(topic.metric, topic.label)
    elif kind in ("share", "change") and topic is None and not counts_a_noun and _bare(clause_left):
        assigned = _Assigned(passage.paragraph_metric, "")  # the sentence's first figure: 外出地以省内为主，占比63.6%
    else:
        assigned = _Assigned("other", _label(clause, q.start - c_start, q.end - c_start))
    assigned = _Assigned(passage.resolve(assigned.metric), assigned.label)

    value, low, high = (sign * q.value, sign * q.low, sign * q.high) if kind == "change" else (q.value, q.low, q.high)
    unit = q.unit or (metrics()[assigned.metric].unit if assigned.metric != "other" else "")
    claim = _row(ctx, passage, start, end, s_start, s_start + len(sentence), value=value, low=low, high=high,
                 unit=unit, qualifier=q.qualifier, kind=kind, metric=assigned.metric, label=assigned.label,
                 year=passage.year, period=passage.period)
    return claim, assigned


def _row(ctx: DocumentContext, passage: _Passage, start: int, end: int, s_start: int, s_end: int, *,
         value: float, low: float, high: float, unit: str, qualifier: str, kind: str, metric: str, label: str,
         year: str, period: str) -> dict:
    """One row of the claims table, in the contract's columns."""
    region = passage.region
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
        "sentence": ctx.text[s_start:s_end].strip(),
        "start": start,
        "end": end,
    }


# A table's title qualifies its columns: 城镇登记失业人数及失业率 makes the column 失业率 the registered rate.
_TITLE_QUALIFIERS = ("城镇登记", "城镇调查", "登记", "调查")


def _table_claim(ctx: DocumentContext, passage: _Passage, cell: TableCell, s_start: int, s_end: int) -> dict:
    """A cell of a flattened statistical table: its year is its column's, its metric its label's."""
    labels = [q + cell.label for q in _TITLE_QUALIFIERS if q in cell.title and q not in cell.label] + [cell.label]
    quantity = Quantity(0, 0, cell.value, cell.value, cell.value, cell.unit, "", "exact")
    found = next(filter(None, (_last_cue(label, quantity, "level") for label in labels)), None)
    metric = passage.resolve(found[0]) if found else "other"
    return _row(ctx, passage, cell.start, cell.end, s_start, s_end, value=cell.value, low=cell.value,
                high=cell.value, unit=cell.unit, qualifier="exact", kind="level", metric=metric, label=cell.label,
                year=str(cell.year), period="")


_LABEL_AFTER = regex.compile(r"^[\p{Han}]{1,10}")
_LABEL_VERBS = regex.compile(r"^(?:共|累计|达到?|为|是|有|约|近|超过?|新增|实现|完成|提供|发布|组织|举办|开展|建成|培育)+")


def _label(clause: str, q_start: int, q_end: int) -> str:
    """What an uncategorised figure counts: the noun after it (95个充分就业社区), else the words before it."""
    after = _LABEL_AFTER.match(clause[q_end:])
    if after:
        return after.group()
    before = regex.sub(r"[^\p{Han}]+$", "", clause[:q_start])[-10:]
    return _LABEL_VERBS.sub("", before) or before
