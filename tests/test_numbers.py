"""Quantities: each rule of extract/numbers.py next to the sentences that prove it."""
from decimal import Decimal

import pytest

from extract.numbers import chinese_number, find_quantities
from extract.vocabulary import read_table


def only(text):
    found = find_quantities(text)
    assert len(found) == 1, [text[q.start:q.end] for q in found]
    return found[0]


@pytest.mark.parametrize(
    "sentence, quote, value, unit, qualifier",
    [
        # Arabic numbers with multipliers, from the sample articles
        ("2022年全市新增城镇就业5.83万人", "5.83万人", 58300, "人", "exact"),
        ("实现劳务收入23.71亿元", "23.71亿元", 2371000000, "元", "exact"),
        ("发放创业担保贷款0.8亿元", "0.8亿元", 80000000, "元", "exact"),
        ("城镇失业人员再就业9223人", "9223人", 9223, "人", "exact"),
        ("城镇登记失业率为2.8%", "2.8%", 2.8, "%", "exact"),
        # hedges: before, inside (余/多) and after the number
        ("三市发布9万余个岗位", "9万余个", 90000, "个", "more_than"),
        ("集中欢送200多名务工人员", "200多名", 200, "人", "more_than"),
        ("带动企业招聘逾3万人", "逾3万人", 30000, "人", "more_than"),
        ("在线浏览人数超过2万人", "超过2万人", 20000, "人", "more_than"),
        ("举办各类招聘会近400场", "近400场", 400, "场", "nearly"),
        ("城镇新增就业1200万人以上", "1200万人以上", 12000000, "人", "more_than"),
        ("城镇调查失业率5.5%左右", "5.5%左右", 5.5, "%", "about"),
        ("全年控制在5.5%以内", "5.5%以内", 5.5, "%", "nearly"),
        ("新增10余万人", "10余万人", 100000, "人", "more_than"),
        ("提供上百个岗位", "上百个", 100, "个", "more_than"),
        ("吸引近万人次求职者进场", "近万人次", 10000, "人次", "nearly"),  # a bare 万 is one 万 (was 0)
        ("提供上万个就业岗位", "上万个", 10000, "个", "more_than"),
        # several of a magnitude (数, 几) or a vague last digit (几): at least the magnitude
        ("活动吸引数十万人次参加", "数十万人次", 100000, "人次", "more_than"),
        ("为求职者提供岗位数万个", "数万个", 10000, "个", "more_than"),
        ("几十家企业进场招聘", "几十家", 10, "家", "more_than"),
        ("吸纳就业数千人", "数千人", 1000, "人", "more_than"),
        ("每年新增十几万人", "十几万人", 100000, "人", "more_than"),
        ("二十几家企业参加", "二十几家", 20, "家", "more_than"),
        # 上 before 十 is a preposition, 数 before digits ends a word
        ("线上十场招聘会", "十场", 10, "场", "exact"),
        ("参保人数12万人", "12万人", 120000, "人", "exact"),
        ("全年募集不少于100万个就业见习岗位", "不少于100万个", 1000000, "个", "more_than"),
        ("约2.66万元", "约2.66万元", 26600, "元", "about"),
        # units in base form
        ("服务企业8000余家次", "8000余家次", 8000, "家次", "more_than"),
        ("劳动者18.9万人次", "18.9万人次", 189000, "人次", "exact"),
        ("定向推送岗位25万个次", "25万个次", 250000, "个次", "exact"),
        ("比上月下降0.2个百分点", "0.2个百分点", 0.2, "百分点", "exact"),
        ("招聘会179场次", "179场次", 179, "场", "exact"),
        ("劳务经纪人255名", "255名", 255, "人", "exact"),
        ("新增市场主体10.8万余户", "10.8万余户", 108000, "户", "more_than"),
        # odd copies: spaces inside a number, thousands separators, full-width already folded by the reading view
        ("城镇新增就业1 1 00万人以上", "1 1 00万人以上", 11000000, "人", "more_than"),
        ("招聘1,200人", "1,200人", 1200, "人", "exact"),
        ("城镇新增就业2.3 万人", "2.3 万人", 23000, "人", "exact"),  # a space before the multiplier
        # one bare magnitude and more: 万余人 is over ten thousand
        ("城镇新增就业万余人", "万余人", 10000, "人", "more_than"),
        ("招聘企业百余家", "百余家", 100, "家", "more_than"),
        ("吸引千多名群众参加", "千多名", 1000, "人", "more_than"),
        # a decimal in Chinese numerals
        ("城镇登记失业率为百分之五点二", "百分之五点二", 5.2, "%", "exact"),
        ("转移就业十二点三万人", "十二点三万人", 123000, "人", "exact"),
        ("外出务工人员12 . 3万人", "12 . 3万人", 123000, "人", "exact"),
        ("农牧区劳动力转移就业.54万人次", ".54万人次", 5400, "人次", "exact"),  # a lost leading 0
        # Chinese numerals
        ("首批五个特色劳务品牌", "五个", 5, "个", "exact"),
        ("一千二百人参加", "一千二百人", 1200, "人", "exact"),
        ("三百多名工人", "三百多名", 300, "人", "more_than"),
        ("百分之五十的企业", "百分之五十", 50, "%", "exact"),
        # 零 holds a place; a smaller 万 after 亿 adds to it (both were misread: none found, 1.00002e12)
        ("共有一千零五十名高校毕业生报名", "一千零五十名", 1050, "人", "exact"),
        ("撬动社会资金一亿两千万元", "一亿两千万元", 120000000, "元", "exact"),
        # only a multiplier: the unit comes from the metric later
        ("超额完成了1100万的预期目标", "1100万", 11000000, "", "exact"),
        # a number written in sections: 亿 then the 万s, or 万 then the ones
        ("全国农民工总量2亿9251万人", "2亿9251万人", 292510000, "人", "exact"),
        ("全县外出务工3万4500人", "3万4500人", 34500, "人", "exact"),
        # an English-language article: multipliers and units as words
        ("A total of 512.6 thousand new urban jobs", "512.6 thousand", 512600, "", "exact"),
        ("2.31 Million people received training", "2.31 Million people", 2310000, "人", "exact"),
        ("the rate was 5.2 percent", "5.2 percent", 5.2, "%", "exact"),
        ("down 0.3 percentage points", "0.3 percentage points", 0.3, "百分点", "exact"),
        ("loans of 2.2 billion yuan", "2.2 billion yuan", 2200000000, "元", "exact"),
        # 约 that ends a word (签约, 节约) is no hedge
        ("现场签约520人", "520人", 520, "人", "exact"),
        ("节约资金300万元", "300万元", 3000000, "元", "exact"),
        # shares in words are percentages, with their hedges
        ("外出务工人员中近三成在省内就业", "近三成", 30, "%", "nearly"),
        ("七成以上的岗位面向高校毕业生", "七成以上", 70, "%", "more_than"),
        ("灵活就业人员约占十分之一", "十分之一", 10, "%", "exact"),
        ("三分之二的新增岗位来自服务业", "三分之二", 66.7, "%", "exact"),
        ("两成多的企业扩大招聘", "两成多", 20, "%", "more_than"),
        ("超4成的岗位面向高校毕业生", "超4成", 40, "%", "more_than"),
        ("外出务工人员中超过一半在省内就业", "超过一半", 50, "%", "more_than"),
        ("半数以上的岗位面向高校毕业生", "半数以上", 50, "%", "more_than"),
        # points without 个 are still points
        ("比上年提高0.1百分点", "0.1百分点", 0.1, "百分点", "exact"),
    ],
)
def test_quantity(sentence, quote, value, unit, qualifier):
    q = only(sentence)
    assert sentence[q.start:q.end] == quote
    assert q.value == pytest.approx(value)
    assert (q.unit, q.qualifier) == (unit, qualifier)


