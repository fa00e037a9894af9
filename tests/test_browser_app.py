"""The dashboard in a real browser: Debian's chromium, headless, driven by Playwright.

One server and one browser for the module; each test gets a fresh page whose
every request is recorded, and fails if any left localhost. Screenshots go to
tests/screenshots/ (git-ignored); the README links them.
"""
from __future__ import annotations

import re
import signal
from pathlib import Path
from urllib.parse import urlparse

import pytest
from app_fixtures import LOCAL, SHOTS, sample_tables, serving
from playwright.sync_api import expect

from extract.corpus.store import write_store

# Shared machines are noisy: wait for what the page shows, up to this long, instead of reading it once.
expect.set_options(timeout=20_000)

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
    outside = [u for u in requests if urlparse(u).scheme not in ("data", "blob", "about")
               and urlparse(u).hostname not in LOCAL]
    assert requests and not outside, f"requests left the machine: {outside}"


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def bars(page, graph: str = "compare-graph") -> list[tuple[str, float]]:
    """(label, value) of every bar drawn in a graph, read from plotly's own data."""
    return page.evaluate("""id => {
        const gd = document.querySelector('#' + id + ' .js-plotly-plot');
        if (!gd || !gd.data) return [];
        return gd.data.flatMap(t => (t.y || []).map((y, i) => [String(y), t.x[i]]));
    }""", graph)


def wait_bars(page, expected: list[tuple[str, float]], graph: str = "compare-graph") -> None:
    page.wait_for_function("""([id, want]) => {
        const gd = document.querySelector('#' + id + ' .js-plotly-plot');
        if (!gd || !gd.data) return false;
        const got = gd.data.flatMap(t => (t.y || []).map((y, i) => [String(y), t.x[i]]));
        return JSON.stringify(got) === JSON.stringify(want);
    }""", arg=[graph, [list(e) for e in expected]])


def pick(page, control: str, option: str, typed: str | None = None) -> None:
    """Choose an option of a dcc.Dropdown as a user would: open it, type into its search box, click."""
    page.click(f"#{control}")
    search = page.locator("input.dash-dropdown-search:visible")
    if typed is not None:
        search.fill(typed)
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")


def test_default_view(page, sample_url):
    page.goto(sample_url)
    wait_bars(page, [("株洲市", 58300), ("湘潭市", 31000)])
    expect(page.locator("h1")).to_have_text("就业数据看板")
    expect(page.locator("#compare-note")).to_contain_text("当前比较：市")
    page.wait_for_selector("#compare-graph .bars path")
    shot(page, "01_compare_default.png")


def test_pick_a_region_and_a_year(page, sample_url, browser):
    page.goto(sample_url)
    wait_bars(page, [("株洲市", 58300), ("湘潭市", 31000)])
    pick(page, "ctl-regions", "甘肃省 / 张掖市 / 甘州区", typed="甘州")
    wait_bars(page, [("甘州区", 8303)])
    assert "region=620702" in page.url
    page.get_by_role("checkbox", name="目标").check()
    pick(page, "ctl-year", "2022")
    wait_bars(page, [("甘州区", 8500)])
    expect(page.locator("#compare-graph")).to_contain_text("8500余")
    expect(page.locator("#compare-graph")).to_contain_text("单位：人 · 目标")
    shot(page, "02_compare_region_year_target.png")

    shared = page.url  # a copied link reopens the same view
    other = browser.new_page()
    try:
        other.goto(shared)
        wait_bars(other, [("甘州区", 8500)])
    finally:
        other.close()

    pick(page, "ctl-year", "2016-2020")
    page.wait_for_function("(document.querySelector('#compare-note') || {innerText: ''}).innerText.includes('没有符合筛选条件的数字')")
    shot(page, "03_empty_state.png")


def test_shared_url_in_english_with_mixed_levels(page, sample_url):
    page.goto(sample_url + "?metric=job_fairs&region=430100&region=620000&level=mix&lang=en")
    wait_bars(page, [("甘肃省 Gansu（province）", 84), ("长沙市 Changsha（city）", 85)][::-1])
    expect(page.locator("h1")).to_have_text("jiuye — employment figures")
    expect(page.locator("#ctl-metric")).to_contain_text("Job fairs")
    expect(page.locator("#compare-legend")).to_contain_text("Hatched bar")
    shot(page, "04_shared_url_english.png")


