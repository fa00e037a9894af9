"""Flattened tables: statistical tables whose cells became plain text when a page was copied.

Two layouts are read; anything else (prose, a year list in a sentence, a phone
number) yields nothing, because both layouts need a shape prose never has.

1. Rows glued together — a header line ``年份失业人数(万人)失业率(%)`` (every
   column carries its unit, so the header alone says how many cells a row has),
   then one line per year with the year and its cells run together:
   ``200113.23.8`` is 2001 | 13.2 | 3.8.
2. One cell per line — a column of years, one per line (``2000`` ``2010`` …),
   then for each row a label line ``城镇登记失业率(%)`` followed by one value
   line per year.

>>> [(c.year, c.label, c.value) for c in find_flat_tables("年份失业人数(万人)失业率(%)\\n200113.23.8")]
[(2001, '失业人数', 132000.0), (2001, '失业率', 3.8)]
"""
from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import islice

import regex

from extract.vocabulary import read_table



@dataclass(frozen=True)
class TableCell:
    start: int  # span of the cell's digits in the text passed in
    end: int
    value: float  # base units: (万人) ×10⁴ → 人, (亿元) ×10⁸ → 元, (%) stays %
    unit: str  # base unit; "" when the header gives none
    year: int | None  # None: a labelled value on its own line, whose year is the passage's
    label: str  # column or row label without its unit
    title: str  # the table's title line; "" if none


@cache
def _units() -> dict[str, tuple[str, Decimal]]:
    """Header unit as written → (base unit, factor), from tables/flat_table_units.csv."""
    return {r["surface"]: (r["base"], Decimal(r["factor"])) for r in read_table("flat_table_units.csv")}


# ---- pieces shared by both layouts ------------------------------------------

_OPEN, _CLOSE = "[(（]", "[)）]"
_YEAR = r"(?:19|20)\d{2}"  # table years; 4 digits keep day numbers and codes out
_LABEL_WITH_UNIT = regex.compile(
    rf"""(?P<label>[^\s()（）\d]+)      # label: no digits, so it never eats a year
         {_OPEN}(?P<unit>[^()（）]+){_CLOSE}  # its unit in parentheses
    """,
    regex.X,
)
# Lines above a table that are not its title: the 指/标 header stub, a date or
# source line, a unit note.
_HAN = regex.compile(r"\p{Han}")
_NOT_TITLE = regex.compile(r"^(?:指|标|指标|项目|年份|年度)$|来源|^单位[:：]|^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")


def _lines(text: str) -> list[tuple[int, str]]:
    """Non-blank lines, stripped, each with the offset of its first character.
    Blank lines carry no cells, so both layouts simply skip them."""
    out, offset = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            out.append((offset + raw.index(stripped[0]), stripped))
        offset += len(raw) + 1
    return out


def _title(lines: list[tuple[int, str]], first: int) -> str:
    """The nearest line above the table that is not a stub/source/date line —
    unless that line is a sentence (ends in 。) or too long to be a caption."""
    for _, line in reversed(lines[max(0, first - 4):first]):
        if _NOT_TITLE.search(line):
            continue
        return line if len(line) <= 80 and not line.endswith("。") and _HAN.search(line) else ""
    return ""


def _cell(start: int, digits: str, year: int, label: str, unit: str, title: str) -> TableCell:
    base, factor = _units().get(unit, ("", Decimal(1)))
    # Decimal keeps 17.8 × 10⁴ at 178000 rather than 177999.99…
    return TableCell(start, start + len(digits), float(Decimal(digits) * factor), base, year, label, title)


# ---- layout 1: rows glued together ------------------------------------------

