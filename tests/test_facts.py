"""Facts: claims stating the same thing become one row; different values of one key are conflicts.

The bar is the sample corpus: 长株潭's 9万余个 job posts of 2021, stated by both 株洲日报
copies (000 web, 003 PDF page), is one fact with two sources.
"""
from pathlib import Path

import pandas as pd
import pytest

from extract.contract import validate
from extract.corpus.facts import build_facts, precision
from extract.corpus.gather import extract_paths

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"
WEB, PDF = "000_e4ae8a90c5758aeb", "003_560e64ab9dc50251"

ZHUZHOU = {"region": "株洲市", "region_code": "430200", "region_level": "city", "province": "湖南省", "city": "株洲市", "county": ""}


def claim(quote, value, qualifier="exact", doc_id="doc1", metric="urban_new_jobs", kind="level", year="2021",
          period="", unit="人", place=None, low=None, high=None, claim_id=None, group=""):
    place = place or ZHUZHOU
    year_from = int(year[:4]) if year else None
    return {
        "claim_id": claim_id or f"{doc_id}:{quote}:{value}", "doc_id": doc_id, "quote": quote, "value": float(value),
        "value_low": float(value if low is None else low), "value_high": float(value if high is None else high),
        "unit": unit, "qualifier": qualifier, "kind": kind, "metric": metric, "label": "", **place,
        "year": year, "year_from": year_from, "year_to": int(year[-4:]) if year else None, "period": period,
        "group": group, "sentence": "", "start": 0, "end": 0, "fact_id": "",
    }


def facts_of(*claims):
    facts, fact_ids = build_facts(pd.DataFrame(claims))
    return facts, fact_ids


@pytest.fixture(scope="module")
def sample():
    tables = extract_paths([str(CORPUS)])
    facts, fact_ids = build_facts(tables["claims"])
    return tables["claims"].assign(fact_id=fact_ids), facts


# ---------------------------------------------------------------------------
# The sample corpus bar.


def test_the_two_zhuzhou_ribao_copies_state_one_fact_of_job_posts(sample):
    claims, facts = sample
    fact = facts[(facts["region"] == "长株潭") & (facts["metric"] == "job_posts") & (facts["year"] == "2021")]
    assert len(fact) == 1
    row = fact.iloc[0]
    assert (row["value"], row["quote"], row["qualifier"], row["n_claims"], row["n_sources"], row["conflict"]) == \
        (90000.0, "9万余个", "more_than", 2, 2, False)
    stating = claims[claims["fact_id"] == row["fact_id"]]
    assert sorted(stating["doc_id"]) == [WEB, PDF]
    assert row["claim_ids"] == " ".join(sorted(stating["claim_id"]))


def test_the_facts_table_fits_the_contract(sample):
    claims, facts = sample
    assert validate("facts", facts).equals(facts)
    assert validate("claims", claims)["fact_id"].equals(claims["fact_id"])
    assert facts["fact_id"].is_unique


def test_every_claim_of_a_fact_is_counted_once(sample):
    claims, facts = sample
    stating = claims[claims["fact_id"] != ""]
    assert facts["n_claims"].sum() == len(stating)
    assert set(stating["fact_id"]) == set(facts["fact_id"])


def test_fact_ids_do_not_depend_on_the_order_of_the_claims(sample):
    claims, facts = sample
    shuffled, ids = build_facts(claims.sample(frac=1, random_state=4))
    assert ids.reindex(claims.index).equals(claims["fact_id"])
    assert shuffled.equals(facts)


# ---------------------------------------------------------------------------
# Precision: from the quote's digits and its multiplier.


@pytest.mark.parametrize("quote, value, last_written, last_non_zero", [
    ("5.83万人", 58300, 100, 100),
    ("5.8万人", 58000, 1000, 1000),
    ("9万余个", 90000, 10000, 10000),
    ("1200多万人", 12000000, 10000, 1000000),
    ("3800余家", 3800, 1, 100),
    ("58300人", 58300, 1, 100),
    ("2.8%", 2.8, 0.1, 0.1),
    ("0.2個百分點", -0.2, 0.1, 0.1),
    ("23.71亿元", 2371000000, 1000000, 1000000),
    ("１１００萬人", 11000000, 10000, 1000000),
    ("1 1 00万", 11000000, 10000, 1000000),
    ("五个", 5, 1, 1),
    ("两万", 20000, 10000, 10000),
])
def test_precision_comes_from_the_written_digits_and_the_multiplier(quote, value, last_written, last_non_zero):
    written, non_zero = precision(pd.Series([quote]), pd.Series([float(value)]))
    assert (written[0], non_zero[0]) == (pytest.approx(last_written), pytest.approx(last_non_zero))


