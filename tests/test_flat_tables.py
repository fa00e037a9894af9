"""Flattened tables: glued year rows and one-cell-per-line tables become cells.

The snippets are made up in the shapes of dev documents p063 (glued rows) and
p016 (one cell per line); the last tests read those two documents when the
shared corpus is present.
"""
from pathlib import Path

import pytest

from extract.flat_tables import find_flat_tables
from extract.vocabulary import read_table

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"  # ../shared beside the checkout


def read(text: str) -> dict[tuple[int, str], tuple[float, str]]:
    return {(c.year, c.label): (c.value, c.unit) for c in find_flat_tables(text)}


GLUED = """海滨市城镇登记失业人数及失业率(2015年-2019年)

2023-01-05 数据来源:海滨市统计局
年份失业人数(万人)失业率(%)
201512.34.5
20163.9
2017133.9
201813.54
2019144.1
数据说明:
2020999.9
"""


@pytest.mark.parametrize("year, label, expected", [
    (2015, "失业人数", (123000.0, "人")),   # 12.3万人: 万 scaled away
    (2015, "失业率", (4.5, "%")),
    (2016, "失业率", (3.9, "%")),            # a row with one value: the rate
    (2017, "失业人数", (130000.0, "人")),   # 133.9 → 13 | 3.9, not 1 | 33.9 nor — | 133.9
    (2017, "失业率", (3.9, "%")),
    (2018, "失业人数", (135000.0, "人")),   # 13.54 → 13.5 | 4: a cell has one decimal
    (2018, "失业率", (4.0, "%")),
    (2019, "失业人数", (140000.0, "人")),
    (2019, "失业率", (4.1, "%")),
])
def test_glued_rows(year, label, expected):
    assert read(GLUED)[(year, label)] == expected


@pytest.mark.parametrize("missing", [(2016, "失业人数"), (2020, "失业率"), (2020, "失业人数")])
def test_glued_rows_missing_cell_and_end_of_table(missing):
    # 2016 has no count; 2020 comes after 数据说明: and is not part of the table
    assert missing not in read(GLUED)


@pytest.mark.parametrize("rows, year, expected", [
    # the full split fits the neighbours: 38 | 3.3, not 3 | 83.3 nor — | 383.3
    (["201936.13.5", "2020383.3", "202140.23.1"], 2020, {"失业人数": 380000.0, "失业率": 3.3}),
    # the short reading fits: rates near 12, so 12.6 is the rate, not 1 | 2.6
    (["201530.512.4", "201612.6", "201731.212.1"], 2016, {"失业率": 12.6}),
    # a count jump is followed when the rate column demands it: 92.6 → 9 | 2.6
    (["198917.82.8", "199092.6", "19917.92.1"], 1990, {"失业人数": 90000.0, "失业率": 2.6}),
])
def test_ambiguous_split_resolved_by_continuity(rows, year, expected):
    text = "\n".join(["年份失业人数(万人)失业率(%)", *rows])
    cells = {c.label: c.value for c in find_flat_tables(text) if c.year == year}
    assert cells == expected


def test_decimals_learnt_from_unambiguous_rows():
    # 1.2|4.9 is the only reading of its row, so both columns use one decimal;
    # continuity alone would read 14.94 as 1 | 4.94, which has two.
    text = "年份失业人数(万人)失业率(%)\n20161.24.9\n201714.94"
    cells = {c.label: c.value for c in find_flat_tables(text) if c.year == 2017}
    assert cells == {"失业人数": 149000.0, "失业率": 4.0}


def test_spaced_rows_are_read_as_written():
    text = "年份 新增就业(万人) 失业率(%)\n2020 3.25 2.8\n2021 3.40 2.6"
    assert read(text)[(2020, "新增就业")] == (32500.0, "人")
    assert read(text)[(2021, "失业率")] == (2.6, "%")


PER_LINE = """表3.2 青川县主要年份就业情况
指
标
2015
2018
2021
城镇新增就业人数(万人)
1.25
1.40
1.62
城镇登记失业率(%)
3.1
—
2.9
招聘会
12
15
18
注:本表数据为年末数。
"""


