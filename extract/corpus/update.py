"""One run of `jiuye extract`: bring a store up to date with the files under some paths.

The store afterwards is exactly what a fresh run over those paths would give,
but only new or changed files (by content hash) are read and extracted; the
claims of files that changed or are gone are removed. A change to the
extractor itself (its code or tables) makes every file count as changed.
Workers (local processes or a Dask cluster, `extract.corpus.workers.Workers`)
hand back each batch's rows as Arrow tables, and this process inserts them as
they come, so memory stays flat however large the folder; the store is
swapped in only when the run is complete (see `extract.corpus.store`).

Two steps then look across documents: near-duplicates are grouped from the
stored signatures, a few passes over them (a copy that lacks a date or source
borrows it from its group and is read again, so its 去年 resolves); and claims
that state the same thing become one fact (`extract.corpus.facts`), partition by
partition of their keys, the partitions spread over the same workers. Only the
keys whose claims changed are built again: a run that adds a file to a large
store rebuilds the facts that file touches, not every fact.
"""
from __future__ import annotations

import datetime
import hashlib
import math
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from extract.contract import REGION_KEY_SQL, columns, validate
from extract.corpus.duplicates import borrowed_metadata
from extract.corpus.duplicates_store import store_duplicate_groups, store_duplicate_pairs
from extract.corpus.facts import facts_of_partition
from extract.corpus.gather import frame, list_files, metrics_frame
from extract.corpus.store import MEMORY_LIMIT_MB, StoreWriter
from extract.corpus.workers import Workers
from extract.pipeline import BATCH_FILES, Batch, batch_of, batches, process_batch, process_path

PACKAGE = Path(__file__).resolve().parent.parent  # all of `extract`: its version covers every stage and table
INSERT_DOCUMENTS = 200  # workers' batches are gathered to about this many documents per insert: fewer, larger appends
FACT_PARTITION_CLAIMS = 5_000  # facts are built over about this many claims at a time (pandas needs ~4 KB a claim)
SIGNATURES_MEMORY_MB = 16  # DuckDB's memory while near-duplicates stream the stored signatures (1 KiB rows)
# DuckDB's memory while it builds an index: 1.08 M claims need 64–72 MB for claims(fact_id) (80 B a claim:
# 82 MB); a larger limit only lets DuckDB cache more (100k articles: run peak 338 MB at 96 B, 322 at 80)
INDEX_BYTES_PER_CLAIM = 80
# A file modified this shortly before a run looked at it could change again within the same tick of a coarse
# clock and keep its mtime: the run records no mtime for it, so the next run hashes it to be sure.
FRESH_SECONDS = 2
# The dashboard looks claims and facts up by id; with these a lookup is a probe, not a scan (1M claims: 50 → 3 ms).
INDEXES = {"claims_fact_id": "claims(fact_id)", "claims_claim_id": "claims(claim_id)", "facts_fact_id": "facts(fact_id)"}


@dataclass
class RunSummary:
    files: int = 0  # article files found under the paths
    extracted: int = 0  # read and extracted in this run
    unchanged: int = 0  # kept from the previous store
    removed: int = 0  # in the previous store, now changed or gone
    documents: int = 0  # in the store after the run
    claims: int = 0
    with_metric: int = 0
    errors: list[dict] = field(default_factory=list)


def extractor_version() -> str:
    """A hash of the extractor's code and tables: stores written by another version are rebuilt."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in {".py", ".csv"} and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def file_stat(path: str) -> tuple[int, int]:
    """(size, mtime in ns) of a file; (-1, -1), which matches nothing stored, if it cannot be looked at."""
    try:
        found = os.stat(path)
    except OSError:
        return -1, -1
    return found.st_size, found.st_mtime_ns


def file_hash(path: str) -> str:
    """sha256 of a file's bytes, as `documents.content_hash` holds it; "" if it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return ""
    return digest.hexdigest()


