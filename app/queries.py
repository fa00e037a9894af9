"""Every SQL statement the dashboard runs, and nothing else.

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

from app.headline import RANK_SQL, cell_columns, drawable_sql
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


def level_counts(cur, f: Filter) -> dict[str, int]:
    """Regions per level among the facts of a view (for the automatic level)."""
    where, params = view_where(f)
    return dict(cur.execute(f"SELECT region_level, count(DISTINCT region_key) FROM facts_v "
                            f"WHERE {where} AND region_level <> '' GROUP BY 1", params).fetchall())


def _with_cell_facts(drawn: str, cell: str) -> str:
    """SQL adding to each row of the CTE `drawn` the list of every fact of its cell in `v` (same `cell` columns).

    Only drawn rows get the list: building it for every cell of the view would cost more than the rest.
    """
    on = " AND ".join(f"a.{c} = b.{c}" for c in cell.split(", "))
    return f"""cell_lists AS (SELECT a.fact_id AS drawn_id, {CELL_FACTS} AS cell_facts
                              FROM {drawn} a JOIN v b ON {on} GROUP BY a.fact_id)
    SELECT d.*, l.cell_facts FROM {drawn} d JOIN cell_lists l ON l.drawn_id = d.fact_id"""


def compare_cells(cur, f: Filter, year: str, limit: int) -> tuple[list[dict], str]:
    """Per unit and kind (and part of the year, in a view of parts), the `limit` regions with the largest
    figure of `year` ("" = the latest single year the series has)."""
    where, params = view_where(f)
    eligible, eligible_params = drawable(f)
    series = "unit, kind" + (", period" if f.freq == "part" else "")
    sql = f"""
    WITH v AS (SELECT {DRAWN}, {eligible} AS eligible FROM facts_v WHERE {where} AND year <> ''),
    chosen AS (SELECT coalesce(nullif(?::VARCHAR, ''),
                               (SELECT max(year_from)::VARCHAR FROM v WHERE eligible AND year_from = year_to)) AS year),
    cells AS (SELECT *, row_number() OVER (PARTITION BY {cell_columns(f.freq)} ORDER BY {PICK}) AS pick
              FROM v WHERE year = (SELECT year FROM chosen)),
    ranked AS (SELECT * EXCLUDE (pick), count(*) OVER series AS regions_in_series,
                      row_number() OVER (series ORDER BY value DESC, region_key) AS rank,
                      (SELECT year FROM chosen) AS shown_year
               FROM cells WHERE pick = 1 AND eligible WINDOW series AS (PARTITION BY {series})),
    drawn AS (SELECT * FROM ranked WHERE rank <= ?),
    {_with_cell_facts("drawn", "unit, kind, region_key, year")}
    ORDER BY {series}, rank"""
    found = rows(cur, sql, [*eligible_params, *params, year, limit])
    if found:
        return found, found[0]["shown_year"]
    return [], shown_year(cur, f, year)


def shown_year(cur, f: Filter, year: str = "") -> str:
    """The year a compare chart shows: `year`, or the latest single year with a figure the series may draw."""
    where, params = view_where(f)
    eligible, eligible_params = drawable(f)
    shown = cur.execute(f"""SELECT coalesce(nullif(?::VARCHAR, ''), max(year_from)::VARCHAR) FROM facts_v
                            WHERE {where} AND year <> '' AND year_from = year_to AND {eligible}""",
                        [year, *params, *eligible_params]).fetchall()
    return shown[0][0] or ""


def not_drawn(cur, f: Filter) -> tuple[int, int]:
    """Facts of the view that its series may not draw: (parts of a year in a view of whole years, other groups)."""
    where, params = view_where(f)
    parts = "period NOT IN ('', 'per-year')" if f.freq == "year" else "false"
    found = cur.execute(f"""SELECT count(*) FILTER (WHERE "group" = ? AND {parts}), count(*) FILTER (WHERE "group" <> ?)
                            FROM facts_v WHERE {where} AND year <> ''""", [f.group, f.group, *params]).fetchall()
    return found[0][0], found[0][1]


def trend_cells(cur, f: Filter, max_regions: int) -> tuple[list[dict], int, bool]:
    """Single-year figures of the `max_regions` regions with most years; (cells, regions in all, spans left out)."""
    where, params = view_where(f)
    eligible, eligible_params = drawable(f)
    sql = f"""
    WITH v AS (SELECT {DRAWN}, {eligible} AS eligible FROM facts_v WHERE {where} AND year <> ''),
    cells AS (SELECT *, row_number() OVER (PARTITION BY {cell_columns(f.freq)} ORDER BY {PICK}) AS pick
              FROM v WHERE year_from = year_to),
    picked AS (SELECT * EXCLUDE (pick) FROM cells WHERE pick = 1 AND eligible),
    regions AS (SELECT region_key, row_number() OVER (ORDER BY count(*) DESC, max(value) DESC, region_key) AS rank
                FROM picked GROUP BY region_key),
    drawn AS (SELECT p.*, r.rank, (SELECT count(*) FROM regions) AS regions_in_all,
                     (SELECT count(*) > 0 FROM v WHERE year_from <> year_to) AS has_spans
              FROM picked p JOIN regions r USING (region_key) WHERE r.rank <= ?),
    {_with_cell_facts("drawn", "unit, kind, region_key, year")}
    ORDER BY unit, kind, rank, period, year_from"""
    found = rows(cur, sql, [*eligible_params, *params, max_regions])
    if found:
        return found, found[0]["regions_in_all"], found[0]["has_spans"]
    spans = cur.execute(f"SELECT count(*) > 0 FROM facts_v WHERE {where} AND year <> '' AND year_from <> year_to",
                        params).fetchall()[0][0]
    return [], 0, spans


def wide_sql(where: str, freq: str = "year") -> str:
    """The region × year table's cells, row by row in rank order, for rows ranked up to the last parameter;
    its first parameter is the group (see `wide_params`). In a view of parts each part is a row of its own."""
    row = "region_key, unit, kind" + (", period" if freq == "part" else "")
    return f"""
    WITH v AS (SELECT {TABLE_CELL}, {drawable_sql(freq)} AS eligible FROM facts_v WHERE {where} AND year <> ''),
    cells AS (SELECT *, count(*) OVER cell AS n_in_cell, row_number() OVER (cell ORDER BY {PICK}) AS pick
              FROM v WINDOW cell AS (PARTITION BY {cell_columns(freq)})),
    picked AS (SELECT * EXCLUDE (pick) FROM cells WHERE pick = 1 AND eligible),
    table_rows AS (SELECT {row},
                          row_number() OVER (ORDER BY max(year_to * 10000 + year_from) DESC,
                                             arg_max(value, year_to * 10000 + year_from) DESC,
                                             {row}) AS row_rank,
                          count(*) OVER () AS n_rows
                   FROM picked GROUP BY {row})
    SELECT p.*, t.row_rank, t.n_rows FROM picked p JOIN table_rows t USING ({row})
    WHERE t.row_rank <= ? ORDER BY t.row_rank, p.year_to, p.year_from"""


def wide_params(f: Filter, max_rows: int) -> tuple[str, list]:
    """(wide_sql of the view, its parameters) for the first `max_rows` rows."""
    where, params = view_where(f)
    return wide_sql(where, f.freq), [*drawable(f)[1], *params, max_rows]


def wide_cells(cur, f: Filter, max_rows: int) -> tuple[list[dict], int]:
    """The cells of the region × year table's first `max_rows` rows (ranked by their latest figure)."""
    sql, params = wide_params(f, max_rows)
    found = rows(cur, sql, params)
    return found, (found[0]["n_rows"] if found else 0)


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


