"""Planted claims found: `planted_recall` compares what bench/synthetic.py planted with a store's claims."""
from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

import duckdb

KEY = ("doc_id", "metric", "region", "year")


def found_and_missed(planted: Iterable[dict], claims: Iterable[dict]) -> tuple[list[dict], list[dict]]:
    """Planted claims matched by a claim of the same document, metric, region and
    year with the same value (relative tolerance 1e-6, as shared/eval/score.py),
    each claim matching at most one planted claim; and the planted claims missed."""
    values: dict[tuple, list[float]] = {}
    for c in claims:
        values.setdefault(tuple(str(c[k]) for k in KEY), []).append(float(c["value"]))
    found, missed = [], []
    for p in planted:
        candidates = values.get(tuple(str(p[k]) for k in KEY), [])
        hit = next((i for i, v in enumerate(candidates) if math.isclose(v, p["value"], rel_tol=1e-6)), None)
        if hit is None:
            missed.append(p)
        else:
            candidates.pop(hit)
            found.append(p)
    return found, missed


def store_claims(store: str | Path) -> list[dict]:
    with duckdb.connect(str(store), read_only=True) as con:
        cur = con.execute("SELECT doc_id, metric, region, year, value, quote, sentence FROM claims")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]


def planted_recall(planted: list[dict], claims: Iterable[dict]) -> float:
    found, _ = found_and_missed(planted, claims)
    return len(found) / len(planted) if planted else float("nan")
