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
# 二〇二一年六月十二日: the date under an official document, in Chinese numerals
_CHINESE_DATE = re.compile(r"(?P<y>[〇零一二三四五六七八九]{4})年(?P<m>十[一二]?|[一二三四五六七八九])月"
                           r"(?P<d>[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])日")
_CHINESE_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}


def _small_chinese_number(text: str) -> int:
    """十 → 10, 十二 → 12, 二十一 → 21, 六 → 6 (a month or a day)."""
    tens, _, units = text.rpartition("十")
    if "十" not in text:
        return _CHINESE_DIGITS[text]
    return (_CHINESE_DIGITS[tens] if tens else 1) * 10 + (_CHINESE_DIGITS[units] if units else 0)


def _in_digits(view: str) -> str:
    """二〇二一年六月十二日 → 2021年6月12日, so one pattern reads every date."""
    if "年" not in view:
        return view
    return _CHINESE_DATE.sub(lambda m: "".join(str(_CHINESE_DIGITS[c]) for c in m["y"])
                             + f"年{_small_chinese_number(m['m'])}月{_small_chinese_number(m['d'])}日", view)


_TIME_OR_WEEKDAY = re.compile(r"\d{1,2}:\d\d(?::\d\d)?|星期.|周[一二三四五六日]|[\s:|•·()\[\]#《》/-]")
_HEAD_LINES = 15  # metadata lines sit at the top of a page


def parse_date(s: str) -> datetime.date | None:
    """The first plausible date in `s` (1949-10-01 … today), else None."""
    for m in _DATE.finditer(_in_digits(reading_view(s))):
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
    view = _in_digits(reading_view(line))
    if any(x in view for x in _DATE_EXCLUDES):
        return None
    date = parse_date(view)
    if date is None:
        return None
    return date if any(label in view for label in _DATE_LABELS) or len(_leftover(line)) <= 10 else None


def is_date_line(line: str) -> bool:
    """Whether a line is a page's date line: its year is when the page appeared, not what it is about."""
    return _date_line(line) is not None


def find_date(text: str) -> datetime.date | None:
    """Publication date from the first date line near the top of the text; failing one, a labelled date
    line at the bottom (发布时间：2021-03-05 under the article). A bare date down there may be a sidebar's."""
    for line in _head(text):
        if date := _date_line(line):
            return date
    tail = _tail(text)
    for i in reversed(range(len(tail))):
        view = reading_view(tail[i])
        if any(label in view for label in _DATE_LABELS) and (date := _date_line(tail[i])):
            return date
        if i and _signs(tail[i - 1]) and (date := _date_line(tail[i])) and not _leftover(tail[i]):
            return date  # 某县人民政府办公室 / 2021年6月12日: the date an office signs its document with
    return None


_SIGNATURE_SUFFIXES = ("办公室", "领导小组")


def _signs(line: str) -> bool:
    """Whether a line is the name of an office signing a document (某县人力资源和社会保障局, 某县人民政府办公室)."""
    name = reading_view(line).strip()
    return (2 <= len(name) <= 25 and bool(_ALL_HAN.fullmatch(name))
            and name.endswith(SOURCE_SUFFIXES + _SIGNATURE_SUFFIXES))


def _leftover(line: str) -> str:
    """What a date line says besides its date, its time and its weekday."""
    return _TIME_OR_WEEKDAY.sub("", _DATE.sub("", _in_digits(reading_view(line))))


def _head(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()][:_HEAD_LINES]


def _tail(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()][-5:]


_NEWS_SUFFIX = re.compile(r"新闻$")
_FROM_DIGIT = re.compile(r"\d.*$")
_FROM_DASH = re.compile(r"-.*$")
_BYLINE = re.compile(r"(?:记者|通讯员|编辑|作者|撰稿).*$")
_SITE_DASH = re.compile(r"\p{Han}+网-")
_PLACE_WORD = re.compile(r"[省市县区州旗盟]")
# 来源：…, 发布机构：…, 作者单位：… (tables/source_labels.csv): the office or paper a page credits, after a colon,
# a bar (来源丨某某日报, 来源 | 某某网), a slash or a space
_SOURCE_LINE = re.compile(r"\L<labels>\s*(?:[:：丨｜|/]|(?P<space>\s(?=\p{Han})))\s*(?P<name>[^\s|｜丨•·,，;；)）]+)",
                          labels=[row["label"] for row in read_table("source_labels.csv")])
