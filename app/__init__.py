"""The jiuye dashboard: a Dash app over the DuckDB store that `jiuye extract` writes.

    from app import serve
    serve("data/jiuye.duckdb")          # http://127.0.0.1:8050

Each panel is a module with `layout()`, a pure `update(...)` and `register(app, source)`;
`queries` holds every SQL statement, `store.StoreSource` the store (reopened
when `jiuye extract` replaces it), and `state` the view, its allow-lists and its URL form.
"""
from __future__ import annotations

import os
from pathlib import Path

from dash import Dash, dcc, html

from app import compare, controls, downloads, evidence, region_export, region_page, table, trend, upload
from app import chart_config, responsive
from app import map as map_tab
from app.common import label
from app.store import StoreSource
from extract.contract import watch_status_path

ASSETS = Path(__file__).resolve().parent.parent / "assets"
PANELS = (controls, compare, trend, table, evidence, downloads, region_page, region_export, map_tab, chart_config,
          responsive)


def page_layout(source: StoreSource, uploads: bool = False):
    """The page, built on each load from the store's current version (new data needs no restart)."""
    return html.Div(className="page", children=[
        dcc.Location(id="url", refresh=False),
        dcc.Store(id="view"),
        html.Button(label("menu"), id="menu-toggle", className="menu-toggle", n_clicks=0),  # small screens only
        controls.layout(source.snapshot()),
        html.Main(className="main", children=[
            dcc.Tabs(id="tabs", value="compare", children=[
                dcc.Tab(label=label("tab_compare"), value="compare", children=compare.layout()),
                dcc.Tab(label=label("tab_trend"), value="trend", children=trend.layout()),
                dcc.Tab(label=label("tab_table"), value="table", children=table.layout()),
                dcc.Tab(label=label("tab_region"), value="region", children=region_page.layout()),
                dcc.Tab(label=label("tab_map"), value="map", children=map_tab.layout()),
            ]),
            downloads.layout(),
            *([upload.layout(source)] if uploads else []),
            evidence.layout(),
        ]),
    ])


def create_app(store_path: str | os.PathLike, uploads: str | os.PathLike | None = None) -> Dash:
    """A Dash app reading the store at `store_path` (read-only; a replaced store is picked up).

    With `uploads`, files dropped on the page are saved in that folder; a `jiuye watch`
    over it (see `jiuye serve --corpus`) extracts them, and the page follows its status file.
    """
    source = StoreSource(store_path)
    app = Dash(__name__, title="就业数据看板 · jiuye", assets_folder=str(ASSETS), serve_locally=True,
               update_title=None)
    app.layout = lambda: page_layout(source, uploads=uploads is not None)
    for panel in PANELS:
        panel.register(app, source)
    if uploads is not None:
        upload.register(app, source, uploads, watch_status_path(store_path))
    return app


def serve(store_path: str | os.PathLike, host: str = "127.0.0.1", port: int = 8050, debug: bool = False,
          uploads: str | os.PathLike | None = None, threads: int = 16) -> None:
    """Run the dashboard; it listens on localhost unless `host` says otherwise, debug off unless asked.

    Waitress serves it (a production WSGI server: a bounded pool of `threads`,
    requests beyond it queue); `debug` uses Flask's development server instead.
    """
    app = create_app(store_path, uploads)
    if debug:
        # the version check would ask dash-version.plotly.com; nothing leaves the machine
        app.run(host=host, port=port, debug=True, dev_tools_disable_version_check=True)
        return
    import waitress

    print(f"jiuye dashboard: http://{host}:{port}/", flush=True)
    waitress.serve(app.server, host=host, port=port, threads=threads, ident="jiuye")
