"""PDF, with pdfminer.six (the engine under pdfplumber): its layout analysis groups characters into text
boxes and orders the boxes across columns, so a two-column page reads column by column and a figure keeps
its sentence; then `normalise_pdf_text`. The other formats are `extract.read.formats`.
"""
from __future__ import annotations

import io
import logging
import unicodedata

import regex as re

from extract.read.document import Extracted, FormatError
from extract.vocabulary import read_table

# pdfminer logs every odd font it meets ("Could not get FontBBox …") at WARNING; with no logging set up
# Python's last-resort handler would print each one.  A NullHandler on its logger keeps them out of the
# terminal and still lets an application that configures logging see them.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())


# ---------------------------------------------------------------------------
# PDF.

# Chromium (Skia) and other PDF producers write a CJK font's ToUnicode map from the font's own character
# map, in which 人 and the Kangxi radical ⼈ (and 长 and the radical ⻓) share one glyph: the text layer
# then says ⼈ where the page shows 人.  Full NFKC would also turn the Chinese comma into an ASCII one
# (分别为120，350人 would read as one number, 120,350), so it is applied only where its result is a Han
# character: the Kangxi radicals and the compatibility ideographs.  The CJK Radicals Supplement (⻓ ⻛ ⺠ ⻋),
# which NFKC leaves alone, maps through tables/radicals.csv: the Unicode Character Database's
# EquivalentUnifiedIdeograph property for that block.
_NFKC_BLOCKS = [(0x2F00, 0x2FDF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F)]
_HAN = re.compile(r"\p{Han}")


def _ideograph_map() -> dict[int, str]:
    table = {}
    for low, high in _NFKC_BLOCKS:
        for code in range(low, high + 1):
            folded = unicodedata.normalize("NFKC", chr(code))
            if folded != chr(code) and _HAN.fullmatch(folded):
                table[code] = folded
    table.update({ord(row["radical"]): row["ideograph"] for row in read_table("radicals.csv")})
    return table


_IDEOGRAPHS = _ideograph_map()

# PDF producers set digits in a Latin font and Chinese in a CJK one, and text extractors put a space
# between the runs: 城镇新增就业 8303 人 ， 2.8 % .  A space between a Chinese character or Chinese
# punctuation and a figure, or around Chinese punctuation, is never meant; spaces between digits
# (1 1 00万) are left for the number parser, and spaces between Chinese characters for clean_text.
_CJK = r"[\p{Han}\u3000-\u303F\uFF01-\uFF0F\uFF1A-\uFF20“”‘’—…·]"
_CJK_PUNCT = r"[\u3000-\u303F\uFF01-\uFF0F\uFF1A-\uFF20“”‘’—…·]"
_FIGURE = r"[0-9０-９.%％]"
_PDF_SPACES = re.compile(
    rf"""(?<={_CJK})[ \t]+(?={_FIGURE})      # 就业 8303
       | (?<={_FIGURE})[ \t]+(?={_CJK})      # 8303 人, 2.8% ，
       | (?<=\d)[ \t]+(?=[%％])               # 2.8 %
       | (?<={_CJK_PUNCT})[ \t]+(?=\S)       # “ 春风
       | (?<=\S)[ \t]+(?={_CJK_PUNCT})       # 送真情 ”
    """,
    re.X,
)


def normalise_pdf_text(text: str) -> str:
    """The text a reader sees on the page: radicals that stand in for characters folded back, and
    the spaces a PDF puts between Chinese and figures dropped.

    >>> normalise_pdf_text("城镇新增就业 8303 ⼈，增⻓ 2.8 % 。")
    '城镇新增就业8303人，增长2.8%。'
    """
    return _PDF_SPACES.sub("", text.translate(_IDEOGRAPHS))


