"""Readers for the file formats that are not plain text: PDF, Word (.docx), HTML and saved web pages (.mhtml).

Each reader takes what a file holds and returns an `Extracted`: the text, one
line per paragraph (table rows as lines of tab-separated cells), and whatever
metadata the format itself carries.  `extract.read.reader` picks the reader by
the file's suffix and resolves the metadata (dates parsed, sources
normalised) the same way for every format.

- .pdf, with pdfminer.six (`extract.read.pdf`): text boxes in reading order across columns, then
  `normalise_pdf_text`.
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

import regex as re

from extract.read.document import Extracted, FormatError
from extract.read.pdf import read_pdf
from extract.vocabulary import read_table


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
                          f"{MAX_UNPACKED_BYTES / 2**20:.0f} MB limit (MAX_UNPACKED_BYTES in extract/read/formats.py): "
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
