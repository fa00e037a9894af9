"""`jiuye watch FOLDER...`: keep a store up to date with folders as files arrive, change or go.

Each burst of changes (a copy of many files, an editor's save-and-rename) is
waited out until the folders have been quiet for `settle` seconds, then one
incremental run (`extract.corpus.update.update_store`) reads only what changed.

With a `status` file the watcher says what it is doing there (running, how far,
failed, idle: `extract.contract.WatchStatus`), replaced atomically, so the
dashboard can show an upload's progress without sharing a process with it.
"""
from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, replace
from pathlib import Path

from extract.contract import WatchStatus
from extract.read.files import EXTENSIONS
from extract.corpus.update import RunSummary, update_store

STATUS_EVERY = 0.25  # seconds between two progress writes of one run: a run of 100k files writes ~a few hundred


def _observer():
    try:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer
    except ImportError as e:
        raise ImportError("`jiuye watch` needs watchdog: pip install 'jiuye[watch]'") from e
    return Observer, FileSystemEventHandler


def _is_article(path: str | bytes) -> bool:
    path = Path(os.fsdecode(path))
    return path.suffix.lower() in EXTENSIONS and not path.name.startswith(".")


def write_status(path: str | os.PathLike, status: WatchStatus) -> None:
    """Replace the status file in one step: a reader sees the old status or the new, never half of one."""
    path = Path(path)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as f:
            json.dump(asdict(status), f)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class _Status:
    """The watcher's status, written to `path` when it changes (nowhere without a path)."""

    def __init__(self, path: str | os.PathLike | None):
        self.path = Path(path) if path else None
        self.status = WatchStatus(pid=os.getpid())
        self._written = 0.0

    def set(self, force: bool = True, **changes) -> None:
        self.status = replace(self.status, **changes)
        if self.path and (force or time.monotonic() - self._written >= STATUS_EVERY):
            write_status(self.path, self.status)
            self._written = time.monotonic()

    def progress(self, batches: Iterable, total: int):
        """update_store's progress hook: counts the files of each extracted batch."""
        self.set(total=total)
        for batch in batches:
            self.set(force=False, done=self.status.done + len(batch.paths))
            yield batch


def watch(folders: str | os.PathLike | Iterable[str | os.PathLike], store: str | os.PathLike, settle: float = 1.0,
          workers: int = 1, on_update: Callable[[RunSummary], None] = lambda summary: None,
          stop: threading.Event | None = None, status: str | os.PathLike | None = None,
          on_failure: Callable[[Exception], None] = lambda error: None) -> None:
    """Update `store` from `folders` now, then after every burst of changes, until `stop` is set.

    A run that fails leaves the old store (see extract.corpus.store), is reported to
    `on_failure` and in the status, and the watcher goes on: the next change gets a run.
    """
    Observer, FileSystemEventHandler = _observer()
    folders = [folders] if isinstance(folders, (str, os.PathLike)) else list(folders)
    stop = stop or threading.Event()
    changed = threading.Event()
    report = _Status(status)

    class Changes(FileSystemEventHandler):
        """Sets `changed` when an article file under a folder is created, modified, moved or deleted."""

        def on_any_event(self, event) -> None:
            if event.event_type in ("opened", "closed_no_write"):
                return
            paths = [event.src_path, getattr(event, "dest_path", "")]
            if any(_is_article(p) for p in paths if p) or event.is_directory:
                changed.set()

    def run() -> None:
        report.set(state="running", done=0, total=0, failure="")
        try:
            summary = update_store(folders, store, workers=workers, wait=True, allow_empty=True,
                                   progress=report.progress)
        except Exception as error:  # the page and the terminal say why; the watcher waits for the next change
            report.set(state="failed", runs=report.status.runs + 1, failure=f"{type(error).__name__}: {error}")
            on_failure(error)
            return
        # changes seen during the run get a run of their own: say so, or the page would take this one as the last
        report.set(state="settling" if changed.is_set() else "idle", runs=report.status.runs + 1)
        on_update(summary)

    observer = Observer()
    for folder in folders:
        observer.schedule(Changes(), str(folder), recursive=True)
    observer.start()
    try:
        run()
        while not stop.is_set():
            if not changed.wait(timeout=0.2):
                continue
            report.set(state="settling")
            while changed.is_set() and not stop.is_set():  # wait until the folders are quiet
                changed.clear()
                stop.wait(settle)
            if not stop.is_set():
                run()
    finally:
        observer.stop()
        observer.join()
        report.set(state="stopped")
