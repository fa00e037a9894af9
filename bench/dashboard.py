"""`python -m bench.dashboard`: how fast the dashboard answers at 10k, 100k and 1M claims.

    build_store(path, n)      a synthetic store of n claims, in the shape `jiuye extract` writes
    callback_timings(store)   {callback: (p50_ms, p95_ms)} of the real callback functions
    csv_download(store)       (seconds, peak_rss_mb) of the all-claims CSV, in a child process

The synthetic store replicates the sample corpus (data/corpus, extracted once):
copy k of every document moves each of its regions to a random region of the
same level from the gazetteer, shifts its years and scales its values; every
fifth copy is a reprint of the copy before it under another source (the same
facts, two sources), and one reprinted figure in ten differs from the original
(a conflict). Facts are grouped from the claims the way the contract describes
them. All of it is DuckDB SQL, so a million claims take seconds.

Every size is measured twice: laid out as `jiuye extract` writes a store (with
the indexes and the order of facts of extract/corpus/store_queries.py: INDEXES, the ORDER BY of save_facts
below), and `_plain` — without them, to show what they buy. Wall time on a shared machine also counts
other programs' use of the cores, so CPU time is printed beside it.
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pandas as pd

from extract.contract import TABLES

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
REPRINT_SOURCES = ["人民网", "新华网", "湖南日报", "甘肃日报", "中国劳动保障报", "央广网"]


def _create_sql(table: str, schema: str = "") -> str:
    cols = ", ".join(f'"{c.name}" {c.sql_type}{"" if c.nullable else " NOT NULL"}' for c in TABLES[table])
    return f'CREATE TABLE {schema}"{table}" ({cols})'


def sample_store(path: Path) -> Path:
    """The sample corpus as `jiuye extract` stores it (the seed of every synthetic store)."""
    from extract.corpus.gather import extract_paths
    from extract.corpus.store import write_store
    return write_store(path, extract_paths([str(ROOT / "data" / "corpus")]))


def gazetteer_frame() -> pd.DataFrame:
    from extract.regions import load_gazetteer
    units = [r for r in load_gazetteer().units if r.level in ("province", "city", "county")]
    return pd.DataFrame({"name": [r.name for r in units], "code": [r.code for r in units],
                         "level": [r.level for r in units], "province": [r.province for r in units],
                         "city": [r.city for r in units], "county": [r.county for r in units]})


# Each synthetic claim: copy k of a sample claim. `src` is the copy whose regions, years and
# values it takes: itself, or for a reprint (k % 5 == 1) the copy before it.
_CLAIMS_SQL = """
CREATE TEMP TABLE copies AS
SELECT k, CASE WHEN k % 5 = 1 THEN k - 1 ELSE k END AS src FROM range(?) t(k);

CREATE TEMP TABLE gaz_n AS
SELECT *, row_number() OVER (PARTITION BY level ORDER BY code) - 1 AS i,
       count(*) OVER (PARTITION BY level) AS n FROM gaz;

CREATE TEMP TABLE synth AS
WITH levels AS (SELECT level, any_value(n) AS n FROM gaz_n GROUP BY level),
base AS (
    SELECT c.*, p.k, p.src,
           -- a different region of the same level for every (source copy, original region)
           hash(p.src, c.region) % coalesce(l.n, 1) AS pick,
           (hash(p.src, 'year') % 9)::INTEGER - 6 AS shift,
           0.5 + (hash(p.src, c.region, 'value') % 1000) / 1000.0
               * CASE WHEN p.k <> p.src AND hash(p.k, c.claim_id) % 10 = 0 THEN 1.1 ELSE 1.0 END AS factor
    FROM seed.claims c CROSS JOIN copies p LEFT JOIN levels l ON l.level = c.region_level
)
SELECT b.* EXCLUDE (pick, region, region_code, province, city, county, year, year_from, year_to, value, value_low,
                    value_high, claim_id, doc_id, fact_id),
       md5(b.k || ':' || b.claim_id)[:16] AS claim_id,  -- a hash, as jiuye's ids are: no order to exploit
       'd' || b.k || '_' || b.doc_id AS doc_id,
       coalesce(g.name, b.region) AS region, coalesce(g.code, b.region_code) AS region_code,
       coalesce(g.province, b.province) AS province, coalesce(g.city, b.city) AS city,
       coalesce(g.county, b.county) AS county,
       b.year_from + b.shift AS year_from, b.year_to + b.shift AS year_to,
       CASE WHEN b.year = '' THEN ''
            WHEN b.year_from = b.year_to THEN (b.year_from + b.shift)::VARCHAR
            ELSE (b.year_from + b.shift)::VARCHAR || '-' || (b.year_to + b.shift)::VARCHAR END AS year,
       round(b.value * b.factor, CASE WHEN b.unit IN ('%', '百分点') THEN 1 ELSE 0 END) AS value,
       round(b.value_low * b.factor, CASE WHEN b.unit IN ('%', '百分点') THEN 1 ELSE 0 END) AS value_low,
       round(b.value_high * b.factor, CASE WHEN b.unit IN ('%', '百分点') THEN 1 ELSE 0 END) AS value_high
