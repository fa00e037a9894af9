"""Every vocabulary table is read by the extractor and proven row by row by some test."""
from pathlib import Path

import pytest

from extract.cues import metrics
import regex

from extract.vocabulary import TABLES, FirstCharacterAlternation, leading_class, read_table

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


def _plain_alternation(patterns, before, text):
    """What FirstCharacterAlternation stands in for: one alternation of every pattern, tried at every position."""
    whole = regex.compile(before + "(?:" + "|".join(f"(?P<p{i}>{p})" for i, p in enumerate(patterns)) + ")")
    return [(next(i for i in range(len(patterns)) if m.start(f"p{i}") >= 0), m.span()) for m in whole.finditer(text)]


@pytest.mark.parametrize(
    "patterns, before, text",
    [
        # at one position the first listed pattern that fits wins, though a later one is longer
        ([r"(?:19|20)\d{2}年", r"(?:19|20)\d{2}年上半年", r"上半年"], "", "2023年上半年，全省新增就业"),
        # a match covers the next candidate: the scan goes on from its end (上半年 inside it is not found again)
        ([r"(?:19|20)\d{2}年上半年", r"上半年", r"\d+月"], "", "2023年上半年和下半年，3月、12月"),
        # the shared lookbehind and a pattern's own see the text before the position
        ([r"(?P<y>(?:19|20)\d{2})年", r"(?<!第)(?P<m>1[0-2]|[1-9])月"], r"(?<![\d.]|比)", "比2019年增加，第3月，5月，12019年"),
        # \d takes any digit: a full-width one has its own patterns (those with \d), not those of [1-9]
        ([r"[1-9]月", r"\d+日"], "", "１５日和5月，６月"),
        # a pattern whose first character cannot be told: every position tries all of them, in order
        ([r"\p{Han}年", r"今年"], "", "今年和去年"),
    ],
)
def test_first_character_alternation_finds_what_one_alternation_finds(patterns, before, text):
    found = [(i, m.span()) for i, m, _ in FirstCharacterAlternation(patterns, before).finditer(text)]
    assert found == _plain_alternation(patterns, before, text)
    assert found  # each text holds matches: the comparison is not of two empty lists


def test_first_character_alternation_gives_each_match_its_pattern_s_named_groups():
    finder = FirstCharacterAlternation([r"(?P<y>(?:19|20)\d{2})年", r"(?P<m>1[0-2]|[1-9])月", r"上半年",
                                        r"(?<![一二])(?<d>\d{1,2})日"])  # the other spelling of a name; a lookbehind
    found = [(i, groups) for i, _, groups in finder.finditer("2022年5月上半年，20日")]
    assert found == [(0, {"y": "2022"}), (1, {"m": "5"}), (2, {}), (3, {"d": "20"})]
