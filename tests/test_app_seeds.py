"""Every scored claim of the five sample documents can be found through the dashboard.

The store is built from the seed gold (shared/eval/gold/seeds.jsonl) and the
texts of data/corpus: pick the claim's metric, region and year, and the
evidence grid lists it and the compare chart shows its region.
"""
from __future__ import annotations

import json

import pytest
from app_fixtures import SEEDS, seed_tables

from app import compare, evidence
from app.data import load_store
from app.state import Allowed, View
from extract.store import write_store

pytestmark = [pytest.mark.shared, pytest.mark.skipif(not SEEDS.exists(), reason="needs ../shared/eval/gold")]

GOLD = [json.loads(line) for line in SEEDS.read_text(encoding="utf-8").splitlines()] if SEEDS.exists() else []
SCORED = [g for g in GOLD if g["metric"] != "other"]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    store = load_store(write_store(tmp_path_factory.mktemp("seeds") / "seeds.duckdb", seed_tables()))
    return store, Allowed.of(store)


def test_the_gold_has_54_scored_claims():
    assert len(SCORED) == 54


@pytest.mark.parametrize("gold", SCORED, ids=[f'{g["doc_id"][:3]}-{g["quote"]}-{g["metric"]}' for g in SCORED])
def test_scored_claim_is_found_by_metric_region_and_year(seeded, gold):
    store, allowed = seeded
    year = str(gold["year"])
    span = [int(y) for y in year.split("-")]
    data = {**View.default(allowed).data(), "metric": gold["metric"], "regions": [gold["region_code"] or gold["region"]],
            "years": [span[0], span[-1]], "year": year}
    rows, _, note = evidence.update(store, allowed, data)
    found = [r for r in rows if r["doc_id"] == gold["doc_id"] and r["value"] == pytest.approx(gold["value"])]
    assert found, note
    assert found[0]["marked"] == gold["quote"] or gold["doc_id"].startswith("003")  # 003 breaks lines in quotes
    fig, notes, _ = compare.update(store, allowed, data)
    assert gold["region"] in {label for trace in fig.data for label in trace.y}, notes
