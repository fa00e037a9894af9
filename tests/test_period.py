"""The year and part of the year a figure gets in context: the publication's month (本月, 上月, an event held
昨天) and the other time words read in extract/passage.py with tables/timeframes.csv. Invented sentences."""
import pytest

from extract.passage import DocumentContext
from extract.reading import extract_claims
from extract.regions import load_gazetteer
from extract.text import reading_view, split_sentences


def times(text, pub_year=2023, pub_month=None):
    gazetteer = load_gazetteer()
    context = DocumentContext("doc", text, reading_view(text), pub_year, None, "", pub_month=pub_month)
    return {c["quote"]: (c["year"], c["period"]) for c in extract_claims(context, split_sentences(text), gazetteer)
            if c["metric"] != "other"}


@pytest.mark.parametrize(
    "text, pub_month, quote, expected",
    [
        ("昨天，全县在文化广场举办春风行动招聘会，80家企业提供岗位3000个。", 2, "3000个", ("2023", "02-02")),
        ("今天上午，全县在文化广场举办春风行动招聘会，80家企业提供岗位3000个。", 3, "3000个", ("2023", "03-03")),
        ("本月全县城镇新增就业320人。", 5, "320人", ("2023", "05-05")),
        ("上月全县城镇新增就业300人。", 5, "300人", ("2023", "04-04")),
        ("上月全县城镇新增就业300人。", 1, "300人", ("2022", "12-12")),  # last December
        # the page's month unknown: the year still holds, no part of it
        ("本月全县城镇新增就业320人。", None, "320人", ("2023", "")),
        ("昨天，全县在文化广场举办春风行动招聘会，80家企业提供岗位3000个。", None, "3000个", ("2023", "")),
        # 今天 in a quote is the speaker's day, not the page's: the dated fair keeps its month
        ("2月17日，全县举办春风行动招聘会。“今天现场很多人过来咨询。”此次招聘会提供岗位3000个。", 3, "3000个",
         ("2023", "02-02")),
        # a figure of the year so far is not the month of a day the page names
        ("昨天，县人社局召开新闻发布会。今年以来，全县城镇新增就业3200人。", 4, "3200人", ("2023", "")),
    ],
)
def test_the_publication_month_dates_this_month_last_month_and_yesterday(text, pub_month, quote, expected):
    assert times(text, pub_month=pub_month)[quote] == expected


@pytest.mark.parametrize(
    "text, quote, expected",
    [
        ("今年以来至9月底，全县城镇新增就业3200人。", "3200人", ("2023", "01-09")),
        ("三月份全县城镇新增就业320人。", "320人", ("2023", "03-03")),
        ("截至2022/6/30，全县城镇新增就业3200人。", "3200人", ("2022", "01-06")),
        ("正月初八，全县举办新春招聘会，80家企业提供岗位3000个。", "3000个", ("2023", "")),
    ],
)
def test_month_words_give_the_figures_time(text, quote, expected):
    assert times(text)[quote] == expected


@pytest.mark.parametrize(
    "text, quote, expected",
    [
        # the day told after the figures, of the fair told just before (本次)
        ("全县举办春风行动招聘会，提供岗位3000个，达成就业意向800人。\n本次招聘会于2月17日在县体育馆举行。", "800人",
         ("2023", "02-02")),
        ("县人社局举办退役军人专场招聘会，60家企业提供岗位1200个。此次活动于5月20日在县文化广场举行。", "1200个",
         ("2023", "05-05")),
        # no word referring back: the day may be another event's
        ("全县举办春风行动招聘会，提供岗位3000个。\n县人社局将于2月17日举办招聘会。", "3000个", ("", "")),
        # a day between: the first fair has its own
        ("3月5日，全县举办招聘会，提供岗位3000个。本次招聘会于3月5日在县体育馆举行。", "3000个", ("2023", "03-03")),
    ],
)
def test_a_day_told_after_an_events_figures_dates_them(text, quote, expected):
    assert times(text)[quote] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1月、2月份全县城镇调查失业率分别为5.2%、5.3%。", {"5.2%": ("2023", "01-01"), "5.3%": ("2023", "02-02")}),
        ("一、二季度全县城镇新增就业分别为1200人、1500人。", {"1200人": ("2023", "Q1"), "1500人": ("2023", "Q2")}),
        ("三、四季度全县城镇新增就业分别为1300人、1400人。", {"1300人": ("2023", "Q3"), "1400人": ("2023", "Q4")}),
        # without 分别 the quarters are read together: the first half
        ("一、二季度全县城镇新增就业2700人。", {"2700人": ("2023", "H1")}),
        # figures not a multiple of the times: left to the time in force
        ("1月、2月份全县城镇新增就业分别为320人、300人、280人。", {"320人": ("2023", "02-02")}),
    ],
)
def test_times_listed_before_fenbie_each_take_their_figure(text, expected):
    found = times(text)
    assert {quote: found[quote] for quote in expected} == expected


