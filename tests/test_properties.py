"""Properties (issue 5): a written figure reads back as written, and no text makes the extractor raise.

1. Round trip. A strategy writes a value the ways articles do — Arabic digits
   (decimals, thousands separators, spaces from a bad copy), full-width digits,
   Chinese numerals (一千二百三十四, 两万, 三十五万六千, 一千零五), 万/亿
   multipliers, a hedge from tables/qualifiers.csv and a unit from
   tables/units.csv — inside a sentence of the kind the figure stands in, and
   `find_quantities` must return that value in base units, with that unit and
   hedge, over exactly the span written.

   Written forms the parser does not read, left out of the strategy on purpose:
   - Chinese decimals (三点五万, 零点五个百分点): no article in the corpus uses them;
   - approximate numerals (两三万, 十几万, 数十万): they name no single value;
   - a Chinese numeral ending in 万/亿 with no unit word (完成一千一百万): bare
     十万 is too often an idiom (十万火急) to count, while Arabic 1100万 is read;
   - 余/多 with a rate or percentage points (5多%): not how they are written;
   - 百分之 with Arabic digits (百分之5): not how it is written;
   - a Chinese numeral before a bare 百分点 (一百分点): its 百 belongs to both
     words; articles write 一个百分点, which is generated.

2. Nothing raises. Arbitrary Unicode (every plane but surrogates, control
   characters, bidi controls, combining marks), runs of digits or of 万, and
   pieces of real articles mixed at random go through find_quantities,
   clean_text, reading_view, split_sentences and the whole process_document;
   arbitrary bytes, and such text behind odd front matter in several encodings,
   go through read_document first.
"""
from __future__ import annotations

import datetime
import math
import os
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import assume, HealthCheck, given, settings
from hypothesis import strategies as st

from extract.read.document import Document, DocumentError
from extract.read.reader import read_document
from extract.numbers import find_quantities
from extract.pipeline import process_document
from extract.text import clean_text, reading_view, split_sentences
from extract.vocabulary import TABLES, read_table

# 200 examples each keeps CI quick; JIUYE_PROPERTY_EXAMPLES=20000 searches longer.
# The suite runs the same 200 examples every time (a red CI means a change broke something, not that
# the dice found something old); JIUYE_PROPERTY_EXAMPLES=N searches afresh, N examples per property.
PROPERTY = settings(max_examples=int(os.environ.get("JIUYE_PROPERTY_EXAMPLES", 200)), deadline=None,
                    derandomize="JIUYE_PROPERTY_EXAMPLES" not in os.environ,
                    suppress_health_check=[HealthCheck.too_slow])

UNITS = [r for r in read_table("units.csv") if r["kind"] != "duration"]  # durations are never quantities
MULTIPLIERS = {r["surface"]: Decimal(r["factor"]) for r in read_table("multipliers.csv")}
QUALIFIERS = read_table("qualifiers.csv")

# Sentence openings by the kind of figure that follows; none ends in a digit, a
# numeral, 第 or a hedge, which would change what the figure is.
PREFIXES = {
    "count": ["2023年全市城镇新增就业", "截至6月底，我县共举办招聘会", "“十四五”期间，该市为高校毕业生提供就业岗位",
              "一季度，全区城镇失业人员再就业", "据统计，全省农村劳动力转移就业", "活动现场共吸引求职者"],
    "money": ["截至6月底，累计发放创业担保贷款", "去年全县实现劳务收入", "为企业减免失业保险费", "人均月工资达到"],
    "rate": ["国家统计局数据显示，城镇调查失业率为", "全省高校毕业生就业率达", "一季度末城镇登记失业率为"],
    "points": ["城镇调查失业率比上年同期下降", "就业率较去年提高了"],
    "": ["国家统计局：2022年城镇新增就业1206万人，超额完成了", "今年，全国高校毕业生规模预计为"],
}
SUFFIXES = ["。", "，同比增长5.2%。", "，完成全年目标任务的105%。", "；", "的预期目标。", "，其中返乡创业人员一千二百人。"]


@dataclass(frozen=True)
class Written:
    text: str  # the quote: hedge, number, multiplier, unit
    value: Decimal  # in base units
    unit: str  # base form, as units.csv gives it
    kind: str  # the unit's kind; "" for a multiplier alone
    qualifier: str
    implies: str


# ---- numbers as written ---------------------------------------------------------------

_DIGITS = "零一二三四五六七八九"
_FULL_WIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")


