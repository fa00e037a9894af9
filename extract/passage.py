"""What a reader holds in mind at each point of a document: the region and the time in force.

The events that change them — places named (not destinations, venues or names of
organisations), relative references (我市, 全区, 国家统计局：…), time cues and
headings — are found once, in document order; `Passage.advance(offset)` applies
those before an offset, so each figure takes the region and time a careful reader
would give it there.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from functools import cache

import regex

from extract.documents import is_date_line
from extract.numbers import find_quantities, inside_quoted_name
from extract.regions import COUNTRY, Gazetteer, Region
from extract.timeframe import find_time_cues, resolve_year, span_start
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
    named: list = field(default_factory=list)  # every place in force so far, in order
    _opens_national: bool | None = None  # whether the first place the document names is the country

    @classmethod
    def of(cls, ctx: DocumentContext, gazetteer: Gazetteer) -> Passage:
        if ctx.pub_year is None:  # an undated page may still tell when it was written (召开2019年度…总结会)
            ctx = replace(ctx, pub_year=year_written(ctx.view))
        events = _events(ctx, gazetteer)
        time = default_time(ctx)
        passage = cls(gazetteer, ctx.home, ctx.pub_year, time,
                      default_region=ctx.home or (COUNTRY if ctx.national else None), events=events,
                      default_year_from=(_default_year_basis(ctx, time[0]), -1),
                      headings=[(start, end) for start, _, kind, end in events if kind == "heading"])
        # the place a title names is in force where the body begins (福建省城镇登记失业人数及失业率, 贵州：上半年…)
        found = gazetteer.find(ctx.title_view, home=ctx.home)
        for mention, weak in _subject_places(ctx.title_view, gazetteer, found):
            if not isinstance(mention, tuple) and not (weak and passage.region is not None):
                chosen = gazetteer.choose(mention, [r for r in (passage.region, ctx.home) if r is not None])
                passage._remember(chosen, "heading")
        return passage

    def place(self) -> Region | None:
        """The region a figure here has: the one in force; above any, the country when the first place the
        document names is the country (a headline figure above a national press conference)."""
        if self.region is not None:
            return self.region
        return COUNTRY if self.opens_national() else None

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
                self.name(self.gazetteer.choose(payload, [r for r in (self.region, self.home) if r is not None]))
            elif kind == "places":
                self.name_together(*payload)
            elif kind == "reference":
                self.refer(*payload)
            elif kind == "time":
                self.time(*payload)
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
        self._remember(region)

    def name_together(self, mentions: tuple, counted: bool) -> None:
        """Places listed as acting together: each is remembered, and the figure belongs to them as one group —
        named one by one (安化县、桃江县分别…), or, counted as the parts of one unit (炎陵、茶陵、攸县五县(市)区),
        that unit."""
        regions = []
        for mention in mentions:
            regions.append(self.gazetteer.choose(mention, [r for r in (self.region, self.home) if r is not None]))
            self._remember(regions[-1])
        whole = self.gazetteer.common_parent(regions) if counted else None
        self.region = whole or Region("、".join(r.name for r in regions), "", "group", "", "", "", "")

    def refer(self, word: str, level: str) -> None:
        if level == "document":  # 各地: every place the document covers, which is its own scope
            scope = self.default_region or (COUNTRY if self.opens_national() else None)
            if scope is not None:
                self._remember(scope)
            return
        # Resolve 全区 against the last county named, 全市 against the last city, and so on.
        in_force = next((self.by_level[lower] for lower in _AT_OR_BELOW[level] if lower in self.by_level), self.region)
        region = self.gazetteer.resolve_reference(word, in_force, self.home)
        if region is not None and not _unit_fits(word, region):
            region = self._named_before(word)  # 黔东南、佛山…我州: the 州 named, not the city in force
        if region is None and in_force is None and self.home is None:
            if (region := self._named_later(word)) is not None:
                self._remember(region, "document")
        elif region is not None:
            self._remember(region)

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

    def time(self, year_rule: str, period: str | None, for_statement: bool = False, stock: bool = False) -> None:
        """A time cue: its year (when it can be told) and its part of the year (None: the part in force holds).
        `for_statement`: the time is a figure's own (…，年末城镇登记失业率3.2%; …，连续6年保持在1300万人以上),
        which holds to the end of its statement only. `stock`: the part of the year is a stock's date (年末，…),
        which ends with its paragraph."""
        # 今年三季度 in an undated page: the year cannot be told, the part of it still can
        year = resolve_year(year_rule, self.pub_year, self.year or (self.since_year if year_rule == "{in_force}" else ""))
        self.since_year = ""
        if not year and (span_start(year_rule) or year_rule == "{unknown}"):
            # 近年来, or 2015年…以来 in an undated page: its own statement has no year, what follows keeps the year
            # in force; a month named later with none in force is of the year a span starts (2016年以来…截至8月底)
            self.year, self.since_year = "", span_start(year_rule)
        elif year or year_rule != "{in_force}":  # 今年 in an undated page, 近年来: a time the text does not tell
            relative = year_rule.startswith("{pub") and self.pub_year is not None
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
            self.event_period = period
        if self.event_period:
            self.period = self.event_period  # for this statement: the next may be about the year again

    def new_statement(self) -> None:
        # 年末城镇登记失业率为1.6% said in passing: the next statement is about the paragraph's time again
        self.year, self.period = self.frame_year, self.frame_period
        self.year_from = self.frame_year_from

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


def _unit_fits(word: str, region: Region) -> bool:
    return not word.endswith(_DISTINCT_UNIT_WORDS) or region.name.endswith(word[-1])


_AT_OR_BELOW = {"county": ("county",), "city": ("city", "county"), "province": ("province", "city", "county"),
                "country": (), "document": ()}


def default_time(ctx: DocumentContext) -> tuple[str, str]:
    """The time a figure has when its passage names none: the year and part of it the title names; failing
    a year there, the year the page's head names (a crumb trail, a PDF headline) or its opening paragraph states.
    Only a title sets the part of the year: a body's 10月份 is about its own sentence."""
    year, period = "", ""
    for cue in _framing(find_time_cues(ctx.title_view)):
        year = resolve_year(cue.year_rule, ctx.pub_year, year) or year
        # a title's day (5月20日…) names no part of the year, nor does its 今年以来 without an event's month
        period = (cue.period if not cue.holds and "{now}" not in cue.period else "") or period
    # a date line (阿拉善盟统计局 / 2021年3月9日) says when the page appeared, not the year it reviews
    lines, lead = [], ""
    for line in ctx.view.split("\n"):  # only the head and the lead are read: is_date_line is not cheap
        if line.strip() and not is_date_line(line):
            lines.append(line)
            lead = lead or (line if len(line.strip()) > HEADING_MAX else "")
            if lead and len(lines) >= HEAD_LINES:
                break
    for text in ("\n".join(lines[:HEAD_LINES]), lead):
        if not year:  # 一季度云南…实现双增长 / …2021年一季度末，云南省外出从业农村劳动力总量为587万人
            year = next((y for c in _framing(find_time_cues(text)) if c.year_rule != "{in_force}"
                         and (y := resolve_year(c.year_rule, ctx.pub_year, ""))), "")
    return year, period