# --- roll-ups: a parent's figure as the sum of its children, only when none is missing ----------------

# parent level → (child level, the child's column naming its parent)
ROLLUPS = {"province": ("city", "province"), "city": ("county", "city")}


def rollup_cells(cur, f: Filter, parent_level: str, single_years: bool, year: str = "") -> list[dict]:
    """Sums of the children's figures per parent, unit, kind and year, with the children missing.

    The children that must all be there: every child of the parent that reports
    the metric (same unit and kind) in any year. A row with `missing` not empty
    is not a sum anyone may show; it names who is missing.
    """
    child_level, parent_col = ROLLUPS[parent_level]
    # one scan: the children's figures of every year and source (who reports the metric at all) ...
    kids_where, params = view_where(Filter(f.metric, f.regions, None, f.kinds, (), child_level, undated=False))
    eligible, eligible_params = drawable(f)
    params = [*eligible_params, *params]
    # ... and of them, those of the view
    in_view = "year_from >= ? AND year_to <= ?" + (" AND year_from = year_to" if single_years else "")
    params += list(f.years or (-9999, 9999))
    if f.sources:
        in_view += f" AND {source_clause()}"
        params.append(list(f.sources))
    if year and year != "latest":  # common.LATEST: every year here, the caller keeps the latest
        in_view += " AND year = ?"
        params.append(year)
    sql = f"""
    WITH kids AS (SELECT {DRAWN}, province, city, {eligible} AS eligible FROM facts_v WHERE {kids_where}),
    cells AS (SELECT *, row_number() OVER (PARTITION BY region_key, unit, kind, year ORDER BY {PICK}) AS pick
              FROM kids WHERE {in_view}),
    picked AS (SELECT * FROM cells WHERE pick = 1 AND eligible AND {parent_col} <> ''),
    reporting AS (SELECT DISTINCT province, {parent_col} AS parent, region_key, region, unit, kind FROM kids
                  WHERE eligible AND ({parent_col}, province) IN (SELECT DISTINCT {parent_col}, province FROM picked)),
    slots AS (SELECT DISTINCT province, {parent_col} AS parent, unit, kind, year, year_from, year_to FROM picked)
    SELECT s.province, s.parent, s.unit, s.kind, s.year, s.year_from, s.year_to,
           sum(p.value) AS value, count(p.region_key)::INTEGER AS n_children,
           list(p.qualifier) FILTER (WHERE p.region_key IS NOT NULL) AS qualifiers,
           list({{'region': r.region, 'value': p.value}} ORDER BY p.value DESC)
               FILTER (WHERE p.region_key IS NOT NULL) AS parts,
           list(r.region ORDER BY r.region) FILTER (WHERE p.region_key IS NULL) AS missing
    FROM slots s
    JOIN reporting r ON r.province = s.province AND r.parent = s.parent AND r.unit = s.unit AND r.kind = s.kind
    LEFT JOIN picked p ON p.region_key = r.region_key AND p.unit = s.unit AND p.kind = s.kind AND p.year = s.year
    GROUP BY ALL ORDER BY s.province, s.parent, s.unit, s.kind, s.year_to, s.year_from"""
    return rows(cur, sql, params)