def update_store(paths: Iterable[str | os.PathLike], store: str | os.PathLike, workers: int = 1,
                 scheduler: str | None = None, wait: bool = False,
                 progress: Callable[[Iterable[Batch], int], Iterable[Batch]] = lambda it, total: it,
                 allow_empty: bool = False) -> RunSummary:
    """Bring `store` up to date with the article files under `paths`; returns what happened.

    `progress(batches, total)` may wrap the stream of processed batches (each names its
    `paths`) to show how far the `total` files to extract have come.

    Paths that hold no article file at all leave the store untouched (a mistyped
    folder must not empty it) unless `allow_empty` (a watched folder emptied on purpose).
    """
    files, errors = list_files(paths)
    summary = RunSummary(files=len(files), errors=errors)
    if not files and not allow_empty:
        return summary
    version = extractor_version()
    with Workers(workers, scheduler) as pool, StoreWriter(store, wait=wait) as writer:
        previous = _previous_documents(writer, version)
        # Each file is looked at before it is read: whatever changes after that changes its size or mtime.
        looked_at = time.time_ns()
        stats = np.array([file_stat(path) for path in files], dtype=np.int64).reshape(-1, 2)
        unchanged, restated = _unchanged_files(files, stats, previous)
        stale = [path for path in previous if path not in unchanged]
        # damage reported when a kept file was read stays reported
        kept_errors = writer.previous("SELECT path, stage, reason FROM errors") if unchanged else None
        if kept_errors is not None:
            summary.errors += [row for row in kept_errors.to_dict("records") if row["path"] in unchanged]
        todo = [path for path in files if path not in unchanged]
        summary.unchanged, summary.removed = len(unchanged), len(stale)
        if previous and not todo and not stale and not restated:  # the store is already what this run would write
            [summary.documents, summary.claims, summary.with_metric] = writer.previous(_COUNTS).iloc[0].tolist()
            return summary
        con = writer.begin(keep_previous=bool(unchanged))
        con.execute("CREATE TEMP TABLE left_facts (fact_id VARCHAR)")  # see _delete_claims
        for name in INDEXES:  # rebuilt at the end: cheaper than keeping them through the run's deletes and updates
            con.execute(f"DROP INDEX IF EXISTS {name}")
        if stale:
            con.execute("CREATE TEMP TABLE stale AS SELECT doc_id FROM documents WHERE path IN "
                        "(SELECT unnest(?::VARCHAR[]))", [stale])
            _delete_claims(con, "doc_id IN (SELECT doc_id FROM stale)")
            con.execute("DELETE FROM documents WHERE doc_id IN (SELECT doc_id FROM stale)")
        pending: list[Batch] = []
        for batch in progress(pool.map(process_batch, batches(todo, BATCH_FILES)), len(todo)):
            pending.append(batch)
            if sum(b.documents.num_rows for b in pending) >= INSERT_DOCUMENTS:
                _write_batches(writer, pending, summary)
                pending = []
        _write_batches(writer, pending, summary)
        _settle_duplicates(writer)
        _write_facts(writer, pool)
        _create_indexes(writer)
        _write_file_stats(con, files, stats, looked_at)
        writer.replace("errors", frame("errors", summary.errors))
        writer.replace("metrics", metrics_frame())
        writer.replace("meta", pd.DataFrame([{"key": "extractor_version", "value": version}]))
        summary.documents, summary.claims, summary.with_metric = con.execute(_COUNTS).fetchone()
        writer.commit()
    return summary


_COUNTS = "SELECT (SELECT count(*) FROM documents), count(*), count(*) FILTER (metric <> 'other') FROM claims"


def _create_indexes(writer: StoreWriter) -> None:
    """The dashboard's lookup indexes, each built within a memory limit that grows with the claims."""
    [(n_claims,)] = writer.con.execute("SELECT count(*) FROM claims").fetchall()
    for name, target in INDEXES.items():
        writer.create_index(name, target, max(MEMORY_LIMIT_MB, n_claims * INDEX_BYTES_PER_CLAIM >> 20))


def _previous_documents(writer: StoreWriter, version: str) -> dict[str, tuple[str, int, int]]:
    """path → (content hash, size, mtime_ns as noted in `files`) of the documents in the store, if the same
    extractor version wrote it."""
    meta = writer.previous("SELECT value FROM meta WHERE key = 'extractor_version'")
    if meta is None or meta.empty or meta["value"].iloc[0] != version:
        return {}
    documents = writer.previous("SELECT path, content_hash, coalesce(size, -1) AS size, coalesce(mtime_ns, -1) AS "
                                "mtime_ns FROM documents LEFT JOIN files USING (path)")
    if documents is None:
        return {}
    return {path: (content_hash, size, mtime_ns) for path, content_hash, size, mtime_ns in zip(
        documents["path"], documents["content_hash"], documents["size"].tolist(), documents["mtime_ns"].tolist())}


