"""Quantities: every number in a sentence that counts something, with its unit and hedge.

Works on the reading view of the text (simplified characters, half-width digits),
so 萬 and ３ need no special case here. A quantity needs a unit word, a
multiplier or a percent sign: a bare number (a year, a phone number, “4050群体”)
is not a quantity. The vocabularies — units, multipliers, qualifiers, Chinese
numerals — are the CSV tables in `tables/`; this module only composes them.

>>> [q.value for q in find_quantities("累计输转城乡劳动力8.43万人，实现劳务收入23.71亿元")]
[84300.0, 2371000000.0]
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

import regex

from extract.vocabulary import alternation, read_table



@dataclass(frozen=True)
class Unit:
    surface: str
    base: str  # 名 and 位 → 人; empty for durations
    kind: str  # count | money | rate | points | duration


@dataclass(frozen=True)
class Quantity:
    start: int  # span of the whole quote: qualifier, number, multiplier, unit
    end: int
    value: float  # base units; a range's midpoint
    low: float
    high: float
    unit: str  # base form; "" when only a multiplier was written (1100万)
    unit_kind: str  # count | money | rate | points | ""
    qualifier: str  # exact | more_than | nearly | about
    implies: str = ""  # a kind the hedge itself says: 以内 and 不少于 state a goal


@cache
def _vocabulary():
    units = {r["surface"]: Unit(r["surface"], r["base"], r["kind"]) for r in read_table("units.csv")}
    multipliers = {r["surface"]: Decimal(r["factor"]) for r in read_table("multipliers.csv")}
    qualifiers = {(r["position"], r["surface"]): (r["qualifier"], r["kind"]) for r in read_table("qualifiers.csv")}
    numerals = {r["char"]: (int(r["value"]), r["role"]) for r in read_table("numerals.csv")}
    return units, multipliers, qualifiers, numerals


@cache
def _magnitude_hedges() -> dict[str, str]:
    """Hedges that stand only before a bare magnitude (上百, 数十万, 几千), and the magnitudes each takes."""
    return {r["surface"]: r["magnitudes"] for r in read_table("qualifiers.csv") if r["position"] == "before_magnitude"}


@cache
def _pattern() -> regex.Pattern:
    units, multipliers, qualifiers, numerals = _vocabulary()
    before = alternation(w for (pos, w) in qualifiers if pos == "before")
    # 上, 数, 几 hedge only a bare magnitude (上百个, 数十万人, 几千个); before digits 上 is a preposition
    # (线上300场) and 数 ends a word (参保人数12万人).
    magnitude_hedges = _magnitude_hedges()
    before_magnitude = "|".join(f"{regex.escape(w)}(?=[{m}])" for w, m in magnitude_hedges.items())
    after_hedge = alternation([*magnitude_hedges, "近", "逾", "超"])
    inside = alternation(w for (pos, w) in qualifiers if pos == "inside")
    after = alternation(w for (pos, w) in qualifiers if pos == "after")
    digits = "".join(c for c, (_, role) in numerals.items() if role == "digit")
    chinese_all = "".join(numerals)
    number = rf"""
        (?: \d{{1,4}}(?:亿\d{{1,4}}(?=万)|万\d{{1,4}}(?![\d.千百万亿]))  # 1亿6799(万) · 3万5000: a section, then the rest
          | \d (?:[ ]?\d)* (?:,\d{{3}})* (?:[ ]?\.[ ]?\d+)?  # 8.43 · 1,200 · 1 1 00 · 12 . 3 (spaces from a bad copy)
          | (?<=\p{{Han}}) \.\d+                          # 转移就业.54万人次: a bad copy lost the 0 of 0.54
          | (?<![{chinese_all}]) [{digits}十] [{chinese_all}]* (?:点[{digits}]+)?  # 五 · 一千二百 · 十五 · 五点二; not the tail of 第二十八
          | (?<={after_hedge})[百千万]                         # 上百 · 近万 · 数万: a bare magnitude after a hedge
          | (?<![{chinese_all}])[百千万](?=[余多])               # 万余人 · 千余家 · 百多个: one bare magnitude and more
        )"""
    one_digit = "".join(c for c, (value, role) in numerals.items() if role == "digit" and 0 < value < 10)
    # 三成 is 30%, but a 成 that begins a word (成员, 成本, 一成不变) is no share
    word_share = rf"""
        (?<![{chinese_all}])
        (?: (?P<tenths>[{one_digit}1-9])成(?!{alternation(_NOT_TENTHS)})  # 近三成 · 七成以上 · 超4成
          | (?P<denominator>[{one_digit}十])分之(?P<numerator>[{one_digit}])  # 十分之一 · 三分之二
          | (?P<half>一半|半数)                               # 超过一半 · 半数以上 (not 过半: 时间过半、任务过半 is a saying)
        )
        (?P<inside_share>{inside})?                         # 三成多"""
    # every character a figure can start with: a hedge's first, a digit or numeral, 百 of 百分之, 半 of 半数, the . of .54
    first_chars = regex.escape("".join(sorted({w[0] for (pos, w) in qualifiers if pos == "before"}
                                                | set(magnitude_hedges) | set(chinese_all) | set("0123456789.百半"))))
    return regex.compile(
        rf"""
        (?=[{first_chars}])                                 # one class test passes over a position no figure starts at
        (?<![\d.第#])                                       # not the tail of a longer number, not an ordinal
        (?P<before>(?<![{_ENDS_WITH_HEDGE}])(?:{before})|{before_magnitude})?  # 签约520人: 约 ends a word there
        (?: {word_share}
          | (?P<pct_word>百分之)?
            (?P<n1>{number})
            (?: (?P<inside1>{inside})? (?P<mult1>{alternation(multipliers)})?
                [ ]?(?:至|到|-|—|–|~|～)[ ]?
                (?P<n2>{number}) )?
            (?P<inside2>{inside})?
            (?:[ ](?=[A-Za-z万亿千]))?                      # 300.4 thousand · 2.3 万人: a multiplier after a space
            (?P<mult>{alternation(multipliers)})?
            (?P<inside3>{inside})?
            [ ]?(?P<unit>{alternation(units)})?
        )
        (?P<after>{after})?
        """,
        regex.VERBOSE,
    )


