"""The DuckDB store: the only place the extractor writes and the dashboard reads.

A run never writes the store in place. `StoreWriter` takes the store's lock
(a second run waits or stops with a clear message), builds the next store in a
temporary file beside it — a copy of the current one when the run only adds
and removes documents — and moves it into place with one `os.replace` when
every table is written. A crash or a `kill -9` at any moment therefore leaves
the old store (or none), never a half-written one, and a reader that opened the
store before the swap keeps seeing the old file until it reopens.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from extract.contract import TABLES, csv_chunks, validate

DEFAULT_STORE = Path("data/jiuye.duckdb")
# DuckDB would take most of the machine's memory for its buffers; a store is
# written in batches, and sorts spill to disk, so a modest limit keeps a run's
# memory flat whatever the corpus (10k synthetic articles, peak of the whole run:
# 128 MB → 433 MB, 64 MB → 384 MB, in about the same time).
MEMORY_LIMIT_MB = 64
INDEX_ATTEMPTS = 4  # an index whose memory limit proves too small is built again with a larger one, this often at most


class StoreError(RuntimeError):
    """The store cannot be read or written; the message says which file and why."""


class StoreBusy(StoreError):
    """Another run holds the store's lock."""


def _create_sql(table: str) -> str:
    cols = ", ".join(
        f'"{c.name}" {c.sql_type}{"" if c.nullable else " NOT NULL"}' for c in TABLES[table]
    )
    return f'CREATE TABLE "{table}" ({cols})'


def lock_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.lock")


