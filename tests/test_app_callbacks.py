"""The dashboard's callbacks as plain functions: URL state, allow-lists, panels, document view, downloads."""
from __future__ import annotations

import csv
import inspect
import io
import json

import pytest
from app_fixtures import sample_tables

from app import compare, controls, create_app, downloads, evidence, serve, table, trend
from app.state import InvalidInput, View, check, parse_query, strict, to_query
from app.store import StoreSource
from extract.contract import spreadsheet_safe
from extract.corpus.store import write_store


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    return write_store(tmp_path_factory.mktemp("store") / "sample.duckdb", sample_tables())


@pytest.fixture(scope="module")
def store(store_path):
    return StoreSource(store_path)


@pytest.fixture(scope="module")
def allowed(store):
    return store.snapshot().allowed


@pytest.fixture(scope="module")
def client(store_path):
    return create_app(store_path).server.test_client()


def view(allowed, **changes) -> dict:
    return {**View.default(allowed).data(), **changes}


# --- URL state ----------------------------------------------------------------------

VIEWS = [
    {},
    {"metric": "job_fairs", "regions": ("430100", "430200"), "year": "2022"},
    {"metric": "rural_labor_transfer", "years": (2016, 2020), "year": "2016-2020", "regions": ("620702",)},
    {"kinds": ("level", "target"), "level": "mix", "lang": "en", "tab": "trend", "undated": True},
    {"rollup": True, "level": "province", "metric": "job_fairs"},
    {"kinds": (), "sources": ("大公報", "-"), "regions": ("长株潭",), "tab": "table"},
    {"freq": "part", "tab": "trend"},
    {"stated": True, "undated": True},
]


@pytest.mark.parametrize("changes", VIEWS, ids=[json.dumps(v, ensure_ascii=False) for v in VIEWS])
def test_url_round_trip(allowed, changes):
    original = View(**{**View.default(allowed).__dict__, **changes})
    query = to_query(original, allowed)
    assert parse_query(query, allowed) == (original, [])


def test_default_view_has_an_empty_query(allowed):
    assert to_query(View.default(allowed), allowed) == ""
    assert parse_query("", allowed) == (View.default(allowed), [])


def test_url_keeps_chinese_readable_after_decoding(allowed):
    query = to_query(View(**{**View.default(allowed).__dict__, "regions": ("长株潭",)}), allowed)
    assert "%E9%95%BF" in query  # 长, percent-encoded
    assert parse_query(query, allowed)[0].regions == ("长株潭",)


BAD_URLS = [
    ("?region=火星市&metric=job_fairs", "地区“火星市”不在可选列表中", {"metric": "job_fairs", "regions": ()}),
    ("?metric=DROP TABLE claims", "指标“DROP TABLE claims”", {"metric": "urban_new_jobs"}),
    ("?from=1900&to=2022", "年份范围", {"years": (2016, 2022)}),
    ("?from=abc", "年份范围", {"years": (2016, 2022)}),
    ("?lang=en&kind=guess", "kind “guess” is not one of the choices", {"lang": "en", "kinds": ()}),
    ("?group=火星人", "人群“火星人”不在可选列表中", {"group": ""}),
    ("?freq=weekly", "时段“weekly”不在可选列表中", {"freq": "year"}),
]


@pytest.mark.parametrize("search, message, kept", BAD_URLS, ids=[b[0] for b in BAD_URLS])
def test_bad_url_values_are_dropped_and_said(allowed, search, message, kept):
    parsed, errors = parse_query(search, allowed)
    assert any(message in e for e in errors), errors
    for field, value in kept.items():
        assert getattr(parsed, field) == value


CRAFTED = [
    ("a region outside the list", {"regions": ["火星市"]}, "火星市"),
    ("a region that is not a string", {"regions": [{"$ne": 1}]}, "地区的格式不对"),
    ("regions that are not a list", {"regions": 5}, "地区的格式不对"),
    ("a metric outside the list", {"metric": "<script>"}, "<script>"),
    ("years out of range", {"years": [1800, 2022]}, "年份范围"),
    ("years the wrong way round", {"years": [2022, 2016]}, "年份范围"),
    ("a level outside the list", {"level": "planet"}, "planet"),
    ("a language outside the list", {"lang": "fr"}, "语言"),
    ("undated not a boolean", {"undated": "yes"}, "无年份"),
    ("sums not a boolean", {"rollup": 1}, "下级合计"),
]


