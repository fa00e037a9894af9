"""PDF, Word, HTML and MHTML files give the same claims as the text they hold.

Each test builds its files from the sample articles (data/corpus) at test time:
PDF printed by Debian's chromium through Playwright (the case where a PDF's
text layer says ⼈ for 人) and written by reportlab in two columns, Word
files by python-docx, HTML pages and MHTML archives from the article's
paragraphs.  A claim is compared by value, metric, region and year.
"""
from __future__ import annotations

import email.generator
import email.policy
import html
import io
import quopri
import subprocess
import unicodedata
from collections import Counter
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from pathlib import Path

import pytest

from extract.read.document import DocumentError
from extract.read.reader import read_document
from extract.read.formats import read_docx, read_html
from extract.read.pdf import normalise_pdf_text, read_pdf
from extract.pipeline import process_document
from extract.vocabulary import read_table

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"
SAMPLES = sorted(p.name for p in CORPUS.glob("*.txt"))


# --- the sample articles, and the claims a file gives --------------------------------------------------


def article(name: str):
    """The sample article as the extractor reads it from its text file."""
    return read_document(CORPUS / name)


def paragraphs(document) -> list[str]:
    return [line for line in document.body.split("\n") if line.strip()]


def masthead(document) -> str:
    """The line a printed page shows under its headline: where and when it was published."""
    parts = [f"来源：{document.source}" if document.source else "",
             f"发布日期：{document.date:%Y-%m-%d}" if document.date else ""]
    return "　".join(p for p in parts if p)


def claim_keys(document) -> Counter:
    return Counter((c["value"], c["metric"], c["region"], c["year"]) for c in process_document(document).claims)


def assert_same_claims(document, name: str):
    expected, got = claim_keys(article(name)), claim_keys(document)
    assert expected, f"{name} has no claims to compare"
    assert got == expected, f"missing: {expected - got}\nextra: {got - expected}"


def write(tmp_path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def page_html(document, *, columns: int = 1, meta: bool = False, junk: bool = False) -> str:
    """The article as a web page: headline, a masthead line (or <meta> tags), one <p> per paragraph."""
    head = f"<meta charset='utf-8'><title>{html.escape(document.title)}</title>"
    if meta:
        if document.date:
            head += f"<meta name='PubDate' content='{document.date:%Y-%m-%d} 08:00'>"
        if document.source:
            head += f"<meta name='ContentSource' content='{html.escape(document.source)}'>"
    if junk:  # figures a page carries that are not the article's
        head += "<script>var visits = '9999万人';</script><style>p::after { content: '88万人' }</style>"
    body = f"<h1>{html.escape(document.title)}</h1>"
    body += "" if meta else f"<p>{html.escape(masthead(document))}</p>"
    if junk:
        body += "<nav>首页 &gt; 就业 &gt; 本站访问量12345万人次</nav><!-- 广告：招聘8888人 -->"
    body += "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(document))
    style = f" style='column-count:{columns}; column-gap:2em'" if columns > 1 else ""
    return f"<!DOCTYPE html><html><head>{head}</head><body><div{style}>{body}</div></body></html>"


# --- PDF text normalisation -----------------------------------------------------------------------------


@pytest.mark.parametrize("raw, clean", [
    ("城镇新增就业8303⼈", "城镇新增就业8303人"),  # Kangxi radical ⼈ (U+2F08): NFKC
    ("⺠⽣", "民生"),  # ⺠ is in the CJK Radicals Supplement, which NFKC leaves alone: tables/radicals.csv
    ("同比增⻓5.2%", "同比增长5.2%"),
    ("春⻛⾏动", "春风行动"),
    ("城镇新增就业 8303 ⼈，", "城镇新增就业8303人，"),  # the spaces a PDF puts around a figure
    ("失业率为 2.8 % ，继续", "失业率为2.8%，继续"),
    ("“ 春⻛送温暖 · 就业送真情 ” 企业", "“春风送温暖·就业送真情”企业"),
    ("分别为120，350人", "分别为120，350人"),  # full NFKC would make this 120,350: one number
    ("占比（％）：４５．６", "占比（％）：４５．６"),  # full-width forms stay; the reading view reads them
    ("1 1 00万人", "1 1 00万人"),  # spaces inside a number are the number parser's to judge
    ("潘   庆", "潘   庆"),  # spaces between Chinese characters are clean_text's
    ("App 平台", "App 平台"),
])
def test_pdf_text_normalisation(raw, clean):
    assert normalise_pdf_text(raw) == clean


def test_full_nfkc_would_change_what_the_number_parser_reads():
    from extract.numbers import find_quantities

    kept = [q.value for q in find_quantities(normalise_pdf_text("分别为120，350人"))]
    nfkc = [q.value for q in find_quantities(unicodedata.normalize("NFKC", "分别为120，350人"))]
    assert kept == [350.0] and nfkc == [120350.0]


@pytest.mark.parametrize("row", read_table("radicals.csv"), ids=lambda r: r["name"])
def test_every_radical_in_the_table_folds_to_its_ideograph(row):
    # the row is the Unicode Character Database's EquivalentUnifiedIdeograph entry for that radical
    assert unicodedata.name(row["radical"]) == row["name"]
    assert 0x2E80 <= ord(row["radical"]) <= 0x2EFF
    assert normalise_pdf_text(f"增{row['radical']}") == f"增{row['ideograph']}"


def cjk_font() -> tuple[str, int]:
    """(file, index in the collection) of the system's simplified-Chinese Noto font; skips the test if absent."""
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}|%{index}|%{family}", "Noto Sans CJK SC:lang=zh-cn"],
                               capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("fc-match is not installed (apt install fontconfig fonts-noto-cjk)")
    file, index, family = found.split("|", 2)
    if "CJK" not in family:
        pytest.skip("no CJK font (apt install fonts-noto-cjk, or `make browser`)")
    return file, int(index)


