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


_GROUP_NAME = regex.compile(r"\(\?P?<([A-Za-z_]\w*)>")  # (?P<y>…) or (?<y>…); not a lookbehind (?<=, (?<!


class FirstCharacterAlternation:
    """The matches of one alternation of `patterns` — leftmost first, and at a position the first pattern
    listed that fits, as `regex.finditer` gives them — where each position tries only the patterns that can
    start with the character there.

    Before a long table of patterns (timeframes.csv) a lookahead of every first character skips most positions,
    but where it passes (any digit, 年, 上 …) the engine still tried every alternative in turn, ~40 ns each:
    2.3 µs a position with 85 of them. A character's patterns are found once (by each pattern's
    `leading_class`) and compiled as an alternation of their own, in table order; a pattern that cannot start
    with that character could not have matched there, so the matches are the same. `before` is a lookbehind
    every pattern shares. Where a pattern's first characters cannot be told, all of them are one alternation.
    """

    def __init__(self, patterns, before: str = ""):
        self.patterns = list(patterns)
        starts = leading_class(self.patterns)
        # a position where some pattern may start: the shared lookbehind, then its character (taken, not looked
        # ahead at: a scan of one-character matches runs faster than one of empty ones)
        self._candidates = regex.compile(f"{before}{starts}") if starts else None
        self._firsts = [regex.compile(leading_class([p])) for p in self.patterns] if starts else []
        self._by_char: dict[str, tuple | None] = {}  # filled as characters turn up: a few dozen
        self._by_indices: dict[tuple[int, ...], tuple] = {}
        # each pattern's own named groups (a match's groupdict() would list every group of its alternation), read
        # from its text and kept where its alternation has them: compiling each pattern alone for its groupindex
        # took longer than compiling the alternations (14 ms for the 85 time-cue rows, in every process)
        self._names = [tuple(dict.fromkeys(_GROUP_NAME.findall(p))) for p in self.patterns]
        self._whole = None if starts else self._compile(range(len(self.patterns)), before)

    def _compile(self, indices, prefix: str = "") -> tuple[regex.Pattern, list[tuple[int, int, tuple[str, ...]]]]:
        """An alternation of the patterns at `indices`, in order, and (number of the group around it, index,
        named groups) of each. (A match's lastindex cannot tell which matched: with names shared across
        patterns, y and m, it may name one of those.)"""
        pattern = regex.compile(prefix + "(?:" + "|".join(f"(?P<p{i}>{self.patterns[i]})" for i in indices) + ")")
        return pattern, [(pattern.groupindex[f"p{i}"], i, tuple(n for n in self._names[i] if n in pattern.groupindex))
                         for i in indices]

    def _for(self, char: str) -> tuple[regex.Pattern, list] | None:
        """The alternation of the patterns that can start with `char` (None: none can)."""
        if char not in self._by_char:
            indices = tuple(i for i, first in enumerate(self._firsts) if first.match(char))
            if indices and indices not in self._by_indices:
                self._by_indices[indices] = self._compile(indices)
            self._by_char[char] = self._by_indices[indices] if indices else None
        return self._by_char[char]

    def finditer(self, text: str):
        """(index of the pattern that matched, its match, the pattern's named groups as found), in order."""
        if self._whole is not None:
            pattern, wrapping = self._whole
            for m in pattern.finditer(text):
                yield self._found(m, wrapping)
            return
        end = 0
        by_char = self._by_char  # ~20 000 candidates in 400 articles: the lookup is done here, not in a call
        for candidate in self._candidates.finditer(text):
            at = candidate.start()
            if at < end:  # inside the match before: finditer goes on from its end
                continue
            char = text[at]
            alternation = by_char[char] if char in by_char else self._for(char)
            m = alternation[0].match(text, at) if alternation else None
            if m is not None:  # no pattern matches empty (leading_class tells): the next starts past it
                end = m.end()
                yield self._found(m, alternation[1])

    def _found(self, m: regex.Match, wrapping: list) -> tuple[int, regex.Match, dict[str, str | None]]:
        i, names = next((i, names) for group, i, names in wrapping if m.start(group) >= 0)
        return i, m, {name: m.group(name) for name in names}
