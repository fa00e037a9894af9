"""Figures in the reader's habits (issue 18, item 3): 万/亿 in Chinese, k/million/bn in English, hedges in words."""
import pytest

from app.names import period_name, region_name, unit_name
from app.numbers_format import axis_ticks, figure_text, number_axes, plain_number


@pytest.mark.parametrize("value, lang, unit, qualifier, shown", [
    (58300, "zh", "人", "exact", "5.83万人"),
    (12690000, "zh", "人", "exact", "1269万人"),
    (2370000000, "zh", "元", "exact", "23.7亿元"),
    (23.7, "zh", "亿元", "exact", "23.7亿元"),  # a value already in 亿元 reads the same
    (1393000, "zh", "人", "exact", "139.3万人"),
    (8303, "zh", "人", "exact", "8303人"),  # below 万 a count is written out
    (400, "zh", "场", "nearly", "近400场"),  # the hedge in words, never "<400"
    (1600, "zh", "场", "more_than", "1600余场"),
    (31000, "zh", "人", "about", "约3.1万人"),
    (2.8, "zh", "%", "exact", "2.8%"),
    (58300, "en", "", "exact", "58.3k"),
    (12690000, "en", "", "exact", "12.69 million"),
    (2370000000, "en", "元", "exact", "¥2.37 bn"),
    (8303, "en", "", "exact", "8,303"),
    (400, "en", "", "nearly", "nearly 400"),
    (90000, "en", "", "more_than", "over 90k"),
    (-21700, "zh", "人", "exact", "-2.17万人"),
])
def test_figure_text(value, lang, unit, qualifier, shown):
    assert figure_text(value, lang, unit, qualifier) == shown


def test_a_missing_value_is_empty_never_zero():
    assert plain_number(None) == "" and plain_number(float("nan"), "en") == ""


@pytest.mark.parametrize("high, lang, labels", [
    (58300, "zh", ["0", "2万", "4万", "6万"]),
    (1400000, "zh", ["0", "50万", "100万", "150万"]),
    (58300, "en", ["0", "20k", "40k", "60k"]),
    (9, "zh", ["0", "2", "4", "6", "8", "10"]),
])
def test_axis_ticks_in_scale_words(high, lang, labels):
    values, text = axis_ticks(0, high, lang)
    assert text == labels and values[-1] >= high


def test_number_axes_sets_the_value_axis_of_bars_and_lines():
    fig = {"data": [{"type": "bar", "orientation": "h", "x": [58300, 31000], "y": ["株洲市", "湘潭市"], "xaxis": "x2"},
                    {"type": "scatter", "x": [2021, 2022], "y": [1.2e8, 2.4e8]}], "layout": {}}
    number_axes(fig, "zh")
    assert fig["layout"]["xaxis2"]["ticktext"][-1] == "6万"
    assert fig["layout"]["yaxis"]["ticktext"][-1].endswith("亿")
    assert "yaxis2" not in fig["layout"] and "xaxis" not in fig["layout"]  # region and year axes untouched


@pytest.mark.parametrize("name, lang, shown", [
    ("株洲市", "en", "株洲市 Zhuzhou"),
    ("湖南省", "en", "湖南省 Hunan"),
    ("长沙市", "en", "长沙市 Changsha"),
    ("长株潭", "en", "长株潭 Changzhutan"),  # 长 read cháng, as in 长沙
    ("攸县", "en", "攸县 You County"),
    ("甘州区", "en", "甘州区 Ganzhou District"),
    ("株洲市", "zh", "株洲市"),  # Chinese readers see the name alone
    ("", "en", ""),
])
def test_region_names_with_pinyin_in_english(name, lang, shown):
    assert region_name(name, lang) == shown


@pytest.mark.parametrize("unit, lang, shown", [("人", "en", "people"), ("人次", "en", "person-times"),
                                               ("人", "zh", "人"), ("吨", "en", "吨")])
def test_unit_names(unit, lang, shown):
    assert unit_name(unit, lang) == shown


@pytest.mark.parametrize("period, lang, shown", [("01-09", "zh", "1—9月"), ("01-09", "en", "Jan–Sep"),
                                                 ("04-04", "en", "Apr"), ("H1", "zh", "上半年"),
                                                 ("per-year", "en", "yearly average"), ("", "en", "")])
def test_period_names(period, lang, shown):
    assert period_name(period, lang) == shown