@pytest.mark.parametrize(
    "text, pub_year, quote, expected",
    [
        ("全年城镇新增就业5200人，上年为4800人。", 2023, "4800人", ("2022", "")),
        ("全年城镇新增就业5200人，上年为4800人。", 2023, "5200人", ("2023", "")),  # the figure before keeps its year
        ("2021年全县城镇新增就业5200人，上年为4800人。", None, "4800人", ("2020", "")),  # before the year in force
        ("元旦以来，全县城镇新增就业320人。", 2023, "320人", ("2023", "")),
        ("晚上年轻人来到招聘会现场，80家企业提供岗位3000个。", 2023, "3000个", ("", "")),  # 上年 inside other words
    ],
)
def test_the_year_before_said_in_passing(text, pub_year, quote, expected):
    assert times(text, pub_year=pub_year)[quote] == expected


@pytest.mark.parametrize(
    "text, quote, expected",
    [
        ("2023年一至三季度，全县城镇新增就业2900人。", "2900人", ("2023", "01-09")),
        ("今年1-2季度，全县城镇新增就业1900人。", "1900人", ("2023", "H1")),
        # a month told of a part (其中) is that statement's: the next is about the quarter again
        ("2023年一季度全县城镇新增就业900人。其中，3月份新增就业400人。全县城镇登记失业率为2.8%。", "400人",
         ("2023", "03-03")),
        ("2023年一季度全县城镇新增就业900人。其中，3月份新增就业400人。全县城镇登记失业率为2.8%。", "2.8%",
         ("2023", "Q1")),
        # not after 其中: a month that opens a statement frames what follows
        ("2023年一季度全县城镇新增就业900人。3月份新增就业400人，城镇登记失业率为2.8%。", "2.8%", ("2023", "03-03")),
    ],
)
def test_quarters_counted_from_to_and_a_parts_own_month(text, quote, expected):
    assert times(text, pub_year=None if text.startswith("2023") else 2023)[quote] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a yearly campaign of a named year, running since it started: the page is of that year
        ("2023年春风行动启动以来，全县举办招聘会12场。今年全县计划新增就业4500人。", "2023"),
        # since a campaign started years ago (自…以来): a span, which fixes no year of writing
        ("自2019年春风行动开展以来，全县举办招聘会120场。今年全县计划新增就业4500人。", ""),
    ],
)
def test_a_campaign_of_a_named_year_dates_an_undated_page(text, expected):
    assert times(text, pub_year=None)["4500人"][0] == expected


@pytest.mark.parametrize(
    "text, pub_year, quote, expected",
    [
        # a ratio to last year names a base, not the time of the clauses after it
        ("今年以来，全县城镇新增就业5200人，是去年同期的1.2倍，完成全年目标的80%。", 2022, "80%", ("2022", "")),
        ("一季度，全县城镇新增就业5200人，相当于去年同期的1.2倍，农村劳动力转移就业1.2万人。", 2022, "1.2万人",
         ("2022", "Q1")),
        # last year's figure told in passing is that figure's only
        ("今年以来，全县城镇新增就业5200人，去年同期为4300人，农村劳动力转移就业1.2万人。", 2022, "4300人",
         ("2021", "")),
        ("今年以来，全县城镇新增就业5200人，去年同期为4300人，农村劳动力转移就业1.2万人。", 2022, "1.2万人",
         ("2022", "")),
        ("今年一季度全县城镇新增就业1200人，上年同期为1100人。", 2023, "1100人", ("2022", "Q1")),
        # 去年同期 opening its statement is still last year's
        ("今年一季度全县城镇新增就业1200人。去年同期，全县城镇新增就业1100人。", 2023, "1100人", ("2022", "Q1")),
    ],
)
def test_last_years_figure_and_ratio_said_in_passing(text, pub_year, quote, expected):
    assert times(text, pub_year=pub_year)[quote] == expected
