"""document → text → sentences → quantities → claims, for a folder of articles.

Read top to bottom: `process_document` is the whole extractor for one article
(pure: no disk, no global state); `process_path` reads one file and runs it,
turning a broken file into a row of `errors`; `process_batch` is the unit of
work a local worker process or a Dask worker runs, and hands its rows back as
Arrow tables; `Workers` maps such tasks over local processes or a Dask
cluster and yields results as they finish, holding only a bounded number in
flight. `extract_paths` gathers the batches of a small folder into the tables
of the data contract; a run that writes the store incrementally is
`extract.update`.
"""
from __future__ import annotations

import dataclasses
import datetime
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor
from concurrent.futures import wait as wait_futures
from dataclasses import dataclass
from itertools import islice
from multiprocessing import get_context

import pandas as pd
import pyarrow as pa

from extract.claims import extract_claims, metrics
from extract.passage import DocumentContext
from extract.contract import arrow_frame, arrow_table, columns, validate
from extract.duplicates import signature
from extract.documents import Document, DocumentError, doc_id_of, find_documents, read_document
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


@dataclass(frozen=True)
class Batch:
    """What became of a few files, as rows of the store. Built where the files were read, so a
    worker sends back a few Arrow buffers, not thousands of dicts to pickle and rebuild one by one,
    and the process writing the store only inserts them."""

    paths: list[str]
    documents: pa.Table
    claims: pa.Table
    errors: list[dict]


def batch_of(outcomes: list[Outcome]) -> Batch:
    return Batch(
        paths=[o.path for o in outcomes],
        documents=arrow_table("documents", [o.document for o in outcomes if o.document is not None]),
        claims=arrow_table("claims", [c for o in outcomes for c in o.claims], fill={"fact_id": ""}),
        errors=[e for o in outcomes for e in o.errors],
    )


def process_batch(paths: list[str]) -> Batch:
    """The unit of work sent to a worker: a few files, so that sending them costs little."""
    return batch_of([process_path(p) for p in paths])


def batches(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


BATCH_FILES = 8  # files per task: enough work that sending it costs little, small enough to spread evenly


class Workers:
    """Where work runs: this process (`workers=1`), local processes (`workers` > 1), or a Dask
    distributed cluster (`scheduler`, tcp://host:port, whose workers read the same paths and
    import this package).

        with Workers(2) as pool:
            for result in pool.map(process_batch, batches(paths, BATCH_FILES)): ...

    `map` yields results in the order they finish, with a bounded number of tasks in flight,
    so a stream of any length passes through in constant memory.
    """

    def __init__(self, workers: int = 1, scheduler: str | None = None):
        self.workers, self.scheduler = workers, scheduler
        self.size = 1  # processes (or Dask threads) that run tasks at once
        self._executor = None

    def __enter__(self) -> Workers:
        if self.scheduler:
            try:
                from dask.distributed import Client
                from dask.distributed import wait as wait_dask
            except ImportError as e:
                raise ImportError("a Dask scheduler needs dask: pip install 'jiuye[dask]'") from e

            client = self._executor = Client(self.scheduler)
            self._submit = lambda fn, item: client.submit(fn, item, pure=False)
            self.size = max(1, _dask_threads(client))
            self._wait, self._window = wait_dask, 4 * self.size
        elif self.workers > 1:
            context = _worker_context()
            forked = context.get_start_method() == "fork"
            if forked:
                warm_up()  # once, here: the forked workers inherit it
            pool = self._executor = ProcessPoolExecutor(self.workers, mp_context=context,
                                                        initializer=None if forked else warm_up)
            self.size = self.workers
            self._submit, self._wait, self._window = pool.submit, wait_futures, 4 * self.size
            pool.submit(len, "")  # start the processes now, before the caller opens files or threads
        return self

    def __exit__(self, *exc) -> None:
        if self.scheduler and self._executor is not None:
            self._executor.close()  # a Dask client: the cluster stays up for others
        elif self._executor is not None:
            self._executor.shutdown()
        self._executor = None

    def map(self, fn: Callable, items: Iterable) -> Iterator:
        if self._executor is None:
            yield from map(fn, items)
            return
        pending = set()
        for item in items:
            pending.add(self._submit(fn, item))
            while len(pending) >= self._window:
                yield from self._finished(pending)
        while pending:
            yield from self._finished(pending)

    def _finished(self, pending: set) -> Iterator:
        done, _ = self._wait(pending, return_when=FIRST_COMPLETED)
        pending -= set(done)
        for future in done:
            yield future.result()


# Sentences of the kinds the extractor meets most, read once by `warm_up`.
_WARM_UP = Document(
    doc_id="warm-up", path="", encoding="utf-8", content_hash="", title="株洲市2021年就业工作综述",
    date=datetime.date(2022, 1, 10), source="株洲日报",
    body="去年，我市城镇新增就业5.83万人，城镇失业人员再就业9223人，城镇登记失业率为2.8%。\n"
         "今年以来，全省举办招聘会120余场，发布9万余个岗位，近8000名高校毕业生实现就业。")


def warm_up() -> None:
    """Build the gazetteer, and run once the code whose patterns and imports load on first use: the
    extractor, a batch's Arrow tables, a partition of facts. A pool forked from a warm process
    inherits all that; otherwise each worker pays it on its first tasks (~0.3 s of CPU)."""
    from extract.facts import facts_of_partition

    load_gazetteer()
    processed = process_document(_WARM_UP)
    facts_of_partition(batch_of([Outcome(_WARM_UP.path, processed.row, processed.claims, [])]).claims)


def _worker_context():
    """fork where it is safe: workers start at once, with the extractor already imported (forkserver
    costs ~1 s of imports before the first result). A process with other threads (the dashboard's
    upload job, a caller's thread pool) must not fork, and macOS cannot fork safely: there workers
    start from a forkserver (or spawn) that has imported the extractor once."""
    if sys.platform == "linux" and threading.active_count() == 1:
        return get_context("fork")
    context = get_context("forkserver" if sys.platform != "win32" else "spawn")
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(["extract.pipeline"])
    return context


def _dask_threads(client) -> int:
    return sum(w.get("nthreads", 1) for w in client.scheduler_info().get("workers", {}).values())


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
