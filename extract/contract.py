"""The data contract shared by the extractor, the store, the dashboard and the tests.

Every table jiuye writes is declared here once: its columns, their DuckDB types
and what they mean. `validate` checks a frame against it before anything is
written, and `csv_chunks` is the one way a table leaves jiuye as CSV.
"""
from __future__ import annotations

import io
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


@dataclass(frozen=True)
class Column:
    name: str
    sql_type: str  # DuckDB type
    nullable: bool
    doc: str


_CLAIMS: tuple[Column, ...] = (
    Column("claim_id", "VARCHAR", False, "stable id: same document and span give the same id on every run"),
    Column("doc_id", "VARCHAR", False, "document the claim was read from"),
    Column("quote", "VARCHAR", False, "the figure as written, with qualifier, multiplier and unit word"),
    Column("value", "DOUBLE", False, "value in base units (人, 元, %); a range's midpoint; changes signed"),
    Column("value_low", "DOUBLE", False, "low end of a range, else value"),
    Column("value_high", "DOUBLE", False, "high end of a range, else value"),
    Column("unit", "VARCHAR", False, "counted thing in base form: 人, 人次, 个, 家, 场, 元, %, 百分点 …"),
    Column("qualifier", "VARCHAR", False, "exact | more_than | nearly | about"),
    Column("kind", "VARCHAR", False, "level | change | target | share"),
    Column("metric", "VARCHAR", False, "metric id from the metrics table, or other"),
    Column("label", "VARCHAR", False, "what the figure counts, in the document's words"),
    Column("region", "VARCHAR", False, "most specific region by standard name; 全国; a named group; may be empty"),
    Column("region_code", "VARCHAR", False, "6-digit division code; 100000 for 全国; empty for groups and unknown"),
    Column("region_level", "VARCHAR", False, "country | province | city | county | group | town | empty"),
    Column("province", "VARCHAR", False, "province of the region, for roll-up; may be empty"),
    Column("city", "VARCHAR", False, "prefecture-level city of the region; may be empty"),
    Column("county", "VARCHAR", False, "county-level unit of the region; may be empty"),
    Column("year", "VARCHAR", False, "2021, or a span 2016-2020; empty if the text gives no way to tell"),
    Column("year_from", "INTEGER", True, "first year covered"),
    Column("year_to", "INTEGER", True, "last year covered"),
    Column("period", "VARCHAR", False, "part of the year: Q1, H1, 01-10, 04-04, 12-12 (年末); per-year for a yearly "
           "average over a span (年均; year is the span); empty for a whole year"),
    Column("group", "VARCHAR", False, "the narrower population the figure is about: 16-24岁, 外来户籍, 农民工 …; empty for "
           "the whole population"),
    Column("region_basis", "VARCHAR", False, "how the region was decided: sentence (named or referred to, 我市, in the "
           "figure's own sentence) | passage (in an earlier sentence) | heading (in a heading line) | publisher (the "
           "outlet's home: 株洲日报 → 株洲市) | document (the document's scope: national media, a place the page names "
           "further on) | none"),
    Column("year_basis", "VARCHAR", False, "how the year was decided: sentence (stated in the figure's own sentence) "
           "| relative_to_date (今年, 去年 … against the publication date) | passage (stated in an earlier sentence) | "
           "heading (a heading line, the title, a table's column) | document (the page's head or lead) | none"),
    Column("sentence", "VARCHAR", False, "the sentence the figure stands in"),
    Column("start", "INTEGER", False, "offset of the quote in the document's cleaned text"),
    Column("end", "INTEGER", False, "offset just past the quote"),
    Column("fact_id", "VARCHAR", False, "the fact this claim states (see facts); a claim without metric, region or "
           "year is a fact of its own"),
)


def _as_in_claims(*names: str) -> tuple[Column, ...]:
    """The claims table's columns of these names: a fact's region, year … mean what a claim's do."""
    by_name = {c.name: c for c in _CLAIMS}
    return tuple(by_name[n] for n in names)


