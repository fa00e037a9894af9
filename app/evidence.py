"""Evidence: the claims behind the current view, and the document a clicked claim comes from.

Document text is always passed to Dash as text (plain strings and html.Mark
children), never as HTML or Markdown, so nothing in a document can run or
load anything. The grid's sentence renderer (assets/dashAgGridComponentFunctions.js)
builds React text nodes too.
"""
from __future__ import annotations

import dash_ag_grid as dag
from dash import Input, Output, html

from app.common import label, describe, metric_label, number, select
from app.data import Store, document_segments, evidence_rows
from app.i18n import FIELD_NAMES, QUALIFIER_NAMES, name, t
from app.state import Allowed, InvalidInput, strict

GRID_FIELDS = ("claim_id", "doc_id", "value", "unit", "qualifier", "metric", "region", "year", "period",
               "title", "date", "quote", "before", "marked", "after")


def layout():
    return html.Div([
        html.H2(label("evidence")),
        html.P(id="evidence-note", className="note"),
        dag.AgGrid(
            id="evidence-grid", rowData=[], className="ag-theme-quartz",
            getRowId="params.data.claim_id",
            defaultColDef={"sortable": True, "resizable": True, "filter": True},
            dashGridOptions={"pagination": True, "paginationPageSize": 20, "domLayout": "autoHeight",
                             "suppressFieldDotNotation": True},
            style={"height": None},
        ),
        html.Div(id="document-view", className="document", children=html.P(label("document_hint"))),
    ])


def column_defs(lang: str) -> list[dict]:
    return [
        {"field": "value", "headerName": t("value", lang), "type": "numericColumn", "width": 100,
         "valueFormatter": {"function": "params.value == null ? '' : d3.format(',')(params.value)"}},
        {"field": "unit", "headerName": t("unit", lang), "width": 70},
        {"field": "qualifier_label", "headerName": t("qualifier", lang), "width": 120},
        {"field": "region", "headerName": t("region", lang), "width": 100},
        {"field": "year", "headerName": t("year_col", lang), "width": 100},
        {"field": "sentence", "headerName": t("sentence", lang), "flex": 1, "minWidth": 360,
         "cellRenderer": "MarkedSentence", "wrapText": True, "autoHeight": True,
         "cellStyle": {"lineHeight": "1.5", "whiteSpace": "normal"}},
        {"field": "metric_label", "headerName": t("metric", lang), "width": 130},
        {"field": "title", "headerName": t("doc_title", lang), "width": 200,
         "wrapText": True, "cellStyle": {"lineHeight": "1.5", "whiteSpace": "normal"}},
        {"field": "date", "headerName": t("date", lang), "width": 110},
    ]


def update(store: Store, allowed: Allowed, data) -> tuple[list[dict], list[dict], str]:
    """(rowData, columnDefs, note) of the evidence grid."""
    try:
        view = strict(data, allowed)
    except InvalidInput as err:
        return [], column_defs("zh"), str(err)
    selection = select(store, view)
    lang = view.lang
    if selection.claims.empty:
        return [], column_defs(lang), t("no_data", lang, what=describe(store, view, selection.level))
    rows = evidence_rows(selection.claims, store.documents)
    records = []
    for r in rows[list(GRID_FIELDS)].to_dict("records"):
        r = {k: ("" if v is None else v) for k, v in r.items()}
        r["value"] = float(r["value"])
        r["qualifier_label"] = name(QUALIFIER_NAMES, r["qualifier"], lang)
        r["metric_label"] = metric_label(store, r["metric"], lang)
        r["sentence"] = f'{r["before"]}【{r["marked"]}】{r["after"]}'  # for sorting, filtering, copying
        records.append(r)
    return records, column_defs(lang), t("evidence_hint", lang)


def document(store: Store, allowed: Allowed, clicked, data) -> list:
    """The document of the clicked claim, with every claim in it marked; the clicked one stands out."""
    try:
        lang = "zh" if data is None else strict(data, allowed).lang  # None: the page is still loading
    except InvalidInput as err:
        return [html.P(str(err), className="error")]
    if not clicked:
        return [html.P(t("document_hint", lang))]
    claim_id = clicked.get("rowId") if isinstance(clicked, dict) else None
    claims = store.claims
    if not isinstance(claim_id, str) or claim_id not in set(claims["claim_id"]):
        return [html.P(t("bad_input", lang, what=t("bad_value", lang, field=name(FIELD_NAMES, "claim", lang), value=str(claim_id)[:60])),
                       className="error")]
    claim = claims[claims["claim_id"] == claim_id].iloc[0]
    doc = store.documents[store.documents["doc_id"] == claim["doc_id"]].iloc[0]
    in_doc = claims[claims["doc_id"] == doc["doc_id"]]
    children = []
    for text, c in document_segments(doc["text"], in_doc):
        if c is None:
            children.append(text)
            continue
        tip = f'{metric_label(store, c["metric"], lang)} · {c["region"]} · {c["year"]} · {number(c["value"])} {c["unit"]}'
        current = c["claim_id"] == claim_id
        extra = {"id": "doc-current"} if current else {}
        children.append(html.Mark(text, title=tip, className="claim current" if current else "claim", **extra))
    meta = " · ".join(p for p in (doc["date"] or t("no_date", lang), doc["source"] or t("no_source", lang), doc["doc_id"]))
    return [
        html.H3(doc["title"] or t("no_title", lang)),
        html.P(meta, className="meta"),
        html.P(t("doc_claims", lang, n=len(in_doc)), className="note"),
        html.Div(children, className="doc-text"),
    ]


def register(app, store: Store, allowed: Allowed) -> None:
    @app.callback(Output("evidence-grid", "rowData"), Output("evidence-grid", "columnDefs"),
                  Output("evidence-note", "children"), Input("view", "data"))
    def _evidence(data):
        return update(store, allowed, data)

    @app.callback(Output("document-view", "children"), Input("evidence-grid", "cellClicked"), Input("view", "data"))
    def _document(clicked, data):
        return document(store, allowed, clicked, data)

    app.clientside_callback(
        """function(children) {
            setTimeout(function() {
                var el = document.getElementById('doc-current');
                if (el) { el.scrollIntoView({block: 'center'}); }
            }, 50);
            return window.dash_clientside.no_update;
        }""",
        Output("document-view", "className"), Input("document-view", "children"),
    )
