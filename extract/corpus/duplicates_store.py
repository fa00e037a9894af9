"""Near-duplicate groups straight from a store, in memory that hardly grows with the archive
(the passes `extract.corpus.update` runs; the same groups as `extract.corpus.duplicates` over a frame)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from extract.corpus.duplicates import (BAND_ROWS, MIN_CONTAINMENT, MIN_JACCARD, band_keys, band_pairs,
                                       _merged, duplicate_groups, estimated_overlap)
from extract.signature import NUM_PERM

# ---------------------------------------------------------------------------
# Groups straight from a store, in memory that hardly grows with the archive.
#
# `duplicate_groups` over a documents frame holds every signature (1 KiB a
# document) and every candidate pair at once: +545 MB at 100k synthetic
# articles, whose templated filler makes 7.3 M candidates for 412 confirmed
# pairs; this reads the same groups with +76 MB, in 60 % of the time
# (bench/duplicates_store.py; DuckDB's buffer pool already full, as in a run).  `store_duplicate_groups` reads the signatures from the store in
# passes instead and keeps, per document, only its rowid, its shingle count and
# a b-bit signature (Li & König, "b-Bit Minwise Hashing", WWW 2010): the lowest
# SCREEN_BITS bits of each of the NUM_PERM values, 256 bytes.
#
# The b-bit signature screens candidates; it never decides them.  Two equal
# values have equal low bits, so the share of slots whose low bits agree is at
# least the share whose values agree: it is an upper bound on the MinHash
# Jaccard estimate (too high by the chance matches, 2^-b of the slots that
# differ — Li & König's J_b = P_b·(1 − 2^-b) + 2^-b, which their corrected
# estimate (J_b − 2^-b)/(1 − 2^-b) removes on average).  Containment grows with
# Jaccard, so a pair whose upper bound fails MIN_JACCARD or MIN_CONTAINMENT
# fails them exactly too and is dropped; the few that pass (confirmed pairs and
# the ones just short of the thresholds) are decided on their full signatures,
# read again from the store.  The pairs confirmed are therefore exactly those of
# `duplicate_pairs`, not an estimate of them, with no bias or extra noise.

# Measured on 100k synthetic articles (412 confirmed pairs): 8 bits let 693 pairs through the screen, confirmed
# in one read; 4 bits 67 922 (9 reads, 0.4 s, and growing with the archive); 2 bits 5.8 M (26 s).
SCREEN_BITS = 8  # one uint8 per slot
_BANDS = NUM_PERM // BAND_ROWS
_PASS_BYTES = 16 * 2**20  # band keys held in one pass over the signatures (8 bytes a band and document); 100k: 7 passes
_CONFIRM_ROWS = 16_384  # full signatures held at once while confirming (16 MiB)
_FETCH_ROWS = 1_024  # signatures fetched at a time (1 KiB each)
_SIGNED = "minhash IS NOT NULL AND shingles > 0"  # documents without shingles (or not signed yet) pair with nothing
_ROWS_VIEW = "_duplicates_rows"
GROUPED_COLUMNS = ("doc_id", "path", "date", "source", "home_region", "home_region_code", "text_length")


def store_duplicate_pairs(con) -> tuple[np.ndarray, pd.DataFrame]:
    """(rowids of the documents with a signature, their confirmed pairs: a, b as positions in those
    rowids, jaccard, containment). Reads the stored signatures only, 1 KiB a row: DuckDB needs little
    memory for it, whatever the texts."""
    rowids, counts = _signed_documents(con)
    return rowids, _confirmed_pairs(con, rowids, counts, _screened_candidates(con, rowids, counts))


def store_duplicate_groups(con, found: tuple[np.ndarray, pd.DataFrame] | None = None
                           ) -> tuple[dict[str, str], pd.DataFrame]:
    """({doc_id: canonical doc_id}, the grouped documents' rows) of the documents in a store;
    `found` is what `store_duplicate_pairs` gave, if it ran already.

    The same groups as `duplicate_groups` over the whole documents table, with
    memory of ~300 bytes a document (rowid, shingle count, b-bit signature) plus
    one pass's band keys (at most _PASS_BYTES) and the pairs that pass the
    screen.  The frame holds GROUPED_COLUMNS of the grouped documents only, in
    doc_id order, for `borrowed_metadata`.  `con` is an open DuckDB connection
    to a store (extract.contract's documents table); nothing is written.
    """
    rowids, pairs = found if found is not None else store_duplicate_pairs(con)
    grouped = _documents_at(con, rowids[np.unique(pairs[["a", "b"]].to_numpy())])
    doc_ids = dict(zip(grouped.pop("rowid"), grouped["doc_id"]))
    named = pd.DataFrame({"doc_a": [doc_ids[r] for r in rowids[pairs["a"].to_numpy()]],
                          "doc_b": [doc_ids[r] for r in rowids[pairs["b"].to_numpy()]],
                          "jaccard": pairs["jaccard"], "containment": pairs["containment"]})
    groups = duplicate_groups(grouped, pairs=named)
    # A document in a pair is not always grouped: the page printing two articles joins one, not both.
    return groups, grouped[grouped["doc_id"].isin(list(groups))].reset_index(drop=True)


def _signed_documents(con) -> tuple[np.ndarray, np.ndarray]:
    """(rowid, shingles) of the signed documents in doc_id order: a document's position here is its row.

    doc_id order, as `duplicate_pairs` reads the table, so every band's keys
    come in the same order and a huge bucket's first member is the same one.
    """
    found = con.execute(f"SELECT rowid, shingles FROM documents WHERE {_SIGNED} ORDER BY doc_id").fetchnumpy()
    return np.asarray(found["rowid"], dtype=np.int64), np.asarray(found["shingles"], dtype=np.int64)


def _positions(rowids: np.ndarray):
    """A function from store rowids to positions in `rowids` (a scan returns rows in its own order)."""
    by_rowid = np.argsort(rowids)
    sorted_rowids = rowids[by_rowid]
    return lambda some: by_rowid[np.searchsorted(sorted_rowids, some)]


def _signature_batches(con, only: np.ndarray | None = None):
    """(rowids, (k, NUM_PERM) uint32 signatures) of the signed documents, _FETCH_ROWS at a time.

    `only`: just these rowids (DuckDB scans and filters; only their blobs come out).
    """
    sql = f"SELECT rowid, minhash FROM documents WHERE {_SIGNED}"
    if only is not None:
        con.register(_ROWS_VIEW, pd.DataFrame({"r": only}))
        sql += f" AND rowid IN (SELECT r FROM {_ROWS_VIEW})"
    try:
        result = con.execute(sql)
        while rows := result.fetchmany(_FETCH_ROWS):
            ids = np.fromiter((r for r, _ in rows), dtype=np.int64, count=len(rows))
            blobs = np.frombuffer(b"".join(blob for _, blob in rows), dtype="<u4")
            yield ids, blobs.reshape(len(rows), NUM_PERM)
    finally:
        if only is not None:
            con.unregister(_ROWS_VIEW)


def _bands_per_pass(n: int) -> int:
    """Bands whose keys fit in _PASS_BYTES, spread evenly over the passes (100k documents: 7 passes of 19)."""
    most = max(1, min(_BANDS, _PASS_BYTES // (8 * max(n, 1))))
    passes = -(-_BANDS // most)
    return -(-_BANDS // passes)


def _passes_screen(low_bits: np.ndarray, counts: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Which pairs might pass the thresholds: their b-bit agreement, an upper bound on Jaccard, does."""
    jaccard_at_most, containment_at_most = estimated_overlap(low_bits, counts, pairs)
    return (containment_at_most >= MIN_CONTAINMENT) & (jaccard_at_most >= MIN_JACCARD)


def _screened_candidates(con, rowids: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Candidate pairs (positions, i < j, unique) that pass the b-bit screen, as an (m, 2) int64 array.

    Each pass reads every signature once and keeps the keys of its bands;
    the first also keeps the b-bit signatures.  Each band's candidates are
    screened as soon as they are found, so only the survivors accumulate.
    """
    n = len(rowids)
    position = _positions(rowids)
    low_bits = np.zeros((n, NUM_PERM), dtype=np.uint8)
    per_pass = _bands_per_pass(n)
    codes = np.empty(0, dtype=np.int64)
    pending: list[np.ndarray] = []
    for first in range(0, _BANDS, per_pass):
        stop = min(first + per_pass, _BANDS)
        keys = np.zeros((n, stop - first), dtype=np.uint64)
        for ids, signatures in _signature_batches(con):
            at = position(ids)
            keys[at] = band_keys(signatures, first, stop)
            if first == 0:
                low_bits[at] = signatures & (2**SCREEN_BITS - 1)
        for band in range(stop - first):
            pairs = band_pairs(keys[:, band].copy())
            for lo in range(0, len(pairs), 65_536):
                some = pairs[lo:lo + 65_536]
                kept = some[_passes_screen(low_bits, counts, some)]
                pending.append(kept[:, 0] * n + kept[:, 1])
            if sum(map(len, pending)) > n:
                codes = _merged(codes, pending)
        del keys
    codes = _merged(codes, pending)
    return np.stack([codes // max(n, 1), codes % max(n, 1)], axis=1)


def _confirmed_pairs(con, rowids: np.ndarray, counts: np.ndarray, candidates: np.ndarray) -> pd.DataFrame:
    """The candidates that pass the thresholds on their full signatures: a, b (positions), jaccard, containment.

    A chunk of candidates at a time, its documents' signatures read from the
    store (at most _CONFIRM_ROWS of them in memory).
    """
    position = _positions(rowids)
    confirmed = [pd.DataFrame({"a": np.empty(0, np.int64), "b": np.empty(0, np.int64),
                               "jaccard": np.empty(0), "containment": np.empty(0)})]
    for lo in range(0, len(candidates), _CONFIRM_ROWS // 2):
        some = candidates[lo:lo + _CONFIRM_ROWS // 2]
        rows = np.unique(some)
        signatures = np.zeros((len(rows), NUM_PERM), dtype=np.uint32)
        for ids, batch in _signature_batches(con, only=rowids[rows]):
            signatures[np.searchsorted(rows, position(ids))] = batch
        jaccard, containment = estimated_overlap(signatures, counts[rows], np.searchsorted(rows, some))
        keep = (containment >= MIN_CONTAINMENT) & (jaccard >= MIN_JACCARD)
        confirmed.append(pd.DataFrame({"a": some[keep, 0], "b": some[keep, 1],
                                       "jaccard": jaccard[keep], "containment": containment[keep]}))
    return pd.concat(confirmed, ignore_index=True)


def _documents_at(con, rowids: np.ndarray) -> pd.DataFrame:
    """GROUPED_COLUMNS (and rowid) of the documents at these rowids, in doc_id order."""
    con.register(_ROWS_VIEW, pd.DataFrame({"r": np.asarray(rowids, dtype=np.int64)}))
    try:
        return con.execute(
            "SELECT rowid, doc_id, path, date, source, home_region, home_region_code, length(text) AS text_length "
            f"FROM documents WHERE rowid IN (SELECT r FROM {_ROWS_VIEW}) ORDER BY doc_id").df()
    finally:
        con.unregister(_ROWS_VIEW)
