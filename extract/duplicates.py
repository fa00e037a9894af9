"""Near-duplicate documents: one story read twice (a web article and the PDF page that prints it).

Three pure steps, each cheap at archive scale:

- `signature(text)` — per document, inside the worker: a datasketch MinHash of
  the text's 8-character shingles (punctuation and spaces removed, read in
  simplified characters, so a traditional-character or re-punctuated reprint
  shingles alike), as bytes, with the number of distinct shingles.  Stored with
  the document, so an incremental run never computes it again.  (Computed with
  numpy, xxh32 of every shingle at once; tests hold the bytes to datasketch's.)
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

from functools import cache

import numpy as np
import pandas as pd
import regex
import xxhash
from numpy.lib.stride_tricks import as_strided

from extract.text import reading_view

SHINGLE_CHARS = 8  # long enough that stock phrases (城镇新增就业) rarely make two articles look alike
NUM_PERM = 256
# fixed: a band is two uint32 read as one uint64; 128 bands of 2 rows: a pair with Jaccard 0.15 becomes a candidate
# with p = 0.94, 0.24 with p = 0.9995
BAND_ROWS = 2
MIN_CONTAINMENT = 0.5
MIN_JACCARD = 0.05

_NOT_WORDS = regex.compile(r"[^\p{L}\p{N}]+")


def shingle_text(text: str) -> str:
    """The text a signature reads: simplified characters, letters and digits only, lower case.

    >>> shingle_text("城鎮新增就業 1,100萬人（2022年）")
    '城镇新增就业1100万人2022年'
    """
    return _NOT_WORDS.sub("", reading_view(text)).casefold()


def shingles(text: str) -> set[bytes]:
    """Distinct 8-character shingles (a shorter text is its own one shingle; no letters, none)."""
    return {shingle.encode() for shingle in _shingle_strings(shingle_text(text))}


def _shingle_strings(s: str) -> set[str]:
    # distinct as text, encoded afterwards: a shingle repeated is sliced again but never encoded again
    if len(s) <= SHINGLE_CHARS:
        return {s} if s else set()
    return {s[i:i + SHINGLE_CHARS] for i in range(len(s) - SHINGLE_CHARS + 1)}


@cache
def _permutations() -> np.ndarray:
    """datasketch's affine32 permutations, `MinHash(num_perm=NUM_PERM, seed=1, scheme="affine32").permutations`:
    h → a·h + b (mod 2³²) with an odd a, drawn as datasketch draws them. Drawn here, not imported: datasketch
    pulls in scipy (~40 MB and ~0.4 s in every process that extracts). tests/test_duplicates.py holds the
    permutations and the signatures to datasketch's."""
    gen = np.random.RandomState(1)  # every signature must use the same permutations to be comparable
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return np.array([a, b])


