"""Near-duplicate groups read straight from a store (`store_duplicate_groups`), in bounded memory.

The bar: the same groups as `duplicate_groups` over the whole documents frame,
on the sample corpus (000/003) and on synthetic articles with planted copies.
"""
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from bench.synthetic import articles
from extract.corpus import duplicates
from extract.corpus import duplicates_store
from extract import signature as minhash
from extract.contract import TABLES
from extract.corpus.gather import extract_paths
from extract.corpus.store import write_store

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"
WEB, PDF = "000_e4ae8a90c5758aeb", "003_560e64ab9dc50251"


def store_of(path: Path, documents: pd.DataFrame) -> Path:
    """A store whose documents table is `documents` (every other table empty)."""
    empty = {name: pd.DataFrame(columns=[c.name for c in cols]) for name, cols in TABLES.items()}
    return write_store(path, {**empty, "documents": documents})


def groups_in(store: Path) -> tuple[dict[str, str], pd.DataFrame]:
    with duckdb.connect(str(store), read_only=True) as con:
        return duplicates_store.store_duplicate_groups(con)


@pytest.fixture(scope="module")
def sample_documents():
    return extract_paths([str(CORPUS)])["documents"]


@pytest.fixture(scope="module")
def sample_store(sample_documents, tmp_path_factory):
    return store_of(tmp_path_factory.mktemp("store") / "sample.duckdb", sample_documents)


def test_the_pdf_page_and_the_web_article_are_one_story_in_the_store(sample_store):
    groups, _ = groups_in(sample_store)
    assert groups == {WEB: WEB, PDF: WEB}


def test_the_frame_holds_the_grouped_documents_with_what_borrowing_needs(sample_store, sample_documents):
    groups, grouped = groups_in(sample_store)
    assert list(grouped.columns) == list(duplicates_store.GROUPED_COLUMNS)
    assert list(grouped["doc_id"]) == [WEB, PDF]
    texts = sample_documents.set_index("doc_id")["text"]
    assert list(grouped["text_length"]) == [len(texts[WEB]), len(texts[PDF])]
    assert duplicates.borrowed_metadata(grouped, groups) == {PDF: {"date": pd.Timestamp(2022, 1, 10)}}


@pytest.mark.parametrize("unsigned", [
    {"minhash": None, "shingles": None},  # a store written before signatures existed
    {"minhash": None},                    # a count without its signature
    {"shingles": None},                   # a signature without its count
    {"shingles": 0},                      # a text with no letters: an empty set's signature
])
def test_a_document_without_a_usable_signature_pairs_with_nothing(sample_documents, tmp_path, unsigned):
    documents = sample_documents.copy()
    for column, value in unsigned.items():
        documents[column] = documents[column].astype(object)
        documents.loc[documents["doc_id"] == PDF, column] = value
    groups, grouped = groups_in(store_of(tmp_path / "s.duckdb", documents))
    assert groups == {}
    assert grouped.empty


def test_a_store_without_signatures_has_no_groups(sample_documents, tmp_path):
    documents = sample_documents.assign(minhash=None, shingles=None)
    groups, grouped = groups_in(store_of(tmp_path / "s.duckdb", documents))
    assert groups == {}
    assert list(grouped.columns) == list(duplicates_store.GROUPED_COLUMNS)


def test_an_empty_store_has_no_groups(sample_documents, tmp_path):
    groups, grouped = groups_in(store_of(tmp_path / "s.duckdb", sample_documents.iloc[:0]))
    assert (groups, len(grouped)) == ({}, 0)


# ---------------------------------------------------------------------------
# The same groups as `duplicate_groups`, on synthetic articles with planted copies.


