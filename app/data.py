"""The dashboard's view of the store: load it once, then pure functions over frames.

Everything here is a plain function of DataFrames, so every panel's callback
is `filter_claims` plus one shaping step, and each can be tested without Dash.
The store is read through `extract.store.read_table` (read-only), never
through extraction internals.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from extract.contract import columns
from extract.store import read_table

# Region levels a user can compare, broadest first.
LEVELS = ("country", "province", "city", "county", "group", "town")
NO_SOURCE = "-"  # stands for documents that name no source, in controls and URLs


@dataclass(frozen=True, eq=False)
class Store:
    """The tables the dashboard reads, loaded once per app."""

    claims: pd.DataFrame  # contract columns + title, date, source, region_key
    documents: pd.DataFrame
    metrics: pd.DataFrame  # metric, label_zh, label_en, unit
    regions: pd.DataFrame  # key, name, code, level, province, city, county, label
    path: str = ""
    sources: tuple[str, ...] = field(default=())


def load_store(path: str | os.PathLike) -> Store:
    """Read the claims, documents and metrics tables of a store (read-only)."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no store at {path}: run `jiuye extract` first, or pass --store FILE")
    claims = read_table(path, "claims")
    documents = read_table(path, "documents")
    metrics = read_table(path, "metrics")
    return prepare(claims, documents, metrics, str(path))


def prepare(claims: pd.DataFrame, documents: pd.DataFrame, metrics: pd.DataFrame, path: str = "") -> Store:
    """Join each claim to its document's title, date and source; derive the region table."""
    documents = documents.copy()
    documents["date"] = documents["date"].map(_date_text)
    documents["source"] = documents["source"].fillna("")
    claims = claims.copy()
    for name in ("year_from", "year_to"):
        claims[name] = pd.to_numeric(claims[name], errors="coerce").astype("Int64")
    for name in ("value", "value_low", "value_high"):
        claims[name] = pd.to_numeric(claims[name], errors="coerce").astype(float)
    claims = claims.merge(documents[["doc_id", "title", "date", "source"]], on="doc_id", how="left")
    claims[["title", "date", "source"]] = claims[["title", "date", "source"]].fillna("")
    claims["region_key"] = region_keys(claims)
    sources = tuple(sorted({s or NO_SOURCE for s in documents["source"]}))
    return Store(claims, documents, metrics.copy(), region_table(claims), path, sources)


def _date_text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)[:10]


def region_keys(claims: pd.DataFrame) -> pd.Series:
    """A region's key is its 6-digit code, or its name where it has none (groups, towns)."""
    return claims["region_code"].where(claims["region_code"] != "", claims["region"])


