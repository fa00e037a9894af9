"""Downloads: CSV files streamed from DuckDB by a Flask route, a batch of rows at a time.

    /download/view.csv?<the view's query>      the view's figures, one row per fact
    /download/evidence.csv?<query>             the claims behind the view
    /download/wide.csv?<query>                 the region × year table of the view's metric
    /download/claims.csv                       every claim in the store
    /download/facts.csv                        every fact (the columns `jiuye extract --out` writes)

Only these names are served; anything else, and anything that looks like a
path, is refused. The query is the page's own URL query, checked against the
allow-lists like a shared link. Every file is UTF-8 with a BOM (Excel reads it
right), numbers stay numbers, and a text cell a spreadsheet would run as a
formula (= + - @, tab, CR and their full-width forms) starts with an apostrophe
— the SQL macros `csv_text`/`csv_number` (queries.setup_views) do what
`extract.contract.spreadsheet_safe` and `csv_chunks` do, in DuckDB, so a million
rows never sit in Python's memory.
"""
from __future__ import annotations

import csv
import io
from typing import Iterator
from urllib.parse import quote

from dash import Input, Output, html
from flask import Response, request

from app import queries, queries_charts, queries_evidence
from app.common import checked, label, region_label, rollups
from app.data import ROW_KEY, pivot_wide, year_order
from app.evidence import chart_filter
from app.names import period_name
from app.i18n import KIND_NAMES, LEVEL_NAMES, name, t
from app.state import parse_query, to_query
from app.store import StoreSource
from extract.contract import TABLES, spreadsheet_safe

BOM = b"\xef\xbb\xbf"
BATCH = 10_000  # rows fetched from DuckDB at a time
# file name → (button label key, file name key, whether it follows the view)
DOWNLOADS = {
    "view.csv": ("dl_view", "file_view", True),
    "evidence.csv": ("dl_evidence", "file_evidence", True),
    "wide.csv": ("dl_wide", "file_wide", True),
    "claims.csv": ("dl_all", "file_all", False),
    "facts.csv": ("dl_facts", "file_facts", False),
}
FACTS_CSV = ["fact_id", "region", "region_code", "metric", "kind", "year", "period", "group", "value", "unit",
             "qualifier", "n_sources", "conflict", "claim_ids"]
VIEW_CSV = [*FACTS_CSV, "headline"]  # headline: the figure the charts draw for its cell (app/headline.py)
DOC_COLUMNS = {"title": "VARCHAR", "date": "DATE", "source": "VARCHAR"}


class DownloadError(ValueError):
    """A download that cannot be served: (HTTP status, message)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def layout():
    return html.Div(className="downloads", children=[
        html.H2(label("downloads")),
        *(html.A(label(key), id=f"download-{name.split('.')[0]}", className="download", href=f"/download/{name}")
          for name, (key, _, _) in DOWNLOADS.items()),
    ])


def hrefs(source: StoreSource, data) -> list[str]:
    """The links of the downloads for the view in `data`: the view's own query for those that follow it."""
    sel, _ = checked(source, data)
    if sel is None:
        return [f"/download/{n}" for n in DOWNLOADS]
    query = to_query(sel.view, sel.snap.allowed)
    lang_only = f"?lang={sel.view.lang}" if sel.view.lang != "zh" else ""
    return [f"/download/{n}" + (query if follows else lang_only) for n, (_, _, follows) in DOWNLOADS.items()]


# --- the CSV text of each download, in SQL -----------------------------------------------------------------


def _cell_sql(name: str, sql_type: str, alias: str = "") -> str:
    """A column as CSV text: quoted and formula-escaped text, numbers as numbers, booleans as pandas writes them."""
    col = f'{alias}"{name}"'
    if sql_type == "VARCHAR":
        return f"csv_text({col})"
    if sql_type == "DOUBLE":
        return f"csv_number({col})"
    if sql_type == "BOOLEAN":
        return f"CASE WHEN {col} IS NULL THEN '' WHEN {col} THEN 'True' ELSE 'False' END"
    if sql_type == "DATE":
        return f"coalesce(strftime({col}, '%Y-%m-%d'), '')"
    return f"coalesce(CAST({col} AS VARCHAR), '')"


