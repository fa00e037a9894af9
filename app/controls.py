"""Controls, and the one callback that keeps them, the URL and the checked view in step.

A change in the URL (opening a shared link, back/forward) sets the controls;
a change in a control rewrites the URL. Either way the values pass the
allow-lists (`state.check`) and the result goes to the `view` store that
every panel reads.
"""
from __future__ import annotations

from dash import ALL, Input, Output, ctx, dcc, html, no_update

from app.common import label
from app.data import NO_SOURCE
from app.i18n import KIND_NAMES, LEVEL_NAMES, STRINGS, name, t
from app.state import Allowed, View, check, parse_query, to_query
from app.store import Snapshot, StoreSource

# View field → control id; the value property is "value" for all of them.
CONTROLS = {
    "metric": "ctl-metric", "regions": "ctl-regions", "level": "ctl-level", "years": "ctl-years",
    "year": "ctl-year", "kinds": "ctl-kinds", "sources": "ctl-sources", "undated": "ctl-undated",
    "stated": "ctl-stated",
    "rollup": "ctl-rollup", "lang": "ctl-lang", "tab": "tabs", "group": "ctl-group", "freq": "ctl-freq",
}


FLAGS = ("undated", "stated", "rollup")  # checkboxes holding one boolean each
OPTION_FIELDS = ("metric", "regions", "level", "year", "kinds", "sources", "undated", "stated", "rollup", "group",
                 "freq")


def layout(snap: Snapshot):
    allowed = snap.allowed
    view = View.default(allowed)
    lo, hi = allowed.year_min, allowed.year_max
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100) if (hi - lo) / s <= 8)  # at most ~8 labels fit the slider
    values = control_values(view)
    opts = options(snap, "zh")
    return html.Div(className="controls", children=[
        html.H1(label("title")),
        html.P(label("subtitle"), className="subtitle"),
        dcc.RadioItems(id="ctl-lang", options=[{"label": "中文", "value": "zh"}, {"label": "English", "value": "en"}],
                       value=values["lang"], inline=True, className="lang"),
        html.Label([label("metric"), dcc.Dropdown(id="ctl-metric", options=opts["metric"], value=values["metric"],
                                                  clearable=False)]),
        html.Label([label("regions"), dcc.Dropdown(id="ctl-regions", options=opts["regions"], value=values["regions"],
                                                   multi=True, searchable=True, placeholder=t("regions_placeholder"))]),
        html.Div([label("level", className="label"), dcc.RadioItems(id="ctl-level", options=opts["level"],
                                                                    value=values["level"])]),
        html.Div([label("years", className="label"), dcc.RangeSlider(
            id="ctl-years", min=lo, max=hi, step=1, value=values["years"], allowCross=False,
            marks={y: str(y) for y in range(lo, hi + 1, step)})]),
        html.Label([label("year"), dcc.Dropdown(id="ctl-year", options=opts["year"], value=values["year"],
                                                clearable=False)]),
        html.Div([label("kinds", className="label"), dcc.Checklist(id="ctl-kinds", options=opts["kinds"],
                                                                   value=values["kinds"], inline=True)]),
        html.Label([label("group"), dcc.Dropdown(id="ctl-group", options=opts["group"], value=values["group"],
                                                 clearable=False)]),
        html.Div([label("freq", className="label"), dcc.RadioItems(id="ctl-freq", options=opts["freq"],
                                                                   value=values["freq"])]),
        html.Label([label("sources"), dcc.Dropdown(id="ctl-sources", options=opts["sources"], value=values["sources"],
                                                   multi=True, placeholder=t("sources_placeholder"))]),
        dcc.Checklist(id="ctl-undated", options=opts["undated"], value=values["undated"]),
        dcc.Checklist(id="ctl-stated", options=opts["stated"], value=values["stated"]),
        dcc.Checklist(id="ctl-rollup", options=opts["rollup"], value=values["rollup"]),
        html.Div(id="errors", className="error", role="alert"),
    ])


def options(snap: Snapshot, lang: str) -> dict[str, list[dict]]:
    """The choices of every control, labelled in `lang`; their values are exactly the allow-lists."""
    return snap.memo(("options", lang), lambda: _options(snap, lang))


