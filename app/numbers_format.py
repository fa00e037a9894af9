"""Numbers in the reader's habits: 5.83万, 1269万, 23.7亿元 in Chinese; 58.3k, 12.69 million, ¥2.37 bn in English.

A reader of Chinese counts in 万 (10⁴) and 亿 (10⁸), and says a hedge in words
(近400, 9万余); an English reader counts in thousands, millions and billions
(nearly 400, over 90k). Everything that shows a figure to a person — bar
labels, hovers, tables, axis ticks, the map's colour bar — goes through
`figure_text`; downloads keep plain numbers.
"""
from __future__ import annotations

import math

# (divisor, suffix), largest first: the first whose divisor the value reaches is used
ZH_SCALES = ((1e8, "亿"), (1e4, "万"))
EN_SCALES = ((1e9, " bn"), (1e6, " million"), (1e4, "k"))  # below 10,000: 8,303 reads better than 8.3k
EN_DIVISORS = {" bn": 1e9, " million": 1e6, "k": 1e3}
SIGNIFICANT = 4  # 139.3万, 1269万, 42.21万: four digits say what a paper prints
MONEY_UNITS = ("元", "万元", "亿元")
# a hedge in words, as a reader says it (never "<400")
HEDGES = {
    "zh": {"exact": "{v}", "more_than": "{v}余", "nearly": "近{v}", "about": "约{v}"},
    "en": {"exact": "{v}", "more_than": "over {v}", "nearly": "nearly {v}", "about": "about {v}"},
}


def _trim(text: str) -> str:
    """5.8300 → 5.83; 9.0 → 9."""
    return text.rstrip("0").rstrip(".") if "." in text else text


def _significant(value: float, digits: int = SIGNIFICANT) -> str:
    """`value` rounded to `digits` significant digits, without exponent and without trailing zeros."""
    if value == 0:
        return "0"
    decimals = max(0, digits - 1 - int(math.floor(math.log10(abs(value)))))
    return _trim(f"{value:.{decimals}f}")


def plain_number(value: float, lang: str = "zh") -> str:
    """A number in the reader's scale words, no unit: 58300 → 5.83万 / 58.3k."""
    if value is None or value != value:
        return ""
    value = float(value)
    sign, size = ("-" if value < 0 else ""), abs(value)
    if lang == "en":
        for limit, suffix in EN_SCALES:
            if size >= limit:
                return sign + _significant(size / EN_DIVISORS[suffix]) + suffix
        return sign + (f"{size:,.0f}" if size.is_integer() else _significant(size))
    for limit, suffix in ZH_SCALES:
        if size >= limit:
            return sign + _significant(size / limit) + suffix
    return sign + (f"{size:.0f}" if size.is_integer() else _significant(size))


def figure_text(value: float, lang: str = "zh", unit: str = "", qualifier: str = "exact") -> str:
    """A figure as a reader writes it, hedge and unit included: 近400场, 23.7亿元; nearly 400, ¥2.37 bn.

    In English the unit is left to the caller (it is translated, and goes after
    the number with a space) except money, which takes the ¥ sign.
    """
    if value is None or value != value:
        return ""
    hedge = HEDGES["en" if lang == "en" else "zh"].get(qualifier, "{v}")
    scale = {"万元": 1e4, "亿元": 1e8}.get(unit, 1)  # money is counted in 元 once multiplied: 23.7亿元
    if lang == "en":
        if unit in MONEY_UNITS:
            sign = "-" if value < 0 else ""
            return hedge.format(v=sign + "¥" + plain_number(abs(float(value)) * scale, "en"))
        return hedge.format(v=plain_number(value, "en"))
    if unit in MONEY_UNITS:
        return hedge.format(v=plain_number(float(value) * scale, "zh")) + "元"
    return hedge.format(v=plain_number(value, "zh")) + unit  # the hedge hugs the number: 1600余场, 近400场


def nice_step(top: float, ticks: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 × 10ⁿ) giving about `ticks` ticks from 0 to `top`."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def axis_ticks(low: float, high: float, lang: str = "zh") -> tuple[list[float], list[str]]:
    """Tick values from below `low` (or 0) to above `high`, and their labels in the reader's scale words."""
    low, high = min(0.0, low), max(0.0, high)
    step = nice_step(high - low)
    first, last = math.floor(low / step), math.ceil(high / step)
    values = [round(k * step, 10) for k in range(first, last + 1)]
    return values, [plain_number(v, lang) for v in values]


def number_axes(fig: dict, lang: str) -> dict:
    """Ticks of every value axis of a figure (as plain dicts) in the reader's scale words, in place.

    A horizontal bar's values are on its x axis, a line's on its y axis.
    """
    extent: dict[str, list[float]] = {}
    for trace in fig.get("data", []):
        if trace.get("type") not in ("bar", "scatter"):
            continue
        horizontal = trace.get("orientation") == "h"
        axis = (trace.get("xaxis", "x") if horizontal else trace.get("yaxis", "y"))
        name = ("xaxis" if horizontal else "yaxis") + axis[1:]
        values = [float(v) for v in (trace.get("x") if horizontal else trace.get("y")) or [] if v is not None]
        if values:
            extent.setdefault(name, []).extend(values)
    layout = fig.setdefault("layout", {})
    for name, values in extent.items():
        tickvals, ticktext = axis_ticks(min(values), max(values), lang)
        layout.setdefault(name, {}).update(tickmode="array", tickvals=tickvals, ticktext=ticktext)
    return fig
