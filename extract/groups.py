"""Groups: the narrower population a figure is about (16-24岁, 外来户籍, 农民工, 脱贫劳动力 …).

A figure keeps its metric and names its group (CLAIMS.md): 16-24岁劳动力调查失业率 is the
surveyed rate of group 16-24岁, never the region's rate. The group words are the table
`tables/groups.csv`. A word counts when it stands in the figure's own segment before it
(其中外出农民工66.6万人; a segment ends at a clause mark, 、 or the figure before) or is the
noun the figure counts (为9000多名高校毕业生提供服务); not when it is one item of a list of
beneficiaries (帮扶农民工、就业困难人员等劳动者) or the whole a share is taken of
(占出省农民工总数的94.4%). Listed groups with 分别 pair with the figures in order
(16-24岁、25-59岁人口调查失业率分别为13.1%、5.0%).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from extract.vocabulary import read_table

_SEGMENT_BREAK = regex.compile(r"[，,；;。：:、（(]")
_LAST_SEGMENT_BREAK = regex.compile(r"(?r)" + _SEGMENT_BREAK.pattern)  # searched from the right: the last one
_LISTED = regex.compile(r"[、和及与]|等(?!\d)")  # 农民工、就业困难人员等劳动者: an item of a list
_WHOLE_OF_A_SHARE = regex.compile(r"占[全总]?$")  # 占出省农民工总数的: the whole, not the part
_AFTER_FIGURE = regex.compile(r"(?:的|在|到|去往|流向)?")  # 3000多名(的)高校毕业生: the noun the figure counts; 七成在省外
_RESPECTIVELY = regex.compile(r"分别(?:为|是|达到?|占)?")
_LIST_MARK = regex.compile(r"[、和及与]")


@dataclass(frozen=True)
class GroupWord:
    pattern: regex.Pattern
    template: str  # {0}: the words as found (simplified); {a}, {b}: named parts of the pattern
    not_for: frozenset[str]  # metrics whose figures count this population anyway
    only_for: frozenset[str]  # metrics the word is a part of (省外 is where transferred workers went); empty: any

    def applies_to(self, metric: str) -> bool:
        return metric not in self.not_for and (not self.only_for or metric in self.only_for)


@cache
def group_words() -> tuple[GroupWord, ...]:
    return tuple(GroupWord(regex.compile(r["pattern"]), r["group"], frozenset(r["not_for"].split()),
                           frozenset(r["only_for"].split())) for r in read_table("groups.csv"))


@cache
def _any_group_word() -> regex.Pattern:
    # one scan says whether a segment holds any group word at all (most hold none): the rows are tried only then
    return regex.compile("|".join(f"(?:{regex.sub(r'[(][?]P<[a-z]+>', '(?:', r['pattern'])})"
                                  for r in read_table("groups.csv")))


@cache
def _any_group_word_for(metric: str) -> regex.Pattern:
    # the same scan over the rows that apply to the metric: 企业 (a part of new market entities only) in a
    # job-fair report then sends no segment through every row
    rows = [r for r, word in zip(read_table("groups.csv"), group_words()) if word.applies_to(metric)]
    return regex.compile("|".join(f"(?:{regex.sub(r'[(][?]P<[a-z]+>', '(?:', r['pattern'])})" for r in rows) or "(?!)")


def any_group_word() -> regex.Pattern:
    """A pattern matching any group word of the table."""
    return _any_group_word()


_REACH = 40  # longer than any group word of the table together with what its pattern looks ahead at


def _found(text: str, start: int, end: int, metric: str) -> list[tuple[int, int, str]]:
    """Group words starting in text[start:end], in order: (start, end, group name)."""
    # a word starting in the segment ends, with the words its pattern looks ahead at, within REACH after it:
    # no scan need run to the end of a long sentence
    stop = min(len(text), end + _REACH)
    first = _any_group_word_for(metric).search(text, start, stop) if start < end else None
    if first is None or first.start() >= end:  # the leftmost match starts past the segment: none starts in it
        return []
    found = []
    for word in group_words():
        if not word.applies_to(metric):
            continue
        for m in word.pattern.finditer(text, start, stop, overlapped=False):
            if m.start() >= end:
                break
            name = word.template.replace("{0}", m.group()).format(**m.groupdict())
            found.append((m.start(), m.end(), name))
    found.sort()
    # 外出农民工 inside a longer match of another row is not a second group word
    return [f for i, f in enumerate(found) if not any(o[0] <= f[0] and f[1] <= o[1] and o != f for o in found)]


def group_of(sentence: str, q_start: int, q_end: int, previous_end: int, metric: str) -> str:
    """The group of the figure at sentence[q_start:q_end] (reading view); `previous_end`: where the
    figure before it in the sentence ends (0 if none).

    >>> group_of("其中，16—24岁劳动力调查失业率为16.9%", 18, 23, 0, "surveyed_unemployment_rate")
    '16-24岁'
    >>> group_of("帮扶农民工、就业困难人员等劳动者，举办招聘会20场", 23, 26, 0, "job_fairs")
    ''
    """
    last_break = _LAST_SEGMENT_BREAK.search(sentence, 0, q_start)  # one search, not every break listed
    segment_start = max(previous_end, last_break.end() if last_break else 0)
    respectively = _respectively(sentence, q_start, previous_end, metric)
    if respectively:
        return respectively
    own = [(s, e, name) for s, e, name in _found(sentence, segment_start, q_start, metric)
           if not _LISTED.match(sentence, e) and not _WHOLE_OF_A_SHARE.search(sentence, segment_start, s)]
    if own:
        return own[-1][2]
    after = _AFTER_FIGURE.match(sentence, q_end).end()
    counted = [f for f in _found(sentence, after, after + 1, metric) if not _LISTED.match(sentence, f[1])]
    return counted[0][2] if counted else ""


def _respectively(sentence: str, q_start: int, previous_end: int, metric: str) -> str:
    """16-24岁、25-59岁人口调查失业率分别为13.1%、5.0%: the i-th figure after 分别 has the i-th listed group."""
    if "分别" not in sentence:
        return ""
    clause_start = max((m.end() for m in regex.finditer(r"[，,；;。]", sentence[:q_start])), default=0)
    said = None
    for said in _RESPECTIVELY.finditer(sentence, clause_start, q_start):
        pass
    if said is None:
        return ""
    index = len(_LIST_MARK.findall(sentence, said.end(), q_start))
    if not sentence[clause_start:said.start()].strip():
        # 去往浙江、江苏就业的农民工人数最多，分别为…: a clause opening with 分别 pairs with the list of the clause before
        clause_start = max((m.end() for m in regex.finditer(r"[，,；;。]", sentence[:max(0, clause_start - 1)])), default=0)
    listed = _found(sentence, clause_start, said.start(), metric)
    return listed[index][2] if 1 < len(listed) and index < len(listed) else ""


# 全县转移就业12万人，其中组织输出3万人，自谋输出8万人: each item after 其中 names a part of the whole, in its own words
PART_OPENER = "其中"
_PART_LEAD = regex.compile(r"^[\s，,：:]*(?:其中)?[\s，,：:]*")
_PART_TRAIL = regex.compile(r"(?:共|累计|分别)?(?:为|达到?|有|约|实现|完成|是|计|占)*$")
_PART_WORDS = regex.compile(r"\p{Han}{2,10}")
# words that say when, how much or compared with what, not which part: 今年, 同比, 其他, 新增, 人数
_NOT_A_PART = regex.compile(r"^(?:累计|共|另|全年|新增)|[年月日]|季度|期间|同期|同比|比上|较上|其他|其余|以上|以下|总|合计|人数"
                            r"|新增$|增加|减少|增长|下降|平均|人均")


def part_named(sentence: str, q_start: int, previous_end: int, names_a_place) -> str:
    """The words naming the part a figure counts when it stands in a list after 其中 (reading view):
    其中就业技能培训2951人 → 就业技能培训, ，自谋输出9625人 → 自谋输出. Empty when the figure is not in such a
    list, or its words say something else: a time (今年), a comparison (同比), a place (`names_a_place`, which
    the region owns), or a new statement (累计转移就业…).

    >>> part_named("转移就业1.2万人，其中定点劳务工4100人", 17, 10, lambda t: False)
    '定点劳务工'
    """
    opener = sentence.rfind(PART_OPENER, 0, q_start)
    if opener < 0 or not previous_end or not regex.search(r"[\d万千百十]", sentence[:opener]):
        return ""  # no whole stated before 其中 in this sentence
    segment_start = max(previous_end, opener,
                        max((m.end() for m in _SEGMENT_BREAK.finditer(sentence, 0, q_start)), default=0))
    words = _PART_LEAD.sub("", sentence[segment_start:q_start])
    words = _PART_TRAIL.sub("", words)
    if not _PART_WORDS.fullmatch(words) or _NOT_A_PART.search(words) or names_a_place(words):
        return ""
    return words


def names_only_a_group(words: str) -> bool:
    """Are the words (a metric cue as found) nothing but a group word (农民工, 新生代农民工)?"""
    return bool(_any_group_word().fullmatch(words))


def group_of_the_clause_before(sentence: str, start: int, end: int, metric: str) -> str:
    """The group a clause with no figure names before a bare share (外出地以省内为主，占比63.6%): the last
    group word in sentence[start:end] that is not an item of a list."""
    found = [f for f in _found(sentence, start, end, metric) if f[1] <= end and not _LISTED.match(sentence, f[1])]
    return found[-1][2] if found else ""

