"""Table: region × year of the chosen metric (the wide table). A missing figure is blank, never 0."""
from __future__ import annotations

import dash_ag_grid as dag
import pandas as pd
from dash import Input, Output, html

from app.common import describe, marked_number, select
from app.data import Store, wide_table
from app.i18n import KIND_NAMES, LEVEL_NAMES, name, t
from app.state import Allowed, InvalidInput, View, strict

MISSING = "—"


def layout():
    return html.Div([
        html.P(id="table-note", className="note"),
        dag.AgGrid(id="table-grid", rowData=[], columnDefs=[], className="ag-theme-quartz",
                   defaultColDef={"sortable": True, "resizable": True, "filter": True},
                   dashGridOptions={"domLayout": "autoHeight", "suppressFieldDotNotation": True},
                   style={"height": None}),
        html.P(id="table-legend", className="legend"),
    ])


def wide_export(store: Store, view: View) -> pd.DataFrame:
    """The wide table as handed out: labelled columns, one per year, numbers as numbers, gaps empty."""
    values, _ = wide_table(select(store, view).claims)
    lang = view.lang
    values = values.assign(
        region_level=values["region_level"].map(lambda lv: name(LEVEL_NAMES, lv, lang)),
        kind=values["kind"].map(lambda k: name(KIND_NAMES, k, lang)),
    )
    values = values.rename(columns={c: t(key, lang) for c, key in (
        ("region", "region"), ("region_code", "region_code"), ("region_level", "region_level"),
        ("unit", "unit"), ("kind", "kind"))})
    return whole_numbers(values)


def whole_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Whole floats are written as integers (58300, not 58300.0); others as they are; gaps stay empty."""
    frame = frame.copy()
    for col in frame.columns:
        s = frame[col]
        if not pd.api.types.is_float_dtype(s):
            continue
        if s.dropna().map(float.is_integer).all():
            frame[col] = s.round().astype("Int64")
        else:
            frame[col] = pd.Series([None if pd.isna(v) else int(v) if float(v).is_integer() else float(v)
                                    for v in s], index=s.index, dtype=object)
    return frame


def update(store: Store, allowed: Allowed, data) -> tuple[list[dict], list[dict], str, str]:
    """(rowData, columnDefs, note, legend)."""
    try:
        view = strict(data, allowed)
    except InvalidInput as err:
        return [], [], str(err), ""
    selection = select(store, view)
    values, quals = wide_table(selection.claims)
    lang = view.lang
    if values.empty:
        return [], [], t("no_data", lang, what=describe(store, view, selection.level)), ""
    years = [c for c in values.columns if c not in ("region", "region_code", "region_level", "unit", "kind")]
    rows = []
    for (_, v), (_, q) in zip(values.iterrows(), quals.iterrows()):
        row = {"region": v["region"], "region_level": name(LEVEL_NAMES, v["region_level"], lang),
               "unit": v["unit"], "kind": name(KIND_NAMES, v["kind"], lang)}
        for y in years:
            row[y] = MISSING if pd.isna(v[y]) else marked_number(v[y], q[y])
        rows.append(row)
    columns = [
        {"field": "region", "headerName": t("region", lang), "pinned": "left"},
        {"field": "region_level", "headerName": t("region_level", lang), "width": 90},
        {"field": "unit", "headerName": t("unit", lang), "width": 80},
        {"field": "kind", "headerName": t("kind", lang), "width": 90},
        *({"field": y, "headerName": y, "type": "rightAligned", "width": 120} for y in years),
    ]
    return rows, columns, " ".join(selection.notes), t("table_legend", lang)


def register(app, store: Store, allowed: Allowed) -> None:
    @app.callback(Output("table-grid", "rowData"), Output("table-grid", "columnDefs"),
                  Output("table-note", "children"), Output("table-legend", "children"), Input("view", "data"))
    def _table(data):
        return update(store, allowed, data)
