"""The dashboard's callbacks as plain functions: URL state, allow-lists, panels, document view, downloads."""
from __future__ import annotations

import base64
import csv
import inspect
import io
import json

import pytest
from app_fixtures import sample_tables

from app import compare, controls, create_app, downloads, evidence, serve, table, trend
from app.data import load_store
from app.state import Allowed, InvalidInput, View, check, parse_query, strict, to_query
from extract.store import write_store


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    return write_store(tmp_path_factory.mktemp("store") / "sample.duckdb", sample_tables())


@pytest.fixture(scope="module")
def store(store_path):
    return load_store(store_path)


@pytest.fixture(scope="module")
def allowed(store):
    return Allowed.of(store)


def view(allowed, **changes) -> dict:
    return {**View.default(allowed).data(), **changes}


# --- URL state ----------------------------------------------------------------------

VIEWS = [
    {},
    {"metric": "job_fairs", "regions": ("430100", "430200"), "year": "2022"},
    {"metric": "rural_labor_transfer", "years": (2016, 2020), "year": "2016-2020", "regions": ("620702",)},
    {"kinds": ("level", "target"), "level": "mix", "lang": "en", "tab": "trend", "undated": True},
    {"kinds": (), "sources": ("大公報", "-"), "regions": ("长株潭",), "tab": "table"},
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
]


@pytest.mark.parametrize("why, changes, message", CRAFTED, ids=[c[0] for c in CRAFTED])
def test_strict_rejects_crafted_values(allowed, why, changes, message):
    with pytest.raises(InvalidInput, match=message.replace("$", r"\$")):
        strict(view(allowed, **changes), allowed)


def test_strict_rejects_a_view_that_is_not_a_dict(allowed):
    with pytest.raises(InvalidInput):
        strict(["urban_new_jobs"], allowed)


@pytest.mark.parametrize("why, changes, message", CRAFTED, ids=[c[0] for c in CRAFTED])
def test_every_panel_answers_a_crafted_view_with_words(store, allowed, why, changes, message):
    data = view(allowed, **changes)
    fig, notes, _ = compare.update(store, allowed, data)
    assert "请求无效" in notes[0] and not fig.data
    fig, notes = trend.update(store, allowed, data)
    assert "请求无效" in notes[0] and not fig.data
    rows, _, note, _ = table.update(store, allowed, data)
    assert rows == [] and "请求无效" in note
    rows, _, note = evidence.update(store, allowed, data)
    assert rows == [] and "请求无效" in note
    for which in downloads.KINDS_OF_DOWNLOAD:
        sent, error = downloads.send(store, allowed, which, 1, data)
        assert "请求无效" in error


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
    for lang in ("zh", "en"):
        opts = controls.options(store, allowed, lang)
        assert [o["value"] for o in opts["metric"]] == list(allowed.metrics)
        assert [o["value"] for o in opts["regions"]] == list(allowed.regions)
        assert [o["value"] for o in opts["sources"]] == list(allowed.sources)
    zh = controls.options(store, allowed, "zh")["metric"][0]["label"]
    en = controls.options(store, allowed, "en")["metric"][0]["label"]
    assert zh.startswith("城镇新增就业 · New urban jobs") and en.startswith("New urban jobs · 城镇新增就业")


# --- panels ---------------------------------------------------------------------------


def test_compare_marks_lower_bounds_and_says_so_on_hover(store, allowed):
    fig, notes, legend = compare.update(store, allowed, view(allowed, metric="job_fairs", level="mix"))
    bars = fig.data[0]
    shapes = dict(zip(bars.y, bars.marker.pattern.shape))
    assert shapes["湖南省（省）"] == "/" and shapes["株洲市（市）"] == "." and shapes["长沙市（市）"] == ""
    hover = dict(zip(bars.y, bars.hovertext))
    assert "1,600+ 场" in hover["湖南省（省）"] and "下限" in hover["湖南省（省）"]
    assert "来源：1 篇文档，1 个数字" in hover["长沙市（市）"]
    assert "斜纹" in legend


def test_compare_is_like_with_like_by_default(store, allowed):
    fig, notes, _ = compare.update(store, allowed, view(allowed, metric="job_fairs"))
    assert set(fig.data[0].y) == {"湖南省", "甘肃省"}  # provinces with provinces
    assert "当前比较：省" in notes
    fig, notes, _ = compare.update(store, allowed, view(allowed, metric="job_fairs", regions=["430100", "620000"]))
    assert list(fig.data[0].y) == ["长沙市"]  # a tie: the first chosen region's level
    assert "只比较市级地区；未显示：甘肃省。选择“混合级别”可一起显示。" in notes


