"""A process pool for analysis: each worker loads the model once; the parent stores.

Analysis is a pure function of one document (design.md), so batches can go to any
worker; only the parent touches the store, which keeps SQLite single-writer and every
document's write in one transaction. Results come back in submission order, with at most
a few batches per worker in flight so memory stays flat on big inputs.
"""

from __future__ import annotations

import ctypes
import gc
import itertools
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from aftermath.errors import InputError, PipelineError
from aftermath.knowledge import load_kb
from aftermath.nlp import load_model
from aftermath.pipeline import analyze_documents, warm_up
from aftermath.records import Analysis, Document, Rejection

# How often a worker checks that its parent still lives (the watchdog; Linux also has
# the kernel's parent-death signal, which is immediate).
PARENT_CHECK_SECONDS = 1.0
PR_SET_PDEATHSIG = 1  # prctl(2) option number

# Batches queued per worker: enough that no worker waits for the parent, few enough to
# keep only a handful of batches in memory.
IN_FLIGHT_PER_WORKER = 2
# A full batch goes to one worker as one task: the model parses a batch of 32 documents
# 7% faster than four of 8 (its parser and entity recogniser step through a batch's
# documents together). A shorter batch (the first ones of a run, and the last) goes as
# tasks of at most this many documents: the workers start sooner, and at the end a worker
# that finishes early takes the next small task instead of waiting while the other parses
# a whole batch (#20).
TASK_DOCUMENTS = 8

Result = Analysis | Rejection
_worker: dict[str, Any] = {}


def _as_result(item: Analysis | InputError, document: Document) -> Result:
    if isinstance(item, Analysis):
        return item
    # An InputError does not survive pickling with its code; a Rejection does.
    return Rejection(item.source or "input", item.locator or document.id, item.code,
                     item.args[0])


def analyze_batch(documents: list[Document], nlp: Any, kb: Any) -> list[Result]:
    """Analyses (or Rejections) of one batch, in order."""
    results = analyze_documents(documents, nlp, kb, batch_size=max(1, len(documents)))
    return [_as_result(item, document)
            for item, document in zip(results, documents, strict=True)]


def _die_with(parent: int) -> None:
    """End this worker when the process that started it dies, however it dies (#18).

    A pool's worker blocks on its task queue, which never closes when the parent is
    killed (the worker holds the queue's other end itself), so it would live on holding
    its copy of the model. On Linux the kernel sends SIGKILL on the parent's death
    (PR_SET_PDEATHSIG); everywhere, a watchdog thread notices the parent is gone.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no prctl: the watchdog stands
            pass
    if os.getppid() != parent:  # it died before the signal was asked for
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(PARENT_CHECK_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="aftermath-parent-watch", daemon=True).start()


def _init_worker(model: str, dictionaries: tuple[str, ...] = (),
                 parent: int | None = None) -> None:
    if parent is not None:
        _die_with(parent)
    # A forked worker finds the parent's model in `_worker` already (set just before the
    # pool starts) and skips loading; a spawned one loads its own, with the parent's user
    # dictionaries (#12).
    if "nlp" not in _worker:
        _worker["nlp"], _worker["kb"] = load_model(model), load_kb(dictionaries)


def _run_batch(documents: list[Document]) -> list[Result]:
    return analyze_batch(documents, _worker["nlp"], _worker["kb"])


def _context() -> Any:
    # fork shares the parent's loaded model copy-on-write, so workers start at once;
    # where fork is missing (macOS default, Windows) spawn loads it in each worker.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _ready() -> None:
    """A task that does nothing: submitting it makes the pool fork its workers now."""


class Analysers:
    """Where batches are analysed: in this process (`workers` <= 1) or a pool of workers.

    Nothing is loaded until `start` (or the first batch): a run that analyses nothing never
    pays for the model (#14). An ingest calls `start` as soon as it reads a document not
    stored as it is, before it triages it, so the workers fork before the parent loads
    what only it needs (the language identifier, signatures): they neither inherit that
    memory nor wait while the parent loads it (#20). Use as a context manager: leaving it
    shuts the workers down.
    """

    def __init__(self, *, workers: int, model: str, nlp: Any = None, kb: Any = None,
                 dictionaries: tuple[str, ...] = (), batch_size: int = 32) -> None:
        self.workers, self.model, self.dictionaries = workers, model, dictionaries
        self.batch_size = batch_size
        self.nlp, self.kb = nlp, kb
        self._pool: ProcessPoolExecutor | None = None
        self._started = False

    def __enter__(self) -> Analysers:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Load the model and knowledge base and, with more than one worker, fork them."""
        if self._started:
            return
        self._started = True
        context = _context()
        fork = context.get_start_method() == "fork"
        if self.workers <= 1 or fork:
            self.nlp = self.nlp if self.nlp is not None else load_model(self.model)
            self.kb = self.kb if self.kb is not None else load_kb(self.dictionaries)
        if self.workers <= 1:
            return
        if fork:
            warm_up(self.nlp, self.kb)  # built once here, shared by the forked workers
            _worker.update(nlp=self.nlp, kb=self.kb)
            # The model and knowledge base outlive the pool: kept out of the collector's
            # sight, its passes in a worker no longer write to (and so copy) every page
            # that holds them; the worker's own memory fell from 450 to 388 MB on 300
            # Reuters texts.
            gc.collect()
            gc.freeze()
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=context, initializer=_init_worker,
            initargs=(self.model, self.kb.phoenix.user_files if self.kb else self.dictionaries,
                      os.getpid()))
        # A forking pool starts every worker at its first task; start them now, while the
        # parent holds only what they need.
        self._pool.submit(_ready)

    def analyze(self, batches: Iterable[list[Document]]
                ) -> Iterator[tuple[list[Document], list[Result]]]:
        """(batch, its results) for each batch, in order; starts on the first batch."""
        batches = iter(batches)
        first = next(batches, None)
        if first is None:
            return
        self.start()
        batches = itertools.chain([first], batches)
        if self._pool is None:
            for batch in batches:
                yield batch, analyze_batch(batch, self.nlp, self.kb)
            return
        pool = self._pool
        pending: deque[tuple[list[Document], list[Future[list[Result]]]]] = deque()

        def results(futures: list[Future[list[Result]]]) -> list[Result]:
            return [result for future in futures for result in future.result()]

        try:
            for batch in batches:
                pending.append((batch, [pool.submit(_run_batch, task)
                                        for task in self._tasks(batch)]))
                while len(pending) >= self.workers * IN_FLIGHT_PER_WORKER:
                    done, futures = pending.popleft()
                    yield done, results(futures)
            while pending:
                done, futures = pending.popleft()
                yield done, results(futures)
        except BrokenProcessPool as err:
            raise PipelineError(
                "an analysis worker died (out of memory?); rerun: stored documents are kept",
                code="pipeline.worker_died") from err

    def _tasks(self, batch: list[Document]) -> list[list[Document]]:
        if len(batch) >= self.batch_size:
            return [batch]
        return [batch[at:at + TASK_DOCUMENTS] for at in range(0, len(batch), TASK_DOCUMENTS)]

    def close(self) -> None:
        """Shut the workers down (after their tasks) and let the collector see all again."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
            _worker.clear()
            gc.unfreeze()
