"""Provenance: each claim records how its region and its year were decided (claims.region_basis, year_basis)."""
import pytest

from tests.test_claims import by_quote


@pytest.mark.parametrize(
    "text, quote, source, title, region_basis, why",
    [
        ("2021年醴陵市城镇新增就业8300人。", "8300人", "", "", "sentence", "the place is named in the figure's sentence"),
        ("我市城镇新增就业5.83万人。", "5.83万人", "株洲日报", "", "sentence", "我市 in the sentence, resolved against the publisher"),
        ("醴陵市稳就业成效明显。全年城镇新增就业8300人。", "8300人", "", "", "passage", "named in an earlier sentence"),
        ("醴陵市就业工作\n全年城镇新增就业8300人。", "8300人", "", "", "heading", "named in a heading line"),
        ("全年城镇新增就业5.83万人。", "5.83万人", "株洲日报", "", "publisher", "only the outlet tells"),
        ("全年城镇新增就业1269万人。", "1269万人", "人民日报", "", "document", "national media: the country"),
        ("全年城镇新增就业8300人。", "8300人", "", "", "none", "nothing tells"),
    ],
)
def test_region_basis(text, quote, source, title, region_basis, why):
    assert by_quote(text, quote, source=source, title=title)["region_basis"] == region_basis, why


@pytest.mark.parametrize(
    "text, quote, pub_year, title, year_basis, why",
    [
        ("2021年株洲市城镇新增就业5.83万人。", "5.83万人", 2022, "", "sentence", "stated in the sentence"),
        ("去年株洲市城镇新增就业5.83万人。", "5.83万人", 2022, "", "relative_to_date", "去年 against the date"),
        ("2021年株洲市稳就业成效明显。全年城镇新增就业5.83万人。", "5.83万人", 2022, "", "passage", "an earlier sentence"),
        ("株洲市城镇新增就业5.83万人。", "5.83万人", 2022, "株洲市2021年就业工作综述", "heading", "the title's year"),
        ("株洲市城镇新增就业5.83万人。", "5.83万人", None, "", "none", "nothing tells"),
        ("今年株洲市城镇新增就业5.83万人。", "5.83万人", None, "", "none", "今年 on a page without a date"),
    ],
)
def test_year_basis(text, quote, pub_year, title, year_basis, why):
    assert by_quote(text, quote, pub_year=pub_year, title=title)["year_basis"] == year_basis, why


def test_a_photo_caption_keeps_the_basis_of_the_place_it_interrupts():
    text = "醴陵市稳就业成效明显。\n招聘会在株洲市会展中心举行。通讯员 李明 摄\n全年城镇新增就业8300人。"
    claim = by_quote(text, "8300人")
    assert (claim["region"], claim["region_basis"]) == ("醴陵市", "passage")


def test_a_part_of_the_year_with_no_year_in_force_is_of_the_publication_year():
    claim = by_quote("株洲市一季度城镇新增就业1.2万人。", "1.2万人")
    assert (claim["year"], claim["year_basis"]) == ("2022", "relative_to_date")


# --- the dashboard: "only figures whose region and year are stated in their own sentence" ---------------

ARTICLE = """---
title: 醴陵市就业工作稳中有进
date: 2022-03-01
---
2021年醴陵市城镇新增就业8300人。

醴陵市多措并举稳就业。全年开展职业技能培训5200人次。
"""


@pytest.fixture(scope="module")
def provenance_store(tmp_path_factory):
    from app.store import StoreSource
    from extract.corpus.update import update_store

    folder = tmp_path_factory.mktemp("provenance")
    (folder / "liling.md").write_text(ARTICLE, encoding="utf-8")
    update_store([folder], folder / "store.duckdb")
    return StoreSource(folder / "store.duckdb")


@pytest.mark.parametrize("metric, stated, shown", [
    ("urban_new_jobs", False, 1), ("urban_new_jobs", True, 1),  # 2021年醴陵市… in its own sentence
    ("skills_training", False, 1), ("skills_training", True, 0),  # place and year from earlier sentences
])
def test_the_stated_filter_keeps_figures_whose_sentence_says_region_and_year(provenance_store, metric, stated, shown):
    from app import evidence
    from app.state import View

    data = {**View.default(provenance_store.snapshot().allowed).data(), "metric": metric, "stated": stated}
    rows = evidence.page(provenance_store, data, {"startRow": 0, "endRow": 50, "sortModel": []})["rowData"]
    assert len(rows) == shown


def test_the_evidence_says_where_region_and_year_came_from(provenance_store):
    from app import evidence
    from app.state import View

    data = {**View.default(provenance_store.snapshot().allowed).data(), "metric": "skills_training"}
    row = evidence.page(provenance_store, data, {"startRow": 0, "endRow": 50, "sortModel": []})["rowData"][0]
    assert row["basis"] == "前文 / 前文"
