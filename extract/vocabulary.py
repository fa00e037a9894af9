"""The vocabulary tables in `extract/tables/`: every word list the extractor uses is a CSV file there.

One reader for all of them, so a table is read the same way wherever it is used.
"""
from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import regex

TABLES = Path(__file__).parent / "tables"


@cache
def _rows(name: str) -> tuple[dict[str, str], ...]:
    with open(TABLES / name, encoding="utf-8", newline="") as f:
        return tuple({key: (value or "").strip() for key, value in row.items()} for row in csv.DictReader(f))


def read_table(name: str) -> list[dict[str, str]]:
    """The rows of tables/`name` as dicts, cells stripped (a fresh list each call; the file is read once)."""
    return [dict(row) for row in _rows(name)]


def alternation(words) -> str:
    """A regex alternation of literal words, longest first, so 个百分点 wins over 个 and 人次 over 人."""
    return "|".join(regex.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
