"""The region page, its downloads and the map, without a browser (issue 18, items 1, 2 and 6)."""
from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from app_fixtures import sample_tables

from app import create_app, map as map_tab, region_export, region_page
from app.chart_config import graph_config, source_note
from app.state import View, parse_query
from app.store import StoreSource
from extract.corpus.store import write_store


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    return write_store(tmp_path_factory.mktemp("region") / "sample.duckdb", sample_tables())


@pytest.fixture(scope="module")
def store(store_path):
    return StoreSource(store_path)


@pytest.fixture(scope="module")
def client(store_path):
    return create_app(store_path).server.test_client()


def data(store, **fields):
    return {**View.default(store.snapshot().allowed).data(), **fields}


def test_view_region_in_the_url_opens_the_region_tab(store):
    view, errors = parse_query("?view=region&region=430200", store.snapshot().allowed)
    assert not errors and view.tab == "region" and view.regions == ("430200",)


def test_region_measures_hold_the_latest_figure_of_each_measure(store):
    head, measures, _, csv_href, xlsx_href = region_page.update(store, data(store, regions=["430200"], tab="region"))
    text = str(measures)
    assert "5.83万人" in text and "近400场" in text and "2.17万人" in text
    assert "2 源" in text  # 5.83万 stated by two papers
    assert csv_href.startswith("/download/region.csv?") and "region=430200" in csv_href
    assert "湖南省" in str(head)  # the province it lies in, as a link


def test_no_region_chosen_says_how_to_choose_one(store):
    head, measures, *_ = region_page.update(store, data(store, tab="region"))
    assert "选择一个地区" in str(head) and measures == []


def test_a_province_page_ranks_its_cities_for_the_chosen_measure(store):
    fig, note = region_page.children_update(store, data(store, regions=["430000"], tab="region"))
    assert fig["data"][0]["y"] == ["株洲市", "湘潭市"]
    assert "/?view=region&region=430200" in fig["layout"]["yaxis"]["ticktext"][0]  # each name links to its page


def test_region_documents_latest_first(store):
    found = str(region_page.documents_update(store, data(store, regions=["430200"], tab="region")))
    assert found.index("2023-02-08") < found.index("2022-01-10")


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content[3:].decode("utf-8"))))


def test_region_csv_and_xlsx_hold_the_same_rows_and_name_the_filters(client, tmp_path):
    import openpyxl
    import pandas as pd

    query = "?view=region&region=430000&kind=level&kind=target"
    response = client.get("/download/region.csv" + query)
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    assert "%E6%B9%96%E5%8D%97%E7%9C%81" in response.headers["Content-Disposition"]  # 湖南省 in the name
    rows = _csv_rows(response.data)
    assert rows[0][:3] == ["地区", "地区代码", "级别"] and rows[1][0] == "湖南省"  # the region itself first
    regions = {r[0] for r in rows[1:]}
    assert {"株洲市", "湘潭市", "长沙市", "长株潭"} <= regions and "甘州区" not in regions  # inside 湖南 only
    assert any(r[1] == "430300" and r[8] == "31000" for r in rows)
    assert any(r[11].startswith("'") is False and r[0] == "湘潭市" for r in rows)
    xlsx = client.get("/download/region.xlsx" + query)
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    path = tmp_path / "region.xlsx"
    path.write_bytes(xlsx.data)
    frame = pd.read_excel(path, dtype=str, keep_default_na=False)
    assert list(frame.columns) == rows[0] and len(frame) == len(rows) - 1
    assert frame["地区"].tolist() == [r[0] for r in rows[1:]]
    sheet = openpyxl.load_workbook(path).active
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold


def test_region_download_file_name_says_the_filters(store):
    name, ascii_name, _, _ = region_export.export_rows(store, "?view=region&region=430200&from=2021&to=2022&kind=")
    assert name == "就业数字_株洲市_全部指标_2021-2022_全部类型"
    assert ascii_name == "jiuye_430200_all_measures_2021-2022_all_kinds"


