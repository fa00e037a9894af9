"""What every panel does first: turn a checked View into its claims, and say what it shows."""
from __future__ import annotations

from html import escape
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
from dash import html

from app.data import Store, filter_claims, resolve_level
from app.i18n import KIND_NAMES, LEVEL_NAMES, name, t
from app.state import View

FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif'
QUAL_MARK = {"exact": "{v}", "more_than": "{v}+", "nearly": "<{v}", "about": "≈{v}"}
QUAL_PATTERN = {"exact": "", "more_than": "/", "nearly": ".", "about": "."}


@dataclass
class Selection:
    """The claims of a view after the level rule, and the notes that explain it."""

    claims: pd.DataFrame
    level: str | None
    notes: list[str] = field(default_factory=list)


def select(store: Store, view: View) -> Selection:
    base = filter_claims(store.claims, metric=view.metric, regions=view.regions, years=view.years,
                         kinds=view.kinds, sources=view.sources, level=None, undated=view.undated)
    levels = dict(zip(store.regions["key"], store.regions["level"]))
    names = dict(zip(store.regions["key"], store.regions["name"]))
    level, left_out = resolve_level(base, view.regions, view.level, levels, names)
    claims = base[base["region_level"] == level] if level else base
    notes = []
    if level:
        notes.append(t("level_shown", view.lang, level=name(LEVEL_NAMES, level, view.lang)))
    if left_out:
        notes.append(t("level_note", view.lang, level=name(LEVEL_NAMES, level, view.lang), names="、".join(left_out)))
    units = sorted(set(claims["unit"]))
    if len(units) > 1:
        notes.append(t("units_note", view.lang, units="、".join(units)))
    return Selection(claims, level, notes)


def label(key: str, **props):
    """Text that follows the language toggle (see controls._translate)."""
    return html.Span(t(key), id={"type": "t", "key": key}, **props)


def metric_label(store: Store, metric: str, lang: str) -> str:
    row = store.metrics[store.metrics["metric"] == metric]
    if row.empty:
        return {"zh": "其他", "en": "Other"}[lang] if metric == "other" else metric
    zh, en = row.iloc[0]["label_zh"], row.iloc[0]["label_en"]
    return en if lang == "en" else zh


def describe(store: Store, view: View, level: str | None) -> str:
    """The filter in words, for an empty state."""
    names = dict(zip(store.regions["key"], store.regions["name"]))
    parts = [metric_label(store, view.metric, view.lang)]
    if view.regions:
        parts.append("、".join(names.get(k, k) for k in view.regions))
    if level:
        parts.append(name(LEVEL_NAMES, level, view.lang))
    parts.append(f"{view.years[0]}–{view.years[1]}")
    if view.kinds:
        parts.append("、".join(name(KIND_NAMES, k, view.lang) for k in view.kinds))
    return "，".join(parts) if view.lang == "zh" else ", ".join(parts)


def number(value: float) -> str:
    """58300 → 58,300; 2.8 → 2.8."""
    if pd.isna(value):
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}"


def marked_number(value: float, qualifier: str) -> str:
    return QUAL_MARK.get(qualifier, "{v}").format(v=number(value))


def safe(text) -> str:
    """Text for plotly labels and hovers, which would otherwise read <b>, <a href> … as markup."""
    return escape(str(text), quote=False)


def message_figure(message: str) -> go.Figure:
    """An empty chart that says, in words, why it is empty."""
    fig = go.Figure()
    fig.add_annotation(text=safe(message), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                       font=dict(size=15, family=FONT))
    fig.update_layout(xaxis_visible=False, yaxis_visible=False, height=260, template="plotly_white",
                      font_family=FONT, margin=dict(l=20, r=20, t=20, b=20))
    return fig


def series_title(unit: str, kind: str, lang: str) -> str:
    title = t("axis_unit", lang, unit=unit)
    if kind != "level":
        title += " · " + name(KIND_NAMES, kind, lang)
    return safe(title)


def region_labels(frame: pd.DataFrame, mixed: bool, lang: str) -> list[str]:
    """Region names for chart axes: with their level when levels mix, with a code when names repeat."""
    labels = list(frame["region"].replace("", "—"))
    if mixed:
        labels = [f"{n}（{name(LEVEL_NAMES, lv, lang)}）" for n, lv in zip(labels, frame["region_level"])]
    seen = pd.Series(labels)
    dup = seen.duplicated(keep=False) & frame["region_code"].ne("").to_numpy()
    return [f"{lab} {code}" if d else lab for lab, code, d in zip(labels, frame["region_code"], dup)]
