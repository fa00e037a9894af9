"""Whole pages of the genres a user's archive holds (communiqué, work report, job-fair report, damaged
traditional text): the figures a careful reader takes from each. Every page and sentence here is invented."""
import pytest

from extract.text import clean_text
from extract.vocabulary import read_table
from tests.test_claims import by_quote, claims

COMMUNIQUE = """桐庐县2023年国民经济和社会发展统计公报
发布时间:2024-03-18 来源:桐庐县统计局
全年城镇新增就业5316人，比上年增加208人；城镇失业人员再就业1284人。
全年新增市场主体4863户，新增规模以上工业企业30家。"""

WORK_REPORT = """一、2023年工作回顾
过去一年，全市城镇新增就业4.36万人，举办各类招聘活动326场。
二、2024年工作安排
今年，全市开发公益性岗位3000个，培训各类劳动者5万人次。
三、加强政府自身建设
全年为企业减免租金1200万元，培训干部3000人次。"""


def test_a_clause_counting_a_thing_of_its_own_is_not_a_part_of_the_figure_before():
    assert by_quote(COMMUNIQUE, "30家", pub_year=2024)["metric"] == "other"
    assert by_quote(COMMUNIQUE, "4863户", pub_year=2024)["metric"] == "new_market_entities"


def test_new_firms_after_new_market_entities_are_new_market_entities():
    sentence = "全年新增市场主体4863户，新增企业1200户。"
    assert by_quote(sentence, "1200户")["metric"] == "new_market_entities"


@pytest.mark.parametrize("quote, kind", [("4.36万人", "level"), ("326场", "level"),
                                         ("3000个", "target"), ("5万人次", "target"), ("3000人次", "level")])
def test_figures_under_a_heading_that_names_the_plan_are_targets_until_the_next_heading(quote, kind):
    assert by_quote(WORK_REPORT, quote, pub_year=2024)["kind"] == kind


@pytest.mark.parametrize("row", read_table("plan_headings.csv"), ids=lambda r: r["word"])
def test_every_plan_heading_opens_a_section_of_goals(row):
    page = f"二、2024年{row['word']}\n今年，全市开发公益性岗位3000个，培训各类劳动者5万人次。"
    assert by_quote(page, "5万人次", pub_year=2024)["kind"] == "target"


def test_a_plan_section_keeps_what_is_already_done_a_level():
    page = "二、2024年工作安排\n今年以来，全市已培训各类劳动者2000人次。"
    assert by_quote(page, "2000人次", pub_year=2024)["kind"] == "level"


def test_an_audience_on_site_is_not_online_viewers():
    page = "2月24日的招聘会吸引2.3万人次在线观看，另有500余名观众到场观看了技能展示。"
    assert by_quote(page, "2.3万人次")["metric"] == "online_viewers"
    assert by_quote(page, "500余名")["metric"] == "other"


@pytest.mark.parametrize("text, quote, metric", [
    ("今年上半年，全市城镇新增就业3.46万人、失业人员再就业1.2万人，同比增长5%、6.7%。", "5%", "urban_new_jobs"),
    ("今年上半年，全市城镇新增就业3.46万人、失业人员再就业1.2万人，同比增长5%、6.7%。", "6.7%", "unemployed_reemployed"),
    ("今年上半年，全市城镇新增就业和失业人员再就业人数同比增长5%、6.7%。", "6.7%", "unemployed_reemployed"),
])
def test_changes_listed_after_one_change_word_belong_in_order_to_the_figures_before(text, quote, metric):
    claim = by_quote(text, quote)
    assert (claim["metric"], claim["kind"]) == (metric, "change")


def test_one_figure_before_a_list_of_changes_takes_only_the_first():
    text = "今年上半年，全市城镇新增就业3.46万人，同比增长5%、6.7%。"
    assert by_quote(text, "6.7%")["metric"] == "other"


def test_pinyin_set_off_by_spaces_keeps_the_unit_word():
    page = "2023-08-02 來源:民生網\n今年上半年，韶關市農村勞動力轉移就業(yè)新增1.2萬 (wàn) 人。"
    claim = next(c for c in claims(clean_text(page), pub_year=2023) if c["value"] == 12000)
    assert (claim["quote"], claim["unit"], claim["metric"]) == ("1.2萬人", "人", "rural_labor_transfer")


