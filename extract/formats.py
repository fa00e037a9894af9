"""Readers for the file formats that are not plain text: PDF, Word (.docx), HTML and saved web pages (.mhtml).

Each reader takes what a file holds and returns an `Extracted`: the text, one
line per paragraph (table rows as lines of tab-separated cells), and whatever
metadata the format itself carries.  `extract.documents` picks the reader by
the file's suffix and resolves the metadata (dates parsed, sources
normalised) the same way for every format.

- .pdf, with pdfminer.six (the engine under pdfplumber): its layout analysis groups characters into
  text boxes and orders the boxes across columns, so a two-column page reads column by column and a
  figure keeps its sentence; then `normalise_pdf_text`.
- .docx, with python-docx: body paragraphs and tables in document order; a table row is one line of
  tab-separated cells.
- .html/.htm, with selectolax (the Lexbor HTML5 parser): script, style, navigation and comments
  dropped; block elements become line breaks; <title>, <h1> and <meta> give title, date and source.
- .mhtml/.mht, with the standard library's `email`: the text/html part, decoded (quoted-printable or
  base64, then its charset), read as HTML.

Dates a file records about itself (a PDF's CreationDate, a Word file's
`created`) are when the file was made — Chromium stamps the print time, and
python-docx's template says 2013 — not when the article was published; the
date comes from the page's <meta> or from the text.
"""
from __future__ import annotations

import email
import email.policy
import io
import logging
import unicodedata
from dataclasses import dataclass

import regex as re

from extract.vocabulary import read_table

# pdfminer logs every odd font it meets ("Could not get FontBBox …") at WARNING; with no logging set up
# Python's last-resort handler would print each one.  A NullHandler on its logger keeps them out of the
# terminal and still lets an application that configures logging see them.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())


class FormatError(Exception):
    """A file that its format's reader cannot read; the message says why in words a user understands."""


@dataclass(frozen=True)
class Extracted:
    text: str  # paragraphs as lines; table cells separated by tabs
    encoding: str  # the text's character set, or the format ("pdf", "docx") when the format decides it
    titles: tuple[str, ...] = ()  # title candidates, best first; a page <title> may also name the site
    date: str = ""  # a publication date as written (a <meta> content), parsed by the caller
    source: str = ""  # the office or paper the page names as its source
    site: str = ""  # the web site the page belongs to


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


# ---------------------------------------------------------------------------
# Word.


# A .docx is a ZIP archive that python-docx unpacks in memory; one that says it unpacks to more than this
# (a real report is a few MB with its pictures) is a zip bomb, refused before anything is unpacked.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024


def read_docx(data: bytes) -> Extracted:
    """Body paragraphs and tables of a .docx, in document order; a table row is one line of cells."""
    import zipfile

    import docx
    from docx.table import Table

    try:
        # zipfile never unpacks more than the sizes the archive declares, so the declared sizes bound it
        unpacked = sum(item.file_size for item in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except Exception as e:
        raise FormatError(f"not a readable Word (.docx) file: {type(e).__name__}: {e}") from e
    if unpacked > MAX_UNPACKED_BYTES:
        raise FormatError(f"a Word file that unpacks to {unpacked / 2**20:.0f} MB, over the "
                          f"{MAX_UNPACKED_BYTES / 2**20:.0f} MB limit (MAX_UNPACKED_BYTES in extract/formats.py): "
                          "a zip bomb?")
    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            lines += _table_lines(block) if isinstance(block, Table) else [block.text]
        headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name in ("Title", "Heading 1")]
        title = document.core_properties.title or ""
    except Exception as e:  # not a zip, not a Word document, or a damaged one
        raise FormatError(f"not a readable Word (.docx) file: {type(e).__name__}: {e}") from e
    return Extracted("\n".join(lines), "docx", titles=(title, headings[0] if headings else ""))


def _table_lines(table) -> list[str]:
    """One line per row, cells separated by tabs; a merged cell counts once, a nested table is read too."""
    from docx.table import Table

    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # python-docx repeats a merged cell for each grid column it spans
                continue
            seen.add(id(cell._tc))
            parts = []
            for block in cell.iter_inner_content():
                if isinstance(block, Table):
                    lines += _table_lines(block)
                elif block.text.strip():
                    parts.append(block.text.strip())
            cells.append(" ".join(parts))
        lines.append("\t".join(cells))
    return lines


# ---------------------------------------------------------------------------
# HTML.

# Elements whose content is not the article: code, styling, navigation, forms, page furniture.
_SKIP = ("script", "style", "noscript", "template", "iframe", "svg", "nav", "form", "select", "button",
         "footer", "aside", "head")