@pytest.mark.parametrize("why, changes, message", CRAFTED, ids=[c[0] for c in CRAFTED])
def test_strict_rejects_crafted_values(allowed, why, changes, message):
    with pytest.raises(InvalidInput, match=message.replace("$", r"\$")):
        strict(view(allowed, **changes), allowed)


def test_strict_rejects_a_view_that_is_not_a_dict(allowed):
    with pytest.raises(InvalidInput):
        strict(["urban_new_jobs"], allowed)


@pytest.mark.parametrize("why, changes, message", CRAFTED, ids=[c[0] for c in CRAFTED])
def test_every_panel_answers_a_crafted_view_with_words(store, allowed, client, why, changes, message):
    data = view(allowed, **changes)
    fig, notes, _ = compare.update(store, data)
    assert "请求无效" in notes[0] and not fig["data"]
    fig, notes = trend.update(store, data)
    assert "请求无效" in notes[0] and not fig["data"]
    rows, _, note, _ = table.update(store, data)
    assert rows == [] and "请求无效" in note
    _, note = evidence.update(store, data)
    assert "请求无效" in note
    assert evidence.page(store, data, {"startRow": 0, "endRow": 20}) == {"rowData": [], "rowCount": 0}


def test_check_reports_every_bad_value_at_once(allowed):
    _, errors = check({"regions": ["火星市", "430200", "月球县"], "level": "x"}, allowed)
    assert len(errors) == 3


# --- the sync callback: URL ↔ controls ---------------------------------------------------


def test_sync_from_url_sets_controls(allowed):
    search, values, data, errors = controls.sync(allowed, "url", "?metric=job_fairs&region=430100&undated=1", {})
    assert values["metric"] == "job_fairs" and values["regions"] == ["430100"] and values["undated"] == ["1"]
    assert data["metric"] == "job_fairs" and errors == []


def test_sync_from_controls_writes_url(allowed):
    values = controls.control_values(View.default(allowed))
    values.update(metric="job_fairs", regions=["430100"], years=[2021, 2022])
    search, kept, data, errors = controls.sync(allowed, "ctl-regions", "", values)
    assert search == "?metric=job_fairs&region=430100&from=2021&to=2022"
    assert data["regions"] == ["430100"] and errors == []


def test_sync_rejects_crafted_control_values(allowed):
    values = controls.control_values(View.default(allowed))
    values["regions"] = ["火星市"]
    search, kept, data, errors = controls.sync(allowed, "ctl-regions", "", values)
    assert errors and "火星市" in errors[0]
    assert data is controls.no_update and search is controls.no_update


def test_control_options_are_the_allow_lists(store, allowed):
    snap = store.snapshot()
    for lang in ("zh", "en"):
        opts = controls.options(snap, lang)
        assert [o["value"] for o in opts["metric"]] == list(allowed.metrics)
        assert [o["value"] for o in opts["regions"]] == list(allowed.regions)
        assert [o["value"] for o in opts["sources"]] == list(allowed.sources)
    zh = controls.options(snap, "zh")["metric"][0]["label"]
    en = controls.options(snap, "en")["metric"][0]["label"]
    assert zh.startswith("城镇新增就业 · New urban jobs") and en.startswith("New urban jobs · 城镇新增就业")


# --- panels ---------------------------------------------------------------------------


def bars(fig: dict) -> dict[str, dict]:
    """label → (value, text, hover, pattern, outline width) of every bar drawn."""
    out = {}
    for trace in fig["data"]:
        for i, label in enumerate(trace["y"]):
            out[label] = {"value": trace["x"][i], "text": trace["text"][i], "hover": trace["hovertext"][i],
                          "pattern": trace["marker"]["pattern"]["shape"][i],
                          "outline": trace["marker"]["line"]["width"][i]}
    return out


