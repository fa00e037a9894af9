"""Table: region × year of the chosen metric (the wide table). A missing figure is "—", never 0."""
from __future__ import annotations

import dash_ag_grid as dag
from dash import Input, Output, html

from app import queries_charts
from app.common import checked, describe, fact_text, not_drawn_notes, region_label, rollups, units_note
from app.data import ROW_KEY, pivot_wide, year_order
from app.i18n import KIND_NAMES, LEVEL_NAMES, name, t
from app.names import period_name, region_name, unit_name
from app.store import StoreSource

MISSING = "—"
MAX_ROWS = 300  # rows sent to the browser; the download streams them all


def layout():
    return html.Div([
        html.P(id="table-note", className="note"),
        dag.AgGrid(id="table-grid", rowData=[], columnDefs=[], className="ag-theme-quartz",
                   defaultColDef={"sortable": True, "resizable": True, "filter": True},
                   dashGridOptions={"domLayout": "autoHeight", "suppressFieldDotNotation": True,
                                    "pagination": True, "paginationPageSize": 50,
                                    "getLocaleText": {"function": "jiuyeLocaleText(params)"}},  # the grid's words in zh
                   style={"height": None}),
        html.P(id="table-legend", className="legend"),
    ])


def update(source: StoreSource, data) -> tuple[list[dict], list[dict], str, str]:
    """(rowData, columnDefs, note, legend)."""
    sel, error = checked(source, data)
    if sel is None:
        return [], [], error, ""
    lang = sel.view.lang
    cells, n_rows = queries_charts.wide_cells(sel.cursor(), sel.filter, MAX_ROWS)
    sums, sum_notes = rollups(sel, single_years=False)
    notes = [*sel.notes, *units_note([c["unit"] for c in cells + sums], lang), *sum_notes, *not_drawn_notes(sel)]
    if n_rows > MAX_ROWS:
        notes.append(t("table_cap", lang, shown=MAX_ROWS, total=n_rows))
    if not cells and not sums:
        return [], [], t("no_data", lang, what=describe(sel)), ""
    # sums first: a user who asked for them looks for them; in a view of parts each part is a row of its own
    _, table = pivot_wide(sums + cells, ROW_KEY + (("period",) if sel.view.freq == "part" else ()))
    years = year_order(c["year"] for c in cells + sums)
    rows = []
    for r in table:
        first = next(iter(r["cells"].values()))
        row = {"region": region_label(first, mixed=False, lang=lang) if first.get("is_sum") else region_name(r["region"], lang),
               "region_level": name(LEVEL_NAMES, r["region_level"], lang),
               "unit": unit_name(r["unit"], lang) or r["unit"], "kind": name(KIND_NAMES, r["kind"], lang),
               "group": r["group"] or t("group_all_short", lang), "period": period_name(r["period"], lang),
               "region_key": "" if first.get("is_sum") else r["region_key"]}  # a link to the region's page
        for y in years:
            row[y] = fact_text(r["cells"][y], lang) if y in r["cells"] else MISSING
        rows.append(row)
    columns = [
        {"field": "region", "headerName": t("region", lang), "pinned": "left", "cellRenderer": "RegionLink"},
        {"field": "region_level", "headerName": t("region_level", lang), "width": 90},
        {"field": "unit", "headerName": t("unit", lang), "width": 80},
        {"field": "kind", "headerName": t("kind", lang), "width": 90},
        {"field": "group", "headerName": t("group", lang), "width": 100},
        *([{"field": "period", "headerName": t("period", lang), "width": 90}] if sel.view.freq == "part" else []),
        *({"field": y, "headerName": y, "type": "rightAligned", "width": 160 if "-" in y else 130} for y in years),
    ]
    return rows, columns, " ".join(notes), t("table_legend", lang)


def register(app, source: StoreSource) -> None:
    @app.callback(Output("table-grid", "rowData"), Output("table-grid", "columnDefs"),
                  Output("table-note", "children"), Output("table-legend", "children"), Input("view", "data"))
    def _table(data):
        return update(source, data)
