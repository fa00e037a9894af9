"""Towns, townships and streets (镇, 乡, 街道, 苏木): places below the county that no gazetteer lists.

A figure of 花石镇 is 花石镇's (CLAIMS.md: the most specific region; a town has no 6-digit code), so a town is
read from the text's own words: a name of two to four characters and its unit word, right after the county it
lies in (湘潭县花石镇) or labelling a line (花石镇：…); once so named, also where a name can start (a clause's
start, 在花石镇举办). Alone at a clause's start a town looks like 促进城乡 or 推动返乡, so it is not read there.
Words that end like a town but name a kind of place (特色小镇, 示范镇) are in `tables/town_stoplist.csv`, each with
a sentence a test runs.

    >>> from extract.regions import load_gazetteer
    >>> text = "湘潭县花石镇今年新增就业320人，全县乡镇企业发展较快"
    >>> [m.surface for m in find_towns(text, load_gazetteer().find(text))]
    ['花石镇']
"""
from __future__ import annotations

from functools import cache

import regex

from extract.region_names import Mention, Region
from extract.vocabulary import alternation, read_table

# a name is two to four characters that are neither a unit word nor a word that counts, points or qualifies
_NAME_CHAR = regex.compile(r"[\p{Han}--[城镇乡村街区县市省州旗盟之各全该本我每等个其年月日的了和与及或在到从是为对向于据将把被]]",
                           regex.V1)
_UNIT = regex.compile(r"(?:镇|乡(?!村)|街道|苏木)(?![镇乡]|域|级)")  # 乡镇, 乡村, 镇域: the unit word starts another word
_CLAUSE_START = set("\n \u3000，,。；;：:、“”\"（）()《》【】[]|")  # a name may start after these
_LEADS_TO_PLACE = ("在", "到", "赴", "从", "据", "来自", "走进", "深入")  # … or after these


@cache
def _stoplist() -> regex.Pattern:
    return regex.compile(alternation(row["word"] for row in read_table("town_stoplist.csv")))


def find_towns(view: str, mentions: list[Mention]) -> list[Mention]:
    """The towns `view` names, each a mention whose one candidate is a town inside the unit named just before
    it (湘潭县花石镇). A name standing alone is a town only where the text also names it after its county, or
    where it labels a line (花石镇：…): at the start of a clause, 促进城乡 or 推动返乡 look the same."""
    ends = {m.end: m for m in mentions}
    anchored, alone = [], []
    for unit in _UNIT.finditer(view):
        at = unit.start()
        for length in (2, 3, 4):
            start = at - length
            if start < 0 or not all(_NAME_CHAR.match(view, i) for i in range(start, at)):
                break  # a longer name would hold this character too
            before = ends.get(start)
            lead = next((word for word in _LEADS_TO_PLACE if view.endswith(word, 0, start)), "")
            if not (before or start == 0 or view[start - 1] in _CLAUSE_START or lead):
                continue
            # 凤凰县在廖家桥镇举办…: the county, then a word that leads to a place, then the town in it
            before = before or (ends.get(start - len(lead)) if lead else None)
            if _stoplist().search(view, max(0, start - 2), unit.end()):
                break
            name = view[start:at] + unit.group()
            # a town lies in a county (a province or city named right before it is followed by a verb: 广东省计划城镇…)
            parent = (before.candidates[0] if before is not None and len(before.candidates) == 1
                      and before.candidates[0].level == "county" else None)
            labels = (start == 0 or view[start - 1] == "\n") and view.startswith(("：", ":"), unit.end())
            (anchored if parent is not None or labels else alone).append(
                Mention(start, unit.end(), name, (town(name, parent),)))
            break
    known = {m.surface: m.candidates[0] for m in anchored}
    return sorted(anchored + [Mention(m.start, m.end, m.surface, (known[m.surface],)) for m in alone
                              if m.surface in known], key=lambda m: m.start)


def town(name: str, parent: Region | None) -> Region:
    """A town inside `parent` (a county, or a city's district-less town), or inside no unit known."""
    if parent is None or parent.level not in ("county", "city"):
        return Region(name, "", "town", "", "", "", "")
    return Region(name, "", "town", parent.province, parent.city or (parent.name if parent.level == "city" else ""),
                  parent.name if parent.level == "county" else "", parent.code)


def placed(region: Region, county: Region | None) -> Region:
    """A town named without its county, read where a county is in force: it lies in that county."""
    if region.level != "town" or region.parent_code or county is None:
        return region
    return town(region.name, county)


def with_towns(view: str, mentions: list[Mention]) -> list[Mention]:
    """The gazetteer's mentions and the towns beside them, in order."""
    return sorted(mentions + find_towns(view, mentions), key=lambda m: m.start)
