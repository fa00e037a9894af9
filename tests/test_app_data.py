"""The dashboard's pure functions over the store: filter_claims, levels, the wide table, evidence marks."""
from __future__ import annotations

import math

import pandas as pd
import pytest
from app_fixtures import sample_tables

from app.data import (compare_frame, document_segments, filter_claims, mark_in_sentence, prepare, resolve_level,
                      trend_frame, wide_table, year_order)
from extract.store import write_store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from app.data import load_store
    path = write_store(tmp_path_factory.mktemp("store") / "sample.duckdb", sample_tables())
    return load_store(path)


def quotes(frame: pd.DataFrame) -> set[str]:
    return set(frame["quote"])


# Each row: the filter, and the quotes it must return — no more, no fewer.
FILTERS = [
    ("one metric, all regions, dated levels",
     dict(metric="urban_new_jobs"), {"5.83万人", "5.83萬人", "8303人", "3.1万人"}),
    ("a city", dict(metric="urban_new_jobs", regions=["430200"]), {"5.83万人", "5.83萬人"}),
    ("a year range leaves out 2022",
     dict(metric="urban_new_jobs", years=(2016, 2021)), {"8303人"}),
    ("a span counts only when it lies inside the range",
     dict(metric="rural_labor_transfer", years=(2016, 2020)), {"42.21万人"}),
    ("a span is outside a range that cuts it",
     dict(metric="rural_labor_transfer", years=(2018, 2022)), {"2.17万人", "8.43万人"}),
    ("targets only when asked", dict(metric="urban_new_jobs", kinds=["target"]), {"8500人以上"}),
    ("levels and targets", dict(metric="urban_new_jobs", regions=["620702"], kinds=["level", "target"]),
     {"8303人", "8500人以上"}),
    ("a province brings in what lies inside it",
     dict(metric="job_fairs", regions=["430000"]), {"近400场", "85场", "1600余场"}),
    ("... and a level picks among them",
     dict(metric="job_fairs", regions=["430000"], level="city"), {"近400场", "85场"}),
    ("a group has no code: its name is its key", dict(metric="job_posts", regions=["长株潭"]), {"9万余个"}),
    ("a source", dict(metric="urban_new_jobs", sources=["大公報"]), {"5.83萬人"}),
    ("no source named", dict(metric="urban_new_jobs", sources=["-"]), {"3.1万人"}),
    ("undated figures stay out by default", dict(metric="other"), {"100余人"}),
    ("... and come in when asked", dict(metric="other", undated=True), {"100余人", "94户", "261家"}),
    ("a town is inside its county's city", dict(metric="other", regions=["430200"], undated=True),
     {"100余人", "94户", "261家"}),
    ("nothing matches", dict(metric="urban_new_jobs", regions=["620000"], years=(2022, 2022)), set()),
]


@pytest.mark.parametrize("why, kwargs, expected", FILTERS, ids=[f[0] for f in FILTERS])
def test_filter_claims(store, why, kwargs, expected):
    assert quotes(filter_claims(store.claims, **kwargs)) == expected


def test_filter_claims_is_pure(store):
    before = store.claims.copy()
    filter_claims(store.claims, metric="job_fairs", regions=["430000"], level="city")
    pd.testing.assert_frame_equal(store.claims, before)


LEVELS = [
    ("no regions: the level with most regions", "auto", [], "job_fairs", ("province", [])),
    ("cities chosen", "auto", ["430100", "430200"], "job_fairs", ("city", [])),
    ("mixed choice: the majority, the rest named", "auto", ["430100", "430200", "620000"], "job_fairs",
     ("city", ["甘肃省"])),
    ("asked to mix", "mix", ["430100", "620000"], "job_fairs", (None, [])),
    ("asked for a level", "county", [], "job_fairs", ("county", [])),
]


