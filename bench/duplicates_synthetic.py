"""Synthetic signatures at archive scale, modelled on shingle sets (no text needed):
each document has n_d own shingles (300..6000, log-uniform) and f_d·n_d stock phrases
(f_d uniform 0..10 %) from its topic's pool of 1000 (50 topics): stock phrases give
same-topic articles the background overlap real ones have.  Planted: 1000 copies,
each wholly inside an original page of 1/J its size (J = 0.15, 0.25, 0.5, 0.9).

    .venv/bin/python -m bench.duplicates_synthetic [N] [stock share max] [PICKLE]

With PICKLE the documents (and PICKLE.planted) are written for bench/duplicates_run.py instead of measured here.
"""
import datetime
import resource
import sys
import time

import numpy as np
import pandas as pd

from extract.corpus import duplicates as D
from extract import signature as minhash


def synthetic(n: int, stock_share_max: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(documents: doc_id, minhash, shingles, date, text_length; planted pairs: a, b, J)."""
    rng = np.random.default_rng(7)
    P, T, S = minhash.NUM_PERM, 50, 1000
    own_n = np.exp(rng.uniform(np.log(300), np.log(6000), n))
    stock_n = np.maximum(1, (rng.uniform(0, stock_share_max, n) * own_n)).astype(int)
    stock = np.sort(rng.integers(0, 2**32, size=(T, S, P), dtype=np.uint64), axis=1)  # per topic and slot, ascending
    topic = rng.integers(0, T, n)
    sig = np.empty((n, P), dtype=np.uint32)
    for lo in range(0, n, 5000):
        sl = slice(lo, lo + 5000)
        k = len(own_n[sl])
        own = ((1 - rng.random((k, P)) ** (1 / own_n[sl, None])) * 2**32).astype(np.uint64)
        # smallest rank among the chosen stock phrases
        rank = np.minimum((S * (1 - rng.random((k, P)) ** (1 / stock_n[sl, None]))).astype(int), S - 1)
        st = stock[topic[sl, None], rank, np.arange(P)[None, :]]
        sig[sl] = np.minimum(own, st)
    counts = (own_n + stock_n).astype(int)
    planted = []
    chosen = iter(rng.choice(n, 2000, replace=False).reshape(-1, 2))
    for j_true in (0.15, 0.25, 0.5, 0.9):
        for _ in range(250):
            o, c = next(chosen)
            take = rng.random(P) < j_true
            sig[c, take] = sig[o, take]
            counts[o] = int(1500 / j_true)
            counts[c] = 1500
            planted.append((min(o, c), max(o, c), j_true))
    docs = pd.DataFrame({"doc_id": [f"d{i:06d}" for i in range(n)], "minhash": [r.tobytes() for r in sig.astype('<u4')],
                         "shingles": counts, "date": [datetime.date(2022, 1, 1)] * n, "text_length": counts})
    return docs, pd.DataFrame(planted, columns=["a", "b", "J"])


def main(argv: list[str]) -> None:
    n = int(argv[0]) if len(argv) > 0 else 100_000
    docs, planted = synthetic(n, float(argv[1]) if len(argv) > 1 else 0.10)
    if len(argv) > 2:
        docs.to_pickle(argv[2])
        planted.to_pickle(argv[2] + ".planted")
        return
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    sm = D.signature_matrix(list(docs.minhash))
    t1 = time.perf_counter()
    cand = D.candidate_pairs(sm)
    t2 = time.perf_counter()
    pairs = D.duplicate_pairs(docs)
    t3 = time.perf_counter()
    groups = D.duplicate_groups(docs, pairs)
    t4 = time.perf_counter()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    found = set(zip(pairs.doc_a, pairs.doc_b))
    planted["found"] = [(f"d{a:06d}", f"d{b:06d}") in found for a, b in zip(planted.a, planted.b)]
    print(f"n={n} candidates={len(cand)} ({len(cand)/(n*(n-1)/2):.2e} of pairs) confirmed={len(pairs)} "
          f"groups={len(set(groups.values()))}")
    print(f"matrix {t1-t0:.2f}s  candidate_pairs {t2-t1:.2f}s  duplicate_pairs (bands+check) {t3-t2:.2f}s  "
          f"duplicate_groups {t4-t3:.2f}s")
    print(f"peak rss {rss:.0f} MB (synthetic frame built: {rss0:.0f} MB)")
    print("recall by planted Jaccard:", planted.groupby("J").found.mean().to_dict(),
          " confirmed pairs not planted:", len(found) - planted.found.sum())


if __name__ == "__main__":
    main(sys.argv[1:])
