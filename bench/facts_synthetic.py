"""1M synthetic claims: 400k true figures (3000 regions × 20 metrics × kinds × 10 years × periods),
each stated 1–5 times with quotes of varying precision (5.83万人, 5.8万人, 58300人, 5.8万余人),
plus 3 % misstatements (a different value under the same key) and 25 % claims of metric other.

    .venv/bin/python -m bench.facts_synthetic [N]
"""
import resource
import sys
import time

import numpy as np
import pandas as pd

from extract.corpus.facts import build_facts


def synthetic_claims(N: int) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    n_true = int(N * 0.4)
    codes = np.array([f"{430000 + i:06d}" for i in range(3000)])
    metrics = np.array([f"m{i}" for i in range(20)])
    true = pd.DataFrame({
        "region_code": rng.choice(codes, n_true), "metric": rng.choice(metrics, n_true),
        "kind": rng.choice(["level", "change", "target", "share"], n_true, p=[.7, .1, .1, .1]),
        "year": rng.integers(2015, 2025, n_true).astype(str),
        "period": rng.choice(["", "H1", "Q1", "01-10"], n_true, p=[.7, .1, .1, .1]),
        "value": np.round(rng.uniform(1, 99, n_true), 2) * 10.0 ** rng.integers(0, 5, n_true),
    })
    times = rng.integers(1, 6, n_true)
    claims = true.loc[true.index.repeat(times)].reset_index(drop=True)
    m = len(claims)
    if m < N:
        claims = pd.concat([claims, claims.sample(N - m, replace=True, random_state=1)], ignore_index=True)
    claims = claims.iloc[:N].copy()
    style = rng.integers(0, 4, len(claims))
    wan = claims["value"] / 1e4
    claims["quote"] = np.select([style == 0, style == 1, style == 2], [
        wan.map(lambda v: f"{v:.4g}万人"), wan.map(lambda v: f"{v:.2g}万人"), claims["value"].map(lambda v: f"{v:.0f}人")],
        wan.map(lambda v: f"{v:.2g}万余人"))
    claims["value"] = np.select([style == 1, style == 3], [wan.map(lambda v: float(f"{v:.2g}")) * 1e4] * 2, claims["value"])
    claims["qualifier"] = np.where(style == 3, "more_than", "exact")
    wrong = rng.random(len(claims)) < 0.03
    claims.loc[wrong, "value"] *= 1.5
    claims.loc[wrong, "quote"] = claims.loc[wrong, "value"].map(lambda v: f"{v:.0f}人")
    other = rng.random(len(claims)) < 0.25
    claims.loc[other, "metric"] = "other"
    claims["value_low"] = claims["value_high"] = claims["value"]
    claims["unit"] = "人"
    claims["region"] = claims["region_code"]
    claims["region_level"] = "county"
    claims["province"] = "湖南省"
    claims["city"] = ""
    claims["county"] = claims["region"]
    claims["year_from"] = claims["year_to"] = claims["year"].astype(int)
    claims["doc_id"] = [f"d{i:06d}" for i in rng.integers(0, 100_000, len(claims))]
    claims["claim_id"] = [f"{i:016x}" for i in range(len(claims))]
    return claims


def main(argv: list[str]) -> None:
    claims = synthetic_claims(int(argv[0]) if argv else 1_000_000)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    facts, ids = build_facts(claims)
    t1 = time.perf_counter()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"claims={len(claims)} facts={len(facts)} conflict={int(facts.conflict.sum())} "
          f"n_sources>1={int((facts.n_sources>1).sum())}  build_facts {t1-t0:.1f}s  peak rss {rss:.0f} MB "
          f"(claims built: {rss0:.0f} MB)")


if __name__ == "__main__":
    main(sys.argv[1:])
