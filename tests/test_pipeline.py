"""The whole extractor on the sample corpus: golden table, store, exports, bad input, the CLI."""
import hashlib
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from jiuye.cli import main
from extract.contract import TABLES
from extract.corpus.gather import extract_paths
from extract.corpus.store import read_table, write_store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
GOLDEN = Path(__file__).parent / "golden" / "sample_claims.csv"
GOLDEN_FACTS = Path(__file__).parent / "golden" / "sample_facts.csv"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    assert main(["extract", str(CORPUS), "--store", str(out / "jiuye.duckdb"), "--out", str(out)]) == 0
    return out


def test_sample_claims_match_the_golden_table(exported):
    # Regenerate after a deliberate change: jiuye extract data/corpus --out /tmp/o && cp /tmp/o/claims.csv tests/golden/sample_claims.csv
    assert (exported / "claims.csv").read_bytes() == GOLDEN.read_bytes()


def test_sample_facts_match_the_golden_table(exported):
    """Facts too: a move of code across modules must not change a byte of what the store holds.
    Regenerate with the claims' table (same command, facts.csv → tests/golden/sample_facts.csv)."""
    assert (exported / "facts.csv").read_bytes() == GOLDEN_FACTS.read_bytes()


def test_same_input_same_bytes(exported, tmp_path):
    main(["extract", str(CORPUS), "--store", str(tmp_path / "again.duckdb"), "--out", str(tmp_path)])
    for name in ("claims.csv", "facts.csv", "documents.csv", "errors.csv"):
        assert (tmp_path / name).read_bytes() == (exported / name).read_bytes()


def test_exports_are_utf8_with_bom(exported):
    for name in ("claims.csv", "facts.csv", "documents.csv", "errors.csv"):
        assert (exported / name).read_bytes().startswith(b"\xef\xbb\xbf")


def test_store_has_every_table_of_the_contract(exported):
    with duckdb.connect(str(exported / "jiuye.duckdb"), read_only=True) as con:
        names = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert names == set(TABLES)
    documents = read_table(exported / "jiuye.duckdb", "documents")
    assert sorted(documents["doc_id"]) == sorted(p.stem for p in CORPUS.glob("*.txt"))


def test_store_columns_have_the_contract_s_types_and_empties(exported):
    """Tables a run rewrites (claims, with their fact ids) keep what the contract declares."""
    with duckdb.connect(str(exported / "jiuye.duckdb"), read_only=True) as con:
        stored = {(t, c): (kind, nullable == "YES") for t, c, kind, nullable in con.execute(
            "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns").fetchall()}
    assert stored == {(t, c.name): (c.sql_type, c.nullable) for t, cols in TABLES.items() for c in cols}


def test_documents_carry_date_source_and_home_region(exported):
    documents = read_table(exported / "jiuye.duckdb", "documents").set_index("doc_id")
    assert documents.loc["000_e4ae8a90c5758aeb", ["source", "home_region"]].tolist() == ["株洲日报", "株洲市"]
    assert str(documents.loc["001_5b309cc66324928c", "date"])[:10] == "2023-02-08"
    assert documents.loc["002_3d1692eb5dbbc894", "home_region"] == ""  # 经济日报 is national


@pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(), reason="../shared (the evaluation kit) is absent")
def test_sample_corpus_scores_on_the_shared_gold(exported):
    result = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"),
                             str(SHARED / "eval" / "gold" / "seeds.jsonl"), str(exported / "claims.csv")],
                            capture_output=True, text=True, check=True)
    strict_f1 = float(result.stdout.strip().splitlines()[-1].split("=")[1])
    assert strict_f1 >= 0.95, result.stdout


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.txt", b"", "empty"),
        ("binary.txt", b"\x00\x01\x02PK\x03\x04" * 50, "not text"),
    ],
)
def test_a_broken_file_is_reported_and_the_run_goes_on(tmp_path, name, content, reason):
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.txt").write_text("2022年全市新增城镇就业5.83万人。", encoding="utf-8")
    tables = extract_paths([str(tmp_path)])
    assert list(tables["documents"]["doc_id"]) == ["good"]
    assert len(tables["claims"]) == 1
    (error,) = tables["errors"].itertuples()
    assert error.path.endswith(name) and reason in error.reason


def test_a_missing_path_is_an_error_row(tmp_path):
    tables = extract_paths([str(tmp_path / "nowhere")])
    assert tables["errors"]["path"].str.endswith("nowhere").all() and len(tables["errors"]) == 1