# Elements that stand on their own lines.
_BLOCK = frozenset({"p", "div", "br", "li", "ul", "ol", "tr", "table", "section", "article", "header",
                    "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "dl", "pre", "hr", "main",
                    "figure", "figcaption", "caption", "tbody", "thead", "tfoot", "body"})
_VOID = frozenset({"br", "hr"})  # no content: one line break, not one on each side
_CELL = frozenset({"td", "th"})
_META_FIELDS = {row["name"].lower(): row["field"] for row in read_table("html_meta.csv")}
_WHITESPACE = re.compile(r"\s+")


def read_html(markup: str, whole_page: bool = True) -> Extracted:
    """Text of an HTML page or fragment, one line per block element, cells separated by tabs.

    `whole_page`: the source's own line breaks mean nothing (a saved page); for a fragment inside a
    Markdown or text file (<p> paragraphs of a Jekyll post) they are kept.
    """
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(markup)
    title_node = tree.css_first("title")
    title = _WHITESPACE.sub(" ", title_node.text()).strip() if title_node else ""
    meta = _meta(tree)
    tree.strip_tags(list(_SKIP))
    h1 = tree.css_first("h1")
    heading = _WHITESPACE.sub(" ", h1.text()).strip() if h1 else ""
    text = _block_text(tree.body, whole_page) if tree.body else ""
    return Extracted(text, "", titles=(meta.get("title", ""), title, heading), date=meta.get("date", ""),
                     source=meta.get("source", ""), site=meta.get("site", ""))


def _meta(tree) -> dict[str, str]:
    """Title, date, source and site from <meta name|property=… content=…> (tables/html_meta.csv); the first wins."""
    found: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        field = _META_FIELDS.get((attrs.get("name") or attrs.get("property") or "").strip().lower())
        content = (attrs.get("content") or "").strip()
        if field and content and field not in found:
            found[field] = content
    return found


def _block_text(root, whole_page: bool) -> str:
    """The text under `root` with a line break around each block element and a tab after each cell.

    One pass over the nodes in document order; a stack of the open elements tells when a block or
    a cell has closed, so 10 000 nested <div>s cost no recursion.
    """
    parts: list[str] = []
    open_elements: list[tuple[int, str]] = []  # (mem_id, tag) of the ancestors of the current node

    def close_until(parent_id: int | None) -> None:
        while open_elements and open_elements[-1][0] != parent_id:
            _, tag = open_elements.pop()
            parts.append("\n" if tag in _BLOCK and tag not in _VOID else "\t" if tag in _CELL else "")

    for node in root.traverse(include_text=True):
        parent = node.parent
        close_until(parent.mem_id if parent is not None else None)
        if node.is_text_node:
            text = node.text_content or ""
            parts.append(_WHITESPACE.sub(" ", text) if whole_page else text)
        elif node.is_element_node:
            if node.tag in _BLOCK:
                parts.append("\n")
            open_elements.append((node.mem_id, node.tag))
    close_until(None)
    return "".join(parts)


# ---------------------------------------------------------------------------
# Saved web pages.


def read_mhtml(data: bytes) -> Extracted:
    """A page saved as MHTML (a MIME multipart/related message): its text/html part, read as HTML."""
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
        part = next((p for p in message.walk() if p.get_content_type() == "text/html"), None)
        part = part or next((p for p in message.walk() if p.get_content_type() == "text/plain"), None)
        if part is None:
            raise FormatError("not a saved web page: the MHTML file has no HTML or text part")
        payload = part.get_payload(decode=True) or b""  # quoted-printable or base64 undone
        charset = part.get_content_charset() or "utf-8"
        subject = str(message.get("Subject", "") or "")
    except FormatError:
        raise
    except Exception as e:
        raise FormatError(f"not a readable MHTML file: {type(e).__name__}: {e}") from e
    try:
        markup = payload.decode(charset)
    except (LookupError, UnicodeDecodeError):
        markup, charset = payload.decode("utf-8", errors="replace"), "utf-8"
    if part.get_content_type() == "text/plain":
        return Extracted(markup, charset, titles=(subject,))
    page = read_html(markup, whole_page=True)
    return Extracted(page.text, charset, titles=page.titles + (subject,), date=page.date,
                     source=page.source, site=page.site)


# suffix → reader of the file's bytes
BINARY_READERS = {".pdf": read_pdf, ".docx": read_docx, ".mhtml": read_mhtml, ".mht": read_mhtml}
