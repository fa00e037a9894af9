"""Links to a region's own page (?view=region&region=KEY), from chart labels, the map and the evidence."""
from __future__ import annotations

from itertools import groupby
from urllib.parse import urlencode

from app.common import safe


def region_href(key: str, lang: str = "zh") -> str:
    """The URL of a region's page, in the reader's language."""
    pairs = [("view", "region"), ("region", key)] + ([("lang", "en")] if lang == "en" else [])
    return "/?" + urlencode(pairs)


def link_ticks(fig: dict, cells: list[dict], lang: str) -> dict:
    """Make each region label of a ranked-bar figure (compare.figure: one trace per unit and kind, cells in the
    same order) a link to that region's page; a sum stays plain text. In place."""
    groups = [list(g) for _, g in groupby(cells, key=lambda c: (c["unit"], c["kind"]))]
    for trace, group in zip(fig.get("data", []), groups):
        labels = trace.get("y") or []
        if len(labels) != len(group):
            continue
        ticktext = [safe(label) if c.get("is_sum") or not c.get("region_key") else
                    f'<a href="{region_href(c["region_key"], lang)}" target="_self">{safe(label)}</a>'
                    for label, c in zip(labels, group)]
        axis = "yaxis" + trace.get("yaxis", "y")[1:]
        # labels clear of the axis's 20-pixel drag strip, which would otherwise catch the click
        fig["layout"].setdefault(axis, {}).update(tickmode="array", tickvals=list(labels), ticktext=ticktext,
                                                  ticklabelstandoff=22)
    return fig