def synthetic_documents(n: int = 300) -> pd.DataFrame:
    """n synthetic articles plus planted copies: reprints, pages printing three articles, one article printed 12 times."""
    originals = list(articles(n, seed=11))
    rows = [(a.doc_id, a.text, a.date if i % 3 else None, a.source) for i, a in enumerate(originals)]
    rows += [(f"reprint{i:03d}", originals[i].text + "（来源：本报）", None, "") for i in range(0, 60, 3)]
    rows += [(f"page{i:03d}", "\n".join(a.text for a in originals[i:i + 3]), None, "某某日报") for i in range(100, 160, 6)]
    # A bucket of more than _BUCKET_CLIQUE copies pairs each with one member only (the star cap).
    rows += [(f"everywhere{i:02d}", originals[200].text, None, "") for i in range(duplicates._BUCKET_CLIQUE + 4)]
    documents = pd.DataFrame(rows, columns=["doc_id", "text", "date", "source"]).sort_values("doc_id")
    signed = [minhash.signature(text) for text in documents["text"]]
    return documents.assign(
        title="", home_region="", home_region_code="", encoding="utf-8", content_hash="", duplicate_of="",
        path=[f"/corpus/{d}.txt" for d in documents["doc_id"]],
        minhash=[m for m, _ in signed], shingles=[c for _, c in signed]).reset_index(drop=True)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    documents = synthetic_documents()
    store = store_of(tmp_path_factory.mktemp("store") / "synthetic.duckdb", documents)
    return documents.assign(text_length=documents["text"].str.len()), store


def test_the_store_groups_are_those_of_duplicate_groups(synthetic):
    documents, store = synthetic
    expected = duplicates.duplicate_groups(documents)
    groups, grouped = groups_in(store)
    assert len(set(expected.values())) >= 20  # the planted copies are there to be found
    assert groups == expected
    assert set(grouped["doc_id"]) == set(groups)


@pytest.mark.parametrize("pass_bytes, confirm_rows", [
    (1, 2),              # one band per pass, one candidate pair per confirming read
    (8 * 300 * 5, 64),   # five bands per pass
])
def test_more_passes_and_smaller_confirming_reads_give_the_same_groups(synthetic, monkeypatch, pass_bytes, confirm_rows):
    documents, store = synthetic
    monkeypatch.setattr(duplicates_store, "_PASS_BYTES", pass_bytes)
    monkeypatch.setattr(duplicates_store, "_CONFIRM_ROWS", confirm_rows)
    assert groups_in(store)[0] == duplicates.duplicate_groups(documents)


def test_borrowed_metadata_from_the_store_frame_is_that_from_the_whole_frame(synthetic):
    documents, store = synthetic
    groups, grouped = groups_in(store)
    from_store = duplicates.borrowed_metadata(grouped, groups)
    whole = duplicates.borrowed_metadata(documents, groups)
    def as_timestamps(borrowed):  # the store's DATE reads back as a timestamp
        return {doc: {k: pd.Timestamp(v) if k == "date" else v for k, v in taken.items()} for doc, taken in borrowed.items()}
    assert from_store  # the planted reprints are undated and lack a source
    assert as_timestamps(from_store) == as_timestamps(whole)


# ---------------------------------------------------------------------------
# The b-bit screen: it may let through pairs that fail, never drop one that passes.


def random_signatures(n, seed=0):
    return np.random.default_rng(seed).integers(0, 2**32, size=(n, minhash.NUM_PERM), dtype=np.uint64).astype(np.uint32)


@pytest.mark.parametrize("shared, sizes", [
    (13, (1500, 1500)),  # Jaccard 0.051: just above MIN_JACCARD, containment far below
    (13, (300, 6000)),   # the same agreement: a brief wholly inside a page twenty times its size
    (12, (300, 6000)),   # just below MIN_JACCARD
    (86, (1500, 1500)),  # containment 0.503 for equal sizes: just above MIN_CONTAINMENT
    (85, (1500, 1500)),  # 0.499: just below it
    (256, (1500, 1500)),  # the same text
])
def test_the_screen_passes_every_pair_the_full_signatures_confirm(shared, sizes):
    pairs = np.array([[0, 1]])
    for seed in range(20):
        full = random_signatures(2, seed)
        full[1, :shared] = full[0, :shared]
        low_bits = (full & (2**duplicates_store.SCREEN_BITS - 1)).astype(np.uint8)
        jaccard, containment = duplicates.estimated_overlap(full, np.array(sizes), pairs)
        passes = (containment >= duplicates.MIN_CONTAINMENT) & (jaccard >= duplicates.MIN_JACCARD)
        screened = duplicates_store._passes_screen(low_bits, np.array(sizes), pairs)
        assert screened[0] >= passes[0]


def test_the_screen_drops_unrelated_pairs():
    full = random_signatures(400, seed=5)
    low_bits = (full & (2**duplicates_store.SCREEN_BITS - 1)).astype(np.uint8)
    pairs = np.stack([np.arange(0, 400, 2), np.arange(1, 400, 2)], axis=1)
    assert not duplicates_store._passes_screen(low_bits, np.full(400, 1500), pairs).any()
