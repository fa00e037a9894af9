"""Run duplicate_pairs and duplicate_groups on signatures written by duplicates_synthetic.py, in a fresh process
(peak memory of the grouping alone):

    .venv/bin/python -m bench.duplicates_synthetic 100000 0.10 /tmp/sig.pkl && .venv/bin/python -m bench.duplicates_run /tmp/sig.pkl
"""
import resource
import sys
import time

import pandas as pd

from extract.corpus import duplicates as D


def main(argv: list[str]) -> None:
    docs = pd.read_pickle(argv[0])
    planted = pd.read_pickle(argv[0] + ".planted")
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    pairs = D.duplicate_pairs(docs)
    t1 = time.perf_counter()
    groups = D.duplicate_groups(docs, pairs)
    t2 = time.perf_counter()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    found = set(zip(pairs.doc_a, pairs.doc_b))
    planted["found"] = [(f"d{a:06d}", f"d{b:06d}") in found for a, b in zip(planted.a, planted.b)]
    print(f"n={len(docs)} confirmed={len(pairs)} groups={len(set(groups.values()))} duplicate_pairs {t1-t0:.2f}s "
          f"duplicate_groups {t2-t1:.2f}s  peak rss {rss:.0f} MB (frame loaded: {rss0:.0f} MB)")
    print("recall by planted Jaccard:", planted.groupby("J").found.mean().to_dict(),
          " confirmed pairs not planted:", len(found) - planted.found.sum())


if __name__ == "__main__":
    main(sys.argv[1:])
