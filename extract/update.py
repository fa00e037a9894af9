"""One run of `jiuye extract`: bring a store up to date with the files under some paths.

The store afterwards is exactly what a fresh run over those paths would give,
but only new or changed files (by content hash) are read and extracted; the
claims of files that changed or are gone are removed. A change to the
extractor itself (its code or tables) makes every file count as changed.
Rows are written in batches as workers finish them, so memory stays flat
however large the folder; the store is swapped in only when the run is
complete (see `extract.store`).
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from extract.pipeline import Outcome, frame, list_files, metrics_frame, outcomes
from extract.store import StoreWriter

PACKAGE = Path(__file__).resolve().parent
BATCH_DOCUMENTS = 200  # documents per insert: large enough to be fast, small enough to stay flat


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
                 progress: Callable[[Iterable, int], Iterable] = lambda it, total: it) -> RunSummary:
    """Bring `store` up to date with the article files under `paths`; returns what happened."""
    files, errors = list_files(paths)
    summary = RunSummary(files=len(files), errors=errors)
    version = extractor_version()
    with StoreWriter(store, wait=wait) as writer:
        previous = _previous_documents(writer, version)
        current = {path: file_hash(path) for path in files}
        unchanged = {path for path, digest in current.items() if digest and previous.get(path) == digest}
        stale = [path for path in previous if path not in unchanged]
        con = writer.begin(keep_previous=bool(unchanged))
        if stale:
            con.execute("CREATE TEMP TABLE stale AS SELECT doc_id FROM documents WHERE path IN "
                        "(SELECT unnest(?::VARCHAR[]))", [stale])
            con.execute("DELETE FROM claims WHERE doc_id IN (SELECT doc_id FROM stale)")
            con.execute("DELETE FROM documents WHERE doc_id IN (SELECT doc_id FROM stale)")
        todo = [path for path in files if path not in unchanged]
        batch: list[Outcome] = []
        for outcome in progress(outcomes(todo, workers=workers, scheduler=scheduler), len(todo)):
            batch.append(outcome)
            if len(batch) >= BATCH_DOCUMENTS:
                _write_batch(writer, batch, summary)
                batch = []
        _write_batch(writer, batch, summary)
        writer.replace("errors", frame("errors", summary.errors))
        writer.replace("metrics", metrics_frame())
        writer.replace("meta", pd.DataFrame([{"key": "extractor_version", "value": version}]))
        summary.unchanged, summary.removed = len(unchanged), len(stale)
        summary.documents, summary.claims, summary.with_metric = con.execute(
            "SELECT (SELECT count(*) FROM documents), count(*), count(*) FILTER (metric <> 'other') FROM claims"
        ).fetchone()
        writer.commit()
    return summary


def _previous_documents(writer: StoreWriter, version: str) -> dict[str, str]:
    """path → content hash of the documents in the store, if the same extractor version wrote it."""
    meta = writer.previous("SELECT value FROM meta WHERE key = 'extractor_version'")
    if meta is None or meta.empty or meta["value"].iloc[0] != version:
        return {}
    documents = writer.previous("SELECT path, content_hash FROM documents")
    return dict(zip(documents["path"], documents["content_hash"])) if documents is not None else {}


def _write_batch(writer: StoreWriter, batch: list[Outcome], summary: RunSummary) -> None:
    documents = [o.document for o in batch if o.document is not None]
    summary.errors += [o.error for o in batch if o.error is not None]
    summary.extracted += len(documents)
    writer.append("documents", frame("documents", documents))
    writer.append("claims", frame("claims", [claim for o in batch for claim in o.claims]))