_EMPTY = np.uint32(0xFFFFFFFF)  # datasketch's value of a slot no shingle reached
_BLOCK = 256  # shingles permuted at a time: a 256 x 256 uint32 block stays in cache


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's finalizer, the fixed bijection datasketch's affine32 scheme applies to each hash first."""
    h = h ^ (h >> np.uint32(16))
    h *= np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h *= np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def _minhash_values(hashes: np.ndarray) -> np.ndarray:
    """datasketch's affine32 MinHash, slot k = min over shingles of a_k * fmix32(xxh32) + b_k (mod 2^32),
    computed as datasketch computes it, without building a MinHash per document (its checks and its
    (shingles x 256) temporaries cost more than the arithmetic), a block of shingles at a time."""
    a, b = _permutations()
    values = np.full(NUM_PERM, _EMPTY, dtype=np.uint32)
    mixed = _fmix32(hashes)
    block = np.empty((min(len(mixed), _BLOCK), NUM_PERM), dtype=np.uint32)
    for first in range(0, len(mixed), _BLOCK):
        part = block[:len(mixed) - first] if len(mixed) - first < _BLOCK else block
        np.multiply(mixed[first:first + _BLOCK, None], a, out=part)
        np.add(part, b, out=part)
        np.minimum(values, part.min(axis=0), out=values)
    return values


def signature(text: str) -> tuple[bytes, int]:
    """(MinHash as NUM_PERM little-endian uint32 = 1 KiB, number of distinct shingles) of one text."""
    s = shingle_text(text)
    if len(s) <= SHINGLE_CHARS:
        items = _shingle_strings(s)
        hashes = np.fromiter(map(xxhash.xxh32_intdigest, map(str.encode, items)), dtype=np.uint32, count=len(items))
        return _minhash_values(hashes).astype("<u4").tobytes(), len(items)
    hashes = _window_hashes(s)
    hashes, count = _distinct(hashes, np.frombuffer(s.encode("utf-32-le"), dtype="<u4"))
    if count is None:  # two different shingles with one hash: counted one by one
        count = len(_shingle_strings(s))
    return _minhash_values(hashes).astype("<u4").tobytes(), count


# xxh32 (seed 0), the hash datasketch is given, computed for every shingle of a text at once: slicing,
# encoding and hashing each shingle in Python cost more than the rest of the signature.
_P1, _P2, _P3, _P4, _P5 = (np.uint32(p) for p in (2654435761, 2246822519, 3266489917, 668265263, 374761393))
_LANES = tuple(np.uint32(v % 2**32) for v in (2654435761 + 2246822519, 2246822519, 0, -2654435761))


def _rotl(x: np.ndarray, r: int) -> np.ndarray:
    return (x << np.uint32(r)) | (x >> np.uint32(32 - r))


def _rows(array: np.ndarray, width: int) -> np.ndarray:
    """The windows of `width` items of a 1-d array, one a row, as a view (no copy)."""
    return as_strided(array, shape=(len(array) - width + 1, width), strides=(array.strides[0],) * 2, writeable=False)


_CHUNK = 1 << 16  # windows hashed at a time: a text of megabytes needs 32 bytes a window of this many, not of all


def _window_hashes(s: str) -> np.ndarray:
    """xxh32 of the UTF-8 bytes of each SHINGLE_CHARS-character window of `s` (repeats included)."""
    k = SHINGLE_CHARS
    return np.concatenate([_chunk_hashes(s[i:i + _CHUNK + k - 1]) for i in range(0, len(s) - k + 1, _CHUNK)])


def _chunk_hashes(s: str) -> np.ndarray:
    """`_window_hashes` of a text of at most _CHUNK windows. A window is 8 to 32 bytes: at most two 16-byte
    stripes, then the 4-byte words and single bytes left, as in the reference algorithm (tested against
    xxhash itself)."""
    k = SHINGLE_CHARS
    points = np.frombuffer(s.encode("utf-32-le"), dtype="<u4")
    width = 1 + (points >= 0x80).astype(np.int64) + (points >= 0x800) + (points >= 0x10000)
    offsets = np.zeros(len(points) + 1, dtype=np.int64)
    np.cumsum(width, out=offsets[1:])
    starts = offsets[:len(points) - k + 1]
    length = (offsets[k:] - starts).astype(np.uint32)
    data = np.frombuffer(s.encode() + bytes(4 * k), dtype=np.uint8)
    block = _rows(data, 4 * k)[starts]  # each window's bytes, zero padded to 4k: a copy, one row each
    words = block.view("<u4")
    lanes = [_rotl(v + words[:, j] * _P2, 13) * _P1 for j, v in enumerate(_LANES)]
    two = np.flatnonzero(length >= 32)
    for j in range(4) if len(two) else ():
        lanes[j][two] = _rotl(lanes[j][two] + words[two, 4 + j] * _P2, 13) * _P1
    h = np.where(length >= 16, _rotl(lanes[0], 1) + _rotl(lanes[1], 7) + _rotl(lanes[2], 12) + _rotl(lanes[3], 18), _P5)
    h += length
    done = (length // np.uint32(16)) * np.uint32(16)  # bytes the stripes took
    while len(rows := np.flatnonzero(length - done >= 4)):
        h[rows] = _rotl(h[rows] + words[rows, done[rows] // 4] * _P3, 17) * _P4
        done[rows] += 4
    while len(rows := np.flatnonzero(done < length)):
        h[rows] = _rotl(h[rows] + block[rows, done[rows]].astype(np.uint32) * _P5, 11) * _P1
        done[rows] += 1
    h ^= h >> np.uint32(15)
    h *= _P2
    h ^= h >> np.uint32(13)
    h *= _P3
    h ^= h >> np.uint32(16)
    return h


def _distinct(hashes: np.ndarray, points: np.ndarray) -> tuple[np.ndarray, int | None]:
    """The distinct hashes and the number of distinct windows; None for the number when two different
    windows share a hash (then only counting the windows themselves can tell)."""
    order = np.argsort(hashes)
    ordered = hashes[order]
    new = np.empty(len(ordered), dtype=bool)
    new[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    repeats = np.flatnonzero(~new)
    if len(repeats):
        windows = _rows(points, SHINGLE_CHARS)
        if not (windows[order[repeats]] == windows[order[repeats - 1]]).all():
            return ordered[new], None
    return ordered[new], int(new.sum())


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