class StoreWriter:
    """Write the next version of a store, atomically, holding its lock.

        with StoreWriter(path) as writer:
            con = writer.begin(keep_previous=True)
            writer.append("claims", frame)
            writer.commit()

    Leaving the block without `commit()` (an error, Ctrl-C) discards the new
    version; a killed process leaves a temporary file that the next writer
    removes, and its lock dies with it.
    """

    def __init__(self, path: str | os.PathLike, wait: bool = False):
        self.target = Path(path)
        self.wait = wait
        self.con: duckdb.DuckDBPyConnection | None = None
        self._lock = None
        self._tmp: Path | None = None

    def __enter__(self) -> StoreWriter:
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            self._lock = open(lock_path(self.target), "a+")
        except OSError as e:
            raise StoreError(f"cannot write the store {self.target}: {e.strerror or e}") from e
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | (0 if self.wait else fcntl.LOCK_NB))
        except BlockingIOError:
            self._lock.seek(0)
            holder = self._lock.read().strip() or "?"
            self._lock.close()
            raise StoreBusy(f"the store {self.target} is being written by another jiuye run (pid {holder}); "
                            "wait for it to finish, or pass --wait to queue behind it") from None
        self._lock.seek(0)
        self._lock.truncate()
        self._lock.write(str(os.getpid()))
        self._lock.flush()
        for stale in self.target.parent.glob(f".{self.target.name}.*.tmp*"):
            # left by a run that was killed (with DuckDB's spill folder, <file>.tmp); we hold the lock, so none is live
            if stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
            else:
                stale.unlink(missing_ok=True)
        return self

    def previous(self, sql: str) -> pd.DataFrame | None:
        """A query against the current store, or None when there is none (or it lacks what `sql` reads)."""
        if not self.target.exists():
            return None
        try:
            with duckdb.connect(str(self.target), read_only=True) as con:
                return con.execute(sql).df()
        except duckdb.CatalogException:
            return None  # a store from an older contract: start afresh
        except duckdb.Error as e:
            raise StoreError(f"{self.target} is not a readable jiuye store ({e}); "
                             "move it away or pass another --store") from e

    def begin(self, keep_previous: bool) -> duckdb.DuckDBPyConnection:
        """Open the next version: a copy of the current store, or an empty one with every table."""
        handle, name = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".tmp", dir=self.target.parent)
        os.close(handle)
        self._tmp = Path(name)
        try:
            if keep_previous and self.target.exists():
                shutil.copyfile(self.target, self._tmp)
            else:
                self._tmp.unlink()  # DuckDB must create the file itself
            self.con = duckdb.connect(str(self._tmp))
        except (OSError, duckdb.Error) as e:
            raise StoreError(f"cannot write the store {self.target}: {e}") from e
        self.con.execute(f"SET memory_limit='{MEMORY_LIMIT_MB}MB'")
        # one thread: parallel pandas scans kept more memory per batch (5k documents: 220 → 207 MB peak)
        self.con.execute("SET threads=1")
        self.con.execute("SET enable_progress_bar=false")  # DuckDB would draw its own bars on the terminal
        existing = {r[0] for r in self.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        for table in TABLES:
            if table not in existing:
                self.con.execute(_create_sql(table))
        return self.con

    @contextlib.contextmanager
    def memory_limit(self, mb: int) -> Iterator[None]:
        """DuckDB's memory limit for one step of the run (an index must fit in memory while built; a
        stream of signatures needs little), then back to MEMORY_LIMIT_MB."""
        self.con.execute(f"SET memory_limit='{mb}MB'")
        try:
            yield
        finally:
            self.con.execute(f"SET memory_limit='{MEMORY_LIMIT_MB}MB'")

    def create_index(self, name: str, target: str, memory_mb: int) -> None:
        """CREATE INDEX `name` ON `target` with DuckDB's memory limit at `memory_mb` meanwhile: DuckDB builds
        an index (ART) in memory. A limit that proves too small is raised (by half, at least by
        MEMORY_LIMIT_MB) and the index built again: an estimate that falls short costs time, not the run."""
        for attempt in range(1, INDEX_ATTEMPTS + 1):
            try:
                with self.memory_limit(memory_mb):
                    self.con.execute(f"CREATE INDEX {name} ON {target}")
                return
            except duckdb.OutOfMemoryException:
                if attempt == INDEX_ATTEMPTS:
                    raise
                memory_mb += max(memory_mb // 2, MEMORY_LIMIT_MB)

    def append(self, table: str, frame: pd.DataFrame | pa.Table) -> None:
        """Add validated rows (a pandas or an Arrow table) to one table of the next version."""
        if len(frame):
            checked = validate(table, frame)
            self.con.register("incoming", checked)
            self.con.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM incoming')
            self.con.unregister("incoming")

    def rewrite(self, table: str, select: str) -> None:
        """Make the rows of `select` (the table's columns, in order) the whole of one table, which
        keeps its declared types and NOT NULLs: a bulk rewrite, where updating every row costs more."""
        self.con.execute(_create_sql(table).replace(f'"{table}"', f'"{table}_rewritten"', 1))
        self.con.execute(f'INSERT INTO "{table}_rewritten" {select}')
        self.con.execute(f'DROP TABLE "{table}"')
        self.con.execute(f'ALTER TABLE "{table}_rewritten" RENAME TO "{table}"')

    def replace(self, table: str, frame: pd.DataFrame) -> None:
        """Make `frame` the whole of one table."""
        self.con.execute(f'DELETE FROM "{table}"')
        self.append(table, frame)

    def commit(self) -> Path:
        """Write everything down and swap the new version in."""
        self.con.execute("CHECKPOINT")
        self.con.close()
        self.con = None
        os.replace(self._tmp, self.target)
        Path(f"{self.target}.wal").unlink(missing_ok=True)
        self._tmp = None
        return self.target

    def __exit__(self, *exc) -> None:
        if self.con is not None:
            self.con.close()
        if self._tmp is not None:
            for leftover in (self._tmp, Path(f"{self._tmp}.wal")):
                leftover.unlink(missing_ok=True)
        if self._lock is not None and not self._lock.closed:
            self._lock.close()  # releases the lock


def write_store(path: str | os.PathLike, tables: dict[str, pd.DataFrame]) -> Path:
    """Write every table of the contract to a new store at `path`, atomically (for tables held in memory)."""
    with StoreWriter(path, wait=True) as writer:
        writer.begin(keep_previous=False)
        for name in TABLES:
            writer.append(name, tables[name])
        return writer.commit()


def read_table(path: str | os.PathLike, table: str, sql_filter: str = "", params: list | None = None) -> pd.DataFrame:
    """Read one table of a store, read-only."""
    if table not in TABLES:
        raise KeyError(table)
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(f'SELECT * FROM "{table}" {sql_filter}', params or []).df()


# What `--out` writes, and the order rows come in.
EXPORTS = {
    "claims": 'SELECT * FROM claims ORDER BY doc_id, start, claim_id',
    # the text and its signature stay in the store
    "documents": 'SELECT * EXCLUDE (text, minhash, shingles) FROM documents ORDER BY doc_id',
    "errors": 'SELECT * FROM errors ORDER BY path, stage',
    "facts": 'SELECT * FROM facts ORDER BY fact_id',
}


def table_batches(path: str | os.PathLike, sql: str, rows: int = 50_000) -> Iterator[pd.DataFrame]:
    """The result of `sql` on a store in frames of at most `rows` rows, so no table is held whole."""
    with duckdb.connect(str(path), read_only=True) as con:
        con.execute(f"SET memory_limit='{MEMORY_LIMIT_MB}MB'")
        result = con.execute(sql)
        columns = [d[0] for d in result.description]
        yielded = False
        while True:
            batch = result.fetch_df_chunk(max(1, rows // 2048))
            if batch.empty:
                break
            yielded = True
            yield batch
        if not yielded:
            yield pd.DataFrame(columns=columns)


def write_exports(store: str | os.PathLike, out_dir: str | os.PathLike, tables: Iterable[str] = tuple(EXPORTS)) -> list[Path]:
    """claims.csv, documents.csv, errors.csv and facts.csv from a store, UTF-8 with BOM, streamed."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in tables:
        target = out / f"{name}.csv"
        tmp = target.with_suffix(".csv.tmp")
        with open(tmp, "wb") as f:
            for chunk in csv_chunks(table_batches(store, EXPORTS[name])):
                f.write(chunk)
        os.replace(tmp, target)
        written.append(target)
    return written
