"""Several processes storing overlapping documents into one PostgreSQL store: every document
once, nothing lost (#14)."""

from __future__ import annotations

import multiprocessing
import random

import pytest
from sqlalchemy import func, select

from aftermath.records import ActorRef, Analysis, Document, Event, EventStatus, Span
from aftermath.store import open_store, rows, schema
from aftermath.store.bulk import load_rows

pytestmark = [pytest.mark.postgres,
              pytest.mark.parametrize("db_url", ["postgres"], indirect=True)]

WORKERS = 4
DOCUMENTS = 60
PER_WORKER = 30  # worker k stores documents 10k .. 10k+29: every document by two or three
EVENTS = 3


def _analysis(number: int) -> Analysis:
    text = f"Turkey and Russia held talks, report {number}."
    events = tuple(Event(
        source=ActorRef("TUR", "Turkey", 0, 6), target=ActorRef("RUS", "Russia", 11, 17),
        plover="CONSULT", mode=None, cameo="040", quad_class=1, goldstein=1.0, date=None,
        place=None, status=EventStatus.ASSERTED, confidence=0.9,
        evidence=Span(text[:6], 0, 6, 0), trigger=Span(text[:6], 0, 6, 0),
    ) for _ in range(EVENTS))
    return Analysis(document=Document(id=f"c{number:03d}", text=text), events=events)


def _numbers(worker: int) -> list[int]:
    numbers = [(10 * worker + n) % DOCUMENTS for n in range(PER_WORKER)]
    random.Random(worker).shuffle(numbers)
    return numbers


def _save_worker(url: str, worker: int, barrier) -> int:  # type: ignore[no-untyped-def]
    store = open_store(url)  # all open at once: the first creates the schema, once
    barrier.wait()
    stored = sum(store.save(_analysis(n)) for n in _numbers(worker))
    store.close()
    return stored


def _load_worker(url: str, worker: int, barrier) -> int:  # type: ignore[no-untyped-def]
    store = open_store(url)
    barrier.wait()
    numbers = _numbers(worker)
    stored = 0
    for start in range(0, len(numbers), 10):  # three batches each
        tables: dict[str, list] = {"documents": [], "events": []}  # type: ignore[type-arg]
        for n in numbers[start : start + 10]:
            analysis = _analysis(n)
            tables["documents"].append({**rows.document_row(analysis.document),
                                        "ingested_at": "2026-12-03T07:00:00+00:00"})
            tables["events"] += rows.analysis_rows(analysis)["events"]
        stored += load_rows(store, tables)
    store.close()
    return stored


def _run(worker_fn, url: str) -> list[int]:  # type: ignore[no-untyped-def]
    context = multiprocessing.get_context("fork")
    with context.Manager() as manager:
        barrier = manager.Barrier(WORKERS)
        with context.Pool(WORKERS) as pool:
            return pool.starmap(worker_fn, [(url, k, barrier) for k in range(WORKERS)])


def _assert_each_document_once(url: str) -> None:
    store = open_store(url)
    e, d = schema.events, schema.documents
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(d)).scalar_one() == DOCUMENTS
        per_document = dict(conn.execute(
            select(e.c.document_id, func.count()).group_by(e.c.document_id)).all())
    store.close()
    assert per_document == {f"c{n:03d}": EVENTS for n in range(DOCUMENTS)}


@pytest.mark.parametrize("worker_fn", [_save_worker, _load_worker], ids=["save", "load_rows"])
def test_concurrent_writers_store_each_document_once(db_url: str, worker_fn):  # type: ignore[no-untyped-def]
    stored = _run(worker_fn, db_url)
    assert sum(stored) == DOCUMENTS  # each document reported stored by exactly one writer
    _assert_each_document_once(db_url)
