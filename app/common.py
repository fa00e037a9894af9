"""What every panel does first — check the view, resolve its level, build its filter — and what they share."""
from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

import plotly.io as pio
from dash import html

from app import queries, queries_charts
from app.data import resolve_level, sum_qualifier
from app.i18n import CHILDREN_NAMES, KIND_NAMES, LEVEL_NAMES, QUALIFIER_NAMES, name, t
from app.names import period_name, region_name, unit_name
from app.numbers_format import MONEY_UNITS, figure_text, plain_number
from app.state import InvalidInput, View, strict
from app.store import Snapshot, StoreSource

FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif'
QUAL_MARK = {"exact": "{v}", "more_than": "{v}+", "nearly": "<{v}", "about": "≈{v}"}
QUAL_PATTERN = {"exact": "", "more_than": "/", "nearly": ".", "about": "."}
SUM_PATTERN = "x"  # a sum of children: cross-hatched, and labelled as a sum
CONFLICT = "⚠"  # a figure whose sources disagree; a glyph, so it does not rely on colour
MAX_LISTED = 8  # names listed in a note or hover before "…"


@dataclass
class Selection:
    """A checked view on one snapshot of the store: its filter, the level shown and the notes that explain it."""

    snap: Snapshot
    view: View
    filter: queries.Filter
    level: str | None
    notes: list[str] = field(default_factory=list)

    def cursor(self):
        return self.snap.cursor()


def select(source: StoreSource, data) -> Selection:
    """The Selection of the view in `data`; raises InvalidInput for anything off the allow-lists."""
    snap = source.snapshot()
    view = strict(data, snap.allowed)
    catalog = snap.catalog
    chosen = tuple(queries.Place.of(catalog.region(k)) for k in view.regions)
    base = queries.Filter(metric=view.metric, regions=chosen, years=view.years, kinds=view.kinds,
                          sources=view.sources, undated=view.undated, group=view.group, freq=view.freq,
                          stated=view.stated)

    def counts():
        return {} if view.level != "auto" or chosen else queries_charts.level_counts(snap.cursor(), base)

    level_counts = snap.memo(("levels", base, view.level), counts)
    level, left_out = resolve_level(view.level, [(r.name, r.level) for r in chosen], level_counts)
    notes = []
    if level:
        notes.append(t("level_shown", view.lang, level=name(LEVEL_NAMES, level, view.lang)))
    if left_out:
        notes.append(t("level_note", view.lang, level=name(LEVEL_NAMES, level, view.lang), names="、".join(left_out)))
    if not view.kinds:  # an empty kind filter keeps every kind: say so rather than show them silently
        notes.append(t("no_kinds", view.lang))
    filt = queries.Filter(**{**base.__dict__, "level": level})
    return Selection(snap, view, filt, level, notes)


def checked(source: StoreSource, data) -> tuple[Selection | None, str]:
    """(selection, "") or (None, the error in words)."""
    try:
        return select(source, data), ""
    except InvalidInput as err:
        return None, str(err)


def units_note(units, lang: str) -> list[str]:
    units = sorted(set(units))
    return [t("units_note", lang, units="、".join(units))] if len(units) > 1 else []


def listed(names, lang: str) -> str:
    """Names joined, at most MAX_LISTED of them, then how many more."""
    names = list(names)
    shown = "、".join(names[:MAX_LISTED])
    return shown + (t("and_more", lang, n=len(names) - MAX_LISTED) if len(names) > MAX_LISTED else "")


def label(key: str, **props):
    """Text that follows the language toggle (see controls._translate)."""
    return html.Span(t(key), id={"type": "t", "key": key}, **props)