def _section(value: int, liang: bool, bare_ten: bool, closes: str) -> str:
    """1…9999 in Chinese numerals: 一千零五, 三十五, 两千; 零 only between non-zero digits."""
    out, gap = "", False
    for place, char in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = value // place % 10
        if digit == 0:
            gap = bool(out)
            continue
        if gap:
            out, gap = out + "零", False
        if place == 10 and digit == 1 and not out and bare_ten:
            out += "十"  # 十五, not 一十五, at the head of a number
        elif digit == 2 and liang and (place >= 100 or (place == 1 and value == 2 and closes)):
            out += "两" + char  # 两千, 两百, 两万
        else:
            out += _DIGITS[digit] + char
    return out


def chinese_numeral(n: int, liang: bool = False, bare_ten: bool = True) -> str:
    """A positive integer below 10¹² as articles write it: 三十五万六千, 一亿两千万, 一万零五.

    >>> chinese_numeral(356000), chinese_numeral(120000000, liang=True), chinese_numeral(10005)
    ('三十五万六千', '一亿两千万', '一万零五')
    """
    out, gap = "", False
    for value, closes in ((n // 10**8, "亿"), (n // 10**4 % 10**4, "万"), (n % 10**4, "")):
        if value == 0:
            gap = bool(out)
            continue
        if out and (gap or value < 1000):
            out += "零"
        out += _section(value, liang, bare_ten and not out, closes) + closes
        gap = False
    return out


@st.composite
def arabic(draw, decimals: bool = True) -> tuple[str, Decimal]:
    """8.43 · 1,200 · 1 1 00 · １２３４ — and its value."""
    integer = draw(st.integers(0, 99_999_999))
    places = draw(st.integers(0, 2)) if decimals else 0
    fraction = "".join(draw(st.sampled_from("0123456789")) for _ in range(places))
    style = draw(st.sampled_from(["plain", "thousands", "spaced"]))
    if style == "thousands":
        head = f"{integer:,}"
    elif style == "spaced" and integer >= 10:  # a bad copy: 1 1 00万
        digits = str(integer)
        head = digits[0] + "".join((" " if draw(st.booleans()) else "") + d for d in digits[1:])
    else:
        head = str(integer)
    text = head + ("." + fraction if fraction else "")
    value = Decimal(f"{integer}.{fraction}" if fraction else str(integer))
    if draw(st.booleans()):
        text = text.translate(_FULL_WIDTH)  # the reading view folds it back
    return text, value


def _unit_text(unit: dict | None, draw) -> str:
    if unit is None:
        return ""
    return (" " if draw(st.integers(0, 9)) == 0 else "") + unit["surface"]  # 5.83万 人, a PDF's space


def _hedge(position: str, draw) -> dict | None:
    rows = [r for r in QUALIFIERS if r["position"] == position]
    return draw(st.sampled_from(rows)) if draw(st.booleans()) else None


@st.composite
def written_quantity(draw) -> Written:
    kind = draw(st.sampled_from(["count", "money", "rate", "points", ""]))  # "": a multiplier alone (1100万)
    unit = draw(st.sampled_from([u for u in UNITS if u["kind"] == kind])) if kind else None
    chinese_ok = unit is None or not unit["surface"].startswith("百")  # 一百分点: see the module docstring
    before, inside, after = _hedge("before", draw), None, _hedge("after", draw)
    if before and after:  # one hedge at a time: 超过5万人以上 says the same thing twice
        before, after = (before, None) if draw(st.booleans()) else (None, after)
    forms = {"count": ["arabic", "chinese", "magnitude"], "money": ["arabic", "chinese", "magnitude"],
             "rate": ["arabic", "percent_word"], "points": ["arabic", "chinese"], "": ["arabic"]}[kind]
    form = draw(st.sampled_from([f for f in forms if chinese_ok or f != "chinese"]))

    if form == "magnitude":  # 上百个, 近万人, 逾千家: a bare 百/千/万 after a hedge
        before, after = draw(st.sampled_from([r for r in QUALIFIERS if r["surface"] in ("上", "近", "逾", "超")])), None
        magnitude = draw(st.sampled_from(["百", "千", "万"]))
        number, value = magnitude, Decimal({"百": 100, "千": 1000, "万": 10000}[magnitude])
    elif form == "chinese":
        n = draw(st.integers(1, 10**12 - 1) if kind in ("count", "money") else st.integers(1, 99))
        number, value = chinese_numeral(n, liang=draw(st.booleans()), bare_ten=draw(st.booleans())), Decimal(n)
        if kind in ("count", "money") and draw(st.booleans()):
            inside = _hedge("inside", draw)  # 三百多名, 三万余人
            number += inside["surface"] if inside else ""
    elif form == "percent_word":  # 百分之五十
        n = draw(st.integers(1, 100))
        number, value = "百分之" + chinese_numeral(n, bare_ten=draw(st.booleans())), Decimal(n)
    else:
        multiplier = "" if kind in ("rate", "points") else draw(st.sampled_from([""] + sorted(MULTIPLIERS)))
        if unit is None and not multiplier:
            multiplier = "万"
        number, value = draw(arabic())
        if multiplier:
            value *= MULTIPLIERS[multiplier]
        if kind in ("count", "money") and draw(st.booleans()):
            inside = _hedge("inside", draw)
        if inside and multiplier and "." not in number and "．" not in number and draw(st.booleans()):
            number += inside["surface"] + multiplier  # 10余万人
        elif inside and (multiplier or ("." not in number and "．" not in number)):
            number += multiplier + inside["surface"]  # 9万余个 · 200多名
        else:
            inside = None  # 3.5余元 is not written
            number += multiplier

    unit_text = _unit_text(unit, draw) if form != "percent_word" else ""
    if unit and unit["surface"] == "%" and draw(st.booleans()):
        unit_text = unit_text.translate(_FULL_WIDTH)
    text = (before["surface"] if before else "") + number + unit_text + (after["surface"] if after else "")
    hedges = [h for h in (before, inside, after) if h]
    return Written(
        text=text,
        value=value,
        unit=unit["base"] if unit else "",
        kind=kind,
        qualifier=hedges[0]["qualifier"] if hedges else "exact",
        implies=next((h["kind"] for h in hedges if h["kind"]), ""),
    )


def _found_at(sentence: str, start: int):
    found = [q for q in find_quantities(reading_view(sentence)) if q.start == start]
    assert len(found) == 1, (sentence, find_quantities(reading_view(sentence)))
    return found[0]


@PROPERTY
@given(written_quantity(), st.data())
def test_a_written_quantity_reads_back_as_written(written, data):
    prefix = data.draw(st.sampled_from(PREFIXES[written.kind]))
    suffix = data.draw(st.sampled_from(SUFFIXES))
    sentence = prefix + written.text + suffix
    q = _found_at(sentence, len(prefix))
    assert sentence[q.start:q.end] == written.text
    assert q.value == pytest.approx(float(written.value), rel=1e-12, abs=0)
    assert q.low == q.high == q.value
    assert (q.unit, q.qualifier, q.implies) == (written.unit, written.qualifier, written.implies)


RANGE_SEPARATORS = ["至", "到", "-", "—", "–", "~", "～"]


@PROPERTY
@given(st.integers(0, 9999), st.integers(1, 9999), st.sampled_from(RANGE_SEPARATORS),
       st.sampled_from(["", "万", "亿"]), st.booleans(), st.booleans(),
       st.sampled_from([r for r in UNITS if r["kind"] in ("count", "money")]))
def test_a_range_keeps_both_ends(low, span, separator, multiplier, repeat_multiplier, chinese, unit):
    high = low + span
    factor = MULTIPLIERS.get(multiplier, Decimal(1))
    if chinese:  # 三至五万人; Chinese numerals join with 至/到 only
        # 二至一万 (2 to 10000) reads as 2万 to 1万: the 万 ending a Chinese range scales both ends
        assume(multiplier or high < 10000)
        low = max(low, 1)
        separator = "至" if separator not in ("至", "到") else separator
        first, second = chinese_numeral(low), chinese_numeral(high)
    else:  # 3-5万人, 3万至5万人
        first, second = str(low), str(high)
    first += multiplier if repeat_multiplier else ""
    quote = f"{first}{separator}{second}{multiplier}{unit['surface']}"
    sentence = f"预计每年新增{quote}。"
    q = _found_at(sentence, len("预计每年新增"))
    assert sentence[q.start:q.end] == quote
    assert (q.low, q.high) == (float(low * factor), float(high * factor))
    assert q.value == pytest.approx(float((low + high) * factor / 2))
    assert (q.unit, q.qualifier) == (unit["base"], "about")


# ---- nothing raises ------------------------------------------------------------------

# Pieces of real articles and of the vocabularies, to mix with random text so
# that the deeper stages (claims, regions, time cues, flattened tables) run.
PIECES = [
    "2022年", "今年", "去年", "1—3月", "上半年", "一季度", "“十四五”", "我市", "全市", "全省", "全国", "湖南省",
    "株洲市", "攸县", "北京市", "长三角", "城镇新增就业", "城镇调查失业率", "失业人员再就业", "高校毕业生",
    "同比增长", "下降", "目标", "预计", "不低于", "以上", "左右", "，", "。", "；", "：", "\n", "\n\n", "“", "”",
    "《", "》", "(", ")", "【春风行动】", "年份失业人数(万人)失业率(%)\n", "200113.23.8\n", "城镇登记失业率(%)\n",
    "年份甲(万人)乙(万人)丙(万人)丁(万人)戊(%)己(%)庚(%)辛(%)\n", "\n2001", "\n2002\n", "\n2003 ",
    "5.83万人", "23.71亿元", "2.8%", "0.2个百分点", "一千二百人", "近万人", "9万余个", "3至5万人", "第五届",
    "万万万", "亿亿", "百分之", "个百分点", "9" * 300, "1" * 40, "九" * 30, "１２３４", "٣٤٥", "①", "²",
    "\u202e", "\u200f", "\u0301\u0301", "\ufeff", "\u200b", "\u3000", "\xa0", "\r", "\r\n", "\x0c", "\x00",
    "<p>", "</p>", "&nbsp;", "---\n", "𠀀", "<![foo[", "<![", "<![CDATA[", "]]>", "<!", "<!--", "-->", "<?", "</",
    "<p", "<script>", "</script>", "<title>", "<h1>", "&#", "&#x110000;", "&#0;",
]

# Every example sentence of every vocabulary table: real sentences that reach the metric, kind and time rules.
EXAMPLES = sorted({row["example"] for path in sorted(TABLES.glob("*.csv"))
                   for row in read_table(path.name) if row.get("example")})

any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)
number_soup = st.text(alphabet="0123456789.,万亿余多近第至-％%元人个 ", max_size=60)
random_text = st.lists(st.one_of(any_text, st.sampled_from(PIECES), number_soup), max_size=40).map("".join)
article_text = st.lists(  # sentences that carry claims, with damage between them
    st.one_of(st.sampled_from(EXAMPLES), written_quantity().map(lambda w: w.text), st.sampled_from(PIECES),
              st.text(st.characters(exclude_categories=["Cs"]), max_size=10)),
    max_size=60,
).map("".join)
hostile_text = st.one_of(random_text, article_text)

# Jekyll front matter with values that are odd for YAML or for the fields read from it.
YAML_VALUES = ['" "', "\u3000", '[" ", 株洲日报新闻]', "[" * 200, "[" * 2000 + "]" * 2000, "&a [1, 2]", "*a", "{a: 1}",
               "[ , ]", "2022-13-45", "2022-01-10 08:38:05 +0800", "99999999999999999999", "null", "yes", "- x", "|",
               '"未闭合', "'", ":", "株洲日报新闻", "zhuzhouribao", "[]", "1e400"]
front_matter = st.lists(
    st.tuples(st.sampled_from(["title", "date", "tags", "categories", "layout", "a"]),
              st.one_of(st.sampled_from(YAML_VALUES), st.text(st.characters(exclude_categories=["Cs"]), max_size=20))),
    max_size=6,
).map(lambda fields: "---\n" + "".join(f"{key}: {value}\n" for key, value in fields) + "---\n")
document_text = st.tuples(st.one_of(st.just(""), front_matter), hostile_text).map("".join)


@PROPERTY
@given(hostile_text)
def test_find_quantities_never_raises(text):
    for q in find_quantities(reading_view(text)):
        assert 0 <= q.start < q.end <= len(text)
        assert all(math.isfinite(v) for v in (q.value, q.low, q.high))


@PROPERTY
@given(hostile_text)
def test_the_text_stage_never_raises(text):
    cleaned = clean_text(text)
    assert len(reading_view(cleaned)) == len(cleaned)
    for start, end in split_sentences(cleaned):
        assert 0 <= start < end <= len(cleaned)


@PROPERTY
@given(body=hostile_text, title=hostile_text, source=st.one_of(hostile_text, st.sampled_from(["株洲日报", "新华社", ""])),
       date=st.one_of(st.none(), st.dates(datetime.date(1949, 1, 1), datetime.date(2030, 12, 31))))
def test_process_document_never_raises(body, title, source, date):
    document = Document(doc_id="p", path="p.txt", encoding="utf-8", content_hash="0" * 64,
                        title=title, date=date, source=source, body=body)
    processed = process_document(document)
    text = processed.row["text"]
    ids = [c["claim_id"] for c in processed.claims]
    assert len(ids) == len(set(ids))
    for c in processed.claims:
        assert text[c["start"]:c["end"]] == c["quote"]
        assert all(math.isfinite(c[k]) for k in ("value", "value_low", "value_high"))


@PROPERTY
@given(data=st.one_of(st.binary(max_size=2000),
                      st.tuples(document_text, st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "big5", "utf-16"]))
                      .map(lambda t: t[0].encode(t[1], errors="replace"))),
       suffix=st.sampled_from([".txt", ".html", ".md"]))
def test_reading_any_bytes_raises_nothing_but_document_error(data, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"a{suffix}"
        path.write_bytes(data)
        try:
            document = read_document(path)
        except DocumentError:
            return  # not text: said so, with a reason
        process_document(document)