def test_compare_marks_lower_bounds_and_says_so_on_hover(store, allowed):
    fig, notes, legend = compare.update(store, view(allowed, metric="job_fairs", level="mix"))
    drawn = bars(fig)
    assert drawn["湖南省（省）"]["pattern"] == "/" and drawn["株洲市（市）"]["pattern"] == "." and \
        drawn["长沙市（市）"]["pattern"] == ""
    assert "1600余场" in drawn["湖南省（省）"]["hover"] and "下限" in drawn["湖南省（省）"]["hover"]
    assert "来源：1 篇文档：经济日报《从面对面到屏对屏——各地稳就业举措亮点纷呈》" in drawn["长沙市（市）"]["hover"]
    assert "斜纹" in legend


def test_compare_is_like_with_like_by_default(store, allowed):
    fig, notes, _ = compare.update(store, view(allowed, metric="job_fairs"))
    assert set(bars(fig)) == {"株洲市", "长沙市"}  # 2022: cities with cities (湘潭市's figure is of 2021)
    assert "当前比较：市" in notes
    fig, notes, _ = compare.update(store, view(allowed, metric="job_fairs", regions=["430100", "620000"]))
    assert list(bars(fig)) == ["长沙市"]  # a tie: the first chosen region's level
    assert "只比较市级地区；未显示：甘肃省。选择“混合级别”可一起显示。" in notes


def test_compare_never_shares_an_axis_between_units(store, allowed):
    fig, notes, _ = compare.update(store, view(allowed, metric="employers", level="mix"))
    assert len(fig["data"]) == 2
    titles = {a["text"] for a in fig["layout"]["annotations"] if a.get("name") != "source-note"}
    assert titles == {"单位：家", "单位：家次"}
    assert {tr["xaxis"] for tr in fig["data"]} == {"x", "x2"}
    assert any("不同" in n and "家次" in n for n in notes)


def test_a_figure_two_documents_state_is_drawn_once_and_says_so(store, allowed):
    fig, _, _ = compare.update(store, view(allowed, metric="job_posts", regions=["长株潭"], year="2021"))
    (bar,) = bars(fig).values()
    assert bar["value"] == 90000 and bar["text"] == "9万余 ·2源"
    assert "来源：2 篇文档：株洲日报《2021年“就业创业”工作有这些大事》" in bar["hover"]  # 000 and its PDF copy
    fig, _, _ = compare.update(store, view(allowed, regions=["430200"]))
    assert "来源：2 篇文档：大公報《株洲市就業工作》、株洲市人社局《全力稳就业 筑牢压舱石》" in bars(fig)["株洲市"]["hover"]


def test_a_conflict_is_marked_without_colour_and_its_hover_names_the_rival(store, allowed):
    fig, _, legend = compare.update(store, view(allowed, regions=["620702"], year="2021"))
    bar = bars(fig)["甘州区"]
    assert bar["value"] == 8303 and bar["text"] == "8303 ⚠" and bar["outline"] == 3
    assert "⚠ 各来源数字不一致，另有：8300（甘肃日报《甘州区就业工作综述》）" in bar["hover"]
    assert "张掖日报《稳住民生“压舱石”》" in bar["hover"]
    assert "⚠" in legend
    fig, _ = trend.update(store, view(allowed, regions=["620702"]))
    point = fig["data"][0]
    assert point["marker"]["symbol"][point["x"].index(2021)] == "x" and "⚠" in point["text"][0]


def test_compare_escapes_text_plotly_would_read_as_markup(store, allowed):
    fig, _, _ = compare.update(store, view(allowed, regions=["430300"]))
    hover = bars(fig)["湘潭市"]["hover"]
    assert '=HYPERLINK(&quot;' not in hover and "=HYPERLINK(\"http://example.invalid\"" in hover


def test_compare_sends_only_the_bars_it_draws(store, allowed, monkeypatch):
    monkeypatch.setattr(compare, "MAX_BARS", 1)
    fig, notes, _ = compare.update(store, view(allowed, metric="job_fairs", level="mix"))
    assert list(bars(fig)) == ["湖南省（省）"]
    assert "每个单位只显示数值最大的 1 个地区（共 4 个）；选择地区可查看其他地区。" in notes