@pytest.mark.parametrize("year, label, expected", [
    (2015, "城镇新增就业人数", (12500.0, "人")),
    (2021, "城镇新增就业人数", (16200.0, "人")),
    (2015, "城镇登记失业率", (3.1, "%")),
    (2021, "城镇登记失业率", (2.9, "%")),   # the — cell keeps 2018's place
    (2018, "招聘会", (15.0, "")),           # a row label without a unit
])
def test_one_cell_per_line(year, label, expected):
    assert read(PER_LINE)[(year, label)] == expected


def test_one_cell_per_line_blank_cell_yields_nothing():
    assert (2018, "城镇登记失业率") not in read(PER_LINE)


@pytest.mark.parametrize("text, title", [
    (GLUED, "海滨市城镇登记失业人数及失业率(2015年-2019年)"),  # skips the date/source line
    (PER_LINE, "表3.2 青川县主要年份就业情况"),                 # skips the 指/标 stub
    ("全市就业形势稳定。\n年份失业人数(万人)\n201512.3", ""),      # a sentence is not a title
])
def test_title(text, title):
    assert {c.title for c in find_flat_tables(text)} == {title}


@pytest.mark.parametrize("text", [
    "2021年,海滨市城镇登记失业人数为38万人,城镇登记失业率为3.3%。",
    "2019年、2020年和2021年,青川县连续三年举办招聘会。",
    "咨询电话:0591-87654321\n13812345678\n20211234567",
    "2019\n2020\n2021\n全县就业形势总体稳定,各项指标完成较好。",    # years one per line, then prose
    "年份失业人数(万人)失业率(%)\n全市失业人数保持稳定。",              # a header and no rows
    "年份失业人数(城镇)失业率(%)\n201512.34.5",                        # (城镇) is not a unit
    "",
])
def test_no_table(text):
    assert find_flat_tables(text) == []


# A long run of digits under a header is damage, not a row: unbounded, 2000 digits took 9 s
# and gave an infinite cell, and a row of 40 digits under 8 columns has millions of readings.
@pytest.mark.parametrize("text", [
    "年份失业人数(万人)失业率(%)\n2001" + "9" * 2000,
    "年份失业人数(万人)失业率(%)\n2001 " + "9" * 400 + " 3.8",
    "年份" + "".join(f"{label}(万人)" for label in "甲乙丙丁戊己庚辛") + "\n2001" + "1" * 40,
    "2001\n2002\n城镇登记失业率(%)\n" + "9" * 400 + "\n3.8",
], ids=["glued", "spaced", "eight-columns", "per-line"])
def test_a_run_of_digits_is_no_row(text):
    assert find_flat_tables(text) == []


# Layout 3: a table copied with its cells set apart (tabs from a .docx or a page, | of a text table)
SEPARATED = "主要就业指标完成情况\n指标\t2021年\t2022年\n城镇新增就业(人)\t5200\t5600\n城镇登记失业率(%)\t3.1\t2.9\n"
TEXT_TABLE = "| 指标 | 2021年 | 2022年 |\n| --- | --- | --- |\n| 城镇新增就业(万人) | 1.2 | 1.5 |\n"
TURNED = "年份\t城镇新增就业(人)\t城镇登记失业率(%)\n2021\t5200\t3.1\n2022\t5600\t2.9\n"


@pytest.mark.parametrize("text, year, label, expected", [
    (SEPARATED, 2022, "城镇新增就业", (5600, "人")),
    (SEPARATED, 2021, "城镇登记失业率", (3.1, "%")),
    (TEXT_TABLE, 2022, "城镇新增就业", (15000, "人")),
    (TURNED, 2021, "城镇登记失业率", (3.1, "%")),
    (TURNED, 2022, "城镇新增就业", (5600, "人")),
])
def test_separated_cells(text, year, label, expected):
    assert read(text)[(year, label)] == expected