def _default_year_basis(ctx: DocumentContext, year: str) -> str:
    """How `default_time` found its year: in the title (heading) or the page's head and lead (document)."""
    if not year:
        return "none"
    in_title = any(resolve_year(c.year_rule, ctx.pub_year, "") for c in _framing(find_time_cues(ctx.title_view)))
    return "heading" if in_title else "document"


@cache
def _dating_cues() -> list[tuple[regex.Pattern, int]]:
    return [(regex.compile(r["pattern"]), int(r["written"])) for r in read_table("dating_cues.csv")]


def year_written(view: str) -> int | None:
    """The year an undated page was written, from an event that fixes it (tables/dating_cues.csv): the first found."""
    found = [(m.start(), int(m["y"]) + written) for pattern, written in _dating_cues() if (m := pattern.search(view))]
    return min(found)[1] if found else None


def _framing(cues: list) -> list:
    """The cues that may frame a document: not a figure's own time (连续6年, 截至去年底) nor a year merely
    mentioned (成立于1953年). In the head, a cue of the year in force (3月份, 1月21日电) tells nothing either: none
    is in force but the publication's; a dated report (——2025年9月22日在…会议上) tells its year."""
    return [c for c in cues if c.holds != "statement" and c.year_rule != "{none}"]


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
# 赴新疆、江苏等地务工, 分布在长三角地区、山东半岛等地, 来自全国各地的求职者, 面向全国招聘: where people go
# or come from, or a service reaches: places a figure is not about.
_DESTINATION_BEFORE = regex.compile(r"(?:赴|到|往|向|去往|前往|分布在|分布于|输出到|转移到|来自|面向|辐射|销往|远销)$")
_DESTINATION_AFTER = regex.compile(r"\p{Han}{0,3}?等(?:地|省|市|国|城市|地区|发达地区|国家)")  # 山东半岛等地
# 在广东务工2万人, 在长沙就业: where the workers work, not where the figure is (the place they come from)
_WORKS_THERE = regex.compile(r"\p{Han}{0,4}?(?:务工|打工|就业|从业|工作|定居)")
# 加强与南京市劳务协作, 甲省与乙市、丙区签署协议, 天津市人事局组织滨海新区企业赴京招聘: the subject owns the
# figures, not the partner named after 与 nor those it organises, invites or joins.
_PARTNER_BEFORE = regex.compile(r"(?:与|同|跟|组织|带领|邀请|联合|召集)$")
# 占全国的4.2%, 低于全国平均水平0.67个百分点, 居全省第一: a place compared against is not the figure's place.
_BENCHMARK_BEFORE = regex.compile(r"(?:占|高于|低于|好于|快于|慢于|多于|少于|超过|超出|超|比|较|居|位居|位列|名列|领先|优于|相当于)$")
# 招聘会在广州琶洲会展中心举行, 会议在成都召开, 在江苏调研时: a venue holds the event or the visit, not the
# figures of the place in force (在湖南举办招聘会 names the host, and is read).
_VENUE = regex.compile(r"[^，,。；;\n]{0,16}?(?:举行|召开|开幕|闭幕|落幕|考察|调研|视察|走访|举办(?=[，,。；;\n]|$))")
# 由株洲市承办的全省技能大赛: the host city of a province's event
_HOST_AFTER = regex.compile(r"\p{Han}{0,8}?(?:承办|协办)")
# A photo caption (…在某市会展中心举行。通讯员 某某 摄 / （记者 某某 摄） / 图为…) describes its picture.
_CAPTION_LINE = regex.compile(r"^图为")
# A photo's credit ends its caption, wherever the line goes on: （记者 某某 摄）, 通讯员 某某 摄, …举行 某某摄
_PHOTO_CREDIT = regex.compile(r"""[（(][^（）()\n]{0,20}?(?:摄|摄影|供图)[)）]
                                  |(?:通讯员|记者|摄影)[^。！？\n]{0,12}?摄(?!\p{Han})
                                  |(?:摄|摄影|供图)\s*$""", regex.VERBOSE | regex.MULTILINE)