def test_the_cjk_font_draws_a_radical_and_its_ideograph_alike():
    # why a PDF's text layer says ⻓ for 长: the font maps both to one glyph, and a PDF writer
    # recovering text from glyphs may pick either
    TTFont = pytest.importorskip("fontTools.ttLib").TTFont
    file, index = cjk_font()
    cmap = TTFont(file, fontNumber=index).getBestCmap()
    for radical, ideograph in [("⼈", "人"), ("⻓", "长"), ("⻛", "风"), ("⺠", "民"), ("⻋", "车")]:
        assert cmap[ord(radical)] == cmap[ord(ideograph)]


# --- PDF printed by chromium ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium(browser):
    page = browser.new_page()
    yield page
    page.close()


def print_pdf(page, markup: str) -> bytes:
    page.set_content(markup)
    return page.pdf(format="A4")


@pytest.mark.browser
@pytest.mark.parametrize("name", SAMPLES)
def test_a_pdf_printed_by_chromium_gives_the_claims_of_its_text(chromium, tmp_path, name):
    document = article(name)
    pdf = write(tmp_path, f"{document.doc_id}.pdf", print_pdf(chromium, page_html(document)))
    read = read_document(pdf)
    assert (read.encoding, read.title) == ("pdf", document.title)
    assert_same_claims(read, name)


@pytest.mark.browser
@pytest.mark.parametrize("name", SAMPLES)
def test_a_two_column_pdf_keeps_each_figure_with_its_sentence(chromium, tmp_path, name):
    document = article(name)
    pdf = write(tmp_path, f"{document.doc_id}.pdf", print_pdf(chromium, page_html(document, columns=2)))
    assert_same_claims(read_document(pdf), name)


@pytest.mark.browser
def test_chromium_pdfs_really_say_kangxi_radicals_and_the_reader_folds_them(chromium, tmp_path):
    from pypdf import PdfReader

    document = article("004_3f0cc9cd5d3e3597.txt")
    data = print_pdf(chromium, page_html(document))
    raw = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "⼈" in raw and "8303 ⼈" in raw  # the case this normalisation exists for
    text = read_pdf(data).text
    assert "城镇新增就业8303人" in text
    assert not any(0x2E80 <= ord(ch) <= 0x2FDF for ch in text)


