"""A region whole (issue 18, item 1): every measure of one region, its sub-regions ranked, the documents about it,
and one download of everything for it (CSV and .xlsx, `app.region_export`).

The page is the tab `region` of the one page (`?view=region&region=430200`, or `/region/430200`, which
redirects there), so the controls' filters — years, kinds, sources, undated — apply to it as to every
panel; the measure control picks the measure the sub-regions are ranked by. It shows the first chosen region.
"""
from __future__ import annotations

from dash import Input, Output, dcc, html
from dash.exceptions import PreventUpdate
from flask import Response, redirect, request

from app import compare, queries, queries_charts, queries_region
from app.common import (CONFLICT, Selection, checked, figure_with_unit, hover_fact_ids, listed, message_figure,
                        units_note)
from app.downloads import looks_like_a_path
from app.i18n import CHILDREN_NAMES, KIND_NAMES, LEVEL_NAMES, name, t
from app.chart_config import source_note
from app.links import link_ticks, region_href
from app.names import period_name, region_name
from app.state import View, to_query
from app.store import StoreSource

MAX_DOCS = 30  # documents listed; the download has every figure
MAX_CHILDREN = 40  # bars of the sub-region chart, as the compare chart
SPARK = "▁▂▃▄▅▆▇█"
NOTHING = {"data": [], "layout": {"height": 20, "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
                                  "xaxis": {"visible": False}, "yaxis": {"visible": False}}}
EXPORTS = ("csv", "xlsx")
CHILD_NAMES = {**CHILDREN_NAMES, "province": ("省", "provinces"), "town": ("乡镇", "towns")}


def layout():
    return html.Div(className="region-page", children=[
        html.Div(id="region-head"),
        html.Div(id="region-measures", className="region-measures"),
        html.Div(id="region-downloads", className="downloads", children=[
            html.Span(id="region-dl-label"),
            html.A("CSV", id="region-dl-csv", className="download", href="/download/region.csv"),
            html.A("Excel (.xlsx)", id="region-dl-xlsx", className="download", href="/download/region.xlsx"),
        ]),
        html.P(id="region-children-note", className="note"),
        dcc.Graph(id="region-children", config={"displaylogo": False}),
        html.Div(id="region-docs"),
    ])


def chosen_region(sel: Selection) -> dict | None:
    return sel.snap.catalog.region(sel.view.regions[0]) if sel.view.regions else None


def region_filter(sel: Selection, region: dict, level: str | None = None) -> queries.Filter:
    """The view's filter narrowed to `region` and the regions inside it (and to `level`, if given)."""
    return queries.Filter(metric=sel.view.metric, regions=(queries.Place.of(region),), years=sel.view.years,
                          kinds=sel.view.kinds, sources=sel.view.sources, level=level, undated=sel.view.undated)


def filter_words(view: View, allowed, lang: str, sep: str = "，") -> str:
    """The active filters in a few words (for notes and file names): years, kinds, sources, undated."""
    parts = [t("all_years", lang) if view.years == (allowed.year_min, allowed.year_max) else
             f"{view.years[0]}-{view.years[1]}"]
    parts.append("+".join(name(KIND_NAMES, k, lang) for k in view.kinds) if view.kinds else t("all_kinds", lang))
    if view.sources:
        parts.append("+".join(view.sources) if len(view.sources) <= 2 else t("n_sources_file", lang, n=len(view.sources)))
    if view.undated:
        parts.append(t("with_undated", lang))
    return sep.join(parts)


def sparkline(points: list[dict] | None) -> str:
    """2019 ▂▅█ 2022: the single-year figures as bars of text, low to high."""
    points = points or []
    if not points:
        return "—"
    values = [p["value"] for p in points]
    low, high = min(values), max(values)
    bars = "".join(SPARK[0 if high == low else round((v - low) / (high - low) * (len(SPARK) - 1))] for v in values)
    years = f"{points[0]['year']}" if len(points) == 1 else f"{points[0]['year']} {bars} {points[-1]['year']}"
    return years if len(points) > 1 else f"{years} ·"


