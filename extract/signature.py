"""A document's near-duplicate signature: computed once per document, inside the worker.

`signature(text)` is a datasketch MinHash of the text's 8-character shingles
(punctuation and spaces removed, read in simplified characters, so a
traditional-character or re-punctuated reprint shingles alike), as bytes, with
the number of distinct shingles.  Stored with the document, so an incremental
run never computes it again.  (Computed with numpy, xxh32 of every shingle at
once; tests hold the bytes to datasketch's.)  The groups the signatures make
across documents are `extract.corpus.duplicates`.
"""
from __future__ import annotations

from functools import cache

import numpy as np
import regex
import xxhash
from numpy.lib.stride_tricks import as_strided

from extract.text import reading_view

SHINGLE_CHARS = 8  # long enough that stock phrases (城镇新增就业) rarely make two articles look alike
NUM_PERM = 256

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
_LANE_SEEDS = np.array(_LANES, dtype=np.uint32)[:, None]
_LANE_WORDS = np.arange(0, 16, 4)[:, None]  # a stripe's four words, one a lane: their offsets in the stripe
_LANE_TURNS = np.array([1, 7, 12, 18], dtype=np.uint32)[:, None]  # each lane's rotation before the four are summed


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
    xxhash itself).

    Every step works on contiguous arrays a window long: the 4-byte word at each byte offset of the text is
    read once, and a window's j-th word is picked from it by the window's start. (A copy of each window's 32
    bytes, one row each, made every word a strided column, ~5x the time of a step on a contiguous one: the
    windows of 400 synthetic articles took 66 ms, now 53.)"""
    k = SHINGLE_CHARS
    points = np.frombuffer(s.encode("utf-32-le"), dtype="<u4")
    width = 1 + (points >= 0x80).astype(np.int64) + (points >= 0x800) + (points >= 0x10000)
    offsets = np.zeros(len(points) + 1, dtype=np.int64)
    np.cumsum(width, out=offsets[1:])
    starts = offsets[:len(points) - k + 1]
    length = (offsets[k:] - starts).astype(np.uint32)
    data = np.frombuffer(s.encode() + bytes(4 * k), dtype=np.uint8).astype(np.uint32)
    word_at = data[:-3] | (data[1:-2] << np.uint32(8)) | (data[2:-1] << np.uint32(16)) | (data[3:] << np.uint32(24))
    # the four lanes as four rows of one array: each step is one numpy call over all of them
    lanes = _rotl(_LANE_SEEDS + word_at[_LANE_WORDS + starts] * _P2, 13) * _P1
    two = np.flatnonzero(length >= 32)
    if len(two):
        lanes[:, two] = _rotl(lanes[:, two] + word_at[_LANE_WORDS + (starts[two] + 16)] * _P2, 13) * _P1
    rotated = (lanes << _LANE_TURNS) | (lanes >> (np.uint32(32) - _LANE_TURNS))
    h = np.where(length >= 16, np.add.reduce(rotated, axis=0, dtype=np.uint32), _P5)  # uint32 sums wrap, as xxh32's
    h += length
    done = (length // np.uint32(16)) * np.uint32(16)  # bytes the stripes took
    # where every window has a word (or a byte) left, as in Chinese text, the step reads whole arrays, not copies
    while len(rows := np.flatnonzero(length - done >= 4)):
        rows = slice(None) if len(rows) == len(h) else rows
        h[rows] = _rotl(h[rows] + word_at[starts[rows] + done[rows]] * _P3, 17) * _P4
        done[rows] += 4
    while len(rows := np.flatnonzero(done < length)):
        rows = slice(None) if len(rows) == len(h) else rows
        h[rows] = _rotl(h[rows] + data[starts[rows] + done[rows]] * _P5, 11) * _P1
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
