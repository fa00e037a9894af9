"""Text stage: clean_text, reading_view, split_sentences.

Examples are real snippets; the comment on each group names where it came from.
"""
import time
from pathlib import Path

import pytest

from extract.text import clean_text, reading_view, remove_injected_pinyin, split_sentences
from extract.vocabulary import read_table

SEEDS = Path(__file__).parent.parent / "data" / "corpus"
DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"  # ../shared beside the checkout


# --- injected pinyin --------------------------------------------------------

@pytest.mark.parametrize("damaged, repaired", [
    # p011, p025, p046: a converter left the reading after each character
    ("實現(xiàn)脫貧", "實現脫貧"),
    ("超額完成1100萬(wàn)人的全年預(yù)期目標(biāo)", "超額完成1100萬人的全年預期目標"),
    ("城鎮(zhèn)新增就業(yè)", "城鎮新增就業"),
    ("第一產(chǎn)業(yè)增加值", "第一產業增加值"),
    ("就業(ye)", "就業"),  # toneless syllable also occurs
    ("就業（yè）", "就業"),  # full-width parentheses
    # a converter run twice repeats the reading; some write it without tone marks or with a tone digit
    ("全縣(xian)(xian)外出務工12.3萬(wan)(wan)人(ren)", "全縣外出務工12.3萬人"),
    ("新增就業1.2萬(wàn)(wàn)余人", "新增就業1.2萬余人"),
    ("轉移就業3萬(wan4)人", "轉移就業3萬人"),
    # a place name's reading may be capitalised, or all in capitals
    ("株洲(Zhū)(zhōu)市(shì)城鎮新增就業", "株洲市城鎮新增就業"),
    ("新田(XIAN)縣", "新田縣"),
])
def test_injected_pinyin_is_removed(damaged, repaired):
    assert remove_injected_pinyin(damaged) == repaired


@pytest.mark.parametrize("kept", [
    "重点建设了95个充分就业社区(村)",  # 000: a Han character in brackets
    "炎陵、茶陵、攸县、醴陵、渌口五县(市)区",
    "行动计划(2022—2024年)",
    "返乡入乡创业2024/X/XX(xx)",  # p045 placeholder: no vowel, not pinyin
    "国内生产总值(GDP)15901.0亿元",  # p100: upper case
    "诸事达(app)下载",  # not a valid syllable
    "9月期,(ye)",  # after punctuation, not after a Han character
    "《農民日?qǐng)?bào)》"[:6],  # p025: ?(qǐng) follows a "?", not a Han character
])
def test_brackets_that_are_not_injected_pinyin_stay(kept):
    assert remove_injected_pinyin(kept) == kept


# --- line joining -----------------------------------------------------------
# A line joins the next when it is prose (>= 40 characters with a clause comma)
# that stops without final punctuation, and the next line is not a heading.

@pytest.mark.parametrize("broken, joined", [
    # 003 (PDF page): a number split from its unit across a blank line
    ("共有396家企(事)业单位选派的3.96万\n\n名一线劳动者参加角逐,赛事规模和参赛人数再创新高。",
     "共有396家企(事)业单位选派的3.96万名一线劳动者参加角逐,赛事规模和参赛人数再创新高。"),
    # a whole number split from its unit (no multiplier)
    ("全市参加职业技能培训的人员达到1200\n\n人次。", "全市参加职业技能培训的人员达到1200人次。"),
    # 004: an HTML paragraph split mid-word (…多</p><p>渠道…)
    ("充分发挥区乡两级劳动力市场功能作用，坚持每月10日举办招聘会，积极为各类用人单位和劳动力搭建供需对接平台，多\n\n渠道促进就业。",
     "充分发挥区乡两级劳动力市场功能作用，坚持每月10日举办招聘会，积极为各类用人单位和劳动力搭建供需对接平台，多渠道促进就业。"),
    # 003: PDF column break inside a word
    ("救助对象情况不同,需求各异,如何确保救助全覆盖?新政提出,建立健全以基本生活救助、专项社会救助、急难\n社会救助为主体,社会力量参与为补充。",
     "救助对象情况不同,需求各异,如何确保救助全覆盖?新政提出,建立健全以基本生活救助、专项社会救助、急难社会救助为主体,社会力量参与为补充。"),
    # a shorter line with two clause commas or more is prose too
    ("全县城镇新增就业5200人，完成年度目标任务的104%，农村劳动力转移\n就业12.6万人，实现劳务收入30亿元。",
     "全县城镇新增就业5200人，完成年度目标任务的104%，农村劳动力转移就业12.6万人，实现劳务收入30亿元。"),
    # a number split at its decimal point
    ("全县城镇新增就业12.\n3万人。", "全县城镇新增就业12.3万人。"),
])
def test_lines_broken_mid_sentence_are_joined(broken, joined):
    assert clean_text(broken) == joined