TABLES: dict[str, tuple[Column, ...]] = {
    "documents": (
        Column("doc_id", "VARCHAR", False, "file name without its extension"),
        Column("title", "VARCHAR", False, "title from front matter or the first line; may be empty"),
        Column("date", "DATE", True, "publication date, when the document gives one"),
        Column("source", "VARCHAR", False, "newspaper or office that published it; may be empty"),
        Column("home_region", "VARCHAR", False, "region 我市/全市 refer to (株洲日报 → 株洲市); empty for national papers"),
        Column("home_region_code", "VARCHAR", False, "6-digit code of home_region; may be empty"),
        Column("path", "VARCHAR", False, "path the document was read from"),
        Column("encoding", "VARCHAR", False, "detected text encoding"),
        Column("content_hash", "VARCHAR", False, "sha256 of the file's bytes"),
        Column("text", "VARCHAR", False, "cleaned text; claims' start/end are offsets into it"),
        Column("duplicate_of", "VARCHAR", False, "doc_id of the best copy of the story this document (or the page it "
               "is) prints: the copy with a date, then the longer; empty if it has none or is that copy"),
        # The signature is kept so a run that adds documents compares them with the old ones without reading the old texts again.
        Column("minhash", "BLOB", True, "MinHash of the text's 8-character shingles (extract.signature.signature): "
               "256 little-endian uint32; NULL until computed"),
        Column("shingles", "INTEGER", True, "number of distinct shingles the MinHash was taken over (with it, "
               "containment is estimated); NULL until computed"),
    ),
    "claims": _CLAIMS,
    "facts": (
        Column("fact_id", "VARCHAR", False, "stable id of one fact: sha1 of region (code, or name for a group), "
               "metric, kind, year, period, unit and value (and its group, when it has one)"),
        *_as_in_claims("region", "region_code", "region_level", "province", "city", "county", "metric", "kind",
                       "year", "year_from", "year_to", "period", "group"),
        Column("value", "DOUBLE", False, "the most precise of its claims' values"),
        Column("value_low", "DOUBLE", False, "low end, from the same claim as value"),
        Column("value_high", "DOUBLE", False, "high end, from the same claim as value"),
        Column("unit", "VARCHAR", False, "base unit"),
        Column("qualifier", "VARCHAR", False, "qualifier of the claim that gives the value"),
        Column("quote", "VARCHAR", False, "that claim's quote"),
        Column("n_claims", "INTEGER", False, "claims stating this fact"),
        Column("n_sources", "INTEGER", False, "distinct documents stating it (a reprint counts, but the fact is still "
               "one row)"),
        Column("conflict", "BOOLEAN", False, "another fact gives a different value for the same region, metric, kind, "
               "year, period, group and unit, and their documents do not nest (a document stating a total and its part "
               "is no conflict)"),
        Column("claim_ids", "VARCHAR", False, "its claims' ids, separated by spaces"),
    ),
    # Lets a run take a file whose size and mtime did not change as unchanged without reading it back to hash it.
    "files": (
        Column("path", "VARCHAR", False, "path of a stored document's file"),
        Column("size", "BIGINT", False, "its size in bytes when the run that stored it looked, before reading it"),
        Column("mtime_ns", "BIGINT", False, "its modification time then, ns since the epoch; -1 if it had changed "
               "within FRESH_SECONDS of that look (a change in the same clock tick could keep it), so the next run "
               "hashes it"),
    ),
    "meta": (
        Column("key", "VARCHAR", False, "setting of the run that wrote the store, e.g. extractor_version"),
        Column("value", "VARCHAR", False, "its value"),
    ),
    "errors": (
        Column("path", "VARCHAR", False, "file that could not be read or processed"),
        Column("stage", "VARCHAR", False, "stage that failed: read | text | claims"),
        Column("reason", "VARCHAR", False, "what went wrong, in words"),
    ),
    "metrics": (
        Column("metric", "VARCHAR", False, "metric id"),
        Column("label_zh", "VARCHAR", False, "Chinese label"),
        Column("label_en", "VARCHAR", False, "English label"),
        Column("unit", "VARCHAR", False, "usual unit"),
    ),
}