_HEADER = regex.compile(rf"^(?:年份|年度|年)\s*(?P<columns>(?:{_LABEL_WITH_UNIT.pattern}\s*)+)$", regex.X)
_ROW = regex.compile(rf"^(?P<year>{_YEAR})\s*(?P<rest>[\d.][\d.\s]*)$")
# A glued cell has no leading zero and at most two decimals; which columns
# really use one decimal (the usual case) is learnt per table, see _resolve.
# At most 8 integer digits: no cell of such a table counts more, and the bound keeps the readings of a
# long run of digits few (unbounded, a 2000-digit row took 9 s and one of its cells was infinite).
_GLUED_CELL = regex.compile(r"(?:0|[1-9]\d{0,7})(?:\.\d{1,2})?")
_LONGEST_GLUED_CELL = 11  # 8 digits, a point, 2 decimals
_MOST_READINGS = 1000  # a row that can be read more ways than this says nothing certain: it is not read
_SPACED_CELL = regex.compile(r"\d{1,15}(?:\.\d{1,6})?")  # 15 digits: beyond, a float is no longer exact
_SPACED_DIGITS = regex.compile(r"\d\s+\d")
_TOKEN = regex.compile(r"\S+")
_DEFAULT_DECIMALS = 1  # a column no unambiguous row speaks for

Split = dict  # column index → (start, end) within the row's rest


def _header_columns(line: str) -> list[tuple[str, str]] | None:
    m = _HEADER.match(line)
    if not m:
        return None
    columns = [(c["label"], c["unit"]) for c in _LABEL_WITH_UNIT.finditer(m["columns"])]
    # An unknown parenthesis — (城镇), (1980年-2021年) — means this is not a header.
    return columns if all(unit in _units() for _, unit in columns) else None


def _cuts(digits: str, start: int, room: int) -> Iterator[tuple[tuple[int, int], ...]]:
    """Every way to cut digits[start:] into at most `room` glued cells."""
    if start == len(digits):
        yield ()
        return
    if room == 0 or len(digits) - start > room * _LONGEST_GLUED_CELL:
        return  # too many digits left for the cells left
    for end in range(start + 1, min(len(digits), start + _LONGEST_GLUED_CELL) + 1):
        if _GLUED_CELL.fullmatch(digits, start, end):
            for rest in _cuts(digits, end, room - 1):
                yield ((start, end),) + rest


def _splits(rest: str, ncols: int) -> list[Split]:
    """Candidate readings of one row. When a row has fewer values than columns
    the missing cells are the leftmost ones: such sources drop counts, not rates."""
    if _SPACED_DIGITS.search(rest):  # cells separated by spaces: nothing to guess
        tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(rest)]
        if len(tokens) > ncols or not all(_SPACED_CELL.fullmatch(rest, s, e) for s, e in tokens):
            return []
        cuts = [tuple(tokens)]
    else:
        cuts = [c for c in islice(_cuts(rest, 0, ncols), _MOST_READINGS + 1) if c]
        if len(cuts) > _MOST_READINGS:
            return []
    return [{ncols - len(cut) + k: span for k, span in enumerate(cut)} for cut in cuts]


def _decimals(text: str) -> int:
    return len(text.partition(".")[2])


def _distance(value: float, neighbours: list[float]) -> float:
    """How far a value strays from the nearer neighbour, on a log scale so 38
    vs 35.7 (万人) and 3.3 vs 3.8 (%) are judged alike."""
    if not neighbours:
        return 0.0
    return min(abs(math.log1p(value) - math.log1p(n)) for n in neighbours)


def _resolve(rows: list[tuple[str, list[Split]]], ncols: int) -> list[Split]:
    """One split per row, in three steps.
    1. Rows with a single reading tell how many decimals each column is written
       with (at most; 38 stands for 38.0). A column none of them speaks for
       gets one decimal.
    2. Readings that break those limits are dropped (unless none would remain).
    3. A row still left with several readings takes the one whose values stay
       closest to the nearest single-reading rows above and below in the same
       column (series continuity); on a tie, the reading with more cells."""
    def single(splits_of_row: list[list[Split]]) -> list[Split | None]:
        return [s[0] if len(s) == 1 else None for s in splits_of_row]

    def cell(i: int, col: int, sure: list) -> str | None:
        span = sure[i].get(col) if sure[i] else None
        return rows[i][0][span[0]:span[1]] if span else None

    sure = single([splits for _, splits in rows])
    limits = []
    for col in range(ncols):
        seen = [_decimals(v) for i in range(len(rows)) if (v := cell(i, col, sure))]
        limits.append(max(seen) if seen else _DEFAULT_DECIMALS)

    def within(rest: str, split: Split) -> bool:
        return all(_decimals(rest[a:b]) <= limits[col] for col, (a, b) in split.items())

    candidates = [[s for s in splits if within(rest, s)] or splits for rest, splits in rows]
    sure = single(candidates)

    def neighbours(i: int, col: int) -> list[float]:
        above = next((v for j in range(i - 1, -1, -1) if (v := cell(j, col, sure))), None)
        below = next((v for j in range(i + 1, len(rows)) if (v := cell(j, col, sure))), None)
        return [float(v) for v in (above, below) if v is not None]

    def cost(i: int, split: Split) -> tuple[float, int]:
        rest = rows[i][0]
        return sum(_distance(float(rest[a:b]), neighbours(i, col)) for col, (a, b) in split.items()), -len(split)

    return [sure[i] or min(cands, key=lambda s: cost(i, s)) for i, cands in enumerate(candidates)]


