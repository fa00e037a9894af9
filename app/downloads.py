"""Downloads: the claims of the view, the wide table of its metric, every claim in the store.

All three are `extract.contract.csv_bytes` (UTF-8 with BOM, formula-like text
escaped, numbers left as numbers) sent with dcc.send_bytes, which keeps the BOM.
"""
from __future__ import annotations

from dash import Input, Output, State, dcc, html, no_update

from app.common import label, metric_label, select
from app.data import Store, export_claims
from app.i18n import t
from app.state import Allowed, InvalidInput, strict
from app.table import wide_export, whole_numbers
from extract.contract import csv_bytes

KINDS_OF_DOWNLOAD = ("view", "wide", "all")


def layout():
    return html.Div(className="downloads", children=[
        html.H2(label("downloads")),
        *(html.Button(label(f"dl_{k}"), id=f"download-{k}-button", className="download", n_clicks=0)
          for k in KINDS_OF_DOWNLOAD),
        html.P(id="download-error", className="error", role="alert"),
        *(dcc.Download(id=f"download-{k}") for k in KINDS_OF_DOWNLOAD),
    ])


def file(store: Store, allowed: Allowed, which: str, data) -> tuple[str, bytes]:
    """(file name, CSV bytes) of one download; raises InvalidInput for a view not on the allow-lists."""
    view = strict(data, allowed)
    label = metric_label(store, view.metric, view.lang)
    if which == "view":
        frame = export_claims(select(store, view).claims)
        return t("file_view", view.lang, metric=label), csv_bytes(whole_numbers(frame))
    if which == "wide":
        return t("file_wide", view.lang, metric=label), csv_bytes(wide_export(store, view))
    if which == "all":
        return t("file_all", view.lang), csv_bytes(whole_numbers(export_claims(store.claims)))
    raise InvalidInput(which)


def send(store: Store, allowed: Allowed, which: str, n_clicks, data):
    """(dcc.Download data, error text) for a button press."""
    if not n_clicks:
        return no_update, ""
    try:
        filename, content = file(store, allowed, which, data)
    except InvalidInput as err:
        return no_update, str(err)
    return dcc.send_bytes(content, filename, type="text/csv"), ""


def register(app, store: Store, allowed: Allowed) -> None:
    for which in KINDS_OF_DOWNLOAD:
        _register_one(app, store, allowed, which)


def _register_one(app, store: Store, allowed: Allowed, which: str) -> None:
    @app.callback(Output(f"download-{which}", "data"), Output("download-error", "children", allow_duplicate=True),
                  Input(f"download-{which}-button", "n_clicks"), State("view", "data"), prevent_initial_call=True)
    def _send(n_clicks, data):
        return send(store, allowed, which, n_clicks, data)