def _line_sql(cols: list[tuple[str, str, str]]) -> str:
    return "concat_ws(',', " + ", ".join(_cell_sql(n, ty, a) for n, ty, a in cols) + ")"


def _claims_cols() -> list[tuple[str, str, str]]:
    return ([(c.name, c.sql_type, "c.") for c in TABLES["claims"]] +
            [(n, ty, "d.") for n, ty in DOC_COLUMNS.items()])


def _facts_cols() -> list[tuple[str, str, str]]:
    types = {c.name: c.sql_type for c in TABLES["facts"]}
    return [(n, types[n], "f.") for n in FACTS_CSV]


def claims_sql(where: str = "TRUE") -> str:
    return (f"SELECT {_line_sql(_claims_cols())} FROM (SELECT * FROM claims_v WHERE {where}) c "
            f"LEFT JOIN store.documents d USING (doc_id)")


def facts_sql(where: str = "TRUE") -> str:
    return (f"SELECT {_line_sql(_facts_cols())} FROM facts_v f WHERE {where} "
            f"ORDER BY f.metric, f.unit, f.kind, f.region_key, f.year_to, f.year_from, f.period, f.\"group\", f.value DESC")


def view_facts_sql(f: queries.Filter) -> tuple[str, list]:
    """The view's figures (every fact of the cells its charts draw), each once, and whether it is the one drawn."""
    cells, params = queries_evidence.in_drawn_cells(f, "*", with_headline=True)
    cols = [*_facts_cols(), ("headline", "BOOLEAN", "f.")]
    return (f"""WITH {cells}
        SELECT {_line_sql(cols)} FROM v f
        ORDER BY f.metric, f.unit, f.kind, f.region_key, f.year_to, f.year_from, f.period, f."group", f.value DESC""",
            params)


def view_claims_sql(f: queries.Filter) -> tuple[str, list]:
    """The claims behind the view's figures (the evidence)."""
    cells, cell_params = queries_evidence.in_drawn_cells(f, "*")
    where, params = queries.view_where(f)
    return (f"WITH {cells} " + claims_sql(f"{where} AND fact_id IN (SELECT fact_id FROM v)"), [*cell_params, *params])


def _lines(cur, sql: str, params: list) -> Iterator[bytes]:
    result = cur.execute(sql, params)
    while True:
        batch = result.fetchmany(BATCH)
        if not batch:
            return
        yield ("\r\n".join(r[0] for r in batch) + "\r\n").encode("utf-8")