@pytest.mark.parametrize("text, kept", [("社区 (村) 和街道", "社区 (村) 和街道"), ("城市 (city) 人口", "城市 (city) 人口"),
                                        ("全縣 (xian) 12人", "全縣 12人"),
                                        # a space after a reading not set off separates two fields
                                        ("來源:民生網(wǎng) 發布時間:2023-08-02", "來源:民生網 發布時間:2023-08-02")])
def test_only_a_pinyin_syllable_set_off_by_spaces_is_removed(text, kept):
    assert clean_text(text) == kept


def test_hard_to_employ_people_placed_in_work_are_not_jobs_driven():
    sentence = "2023年全县共开发公益性岗位1520个，安置就业困难人员1380人。"
    assert by_quote(sentence, "1380人")["metric"] == "hard_to_employ_employed"
    assert by_quote("2023年全县扶贫车间安置就业460人。", "460人")["metric"] == "jobs_driven"


TOWN_FAIR = """凤凰县：春风送岗进乡村
2024-02-23 来源：湘西州人社局
近日，凤凰县在廖家桥镇举办“春风行动”乡村招聘会，38家企业提供岗位1260个，85人达成初步就业意向。
全镇今年计划输出劳动力3000人，目前已输出1860人。"""


@pytest.mark.parametrize("quote", ["38家", "1860人"])
def test_a_town_after_its_county_and_zai_is_the_town_the_page_then_calls_quanzhen(quote):
    claim = by_quote(TOWN_FAIR, quote, pub_year=2024)
    assert (claim["region"], claim["county"]) == ("廖家桥镇", "凤凰县")


def test_a_county_and_zai_before_a_word_that_is_no_town_keeps_the_county():
    assert by_quote("2023年凤凰县在乡镇举办招聘会12场。", "12场")["region"] == "凤凰县"


MEETING = """会上，长沙市人社局负责人介绍，2023年长沙市城镇新增就业13.2万人。
当天，浏阳市、宁乡市作了交流发言。浏阳市介绍，该市2023年城镇新增就业1.8万人。"""


@pytest.mark.parametrize("quote, region", [("13.2万人", "长沙市"), ("1.8万人", "浏阳市")])
def test_gaishi_points_back_to_the_unit_last_named_with_shi_a_county_level_city_too(quote, region):
    assert by_quote(MEETING, quote, pub_year=2024)["region"] == region


def test_gaishi_after_a_district_still_means_its_city():
    sentence = "2023年，长沙市芙蓉区城镇新增就业1.2万人，该市城镇新增就业13万人。"
    assert by_quote(sentence, "13万人")["region"] == "长沙市"


def test_formerly_poor_workers_sent_out_are_labour_export():
    page = "今年以来，四川向省外输送农村劳动力38.6万人。\n其中，向浙江省输送脱贫劳动力6.2万人。"
    claim = by_quote(page, "6.2万人", pub_year=2023)
    assert (claim["metric"], claim["region"]) == ("rural_labor_transfer", "四川省")


@pytest.mark.parametrize("quote, group", [("38.2万人", "跨省流动农民工"), ("58.1万人", "省内流动农民工")])
def test_migrant_workers_by_where_they_moved_name_that_part(quote, group):
    page = ("2023年，全市外出农民工96.3万人。在外出农民工中，跨省流动农民工38.2万人，占外出农民工的39.7%；"
            "省内流动农民工58.1万人，占60.3%。")
    claim = by_quote(page, quote, pub_year=2024)
    assert (claim["metric"], claim["group"]) == ("rural_labor_transfer", group)


def test_herding_areas_labour_transferred_is_rural_labour_transfer():
    sentence = "2023年，全省转移农牧区劳动力就业106.3万人次，实现劳务收入68.2亿元。"
    assert by_quote(sentence, "106.3万人次")["metric"] == "rural_labor_transfer"


@pytest.mark.parametrize("census", ["第七次全国人口普查", "全国第七次人口普查"])
def test_a_census_named_after_the_country_leaves_the_county_its_figures(census):
    sentence = f"平江县{census}常住人口41万人，2022年城镇新增就业2100人。"
    assert by_quote(sentence, "2100人", pub_year=2023)["region"] == "平江县"


def test_graduates_received_at_a_fair_are_jobseekers_served():
    sentence = "10月14日的招聘会共接待求职毕业生2100余人次，收到简历960份。"
    assert by_quote(sentence, "2100余人次")["metric"] == "jobseekers_served"


