"""The SQL of what the charts and the table draw: one figure per cell, compare, trend, the wide table, and
roll-ups (a parent's figure as the sum of its children). The views and the filter are `app.queries`."""
from __future__ import annotations

from app.headline import cell_columns, drawable_sql
from app.queries import (CELL_FACTS, DRAWN, PICK, TABLE_CELL, Filter, drawable, rows, source_clause,
                         view_where)


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


# --- roll-ups: a parent's figure as the sum of its children, only when none is missing ----------------

# parent level → (child level, the child's column naming its parent)
ROLLUPS = {"province": ("city", "province"), "city": ("county", "city")}
LATEST = "latest"  # a roll-up's `year`: the latest single year with figures (what a compare chart shows by default)


def rollup_cells(cur, f: Filter, parent_level: str, single_years: bool, year: str = "") -> list[dict]:
    """Sums of the children's figures per parent, unit, kind and year, with the children missing; `year` keeps
    one year ("" all years, LATEST the latest single year with figures).

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
    if year and year != LATEST:  # LATEST: every year here, then the latest single year with figures (below)
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
    found = rows(cur, sql, params)
    if year == LATEST:  # the latest single year any child has a figure for
        latest = max((r["year_from"] for r in found if r["year_from"] == r["year_to"]), default=None)
        found = [r for r in found if r["year_from"] == latest and r["year_to"] == latest]
    return found