def describe(sel: Selection) -> str:
    """The filter in words, for an empty state."""
    view, catalog = sel.view, sel.snap.catalog
    parts = [catalog.metric_label(view.metric, view.lang)]
    if view.regions:
        parts.append("、".join(catalog.region(k)["name"] for k in view.regions))
    if sel.level:
        parts.append(name(LEVEL_NAMES, sel.level, view.lang))
    parts.append(f"{view.years[0]}–{view.years[1]}")
    if view.kinds:
        parts.append("、".join(name(KIND_NAMES, k, view.lang) for k in view.kinds))
    if view.group:
        parts.append(view.group)
    if view.freq == "part":
        parts.append(t("freq_part", view.lang))
    return "，".join(parts) if view.lang == "zh" else ", ".join(parts)


def number(value, lang: str = "zh") -> str:
    """58300 → 5.83万 (58.3k in English); 2.8 → 2.8."""
    return plain_number(value, lang)


def marked_number(value: float, qualifier: str, lang: str = "zh") -> str:
    """A figure with its hedge in words: 近400, 9万余; nearly 400, over 90k."""
    return figure_text(value, lang, qualifier=qualifier)


def figure_with_unit(value: float, qualifier: str, unit: str, lang: str) -> str:
    """近400场 / nearly 400 events; 23.7亿元 / ¥2.37 bn."""
    if lang == "en" and unit not in MONEY_UNITS:  # money takes the ¥ sign; other units follow the number
        return f"{figure_text(value, lang, '', qualifier)} {unit_name(unit, lang)}".rstrip()
    return figure_text(value, lang, unit, qualifier)


def not_drawn_notes(sel: Selection) -> list[str]:
    """What the view holds but its series does not draw, and where to see it (parts of a year, other groups)."""
    n_parts, n_groups = sel.snap.memo(("not_drawn", sel.filter), lambda: queries_charts.not_drawn(sel.cursor(), sel.filter))
    lang = sel.view.lang
    return ([t("parts_note", lang, n=n_parts)] if n_parts else []) + ([t("groups_note", lang, n=n_groups)] if n_groups else [])


def fact_text(cell: dict, lang: str) -> str:
    """A figure as a chart or table shows it: 9万余 ·2源, 5.83万 ⚠, 约485 Σ, 700万 (上半年)."""
    text = marked_number(cell["value"], cell["qualifier"], lang)
    if cell.get("period"):
        text += f" ({period_name(cell['period'], lang)})"
    if cell.get("n_sources", 1) > 1:
        text += " " + t("n_sources_mark", lang, n=cell["n_sources"])
    if cell.get("conflict"):
        text += " " + CONFLICT
    if cell.get("is_sum"):
        text += " Σ"
    return text


def safe(text) -> str:
    """Text for plotly labels and hovers, which would otherwise read <b>, <a href> … as markup."""
    return escape(str(text), quote=False)


def rivals(cell: dict) -> list[dict]:
    """The other figures for the same region, year, period, group, unit and kind, when the drawn one conflicts."""
    if not cell.get("conflict"):
        return []
    return [f for f in cell.get("cell_facts") or [] if f["fact_id"] != cell["fact_id"] and f["period"] == cell["period"]
            and f.get("group", "") == cell.get("group", "") and f.get("unit", cell["unit"]) == cell["unit"]]


def beside(cell: dict) -> list[dict]:
    """The other figures of the drawn one's cell that are no rivals: other groups, parts of the year, averages."""
    competing = {r["fact_id"] for r in rivals(cell)}
    return [f for f in cell.get("cell_facts") or [] if f["fact_id"] != cell["fact_id"] and f["fact_id"] not in competing
            and f.get("unit", cell["unit"]) == cell["unit"]]


def _labelled(f: dict, lang: str) -> str:
    """16-24岁 · 上半年 17.3 — a figure beside the drawn one, said with its population and part of the year."""
    what = " · ".join(p for p in (f.get("group", ""), period_name(f.get("period", ""), lang)) if p)
    return f"{what} {marked_number(f['value'], f['qualifier'])}" if what else marked_number(f["value"], f["qualifier"])


def hover_fact_ids(cells: list[dict]) -> list[str]:
    """Facts whose sources the hovers of `cells` name: each drawn fact and its rivals."""
    return [i for c in cells if not c.get("is_sum") for i in (c["fact_id"], *(r["fact_id"] for r in rivals(c)))]


