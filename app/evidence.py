"""Evidence: the claims behind the current view, page by page, and the document a clicked claim comes from.

The grid uses AG Grid's infinite row model: it asks for the rows it is about
to show (`getRowsRequest`: start, end, sort) and gets just those, so a view of
a million claims sends twenty. A new view empties the grid's cache (a
clientside callback), and it asks again.

Document text is always passed to Dash as text (plain strings and html.Mark
children), never as HTML or Markdown, so nothing in a document can run or
load anything. The grid's sentence renderer (assets/dashAgGridComponentFunctions.js)
builds React text nodes too.
"""
from __future__ import annotations

from dataclasses import replace

import dash_ag_grid as dag
from dash import Input, Output, State, dcc, html

from app import queries, queries_charts, queries_evidence
from app.common import checked, describe, label, number
from app.data import document_segments, mark_in_sentence
from app.i18n import BASIS_NAMES, FIELD_NAMES, KIND_NAMES, QUALIFIER_NAMES, name, t
from app.names import period_name, region_name, unit_name
from app.state import InvalidInput, strict
from app.store import StoreSource

PAGE = 20
MAX_ROWS_PER_REQUEST = 200  # a request for more is cut to this many
# The grid's rows have one height (its infinite row model cannot size them to their text): a long sentence
# is shown as the words around its figure, so the figure is always in sight; the whole sentence is the
# cell's tooltip, and clicking the row opens the document at it.
ROW_HEIGHT = 88  # four lines of the sentence
AROUND = 44  # characters kept before the figure (so it stands in the cell's first lines) …
AFTER = 160  # … and after it (the cell scrolls if they take more than its height)


def layout():
    return html.Div([
        html.H2(label("evidence")),
        html.P(id="evidence-note", className="note"),
        dag.AgGrid(
            id="evidence-grid", className="ag-theme-quartz", rowModelType="infinite",
            getRowId="params.data.claim_id", columnDefs=column_defs("zh"),
            defaultColDef={"sortable": True, "resizable": True},
            dashGridOptions={"pagination": True, "paginationPageSize": PAGE, "cacheBlockSize": PAGE,
                             "maxBlocksInCache": 10, "domLayout": "autoHeight", "suppressFieldDotNotation": True,
                             "rowHeight": ROW_HEIGHT, "tooltipShowDelay": 300,
                             "getLocaleText": {"function": "jiuyeLocaleText(params)"}},  # the grid's words in zh
            # figures of the cell that the chart does not draw (another group, a part of the year): greyed
            getRowStyle={"styleConditions": [{"condition": "params.data && params.data.eligible === false",
                                              "style": {"color": "#5f6368", "backgroundColor": "#f6f6f6"}}]},
            style={"height": None},
        ),
        dcc.Store(id="evidence-reset"),
        html.Div(id="document-view", className="document", children=html.P(label("document_hint"))),
    ])


def column_defs(lang: str) -> list[dict]:
    return [
        {"field": "value", "headerName": t("value", lang), "type": "numericColumn", "width": 120,
         "valueFormatter": {"function": f"jiuyeNumber(params.value, '{'en' if lang == 'en' else 'zh'}')"}},
        {"field": "unit", "headerName": t("unit", lang), "width": 64},
        {"field": "sentence", "headerName": t("sentence", lang), "flex": 1, "minWidth": 380,
         "cellRenderer": "MarkedSentence", "wrapText": True, "tooltipField": "sentence",
         "cellStyle": {"lineHeight": "1.5", "whiteSpace": "normal", "overflowY": "auto"}},
        {"field": "year", "headerName": t("year_col", lang), "width": 104},
        {"field": "period_label", "headerName": t("period", lang), "width": 80},
        {"field": "group", "headerName": t("group", lang), "width": 90},
        {"field": "kind_label", "headerName": t("kind", lang), "width": 76},
        {"field": "region", "headerName": t("region", lang), "width": 150 if lang == "en" else 100,
         "cellRenderer": "RegionLink"},
        {"field": "qualifier_label", "headerName": t("qualifier", lang), "width": 120},
        {"field": "facts", "headerName": t("facts_col", lang), "width": 150},
        {"field": "basis", "headerName": t("basis_col", lang), "width": 130},
        {"field": "metric_label", "headerName": t("metric", lang), "width": 130},
        {"field": "title", "headerName": t("doc_title", lang), "width": 200,
         "wrapText": True, "cellStyle": {"lineHeight": "1.5", "whiteSpace": "normal"}},
        {"field": "date", "headerName": t("date", lang), "width": 110},
    ]


