"""Document stage: one article file → a `Document` (the modules of `extract.read` do the parts).

`find_documents(paths)` lists the files to read; `read_document(path)` turns
one file into a `Document`: decoded text with markup removed (`body`) plus the
metadata later stages resolve 我市 / 今年 against (`date`, `source`, `title`).

Formats: plain text, Markdown (Jekyll front matter) and HTML are decoded here
(UTF-8, UTF-8 with BOM, UTF-16 with BOM, GB18030/GBK, Big5, detected from the
bytes); PDF, Word (.docx) and saved pages (.mhtml) are read by
`extract.read.formats`, which also parses all HTML.  A file that is not usable
raises `DocumentError` with a reason a user understands; nothing else escapes.

How metadata is found (first rule that gives an answer wins):

- date:   front matter `date:` → a <meta> publication date (tables/html_meta.csv)
          → a date line in the first lines of the text
          (a line with a cue from tables/date_cues.csv such as 发布日期 / 来源,
          or a line that is little more than a date).  Only 1949 … today.
- source: front matter `tags:` (株洲日报新闻 → 株洲日报), then `categories:`
          (slugs via tables/sources.csv) → a <meta> source → a 来源/文章来源
          line at the top or bottom → one of the first lines whose head (text
          before ` -`, `_`, `|`, `·`, a space) ends with a word from
          tables/source_suffixes.csv → the site a page's <meta> or <title> names.
          Always simplified (中國網 → 中国网).
- title:  front matter `title:` → the format's own title (<meta> headline,
          <title>'s headline segment, <h1>, a PDF's or Word file's title, the
          first Markdown heading) → the first line before the first paragraph
          that looks like a headline (not a site name, nav crumb, date line or
          page furniture listed in tables/title_noise.csv).
"""
from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from extract.read import formats
from extract.read.document import FormatError
from extract.text import remove_injected_pinyin
from extract.read.decoding import damage, decode
from extract.read.document import Document, DocumentError
from extract.read.files import file_signature, doc_id_of, read_bytes
from extract.read.markup import WHOLE_PAGE, tidy, split_front_matter, strip_markup
from extract.read.metadata import (find_date, find_source, find_title, front_matter_source, normalised, parse_date,
                                   split_page_title)


def read_document(path) -> Document:
    """Read one article file.  Raises DocumentError if it is not usable text,
    and for any other failure on a hostile file: that file is one row of
    `errors`, never the end of the run."""
    path = Path(path)
    try:
        return _read_document(path)
    except DocumentError:
        raise
    except FormatError as e:
        raise DocumentError(path, str(e)) from e
    except Exception as e:
        raise DocumentError(path, f"could not be read: {type(e).__name__}: {e}") from e


def _read_document(path: Path) -> Document:
    data = read_bytes(path)
    kind = file_signature(data)
    reader = formats.BINARY_READERS.get(path.suffix.lower()) or formats.BINARY_READERS.get(kind["reader"] if kind else "")
    fields: dict = {}
    warnings: tuple[str, ...] = ()
    if reader:
        extracted = reader(data)
    elif kind:
        advice = f" ({kind['advice']})" if kind["advice"] else ""
        raise DocumentError(path, f"not text: {kind['kind']}, though its name ends in {path.suffix or 'nothing'}{advice}")
    else:
        text, encoding = decode(data, path)
        warnings = damage(data, text, encoding)
        fields, text = split_front_matter(text.replace("\r\n", "\n").replace("\r", "\n"))
        whole_page = path.suffix.lower() in {".html", ".htm"} or bool(WHOLE_PAGE.match(text))
        extracted = replace(strip_markup(text, whole_page), encoding=encoding)
    body = tidy(extracted.text)
    if not body and not fields:
        raise DocumentError(path, "empty file: no text after removing markup")

    headline, site = "", ""
    for candidate in extracted.titles:
        h, s = split_page_title(candidate)
        headline, site = headline or h, site or s
    date = parse_date(str(fields["date"])) if fields.get("date") else None
    meta = remove_injected_pinyin(body)  # 来源:中國網(wǎng) names 中國網
    return Document(
        doc_id=doc_id_of(str(path)),
        path=str(path),
        encoding=extracted.encoding,
        content_hash=hashlib.sha256(data).hexdigest(),
        title=str(fields.get("title") or headline or find_title(meta)).strip(),
        date=date or parse_date(extracted.date) or find_date(meta),
        source=front_matter_source(fields) or normalised(extracted.source) or find_source(meta)
        or normalised(extracted.site) or site,
        body=body,
        warnings=warnings,
    )
