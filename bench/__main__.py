"""`python -m bench [--docs N] [--reps R] [--profile]`: throughput, scaling and memory of the extractor.

The machine is shared and noisy, so every figure is a median over repetitions,
and the figures that matter are ratios measured within this one run (2N/N time,
gazetteer build/per-document time, dask/single-process speed-up) — never
absolute pass/fail times.  See bench/README.md for what healthy looks like.
"""
from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import resource
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from extract.documents import find_documents, read_document
from extract.pipeline import extract_paths, process_document
from extract.regions import load_gazetteer
from extract.store import write_store

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "corpus"
DEV = ROOT.parent / "shared" / "corpus" / "dev"  # only on machines that have the shared corpus


def code_stamp() -> dict[str, int]:
    # Others edit extract/ concurrently; dask workers import the code afresh, so a change mid-run can make claims differ.
    return {str(p): p.stat().st_mtime_ns for p in (ROOT / "extract").rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


def build_corpus(folder: Path, n: int) -> list[Path]:
    """`n` articles in `folder`: the samples (and dev articles, if present) copied
    round-robin under new names, so every doc_id is distinct and nothing is cached."""
    sources = find_documents(SAMPLES) + (find_documents(DEV) if DEV.is_dir() else [])
    folder.mkdir(parents=True)
    paths = []
    for i in range(n):
        src = sources[i % len(sources)]
        dst = folder / f"c{i:05d}_{src.stem}{src.suffix}"
        shutil.copyfile(src, dst)
        paths.append(dst)
    return paths


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def process_all(documents) -> int:
    return sum(len(process_document(d).claims) for d in documents)


def claims_of(path) -> list[dict]:
    """Top-level (picklable) worker for dask: plain dicts travel back, not objects."""
    return process_document(read_document(path)).claims


def claim_key(claims: list[dict]) -> list[str]:
    # repr, not ==: a NaN value that crossed a process boundary is a different object
    return sorted(repr(sorted(c.items())) for c in claims)


def dask_claims(paths, pool=None) -> list[dict]:
    import dask.bag as db
    bag = db.from_sequence([str(p) for p in paths], npartitions=8).map(claims_of).flatten()
    return bag.compute(scheduler="processes", num_workers=2, pool=pool)


def rss_mb() -> float:
    # ru_maxrss is KiB on Linux, bytes on macOS
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)


def profile_dev(top: int = 15) -> None:
    """Where process_document spends its time over the dev articles (or the samples)."""
    documents = [read_document(p) for p in find_documents(DEV if DEV.is_dir() else SAMPLES)]
    load_gazetteer()
    profiler = cProfile.Profile()
    profiler.runcall(process_all, documents)
    print(f"cProfile of process_document over {len(documents)} documents:")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200, help="N, the corpus size (2N is timed too)")
    parser.add_argument("--reps", type=int, default=5, help="repetitions per figure (medians are quoted)")
    parser.add_argument("--profile", action="store_true", help="only print a cProfile of process_document")
    args = parser.parse_args(argv)
    if args.profile:
        profile_dev()
        return 0

    n, reps = args.docs, args.reps
    rss_before = rss_mb()
    stamp = code_stamp()
    # The first build in a process also compiles patterns that cache_clear() does not undo.
    t_first = timed(load_gazetteer)[0]
    rows: list[tuple[str, float, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="jiuye-bench-") as tmp:
        small = build_corpus(Path(tmp) / "n", n)
        large = build_corpus(Path(tmp) / "2n", 2 * n)
        docs_small = [read_document(p) for p in small]  # read once: only processing is timed
        docs_large = [read_document(p) for p in large]

        # N and 2N interleaved, so a noisy spell on the machine hits both alike
        t_small, t_large = [], []
        for _ in range(reps):
            t, claims = timed(lambda: process_all(docs_small))
            t_small.append(t)
            t_large.append(timed(lambda: process_all(docs_large))[0])
        per_doc = statistics.median(t_small) / n
        rows += [("process_document", n / statistics.median(t_small), "docs/s", ""),
                 ("process_document claims", claims / statistics.median(t_small), "claims/s",
                  f"({claims} claims in {n} docs)"),
                 ("per document", per_doc * 1000, "ms/doc", ""),
                 ("scaling 2N/N", statistics.median(t_large) / statistics.median(t_small), "ratio",
                  f"({2 * n} vs {n} docs; linear ≈ 2)")]

        store = Path(tmp) / "bench.duckdb"
        t_run = [timed(lambda: write_store(store, extract_paths([str(Path(tmp) / "n")])))[0] for _ in range(reps)]
        rows.append(("extract_paths + write_store", n / statistics.median(t_run), "docs/s",
                     f"(ratio {statistics.median(t_run) / statistics.median(t_small):.2f} × process_document alone)"))

        def cold_gazetteer():
            load_gazetteer.cache_clear()
            load_gazetteer()
        t_gaz = statistics.median(timed(cold_gazetteer)[0] for _ in range(reps))
        rows.append(("gazetteer cold build", t_gaz * 1000, "ms",
                     f"(ratio {t_gaz / per_doc:.1f} × one document; ≤ 1 means it is rebuilt per document; "
                     f"first build in process {t_first * 1000:.0f} ms)"))

        # Single process vs dask, both reading and processing from the files.
        t_loop = statistics.median(timed(lambda: [claims_of(p) for p in small])[0] for _ in range(reps))
        expected = claim_key([c for p in small for c in claims_of(p)])
        t_cold, got = timed(lambda: dask_claims(small))  # fresh worker processes: start-up and imports included
        mismatched = len(set(claim_key(got)) ^ set(expected))
        import dask.multiprocessing
        with ProcessPoolExecutor(2, mp_context=dask.multiprocessing.get_context()) as pool:
            dask_claims(small, pool)  # warm the workers (imports, gazetteer)
            t_dask = []
            for _ in range(reps):
                t, got = timed(lambda: dask_claims(small, pool))
                t_dask.append(t)
                mismatched = max(mismatched, len(set(claim_key(got)) ^ set(expected)))
        t_dask = statistics.median(t_dask)
        rows += [("single process read+process", n / t_loop, "docs/s", ""),
                 ("dask.bag 2 processes (warm)", n / t_dask, "docs/s",
                  f"(speed-up {t_loop / t_dask:.2f}×; claims {f'DIFFER: {mismatched} not in both' if mismatched else 'identical'})"),
                 ("dask.bag cold start", t_cold, "s", f"(ratio {t_cold / t_loop:.2f} × single process)")]

    rss_after = rss_mb()
    rows.append(("peak RSS", rss_after, "MB",
                 f"(+{rss_after - rss_before:.0f} MB from {rss_before:.0f} MB at start; "
                 f"{(rss_after - rss_before) / (3 * n) * 1000:.0f} MB per 1000 docs held)"))

    source = f"{len(find_documents(SAMPLES))} samples" + (f" + {len(find_documents(DEV))} dev" if DEV.is_dir() else "")
    print(f"jiuye bench · {platform.platform()} · {platform.machine()} · {os.cpu_count()} CPUs · "
          f"Python {platform.python_version()} · corpus {source} copied to N={n} · medians of {reps}")
    width = max(len(r[0]) for r in rows)
    for name, value, unit, note in rows:
        print(f"{name:<{width}}  {value:>10.{1 if value >= 10 else 3}f}  {unit:<8}  {note}".rstrip())
    if code_stamp() != stamp:
        print("note: extract/ changed during this run; figures (and dask claims) may mix two versions of the code")
    return 1 if mismatched else 0


if __name__ == "__main__":
    sys.exit(main())
