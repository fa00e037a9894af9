"""The DuckDB store: the only place the extractor writes and the dashboard reads.

A run builds the whole store in a temporary file beside the target and moves it
into place only when every table is written, so a crash mid-run leaves the old
store (or none) — never a half-written one.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import duckdb
import pandas as pd

from extract.contract import TABLES, csv_bytes, validate

DEFAULT_STORE = Path("data/jiuye.duckdb")


def _create_sql(table: str) -> str:
    cols = ", ".join(
        f'"{c.name}" {c.sql_type}{"" if c.nullable else " NOT NULL"}' for c in TABLES[table]
    )
    return f'CREATE TABLE "{table}" ({cols})'


def write_store(path: str | os.PathLike, tables: dict[str, pd.DataFrame]) -> Path:
    """Write every table of the contract to a new DuckDB file at `path`, atomically."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    checked = {name: validate(name, tables[name]) for name in TABLES}
    handle, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    os.unlink(tmp_name)  # DuckDB must create the file itself
    try:
        with duckdb.connect(tmp_name) as con:
            for name, frame in checked.items():
                con.execute(_create_sql(name))
                if len(frame):
                    con.register("incoming", frame)
                    con.execute(f'INSERT INTO "{name}" SELECT * FROM incoming')
                    con.unregister("incoming")
            con.execute("CHECKPOINT")
        os.replace(tmp_name, target)
        Path(f"{target}.wal").unlink(missing_ok=True)
    finally:
        for leftover in (tmp_name, f"{tmp_name}.wal"):
            Path(leftover).unlink(missing_ok=True)
    return target


def read_table(path: str | os.PathLike, table: str, sql_filter: str = "", params: list | None = None) -> pd.DataFrame:
    """Read one table of a store, read-only."""
    if table not in TABLES:
        raise KeyError(table)
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(f'SELECT * FROM "{table}" {sql_filter}', params or []).df()


def write_exports(out_dir: str | os.PathLike, tables: dict[str, pd.DataFrame]) -> list[Path]:
    """claims.csv, documents.csv and errors.csv in `out_dir`, UTF-8 with BOM."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in ("claims", "documents", "errors"):
        frame = validate(name, tables[name])
        if name == "documents":
            frame = frame.drop(columns=["text"])  # the text lives in the store; the CSV stays readable
        target = out / f"{name}.csv"
        tmp = target.with_suffix(".csv.tmp")
        tmp.write_bytes(csv_bytes(frame))
        os.replace(tmp, target)
        written.append(target)
    return written
