"""Every SQL statement the dashboard runs, and nothing else: the views, the view filter and the pieces
every panel shares here; what the charts and tables draw in `app.queries_charts`, the evidence grid in
`app.queries_evidence`, the region page and the map in `app.queries_region`.

Each panel asks for exactly what it draws: filtering, picking one figure per
cell, ranking and limiting all happen in DuckDB, so only a few hundred rows
ever reach Python and the browser, whatever the size of the store.

Rules kept here:
- values from the browser only ever travel as parameters (`?`); the few names
  spliced into SQL text (sort columns, CSV columns) come from the allow-lists
  below or from the contract, never from a request;
- one view filter (`view_where`) serves facts and claims alike;
- `facts_v` and `claims_v` are the views every query reads (see `setup_views`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import duckdb

from app.headline import RANK_SQL, drawable_sql
from extract.contract import REGION_KEY_SQL, columns

# --- the views over the attached store ---------------------------------------------------------

REGION_KEY = REGION_KEY_SQL  # the extractor's facts group claims by the same key


def _has(cur, table: str, column: str | None = None) -> bool:
    sql = "SELECT count(*) FROM duckdb_columns() WHERE database_name = 'store' AND table_name = ?"
    params = [table]
    if column:
        sql += " AND column_name = ?"
        params.append(column)
    return cur.execute(sql, params).fetchall()[0][0] > 0


# claims columns added after stores were written, and the value an older store's claims have
_LATER_COLUMNS = {"group": "''", "region_basis": "'none'", "year_basis": "'none'"}
# "stated in its own sentence": the place named (or 我市) and the year given (or 今年/去年) where the figure stands
STATED_SQL = ("fact_id IN (SELECT fact_id FROM claims_v WHERE region_basis = 'sentence' "
              "AND year_basis IN ('sentence', 'relative_to_date'))")


def setup_views(con: duckdb.DuckDBPyConnection) -> bool:
    """Create facts_v and claims_v over the attached `store`; True when the store has facts.

    A store written before the facts stage (no facts rows, or no facts table)
    still works: each claim then stands for a fact of its own (one source, no
    conflict known), so the charts show what the claims say.
    """
    has_facts = _has(con, "facts") and _has(con, "claims", "fact_id") and \
        con.execute("SELECT count(*) > 0 FROM store.facts").fetchall()[0][0]
    fact_id = "c.fact_id" if has_facts else "c.claim_id"
    claim_cols = [c for c in columns("claims") if c != "fact_id"]
    # a store written before claims had these columns: everyone's figure, decided we do not know how
    selected = [f'c."{c}"' if c not in _LATER_COLUMNS or _has(con, "claims", c) else f'{_LATER_COLUMNS[c]} AS "{c}"'
                for c in claim_cols]
    con.execute(f"""CREATE VIEW claims_v AS
        SELECT {", ".join(selected)}, {fact_id} AS fact_id,
               {REGION_KEY} AS region_key,
               c.rowid AS row_id
        FROM store.claims c""")
    if has_facts:
        fact_group = "" if _has(con, "facts", "group") else ", '' AS \"group\""
        con.execute(f"CREATE VIEW facts_v AS SELECT f.*{fact_group}, {REGION_KEY} AS region_key FROM store.facts f")
    else:
        con.execute(f"""CREATE VIEW facts_v AS
            SELECT claim_id AS fact_id, region, region_code, region_level, province, city, county, metric, kind,
                   year, year_from, year_to, period, "group", value, value_low, value_high, unit, qualifier, quote,
                   1 AS n_claims, 1 AS n_sources, false AS conflict, claim_id AS claim_ids,
                   {REGION_KEY} AS region_key
            FROM claims_v""")
    # A spreadsheet runs a cell that starts with one of these as a formula (as contract.spreadsheet_safe
    # escapes them); csv_text then quotes like Python's csv module (QUOTE_MINIMAL).
    # (contains() and a first-character test: a regular expression per cell costs ten times as much)
    leads = ", ".join(f"'{c}'" for c in "=+-@＝＋－＠")
    con.execute(f"""CREATE MACRO csv_safe(x) AS
        CASE WHEN left(x, 1) IN ({leads}, chr(9), chr(13)) THEN chr(39) || x ELSE x END""")
    con.execute("""CREATE MACRO csv_text(x) AS CASE
        WHEN x IS NULL THEN ''
        WHEN contains(x, '"') OR contains(x, ',') OR contains(x, chr(10)) OR contains(x, chr(13))
            THEN '"' || replace(csv_safe(x), '"', '""') || '"'
        ELSE csv_safe(x) END""")
    # numbers as numbers: 58300, not 58300.0
    con.execute("""CREATE MACRO csv_number(x) AS CASE
        WHEN x IS NULL THEN ''
        WHEN x = trunc(x) AND abs(x) < 1e15 THEN CAST(CAST(x AS BIGINT) AS VARCHAR)
        ELSE CAST(x AS VARCHAR) END""")
    return bool(has_facts)


REGIONS_SQL = """
    SELECT region_key AS key, any_value(region) AS name, any_value(region_code) AS code,
           any_value(region_level) AS level, any_value(province) AS province, any_value(city) AS city,
           any_value(county) AS county
    FROM claims_v WHERE region <> '' GROUP BY region_key"""


# --- the view filter ---------------------------------------------------------------------------


class Place(NamedTuple):
    """A chosen region, with what it takes to find the regions inside it."""

    key: str
    name: str
    level: str
    province: str
    city: str

    @classmethod
    def of(cls, row: dict) -> "Place":
        return cls(row["key"], row["name"], row["level"], row["province"], row["city"])


@dataclass(frozen=True)
class Filter:
    """What a view keeps, in the store's terms; hashable, so results can be kept per filter."""

    metric: str
    regions: tuple[Place, ...] = ()
    years: tuple[int, int] | None = None
    kinds: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    level: str | None = None
    undated: bool = False
    # the series drawn (app.headline.drawable): the population (人群, "" = everyone) and the frequency
    group: str = ""
    freq: str = "year"
    year: str = ""  # only this year ("" = every year in `years`): the compare chart's year, for its evidence
    single_years: bool = False  # no spans: the trend's figures, for its evidence
    stated: bool = False  # only facts a claim states with its region and year in its own sentence