def test_compare_never_shares_an_axis_between_units(store, allowed):
    fig, notes, _ = compare.update(store, allowed, view(allowed, metric="employers", level="mix"))
    assert len(fig.data) == 2
    assert {a.text for a in fig.layout.annotations} == {"单位：家", "单位：家次"}
    assert {tr.xaxis for tr in fig.data} == {"x", "x2"}
    assert any("不同" in n and "家次" in n for n in notes)


def test_compare_counts_sources_across_documents(store, allowed):
    fig, _, _ = compare.update(store, allowed, view(allowed, regions=["430200"]))
    assert "来源：2 篇文档，2 个数字" in fig.data[0].hovertext[0]


def test_compare_escapes_text_plotly_would_read_as_markup(store, allowed):
    fig, _, _ = compare.update(store, allowed, view(allowed, regions=["430300"]))
    assert '=HYPERLINK(&quot;' not in fig.data[0].hovertext[0]
    assert "=HYPERLINK(\"http://example.invalid\"" in fig.data[0].hovertext[0]


def test_empty_state_says_so_in_words(store, allowed):
    data = view(allowed, regions=["620000"])  # 甘肃省 has no 城镇新增就业
    fig, notes, _ = compare.update(store, allowed, data)
    assert notes[0].startswith("没有符合筛选条件的数字：城镇新增就业，甘肃省")
    assert fig.layout.annotations[0].text.startswith("没有符合筛选条件的数字")
    _, notes = trend.update(store, allowed, data)
    assert notes[0].startswith("没有符合")
    rows, _, note, _ = table.update(store, allowed, data)
    assert rows == [] and note.startswith("没有符合")
    rows, _, note = evidence.update(store, allowed, data)
    assert rows == [] and note.startswith("没有符合")
    _, notes, _ = compare.update(store, allowed, {**data, "lang": "en"})
    assert notes[0].startswith("No figures match this filter")


def test_trend_draws_targets_as_markers_against_levels(store, allowed):
    fig, notes = trend.update(store, allowed, view(allowed, regions=["620702"], kinds=["level", "target"]))
    modes = {tr.name: tr.mode for tr in fig.data}
    assert modes == {"甘州区": "lines+markers+text", "甘州区（目标）": "markers"}
    assert {tr.yaxis for tr in fig.data} == {"y"}  # same unit, same axis
    target = next(tr for tr in fig.data if tr.mode == "markers")
    assert list(target.x) == [2022] and target.marker.symbol[0] == "star-open"


def test_trend_says_spans_are_elsewhere(store, allowed):
    _, notes = trend.update(store, allowed, view(allowed, metric="rural_labor_transfer", regions=["620702"]))
    assert any("2016-2020" in n for n in notes)


def test_table_shows_missing_as_missing(store, allowed):
    rows, columns, _, legend = table.update(store, allowed, view(allowed, metric="rural_labor_transfer", level="mix"))
    by_region = {r["region"]: r for r in rows}
    assert by_region["株洲市"]["2022"] == "21,700" and by_region["株洲市"]["2021"] == "—"
    assert by_region["甘州区"]["2016-2020"] == "422,100"
    assert [c["field"] for c in columns][-3:] == ["2016-2020", "2021", "2022"]
    assert "不是 0" in legend


def test_evidence_rows_mark_the_figure(store, allowed):
    rows, columns, note = evidence.update(store, allowed, view(allowed, regions=["430300"]))
    (row,) = rows
    assert (row["before"], row["marked"]) == ("-2022年湘潭市城镇新增就业", "3.1万人")
    assert row["after"].startswith("<b>粗体</b>")  # plain text; the grid renders it as text
    assert next(c for c in columns if c["field"] == "sentence")["cellRenderer"] == "MarkedSentence"
    assert row["title"].startswith("=HYPERLINK")


def test_document_view_marks_every_claim_and_shows_text_as_text(store, allowed):
    rows, _, _ = evidence.update(store, allowed, view(allowed, regions=["430300"]))
    children = evidence.document(store, allowed, {"rowId": rows[0]["claim_id"]}, view(allowed))
    text = children[-1].children
    marks = [c for c in text if not isinstance(c, str)]
    assert [m.children for m in marks] == ["3.1万人", "1.2万个"]
    assert marks[0].className == "claim current" and marks[1].className == "claim"
    assert any("<script>alert(1)</script>" in c for c in text if isinstance(c, str))  # a string: Dash escapes it


@pytest.mark.parametrize("clicked", [{"rowId": "no-such-claim"}, {"rowId": ["x"]}, "x", {"colId": "value"}])
def test_document_view_rejects_unknown_claims(store, allowed, clicked):
    children = evidence.document(store, allowed, clicked, view(allowed))
    assert "请求无效" in children[0].children