FROM base b
LEFT JOIN gaz_n g ON g.level = b.region_level AND g.i = b.pick
ORDER BY b.k, b.doc_id, b.start
LIMIT ?;

CREATE TEMP TABLE synth_facts AS
SELECT md5(concat_ws('|', region, region_code, metric, kind, year, period, "group", unit, value))[:16] AS fact_id,
       any_value(region) AS region, region_code, any_value(region_level) AS region_level,
       any_value(province) AS province, any_value(city) AS city, any_value(county) AS county,
       metric, kind, year, any_value(year_from) AS year_from, any_value(year_to) AS year_to, period, "group", value,
       arg_min(value_low, claim_id) AS value_low, arg_min(value_high, claim_id) AS value_high, unit,
       arg_min(qualifier, claim_id) AS qualifier, arg_min(quote, claim_id) AS quote,
       count(*)::INTEGER AS n_claims, count(DISTINCT doc_id)::INTEGER AS n_sources,
       string_agg(claim_id, ' ' ORDER BY claim_id) AS claim_ids
FROM synth
GROUP BY region, region_code, metric, kind, year, period, "group", unit, value;
"""


# The store's layout as extract/corpus/update.py (store_queries) writes it (the benchmark asked for it; plain stores go without):
# indexes, since the dashboard looks claims up by fact and by id, and facts by id, a handful at a time;
# and facts written in this order, so DuckDB's zone maps skip the row groups of other metrics.
INDEXES = ("CREATE INDEX claims_fact_id ON claims (fact_id)", "CREATE INDEX claims_claim_id ON claims (claim_id)",
           "CREATE INDEX facts_fact_id ON facts (fact_id)")
FACTS_ORDER = "metric, region_level, year_to, year_from"


def build_store(path: str | os.PathLike, n_claims: int, seed_store: str | os.PathLike | None = None,
                tuned: bool = True) -> Path:
    """A store of `n_claims` synthetic claims (with facts) at `path`, written atomically.

    `tuned`: with INDEXES and facts in FACTS_ORDER; otherwise facts come in the
    order grouping leaves them, and nothing is indexed.
    """
    target = Path(path)
    tmp = target.with_name(f".{target.name}.building")
    tmp.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="jiuye-seed-") as scratch:
        seed = Path(seed_store) if seed_store else sample_store(Path(scratch) / "seed.duckdb")
        con = duckdb.connect(str(tmp))
        try:
            con.execute("SET enable_progress_bar = false")
            con.execute(f"ATTACH '{seed}' AS seed (READ_ONLY)")
            con.register("gaz", gazetteer_frame())
            per_copy = con.execute("SELECT count(*) FROM seed.claims").fetchone()[0]
            copies = -(-n_claims // per_copy)
            for statement in _CLAIMS_SQL.strip().split(";\n\n"):
                params = [copies] if "range(?)" in statement else [n_claims] if "LIMIT ?" in statement else []
                con.execute(statement, params)
            for table in TABLES:
                con.execute(_create_sql(table))
            con.execute("INSERT INTO metrics SELECT * FROM seed.metrics")
            con.execute("INSERT INTO meta VALUES ('synthetic_claims', ?)", [str(n_claims)])
            con.execute("""
                INSERT INTO facts
                SELECT f.* EXCLUDE (claim_ids),
                       count(*) OVER (PARTITION BY region, region_code, metric, kind, year, period, "group", unit) > 1,
                       claim_ids
                FROM synth_facts f""" + (f" ORDER BY {FACTS_ORDER}" if tuned else ""))
            claim_cols = ", ".join(f's."{c.name}"' for c in TABLES["claims"] if c.name != "fact_id")
            con.execute(f"""
                INSERT INTO claims
                SELECT {claim_cols}, f.fact_id FROM synth s
                JOIN synth_facts f ON f.region = s.region AND f.region_code = s.region_code AND f.metric = s.metric
                     AND f.kind = s.kind AND f.year = s.year AND f.period = s.period AND f."group" = s."group"
                     AND f.unit = s.unit
                     AND f.value = s.value
                ORDER BY s.doc_id, s.start""")
            con.execute("""
                INSERT INTO documents
                SELECT 'd' || p.k || '_' || d.doc_id, d.title,
                       d.date + to_years((hash(p.src, 'year') % 9)::INTEGER - 6),
                       CASE WHEN p.k <> p.src THEN ?[(1 + hash(p.k) % ?)::BIGINT] ELSE d.source END,
                       d.home_region, d.home_region_code, d.path, d.encoding, d.content_hash, d.text,
                       CASE WHEN p.k <> p.src THEN 'd' || p.src || '_' || d.doc_id ELSE '' END,
                       d.minhash, d.shingles
                FROM seed.documents d CROSS JOIN copies p
                WHERE 'd' || p.k || '_' || d.doc_id IN (SELECT DISTINCT doc_id FROM synth)
                ORDER BY 1""", [REPRINT_SOURCES, len(REPRINT_SOURCES)])
            for statement in INDEXES if tuned else ():
                con.execute(statement)
            con.execute("CHECKPOINT")
        finally:
            con.close()
    os.replace(tmp, target)
    Path(f"{tmp}.wal").unlink(missing_ok=True)
    return target


# --- timing the callbacks --------------------------------------------------------------------------


def views(source, count: int = 24, seed: int = 7) -> list[dict]:
    """A spread of realistic views: the default, then random metrics, regions, year ranges and kinds."""
    from app.state import View
    snap = source.snapshot()
    allowed, catalog = snap.allowed, snap.catalog
    rng = random.Random(seed)
    metrics = [m for m, n in catalog.metric_counts.items() if n and m != "other"]
    regions = catalog.regions
    provinces = list(regions.loc[regions["level"] == "province", "key"])
    cities = list(regions.loc[regions["level"] == "city", "key"])
    counties = list(regions.loc[regions["level"] == "county", "key"])
    base = View.default(allowed)
    out = [base.data()]
    while len(out) < count:
        pick = rng.random()
        chosen = (() if pick < 0.3 else tuple(rng.sample(provinces, min(2, len(provinces)))) if pick < 0.55
                  else tuple(rng.sample(cities, min(3, len(cities)))) if pick < 0.8
                  else tuple(rng.sample(counties, min(2, len(counties)))))
        lo = rng.randint(allowed.year_min, allowed.year_max)
        hi = rng.randint(lo, allowed.year_max)
        years = (allowed.year_min, allowed.year_max) if rng.random() < 0.5 else (lo, hi)
        kinds = ("level",) if rng.random() < 0.7 else ("level", "target")
        view = View(metric=rng.choice(metrics), years=years, regions=chosen, kinds=kinds,
                    level=rng.choice(["auto", "auto", "auto", "mix", "province", "city"]),
                    rollup=rng.random() < 0.2, lang=rng.choice(["zh", "en"]))
        out.append(view.data())
    return out


def callbacks(source) -> dict:
    """The callback functions the dashboard registers, each as f(view data) → its outputs."""
    from app import compare, evidence, region_page, table, trend
    from app import map as map_tab
    regions = source.snapshot().catalog.regions
    cities = list(regions.loc[regions["level"] == "city", "key"])
    provinces = list(regions.loc[regions["level"] == "province", "key"])

    def on_tab(data: dict, tab: str) -> dict:
        """The view on another tab; the region page always shows a region (the view's first, or a city)."""
        chosen = data["regions"] or ([cities[len(data["metric"]) % len(cities)]] if cities and tab == "region" else [])
        return {**data, "tab": tab, "regions": chosen}

    map_tab.scope_features(None), map_tab.scope_features("43")  # the outlines load once per process, not per call
    return {
        "compare": lambda data: compare.update(source, data),
        "trend": lambda data: trend.update(source, data),
        "table": lambda data: table.update(source, data),
        "evidence_page": lambda data: evidence.page(source, data, {"startRow": 0, "endRow": 20, "sortModel": []}),
        "region_page": lambda data: region_page.update(source, on_tab(data, "region")),
        "region_children": lambda data: region_page.children_update(
            source, {**on_tab(data, "region"), "regions": data["regions"][:1] or provinces[:1]}),
        "region_documents": lambda data: region_page.documents_update(source, on_tab(data, "region")),
        "map": lambda data: map_tab.update(source, on_tab(data, "map")),
    }


def percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]