@pytest.mark.parametrize("text", [
    "招聘会  2场  岗位  300个\n电话  0731  12345",  # cells apart, but no header of years or of labels with units
    "指标\t2021年\t2022年\n全县就业形势总体稳定\t较好",  # a header of years over prose
    "年份\t城镇新增就业(城镇)\n2021\t5200",  # (城镇) is no unit
])
def test_separated_cells_need_a_table_shape(text):
    assert find_flat_tables(text) == []


def test_separated_cells_spans_point_at_the_digits():
    assert [SEPARATED[c.start:c.end] for c in find_flat_tables(SEPARATED)] == ["5200", "5600", "3.1", "2.9"]


# Layout 4: a label that carries its unit and a bare number (a bulletin's list of indicators)
@pytest.mark.parametrize("text, label, expected", [
    ("城镇新增就业(人)：5200", "城镇新增就业", 5200),
    ("农村劳动力转移就业（万人） 12.6", "农村劳动力转移就业", 126000),
    ("城镇登记失业率(%):3.1", "城镇登记失业率", 3.1),
])
def test_labelled_value(text, label, expected):
    cells = find_flat_tables(text)
    assert [(c.label, c.value, c.year) for c in cells] == [(label, pytest.approx(expected), None)]


@pytest.mark.parametrize("text", [
    "全县城镇新增就业(人)：5200人",  # the number has its unit word: the sentence reading takes it
    "城镇新增就业(万人) 2022",  # a year heading a column
    "某某县(区)：2022",  # (区) is no unit
])
def test_no_labelled_value(text):
    assert find_flat_tables(text) == []


def test_rows_stop_when_the_year_goes_back():
    text = "年份失业人数(万人)失业率(%)\n201512.34.5\n201613.14.4\n201512.34.5"
    assert [c.year for c in find_flat_tables(text)] == [2015, 2015, 2016, 2016]


@pytest.mark.parametrize("text, digits", [
    (GLUED, ["12.3", "4.5", "3.9", "13", "3.9", "13.5", "4", "14", "4.1"]),
    (PER_LINE, ["1.25", "1.40", "1.62", "3.1", "2.9", "12", "15", "18"]),
    ("  年份 新增就业(万人) 失业率(%)\n  2020 3.25 2.8", ["3.25", "2.8"]),
])
def test_spans_point_at_the_digits(text, digits):
    assert [text[c.start:c.end] for c in find_flat_tables(text)] == digits


# Every entry of tables/flat_table_units.csv, checked through a one-row table.
UNITS = {
    "万人": ("人", 1e4), "人": ("人", 1), "万人次": ("人次", 1e4), "人次": ("人次", 1),
    "%": ("%", 1), "亿元": ("元", 1e8), "万元": ("元", 1e4), "元": ("元", 1),
    "万个": ("个", 1e4), "个": ("个", 1), "万家": ("家", 1e4), "家": ("家", 1),
    "万户": ("户", 1e4), "户": ("户", 1), "场": ("场", 1),
}


def test_units_table_is_fully_tested():
    assert {r["surface"] for r in read_table("flat_table_units.csv")} == set(UNITS)


@pytest.mark.parametrize("surface, base, factor", [(s, b, f) for s, (b, f) in UNITS.items()])
def test_unit(surface, base, factor):
    [cell] = find_flat_tables(f"2020\n2021\n指标({surface})\n2.5\n—")
    assert (cell.value, cell.unit, cell.label) == (2.5 * factor, base, "指标")


@pytest.mark.parametrize("doc, year, label, expected", [
    ("p063", 1980, "失业率", 7.0),
    ("p063", 1980, "失业人数", 178000.0),
    ("p063", 1981, "失业率", 5.6),
    ("p063", 1981, "失业人数", None),       # 1981 carries the rate only
    ("p063", 2021, "失业人数", 380000.0),
    ("p063", 2021, "失业率", 3.3),
    ("p016", 2000, "城镇登记失业率", 3.5),
    ("p016", 2021, "城镇登记失业率", 2.7),
])
def test_dev_documents(doc, year, label, expected):
    path = CORPUS / f"{doc}.txt"
    if not path.exists():
        pytest.skip("shared dev corpus not present")
    cells = read(path.read_text(encoding="utf-8"))
    assert cells.get((year, label), (None,))[0] == expected
