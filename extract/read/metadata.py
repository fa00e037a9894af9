"""A document's metadata: the publication date (and date lines), the source, the title, from its text and
from a page <title> (split into headline and site)."""
from __future__ import annotations

import datetime

import regex as re

from extract.text import reading_view
from extract.vocabulary import read_table




SOURCES = {row["alias"]: row for row in read_table("sources.csv")}
SOURCE_SUFFIXES = tuple(row["suffix"] for row in read_table("source_suffixes.csv"))
DATE_CUES = read_table("date_cues.csv")
_DATE_LABELS = tuple(reading_view(c["cue"]) for c in DATE_CUES if c["role"] == "label")
_DATE_EXCLUDES = tuple(reading_view(c["cue"]) for c in DATE_CUES if c["role"] == "exclude")
TITLE_NOISE = tuple(reading_view(row["cue"]) for row in read_table("title_noise.csv"))


_TITLE_SEPARATOR = re.compile(r"\s[-–—|]\s|_|\|")
_ALL_HAN = re.compile(r"\p{Han}+")


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
    if len(line) > 100:  # prose; the view has the line's length, so a long line is not converted first
        return None
    view = reading_view(line)
    if any(x in view for x in _DATE_EXCLUDES):
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


def normalised(source: str) -> str:
    return normalise_source(source) if source.strip() else ""


def front_matter_source(fields: dict) -> str:
    for key in ("tags", "categories"):
        value = fields.get(key)
        if isinstance(value, list):  # the first tag that is not blank
            value = next((item for item in value if str(item).split()), "")
        words = str(value).split() if value else []
        if words:  # tags: " " names no source
            return normalise_source(words[0])
    return ""


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