def measure(store: str | os.PathLike, rounds: int = 2) -> dict[str, dict[str, tuple[float, float]]]:
    """{"wall"|"cpu": {callback: (p50_ms, p95_ms)}} over a spread of views; the first call of each (cold) is left out.

    CPU time is the whole process's (DuckDB's threads included): on a shared
    machine wall time also counts the time other programs hold the cores.
    """
    from app.store import StoreSource
    source = StoreSource(store)
    spread = views(source)
    wall, cpu = {}, {}
    for name, fn in callbacks(source).items():
        fn(spread[0])  # warm: first-query plans, Python imports
        w, c = [], []
        for _ in range(rounds):
            for data in spread:
                start, start_cpu = time.perf_counter(), time.process_time()
                fn(data)
                w.append((time.perf_counter() - start) * 1000)
                c.append((time.process_time() - start_cpu) * 1000)
        wall[name], cpu[name] = percentiles(w), percentiles(c)
    return {"wall": wall, "cpu": cpu}


def callback_timings(store: str | os.PathLike, rounds: int = 2) -> dict[str, tuple[float, float]]:
    """{callback: (p50_ms, p95_ms)} of wall-clock time over a spread of views."""
    return measure(store, rounds)["wall"]


_CSV_CHILD = r"""
import re, sys, time
from app.store import StoreSource
from app.downloads import stream
source = StoreSource(sys.argv[1])
def peak_mb():
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork and exec
    status = open("/proc/self/status").read()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024
base = peak_mb()
start = time.perf_counter()
size = 0
_, chunks = stream(source, "claims.csv")
for chunk in chunks:
    size += len(chunk)
seconds = time.perf_counter() - start
print(seconds, peak_mb(), size, base)
"""


