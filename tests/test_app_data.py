"""The dashboard's queries and pure shaping: the view filter in SQL, cells, roll-ups, CSV text, store versions."""
from __future__ import annotations

import csv
import io
import os

import pytest
from app_fixtures import sample_tables

from app import queries, queries_charts, queries_evidence
from app.data import document_segments, mark_in_sentence, pivot_wide, resolve_level, sum_qualifier, year_order
from app.store import StoreSource
from extract.contract import spreadsheet_safe
from extract.corpus.store import write_store


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    return StoreSource(write_store(tmp_path_factory.mktemp("store") / "sample.duckdb", sample_tables()))


@pytest.fixture
def cur(source):
    return source.snapshot().cursor()


def place(source, key: str) -> queries.Place:
    return queries.Place.of(source.snapshot().catalog.region(key))


def flt(source, **kwargs) -> queries.Filter:
    regions = tuple(place(source, k) for k in kwargs.pop("regions", ()))
    kwargs.setdefault("kinds", ("level",))
    return queries.Filter(regions=regions, **kwargs)


def claim_quotes(source, **kwargs) -> set[str]:
    where, params = queries.view_where(flt(source, **kwargs))
    return {q for (q,) in source.snapshot().cursor().execute(f"SELECT quote FROM claims_v WHERE {where}", params).fetchall()}


# Each row: the filter, and the quotes of the claims it keeps — no more, no fewer.
FILTERS = [
    ("one metric, all regions, dated levels",
     dict(metric="urban_new_jobs"), {"5.83万人", "5.83萬人", "8303人", "8300人", "3.1万人"}),
    ("a city", dict(metric="urban_new_jobs", regions=["430200"]), {"5.83万人", "5.83萬人"}),
    ("a year range leaves out 2022",
     dict(metric="urban_new_jobs", years=(2016, 2021)), {"8303人", "8300人"}),
    ("a span counts only when it lies inside the range",
     dict(metric="rural_labor_transfer", years=(2016, 2020)), {"42.21万人"}),
    ("a span is outside a range that cuts it",
     dict(metric="rural_labor_transfer", years=(2018, 2022)), {"2.17万人", "8.43万人"}),
    ("targets only when asked", dict(metric="urban_new_jobs", kinds=("target",)), {"8500人以上"}),
    ("levels and targets", dict(metric="urban_new_jobs", regions=["620702"], kinds=("level", "target")),
     {"8303人", "8300人", "8500人以上"}),
    ("a province brings in what lies inside it",
     dict(metric="job_fairs", regions=["430000"]), {"近400场", "85场", "1600余场", "120场"}),
    ("... and a level picks among them",
     dict(metric="job_fairs", regions=["430000"], level="city"), {"近400场", "85场", "120场"}),
    ("a group has no code: its name is its key", dict(metric="job_posts", regions=["长株潭"]), {"9万余个"}),
    ("a source: every claim of the facts it states", dict(metric="urban_new_jobs", sources=("大公報",)),
     {"5.83萬人", "5.83万人"}),
    ("no source named", dict(metric="urban_new_jobs", sources=("-",)), {"3.1万人"}),
    ("undated figures stay out by default", dict(metric="other"), {"100余人"}),
    ("... and come in when asked", dict(metric="other", undated=True), {"100余人", "94户", "261家"}),
    ("a town is inside its county's city", dict(metric="other", regions=["430200"], undated=True),
     {"100余人", "94户", "261家"}),
    ("nothing matches", dict(metric="urban_new_jobs", regions=["620000"], years=(2022, 2022)), set()),
]


@pytest.mark.parametrize("why, kwargs, expected", FILTERS, ids=[f[0] for f in FILTERS])
def test_view_filter_over_claims(source, why, kwargs, expected):
    assert claim_quotes(source, **kwargs) == expected


def test_view_filter_over_facts_finds_facts_by_their_sources(source, cur):
    where, params = queries.view_where(flt(source, metric="job_posts", sources=("株洲日报",)))
    assert cur.execute(f"SELECT region, value, n_sources FROM facts_v WHERE {where}", params).fetchall() == \
        [("长株潭", 90000.0, 2)]


