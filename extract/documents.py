"""Document stage: the one module that reads article files from disk.

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

import codecs
import datetime
import errno
import hashlib
import os
import stat
from dataclasses import dataclass, replace
from pathlib import Path

import charset_normalizer
import regex as re
import yaml

from extract.read import formats
from extract.read.document import Extracted, FormatError
from extract.text import reading_view, remove_injected_pinyin
from extract.vocabulary import read_table

TEXT_EXTENSIONS = {".txt", ".md", ".markdown", ".html", ".htm"}
EXTENSIONS = TEXT_EXTENSIONS | set(formats.BINARY_READERS)

# The largest file read, in bytes.  The longest article of the corpora is under 100 kB of text and a PDF
# newspaper page with its pictures a few MB; a bigger file is an archive, a dump or a mistake, and is
# refused from its size alone, before any of it is read.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


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




SOURCES = {row["alias"]: row for row in read_table("sources.csv")}
SOURCE_SUFFIXES = tuple(row["suffix"] for row in read_table("source_suffixes.csv"))
DATE_CUES = read_table("date_cues.csv")
_DATE_LABELS = tuple(reading_view(c["cue"]) for c in DATE_CUES if c["role"] == "label")
_DATE_EXCLUDES = tuple(reading_view(c["cue"]) for c in DATE_CUES if c["role"] == "exclude")
TITLE_NOISE = tuple(reading_view(row["cue"]) for row in read_table("title_noise.csv"))


# ---------------------------------------------------------------------------
# Finding files.


def find_documents(paths) -> list[str]:
    """Article files under `paths` (files or folders, searched recursively),
    sorted.  Hidden files and folders below a given folder are skipped, and
    so are pipes, sockets and devices.  A linked folder is followed once (a
    link loop ends there); a link that leads nowhere, and a folder that cannot
    be listed, are listed too, so that `read_document` reports them.

    Paths are strings: an archive lists hundreds of thousands of files, and a Path
    object holds ~5× the memory of its string (100k files: +45 MB against +9 MB)."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    found: set[str] = set()
    for p in map(Path, paths):
        if p.is_dir():
            found.update(_walk(p))
        elif p.is_file() or (p.is_symlink() and not p.exists()):  # a broken or looping link: read_document says which
            found.add(str(p))
        elif p.exists():  # opening a pipe would wait for a writer forever
            raise DocumentError(p, "not a regular file (a pipe, socket or device)")
        else:
            raise DocumentError(p, "no such file or folder")
    return sorted(found)


def doc_id_of(path: str) -> str:
    """A document's id: its file's name without the extension, as `Path(path).stem` reads it, from the
    string alone (a run lists every file of an archive: 100k Path objects cost ~0.8 s)."""
    name = os.path.basename(path)
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def _walk(folder: Path):
    seen: set[tuple[int, int]] = set()  # (device, inode) of the folders walked, so a link loop is walked once
    unlistable: list[OSError] = []
    for root, dirs, files in os.walk(folder, followlinks=True, onerror=unlistable.append):
        info = os.stat(root)
        if (info.st_dev, info.st_ino) in seen:
            dirs[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = os.path.join(root, name)
            # regular files, and links that lead nowhere (reported by read_document); never a pipe or device
            if (not name.startswith(".") and os.path.splitext(name)[1].lower() in EXTENSIONS
                    and (os.path.isfile(path) or (os.path.islink(path) and not os.path.exists(path)))):
                yield path
    yield from (e.filename for e in unlistable if e.filename)


# ---------------------------------------------------------------------------
# Decoding.

_CHINESE_CODECS = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "gb18030": "gb18030",
                   "big5": "big5", "cp950": "big5", "big5hkscs": "big5hkscs"}


