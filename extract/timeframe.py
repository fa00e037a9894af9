"""Time cues: the words that say which year (and which part of it) a figure is for.

The cue vocabulary is `tables/timeframes.csv`: a pattern, a year rule, a
period and how far the period holds. Year rules are a literal year or span (十三五 → 2016-2020), `{y}` from
the text, `{pub}`/`{pub-1}`/`{pub-2}` against the publication date (今年, 去年,
前年), or `{in_force}` — the year already in force in the passage (一季度, 3月31日) — and
`{in_force-1}`, `{in_force+1}` the year before it (上年) or after it (次年).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
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
    holds: str = ""  # "statement": a stock's own date (年末, 3月末), not the frame of what follows; "figure": the
    # time of the one figure after it (由2015年的52万人增加到…); "event": a day, which dates an event held then;
    # "own": the time of its own statement only, even where it opens it (2023届高校毕业生…)


# 比2019年同期, 较上年, 与去年相比: a year named as the base of a comparison is not the figure's year.
_NOT_A_BASE = r"(?<![\d.]|比|较|与|同|[高低多少大小]于)"
# 高于疫情突如其来的2020年, 超过去年水平: a year a figure is measured against, a few words after the verb that compares;
# 和去年相比, 跟上年持平: one between 和/跟 and the words that compare (2022年相比2021年 compares from 2022).
# Neither is the time of any figure.
_COMPARED_BEFORE = regex.compile(r"(?:高于|低于|好于|快于|慢于|优于|多于|少于|超过|超出)[^，,。；;！？\n]*$")
_COMPARED_AFTER = regex.compile(r"(?:同期|水平)?(?:相比|比较|持平)")


@cache
def _cues():
    rows = read_table("timeframes.csv")
    # One alternation, in table order: at one position the first row that fits wins. The lookbehind is the
    # same for every row, so it stands once in front; each position tries only the rows that can start with
    # its character (85 rows tried at every digit had made the cues ~3x slower than with 40).
    return rows, FirstCharacterAlternation((row["pattern"] for row in rows), before=_NOT_A_BASE)


# 二〇二二年, 二零二二年: a year in Chinese numerals, as official documents write it; four characters as four digits,
# so offsets stay those of the text
_CHINESE_YEAR = regex.compile(r"[一二][〇零○][〇零○一二三四五六七八九]{2}(?=[年届])|一九[〇零○一二三四五六七八九]{2}(?=[年届])")
_YEAR_DIGITS = str.maketrans("〇零○一二三四五六七八九", "000123456789")


def _digit_years(view: str) -> str:
    if "〇" not in view and "零" not in view and "○" not in view and "一九" not in view:
        return view
    return _CHINESE_YEAR.sub(lambda m: m.group().translate(_YEAR_DIGITS), view)


# 2022 年 1-6 月, 截至 2022 年底: spaces inside a date (pages laid out from PDF) are read through; between letters
# (the first quarter of 2022) they stay
_SPACE_IN_DATE = regex.compile(r"(?<=[\d\p{Han}—\-－~～])[ \u3000]+(?=[\d\p{Han}—\-－~～])")


def _without_spaces_in_dates(view: str) -> tuple[str, list[int], list[int]]:
    """The view with the spaces inside dates taken out, and how to map its offsets back: at each compact offset in
    the first list, the number of characters taken out before it (the second list) grows."""
    starts, removed, parts, last, total = [], [], [], 0, 0
    for m in _SPACE_IN_DATE.finditer(view):
        parts.append(view[last:m.start()])
        total += m.end() - m.start()
        starts.append(m.start() - (total - (m.end() - m.start())))
        removed.append(total)
        last = m.end()
    parts.append(view[last:])
    return "".join(parts), starts, removed


def find_time_cues(view: str) -> list[TimeCue]:
    view = _digit_years(view)
    if " " in view or "\u3000" in view:
        compact, starts, removed = _without_spaces_in_dates(view)
        if starts:
            def original(offset: int) -> int:
                i = bisect.bisect_right(starts, offset) - 1
                return offset + (removed[i] if i >= 0 else 0)
            return [replace(c, start=original(c.start), end=original(c.end - 1) + 1) for c in _find(compact)]
    return _find(view)


def _find(view: str) -> list[TimeCue]:
    rows, finder = _cues()
    cues = []
    for i, m, found in finder.finditer(view):  # found: the row's own named groups (y, m …)
        if (_COMPARED_BEFORE.search(view, max(0, m.start() - 12), m.start())
                or (view[m.start() - 1:m.start()] in ("和", "跟") and _COMPARED_AFTER.match(view, m.end()))):
            continue
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
_IN_FORCE_SHIFTED = regex.compile(r"\{in_force([+-]\d)\}")
_SINCE_RELATIVE = regex.compile(r"\{pub([+-]\d)?\}-\{pub([+-]\d)?\}")
_LAST_YEARS = regex.compile(r"\{years:(\d+)\}")
_NEXT_YEARS = regex.compile(r"\{next:(\d+)\}")


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
    if shifted := _IN_FORCE_SHIFTED.fullmatch(rule):
        # 上年: the year before the one the text is about (a communiqué of 2022: 2021); 次年: the one after it
        last, step = in_force.rpartition("-")[2], int(shifted[1])
        return str(int(last) + step) if last.isdigit() else (str(pub_year + step) if pub_year else "")
    if rule == "{unknown}":  # 近年来: some years, the text does not say which
        return ""
    if since := _SINCE.fullmatch(rule):  # 2015年以来: to the publication; a page of 2016 says 2016年以来 of 2016
        start = int(since[1])
        if pub_year is None or pub_year < start:
            return ""
        return str(start) if pub_year == start else f"{start}-{pub_year}"
    if since := _SINCE_RELATIVE.fullmatch(rule):  # 去年以来: from last year to the publication; 今明两年
        return f"{pub_year + int(since[1] or 0)}-{pub_year + int(since[2] or 0)}" if pub_year is not None else ""
    if coming := _NEXT_YEARS.fullmatch(rule):  # 今后五年, 未来三年: the years from the publication on
        return f"{pub_year}-{pub_year + int(coming[1]) - 1}" if pub_year is not None else ""
    if last := _LAST_YEARS.fullmatch(rule):
        # 五年来, 连续6年: the years up to the one in force (2018年…连续6年), the end of a span in force
        # (方案(2019—2021年)…三年来), else the whole years before the publication
        if in_force:
            anchor = int(in_force.rpartition("-")[2])
        elif pub_year is not None:
            anchor = pub_year - 1
        else:
            return ""
        first = anchor - int(last[1]) + 1
        return str(anchor) if first == anchor else f"{first}-{anchor}"  # 一年来: one year
    if rule.startswith("{pub"):
        # Without a publication date, 今年 is the year the text itself last named (浙江省2020年… 今年1—3月).
        anchor = pub_year if pub_year is not None else (int(in_force) if in_force.isdigit() else None)
        if anchor is None:
            return ""
        return str(anchor + int(rule[4:-1] or 0))
    return rule


_PUBLICATION_MONTH = regex.compile(r"\{pubm(-1)?\}")


def publication_month(year_rule: str, period: str, pub_month: int | None) -> tuple[str, str]:
    """A period told against the publication's month ({pubm}: 本月, 昨天; {pubm-1}: 上月), with its year rule
    (上月 in a January page is last December): no part of the year when the page's month is not known.

    >>> publication_month("{pub}", "{pubm-1}-{pubm-1}", 1), publication_month("{pub}", "{pubm}-{pubm}", None)
    (('{pub-1}', '12-12'), ('{pub}', ''))
    """
    if "{pubm" not in period:
        return year_rule, period
    if pub_month is None:
        return year_rule, ""
    if "{pubm-1}" in period and pub_month == 1:
        return ("{pub-1}" if year_rule == "{pub}" else year_rule), period.replace("{pubm-1}", "12")
    return year_rule, _PUBLICATION_MONTH.sub(lambda m: f"{pub_month - (1 if m[1] else 0):02d}", period)


@cache
def _dating_cues() -> list[tuple[regex.Pattern, int]]:
    return [(regex.compile(r["pattern"]), int(r["written"])) for r in read_table("dating_cues.csv")]


def year_written(view: str) -> int | None:
    """The year an undated page was written, from an event that fixes it (tables/dating_cues.csv): the first found."""
    found = [(m.start(), int(m["y"]) + written) for pattern, written in _dating_cues() if (m := pattern.search(view))]
    return min(found)[1] if found else None
