"""Time cues and how their years resolve: extract/timeframe.py with tables/timeframes.csv."""
import re

import pytest

from extract.vocabulary import read_table
from extract.timeframe import find_time_cues, resolve_year


def cues(text):
    return [(text[c.start:c.end], c.year_rule, c.period) for c in find_time_cues(text)]


@pytest.mark.parametrize("row", read_table("timeframes.csv"), ids=lambda r: r["example"])
def test_every_time_cue_reads_its_example(row):
    found = find_time_cues(row["example"])
    years = re.findall(r"(?:19|20)\d\d", row["example"])
    expected = row["year"].replace("{y}", years[0] if years else "").replace("{y2}", years[-1] if years else "")
    if "{n}" in expected:  # 连续6年, 近三年来: how many years
        count = re.search(r"\d+|[两二三四五六七八九十]", row["example"]).group()
        expected = expected.replace("{n}", count if count.isdigit() else str(" 一二三四五六七八九十".index(count.replace("两", "二"))))
    assert found[0].year_rule == expected
    if "{m}" not in row["period"]:
        assert found[0].period == row["period"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a day: its month is a period only for an event held then (extract.passage)
        ("2021年12月3日，株洲市召开现场会", [("2021年12月3日", "2021", "12-12")]),
        ("5月20日，全县举办招聘会", [("5月20日", "{in_force}", "05-05")]),
        ("去年4月，我市再次启动", [("去年", "{pub-1}", ""), ("4月", "{in_force}", "04-04")]),
        ("今年1至3月份，全市", [("今年", "{pub}", ""), ("1至3月份", "{in_force}", "01-03")]),
        ("“十三五”期间，全区累计输转劳动力", [("十三五", "2016-2020", "")]),
        ("2019年一季度末，全省", [("2019年一季度末", "2019", "Q1")]),
        ("3月末，城镇登记失业率3.55%", [("3月末", "{in_force}", "03-03")]),
        ("1月份至9月份，全市", [("1月份至9月份", "{in_force}", "01-09")]),
        ("10月底前完成招聘任务", []),  # a deadline
    ],
)
def test_time_cues_in_sentences(text, expected):
    assert cues(text) == expected


@pytest.mark.parametrize("text", ["比2019年同期下降0.2个百分点", "较2019年一季度增加", "与2020年相比",
                                  "务工规模达到4.2万人，超过去年水平", "高于疫情突如其来的2020年", "和去年相比增加200人",
                                  "跟上年同期相比多300人", "低于上年末的3.5%"])
def test_a_year_compared_against_is_not_the_figures_year(text):
    assert not any(c.year_rule.isdigit() or c.year_rule.startswith("{pub") for c in find_time_cues(text))


@pytest.mark.parametrize("text, rule", [("2022年相比2021年，全县新增就业增加200人", "2022"),  # compares from 2022
                                         ("去年同期全市城镇新增就业3.1万人", "{pub-1}"),
                                         ("今年全市超过3万人实现就业", "{pub}")])
def test_a_year_that_only_stands_near_a_comparison_still_frames(text, rule):
    assert find_time_cues(text)[0].year_rule == rule


@pytest.mark.parametrize(
    "text, rule, period",
    [
        ("据统计，2019年至2021年，全区累计新增就业1.2万人", "2019-2021", ""),
        ("2019年到2021年，全区累计新增就业1.2万人", "2019-2021", ""),
        ("2019年—2021年，全区累计新增就业1.2万人", "2019-2021", ""),
        ("2019—2021年，全区累计新增就业1.2万人", "2019-2021", ""),
        ("2019至2021年，全区累计新增就业1.2万人", "2019-2021", ""),
        ("从2019年到2021年，全区累计新增就业1.2万人", "2019-2021", ""),
        ("自2019年至2021年，全区累计新增就业1.2万人", "2019-2021", ""),
        ("2021年1月至2022年6月，全区累计新增就业1.2万人", "2021-2022", ""),  # months across two years: the years
        ("2021年3月至2021年9月，全区新增就业1.2万人", "2021", "03-09"),  # one year said twice
        ("2021年3月至6月，全区新增就业1.2万人", "2021", "03-06"),
    ],
)
def test_a_span_of_years_is_read_whole(text, rule, period):
    cue = find_time_cues(text)[0]
    assert (cue.year_rule, cue.period) == (rule, period)


