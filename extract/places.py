"""Which of the places a text names it is about: not organisations' names (湖南工业大学), destinations
(赴广东务工), partners (与南京市劳务协作), places compared against (占全国的4.2%) or outlets' names (天山网); a venue
only where no place is in force; places listed as acting together (安化县、桃江县分别…) as one entry."""
from __future__ import annotations

import re
from functools import cache

import regex

from extract.numbers import find_quantities
from extract.region_names import short_name, trie_pattern
from extract.regions import Gazetteer
from extract.text import reading_view
from extract.vocabulary import alternation, read_table


@cache
def _organisation_after() -> regex.Pattern:
    suffixes = alternation(r["suffix"] for r in read_table("organisation_suffixes.csv"))
    return regex.compile(rf"\p{{Han}}{{0,6}}?(?:{suffixes})")


def _names_organisation(view: str, end: int) -> bool:
    """湖南工业大学, 张掖市三益化工公司: the place is part of a name, not where a figure belongs."""
    return bool(_organisation_after().match(view, end))


# 赴新疆、江苏等地务工, 分布在长三角地区、山东半岛等地, 来自全国各地的求职者, 面向全国招聘: where people go
# or come from, or a service reaches: places a figure is not about.
DESTINATION_BEFORE = regex.compile(r"(?:赴|到|往|向|去往|前往|分布在|分布于|输出到|转移到|来自|面向|辐射|销往|远销)$")
_DESTINATION_AFTER = regex.compile(r"\p{Han}{0,3}?等(?:地|省|市|国|城市|地区|发达地区|国家)")  # 山东半岛等地
# 在广东务工2万人, 在长沙就业: where the workers work, not where the figure is (the place they come from)
_WORKS_THERE = regex.compile(r"\p{Han}{0,4}?(?:务工|打工|就业|从业|工作|定居)")
# 加强与南京市劳务协作, 甲省与乙市、丙区签署协议, 天津市人事局组织滨海新区企业赴京招聘: the subject owns the
# figures, not the partner named after 与 nor those it organises, invites or joins.
_PARTNER_BEFORE = regex.compile(r"(?:与|同|跟|组织|带领|邀请|联合|召集)$")
# 占全国的4.2%, 低于全国平均水平0.67个百分点, 居全省第一: a place compared against is not the figure's place.
BENCHMARK_BEFORE = regex.compile(r"(?:占|高于|低于|好于|快于|慢于|多于|少于|超过|超出|超|比|较|居|位居|位列|名列|领先|优于|相当于)$")
# 招聘会在广州琶洲会展中心举行, 会议在成都召开, 在江苏调研时: a venue holds the event or the visit, not the
# figures of the place in force (在湖南举办招聘会 names the host, and is read).
_VENUE = regex.compile(r"[^，,。；;\n]{0,16}?(?:举行|召开|开幕|闭幕|落幕|考察|调研|视察|走访|举办(?=[，,。；;\n]|$))")
# 由株洲市承办的全省技能大赛: the host city of a province's event
_HOST_AFTER = regex.compile(r"\p{Han}{0,8}?(?:承办|协办)")
# the words joining the members of a list of places: 、 和 及, or an item we do not know (陕北) between two
_LIST_JOINER = regex.compile(r"(?:[、和及]|、\p{Han}{1,4}、)?")
_CREDIT_BEFORE = regex.compile(r"来源[:：]?$")
# 安化县、沅江市、桃江县分别…, 黔东南、佛山两地…: the places listed act together; 郑州、洛阳3市, counted, are
# the parts of one unit; 桂阳县、永兴县城镇新增就业均超过1000人, 株洲、湘潭各组织企业130家: a figure of each of them
_COUNTED_AFTER = regex.compile(r"[两二三四五六七八九十\d](?:地|市|县|区|省|州)")
_EACH_AFTER = regex.compile(r"[^，,。；;、\d\n]{0,12}?[均各](?!地|类|级|项|种|个|界|族|方|自|有)")
# 张家界市、湘西州完成进度较慢，分别完成…: 分别 may open the clause after the one the places stand in
_RESPECTIVELY_AFTER = regex.compile(r"(?:[^。；;！？!?\n、，,]{0,16}[，,])?分别")
_JOINT_AFTER = regex.compile(rf"{_RESPECTIVELY_AFTER.pattern}|{_COUNTED_AFTER.pattern}|{_EACH_AFTER.pattern}")