def chart_filter(sel) -> queries.Filter:
    """The view's filter narrowed to what its tab's chart shows, so the evidence matches the chart: the compare
    chart's one year (its figures and any undated ones asked for), the trend's single years, the table's all."""
    f, view = sel.filter, sel.view
    if view.tab == "compare":
        year = sel.snap.memo(("shown_year", f, view.year), lambda: queries_charts.shown_year(sel.cursor(), f, view.year))
        return replace(f, year=year) if year else f
    if view.tab == "trend":
        return replace(f, single_years=True)
    return f


def update(source: StoreSource, data) -> tuple[list[dict], str]:
    """(columnDefs, note) of the evidence grid for a view; its rows come page by page (see `page`)."""
    sel, error = checked(source, data)
    if sel is None:
        return column_defs("zh"), error
    lang = sel.view.lang
    shown = chart_filter(sel)
    n = sel.snap.memo(("evidence_count", shown), lambda: queries_evidence.evidence_count(sel.cursor(), shown))
    if not n:
        return column_defs(lang), t("no_data", lang, what=describe(sel))
    return column_defs(lang), t("evidence_count", lang, n=f"{n:,}") + " " + t("evidence_hint", lang)


def _sort_model(request: dict) -> list[tuple[str, bool]]:
    model = request.get("sortModel") or []
    if not isinstance(model, list):
        raise InvalidInput("sortModel")
    out = []
    for item in model:
        if not isinstance(item, dict) or item.get("colId") not in queries_evidence.EVIDENCE_SORT or \
                item.get("sort") not in ("asc", "desc"):
            raise InvalidInput(t("bad_value", "zh", field="sort", value=str(item)[:60]))
        out.append((item["colId"], item["sort"] == "desc"))
    return out


def _bounds(request: dict) -> tuple[int, int]:
    start, end = request.get("startRow", 0), request.get("endRow", PAGE)
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in (start, end)) or end < start:
        raise InvalidInput(t("bad_value", "zh", field="rows", value=f"{start}-{end}"[:60]))
    return start, min(end, start + MAX_ROWS_PER_REQUEST)


def page(source: StoreSource, data, request) -> dict:
    """{"rowData": …, "rowCount": …} for the grid's request of rows [startRow, endRow) in its sort order."""
    sel, error = checked(source, data)
    if sel is None or not isinstance(request, dict):
        return {"rowData": [], "rowCount": 0}
    try:
        sort = _sort_model(request)
        start, end = _bounds(request)
    except InvalidInput:
        return {"rowData": [], "rowCount": 0}
    lang = sel.view.lang
    cur = sel.cursor()
    shown = chart_filter(sel)
    count = sel.snap.memo(("evidence_count", shown), lambda: queries_evidence.evidence_count(cur, shown))
    records = []
    for r in queries_evidence.evidence_page(cur, shown, start, end, sort, sel.snap.catalog.has_facts):
        before, marked, after = mark_in_sentence(r["sentence"], r["quote"], r.pop("text"), r["start"])
        shown_before, shown_after = around(before, after)
        records.append({
            "claim_id": r["claim_id"], "doc_id": r["doc_id"], "value": float(r["value"]), "unit": unit_name(r["unit"], lang) or r["unit"],
            "qualifier": r["qualifier"], "qualifier_label": name(QUALIFIER_NAMES, r["qualifier"], lang),
            "metric": r["metric"], "metric_label": sel.snap.catalog.metric_label(r["metric"], lang),
            "region": region_name(r["region"], lang), "region_key": r.get("region_code") or r["region"],
            "year": r["year"], "period": r["period"], "quote": r["quote"],
            "period_label": period_name(r["period"], lang), "group": r["group"] or t("group_all_short", lang),
            "kind": r["kind"], "kind_label": name(KIND_NAMES, r["kind"], lang), "eligible": bool(r["eligible"]),
            # why the figure has its region and year: where the text said them
            "basis": f'{name(BASIS_NAMES, r["region_basis"], lang)} / {name(BASIS_NAMES, r["year_basis"], lang)}',
            "title": r["title"] or "", "date": r["date"] or "",
            "before": shown_before, "marked": marked, "after": shown_after,
            "sentence": f"{before}【{marked}】{after}",  # the whole sentence: the tooltip, and for copying
            "facts": (t("headline_mark", lang) + " " if r.get("headline") else "") +
                     facts_label(r["n_sources"], r["conflict"], lang),
        })
    return {"rowData": records, "rowCount": count}


