"""Fuzz (issue 5): damaged copies of the sample articles are read and processed without a crash.

The mutations and checks live in bench/fuzz.py; here they run on 300 documents
(a few seconds). The long run is `python -m bench.fuzz --docs 10000 --seed N`.
"""
import math
import random
from pathlib import Path

import pytest

from bench.fuzz import (BYTE_MUTATIONS, REFUSED, TEXT_MUTATIONS, contract_problems, failure, fuzz, minimise,
                        mutated, report)
from extract.read.reader import read_document
from extract.pipeline import process_document

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "corpus" / "003_560e64ab9dc50251.txt"


def test_damaged_sample_articles_never_crash():
    run = fuzz(300, seed=20250501)
    assert not run.crashes, "\n\n".join(report(c) for c in run.crashes[:3])
    assert run.refused < run.docs / 2  # most damaged copies still reach the extractor


@pytest.mark.parametrize("name", sorted(TEXT_MUTATIONS))
def test_every_text_mutation_damages_the_text(name):
    text = SAMPLE.read_text(encoding="utf-8")
    assert any(TEXT_MUTATIONS[name](text, random.Random(seed)) != text for seed in range(5))


@pytest.mark.parametrize("name", sorted(BYTE_MUTATIONS))
def test_every_byte_mutation_damages_the_bytes(name):
    data = SAMPLE.read_bytes()
    assert any(BYTE_MUTATIONS[name](data, random.Random(seed)) != data for seed in range(5))


def test_a_document_is_rebuilt_from_its_seed_and_number():
    # the reproduction a crash report prints relies on this
    assert mutated(7, 42) == mutated(7, 42)
    assert mutated(7, 42).data != mutated(7, 43).data or mutated(7, 42).source != mutated(7, 43).source


def test_bytes_that_are_not_text_are_refused_not_failed(tmp_path):
    assert failure(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ".txt", tmp_path) == REFUSED
    assert failure(SAMPLE.read_bytes(), ".txt", tmp_path) is None


def test_a_claim_the_contract_would_refuse_is_a_failure():
    processed = process_document(read_document(SAMPLE))
    assert contract_problems(processed) == []
    bad = processed.claims[0] | {"value": math.inf}
    processed.claims.extend([bad, bad])
    problems = contract_problems(processed)
    assert any("finite" in p for p in problems) and any("repeated" in p for p in problems)


def test_minimise_keeps_only_what_fails():
    data = "无关的文字，".encode() * 50 + "万万万".encode() + "更多无关的文字".encode() * 50
    assert minimise(data, lambda d: "万万万".encode() in d) == "万万万".encode()
