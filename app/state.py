"""The state of one view, its allow-lists, and its URL form.

Every control's value lives in the query string (?metric=…&region=…&from=…),
so a copied link reopens the same view. Everything that comes from the browser
(a URL, a control's value, a store's data) passes `check` against the lists of
what the store holds before any panel uses it.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from urllib.parse import parse_qs, urlencode

from extract.contract import KINDS

from app.data import LEVELS
from app.headline import FREQS
from app.i18n import FIELD_NAMES, LANGS, name, t

LEVEL_CHOICES = ("auto", *LEVELS, "mix")
TABS = ("compare", "trend", "table", "region", "map")


class InvalidInput(ValueError):
    """A value from the browser that is not on its allow-list."""


@dataclass(frozen=True)
class Allowed:
    """What a view may name: the store's own metrics, regions, years and sources."""

    metrics: tuple[str, ...]
    regions: tuple[str, ...]
    years: tuple[str, ...]  # year strings as stored: "2021", "2016-2020"
    year_min: int
    year_max: int
    sources: tuple[str, ...]
    default_metric: str
    kinds: tuple[str, ...] = KINDS
    levels: tuple[str, ...] = LEVEL_CHOICES
    langs: tuple[str, ...] = LANGS
    tabs: tuple[str, ...] = TABS
    groups: tuple[str, ...] = ("",)  # populations the store's facts are about; "" = the whole population
    freqs: tuple[str, ...] = FREQS

    @classmethod
    def of(cls, catalog) -> "Allowed":
        """The allow-lists of a store's catalog (app.store.Catalog)."""
        counts = {m: n for m, n in catalog.metric_counts.items() if m != "other" and n}
        default = "urban_new_jobs" if counts.get("urban_new_jobs") else (
            max(counts, key=counts.get) if counts else (catalog.metrics["metric"].iloc[0] if len(catalog.metrics) else ""))
        return cls(
            metrics=tuple(catalog.metrics["metric"]),
            regions=tuple(catalog.regions["key"]),
            years=catalog.years,
            year_min=catalog.year_min, year_max=catalog.year_max,
            sources=catalog.sources,
            default_metric=default,
            groups=catalog.groups,
        )


@dataclass(frozen=True)
class View:
    metric: str
    years: tuple[int, int]
    regions: tuple[str, ...] = ()
    year: str = ""  # year compared; "" = the latest with data
    kinds: tuple[str, ...] = ("level",)
    sources: tuple[str, ...] = ()
    level: str = "auto"
    undated: bool = False
    stated: bool = False  # only figures whose region and year are stated in their own sentence
    rollup: bool = False  # also show a parent's figure as the sum of its children, labelled as a sum
    lang: str = "zh"
    tab: str = "compare"
    group: str = ""  # the population drawn (人群); "" = everyone
    freq: str = "year"  # whole years, or the parts of a year ("part"), each in a series of its own

    @classmethod
    def default(cls, allowed: Allowed) -> "View":
        return cls(metric=allowed.default_metric, years=(allowed.year_min, allowed.year_max))

    def data(self) -> dict:
        """JSON-able form, for a dcc.Store."""
        d = asdict(self)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in d.items()}


def check(raw: dict, allowed: Allowed, lang: str = "zh") -> tuple[View, list[str]]:
    """A View from untrusted values; anything not on its allow-list is dropped and reported.

    Returns the view built from the valid values (defaults elsewhere) and one
    message per rejected value, in words.
    """
    base = View.default(allowed)
    errors: list[str] = []

    def bad(fieldname: str, value) -> None:
        label = name(FIELD_NAMES, fieldname, lang)
        if isinstance(value, str):
            errors.append(t("bad_value", lang, field=label, value=value[:60]))
        else:
            errors.append(t("bad_shape", lang, field=label))

    def one(fieldname: str, choices, default):
        value = raw.get(fieldname, default)
        if value is None:
            return default
        if isinstance(value, str) and value in choices:
            return value
        bad(fieldname, value)
        return default

    def many(fieldname: str, choices, default):
        value = raw.get(fieldname, default)
        if value is None:
            return default
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple)):
            bad(fieldname, value)
            return default
        kept = []
        for item in value:
            if isinstance(item, str) and item in choices:
                if item not in kept:
                    kept.append(item)
            else:
                bad(fieldname, item)
        return tuple(kept)

    years = raw.get("years", base.years)
    if years is None:
        years = base.years
    if (isinstance(years, (list, tuple)) and len(years) == 2
            and all(_whole(y) for y in years)
            and allowed.year_min <= years[0] <= years[1] <= allowed.year_max):
        years = (int(years[0]), int(years[1]))
    else:
        bad("years", str(years) if not isinstance(years, str) else years)
        years = base.years
    def flag(fieldname: str) -> bool:
        value = raw.get(fieldname, False)
        if not isinstance(value, bool):
            bad(fieldname, value)
            return False
        return value

    view = View(
        metric=one("metric", allowed.metrics, base.metric),
        years=years,
        regions=many("regions", allowed.regions, ()),
        year=one("year", ("", *allowed.years), ""),
        kinds=many("kinds", allowed.kinds, base.kinds),
        sources=many("sources", allowed.sources, ()),
        level=one("level", allowed.levels, "auto"),
        undated=flag("undated"),
        stated=flag("stated"),
        rollup=flag("rollup"),
        lang=one("lang", allowed.langs, "zh"),
        tab=one("tab", allowed.tabs, "compare"),
        group=one("group", allowed.groups, ""),
        freq=one("freq", allowed.freqs, "year"),
    )
    return view, errors