# --- evidence ------------------------------------------------------------------------------------

# The evidence of a view is every claim behind its facts. Sorted by a fact's own fields (the default: the
# charts' order, latest and largest first), a page walks the view's facts — few, and found by the facts'
# zone maps — and reads only the claims of the page's facts. Sorted by a claim's own sentence or its
# document, a page has to sort the view's claims.
FACT_SORT = {"value": "value", "unit": "unit", "qualifier_label": "qualifier", "region": "region",
             "year": "year_to", "metric_label": "metric", "facts": "n_sources",
             "kind_label": "kind", "period_label": "period", "group": '"group"'}
CLAIM_SORT = {"sentence": "c.sentence", "title": "d.title", "date": "d.date"}
EVIDENCE_SORT = {**FACT_SORT, **CLAIM_SORT}  # grid column → what it sorts by; nothing else reaches ORDER BY
# the drawn figure of each cell first, then the others of the series, then the rest of the cells
FACT_ORDER = "year_to DESC, year_from DESC, headline DESC, eligible DESC, value DESC, fact_id"
CLAIM_ORDER = "d.date DESC NULLS LAST, c.doc_id, c.start"
CLAIM_FIELDS = ('claim_id, doc_id, value, unit, qualifier, kind, metric, region, year, period, "group", quote, sentence, '
                'start, fact_id, region_code, region_basis, year_basis')


def row_runs(row_ids: list[int], gap: int = 2048) -> list[list[int]]:
    """Sorted row ids cut where they lie more than a vector apart: DuckDB reads every row between the first
    and the last id of an IN list, so each run gets its own (a page's rows are mostly neighbours)."""
    runs: list[list[int]] = []
    for i in row_ids:
        if runs and i - runs[-1][-1] <= gap:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


EVIDENCE_FACT = ("fact_id, claim_ids, n_claims, n_sources, conflict, year, year_to, year_from, value, value_low, "
                 'value_high, unit, qualifier, quote, kind, period, "group", region, region_key, metric')