def test_a_photo_caption_inside_a_broken_sentence_moves_after_it():
    # 003: the PDF put a caption between 公共就 and 业服务水平
    broken = ("2021年12月3日,株洲市深入推进充分就业社区建设工作现场会在荷塘区召开。"
              "我市重点建设了95个充分就业社区(村),引领带动基层平台提升公共就\n\n\n\n"
              "我市举行的长株潭企业招聘会现场(资料图)。株洲日报·掌上株洲记者/何春林 摄\n\n"
              "业服务水平。")
    assert clean_text(broken) == (
        "2021年12月3日,株洲市深入推进充分就业社区建设工作现场会在荷塘区召开。"
        "我市重点建设了95个充分就业社区(村),引领带动基层平台提升公共就业服务水平。\n\n"
        "我市举行的长株潭企业招聘会现场(资料图)。株洲日报·掌上株洲记者/何春林 摄")


def test_a_long_run_of_digits_inside_a_line_takes_linear_time():
    # fuzz (seed 1, document 8870): the number-before-unit check searched [\d.]+$ from every digit
    # of a 140k-digit run that did not end the line: 8 minutes for one document; now milliseconds
    text = "城镇新增就业，" + "1" * 100_000 + "中\n名工人"
    start = time.perf_counter()
    assert clean_text(text) == text
    assert time.perf_counter() - start < 10


@pytest.mark.parametrize("text", [
    # 000/003: bracket headings
    "【春风行动】\n\n2021年2月中旬至3月底,株洲市第五届“春风行动·百企万岗”招聘活动好戏连台。",
    # 004: a short subheading
    "春风送岗——助重点群体就业创业\n“我儿子目前在外地打工，我想让他回家乡工作。”",
    # p024: a long headline with 、 is still a headline
    "山海同心稳就业 东西协作促振兴—— 黔东南、佛山携手共绘东西部劳务协作新画卷\n我州与广东佛山市自结对协作以来，构建了全方位的劳务协作体系。",
    # d001: a metadata line
    "日期:2023-04-06 20:52:48 来源:苏州都知道\n说起你对苏州的印象",
    # p078: a credit in brackets after the final stop
    "分别为314.7万人、215.5万人、164.1万人,各占出省农民工总数的36.5%、25%、19.1%。(苏晓琼)\n版权所有:安徽乡镇网 安徽省新型城镇化乡镇发展论坛组委会",
    # p063: a bulleted definition list
    "城镇登记失业人员是指有非农业户口,在一定的劳动年龄内,有劳动能力,无业而要求就业,并在当地劳动保障部门进行失业登记的人员\n• 城镇登记失业率城镇登记失业人员与城镇单位就业人员之比",
    # a short headline with two commas; a year ending a line and a figure starting the next
    "稳就业，保民生，促发展\n全县召开就业工作会议",
    "截至2023\n12万人",
])
def test_complete_lines_and_headings_are_not_joined(text):
    assert clean_text(text).replace("\n\n", "\n") == text.replace("\n\n", "\n")


# --- whitespace -------------------------------------------------------------

@pytest.mark.parametrize("raw, cleaned", [
    ("第一段\r\n第二段\r第三段", "第一段\n第二段\n第三段"),  # line endings
    ("城镇新增就业8303人   \n下一行", "城镇新增就业8303人\n下一行"),  # trailing spaces
    ("甲。\n\n\n\n\n乙。", "甲。\n\n乙。"),  # blank-line runs
    ("\ufeff城镇\u200b新增\u200c\u200d就业\xa08303人", "城镇新增就业 8303人"),  # zero-width dropped, no-break space
    ("市人社局党组书记、局长 潘   庆", "市人社局党组书记、局长 潘 庆"),  # 001: spaces between Han
    ("城镇新增就业1 1 00万人以上", "城镇新增就业1 1 00万人以上"),  # p021: digits keep their spaces
    ("\u3000\u3000今年1-5月城镇新增就业", "今年1-5月城镇新增就业"),  # indentation
])
def test_whitespace_is_normalised(raw, cleaned):
    assert clean_text(raw) == cleaned