def _glued_table(lines: list[tuple[int, str]], i: int) -> tuple[list[TableCell], int] | None:
    """A header at lines[i] and the year rows under it; the cells and the index
    after the last row. Stops at the first line that is not a row, whose year
    does not increase, or that has no reading."""
    columns = _header_columns(lines[i][1])
    if not columns:
        return None
    rows, j = [], i + 1  # rows: (offset of rest, year, rest, splits)
    while j < len(lines) and (m := _ROW.match(lines[j][1])):
        year = int(m["year"])
        splits = _splits(m["rest"], len(columns))
        if not splits or (rows and year <= rows[-1][1]):
            break
        rows.append((lines[j][0] + m.start("rest"), year, m["rest"], splits))
        j += 1
    if not rows:
        return None
    title = _title(lines, i)
    chosen = _resolve([(rest, splits) for _, _, rest, splits in rows], len(columns))
    cells = [
        _cell(offset + a, rest[a:b], year, columns[col][0], columns[col][1], title)
        for (offset, year, rest, _), split in zip(rows, chosen)
        for col, (a, b) in sorted(split.items())
    ]
    return cells, j


# ---- layout 2: one cell per line --------------------------------------------

_YEAR_LINE = regex.compile(rf"^{_YEAR}$")
_VALUE_LINE = regex.compile(r"^-?\d{1,15}(?:\.\d{1,6})?$")  # as _SPACED_CELL
_EMPTY_LINE = regex.compile(r"^(?:[—–-]+|…+|\.{3})$")  # a blank cell still takes its year's place
_ROW_LABEL = regex.compile(rf"^(?P<label>.*?\p{{Han}}.*?)(?:{_OPEN}(?P<unit>[^()（）]+){_CLOSE})?$")


def _row_label(line: str) -> tuple[str, str] | None:
    m = _ROW_LABEL.match(line)
    if not m:
        return None
    if m["unit"] and m["unit"] not in _units():  # (城镇) is part of the label, not a unit
        return line, ""
    return m["label"], m["unit"] or ""


def _cell_per_line_table(lines: list[tuple[int, str]], i: int) -> tuple[list[TableCell], int] | None:
    """At least two increasing years one per line from lines[i], then rows of a
    label line and exactly one value line per year."""
    years, j = [], i
    while j < len(lines) and _YEAR_LINE.match(lines[j][1]) and (not years or int(lines[j][1]) > years[-1]):
        years.append(int(lines[j][1]))
        j += 1
    if len(years) < 2:
        return None
    title = _title(lines, i)
    cells = []
    while j + len(years) < len(lines) and (label := _row_label(lines[j][1])):
        block = lines[j + 1:j + 1 + len(years)]
        if not all(_VALUE_LINE.match(line) or _EMPTY_LINE.match(line) for _, line in block):
            break
        cells += [
            _cell(offset, line, year, *label, title)
            for year, (offset, line) in zip(years, block)
            if _VALUE_LINE.match(line)
        ]
        j += 1 + len(years)
    return (cells, j) if cells else None


# ---- layout 3: cells separated on each line ---------------------------------
# A table copied from a page or a .docx keeps one row a line with its cells apart (a tab, a | of a text
# table, or a run of spaces): a header of years (指标 | 2021年 | 2022年) over rows of a label and one value a
# year (城镇新增就业(人) | 5200 | 5600), or the same turned (年份 | 城镇新增就业(人) | … over 2021 | 5200 | …).