def _unchanged_files(files: list[str], stats: np.ndarray, previous: dict[str, tuple[str, int, int]]
                     ) -> tuple[set[str], bool]:
    """The files the store holds as they are now, and whether the store's `files` is out of date.

    Only a file the store already holds can be unchanged: one whose size and mtime are those the store
    noted, or else (read back and hashed) whose bytes are; its new size and mtime are then to be noted."""
    unchanged, restated = set(), False
    for path, stat in zip(files, stats.tolist()):
        if path not in previous:
            continue
        content_hash, *noted = previous[path]
        if stat == noted:
            unchanged.add(path)
        else:
            restated = True
            if file_hash(path) == content_hash:
                unchanged.add(path)
    return unchanged, restated


def _write_file_stats(con, files: list[str], stats: np.ndarray, looked_at: int) -> None:
    """`files`: the size and mtime of each stored document's file as this run saw it before reading it."""
    fresh = stats[:, 1] > looked_at - FRESH_SECONDS * 10**9
    seen = validate("files", pd.DataFrame({"path": pd.Series(files, dtype=object), "size": stats[:, 0],
                                           "mtime_ns": np.where(fresh, -1, stats[:, 1])}))
    con.execute("DELETE FROM files")
    con.register("incoming", seen)
    con.execute("INSERT INTO files SELECT * FROM incoming WHERE path IN (SELECT path FROM documents)")
    con.unregister("incoming")


def _write_batches(writer: StoreWriter, batches: list[Batch], summary: RunSummary) -> None:
    if not batches:
        return
    summary.errors += [error for batch in batches for error in batch.errors]
    summary.extracted += sum(batch.documents.num_rows for batch in batches)
    for table in ("documents", "claims"):
        writer.append(table, pa.concat_tables([getattr(batch, table) for batch in batches]))


def _delete_claims(con, where: str, params: list | None = None) -> None:
    """Delete claims, noting the facts they leave in `left_facts`: those facts' keys are built again."""
    con.execute(f"INSERT INTO left_facts SELECT DISTINCT fact_id FROM claims WHERE {where}", params)
    con.execute(f"DELETE FROM claims WHERE {where}", params)


def _settle_duplicates(writer: StoreWriter) -> None:
    """Mark near-duplicates (`documents.duplicate_of`) and read again the copies that borrow metadata."""
    con = writer.con
    # The signatures are read once, in passes: a cache of their blocks would only hold memory
    # (100k articles: run peak 430 → 380 MB)
    with writer.memory_limit(SIGNATURES_MEMORY_MB):
        found = store_duplicate_pairs(con)  # memory: a few hundred bytes a document, see there
    groups, documents = store_duplicate_groups(con, found)
    con.execute("UPDATE documents SET duplicate_of = '' WHERE duplicate_of <> ''")
    copies = pd.DataFrame([(doc, top) for doc, top in groups.items() if doc != top], columns=["doc_id", "top"])
    if len(copies):
        con.register("copies", copies)
        con.execute("UPDATE documents SET duplicate_of = copies.top FROM copies WHERE documents.doc_id = copies.doc_id")
        con.unregister("copies")
    paths = dict(zip(documents["doc_id"], documents["path"]))
    for doc_id, taken in borrowed_metadata(documents, groups).items():
        fields = {k: v for k, v in taken.items() if k in ("date", "source")}
        if "date" in fields:
            fields["date"] = _as_date(fields["date"])
        if not fields:
            continue
        outcome = process_path(paths[doc_id], borrowed=fields)
        if outcome.document is None:
            continue  # the file changed or went since it was read; the next run sees it
        outcome.document["duplicate_of"] = groups[doc_id] if groups[doc_id] != doc_id else ""
        _delete_claims(con, "doc_id = ?", [doc_id])
        con.execute("DELETE FROM documents WHERE doc_id = ?", [doc_id])
        _write_batches(writer, [batch_of([outcome])], RunSummary())


def _as_date(value) -> datetime.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


