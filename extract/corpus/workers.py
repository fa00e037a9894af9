"""Where batches of files run: this process, local worker processes, or a Dask cluster.

`Workers.map` runs `extract.pipeline.process_batch` (or any task) over many
batches and yields results as they finish, holding only a bounded number in
flight; `warm_up` loads once what every worker would otherwise load on its
first task, so a pool forked from a warm process inherits it.
"""
from __future__ import annotations

import datetime
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor
from concurrent.futures import wait as wait_futures
from multiprocessing import get_context

from extract.read.document import Document
from extract.pipeline import Outcome, batch_of, process_document
from extract.regions import load_gazetteer


class Workers:
    """Where work runs: this process (`workers=1`), local processes (`workers` > 1), or a Dask
    distributed cluster (`scheduler`, tcp://host:port, whose workers read the same paths and
    import this package).

        with Workers(2) as pool:
            for result in pool.map(process_batch, batches(paths, BATCH_FILES)): ...

    `map` yields results in the order they finish, with a bounded number of tasks in flight,
    so a stream of any length passes through in constant memory.
    """

    def __init__(self, workers: int = 1, scheduler: str | None = None):
        self.workers, self.scheduler = workers, scheduler
        self.size = 1  # processes (or Dask threads) that run tasks at once
        self._executor = None

    def __enter__(self) -> Workers:
        if self.scheduler:
            try:
                from dask.distributed import Client
                from dask.distributed import wait as wait_dask
            except ImportError as e:
                raise ImportError("a Dask scheduler needs dask: pip install 'jiuye[dask]'") from e

            client = self._executor = Client(self.scheduler)
            self._submit = lambda fn, item: client.submit(fn, item, pure=False)
            self.size = max(1, _dask_threads(client))
            self._wait, self._window = wait_dask, 4 * self.size
        elif self.workers > 1:
            context = _worker_context()
            forked = context.get_start_method() == "fork"
            if forked:
                warm_up()  # once, here: the forked workers inherit it
            pool = self._executor = ProcessPoolExecutor(self.workers, mp_context=context,
                                                        initializer=None if forked else warm_up)
            self.size = self.workers
            self._submit, self._wait, self._window = pool.submit, wait_futures, 4 * self.size
            pool.submit(len, "")  # start the processes now, before the caller opens files or threads
        return self

    def __exit__(self, *exc) -> None:
        if self.scheduler and self._executor is not None:
            self._executor.close()  # a Dask client: the cluster stays up for others
        elif self._executor is not None:
            self._executor.shutdown()
        self._executor = None

    def map(self, fn: Callable, items: Iterable) -> Iterator:
        if self._executor is None:
            yield from map(fn, items)
            return
        pending = set()
        for item in items:
            pending.add(self._submit(fn, item))
            while len(pending) >= self._window:
                yield from self._finished(pending)
        while pending:
            yield from self._finished(pending)

    def _finished(self, pending: set) -> Iterator:
        done, _ = self._wait(pending, return_when=FIRST_COMPLETED)
        pending -= set(done)
        for future in done:
            yield future.result()


# Sentences of the kinds the extractor meets most, read once by `warm_up`.
_WARM_UP = Document(
    doc_id="warm-up", path="", encoding="utf-8", content_hash="", title="株洲市2021年就业工作综述",
    date=datetime.date(2022, 1, 10), source="株洲日报",
    body="去年，我市城镇新增就业5.83万人，城镇失业人员再就业9223人，城镇登记失业率为2.8%。\n"
         "今年以来，全省举办招聘会120余场，发布9万余个岗位，近8000名高校毕业生实现就业。")


def warm_up() -> None:
    """Build the gazetteer, and run once the code whose patterns and imports load on first use: the
    extractor, a batch's Arrow tables, a partition of facts. A pool forked from a warm process
    inherits all that; otherwise each worker pays it on its first tasks (~0.3 s of CPU)."""
    from extract.corpus.facts import facts_of_partition

    load_gazetteer()
    processed = process_document(_WARM_UP)
    facts_of_partition(batch_of([Outcome(_WARM_UP.path, processed.row, processed.claims, [])]).claims)


def _worker_context():
    """fork where it is safe: workers start at once, with the extractor already imported (forkserver
    costs ~1 s of imports before the first result). A process with other threads (the dashboard's
    upload job, a caller's thread pool) must not fork, and macOS cannot fork safely: there workers
    start from a forkserver (or spawn) that has imported the extractor once."""
    if sys.platform == "linux" and threading.active_count() == 1:
        return get_context("fork")
    context = get_context("forkserver" if sys.platform != "win32" else "spawn")
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(["extract.corpus.workers"])
    return context


def _dask_threads(client) -> int:
    return sum(w.get("nthreads", 1) for w in client.scheduler_info().get("workers", {}).values())
