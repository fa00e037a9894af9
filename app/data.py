"""Pure functions the panels share: the level rule, the wide table's pivot, sums, evidence marks.

Nothing here touches the store: `queries.py` fetches, these shape what was
fetched, so each can be tested with plain values.
"""
from __future__ import annotations

# Region levels a user can compare, broadest first.
LEVELS = ("country", "province", "city", "county", "group", "town")
NO_SOURCE = "-"  # stands for documents that name no source, in controls and URLs


def year_order(years) -> list[str]:
    """Years and spans in time order: 2016-2020 before 2021."""
    def key(y: str):
        parts = [int(p) for p in y.split("-")]
        return (parts[-1], parts[0])
    return sorted(set(years), key=key)


def resolve_level(level: str, chosen: list[tuple[str, str]], counts: dict[str, int]) -> tuple[str | None, list[str]]:
    """The region level to show, and the chosen regions it leaves out.

    `level` is one of LEVELS, "mix" (no level filter) or "auto". `chosen` are the
    chosen regions as (name, level); `counts` the regions per level among the
    view's figures. Auto: the level of most chosen regions (the first chosen on
    a tie), or with none chosen, the level with most regions (broadest first on
    a tie). Like is compared with like.
    """
    if level == "mix":
        return None, []
    if level in LEVELS:
        return level, []
    if chosen:
        levels = [lv for _, lv in chosen]
        tally = {lv: levels.count(lv) for lv in levels if lv}
        if not tally:
            return None, []
        best = max(tally, key=lambda lv: (tally[lv], -levels.index(lv)))
        return best, [name for name, lv in chosen if lv != best]
    counts = {lv: n for lv, n in counts.items() if lv and n}
    if not counts:
        return None, []
    order = {lv: i for i, lv in enumerate(LEVELS)}
    return sorted(counts.items(), key=lambda kv: (-kv[1], order.get(kv[0], 99)))[0][0], []


# A sum is as exact as its least exact part: exact + lower bound = lower bound; any approximation = about.
def sum_qualifier(qualifiers) -> str:
    qualifiers = set(qualifiers)
    if qualifiers <= {"exact"}:
        return "exact"
    if qualifiers <= {"exact", "more_than"}:
        return "more_than"
    return "about"


ROW_KEY = ("region_key", "unit", "kind")


def pivot_wide(cells: list[dict], row_key: tuple[str, ...] = ROW_KEY) -> tuple[list[str], list[dict]]:
    """Region × year from one cell per (region, unit, kind, year), rows in the order the cells come.

    Returns the years (in time order) and one row per (region, unit, kind): its
    region fields and `cells`, a dict year → cell. A year without a figure is
    simply absent — missing, never 0. In a view of parts, `row_key` adds the period: each part its own row.
    """
    years = year_order(c["year"] for c in cells)
    table: dict[tuple, dict] = {}
    for c in cells:
        key = tuple(c[k] for k in row_key)
        row = table.setdefault(key, {**{k: c[k] for k in ("region", "region_code", "region_level", *row_key)},
                                     "period": c.get("period", ""), "group": c.get("group", ""), "cells": {}})
        row["cells"][c["year"]] = c
    return years, list(table.values())


def mark_in_sentence(sentence: str, quote: str, text: str = "", start: int = -1) -> tuple[str, str, str]:
    """Split `sentence` around the quote at offset `start` of the document `text`."""
    at = -1
    if text and start >= 0:
        begin = text.rfind(sentence, 0, start + len(sentence))
        if begin >= 0 and begin + len(sentence) >= start + len(quote):
            at = start - begin
    if at < 0 or sentence[at:at + len(quote)] != quote:
        at = sentence.find(quote)
    if at < 0:
        return sentence, "", ""
    return sentence[:at], quote, sentence[at + len(quote):]


def document_segments(text: str, claims: list[dict]) -> list[tuple[str, dict | None]]:
    """The document's text cut into plain runs and claim runs, in order; overlaps are skipped."""
    segments: list[tuple[str, dict | None]] = []
    at = 0
    for claim in sorted(claims, key=lambda c: c["start"]):
        start, end = int(claim["start"]), int(claim["end"])
        if start < at or end <= start or end > len(text):
            continue
        if start > at:
            segments.append((text[at:start], None))
        segments.append((text[start:end], claim))
        at = end
    if at < len(text):
        segments.append((text[at:], None))
    return segments
