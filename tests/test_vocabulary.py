"""Every vocabulary table is read by the extractor and proven row by row by some test."""
from pathlib import Path

import pytest

from extract.cues import metrics
import regex

from extract.vocabulary import TABLES, leading_class, read_table

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


@pytest.mark.parametrize(
    "patterns, expected",
    [
        ([r"(?:19|20)\d{2}年", r"(?:第)?一季度"], "[12一第]"),  # an optional 第 lets 一 start it too
        ([r"[上下]半年", r"截[至止]"], "[上下截]"),
        ([r"(?P<m>1[0-2]|[1-9])月"], "[11-9]"),
        ([r"\d+(?:\.\d+)?%"], r"[\d]"),
        ([r"(?<![\d.])今年(?!以来)"], "[今]"),  # lookarounds take no character
        ([r"(?:以来)?"], None),  # matches empty: it can start anywhere
        ([r".年"], None),
        ([r"[^，]年"], None),
        ([r"(?i)q1"], None),  # Q1 too
        ([r"\p{Han}{2}"], None),  # regex-only syntax
    ],
)
def test_leading_class(patterns, expected):
    assert leading_class(patterns) == expected


@pytest.mark.parametrize("text", ["2021年1月至9月，全市新增就业", "去年同期", "第三季度末和上半年", "十三五期间"])
def test_leading_class_admits_every_start_of_a_time_cue(text):
    patterns = [row["pattern"] for row in read_table("timeframes.csv")]
    starts = regex.compile(leading_class(patterns))
    for pattern in patterns:
        for m in regex.finditer(pattern, text):
            assert starts.match(m.group()), (pattern, m.group())