_SENTENCE_STOP = "。！？!?\n"
# the words joining the members of a list of places: 、 和 及, or an item we do not know (陕北) between two
_LIST_JOINER = regex.compile(r"(?:[、和及]|、\p{Han}{1,4}、)?")
_CREDIT_BEFORE = regex.compile(r"来源[:：]?$")
# 安化县、沅江市、桃江县分别…, 黔东南、佛山两地…: the places listed act together
_JOINT_AFTER = regex.compile(r"(?:分别|[两二三四五六七八九十](?:地|市|县|区|省|州))")
# 广东省政府工作报告, 市人民政府工作报告, 省长某某作政府工作报告: a local government's report, of the place in force
_LOCAL_HEAD = r"(?:省|市|县|区|州|盟|旗)长"
_LOCAL_GOVERNMENT_BEFORE = regex.compile(
    rf"(?:[省市县区州盟旗](?:人民)?|{_LOCAL_HEAD}[^，,。；;\n]{{0,12}}?(?:作|所作的?|代表\p{{Han}}{{0,4}}作))$")


def _subject_places(view: str, gazetteer: Gazetteer, found: list) -> list:
    """The places the text is about, in order, each (mention, weak): not organisations' names, destinations,
    partners or places compared against. A venue is weak: it sets the place only where none is in force.
    A list of places that act together (分别, 两地) is one entry, a tuple of its mentions."""
    mentions = [m for m in found if gazetteer.reference(m.surface) is None]  # 全国: a reference
    kept = []
    for group in _places_in_lists(view, mentions):
        first, last = group[0], group[-1]
        before = view[max(0, first.start - 5):first.start]
        if (_DESTINATION_BEFORE.search(before) or _PARTNER_BEFORE.search(before)
                or _BENCHMARK_BEFORE.search(before) or _DESTINATION_AFTER.match(view, last.end)
                or (before.endswith("在") and _WORKS_THERE.match(view, last.end))):
            continue  # a list of destinations goes on through 、/和: 赴广东省深圳市、惠州市和广西
        weak = ((before.endswith(("在", "于")) and _VENUE.match(view, last.end) is not None)
                or _HOST_AFTER.match(view, last.end) is not None)
        if (len(group) > 1 and _JOINT_AFTER.match(view, last.end)
                and all(view[a.end:b.start] for a, b in zip(group, group[1:]))):  # a list, not 湖南长沙
            counted = not view.startswith("分别", last.end)
            kept.append(((tuple(group), counted), weak))  # 安化县、桃江县分别…, 黔东南、佛山两地…: theirs together
            continue
        for m in group:
            m_before = view[max(0, m.start - 5):m.start]
            if (_CREDIT_BEFORE.search(m_before)  # 消息来源：上海证券报 credits a paper
                    or _DESTINATION_AFTER.match(view, m.end) or _names_organisation(view, m.end)):
                continue
            kept.append((m, weak))
    return kept


