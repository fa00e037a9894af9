"""Document stage: the one module that reads article files from disk.

`find_documents(paths)` lists the files to read; `read_document(path)` turns
one file into a `Document`: decoded text with markup removed (`body`) plus the
metadata later stages resolve 我市 / 今年 against (`date`, `source`, `title`).

How metadata is found (first rule that gives an answer wins):

- date:   front matter `date:` → a date line in the first lines of the text
          (a line with a cue from tables/date_cues.csv such as 发布日期 / 来源,
          or a line that is little more than a date).  Only 1949 … today.
- source: front matter `tags:` (株洲日报新闻 → 株洲日报), then `categories:`
          (slugs via tables/sources.csv) → a 来源/文章来源 line at the top or
          bottom → one of the first lines whose head (text before ` -`, `_`,
          `|`, `·`, a space) ends with a word from tables/source_suffixes.csv.
          Always simplified (中國網 → 中国网).
- title:  front matter `title:` → HTML <title> (its first segment) or <h1> →
          the first line before the first paragraph that looks like a headline
          (not a site name, nav crumb, date line or page furniture listed in
          tables/title_noise.csv).
"""
from __future__ import annotations

import codecs
import datetime
import hashlib
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import charset_normalizer
import regex as re
import yaml

from extract.text import reading_view, remove_injected_pinyin
from extract.vocabulary import read_table

EXTENSIONS = {".txt", ".md", ".markdown", ".html", ".htm"}


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


def find_documents(paths) -> list[Path]:
    """Article files under `paths` (files or folders, searched recursively),
    sorted.  Hidden files and folders below a given folder are skipped."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    found: set[Path] = set()
    for p in map(Path, paths):
        if not p.exists():
            raise DocumentError(p, "no such file or folder")
        if p.is_file():
            found.add(p)
            continue
        for f in p.rglob("*"):
            rel = f.relative_to(p).parts
            if f.is_file() and f.suffix.lower() in EXTENSIONS and not any(x.startswith(".") for x in rel):
                found.add(f)
    return sorted(found)


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
    simple `key: value` lines."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    try:
        fields = yaml.safe_load(m.group(1))
    except Exception:  # not only YAMLError: its constructors raise ValueError (date: 2022-02-30),
        fields = None  # AttributeError (!!timestamp x), RecursionError ([[[[… nested thousands deep)
    if not isinstance(fields, dict):
        fields = dict(re.findall(r"^(\w+):[ \t]*(.*?)[ \t]*$", m.group(1), re.M))
    return {key: _plain(value) for key, value in fields.items()}, text[m.end():]


_SCALARS = (str, int, float, datetime.date)


def _plain(value):
    """A front-matter value as the fields use it: a scalar, or a list's scalars (tags: [a, b]).
    Deeper structures are dropped: YAML aliases can nest lists whose printed form is gigabytes."""
    if isinstance(value, list):
        return [item for item in value if isinstance(item, _SCALARS)]
    return value if isinstance(value, _SCALARS) else None


class _TextExtractor(HTMLParser):
    """HTML → text with one line per block element; scripts, styles and
    navigation dropped; <title> and the first <h1> remembered."""

    BLOCK = {"p", "div", "br", "li", "ul", "ol", "tr", "table", "section", "article", "header",
             "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "dl", "pre", "hr", "main"}
    SKIP = {"script", "style", "nav", "noscript", "iframe", "svg", "form", "select", "button",
            "footer", "aside", "head", "template"}
    CELL = {"td", "th"}

    def __init__(self, whole_page: bool):
        super().__init__(convert_charrefs=True)
        self.whole_page = whole_page  # source newlines are insignificant in a real page
        self.parts: list[str] = []
        self.skipping = 0
        self.title = ""
        self.h1 = ""
        self._in: str | None = None  # "title" or "h1" while inside one

    def parse_marked_section(self, i, report=1):
        # <![foo[ is no marked section the base class knows, and it raises AssertionError;
        # HTML5 reads any such <![…> as a bogus comment.
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            return self.parse_bogus_comment(i, report)

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag == "title" or (tag == "h1" and not self.h1):
            self._in = tag
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        if tag == self._in:
            self._in = None
        if tag in self.BLOCK:
            self.parts.append("\n")
        elif tag in self.CELL:
            self.parts.append("\t")

    def handle_startendtag(self, tag, attrs):
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._in == "title":  # <title> may sit in <head>, which is skipped
            self.title += data
            return
        if self.skipping:
            return
        if self._in == "h1":
            self.h1 += data
        self.parts.append(re.sub(r"\s+", " ", data) if self.whole_page else data)


def strip_markup(text: str, whole_page: bool) -> tuple[str, str, str]:
    """(text, html_title, site).  Drops link-only lines (`<http://…>`,
    `[返回首页](//…)`), Markdown heading marks and HTML tags; `site` is the
    office or paper a page's <title> names beside the headline."""
    text = "\n".join(line for line in text.split("\n") if not _LINK_LINE.match(line))
    md_title = _MD_TITLE.search(text)
    text = _MD_HEADING.sub("", text)
    md_title = md_title[1].strip() if md_title else ""
    if not (whole_page or _TAG.search(text)):
        return text, md_title, ""
    parser = _TextExtractor(whole_page)
    parser.feed(text)
    parser.close()
    headline, site = split_page_title(parser.title)
    return "".join(parser.parts), headline or parser.h1.strip() or md_title, site