# --- PDF written by reportlab ------------------------------------------------------------------------------
# With Adobe's standard Chinese font (STSong-Light, named in the file, not embedded): no font file is needed
# to write it, and its text layer is encoded through Adobe's UniGB-UCS2-H CMap, as many office PDFs are.

FONT, SIZE, LEADING = "STSong-Light", 10, 14


def register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def pdf_canvas(title: str = "", **options):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    register_font()
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4, **options)
    page.setTitle(title)
    page.setFont(FONT, SIZE)
    return page, out


def one_line_pdf(text: str, title: str = "", **options) -> bytes:
    page, out = pdf_canvas(title, **options)
    page.drawString(50, 800, text)
    page.save()
    return out.getvalue()


def wrap(text: str, width: float) -> list[str]:
    """Lines of at most `width` points, broken anywhere, as Chinese is set."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register_font()
    lines, line = [], ""
    for ch in text:
        if stringWidth(line + ch, FONT, SIZE) > width:
            lines, line = lines + [line], ch
        else:
            line += ch
    return lines + [line]


def two_column_pdf(document, right_first: bool) -> bytes:
    """The article on A4 pages in two columns, as a newspaper sets it, a blank line between paragraphs.
    With `right_first` the file holds each page's right column before its left one, so the order of
    the file is not the order of reading."""
    width, gap, top, bottom = 240, 30, 790, 60
    per_column = int((top - bottom) / LEADING)
    lines: list[str] = []
    for paragraph in [document.title, masthead(document)] + paragraphs(document):
        lines += wrap(paragraph, width) + [""]
    columns = [lines[i:i + per_column] for i in range(0, len(lines), per_column)]
    page, out = pdf_canvas(document.title)
    for first in range(0, len(columns), 2):
        placed = list(enumerate(columns[first:first + 2]))
        for i, column in placed[::-1] if right_first else placed:
            for n, line in enumerate(column):
                page.drawString(50 + i * (width + gap), top - n * LEADING, line)
        page.showPage()
        page.setFont(FONT, SIZE)
    page.save()
    return out.getvalue()


@pytest.mark.parametrize("right_first", [False, True], ids=["file-order", "right-column-first-in-file"])
@pytest.mark.parametrize("name", ["002_3d1692eb5dbbc894.txt", "004_3f0cc9cd5d3e3597.txt"])
def test_a_two_column_pdf_reads_column_by_column(tmp_path, name, right_first):
    document = article(name)
    pdf = write(tmp_path, f"{document.doc_id}.pdf", two_column_pdf(document, right_first))
    read = read_document(pdf)
    assert read.title == document.title
    assert_same_claims(read, name)


def test_a_pdf_with_spaces_typed_around_its_figures(tmp_path):
    data = one_line_pdf("2021 年，甘州区实现城镇新增就业 8303 人，城镇登记失业率为 2.8 % 。")
    read = read_document(write(tmp_path, "spaced.pdf", data))
    assert read.body == "2021年，甘州区实现城镇新增就业8303人，城镇登记失业率为2.8%。"
    assert {(c["value"], c["metric"]) for c in process_document(read).claims} == {
        (8303.0, "urban_new_jobs"), (2.8, "registered_unemployment_rate")}


def test_a_scanned_pdf_without_a_text_layer_is_an_error_saying_so(tmp_path):
    from PIL import Image

    page, out = pdf_canvas()
    page.drawInlineImage(Image.new("L", (600, 800), color=235), 50, 50, 500, 700)  # pixels, no characters
    page.save()
    with pytest.raises(DocumentError) as e:
        read_document(write(tmp_path, "scan.pdf", out.getvalue()))
    assert "no text layer (scanned PDF?)" in e.value.reason


def test_a_password_protected_pdf_is_an_error_saying_so(tmp_path):
    data = one_line_pdf("城镇新增就业8303人。", encrypt="secret")
    with pytest.raises(DocumentError) as e:
        read_document(write(tmp_path, "locked.pdf", data))
    assert "encrypted PDF" in e.value.reason


def test_a_truncated_pdf_is_an_error_not_a_crash(tmp_path):
    data = one_line_pdf("城镇新增就业8303人。")
    with pytest.raises(DocumentError) as e:
        read_document(write(tmp_path, "cut.pdf", data[: len(data) // 3]))
    assert "PDF" in e.value.reason


@pytest.mark.parametrize("title, kept", [
    ("稳住民生“压舱石”", "稳住民生“压舱石”"),
    ("Microsoft Word - 2021年就业报告.docx", ""),  # a file name, not a headline
    ("untitled", ""),
])
def test_a_pdf_title_is_taken_unless_it_is_a_file_name(title, kept):
    assert read_pdf(one_line_pdf("城镇新增就业8303人。", title=title)).titles == (kept,)


# --- Word -------------------------------------------------------------------------------------------------


def word_file(document) -> bytes:
    import docx

    word = docx.Document()
    word.core_properties.title = document.title
    word.add_paragraph(document.title, style="Title")
    if masthead(document):
        word.add_paragraph(masthead(document))
    for paragraph in paragraphs(document):
        word.add_paragraph(paragraph)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


@pytest.mark.parametrize("name", SAMPLES)
def test_a_word_file_gives_the_claims_of_its_text(tmp_path, name):
    document = article(name)
    read = read_document(write(tmp_path, f"{document.doc_id}.docx", word_file(document)))
    assert (read.encoding, read.title, read.date, read.source) == ("docx", document.title, document.date,
                                                                   document.source)
    assert_same_claims(read, name)


def test_word_paragraphs_and_table_cells_come_in_document_order():
    import docx

    word = docx.Document()
    word.add_paragraph("2022年全市就业主要指标如下：")
    table = word.add_table(rows=3, cols=3)
    for row, cells in zip(table.rows, [("指标", "单位", "数值"), ("城镇新增就业", "万人", "5.83"),
                                       ("城镇登记失业率", "%", "2.8")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    merged = word.add_table(rows=1, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "合计"
    merged.cell(0, 2).text = "9.1"
    word.add_paragraph("以上数据来自市人社局。")
    out = io.BytesIO()
    word.save(out)
    assert read_docx(out.getvalue()).text.split("\n") == [
        "2022年全市就业主要指标如下：", "指标\t单位\t数值", "城镇新增就业\t万人\t5.83", "城镇登记失业率\t%\t2.8",
        "合计\t9.1", "以上数据来自市人社局。"]


def test_a_word_file_says_nothing_about_when_it_was_published(tmp_path):
    # python-docx's template says it was created in 2013: a file's own dates are not publication dates
    document = article("003_560e64ab9dc50251.txt")
    assert document.date is None
    assert read_document(write(tmp_path, "003.docx", word_file(document))).date is None


def test_a_file_named_docx_that_is_not_one_is_an_error(tmp_path):
    with pytest.raises(DocumentError) as e:
        read_document(write(tmp_path, "report.docx", "城镇新增就业8303人。".encode()))
    assert "Word" in e.value.reason


# --- HTML and MHTML ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SAMPLES)
def test_an_html_page_gives_the_claims_of_its_text(tmp_path, name):
    document = article(name)
    read = read_document(write(tmp_path, f"{document.doc_id}.html", page_html(document, meta=True, junk=True).encode()))
    assert (read.title, read.date, read.source) == (document.title, document.date, document.source)
    assert "9999" not in read.body and "8888" not in read.body and "12345" not in read.body
    assert_same_claims(read, name)


def mhtml(markup: str, charset: str) -> bytes:
    """A page as a browser saves it: multipart/related, the HTML part quoted-printable in `charset`."""
    archive = MIMEMultipart("related", type="text/html")
    archive["Subject"] = "saved page"
    archive["Snapshot-Content-Location"] = "http://www.example.gov.cn/art/2022/3/8/art_1.html"
    page = MIMENonMultipart("text", "html", charset=charset)
    page.set_payload(quopri.encodestring(markup.replace("charset='utf-8'", f"charset='{charset}'")
                                         .encode(charset)).decode("ascii"))
    page["Content-Transfer-Encoding"] = "quoted-printable"
    archive.attach(page)
    archive.attach(MIMENonMultipart("image", "png"))
    archive.get_payload()[-1].set_payload("iVBORw0KGgo=")
    out = io.BytesIO()
    email.generator.BytesGenerator(out, policy=email.policy.SMTP).flatten(archive)
    return out.getvalue()


@pytest.mark.parametrize("charset", ["utf-8", "gb18030"])
@pytest.mark.parametrize("name", SAMPLES)
def test_an_mhtml_page_gives_the_claims_of_its_text(tmp_path, name, charset):
    document = article(name)
    data = mhtml(page_html(document, meta=True, junk=True), charset)
    assert b"=" in data and "就业".encode(charset) not in data  # quoted-printable: nothing readable as is
    read = read_document(write(tmp_path, f"{document.doc_id}.mhtml", data))
    assert (read.encoding, read.title, read.date, read.source) == (charset, document.title, document.date,
                                                                   document.source)
    assert_same_claims(read, name)


@pytest.mark.browser
def test_a_page_saved_as_mhtml_by_chromium_gives_the_claims_of_its_text(chromium, tmp_path):
    name = "004_3f0cc9cd5d3e3597.txt"
    document = article(name)
    chromium.set_content(page_html(document, meta=True, junk=True))
    session = chromium.context.new_cdp_session(chromium)
    snapshot = session.send("Page.captureSnapshot", {"format": "mhtml"})["data"]
    read = read_document(write(tmp_path, f"{document.doc_id}.mht", snapshot.encode("utf-8")))
    assert (read.title, read.date, read.source) == (document.title, document.date, document.source)
    assert_same_claims(read, name)


def test_an_mhtml_file_without_a_page_in_it_is_an_error(tmp_path):
    archive = MIMEMultipart("related")
    archive.attach(MIMENonMultipart("image", "png"))
    archive.get_payload()[-1].set_payload("iVBORw0KGgo=")
    with pytest.raises(DocumentError) as e:
        read_document(write(tmp_path, "empty.mhtml", archive.as_bytes()))
    assert "no HTML or text part" in e.value.reason


@pytest.mark.parametrize("row", read_table("html_meta.csv"), ids=lambda r: r["name"])
def test_every_meta_name_in_the_table_gives_its_field(row):
    page = read_html(f"<html><head>{row['example']}</head><body><p>城镇新增就业8303人。</p></body></html>")
    got = {"title": page.titles[0], "date": page.date, "source": page.source, "site": page.site}
    assert got[row["field"]] and got[row["field"]] in row["example"]
    assert [field for field, value in got.items() if value] == [row["field"]]


@pytest.mark.parametrize("markup, text", [
    ("<p>城镇新增就业<b>8303</b>人</p><p>再就业9223人</p>", "\n城镇新增就业8303人\n\n再就业9223人\n"),
    ("<div><p>一</p>二</div>", "\n\n一\n二\n"),  # text after a block starts its own line
    ("<p>一<br>二<br/>三</p>", "\n一\n二\n三\n"),  # one line break per <br>
    ("<table><tr><td>城镇新增就业</td><td>5.83</td></tr></table>", "\n\n\n城镇新增就业\t5.83\t\n\n\n"),
    ("<p>一<!-- 8888人 -->二<script>x='9999人'</script></p>", "\n一二\n"),
    ("<p>春风&ldquo;送岗&rdquo;&nbsp;&lt;1&gt;</p>", "\n春风“送岗”\xa0<1>\n"),
])
def test_html_blocks_become_lines(markup, text):
    assert read_html(markup, whole_page=False).text.strip("\n") == text.strip("\n")


def test_html_nested_ten_thousand_deep_reads_without_recursion():
    markup = "<div>" * 10_000 + "城镇新增就业8303人。" + "</div>" * 10_000
    assert read_html(markup).text.strip() == "城镇新增就业8303人。"