@pytest.mark.parametrize("sentence, quote, metric", [
    ("2023年全县开发公益性岗位，安置就业困难人员就业860人。", "860人", "hard_to_employ_employed"),
    ("2023年全县通过开发乡村公益性岗位，兜底安置就业困难脱贫劳动力1.2万人。", "1.2万人", "public_welfare_posts"),
    ("2023年全县扶贫车间安置群众就业460人。", "460人", "jobs_driven"),
])
def test_the_jiuye_of_jiuye_kunnan_is_no_cue_of_jobs_driven(sentence, quote, metric):
    assert by_quote(sentence, quote)["metric"] == metric


PROVINCE_QUARTER = """今年一季度，广西城镇新增就业9.8万人，完成全年目标任务的28%。
南宁、柳州、桂林分别新增就业2.6万人、1.5万人、1.1万人。"""


@pytest.mark.parametrize("quote, region", [("9.8万人", "广西壮族自治区"), ("2.6万人", "南宁市"),
                                           ("1.5万人", "柳州市"), ("1.1万人", "桂林市")])
def test_figures_after_fenbie_belong_in_turn_to_the_places_listed(quote, region):
    assert by_quote(PROVINCE_QUARTER, quote, pub_year=2023)["region"] == region


def test_places_listed_with_fenbie_before_one_total_keep_it_together():
    sentence = "2023年，安化县、桃江县分别依托黑茶、竹木等特色产业，累计开展培训3.39万人次。"
    assert by_quote(sentence, "3.39万人次")["region"] == "安化县、桃江县"


@pytest.mark.parametrize("text, quote, region", [
    ("一季度，郴州市城镇新增就业9860人。桂阳县、永兴县、宜章县城镇新增就业均超过1000人。", "超过1000人",
     "桂阳县、永兴县、宜章县"),
    ("上半年，河南省城镇新增就业62.5万人。郑州、洛阳、南阳3市城镇新增就业均超过4万人。", "超过4万人",
     "郑州市、洛阳市、南阳市"),
    ("2024年，株洲、湘潭各组织企业130家。", "130家", "株洲市、湘潭市"),
    # counted as the parts of one unit, with no 均: that unit
    ("2023年，炎陵、茶陵、攸县三县城镇新增就业1.2万人。", "1.2万人", "株洲市"),
    # 各类 is no 各 of the places
    ("2024年，株洲市城镇新增就业4万人。长沙、株洲举办各类招聘会320场。", "320场", "株洲市"),
])
def test_a_figure_said_of_each_place_listed_belongs_to_them_together(text, quote, region):
    assert by_quote(text, quote, pub_year=2024)["region"] == region


def test_a_share_of_workers_by_where_they_work_is_no_jobs_driven():
    claim = by_quote("2023年全县农村劳动力转移就业5万人，三分之二在省内就业。", "三分之二")
    assert (claim["metric"], claim["kind"], claim["group"]) == ("rural_labor_transfer", "share", "省内")
    assert by_quote("2023年全县扶持创业带动2540人就业。", "2540人")["metric"] == "jobs_driven"


@pytest.mark.parametrize("sentence, quote", [
    ("2023年全县共为8000余名求职者提供免费职业介绍服务。", "8000余名"),
    ("2023年全县为1.2万人次提供职业指导服务。", "1.2万人次"),
    ("2023年，全县零工市场累计服务灵活就业人员1.6万人次。", "1.6万人次"),
])
def test_people_given_placement_or_guidance_are_jobseekers_served(sentence, quote):
    assert by_quote(sentence, quote)["metric"] == "jobseekers_served"


@pytest.mark.parametrize("sentence, quote", [
    ("2023年全县帮助1.2万名劳动者实现转移就业。", "1.2万名"),
    ("2023年全县实现1.2万名劳动力转移就业。", "1.2万名"),
    ("2023年全县1.2万人实现转移就业。", "1.2万人"),
])
def test_people_who_moved_into_work_named_after_the_figure_are_labour_transfer(sentence, quote):
    assert by_quote(sentence, quote)["metric"] == "rural_labor_transfer"


def test_what_only_promotes_transfer_is_not_a_count_of_it():
    found = [c for c in claims("2023年全县建成帮扶车间12个促进转移就业。") if c["metric"] == "rural_labor_transfer"]
    assert found == []