def _parents(sel: Selection, region: dict) -> list[dict]:
    """The province, city (and, for a town, county) a region lies in, where the store knows them."""
    def index():
        return {(r["level"], r["name"], r["province"]): r for r in sel.snap.catalog.by_key.values()
                if r["level"] in ("province", "city", "county")}
    known = sel.snap.memo(("parents",), index)
    found = []
    if region["province"] and region["level"] != "province":
        found.append(known.get(("province", region["province"], region["province"])))
    if region["city"] and region["level"] not in ("province", "city"):
        found.append(known.get(("city", region["city"], region["province"])))
    if region["county"] and region["level"] == "town":  # 花石镇 lies in 湘潭县
        found.append(known.get(("county", region["county"], region["province"])))
    return [p for p in found if p]


def update(source: StoreSource, data) -> tuple[list, list, str, str, str]:
    """(head, measures, download label, csv href, xlsx href) of the region page for the view in `data`."""
    sel, error = checked(source, data)
    if sel is None:
        return [html.P(error, className="error")], [], "", "/download/region.csv", "/download/region.xlsx"
    view, lang, catalog = sel.view, sel.view.lang, sel.snap.catalog
    query = to_query(view, sel.snap.allowed)
    hrefs = (f"/download/region.csv{query}", f"/download/region.xlsx{query}")
    region = chosen_region(sel)
    if region is None:
        return [html.P(t("region_pick", lang), className="note")], [], "", *hrefs
    shown = region_name(region["name"], lang)
    head = [html.H2(t("region_title", lang, name=shown), id="region-title")]
    facts = [name(LEVEL_NAMES, region["level"], lang)] + ([region["code"]] if region["code"] else [])
    parents = _parents(sel, region)
    line: list = [" · ".join(facts)]
    if parents:
        line.append(" · " + t("region_part_of", lang))
        for i, p in enumerate(parents):
            line += ([" / "] if i else []) + [html.A(region_name(p["name"], lang), href=region_href(p["key"], lang),
                                                     className="region-link")]
    head.append(html.P(line, className="meta"))
    if len(view.regions) > 1:
        head.append(html.P(t("region_first", lang), className="note"))
    if not view.kinds:
        head.append(html.P(t("no_kinds", lang), className="note warn"))
    words = filter_words(view, sel.snap.allowed, lang, "，" if lang == "zh" else ", ")
    cur = sel.cursor()
    everywhere = queries.Filter(metric=view.metric, years=view.years, kinds=view.kinds, sources=view.sources,
                                undated=view.undated)
    found = queries_region.region_measures(cur, everywhere, region["code"], region["name"])
    if not found:
        head.append(html.P(t("region_none", lang, name=shown, filters=words), className="note"))
        return head, [], t("region_dl", lang), *hrefs
    head.append(html.P(t("region_measures_note", lang, n=len(found), filters=words), className="note"))
    sources = queries.fact_sources(cur, [m["headline"]["fact_id"] for m in found])
    header = [t("metric", lang), t("kind", lang), t("headline", lang), t("year_col", lang), t("facts_col", lang),
              t("source", lang), t("trend_col", lang)]
    body = []
    for m in sorted(found, key=lambda m: m["metric"] == "other"):  # figures of no known measure last
        top = m["headline"]
        figure = figure_with_unit(top["value"], top["qualifier"], m["unit"], lang)
        if top["period"]:
            figure += f"（{period_name(top['period'], lang)}）"
        marks = ([t("sources_word", lang, n=top["n_sources"])] if top["n_sources"] > 1 else []) + \
            ([t("conflict_word", lang)] if top["conflict"] else [])
        trend_view = View(**{**view.__dict__, "metric": m["metric"], "tab": "trend", "kinds": (m["kind"],)})
        body.append(html.Tr([
            html.Td(html.A(metric_label(catalog, m["metric"], lang), href="/" + to_query(trend_view, sel.snap.allowed),
                           title=t("open_trend", lang))),
            html.Td(name(KIND_NAMES, m["kind"], lang)),
            html.Td(figure + (f" {CONFLICT}" if top["conflict"] else ""), className="num"),
            html.Td(top["year"]),
            html.Td(" ".join(marks)),
            html.Td(listed(sources.get(top["fact_id"], []), lang), className="sources"),
            html.Td(sparkline(m["points"]), className="spark", title=" · ".join(
                f"{p['year']}: {figure_with_unit(p['value'], 'exact', m['unit'], lang)}" for p in m["points"] or [])),
        ]))
    table = html.Div(className="table-scroll", children=html.Table(className="region-table", id="region-table", children=[
        html.Thead(html.Tr([html.Th(h) for h in header])), html.Tbody(body)]))
    return head, [table], t("region_dl", lang), *hrefs


