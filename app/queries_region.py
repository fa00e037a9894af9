"""The SQL of a region whole (the region page) and of a level on the map. The views and the filter are
`app.queries`."""
from __future__ import annotations

from app.headline import drawable_sql
from app.queries import PICK, Filter, rows, view_where


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