@cache
def _outlets() -> re.Pattern:
    """Known outlets (tables/sources.csv) whose names hold a place that is not their home: 华龙网, 天山网, 中国台湾网
    name a paper or a site, not a place the text is about; 株洲市人社局 and 四川在线 name their own place.
    A trie like the gazetteer's, longest first as \\L<outlets> was: a fifth of its time over every text."""
    rows = [r for r in read_table("sources.csv") if regex.fullmatch(r"\p{Han}{2,}", r["alias"])
            and not (r["region"] and short_name(r["region"]) in r["alias"])]
    return trie_pattern({reading_view(r["alias"]) for r in rows})


def subject_places(view: str, gazetteer: Gazetteer, found: list) -> list:
    """The places the text is about, in order, each (mention, weak): not organisations' names, destinations,
    partners or places compared against. A venue is weak: it sets the place only where none is in force.
    A list of places that act together (分别, 两地) is one entry, a tuple of its mentions."""
    outlets = [(m.start(), m.end()) for m in _outlets().finditer(view)]
    mentions = [m for m in found if gazetteer.reference(m.surface) is None  # 全国: a reference
                and not any(start <= m.start and m.end <= end for start, end in outlets)]  # 中国台湾网
    kept = []
    for group in _places_in_lists(view, mentions):
        first, last = group[0], group[-1]
        before = view[max(0, first.start - 5):first.start]
        if (DESTINATION_BEFORE.search(before) or _PARTNER_BEFORE.search(before)
                or BENCHMARK_BEFORE.search(before) or _DESTINATION_AFTER.match(view, last.end)
                or (before.endswith("在") and _WORKS_THERE.match(view, last.end))):
            continue  # a list of destinations goes on through 、/和: 赴广东省深圳市、惠州市和广西
        weak = ((before.endswith(("在", "于")) and _VENUE.match(view, last.end) is not None)
                or _HOST_AFTER.match(view, last.end) is not None)
        if (len(group) > 1 and _JOINT_AFTER.match(view, last.end)
                and all(view[a.end:b.start] for a, b in zip(group, group[1:]))):  # a list, not 湖南长沙
            number = _COUNTED_AFTER.match(view, last.end)  # 3市…均超过4万人: each of them still
            counted = number is not None and _EACH_AFTER.match(view, number.end()) is None
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


def unambiguous_places(events: list) -> tuple:
    """The places the events name that no other unit shares a name with (福州市, 长春市), each once, in order."""
    return tuple(dict.fromkeys(m.candidates[0] for _, _, kind, m in events
                               if kind in ("region", "venue") and len(m.candidates) == 1))


_LIST_END = regex.compile(r"[。；;！？!?\n]")


def respective_places(view: str, group: tuple) -> tuple[list, int]:
    """南宁、柳州、桂林分别新增就业2.6万人、1.5万人、1.1万人: the figures after 分别 belong in turn to the places
    listed, when they are a multiple of the places in number (…，分别增长3%、2%、4% too). Returns (start of the
    figure, its place) for each, and where the last figure ends; nothing when the figures do not pair."""
    said = _RESPECTIVELY_AFTER.match(view, group[-1].end)
    if said is None:
        return [], group[-1].end
    at = said.end() - len("分别")
    stop = _LIST_END.search(view, at)
    figures = find_quantities(view[at:stop.start() if stop else len(view)])
    if not figures or len(figures) % len(group):
        return [], at
    return [(at + q.start, group[j % len(group)]) for j, q in enumerate(figures)], at + figures[-1].end


def joint_place_events(view: str, joint: tuple) -> list:
    """The events of places listed as acting together (`subject_places`' tuple): the list, then, when the figures
    after 分别 pair with the places (`respective_places`), each place just before its figure and the list again
    after the last (南宁、柳州分别新增就业2万人、1万人: each its own)."""
    paired, end = respective_places(view, joint[0])
    return ([(joint[0][0].start, 0, "places", joint)] + [(start - 1, 1, "region", place) for start, place in paired]
            + ([(end, 1, "places", joint)] if paired else []))


_EXAMPLE = ("以", "为例")


def an_example(view: str, mention) -> bool:
    """以广东为例，…: an example's place, like a part after 其中, holds for its sentence only."""
    return view.endswith(_EXAMPLE[0], 0, mention.start) and view.startswith(_EXAMPLE[1], mention.end)