def in_drawn_cells(f: Filter, fields: str = EVIDENCE_FACT, with_headline: bool = False) -> tuple[str, list]:
    """CTEs ending in `v`: the view's facts in cells its series draws a figure for — the drawn figure and the
    others of its cell (other groups, parts of the year, rivals) — with `eligible` (may be drawn) and, if asked,
    `headline` (is the one drawn)."""
    where, params = view_where(f)
    eligible, eligible_params = drawable(f)
    headline = (f", eligible AND row_number() OVER (PARTITION BY {cell_columns(f.freq)} ORDER BY {PICK}) = 1 AS headline"
                if with_headline else "")
    sql = f"""facts_in_view AS (SELECT {fields}, {eligible} AS eligible FROM facts_v WHERE {where}),
        drawn_cells AS (SELECT DISTINCT unit, kind, region_key, year FROM facts_in_view WHERE eligible),
        v AS (SELECT *{headline} FROM facts_in_view SEMI JOIN drawn_cells USING (unit, kind, region_key, year))"""
    return sql, [*eligible_params, *params]


def evidence_count(cur, f: Filter) -> int:
    """Claims behind the view's facts."""
    cells, params = in_drawn_cells(f, "fact_id, n_claims, unit, kind, region_key, year, period, \"group\", year_from, year_to")
    return int(cur.execute(f"WITH {cells} SELECT coalesce(sum(n_claims), 0) FROM v", params).fetchall()[0][0])


def _order(sort: list[tuple[str, bool]], columns: dict[str, str], default: str) -> str:
    chosen = ", ".join(f"{columns[col]} {'DESC' if desc else 'ASC'} NULLS LAST" for col, desc in sort if col in columns)
    return f"{chosen}, {default}" if chosen else default


def _page_by_facts(cur, f: Filter, start: int, end: int, sort) -> list[dict]:
    cells, params = in_drawn_cells(f, with_headline=True)
    order = _order(sort, FACT_SORT, FACT_ORDER)
    facts = rows(cur, f"""
        WITH {cells},
        o AS (SELECT fact_id, claim_ids, n_claims, sum(n_claims) OVER (ORDER BY {order} ROWS UNBOUNDED PRECEDING) AS upto,
                     row_number() OVER (ORDER BY {order}) AS k FROM v)
        SELECT o.fact_id, o.claim_ids, o.upto - o.n_claims AS first, v.n_sources, v.conflict, v.eligible, v.headline
        FROM o JOIN v USING (fact_id) WHERE o.upto > ? AND o.upto - o.n_claims < ?
        ORDER BY o.k""", [*params, start, end])
    ids = sorted({i for fact in facts for i in fact["claim_ids"].split()})
    if not ids:
        return []
    claims = rows(cur, f"SELECT {CLAIM_FIELDS} FROM claims_v WHERE claim_id IN {placeholders(ids)}", ids)
    dates = documents(cur, {c["doc_id"] for c in claims}, "coalesce(strftime(date, '%Y-%m-%d'), '')")
    of_fact: dict[str, list[dict]] = {}
    for c in sorted(claims, key=lambda c: (c["doc_id"], c["start"])):
        of_fact.setdefault(c["fact_id"], []).append(c)
    page = []
    for fact in facts:  # within a fact: the latest document first
        ordered = sorted(of_fact.get(fact["fact_id"], []), key=lambda c: dates.get(c["doc_id"], ""), reverse=True)
        page += [{**c, "n_sources": fact["n_sources"], "conflict": fact["conflict"], "eligible": fact["eligible"],
                  "headline": fact["headline"]}
                 for at, c in enumerate(ordered, start=fact["first"]) if start <= at < end]
    return page


def _page_by_claims(cur, f: Filter, start: int, end: int, sort, has_facts: bool) -> list[dict]:
    """First the page's row ids, sorting only the sort keys; then those rows whole, read run by run (reading
    every sentence of the view to keep twenty, or every row between the first and the last, costs far more)."""
    where, params = view_where(f)
    cells, cell_params = in_drawn_cells(f, "fact_id, unit, kind, region_key, year, period, \"group\", year_from, year_to")
    ids = [r for (r,) in cur.execute(f"""
        WITH {cells}
        SELECT c.row_id FROM (SELECT * FROM claims_v WHERE {where} AND fact_id IN (SELECT fact_id FROM v)) c
        LEFT JOIN store.documents d USING (doc_id)
        ORDER BY {_order(sort, CLAIM_SORT, CLAIM_ORDER)} LIMIT ? OFFSET ?""",
                                      [*cell_params, *params, max(0, end - start), max(0, start)]).fetchall()]
    if not ids:
        return []
    fetch = (f"SELECT rowid AS row_id, {CLAIM_FIELDS.replace('fact_id', 'fact_id' if has_facts else 'claim_id AS fact_id')} "
             f"FROM store.claims WHERE rowid IN ")
    runs = row_runs(sorted(ids))
    found = {r["row_id"]: r for r in rows(cur, " UNION ALL ".join(fetch + placeholders(run) for run in runs),
                                          [i for run in runs for i in run])}
    return [found[i] for i in ids if i in found]


