"""The store as the dashboard sees it: one read-only snapshot per version of the file.

`jiuye extract` replaces the store with `os.replace`, so a new version is a new
inode at the same path. `StoreSource.snapshot()` looks at the path's inode, size
and mtime on every call and, when they changed, opens the new file; a callback
takes one snapshot and runs all its queries on it, so it sees the old data or
the new, never a mix. The old snapshot closes when the last callback using it
lets go.

A snapshot is a fresh in-memory DuckDB database with the store ATTACHed
read-only (connecting to the path directly would hand back DuckDB's cached
instance of the old file) plus the views `queries.py` reads (`facts_v`,
`claims_v`). DuckDB connections are not shared across threads: every query
runs on its own `cursor()`. What the controls offer (metrics, regions, years,
sources) is read once per snapshot by small aggregate queries (`Catalog`).
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from app import queries
from app.data import LEVELS, NO_SOURCE, year_order

MEMO_SIZE = 512  # small results kept per store version (levels of recent views)


@dataclass(frozen=True, eq=False)
class Catalog:
    """What a store holds, in the small: the controls' choices and their labels."""

    metrics: pd.DataFrame  # metric, label_zh, label_en, unit
    metric_counts: dict[str, int]  # facts per metric
    regions: pd.DataFrame  # key, name, code, level, province, city, county, label; hierarchy order
    years: tuple[str, ...]  # as stored: "2021", "2016-2020"; in time order
    year_min: int
    year_max: int
    sources: tuple[str, ...]
    has_facts: bool  # False for stores written before the facts stage: every claim then stands alone
    by_key: dict[str, dict]  # region key → its row of `regions`
    metric_labels: dict[str, tuple[str, str]]  # metric → (label_zh, label_en)
    groups: tuple[str, ...] = ("",)  # populations of the facts ("" = the whole population first), by facts

    def metric_label(self, metric: str, lang: str) -> str:
        zh, en = self.metric_labels.get(metric, ("其他", "Other") if metric == "other" else (metric, metric))
        return en if lang == "en" else zh

    def region(self, key: str) -> dict:
        """The row of a region key (a stand-in with empty fields when the store does not know it)."""
        return self.by_key.get(key) or {"key": key, "name": key, "code": "", "level": "", "province": "",
                                        "city": "", "county": "", "label": key}


class Snapshot:
    """One version of the store, open read-only; `cursor()` for each query, from any thread."""

    def __init__(self, path: Path, version: tuple):
        self.path = path
        self.version = version
        self._memo: dict = {}
        self._memo_lock = threading.Lock()
        self._con = duckdb.connect(":memory:")
        self._con.execute("SET enable_progress_bar = false")
        self._con.execute("ATTACH ? AS store (READ_ONLY)", [str(path)])
        has_facts = queries.setup_views(self._con)
        self.catalog = read_catalog(self._con.cursor(), has_facts)
        from app.state import Allowed  # state imports this module's LEVELS
        self.allowed = Allowed.of(self.catalog)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self._con.cursor()

    def memo(self, key, compute):
        """compute() once per key for this version of the store (the panels of one view share results)."""
        with self._memo_lock:
            if key in self._memo:
                return self._memo[key]
        value = compute()
        with self._memo_lock:
            if len(self._memo) >= MEMO_SIZE:
                self._memo.pop(next(iter(self._memo)))
            self._memo[key] = value
        return value

    def close(self) -> None:
        self._con.close()


def _version(path: Path) -> tuple:
    st = path.stat()
    return (st.st_ino, st.st_size, st.st_mtime_ns)


class StoreSource:
    """The store at `path`, reopened whenever `jiuye extract` has replaced it."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        if not self.path.exists():
            raise FileNotFoundError(f"no store at {self.path}: run `jiuye extract` first, or pass --store FILE")
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self.snapshot()

    def snapshot(self) -> Snapshot:
        """The current version; opens the file anew when its inode, size or mtime changed."""
        try:
            version = _version(self.path)
        except FileNotFoundError:  # between an unlink and a replace: keep serving what we have
            if self._snapshot is None:
                raise
            return self._snapshot
        current = self._snapshot
        if current is not None and current.version == version:
            return current
        with self._lock:
            if self._snapshot is None or self._snapshot.version != version:
                self._snapshot = Snapshot(self.path, version)
            return self._snapshot


# --- the catalog ------------------------------------------------------------------------------


def read_catalog(cur: duckdb.DuckDBPyConnection, has_facts: bool) -> Catalog:
    metrics = cur.execute("SELECT metric, label_zh, label_en, unit FROM store.metrics").df()
    counts = dict(cur.execute("SELECT metric, count(*) FROM facts_v GROUP BY metric").fetchall())
    extra = sorted(set(counts) - set(metrics["metric"]))
    regions = region_table(cur.execute(queries.REGIONS_SQL).df())
    years = [y for (y,) in cur.execute("SELECT DISTINCT year FROM facts_v WHERE year <> ''").fetchall()]
    lo, hi = cur.execute("SELECT min(year_from), max(year_to) FROM facts_v").fetchall()[0]
    sources = sorted({s or NO_SOURCE for (s,) in cur.execute("SELECT DISTINCT source FROM store.documents").fetchall()})
    groups = [g for (g,) in cur.execute("""SELECT "group" FROM facts_v WHERE "group" <> ''
                                            GROUP BY 1 ORDER BY count(*) DESC, 1""").fetchall()]
    if extra:
        metrics = pd.concat([metrics, pd.DataFrame({"metric": extra, "label_zh": extra, "label_en": extra,
                                                    "unit": ""})], ignore_index=True)
    return Catalog(metrics=metrics, metric_counts={m: counts.get(m, 0) for m in metrics["metric"]},
                   regions=regions, years=tuple(year_order(years)),
                   year_min=int(lo) if lo is not None else 2000, year_max=int(hi) if hi is not None else 2000,
                   sources=tuple(sources), has_facts=has_facts,
                   by_key={r["key"]: r for r in regions.to_dict("records")},
                   metric_labels={r.metric: (r.label_zh, r.label_en) for r in metrics.itertuples()},
                   groups=("", *groups))


def region_table(regions: pd.DataFrame) -> pd.DataFrame:
    """One row per region (key, name, code, level, province, city, county), in hierarchy order, labelled."""
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
