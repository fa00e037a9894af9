"""Upload: the page saves dropped files for the watcher to extract, and shows how far it got.

The web process only saves files and reads: `jiuye serve --corpus` starts one
`jiuye watch` process over the corpus and the uploads folder, which extracts
what arrives into the store. The server, not the browser, enforces what may
arrive: Flask's MAX_CONTENT_LENGTH bounds a request, `save_upload` keeps only a
safe base name with a known article suffix, never overwrites nor takes a
document id the store already holds, and writes atomically into the uploads
folder (`jiuye serve --uploads`, by default data/uploads/, outside the sample
corpus). What a browser tab waits for, the ids of the documents it saved, stays
in that tab (a dcc.Store); the server keeps nothing per tab. The progress bar
reads the watcher's status file; the page reloads once the store holds every
awaited document, read or listed as an error.
"""
from __future__ import annotations

import base64
import binascii
import os
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

from dash import Input, Output, State, dcc, html, no_update

from extract.contract import ARTICLE_EXTENSIONS, WatchStatus, read_watch_status

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # per request; a news article is a few KB, a PDF page a few MB


class UploadRefused(ValueError):
    """A file the server will not store; the message says why, in words a user understands."""


def safe_name(filename: str) -> str:
    """The file's own name without any folder, control or separator characters; Chinese names stay.

    >>> safe_name("../../etc/passwd.txt"), safe_name("C:\\\\tmp\\\\株洲 日报.txt"), safe_name("a\\nb.md")
    ('passwd.txt', '株洲 日报.txt', 'ab.md')
    """
    name = unicodedata.normalize("NFC", filename).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().lstrip(".")
    if not name or Path(name).suffix.lower() not in ARTICLE_EXTENSIONS or not Path(name).stem.strip():
        raise UploadRefused(f"{filename!r}: not an article file (accepted: {', '.join(sorted(ARTICLE_EXTENSIONS))})")
    return name[:200]