@pytest.mark.parametrize("sentence", ["多年来政策一成不变", "合作社三成员共同出资", "第三成立小组", "2024成为转折之年",
                                      "实现时间过半、任务过半"])
def test_words_that_only_look_like_shares_are_none(sentence):
    assert find_quantities(sentence) == []


def test_range_keeps_both_ends():
    q = only("每年新增3至5万人")
    assert (q.low, q.high, q.value, q.qualifier) == (30000, 50000, 40000, "about")


@pytest.mark.parametrize("sentence, low, high", [
    ("每年新增三至五万人", 30000, 50000),  # 万 ends the range and scales both ends (was 3 to 50000)
    ("计划吸引投资三千至五千万元", 30_000_000, 50_000_000),
    ("每场招聘会提供三千至五千个岗位", 3000, 5000),  # each end with its own magnitude
    ("带动就业十至二十万人", 100_000, 200_000),
])
def test_range_in_chinese_numerals(sentence, low, high):
    q = only(sentence)
    assert (q.low, q.high) == (low, high)


@pytest.mark.parametrize(
    "sentence",
    [
        "2021年12月3日，株洲市召开现场会",  # dates
        "株洲市第五届“春风行动·百企万岗”招聘活动",  # ordinals
        "打造“311就业服务节”",  # numbers inside names
        "家政工为“4050群体”提供的就业平台",
        "出台“稳就业25条”“保居民就业15条”",  # a quoted name with a unit word is still a name
        "推行“1+N”就业服务模式",
        "“十三五”期间",
        "咨询电话0731-28685000",  # phone numbers
        "16—24岁劳动力",  # ages
        "本次招聘会历时5天",  # durations
        "历经4个多月",
        "5个工作日内办结",
        "十分突出，深入一线，建强队伍，开发一批就业岗位",  # numerals inside words
        "攸县黄丰桥镇塔前村村主任谢一平",
        "2004、2005连续两年",
        "下午三点五十分开始",  # a time in Chinese numerals: 点 with no unit after
        "举办万人招聘会",  # a bare 万 with no 余 or 多 names an event's size
        # longer than any figure: a serial number or a broken copy (gave inf, or raised decimal.Overflow)
        "共计" + "9" * 400 + "人",
        "共计" + "1" * 1_000_001 + "万人",
    ],
)
def test_not_a_quantity(sentence):
    assert find_quantities(sentence) == []


