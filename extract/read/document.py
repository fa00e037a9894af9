"""What reading a file gives: a format reader's `Extracted` text and metadata, and its `FormatError`."""
from __future__ import annotations

from dataclasses import dataclass


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