def evidence_page(cur, f: Filter, start: int, end: int, sort: list[tuple[str, bool]],
                  has_facts: bool = True) -> list[dict]:
    """Rows [start, end) of the claims behind the view's facts, sorted by allow-listed columns (name, descending);
    each with its fact's n_sources and conflict and its document's title and date."""
    if all(col in FACT_SORT for col, _ in sort if col in EVIDENCE_SORT):  # unknown columns sort nothing
        page = _page_by_facts(cur, f, start, end, sort)
    else:
        page = _page_by_claims(cur, f, start, end, sort, has_facts)
    if not page:
        return page
    fact_ids = sorted({r["fact_id"] for r in page if "n_sources" not in r})
    eligible, eligible_params = drawable(f)
    facts = {r[0]: r[1:] for r in cur.execute(
        f"SELECT fact_id, n_sources, conflict, {eligible} FROM facts_v WHERE fact_id IN {placeholders(fact_ids)}",
        [*eligible_params, *fact_ids]).fetchall()} if fact_ids else {}
    docs = documents(cur, {r["doc_id"] for r in page}, "{'title': title, 'date': coalesce(strftime(date, '%Y-%m-%d'), '')}")
    # A document's text only where the quote stands twice in its sentence: its offset then tells which one
    # (reading texts costs more than the rest of the page).
    ambiguous = {r["doc_id"] for r in page if r["sentence"].count(r["quote"]) > 1}
    texts = documents(cur, ambiguous, "text")
    for r in page:
        if "n_sources" not in r:
            r["n_sources"], r["conflict"], r["eligible"] = facts.get(r["fact_id"], (1, False, True))
        r.update(docs.get(r["doc_id"], {"title": "", "date": ""}), text=texts.get(r["doc_id"], ""))
    return page


def claim_document(cur, claim_id: str) -> tuple[dict | None, list[dict]]:
    """The document of a claim (doc_id, title, date, source, text) and every claim in it, in text order."""
    found = cur.execute("SELECT doc_id FROM claims_v WHERE claim_id = ?", [claim_id]).fetchall()
    if not found:
        return None, []
    doc_id = found[0][0]
    doc = documents(cur, {doc_id}, "{'title': title, 'date': coalesce(strftime(date, '%Y-%m-%d'), ''), "
                                   "'source': source, 'text': text}").get(doc_id)
    if doc is None:
        return None, []
    # claims are stored document by document, so the zone maps find a document's claims
    claims = rows(cur, """SELECT claim_id, start, "end", metric, region, year, period, "group", value, unit FROM claims_v
                          WHERE doc_id = ? ORDER BY start""", [doc_id])
    return {"doc_id": doc_id, **doc}, claims


# --- a region whole (region page), and a level on the map -------------------------------------------

# a region's sub-regions, one level down
CHILD_LEVEL = {"country": "province", "province": "city", "city": "county", "county": "town"}


def every_metric_where(f: Filter) -> tuple[str, list]:
    """The view filter (years, kinds, sources, regions, level) over every metric: `view_where` without its
    first clause, the metric (it always leads, with the first parameter)."""
    where, params = view_where(f)
    assert where.startswith("metric = ?")
    return "TRUE" + where[len("metric = ?"):], params[1:]