def test_language_toggle_writes_the_url(page, sample_url):
    page.goto(sample_url)
    wait_bars(page, [("株洲市", 58300), ("湘潭市", 31000)])
    page.get_by_role("radio", name="English").check()
    page.wait_for_function("document.querySelector('h1').innerText.startsWith('jiuye')")
    assert "lang=en" in page.url
    for words in ("Evidence: the figures behind this view", "Download CSV", "Every figure in the store"):
        expect(page.locator("body")).to_contain_text(words)
    expect(page.locator("#compare-graph")).to_contain_text("New urban jobs: regions compared, 2022")


def test_crafted_url_says_what_is_wrong(page, sample_url):
    page.goto(sample_url + "?region=%E7%81%AB%E6%98%9F%E5%B8%82")  # 火星市
    page.wait_for_function("(document.querySelector('#errors') || {innerText: ''}).innerText.includes('火星市')")
    expect(page.locator("#errors")).to_contain_text("地区“火星市”不在可选列表中")
    wait_bars(page, [("株洲市", 58300), ("湘潭市", 31000)])  # the rest of the view still works


def test_evidence_row_opens_the_document_as_text(page, sample_url):
    page.goto(sample_url + "?region=430300")
    row = page.locator("#evidence-grid .ag-center-cols-container .ag-row").first
    row.wait_for()
    sentence = row.locator("[col-id=sentence]")
    assert sentence.locator("mark.figure").inner_text() == "3.1万人"
    assert "<b>粗体</b><script>alert(1)</script>" in sentence.inner_text()  # shown as text
    assert page.locator("#evidence-grid b, #evidence-grid script").count() == 0
    row.locator("[col-id=year]").click()  # the region cell is a link to the region's page
    page.wait_for_selector("#document-view mark.claim.current")
    marks = page.locator("#document-view mark.claim")
    assert marks.all_inner_texts() == ["3.1万人", "1.2万个"]
    expect(page.locator("#document-view .doc-text")).to_contain_text("<script>alert(1)</script>")
    assert page.locator("#document-view script, #document-view b").count() == 0
    assert page.inner_text("#document-view h3").startswith("=HYPERLINK")
    shot(page, "05_evidence_and_document.png")


def test_trend_and_table_tabs(page, sample_url):
    page.goto(sample_url + "?metric=rural_labor_transfer&region=620702&region=430200&level=mix&tab=trend")
    page.wait_for_selector("#trend-graph .scatterlayer .trace")
    traces = page.evaluate("document.querySelector('#trend-graph .js-plotly-plot').data.map(t => t.name)")
    assert set(traces) == {"甘州区（县区）", "株洲市（市）"}
    expect(page.locator("#trend-note")).to_contain_text("2016-2020")
    shot(page, "06_trend.png")
    page.locator("#tabs").get_by_text("地区 × 年份表").click()
    page.wait_for_function("location.search.includes('tab=table')")
    grid = page.locator("#table-grid")
    grid.locator(".ag-row").first.wait_for()
    text = grid.inner_text()
    assert "42.21万" in text and "2.17万" in text and "—" in text
    shot(page, "07_table.png")


@pytest.mark.parametrize("link, filename, must_hold", [
    ("download-view", "就业数字_提供岗位_当前视图.csv", ["fact_id,region,region_code,metric,kind,year,period,group,value",
                                                      ",湘潭市,430300,job_posts,level,2022,,,12000,个,exact,1,False,"]),
    ("download-evidence", "就业数字_提供岗位_原文数字.csv", ["'＝全市提供岗位1.2万个。", "'=HYPERLINK", ",12000,"]),
    ("download-wide", "就业数字_提供岗位_地区年份表.csv", ["地区,地区代码,级别,单位,类型,人群,时段,2022",
                                                      "湘潭市,430300,市,个,实际数,全体（不分人群）,,12000"]),
    ("download-claims", "就业数字_全部.csv", ["5.83萬人", "'-2022年湘潭市", ",58300,"]),
    ("download-facts", "facts.csv", [",长株潭,,job_posts,level,2021,,,90000,个,more_than,2,False,", ",8303,人,exact,1,True,"]),
])
def test_downloads(page, sample_url, link, filename, must_hold):
    page.goto(sample_url + "?metric=job_posts&region=430300")
    page.locator("#evidence-grid .ag-row").first.wait_for()
    expect(page.locator(f"#{link}")).to_have_attribute("href", re.compile(r"^/download/"))
    with page.expect_download() as info:
        page.click(f"#{link}")
    download = info.value
    assert download.suggested_filename == filename
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    text = content[3:].decode("utf-8")
    for piece in must_hold:
        assert piece in text