def test_document_view_before_any_click(store, allowed):
    assert "点击" in evidence.document(store, allowed, None, view(allowed))[0].children


# --- downloads ------------------------------------------------------------------------


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content[3:].decode("utf-8"))))


def test_view_download(store, allowed):
    name, content = downloads.file(store, allowed, "view", view(allowed, regions=["430300"], metric="job_posts"))
    assert name == "就业数字_提供岗位_当前视图.csv"
    header, row = read_csv(content)
    cell = dict(zip(header, row))
    assert cell["sentence"] == "'＝全市提供岗位1.2万个。"  # full-width ＝ escaped too
    assert cell["title"] == "'=HYPERLINK(\"http://example.invalid\",\"点我\")"
    assert cell["value"] == "12000" and cell["start"].isdigit()  # numbers stay numbers


def test_view_download_escapes_minus_and_keeps_negative_numbers_as_numbers(store, allowed):
    _, content = downloads.file(store, allowed, "view", view(allowed, regions=["430300"]))
    header, row = read_csv(content)
    assert dict(zip(header, row))["sentence"].startswith("'-2022年湘潭市")


def test_wide_download(store, allowed):
    name, content = downloads.file(store, allowed, "wide", view(allowed, metric="rural_labor_transfer", level="mix"))
    assert name == "就业数字_农村劳动力转移就业_地区年份表.csv"
    rows = read_csv(content)
    assert rows[0] == ["地区", "地区代码", "级别", "单位", "类型", "2016-2020", "2021", "2022"]
    by_region = {r[0]: r for r in rows[1:]}
    assert by_region["株洲市"][5:] == ["", "", "21700"]  # missing is empty, never 0
    assert by_region["甘州区"][5:] == ["422100", "84300", ""]


def test_wide_download_in_english(store, allowed):
    name, content = downloads.file(store, allowed, "wide", view(allowed, lang="en"))
    assert name == "jiuye_New urban jobs_region_by_year.csv"
    assert read_csv(content)[0][:5] == ["Region", "Region code", "Level", "Unit", "Kind"]


def test_all_download_is_every_claim(store, allowed):
    name, content = downloads.file(store, allowed, "all", view(allowed))
    assert name == "就业数字_全部.csv"
    rows = read_csv(content)
    assert len(rows) - 1 == len(store.claims)
    assert any("5.83萬人" in r for r in rows)


def test_send_keeps_the_bom(store, allowed):
    sent, error = downloads.send(store, allowed, "all", 1, view(allowed))
    assert error == "" and sent["base64"] and sent["filename"] == "就业数字_全部.csv"
    assert base64.b64decode(sent["content"]).startswith(b"\xef\xbb\xbf")


# --- the app ---------------------------------------------------------------------------


def test_serve_defaults_are_safe():
    params = inspect.signature(serve).parameters
    assert params["host"].default == "127.0.0.1" and params["debug"].default is False and params["port"].default == 8050


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="jiuye extract"):
        create_app(tmp_path / "none.duckdb")


def _post(client, output: str, outputs, inputs: list, changed: list[str], state: list | None = None):
    body = {"output": output, "outputs": outputs, "inputs": inputs, "changedPropIds": changed, "state": state or []}
    return client.post("/_dash-update-component", json=body)


def test_crafted_http_request_gets_an_error_not_a_traceback(store_path, allowed):
    app = create_app(store_path)
    client = app.server.test_client()
    crafted = view(allowed, regions=["火星市"])
    response = _post(client, "..compare-graph.figure...compare-note.children...compare-legend.children..",
                     [{"id": "compare-graph", "property": "figure"}, {"id": "compare-note", "property": "children"},
                      {"id": "compare-legend", "property": "children"}],
                     [{"id": "view", "property": "data", "value": crafted}], ["view.data"])
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Traceback" not in body
    assert "火星市" in json.loads(body)["response"]["compare-note"]["children"]


def test_crafted_http_request_to_the_document_view(store_path, allowed):
    app = create_app(store_path)
    response = _post(app.server.test_client(), "document-view.children",
                     {"id": "document-view", "property": "children"},
                     [{"id": "evidence-grid", "property": "cellClicked", "value": {"rowId": "../../etc/passwd"}}],
                     ["evidence-grid.cellClicked"], [{"id": "view", "property": "data", "value": view(allowed)}])
    assert response.status_code == 200
    children = json.loads(response.get_data(as_text=True))["response"]["document-view"]["children"]
    assert children[0]["props"]["children"].startswith("请求无效：数字“../../etc/passwd”")