_HEAD_SEPARATOR = re.compile(r"\s+-|-\s+|_|\||·|\s")


def normalise_source(name: str) -> str:
    """Simplified, 新闻 suffix and 《》 dropped, known aliases mapped:
    '株洲日报新闻' → '株洲日报', 'zhuzhouribao' → '株洲日报', '中國網' → '中国网'."""
    name = reading_view(str(name)).strip().strip("《》")
    name = _NEWS_SUFFIX.sub("", name)
    row = SOURCES.get(name)
    return row["source"] if row else name


def _source_from_line(line: str) -> str:
    """来源:中國網 → 中国网; 来源:中国新闻网2021-04-20 → 中国新闻网; 发布机构：某某县人社局 → 某某县人社局."""
    m = _SOURCE_LINE.search(reading_view(line))
    if not m:
        return ""
    name = _BYLINE.sub("", _FROM_DIGIT.sub("", m["name"]))  # a date or a byline glued on (南国早报记者张三)
    name = _FROM_DASH.sub("", name) if _SITE_DASH.match(name) else name  # 人民网-《人民日报》
    if m["space"] and not _is_office(name):
        return ""  # 来源 某某县人社局 is a credit; 版权所有 未经授权禁止转载 is not
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
    # 株洲日报讯（记者…）, 某某县融媒讯, 江西网络广播电视台讯: a paragraph opening with its outlet's name; a byline
    # opening with it (永州日报全媒体记者 张三, 某某县融媒体中心记者 李四, ■某某日报通讯员 王五) names it too
    suffixes = sorted(SOURCE_SUFFIXES, key=len, reverse=True)
    return re.compile(r"""^[【\[■▲●]?(?P<name>\p{Han}{2,20}?(?:\L<suffixes>))
                          (?:讯|(?:全媒体|融媒体|首席)?记者|通讯员)""", re.VERBOSE, suffixes=suffixes)


_DATELINE = _dateline()


def _source_from_dateline(line: str) -> str:
    m = _DATELINE.match(reading_view(line).strip())
    return normalise_source(m["name"]) if m and not m["name"].startswith("本") else ""  # 本报讯 names no one


_CRUMB_SEPARATOR = re.compile(r"\s*[>›»＞]\s*")
_ALONE = re.compile(r"^[（(【\[](?P<name>\p{Han}{2,15})[)）】\]]$")  # in brackets: a headline (织密就业保障网) is not


def _source_from_crumbs(line: str) -> str:
    """首页 > 永州日报 > 第01版: a crumb trail through an outlet's site names the outlet."""
    crumbs = _CRUMB_SEPARATOR.split(reading_view(line).strip())
    return next((normalise_source(c) for c in crumbs[1:] if _is_office(c)), "") if len(crumbs) > 1 else ""


_COPYRIGHT_AFTER = re.compile(r"^(?:copyright\s*)?(?:©|\(c\))?\s*(?:\d{4}(?:\s*-\s*\d{4})?\s*)?(?P<name>\p{Han}{2,15})\s*版权所有",
                              re.IGNORECASE)


def _source_before_copyright(line: str) -> str:
    """新田县人民政府 版权所有, Copyright © 2023 新田县融媒体中心 版权所有: a site footer names its owner."""
    m = _COPYRIGHT_AFTER.match(reading_view(line).strip())
    return normalise_source(m["name"]) if m and _is_office(m["name"]) else ""


def _source_alone(line: str) -> str:
    """（永州日报） alone on a line at the foot: the page credits its outlet."""
    m = _ALONE.match(reading_view(line).strip())
    return normalise_source(m["name"]) if m and _is_office(m["name"]) else ""


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
        if name := _source_from_head(line) or _source_from_crumbs(line):
            return name
    for line in _tail(text):
        if name := _source_alone(line) or _source_before_copyright(line):
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
