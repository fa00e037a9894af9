"""Upload: files dropped on the page join the corpus and are extracted in the background.

The server, not the browser, enforces what may arrive: Flask's
MAX_CONTENT_LENGTH bounds a request, `save_upload` keeps only a safe base
name with a known article suffix, never overwrites, and writes atomically
under `<corpus>/uploads/`. One `ExtractionJob` runs `jiuye extract`'s
incremental update at a time; files that arrive during a run get a run of
their own right after it. The dashboard reads the store only: when the run
swaps the new store in, the panels see it on their next request.
"""
from __future__ import annotations

import base64
import binascii
import os
import tempfile
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from dash import Input, Output, State, dcc, html, no_update

from extract.documents import EXTENSIONS
from extract.update import update_store

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # per request; a news article is a few KB, a PDF page a few MB
UPLOAD_FOLDER = "uploads"


class UploadRefused(ValueError):
    """A file the server will not store; the message says why, in words a user understands."""


def safe_name(filename: str) -> str:
    """The file's own name without any folder, control or separator characters; Chinese names stay.

    >>> safe_name("../../etc/passwd.txt"), safe_name("C:\\\\tmp\\\\株洲 日报.txt"), safe_name("a\\nb.md")
    ('passwd.txt', '株洲 日报.txt', 'ab.md')
    """
    name = unicodedata.normalize("NFC", filename).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().lstrip(".")
    if not name or Path(name).suffix.lower() not in EXTENSIONS or not Path(name).stem.strip():
        raise UploadRefused(f"{filename!r}: not an article file (accepted: {', '.join(sorted(EXTENSIONS))})")
    return name[:200]


