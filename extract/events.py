"""The events that change what a reader holds in mind, found once per document, in document order: places
named (which of them the text is about is `extract.places`' question),
relative references (我市, 全区, 国家统计局：…), time cues (with the day of a dated event), headings, photo
captions and asides. `extract.passage.Passage` applies them as the walk over the document advances."""
from __future__ import annotations

import bisect
from functools import cache
from typing import TYPE_CHECKING

import regex

from extract.numbers import find_quantities, inside_quoted_name
from extract.places import BENCHMARK_BEFORE, DESTINATION_BEFORE, an_example, joint_place_events, subject_places
from extract.regions import Gazetteer
from extract.towns import with_towns
from extract.timeframe import find_time_cues
from extract.vocabulary import alternation, read_table

if TYPE_CHECKING:  # a type only: passage imports this module
    from extract.passage import DocumentContext


HEADING_MAX = 30  # a line this short with no closing punctuation is a heading: it opens a new passage
HEADING_END = regex.compile(r"[。！？；…”：:]$")  # a line ending in a colon leads into what follows


# A national body marks national scope when it speaks (国家统计局：…, 人社部18日发布…), not when it is
# listed among those whose policy is followed (落实党中央、国务院决策部署); 数据来源：国家统计局 names no place.
_SPEAKS = regex.compile(r"(?:[:：]|[^，,。；;、\n]{0,20}?(?:发布|公布|表示|介绍|显示|数据|统计))")
# A photo caption (…在某市会展中心举行。通讯员 某某 摄 / （记者 某某 摄） / 图为…) describes its picture.
_CAPTION_LINE = regex.compile(r"^图为")
# A photo's credit ends its caption, wherever the line goes on: （记者 某某 摄）, 通讯员 某某 摄, …举行 某某摄
_PHOTO_CREDIT = regex.compile(r"""[（(][^（）()\n]{0,20}?(?:摄|摄影|供图)[)）]
                                  |(?:通讯员|记者|摄影)[^。！？\n]{0,12}?摄(?!\p{Han})
                                  |(?:摄|摄影|供图)\s*$""", regex.VERBOSE | regex.MULTILINE)
_SENTENCE_STOP = "。！？!?\n"
# 广东省政府工作报告, 市人民政府工作报告, 省长某某作政府工作报告: a local government's report, of the place in force
_LOCAL_HEAD = r"(?:省|市|县|区|州|盟|旗)长"
_LOCAL_GOVERNMENT_BEFORE = regex.compile(
    rf"(?:[省市县区州盟旗](?:人民)?|{_LOCAL_HEAD}[^，,。；;\n]{{0,12}}?(?:作|所作的?|代表\p{{Han}}{{0,4}}作))$")


# A unit named without its name (xx省, 某某县, ××市, X区): a place the text hides, so the one in force no longer holds
_UNIT_LEVEL = {"省": "province", "市": "city", "州": "city", "盟": "city", "县": "county", "区": "county", "旗": "county"}
_ANONYMOUS_UNIT = regex.compile(r"(?<![A-Za-z])(?:某{1,2}|[xX×ＸｘⅩ]{1,3}|[*＊○]{1,3})(?P<unit>[省市州盟县区旗])(?![场域级委长])")


@cache
def _subject_only() -> frozenset[str]:
    """Reference words that count only as the subject of figures (prefers "subject": 中国)."""
    return frozenset(r["word"] for r in read_table("region_references.csv") if r["prefers"] == "subject")


@cache
def _subject_cues() -> regex.Pattern:
    """What may follow a reference that counts only as a subject (tables/reference_subject_cues.csv): 中国城镇…"""
    return regex.compile("|".join(r["cue"] for r in read_table("reference_subject_cues.csv")))


@cache
def _reference_asides() -> tuple[regex.Pattern, regex.Pattern]:
    """Words around a reference (全省, 全国) that make it an aside, not the subject (tables/reference_asides.csv):
    在全省率先, 落实全国…部署, 全省首家, 全国示范县."""
    rows = read_table("reference_asides.csv")
    before = alternation(r["word"] for r in rows if r["side"] == "before")
    after = alternation(r["word"] for r in rows if r["side"] == "after")
    return regex.compile(rf"(?:{before})(?:被)?$"), regex.compile(rf"(?:{after})")


_WHOLE_SCOPE_AFTER = regex.compile(r"(?:范围|各地|上下|城乡)")  # 在全市范围内开展…, 在全县各地: the scope itself