def fact_hover(cell: dict, sources: dict[str, list[str]], region: str, lang: str) -> str:
    """The hover of a drawn figure: value as written, its sources, and any competing values with theirs."""
    lines = [f"<b>{safe(region)}</b> · {safe(cell['year'])}" +
             (f" · {safe(period_name(cell['period'], lang))}" if cell.get("period") else "") +
             (f" · {safe(cell['group'])}" if cell.get("group") else ""),
             f"{safe(figure_with_unit(cell['value'], cell['qualifier'], cell['unit'], lang))}"
             f"（{safe(name(QUALIFIER_NAMES, cell['qualifier'], lang))}）"]
    if cell.get("is_sum"):
        lines.append(safe(t("hover_sum", lang, n=cell["n_children"], parts=listed(cell["parts"], lang))))
        return "<br>".join(lines)
    lines.append(safe(cell.get("quote", "")) + " — " + safe(t(
        "hover_sources", lang, n=cell.get("n_sources", 1), names=listed(sources.get(cell["fact_id"], []), lang))))
    competing = rivals(cell)
    if competing:
        values = "；".join(f"{marked_number(r['value'], r['qualifier'], lang)}（{listed(sources.get(r['fact_id'], []), lang)}）"
                          for r in competing[:MAX_LISTED])
        lines.append(safe(f"{CONFLICT} " + t("hover_conflict", lang, values=values)))
    others = beside(cell)
    if others:  # named, not only counted: 16-24岁 17.3, 上半年 700万 … (the evidence lists them all)
        shown = "；".join(_labelled(f, lang) for f in others[:MAX_LISTED])
        more = t("and_more", lang, n=len(others) - MAX_LISTED) if len(others) > MAX_LISTED else ""
        lines.append(safe(t("hover_others", lang, values=shown + more)))
    return "<br>".join(lines)


# Figures are plain dicts, as plotly.js reads them: building plotly's Python objects (validation, template
# copies) would cost more than the queries behind them.
_WHITE = pio.templates["plotly_white"].to_plotly_json()
TEMPLATE = {
    "layout": {k: v for k, v in _WHITE["layout"].items()
               if k in ("autotypenumbers", "colorway", "font", "hovermode", "hoverlabel", "paper_bgcolor",
                        "plot_bgcolor", "xaxis", "yaxis", "shapedefaults", "annotationdefaults", "title")},
    "data": {k: v for k, v in _WHITE["data"].items() if k in ("bar", "scatter")},
}


def base_layout(title: str, height: int, **more) -> dict:
    return {"title": {"text": safe(title)}, "template": TEMPLATE, "font": {"family": FONT}, "height": height,
            "margin": {"l": 10, "r": 30, "t": 80, "b": 40}, **more}


def stacked_axes(heights: list[float], titles: list[str], spacing: float) -> tuple[dict, list[tuple[str, str]]]:
    """Axes for charts stacked top to bottom (as plotly's make_subplots lays them out), titled; and each
    row's (xaxis, yaxis) ids for its traces."""
    usable, total = 1 - spacing * (len(heights) - 1), sum(heights)
    layout: dict = {"annotations": []}
    ids, top = [], 1.0
    for row, (height, title) in enumerate(zip(heights, titles), start=1):
        suffix = "" if row == 1 else str(row)
        bottom = max(0.0, top - usable * height / total)
        layout[f"xaxis{suffix}"] = {"anchor": f"y{suffix}", "domain": [0.0, 1.0]}
        layout[f"yaxis{suffix}"] = {"anchor": f"x{suffix}", "domain": [bottom, top]}
        layout["annotations"].append({"text": title, "x": 0.5, "y": top, "xref": "paper", "yref": "paper",
                                      "xanchor": "center", "yanchor": "bottom", "showarrow": False,
                                      "font": {"size": 16}})
        ids.append((f"x{suffix}", f"y{suffix}"))
        top = bottom - spacing
    return layout, ids