_CELL_SEPARATOR = regex.compile(r"\t|\|| {2,}|\u3000")
_YEAR_CELL = regex.compile(rf"^(?P<year>{_YEAR})年?(?:度)?$")
_RULE_LINE = regex.compile(r"^[\s|:：—–-]+$")  # | --- | --- | under a text table's header


def _separated_cells(offset: int, line: str) -> list[tuple[int, str]] | None:
    """The cells of a line whose cells are set apart, each with its offset; None for a line with no separator."""
    if "\t" not in line and "|" not in line and "  " not in line and "\u3000" not in line:
        return None  # most lines: no separator at all, told without a regex
    cells, start = [], 0
    for m in [*_CELL_SEPARATOR.finditer(line), None]:
        end = m.start() if m else len(line)
        text = line[start:end].strip()
        if text:
            cells.append((offset + start + line[start:end].index(text), text))
        start = m.end() if m else len(line)
    return cells


def _separated_table(lines: list[tuple[int, str]], i: int) -> tuple[list[TableCell], int] | None:
    """A header line of separated cells at lines[i] and the rows under it (either orientation)."""
    header = _separated_cells(*lines[i])
    if not header or len(header) < 2:
        return None
    years = [_YEAR_CELL.match(text) for _, text in header[1:]]
    by_year_columns = all(years)
    labels = [_row_label(text) for _, text in header[1:]] if not by_year_columns else []
    if not by_year_columns and not (labels and all(label and label[1] in _units() for label in labels)):
        return None  # a header needs years over its columns, or labels that carry their units
    title, cells, j = _title(lines, i), [], i + 1
    while j < len(lines) and _RULE_LINE.match(lines[j][1]):
        j += 1
    while j < len(lines):
        row = _separated_cells(*lines[j])
        values = row[1:] if row and len(row) == len(header) else []
        if not values or not all(_VALUE_LINE.match(text) or _EMPTY_LINE.match(text) for _, text in values):
            break
        if by_year_columns:
            label = _row_label(row[0][1])
            if not label:
                break
            cells += [_cell(start, text, int(year["year"]), *label, title)
                      for year, (start, text) in zip(years, values) if _VALUE_LINE.match(text)]
        else:
            year = _YEAR_CELL.match(row[0][1])
            if not year:
                break
            cells += [_cell(start, text, int(year["year"]), *label, title)
                      for label, (start, text) in zip(labels, values) if _VALUE_LINE.match(text)]
        j += 1
    return (cells, j) if cells else None


# ---- layout 4: labelled values (城镇新增就业(人)：5200, a bulletin's indicators; no unit word follows) --

_LABELLED_VALUE = regex.compile(
    rf"""(?P<label>\p{{Han}}[\p{{Han}}、]{{1,19}})
         {_OPEN}(?P<unit>[^()（）]{{1,4}}){_CLOSE}
         [ \t]*[:：]?[ \t]*
         (?!{_YEAR}(?![\d.]))  # 城镇新增就业(万人) 2022: a year heading a column, not a value
         (?P<value>\d{{1,12}}(?:\.\d{{1,6}})?)
         (?![\d.]|[ \t]*[\p{{Han}}%％])  # 5200人 has its own unit word: the sentence reading takes it""",
    regex.X,
)


@cache
def _unit_in_brackets() -> regex.Pattern:
    units = "|".join(regex.escape(u) for u in sorted(_units(), key=len, reverse=True))
    return regex.compile(rf"{_OPEN}(?:{units}){_CLOSE}")


def _labelled_values(offset: int, line: str) -> list[TableCell]:
    if ("(" not in line and "（" not in line) or not _unit_in_brackets().search(line):
        return []  # no label carries a unit here: the pattern need not be tried at every character
    return [_cell(offset + m.start("value"), m["value"], None, m["label"], m["unit"], "")
            for m in _LABELLED_VALUE.finditer(line) if m["unit"] in _units()]


# ---- entry point ------------------------------------------------------------

def find_flat_tables(text: str) -> list[TableCell]:
    """Every cell of every flattened table in the text, in document order."""
    lines = _lines(text)
    cells, i = [], 0
    while i < len(lines):
        found = _glued_table(lines, i) or _cell_per_line_table(lines, i) or _separated_table(lines, i)
        if found:
            cells += found[0]
            i = found[1]
        else:
            cells += _labelled_values(*lines[i])
            i += 1
    return cells