def test_sums_only_when_asked_labelled_and_complete(store, allowed):
    fig, notes, _ = compare.update(store, view(allowed, level="province"))
    assert "湖南省（各市合计）" not in bars(fig)
    fig, notes, _ = compare.update(store, view(allowed, level="province", rollup=True))
    total = bars(fig)["湖南省（各市合计）"]
    assert total["value"] == 89300 and total["pattern"] == "x" and total["text"].endswith("Σ")
    assert "2 个下级地区之和：株洲市 5.83万、湘潭市 3.1万" in total["hover"]
    fig, notes, _ = compare.update(store, view(allowed, metric="job_fairs", level="province", rollup=True))
    assert set(bars(fig)) == {"湖南省", "甘肃省"}  # the province's own figure, never replaced by a sum
    assert "湖南省 2022：不显示各市合计，缺少：湘潭市。" in notes


def test_sums_in_the_table_and_the_trend(store, allowed):
    rows, _, note, _ = table.update(store, view(allowed, level="province", rollup=True))
    assert rows[0]["region"] == "湖南省（各市合计）" and rows[0]["2022"] == "8.93万 Σ"
    fig, _ = trend.update(store, view(allowed, level="province", rollup=True))
    (line,) = fig["data"]
    assert line["name"] == "湖南省（各市合计）" and line["line"]["dash"] == "dash"


def test_empty_state_says_so_in_words(store, allowed):
    data = view(allowed, regions=["620000"])  # 甘肃省 has no 城镇新增就业
    fig, notes, _ = compare.update(store, data)
    assert notes[0].startswith("没有符合筛选条件的数字：城镇新增就业，甘肃省")
    assert fig["layout"]["annotations"][0]["text"].startswith("没有符合筛选条件的数字")
    _, notes = trend.update(store, data)
    assert notes[0].startswith("没有符合")
    rows, _, note, _ = table.update(store, data)
    assert rows == [] and note.startswith("没有符合")
    _, note = evidence.update(store, data)
    assert note.startswith("没有符合")
    _, notes, _ = compare.update(store, {**data, "lang": "en"})
    assert notes[0].startswith("No figures match this filter")


def test_trend_draws_targets_as_markers_against_levels(store, allowed):
    fig, notes = trend.update(store, view(allowed, regions=["620702"], kinds=["level", "target"]))
    modes = {tr["name"]: tr["mode"] for tr in fig["data"]}
    assert modes == {"甘州区": "lines+markers+text", "甘州区（目标）": "markers"}
    assert {tr["yaxis"] for tr in fig["data"]} == {"y"}  # same unit, same axis
    target = next(tr for tr in fig["data"] if tr["mode"] == "markers")
    assert target["x"] == [2022] and target["marker"]["symbol"][0] == "star-open"


def test_trend_says_spans_are_elsewhere(store, allowed):
    _, notes = trend.update(store, view(allowed, metric="rural_labor_transfer", regions=["620702"]))
    assert any("2016-2020" in n for n in notes)


def test_table_shows_missing_as_missing(store, allowed):
    rows, columns, _, legend = table.update(store, view(allowed, metric="rural_labor_transfer", level="mix"))
    by_region = {r["region"]: r for r in rows}
    assert by_region["株洲市"]["2022"] == "2.17万" and by_region["株洲市"]["2021"] == "—"
    assert by_region["甘州区"]["2016-2020"] == "42.21万"
    assert [c["field"] for c in columns][-3:] == ["2016-2020", "2021", "2022"]
    assert "不是 0" in legend


def test_table_marks_sources_and_conflicts(store, allowed):
    rows, _, _, _ = table.update(store, view(allowed, level="mix"))
    by_region = {r["region"]: r for r in rows}
    assert by_region["株洲市"]["2022"] == "5.83万 ·2源" and by_region["甘州区"]["2021"] == "8303 ⚠"


def page(store, allowed, request=None, **changes):
    return evidence.page(store, view(allowed, **changes), request or {"startRow": 0, "endRow": 20, "sortModel": []})


def test_evidence_rows_mark_the_figure(store, allowed):
    columns, note = evidence.update(store, view(allowed, regions=["430300"]))
    response = page(store, allowed, regions=["430300"])
    (row,) = response["rowData"]
    assert response["rowCount"] == 1 and "共 1 个原文数字" in note
    assert (row["before"], row["marked"]) == ("-2022年湘潭市城镇新增就业", "3.1万人")
    assert row["after"].startswith("<b>粗体</b>")  # plain text; the grid renders it as text
    assert next(c for c in columns if c["field"] == "sentence")["cellRenderer"] == "MarkedSentence"
    assert row["title"].startswith("=HYPERLINK")


