"""`jiuye watch FOLDER`: keep a store up to date with a folder as files arrive, change or go.

Each burst of changes (a copy of many files, an editor's save-and-rename) is
waited out until the folder has been quiet for `settle` seconds, then one
incremental run (`extract.update.update_store`) reads only what changed.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from extract.documents import EXTENSIONS
from extract.update import RunSummary, update_store


class _Changes(FileSystemEventHandler):
    """Sets `changed` when an article file under the folder is created, modified, moved or deleted."""

    def __init__(self, changed: threading.Event):
        self.changed = changed

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        paths = [event.src_path, getattr(event, "dest_path", "")]
        if any(_is_article(p) for p in paths if p) or event.is_directory:
            self.changed.set()


def _is_article(path: str | bytes) -> bool:
    path = Path(os.fsdecode(path))
    return path.suffix.lower() in EXTENSIONS and not path.name.startswith(".")


def watch(folder: str | os.PathLike, store: str | os.PathLike, settle: float = 1.0, workers: int = 1,
          on_update: Callable[[RunSummary], None] = lambda summary: None,
          stop: threading.Event | None = None) -> None:
    """Update `store` from `folder` now, then after every burst of changes, until `stop` is set."""
    stop = stop or threading.Event()
    changed = threading.Event()
    observer = Observer()
    observer.schedule(_Changes(changed), str(folder), recursive=True)
    observer.start()
    try:
        on_update(update_store([folder], store, workers=workers, wait=True, allow_empty=True))
        while not stop.is_set():
            if not changed.wait(timeout=0.2):
                continue
            while changed.is_set() and not stop.is_set():  # wait until the folder is quiet
                changed.clear()
                stop.wait(settle)
            if not stop.is_set():
                on_update(update_store([folder], store, workers=workers, wait=True, allow_empty=True))
    finally:
        observer.stop()
        observer.join()
