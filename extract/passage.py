"""What a reader holds in mind at each point of a document: the region and the time in force.

The events that change them — places named (not destinations, venues or names of
organisations), relative references (我市, 全区, 国家统计局：…), time cues and
headings — are found once, in document order; `Passage.advance(offset)` applies
those before an offset, so each figure takes the region and time a careful reader
would give it there.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import regex

from extract.numbers import find_quantities, inside_quoted_name
from extract.regions import COUNTRY, Gazetteer, Region
from extract.timeframe import find_time_cues, resolve_year
from extract.vocabulary import alternation, read_table

HEADING_MAX = 30  # a line this short with no closing punctuation is a heading: it opens a new passage
HEADING_END = regex.compile(r"[。！？；…”：:]$")  # a line ending in a colon leads into what follows
HEAD_LINES = 2  # where a page without a title names its subject (a crumb line, a headline)

# A bare 失业率 is whichever unemployment rate the document last named (调查 or 登记).
BARE_RATE = "unemployment_rate"
RATES = ("registered_unemployment_rate", "surveyed_unemployment_rate")


@dataclass(frozen=True)
class DocumentContext:
    doc_id: str
    text: str  # cleaned text: offsets refer to it
    view: str  # reading view of text, same length
    pub_year: int | None
    home: Region | None
    title_view: str = ""
    national: bool = False  # national media: a figure with no place named is the country's


@dataclass
class Passage:
    """What a reader holds in mind at a point of the document."""
    gazetteer: Gazetteer
    home: Region | None
    pub_year: int | None
    default_time: tuple[str, str]
    default_region: Region | None = None
    events: list = field(default_factory=list)  # (offset, order, kind, payload), sorted
    cursor: int = 0
    region: Region | None = None
    by_level: dict[str, Region] = field(default_factory=dict)
    year: str = ""
    period: str = ""
    passage_metric: str = "other"  # the metric last claimed in this passage, for a share stated apart
    last_rate: str = "other"  # the unemployment rate last named, for a bare 失业率

    @classmethod
    def of(cls, ctx: DocumentContext, gazetteer: Gazetteer) -> Passage:
        return cls(gazetteer, ctx.home, ctx.pub_year, default_time(ctx),
                   default_region=ctx.home or (COUNTRY if ctx.national else None), events=_events(ctx, gazetteer))

    def advance(self, offset: int) -> None:
        """Apply every event that stands before `offset`."""
        while self.cursor < len(self.events) and self.events[self.cursor][0] < offset:
            _, _, kind, payload = self.events[self.cursor]
            if kind == "region":
                self.name(self.gazetteer.choose(payload, [r for r in (self.region, self.home) if r is not None]))
            elif kind == "reference":
                self.refer(*payload)
            elif kind == "time":
                self.time(*payload)
            else:
                self.new_passage()
            self.cursor += 1

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
        if self.gazetteer.fills_gap(word) and self.region is not None:
            return  # 广东省…政府工作报告 is the province's report
        # Resolve 全区 against the last county named, 全市 against the last city, and so on.
        in_force = next((self.by_level[lower] for lower in _AT_OR_BELOW[level] if lower in self.by_level), self.region)
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
            self.passage_metric = metric
        return metric

    def new_paragraph(self) -> None:
        # A part of the year (一季度, 3月末) is stated paragraph by paragraph; the year holds on.
        self.period = self.default_time[1] if self.year == self.default_time[0] else ""

    def new_passage(self) -> None:
        # A heading opens a new passage: its time starts over; in a national programme so does its place,
        # since each item of a news bulletin starts from the whole country.
        self.year, self.period = self.default_time
        self.passage_metric = "other"
        if self.default_region is COUNTRY:
            self.region = COUNTRY


_AT_OR_BELOW = {"county": ("county",), "city": ("city", "county"), "province": ("province", "city", "county"),
                "country": ()}


def default_time(ctx: DocumentContext) -> tuple[str, str]:
    """The time a figure has when its passage names none: the year and part of it the title names; failing
    a year there, the year the page's head names (a crumb trail, a PDF headline) or its opening paragraph states.
    Only a title sets the part of the year: a body's 10月份 is about its own sentence."""
    year, period = "", ""
    for cue in find_time_cues(ctx.title_view):
        year = resolve_year(cue.year_rule, ctx.pub_year, year) or year
        period = cue.period or period
    lines = [line for line in ctx.view.split("\n") if line.strip()]
    lead = next((line for line in lines if len(line.strip()) > HEADING_MAX), "")
    for text in ("\n".join(lines[:HEAD_LINES]), lead):
        if not year:  # 一季度云南…实现双增长 / …2021年一季度末，云南省外出从业农村劳动力总量为587万人
            year = next((y for c in find_time_cues(text) if (y := resolve_year(c.year_rule, ctx.pub_year, ""))), "")
    return year, period


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
_CREDIT_BEFORE = regex.compile(r"来源[:：]?$")


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
                or _CREDIT_BEFORE.search(before)  # 消息来源：上海证券报 credits a paper
                or _names_organisation(view, m.end)):
            # a list of destinations goes on through 、/和: 赴广东省深圳市、惠州市和广西
            skipping_list_after = m.end + len(_LIST_JOINER.match(view, m.end).group())
            continue
        kept.append(m)
    return kept


_COMPARED = regex.compile(r"(?:高于|低于|好于|快于|多于|少于|超过)[^，,。；;！？\n]*$")


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
        if _COMPARED.search(ctx.view, max(0, c.start - 12), c.start):
            continue  # 高于疫情突如其来的2020年: a year compared against is not the time of what follows
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


def after_semicolon(view: str, start: int) -> bool:
    """Whether the sentence at `start` follows a semicolon: one statement goes on (…；…)."""
    i = start - 1
    while i >= 0 and view[i] == " ":
        i -= 1
    return i >= 0 and view[i] in "；;"
