"""No injection: what a document says never runs as code, in the browser or in a spreadsheet.

A store whose text, titles, sources and labels carry <script>, <img onerror>,
javascript: links and formula starters (= + - @ tab CR and full-width forms)
is opened in a real browser — every view, the evidence grid and the document
view — and downloaded through every CSV route. (Paths outside the download
folder and values outside the allow-lists are refused in test_app_callbacks.py:
test_download_route_refuses_paths and the crafted-URL tests.)
"""
from __future__ import annotations

import csv
import io
import threading

import pytest
from app_fixtures import sample_tables

from app import create_app
from app.downloads import DOWNLOADS
from extract.corpus.store import write_store

HOSTILE = {
    "script": "<script>alert('script')</script>",
    "img": "<img src=x onerror=alert('img')>",
    "link": "<a href=\"javascript:alert('link')\">点我</a>",
}
FORMULA_LEADS = tuple("=+-@\t\r＝＋－＠")


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    tables = sample_tables()
    docs, claims = tables["documents"], tables["claims"]
    docs.loc[docs["doc_id"] == "formula", "title"] = HOSTILE["img"] + "标题"
    docs.loc[docs["doc_id"] == "formula", "source"] = "@" + HOSTILE["script"] + "日报"
    mine = claims["doc_id"] == "formula"
    claims.loc[mine, "sentence"] = claims.loc[mine, "sentence"] + HOSTILE["link"] + HOSTILE["img"]
    claims.loc[mine, "label"] = "\t+提供岗位" + HOSTILE["script"]
    return write_store(tmp_path_factory.mktemp("hostile") / "hostile.duckdb", tables)


@pytest.mark.parametrize("name", sorted(DOWNLOADS))
def test_no_download_hands_a_spreadsheet_a_formula(hostile_store, name):
    client = create_app(hostile_store).server.test_client()
    answer = client.get(f"/download/{name}?metric=job_posts&level=mix")
    assert answer.status_code == 200
    text = answer.get_data().decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert cells
    starting = [c for c in cells if c.startswith(FORMULA_LEADS)]
    assert not starting, starting[:3]
    if name in ("evidence.csv", "claims.csv"):
        assert any(c.startswith("'\t+提供岗位<script>") for c in cells)  # escaped, and kept whole


@pytest.mark.browser
def test_hostile_text_is_shown_as_text_in_every_view(hostile_store, browser):
    from playwright.sync_api import expect
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, create_app(hostile_store).server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    dialogs: list[str] = []
    try:
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"http://127.0.0.1:{server.server_port}/?metric=job_posts&level=mix")
        grid = page.locator("#evidence-grid")
        expect(grid).to_contain_text(HOSTILE["link"], timeout=20_000)
        expect(grid).to_contain_text(HOSTILE["img"])
        row = grid.locator(".ag-center-cols-container .ag-row", has_text="javascript:")
        row.first.locator("[col-id=region]").click()
        expect(page.locator("#document-view h3")).to_contain_text(HOSTILE["img"] + "标题", timeout=20_000)
        expect(page.locator("#document-view")).to_contain_text("<script>alert(1)</script>")
        for tab in ("历年趋势", "地区 × 年份表", "地区比较"):
            page.locator("#tabs").get_by_text(tab, exact=True).click()
            page.wait_for_timeout(300)
        page.locator("#compare-graph .js-plotly-plot").hover()
        page.wait_for_timeout(500)
        injected = page.evaluate("""() => ({
            // an executable script that mentions alert( (Dash's config is JSON, with < escaped as \\u003c)
            scripts: [...document.scripts].filter(s => !s.type.includes('json') && s.textContent.includes('alert(')).length,
            rawInJson: [...document.scripts].filter(s => s.type.includes('json') && s.textContent.includes('<script')).length,
            onerror: document.querySelectorAll('[onerror]').length,
            javascript: [...document.querySelectorAll('a[href]')].filter(a => a.href.startsWith('javascript:')).length,
        })""")
        page.close()
    finally:
        server.shutdown()
        thread.join(5)
    assert injected == {"scripts": 0, "rawInJson": 0, "onerror": 0, "javascript": 0}
    assert dialogs == []