def test_values_from_a_request_are_parameters_never_sql(source):
    where, params = queries.view_where(flt(source, metric="x' OR '1'='1", sources=("'; DROP TABLE claims; --",)))
    assert "DROP" not in where and "OR '1'" not in where
    assert claim_quotes(source, metric="x' OR '1'='1") == set()


LEVELS = [
    ("no regions: the level with most regions", "auto", [], {"province": 2, "city": 3}, ("city", [])),
    ("a tie: the broadest", "auto", [], {"province": 2, "city": 2}, ("province", [])),
    ("cities chosen", "auto", [("长沙市", "city"), ("株洲市", "city")], {}, ("city", [])),
    ("mixed choice: the majority, the rest named", "auto",
     [("长沙市", "city"), ("株洲市", "city"), ("甘肃省", "province")], {}, ("city", ["甘肃省"])),
    ("a tie among the chosen: the first chosen", "auto", [("长沙市", "city"), ("甘肃省", "province")], {},
     ("city", ["甘肃省"])),
    ("asked to mix", "mix", [("长沙市", "city")], {}, (None, [])),
    ("asked for a level", "county", [], {"city": 4}, ("county", [])),
    ("nothing to count", "auto", [], {}, (None, [])),
]


@pytest.mark.parametrize("why, level, chosen, counts, expected", LEVELS, ids=[r[0] for r in LEVELS])
def test_resolve_level(why, level, chosen, counts, expected):
    assert resolve_level(level, chosen, counts) == expected


def test_level_counts_count_regions_per_level(source, cur):
    assert queries_charts.level_counts(cur, flt(source, metric="job_fairs")) == {"province": 2, "city": 3}


def test_compare_cells_take_latest_single_year_and_count_sources(source, cur):
    cells, year = queries_charts.compare_cells(cur, flt(source, metric="urban_new_jobs", level="city"), "", 40)
    assert year == "2022"
    assert [(c["region"], c["value"], c["n_sources"]) for c in cells] == [("株洲市", 58300, 2), ("湘潭市", 31000, 1)]


def test_compare_cells_mark_a_conflict_and_keep_its_rival(source, cur):
    (cell,), _ = queries_charts.compare_cells(cur, flt(source, metric="urban_new_jobs", level="county"), "2021", 40)
    assert (cell["value"], cell["conflict"]) == (8303, True)  # the larger of two disagreeing figures is drawn
    assert sorted(f["value"] for f in cell["cell_facts"]) == [8300, 8303]


def test_compare_cells_keep_units_apart(source, cur):
    cells, _ = queries_charts.compare_cells(cur, flt(source, metric="employers"), "", 40)
    assert {(c["region"], c["unit"]) for c in cells} == {("株洲市", "家次"), ("长沙市", "家"), ("甘肃省", "家")}


def test_compare_cells_send_only_the_largest(source, cur):
    cells, _ = queries_charts.compare_cells(cur, flt(source, metric="job_fairs", years=(2022, 2022)), "", 2)
    assert [(c["region"], c["regions_in_series"]) for c in cells] == [("湖南省", 4), ("株洲市", 4)]


def test_trend_cells_leave_spans_out_and_say_so(source, cur):
    cells, regions, spans = queries_charts.trend_cells(cur, flt(source, metric="rural_labor_transfer", regions=["620702"]), 12)
    assert [c["year_from"] for c in cells] == [2021] and regions == 1 and spans


def test_wide_cells_missing_is_missing_not_zero(source, cur):
    cells, n_rows = queries_charts.wide_cells(cur, flt(source, metric="rural_labor_transfer"), 300)
    years, table = pivot_wide(cells)
    assert years == ["2016-2020", "2021", "2022"] and n_rows == 2
    rows = {r["region"]: r["cells"] for r in table}
    assert set(rows["株洲市"]) == {"2022"} and rows["株洲市"]["2022"]["value"] == 21700
    assert set(rows["甘州区"]) == {"2016-2020", "2021"}


def test_wide_cells_rank_rows_by_their_latest_figure(source, cur):
    cells, _ = queries_charts.wide_cells(cur, flt(source, metric="job_fairs"), 300)
    assert [r["region"] for r in pivot_wide(cells)[1]] == ["湖南省", "株洲市", "长沙市", "甘肃省", "湘潭市"]


