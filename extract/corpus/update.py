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

`update_store` reads as load (what the store holds, which files changed) →
process and save (the changed files, near-duplicates, facts, indexes); every
SQL statement it runs is a function of `extract.corpus.store_queries`.
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

from extract.contract import validate
from extract.corpus import store_queries as stored
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
# Claims whose facts are rebuilt by an UPDATE of their fact ids when they are at most this share of all claims,
# else by rewriting the claims table: a run that adds a few files to a large store touches few claims.
UPDATE_SHARE = 0.2


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
        # load: what the store holds, and which files are as it holds them
        previous = stored.previous_documents(writer) if stored.previous_version(writer) == version else {}
        # Each file is looked at before it is read: whatever changes after that changes its size or mtime.
        looked_at = time.time_ns()
        stats = np.array([file_stat(path) for path in files], dtype=np.int64).reshape(-1, 2)
        unchanged, restated = _unchanged_files(files, stats, previous)
        stale = [path for path in previous if path not in unchanged]
        if unchanged:  # damage reported when a kept file was read stays reported
            summary.errors += [row for row in stored.previous_errors(writer) if row["path"] in unchanged]
        todo = [path for path in files if path not in unchanged]
        summary.unchanged, summary.removed = len(unchanged), len(stale)
        if previous and not todo and not stale and not restated:  # the store is already what this run would write
            [summary.documents, summary.claims, summary.with_metric] = stored.previous_counts(writer)
            return summary

        # process and save: the files that changed, then what looks across documents
        con = writer.begin(keep_previous=bool(unchanged))
        stored.start_run(con)
        if stale:
            stored.delete_paths(con, stale)
        pending: list[Batch] = []
        for batch in progress(pool.map(process_batch, batches(todo, BATCH_FILES)), len(todo)):
            pending.append(batch)
            if sum(b.documents.num_rows for b in pending) >= INSERT_DOCUMENTS:
                _write_batches(writer, pending, summary)
                pending = []
        _write_batches(writer, pending, summary)
        _settle_duplicates(writer)
        _write_facts(writer, pool)
        stored.create_indexes(writer, MEMORY_LIMIT_MB, INDEX_BYTES_PER_CLAIM)
        stored.write_file_stats(con, _file_stats(files, stats, looked_at))
        writer.replace("errors", frame("errors", summary.errors))
        writer.replace("metrics", metrics_frame())
        writer.replace("meta", pd.DataFrame([{"key": "extractor_version", "value": version}]))
        summary.documents, summary.claims, summary.with_metric = stored.counts(con)
        writer.commit()
    return summary


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


def _file_stats(files: list[str], stats: np.ndarray, looked_at: int) -> pd.DataFrame:
    """Rows of `files`: the size and mtime of each file as this run saw it before reading it (no mtime for a
    file modified just before: see FRESH_SECONDS)."""
    fresh = stats[:, 1] > looked_at - FRESH_SECONDS * 10**9
    return validate("files", pd.DataFrame({"path": pd.Series(files, dtype=object), "size": stats[:, 0],
                                           "mtime_ns": np.where(fresh, -1, stats[:, 1])}))


def _write_batches(writer: StoreWriter, batches: list[Batch], summary: RunSummary) -> None:
    if not batches:
        return
    summary.errors += [error for batch in batches for error in batch.errors]
    summary.extracted += sum(batch.documents.num_rows for batch in batches)
    stored.append_rows(writer, *(pa.concat_tables([getattr(batch, table) for batch in batches])
                                 for table in ("documents", "claims")))


def _settle_duplicates(writer: StoreWriter) -> None:
    """Mark near-duplicates (`documents.duplicate_of`) and read again the copies that borrow metadata."""
    con = writer.con
    # The signatures are read once, in passes: a cache of their blocks would only hold memory
    # (100k articles: run peak 430 → 380 MB)
    with writer.memory_limit(SIGNATURES_MEMORY_MB):
        found = store_duplicate_pairs(con)  # memory: a few hundred bytes a document, see there
    groups, documents = store_duplicate_groups(con, found)
    stored.mark_duplicates(con, pd.DataFrame([(doc, top) for doc, top in groups.items() if doc != top],
                                             columns=["doc_id", "top"]))
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
        stored.delete_document(con, doc_id)
        _write_batches(writer, [batch_of([outcome])], RunSummary())


def _as_date(value) -> datetime.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def _write_facts(writer: StoreWriter, pool: Workers) -> None:
    """Bring `facts` and `claims.fact_id` up to date, rebuilding the facts of the keys whose claims changed
    (a fact is built from the claims of its key alone: a claim without a fact yet, or a fact that lost a
    claim, as `store_queries.delete_claims` noted), one partition of those keys at a time (a key never spans
    two), the partitions spread over the workers."""
    con = writer.con
    scope, n_touched, n = stored.touched_facts(con)
    # at least a few partitions per worker, so that every worker has some of a small corpus's facts to build
    parts = max(math.ceil(n_touched / FACT_PARTITION_CLAIMS), 4 * pool.size)
    for facts, links in pool.map(facts_of_partition, stored.fact_partitions(con, scope, parts)):
        stored.add_facts(con, facts, links)
    stored.save_facts(writer, update_links=n_touched <= UPDATE_SHARE * n)
