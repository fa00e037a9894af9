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

    def _count(self, outcomes, total):
        with self._lock:
            self._state.total = total
        for outcome in outcomes:
            with self._lock:
                self._state.done += 1
            yield outcome