def decode(data: bytes, path="<bytes>") -> tuple[str, str]:
    """(text, encoding) decided from the bytes alone: BOM, then strict UTF-8,
    then charset-normalizer's best guess.  Raises DocumentError otherwise."""
    if not data.strip():
        raise DocumentError(path, "empty file")
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8-sig"
    for bom in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if data.startswith(bom):
            # a file cut short ends in half a character: keep the rest, as for UTF-8 with a BOM
            return data.decode("utf-16", errors="replace"), "utf-16"
    if b"\x00" in data:
        raise DocumentError(path, "not text: contains NUL bytes (binary file)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):  # a few damaged bytes in a UTF-8 file: keep the good text (read_document reports them)
        return data.decode("utf-8", errors="replace"), "utf-8"
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise DocumentError(path, "not text: undecodable bytes")
    encoding = _CHINESE_CODECS.get(best.encoding, best.encoding)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:  # e.g. big5 guessed, HKSCS characters present
        text, encoding = str(best), best.encoding
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > len(text) / 100:
        raise DocumentError(path, "not text: control characters")
    return text, encoding


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few bad bytes (a cut download, a bad copy): at least 20 valid non-ASCII characters
    for each invalid byte.  GB18030 or Big5 text read as UTF-8 is nearly all invalid bytes."""
    text = data.decode("utf-8", errors="replace")
    bad = _replaced(data, text)
    wide = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    return wide >= 20 * bad


def _replaced(data: bytes, text: str) -> int:
    """How many U+FFFD in `text`, decoded from `data` with errors="replace", stand for bad bytes."""
    return text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))


def _damage(data: bytes, text: str, encoding: str) -> tuple[str, ...]:
    """A warning for each kind of damage the text was read despite."""
    replaced = _replaced(data, text) if encoding.startswith("utf-8") else 0
    if not replaced:
        return ()
    try:
        data.decode("utf-8-sig")
        first = ""
    except UnicodeDecodeError as e:
        first = f" (the first at byte {e.start})"
    return (f"damaged text: {replaced} byte sequence{'s' if replaced > 1 else ''} that are not valid UTF-8"
            f"{first} were replaced with \ufffd; the rest of the file was read",)


# ---------------------------------------------------------------------------
# Markup.

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_LINK_LINE = re.compile(r"^\s*(?:<https?://[^>\s]+>|(?:\[[^\]]*\]\([^)]*\)\s*[｜|]?\s*)+)\s*$")
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+", re.M)
_MD_TITLE = re.compile(r"^#[ \t]+(.+)$", re.M)  # the first level-1 heading
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_WHOLE_PAGE = re.compile(r"\A\s*(?:<!doctype\s+html|<html[\s>])", re.I)


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


_TITLE_SEPARATOR = re.compile(r"\s[-–—|]\s|_|\|")
_ALL_HAN = re.compile(r"\p{Han}+")
_BLANK_LINES = re.compile(r"\n{3,}")


def split_page_title(title: str) -> tuple[str, str]:
    """A page <title> holds the headline and the site, in either order:
    '稳就业新举措_株洲市人民政府' and '臺州市人社局_今年就業形勢' both give (headline, office)."""
    segments = [seg.strip() for seg in _TITLE_SEPARATOR.split(title.strip()) if seg.strip()]
    site = next((seg for seg in segments if _is_office(reading_view(seg))), "")
    rest = [seg for seg in segments if seg != site]
    return (rest[0] if rest else ""), (normalise_source(site) if site else "")


def _is_office(name: str) -> bool:
    # a short all-Chinese name ending like an office or paper (株洲市人社局, 经济日报); not a headline
    return 2 <= len(name) <= 15 and name.endswith(SOURCE_SUFFIXES) and bool(_ALL_HAN.fullmatch(name))


def _tidy(text: str) -> str:
    """Line endings unified, lines stripped, at most one blank line in a row."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


# ---------------------------------------------------------------------------
# Dates.

_DATE = re.compile(
    r"""(?<!\d)(?P<y>(?:19|20)\d\d)\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)\s*日?
      | [(（](?P<cy>(?:19|20)\d\d)(?P<cm>[01]\d)(?P<cd>[0-3]\d)[)）]   # (20221024) in a CCTV title
    """,
    re.X,
)
_TIME_OR_WEEKDAY = re.compile(r"\d{1,2}:\d\d(?::\d\d)?|星期.|周[一二三四五六日]|[\s:|•·()\[\]#《》/-]")
_HEAD_LINES = 15  # metadata lines sit at the top of a page


def parse_date(s: str) -> datetime.date | None:
    """The first plausible date in `s` (1949-10-01 … today), else None."""
    for m in _DATE.finditer(reading_view(s)):
        y, mo, d = (m["y"], m["m"], m["d"]) if m["y"] else (m["cy"], m["cm"], m["cd"])
        try:
            date = datetime.date(int(y), int(mo), int(d))
        except ValueError:
            continue
        if datetime.date(1949, 10, 1) <= date <= datetime.date.today():
            return date
    return None


def _date_line(line: str) -> datetime.date | None:
    """The date of a metadata line: one with a cue (发布日期, 来源 …) and a
    date, or one that is little more than a date (2022-01-07, 工人日报
    2024年07月25日 星期一).  None for prose and for excluded lines (今天是)."""
    view = reading_view(line)
    if len(view) > 100 or any(x in view for x in _DATE_EXCLUDES):
        return None
    date = parse_date(view)
    if date is None:
        return None
    leftover = _TIME_OR_WEEKDAY.sub("", _DATE.sub("", view))
    return date if any(label in view for label in _DATE_LABELS) or len(leftover) <= 10 else None


def is_date_line(line: str) -> bool:
    """Whether a line is a page's date line: its year is when the page appeared, not what it is about."""
    return _date_line(line) is not None


def find_date(text: str) -> datetime.date | None:
    """Publication date from the first date line near the top of the text; failing one, a labelled date
    line at the bottom (发布时间：2021-03-05 under the article). A bare date down there may be a sidebar's."""
    for line in _head(text):
        if date := _date_line(line):
            return date
    for line in reversed(_tail(text)):
        view = reading_view(line)
        if any(label in view for label in _DATE_LABELS) and (date := _date_line(line)):
            return date
    return None


def _head(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()][:_HEAD_LINES]


def _tail(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()][-5:]


# ---------------------------------------------------------------------------
# Sources.

_NEWS_SUFFIX = re.compile(r"新闻$")
_FROM_DIGIT = re.compile(r"\d.*$")
_FROM_DASH = re.compile(r"-.*$")
_SITE_DASH = re.compile(r"\p{Han}+网-")
_PLACE_WORD = re.compile(r"[省市县区州旗盟]")
_SOURCE_LINE = re.compile(r"来源\s*[:：]\s*(?P<name>[^\s|•·,，;；)）]+)")
_HEAD_SEPARATOR = re.compile(r"\s+-|-\s+|_|\||·|\s")


def normalise_source(name: str) -> str:
    """Simplified, 新闻 suffix and 《》 dropped, known aliases mapped:
    '株洲日报新闻' → '株洲日报', 'zhuzhouribao' → '株洲日报', '中國網' → '中国网'."""
    name = reading_view(str(name)).strip().strip("《》")
    name = _NEWS_SUFFIX.sub("", name)
    row = SOURCES.get(name)
    return row["source"] if row else name


def _source_from_line(line: str) -> str:
    """来源:中國網 → 中国网; 来源:中国新闻网2021-04-20 → 中国新闻网."""
    m = _SOURCE_LINE.search(reading_view(line))
    if not m:
        return ""
    name = _FROM_DIGIT.sub("", m["name"])  # a date glued on
    name = _FROM_DASH.sub("", name) if _SITE_DASH.match(name) else name  # 人民网-《人民日报》
    return normalise_source(name) if 2 <= len(name) <= 20 else ""


def _source_from_head(line: str) -> str:
    """株洲市人社局 -凯发app下载 → 株洲市人社局; 工人日报 2024年… → 工人日报."""
    parts = _HEAD_SEPARATOR.split(reading_view(line).strip(), maxsplit=1)
    head = parts[0]
    # a separator is required: a bare headline may end in 局 too (…开新局)
    if len(parts) == 2 and _is_office(head):
        return normalise_source(head)
    return ""


def _dateline() -> re.Pattern:
    # 株洲日报讯（记者…）, 某某县融媒讯, 江西网络广播电视台讯: a paragraph opening with its outlet's name
    suffixes = sorted(SOURCE_SUFFIXES, key=len, reverse=True)
    return re.compile(r"^[【\[]?(?P<name>\p{Han}{2,20}?(?:\L<suffixes>))讯", suffixes=suffixes)


_DATELINE = _dateline()


def _source_from_dateline(line: str) -> str:
    m = _DATELINE.match(reading_view(line).strip())
    return normalise_source(m["name"]) if m and not m["name"].startswith("本") else ""  # 本报讯 names no one


def find_source(text: str) -> str:
    """Source named in the text: a 来源 line (top, then bottom), else a dateline (某某县融媒讯), else one of
    the first lines naming an office or paper."""
    head = _head(text)
    for line in head + _tail(text):
        if name := _source_from_line(line):
            return name
    for line in head:
        if name := _source_from_dateline(line):
            return name
    for line in head[:5]:
        if name := _source_from_head(line):
            return name
    first = reading_view(head[0]).strip() if head else ""
    # a page that opens with its office's name alone: 南充市人力资源和社会保障局 (a place, then an office word;
    # a headline such as 奋力开创就业工作新局 names no place)
    if _is_office(first) and _PLACE_WORD.search(first[:-1]):
        return normalise_source(first)
    return ""


def _normalised(source: str) -> str:
    return normalise_source(source) if source.strip() else ""


def _front_matter_source(fields: dict) -> str:
    for key in ("tags", "categories"):
        value = fields.get(key)
        if isinstance(value, list):  # the first tag that is not blank
            value = next((item for item in value if str(item).split()), "")
        words = str(value).split() if value else []
        if words:  # tags: " " names no source
            return normalise_source(words[0])
    return ""


# ---------------------------------------------------------------------------
# Titles.

_FINAL_STOP = re.compile(r"[。；;]$")
_COMMA = re.compile(r"[，,]")
_HAN = re.compile(r"\p{Han}")


def _is_paragraph(line: str) -> bool:
    return len(line) > 60 or bool(_FINAL_STOP.search(line))


def find_title(text: str) -> str:
    """The first headline-looking line before the first paragraph: 6–60
    characters, mostly Han, no full date, at most one comma, not ending in
    a stop, colon or ellipsis, not a source/site line, and no noise cue
    from title_noise.csv (nav crumbs, share buttons, spam)."""
    for line in _head(text):
        line = line.strip()
        view = reading_view(line)
        if _is_paragraph(line):
            return ""
        if (len(line) < 6 or view.endswith(("…", "...", ":")) or len(_COMMA.findall(view)) > 1
                or len(_HAN.findall(view)) < len(view) / 2
                or any(cue in view.replace(" ", "") for cue in TITLE_NOISE) or _source_from_head(line)
                or parse_date(view)):
            continue
        return line
    return ""


# ---------------------------------------------------------------------------
# Reading.


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
    kind = _signature(data)
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
        warnings = _damage(data, text, encoding)
        fields, text = split_front_matter(text.replace("\r\n", "\n").replace("\r", "\n"))
        whole_page = path.suffix.lower() in {".html", ".htm"} or bool(_WHOLE_PAGE.match(text))
        extracted = replace(strip_markup(text, whole_page), encoding=encoding)
    body = _tidy(extracted.text)
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
        source=_front_matter_source(fields) or _normalised(extracted.source) or find_source(meta)
        or _normalised(extracted.site) or site,
        body=body,
        warnings=warnings,
    )


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_DOCUMENT_BYTES; its size is checked before reading."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            os.listdir(path)  # only a folder find_documents could not list comes here: say why
            raise DocumentError(path, "a folder, not a file")
        if not stat.S_ISREG(info.st_mode):  # reading a pipe or a device would wait forever or never end
            raise DocumentError(path, "not a regular file (a pipe, socket or device)")
        if info.st_size > MAX_DOCUMENT_BYTES:
            raise DocumentError(path, _too_large(info.st_size))
        with open(path, "rb") as f:
            data = f.read(MAX_DOCUMENT_BYTES + 1)  # it may have grown since
    except OSError as e:
        raise DocumentError(path, _os_reason(path, e)) from e
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentError(path, _too_large(len(data)))
    return data


