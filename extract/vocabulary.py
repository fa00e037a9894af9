"""The vocabulary tables in `extract/tables/`: every word list the extractor uses is a CSV file there.

One reader for all of them, so a table is read the same way wherever it is used.
"""
from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import regex
from re import _constants as _sre, _parser as _sre_parser  # the stdlib's own regex parser, to read a pattern's first characters

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


def leading_class(patterns) -> str | None:
    """A character class holding every character a match of any of `patterns` can start with, or None
    when that cannot be told (a pattern may match empty, starts with `.` or a negated class, ignores case,
    or uses syntax only `regex` knows).

    Put in front of a long alternation as a lookahead, it lets the engine pass over a position in one
    class test instead of trying every alternative there.

    >>> leading_class([r"(?:19|20)\\d{2}年", r"(?:第)?一季度", r"[上下]半年"])
    '[12一上下第]'
    >>> leading_class([r"今年", r"(?:以来)?"]) is None  # the second can match empty: any position may start it
    True
    """
    atoms: set[str] = set()
    for pattern in patterns:
        try:
            parsed = _sre_parser.parse(pattern)
        except Exception:  # regex-only syntax (\p{Han}, \L<name>): no way to tell here
            return None
        if parsed.state.flags & _CASELESS:
            return None
        found = _first(list(parsed))
        if found is None or found[1]:  # unknown, or the pattern can match the empty string
            return None
        atoms |= found[0]
    return "[" + "".join(sorted(atoms)) + "]"


def _first(items: list) -> tuple[set[str], bool] | None:
    """(class atoms a match of the parsed sequence can start with, whether it can match empty), or None."""
    atoms: set[str] = set()
    for op, av in items:
        if op in (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT):
            continue  # zero width: what follows decides the first character (a lookahead only narrows it)
        if op is _sre.LITERAL:
            return atoms | {regex.escape(chr(av))}, False
        if op is _sre.IN:
            item = _class_atoms(av)
            return (atoms | item, False) if item is not None else None
        if op is _sre.SUBPATTERN:
            _, add_flags, _, sub = av
            if add_flags & _CASELESS:
                return None
            item = _first(list(sub))
        elif op is _sre.BRANCH:
            branches = [_first(list(branch)) for branch in av[1]]
            if any(b is None for b in branches):
                return None
            item = (set().union(*(b[0] for b in branches)), any(b[1] for b in branches))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            low, _, sub = av
            item = _first(list(sub))
            if item is not None and low == 0:
                item = (item[0], True)
        else:  # ., [^…], a back-reference, a conditional: any character may come first
            return None
        if item is None:
            return None
        atoms |= item[0]
        if not item[1]:
            return atoms, False
    return atoms, True


_CASELESS = _sre.SRE_FLAG_IGNORECASE | _sre.SRE_FLAG_LOCALE  # a literal would stand for more than itself
_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_SPACE": r"\s", "CATEGORY_WORD": r"\w"}


def _class_atoms(members: list) -> set[str] | None:
    atoms = set()
    for op, av in members:
        if op is _sre.LITERAL:
            atoms.add(regex.escape(chr(av)))
        elif op is _sre.RANGE:
            atoms.add(f"{regex.escape(chr(av[0]))}-{regex.escape(chr(av[1]))}")
        elif op is _sre.CATEGORY and str(av) in _CATEGORIES:
            atoms.add(_CATEGORIES[str(av)])
        else:  # a negated class, \D, \S …
            return None
    return atoms