# ---------------------------------------------------------------------------
# One fact or two: each quote stands for an interval of values; overlapping intervals are one fact.


@pytest.mark.parametrize("first, second, one_fact", [
    # 9万余 and 9万多 say the same: at least 9万, less than 10万.
    (("9万余个", 90000, "more_than"), ("9万多个", 90000, "more_than"), True),
    # A rounded figure and a precise one: rounding 5.83万 to 5.8万's precision gives 5.8万.
    (("5.8万人", 58000, "exact"), ("5.83万人", 58300, "exact"), True),
    (("58300人", 58300, "exact"), ("5.83万人", 58300, "exact"), True),
    (("5.8万人", 58000, "exact"), ("5.86万人", 58600, "exact"), False),  # 5.86万 rounds to 5.9万
    # A headline that drops 余: 9万 (8.5万 … 9.5万) meets 9万余 (9万 … 10万).
    (("9万个", 90000, "exact"), ("9万余个", 90000, "more_than"), True),
    # 1200多万 is 1200万 … 1300万: the 1206万 of the statistics bureau is in it.
    (("1200多万人", 12000000, "more_than"), ("1206万人", 12060000, "exact"), True),
    (("超1200萬人", 12000000, "more_than"), ("1269萬人", 12690000, "exact"), True),
    # Trailing zeros count as written: 1200万 is not 1206万, as 90% is not 94%.
    (("1200万人", 12000000, "exact"), ("1206万人", 12060000, "exact"), False),
    (("90%", 90, "exact"), ("94%", 94, "exact"), False),
    # 近9万 is 8万 … 9万: not 9.3万.
    (("近9万人", 90000, "nearly"), ("9.3万人", 93000, "exact"), False),
    (("近9万人", 90000, "nearly"), ("8.7万人", 87000, "exact"), True),
    # 约100 is 50 … 150.
    (("约100个", 100, "about"), ("120个", 120, "exact"), True),
    (("约100个", 100, "about"), ("160个", 160, "exact"), False),
    # A change keeps its sign: 减少3万余人 is −3万 … −4万.
    (("3万余人", -30000, "more_than"), ("3.2万人", -32000, "exact"), True),
    (("3万余人", -30000, "more_than"), ("3.2万人", 32000, "exact"), False),
])
def test_claims_are_one_fact_when_their_values_agree_within_what_each_quote_says(first, second, one_fact):
    claims = [claim(q, v, qualifier, doc_id=doc) for (q, v, qualifier), doc in ((first, "doc1"), (second, "doc2"))]
    facts, _ = facts_of(*claims)
    assert (len(facts) == 1) == one_fact


def test_a_fact_takes_its_value_quote_and_qualifier_from_its_most_precise_claim():
    facts, _ = facts_of(claim("5.8万人", 58000, doc_id="a"), claim("5.83万人", 58300, doc_id="b"),
                        claim("近6万人", 60000, "nearly", doc_id="c"))
    assert facts[["value", "quote", "qualifier", "n_claims", "n_sources"]].values.tolist() == [[58300.0, "5.83万人", "exact", 3, 3]]


def test_of_equally_precise_claims_the_bounded_one_gives_the_qualifier():
    facts, _ = facts_of(claim("9万个", 90000, doc_id="a"), claim("9万余个", 90000, "more_than", doc_id="b"))
    assert facts[["quote", "qualifier"]].values.tolist() == [["9万余个", "more_than"]]


def test_a_vague_claim_joins_the_nearest_precise_fact_not_two_at_once():
    # 1200多万 fits both 1206万 and 1249万, which differ: it joins the first, and 1249万 stays a second fact.
    facts, ids = facts_of(claim("1206万人", 12060000, doc_id="a"), claim("1249万人", 12490000, doc_id="b"),
                          claim("1200多万人", 12000000, "more_than", doc_id="c"))
    assert sorted(facts["n_claims"]) == [1, 2]
    assert ids.iloc[2] in set(facts["fact_id"])


def test_a_range_is_one_fact_with_a_claim_of_a_value_inside_it():
    facts, _ = facts_of(claim("5.0%—5.3%", 5.15, unit="%", low=5.0, high=5.3, metric="surveyed_unemployment_rate", doc_id="a"),
                        claim("5.2%", 5.2, unit="%", metric="surveyed_unemployment_rate", doc_id="b"))
    assert len(facts) == 1
    assert facts["value"].iloc[0] == 5.2  # narrower than the range


