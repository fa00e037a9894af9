"""`jiuye extract PATH... [--store FILE] [--out DIR]` and `jiuye serve [--store FILE]`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from extract.store import DEFAULT_STORE


def _extract(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from extract.pipeline import extract_paths
    from extract.store import write_exports, write_store

    def progress(files):
        return tqdm(files, desc="documents", unit="doc", disable=None if len(files) > 20 else True,
                    file=sys.stderr)

    tables = extract_paths(args.paths, progress=progress)
    write_store(args.store, tables)
    if args.out:
        write_exports(args.out, tables)
    for row in tables["errors"].itertuples():
        print(f"error: {row.path}: {row.reason}", file=sys.stderr)
    claims = tables["claims"]
    print(f"documents read: {len(tables['documents'])}, claims: {len(claims)} "
          f"({int((claims['metric'] != 'other').sum())} with a metric), errors: {len(tables['errors'])}; "
          f"store: {args.store}" + (f"; CSV in {args.out}" if args.out else ""))
    # a run that read nothing is a failure a script should see; one bad file among many is not
    return 1 if tables["documents"].empty and len(tables["errors"]) else 0


def _serve(args: argparse.Namespace) -> int:
    if not Path(args.store).exists():
        print(f"no store at {args.store}: run `jiuye extract data/corpus --store {args.store}` first",
              file=sys.stderr)
        return 2
    from app import serve

    serve(args.store, host=args.host, port=args.port, debug=args.debug)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="jiuye", description="Employment figures from Chinese articles.")
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="read articles and write the claims store")
    extract.add_argument("paths", nargs="+", help="files or folders (read recursively)")
    extract.add_argument("--store", default=str(DEFAULT_STORE), help=f"DuckDB file (default {DEFAULT_STORE})")
    extract.add_argument("--out", help="also write claims.csv, documents.csv and errors.csv here")
    extract.set_defaults(run=_extract)

    serve = commands.add_parser("serve", help="open the dashboard on a store")
    serve.add_argument("--store", default=str(DEFAULT_STORE))
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8050)
    serve.add_argument("--debug", action="store_true", help="Dash debug mode (never on a shared host)")
    serve.set_defaults(run=_serve)

    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
