"""Towns, townships and streets: extract/towns.py with tables/town_stoplist.csv, and their figures."""
import pytest

from extract.regions import load_gazetteer
from extract.towns import find_towns
from extract.vocabulary import read_table
from tests.test_claims import claims


def towns(text):
    return [(m.surface, m.candidates[0].county) for m in find_towns(text, load_gazetteer().find(text))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("湘潭县花石镇今年新增就业320人", [("花石镇", "湘潭县")]),  # after its county
        ("天元区嵩山路街道开展招聘活动", [("嵩山路街道", "天元区")]),  # a street, after its district
        ("富蕴县吐尔洪乡组织劳务输出", [("吐尔洪乡", "富蕴县")]),
        ("花石镇：今年新增就业320人", [("花石镇", "")]),  # labelling a line, its county not named
        # named after its county once, then alone at the start of a clause or after 在
        ("湘潭县花石镇举办招聘会。在花石镇，120家企业参会", [("花石镇", "湘潭县"), ("花石镇", "湘潭县")]),
    ],
)
def test_a_town_is_read_where_its_name_can_start(text, expected):
    assert towns(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "今年以来，花石镇新增就业320人",  # alone, never after its county: 促进城乡 looks the same
        "广东省计划城镇新增就业110万人",  # a province named before a verb: towns lie in counties
        "湘潭县城乡劳动力转移就业1.2万人",  # 城乡, 城镇: the unit word ends another word
        "湘潭县乡镇企业吸纳就业3000人",
        "攸县乡村公益性岗位安置1200人",
        "正镶白旗各苏木镇领导干部走访慰问",  # every township
        "攸县积极引导农民工返乡创业",
    ],
)
def test_words_that_end_like_a_town_are_no_town(text):
    assert towns(text) == []


@pytest.mark.parametrize("row", read_table("town_stoplist.csv"), ids=lambda r: r["word"])
def test_every_stoplist_word_names_no_town(row):
    assert towns(row["example"]) == []


def test_a_towns_figures_are_the_towns_and_the_county_resumes_with_quan_xian():
    found = claims("湘潭县花石镇今年组织劳务输出1200人，全镇外出务工5000人。全县城镇新增就业3200人。")
    assert [(c["quote"], c["region"], c["region_code"], c["region_level"], c["county"]) for c in found] == [
        ("1200人", "花石镇", "", "town", "湘潭县"),
        ("5000人", "花石镇", "", "town", "湘潭县"),
        ("3200人", "湘潭县", "430321", "county", "湘潭县"),
    ]


def test_a_town_named_alone_in_a_county_page_lies_in_that_county():
    found = claims("湘潭县今年城镇新增就业3200人。\n射埠镇：今年组织劳务输出800人。")
    assert [(c["region"], c["county"]) for c in found] == [("湘潭县", "湘潭县"), ("射埠镇", "湘潭县")]
