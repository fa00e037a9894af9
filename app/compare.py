"""Compare: one metric across regions for one year, as ranked bars, one chart per unit."""
from __future__ import annotations

from itertools import groupby

from dash import Input, Output, dcc, html

from app import queries, queries_charts
from app.common import (LATEST, QUAL_PATTERN, SUM_PATTERN, base_layout, checked, describe, fact_hover, hover_fact_ids, fact_text,
                        message_figure, not_drawn_notes, region_labels, rollups, safe, series_title, stacked_axes, units_note)
from app.i18n import t
from app.chart_config import source_note
from app.links import link_ticks
from app.names import period_name, unit_name
from app.numbers_format import number_axes
from app.store import StoreSource

MAX_BARS = 40  # per unit and kind: more bars than this are not read, only scrolled past


def layout():
    return html.Div([
        html.P(id="compare-note", className="note"),
        dcc.Graph(id="compare-graph", config={"displaylogo": False}),
        html.P(id="compare-legend", className="legend"),
    ])


def update(source: StoreSource, data) -> tuple[dict, list[str], str]:
    """(figure, notes, legend) for the view in `data`."""
    sel, error = checked(source, data)
    if sel is None:
        return message_figure(error), [error], ""
    view = sel.view
    cur = sel.cursor()
    cells, year = queries_charts.compare_cells(cur, sel.filter, view.year, MAX_BARS)
    sums, sum_notes = rollups(sel, single_years=False, year=year or LATEST)
    year = year or (sums[0]["year"] if sums else "")
    notes = [*sel.notes, *units_note([c["unit"] for c in cells + sums], view.lang), *sum_notes, *not_drawn_notes(sel)]
    capped = {(c["unit"], c["kind"], c["period"]): c["regions_in_series"] for c in cells if c["regions_in_series"] > MAX_BARS}
    notes += [t("compare_cap", view.lang, shown=MAX_BARS, total=total) for total in capped.values()]
    legend = t("qual_legend", view.lang)
    if not cells and not sums:
        what = describe(sel) + (f"，{view.year}" if view.year else "")
        message = t("no_data", view.lang, what=what)
        return message_figure(message), [message, *notes], legend
    sources = queries.fact_sources(cur, hover_fact_ids(cells))
    title = t("compare_title", view.lang, metric=sel.snap.catalog.metric_label(view.metric, view.lang), year=year)
    if view.group:  # the population drawn, in the title: a group's rate never reads as everyone's
        title += f" · {view.group}"
    # in a view of parts each part of the year is its own chart: 1—5月 is ranked against 1—5月 only
    ranked = sorted(cells + sums, key=lambda c: (c["unit"], c["kind"], c.get("period", ""), -c["value"]))
    fig = figure(ranked, sources, title, mixed=sel.level is None, lang=view.lang)
    return source_note(link_ticks(fig, ranked, view.lang), sources, view.lang), notes, legend


def figure(cells: list[dict], sources: dict, title: str, mixed: bool, lang: str) -> dict:
    groups = [(key, list(group)) for key, group in groupby(cells, key=lambda c: (c["unit"], c["kind"], c.get("period", "")))]
    sizes = [len(g) for _, g in groups]
    titles = [series_title(u, k, lang) + (f" · {safe(period_name(p, lang))}" if p else "") for (u, k, p), _ in groups]
    layout, axes = stacked_axes(sizes, titles, 0.12 / len(groups))
    traces = []
    for ((unit, kind, _period), group), (x, y) in zip(groups, axes):
        labels = region_labels(group, mixed, lang)
        traces.append({
            "type": "bar", "orientation": "h", "xaxis": x, "yaxis": y, "showlegend": False,
            "x": [c["value"] for c in group], "y": labels, "name": series_title(unit, kind, lang),
            "text": [fact_text(c, lang) for c in group], "textposition": "auto",
            "hovertext": [fact_hover(c, sources, lab, lang) for lab, c in zip(labels, group)],
            "hovertemplate": "%{hovertext}<extra></extra>",
            "marker": {"color": "#2f6f9f",
                       "line": {"color": ["#b3261e" if c["conflict"] else "#1d4766" for c in group],
                                "width": [3 if c["conflict"] else 1 for c in group]},
                       "pattern": {"shape": [SUM_PATTERN if c.get("is_sum") else QUAL_PATTERN.get(c["qualifier"], "")
                                             for c in group], "fgcolor": "#ffffff", "solidity": 0.35}},
            "customdata": [c["fact_id"] for c in group],
        })
        layout["yaxis" + y[1:]].update(autorange="reversed")
        layout["xaxis" + x[1:]].update(title={"text": safe(unit_name(unit, lang) or unit)})
    return number_axes({"data": traces, "layout": {**base_layout(title, 140 + 34 * sum(sizes) + 60 * len(groups)),
                                                   **layout}}, lang)


def register(app, source: StoreSource) -> None:
    @app.callback(Output("compare-graph", "figure"), Output("compare-note", "children"),
                  Output("compare-legend", "children"), Input("view", "data"))
    def _compare(data):
        fig, notes, legend = update(source, data)
        return fig, " ".join(notes), legend
