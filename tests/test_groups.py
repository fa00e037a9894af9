"""Groups: the population a figure is about — extract/groups.py and tables/groups.csv."""
import pytest

from extract.vocabulary import read_table
from tests.test_claims import by_quote, claims


@pytest.mark.parametrize("row", read_table("groups.csv"), ids=lambda r: r["expected"])
def test_every_group_word_names_the_group_of_its_example(row):
    found = [c for c in claims(row["example"]) if c["metric"] != "other"]
    assert found and found[-1]["group"] == row["expected"]


@pytest.mark.parametrize(
    "sentence, quote, group, why",
    [
        ("全市城镇调查失业率为5.1%，其中16—24岁劳动力调查失业率为14.2%", "5.1%", "", "the whole population"),
        ("全市城镇调查失业率为5.1%，其中16—24岁劳动力调查失业率为14.2%", "14.2%", "16-24岁", "its own segment"),
        ("其中，25岁至59岁的人口调查失业率为4.3%", "4.3%", "25-59岁", "an age band written with 岁至"),
        ("16-24岁人口、25-59岁人口调查失业率分别为12.8%、4.6%", "12.8%", "16-24岁", "分别 pairs in order"),
        ("16-24岁人口、25-59岁人口调查失业率分别为12.8%、4.6%", "4.6%", "25-59岁", "分别 pairs in order"),
        ("全县农民工总量8.2万人，比上年增加0.3万人", "0.3万人", "农民工", "a change keeps its figure's group"),
        ("转移省外务工3.1万人，占转移就业总人数的41.2%", "41.2%", "省外", "a share keeps its figure's group"),
        ("外出务工人员中，去往东部地区的人数达56万人，占外出农民工总数的80.5%", "80.5%", "东部地区",
         "the whole a share is taken of is not its group"),
        ("为帮扶农民工、就业困难人员等劳动者就业，举办招聘会26场", "26场", "", "a list of beneficiaries"),
        ("今年以来线上线下共举办招聘会120场", "120场", "", "线上线下 together are both"),
        ("城镇登记失业人员再就业1.2万人", "1.2万人", "", "the metric counts them already"),
        ("全年新增城镇就业2.3万人、培训农民工4000人次", "2.3万人", "", "a group of the next item is not this one's"),
        ("全县外出务工人员达12.5万人，其中省外务工8.1万人", "12.5万人", "", "全县 + 外出 is no 县外"),
        ("全市外出务工人员达12.5万人，其中省外务工8.1万人", "8.1万人", "省外", "the part after 其中 keeps its place"),
        ("全省外出务工人员达300万人", "300万人", "", "全省 + 外出 is no 省外"),
        ("今年转移县外务工人员3200人", "3200人", "县外", "县外 itself still names where they went"),
        ("全市新增市场主体2.3万户，其中企业0.8万户", "0.8万户", "企业", "a part of the new entities after 其中"),
        ("全市新增市场主体2.3万户，其中企业0.8万户", "2.3万户", "", "the whole has no part"),
        ("全市新增市场主体2.3万户，其中企业0.8万户，农民专业合作社500户", "500户", "农民专业合作社",
         "the next part of the list"),
        ("全市200家企业参加招聘会", "200家", "", "企业 is a part only of new market entities"),
        ("其中，16至24岁青年调查失业率为18.2%", "18.2%", "16-24岁", "青年 after an age band only names the band"),
        ("全市青年调查失业率为12.1%", "12.1%", "青年", "青年 with no band is the group"),
        # each item of a list after 其中 names its part in its own words
        ("全县劳务输出1.4万人，其中定点长期劳务工4100多人", "4100多人", "定点长期劳务工", "the part after 其中"),
        ("全镇劳务输出14117人次，其中组织输出2510人次，自谋输出9625人次", "9625人次", "自谋输出",
         "the next item of the list after 其中"),
        ("全市城镇新增就业2万人，其中服务业1.2万人，制造业0.5万人", "0.5万人", "制造业",
         "a part names itself, not the part before"),
        ("全县转移就业12万人，其中省外8万人，今年新增转移就业2万人", "2万人", "", "a time is no part"),
        ("全县转移就业12万人，其中累计转移就业30万人", "30万人", "", "a new statement is no part"),
        ("全省城镇新增就业50万人，其中长沙市12万人", "12万人", "", "a place is the region's, not a group"),
        ("全县转移就业12万人，省外务工人员8万人", "8万人", "省外", "without 其中 only the table's words"),
        ("全县转移就业12万人，自谋输出人员8万人", "8万人", "", "without 其中 a list is no list of parts"),
        ("全市城镇新增就业5.6万人。其中，高校毕业生就业2.3万人", "2.3万人", "高校毕业生",
         "a sentence opening with 其中 lists the parts of the figure before"),
        # the figure after a bracketed aside speaks of the one before the bracket again
        ("全县外出务工9万人，其中省外务工5.2万人（东部地区4.1万人），占外出务工人员的57.8%", "57.8%", "省外",
         "a share after a bracket is the share of the figure before it"),
        # a bare share is the part the clause before it named
        ("全县外出务工人员12万人，从务工地点看仍以省外为主，占比61.2%", "61.2%", "省外", "以省外为主，占比…"),
        ("全县外出务工人员12万人，占比61.2%", "61.2%", "", "no part named before"),
        ("全市新增就业5万人，其中制造业新增就业人数占比达到了23.5%", "23.5%", "制造业", "an industry's part"),
        ("全省外出农民工中，流向江苏的有120万人", "120万人", "江苏", "where migrant workers went"),
        ("全县外出务工人员12万人，其中七成以上在省外", "七成以上", "省外", "the place after the figure"),
        ("全县外出务工人员12万人，其中省内约占一成左右", "一成左右", "省内", "the place before 占"),
        ("全县外出务工人员12万人，其中七成以上在县城", "七成以上", "", "no part named"),
        ("全县易地扶贫搬迁劳动力务工就业1.2万人，监测对象务工3200人", "3200人", "监测对象", "people watched for poverty"),
        ("今年以来为2000名失业人员提供就业服务", "2000名", "失业人员", "失业人员 alone"),
        ("全县农村低收入人口务工就业2.3万人", "2.3万人", "农村低收入人口", "the term used since 2021"),
        ("全市城镇失业人员再就业3000人", "3000人", "", "re-employment counts the unemployed already"),
        ("全省赴广东务工人员达到120万人", "120万人", "广东", "where migrant workers went"),
        ("全省外出农民工中，去往广东、福建就业的人数分别为80万人、30万人", "80万人", "广东", "a list with 分别"),
        ("全省外出务工人员120万人，广东、福建两省的企业参与招聘", "120万人", "", "a province not gone to"),
        ("外出务工人员中，去往广东、福建就业的人数最多，分别为80万人、30万人", "30万人", "福建",
         "a clause opening with 分别 pairs with the list of the clause before"),
    ],
)
def test_group(sentence, quote, group, why):
    assert by_quote(sentence, quote)["group"] == group, why


def test_a_group_never_leaks_into_the_next_sentence():
    text = "16—24岁劳动力调查失业率为14.2%。城镇调查失业率为5.1%。"
    assert [c["group"] for c in claims(text)] == ["16-24岁", ""]


def test_a_sentence_opening_with_qizhong_keeps_the_metric_of_the_figure_before():
    found = claims("全市城镇新增就业5.6万人。其中，高校毕业生就业2.3万人。")
    assert [(c["metric"], c["group"]) for c in found] == [("urban_new_jobs", ""), ("urban_new_jobs", "高校毕业生")]


def test_a_new_paragraph_opening_with_qizhong_starts_afresh():
    found = claims("全市城镇新增就业5.6万人。\n其中高校毕业生2.3万人。")
    assert found[1]["metric"] == "other"
