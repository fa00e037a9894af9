"""The headline rule (app/headline.py), one table of cases, each with its reason; run in Python and in DuckDB."""
from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from app.headline import RANK_SQL, drawable_sql, headline
from app.names import period_name


def fact(quote, value, *, year="2021", period="", group="", n_sources=1, qualifier="exact", low=None, high=None,
         fact_id=None):
    first, _, last = year.partition("-")
    return {"fact_id": fact_id or f"{quote}|{year}|{period}|{group}", "quote": quote, "value": float(value),
            "value_low": float(value if low is None else low), "value_high": float(value if high is None else high),
            "year": year, "year_from": int(first), "year_to": int(last or first), "period": period, "group": group,
            "n_sources": n_sources, "qualifier": qualifier}


# (name, the facts of one cell, the view's group and frequency, the quote drawn or None, why)
CASES = [
    ("year's own figure over a yearly average marked per-year",
     [fact("年均超过1300万人", 1.3e7, period="per-year", qualifier="more_than"), fact("1269万人", 1.269e7)],
     "", "year", "1269万人", "a yearly average is no one year's figure, even when it is the larger"),
    ("a yearly average alone is not drawn as a single year",
     [fact("年均超过1300万人", 1.3e7, period="per-year", qualifier="more_than")],
     "", "year", None, "its year is a span: a year's chart has nothing to draw"),
    ("a span's total over its yearly average",
     [fact("年均1300万人", 1.3e7, year="2012-2021", period="per-year"), fact("1.3亿人", 1.3e8, year="2012-2021")],
     "", "year", "1.3亿人", "the span's own figure before an average over it"),
    ("a yearly average drawn for its span when alone",
     [fact("年均1300万人", 1.3e7, year="2012-2021", period="per-year")],
     "", "year", "年均1300万人", "the span column of a table may show an average, labelled 年均"),
    ("whole year over the first half",
     [fact("700万人", 7e6, year="2024", period="H1"), fact("1256万人", 1.256e7, year="2024")],
     "", "year", "1256万人", "a part of the year is not the year"),
    ("a first half alone is not the year",
     [fact("700万人", 7e6, year="2024", period="H1")],
     "", "year", None, "the annual series has a gap there, not a collapse"),
    ("a part is drawn in a view of parts",
     [fact("700万人", 7e6, year="2024", period="H1"), fact("1256万人", 1.256e7, year="2024")],
     "", "part", "700万人", "the parts view shows parts only"),
    ("a month-end stock is a part",
     [fact("3.2万人", 32000, period="12-12"), fact("2.9万人", 29000)],
     "", "year", "2.9万人", "年末 is a stock at one date, not the year's figure"),
    ("whole population over a group",
     [fact("16.7%", 16.7, group="16-24岁"), fact("5.5%", 5.5)],
     "", "year", "5.5%", "16-24岁's rate is not the national rate"),
    ("a group's rate alone is never drawn as the whole population's",
     [fact("16.7%", 16.7, group="16-24岁", n_sources=3)],
     "", "year", None, "no group's figure passes for everyone's"),
    ("a group's series draws the group's figure",
     [fact("16.7%", 16.7, group="16-24岁"), fact("5.5%", 5.5), fact("5.1%", 5.1, group="外来户籍")],
     "16-24岁", "year", "16.7%", "the 人群 control chose 16-24岁"),
    ("most sources",
     [fact("8300人", 8300, n_sources=1), fact("8303人", 8303, n_sources=2)],
     "", "year", "8303人", "a figure more documents state is the one quoted"),
    ("most sources, not the largest",
     [fact("9.1万人", 91000, n_sources=1), fact("8.7万人", 87000, n_sources=3)],
     "", "year", "8.7万人", "never the largest: three papers say 8.7万"),
    ("exact over a lower bound",
     [fact("超过1300万人", 1.3e7, qualifier="more_than"), fact("1269万人", 1.269e7)],
     "", "year", "1269万人", "on equal sources, the exact figure"),
    ("a lower bound over an estimate",
     [fact("约5万人", 50000, qualifier="about"), fact("4万余人", 40000, qualifier="more_than")],
     "", "year", "4万余人", "a bound says more than 约"),
    ("a point over a range",
     [fact("5.0%—5.5%", 5.25, low=5.0, high=5.5), fact("5.3%", 5.3)],
     "", "year", "5.3%", "one value says more than a range"),
    ("finer last digit",
     [fact("5.8万人", 58000), fact("5.83万人", 58300)],
     "", "year", "5.83万人", "5.83万 is written more precisely than 5.8万"),
    ("precision is not size",
     [fact("13.1%", 13.1, period="01-02", fact_id="b"), fact("5.2%", 5.2, period="01-02", fact_id="c"),
      fact("5.7%", 5.7, period="01-02", fact_id="a")],
     "", "part", "5.7%", "equally precise: neither the largest nor the one with most digits; the stable tie-break"),
    ("trailing zeros may be rounding",
     [fact("8300人", 8300), fact("8303人", 8303)],
     "", "year", "8303人", "8300 may be 8303 rounded; on a tie it is never 'the larger'"),
    ("a coarser figure, though larger",
     [fact("1300万人", 1.3e7), fact("1269万人", 1.269e7)],
     "", "year", "1269万人", "1269万 is precise to 1万, 1300万 to 100万"),
    ("sources come before precision",
     [fact("5.83万人", 58300, n_sources=1), fact("5.8万人", 58000, n_sources=2)],
     "", "year", "5.8万人", "two documents outweigh one more digit"),
]


@pytest.mark.parametrize("name, cell, group, freq, drawn, reason", CASES, ids=[c[0] for c in CASES])
def test_headline_rule(name, cell, group, freq, drawn, reason):
    picked, others = headline(cell, group, freq)
    assert (picked["quote"] if picked else None) == drawn, reason
    assert len(others) == len(cell) - (picked is not None)  # the rest are listed, not dropped


@pytest.fixture(scope="module")
def cases_in_duckdb():
    rows = [{**f, "case": name, "group_param": group, "freq": freq}
            for name, cell, group, freq, _, _ in CASES for f in cell]
    con = duckdb.connect()
    con.register("cases", pd.DataFrame(rows))
    yield con
    con.close()


@pytest.mark.parametrize("name, cell, group, freq, drawn, reason", CASES, ids=[c[0] for c in CASES])
def test_the_same_rule_in_sql(cases_in_duckdb, name, cell, group, freq, drawn, reason):
    found = cases_in_duckdb.execute(f"""
        SELECT quote FROM (SELECT *, {drawable_sql(freq)} AS eligible FROM cases WHERE "case" = ?)
        WHERE eligible ORDER BY {RANK_SQL} LIMIT 1""", [group, name]).fetchall()
    assert (found[0][0] if found else None) == drawn, reason


@pytest.mark.parametrize("period, zh, en", [
    ("01-05", "1—5月", "Jan–May"), ("04-04", "4月", "Apr"), ("12-12", "12月", "Dec"), ("H1", "上半年", "first half"),
    ("Q3", "三季度", "Q3"), ("per-year", "年均", "yearly average"), ("", "", ""), ("13-14", "13-14", "13-14"),
])
def test_periods_read_as_words(period, zh, en):
    assert (period_name(period, "zh"), period_name(period, "en")) == (zh, en)