def _options(snap: Snapshot, lang: str) -> dict[str, list[dict]]:
    catalog, allowed = snap.catalog, snap.allowed
    metrics = catalog.metrics.set_index("metric")
    counts = catalog.metric_counts

    def metric_option(m: str) -> dict:
        if m in metrics.index and m != "other":
            zh, en = metrics.at[m, "label_zh"], metrics.at[m, "label_en"]
            text = f"{en} · {zh}" if lang == "en" else f"{zh} · {en}"
        else:
            text = "其他 · other" if lang == "zh" else "other · 其他"
        return {"label": f"{text} ({counts.get(m, 0)})", "value": m}

    regions = []
    for r in catalog.regions.itertuples():
        text = r.label
        if r.level in ("group", "town", "country"):
            text += f"（{name(LEVEL_NAMES, r.level, lang)}）"
        regions.append({"label": text, "value": r.key})
    return {
        "metric": [metric_option(m) for m in allowed.metrics],
        "regions": regions,
        "level": [{"label": name(LEVEL_NAMES, lv, lang), "value": lv} for lv in allowed.levels],
        "year": [{"label": t("latest_year", lang), "value": ""}] + [{"label": y, "value": y} for y in allowed.years],
        "kinds": [{"label": name(KIND_NAMES, k, lang), "value": k} for k in allowed.kinds],
        "sources": [{"label": t("no_source", lang) if s == NO_SOURCE else s, "value": s} for s in allowed.sources],
        "undated": [{"label": t("undated", lang), "value": "1"}],
        "stated": [{"label": t("stated", lang), "value": "1"}],
        "rollup": [{"label": t("rollup", lang), "value": "1"}],
        "group": [{"label": t("group_all", lang) if g == "" else g, "value": g} for g in allowed.groups],
        "freq": [{"label": t(f"freq_{f}", lang), "value": f} for f in allowed.freqs],
    }


def control_values(view: View) -> dict:
    values = view.data()
    for flag in FLAGS:
        values[flag] = ["1"] if getattr(view, flag) else []
    return values


def raw_from_controls(values: dict) -> dict:
    raw = dict(values)
    for flag in FLAGS:
        ticked = raw.get(flag)
        raw[flag] = ticked == ["1"] if isinstance(ticked, list) and ticked in ([], ["1"]) else ticked
    for many in ("regions", "kinds", "sources"):
        if raw.get(many) is None:
            raw[many] = []
    if raw.get("year") is None:
        raw["year"] = ""
    if raw.get("group") is None:
        raw["group"] = ""
    return raw


def sync(allowed: Allowed, trigger, search, values: dict):
    """(search, control values, view data, errors) after a change of the URL or of a control."""
    keep = {k: no_update for k in CONTROLS}
    if trigger in (None, "url"):
        view, errors = parse_query(search, allowed)
        return no_update, control_values(view), view.data(), errors
    lang = values.get("lang") if values.get("lang") in allowed.langs else "zh"
    view, errors = check(raw_from_controls(values), allowed, lang)
    if errors:
        return no_update, keep, no_update, errors
    query = to_query(view, allowed)
    return (query if query != (search or "") else no_update), keep, view.data(), []


def register(app, source: StoreSource) -> None:
    fields = list(CONTROLS)

    @app.callback(
        Output("url", "search"), *(Output(CONTROLS[f], "value") for f in fields),
        Output("view", "data"), Output("errors", "children"),
        Input("url", "search"), *(Input(CONTROLS[f], "value") for f in fields),
    )
    def _sync(search, *values):
        allowed = source.snapshot().allowed
        out_search, controls, data, errors = sync(allowed, ctx.triggered_id, search, dict(zip(fields, values)))
        return (out_search, *(controls[f] for f in fields), data, [html.Div(e) for e in errors])

    @app.callback(
        Output({"type": "t", "key": ALL}, "children"),
        *(Output(CONTROLS[f], "options") for f in OPTION_FIELDS),
        Output("ctl-regions", "placeholder"), Output("ctl-sources", "placeholder"),
        Input("ctl-lang", "value"),
    )
    def _translate(lang):
        snap = source.snapshot()
        lang = lang if lang in snap.allowed.langs else "zh"
        keys = [o["id"]["key"] for o in ctx.outputs_list[0]]
        opts = options(snap, lang)
        return ([t(k, lang) if k in STRINGS else "" for k in keys],
                *(opts[f] for f in OPTION_FIELDS),
                t("regions_placeholder", lang), t("sources_placeholder", lang))