@pytest.mark.parametrize("query, status", [("?view=region", 400), ("?region=%E7%81%AB%E6%98%9F%E5%B8%82", 400)])
def test_region_download_without_a_known_region_is_refused_in_words(client, query, status):
    response = client.get("/download/region.csv" + query)
    assert response.status_code == status and response.data.decode("utf-8").strip()


def test_region_path_redirects_and_refuses_paths(client):
    response = client.get("/region/430200")
    assert response.status_code == 302 and response.headers["Location"].endswith("/?view=region&region=430200")
    assert client.get("/region/%25..").status_code == 400  # a key, never a path


def test_map_of_provinces_grey_is_no_data_never_zero(store):
    fig, note, groups = map_tab.update(store, data(store, metric="job_fairs", tab="map"))
    grey, coloured = fig["data"]
    assert sorted(coloured["customdata"]) == ["430000", "620000"] and 0 not in coloured["z"]
    assert len(grey["locations"]) == 32 and all("无数据" in h for h in grey["hovertext"])
    assert grey["geojson"] == "/geo/provinces.json" and fig["layout"]["map"]["style"] == "white-bg"
    assert "灰色 = 无数据" in note


def test_map_of_one_province_shows_its_cities_and_lists_its_groups(store):
    fig, _, groups = map_tab.update(store, data(store, metric="job_posts", regions=["430000"], tab="map",
                                                year="2021"))
    assert fig["data"][0]["geojson"] == "/geo/cities-43.json"
    assert "长株潭" in str(groups) and "9万余个" in str(groups)


def test_geojson_is_served_from_here_and_only_known_scopes(client):
    response = client.get("/geo/cities-43.json")
    collection = json.loads(response.data)
    assert response.status_code == 200 and len(collection["features"]) == 14
    assert {f["properties"]["gb"][:5] for f in collection["features"]} == {"15643"}
    assert client.get("/geo/cities-4.json").status_code == 404
    assert client.get("/geo/world.json").status_code == 404


def test_a_map_click_opens_only_known_regions(store):
    view = data(store, tab="map", metric="job_fairs")
    assert map_tab.clicked_region(store, {"points": [{"customdata": "430000"}]}, view) == \
        "?metric=job_fairs&region=430000&tab=region"
    assert map_tab.clicked_region(store, {"points": [{"customdata": "<script>"}]}, view) == ""
    assert map_tab.clicked_region(store, None, view) == ""


def test_graph_config_is_offline_and_in_the_readers_language():
    config = graph_config("zh", "compare")
    assert config["showEditInChartStudio"] is False and config["showSendToCloud"] is False
    assert config["showLink"] is False and config["plotlyServerURL"] == ""
    assert config["locale"] == "zh-CN" and "Download plot as a PNG" in config["locales"]["zh-CN"]["dictionary"]
    assert graph_config("en", "compare")["locale"] == "en"


def test_source_note_names_the_papers_and_the_date():
    fig = source_note({"data": [{"type": "bar"}], "layout": {}},
                      {"f1": ["株洲日报《甲》", "大公報《乙》"], "f2": ["株洲日报《丙》"]}, "zh", date(2026, 1, 2))
    text = fig["layout"]["annotations"][-1]["text"]
    assert text.startswith("来源：株洲日报、大公報。") and "2026-01-02" in text


def test_a_towns_page_names_the_county_it_lies_in(tmp_path):
    from extract.corpus.update import update_store

    (tmp_path / "town.txt").write_text(
        "---\ntitle: 花石镇多举措促就业\ndate: 2023-05-06\n---\n"
        "今年以来，湘潭县花石镇组织劳务输出1200人，全镇新增就业320人。全县城镇新增就业3200人。\n", encoding="utf-8")
    update_store([tmp_path / "town.txt"], tmp_path / "town.duckdb")
    source = StoreSource(tmp_path / "town.duckdb")
    head, measures, *_ = region_page.update(source, data(source, regions=["花石镇"], tab="region"))
    assert "花石镇" in str(head) and "乡镇" in str(head) and "region=430321" in str(head)  # 上级：湘潭县
    assert "1200人" in str(measures)
    fig, _ = region_page.children_update(source, data(source, regions=["430321"], tab="region"))
    assert fig["data"][0]["y"] == ["花石镇"]  # the county's page lists its town
