"""`jiuye bench [--quick]`: the figures of issue 4, measured in one run, one `name=value` a line.

The corpus is synthetic (bench/synthetic.py: articles in the shapes of the real
ones, with the claims they state written down), generated once into a temp
folder in sub-folders of 1 000 articles, so the first k folders are the corpus
of k thousand. The machine is shared and noisy: throughput is a median of
repeats, and the 1-process and 2-process runs alternate so that a busy spell
hits both. See bench/README.md for what each figure means and what healthy is.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime
import importlib
import importlib.util
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import regex

from bench.recall import found_and_missed, store_claims
from bench.synthetic import FILES_PER_FOLDER, read_planted, write_corpus
from extract.corpus.update import update_store

FLOOR = regex.compile(r"\d+(?:\.\d+)?")  # the floor: a bare number scan
RSS_SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}
DASHBOARD_SIZES = ("10k", "100k", "1m")


# ------------------------------------------------------------------ what is printed


def emit(name: str, value) -> None:
    """One figure: `name=value`, floats to three significant places or so."""
    if isinstance(value, float):
        value = f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"
    print(f"{name}={value}", flush=True)


def note(text: str) -> None:
    print(f"# {text}", flush=True)


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def git_commit() -> str:
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=Path(__file__).parent,
                             capture_output=True, text=True, timeout=5)
        if out.returncode == 0:
            return out.stdout.strip()
    return "unknown"


def machine_notes(mode: str) -> None:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    note(f"jiuye bench ({mode}) · {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} · commit {git_commit()}")
    note(f"machine: {os.cpu_count()} cores · {cpu_model()} · {platform.system()} {platform.release()} · "
         f"Python {platform.python_version()} · load average {load} (1, 5, 15 min) before the run")


# ------------------------------------------------------------------ measuring


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def folders(corpus: Path, n_docs: int) -> list[Path]:
    """The sub-folders holding the first n_docs articles (n_docs a multiple of 1 000, or fewer)."""
    return [corpus / f"{i:04d}" for i in range(max(1, -(-n_docs // FILES_PER_FOLDER)))]


def corpus_files(paths: list[Path]) -> list[Path]:
    return sorted(f for p in paths for f in p.iterdir() if f.is_file())


def claims_digest(store: Path) -> tuple[int, int]:
    """(claims, hash of their ids and values): equal for two runs that extracted the same claims."""
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute("SELECT count(*), coalesce(sum(hash(claim_id, value, metric, region, year)), 0) "
                           "FROM claims").fetchone()


def fresh_store(work: Path, name: str) -> Path:
    store = work / f"{name}.duckdb"
    for leftover in work.glob(f"{name}.duckdb*"):
        leftover.unlink()
    return store


def timed_both(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process): on a shared machine the second is the steadier."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def floor_scan(texts: list[str]) -> None:
    for text in texts:
        for _ in FLOOR.finditer(text):
            pass


def throughput(paths: list[Path], texts: list[str], work: Path, reps: int) -> dict:
    """End-to-end runs of update_store on one process and on two, and floor scans of the
    same text, alternating so that a busy spell of the machine hits all three; medians."""
    runs: dict[str, list[tuple[float, float]]] = {"one": [], "two": [], "floor": []}
    digests = set()
    store = None
    for _ in range(reps):
        store = fresh_store(work, "w1")
        runs["one"].append(timed_both(lambda: update_store(paths, store, workers=1)))
        digests.add(claims_digest(store))
        runs["floor"] += [timed_both(lambda: floor_scan(texts)) for _ in range(5)]
        store2 = fresh_store(work, "w2")
        runs["two"].append(timed_both(lambda: update_store(paths, store2, workers=2)))
        digests.add(claims_digest(store2))
    medians = {f"{k}_{clock}": statistics.median(r[i] for r in v) for k, v in runs.items()
               for i, clock in enumerate(("wall", "cpu"))}
    return {**medians, "digests": digests, "store": store}


def dask_speedup(paths: list[Path], work: Path, reps: int, t_one: float) -> tuple[float, tuple[int, int]]:
    """update_store through a 2-worker Dask LocalCluster (warm) vs one process; and the claims' digest."""
    try:
        from dask.distributed import LocalCluster
    except ImportError as e:
        raise ImportError("the Dask figure needs dask: pip install -e '.[dask]'") from e

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        store = fresh_store(work, "dask")
        update_store(paths, store, scheduler=cluster.scheduler_address)  # warm: imports, gazetteer
        times = []
        for _ in range(reps):
            store = fresh_store(work, "dask")
            times.append(timed(lambda: update_store(paths, store, scheduler=cluster.scheduler_address))[0])
    return t_one / statistics.median(times), claims_digest(store)


def gazetteer_build_seconds(reps: int) -> float:
    from extract.regions import load_gazetteer

    def cold():
        load_gazetteer.cache_clear()
        load_gazetteer()
    load_gazetteer()  # the first build in a process also compiles patterns a cache_clear keeps
    return statistics.median(timed(cold)[0] for _ in range(reps))


