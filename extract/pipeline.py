"""document → text → sentences → quantities → claims, for a folder of articles.

Read top to bottom: `process_document` is the whole extractor for one article
(pure: no disk, no global state); `process_path` reads one file and runs it,
turning a broken file into a row of `errors`; `process_batch` is the unit of
work a local worker process or a Dask worker runs; `outcomes` maps batches
over them and yields results as they finish, holding only a bounded number in
flight. `extract_paths` gathers the outcomes of a small folder into the tables
of the data contract; a run that writes the store incrementally is
`extract.update`.
"""
from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor
from concurrent.futures import wait as wait_futures
from dataclasses import dataclass
from itertools import islice
from multiprocessing import get_context
from pathlib import Path

import pandas as pd

from extract.claims import extract_claims, metrics
from extract.passage import DocumentContext
from extract.contract import columns, validate
from extract.duplicates import signature
from extract.documents import Document, DocumentError, find_documents, read_document
from extract.regions import load_gazetteer
from extract.text import clean_text, reading_view, split_sentences


@dataclass(frozen=True)
class ProcessedDocument:
    row: dict
    claims: list[dict]


def process_document(document: Document) -> ProcessedDocument:
    """One document's row of `documents` and its claims. Pure: no disk, no global state."""
    gazetteer = load_gazetteer()
    text = clean_text(document.body)
    view = reading_view(text)
    home = gazetteer.home_region(reading_view(document.source))
    context = DocumentContext(
        doc_id=document.doc_id,
        text=text,
        view=view,
        pub_year=document.date.year if document.date else None,
        home=home,
        title_view=reading_view(document.title),
        national=gazetteer.is_national(reading_view(f"{document.source} {document.title}")),
    )
    claims = extract_claims(context, split_sentences(text), gazetteer)
    row = {
        "doc_id": document.doc_id,
        "title": document.title,
        "date": document.date,
        "source": document.source,
        "home_region": home.name if home else "",
        "home_region_code": home.code if home else "",
        "path": document.path,
        "encoding": document.encoding,
        "content_hash": document.content_hash,
        "text": text,
        "duplicate_of": "",
        **dict(zip(("minhash", "shingles"), signature(text))),
    }
    return ProcessedDocument(row, claims)


@dataclass(frozen=True)
class Outcome:
    """What became of one file: its `documents` row and claims, and `errors` rows — the reason it
    could not be read, or damage it was read despite (bytes that were not valid UTF-8)."""

    path: str
    document: dict | None
    claims: list[dict]
    errors: list[dict]


def error_row(path, stage: str, reason: str) -> dict:
    return {"path": str(path), "stage": stage, "reason": reason}


def process_path(path: str | os.PathLike, borrowed: dict | None = None) -> Outcome:
    """Read and extract one file. `borrowed` replaces metadata the file lacks (date, source)."""
    try:
        document = read_document(path)
    except DocumentError as e:
        return Outcome(str(path), None, [], [error_row(e.path, "read", e.reason)])
    if borrowed:
        document = dataclasses.replace(document, **borrowed)
    try:
        processed = process_document(document)
    except Exception as e:  # one bad document must not lose the others; it is reported with its path
        return Outcome(str(path), None, [], [error_row(path, "claims", f"{type(e).__name__}: {e}")])
    damage = [error_row(path, "read", warning) for warning in document.warnings]
    return Outcome(str(path), processed.row, processed.claims, damage)


def process_batch(paths: list[str]) -> list[Outcome]:
    """The unit of work sent to a worker: a few files, so that sending them costs little."""
    return [process_path(p) for p in paths]


def batches(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def outcomes(paths: Iterable[str], workers: int = 1, scheduler: str | None = None,
             batch_size: int = 8) -> Iterator[Outcome]:
    """Outcomes of `paths`, in the order they finish.

    One process by default; `workers` > 1 local processes; `scheduler` the
    address of a Dask distributed scheduler (tcp://host:port) whose workers can
    read the same paths and import this package.
    """
    work = batches((str(p) for p in paths), batch_size)
    if scheduler:
        from dask.distributed import Client
        from dask.distributed import wait as wait_dask

        with Client(scheduler) as client:
            submit = lambda batch: client.submit(process_batch, batch, pure=False)  # noqa: E731
            yield from _in_flight(submit, wait_dask, work, window=4 * max(1, _dask_threads(client)))
    elif workers > 1:
        # forkserver: workers start from a clean interpreter that has imported the extractor once
        context = get_context("forkserver")
        context.set_forkserver_preload(["extract.pipeline"])
        with ProcessPoolExecutor(workers, mp_context=context, initializer=load_gazetteer) as pool:
            submit = lambda batch: pool.submit(process_batch, batch)  # noqa: E731
            yield from _in_flight(submit, wait_futures, work, window=4 * workers)
    else:
        for batch in work:
            yield from process_batch(batch)


def _dask_threads(client) -> int:
    return sum(w.get("nthreads", 1) for w in client.scheduler_info().get("workers", {}).values())


def _in_flight(submit, wait, work: Iterator[list], window: int) -> Iterator[Outcome]:
    """Keep at most `window` batches submitted; yield each batch's outcomes as it completes."""
    pending = set()
    for batch in work:
        pending.add(submit(batch))
        while len(pending) >= window:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            pending = set(pending)
            for future in done:
                yield from future.result()
    while pending:
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        pending = set(pending)
        for future in done:
            yield from future.result()


def unique_ids(files: Iterable[str | os.PathLike]) -> tuple[list[str], list[dict]]:
    """Files whose doc_id (the file name without extension) is free, in sorted order; the others as errors."""
    seen: dict[str, str] = {}
    kept, errors = [], []
    for path in sorted({str(f) for f in files}):
        doc_id = Path(path).stem
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


def extract_paths(paths: Iterable[str], progress: Callable[[Iterable], Iterable] = lambda it: it,
                  workers: int = 1) -> dict[str, pd.DataFrame]:
    """Every table of the contract for the documents under `paths`, held in memory (small folders, tests)."""
    files, errors = list_files(paths)
    documents, claims = [], []
    for outcome in progress(outcomes(files, workers=workers)):
        errors += outcome.errors
        if outcome.document is not None:
            documents.append(outcome.document)
            claims += outcome.claims
    return {
        "documents": validate("documents", frame("documents", documents).sort_values("doc_id")),
        "claims": validate("claims", frame("claims", claims).sort_values(["doc_id", "start"], kind="stable")),
        "errors": validate("errors", frame("errors", errors).sort_values(["path", "stage"], kind="stable")),
        "facts": validate("facts", frame("facts", [])),
        "meta": validate("meta", frame("meta", [])),
        "metrics": metrics_frame(),
    }


def metrics_frame() -> pd.DataFrame:
    return validate("metrics", pd.DataFrame(
        [{"metric": m.metric, "label_zh": m.label_zh, "label_en": m.label_en, "unit": m.unit}
         for m in metrics().values()]))


def frame(table: str, rows: list[dict]) -> pd.DataFrame:
    """Rows as a frame with the contract's columns (claims' fact_id empty until facts are built)."""
    result = pd.DataFrame(rows, columns=columns(table))
    if "fact_id" in result and table == "claims":
        result["fact_id"] = result["fact_id"].astype(object).fillna("")
    for name in ("year_from", "year_to"):
        if name in result:
            result[name] = result[name].astype("Int64")
    return result