def _header(names: list[str]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([spreadsheet_safe(n) for n in names])
    return BOM + buffer.getvalue().encode("utf-8")


def _wide(sel) -> Iterator[bytes]:
    """The region × year table, every row: header, then a line per (region, unit, kind) as the cells arrive."""
    lang = sel.view.lang
    cur = sel.cursor()
    where, params = queries.view_where(sel.filter)
    years = year_order(y for (y,) in cur.execute(f"SELECT DISTINCT year FROM facts_v WHERE {where} AND year <> ''",
                                                  params).fetchall())
    sums, _ = rollups(sel, single_years=False)
    years = year_order([*years, *(s["year"] for s in sums)])
    # every row says its population and part of the year: a cell never holds a part-year figure unsaid
    yield _header([t("region", lang), t("region_code", lang), t("region_level", lang), t("unit", lang),
                   t("kind", lang), t("group", lang), t("period", lang), *years])
    row_key = ROW_KEY + (("period",) if sel.filter.freq == "part" else ())

    def line(row: dict, region: str) -> bytes:
        buffer = io.StringIO()
        # in the annual view a span's column may hold a yearly average: its cell says so (年均)
        csv.writer(buffer, lineterminator="\r\n").writerow([
            spreadsheet_safe(region), row["region_code"], name(LEVEL_NAMES, row["region_level"], lang),
            spreadsheet_safe(row["unit"]), name(KIND_NAMES, row["kind"], lang),
            spreadsheet_safe(row["group"] or t("group_all", lang)), period_name(row["period"], lang),
            *(_wide_cell(row["cells"][y], lang) if y in row["cells"] else "" for y in years)])
        return buffer.getvalue().encode("utf-8")

    for row in pivot_wide(sums)[1]:
        yield line(row, region_label(next(iter(row["cells"].values())), mixed=False, lang=lang))
    result = cur.execute(*queries_charts.wide_params(sel.filter, 2**62))  # every row
    names = [d[0] for d in result.description]
    pending: list[dict] = []
    while True:
        batch = [dict(zip(names, r)) for r in result.fetchmany(BATCH)]
        if not batch:
            break
        pending += batch
        # rows arrive whole and in order: every row but the last of the batch is complete
        last = pending[-1]["row_rank"]
        done = [c for c in pending if c["row_rank"] != last]
        pending = [c for c in pending if c["row_rank"] == last]
        yield b"".join(line(r, r["region"]) for r in pivot_wide(done, row_key)[1]) if done else b""
    if pending:
        yield b"".join(line(r, r["region"]) for r in pivot_wide(pending, row_key)[1])


def _number(value) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _wide_cell(cell: dict, lang: str) -> str:
    """A number, or for a yearly average in the annual view the number and what it is (1300万 年均)."""
    if cell.get("period") == "per-year":
        return f"{_number(cell['value'])} {period_name('per-year', lang)}"
    return _number(cell["value"])


def stream(source: StoreSource, filename: str, search: str = "") -> tuple[str, Iterator[bytes]]:
    """(the file name to offer, the CSV bytes batch by batch) of one download; raises DownloadError."""
    offered, _, chunks = _stream(source, filename, search)
    return offered, chunks


def _stream(source: StoreSource, filename: str, search: str) -> tuple[str, str, Iterator[bytes]]:
    if filename not in DOWNLOADS:
        raise DownloadError(404, f"unknown download: {filename[:60]}")
    snap = source.snapshot()
    view, errors = parse_query(search, snap.allowed)
    if errors:
        raise DownloadError(400, t("bad_input", view.lang, what="；".join(errors)))
    _, file_key, follows = DOWNLOADS[filename]
    metric = snap.catalog.metric_label(view.metric, view.lang)
    offered = t(file_key, view.lang, metric=metric)
    ascii_name = t(file_key, "en", metric=view.metric)  # for clients that cannot read RFC 5987
    cur = snap.cursor()
    if not follows:
        if filename == "claims.csv":
            return offered, ascii_name, _concat(_header([n for n, _, _ in _claims_cols()]), _lines(cur, claims_sql(), []))
        return offered, ascii_name, _concat(_header(FACTS_CSV), _lines(cur, facts_sql(), []))
    sel, error = checked(source, view.data())
    if sel is None:
        raise DownloadError(400, error)
    if filename == "wide.csv":
        return offered, ascii_name, _wide(sel)
    if filename == "view.csv":  # the figures and the evidence of what the view's chart shows (its year …)
        return offered, ascii_name, _concat(_header(VIEW_CSV), _lines(cur, *view_facts_sql(chart_filter(sel))))
    return offered, ascii_name, _concat(_header([n for n, _, _ in _claims_cols()]),
                                        _lines(cur, *view_claims_sql(chart_filter(sel))))


def _concat(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


def content_disposition(filename: str, ascii_name: str) -> str:
    """attachment; an ASCII name for old clients and the real (Chinese) name by RFC 5987."""
    fallback = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "._-") else "_" for ch in ascii_name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def looks_like_a_path(name: str) -> bool:
    return any(mark in name for mark in ("/", "\\", "..", "\x00", "%")) or name.startswith("~")


def register(app, source: StoreSource) -> None:
    @app.server.route("/download/<path:filename>")
    def _download(filename: str):
        if looks_like_a_path(filename):
            return Response("refused: a download is named, not a path\n", status=400, mimetype="text/plain")
        try:
            offered, ascii_name, chunks = _stream(source, filename, request.query_string.decode("utf-8", "replace"))
        except DownloadError as err:
            return Response(str(err) + "\n", status=err.status, mimetype="text/plain; charset=utf-8")
        return Response(chunks, mimetype="text/csv", headers={
            "Content-Disposition": content_disposition(offered, ascii_name), "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store"})

    @app.callback(*(Output(f"download-{n.split('.')[0]}", "href") for n in DOWNLOADS), Input("view", "data"))
    def _links(data):
        return hrefs(source, data)