def save_upload(corpus: str | os.PathLike, filename: str, content: bytes) -> Path:
    """Store one uploaded file under `<corpus>/uploads/` with a safe, unused name; return its path."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise UploadRefused(f"{filename!r}: larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
    if not content.strip():
        raise UploadRefused(f"{filename!r}: empty file")
    name = Path(safe_name(filename))
    folder = Path(corpus) / UPLOAD_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    taken = {p.stem for p in Path(corpus).rglob("*") if p.is_file()}  # a doc_id is a file's stem
    stem, n = name.stem, 1
    while stem in taken:
        stem, n = f"{name.stem}-{n}", n + 1
    target = folder / f"{stem}{name.suffix}"
    handle, tmp = tempfile.mkstemp(prefix=".upload.", dir=folder)
    with os.fdopen(handle, "wb") as f:
        f.write(content)
    os.replace(tmp, target)
    return target


def decode_data_url(contents: str) -> bytes:
    """The bytes of a dcc.Upload value ("data:…;base64,…")."""
    try:
        return base64.b64decode(contents.split(",", 1)[1], validate=True)
    except (IndexError, binascii.Error) as e:
        raise UploadRefused("the upload arrived damaged; try again") from e


@dataclass
class JobState:
    running: bool = False
    done: int = 0  # documents extracted so far in this run
    total: int = 0  # documents this run extracts
    runs: int = 0  # runs finished since the app started
    errors: list[dict] = field(default_factory=list)  # of the last run
    failure: str = ""  # why the last run could not finish, if it could not


class ExtractionJob:
    """Runs the incremental extraction of one corpus into one store, one run at a time, in a thread."""

    def __init__(self, corpus: str | os.PathLike, store: str | os.PathLike):
        self.corpus, self.store = Path(corpus), Path(store)
        self._lock = threading.Lock()
        self._state = JobState()
        self._again = False
        self._thread: threading.Thread | None = None

    def state(self) -> JobState:
        with self._lock:
            return JobState(**vars(self._state))

    def start(self) -> None:
        """Run now, or right after the current run if one is going."""
        with self._lock:
            if self._state.running:
                self._again = True
                return
            self._state = JobState(running=True, runs=self._state.runs)
            self._thread = threading.Thread(target=self._run, name="jiuye-upload-extract", daemon=True)
            self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            try:
                summary = update_store([self.corpus], self.store, wait=True, progress=self._count)
                errors, failure = summary.errors, ""
            except Exception as e:  # the page must say why; the old store stays (see extract.store)
                errors, failure = [], f"{type(e).__name__}: {e}"
            with self._lock:
                self._state.errors, self._state.failure = errors, failure
                self._state.runs += 1
                if not self._again:
                    self._state.running = False
                    return
                self._again = False
                self._state.done = self._state.total = 0

    def _count(self, batches, total):
        with self._lock:
            self._state.total = total
        for batch in batches:
            with self._lock:
                self._state.done += len(batch.paths)
            yield batch


# --- the panel ----------------------------------------------------------------------------------------------


def errors_of(source) -> list[tuple[str, str]]:
    """(file name, reason) of every file the last run could not read, from the store."""
    try:
        rows = source.snapshot().cursor().execute("SELECT path, reason FROM store.errors ORDER BY path").fetchall()
    except Exception:  # no store yet, or one from before the errors table: nothing to list
        return []
    return [(Path(path).name, reason) for path, reason in rows]


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
        dcc.Store(id="upload-finished"),
        html.Details(open=bool(errors), children=[
            html.Summary(label("upload_errors_title")),
            html.Div(id="upload-errors", children=error_list(errors)),
        ]),
    ])


def receive(corpus, job: ExtractionJob, contents, filenames, lang: str) -> str:
    """Store the dropped files, start a run, and say what happened to each."""
    from app.i18n import t

    saved, refused = [], []
    for content, filename in zip(contents or [], filenames or []):
        try:
            saved.append(save_upload(corpus, filename, decode_data_url(content)).name)
        except UploadRefused as err:
            refused.append(str(err))
    if saved:
        job.start()
    parts = [t("upload_saved", lang, n=len(saved), names="、".join(saved))] if saved else []
    parts += [t("upload_refused", lang, reasons="；".join(refused))] if refused else []
    return " ".join(parts)


def register(app, source, job: ExtractionJob) -> None:
    from app.i18n import t

    # The server bounds what a request may carry, whatever the browser says (a callback carries base64: 4/3).
    app.server.config["MAX_CONTENT_LENGTH"] = 2 * MAX_UPLOAD_BYTES
    seen = {"runs": job.state().runs}

    @app.callback(Output("upload-status", "children"), Output("upload-poll", "disabled"),
                  Input("upload", "contents"), State("upload", "filename"), State("url", "search"),
                  prevent_initial_call=True)
    def _receive(contents, filenames, search):
        lang = "en" if search and "lang=en" in search else "zh"
        message = receive(job.corpus, job, contents, filenames, lang)
        return message, not job.state().running

    @app.callback(Output("upload-progress", "value"), Output("upload-progress", "max"),
                  Output("upload-progress", "hidden"), Output("upload-status", "children", allow_duplicate=True),
                  Output("upload-poll", "disabled", allow_duplicate=True), Output("upload-finished", "data"),
                  Input("upload-poll", "n_intervals"), State("url", "search"),
                  prevent_initial_call=True)
    def _poll(_, search):
        lang = "en" if search and "lang=en" in search else "zh"
        state = job.state()
        if state.running:
            return (str(state.done), str(max(state.total, 1)), False,
                    t("upload_running", lang, done=state.done, total=state.total), False, no_update)
        if state.failure:
            return "0", "1", True, t("upload_failed", lang, reason=state.failure), True, no_update
        if state.runs != seen["runs"]:
            seen["runs"] = state.runs
            return "1", "1", True, t("upload_done", lang), True, state.runs
        return no_update, no_update, True, no_update, True, no_update

    # The page is rebuilt from the new store on load (controls offer its new regions and measures): reload it.
    app.clientside_callback("function(runs) { if (runs) { window.location.reload(); } return ''; }",
                            Output("upload-progress", "title"), Input("upload-finished", "data"),
                            prevent_initial_call=True)