def test_year_order():
    assert year_order(["2022", "2016-2020", "2021", "2021"]) == ["2016-2020", "2021", "2022"]


# --- roll-ups --------------------------------------------------------------------------------------


def test_a_sum_of_cities_when_every_city_has_a_figure(source, cur):
    rows = queries_charts.rollup_cells(cur, flt(source, metric="urban_new_jobs"), "province", single_years=False)
    (hunan,) = [r for r in rows if r["parent"] == "湖南省"]
    assert (hunan["year"], hunan["value"], hunan["n_children"], hunan["missing"]) == ("2022", 89300, 2, None)


def test_no_sum_when_a_city_that_reports_the_metric_is_missing(source, cur):
    rows = queries_charts.rollup_cells(cur, flt(source, metric="job_fairs"), "province", single_years=False)
    by_year = {r["year"]: r for r in rows if r["parent"] == "湖南省"}
    assert by_year["2022"]["missing"] == ["湘潭市"]  # 湘潭市 reports job fairs for 2021, not for 2022
    assert sorted(by_year["2021"]["missing"]) == ["株洲市", "长沙市"]


SUMS = [({"exact"}, "exact"), ({"exact", "more_than"}, "more_than"), ({"exact", "nearly"}, "about"),
        ({"more_than", "about"}, "about")]


@pytest.mark.parametrize("qualifiers, expected", SUMS)
def test_a_sum_is_as_exact_as_its_least_exact_part(qualifiers, expected):
    assert sum_qualifier(qualifiers) == expected


# --- evidence ----------------------------------------------------------------------------------------


def test_evidence_page_is_sorted_and_cut_in_sql(source, cur):
    f = flt(source, metric="urban_new_jobs", years=(2016, 2022))
    assert queries_evidence.evidence_count(cur, f) == 5
    first = queries_evidence.evidence_page(cur, f, 0, 2, [("value", False)])
    rest = queries_evidence.evidence_page(cur, f, 2, 10, [("value", False)])
    assert [r["value"] for r in first + rest] == [8300, 8303, 31000, 58300, 58300]
    assert {(r["quote"], r["n_sources"]) for r in first + rest} >= {("5.83萬人", 2), ("8303人", 1)}
    assert [r["conflict"] for r in first] == [True, True]


def test_row_runs_split_where_rows_lie_apart():
    assert queries_evidence.row_runs([1, 5, 2000, 9000, 9001], gap=2048) == [[1, 5, 2000], [9000, 9001]]


def test_evidence_page_by_its_documents_sorts_the_claims(source, cur):
    f = flt(source, metric="urban_new_jobs", years=(2016, 2022))
    page = queries_evidence.evidence_page(cur, f, 0, 10, [("date", False)])
    assert [r["date"] for r in page] == ["2022-03-08", "2022-03-20", "2022-06-01", "2023-01-20", "2023-02-08"]
    assert [r["quote"] for r in queries_evidence.evidence_page(cur, f, 1, 3, [("date", False)])] == ["8300人", "3.1万人"]


def test_evidence_page_follows_the_charts_by_default(source, cur):
    f = flt(source, metric="urban_new_jobs", years=(2016, 2022))
    page = queries_evidence.evidence_page(cur, f, 0, 10, [])
    # 2022 before 2021, the larger first; a fact's claims together, the latest document first
    assert [(r["year"], r["quote"]) for r in page] == [("2022", "5.83万人"), ("2022", "5.83萬人"), ("2022", "3.1万人"),
                                                       ("2021", "8303人"), ("2021", "8300人")]
    assert [r["quote"] for r in queries_evidence.evidence_page(cur, f, 1, 2, [])] == ["5.83萬人"]  # a cut inside a fact


def test_evidence_page_sorts_only_by_known_columns(source, cur):
    f = flt(source, metric="urban_new_jobs")
    assert queries_evidence.evidence_page(cur, f, 0, 5, [("value; DROP TABLE claims", True)]) == \
        queries_evidence.evidence_page(cur, f, 0, 5, [])


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
    claims = [{"start": 3, "end": 9, "claim_id": "a"}, {"start": 13, "end": 18, "claim_id": "b"},
              {"start": 4, "end": 6, "claim_id": "overlap"}]
    segments = document_segments(text, claims)
    assert "".join(s for s, _ in segments) == text
    assert [(s, c["claim_id"]) for s, c in segments if c] == [("5.83万人", "a"), ("8303人", "b")]