def test_a_figure_from_two_sources_and_a_conflict_are_marked(page, sample_url):
    page.goto(sample_url + "?metric=job_posts&region=%E9%95%BF%E6%A0%AA%E6%BD%AD&from=2021&to=2021")
    wait_bars(page, [("长株潭", 90000)])
    expect(page.locator("#compare-graph")).to_contain_text("9万余 ·2源")
    page.goto(sample_url + "?region=620702&year=2021")
    wait_bars(page, [("甘州区", 8303)])
    expect(page.locator("#compare-graph")).to_contain_text("8303 ⚠")
    page.locator("#compare-graph .bars path").first.hover(force=True)  # plotly listens on the layer above
    expect(page.locator("#compare-graph .hoverlayer")).to_contain_text("另有：8300（甘肃日报《甘州区就业工作综述》）")
    shot(page, "08_conflict_hover.png")
    rows = page.locator("#evidence-grid .ag-center-cols-container .ag-row")
    expect(rows).to_have_count(2)
    expect(page.locator("#evidence-grid")).to_contain_text("⚠ 分歧")


def test_sums_of_cities_only_when_asked(page, sample_url):
    page.goto(sample_url + "?level=province")
    page.wait_for_function("(document.querySelector('#compare-note') || {innerText: ''}).innerText.includes('没有符合')")
    page.get_by_role("checkbox", name=re.compile("显示下级合计")).check()
    wait_bars(page, [("湖南省（各市合计）", 89300)])
    assert "sum=1" in page.url
    expect(page.locator("#compare-graph")).to_contain_text("8.93万 Σ")
    shot(page, "09_sum_of_cities.png")


def test_evidence_pages_come_from_the_server(page, sample_url):
    page.goto(sample_url + "?metric=other&kind=&level=mix&undated=1")
    expect(page.locator("#evidence-note")).to_contain_text("共 3 个原文数字")
    expect(page.locator("#evidence-grid .ag-center-cols-container .ag-row")).to_have_count(3)
    page.locator("#evidence-grid .ag-header-cell[col-id=value]").click()  # sort: the server sorts
    first = page.locator("#evidence-grid .ag-center-cols-container .ag-row[row-index='0'] [col-id=value]")
    expect(first).to_have_text("94")


def test_a_new_store_shows_without_a_restart(browser, tmp_path):
    tables = sample_tables()
    path = write_store(tmp_path / "live.duckdb", tables)
    with serving(path) as url:
        page = browser.new_page()
        try:
            page.goto(url)
            wait_bars(page, [("株洲市", 58300), ("湘潭市", 31000)])
            tables["claims"].loc[tables["claims"]["quote"] == "3.1万人", "value"] = 41000.0
            tables["facts"].loc[tables["facts"]["quote"] == "3.1万人", "value"] = 41000.0
            write_store(path, tables)  # what `jiuye extract` does: a new file moved into place
            page.reload()
            wait_bars(page, [("株洲市", 58300), ("湘潭市", 41000)])
        finally:
            page.close()


def test_an_uploaded_article_shows_its_figures(browser, tmp_path):
    """`jiuye serve --corpus` as `make serve` runs it: a dropped file is saved in the uploads folder, the
    watcher process extracts it, and the page reloads to chart it; the sample corpus is left as it was."""
    import shutil

    from test_app_upload import start_serve

    corpus = tmp_path / "data" / "corpus"
    shutil.copytree(Path(__file__).resolve().parent.parent / "data" / "corpus", corpus)
    sample = sorted(p.relative_to(corpus) for p in corpus.rglob("*"))
    server, url = start_serve(tmp_path, "--store", "data/jiuye.duckdb", "--corpus", "data/corpus")
    page = browser.new_page()
    try:
        page.goto(url + "?metric=urban_new_jobs&year=2023&years=2023&years=2023")
        expect(page.locator("#upload")).to_be_visible()
        article = tmp_path / "酒泉日报 2024.txt"
        article.write_text("酒泉日报讯 2024年1月5日\n2023年，酒泉市城镇新增就业1.23万人。", encoding="utf-8")
        broken = tmp_path / "broken.txt"
        broken.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
        page.locator("#upload input[type=file]").set_input_files([str(article), str(broken)])
        wait_bars(page, [("酒泉市", 12300)])  # the page reloads from the new store when the store holds both
        expect(page.locator("#upload-errors")).to_contain_text("broken.txt")
        assert (tmp_path / "data" / "uploads" / "酒泉日报 2024.txt").exists()
        assert sorted(p.relative_to(corpus) for p in corpus.rglob("*")) == sample
        shot(page, "08_upload.png")
    finally:
        page.close()
        server.send_signal(signal.SIGINT)  # Ctrl-C: the server stops its watcher
        server.wait(30)