def region_clause(regions: tuple[Place, ...]) -> tuple[str, list]:
    """Claims or facts about one of `regions`, or about a region inside one of them."""
    parts, params = [], []
    for r in regions:
        parts.append("region_key = ?")
        params.append(r.key)
        if r.level == "province":
            parts.append("province = ?")
            params.append(r.name)
        elif r.level == "city":
            parts.append("(city = ? AND province = ?)")
            params += [r.name, r.province]
        elif r.level == "county":
            parts.append("(county = ? AND city = ? AND province = ?)")
            params += [r.name, r.city, r.province]
    return "(" + " OR ".join(parts) + ")", params


def view_where(f: Filter) -> tuple[str, list]:
    """The WHERE clause (and its parameters) of a view over facts_v or claims_v."""
    clauses, params = ["metric = ?"], [f.metric]
    if f.regions:
        sql, more = region_clause(f.regions)
        clauses.append(sql)
        params += more
    if f.years:
        clauses.append("((year_from >= ? AND year_to <= ?) OR (year = '' AND ?))")
        params += [f.years[0], f.years[1], f.undated]
    elif not f.undated:
        clauses.append("year <> ''")
    if f.kinds:
        clauses.append(f"kind IN {placeholders(f.kinds)}")
        params += list(f.kinds)
    if f.sources:
        clauses.append(source_clause())
        params.append(list(f.sources))
    if f.level:
        clauses.append("region_level = ?")
        params.append(f.level)
    # (undated figures asked for stay: no chart draws them, the evidence is where they are seen)
    if f.year:
        clauses.append("(year = ? OR (year = '' AND ?))")
        params += [f.year, f.undated]
    if f.single_years:
        clauses.append("(year_from = year_to OR year = '')")
    if f.stated:
        clauses.append(STATED_SQL)
    return " AND ".join(clauses), params


