"""Every vocabulary table is read by the extractor and proven row by row by some test."""
from pathlib import Path

import pytest

from extract.claims import metrics
from extract.vocabulary import TABLES, read_table

TESTS = Path(__file__).parent
SHARED_METRICS = TESTS.parent.parent / "shared" / "spec" / "metrics.csv"


@pytest.mark.parametrize("table", sorted(p.name for p in TABLES.glob("*.csv")))
def test_every_table_has_a_test_that_reads_it(table):
    tests = "".join(p.read_text(encoding="utf-8") for p in TESTS.glob("test_*.py"))
    assert f'"{table}"' in tests, f"no test reads extract/tables/{table}"


def test_every_metric_has_a_cue_and_every_cue_a_metric():
    cued = {row["metric"] for row in read_table("metric_cues.csv")}
    assert set(metrics()) <= cued
    assert cued - set(metrics()) == {"unemployment_rate"}  # the bare 失业率, resolved to a listed rate


@pytest.mark.skipif(not SHARED_METRICS.exists(), reason="../shared/spec is absent")
def test_metric_ids_and_labels_follow_the_spec():
    import csv

    with open(SHARED_METRICS, encoding="utf-8") as f:
        spec = {row["metric"]: row for row in csv.DictReader(f)}
    assert list(metrics()) == list(spec)
    for metric in metrics().values():
        assert (metric.label_zh, metric.label_en, metric.unit) == tuple(spec[metric.metric][k] for k in
                                                                        ("label_zh", "label_en", "unit"))
