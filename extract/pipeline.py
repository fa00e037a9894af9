"""document → text → sentences → quantities → claims, for a folder of articles.

`extract_paths` is the whole extractor, read top to bottom: find the files,
read each (a broken one becomes a row of `errors` and the run goes on), clean
its text, and take its claims. It returns the tables of the data contract;
writing them is `extract.store`'s job.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from extract.claims import extract_claims, metrics
from extract.passage import DocumentContext
from extract.contract import columns, validate
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
    }
    return ProcessedDocument(row, claims)


def extract_paths(paths: Iterable[str], progress: Callable[[Iterable], Iterable] = lambda it: it) -> dict[str, pd.DataFrame]:
    """Every table of the contract for the documents under `paths`."""
    documents, claims, errors = [], [], []
    seen_ids: dict[str, str] = {}
    files, missing = [], []
    for path in paths:
        try:
            files += find_documents([path])
        except DocumentError as e:
            missing.append({"path": e.path, "stage": "read", "reason": e.reason})
    errors += missing
    for path in progress(sorted(set(files))):
        try:
            document = read_document(path)
        except DocumentError as e:
            errors.append({"path": e.path, "stage": "read", "reason": e.reason})
            continue
        if document.doc_id in seen_ids:
            errors.append({"path": str(path), "stage": "read",
                           "reason": f"doc_id {document.doc_id} already read from {seen_ids[document.doc_id]}; skipped"})
            continue
        seen_ids[document.doc_id] = str(path)
        try:
            processed = process_document(document)
        except Exception as e:  # one bad document must not lose the others; it is reported with its path
            errors.append({"path": str(path), "stage": "claims", "reason": f"{type(e).__name__}: {e}"})
            continue
        documents.append(processed.row)
        claims += processed.claims
    return {
        "documents": validate("documents", _frame("documents", documents)),
        "claims": validate("claims", _frame("claims", claims).sort_values(["doc_id", "start"], kind="stable")),
        "errors": validate("errors", _frame("errors", errors)),
        "facts": validate("facts", _frame("facts", [])),
        "meta": validate("meta", pd.DataFrame([{"key": "extractor_version", "value": ""}])),
        "metrics": validate("metrics", pd.DataFrame(
            [{"metric": m.metric, "label_zh": m.label_zh, "label_en": m.label_en, "unit": m.unit}
             for m in metrics().values()])),
    }


def _frame(table: str, rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns(table))
    if "fact_id" in frame:
        frame["fact_id"] = frame["fact_id"].astype(object).fillna("")
    for name in ("year_from", "year_to"):
        if name in frame:
            frame[name] = frame[name].astype("Int64")
    return frame
