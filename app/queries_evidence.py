"""The SQL of the evidence grid: every claim behind a view's facts, a page at a time, and one claim's document.
The views and the filter are `app.queries`."""
from __future__ import annotations

from app.headline import cell_columns
from app.queries import PICK, Filter, documents, drawable, placeholders, rows, view_where


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