def _places_in_lists(view: str, mentions: list) -> list[list]:
    """Mentions grouped into lists (南京、重庆、西安等地 is one list, decided as a whole); a place after
    与 starts a list of its own (甲省与乙市、丙区: 乙市 and 丙区 are partners)."""
    groups: list[list] = []
    for m in mentions:
        if groups and _LIST_JOINER.fullmatch(view, groups[-1][-1].end, m.start):
            groups[-1].append(m)
        else:
            groups.append([m])
    return groups


_PART_BEFORE = regex.compile(r"(?:其中|例如|比如|如)[，,：:]?$")
_SENTENCE_END = regex.compile(r"[。！？!?\n]")

_COMPARED = regex.compile(r"(?:高于|低于|好于|快于|多于|少于|超过)[^，,。；;！？\n]*$")


def _quoted_whole(view: str, start: int, end: int) -> bool:
    return 0 < start and end < len(view) and view[start - 1] in "“「《\"" and view[end] in "”」》\""


# What may stand before a time cue that opens its statement: 年末，全市… · 截至去年底，… · 到2021年末，…
_STATEMENT_START = regex.compile(r"(?:^|[。！？；;!?\n])\s*(?:截[至止]到?|到|至|在)?\s*$")


def _opens_statement(view: str, start: int) -> bool:
    return bool(_STATEMENT_START.search(view, max(0, start - 8), start))


@cache
def _event_words() -> dict[str, regex.Pattern]:
    rows = read_table("event_cues.csv")
    return {role: regex.compile(alternation(r["word"] for r in rows if r["role"] == role))
            for role in ("event", "reference", "total")}


_STATEMENT_BREAK = regex.compile(r"[。！？!?\n]")
_DATELINE = regex.compile(r"\s*(?:电|讯|消息)")  # 新华社北京6月4日电: when the report was filed
# 截至2月21日, 自1月20日启动以来, 5月20日起: a day that starts or ends a span is no event's day
_SPAN_END_BEFORE = regex.compile(r"(?:截[至止]|[自从至到])$")
_SPAN_START_AFTER = regex.compile(r"(?:起|开始|[^，,。；;]{0,6}?以来)")  # 自1月20日启动以来, 5月20日起


def _statements(view: str):
    """A function giving the statement around [start, end): from the stop before it to the stop after it."""
    stops = [m.start() for m in _STATEMENT_BREAK.finditer(view)]

    def statement(start: int, end: int) -> tuple[int, int]:
        i, j = bisect.bisect_left(stops, start), bisect.bisect_left(stops, end)
        return (stops[i - 1] + 1 if i else 0), (stops[j] if j < len(stops) else len(view))
    return statement


def _dated_events(view: str, cues: list) -> list:
    """A day (2月17日) in a statement that tells of an event held then (a job fair, a live stream):
    ("event", its month) where the event is named. A later statement that names the event again or refers
    back to it (此次, 现场) is about it too: ("event", None). A statement that names a time of its own
    (今年以来, 一季度) or counts many events (累计举办9场) is not one event's."""
    words = _event_words()
    statement_around = _statements(view)
    own_time = [c.start for c in cues if c.holds != "event" and not c.year_rule.isdigit() and c.year_rule != "{none}"]

    @cache
    def about_one_event(start: int, end: int) -> bool:
        i = bisect.bisect_left(own_time, start)
        return not (i < len(own_time) and own_time[i] < end) and not words["total"].search(view, start, end)

    found = []
    for c in cues:
        if (c.holds != "event" or _DATELINE.match(view, c.end) or _SPAN_START_AFTER.match(view, c.end)
                or _SPAN_END_BEFORE.search(view, max(0, c.start - 2), c.start)):
            continue
        start, end = statement_around(c.start, c.end)
        named = words["event"].search(view, start, end)
        if named and about_one_event(start, end):
            found.append((max(named.start(), c.end), 1, "event", c.period))
    for role in ("event", "reference"):
        for m in words[role].finditer(view):
            if about_one_event(*statement_around(m.start(), m.end())):
                found.append((m.start(), 1, "event", None))
    # the rest of the paragraph goes on about the event, statement by statement, until one is not; each statement
    # is walked once, however many events a paragraph names (a hostile file may name thousands)
    follow, walked_to = [], -1
    line_ends = [m.start() for m in regex.finditer("\n", view)] + [len(view)]
    for offset in sorted(f[0] for f in found):
        _, end = statement_around(offset, offset)
        if end <= walked_to:
            continue
        paragraph_end = line_ends[bisect.bisect_left(line_ends, offset)]
        while end + 1 < paragraph_end:
            start, end = statement_around(end + 1, end + 1)
            if not about_one_event(start, end):
                break
            if start < end:
                follow.append((start, 1, "event", None))
        walked_to = end
    return found + follow


