"""document → text → sentences → quantities → claims, one article at a time.

Read top to bottom: `process_document` is the whole extractor for one article
(pure: no disk, no global state); `process_path` reads one file and runs it,
turning a broken file into a row of `errors`; `process_batch` is the unit of
work a local worker process or a Dask worker runs, and hands its rows back as
Arrow tables. Running batches over many files is the corpus layer's:
`extract.corpus.workers` maps them over processes or a Dask cluster,
`extract.corpus.gather` gathers a small folder into the tables of the data
contract, and `extract.corpus.update` writes a store incrementally.
"""
from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

import pyarrow as pa

from extract.reading import extract_claims
from extract.passage import DocumentContext
from extract.contract import arrow_table
from extract.signature import signature
from extract.read.document import Document, DocumentError
from extract.read.reader import read_document
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
        pub_month=document.date.month if document.date else None,
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