# characters that make a word with a hedge after them (签约, 预约, 节约, 合约, 公约): no hedge there
_ENDS_WITH_HEDGE = "签预节合公契邀制条"

# words that 成 begins: after a numeral they are no share (一成不变, 三成员)
_NOT_TENTHS = ("员", "本", "果", "绩", "立", "功", "交", "长", "熟", "型", "品", "都", "效", "不", "片", "群", "套")


def _word_share(m: regex.Match) -> Decimal | None:
    """The percentage a share in words states: 三成 → 30, 三分之二 → 66.7 (to one decimal, as articles round)."""
    *_, numerals = _vocabulary()
    tenths, denominator, numerator, half = m.group("tenths", "denominator", "numerator", "half")
    if half:
        return Decimal(50)
    if tenths:
        return Decimal((int(tenths) if tenths.isdigit() else numerals[tenths][0]) * 10)
    if denominator:
        share = Decimal(numerals[numerator][0]) / Decimal(numerals[denominator][0]) * 100
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if share < 100 else None
    return None


def chinese_number(text: str) -> Decimal | None:
    """Value of a Chinese numeral: 五 → 5, 十五 → 15, 一千二百 → 1200, 两 → 2.

    >>> chinese_number("一千二百"), chinese_number("三十"), chinese_number("百")
    (Decimal('1200'), Decimal('30'), Decimal('100'))
    >>> chinese_number("一千零五十"), chinese_number("一亿两千万"), chinese_number("三千五")
    (Decimal('1050'), Decimal('120000000'), Decimal('3500'))
    """
    *_, numerals = _vocabulary()
    total, section, digit = Decimal(0), Decimal(0), None
    largest = 0  # the largest 万/亿 closed so far: 三万亿 multiplies what came before, 一亿两千万 adds to it
    scale = Decimal(1)  # what a last digit counts: 三千五 is 3500, 一万二 12000; after 零 (一千零五) it is ones
    for ch in text:
        value, role = numerals[ch]
        if role == "digit":
            if digit:  # 二二 is not a numeral; a 零 before a digit only holds a place (一千零五)
                return None
            digit = Decimal(value)
            scale = Decimal(1) if value == 0 else scale
        elif role == "unit":
            section += (digit if digit is not None else Decimal(1)) * value
            digit, scale = None, Decimal(value) / 10
        else:  # 万 / 亿 close a section
            part = section + (digit or 0)
            if digit is None and not section and not total:
                part = Decimal(1)  # a bare 万 is one 万: 近万人, 上万个
            total = (total + part) * value if value >= largest else total + part * value
            largest = max(largest, value)
            section, digit, scale = Decimal(0), None, Decimal(value) / 10
    return total + section + (digit or 0) * scale


# No count or sum is written with more characters than this; a longer run of
# digits is a serial number or a broken copy, and its value would overflow.
_LONGEST_NUMBER = 32


_SECTIONED = regex.compile(r"(\d+)[亿万](\d+)")