def _reference_is_aside(view: str, start: int, end: int) -> bool:
    before, after = _reference_asides()
    return bool((before.search(view, max(0, start - 4), start) and not _WHOLE_SCOPE_AFTER.match(view, end))
                or after.match(view, end))


_PART_BEFORE = regex.compile(r"(?:其中|例如|比如|如)[，,：:]?$")


@cache
def _series_in_a_release() -> frozenset[str]:
    """Groups that are one series of a wider release (31个大城市 in the national survey: tables/region_groups.csv,
    holds = paragraph): like a part after 其中, they hold for their paragraph, then the release's scope resumes."""
    return frozenset(name for r in read_table("region_groups.csv") if r["holds"] == "paragraph"
                     for name in [r["name"], *r["aliases"].split()])


_SENTENCE_END = regex.compile(r"[。！？!?\n]")
_PARAGRAPH_END = regex.compile(r"\n")


def _quoted_whole(view: str, start: int, end: int) -> bool:
    return 0 < start and end < len(view) and view[start - 1] in "“「《\"" and view[end] in "”」》\""


# What may stand before a time cue that opens its statement: 年末，全市… · 截至去年底，… · 到2021年末，…
_STATEMENT_START = regex.compile(r"(?:^|[。！？；;!?\n])\s*(?:截[至止]到?|到|至|在)?\s*$")


# 其中，3月份新增400人: a part of the figure before, in a time of its own that ends with its statement
_TIME_PART_BEFORE = regex.compile(r"其中[，,：:]?\s*$")


def _opens_statement(view: str, start: int) -> bool:
    return bool(_STATEMENT_START.search(view, max(0, start - 8), start))


@cache
def _event_words() -> dict[str, regex.Pattern]:
    rows = read_table("event_cues.csv")
    return {role: regex.compile(alternation(r["word"] for r in rows if r["role"] == role))
            for role in ("event", "reference", "total")}


# a question mark between Chinese characters (規??涨) stands for characters lost in decoding, not a stop
_STATEMENT_BREAK = regex.compile(r"[。！？!\n]|(?<![\p{Han}?])\?|\?(?![\p{Han}?])")
_DATELINE = regex.compile(r"\s*(?:电|讯|消息)")  # 新华社北京6月4日电: when the report was filed
_RELATIVE_DAY = regex.compile(r"昨[日天]|今[日天]|前天|当[日天]")  # a day told from the dateline's
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


def _line_breaks(view: str) -> list[int]:
    """The offsets of the line breaks (str.find: a third of the time of regex.finditer("\n", …), which also
    looked its pattern up in the regex module's cache at every document)."""
    breaks, at = [], view.find("\n")
    while at >= 0:
        breaks.append(at)
        at = view.find("\n", at + 1)
    return breaks


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
        if c.holds == "event" and _DATELINE.match(view, c.end):
            # 人民网北京1月6日电 …昨日结束的此次招聘…: the day the report was filed dates the event it tells of as
            # yesterday or today; the statements that name or refer back to it are that month's
            paragraph_end = view.find("\n", c.end)
            if _RELATIVE_DAY.search(view, c.end, len(view) if paragraph_end < 0 else paragraph_end):
                found.append((c.end, 1, "event", c.period))
            continue
        if (c.holds != "event" or _SPAN_START_AFTER.match(view, c.end)
                or _SPAN_END_BEFORE.search(view, max(0, c.start - 2), c.start)):
            continue
        start, end = statement_around(c.start, c.end)
        named = words["event"].search(view, start, end)
        if named and about_one_event(start, end):
            found.append((max(named.start(), c.end), 1, "event", c.period))
        if about_one_event(start, end) and (told := _told_before(view, words, start, cues, c)):
            found.append((told, 1, "event", c.period))
    for role in ("event", "reference"):
        for m in words[role].finditer(view):
            if about_one_event(*statement_around(m.start(), m.end())):
                found.append((m.start(), 1, "event", None))
    # the rest of the paragraph goes on about the event, statement by statement, until one is not; each statement
    # is walked once, however many events a paragraph names (a hostile file may name thousands)
    follow, walked_to = [], -1
    line_ends = _line_breaks(view) + [len(view)]
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


# 本次招聘会于2月17日举行: a day said after the event's figures, of the event told just before
_TOLD_BEFORE = 200  # how far back (characters) the event it refers to may be told