def metric_label(catalog, metric: str, lang: str) -> str:
    """A measure's label; figures of no known measure are 其他 / other, whatever the store calls them."""
    return ("其他" if lang == "zh" else "other") if metric == "other" else catalog.metric_label(metric, lang)


def children_update(source: StoreSource, data) -> tuple[dict, str]:
    """The region's sub-regions ranked by the chosen measure, as the compare chart draws them; and a note."""
    sel, error = checked(source, data)
    if sel is None:
        return message_figure(error), error
    region = chosen_region(sel)
    view, lang = sel.view, sel.view.lang
    child = queries_region.CHILD_LEVEL.get(region["level"]) if region else None
    if child is None:
        return NOTHING, ""
    cur = sel.cursor()
    cells, year = queries_charts.compare_cells(cur, region_filter(sel, region, child), view.year, MAX_CHILDREN)
    metric = sel.snap.catalog.metric_label(view.metric, lang)
    shown = region_name(region["name"], lang)
    if not cells:
        return NOTHING, t("region_no_children", lang, name=shown, metric=metric)  # the note says it; no empty chart
    sources = queries.fact_sources(cur, hover_fact_ids(cells))
    title = t("region_children_title", lang, metric=metric, name=shown, children=name(CHILD_NAMES, child, lang),
              year=year)
    fig = compare.figure(cells, sources, title, mixed=False, lang=lang)
    return (source_note(link_ticks(fig, cells, lang), sources, lang),
            " ".join(units_note([c["unit"] for c in cells], lang)))


def documents_update(source: StoreSource, data) -> list:
    """The latest documents with figures about the region (or the regions inside it), under the view's filter."""
    sel, error = checked(source, data)
    if sel is None:
        return []
    region = chosen_region(sel)
    if region is None:
        return []
    lang = sel.view.lang
    docs, total = queries_region.region_documents(sel.cursor(), region_filter(sel, region), MAX_DOCS)
    if not docs:
        return []
    items = [html.Li([html.Span(d["date"] or t("no_date", lang), className="meta"), " ",
                      html.Span(d["source"] or t("no_source", lang), className="meta"), " ",
                      html.Span(d["title"] or t("no_title", lang)), " ",
                      html.Span(f"（{t('region_doc_line', lang, n=d['n_claims'])}）", className="meta")])
             for d in docs]
    return [html.H3(t("region_docs", lang, n=total)), html.Ul(items, className="region-docs"),
            *([html.P(t("region_docs_more", lang, shown=MAX_DOCS), className="note")] if total > MAX_DOCS else [])]


def _only_when_shown(data) -> None:
    """The page's queries run when its tab is open (they run again when it opens: the tab is part of the view)."""
    if isinstance(data, dict) and data.get("tab") != "region":
        raise PreventUpdate


def register(app, source: StoreSource) -> None:
    @app.server.route("/region/<key>")
    def _region_path(key: str):
        """A region's own path: the page with the region chosen and its tab open (a key is checked there)."""
        if looks_like_a_path(key):
            return Response("refused\n", status=400, mimetype="text/plain")
        return redirect(region_href(key, "en" if request.args.get("lang") == "en" else "zh"))

    @app.callback(Output("region-head", "children"), Output("region-measures", "children"),
                  Output("region-dl-label", "children"), Output("region-dl-csv", "href"),
                  Output("region-dl-xlsx", "href"), Input("view", "data"))
    def _region(data):
        _only_when_shown(data)
        return update(source, data)

    @app.callback(Output("region-children", "figure"), Output("region-children-note", "children"),
                  Input("view", "data"))
    def _children(data):
        _only_when_shown(data)
        return children_update(source, data)

    @app.callback(Output("region-docs", "children"), Input("view", "data"))
    def _documents(data):
        _only_when_shown(data)
        return documents_update(source, data)