def test_quoted_speech_keeps_its_figures():
    # Speech has clause punctuation inside the quotes; a name does not.
    found = find_quantities("主播说：“今天10家重点用工企业在我们的直播间，提供上百个岗位。”")
    assert [q.value for q in found] == [10, 100]


@pytest.mark.parametrize("text, value", [("五", 5), ("十五", 15), ("三十", 30), ("一千二百", 1200), ("两", 2),
                                         ("一万二千", 12000), ("百", 100),
                                         ("一千零五", 1005), ("一千零五十", 1050), ("十万零三百", 100300),
                                         ("一亿两千万", 120000000), ("一亿零三万", 100030000),
                                         ("三万亿", 3 * 10**12), ("一万亿零五百万", 10**12 + 5 * 10**6),
                                         # a last digit counts one place below the unit before it
                                         ("三千五", 3500), ("一万二", 12000), ("两百五", 250)])
def test_chinese_number(text, value):
    assert chinese_number(text) == Decimal(value)


# --- every entry of every vocabulary table this stage reads -------------------------------

@pytest.mark.parametrize("row", read_table("units.csv"), ids=lambda r: r["surface"])
def test_every_unit(row):
    found = find_quantities(f"共计3{row['surface']}。")
    if row["kind"] == "duration":
        assert found == []
    else:
        assert (found[0].unit, found[0].unit_kind) == (row["base"], row["kind"])


@pytest.mark.parametrize("row", read_table("multipliers.csv"), ids=lambda r: r["surface"])
def test_every_multiplier(row):
    assert only(f"共计2{row['surface']}人").value == 2 * int(row["factor"])


@pytest.mark.parametrize("row", read_table("qualifiers.csv"), ids=lambda r: r["position"] + r["surface"])
def test_every_qualifier(row):
    word, position = row["surface"], row["position"]
    sentence = {"before": f"共计{word}5人。", "inside": f"共计5{word}人。", "after": f"共计5人{word}。",
                "before_magnitude": f"共计{word}百人。"}[position]
    q = only(sentence)
    assert (q.qualifier, q.implies) == (row["qualifier"], row["kind"])


@pytest.mark.parametrize("row", read_table("numerals.csv"), ids=lambda r: r["char"])
def test_every_numeral(row):
    char, value = row["char"], int(row["value"])
    text = {"digit": char, "unit": "二" + char, "section": "二" + char}[row["role"]]
    expected = value if row["role"] == "digit" else 2 * value
    assert chinese_number(text) == expected


@pytest.mark.parametrize("text", ["二二", "二〇二三", "五零"])
def test_digits_in_a_row_are_no_chinese_number(text):
    assert chinese_number(text) is None  # 二〇二三 is a year written digit by digit


def test_the_tail_of_an_ordinal_is_no_quantity():
    assert find_quantities("第二十八次缔约方大会") == []