def _told_before(view: str, words: dict, start: int, cues: list, day) -> int | None:
    """Where an event dated only afterwards (…提供岗位3000个。本次活动于2月17日举行) was told: the first
    naming of it in the text just before, when the dated statement refers back to it before its day (本次, 此次)
    and no other day stands between."""
    if not words["reference"].search(view, start, day.start):
        return None
    earlier = [m.start() for m in words["event"].finditer(view, max(0, start - _TOLD_BEFORE), start)]
    if not earlier or any(earlier[0] <= c.start < start for c in cues if c.holds == "event" and c is not day):
        return None
    return earlier[0]


_YEAR_LIST_JOINER = regex.compile(r"[、，,和及]")
_RESPECTIVELY = "分别"


def _listable(cue) -> bool:
    """A time that can stand in a list of times one figure each: a year (2021年), or a part of the year in force
    (1月, 二季度), not a day nor a stock's own date."""
    return cue.year_rule.isdigit() or (cue.year_rule == "{in_force}" and bool(cue.period) and not cue.holds
                                       and "{" not in cue.period)


def _respective_years(view: str, cues: list) -> list:
    """2021年、2022年分别新增就业3000人、3200人 (1月、2月份…分别): the figures after 分别 belong in turn to the times
    listed, each for its one figure (as 由2015年的…), when they are a multiple of the times in number."""
    found, i = [], 0
    while i < len(cues):
        group = [cues[i]]
        while (_listable(group[-1]) and i + len(group) < len(cues) and _listable(cues[i + len(group)])
               and _YEAR_LIST_JOINER.fullmatch(view, group[-1].end, cues[i + len(group)].start)):
            group.append(cues[i + len(group)])
        i += len(group)
        if len(group) < 2 or not _listable(group[0]):
            continue
        stop = _SENTENCE_END.search(view, group[-1].end)
        end = stop.start() if stop else len(view)
        at = view.find(_RESPECTIVELY, group[-1].end, end)
        figures = find_quantities(view[at:end]) if at >= 0 else []
        if not figures or len(figures) % len(group):
            continue
        for j, q in enumerate(figures):
            cue = group[j % len(group)]
            found += [(at + q.start - 1, 1, "base", (cue.year_rule, cue.period or None, True)),
                      (at + q.end, 1, "restore", None)]
    return found


# 2023年工作计划, 2023年工作思路: a year named for its plan
PLAN_AFTER = regex.compile(r"[^，,。；;]{0,6}?(?:计划|安排|思路|打算|要点|规划)")


def _plan_beside_review(view: str, cue, cues: list) -> bool:
    """A heading that names the year of a plan after the year it reviews (某县2022年工作总结和2023年工作计划)."""
    if not cue.year_rule.isdigit() or not PLAN_AFTER.match(view, cue.end):
        return False
    line_start = view.rfind("\n", 0, cue.start) + 1
    line = view[line_start:_line_end(view, cue.end)].strip()
    return (len(line) <= HEADING_MAX and not HEADING_END.search(line)
            and any(other.year_rule.isdigit() and line_start <= other.start < cue.start for other in cues))


def _first_figure_end(view: str, start: int) -> int:
    """Where the first figure after `start` in its sentence ends; the sentence's end when it states none."""
    stop = _SENTENCE_END.search(view, start)
    end = stop.start() if stop else len(view)
    figures = find_quantities(view[start:end])
    return start + figures[0].end if figures else end


_PLAN = regex.compile(r"计划|目标|力争|预计|预期|确保")  # a year's plan is told while the year runs
_NAME_AFTER = regex.compile(r"\s*[“「《\"]")


def _line_end(view: str, at: int) -> int:
    end = view.find("\n", at)
    return len(view) if end < 0 else end


def _names_a_current_year(view: str, cue, in_name: bool, day_paragraphs: set) -> bool:
    """Whether a year is named as the one the text is written in, not only written about: with a part of it
    (2021年1-2月份, 截至2017年9月底: the year still running), in the name of its campaign, event or policy
    (2018年“春风行动”, 《2024年…措施》), in a paragraph that tells of a day (3月16日，…2025年…招聘活动启动), or
    with its plans (2023年，全县计划新增就业3000人)."""
    if not cue.year_rule.isdigit():
        return False
    stop = _SENTENCE_END.search(view, cue.end)
    return ((bool(cue.period) and cue.period != "12-12") or in_name or bool(_NAME_AFTER.match(view, cue.end))
            or any(start <= cue.start < end for start, end in day_paragraphs)
            or bool(_PLAN.search(view, cue.end, stop.start() if stop else len(view))))