def message_figure(message: str) -> dict:
    """An empty chart that says, in words, why it is empty."""
    return {"data": [], "layout": {
        "annotations": [{"text": safe(message), "showarrow": False, "x": 0.5, "y": 0.5, "xref": "paper",
                         "yref": "paper", "font": {"size": 15, "family": FONT}}],
        "xaxis": {"visible": False}, "yaxis": {"visible": False}, "height": 260, "template": TEMPLATE,
        "font": {"family": FONT}, "margin": {"l": 20, "r": 20, "t": 20, "b": 20}}}


def series_title(unit: str, kind: str, lang: str) -> str:
    title = t("axis_unit", lang, unit=unit_name(unit, lang) or unit)
    if kind != "level":
        title += " · " + name(KIND_NAMES, kind, lang)
    return safe(title)


def region_label(cell: dict, mixed: bool, lang: str) -> str:
    """A region's name for a chart axis: with its level when levels mix; a sum says it is one."""
    text = region_name(cell.get("region") or "", lang) or "—"
    if cell.get("is_sum"):
        return t("sum_label", lang, name=text, children=name(CHILDREN_NAMES, cell["child_level"], lang))
    if mixed:
        text = f"{text}（{name(LEVEL_NAMES, cell['region_level'], lang)}）"
    return text


def region_labels(cells: list[dict], mixed: bool, lang: str) -> list[str]:
    """Labels for a series; where two regions share a name (鼓楼区), their codes tell them apart."""
    labels = [region_label(c, mixed, lang) for c in cells]
    seen = {lab: labels.count(lab) for lab in labels}
    return [f"{lab} {c['region_code']}" if seen[lab] > 1 and c.get("region_code") else lab
            for lab, c in zip(labels, cells)]


# --- roll-ups ---------------------------------------------------------------------------------------


LATEST = queries_charts.LATEST  # one definition: rollup_cells applies the rule


def rollups(sel: Selection, single_years: bool, year: str = "") -> tuple[list[dict], list[str]]:
    """Sum cells (shaped like fact cells, is_sum=True) for the view's parents, and notes for incomplete ones.

    `year` keeps one year ("" all years; LATEST the latest single year with figures).
    Only when the view asks for sums and shows a level that has children
    (provinces ← cities, cities ← counties; mixed levels: provinces).
    """
    view = sel.view
    parent_level = sel.level if sel.level is not None else "province"
    if not view.rollup or parent_level not in queries_charts.ROLLUPS or view.freq == "part":  # parts of a year: no sums
        return [], []
    child_level = queries_charts.ROLLUPS[parent_level][0]
    found = queries_charts.rollup_cells(sel.cursor(), sel.filter, parent_level, single_years, year)
    cells, notes = [], []
    for r in found:
        parent = r["parent"]
        if r["missing"]:
            notes.append(t("sum_missing", view.lang, parent=parent, year=r["year"],
                           children=name(CHILDREN_NAMES, child_level, view.lang), names=listed(r["missing"], view.lang)))
            continue
        cells.append({
            "fact_id": f"sum:{r['province']}:{parent}:{r['unit']}:{r['kind']}:{r['year']}", "region": parent,
            "region_key": f"sum:{r['province']}:{parent}", "region_code": "",
            "region_level": parent_level, "child_level": child_level, "unit": r["unit"], "kind": r["kind"],
            "year": r["year"], "year_from": r["year_from"], "year_to": r["year_to"], "period": "",
            "value": r["value"], "qualifier": sum_qualifier(r["qualifiers"]), "n_sources": 1, "conflict": False,
            "is_sum": True, "n_children": r["n_children"], "quote": "",
            "parts": [f"{region_name(p['region'], view.lang)} {number(p['value'], view.lang)}" for p in r["parts"]],
        })
    if len(notes) > MAX_LISTED:
        notes = notes[:MAX_LISTED] + [t("and_more_notes", view.lang, n=len(notes) - MAX_LISTED)]
    return cells, notes
