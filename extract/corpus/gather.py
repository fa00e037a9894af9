"""The files of a corpus, and the whole contract's tables of a small folder held in memory.

`list_files` finds the article files under some paths, one per doc_id;
`extract_paths` runs them through the pipeline and gathers the tables (tests,
small folders; a store is written incrementally by `extract.corpus.update`).
"""
from __future__ import annotations

import os
from collections.abc import Iterable

import pandas as pd
import pyarrow as pa

from extract.cues import metrics
from extract.contract import arrow_frame, arrow_table, columns, validate
from extract.corpus.workers import Workers
from extract.read.document import DocumentError
from extract.read.files import doc_id_of, find_documents
from extract.pipeline import BATCH_FILES, batches, error_row, process_batch


def unique_ids(files: Iterable[str | os.PathLike]) -> tuple[list[str], list[dict]]:
    """Files whose doc_id (the file name without extension) is free, in sorted order; the others as errors."""
    seen: dict[str, str] = {}
    kept, errors = [], []
    for path in sorted({str(f) for f in files}):
        doc_id = doc_id_of(path)
        if doc_id in seen:
            errors.append(error_row(path, "read", f"doc_id {doc_id} already read from {seen[doc_id]}; skipped"))
        else:
            seen[doc_id] = path
            kept.append(path)
    return kept, errors


def list_files(paths: Iterable[str | os.PathLike]) -> tuple[list[str], list[dict]]:
    """The article files under `paths` with a unique doc_id, and an error row for each path that is not there."""
    files, errors = [], []
    for path in paths:
        try:
            files += find_documents([path])
        except DocumentError as e:
            errors.append(error_row(e.path, "read", e.reason))
    kept, clashes = unique_ids(files)
    return kept, errors + clashes


def extract_paths(paths: Iterable[str], workers: int = 1) -> dict[str, pd.DataFrame]:
    """Every table of the contract for the documents under `paths`, held in memory (small folders, tests)."""
    files, errors = list_files(paths)
    with Workers(workers) as pool:
        done = list(pool.map(process_batch, batches(files, BATCH_FILES)))
    errors += [e for batch in done for e in batch.errors]

    def gathered(table: str) -> pd.DataFrame:
        return arrow_frame(pa.concat_tables([getattr(batch, table) for batch in done] or [arrow_table(table, [])]))

    return {
        "documents": validate("documents", gathered("documents").sort_values("doc_id")),
        "claims": validate("claims", gathered("claims").sort_values(["doc_id", "start"], kind="stable")),
        "errors": validate("errors", frame("errors", errors).sort_values(["path", "stage"], kind="stable")),
        "facts": validate("facts", frame("facts", [])),
        "files": validate("files", frame("files", [])),
        "meta": validate("meta", frame("meta", [])),
        "metrics": metrics_frame(),
    }


def metrics_frame() -> pd.DataFrame:
    return validate("metrics", pd.DataFrame(
        [{"metric": m.metric, "label_zh": m.label_zh, "label_en": m.label_en, "unit": m.unit}
         for m in metrics().values()]))


def frame(table: str, rows: list[dict]) -> pd.DataFrame:
    """Rows as a frame with the contract's columns (small tables: errors, meta; documents and claims
    travel as Arrow, see `batch_of`)."""
    result = pd.DataFrame(rows, columns=columns(table))
    for name in ("year_from", "year_to"):
        if name in result:
            result[name] = result[name].astype("Int64")
    return result