@pytest.mark.parametrize("sentence, quote, metric", [
    ("2023年，全县就近就地就业3.2万人。", "3.2万人", "rural_labor_transfer"),
    ("2023年，全县帮扶车间吸纳群众就近就业300人。", "300人", "jobs_driven"),
])
def test_local_employment_of_rural_labour_is_transfer_unless_a_firm_took_them_on(sentence, quote, metric):
    assert by_quote(sentence, quote)["metric"] == metric


@pytest.mark.parametrize("sentence, quote", [
    ("2023年，广西在广东务工的劳动力达320万人。", "320万人"),
    ("2023年，湖南全省有320万人在广东务工。", "320万人"),
])
def test_workers_counted_where_they_work_are_labour_transfer(sentence, quote):
    assert by_quote(sentence, quote)["metric"] == "rural_labor_transfer"


PRESS_CONFERENCE = """人社部副部长：上半年，全国城镇新增就业678万人。
以广东为例，上半年全省城镇新增就业68万人，举办招聘会3600场。
记者：请问农民工就业情况如何？
人社部副部长：二季度末，农民工外出务工总量达到1.87亿人。"""


@pytest.mark.parametrize("quote, region", [("678万人", "全国"), ("68万人", "广东省"), ("3600场", "广东省"),
                                           ("1.87亿人", "全国")])
def test_an_example_place_holds_for_its_sentence_then_the_speakers_scope_resumes(quote, region):
    assert by_quote(PRESS_CONFERENCE, quote, pub_year=2023)["region"] == region


def test_relocated_labour_in_work_is_labour_transfer_but_their_employment_rate_is_no_count():
    claim = by_quote("2023年，全县易地扶贫搬迁劳动力实现就业1.2万人。", "1.2万人")
    assert (claim["metric"], claim["group"]) == ("rural_labor_transfer", "易地扶贫搬迁劳动力")
    rate = by_quote("2022年底，全国易地扶贫搬迁劳动力就业率达94.5%。", "94.5%")
    assert rate["metric"] == "other"


@pytest.mark.parametrize("quote, group", [("2.1万人", "县内"), ("3.5万人", "县外")])
def test_places_of_work_listed_before_fenbie_pair_with_the_figures(quote, group):
    sentence = "2023年全县转移就业5.6万人，其中县内、县外分别为2.1万人、3.5万人。"
    assert by_quote(sentence, quote)["group"] == group


def test_an_unnumbered_heading_that_names_the_plan_opens_a_section_of_goals():
    page = "今年以来全县城镇新增就业5316人。\n下一步工作打算\n全县开发公益性岗位300个，培训劳动者2000人次。"
    assert [by_quote(page, q, pub_year=2023)["kind"] for q in ("5316人", "300个", "2000人次")] == \
        ["level", "target", "target"]


def test_a_labelled_line_is_no_plan_heading():
    page = "今年以来全县城镇新增就业5316人。\n工作目标：全县开发公益性岗位300个。\n全县培训劳动者2000人次。"
    assert by_quote(page, "2000人次", pub_year=2023)["kind"] == "level"


CITIES_REPORT = """上半年，全省城镇新增就业40.6万人，完成年度目标任务的58%。各市州中，长沙市城镇新增就业8.9万人，完成年度任务的65.4%；株洲市3.1万人，完成62.1%；湘潭市2.2万人，完成60.3%。
张家界市、湘西州完成进度相对较慢，分别完成年度任务的48.2%和49.6%。"""


@pytest.mark.parametrize("quote, region, kind", [
    ("62.1%", "株洲市", "share"), ("2.2万人", "湘潭市", "level"), ("60.3%", "湘潭市", "share"),
    ("48.2%", "张家界市", "share"), ("49.6%", "湘西土家族苗族自治州", "share"),
])
def test_a_provincial_report_gives_each_city_its_figures_and_shares(quote, region, kind):
    claim = by_quote(CITIES_REPORT, quote, pub_year=2023)
    assert (claim["metric"], claim["region"], claim["kind"]) == ("urban_new_jobs", region, kind)


def test_people_a_relief_work_project_set_to_work_are_jobs_driven_of_that_group():
    claim = by_quote("2023年，全县以工代赈项目吸纳脱贫群众务工2300人，发放劳务报酬1860万元。", "2300人")
    assert (claim["metric"], claim["group"]) == ("jobs_driven", "脱贫群众")
