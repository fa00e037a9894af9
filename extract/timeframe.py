"""Time cues: the words that say which year (and which part of it) a figure is for.

The cue vocabulary is `tables/timeframes.csv`: a pattern, a year rule, a
period and how far the period holds. Year rules are a literal year or span (十三五 → 2016-2020), `{y}` from
the text, `{pub}`/`{pub-1}`/`{pub-2}` against the publication date (今年, 去年,
前年), or `{in_force}` — the year already in force in the passage (一季度, 3月31日).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from extract.numbers import chinese_number
from extract.vocabulary import FirstCharacterAlternation, read_table


@dataclass(frozen=True)
class TimeCue:
    start: int
    end: int
    year_rule: str  # template, resolved by `resolve_year`
    period: str  # Q1, H1, 01-10, 04-04, or ""
    holds: str = ""  # "statement": a stock's own date (年末, 3月末), not the frame of what follows


# 比2019年同期, 较上年, 与去年相比: a year named as the base of a comparison is not the figure's year.
_NOT_A_BASE = r"(?<![\d.]|比|较|与|同|[高低多少大小]于)"


@cache
def _cues():
    rows = read_table("timeframes.csv")
    # One alternation, in table order: at one position the first row that fits wins. The lookbehind is the
    # same for every row, so it stands once in front; each position tries only the rows that can start with
    # its character (85 rows tried at every digit had made the cues ~3x slower than with 40).
    return rows, FirstCharacterAlternation((row["pattern"] for row in rows), before=_NOT_A_BASE)


def find_time_cues(view: str) -> list[TimeCue]:
    rows, finder = _cues()
    cues = []
    for i, m, found in finder.finditer(view):  # found: the row's own named groups (y, m …)
        row = rows[i]
        year_rule = row["year"].replace("{y}", found.get("y") or "").replace("{y2}", found.get("y2") or "")
        if found.get("n"):
            year_rule = year_rule.replace("{n}", str(_small_number(found["n"])))
        month = found.get("m")
        period = row["period"].replace("{m}", f"{_small_number(month):02d}") if month else row["period"]
        if found.get("m0"):  # 4-6月: the months from one to another
            period = period.replace("{m0}", f"{_small_number(found['m0']):02d}")
        period = "" if period == "01-12" else period  # 1—12月 is the whole year
        cues.append(TimeCue(m.start(), m.end(), year_rule, period, row["holds"]))
    return cues


_SINCE = regex.compile(r"((?:19|20)\d{2})-\{pub\}")
_LAST_YEARS = regex.compile(r"\{years:(\d+)\}")


def span_start(rule: str) -> str:
    """The year a since-rule starts from (2015 of 2015-{pub}), else ""."""
    since = _SINCE.fullmatch(rule)
    return since[1] if since else ""


def _small_number(text: str) -> int:
    """3 → 3, 七 → 7 (前七个月), 十二 → 12, 两 → 2 (近两年)."""
    return int(text) if text.isdigit() else int(chinese_number(text))


def resolve_year(rule: str, pub_year: int | None, in_force: str) -> str:
    """Turn a year rule into a year ("2021", "2016-2020") or "" when the text gives no way to tell.

    >>> resolve_year("{pub-1}", 2022, ""), resolve_year("{in_force}", 2022, "2019"), resolve_year("{pub}", None, "")
    ('2021', '2019', '')
    >>> resolve_year("{pub}", None, "2020")
    '2020'

    """
    if rule == "{in_force}":
        return in_force or (str(pub_year) if pub_year else "")
    if rule == "{unknown}":  # 近年来: some years, the text does not say which
        return ""
    if since := _SINCE.fullmatch(rule):  # 2015年以来: to the publication; a page of 2016 says 2016年以来 of 2016
        start = int(since[1])
        if pub_year is None or pub_year < start:
            return ""
        return str(start) if pub_year == start else f"{start}-{pub_year}"
    if last := _LAST_YEARS.fullmatch(rule):
        # 五年来, 连续6年: the years up to the one in force (2018年…连续6年), the end of a span in force
        # (方案(2019—2021年)…三年来), else the whole years before the publication
        if in_force:
            anchor = int(in_force.rpartition("-")[2])
        elif pub_year is not None:
            anchor = pub_year - 1
        else:
            return ""
        return f"{anchor - int(last[1]) + 1}-{anchor}"
    if rule.startswith("{pub"):
        # Without a publication date, 今年 is the year the text itself last named (浙江省2020年… 今年1—3月).
        anchor = pub_year if pub_year is not None else (int(in_force) if in_force.isdigit() else None)
        if anchor is None:
            return ""
        return str(anchor + int(rule[4:-1] or 0))
    return rule
