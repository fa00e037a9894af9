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

from extract.vocabulary import leading_class, read_table

_SEGMENT_BREAK = regex.compile(r"[，,；;。：:、（(]")
_LAST_SEGMENT_BREAK = regex.compile(r"(?r)" + _SEGMENT_BREAK.pattern)  # searched from the right: the last one
_LISTED = regex.compile(r"[、和及与]|等(?!\d)")  # 农民工、就业困难人员等劳动者: an item of a list
_WHOLE_OF_A_SHARE = regex.compile(r"占[全总]?$")  # 占出省农民工总数的: the whole, not the part
_AFTER_FIGURE = regex.compile(r"的?")  # 3000多名(的)高校毕业生: the noun the figure counts
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
def _group_word_start() -> regex.Pattern | None:
    """A character a group word can start with (None: that cannot be told)."""
    starts = leading_class(r["pattern"] for r in read_table("groups.csv"))
    return regex.compile(starts) if starts else None


def _starts_in(text: str, start: int, end: int) -> bool:
    """Whether some group word starts in text[start:end] (it may run on past `end`). A search from `start`
    ran on to the end of the sentence, where most figures' segments hold no group word: only the positions
    of the segment whose character can start one are tried."""
    if start >= end:
        return False
    first_char, any_word = _group_word_start(), _any_group_word()
    if first_char is None:
        first = any_word.search(text, start, len(text))
        return first is not None and first.start() < end
    while (candidate := first_char.search(text, start, end)) is not None:
        if any_word.match(text, candidate.start()):
            return True
        start = candidate.start() + 1
    return False


def _found(text: str, start: int, end: int, metric: str) -> list[tuple[int, int, str]]:
    """Group words starting in text[start:end], in order: (start, end, group name)."""
    if not _starts_in(text, start, end):
        return []
    found = []
    for word in group_words():
        if not word.applies_to(metric):
            continue
        for m in word.pattern.finditer(text, start, len(text), overlapped=False):
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
    listed = _found(sentence, clause_start, said.start(), metric)
    return listed[index][2] if 1 < len(listed) and index < len(listed) else ""