# Runs `jiuye extract` and, at its exit, writes the high-water mark of its own memory (VmHWM) to the file
# named by its first argument. Not ru_maxrss: Linux carries the parent's peak into a child across fork and
# exec, so a child of this (large) process would report at least this process's size.
_CHILD = """
import atexit, sys
from pathlib import Path

def report(out=sys.argv.pop(1)):
    status = Path("/proc/self/status")
    if status.exists():
        kib = next(line.split()[1] for line in status.read_text().splitlines() if line.startswith("VmHWM:"))
        Path(out).write_text(kib)

atexit.register(report)
from jiuye.cli import main
sys.exit(main(sys.argv[1:]))
"""


def child_run(paths: list[Path], store: Path) -> tuple[float, float, int, str]:
    """`jiuye extract PATHS --store STORE` in a fresh process: (seconds, its peak RSS in MB, exit code, stderr tail)."""
    with tempfile.TemporaryDirectory(prefix="jiuye-child-") as tmp:
        hwm = Path(tmp) / "vmhwm_kib"
        err = Path(tmp) / "stderr"
        command = [sys.executable, "-c", _CHILD, str(hwm), "extract", *map(str, paths), "--store", str(store)]
        start = time.perf_counter()
        with open(err, "wb") as stderr:
            proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
            _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; Popen must not wait again
        seconds = time.perf_counter() - start
        tail = err.read_text("utf-8", "replace")[-500:]
        if hwm.exists():
            peak_mb = int(hwm.read_text()) / 1024
        else:  # no /proc: ru_maxrss (KiB on Linux, bytes on macOS), an upper bound (see above)
            peak_mb = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return seconds, peak_mb, proc.returncode, tail


def one_new_article(work: Path) -> Path:
    """A folder holding one synthetic article the corpus does not have (another seed, another name)."""
    extra = work / "one_new"
    shutil.rmtree(extra, ignore_errors=True)
    write_corpus(extra / "written", 1, seed=1)
    [article] = corpus_files([extra / "written" / "0000"])
    article.rename(extra / f"added{article.suffix}")
    shutil.rmtree(extra / "written")
    return extra


def reruns(paths: list[Path], store: Path, extra: Path) -> Iterator[tuple[str, float, int, str]]:
    """`jiuye extract` again on an extracted store: on the same files, then with one new article beside them;
    (what, seconds, exit code, stderr tail) of each."""
    for what, run_paths in (("unchanged", paths), ("one_new", [*paths, extra])):
        seconds, _, code, tail = child_run(run_paths, store)
        yield what, seconds, code, tail


def dashboard_figures(quick: bool, work: Path) -> Iterator[tuple[str, object]]:
    """callback_p95_ms_* and csv_1m_* from bench/dashboard.py, when it is there."""
    names = [f"callback_p95_ms_{size}" for size in DASHBOARD_SIZES] + ["csv_1m_s", "csv_1m_peak_rss_mb"]
    if importlib.util.find_spec("bench.dashboard") is None:
        for name in names:
            yield name, "skipped (bench/dashboard.py not present)"
        return
    dashboard = importlib.import_module("bench.dashboard")
    sizes = getattr(dashboard, "SIZES", {"10k": 10_000, "100k": 100_000, "1m": 1_000_000})
    for size in DASHBOARD_SIZES:
        if quick and size != "10k":
            yield f"callback_p95_ms_{size}", "skipped (--quick)"
            if size == "1m":
                yield "csv_1m_s", "skipped (--quick)"
                yield "csv_1m_peak_rss_mb", "skipped (--quick)"
            continue
        store = dashboard.build_store(fresh_store(work, f"dash_{size}"), sizes[size])
        timings = dashboard.callback_timings(store)  # {callback: (p50_ms, p95_ms)}
        note(f"callbacks at {size} claims, p50/p95 ms: "
             + ", ".join(f"{name} {p50:.0f}/{p95:.0f}" for name, (p50, p95) in timings.items()))
        yield f"callback_p95_ms_{size}", max(p95 for _, p95 in timings.values())
        if size == "1m":
            seconds, peak_mb = dashboard.csv_download(store)
            yield "csv_1m_s", seconds
            yield "csv_1m_peak_rss_mb", peak_mb


# ------------------------------------------------------------------ the run


