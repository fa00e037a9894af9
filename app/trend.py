"""Trend: one metric over the years for the chosen regions; targets as markers against levels."""
from __future__ import annotations

from itertools import groupby

import plotly.express as px
from dash import Input, Output, dcc, html

from app import queries, queries_charts
from app.common import (base_layout, checked, describe, fact_hover, hover_fact_ids, fact_text, message_figure, not_drawn_notes,
                        region_labels, rollups, safe, series_title, stacked_axes, units_note)
from app.chart_config import source_note
from app.names import period_name
from app.i18n import KIND_NAMES, name, t
from app.names import unit_name
from app.numbers_format import number_axes
from app.store import StoreSource

COLORS = px.colors.qualitative.D3
# Targets share their level's axis (same unit, same kind of quantity); changes and shares get their own.
AXIS_KIND = {"level": "level", "target": "level", "change": "change", "share": "share"}
MAX_LINES = 12  # regions drawn at once; more lines than this are a tangle


def layout():
    return html.Div([
        html.P(id="trend-note", className="note"),
        dcc.Graph(id="trend-graph", config={"displaylogo": False}),
    ])


def update(source: StoreSource, data) -> tuple[dict, list[str]]:
    sel, error = checked(source, data)
    if sel is None:
        return message_figure(error), [error]
    view = sel.view
    cur = sel.cursor()
    cells, regions_in_all, has_spans = queries_charts.trend_cells(cur, sel.filter, MAX_LINES)
    sums, sum_notes = rollups(sel, single_years=True)
    notes = [*sel.notes, *units_note([c["unit"] for c in cells + sums], view.lang), *sum_notes, *not_drawn_notes(sel)]
    if has_spans:
        notes.append(t("spans_note", view.lang))
    if regions_in_all > MAX_LINES:
        notes.append(t("trend_cap", view.lang, shown=MAX_LINES, total=regions_in_all))
    if not cells and not sums:
        message = t("no_data", view.lang, what=describe(sel))
        return message_figure(message), [message, *notes]
    sources = queries.fact_sources(cur, hover_fact_ids(cells))
    title = t("trend_title", view.lang, metric=sel.snap.catalog.metric_label(view.metric, view.lang))
    if view.group:
        title += f" · {view.group}"
    return source_note(figure(cells + sums, sources, title, mixed=sel.level is None, lang=view.lang), sources,
                       view.lang), notes


def figure(cells: list[dict], sources: dict, title: str, mixed: bool, lang: str) -> dict:
    for c in cells:
        c["axis"] = AXIS_KIND.get(c["kind"], c["kind"])
    axis_key = lambda c: (c["unit"], c["axis"])  # noqa: E731
    groups = [(key, list(g)) for key, g in groupby(sorted(cells, key=axis_key), key=axis_key)]
    layout, axes = stacked_axes([1] * len(groups), [series_title(u, a, lang) for (u, a), _ in groups],
                                0.18 / len(groups))
    first: dict[str, dict] = {}
    for c in cells:
        first.setdefault(c["region_key"], c)
    keys = list(first)
    color = {k: COLORS[i % len(COLORS)] for i, k in enumerate(keys)}
    label = dict(zip(keys, region_labels(list(first.values()), mixed, lang)))
    traces = []
    for row, (((unit, _axis), group), (x, y)) in enumerate(zip(groups, axes), start=1):
        # a part of the year is a line of its own (上半年 beside 上半年), never joined to another part or the year
        line_key = lambda c: (keys.index(c["region_key"]), c["kind"], c.get("period", ""))  # noqa: E731
        for (index, kind, period), line in groupby(sorted(group, key=line_key), key=line_key):
            line = with_gaps(sorted(line, key=lambda c: c["year_from"]))
            key = keys[index]
            drawn = [c for c in line.values() if c is not None]
            is_target, is_sum = kind == "target", bool(drawn[0].get("is_sum"))
            brackets = "（{}）" if lang == "zh" else " ({})"
            suffix = "".join(brackets.format(p) for p in (name(KIND_NAMES, kind, lang) if kind != "level" else "",
                                                         period_name(period, lang)) if p)
            traces.append({
                "type": "scatter", "xaxis": x, "yaxis": y,
                "x": [year for year, _ in line.items()], "y": [c["value"] if c else None for c in line.values()],
                "mode": "markers" if is_target else "lines+markers+text", "connectgaps": False,
                "text": [fact_text(c, lang) if c else "" for c in line.values()], "textposition": "top center",
                # a group's line says whose it is in the legend too (全国 · 16-24岁), not only in the title
                "name": safe(label[key] + (f" · {drawn[0]['group']}" if drawn[0].get("group") else "") + suffix),
                "legendgroup": key, "showlegend": row == 1 or is_target or bool(period),
                "line": {"color": color[key], "dash": "dash" if is_sum else "dot" if period else "solid"},
                "marker": {"color": color[key], "size": 13 if is_target else 8,
                           "symbol": [_symbol(c, is_target, bool(period)) for c in line.values()]},
                "hovertext": [fact_hover(c, sources, label[key], lang) if c else "" for c in line.values()],
                "hovertemplate": "%{hovertext}<extra></extra>",
            })
        layout["yaxis" + y[1:]].update(title={"text": safe(unit_name(unit, lang) or unit)}, rangemode="tozero")
        layout["xaxis" + x[1:]].update(dtick=1, tickformat="d")
    return number_axes({"data": traces, "layout": {**base_layout(title, 200 + 300 * len(groups)), **layout}}, lang)


def with_gaps(line: list[dict]) -> dict[int, dict | None]:
    """Year → figure from the first year to the last, None for a year without one: plotly leaves a gap there
    (a line straight through a missing year would say there was a figure)."""
    by_year = {int(c["year_from"]): c for c in line}
    return {year: by_year.get(year) for year in range(min(by_year), max(by_year) + 1)}


def _symbol(c: dict | None, is_target: bool, is_part: bool) -> str:
    if c is None:
        return "circle"
    if is_target:
        return "star-open"
    if c.get("conflict"):
        return "x"
    shape = "diamond" if is_part else "circle"  # a part of the year: another mark than the year's
    return shape + ("-open" if c["qualifier"] != "exact" else "")


def register(app, source: StoreSource) -> None:
    @app.callback(Output("trend-graph", "figure"), Output("trend-note", "children"), Input("view", "data"))
    def _trend(data):
        fig, notes = update(source, data)
        return fig, " ".join(notes)