@pytest.mark.parametrize("why, level, regions, metric, expected", LEVELS, ids=[r[0] for r in LEVELS])
def test_resolve_level(store, why, level, regions, metric, expected):
    claims = filter_claims(store.claims, metric=metric)
    assert resolve_level(claims, regions, level) == expected


def test_compare_frame_takes_latest_single_year_and_counts_sources(store):
    claims = filter_claims(store.claims, metric="urban_new_jobs", level="city")
    frame, year = compare_frame(claims)
    assert year == "2022"
    zz = frame[frame["region"] == "株洲市"].iloc[0]
    assert (zz["value"], zz["sources_n"], zz["claims_n"]) == (58300, 2, 2)  # simplified and traditional documents
    assert list(frame["region"]) == ["株洲市", "湘潭市"]  # ranked


def test_compare_frame_keeps_units_apart(store):
    frame, _ = compare_frame(filter_claims(store.claims, metric="employers", level=None))
    assert set(zip(frame["region"], frame["unit"])) == {("株洲市", "家次"), ("长沙市", "家"), ("甘肃省", "家")}


def test_trend_frame_leaves_spans_out(store):
    frame = trend_frame(filter_claims(store.claims, metric="rural_labor_transfer", regions=["620702"]))
    assert list(frame["year_from"]) == [2021]


def test_wide_table_missing_is_missing_not_zero(store):
    values, quals = wide_table(filter_claims(store.claims, metric="rural_labor_transfer"))
    assert list(values.columns[-3:]) == ["2016-2020", "2021", "2022"]
    zz = values[values["region"] == "株洲市"].iloc[0]
    assert zz["2022"] == 21700 and math.isnan(zz["2021"]) and math.isnan(zz["2016-2020"])
    gz = values[values["region"] == "甘州区"].iloc[0]
    assert gz["2016-2020"] == 422100 and math.isnan(gz["2022"])
    assert (values.drop(columns=["region", "region_code", "region_level", "unit", "kind"]) != 0).all().all()


def test_wide_table_keeps_qualifiers_beside_values(store):
    values, quals = wide_table(filter_claims(store.claims, metric="job_fairs"))
    row = quals[quals["region"] == "湖南省"].iloc[0]
    assert row["2022"] == "more_than"


def test_year_order():
    assert year_order(["2022", "2016-2020", "2021", "2021"]) == ["2016-2020", "2021", "2022"]


MARKS = [
    ("found by offset", "全市新增5.83万人，去年5.83万人。", "5.83万人", "甲全市新增5.83万人，去年5.83万人。", 14,
     ("全市新增5.83万人，去年", "5.83万人", "。")),
    ("no text: the first occurrence", "新增5.83万人。", "5.83万人", "", -1, ("新增", "5.83万人", "。")),
    ("quote not in the sentence", "新增五万人。", "5万人", "", -1, ("新增五万人。", "", "")),
]


@pytest.mark.parametrize("why, sentence, quote, text, start, expected", MARKS, ids=[m[0] for m in MARKS])
def test_mark_in_sentence(why, sentence, quote, text, start, expected):
    assert mark_in_sentence(sentence, quote, text, start) == expected


def test_document_segments_cover_the_text_once():
    text = "甲新增5.83万人，乙新增8303人。"
    claims = pd.DataFrame({"start": [3, 13, 4], "end": [9, 18, 6], "claim_id": ["a", "b", "overlap"]})
    segments = document_segments(text, claims)
    assert "".join(s for s, _ in segments) == text
    assert [(s, c["claim_id"]) for s, c in segments if c] == [("5.83万人", "a"), ("8303人", "b")]


def test_prepare_joins_documents(store):
    row = store.claims[store.claims["doc_id"] == "nodate"].iloc[0]
    assert (row["title"], row["date"], row["source"]) == ("株洲市清水塘地区搬迁", "", "")
    assert prepare(store.claims.iloc[:0][[c for c in store.claims.columns if c not in ("title", "date", "source",
                                                                                          "region_key")]],
                   store.documents, store.metrics).claims.empty