def split_page_title(title: str) -> tuple[str, str]:
    """A page <title> holds the headline and the site, in either order:
    '稳就业新举措_株洲市人民政府' and '臺州市人社局_今年就業形勢' both give (headline, office)."""
    segments = [seg.strip() for seg in re.split(r"\s[-–—|]\s|_|\|", title.strip()) if seg.strip()]
    site = next((seg for seg in segments if _is_office(reading_view(seg))), "")
    rest = [seg for seg in segments if seg != site]
    return (rest[0] if rest else ""), (normalise_source(site) if site else "")


def _is_office(name: str) -> bool:
    # a short all-Chinese name ending like an office or paper (株洲市人社局, 经济日报); not a headline
    return 2 <= len(name) <= 15 and name.endswith(SOURCE_SUFFIXES) and bool(re.fullmatch(r"\p{Han}+", name))


def _tidy(text: str) -> str:
    """Line endings unified, lines stripped, at most one blank line in a row."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


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


def find_date(text: str) -> datetime.date | None:
    """Publication date from the first date line near the top of the text."""
    for line in _head(text):
        if date := _date_line(line):
            return date
    return None


def _head(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()][:_HEAD_LINES]


def _tail(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()][-5:]


# ---------------------------------------------------------------------------
# Sources.

_SOURCE_LINE = re.compile(r"来源\s*[:：]\s*(?P<name>[^\s|•·,，;；)）]+)")
_HEAD_SEPARATOR = re.compile(r"\s+-|-\s+|_|\||·|\s")


def normalise_source(name: str) -> str:
    """Simplified, 新闻 suffix and 《》 dropped, known aliases mapped:
    '株洲日报新闻' → '株洲日报', 'zhuzhouribao' → '株洲日报', '中國網' → '中国网'."""
    name = reading_view(str(name)).strip().strip("《》")
    name = re.sub(r"新闻$", "", name)
    row = SOURCES.get(name)
    return row["source"] if row else name


def _source_from_line(line: str) -> str:
    """来源:中國網 → 中国网; 来源:中国新闻网2021-04-20 → 中国新闻网."""
    m = _SOURCE_LINE.search(reading_view(line))
    if not m:
        return ""
    name = re.sub(r"\d.*$", "", m["name"])  # a date glued on
    name = re.sub(r"-.*$", "", name) if re.match(r"\p{Han}+网-", name) else name  # 人民网-《人民日报》
    return normalise_source(name) if 2 <= len(name) <= 20 else ""


def _source_from_head(line: str) -> str:
    """株洲市人社局 -凯发app下载 → 株洲市人社局; 工人日报 2024年… → 工人日报."""
    parts = _HEAD_SEPARATOR.split(reading_view(line).strip(), maxsplit=1)
    head = parts[0]
    # a separator is required: a bare headline may end in 局 too (…开新局)
    if len(parts) == 2 and _is_office(head):
        return normalise_source(head)
    return ""


def find_source(text: str) -> str:
    """Source named in the text: a 来源 line (top, then bottom), else one of
    the first lines naming an office or paper."""
    for line in _head(text) + _tail(text):
        if name := _source_from_line(line):
            return name
    for line in _head(text)[:5]:
        if name := _source_from_head(line):
            return name
    first = reading_view(_head(text)[0]).strip() if _head(text) else ""
    # a page that opens with its office's name alone: 南充市人力资源和社会保障局 (a place, then an office word;
    # a headline such as 奋力开创就业工作新局 names no place)
    if _is_office(first) and re.search(r"[省市县区州旗盟]", first[:-1]):
        return normalise_source(first)
    return ""


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
        if (len(line) < 6 or view.endswith(("…", "...", ":")) or len(re.findall(r"[，,]", view)) > 1
                or len(re.findall(r"\p{Han}", view)) < len(view) / 2
                or any(cue in view.replace(" ", "") for cue in TITLE_NOISE) or _source_from_head(line)
                or parse_date(view)):
            continue
        return line
    return ""


# ---------------------------------------------------------------------------
# Reading.


def read_document(path) -> Document:
    """Read one article file.  Raises DocumentError if it is not usable text."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise DocumentError(path, f"unreadable: {e.strerror or e}") from e
    text, encoding = decode(data, path)
    fields, text = split_front_matter(text.replace("\r\n", "\n").replace("\r", "\n"))
    whole_page = path.suffix.lower() in {".html", ".htm"} or bool(_WHOLE_PAGE.match(text))
    text, html_title, site = strip_markup(text, whole_page)
    body = _tidy(text)
    if not body and not fields:
        raise DocumentError(path, "empty file: no text after removing markup")

    date = parse_date(str(fields["date"])) if fields.get("date") else None
    meta = remove_injected_pinyin(body)  # 来源:中國網(wǎng) names 中國網
    return Document(
        doc_id=path.stem,
        path=str(path),
        encoding=encoding,
        content_hash=hashlib.sha256(data).hexdigest(),
        title=str(fields.get("title") or html_title or find_title(meta)).strip(),
        date=date or find_date(meta),
        source=_front_matter_source(fields) or find_source(meta) or site,
        body=body,
    )
