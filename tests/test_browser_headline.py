"""The figure a statistician would quote, in a real browser (issue 16).

The store is what `jiuye extract` reads from the sample corpus plus two invented
articles (tests/articles/) that put beside the annual figures of 湖南省 a yearly
average over years (年均超过45万), a youth rate (16-24岁), a first-half figure
(上半年), a month-end stock (截至6月末) and a target. Where today's extractor
does not yet give a claim the year, period or group CLAIMS.md asks for, `SPEC`
sets them as the spec reads the sentence (once the extractor does, it changes
nothing), and the facts are built again.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
from app_fixtures import serving
from test_browser_app import bars, page, pick, shot, wait_bars  # noqa: F401 (page is a fixture)

from extract.corpus.facts import build_facts
from extract.corpus.gather import extract_paths
from extract.corpus.store import write_store

pytestmark = pytest.mark.browser

TESTS = Path(__file__).resolve().parent
ARTICLES = TESTS / "articles"
CORPUS = TESTS.parent / "data" / "corpus"

# (document name starts with, quote) → the fields CLAIMS.md gives the claim
SPEC = {
    ("t01", "超过45万人"): {"year": "2019-2023", "period": "per-year"},
    ("t01", "15.6%"): {"group": "16-24岁"},
    ("t02", "24.1万人"): {"period": "H1"},
    ("t02", "1712万人"): {"period": "06-06"},  # 截至6月末: a stock at the end of June
}


def spec_tables() -> dict:
    tables = extract_paths([str(CORPUS), str(ARTICLES)])
    claims = tables["claims"]
    for (doc, quote), fields in SPEC.items():
        at = claims["doc_id"].str.startswith(doc) & (claims["quote"] == quote)
        assert at.sum() == 1, (doc, quote)  # the extractor still reads the figure
        for name, value in fields.items():
            claims.loc[at, name] = value
        year = claims.loc[at, "year"].iloc[0]
        claims.loc[at, "year_from"], claims.loc[at, "year_to"] = int(year[:4]), int(year[-4:])
    facts, fact_ids = build_facts(claims)
    claims["fact_id"] = fact_ids
    tables["facts"] = facts
    return tables


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    with serving(write_store(tmp_path_factory.mktemp("headline") / "spec.duckdb", spec_tables())) as url:
        yield url


HUNAN = "?region=430000"


def trend_points(page) -> list[tuple[str, list]]:
    """(trace name, [(year, value) of each drawn point]) of the trend chart; a gap is (year, None)."""
    return page.evaluate("""() => {
        const gd = document.querySelector('#trend-graph .js-plotly-plot');
        if (!gd || !gd.data) return [];
        return gd.data.map(t => [t.name, t.x.map((x, i) => [x, t.y[i]])]);
    }""")


def wait_trend(page, expected: list) -> None:
    page.wait_for_function("""want => {
        const gd = document.querySelector('#trend-graph .js-plotly-plot');
        if (!gd || !gd.data) return false;
        const got = gd.data.map(t => [t.name, t.x.map((x, i) => [x, t.y[i]])]);
        return JSON.stringify(got) === JSON.stringify(want);
    }""", arg=expected)


def test_the_annual_trend_draws_no_half_year_and_no_average(page, base_url):
    page.goto(base_url + HUNAN + "&tab=trend&kind=level&kind=target")
    # 2023: the year's own 465,200 (not 年均超过45万); 2024: only the target — 上半年 24.1万 is no year
    wait_trend(page, [["湖南省", [[2023, 465200]]], ["湖南省（目标）", [[2024, 450000]]]])
    expect(page.locator("#trend-note")).to_contain_text("另有 1 个年内时段的数字")
    expect(page.locator("#trend-note")).to_contain_text("2016-2020")  # spans (the average) are elsewhere
    shot(page, "10_trend_annual_without_parts.png")


def test_parts_of_a_year_have_a_view_of_their_own(page, base_url):
    page.goto(base_url + HUNAN + "&tab=trend")
    wait_trend(page, [["湖南省", [[2023, 465200]]]])
    page.get_by_role("radio", name="年内时段").check()
    wait_trend(page, [["湖南省（上半年）", [[2024, 241000]]]])
    assert "freq=part" in page.url
    symbols = page.evaluate("document.querySelector('#trend-graph .js-plotly-plot').data[0].marker.symbol")
    assert symbols == ["diamond"]  # another mark than the year's circle
    expect(page.locator("#trend-graph")).to_contain_text("24.1万 (上半年)")
    shot(page, "11_trend_parts.png")
    page.locator("#tabs").get_by_text("地区比较").click()
    wait_bars(page, [("湖南省", 241000)])
    expect(page.locator("#compare-graph")).to_contain_text("上半年")  # the chart says which part it ranks


def test_a_month_end_stock_is_a_part_with_a_readable_label(page, base_url):
    page.goto(base_url + HUNAN + "&metric=rural_labor_transfer&tab=trend")
    wait_trend(page, [["湖南省", [[2023, 318000]]]])
    page.goto(base_url + HUNAN + "&metric=rural_labor_transfer&tab=trend&freq=part&lang=en")
    wait_trend(page, [["湖南省 Hunan (Jun)", [[2024, 17120000]]]])


def test_a_youth_rate_is_its_own_series_never_the_region_s(page, base_url):
    page.goto(base_url + HUNAN + "&metric=surveyed_unemployment_rate&year=2023")
    wait_bars(page, [("湖南省", 5.2)])
    page.locator("#compare-graph .bars path").first.hover(force=True)
    expect(page.locator("#compare-graph .hoverlayer")).to_contain_text("此格另有：16-24岁 15.6")
    rows = page.locator("#evidence-grid .ag-center-cols-container .ag-row")
    expect(rows).to_have_count(2)  # the drawn rate and the youth rate beside it, each with its group
    expect(page.locator("#evidence-grid")).to_contain_text("16-24岁")
    expect(page.locator("#evidence-grid")).to_contain_text("全体")
    shot(page, "12_rate_with_youth_in_hover.png")
    pick(page, "ctl-group", "16-24岁")
    wait_bars(page, [("湖南省", 15.6)])
    assert "group=16-24" in page.url
    expect(page.locator("#compare-graph")).to_contain_text("16-24岁")  # the title names the population
    shot(page, "13_youth_series.png")
    page.locator("#tabs").get_by_text("历年趋势").click()
    wait_trend(page, [["湖南省 · 16-24岁", [[2023, 15.6]]]])  # the legend names the population too


def test_a_yearly_average_is_drawn_only_for_its_span_and_says_so(page, base_url):
    page.goto(base_url + HUNAN + "&year=2019-2023")
    wait_bars(page, [("湖南省", 450000)])
    expect(page.locator("#compare-graph")).to_contain_text("45万余 (年均)")
    page.goto(base_url + HUNAN + "&tab=table")
    grid = page.locator("#table-grid")
    grid.locator(".ag-row").first.wait_for()
    expect(grid).to_contain_text("45万余 (年均)")
    expect(grid).to_contain_text("46.52万")
    shot(page, "14_table_average_in_its_span.png")


def test_evidence_matches_the_compare_chart_s_year(page, base_url):
    page.goto(base_url + HUNAN)
    wait_bars(page, [("湖南省", 465200)])  # the latest year with a whole-year figure: 2023, not 2024's half
    rows = page.locator("#evidence-grid .ag-center-cols-container .ag-row")
    rows.first.wait_for()
    years = rows.locator("[col-id=year]").all_inner_texts()
    assert years and set(years) == {"2023"}, years
    for column in ("时段", "人群", "类型"):
        expect(page.locator("#evidence-grid .ag-header")).to_contain_text(column)
    # the figure is in sight in its cell, however long the sentence (waited for: the grid sizes its columns)
    page.wait_for_function("""() => {
        const cells = [...document.querySelectorAll('#evidence-grid .ag-center-cols-container [col-id=sentence]')];
        return cells.length > 0 && cells.every(cell => {
            const mark = cell.querySelector('mark.figure');
            if (!mark) return false;
            const box = cell.getBoundingClientRect(), inner = mark.getBoundingClientRect();
            return inner.width > 0 && box.top <= inner.top && inner.bottom <= box.bottom + 1
                && box.left <= inner.left && inner.right <= box.right + 1;
        });
    }""")
    shot(page, "15_evidence_matches_chart.png")


def test_downloads_carry_period_and_group(page, base_url):
    page.goto(base_url)
    wide = page.request.get(base_url + "download/wide.csv" + HUNAN + "&freq=part").text().lstrip("\ufeff")
    header, *lines = wide.splitlines()
    assert header.startswith("地区,地区代码,级别,单位,类型,人群,时段,")
    assert any(line.startswith("湖南省,430000,省,人,实际数,全体（不分人群）,上半年,") for line in lines), lines
    view = page.request.get(base_url + "download/view.csv" + HUNAN + "&metric=surveyed_unemployment_rate&year=2023")
    header, *lines = view.text().lstrip("\ufeff").splitlines()
    assert header.endswith(",period,group,value,unit,qualifier,n_sources,conflict,claim_ids,headline")
    drawn = {line.split(",")[7]: line.split(",")[-1] for line in lines}  # group → headline
    assert drawn == {"": "True", "16-24岁": "False"}