def run(quick: bool, docs: int | None, reps: int | None, keep: Path | None) -> int:
    docs = docs or (300 if quick else 2000)
    reps = reps or (3 if quick else 5)
    sizes = {k: v for k, v in RSS_SIZES.items() if not (quick and v > 1_000)}
    machine_notes("quick" if quick else "full")
    failures = 0
    with tempfile.TemporaryDirectory(prefix="jiuye-bench-") as tmp:
        work = keep or Path(tmp)
        corpus = work / "corpus"
        largest = max([docs, *sizes.values()])
        seconds, (written, planted_n) = timed(lambda: write_corpus(corpus, largest, seed=0, workers=2))
        note(f"synthetic corpus: {largest} articles, {written / 1e6:.1f} MB, {planted_n} planted claims, "
             f"written in {seconds:.1f} s ({largest / seconds:.0f} articles/s)")

        # Throughput corpus: the first `docs` articles (whole folders, then a partial one).
        paths = folders(corpus, docs)
        if docs % FILES_PER_FOLDER:
            partial = work / "bench_corpus"
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir()
            for f in corpus_files(paths)[:docs]:
                os.link(f, partial / f.name)
            paths = [partial]
        files = corpus_files(paths)
        texts = [f.read_bytes().decode("utf-8") for f in files]
        mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        note(f"throughput corpus: {len(files)} articles, {mb:.2f} MB; medians of {reps} runs, "
             f"1 and 2 processes alternating")

        result = throughput(paths, texts, work, reps)
        one, floor = result["one_wall"], result["floor_wall"]
        emit("extract_mb_s", mb / one)
        emit("floor_mb_s", mb / floor)
        emit("extract_vs_floor", floor / one)
        emit("scaling_2proc", one / result["two_wall"])
        emit("extract_docs_s", len(files) / one)
        emit("extract_mb_cpu_s", mb / result["one_cpu"])
        emit("extract_vs_floor_cpu", result["floor_cpu"] / result["one_cpu"])
        note(f"the 1-process runs got {result['one_cpu'] / one:.2f} of a core (CPU time / wall time); "
             f"2 processes on {os.cpu_count()} cores can reach 2 only on an idle machine")
        if len(result["digests"]) != 1:
            note("2 processes gave other claims than 1 process (or repeats differed)")
            failures += 1

        planted = read_planted(corpus, {f.stem for f in files})
        claims = [c for c in store_claims(result["store"]) if c["metric"] != "other"]
        found, missed = found_and_missed(planted, claims)
        emit("planted_recall", len(found) / len(planted))
        emit("planted_precision", len(found) / len(claims))
        note(f"planted claims: {len(found)} of {len(planted)} found (same value, metric, region, year); "
             f"{len(claims) - len(found)} of {len(claims)} claims with a metric were not planted")
        for p in missed[:3]:
            note(f"  missed: {p['doc_id']} {p['quote']} {p['metric']} {p['region']} {p['year']}")

        t_gazetteer = gazetteer_build_seconds(3)
        emit("gazetteer_build_ms", t_gazetteer * 1000)
        emit("gazetteer_vs_document", t_gazetteer / (one / len(files)))

        if not quick:
            speedup, digest = dask_speedup(paths, work, 2, one)
            emit("dask_2workers_vs_1proc", speedup)
            if digest not in result["digests"]:
                note("the Dask cluster gave other claims than 1 process")
                failures += 1

        peaks = {}
        extra = one_new_article(work)
        for label, n in sizes.items():
            store = fresh_store(work, f"rss_{label}")
            seconds, peak, code, tail = child_run(folders(corpus, n), store)
            if code != 0:
                note(f"jiuye extract on {label} articles exited {code}: {tail}")
                failures += 1
            peaks[label] = peak
            emit(f"peak_rss_mb_{label}", peak)
            note(f"{label} articles extracted by `jiuye extract` in a fresh process in {seconds:.1f} s "
                 f"({n / seconds:.0f} articles/s)")
            # Incremental runs: their cost should follow what changed, not the size of the store.
            for what, rerun_seconds, code, tail in reruns(folders(corpus, n), store, extra):
                if code != 0:
                    note(f"jiuye extract again on {label} articles ({what}) exited {code}: {tail}")
                    failures += 1
                emit(f"rerun_{what}_s_{label}", rerun_seconds)
        for label in RSS_SIZES:
            if label not in sizes:
                for name in ("peak_rss_mb", "rerun_unchanged_s", "rerun_one_new_s"):
                    emit(f"{name}_{label}", "skipped (--quick)")
        if "100k" in peaks:
            emit("peak_rss_100k_vs_1k", peaks["100k"] / peaks["1k"])

        for name, value in dashboard_figures(quick, work):
            emit(name, value)
    return 1 if failures else 0


def profile(n: int, top: int = 20) -> None:
    """Where process_document spends its time over n synthetic articles."""
    import cProfile
    import pstats

    from extract.read.reader import read_document
    from extract.pipeline import process_document
    from extract.regions import load_gazetteer

    with tempfile.TemporaryDirectory(prefix="jiuye-profile-") as tmp:
        write_corpus(tmp, n)
        documents = [read_document(f) for f in corpus_files(folders(Path(tmp), n))]
    load_gazetteer()
    profiler = cProfile.Profile()
    profiler.runcall(lambda: [process_document(d) for d in documents])
    print(f"cProfile of process_document over {len(documents)} synthetic articles:")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    from bench import add_arguments

    parser = add_arguments(argparse.ArgumentParser(prog="jiuye bench", description=__doc__.splitlines()[0]))
    return run_command(parser.parse_args(argv))


def run_command(args: argparse.Namespace) -> int:
    if args.profile:
        profile(args.docs or 200)
        return 0
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    return run(args.quick, args.docs, args.reps, args.keep)


if __name__ == "__main__":
    sys.exit(main())