# A fact's region is known by its division code; a group (长株潭) or a place without a code, by its name.
# One definition for the extractor's facts (pandas), its incremental update and the dashboard's views (SQL).
REGION_KEY_SQL = "CASE WHEN region_code <> '' THEN region_code ELSE region END"


def region_key(frame: pd.DataFrame) -> pd.Series:
    """Each row's region key, as REGION_KEY_SQL computes it in the store.

    >>> region_key(pd.DataFrame({"region": ["株洲市", "长株潭"], "region_code": ["430200", ""]})).tolist()
    ['430200', '长株潭']
    """
    return frame["region_code"].where(frame["region_code"] != "", frame["region"])


# The claims that state one fact share these columns: extract.corpus.facts groups claims by them, and an
# incremental run hashes them (FACT_KEY_SQL) to find the facts a change touches. One definition for both.
FACT_KEY = ("region_key", "metric", "kind", "year", "period", "group", "unit")
FACT_KEY_SQL = ", ".join(REGION_KEY_SQL if name == "region_key" else f'"{name}"' for name in FACT_KEY)


# column name → SQL type, for columns whose name means one type in every table
TYPES = {c.name: c.sql_type for cols in TABLES.values() for c in cols}

QUALIFIERS = ("exact", "more_than", "nearly", "about")
KINDS = ("level", "change", "target", "share")
REGION_LEVELS = ("country", "province", "city", "county", "group", "town", "")
REGION_BASES = ("sentence", "passage", "heading", "publisher", "document", "none")
YEAR_BASES = ("sentence", "relative_to_date", "passage", "heading", "document", "none")


class ContractError(ValueError):
    """A table does not match its declaration in TABLES."""


def columns(table: str) -> list[str]:
    return [c.name for c in TABLES[table]]


_ARROW_TYPES = {"VARCHAR": pa.string(), "DOUBLE": pa.float64(), "INTEGER": pa.int32(), "BIGINT": pa.int64(), "DATE": pa.date32(),
                "BLOB": pa.binary(), "BOOLEAN": pa.bool_()}
_ENUMS = {"claims": (("qualifier", QUALIFIERS), ("kind", KINDS), ("region_level", REGION_LEVELS),
                     ("region_basis", REGION_BASES), ("year_basis", YEAR_BASES))}


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([pa.field(c.name, _ARROW_TYPES[c.sql_type], c.nullable) for c in TABLES[table]])


def _check(table: str, present: set, n_rows: int, nulls: Callable[[str], int], distinct: Callable[[str], set],
           n_distinct_ids: Callable[[], int]) -> None:
    """The contract's rules, whatever holds the rows: every column, no empty value where none is allowed,
    known qualifiers, kinds and levels, no claim_id twice."""
    missing = [c.name for c in TABLES[table] if c.name not in present]
    if missing:
        raise ContractError(f"{table}: missing columns {missing}")
    for col in TABLES[table]:
        if not col.nullable and (empty := nulls(col.name)):
            raise ContractError(f"{table}.{col.name}: {empty} empty values")
    if n_rows and table in _ENUMS:
        for name, allowed in _ENUMS[table]:
            bad = sorted(distinct(name) - set(allowed))
            if bad:
                raise ContractError(f"{table}.{name}: unknown values {bad}")
    if n_rows and table == "claims" and n_distinct_ids() < n_rows:
        raise ContractError("claims.claim_id: duplicate ids")


def validate(table: str, frame: pd.DataFrame | pa.Table) -> pd.DataFrame | pa.Table:
    """Return `frame` (a pandas or an Arrow table) with exactly the declared columns, in order;
    raise ContractError if it cannot be."""
    names = columns(table)
    if isinstance(frame, pa.Table):
        _check(table, set(frame.column_names), frame.num_rows, lambda n: frame.column(n).null_count,
               lambda n: set(pc.unique(frame.column(n)).to_pylist()),
               lambda: pc.count_distinct(frame.column("claim_id")).as_py())
        return frame.select(names).cast(arrow_schema(table))
    _check(table, set(frame.columns), len(frame), lambda n: int(frame[n].isna().sum()), lambda n: set(frame[n]),
           lambda: frame["claim_id"].nunique())
    return frame[names].reset_index(drop=True)