def read_pdf(data: bytes) -> Extracted:
    """The text layer of a PDF, page by page, in reading order (see the module's table)."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        resources = PDFResourceManager()
        aggregator = PDFPageAggregator(resources, laparams=LAParams())
        interpreter = PDFPageInterpreter(resources, aggregator)
        lines, pages = [], 0
        for page in PDFPage.create_pages(document):
            interpreter.process_page(page)
            lines += _page_lines(aggregator.get_result())
            pages += 1
    except (PDFEncryptionError, PDFPasswordIncorrect) as e:
        raise FormatError(f"encrypted PDF: cannot be read without its password ({type(e).__name__})") from e
    except Exception as e:  # a damaged file can make the parser fail anywhere; it is one bad file, not a crash
        raise FormatError(f"not a readable PDF: {type(e).__name__}: {e}") from e
    text = _paragraphs(lines)
    if not text.strip():
        raise FormatError(f"no text layer (scanned PDF?): {pages} page{'s' if pages != 1 else ''} and no text "
                          "to read; run OCR on it first")
    return Extracted(normalise_pdf_text(text), "pdf", titles=(_pdf_title(document),))


def _page_lines(layout) -> list[tuple]:
    """(line, its box) for each text line of a page, boxes in reading order (`_reading_order`)."""
    from pdfminer.layout import LTTextBox, LTTextLine

    boxes = _reading_order([box for box in layout if isinstance(box, LTTextBox)])
    return [(line, box) for box in boxes for line in box if isinstance(line, LTTextLine) and line.get_text().strip()]


def _reading_order(boxes: list) -> list:
    """A page's text boxes in the order a reader takes them: column by column, and a headline that
    spans columns before the columns under it.

    pdfminer's own order (its boxes_flow grouping) reads a single column well but can take a short
    box at the top of the right column before the left column.  Columns are found from the gutters:
    the gaps between the boxes no wider than a column can be (60% of the text's width); a box that
    crosses a gutter spans columns, and each one starts a new band of columns below it.  A page with
    no gutter keeps pdfminer's order.
    """
    if len(boxes) < 2:
        return boxes
    text_width = max(b.x1 for b in boxes) - min(b.x0 for b in boxes)
    gutters = _gaps([b for b in boxes if b.width <= 0.6 * text_width])
    if not gutters:
        return boxes
    spans = [b for b in boxes if any(b.x0 < left and b.x1 > right for left, right in gutters)]
    spans.sort(key=lambda b: -b.y1)
    rank = {id(b): i for i, b in enumerate(spans)}

    def position(box) -> tuple:
        if id(box) in rank:
            return (rank[id(box)] + 1, 0, 0, 0.0)
        middle = (box.y0 + box.y1) / 2
        band = sum(1 for s in spans if (s.y0 + s.y1) / 2 > middle)  # spanning boxes above it
        column = sum(1 for _, right in gutters if box.x0 >= right)
        return (band, 1, column, -box.y1)

    return sorted(boxes, key=position)


def _gaps(boxes: list, least: float = 4.0) -> list[tuple[float, float]]:
    """The x-ranges, wider than `least` points, that none of `boxes` covers, between the first and the last."""
    gaps, reach = [], None
    for box in sorted(boxes, key=lambda b: b.x0):
        if reach is not None and box.x0 > reach + least:
            gaps.append((reach, box.x0))
        reach = box.x1 if reach is None else max(reach, box.x1)
    return gaps


def _paragraphs(lines: list[tuple]) -> str:
    """The lines re-joined: a line that goes on in the next (see `_goes_on`) is glued to it, else a line break."""
    parts: list[str] = []
    for (line, box), (nxt, nxt_box) in zip(lines, lines[1:] + [(None, None)]):
        text = line.get_text().strip()
        parts.append(text)
        if nxt is None:
            break
        following = nxt.get_text().strip()
        if not _goes_on(text, line, box, nxt, nxt_box):
            parts.append("\n")
        elif _LATIN_LETTER.match(text[-1:]) and _LATIN_LETTER.match(following[:1]):
            parts.append(" ")  # Latin words broken at the line's end; a number broken there is one number
    return "".join(parts)


_STOPS = tuple("。！？；：…”」』!?;:")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


def _goes_on(text: str, line, box, nxt, nxt_box) -> bool:
    """Does the sentence of `line` go on in `nxt`?  A narrow newspaper column breaks nearly every sentence.

    Yes when the line runs to the right edge of its column — within one character, or within three
    when it does not end in a stop (a ragged right edge leaves up to two characters free) — the next
    line is set in the same size (not a heading), close below (not a paragraph's spacing away) and not
    indented (a new paragraph).  The column is the line's text box; across boxes (a new column, a new
    page) it is the wider of the two boxes.
    """
    em = max(line.height, 1.0)
    if abs(nxt.height - line.height) > 0.3 * em:  # lines with Latin digits stand a little taller: not a heading
        return False
    below = nxt.x0 < line.x1 and line.x0 < nxt.x1 and nxt.y1 < line.y0 + em  # the next line of the same column
    if below and line.y0 - nxt.y1 > 0.7 * em:  # more than the leading apart: a paragraph's spacing
        return False
    right = box.x1 if nxt_box is box else line.x0 + max(box.width, nxt_box.width)
    room = right - line.x1
    indented = nxt.x0 > nxt_box.x0 + em
    return not indented and room < (em if text.endswith(_STOPS) else 3 * em)


def _pdf_title(document) -> str:
    """The /Title of the PDF's Info dictionary, unless it is a file name (Microsoft Word - 报告.doc)."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    try:
        title = resolve1((document.info or [{}])[0].get("Title"))
        title = decode_text(title) if isinstance(title, bytes) else str(title or "")
    except Exception:  # a broken Info dictionary costs the title, not the text
        return ""
    title = normalise_pdf_text(title).strip()
    if re.search(r"\.(?:docx?|pdf|wps|indd|html?|txt)$", title, re.I) or not _HAN.search(title):
        return ""
    return title