def test_evidence_lists_every_claim_behind_a_fact(store, allowed):
    response = page(store, allowed, metric="job_posts", regions=["长株潭"])
    assert sorted(r["doc_id"] for r in response["rowData"]) == ["zz_2022", "zz_2022_pdf"]
    assert {r["facts"] for r in response["rowData"]} == {"● 图中数字 2 源"}  # the figure drawn, stated twice


def test_evidence_pages_come_from_the_server(store, allowed):
    request = {"startRow": 1, "endRow": 3, "sortModel": [{"colId": "value", "sort": "desc"}]}
    response = page(store, allowed, request, kinds=[], level="mix", undated=True, metric="other")
    assert response["rowCount"] == 3 and [r["value"] for r in response["rowData"]] == [100, 94]


@pytest.mark.parametrize("request_", [
    {"startRow": 0, "endRow": 20, "sortModel": [{"colId": "value) DESC; DROP TABLE claims; --", "sort": "asc"}]},
    {"startRow": -5, "endRow": 20}, {"startRow": "0", "endRow": 20}, {"startRow": 0, "endRow": 20,
                                                                      "sortModel": [{"colId": "value", "sort": "up"}]},
    "rows please",
])
def test_evidence_refuses_crafted_page_requests(store, allowed, request_):
    assert evidence.page(store, view(allowed), request_) == {"rowData": [], "rowCount": 0}


def test_evidence_sends_at_most_a_few_hundred_rows(store, allowed):
    assert evidence._bounds({"startRow": 0, "endRow": 10**9}) == (0, evidence.MAX_ROWS_PER_REQUEST)


def test_document_view_marks_every_claim_and_shows_text_as_text(store, allowed):
    row = page(store, allowed, regions=["430300"])["rowData"][0]
    children = evidence.document(store, {"rowId": row["claim_id"]}, view(allowed))
    text = children[-1].children
    marks = [c for c in text if not isinstance(c, str)]
    assert [m.children for m in marks] == ["3.1万人", "1.2万个"]
    assert marks[0].className == "claim current" and marks[1].className == "claim"
    assert any("<script>alert(1)</script>" in c for c in text if isinstance(c, str))  # a string: Dash escapes it


@pytest.mark.parametrize("clicked", [{"rowId": "no-such-claim"}, {"rowId": ["x"]}, "x", {"colId": "value"}])
def test_document_view_rejects_unknown_claims(store, allowed, clicked):
    children = evidence.document(store, clicked, view(allowed))
    assert "请求无效" in children[0].children


def test_document_view_before_any_click(store, allowed):
    assert "点击" in evidence.document(store, None, view(allowed))[0].children


# --- downloads ------------------------------------------------------------------------


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content[3:].decode("utf-8"))))


def get(client, path: str):
    response = client.get(path)
    return response, response.get_data()


def filename(response) -> str:
    from urllib.parse import unquote
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=\"")
    return unquote(disposition.split("filename*=UTF-8''")[1])


def test_view_download_is_the_view_s_facts(client):
    response, content = get(client, "/download/view.csv?metric=job_posts&region=长株潭&from=2021&to=2021")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert filename(response) == "就业数字_提供岗位_当前视图.csv"
    header, *rows = read_csv(content)
    assert header == downloads.FACTS_CSV + ["headline"]
    (row,) = rows  # one fact, though two documents state it
    cell = dict(zip(header, row))
    assert (cell["value"], cell["n_sources"], cell["conflict"], cell["qualifier"]) == ("90000", "2", "False", "more_than")
    assert (cell["period"], cell["group"], cell["headline"]) == ("", "", "True")
    assert len(cell["claim_ids"].split()) == 2


def test_evidence_download_escapes_formulas_and_keeps_numbers(client):
    response, content = get(client, "/download/evidence.csv?region=430300&metric=job_posts")
    header, row = read_csv(content)
    cell = dict(zip(header, row))
    assert cell["sentence"] == "'＝全市提供岗位1.2万个。"  # full-width ＝ escaped too
    assert cell["title"] == "'=HYPERLINK(\"http://example.invalid\",\"点我\")"
    assert cell["value"] == "12000" and cell["start"].isdigit()  # numbers stay numbers
    _, content = get(client, "/download/evidence.csv?region=430300")
    header, row = read_csv(content)
    assert dict(zip(header, row))["sentence"].startswith("'-2022年湘潭市")