@pytest.mark.parametrize("change", [
    {"year": "2022"}, {"period": "H1"}, {"group": "农民工"}, {"kind": "target"}, {"unit": "人次"}, {"metric": "rural_labor_transfer"},
    {"place": {**ZHUZHOU, "region": "醴陵市", "region_code": "430281", "region_level": "county", "county": "醴陵市"}},
])
def test_the_same_value_for_another_year_period_kind_unit_metric_or_region_is_another_fact(change):
    facts, _ = facts_of(claim("5.83万人", 58300, doc_id="a"), claim("5.83万人", 58300, doc_id="b", **change))
    assert len(facts) == 2
    assert not facts["conflict"].any()


def test_group_rates_are_no_conflict_with_the_whole_population_but_two_whole_rates_are():
    rate = {"metric": "surveyed_unemployment_rate", "unit": "%", "period": "12-12", "year": "2022"}
    facts, _ = facts_of(claim("5.5%", 5.5, doc_id="a", **rate),
                        claim("16.7%", 16.7, doc_id="b", group="16-24岁", **rate),
                        claim("17.3%", 17.3, doc_id="c", group="16-24岁", **rate),
                        claim("5.3%", 5.3, doc_id="d", group="外来户籍", **rate))
    conflict = dict(zip(facts["group"] + ":" + facts["quote"], facts["conflict"]))
    assert conflict == {":5.5%": False, "16-24岁:16.7%": True, "16-24岁:17.3%": True, "外来户籍:5.3%": False}
    two_whole, _ = facts_of(claim("5.5%", 5.5, doc_id="a", **rate), claim("5.7%", 5.7, doc_id="b", **rate))
    assert two_whole["conflict"].all()


def test_a_whole_population_fact_keeps_its_id_and_a_group_changes_it():
    whole, _ = facts_of(claim("5.83万人", 58300))
    import hashlib
    before_groups = "|".join(["430200", "urban_new_jobs", "level", "2021", "", "人", "58300"])
    assert whole["fact_id"].iloc[0] == hashlib.sha1(before_groups.encode()).hexdigest()[:16]
    youth, _ = facts_of(claim("5.83万人", 58300, group="高校毕业生"))
    assert youth["fact_id"].iloc[0] != whole["fact_id"].iloc[0]


def test_a_region_is_known_by_its_code_and_a_group_by_its_name():
    renamed = {**ZHUZHOU, "region": "株洲"}  # same code, a shorter name
    group = {**ZHUZHOU, "region": "长株潭", "region_code": "", "region_level": "group", "city": ""}
    facts, _ = facts_of(claim("5.83万人", 58300, doc_id="a"), claim("5.83万人", 58300, doc_id="b", place=renamed),
                        claim("9万余个", 90000, "more_than", doc_id="a", place=group, metric="job_posts", unit="个"),
                        claim("9万多个", 90000, "more_than", doc_id="b", place=group, metric="job_posts", unit="个"))
    assert sorted(facts["n_sources"]) == [2, 2]


def test_facts_carry_province_city_and_county_for_roll_ups():
    liling = {"region": "醴陵市", "region_code": "430281", "region_level": "county", "province": "湖南省", "city": "株洲市", "county": "醴陵市"}
    facts, _ = facts_of(claim("1.2万人", 12000, place=liling))
    assert facts[["province", "city", "county", "region_level"]].values.tolist() == [["湖南省", "株洲市", "醴陵市", "county"]]


@pytest.mark.parametrize("change", [{"metric": "other"}, {"year": ""}, {"place": {**ZHUZHOU, "region": "", "region_code": "", "region_level": "", "province": "", "city": ""}}])
def test_claims_of_metric_other_or_without_region_or_year_are_facts_of_their_own(change):
    same = claim("5.83万人", 58300, **change)
    facts, ids = facts_of(same, {**same, "claim_id": "other copy", "doc_id": "b"}, claim("1.2万人", 12000, doc_id="b"))
    assert ids.tolist()[:2] == ["c" + same["claim_id"], "cother copy"]  # never merged, however alike
    assert len(facts) == 3 and facts["n_claims"].tolist() == [1, 1, 1] and not facts["conflict"].any()


def test_a_lone_claim_is_a_fact_that_passes_the_contract():
    facts, ids = build_facts(pd.DataFrame([claim("5.83万人", 58300, metric="other")]))
    assert len(facts) == 1 and ids.tolist() == [facts["fact_id"].iloc[0]]
    assert list(validate("facts", facts).columns) == list(facts.columns)


