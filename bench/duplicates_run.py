"""Run duplicate_pairs and duplicate_groups on signatures written by duplicates_synthetic.py, in a fresh process (peak memory of the grouping alone):

    .venv/bin/python bench/duplicates_synthetic.py 100000 0.10 /tmp/sig.pkl && .venv/bin/python bench/duplicates_run.py /tmp/sig.pkl
"""
import sys, time, resource, pandas as pd
from extract import duplicates as D
docs = pd.read_pickle(sys.argv[1]); pl = pd.read_pickle(sys.argv[1] + ".planted")
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
t0 = time.perf_counter(); pairs = D.duplicate_pairs(docs); t1 = time.perf_counter(); groups = D.duplicate_groups(docs, pairs); t2 = time.perf_counter()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
found = set(zip(pairs.doc_a, pairs.doc_b))
pl["found"] = [(f"d{a:06d}", f"d{b:06d}") in found for a, b in zip(pl.a, pl.b)]
print(f"n={len(docs)} confirmed={len(pairs)} groups={len(set(groups.values()))} duplicate_pairs {t1-t0:.2f}s duplicate_groups {t2-t1:.2f}s  peak rss {rss:.0f} MB (frame loaded: {rss0:.0f} MB)")
print("recall by planted Jaccard:", pl.groupby("J").found.mean().to_dict(), " confirmed pairs not planted:", len(found) - pl.found.sum())