def find_events(ctx: DocumentContext, gazetteer: Gazetteer):
    """Region names, region references, time cues and headings, in document order."""
    found = with_towns(ctx.view, gazetteer.find(ctx.view, home=ctx.home))
    events = []
    for m, weak in subject_places(ctx.view, gazetteer, found):
        if isinstance(m, tuple):
            events += joint_place_events(ctx.view, m)
            continue
        series = m.surface in _series_in_a_release()
        if series or _PART_BEFORE.search(ctx.view, max(0, m.start - 4), m.start) or an_example(ctx.view, m):
            # 全省新增就业50万人，其中长沙市12万人。: the part holds for its sentence, then the whole resumes
            end = (_PARAGRAPH_END if series else _SENTENCE_END).search(ctx.view, m.end)
            events += [(m.start, -3, "aside", None), ((end.end() if end else len(ctx.view)), -2, "resume", None)]
        events.append((m.start, 0, "venue" if weak else "region", m))
    events += [(m.start(), 0, "anonymous", _UNIT_LEVEL[m["unit"]]) for m in _ANONYMOUS_UNIT.finditer(ctx.view)]
    references = gazetteer.find_references(ctx.view)
    # 全省各地, 湖南各地: 各地 then only spreads the place just named over its parts
    named_ends = {m.end for m in found} | {e for _, e, _, _ in references}
    # a national body speaks wherever it sits (在国务院新闻办公室举行的发布会上表示): only a scope word can be an aside
    events += [(s, 0, "reference", (w, level, not gazetteer.speaks(w) and _reference_is_aside(ctx.view, s, e)))
               for s, e, w, level in references
               if (not gazetteer.speaks(w) or _SPEAKS.match(ctx.view, e))
               and (w not in _subject_only() or _subject_cues().match(ctx.view, e))  # 中国城镇…, not 中国银行
               and not BENCHMARK_BEFORE.search(ctx.view, max(0, s - 5), s)  # 占全国的4.2%
               and not DESTINATION_BEFORE.search(ctx.view, max(0, s - 5), s)  # 来自全国各地的求职者
               and not (gazetteer.yields_to_local(w) and _LOCAL_GOVERNMENT_BEFORE.search(ctx.view, max(0, s - 20), s))
               and not (level == "document" and s in named_ends)]
    # “2023年春风行动暨就业援助月” names a campaign of that year but says nothing of the part of it
    # (今年1至3月份 still holds); “十三五” alone in quotes is the time itself
    cues = find_time_cues(ctx.view)
    events += _dated_events(ctx.view, cues)
    events += _respective_years(ctx.view, cues)
    day_paragraphs = {(ctx.view.rfind("\n", 0, c.start) + 1, _line_end(ctx.view, c.end))
                      for c in cues if c.holds == "event"}
    for c in cues:
        if c.year_rule == "{none}":
            continue  # 成立于1953年
        in_name = inside_quoted_name(ctx.view, c.start, c.end) and not _quoted_whole(ctx.view, c.start, c.end)
        # "own": the time of its own statement, wherever it stands (2023届高校毕业生…)
        for_statement = (c.holds == "own" or (c.holds == "statement" and not _opens_statement(ctx.view, c.start))
                         or bool(_TIME_PART_BEFORE.search(ctx.view, max(0, c.start - 4), c.start)))
        # a day by itself names no part of the year (3月31日); the month of an event held that day is the event's;
        # 去年同期 keeps the part of the year in force ({same})
        period = "" if c.holds == "event" else None if c.period == "{same}" else c.period
        if _plan_beside_review(ctx.view, c, cues):
            continue  # 2022年工作总结和2023年工作计划 as a heading: its figures are the review's
        if c.holds == "figure":  # 由2015年的52万人增加到61万人: the time of the one figure that follows
            if c.year_rule.isdigit() and ctx.view[c.start] in "由从":  # 由2012年的…增加到2021年的…，年均…
                events.append((c.start, 1, "change_from", int(c.year_rule)))
            events += [(c.start, 1, "base", (c.year_rule, None if in_name else period, True)),
                       (_first_figure_end(ctx.view, c.end), 1, "restore", None)]
            continue
        current = _names_a_current_year(ctx.view, c, in_name, day_paragraphs)
        events.append((c.start, 1, "time",
                       (c.year_rule, None if in_name else period, for_statement, c.holds == "statement", current)))
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