def test_wide_download(client):
    response, content = get(client, "/download/wide.csv?metric=rural_labor_transfer&level=mix")
    assert filename(response) == "就业数字_农村劳动力转移就业_地区年份表.csv"
    rows = read_csv(content)
    assert rows[0] == ["地区", "地区代码", "级别", "单位", "类型", "人群", "时段", "2016-2020", "2021", "2022"]
    by_region = {r[0]: r for r in rows[1:]}
    assert by_region["株洲市"][5:7] == ["全体（不分人群）", ""]  # every row says its population and period
    assert by_region["株洲市"][7:] == ["", "", "21700"]  # missing is empty, never 0
    assert by_region["甘州区"][7:] == ["422100", "84300", ""]


def test_wide_download_in_english_with_sums(client):
    response, content = get(client, "/download/wide.csv?lang=en&level=province&sum=1")
    assert filename(response) == "jiuye_New urban jobs_region_by_year.csv"
    rows = read_csv(content)
    assert rows[0][:5] == ["Region", "Region code", "Level", "Unit", "Kind"]
    assert rows[1][:2] == ["湖南省 Hunan (sum of cities)", ""] and rows[1][-1] == "89300"


def test_all_claims_download_is_every_claim(client, store):
    response, content = get(client, "/download/claims.csv")
    assert filename(response) == "就业数字_全部.csv"
    rows = read_csv(content)
    n = store.snapshot().cursor().execute("SELECT count(*) FROM claims_v").fetchall()[0][0]
    assert len(rows) - 1 == n and any("5.83萬人" in r for r in rows)
    assert rows[0][-4:] == ["fact_id", "title", "date", "source"]


def test_facts_download_counts_each_fact_once(client, store):
    response, content = get(client, "/download/facts.csv")
    assert filename(response) == "facts.csv"
    header, *rows = read_csv(content)
    assert header == ["fact_id", "region", "region_code", "metric", "kind", "year", "period", "group", "value", "unit",
                      "qualifier", "n_sources", "conflict", "claim_ids"]
    n = store.snapshot().cursor().execute("SELECT count(*) FROM facts_v").fetchall()[0][0]
    assert len(rows) == n and len({r[0] for r in rows}) == n
    conflicting = [dict(zip(header, r)) for r in rows if r[header.index("conflict")] == "True"]
    assert sorted(c["value"] for c in conflicting) == ["8300", "8303"]


@pytest.mark.parametrize("path", [
    "/download/../../etc/passwd", "/download/..%2F..%2Fetc%2Fpasswd", "/download/%2Fetc%2Fpasswd",
    "/download/claims.csv%00.txt", "/download/documents.csv", "/download/C:\\Windows\\win.ini",
    "/download/~root", "/download/sub/claims.csv",
])
def test_downloads_refuse_anything_not_on_their_list(client, path):
    response, content = get(client, path)
    assert response.mimetype != "text/csv" and b"root:" not in content and not content.startswith(b"\xef\xbb\xbf")
    assert response.status_code in (400, 404) or b"<!DOCTYPE html>" in content  # refused, or Dash's own page


def test_downloads_refuse_a_crafted_view_with_words(client):
    response, content = get(client, "/download/view.csv?region=火星市")
    assert response.status_code == 400 and "地区“火星市”不在可选列表中" in content.decode("utf-8")


def test_download_names_follow_rfc_5987(client):
    response, _ = get(client, "/download/claims.csv")
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=\"jiuye_all_claims.csv\"; filename*=UTF-8''%E5%B0%B1%E4%B8%9A%E6%95%B0%E5%AD%97_%E5%85%A8%E9%83%A8.csv")


def test_download_links_follow_the_view(store, allowed):
    links = downloads.hrefs(store, view(allowed, metric="job_fairs", lang="en"))
    assert links == ["/download/view.csv?metric=job_fairs&lang=en", "/download/evidence.csv?metric=job_fairs&lang=en",
                     "/download/wide.csv?metric=job_fairs&lang=en", "/download/claims.csv?lang=en",
                     "/download/facts.csv?lang=en"]


