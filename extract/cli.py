"""`jiuye extract PATH... [--store FILE] [--out DIR] [--workers N | --scheduler ADDR]`, `jiuye serve [--store FILE]`
and `jiuye bench [--quick]`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from extract.store import DEFAULT_STORE


def _extract(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from extract.store import StoreError, write_exports
    from extract.update import update_store

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
    except StoreError as e:
        print(f"jiuye extract: {e}", file=sys.stderr)
        return 2
    for error in summary.errors:
        print(f"error: {error['path']}: {error['reason']}", file=sys.stderr)
    if summary.files == 0:
        from extract.documents import EXTENSIONS

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
    from extract.store import StoreError
    from extract.watch import watch

    def report(summary):
        for error in summary.errors:
            print(f"error: {error['path']}: {error['reason']}", file=sys.stderr)
        print(f"documents: {summary.documents} ({summary.extracted} extracted, {summary.removed} removed or changed), "
              f"claims: {summary.claims}, errors: {len(summary.errors)}", flush=True)

    print(f"watching {args.folder} → {args.store} (Ctrl-C to stop)", file=sys.stderr)
    try:
        watch(args.folder, args.store, settle=args.settle, workers=args.workers, on_update=report)
    except StoreError as e:
        print(f"jiuye watch: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    return 0


def _serve(args: argparse.Namespace) -> int:
    if not Path(args.store).exists():
        if not args.corpus:
            print(f"no store at {args.store}: run `jiuye extract data/corpus --store {args.store}` first",
                  file=sys.stderr)
            return 2
        from extract.update import update_store

        update_store([args.corpus], args.store, wait=True)
    from app import serve

    serve(args.store, host=args.host, port=args.port, debug=args.debug, corpus=args.corpus)
    return 0


def _bench(args: argparse.Namespace) -> int:
    from bench.run import run_command

    return run_command(args)


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

    watching = commands.add_parser("watch", help="keep the store up to date as files in a folder change")
    watching.add_argument("folder")
    watching.add_argument("--store", default=str(DEFAULT_STORE))
    watching.add_argument("--workers", type=int, default=1)
    watching.add_argument("--settle", type=float, default=1.0, help="seconds of quiet before a run (default 1)")
    watching.set_defaults(run=_watch)

    serve = commands.add_parser("serve", help="open the dashboard on a store")
    serve.add_argument("--store", default=str(DEFAULT_STORE))
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8050)
    serve.add_argument("--debug", action="store_true", help="Dash debug mode (never on a shared host)")
    serve.add_argument("--corpus", help="folder that files uploaded on the page are saved under and extracted from "
                       "(uploads are off without it)")
    serve.set_defaults(run=_serve)

    try:
        from bench import add_arguments as bench_arguments
    except ImportError:  # an install without the bench package
        bench_arguments = None
    if bench_arguments:
        bench = commands.add_parser("bench", help="speed, memory and planted-claim recall on a synthetic corpus "
                                    "(see bench/README.md)")
        bench_arguments(bench).set_defaults(run=_bench)

    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
