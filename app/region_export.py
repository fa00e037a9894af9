"""The download of everything for one region (the region page's CSV and .xlsx, `/download/region.csv|xlsx`):
every fact of the region in the URL's view, under its filters, the region itself first."""
from __future__ import annotations

import csv
import io
from datetime import date

from flask import Response, request

from app import queries_region
from app.common import checked
from app.downloads import BOM, content_disposition
from app.i18n import KIND_NAMES, LEVEL_NAMES, QUALIFIER_NAMES, name, t
from app.names import period_name, region_name
from app.region_page import chosen_region, filter_words, metric_label, region_filter
from app.state import parse_query
from app.store import StoreSource
from extract.contract import spreadsheet_safe

HEADER_KEYS = ("region", "region_code", "region_level", "metric", "kind", "year_col", "period", "group", "value", "unit",
               "qualifier", "quote", "n_sources_col", "conflict_col", "fact_id_col", "documents_col")


class ExportError(ValueError):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def export_rows(source: StoreSource, search: str) -> tuple[str, str, list[str], list[list]]:
    """(file name without suffix, its ASCII fallback, header, rows) of every fact of the region in the URL's
    view, under its filters (the region itself first, then the regions inside it)."""
    snap = source.snapshot()
    view, errors = parse_query(search, snap.allowed)
    if errors:
        raise ExportError(400, t("bad_input", view.lang, what="；".join(errors)))
    sel, error = checked(source, view.data())
    if sel is None:
        raise ExportError(400, error)
    region = chosen_region(sel)
    if region is None:
        raise ExportError(400, t("region_pick", view.lang))
    lang, catalog = view.lang, snap.catalog
    where, params = queries_region.every_metric_where(region_filter(sel, region))
    result = sel.cursor().execute(queries_region.region_export_sql(where), [*params, region["key"]])
    rows = []
    for (rname, code, level, metric, kind, year, period, group, value, unit, qualifier, quote, n_sources, conflict,
         fact_id, documents) in result.fetchall():
        rows.append([region_name(rname, lang), code, name(LEVEL_NAMES, level, lang), metric_label(catalog, metric, lang),
                     name(KIND_NAMES, kind, lang), year, period_name(period, lang), group or t("group_all", lang),
                     value, unit,
                     name(QUALIFIER_NAMES, qualifier, lang), quote, int(n_sources), t("yes", lang) if conflict else "",
                     fact_id, documents])
    offered = t("region_file", lang, region=region["name"], filters=filter_words(view, snap.allowed, lang, "_"))
    ascii_name = t("region_file", "en", region=region["code"] or "region",
                   filters=filter_words(view, snap.allowed, "en", "_"))
    return offered, ascii_name, [t(k, lang) for k in HEADER_KEYS], rows


def _csv_value(v):
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    return spreadsheet_safe(v) if isinstance(v, str) else v


def csv_bytes(header: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([spreadsheet_safe(h) for h in header])
    writer.writerows([[_csv_value(v) for v in row] for row in rows])
    return BOM + buffer.getvalue().encode("utf-8")


VALUE_COLUMN = HEADER_KEYS.index("value")
WIDTHS = {"region": 16, "metric": 18, "quote": 14, "documents_col": 60, "fact_id_col": 30}


def xlsx_bytes(header: list[str], rows: list[list], sheet: str) -> bytes:
    """An .xlsx of the same rows: header in bold and frozen, numbers as numbers with a thousands format,
    text that a spreadsheet would run as a formula kept as text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    ws = book.create_sheet(title=sheet[:31] or "jiuye")
    ws.freeze_panes = "A2"
    for i, key in enumerate(HEADER_KEYS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = WIDTHS.get(key, 11)
    bold = Font(bold=True)
    cells = []
    for h in header:
        cell = WriteOnlyCell(ws, value=h)
        cell.font = bold
        cells.append(cell)
    ws.append(cells)
    for row in rows:
        out = []
        for i, v in enumerate(row):
            cell = WriteOnlyCell(ws, value=spreadsheet_safe(v) if isinstance(v, str) and v[:1] in "=+-@＝＋－＠\t\r" else v)
            if i == VALUE_COLUMN and isinstance(v, float):
                cell.number_format = "#,##0" if v.is_integer() else "#,##0.00"
            elif isinstance(v, int):
                cell.number_format = "0"
            out.append(cell)
        ws.append(out)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export(source: StoreSource, fmt: str, search: str) -> tuple[str, str, bytes]:
    """(file name, ASCII file name, bytes) of the region download in `fmt` (csv or xlsx)."""
    offered, ascii_name, header, rows = export_rows(source, search)
    if fmt == "csv":
        return offered + ".csv", ascii_name + ".csv", csv_bytes(header, rows)
    return offered + ".xlsx", ascii_name + ".xlsx", xlsx_bytes(header, rows, sheet=f"{date.today():%Y-%m-%d}")


MIMETYPES = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def register(app, source: StoreSource) -> None:
    def serve(fmt: str):
        try:
            offered, ascii_name, content = export(source, fmt, request.query_string.decode("utf-8", "replace"))
        except ExportError as err:
            return Response(str(err) + "\n", status=err.status, mimetype="text/plain; charset=utf-8")
        return Response(content, mimetype=MIMETYPES[fmt], headers={
            "Content-Disposition": content_disposition(offered, ascii_name), "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store"})

    app.server.add_url_rule("/download/region.csv", "region_csv", lambda: serve("csv"))
    app.server.add_url_rule("/download/region.xlsx", "region_xlsx", lambda: serve("xlsx"))