def region_table(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per region named by a claim, in hierarchy order (province → city → county)."""
    cols = ["region_key", "region", "region_code", "region_level", "province", "city", "county"]
    regions = claims.loc[claims["region"] != "", cols].drop_duplicates("region_key")
    regions.columns = ["key", "name", "code", "level", "province", "city", "county"]
    rank = {level: i for i, level in enumerate(LEVELS)}
    regions = regions.assign(
        _group=regions["level"].eq("group"),
        _rank=regions["level"].map(rank).fillna(len(LEVELS)),
    )
    # order cities by their code (长沙 4301 before 株洲 4302), counties and towns under their city
    city_codes = {r.city: r.code[:4] for r in regions.itertuples() if r.city and r.code and r.level in ("city", "county")}
    in_city = regions["level"].isin(["city", "county", "town"])
    regions["_city"] = regions["city"].map(lambda c: city_codes.get(c, "9999") + c).where(in_city, "")
    prov_codes = {r.name: r.code[:2] for r in regions.itertuples() if r.level == "province" and r.code}
    prov_codes.update({r.province: r.code[:2] for r in regions.itertuples() if r.province and r.code})
    regions["_prov"] = [prov_codes.get(p, "99") + p for p in regions["province"].where(regions["province"] != "", regions["name"])]
    regions = regions.sort_values(["_group", "_prov", "_city", "_rank", "code", "name"])
    regions["label"] = [_path_label(r) for r in regions.itertuples()]
    return regions[["key", "name", "code", "level", "province", "city", "county", "label"]].reset_index(drop=True)


def _path_label(r) -> str:
    """湖南省 / 株洲市 / 攸县: the region's name after its parents, so a search finds either."""
    parents = [p for p in (r.province, r.city, r.county) if p and p != r.name]
    return " / ".join([*parents, r.name])


# --- the one filter every panel shares ------------------------------------------


def filter_claims(
    claims: pd.DataFrame,
    metric: str | None = None,
    regions: tuple[str, ...] | list[str] = (),
    years: tuple[int, int] | None = None,
    kinds: tuple[str, ...] | list[str] = ("level",),
    sources: tuple[str, ...] | list[str] = (),
    level: str | None = None,
    undated: bool = False,
) -> pd.DataFrame:
    """The claims of one view. Empty `regions`/`sources`/`kinds` mean all.

    A chosen region also brings in the regions inside it (湖南省 → 株洲市 → 攸县),
    so `level` then picks which of them to show; `level=None` mixes levels.
    `years=(lo, hi)` keeps claims whose whole span lies inside; undated claims
    (year "") only when `undated` is true.
    """
    keep = pd.Series(True, index=claims.index)
    if metric:
        keep &= claims["metric"] == metric
    if regions:
        keep &= within_regions(claims, regions)
    if years:
        lo, hi = years
        dated = (claims["year_from"] >= lo) & (claims["year_to"] <= hi)
        dated = dated.fillna(False).astype(bool)
        keep &= dated | (claims["year"].eq("") & undated)
    elif not undated:
        keep &= claims["year"] != ""
    if kinds:
        keep &= claims["kind"].isin(list(kinds))
    if sources:
        keep &= claims["source"].replace("", NO_SOURCE).isin(list(sources))
    if level:
        keep &= claims["region_level"] == level
    return claims[keep]


def within_regions(claims: pd.DataFrame, keys) -> pd.Series:
    """Claims about one of the regions `keys`, or about a region inside one of them."""
    chosen = claims.loc[claims["region_key"].isin(list(keys)),
                        ["region_key", "region", "region_level", "province", "city"]].drop_duplicates("region_key")
    hit = claims["region_key"].isin(list(keys))
    for r in chosen.itertuples():
        if r.region_level == "province":
            hit |= claims["province"] == r.region
        elif r.region_level == "city":
            hit |= (claims["city"] == r.region) & (claims["province"] == r.province)
        elif r.region_level == "county":
            hit |= (claims["county"] == r.region) & (claims["city"] == r.city)
    return hit


def resolve_level(claims: pd.DataFrame, regions, level: str, region_levels: dict[str, str] | None = None,
                  region_names: dict[str, str] | None = None) -> tuple[str | None, list[str]]:
    """The region level to show, and the chosen regions it leaves out.

    `level` is one of LEVELS, "mix" (no level filter) or "auto": the level of
    most of the chosen regions, or with none chosen, the level with the most
    regions among `claims` (broadest first on a tie). Like is compared with like.
    """
    if level == "mix":
        return None, []
    if level in LEVELS:
        return level, []
    levels_of = region_levels if region_levels is not None else dict(zip(claims["region_key"], claims["region_level"]))
    names = region_names if region_names is not None else dict(zip(claims["region_key"], claims["region"]))
    if regions:
        chosen = [levels_of.get(k, "") for k in regions]
        counts = {lv: chosen.count(lv) for lv in chosen if lv}
        if not counts:
            return None, []
        best = max(counts, key=lambda lv: (counts[lv], -chosen.index(lv)))
        left_out = [names.get(k, k) for k, lv in zip(regions, chosen) if lv != best]
        return best, left_out
    per_level = claims[claims["region_level"] != ""].groupby("region_level")["region_key"].nunique()
    if per_level.empty:
        return None, []
    order = {lv: i for i, lv in enumerate(LEVELS)}
    best = sorted(per_level.items(), key=lambda kv: (-kv[1], order.get(kv[0], 99)))[0][0]
    return best, []


# --- shaping one view for each panel ----------------------------------------------

SERIES = ["unit", "kind"]  # a chart axis only ever holds one unit and one kind


def cells(claims: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """One figure per group: the largest claim, with how many claims and documents stand behind it.

    Several figures for the same region, year, unit and kind are usually a total
    and its parts (9333人 = 2951 + 3149 + 3233), so the largest stands for the cell;
    the evidence grid lists them all.
    """
    if claims.empty:
        return claims.assign(claims_n=pd.Series(dtype=int), sources_n=pd.Series(dtype=int))
    ordered = claims.sort_values(["value", "claim_id"], ascending=[False, True])
    top = ordered.drop_duplicates(by).set_index(by)
    grouped = claims.groupby(by, dropna=False)
    top["claims_n"] = grouped.size()
    top["sources_n"] = grouped["doc_id"].nunique()
    return top.reset_index()


def compare_frame(claims: pd.DataFrame, year: str = "") -> tuple[pd.DataFrame, str]:
    """The figures of one year (or span) per region, ranked; `year` "" means the latest single year."""
    dated = claims[claims["year"] != ""]
    if not year:
        single = dated[dated["year_from"] == dated["year_to"]]
        year = str(int(single["year_from"].max())) if len(single) else ""
    chosen = dated[dated["year"] == year]
    frame = cells(chosen, [*SERIES, "region_key"])
    if len(frame):
        frame = frame.sort_values(["unit", "kind", "value"], ascending=[True, True, False])
    return frame.reset_index(drop=True), year


def trend_frame(claims: pd.DataFrame) -> pd.DataFrame:
    """The figures of single years per region, in year order; spans are left to the table."""
    single = claims[(claims["year"] != "") & (claims["year_from"] == claims["year_to"])]
    frame = cells(single, [*SERIES, "region_key", "year_from"])
    if len(frame):
        frame = frame.sort_values(["unit", "kind", "region_key", "year_from"])
    return frame.reset_index(drop=True)


def year_order(years) -> list[str]:
    """Years and spans in time order: 2016-2020 before 2021."""
    def key(y: str):
        parts = [int(p) for p in y.split("-")]
        return (parts[-1], parts[0])
    return sorted(set(years), key=key)


def wide_table(claims: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Region × year of one metric: values, and beside them the qualifier of each cell.

    Rows are (region, unit, kind): different units never share a row. A missing
    cell stays missing (NaN), never 0.
    """
    dated = claims[claims["year"] != ""]
    frame = cells(dated, ["region_key", *SERIES, "year"])
    index = ["region", "region_code", "region_level", "unit", "kind"]
    if frame.empty:
        empty = pd.DataFrame(columns=index)
        return empty, empty.copy()
    years = year_order(frame["year"])
    values = frame.pivot_table(index=index, columns="year", values="value", aggfunc="first")
    quals = frame.pivot(index=index, columns="year", values="qualifier")
    values = values.reindex(columns=years).sort_values(years[::-1], ascending=False, na_position="last")
    quals = quals.reindex(index=values.index, columns=years)
    values.columns.name = quals.columns.name = None
    return values.reset_index(), quals.reset_index()


def evidence_rows(claims: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The claims of a view with their sentence split around the figure (before, quote, after)."""
    texts = dict(zip(documents["doc_id"], documents["text"]))
    rows = claims.sort_values(["date", "doc_id", "start"], ascending=[False, True, True]).copy()
    split = [mark_in_sentence(r.sentence, r.quote, texts.get(r.doc_id, ""), r.start) for r in rows.itertuples()]
    rows["before"] = [s[0] for s in split]
    rows["marked"] = [s[1] for s in split]
    rows["after"] = [s[2] for s in split]
    return rows


def mark_in_sentence(sentence: str, quote: str, text: str = "", start: int = -1) -> tuple[str, str, str]:
    """Split `sentence` around the quote at offset `start` of the document `text`."""
    at = -1
    if text and start >= 0:
        begin = text.rfind(sentence, 0, start + len(sentence))
        if begin >= 0 and begin + len(sentence) >= start + len(quote):
            at = start - begin
    if at < 0 or sentence[at:at + len(quote)] != quote:
        at = sentence.find(quote)
    if at < 0:
        return sentence, "", ""
    return sentence[:at], quote, sentence[at + len(quote):]


def document_segments(text: str, claims: pd.DataFrame) -> list[tuple[str, dict | None]]:
    """The document's text cut into plain runs and claim runs, in order; overlaps are skipped."""
    segments: list[tuple[str, dict | None]] = []
    at = 0
    for claim in claims.sort_values("start").to_dict("records"):
        start, end = int(claim["start"]), int(claim["end"])
        if start < at or end <= start or end > len(text):
            continue
        if start > at:
            segments.append((text[at:start], None))
        segments.append((text[start:end], claim))
        at = end
    if at < len(text):
        segments.append((text[at:], None))
    return segments


def export_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims as handed out: the contract's columns plus the document's title, date and source."""
    return claims[[*columns("claims"), "title", "date", "source"]].reset_index(drop=True)
