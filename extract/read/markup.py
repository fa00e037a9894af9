"""Markup removed: Jekyll front matter (YAML, read fast and safely), HTML and Markdown, blank lines."""
from __future__ import annotations

import datetime
from dataclasses import replace

import regex as re
import yaml

from extract.read import formats
from extract.read.document import Extracted




_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_LINK_LINE = re.compile(r"^\s*(?:<https?://[^>\s]+>|(?:\[[^\]]*\]\([^)]*\)\s*[｜|]?\s*)+)\s*$")
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+", re.M)
_MD_TITLE = re.compile(r"^#[ \t]+(.+)$", re.M)  # the first level-1 heading
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
WHOLE_PAGE = re.compile(r"\A\s*(?:<!doctype\s+html|<html[\s>])", re.I)


def split_front_matter(text: str) -> tuple[dict, str]:
    """Jekyll `---` YAML block → (fields, rest).  Unparsable YAML is read as
    simple `key: value` lines; only text, number and date values are kept
    (a list keeps its first item), so an alias bomb or a nested mapping never
    reaches the title."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    try:
        fields = load_yaml(m.group(1))
    except Exception:  # not only YAMLError: its constructors raise ValueError (date: 2022-02-30),
        fields = None  # AttributeError (!!timestamp x), RecursionError ([[[[… nested thousands deep)
    if not isinstance(fields, dict):
        fields = {k: v.strip("\"'") for k, v in _KEY_VALUE_LINE.findall(m.group(1))}
    return {key: _plain(value) for key, value in fields.items()}, text[m.end():]


# libyaml's parser reads a front matter ~8x faster than PyYAML's pure-Python one (0.2 ms of a 2 ms article).
# The two differ only where the pure one gives up: a character its reader refuses; a tab, a byte-order
# mark, a carriage return or a `?` (libyaml takes some the pure scanner and parser refuse); nesting deeper
# than Python's recursion limit (libyaml reads up to 1000 levels). Front matter like that is read by the
# pure loader, so every front matter gives what it gave before, or raises what it raised (a differential
# fuzz of 100 000 mutated front matters agrees).
_C_SAFE_LOADER = getattr(yaml, "CSafeLoader", None)
_PURE_ONLY = re.compile(yaml.reader.Reader.NON_PRINTABLE.pattern + "|[\t\r\ufeff?]")
_MAX_FAST_DEPTH = 64  # far below the depth at which the pure loader runs out of stack


def load_yaml(block: str):
    """`yaml.safe_load(block)`, the same values and the same errors, with libyaml where it agrees."""
    if _C_SAFE_LOADER is not None and not _PURE_ONLY.search(block):
        try:
            value = yaml.load(block, Loader=_C_SAFE_LOADER)
        except Exception:
            pass  # the pure loader says what was wrong, as it did before
        else:
            if not _deeper_than(value, _MAX_FAST_DEPTH):
                return value
    return yaml.safe_load(block)


def _deeper_than(value, limit: int) -> bool:
    """Whether lists and mappings nest in `value` more than `limit` deep, or hold themselves (&a [*a]).
    Each container's height is found once, so an alias bomb's shared lists cost one visit each."""
    heights: dict[int, int] = {}
    open_: set[int] = set()  # containers whose children are being measured
    stack = [(value, False)]
    while stack:
        item, measured = stack.pop()
        if not isinstance(item, (list, dict)) or (not measured and id(item) in heights):
            continue
        children = [c for c in ([*item.keys(), *item.values()] if isinstance(item, dict) else item)
                    if isinstance(c, (list, dict))]
        if measured:
            open_.discard(id(item))
            heights[id(item)] = 1 + max((heights[id(c)] for c in children), default=0)
            if heights[id(item)] > limit:
                return True
            continue
        if id(item) in open_:
            return True  # a list that holds itself
        open_.add(id(item))
        stack.append((item, True))
        stack.extend((child, False) for child in children if id(child) not in heights)
    return False


_SCALARS = (str, int, float, datetime.date)
_KEY_VALUE_LINE = re.compile(r"^(\w+):[ \t]*(.*?)[ \t]*$", re.M)  # front matter that is not YAML


def _plain(value):
    """A front-matter value as the fields use it: a scalar, or a list's scalars (tags: [a, b]).
    Deeper structures are dropped: YAML aliases can nest lists whose printed form is gigabytes."""
    if isinstance(value, list):
        return [item for item in value if isinstance(item, _SCALARS)]
    return value if isinstance(value, _SCALARS) else None


def strip_markup(text: str, whole_page: bool) -> Extracted:
    """The text without markup, and the titles, date and source the markup gives.
    Drops link-only lines (`<http://…>`, `[返回首页](//…)`) and Markdown
    heading marks (the first level-1 heading is a title candidate); HTML is
    read by `formats.read_html`."""
    text = "\n".join(line for line in text.split("\n") if not _LINK_LINE.match(line))
    md_title = _MD_TITLE.search(text)
    text = _MD_HEADING.sub("", text)
    md_title = md_title[1].strip() if md_title else ""
    if not (whole_page or _TAG.search(text)):
        return Extracted(text, "", titles=(md_title,))
    page = formats.read_html(text, whole_page)
    return replace(page, titles=page.titles + (md_title,))


_BLANK_LINES = re.compile(r"\n{3,}")


def tidy(text: str) -> str:
    """Line endings unified, lines stripped, at most one blank line in a row."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