def save_upload(folder: str | os.PathLike, filename: str, content: bytes,
                taken: Callable[[str], bool] = lambda doc_id: False) -> Path:
    """Store one uploaded file in `folder` with a safe name whose stem (its document id) is neither a file's
    there nor `taken` (an id of the store); return its path."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise UploadRefused(f"{filename!r}: larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
    if not content.strip():
        raise UploadRefused(f"{filename!r}: empty file")
    name = Path(safe_name(filename))
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=".upload.", dir=folder)  # hidden: the watcher skips it until it is whole
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(content)
        here = {p.stem for p in folder.iterdir()}
        stem, n = name.stem, 1
        while True:
            if stem not in here and not taken(stem):
                target = folder / f"{stem}{name.suffix}"
                try:
                    os.link(tmp, target)  # whole at once, and never over a file: another tab's save of the same name
                    return target
                except FileExistsError:
                    pass
            stem, n = f"{name.stem}-{n}", n + 1
    finally:
        os.unlink(tmp)


def decode_data_url(contents: str) -> bytes:
    """The bytes of a dcc.Upload value ("data:…;base64,…")."""
    try:
        return base64.b64decode(contents.split(",", 1)[1], validate=True)
    except (IndexError, binascii.Error) as e:
        raise UploadRefused("the upload arrived damaged; try again") from e


# --- what the store says ------------------------------------------------------------------------------------


def _rows(source, sql: str, params: list | None = None) -> list[tuple]:
    try:
        return source.snapshot().cursor().execute(sql, params or []).fetchall()
    except Exception:  # no store yet, or one from before the errors table: nothing there
        return []


def errors_of(source) -> list[tuple[str, str]]:
    """(file name, reason) of every file the last run could not read, from the store."""
    return [(Path(path).name, reason) for path, reason in _rows(source, "SELECT path, reason FROM store.errors ORDER BY path")]


def id_taken(source, doc_id: str) -> bool:
    """Whether the store holds a document of this id (an upload named like it would clash with it)."""
    return bool(_rows(source, "SELECT 1 FROM store.documents WHERE doc_id = ?", [doc_id]))


def arrived(source, doc_ids: list[str]) -> set[str]:
    """Which of these documents the store holds, as a document or as a file it could not read."""
    read = {row[0] for row in _rows(source, "SELECT doc_id FROM store.documents WHERE doc_id IN "
                                             "(SELECT unnest(?::VARCHAR[]))", [doc_ids])}
    failed = {Path(row[0]).stem for row in _rows(source, "SELECT path FROM store.errors")}
    return read | (failed & set(doc_ids))


def progress(status: WatchStatus | None, waiting: list[str], present: set[str], lang: str) -> dict:
    """What the page shows while a tab waits for `waiting` and the store holds `present` of them.

    `finished` is set when all are there (the page then reloads from the new store); `poll` says whether to
    look again. Without a status file no watcher has started: the files wait for one.
    """
    from app.i18n import t

    if not waiting:
        return {"poll": False, "hidden": True}
    if set(waiting) <= present:
        return {"poll": False, "hidden": True, "message": t("upload_done", lang), "finished": sorted(waiting)}
    if status is None or status.state == "stopped":
        return {"poll": True, "hidden": True, "message": t("upload_no_watcher", lang)}
    if status.state == "failed":  # the next change gets a new run: the user may drop the files again
        return {"poll": False, "hidden": True, "message": t("upload_failed", lang, reason=status.failure)}
    if status.state == "running" and status.total:
        return {"poll": True, "hidden": False, "value": status.done, "max": status.total,
                "message": t("upload_running", lang, done=status.done, total=status.total)}
    return {"poll": True, "hidden": True}  # the watcher has yet to notice the files, or waits for quiet


# --- the panel ----------------------------------------------------------------------------------------------


def error_list(errors: list[tuple[str, str]]):
    return html.Ul(className="upload-errors", children=[html.Li(f"{name}: {reason}") for name, reason in errors])


def layout(source):
    from app.common import label

    errors = errors_of(source)
    return html.Div(className="upload", children=[
        html.H2(label("upload")),
        dcc.Upload(id="upload", multiple=True, max_size=MAX_UPLOAD_BYTES, className="upload-drop",
                   children=html.Div(label("upload_hint"))),
        html.Progress(id="upload-progress", value="0", max="1", hidden=True),
        html.P(id="upload-status", role="status"),
        dcc.Interval(id="upload-poll", interval=500, disabled=True),
        dcc.Store(id="upload-waiting", data=[]),  # this tab's saved documents, until the store holds them
        dcc.Store(id="upload-finished"),
        html.Details(open=bool(errors), children=[
            html.Summary(label("upload_errors_title")),
            html.Div(id="upload-errors", children=error_list(errors)),
        ]),
    ])


def receive(folder, source, contents, filenames, lang: str) -> tuple[str, list[str]]:
    """Store the dropped files; say what happened to each, and return the document ids of those saved."""
    from app.i18n import t

    saved, refused = [], []
    for content, filename in zip(contents or [], filenames or []):
        try:
            saved.append(save_upload(folder, filename, decode_data_url(content), lambda i: id_taken(source, i)))
        except UploadRefused as err:
            refused.append(str(err))
    parts = [t("upload_saved", lang, n=len(saved), names="、".join(p.name for p in saved))] if saved else []
    parts += [t("upload_refused", lang, reasons="；".join(refused))] if refused else []
    return " ".join(parts), [p.stem for p in saved]


def register(app, source, folder: str | os.PathLike, status_file: str | os.PathLike) -> None:
    """Uploads into `folder`; the progress of the watcher that writes `status_file`."""

    # The server bounds what a request may carry, whatever the browser says (a callback carries base64: 4/3).
    app.server.config["MAX_CONTENT_LENGTH"] = 2 * MAX_UPLOAD_BYTES

    def language(search) -> str:
        return "en" if search and "lang=en" in search else "zh"

    @app.callback(Output("upload-status", "children"), Output("upload-waiting", "data"),
                  Output("upload-poll", "disabled"),
                  Input("upload", "contents"), State("upload", "filename"), State("upload-waiting", "data"),
                  State("url", "search"), prevent_initial_call=True)
    def _receive(contents, filenames, waiting, search):
        message, saved = receive(folder, source, contents, filenames, language(search))
        waiting = (waiting or []) + saved
        return message, waiting, not waiting

    @app.callback(Output("upload-progress", "value"), Output("upload-progress", "max"),
                  Output("upload-progress", "hidden"), Output("upload-status", "children", allow_duplicate=True),
                  Output("upload-poll", "disabled", allow_duplicate=True), Output("upload-finished", "data"),
                  Input("upload-poll", "n_intervals"), State("upload-waiting", "data"), State("url", "search"),
                  prevent_initial_call=True)
    def _poll(_, waiting, search):
        waiting = waiting or []
        shown = progress(read_watch_status(status_file), waiting, arrived(source, waiting), language(search))
        return (str(shown.get("value", 0)), str(shown.get("max", 1)), shown["hidden"],
                shown.get("message", no_update), not shown["poll"], shown.get("finished", no_update))

    # The page is rebuilt from the new store on load (controls offer its new regions and measures): reload it.
    app.clientside_callback("function(done) { if (done) { window.location.reload(); } return ''; }",
                            Output("upload-progress", "title"), Input("upload-finished", "data"),
                            prevent_initial_call=True)