def region_measures(cur, f: Filter, code: str, region: str) -> list[dict]:
    """Every (metric, unit, kind) the region itself (its code, or its name where it has none) reports under the
    view's filter (`f` naming no regions): its latest figure (the headline, picked like a chart cell) and its
    single-year figures in time order (the small trend)."""
    where, params = every_metric_where(f)
    # the key's two columns, compared as they are stored (cheaper than region_key's CASE on every row)
    itself = "region_code = ?" if code else "region_code = '' AND region = ?"
    sql = f"""
    WITH v AS (SELECT fact_id, metric, unit, kind, year, year_from, year_to, period, "group", value, value_low,
                      value_high, qualifier, n_sources, conflict, {drawable_sql(f.freq)} AS eligible
               FROM facts_v WHERE {itself} AND {where} AND year <> ''),
    cells AS (SELECT *, row_number() OVER (PARTITION BY metric, unit, kind, year ORDER BY {PICK}) AS pick FROM v),
    picked AS (SELECT * FROM cells WHERE pick = 1)
    SELECT metric, unit, kind, count(*) AS n_years,
           arg_max({{'fact_id': fact_id, 'year': year, 'period': period, 'value': value, 'qualifier': qualifier,
                     'n_sources': n_sources, 'conflict': conflict}}, year_to * 10000 + year_from) AS headline,
           list({{'year': year_from, 'value': value}} ORDER BY year_from) FILTER (WHERE year_from = year_to) AS points
    FROM picked GROUP BY metric, unit, kind ORDER BY metric, unit, kind"""
    return rows(cur, sql, [f.group, code or region, *params])


def region_documents(cur, f: Filter, limit: int) -> tuple[list[dict], int]:
    """The documents with a figure about the view's regions (and the regions inside them) under its filter,
    latest first; and how many there are."""
    where, params = every_metric_where(f)
    found = rows(cur, f"""
        WITH c AS (SELECT doc_id, count(*) AS n_claims FROM claims_v WHERE {where} GROUP BY doc_id)
        SELECT c.doc_id, c.n_claims, d.title, coalesce(strftime(d.date, '%Y-%m-%d'), '') AS date, d.source,
               count(*) OVER () AS n_docs
        FROM c JOIN store.documents d USING (doc_id)
        ORDER BY d.date DESC NULLS LAST, c.doc_id LIMIT ?""", [*params, limit])
    return found, (found[0]["n_docs"] if found else 0)


REGION_EXPORT = ("region, region_code, region_level, metric, kind, year, period, \"group\", value, unit, qualifier, quote, "
                 "n_sources, conflict, fact_id")


def region_export_sql(where: str) -> str:
    """Every fact under a filter over every metric, with its documents (株洲日报《title》): the region whose key
    is the last parameter first, then the regions inside it."""
    return f"""
    WITH f AS (SELECT {REGION_EXPORT}, region_key, year_from, year_to FROM facts_v WHERE {where}),
    docs AS (SELECT c.fact_id, string_agg(DISTINCT coalesce(nullif(d.source, ''), '') || '《' || d.title || '》', '；'
                                          ORDER BY coalesce(nullif(d.source, ''), '') || '《' || d.title || '》') AS documents
             FROM claims_v c JOIN store.documents d USING (doc_id)
             WHERE c.fact_id IN (SELECT fact_id FROM f) GROUP BY c.fact_id)
    SELECT f.* EXCLUDE (region_key, year_from, year_to), coalesce(docs.documents, '') AS documents
    FROM f LEFT JOIN docs USING (fact_id)
    ORDER BY f.region_key <> ?, f.region_key, f.metric, f.unit, f.kind,
             f.year_to NULLS LAST, f.year_from, f.period, f.value DESC"""


def map_cells(cur, f: Filter, year: str) -> tuple[list[dict], str]:
    """One figure per region of the filter's level for `year` ("" = the latest single year with figures), for
    every (unit, kind): region code, name, value as a chart cell picks it."""
    where, params = view_where(f)
    sql = f"""
    WITH v AS (SELECT fact_id, region, region_code, region_key, unit, kind, year, year_from, year_to, period,
                      "group", value, value_low, value_high, qualifier, n_sources, conflict,
                      {drawable_sql(f.freq)} AS eligible FROM facts_v WHERE {where} AND year <> ''),
    chosen AS (SELECT coalesce(nullif(?::VARCHAR, ''),
                               (SELECT max(year_from)::VARCHAR FROM v WHERE year_from = year_to)) AS year),
    cells AS (SELECT *, row_number() OVER (PARTITION BY unit, kind, region_key ORDER BY {PICK}) AS pick
              FROM v WHERE year = (SELECT year FROM chosen))
    SELECT * EXCLUDE (pick), (SELECT year FROM chosen) AS shown_year FROM cells WHERE pick = 1
    ORDER BY unit, kind, value DESC"""
    found = rows(cur, sql, [f.group, *params, year])
    return found, (found[0]["shown_year"] if found else year)
