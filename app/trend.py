"""Trend: one metric over the years for the chosen regions; targets as markers against levels."""
from __future__ import annotations

import plotly.graph_objects as go
import plotly.express as px
from dash import Input, Output, dcc, html
from plotly.subplots import make_subplots

from app.common import (FONT, describe, marked_number, message_figure, metric_label, region_labels, safe,
                        select, series_title)
from app.data import Store, trend_frame
from app.i18n import KIND_NAMES, QUALIFIER_NAMES, name, t
from app.state import Allowed, InvalidInput, strict

COLORS = px.colors.qualitative.D3
# Targets share their level's axis (same unit, same kind of quantity); changes and shares get their own.
AXIS_KIND = {"level": "level", "target": "level", "change": "change", "share": "share"}


def layout():
    return html.Div([
        html.P(id="trend-note", className="note"),
        dcc.Graph(id="trend-graph", config={"displaylogo": False}),
    ])


def update(store: Store, allowed: Allowed, data) -> tuple[go.Figure, list[str]]:
    try:
        view = strict(data, allowed)
    except InvalidInput as err:
        return message_figure(str(err)), [str(err)]
    selection = select(store, view)
    notes = list(selection.notes)
    claims = selection.claims
    if (claims["year_from"] != claims["year_to"]).fillna(False).any():
        notes.append(t("spans_note", view.lang))
    frame = trend_frame(claims)
    if frame.empty:
        message = t("no_data", view.lang, what=describe(store, view, selection.level))
        return message_figure(message), [message, *notes]
    title = t("trend_title", view.lang, metric=metric_label(store, view.metric, view.lang))
    return figure(frame, title, mixed=selection.level is None, lang=view.lang), notes


def figure(frame, title: str, mixed: bool, lang: str) -> go.Figure:
    frame = frame.assign(axis=frame["kind"].map(AXIS_KIND))
    groups = list(frame.groupby(["unit", "axis"], sort=False))
    fig = make_subplots(rows=len(groups), cols=1, vertical_spacing=0.18 / len(groups),
                        subplot_titles=[series_title(u, a, lang) for (u, a), _ in groups])
    regions = frame.drop_duplicates("region_key")
    color = {k: COLORS[i % len(COLORS)] for i, k in enumerate(regions["region_key"])}
    label = dict(zip(regions["region_key"], region_labels(regions, mixed, lang)))
    for row, ((unit, _axis), group) in enumerate(groups, start=1):
        for (key, kind), line in group.groupby(["region_key", "kind"], sort=False):
            is_target = kind == "target"
            fig.add_trace(go.Scatter(
                x=list(line["year_from"].astype(int)), y=list(line["value"]),
                mode="markers" if is_target else "lines+markers+text",
                text=[marked_number(v, q) for v, q in zip(line["value"], line["qualifier"])],
                textposition="top center",
                name=safe(label[key] + ("（" + name(KIND_NAMES, kind, lang) + "）" if kind != "level" else "")),
                legendgroup=key, showlegend=row == 1 or is_target,
                line=dict(color=color[key], dash="solid"),
                marker=dict(color=color[key], size=13 if is_target else 8,
                            symbol=["star-open" if is_target else ("circle-open" if q != "exact" else "circle")
                                    for q in line["qualifier"]]),
                hovertext=[
                    "<b>{r}</b> · {y} · {k}<br>{v} {u}（{q}）<br>{quote} — {doc}<br>{src}".format(
                        r=safe(label[key]), y=c.year, k=safe(name(KIND_NAMES, kind, lang)),
                        v=marked_number(c.value, c.qualifier), u=safe(unit),
                        q=safe(name(QUALIFIER_NAMES, c.qualifier, lang)), quote=safe(c.quote),
                        doc=safe(c.title or t("no_title", lang)),
                        src=safe(t("hover_sources", lang, docs=c.sources_n, claims=c.claims_n)))
                    for c in line.itertuples()
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            ), row=row, col=1)
        fig.update_yaxes(title_text=safe(unit), rangemode="tozero", row=row, col=1)
        fig.update_xaxes(dtick=1, tickformat="d", row=row, col=1)
    fig.update_layout(title=safe(title), template="plotly_white", font_family=FONT,
                      height=200 + 300 * len(groups), margin=dict(l=10, r=30, t=80, b=40))
    return fig


def register(app, store: Store, allowed: Allowed) -> None:
    @app.callback(Output("trend-graph", "figure"), Output("trend-note", "children"), Input("view", "data"))
    def _trend(data):
        fig, notes = update(store, allowed, data)
        return fig, " ".join(notes)
