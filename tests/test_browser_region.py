"""Issue 18 in a real browser (Debian's chromium, headless): the region page, the map, number habits, both
languages, small screens and an exported chart. Screenshots go to tests/screenshots/18_*.png.

Two servers: the hand-written sample store (app_fixtures) and the store `jiuye extract data/corpus` writes
(for 株洲市's page, whose 49 facts are the sample corpus's own). Every test fails if a request leaves localhost.
"""
from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import pytest
from app_fixtures import CORPUS, LOCAL, SHOTS, serving
from playwright.sync_api import expect


expect.set_options(timeout=20_000)
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def corpus_url(tmp_path_factory):
    from extract.corpus.update import update_store

    store = tmp_path_factory.mktemp("b18c") / "corpus.duckdb"
    update_store([CORPUS], store)  # what `jiuye extract data/corpus` writes
    with serving(store) as url:
        yield url


def _page(browser, width=1400, height=1000):
    context = browser.new_context(accept_downloads=True, viewport={"width": width, "height": height}, locale="zh-CN")
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.set_default_timeout(20000)
    return context, page, requests


@pytest.fixture
def page(browser):
    context, page, requests = _page(browser)
    yield page
    context.close()
    _only_local(requests)


def _only_local(requests):
    outside = [u for u in requests if urlparse(u).scheme not in ("data", "blob", "about")
               and urlparse(u).hostname not in LOCAL]
    assert requests and not outside, f"requests left the machine: {outside}"


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def download(page, selector: str):
    with page.expect_download() as info:
        page.click(selector)
    d = info.value
    return d.suggested_filename, Path(d.path()).read_bytes()


# --- 1. the region page -------------------------------------------------------------------------------


def test_region_page_of_zhuzhou_and_its_downloads(page, corpus_url):
    import openpyxl
    import pandas as pd

    page.goto(corpus_url + "region/430200")  # its own path: redirected to ?view=region&region=430200
    expect(page.locator("#region-title")).to_have_text("株洲市：全部指标")
    assert "view=region" in page.url and "region=430200" in page.url
    rows = page.locator("#region-table tbody tr")
    expect(rows.first).to_be_visible()
    measures = rows.count()
    assert measures >= 10  # every measure of 株洲市, each with its latest figure
    table = page.inner_text("#region-table")
    assert "城镇新增就业" in table and "万人" in table and "株洲" in table
    expect(page.locator("#region-head")).to_contain_text("湖南省")  # its province, as a link
    page.locator("#region-children .js-plotly-plot").wait_for()
    expect(page.locator("#region-docs")).to_contain_text("提到该地区的文档")
    page.wait_for_timeout(500)
    shot(page, "18_1_region_page_zhuzhou.png")

    name, content = download(page, "#region-dl-csv")
    assert name == "就业数字_株洲市_全部指标_全部年份_实际数.csv"  # the filters, in the name
    assert content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(content[3:].decode("utf-8"))))
    assert lines[0][:9] == ["地区", "地区代码", "级别", "指标", "类型", "年份", "时段", "人群", "数值"]
    assert lines[1][0] == "株洲市"  # the region itself first, then the regions inside it
    xname, xcontent = download(page, "#region-dl-xlsx")
    assert xname == name.replace(".csv", ".xlsx")
    path = SHOTS.parent / "screenshots" / "_region.xlsx"
    path.write_bytes(xcontent)
    try:
        frame = pd.read_excel(path, dtype=str, keep_default_na=False)
        assert frame.shape[0] == len(lines) - 1 and list(frame.columns) == lines[0]  # the CSV's rows, all of them
        values = pd.read_excel(path)["数值"].tolist()
        assert values == [float(r[8]) for r in lines[1:]]
        sheet = openpyxl.load_workbook(path).active
        assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold and sheet["I2"].number_format.startswith("#,##0")
    finally:
        path.unlink()


def test_the_filters_follow_into_the_region_page_and_its_file_name(page, corpus_url):
    page.goto(corpus_url + "?view=region&region=430200&from=2022&to=2022&kind=level&kind=target")
    expect(page.locator("#region-head")).to_contain_text("2022-2022")
    name, content = download(page, "#region-dl-csv")
    assert name == "就业数字_株洲市_全部指标_2022-2022_实际数+目标.csv"
    years = {r[5] for r in list(csv.reader(io.StringIO(content[3:].decode("utf-8"))))[1:]}
    assert years == {"2022"}