def around(before: str, after: str, room: int = AROUND, after_room: int = AFTER) -> tuple[str, str]:
    """The words either side of a figure, at most `room` characters before and `after_room` after, cut with …"""
    return ("…" + before[-room:] if len(before) > room else before,
            after[:after_room] + "…" if len(after) > after_room else after)


def facts_label(n_sources: int, conflict: bool, lang: str) -> str:
    parts = [t("sources_word", lang, n=n_sources)] if n_sources > 1 else []
    if conflict:
        parts.append(t("conflict_word", lang))
    return " ".join(parts)


def document(source: StoreSource, clicked, data) -> list:
    """The document of the clicked claim, with every claim in it marked; the clicked one stands out."""
    snap = source.snapshot()
    try:
        lang = "zh" if data is None else strict(data, snap.allowed).lang  # None: the page is still loading
    except InvalidInput as err:
        return [html.P(str(err), className="error")]
    if not clicked:
        return [html.P(t("document_hint", lang))]
    claim_id = clicked.get("rowId") if isinstance(clicked, dict) else None
    doc, in_doc = queries_evidence.claim_document(snap.cursor(), claim_id) if isinstance(claim_id, str) else (None, [])
    if doc is None:
        return [html.P(t("bad_input", lang, what=t("bad_value", lang, field=name(FIELD_NAMES, "claim", lang),
                                                   value=str(claim_id)[:60])), className="error")]
    children = []
    for text, c in document_segments(doc["text"], in_doc):
        if c is None:
            children.append(text)
            continue
        tip = (f'{snap.catalog.metric_label(c["metric"], lang)} · {c["region"]} · {c["year"]} · '
               f'{number(c["value"], lang)} {c["unit"]}')
        current = c["claim_id"] == claim_id
        extra = {"id": "doc-current"} if current else {}
        children.append(html.Mark(text, title=tip, className="claim current" if current else "claim", **extra))
    meta = " · ".join(p for p in (doc["date"] or t("no_date", lang), doc["source"] or t("no_source", lang),
                                  doc["doc_id"]))
    return [
        html.H3(doc["title"] or t("no_title", lang)),
        html.P(meta, className="meta"),
        html.P(t("doc_claims", lang, n=len(in_doc)), className="note"),
        html.Div(children, className="doc-text"),
    ]


def register(app, source: StoreSource) -> None:
    @app.callback(Output("evidence-grid", "columnDefs"), Output("evidence-note", "children"), Input("view", "data"))
    def _evidence(data):
        return update(source, data)

    @app.callback(Output("evidence-grid", "getRowsResponse"), Input("evidence-grid", "getRowsRequest"),
                  State("view", "data"), prevent_initial_call=True)
    def _page(request, data):
        return page(source, data, request)

    # A new view: drop the rows the grid holds, so it asks for the new view's rows.
    app.clientside_callback(
        """async function(data) {
            const api = await dash_ag_grid.getApiAsync('evidence-grid');
            api.purgeInfiniteCache();
            return window.dash_clientside.no_update;
        }""",
        Output("evidence-reset", "data"), Input("view", "data"), prevent_initial_call=True,
    )

    @app.callback(Output("document-view", "children"), Input("evidence-grid", "cellClicked"), Input("view", "data"))
    def _document(clicked, data):
        return document(source, clicked, data)

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