def _number_value(text: str) -> Decimal | None:
    if len(text) > _LONGEST_NUMBER:
        return None
    sectioned = _SECTIONED.fullmatch(text)
    if sectioned:  # 1亿6799 (before 万) counts 万s, 3万5000 ones: either way the first part is 10⁴ of the second's
        high, low = sectioned.groups()
        return Decimal(high) * 10000 + Decimal(low)
    if text[0].isdigit() or text[0] == ".":
        return Decimal(text.replace(" ", "").replace(",", ""))  # 1 1 00 and 12 . 3 as a bad copy spaced them
    whole, point, decimals = text.partition("点")
    if point:  # 五点二: the digits after 点 are read one by one, as a decimal point's are
        *_, numerals = _vocabulary()
        integer = chinese_number(whole)
        return None if integer is None else integer + Decimal("0." + "".join(str(numerals[c][0]) for c in decimals))
    return chinese_number(text)


_CLAUSE_PUNCTUATION = regex.compile(r"[，,。；;！？:：]")


_SECTION_END = regex.compile(r"[万亿]+$")


def _shared_section(n1: str, n2: str | None) -> Decimal:
    """The 万/亿 that ends a range in Chinese numerals also scales its low end: 三至五万 is 3万–5万."""
    if not n2 or n1[0].isdigit() or n2[0].isdigit() or regex.search("[万亿]", n1):
        return Decimal(1)
    section = _SECTION_END.search(n2)
    return chinese_number("一" + section.group()) if section else Decimal(1)


def inside_quoted_name(view: str, start: int, end: int) -> bool:
    """A figure inside a short quoted name (“稳就业25条”, 《…30条措施》) names something; it counts nothing.

    Quoted speech has clause punctuation inside and is not skipped: its figures are claims.
    """
    for opening, closing in (("“", "”"), ("《", "》"), ("「", "」"), ('"', '"')):
        left = view.rfind(opening, max(0, start - 30), start)
        if left < 0 or view.find(closing, left + 1, start) >= 0:
            continue
        right = view.find(closing, end, end + 30)
        # speech and quoted headlines (“国家统计局:前三季度城镇新增就业1097万人”) have clause punctuation
        if right >= 0 and not _CLAUSE_PUNCTUATION.search(view[left:right]):
            return True
    return False


def find_quantities(view: str) -> list[Quantity]:
    """Every quantity in `view` (a sentence or a whole text, reading view), left to right."""
    units, multipliers, qualifiers, _ = _vocabulary()
    found = []
    for m in _pattern().finditer(view):
        unit_word, pct_word, mult, n1, n2, mult1 = m.group("unit", "pct_word", "mult", "n1", "n2", "mult1")
        if n1 is None:  # a share in words: 近三成, 三分之二
            share = _word_share(m)
            if share is not None:
                qualifier, implies = _qualifier(m, qualifiers, is_range=False)
                # a share in words is a part of a whole (近三成的外出务工人员), unless its hedge says a goal
                found.append(Quantity(m.start(), m.end(), float(share), float(share), float(share), "%", "rate",
                                      qualifier, implies or "share"))
            continue
        unit = units.get(unit_word or "")
        pct = pct_word is not None
        if unit is None and not mult and not pct:
            continue  # a bare number: a year, an id, a phone number
        if unit is not None and unit.kind == "duration":
            continue
        low = _number_value(n1)
        high = _number_value(n2) if n2 else None
        if low is None or (n2 and high is None):
            continue
        factor = multipliers.get(mult or "", Decimal(1))
        low_factor = multipliers.get(mult1 or "", factor) * _shared_section(n1, n2)
        low, high = low * low_factor, (high * factor if high is not None else low * factor)
        if high < low:
            continue  # "2-1" is a score or an id, not a range
        start, end = m.span()
        end = start + len(view[start:end].rstrip(" "))  # the space before a unit that did not come
        if inside_quoted_name(view, start, end):
            continue
        if pct:
            unit = units["%"]
        qualifier, implies = _qualifier(m, qualifiers, is_range=n2 is not None)
        found.append(
            Quantity(
                start=start,
                end=end,
                value=float((low + high) / 2),
                low=float(low),
                high=float(high),
                unit=unit.base if unit else "",
                unit_kind=unit.kind if unit else "",
                qualifier=qualifier,
                implies=implies,
            )
        )
    return found


_HEDGE_GROUPS = (("before", "before"), ("before_magnitude", "before"), ("inside", "inside1"),
                 ("inside", "inside2"), ("inside", "inside3"), ("inside", "inside_share"), ("after", "after"))
_HEDGE_GROUP_NAMES = tuple(group for _, group in _HEDGE_GROUPS)


def _qualifier(m: regex.Match, qualifiers: dict, is_range: bool) -> tuple[str, str]:
    """The hedge (a word before the number wins: 近4万名; then 9万余个; then 以上) and any kind it implies."""
    words = m.group(*_HEDGE_GROUP_NAMES)  # one call for all the groups
    hedges = [qualifiers[(position, word)] for (position, _), word in zip(_HEDGE_GROUPS, words)
              if word and (position, word) in qualifiers]
    qualifier = hedges[0][0] if hedges else ("about" if is_range else "exact")
    return qualifier, next((kind for _, kind in hedges if kind), "")
