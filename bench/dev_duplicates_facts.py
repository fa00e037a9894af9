"""Duplicates and facts on a real corpus: signature cost, pairwise containment, groups, facts, conflicts.

    .venv/bin/python -m bench.dev_duplicates_facts ../shared/corpus/dev data/corpus
"""
import itertools
import sys
import time

import pandas as pd

from extract.corpus import duplicates
from extract import signature as minhash
from extract.corpus.facts import build_facts
from extract.corpus.gather import extract_paths


def main(paths: list[str]) -> None:
    pd.set_option("display.width", 250)
    pd.set_option("display.max_colwidth", 60)
    tables = extract_paths(paths)
    documents, claims = tables["documents"], tables["claims"]
    start = time.perf_counter()
    signed = [minhash.signature(text) for text in documents["text"]]
    per_doc = (time.perf_counter() - start) / len(documents) * 1e3
    documents = documents.assign(minhash=[s for s, _ in signed], shingles=[n for _, n in signed], text_length=documents["text"].str.len())
    print(f"documents={len(documents)} mean chars={documents['text_length'].mean():.0f} signature={per_doc:.2f} ms/doc")

    # Exact containment of every pair (shingle sets), to see where the threshold sits.
    sets = [minhash.shingles(t) for t in documents["text"]]
    rows = [(documents["doc_id"].iat[i], documents["doc_id"].iat[j], len(sets[i] & sets[j]) / max(1, min(len(sets[i]), len(sets[j]))),
             len(sets[i] & sets[j]) / max(1, len(sets[i] | sets[j])))
            for i, j in itertools.combinations(range(len(sets)), 2)]
    exact = pd.DataFrame(rows, columns=["a", "b", "containment", "jaccard"]).sort_values("containment", ascending=False)
    print(f"pairs={len(exact)} exact containment quantiles 50/99/99.9%: {exact['containment'].quantile([.5, .99, .999]).round(3).tolist()}")
    print(exact.head(6).to_string(index=False))
    pairs = duplicates.duplicate_pairs(documents)
    groups = duplicates.duplicate_groups(documents, pairs)
    print("confirmed pairs (estimates):\n", pairs.to_string(index=False))
    print("groups:", groups)
    print("borrowed:", duplicates.borrowed_metadata(documents, groups))

    start = time.perf_counter()
    facts, fact_ids = build_facts(claims)
    print(f"\nclaims={len(claims)} stating a fact={int((fact_ids != '').sum())} facts={len(facts)} "
          f"n_claims>1={int((facts['n_claims'] > 1).sum())} n_sources>1={int((facts['n_sources'] > 1).sum())} "
          f"conflict={int(facts['conflict'].sum())} ({time.perf_counter() - start:.2f}s)")
    cols = ["region", "metric", "kind", "year", "period", "unit", "value", "quote", "n_claims", "n_sources", "conflict"]
    print("stated by several documents:\n", facts[facts["n_sources"] > 1][cols].to_string(index=False))
    claims = claims.assign(fact_id=fact_ids)
    key = ["region", "metric", "kind", "year", "period", "unit"]
    for label, chosen in (("conflicts", facts[facts["conflict"]]),
                          ("several values of one key, no conflict (documents nest)",
                           facts.groupby(key).filter(lambda g: len(g) > 1 and not g["conflict"].any()))):
        print(f"\n{label}: {chosen.groupby(key).ngroups} keys, {len(chosen)} facts")
        for k, g in chosen.groupby(key):
            print(" ", k)
            for r in claims[claims["fact_id"].isin(set(g["fact_id"]))].itertuples():
                print("    ", r.fact_id[:6], r.doc_id, r.quote, "|", r.sentence[:90].replace("\n", " "))


if __name__ == "__main__":
    main(sys.argv[1:])
