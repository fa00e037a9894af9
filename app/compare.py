"""Compare: one metric across regions for one year, as ranked bars, one chart per unit."""
from __future__ import annotations

import plotly.graph_objects as go
from dash import Input, Output, dcc, html
from plotly.subplots import make_subplots

from app.common import (FONT, QUAL_PATTERN, describe, marked_number, message_figure, metric_label,
                        region_labels, safe, select, series_title)
from app.data import Store, compare_frame
from app.i18n import QUALIFIER_NAMES, name, t
from app.state import Allowed, InvalidInput, strict


def layout():
    return html.Div([
        html.P(id="compare-note", className="note"),
        dcc.Graph(id="compare-graph", config={"displaylogo": False}),
        html.P(id="compare-legend", className="legend"),
    ])


def update(store: Store, allowed: Allowed, data) -> tuple[go.Figure, list[str], str]:
    """(figure, notes, legend) for the view in `data`."""
    try:
        view = strict(data, allowed)
    except InvalidInput as err:
        return message_figure(str(err)), [str(err)], ""
    selection = select(store, view)
    frame, year = compare_frame(selection.claims, view.year)
    legend = t("qual_legend", view.lang)
    if frame.empty:
        what = describe(store, view, selection.level) + (f"，{view.year}" if view.year else "")
        message = t("no_data", view.lang, what=what)
        return message_figure(message), [message, *selection.notes], legend
    title = t("compare_title", view.lang, metric=metric_label(store, view.metric, view.lang), year=year)
    return figure(frame, title, mixed=selection.level is None, lang=view.lang), selection.notes, legend


def figure(frame, title: str, mixed: bool, lang: str) -> go.Figure:
    groups = list(frame.groupby(["unit", "kind"], sort=False))
    sizes = [len(g) for _, g in groups]
    fig = make_subplots(rows=len(groups), cols=1, row_heights=sizes, vertical_spacing=0.12 / len(groups),
                        subplot_titles=[series_title(u, k, lang) for (u, k), _ in groups])
    for row, ((unit, kind), group) in enumerate(groups, start=1):
        labels = region_labels(group, mixed, lang)
        hover = [
            "<b>{r}</b> · {y}<br>{v} {u}（{q}）<br>{quote} — {title}<br>{src}".format(
                r=safe(lab), y=safe(c.year), v=marked_number(c.value, c.qualifier), u=safe(unit),
                q=safe(name(QUALIFIER_NAMES, c.qualifier, lang)), quote=safe(c.quote),
                title=safe(c.title or t("no_title", lang)),
                src=safe(t("hover_sources", lang, docs=c.sources_n, claims=c.claims_n)))
            for lab, c in zip(labels, group.itertuples())
        ]
        fig.add_trace(go.Bar(
            x=list(group["value"]), y=labels, orientation="h", name=series_title(unit, kind, lang),
            text=[marked_number(v, q) for v, q in zip(group["value"], group["qualifier"])],
            textposition="auto", hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
            marker=dict(color="#2f6f9f", line=dict(color="#1d4766", width=1),
                        pattern=dict(shape=[QUAL_PATTERN.get(q, "") for q in group["qualifier"]],
                                     fgcolor="#ffffff", solidity=0.35)),
            customdata=list(group["claim_id"]), showlegend=False,
        ), row=row, col=1)
        fig.update_yaxes(autorange="reversed", row=row, col=1)
        fig.update_xaxes(title_text=safe(unit), row=row, col=1)
    fig.update_layout(title=safe(title), template="plotly_white", font_family=FONT,
                      height=140 + 34 * sum(sizes) + 60 * len(groups), margin=dict(l=10, r=30, t=80, b=40))
    return fig


def register(app, store: Store, allowed: Allowed) -> None:
    @app.callback(Output("compare-graph", "figure"), Output("compare-note", "children"),
                  Output("compare-legend", "children"), Input("view", "data"))
    def _compare(data):
        fig, notes, legend = update(store, allowed, data)
        return fig, " ".join(notes), legend