def drawable(f: Filter) -> tuple[str, list]:
    """SQL for "this fact may be drawn in the view's series" (app.headline.drawable), and its parameters."""
    return drawable_sql(f.freq), [f.group]


def placeholders(values) -> str:
    """(?, ?, ?) for a short list of values, bound as parameters."""
    return "(" + ", ".join("?" for _ in values) + ")"


def source_clause() -> str:
    """Facts stated by at least one document of the sources in the parameter (a list).

    The same clause keeps claims: every claim behind such a fact, whichever
    document it comes from (a fact 大公報 and 株洲市人社局 both state is in a
    view of 大公報, with both its claims as evidence).
    """
    return ("fact_id IN (SELECT fact_id FROM claims_v WHERE doc_id IN (SELECT doc_id FROM store.documents "
            "WHERE coalesce(nullif(source, ''), '-') IN (SELECT unnest(?::VARCHAR[]))))")


def rows(cur, sql: str, params: list) -> list[dict]:
    result = cur.execute(sql, params)
    names = [d[0] for d in result.description]
    return [dict(zip(names, r)) for r in result.fetchall()]


# --- what each panel draws -----------------------------------------------------------------------

# One figure per cell, by the headline rule (app.headline): among the facts the view's series may draw,
# the whole population's, the whole year's, the year's own, most sources, most precise. The others of
# the cell are listed in its hover and in the evidence. `eligible` is a column of each query's `v`.
PICK = f"eligible DESC, {RANK_SQL}"
# Every fact of a drawn cell, so a hover can name the figures beside the one drawn (and the rivals of a conflict).
CELL_FACTS = ("list({'fact_id': b.fact_id, 'value': b.value, 'qualifier': b.qualifier, 'period': b.period, "
              "'group': b.\"group\", 'unit': b.unit})")
# What a chart or table shows of a fact: every column read costs a scan of it, so no more than these
# (claim_ids and the like would cost more than the rest); the rule reads quote, value_low and value_high.
TABLE_CELL = ("fact_id, region, region_code, region_level, region_key, unit, kind, year, year_from, year_to, "
              "period, \"group\", value, value_low, value_high, qualifier, n_sources, conflict, quote")
DRAWN = TABLE_CELL  # a chart's hover also gives the figure as written


def fact_sources(cur, fact_ids) -> dict[str, list[str]]:
    """Each fact's documents, as 株洲日报《title》, from its claims.

    Two small lookups rather than one join: ids travel as lists of placeholders,
    so DuckDB can use an index on claims.fact_id where the store has one, and
    documents (stored in doc_id order) are found by their zone maps.
    """
    fact_ids = sorted(set(fact_ids))
    if not fact_ids:
        return {}
    pairs = cur.execute(f"SELECT DISTINCT fact_id, doc_id FROM claims_v WHERE fact_id IN {placeholders(fact_ids)}",
                        fact_ids).fetchall()
    names = documents(cur, {doc for _, doc in pairs}, "coalesce(nullif(source, ''), '') || '《' || title || '》'")
    out: dict[str, list[str]] = {}
    for fact, doc in pairs:
        out.setdefault(fact, []).append(names.get(doc, doc))
    return {fact: sorted(set(docs)) for fact, docs in out.items()}


def documents(cur, doc_ids, expression: str) -> dict[str, object]:
    """doc_id → `expression` (SQL over one documents row; written here, never from a request)."""
    doc_ids = sorted(doc_ids)
    if not doc_ids:
        return {}
    # the rows first, reading doc_id alone; then only those rows' text (reading every text would cost 50 ms)
    found = [r for (r,) in cur.execute(f"SELECT rowid FROM store.documents WHERE doc_id IN {placeholders(doc_ids)}",
                                       doc_ids).fetchall()]
    if not found:
        return {}
    return dict(cur.execute(f"SELECT doc_id, {expression} FROM store.documents WHERE rowid IN {placeholders(found)}",
                            found).fetchall())