# A claim's fact key (see extract.corpus.facts.KEY) as one hash; a fact row holds its claims' key columns, so the
# same expression reads a fact's key. Two keys that share a hash are only rebuilt together: no harm.
_KEY_HASH = f'hash({REGION_KEY_SQL}, metric, kind, year, period, "group", unit)'
# Claims whose facts are rebuilt by an UPDATE of their fact ids when they are at most this share of all claims,
# else by rewriting the claims table: a run that adds a few files to a large store touches few claims.
UPDATE_SHARE = 0.2


def _write_facts(writer: StoreWriter, pool: Workers) -> None:
    """Bring `facts` and `claims.fact_id` up to date, rebuilding the facts of the keys whose claims changed
    (a fact is built from the claims of its key alone: a claim without a fact yet, or a fact that lost a
    claim, as `_delete_claims` noted), one partition of those keys at a time (a key never spans two), the
    partitions spread over the workers."""
    con = writer.con
    [(n, n_new)] = con.execute("SELECT count(*), count(*) FILTER (fact_id = '') FROM claims").fetchall()
    if n_new == n:  # every claim is new (a fresh run): every fact is built, with no list of keys to hold
        scope, n_touched = "true", n
    else:  # keys with a claim that has no fact yet (new, or read again), and keys of facts that lost a claim
        con.execute(f"""CREATE TEMP TABLE touched AS
            SELECT DISTINCT {_KEY_HASH} AS key FROM claims WHERE fact_id = ''
            UNION
            SELECT {_KEY_HASH} FROM facts WHERE fact_id IN (SELECT fact_id FROM left_facts)""")
        scope = f"{_KEY_HASH} IN (SELECT key FROM touched)"
        [(n_touched,)] = con.execute(f"SELECT count(*) FROM claims WHERE {scope}").fetchall()
    con.execute(f"DELETE FROM facts WHERE {scope}")
    con.execute("CREATE TEMP TABLE new_facts AS SELECT * FROM facts LIMIT 0")
    con.execute("CREATE TEMP TABLE fact_links (claim_id VARCHAR, fact_id VARCHAR)")
    # at least a few partitions per worker, so that every worker has some of a small corpus's facts to build
    parts = max(math.ceil(n_touched / FACT_PARTITION_CLAIMS), 4 * pool.size)
    needed = ", ".join(f'"{c}"' for c in columns("claims") if c in columns("facts") or c in ("claim_id", "doc_id"))
    # Sorted by partition once (DuckDB sorts on disk beyond its memory limit), so reading a partition
    # touches its own blocks only: 1.08 M claims sort in ~2 s, and a partition then reads in ~10 ms,
    # where a scan of every claim for each partition cost ~0.5 s.
    con.execute(f"CREATE TEMP TABLE fact_input AS SELECT {needed}, {_KEY_HASH} % ? AS part FROM claims "
                f"WHERE {scope} ORDER BY part", [parts])
    partitions = (con.sql("SELECT * EXCLUDE (part) FROM fact_input WHERE part = ?", params=[part]).to_arrow_table()
                  for part in range(parts))
    for facts, links in pool.map(facts_of_partition, partitions):
        con.register("incoming", facts)
        con.execute("INSERT INTO new_facts BY NAME SELECT * FROM incoming")
        con.register("incoming", links)
        con.execute("INSERT INTO fact_links SELECT * FROM incoming")
        con.unregister("incoming")
    if n_touched <= UPDATE_SHARE * n:
        con.execute("UPDATE claims SET fact_id = l.fact_id FROM fact_links l WHERE claims.claim_id = l.claim_id")
    else:
        # claims rewritten with their fact ids in one join, which DuckDB spills to disk as it needs: an UPDATE
        # of every claim (or one per partition) costs several times more
        linked = ", ".join(f'c."{c}"' if c != "fact_id" else "coalesce(l.fact_id, c.fact_id) AS fact_id"
                           for c in columns("claims"))
        writer.rewrite("claims", f"SELECT {linked} FROM claims c LEFT JOIN fact_links l USING (claim_id)")
    for table in ("touched", "fact_links", "fact_input", "left_facts"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    # stored in the order the dashboard filters by, so DuckDB skips the blocks of other metrics
    con.execute("INSERT INTO facts SELECT * FROM new_facts ORDER BY metric, region_level, year_to, year_from, fact_id")
    con.execute("DROP TABLE new_facts")