def csv_download(store: str | os.PathLike) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of streaming the all-claims CSV, measured in a fresh child process."""
    out = subprocess.run([sys.executable, "-c", _CSV_CHILD, str(store)], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    seconds, rss, size, base = out.stdout.split()
    print(f"# csv: {int(size) / 1e6:.0f} MB written; peak RSS {float(rss):.0f} MB, of which {float(base):.0f} MB "
          f"before the first row (Python, Dash, DuckDB loaded)", file=sys.stderr)
    return float(seconds), float(rss)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.dashboard", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k,1m", help="comma-separated: 10k, 100k, 1m")
    parser.add_argument("--keep", help="folder to keep the stores in (reused when present)")
    parser.add_argument("--rounds", type=int, default=2, help="passes over the spread of views per callback")
    args = parser.parse_args(argv)
    print(f"# {platform.platform()} · {os.cpu_count()} CPUs · load average {os.getloadavg()[0]:.1f} at start "
          f"(wall times count other programs' use of the cores too)", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="jiuye-dash-bench-") as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        seed = None
        # as `jiuye extract` writes a store, and plain (no indexes, facts in no order)
        for size in args.sizes.split(","):
            for tuned in (True, False):
                suffix = "" if tuned else "_plain"
                path = folder / f"synthetic_{size}{suffix}.duckdb"
                if not path.exists():
                    seed = seed or sample_store(Path(tmp) / "seed.duckdb")
                    start = time.perf_counter()
                    build_store(path, SIZES[size], seed, tuned=tuned)
                    print(f"# built {path.name} in {time.perf_counter() - start:.1f} s", file=sys.stderr)
                timings = measure(path, args.rounds)
                for name, (p50, p95) in timings["wall"].items():
                    c50, c95 = timings["cpu"][name]
                    print(f"# {size}{suffix} {name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms "
                          f"(cpu p50 {c50:.1f} ms, p95 {c95:.1f} ms)", file=sys.stderr)
                print(f"callback_p95_ms_{size}{suffix}={max(p95 for _, p95 in timings['wall'].values()):.1f}")
                print(f"callback_cpu_p95_ms_{size}{suffix}={max(p95 for _, p95 in timings['cpu'].values()):.1f}",
                      flush=True)
                if size == "1m":
                    seconds, rss = csv_download(path)
                    print(f"csv_1m{suffix}_s={seconds:.2f}")
                    print(f"csv_1m{suffix}_peak_rss_mb={rss:.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