def test_clean_text_keeps_traditional_characters():
    assert clean_text("城鎮新增就業1206萬人") == "城鎮新增就業1206萬人"


# --- reading view -----------------------------------------------------------

@pytest.mark.parametrize("text, view", [
    ("城鎮新增就業1206萬人", "城镇新增就业1206万人"),  # p011
    ("發布時間:2019-04-19", "发布时间:2019-04-19"),
    ("１１００万人（２０２２年）", "1100万人(2022年)"),  # full-width digits and brackets
    ("失业率５．５％，同比－０．１", "失业率5.5%，同比-0.1"),
    ("时间：2023年4月14日", "时间:2023年4月14日"),
    ("ＧＤＰ增长", "GDP增长"),
    ("今天是\u30002023年", "今天是 2023年"),  # ideographic space
    ("增长，稳定。", "增长，稳定。"),  # Chinese punctuation stays
])
def test_reading_view(text, view):
    assert reading_view(text) == view


@pytest.mark.parametrize("row", read_table("variants.csv"), ids=lambda r: r["variant"])
def test_every_variant_in_the_table_is_read_as_standard(row):
    view = reading_view(row["example"])
    assert row["standard"] in view and row["variant"] not in view


def _all_texts():
    files = sorted(SEEDS.glob("*.txt"))
    if DEV.is_dir():
        files += sorted(DEV.iterdir())
    return files


def test_reading_view_keeps_length_on_every_corpus_file():
    files = _all_texts()
    assert files
    for f in files:
        text = clean_text(f.read_text(encoding="utf-8"))
        assert len(reading_view(text)) == len(text), f.name


def test_reading_view_falls_back_to_char_by_char_when_a_phrase_changes_length(monkeypatch):
    import extract.text

    class PhraseConverter:  # stands in for an OpenCC phrase rule 1 char → 2
        def convert(self, s):
            return s.replace("業", "业业") if len(s) > 1 else {"業": "业", "萬": "万"}.get(s, s)

    monkeypatch.setattr(extract.text, "_t2s", lambda: PhraseConverter())
    assert reading_view("就業1206萬人") == "就业1206万人"


def test_reading_view_falls_back_only_on_the_line_whose_length_changed(monkeypatch):
    import extract.text

    class PhraseConverter:  # phrase rules: 業 → 业业 (changes length), 萬人 → 万人 (keeps it); no 萬 alone
        def convert(self, s):
            return s.replace("業", "业业").replace("萬人", "万人") if len(s) > 1 else {"業": "业"}.get(s, s)

    monkeypatch.setattr(extract.text, "_t2s", lambda: PhraseConverter())
    assert reading_view("就業\n萬人") == "就业\n万人"


# --- sentences --------------------------------------------------------------

@pytest.mark.parametrize("text, sentences", [
    ("2021年实现城镇新增就业8303人，城镇失业人员再就业9223人；困难人员就业1147人。",
     ["2021年实现城镇新增就业8303人，城镇失业人员再就业9223人；", "困难人员就业1147人。"]),
    ("“‘春风行动’圆了我的就业梦，很暖心。”王拥政说。",  # 002: closing quote stays
     ["“‘春风行动’圆了我的就业梦，很暖心。”", "王拥政说。"]),
    ("【春风行动】\n\n2021年2月中旬至3月底,招聘活动好戏连台。",  # a line break ends a heading
     ["【春风行动】", "2021年2月中旬至3月底,招聘活动好戏连台。"]),
    ("苏州上榜!真的吗?是的", ["苏州上榜!", "真的吗?", "是的"]),
    ("增长5.0%。  下降0.1个百分点。", ["增长5.0%。", "下降0.1个百分点。"]),  # spaces trimmed
    ("\n\n\n", []),
    ("", []),
    ("第一段\n  \n第二段。\n", ["第一段", "第二段。"]),  # a line of spaces holds no sentence
    ("\n增长5%。”\n\n下降", ["增长5%。”", "下降"]),
])
def test_split_sentences(text, sentences):
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == sentences


def test_sentence_spans_are_offsets_into_the_text_in_order():
    text = clean_text((SEEDS / "004_3f0cc9cd5d3e3597.txt").read_text(encoding="utf-8"))
    spans = split_sentences(text)
    assert spans == sorted(spans)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    # nothing but whitespace is left out
    covered = set().union(*(range(s, e) for s, e in spans))
    assert all(text[i].isspace() for i in range(len(text)) if i not in covered)
