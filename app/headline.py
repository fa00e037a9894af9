"""The headline rule: which figure a chart draws for one region, metric, kind and year — stated once.

A cell (one region, metric, kind, unit and year) often holds several facts: the
year's figure and a part of it (上半年, 1—5月, 年末), a yearly average over a
span that the text put beside it (年均超过1300万), the rate of a narrower
population (16-24岁, 外来户籍), two sources that disagree. A statistician quotes
one of them, never "the largest":

| # | criterion            | preferred                                  | why |
|---|----------------------|--------------------------------------------|-----|
| 1 | whole population     | no group over a group                      | 16-24岁's rate is not the region's rate |
| 2 | whole year           | the year (or span) over a part of it       | 1—5月 or 年末 is not the year's total |
| 3 | the year's own       | over a yearly average (per-year)           | 年均1300万 over 2012-2021 is no one year's figure |
| 4 | most sources         | more documents state it                    | a figure many report is the one quoted |
| 5 | most precise         | exact, then a point, then the finer last digit | 1269万 says more than 超过1300万 or 约1300万; 8303 than 8300 |

`fact_id` breaks a last tie, so the same store always draws the same figure.

Which facts may be drawn at all depends on the series a view shows (`drawable`):
its group (the 人群 control: the whole population by default) and its
frequency (the year, by default; or the parts of a year, each part its own
series). The others of the cell are not dropped: the hover and the evidence
list them. The rule exists twice, in Python (`rank_key`, `headline`, for tests
and small lists) and as SQL ORDER BY terms (`RANK_SQL`, `drawable_sql`) that
queries.py uses so that picking happens in DuckDB; both come from `RULE`, and a
test runs the table of cases through each.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

PER_YEAR = "per-year"  # a yearly average over a span (年均): contract period
FREQS = ("year", "part")  # the frequency a view shows: whole years (default), or the parts of a year
QUALIFIER_RANK = {"exact": 0, "more_than": 1, "nearly": 1, "about": 2}
_DECIMALS = 6  # a value's digits are read to this many decimals (rates have one or two)
_LAST_DIGIT_SQL = (f"(length(replace(printf('%.{_DECIMALS}f', abs(value)), '.', '')) - "
                   f"length(rtrim(replace(printf('%.{_DECIMALS}f', abs(value)), '.', ''), '0')))")


@dataclass(frozen=True)
class Criterion:
    name: str
    sql: str  # an ORDER BY term over facts_v: smaller is preferred
    key: Callable[[dict], object]  # the same in Python, over a fact as a dict
    reason: str


def _is_span(f: dict) -> bool:
    return f.get("year_from") is not None and f.get("year_from") != f.get("year_to")


def _last_digit(value: float) -> int:
    """The power of ten of the value's last non-zero digit (8303 → 0, 8300 → 2, 5.83万 → 2, 13.1 → -1): trailing
    zeros may be rounding. Said of the value, not of its size: 13.1 and 5.2 are equally precise."""
    digits = f"{abs(value):.{_DECIMALS}f}".replace(".", "")
    return len(digits) - len(digits.rstrip("0")) - _DECIMALS


RULE: tuple[Criterion, ...] = (
    Criterion("whole population", """("group" <> '')""", lambda f: f["group"] != "",
              "a group's figure (16-24岁, 农民工) is not the whole population's"),
    Criterion("whole year", f"(period NOT IN ('', '{PER_YEAR}'))", lambda f: f["period"] not in ("", PER_YEAR),
              "a part of the year (上半年, 1—5月, 年末) is not the year's figure"),
    Criterion("the year's own figure", f"(period = '{PER_YEAR}')", lambda f: f["period"] == PER_YEAR,
              "a yearly average over a span (年均) is no one year's figure, nor the span's total"),
    Criterion("most sources", "(-n_sources)", lambda f: -f["n_sources"],
              "a figure more documents state is the one to quote"),
    Criterion("exact", "(CASE qualifier WHEN 'exact' THEN 0 WHEN 'more_than' THEN 1 WHEN 'nearly' THEN 1 ELSE 2 END)",
              lambda f: QUALIFIER_RANK.get(f["qualifier"], 2), "an exact figure says more than a bound or an estimate"),
    Criterion("a point", "(value_low <> value_high)", lambda f: f["value_low"] != f["value_high"],
              "one value says more than a range"),
    Criterion("finer last digit", _LAST_DIGIT_SQL, lambda f: _last_digit(f["value"]) + _DECIMALS,
              "a finer last digit: 5.83万 says more than 5.8万, 8303 more than 8300 (which may be rounded)"),
)
RANK_SQL = ", ".join(c.sql for c in RULE) + ", fact_id"  # ORDER BY: the headline first


def rank_key(fact: dict) -> tuple:
    return (*(c.key(fact) for c in RULE), fact["fact_id"])


def drawable(fact: dict, group: str = "", freq: str = "year") -> bool:
    """May this fact be drawn in a series of `group` and `freq`? A part only among parts; a yearly average
    only for its span; a group's figure only in its group's series."""
    if fact["group"] != group:
        return False
    if freq == "part":
        return fact["period"] not in ("", PER_YEAR)
    return fact["period"] == "" or (fact["period"] == PER_YEAR and _is_span(fact))


def drawable_sql(freq: str) -> str:
    """`drawable` in SQL; its one parameter is the group. `freq` is checked against FREQS, never spliced raw."""
    if freq == "part":
        period = f"period NOT IN ('', '{PER_YEAR}')"
    else:
        period = f"(period = '' OR (period = '{PER_YEAR}' AND year_from <> year_to))"
    return f"""("group" = ? AND {period})"""


def headline(cell: list[dict], group: str = "", freq: str = "year") -> tuple[dict | None, list[dict]]:
    """(the figure drawn for a cell — None if none may be drawn in this series —, the others, best first)."""
    ranked = sorted(cell, key=rank_key)
    drawn = next((f for f in ranked if drawable(f, group, freq)), None)
    return drawn, [f for f in ranked if f is not drawn]


def cell_columns(freq: str) -> str:
    """The columns one drawn figure stands for: in a view of parts, each part of the year is its own series."""
    return "unit, kind, region_key, year" + (", period" if freq == "part" else "")