def _events(ctx: DocumentContext, gazetteer: Gazetteer):
    """Region names, region references, time cues and headings, in document order."""
    found = gazetteer.find(ctx.view, home=ctx.home)
    events = []
    for m, weak in _subject_places(ctx.view, gazetteer, found):
        if isinstance(m, tuple):
            events.append((m[0][0].start, 0, "places", m))
            continue
        if _PART_BEFORE.search(ctx.view, max(0, m.start - 4), m.start):
            # 全省新增就业50万人，其中长沙市12万人。: the part holds for its sentence, then the whole resumes
            end = _SENTENCE_END.search(ctx.view, m.end)
            events += [(m.start, -3, "aside", None), ((end.end() if end else len(ctx.view)), -2, "resume", None)]
        events.append((m.start, 0, "venue" if weak else "region", m))
    references = gazetteer.find_references(ctx.view)
    # 全省各地, 湖南各地: 各地 then only spreads the place just named over its parts
    named_ends = {m.end for m in found} | {e for _, e, _, _ in references}
    events += [(s, 0, "reference", (w, level)) for s, e, w, level in references
               if (not gazetteer.speaks(w) or _SPEAKS.match(ctx.view, e))
               and not _BENCHMARK_BEFORE.search(ctx.view, max(0, s - 5), s)  # 占全国的4.2%
               and not _DESTINATION_BEFORE.search(ctx.view, max(0, s - 5), s)  # 来自全国各地的求职者
               and not (gazetteer.yields_to_local(w) and _LOCAL_GOVERNMENT_BEFORE.search(ctx.view, max(0, s - 20), s))
               and not (level == "document" and s in named_ends)]
    # “2023年春风行动暨就业援助月” names a campaign of that year but says nothing of the part of it
    # (今年1至3月份 still holds); “十三五” alone in quotes is the time itself
    cues = find_time_cues(ctx.view)
    events += _dated_events(ctx.view, cues)
    for c in cues:
        if c.year_rule == "{none}":
            continue  # 成立于1953年
        if _COMPARED.search(ctx.view, max(0, c.start - 12), c.start):
            continue  # 高于疫情突如其来的2020年: a year compared against is not the time of what follows
        in_name = inside_quoted_name(ctx.view, c.start, c.end) and not _quoted_whole(ctx.view, c.start, c.end)
        for_statement = c.holds == "statement" and not _opens_statement(ctx.view, c.start)
        # a day by itself names no part of the year (3月31日); the month of an event held that day is the event's
        period = "" if c.holds == "event" else c.period
        events.append((c.start, 1, "time", (c.year_rule, None if in_name else period, for_statement, c.holds == "statement")))
    credits = _PHOTO_CREDIT.finditer(ctx.view) if "摄" in ctx.view or "供图" in ctx.view else ()
    for credit in credits:
        # the caption is the sentence the credit closes: …在某市会展中心举行。通讯员 某某 摄
        text_end = len(ctx.view[:credit.start()].rstrip(" \u3000。"))
        start = max(ctx.view.rfind(stop, 0, text_end) for stop in _SENTENCE_STOP) + 1
        events += [(start, -3, "aside", None), (credit.end(), -2, "resume", None)]
    offset = 0
    for line in ctx.view.split("\n"):
        stripped = line.strip()
        if _CAPTION_LINE.search(stripped):  # the caption's places hold for its own figures only
            events += [(offset, -3, "aside", None), (offset + len(line) + 1, -2, "resume", None)]
        if (stripped and len(stripped) <= HEADING_MAX and not HEADING_END.search(stripped)
                and not find_quantities(stripped)):  # a headline with figures states claims; it opens nothing
            events.append((offset, -1, "heading", offset + len(line)))
        offset += len(line) + 1
    events.sort(key=lambda e: (e[0], e[1]))
    return events


def after_semicolon(view: str, start: int) -> bool:
    """Whether the sentence at `start` follows a semicolon: one statement goes on (…；…)."""
    i = start - 1
    while i >= 0 and view[i] == " ":
        i -= 1
    return i >= 0 and view[i] in "；;"
