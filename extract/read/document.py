"""What reading a file gives: a `Document` (or a `DocumentError` saying why not), and a format reader's
`Extracted` text and metadata (or its `FormatError`)."""
from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    doc_id: str  # file name without extension
    path: str  # path as given/found
    encoding: str  # 'utf-8', 'utf-8-sig', 'gb18030', 'big5', …
    content_hash: str  # sha256 hex of the file bytes
    title: str  # may be ""
    date: datetime.date | None  # publication date
    source: str  # newspaper or office; "" if unknown
    body: str  # text with markup removed, paragraphs separated by "\n"
    warnings: tuple[str, ...] = ()  # damage the file was read despite (bytes that are not valid UTF-8 …)


class DocumentError(Exception):
    """A file that cannot be read as an article; `.reason` says why."""

    def __init__(self, path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


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
