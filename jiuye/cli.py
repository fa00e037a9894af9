"""`jiuye extract PATH... [--store FILE] [--out DIR] [--workers N | --scheduler ADDR]`, `jiuye watch FOLDER...`,
`jiuye serve [--store FILE] [--corpus FOLDER] [--uploads FOLDER]` and `jiuye bench [--quick]`.

`serve --corpus` runs two processes: the dashboard, which only reads the store and
saves uploaded files, and one `jiuye watch` over the corpus and the uploads folder,
which extracts them into the store; the watcher ends with the dashboard."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from extract.corpus.store import DEFAULT_STORE

DEFAULT_UPLOADS = Path(DEFAULT_STORE).parent / "uploads"


def _extract(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from extract.corpus.store import StoreError, write_exports
    from extract.corpus.update import update_store

    tqdm.monitor_interval = 0  # no monitor thread: a single-threaded process may fork its workers (extract.pipeline)

    def progress(batches, total):
        with tqdm(total=total, desc="documents", unit="doc", disable=None if total > 20 else True,
                  file=sys.stderr) as bar:
            for batch in batches:
                bar.update(len(batch.paths))
                yield batch

    try:
        summary = update_store(args.paths, args.store, workers=args.workers, scheduler=args.scheduler,
                               wait=args.wait, progress=progress)
        if args.out:
            write_exports(args.store, args.out)
    except (StoreError, ImportError) as e:  # ImportError: an extra (dask) is not installed
        print(f"jiuye extract: {e}", file=sys.stderr)
        return 2
    for error in summary.errors:
        print(f"error: {error['path']}: {error['reason']}", file=sys.stderr)
    if summary.files == 0:
        from extract.read.files import EXTENSIONS

        print(f"jiuye extract: no article file found under {' '.join(args.paths)} (looked for "
              f"{' '.join(sorted(EXTENSIONS))}); the store was not touched", file=sys.stderr)
        return 1
    print(f"documents: {summary.documents} in the store ({summary.extracted} extracted, {summary.unchanged} unchanged, "
          f"{summary.removed} removed or changed), claims: {summary.claims} ({summary.with_metric} with a metric), "
          f"errors: {len(summary.errors)}; store: {args.store}" + (f"; CSV in {args.out}" if args.out else ""))
    # a run that read nothing is a failure a script should see; one bad file among many is not
    if summary.documents == 0 and summary.errors:
        print("jiuye extract: no document could be read", file=sys.stderr)
        return 1
    return 0


def _watch(args: argparse.Namespace) -> int:
    import signal
    import threading

    from extract.contract import watch_status_path
    from extract.corpus.watch import watch

    def report(summary):
        for error in summary.errors:
            print(f"error: {error['path']}: {error['reason']}", file=sys.stderr)
        print(f"documents: {summary.documents} ({summary.extracted} extracted, {summary.removed} removed or changed), "
              f"claims: {summary.claims}, errors: {len(summary.errors)}", flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())  # how `jiuye serve` ends its watcher: the status says so
    if args.parent_pid:  # started by `jiuye serve`: never outlive it, even when it is killed
        def orphaned():
            while not stop.wait(0.5):
                if os.getppid() != args.parent_pid:
                    stop.set()

        threading.Thread(target=orphaned, name="jiuye-watch-parent", daemon=True).start()
    print(f"watching {' '.join(args.folders)} → {args.store} (Ctrl-C to stop)", file=sys.stderr)
    try:
        watch(args.folders, args.store, settle=args.settle, workers=args.workers, on_update=report, stop=stop,
              status=args.status or watch_status_path(args.store),
              on_failure=lambda e: print(f"jiuye watch: {e}", file=sys.stderr, flush=True))
    except KeyboardInterrupt:
        pass
    except ImportError as e:  # watchdog is an extra
        print(f"jiuye watch: {e}", file=sys.stderr)
        return 2
    return 0


def start_watcher(folders: list[str], store: str | os.PathLike) -> subprocess.Popen:
    """One `jiuye watch` over `folders` into `store`, as a child process that ends with this one."""
    return subprocess.Popen([sys.executable, "-m", "jiuye", "watch", *map(str, folders), "--store", str(store),
                             "--parent-pid", str(os.getpid())])


def stop_watcher(watcher: subprocess.Popen, timeout: float = 10.0) -> None:
    """Ask the watcher to stop (it finishes a run it is in); make it stop if that takes longer than `timeout`."""
    watcher.terminate()
    try:
        watcher.wait(timeout)
    except subprocess.TimeoutExpired:
        watcher.kill()
        watcher.wait()


def _serve(args: argparse.Namespace) -> int:
    folders = []
    if args.corpus:
        uploads = Path(args.uploads)
        uploads.mkdir(parents=True, exist_ok=True)
        # uploads inside the corpus are watched as part of it (listed twice, each file would clash with itself)
        inside = uploads.resolve().is_relative_to(Path(args.corpus).resolve())
        folders = [args.corpus] if inside else [args.corpus, str(uploads)]
    if not Path(args.store).exists():
        if not args.corpus:
            print(f"no store at {args.store}: run `jiuye extract data/corpus --store {args.store}` first",
                  file=sys.stderr)
            return 2
        from extract.corpus.update import update_store

        update_store(folders, args.store, wait=True)
    import signal

    from app import serve

    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stopped as by Ctrl-C: it stops its watcher
    # --debug's reloader runs this function again in a child process (WERKZEUG_RUN_MAIN): one watcher is enough
    reloaded = os.environ.get("WERKZEUG_RUN_MAIN") == "true"
    watcher = start_watcher(folders, args.store) if folders and not reloaded else None
    try:
        serve(args.store, host=args.host, port=args.port, debug=args.debug,
              uploads=args.uploads if folders else None)
    finally:
        if watcher:
            stop_watcher(watcher)
    return 0


def _bench(args: argparse.Namespace) -> int:
    from bench.run import run_command

    return run_command(args)


def _bench_arguments():
    """`bench.add_arguments`, or None where there is no bench: it is not in the wheel, only in a checkout
    (where `jiuye`, installed editable, finds it beside `extract/`)."""
    try:
        from bench import add_arguments
    except ImportError:
        checkout = Path(__file__).resolve().parent.parent
        if not (checkout / "bench" / "__init__.py").is_file():
            return None
        sys.path.append(str(checkout))
        from bench import add_arguments
    return add_arguments


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="jiuye", description="Employment figures from Chinese articles.")
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="read articles and write the claims store")
    extract.add_argument("paths", nargs="+", help="files or folders (read recursively)")
    extract.add_argument("--store", default=str(DEFAULT_STORE), help=f"DuckDB file (default {DEFAULT_STORE})")
    extract.add_argument("--out", help="also write claims.csv, facts.csv, documents.csv and errors.csv here")
    extract.add_argument("--workers", type=int, default=1, help="local worker processes (default 1)")
    extract.add_argument("--scheduler", help="address of a Dask distributed scheduler, e.g. tcp://10.0.0.5:8786 "
                         "(its workers must see the same paths)")
    extract.add_argument("--wait", action="store_true", help="if another run is writing the store, wait for it")
    extract.set_defaults(run=_extract)

    watching = commands.add_parser("watch", help="keep the store up to date as files in folders change "
                                   "(needs the [watch] extra)")
    watching.add_argument("folders", nargs="+", metavar="FOLDER")
    watching.add_argument("--store", default=str(DEFAULT_STORE))
    watching.add_argument("--workers", type=int, default=1)
    watching.add_argument("--settle", type=float, default=1.0, help="seconds of quiet before a run (default 1)")
    watching.add_argument("--status", help="file to say what the watcher is doing in, as JSON "
                          "(default: .STORE.watch.json beside the store; the dashboard reads it)")
    watching.add_argument("--parent-pid", type=int, help=argparse.SUPPRESS)  # stop when this process is gone
    watching.set_defaults(run=_watch)

    serve = commands.add_parser("serve", help="open the dashboard on a store")
    serve.add_argument("--store", default=str(DEFAULT_STORE))
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8050)
    serve.add_argument("--debug", action="store_true", help="Dash debug mode (never on a shared host)")
    serve.add_argument("--corpus", help="folder the store is extracted from; with it, files dropped on the page "
                       "are saved to --uploads, and one `jiuye watch` over both keeps the store up to date "
                       "(uploads are off without it)")
    serve.add_argument("--uploads", default=str(DEFAULT_UPLOADS),
                       help=f"folder dropped files are saved in (default {DEFAULT_UPLOADS}; keep it out of the corpus "
                       "folder when that is a checked-in sample)")
    serve.set_defaults(run=_serve)

    bench_arguments = _bench_arguments()
    if bench_arguments:
        bench = commands.add_parser("bench", help="speed, memory and planted-claim recall on a synthetic corpus "
                                    "(see bench/README.md)")
        bench_arguments(bench).set_defaults(run=_bench)

    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