def _too_large(size: int) -> str:
    return (f"too large: {size / 2**20:.1f} MB; the limit is {MAX_DOCUMENT_BYTES / 2**20:.0f} MB "
            f"(MAX_DOCUMENT_BYTES in extract/documents.py)")


_OS_REASONS = {
    errno.EACCES: "permission denied: the file cannot be opened (check its permissions)",
    errno.EPERM: "permission denied: the file cannot be opened (check its permissions)",
    errno.ELOOP: "symlink loop: the link leads back to itself (too many levels of symbolic links)",
    errno.ENAMETOOLONG: "the path is too long to open",
}


def _os_reason(path: Path, error: OSError) -> str:
    if error.errno == errno.ENOENT:
        return "broken symlink: the file it points to does not exist" if path.is_symlink() else "no such file"
    if path.is_dir() and error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied: the folder cannot be listed (check its permissions)"
    return _OS_REASONS.get(error.errno, f"unreadable: {error.strerror or error}")


_SIGNATURES = [(bytes.fromhex(row["hex"]), row) for row in read_table("file_signatures.csv")]


def _signature(data: bytes) -> dict | None:
    """The kind of binary file the first bytes announce (tables/file_signatures.csv), or None."""
    return next((row for magic, row in _SIGNATURES if data.startswith(magic)), None)