def test_region_names_in_the_chart_and_the_evidence_open_their_page(page, sample_url):
    page.goto(sample_url)
    link = page.locator("#compare-graph .ytick a", has_text="株洲市")
    link.wait_for()
    page.wait_for_timeout(500)  # the graph draws twice (its config follows the language)
    box = link.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # where a reader clicks
    expect(page.locator("#region-title")).to_have_text("株洲市：全部指标")
    page.goto(sample_url + "?region=430300")
    cell = page.locator("#evidence-grid .ag-center-cols-container .ag-row").first.locator("[col-id=region] a")
    cell.click()
    expect(page.locator("#region-title")).to_have_text("湘潭市：全部指标")


def test_a_province_page_ranks_its_cities(page, sample_url):
    page.goto(sample_url + "?view=region&region=430000")
    expect(page.locator("#region-title")).to_have_text("湖南省：全部指标")
    page.wait_for_function("""() => {
        const gd = document.querySelector('#region-children .js-plotly-plot');
        return gd && gd.data && gd.data.length && gd.data[0].y.join() === '株洲市,湘潭市';
    }""")


# --- 2. the map -----------------------------------------------------------------------------------


def _map_ready(page):
    page.wait_for_function("""() => {
        const gd = document.querySelector('#map-graph .js-plotly-plot');
        return gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot &&
               gd._fullLayout.map._subplot.map && gd._fullLayout.map._subplot.map.loaded() &&
               gd.data.length > 0 && gd.data[0].type === 'choroplethmap';
    }""")
    page.wait_for_timeout(1500)  # the outlines come from /geo/…json and are drawn on a canvas


def test_map_of_provinces_grey_without_a_figure_and_click_opens_a_page(page, sample_url):
    page.goto(sample_url + "?metric=job_fairs&tab=map")
    _map_ready(page)
    data = page.evaluate("document.querySelector('#map-graph .js-plotly-plot').data.map("
                         "t => [t.locations.length, t.hovertext[0], typeof t.geojson])")
    grey, coloured = data
    assert coloured[0] == 2 and grey[0] == 32  # 湖南省 and 甘肃省 have figures; 32 provinces have none
    assert "无数据" in grey[1] and grey[2] == "string"  # grey says no data (never 0); outlines by URL
    expect(page.locator("#map-note")).to_contain_text("灰色 = 无数据")
    shot(page, "18_2_map_provinces.png")
    # click 湖南省 where the map draws it
    point = page.evaluate("""() => {
        const gd = document.querySelector('#map-graph .js-plotly-plot');
        const m = gd._fullLayout.map._subplot.map;
        const p = m.project([111.7, 27.6]);
        const box = m.getCanvas().getBoundingClientRect();
        return [box.left + p.x, box.top + p.y];
    }""")
    page.mouse.click(*point)
    expect(page.locator("#region-title")).to_have_text("湖南省：全部指标")


def test_map_of_one_provinces_cities_lists_its_groups(page, sample_url):
    page.goto(sample_url + "?metric=job_posts&region=430000&tab=map&from=2021&to=2022&year=2021")
    _map_ready(page)
    expect(page.locator("#map-groups")).to_contain_text("长株潭")
    expect(page.locator("#map-groups")).to_contain_text("9万余个")
    page.goto(sample_url + "?region=430000&tab=map")
    _map_ready(page)
    title = page.evaluate("document.querySelector('#map-graph .js-plotly-plot').layout.title.text")
    assert title == "城镇新增就业：2022年湖南省各市"
    counts = page.evaluate("document.querySelector('#map-graph .js-plotly-plot').data.map(t => t.locations.length)")
    assert counts == [12, 2]  # 14 cities of 湖南: 株洲 and 湘潭 coloured
    shot(page, "18_2_map_hunan_cities.png")


# --- 3 and 4. number habits and both languages ---------------------------------------------------------


def test_chinese_numbers_in_labels_ticks_and_grid_words(page, sample_url):
    page.goto(sample_url + "?tab=table")
    page.locator("#table-grid .ag-row").first.wait_for()
    expect(page.locator("#table-grid")).to_contain_text("5.83万 ·2源")
    expect(page.locator("#table-grid")).to_contain_text("每页行数")  # AG Grid in Chinese, not "Page Size"
    page.locator("#tabs").get_by_text("地区比较").click()
    expect(page.locator("#compare-graph .xtick").first).to_be_visible()
    ticks = page.locator("#compare-graph .xtick").all_text_contents()
    assert "2万" in ticks and "6万" in ticks  # 万 ticks, not 20k / 0.2M
    page.goto(sample_url + "?metric=job_fairs&region=430200")
    expect(page.locator("#compare-graph")).to_contain_text("近400")  # a hedge in words, never "<400"
    expect(page.locator("#compare-graph .modebar-btn[data-title='下载图表（PNG）']")).to_have_count(1)