def _whole(y) -> bool:
    return (isinstance(y, int) and not isinstance(y, bool)) or (isinstance(y, float) and y.is_integer())


def strict(raw, allowed: Allowed) -> View:
    """Like `check`, but any rejected value is an error: for values a callback receives."""
    if not isinstance(raw, dict):
        raise InvalidInput(t("bad_input", "zh", what=t("bad_shape", "zh", field="view")))
    lang = raw.get("lang") if raw.get("lang") in LANGS else "zh"
    view, errors = check(raw, allowed, lang)
    if errors:
        raise InvalidInput(t("bad_input", lang, what="；".join(errors) if lang == "zh" else "; ".join(errors)))
    return view


# --- the URL ---------------------------------------------------------------------

_PARAMS = {  # URL parameter → View field
    "metric": "metric", "region": "regions", "year": "year", "kind": "kinds",
    "source": "sources", "level": "level", "lang": "lang", "tab": "tab", "group": "group", "freq": "freq",
}


def to_query(view: View, allowed: Allowed) -> str:
    """The query string of a view; values at their default are left out."""
    base = View.default(allowed)
    pairs: list[tuple[str, str]] = []
    for param, fieldname in _PARAMS.items():
        value = getattr(view, fieldname)
        if value == getattr(base, fieldname):
            continue
        if isinstance(value, tuple):
            if not value:
                pairs.append((param, ""))  # an explicit "all", e.g. every kind
            pairs += [(param, v) for v in value]
        else:
            pairs.append((param, value))
    if view.years != base.years:
        pairs += [("from", str(view.years[0])), ("to", str(view.years[1]))]
    if view.undated:
        pairs.append(("undated", "1"))
    if view.stated:
        pairs.append(("stated", "1"))
    if view.rollup:
        pairs.append(("sum", "1"))
    return "?" + urlencode(pairs) if pairs else ""


def parse_query(search: str | None, allowed: Allowed, lang: str = "zh") -> tuple[View, list[str]]:
    """The view a URL's query string names, and a message for each value it names wrongly."""
    query = parse_qs((search or "").lstrip("?"), keep_blank_values=True)
    raw: dict = {}
    for param, fieldname in _PARAMS.items():
        if param not in query:
            continue
        values = query[param]
        if fieldname in ("regions", "kinds", "sources"):
            raw[fieldname] = [v for v in values if v != ""]
        else:
            raw[fieldname] = values[-1]
    if "view" in query and "tab" not in query:  # ?view=region&region=430200: a region's own page
        raw["tab"] = query["view"][-1]
    if "lang" in raw and raw["lang"] in LANGS:
        lang = raw["lang"]
    errors: list[str] = []
    if "from" in query or "to" in query:
        lo, hi = query.get("from", [str(allowed.year_min)])[-1], query.get("to", [str(allowed.year_max)])[-1]
        try:
            raw["years"] = [int(lo), int(hi)]
        except ValueError:
            raw["years"] = f"{lo}-{hi}"
    for param, fieldname in (("undated", "undated"), ("stated", "stated"), ("sum", "rollup")):
        if param in query:
            raw[fieldname] = query[param][-1] == "1"
    view, more = check(raw, allowed, lang)
    return view, errors + more
