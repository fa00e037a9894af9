"""Near-duplicate documents: one story read twice (a web article and the PDF page that prints it).

Three pure steps, each cheap at archive scale:

- `signature(text)` — per document, inside the worker (`extract.signature`):
  a MinHash of the text's 8-character shingles, stored with the document.
- `duplicate_groups(documents)` — over every document's signature: LSH bands
  find candidate pairs, the MinHash estimate of *containment* (the share of the
  smaller text found in the larger) confirms them, and each document points to
  the best copy it overlaps.  Containment, not Jaccard: a newspaper page holds
  the web article among other articles, so their Jaccard is only the article's
  share of the page (0.24 for the sample corpus's 000/003) while the article is
  94 % inside the page.
- `borrowed_metadata(documents, groups)` — what a copy lacks (date, source, home
  region) taken from its group, so the pipeline can read the copy again with
  them and resolve its 去年/今年.

Thresholds (measured on the 71 dev articles plus the 5 samples, 2 850 pairs,
exact shingle sets, k = 8): the one real pair (000/003) has containment 0.94;
the highest of the other 2 849 pairs is 0.19 (two 新闻联播 transcripts of the
两会 season), the 99.9th percentile 0.14.  MIN_CONTAINMENT = 0.5 sits between
them with room for the estimate's noise (σ ≈ 0.09 at Jaccard 0.24 with 256
permutations).  MIN_JACCARD = 0.05 keeps pairs whose Jaccard is too small for
the containment estimate to mean anything: a 110-character brief against an
8 600-character transcript shares ~0.2 of 256 slots by chance, and one or two
chance matches would read as containment 0.5–1.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from extract.signature import NUM_PERM

# fixed: a band is two uint32 read as one uint64; 128 bands of 2 rows: a pair with Jaccard 0.15 becomes a candidate
# with p = 0.94, 0.24 with p = 0.9995
BAND_ROWS = 2
MIN_CONTAINMENT = 0.5
MIN_JACCARD = 0.05


def signature_matrix(minhashes) -> np.ndarray:
    """Stored signatures (bytes) as one (n, NUM_PERM) uint32 array."""
    if len(minhashes) == 0:
        return np.empty((0, NUM_PERM), dtype=np.uint32)
    return np.frombuffer(b"".join(minhashes), dtype="<u4").reshape(len(minhashes), NUM_PERM)


# ---------------------------------------------------------------------------
# Candidate pairs (LSH bands) and their check (containment estimate).

_BUCKET_CLIQUE = 8  # a bucket larger than this (boilerplate, templated pages) pairs each member with its first only: linear, not quadratic


def candidate_pairs(signatures: np.ndarray) -> np.ndarray:
    """Row pairs (i < j) that agree on all rows of at least one band, as an (m, 2) int64 array.

    One band at a time (`band_pairs`); memory is O(documents) per band plus the pairs found.
    """
    n = len(signatures)
    codes = np.empty(0, dtype=np.int64)  # pair (i, j), i < j, as i * n + j: unique so far
    pending: list[np.ndarray] = []  # codes of the bands since the last merge
    for b in range(NUM_PERM // BAND_ROWS):
        pairs = band_pairs(band_keys(signatures, b, b + 1)[:, 0].copy())
        if not len(pairs):
            continue
        pending.append(pairs[:, 0] * n + pairs[:, 1])
        if sum(map(len, pending)) > 4 * n:  # a pair found in several bands counts once: merge now and then,
            codes = _merged(codes, pending)  # so memory holds about the unique pairs, not every band's copies
    codes = _merged(codes, pending)
    return np.stack([codes // n, codes % n], axis=1)


def band_keys(signatures: np.ndarray, first: int, stop: int) -> np.ndarray:
    """Keys of bands first … stop-1 of each row, as an (n, stop - first) uint64 array.

    Two adjacent uint32 rows read as one uint64 are a band's key: column b of the view is band b.
    """
    return np.ascontiguousarray(signatures, dtype="<u4").view("<u8")[:, first:stop]


def band_pairs(keys: np.ndarray) -> np.ndarray:
    """Row pairs (i < j) with equal keys in one band, as an (m, 2) int64 array (a pair once).

    The keys are sorted and runs of equal keys are buckets.  Only rows in
    buckets of two or more go on; the pairs inside a bucket come from comparing
    each sorted row with the one d places on, d = 1, 2, ….  A bucket of more
    than _BUCKET_CLIQUE rows pairs each member with its first sorted member only.
    """
    n = len(keys)
    order = np.argsort(keys)
    ordered = keys[order]
    equal_next = ordered[1:] == ordered[:-1]
    if not equal_next.any():
        return np.empty((0, 2), dtype=np.int64)
    found = []
    in_bucket = np.zeros(n, dtype=bool)
    in_bucket[1:] |= equal_next
    in_bucket[:-1] |= equal_next
    rows, ordered = order[in_bucket], ordered[in_bucket]
    first = np.ones(len(rows), dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    bucket = np.cumsum(first) - 1
    head = np.flatnonzero(first)
    size = np.bincount(bucket)
    big = size[bucket] > _BUCKET_CLIQUE
    if big.any():  # star: each member of a huge bucket with the bucket's first member
        members = np.flatnonzero(big & ~first)
        found.append(np.stack([rows[head[bucket[members]]], rows[members]], axis=1))
    small = np.flatnonzero(~big)
    for distance in range(1, int(size[bucket[small]].max(initial=1))):
        left = small[:-distance] if distance < len(small) else small[:0]
        right = small[distance:]
        hit = bucket[left] == bucket[right]
        found.append(np.stack([rows[left[hit]], rows[right[hit]]], axis=1))
    pairs = np.concatenate(found).astype(np.int64)
    return np.stack([pairs.min(axis=1), pairs.max(axis=1)], axis=1)


def _merged(codes: np.ndarray, pending: list[np.ndarray]) -> np.ndarray:
    """`codes` and the `pending` arrays as one sorted array without repeats; `pending` is emptied."""
    merged = np.concatenate([codes, *pending])
    pending.clear()
    merged.sort()  # sorting beats np.unique's hashing here
    return merged[np.concatenate(([True], merged[1:] != merged[:-1]))] if len(merged) else merged


def estimated_overlap(signatures: np.ndarray, counts: np.ndarray, pairs: np.ndarray,
                      chunk: int = 8_192) -> tuple[np.ndarray, np.ndarray]:
    """(Jaccard, containment of the smaller set in the larger) estimated for each pair.

    |A∩B| = J·(|A|+|B|)/(1+J), and containment = |A∩B| / min(|A|, |B|).
    """
    jaccard = np.empty(len(pairs))
    for lo in range(0, len(pairs), chunk):
        a, b = pairs[lo:lo + chunk, 0], pairs[lo:lo + chunk, 1]
        jaccard[lo:lo + chunk] = (signatures[a] == signatures[b]).mean(axis=1)
    na, nb = counts[pairs[:, 0]].astype(float), counts[pairs[:, 1]].astype(float)
    shared = jaccard * (na + nb) / (1 + jaccard)
    containment = np.minimum(shared / np.maximum(np.minimum(na, nb), 1), 1.0)
    return jaccard, containment


def duplicate_pairs(documents: pd.DataFrame, signatures: np.ndarray | None = None,
                    chunk: int = 65_536) -> pd.DataFrame:
    """Confirmed near-duplicate pairs: doc_a, doc_b, jaccard, containment (estimates).

    `documents` needs doc_id and shingles, and minhash (bytes from `signature`)
    unless `signatures` holds them already as one (n, NUM_PERM) matrix in the
    same row order. Documents without shingles pair with nothing. Candidates
    are checked a chunk at a time, so memory holds the confirmed pairs only.
    """
    usable = (documents["shingles"].fillna(0).astype(int) > 0).to_numpy()
    signatures = signature_matrix(list(documents.loc[usable, "minhash"])) if signatures is None else signatures[usable]
    counts = documents.loc[usable, "shingles"].to_numpy(dtype=np.int64)
    ids = documents.loc[usable, "doc_id"].to_numpy()
    pairs = candidate_pairs(signatures)
    confirmed = []
    for lo in range(0, len(pairs), chunk):
        some = pairs[lo:lo + chunk]
        jaccard, containment = estimated_overlap(signatures, counts, some)
        keep = (containment >= MIN_CONTAINMENT) & (jaccard >= MIN_JACCARD)
        confirmed.append(pd.DataFrame({"doc_a": ids[some[keep, 0]], "doc_b": ids[some[keep, 1]],
                                       "jaccard": jaccard[keep], "containment": containment[keep]}))
    if not confirmed:
        return pd.DataFrame({"doc_a": ids[:0], "doc_b": ids[:0], "jaccard": np.empty(0), "containment": np.empty(0)})
    return pd.concat(confirmed, ignore_index=True)


# ---------------------------------------------------------------------------
# Groups and the canonical copy.


def _rank(documents: pd.DataFrame) -> pd.Series:
    """0 for the best copy: one with a date, then the longer text, then the smaller doc_id."""
    length = documents["text_length"] if "text_length" in documents else documents["text"].str.len()
    order = pd.DataFrame({
        "undated": documents["date"].isna().to_numpy(),
        "shorter": -length.to_numpy(),
        "doc_id": documents["doc_id"].to_numpy(),
    }).sort_values(["undated", "shorter", "doc_id"]).index
    rank = np.empty(len(documents), dtype=np.int64)
    rank[order] = np.arange(len(documents))
    return pd.Series(rank, index=documents["doc_id"].to_numpy())


def duplicate_groups(documents: pd.DataFrame, pairs: pd.DataFrame | None = None,
                     signatures: np.ndarray | None = None) -> dict[str, str]:
    """{doc_id: canonical doc_id} for every document that has a near-duplicate (canonical → itself).

    `documents` needs doc_id, minhash, shingles, date and text_length (or text).
    Each document points to the best-ranked copy it overlaps when that copy
    ranks above it, and pointers are followed to the end.  Grouping this way,
    not by connected components, keeps two different web articles apart when
    one undated page prints both: the page joins one of them, and they do not
    join each other.
    """
    if pairs is None:
        pairs = duplicate_pairs(documents, signatures)
    if pairs.empty:
        return {}
    rank = _rank(documents)
    a, b = pairs["doc_a"].to_numpy(), pairs["doc_b"].to_numpy()
    ra, rb = rank[a].to_numpy(), rank[b].to_numpy()
    lower = np.where(ra > rb, a, b)  # the worse copy …
    upper = np.where(ra > rb, b, a)  # … points up to the better one
    links = pd.DataFrame({"doc": lower, "up": upper, "up_rank": np.minimum(ra, rb)})
    best_up = links.sort_values(["doc", "up_rank"]).drop_duplicates("doc").set_index("doc")["up"]
    canonical = best_up.to_dict()
    for doc in canonical:  # pointers only go up the ranking, so this ends
        top = canonical[doc]
        while top in canonical:
            top = canonical[top]
        canonical[doc] = top
    for top in set(canonical.values()):
        canonical[top] = top
    return dict(sorted(canonical.items()))


BORROWED = ("date", "source", "home_region", "home_region_code")


def _missing(value) -> bool:
    return value is None or value == "" or bool(pd.isna(value))


def borrowed_metadata(documents: pd.DataFrame, groups: dict[str, str]) -> dict[str, dict]:
    """{doc_id: {field: value}} — what a grouped document lacks of BORROWED, from its group.

    The canonical copy lends first, then the other members best-ranked first.
    Only documents that lack something and can get it appear.
    """
    if not groups:
        return {}
    grouped = documents[documents["doc_id"].isin(list(groups))]
    fields = [f for f in BORROWED if f in grouped]
    rank = _rank(grouped)
    rows = grouped.set_index("doc_id")[fields]
    members: dict[str, list[str]] = {}
    for doc, top in groups.items():
        members.setdefault(top, []).append(doc)
    borrowed = {}
    for doc, top in groups.items():
        lenders = [top] + sorted((m for m in members[top] if m not in (doc, top)), key=rank.get)
        taken = {}
        for field in fields:
            if not _missing(rows.at[doc, field]):
                continue
            for lender in lenders:
                if lender != doc and not _missing(rows.at[lender, field]):
                    taken[field] = rows.at[lender, field]
                    break
        if taken:
            borrowed[doc] = taken
    return borrowed