def arrow_table(table: str, rows: list[dict], fill: dict | None = None) -> pa.Table:
    """Rows (dicts) as a validated Arrow table of `table`; `fill` gives values for columns the rows lack.

    Workers build these: an Arrow table crosses to another process as a few buffers,
    where a list of dicts would be pickled and rebuilt object by object."""
    fill = fill or {}
    present = set(rows[0]) | set(fill) if rows else set(columns(table))
    data = {field.name: pa.array(_column(rows, field.name, fill.get(field.name)), type=field.type)
            for field in arrow_schema(table) if field.name in present}  # what is absent, validate names
    return validate(table, pa.table(data))


def _column(rows: list[dict], name: str, default) -> list:
    # one column's cells, its default looked up once (a batch of claims is ~30 columns of ~90 cells)
    return [row.get(name, default) for row in rows]


def arrow_frame(table: pa.Table) -> pd.DataFrame:
    """An Arrow table of the contract as pandas, integers that may be empty as Int64 (2021, not 2021.0)."""
    return table.to_pandas(types_mapper={pa.int32(): pd.Int64Dtype()}.get)


# Spreadsheets run a cell that starts with one of these as a formula; full-width
# forms count too, since Excel folds them to their ASCII twins.
_FORMULA_LEADS = tuple("=+-@\t\r＝＋－＠")


def spreadsheet_safe(text: str) -> str:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe."""
    return "'" + text if text.startswith(_FORMULA_LEADS) else text


def csv_chunks(frames: Iterable[pd.DataFrame]) -> Iterator[bytes]:
    """The CSV jiuye hands out, frame by frame: UTF-8 with BOM, a header once,
    formula-like text escaped, numbers left as numbers (a missing integer stays empty, not 2021.0)."""
    first = True
    for frame in frames:
        safe = frame.copy()
        for name in safe.columns:
            values = safe[name]
            if values.dtype == object or pd.api.types.is_string_dtype(values):
                safe[name] = values.map(lambda v: spreadsheet_safe(v) if isinstance(v, str) else v)
            elif pd.api.types.is_float_dtype(values) and TYPES.get(name) == "INTEGER":
                safe[name] = values.astype("Int64")
        buffer = io.StringIO()
        safe.to_csv(buffer, index=False, header=first, lineterminator="\r\n")
        yield (b"\xef\xbb\xbf" if first else b"") + buffer.getvalue().encode("utf-8")
        first = False


# --- beside the store: what `jiuye watch` and the dashboard's upload panel share --------------------------------

# The file types the extractor reads (extract.read.files.EXTENSIONS; a test holds the two equal), so the
# dashboard can refuse any other upload without importing the extractor.
ARTICLE_EXTENSIONS = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".mhtml", ".mht"})


@dataclass(frozen=True)
class WatchStatus:
    """What `jiuye watch` is doing, as it writes it (JSON, replaced atomically) beside the store for the page."""

    state: str = "idle"  # running (a run is extracting) | settling (changes seen, waiting for quiet) | idle | stopped
    done: int = 0  # files the current (or last) run has extracted so far
    total: int = 0  # files the current (or last) run extracts
    runs: int = 0  # runs finished since the watcher started
    failure: str = ""  # why the last run failed; empty when it did not
    pid: int = 0  # the watcher's process


def watch_status_path(store: str | os.PathLike) -> Path:
    """The status file of the watcher of `store`, beside its lock file.

    >>> watch_status_path("data/jiuye.duckdb").as_posix()
    'data/.jiuye.duckdb.watch.json'
    """
    store = Path(store)
    return store.with_name(f".{store.name}.watch.json")


def read_watch_status(path: str | os.PathLike) -> WatchStatus | None:
    """The watcher's last word, or None when no watcher has written one (or it cannot be read)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return WatchStatus(**{f.name: data[f.name] for f in fields(WatchStatus) if f.name in data})
    except (OSError, ValueError, TypeError):
        return None