def test_downloads_stream_in_batches(store, monkeypatch):
    monkeypatch.setattr(downloads, "BATCH", 2)
    _, chunks = downloads.stream(store, "claims.csv")
    chunks = list(chunks)
    n = store.snapshot().cursor().execute("SELECT count(*) FROM claims_v").fetchall()[0][0]
    assert len(chunks) == 1 + -(-n // 2)  # the header, then a chunk per batch of rows


# --- the app ---------------------------------------------------------------------------


def test_serve_defaults_are_safe():
    params = inspect.signature(serve).parameters
    assert params["host"].default == "127.0.0.1" and params["debug"].default is False and params["port"].default == 8050


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="jiuye extract"):
        create_app(tmp_path / "none.duckdb")


def test_the_page_is_built_from_the_store_s_current_version(tmp_path):
    tables = sample_tables()
    path = write_store(tmp_path / "s.duckdb", tables)
    app = create_app(path)
    assert "甘州区" in json.dumps(app.layout().to_plotly_json(), ensure_ascii=False, default=str)
    tables["claims"] = tables["claims"][tables["claims"]["region"] != "甘州区"]
    tables["facts"] = tables["facts"][tables["facts"]["region"] != "甘州区"]
    write_store(path, tables)
    assert "甘州区" not in json.dumps(app.layout().to_plotly_json(), ensure_ascii=False, default=str)


def _post(client, output: str, outputs, inputs: list, changed: list[str], state: list | None = None):
    body = {"output": output, "outputs": outputs, "inputs": inputs, "changedPropIds": changed, "state": state or []}
    return client.post("/_dash-update-component", json=body)


def test_crafted_http_request_gets_an_error_not_a_traceback(client, allowed):
    crafted = view(allowed, regions=["火星市"])
    response = _post(client, "..compare-graph.figure...compare-note.children...compare-legend.children..",
                     [{"id": "compare-graph", "property": "figure"}, {"id": "compare-note", "property": "children"},
                      {"id": "compare-legend", "property": "children"}],
                     [{"id": "view", "property": "data", "value": crafted}], ["view.data"])
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Traceback" not in body
    assert "火星市" in json.loads(body)["response"]["compare-note"]["children"]


def test_crafted_http_request_to_the_document_view(client, allowed):
    response = _post(client, "document-view.children",
                     {"id": "document-view", "property": "children"},
                     [{"id": "evidence-grid", "property": "cellClicked", "value": {"rowId": "../../etc/passwd"}}],
                     ["evidence-grid.cellClicked"], [{"id": "view", "property": "data", "value": view(allowed)}])
    assert response.status_code == 200
    children = json.loads(response.get_data(as_text=True))["response"]["document-view"]["children"]
    assert children[0]["props"]["children"].startswith("请求无效：数字“../../etc/passwd”")


def test_claims_csv_reads_back_as_the_store_holds_it(client, store):
    """Every cell of the streamed claims.csv is the store's value (text formula-escaped, numbers as numbers)."""
    header, *rows = read_csv(get(client, "/download/claims.csv")[1])
    cur = store.snapshot().cursor()
    result = cur.execute("""SELECT c.*, d.title, coalesce(strftime(d.date, '%Y-%m-%d'), '') AS date, d.source
                            FROM store.claims c LEFT JOIN store.documents d USING (doc_id)""")
    names = [d[0] for d in result.description]
    expected = {r[0]: dict(zip(names, r)) for r in result.fetchall()}
    assert header == names and len(rows) == len(expected)

    def as_written(value) -> str:
        if value is None:
            return ""
        if isinstance(value, float):
            return str(int(value)) if value.is_integer() else repr(value)
        return spreadsheet_safe(value) if isinstance(value, str) else str(value)

    for row in rows:
        assert row == [as_written(expected[row[0]][n]) for n in names]


def test_evidence_puts_the_drawn_figure_first_and_greys_nothing_it_draws(store, allowed):
    response = page(store, allowed, regions=["620702"], year="2021")
    first, second = response["rowData"]
    assert (first["value"], first["facts"]) == (8303, "● 图中数字 ⚠ 分歧")  # the headline of its cell: 8303, not 8300
    assert (second["value"], second["facts"]) == (8300, "⚠ 分歧")
    assert first["eligible"] and second["eligible"]  # both whole-population whole-year figures
