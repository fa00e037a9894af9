"""What a reader holds in mind at each point of a document: the region and the time in force.

The events that change them — places named (not destinations, venues or names of
organisations), relative references (我市, 全区, 国家统计局：…), time cues and
headings — are found once, in document order (`extract.events`); `Passage.advance(offset)` applies
those before an offset, so each figure takes the region and time a careful reader
would give it there.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace

from extract.regions import COUNTRY, Gazetteer, Region
from extract.page_time import default_time
from extract.timeframe import publication_month, resolve_year, span_start, year_written
from extract.events import find_events
from extract.places import subject_places, unambiguous_places
from extract.towns import placed, with_towns



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
    pub_month: int | None = None  # the month of the publication date, for 本月, 上月 and an event held 昨天


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
    frame_year: str = ""  # the year the paragraph is about, which a figure's own time (连续6年) leaves alone
    frame_is_stock: bool = False  # the frame's part of the year is a stock's date (年末，…), which ends with its paragraph
    since_year: str = ""  # the start of a span whose end the text does not tell (2016年以来 in an undated page)
    frame_period: str = ""  # the part of the year the paragraph is about, which a stock's own date leaves alone
    event_period: str = ""  # the month of the dated event (a job fair on 2月17日) the text last told of
    passage_metric: str = "other"  # the metric last claimed in this passage, for a share stated apart
    last_rate: str = "other"  # the unemployment rate last named, for a bare 失业率
    _saved: tuple = (None, {}, None)  # the place in force before an aside (a photo caption), restored after it
    # How the region and the year in force were decided, for a claim's region_basis and year_basis: a basis of
    # contract.BASES, or "text" with the offset of the words that said it (sentence, heading or passage by where).
    region_from: tuple[str, int] = ("none", -1)
    year_from: tuple[str, int] = ("none", -1)
    frame_year_from: tuple[str, int] = ("none", -1)
    default_year_from: tuple[str, int] = ("none", -1)
    headings: list = field(default_factory=list)  # (start, end) of the heading lines
    _at: int = -1  # offset of the event being applied
    current_years: set = field(default_factory=set)  # years the text names as the one it is written in (2021年1-2月份)
    _before_base: tuple | None = None  # the time in force before a figure's own (由2015年的…), restored after it
    change_from: int = 0  # the year a change told as from…to starts from (由2012年的…), in this statement
    change_span: str = ""  # the years of that change (由2012年的…增加到2021年的…: 2013-2021), for a yearly average
    named: list = field(default_factory=list)  # every place in force so far, in order
    _opens_national: bool | None = None  # whether the first place the document names is the country
    elsewhere: tuple = ()  # the places the document names that no other unit shares a name with (福州市, 长春市)
    together: Region | None = None  # the places last named together (黔东南、佛山两地), for a later 两地
    pub_month: int | None = None  # the publication's month ({pubm} of a time cue: 本月, 昨天)

    @classmethod
    def of(cls, ctx: DocumentContext, gazetteer: Gazetteer) -> Passage:
        if ctx.pub_year is None:  # an undated page may still tell when it was written (召开2019年度…总结会)
            ctx = replace(ctx, pub_year=year_written(ctx.title_view + "\n" + ctx.view))
        events = find_events(ctx, gazetteer)
        year, period, year_basis = default_time(ctx)
        passage = cls(gazetteer, ctx.home, ctx.pub_year, (year, period), pub_month=ctx.pub_month,
                      default_region=ctx.home or (COUNTRY if ctx.national else None), events=events,
                      default_year_from=(year_basis, -1),
                      headings=[(start, end) for start, _, kind, end in events if kind == "heading"])
        passage.elsewhere = unambiguous_places(events)
        # the place a title names is in force where the body begins (福建省城镇登记失业人数及失业率, 贵州：上半年…)
        found = with_towns(ctx.title_view, gazetteer.find(ctx.title_view, home=ctx.home))
        for mention, weak in subject_places(ctx.title_view, gazetteer, found):
            if not isinstance(mention, tuple) and not (weak and passage.region is not None):
                chosen = gazetteer.choose(mention, [r for r in (passage.region, ctx.home) if r is not None])
                passage._remember(chosen, "heading")
        return passage

    def place(self) -> Region | None:
        """The region a figure here has: the one in force; above any, the country when the first place the
        document names is the country (a headline figure above a national press conference)."""
        if self.region is not None:
            return self.region
        unnamed = self.region_from[1] >= 0  # after 全县 of a county not named, or xx省: no region, not the country
        return COUNTRY if self.opens_national() and not unnamed else None

    def opens_national(self) -> bool:
        """Whether the first place the document names is the country (国务院新闻办公室…, 全国…)."""
        if self._opens_national is None:
            first = next((payload for _, _, kind, payload in self.events if kind in ("region", "reference")), None)
            self._opens_national = isinstance(first, tuple) and first[1] == "country"
        return self._opens_national

    def advance(self, offset: int) -> None:
        """Apply every event that stands before `offset`."""
        while self.cursor < len(self.events) and self.events[self.cursor][0] < offset:
            self._at, _, kind, payload = self.events[self.cursor]
            if kind == "region" or (kind == "venue" and self.region is None):
                self.name(self.gazetteer.choose(payload, [r for r in (self.region, self.home) if r], self.elsewhere))
            elif kind == "places":
                self.name_together(*payload)
            elif kind == "reference":
                self.refer(*payload)
            elif kind == "anonymous":
                self.hide(payload)
            elif kind == "time":
                self.time(*payload)
            elif kind == "base":  # 由2015年的52万人, 比去年同期的3.1万人: a time for the one figure that follows
                self._before_base = (self.year, self.period, self.year_from)
                self.time(*payload)
            elif kind == "change_from":
                self.change_from = payload
            elif kind == "restore" and self._before_base is not None:
                self.year, self.period, self.year_from = self._before_base
                self._before_base = None
            elif kind == "event":
                self.event(payload)
            elif kind == "aside":
                self._saved = (self.region, dict(self.by_level), self.region_from)
            elif kind == "resume" and self._saved[0] is not None:  # a caption is all a reader has: it holds
                self.region, self.by_level, self.region_from = self._saved
            elif kind == "heading":
                self.new_passage()
            self.cursor += 1

    def __post_init__(self):
        self.region = self.default_region
        if self.home is not None:
            self._remember(self.home)
        self.region_from = (("publisher" if self.home is not None else "document") if self.region else "none", -1)
        self.year, self.period = self.default_time
        self.frame_year, self.frame_period = self.default_time
        self.year_from = self.frame_year_from = self.default_year_from

    def _remember(self, region: Region, basis: str = "text") -> None:
        self.region = region
        self.by_level[region.level] = region
        self.region_from = (basis, self._at)
        self.named.append(region)

    def name(self, region: Region) -> None:
        self._remember(placed(region, self.by_level.get("county")))

    def name_together(self, mentions: tuple, counted: bool) -> None:
        """Places listed as acting together: each is remembered, and the figure belongs to them as one group —
        named one by one (安化县、桃江县分别…), or, counted as the parts of one unit (炎陵、茶陵、攸县五县(市)区),
        that unit."""
        regions = []
        for mention in mentions:
            regions.append(self.gazetteer.choose(mention, [r for r in (self.region, self.home) if r], self.elsewhere))
            self._remember(regions[-1])
        whole = self.gazetteer.common_parent(regions) if counted else None
        self.region = self.together = whole or Region("、".join(r.name for r in regions), "", "group", "", "", "", "")

    def refer(self, word: str, level: str, aside: bool = False) -> None:
        if level in ("document", "together"):  # 各地: the document's own scope; 两地: the places last named together
            scope = (self.together if level == "together"
                     else self.default_region or (COUNTRY if self.opens_national() else None))
            if scope is not None:
                self._remember(scope)
            return
        # Resolve 全区 against the last county named, 全市 against the last city, and so on.
        in_force = next((self.by_level[lower] for lower in _AT_OR_BELOW[level] if lower in self.by_level), self.region)
        region = self.gazetteer.resolve_reference(word, in_force, self.home)
        if word.startswith(_DEMONSTRATIVE):  # 长沙市…浏阳市介绍，该市…: the unit last named with that word, whatever its level
            region = next((r for r in reversed(self.named) if r.name.endswith(word[-1])), region)
        if region is not None and not _unit_fits(word, region):
            region = self._named_before(word)  # 黔东南、佛山…我州: the 州 named, not the city in force
        if aside and self.region is not None:  # 新田县在全省率先…, 全省首家: the subject in force keeps its figures
            if region == self.region:  # 在全区18个乡镇 in that district's page: the subject itself
                self._remember(region)
            return
        if region is None and in_force is None and self.home is None:
            if (region := self._named_later(word)) is not None:
                self._remember(region, "document")
                return
        if region is not None:
            self._remember(region)
        else:  # 全县 in 甘肃日报, no county named: a county the page does not name, not the province nor the country
            self.region, self.region_from = None, ("none", self._at)

    def hide(self, level: str) -> None:
        """A unit named without its name (xx省, 某某县): what was in force at its level and below no longer holds."""
        for lower in _AT_OR_BELOW[level]:
            self.by_level.pop(lower, None)
        self.region, self.region_from = None, ("none", self._at)

    def _named_before(self, word: str) -> Region | None:
        for named in reversed(self.named):
            region = self.gazetteer.resolve_reference(word, named, None)
            if region is not None and _unit_fits(word, region):
                return region
        return None

    def _named_later(self, word: str) -> Region | None:
        """A page that opens with 全市… and names its city only further on (苏州籍毕业生): that city, when it is
        one the word can mean (全市 is a 市: a 丹巴县 named later leaves it unknown, its 州 is no 市)."""
        for _, _, kind, mention in self.events[self.cursor + 1:]:
            if kind == "region":
                region = self.gazetteer.resolve_reference(word, self.gazetteer.choose(mention, []), None)
                if region is not None:
                    return region if region.name.endswith(word[-1]) else None
        return None

    def time(self, year_rule: str, period: str | None, for_statement: bool = False, stock: bool = False,
             current: bool = False) -> None:
        """A time cue: its year (when it can be told) and its part of the year (None: the part in force holds).
        `for_statement`: the time is a figure's own (…，年末城镇登记失业率3.2%; …，连续6年保持在1300万人以上),
        which holds to the end of its statement only. `stock`: the part of the year is a stock's date (年末，…),
        which ends with its paragraph."""
        # 今年三季度 in an undated page: the year cannot be told, the part of it still can
        in_force = self.year or (self.since_year if year_rule == "{in_force}" else "")
        if period and "{pubm" in period:  # 本月, 上月: the publication's month (上月 in January: last December)
            year_rule, period = publication_month(year_rule, period, self.pub_month)
        if year_rule.isdigit() and self.change_from and int(year_rule) > self.change_from:
            self.change_span = f"{self.change_from + 1}-{year_rule}"
        if year_rule == "{in_force}" and period == "per-year" and self.change_span:
            in_force = self.change_span  # 由2012年的…增加到2021年的…，年均…: each year of the change
        if (self.pub_year is None and year_rule.startswith("{pub") and in_force not in self.current_years
                and not (in_force == self.default_time[0] and self.default_year_from[0] == "heading")):
            in_force = ""  # 2021年，全县新增就业3200人。今年以来…: a year written about, not the one written in
        year = resolve_year(year_rule, self.pub_year, in_force)
        if current:
            self.current_years.add(year)
        self.since_year = ""
        if not year and (span_start(year_rule) or year_rule == "{unknown}"):
            # 近年来, or 2015年…以来 in an undated page: its own statement has no year, what follows keeps the year
            # in force; a month named later with none in force is of the year a span starts (2016年以来…截至8月底)
            self.year, self.since_year = "", span_start(year_rule)
        elif year or year_rule != "{in_force}":  # 今年 in an undated page, 近年来: a time the text does not tell
            relative = year_rule.startswith(("{pub", "{next")) and self.pub_year is not None
            if year_rule != "{in_force}":
                self.year_from = ("relative_to_date" if relative else "text", self._at) if year else ("none", -1)
            elif not self.year:  # 一季度 with no year in force: the publication's
                self.year_from = ("relative_to_date", self._at)
            # else 全年, 一季度 within a year in force: the year was told where it was told
            self.year = year
            if not for_statement:
                self.frame_year, self.frame_year_from = year, self.year_from
        if period is not None and "{now}" in period:
            # the year so far (今年以来): up to the month of the event the page reports, when it reports one
            period = period.replace("{now}", self.event_period[-2:]) if self.event_period else ""
        if period is not None:
            self.period = period
            if not for_statement:
                self.frame_period, self.frame_is_stock = period, stock

    def event(self, period: str | None) -> None:
        """A dated event (period: its month) or a word that refers back to it (None: 此次, 现场): the figures that
        follow in the statement are the event's, for that month, not the year's total."""
        if period is not None:
            period = publication_month("", period, self.pub_month)[1]  # 昨天 dates it by the page's month
            if not period:
                return  # 昨天 in a page of unknown month: no event a reader can date
            self.event_period = period
        if self.event_period:
            self.period = self.event_period  # for this statement: the next may be about the year again
            if not self.year and self.pub_year is not None:  # a day with no year in force: the page's year
                self.year, self.year_from = str(self.pub_year), ("relative_to_date", self._at)

    def new_statement(self) -> None:
        # 年末城镇登记失业率为1.6% said in passing: the next statement is about the paragraph's time again
        self.year, self.period = self.frame_year, self.frame_period
        self.year_from = self.frame_year_from
        self.change_from, self.change_span = 0, ""

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
        # A part of the year (一季度, 1-5月) goes on in the paragraphs that follow (分省看，…), until another time
        # or a heading; a stock's date (年末，…) is its paragraph's.
        if self.frame_is_stock:
            self.period = self.frame_period = self.default_time[1] if self.frame_year == self.default_time[0] else ""
            self.frame_is_stock = False

    def new_passage(self) -> None:
        # A heading opens a new passage: its time starts over; in a national programme so does its place,
        # since each item of a news bulletin starts from the whole country.
        self.year, self.period = self.default_time
        self.frame_year, self.frame_period = self.default_time
        self.year_from = self.frame_year_from = self.default_year_from
        self.frame_is_stock = False
        self.event_period = ""
        self.passage_metric = "other"
        if self.default_region is COUNTRY:
            self.region, self.region_from = COUNTRY, ("document", -1)

    def region_basis(self, sentence_start: int) -> str:
        """How the region in force was decided, seen from the sentence at `sentence_start` (contract.BASES)."""
        if self.region is None:
            return "document" if self.place() is not None else "none"  # a headline above a national page
        return self._basis(self.region_from, sentence_start)

    def year_basis(self, sentence_start: int) -> str:
        return self._basis(self.year_from, sentence_start) if self.year else "none"

    def _basis(self, decided: tuple[str, int], sentence_start: int) -> str:
        basis, at = decided
        if basis != "text":
            return basis
        if at >= sentence_start:
            return "sentence"
        i = bisect.bisect_right(self.headings, (at, float("inf"))) - 1
        return "heading" if i >= 0 and self.headings[i][0] <= at < self.headings[i][1] else "passage"


# 我州, 全盟, 全旗, 全县 can only mean a unit of that kind: 我州 is no 佛山市, 全县 no 某某区
_DISTINCT_UNIT_WORDS = ("州", "盟", "旗", "县")
_DEMONSTRATIVE = "该"  # 该市, 该县: points back to a unit just named


def _unit_fits(word: str, region: Region) -> bool:
    return not word.endswith(_DISTINCT_UNIT_WORDS) or region.name.endswith(word[-1])


_AT_OR_BELOW = {"town": ("town",), "county": ("county", "town"), "city": ("city", "county", "town"),
                "province": ("province", "city", "county", "town"),
                "country": (), "document": (), "together": ()}


def after_semicolon(view: str, start: int) -> bool:
    """Whether the sentence at `start` follows a semicolon: one statement goes on (…；…)."""
    i = start - 1
    while i >= 0 and view[i] == " ":
        i -= 1
    return i >= 0 and view[i] in "；;"