# ---------------------------------------------------------------------------
# Conflicts.


def conflicts(*claims):
    facts, ids = facts_of(*claims)
    by_id = facts.set_index("fact_id")["conflict"]
    return [bool(by_id[i]) for i in ids]


def test_two_documents_giving_different_values_are_a_conflict_never_an_average():
    # 2021年，中国城镇新增就业1269万人 … 城镇新增就业年均超过1300万人 (an average of 2012-2021 read as 2021)
    nation = {"region": "全国", "region_code": "100000", "region_level": "country", "province": "", "city": "", "county": ""}
    facts, _ = facts_of(claim("1269萬人", 12690000, doc_id="p074", place=nation),
                        claim("超过1300万人", 13000000, "more_than", doc_id="p010", place=nation))
    assert sorted(facts["value"]) == [12690000.0, 13000000.0]
    assert facts["conflict"].all()


def test_a_total_and_its_part_in_one_document_are_no_conflict():
    # 2021年完成职业技能培训9333人，其中就业技能培训2951人、创业培训3149人、岗位技能培训3233人。
    assert conflicts(claim("9333人", 9333, metric="skills_training"), claim("2951人", 2951, metric="skills_training"),
                     claim("3233人", 3233, metric="skills_training")) == [False, False, False]


def test_a_copy_stating_the_same_total_and_part_is_no_conflict():
    assert conflicts(claim("9333人", 9333, doc_id="web"), claim("2951人", 2951, doc_id="web"),
                     claim("9333人", 9333, doc_id="pdf"), claim("2951人", 2951, doc_id="pdf")) == [False] * 4


def test_a_second_document_stating_only_the_total_is_no_conflict():
    # Its documents nest: every document stating the total … the part's document states it too.
    assert conflicts(claim("9333人", 9333, doc_id="a"), claim("2951人", 2951, doc_id="a"),
                     claim("9333人", 9333, doc_id="b")) == [False, False, False]


def test_a_copy_that_misreads_a_figure_is_a_conflict():
    # The PDF page's text layer reads 5.88万 where the web article says 5.83万.
    assert conflicts(claim("5.83万人", 58300, doc_id="web"), claim("5.88万人", 58800, doc_id="pdf")) == [True, True]


def test_a_third_value_conflicts_only_where_documents_do_not_nest():
    # doc a: total and part; doc b: another total.  b's total conflicts with a's total and part;
    # a's part conflicts with b's total too (b states it, not the part; a states the part, not b's total).
    assert conflicts(claim("9333人", 9333, doc_id="a"), claim("2951人", 2951, doc_id="a"),
                     claim("9400人", 9400, doc_id="b")) == [True, True, True]


def test_claims_join_facts_whatever_order_their_values_come_in():
    # 各场招聘会: 2000个, 500个, 1200个 are three facts; 2000余个 joins 2000个 (2000 … 3000), 约500个 joins 500个.
    posts = [("2000个", 2000, "exact"), ("500个", 500, "exact"), ("1200个", 1200, "exact"),
             ("2000余个", 2000, "more_than"), ("约500个", 500, "about")]
    facts, ids = facts_of(*(claim(q, v, qualifier, doc_id=f"fair{i}", metric="job_posts", unit="个")
                            for i, (q, v, qualifier) in enumerate(posts)))
    assert sorted(zip(facts["value"], facts["n_claims"])) == [(500.0, 2), (1200.0, 1), (2000.0, 2)]
    assert ids[3] == ids[0] and ids[4] == ids[1]


def test_a_key_stated_by_thousands_of_documents_with_their_own_values_is_handled_in_bulk():
    # A city's job posts of one year: every job fair's own count shares the key, each a conflict with the rest.
    many = [claim(f"{n}个", n, doc_id=f"fair{n}", metric="job_posts", unit="个") for n in range(1000, 4000)]
    facts, _ = facts_of(*many)
    assert len(facts) == 3000
    assert facts["conflict"].all()


@pytest.mark.parametrize("first, second", [(("5.8万人", 58000), ("5.9万人", 59000)), (("1000个", 1000), ("1001个", 1001))])
def test_neighbouring_values_of_one_precision_are_two_facts(first, second):
    # Their intervals touch at the rounding boundary (5.85万) and no more.
    facts, _ = facts_of(claim(*first, doc_id="a"), claim(*second, doc_id="b"))
    assert len(facts) == 2