# --- CSV text made in SQL is the CSV Python's csv module and spreadsheet_safe make ----------------------

TEXTS = ["株洲市", "=HYPERLINK(\"x\")", "-2022年", "+1", "@SUM", "\tTab", "\rCR", "＝全角", "＋", "－", "＠",
         'say "hi", twice', "line\nbreak", "a,b", "", "普通文本，含逗号"]


@pytest.mark.parametrize("text", TEXTS)
def test_csv_text_in_sql_matches_python(cur, text):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([spreadsheet_safe(text), "next"])
    assert cur.execute("SELECT csv_text(?) || ',next\r\n'", [text]).fetchall()[0][0] == buffer.getvalue()


@pytest.mark.parametrize("value, text", [(58300.0, "58300"), (2.8, "2.8"), (-12.0, "-12"), (None, "")])
def test_csv_numbers_stay_numbers(cur, value, text):
    assert cur.execute("SELECT csv_number(?::DOUBLE)", [value]).fetchall()[0][0] == text


# --- versions of the store ------------------------------------------------------------------------------


def test_a_replaced_store_is_read_without_a_restart_and_never_mixed(tmp_path):
    tables = sample_tables()
    path = write_store(tmp_path / "s.duckdb", tables)
    source = StoreSource(path)
    old = source.snapshot()
    before = old.cursor().execute("SELECT count(*) FROM claims_v").fetchall()[0][0]
    tables["claims"] = tables["claims"].iloc[:3]
    tables["facts"] = tables["facts"][tables["facts"]["fact_id"].isin(tables["claims"]["fact_id"])]
    write_store(path, tables)  # os.replace, as `jiuye extract` does
    new = source.snapshot()
    assert new is not old and new.cursor().execute("SELECT count(*) FROM claims_v").fetchall()[0][0] == 3
    assert old.cursor().execute("SELECT count(*) FROM claims_v").fetchall()[0][0] == before  # a reader mid-way
    assert source.snapshot() is new  # unchanged file: the same snapshot


def test_a_store_without_facts_shows_each_claim_as_a_fact(tmp_path):
    tables = sample_tables()
    tables["facts"] = tables["facts"].iloc[:0]
    tables["claims"]["fact_id"] = ""
    snap = StoreSource(write_store(tmp_path / "old.duckdb", tables)).snapshot()
    assert not snap.catalog.has_facts
    cells, _ = queries_charts.compare_cells(snap.cursor(), queries.Filter(metric="urban_new_jobs", level="city",
                                                                   kinds=("level",)), "2022", 40)
    # 5.83万人 and 5.83萬人 are two figures now, each from one source, and nothing is known to conflict
    assert [(c["region"], c["n_sources"], c["conflict"]) for c in cells] == [("株洲市", 1, False), ("湘潭市", 1, False)]
    assert len(cells[0]["cell_facts"]) == 2


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="jiuye extract"):
        StoreSource(tmp_path / "none.duckdb")


def test_store_files_are_only_read(tmp_path):
    path = write_store(tmp_path / "s.duckdb", sample_tables())
    stamp = os.stat(path).st_mtime_ns
    StoreSource(path).snapshot().cursor().execute("SELECT count(*) FROM claims_v").fetchall()
    assert os.stat(path).st_mtime_ns == stamp


@pytest.mark.parametrize("before, after, shown", [
    ("2023年，全省", "。", ("2023年，全省", "。")),
    ("甲" * 50, "乙" * 50, ("…" + "甲" * 44, "乙" * 50)),
    ("甲", "乙" * 170, ("甲", "乙" * 160 + "…")),
])
def test_a_long_sentence_is_cut_around_its_figure(before, after, shown):
    from app.evidence import around
    assert around(before, after) == shown


def test_a_missing_year_is_a_gap_in_a_trend_line():
    from app.trend import with_gaps
    line = [{"year_from": 2019, "value": 1.0}, {"year_from": 2022, "value": 2.0}]
    assert {year: c and c["value"] for year, c in with_gaps(line).items()} == {2019: 1.0, 2020: None, 2021: None, 2022: 2.0}
