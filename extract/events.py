"""The events that change what a reader holds in mind, found once per document, in document order: places
named (not destinations, venues, partners, benchmarks or names of organisations; places listed together),
relative references (我市, 全区, 国家统计局：…), time cues (with the day of a dated event), headings, photo
captions and asides. `extract.passage.Passage` applies them as the walk over the document advances."""
from __future__ import annotations

import bisect
import re as stdlib_re
from functools import cache
from typing import TYPE_CHECKING

import regex

from extract.numbers import find_quantities, inside_quoted_name
from extract.regions import Gazetteer
from extract.timeframe import find_time_cues
from extract.vocabulary import alternation, read_table

if TYPE_CHECKING:  # a type only: passage imports this module
    from extract.passage import DocumentContext


HEADING_MAX = 30  # a line this short with no closing punctuation is a heading: it opens a new passage
HEADING_END = regex.compile(r"[。！？；…”：:]$")  # a line ending in a colon leads into what follows


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


def subject_places(view: str, gazetteer: Gazetteer, found: list) -> list:
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


# a class of single characters means the same to both engines; the stdlib's lists a document's ~80 stops in 60 %
# of the time
_STATEMENT_BREAK = stdlib_re.compile(r"[。！？!?\n]")
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


def find_events(ctx: DocumentContext, gazetteer: Gazetteer):
    """Region names, region references, time cues and headings, in document order."""
    found = gazetteer.find(ctx.view, home=ctx.home)
    events = []
    for m, weak in subject_places(ctx.view, gazetteer, found):
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