def test_english_mode_with_region_names_units_and_numbers(page, sample_url):
    page.goto(sample_url + "?metric=job_fairs&level=mix&lang=en")
    page.wait_for_function("""() => {
        const gd = document.querySelector('#compare-graph .js-plotly-plot');
        return gd && gd.data && gd.data.length && gd.data[0].y.includes('株洲市 Zhuzhou（city）');
    }""")
    expect(page.locator("#compare-graph")).to_contain_text("nearly 400")
    expect(page.locator("#compare-graph")).to_contain_text("Unit: events")
    expect(page.locator("#evidence-grid")).to_contain_text("Zhuzhou")
    expect(page.locator("#evidence-grid")).to_contain_text("Page Size")
    page.goto(sample_url + "?view=region&region=430200&lang=en")
    expect(page.locator("#region-title")).to_have_text("株洲市 Zhuzhou: every measure")
    expect(page.locator("#region-table")).to_contain_text("58.3k people")
    page.goto(sample_url + "?metric=job_fairs&level=mix&lang=en")
    page.locator("#compare-graph .ytick a").first.wait_for()
    shot(page, "18_4_english_region_names.png")


# --- 5. small screens ----------------------------------------------------------------------------------


def test_390px_controls_fold_above_the_charts_and_errors_stay_on_top(browser, sample_url):
    context, page, requests = _page(browser, 390, 844)
    try:
        page.goto(sample_url + "?region=%E7%81%AB%E6%98%9F%E5%B8%82")  # 火星市
        expect(page.locator("#errors")).to_contain_text("火星市")
        page.locator("#compare-graph .bars path").first.wait_for()
        errors, graph = page.locator("#errors").bounding_box(), page.locator("#compare-graph").bounding_box()
        assert errors["y"] < graph["y"] < 844  # the error first, the chart on the first screen
        assert graph["x"] >= 0 and graph["x"] + graph["width"] <= 392  # nothing off screen
        expect(page.locator("#ctl-metric")).to_be_hidden()
        shot(page, "18_5_390px.png")
        page.click("#menu-toggle")
        expect(page.locator("#ctl-metric")).to_be_visible()
        shot(page, "18_5_390px_filters_open.png")
    finally:
        context.close()
    _only_local(requests)


def test_800px_grid_shows_its_columns(browser, sample_url):
    context, page, requests = _page(browser, 800, 1000)
    try:
        page.goto(sample_url + "?region=430300")
        page.locator("#evidence-grid .ag-row").first.wait_for()
        visible = page.locator("#evidence-grid .ag-header-cell").evaluate_all(
            "cells => cells.filter(c => { const r = c.getBoundingClientRect(); return r.left < 780 && r.width > 0; }).length")
        assert visible >= 6  # value, unit, qualifier, region, year and the sentence begin on the screen
        shot(page, "18_5_800px.png")
    finally:
        context.close()
    _only_local(requests)


def test_no_kind_ticked_says_so(page, sample_url):
    page.goto(sample_url + "?kind=")
    expect(page.locator("#compare-note")).to_contain_text("未勾选任何类型")


# --- 6. offline, and an exported chart that says what it is -----------------------------------------------


def test_exported_png_carries_title_unit_source_and_date(page, sample_url):
    page.goto(sample_url)
    page.locator("#compare-graph .bars path").first.wait_for()
    assert page.locator("#compare-graph .modebar-btn[data-title*='Chart Studio'], "
                        "#compare-graph a[href*='plot.ly'], #compare-graph a[href*='plotly.com']").count() == 0
    note = page.evaluate("document.querySelector('#compare-graph .js-plotly-plot').layout.annotations"
                         ".map(a => a.text).join(' | ')")
    assert "株洲市人社局" in note and date.today().isoformat() in note and "单位：人" in note
    page.hover("#compare-graph .js-plotly-plot")
    with page.expect_download() as info:
        page.click("#compare-graph .modebar-btn[data-title='下载图表（PNG）']")
    png = Path(info.value.path()).read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 20_000
    assert re.match(r"jiuye_compare_\d{4}-\d\d-\d\d\.png", info.value.suggested_filename)
    SHOTS.mkdir(exist_ok=True)
    (SHOTS / "18_6_exported_chart.png").write_bytes(png)
