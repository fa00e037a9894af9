"""Names in the reader's language: regions with their pinyin beside them, units and period codes in English.

In English mode a region keeps its Chinese name (that is what the documents say)
with a romanised form beside it: 株洲市 Zhuzhou, 攸县 You County, 湖南省 Hunan.
"""
from __future__ import annotations

import re
from functools import lru_cache

# Administrative suffixes, longest first: (suffix, what an English reader calls it; "" = nothing, as for 市 and 省)
SUFFIXES = (
    ("特别行政区", ""), ("维吾尔自治区", ""), ("壮族自治区", ""), ("回族自治区", ""), ("自治区", ""),
    ("自治州", " Prefecture"), ("自治县", " County"), ("地区", " Prefecture"), ("街道", " Subdistrict"),
    ("省", ""), ("市", ""), ("盟", " League"), ("州", " Prefecture"), ("区", " District"), ("县", " County"),
    ("旗", " Banner"), ("镇", " Town"), ("乡", " Township"),
)
# Names whose first reading pypinyin gets wrong out of context (长 as in 长沙, not 长大)
READINGS = {"全国": "China", "长株潭": "Changzhutan", "长株": "Changzhu", "内蒙古": "Inner Mongolia", "陕西": "Shaanxi"}
# The unit as an English reader names it; a unit not here is shown as written
UNITS_EN = {
    "人": "people", "人次": "person-times", "场": "events", "场次": "events", "个": "", "家": "firms",
    "家次": "firm-times", "户": "households", "元": "yuan", "万元": "10k yuan", "亿元": "100m yuan", "%": "%",
    "个百分点": "percentage points", "次": "times", "期": "sessions", "所": "institutions",
}
HAN = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=20_000)
def romanised(name: str) -> str:
    """株洲市 → Zhuzhou; 攸县 → You County; 甘州区 → Ganzhou District; "" when the name has no Chinese."""
    from pypinyin import lazy_pinyin  # imported on first use: its dictionaries take a moment to load

    if not HAN.search(name or ""):
        return ""
    stem, english = name, ""
    for suffix, word in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem, english = name[: -len(suffix)], word
            break
    if len(stem) == 1 and not english:  # a one-character stem keeps its suffix read aloud
        stem, english = name, ""
    if stem in READINGS:
        return READINGS[stem] + english
    return "".join(lazy_pinyin(stem)).capitalize() + english


def region_name(name: str, lang: str = "zh") -> str:
    """The name a reader of `lang` sees: 株洲市, or 株洲市 Zhuzhou in English."""
    if lang != "en" or not name:
        return name
    roman = romanised(name)
    return f"{name} {roman}" if roman else name


def unit_name(unit: str, lang: str = "zh") -> str:
    """人 → people in English; Chinese readers see the unit as written."""
    if lang != "en":
        return unit
    return UNITS_EN.get(unit, unit)


PERIODS_ZH = {"Q1": "一季度", "Q2": "二季度", "Q3": "三季度", "Q4": "四季度", "H1": "上半年", "H2": "下半年",
              "per-year": "年均"}
PERIODS_EN = {"Q1": "Q1", "Q2": "Q2", "Q3": "Q3", "Q4": "Q4", "H1": "first half", "H2": "second half",
              "per-year": "yearly average"}
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_SPAN = re.compile(r"^(\d\d)-(\d\d)$")


def period_name(period: str, lang: str = "zh") -> str:
    """A period code in words: 01-09 → 1—9月 / Jan–Sep; 04-04 → 4月 / Apr; H1 → 上半年 / first half."""
    if not period:
        return ""
    found = MONTH_SPAN.match(period)
    if found:
        a, b = int(found.group(1)), int(found.group(2))
        if not (1 <= a <= 12 and 1 <= b <= 12):
            return period
        if lang == "en":
            return MONTHS_EN[a - 1] if a == b else f"{MONTHS_EN[a - 1]}–{MONTHS_EN[b - 1]}"
        return f"{a}月" if a == b else f"{a}—{b}月"
    return (PERIODS_EN if lang == "en" else PERIODS_ZH).get(period, period)