@pytest.mark.parametrize(
    "rule, pub_year, in_force, year",
    [
        ("2015-{pub}", 2018, "", "2015-2018"),  # 2015年以来 in a page of 2018
        ("2016-{pub}", 2016, "", "2016"),  # 2016年以来 in a page of 2016: the year so far
        ("2015-{pub}", None, "2017", ""),  # no date: where the span ends is not told
        ("{years:6}", 2019, "2018", "2013-2018"),  # 2018年…连续6年
        ("{years:3}", 2022, "2019-2021", "2019-2021"),  # 方案(2019—2021年)…三年来
        ("{years:5}", 2021, "", "2016-2020"),  # 五年来, nothing in force: the whole years before the publication
        ("{years:5}", None, "", ""),
        ("{years:1}", 2023, "", "2022"),  # 一年来: one year, not a span of one
        ("{pub-1}-{pub}", 2023, "", "2022-2023"),  # 去年以来
        ("{pub-1}-{pub}", None, "2021", ""),
        ("{pub}-{pub+1}", 2023, "", "2023-2024"),  # 今明两年
        ("{next:5}", 2023, "2021", "2023-2027"),  # 今后五年: from the publication on
        ("{in_force-1}", 2023, "2022", "2021"),  # 上年 in a review of 2022
        ("{in_force-1}", 2023, "", "2022"),
        ("{in_force+1}", 2023, "2019", "2020"),  # 2019年…，次年…
        ("{unknown}", 2022, "2021", ""),  # 近年来
        ("{pub}", 2022, "", "2022"),  # 今年 in a 2022 article
        ("{pub-1}", 2022, "", "2021"),  # 去年
        ("{pub-2}", 2022, "", "2020"),  # 前年
        ("{pub}", None, "", ""),  # no date: the text gives no way to tell
        ("{pub}", None, "2020", "2020"),  # no date, but the text named its year before
        ("{in_force}", 2022, "2019", "2019"),  # 一季度 after 2019年
        ("{in_force}", 2022, "", "2022"),  # 3月31日 with nothing in force: the publication year
        ("2016-2020", 2022, "", "2016-2020"),
    ],
)
def test_resolve_year(rule, pub_year, in_force, year):
    assert resolve_year(rule, pub_year, in_force) == year


@pytest.mark.parametrize(
    "text, rule, period",
    [
        ("二〇二二年，全县城镇新增就业3200人", "2022", ""),
        ("二零二一年一至十一月，全县城镇新增就业3200人", "2021", "01-11"),
        ("一九九八年全县职工人数12万人", "1998", ""),
        ("二〇二三届高校毕业生规模达1158万人", "2023", ""),
    ],
)
def test_a_year_in_chinese_numerals_is_read_as_its_digits(text, rule, period):
    cue = find_time_cues(text)[0]
    assert (cue.year_rule, cue.period) == (rule, period)


@pytest.mark.parametrize(
    "text, cue, rule, period",
    [
        # spaces inside a date (a page laid out from a PDF) are read through; offsets stay the text's
        ("2022 年 1-6 月，全县城镇新增就业3200人", "2022 年 1-6 月", "2022", "01-06"),
        ("截至 2022 年底，全县农民工总量12万人", "2022 年底", "2022", "12-12"),
        ("去 年，全县城镇新增就业3200人", "去 年", "{pub-1}", ""),
        ("一 季度，全县城镇新增就业3200人", "一 季度", "{in_force}", "Q1"),
        ("in the first quarter of 2022, jobs rose", "the first quarter of 2022", "2022", "Q1"),  # letters keep spaces
    ],
)
def test_spaces_inside_a_date_are_read_through(text, cue, rule, period):
    found = find_time_cues(text)[0]
    assert (text[found.start:found.end], found.year_rule, found.period) == (cue, rule, period)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("今年以来至9月底，全县城镇新增就业3200人", [("今年以来至9月底", "{pub}", "01-09")]),  # cumulative
        ("年初至十月底，全市发放创业担保贷款1.2亿元", [("年初至十月底", "{in_force}", "01-10")]),
        ("三月份全县城镇新增就业320人", [("三月份", "{in_force}", "03-03")]),
        ("十二月，全市城镇调查失业率为5.1%", [("十二月", "{in_force}", "12-12")]),
        ("元月份，全县新增农村劳动力转移就业800人", [("元月份", "{in_force}", "01-01")]),
        ("截至九月底，全县累计发放贷款3200万元", [("截至九月底", "{in_force}", "01-09")]),
        ("二〇二二年十一月，全市城镇调查失业率5.2%", [("二〇二二年十一月", "2022", "11-11")]),
        ("截至2022/6/30，全县城镇新增就业3200人", [("截至2022/6/30", "2022", "01-06")]),
        ("2022.6全县城镇新增就业420人", [("2022.6", "2022", "06-06")]),
        ("正月初八，全县举办新春招聘会", [("正月初八", "{in_force}", "")]),  # lunar: no Gregorian month
        ("全县城镇新增就业2022.6万人", []),  # a number, not a date
        ("广西三月三歌节期间举办招聘会", []),  # a festival
        ("十月怀胎的辛苦", []),
        ("四月底前完成招聘任务", []),  # a deadline
    ],
)
def test_months_in_chinese_numerals_and_dotted_dates(text, expected):
    assert cues(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2023年1月1日至9月30日，全县城镇新增就业5200人", [("2023年1月1日至9月30日", "2023", "01-09")]),
        ("1月1日至9月30日，全县城镇新增就业5200人", [("1月1日至9月30日", "{in_force}", "01-09")]),
        ("3月1日—3月31日，全县开展就业援助月活动", [("3月1日—3月31日", "{in_force}", "03-03")]),
        ("一至三季度，全县城镇新增就业2900人", [("一至三季度", "{in_force}", "01-09")]),
        # one day alone stays a day (an event's, extract.passage)
        ("3月5日，全县举办招聘会", [("3月5日", "{in_force}", "03-03")]),
    ],
)
def test_spans_of_days_and_quarters_give_the_months_they_run_through(text, expected):
    assert cues(text) == expected