def test_gbk_file_reads_like_utf8(tmp_path):
    text = "2021年，甘州区城镇失业人员再就业9223人。"
    (tmp_path / "gbk.txt").write_bytes(text.encode("gbk"))
    (tmp_path / "utf8.txt").write_bytes(text.encode("utf-8-sig"))
    claims = extract_paths([str(tmp_path)])["claims"]
    assert claims.groupby("doc_id")["value"].first().tolist() == [9223, 9223]


def test_a_crash_mid_write_keeps_the_old_store(tmp_path):
    store = tmp_path / "jiuye.duckdb"
    tables = extract_paths([str(CORPUS / "004_3f0cc9cd5d3e3597.txt")])
    write_store(store, tables)
    before = hashlib.sha256(store.read_bytes()).hexdigest()

    broken = dict(tables)
    # passes the contract's column check, then fails in DuckDB after `documents` is written
    broken["claims"] = tables["claims"].assign(value="not a number")
    with pytest.raises(Exception):
        write_store(store, broken)
    assert hashlib.sha256(store.read_bytes()).hexdigest() == before
    # no temporary file left behind; only the store and its (released) lock
    assert sorted(p.name for p in tmp_path.iterdir()) == [".jiuye.duckdb.lock", "jiuye.duckdb"]


def test_cli_prints_a_summary(tmp_path, capsys):
    assert main(["extract", str(CORPUS), "--store", str(tmp_path / "s.duckdb")]) == 0
    summary = capsys.readouterr().out
    assert "documents: 5 in the store (5 extracted" in summary and "errors: 0" in summary


def test_cli_fails_when_it_read_nothing(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "nowhere"), "--store", str(tmp_path / "s.duckdb")]) == 1
    assert "no such file or folder" in capsys.readouterr().err


def test_serve_without_a_store_says_how_to_build_one(tmp_path, capsys):
    assert main(["serve", "--store", str(tmp_path / "missing.duckdb")]) == 2
    assert "jiuye extract" in capsys.readouterr().err


# --- issue 7's bars on the sample corpus: one story read twice is one group, its figures one fact each


def test_the_two_zhuzhou_daily_copies_are_one_group_and_the_pdf_copy_borrows_the_date(exported):
    documents = read_table(exported / "jiuye.duckdb", "documents").set_index("doc_id")
    assert documents.loc["003_560e64ab9dc50251", "duplicate_of"] == "000_e4ae8a90c5758aeb"
    assert documents.loc["000_e4ae8a90c5758aeb", "duplicate_of"] == ""
    assert str(documents.loc["003_560e64ab9dc50251", "date"])[:10] == "2022-01-10"


def test_the_pdf_copys_last_year_is_2021(exported):
    claims = read_table(exported / "jiuye.duckdb", "claims")
    # 去年4月，…的招工小分队深入一线…100余人: the page has no date of its own; its web copy's is 2022-01-10
    (claim,) = claims[(claims["doc_id"] == "003_560e64ab9dc50251") & (claims["quote"] == "100余人")].itertuples()
    assert claim.year == "2021"


def test_the_job_posts_of_changzhutan_are_one_fact_with_two_sources(exported):
    facts = read_table(exported / "jiuye.duckdb", "facts")
    (fact,) = facts[(facts["region"] == "长株潭") & (facts["metric"] == "job_posts")].itertuples()
    assert (fact.year, fact.value, fact.qualifier, fact.n_claims, fact.n_sources) == ("2021", 90000.0, "more_than", 2, 2)
    claims = read_table(exported / "jiuye.duckdb", "claims")
    assert sorted(claims.loc[claims["fact_id"] == fact.fact_id, "doc_id"]) == [
        "000_e4ae8a90c5758aeb", "003_560e64ab9dc50251"]


def test_no_fact_is_listed_twice(exported):
    facts = read_table(exported / "jiuye.duckdb", "facts")
    key = ["region", "region_code", "metric", "kind", "year", "period", "unit", "value"]
    matched = facts[(facts["metric"] != "other") & (facts["region"] != "") & (facts["year"] != "")]
    assert not matched.duplicated(key).any()
    claims = read_table(exported / "jiuye.duckdb", "claims")
    assert (claims["fact_id"] != "").all()  # every figure stands behind a fact: the dashboard shows facts
    assert set(claims["fact_id"]) == set(facts["fact_id"])
    assert facts["n_claims"].sum() == len(claims)


def test_facts_csv_has_the_columns_the_issue_names(exported):
    header = (exported / "facts.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert {"fact_id", "region", "region_code", "metric", "kind", "year", "period", "value", "unit",
            "qualifier", "n_sources", "conflict", "claim_ids"} <= set(header)
