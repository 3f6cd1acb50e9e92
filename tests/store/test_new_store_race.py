"""Processes creating the same new store at once all succeed, on SQLite too (#18).

Before, only PostgreSQL took a lock around schema creation: of two ingests starting on a
new SQLite file, one failed with "table ... already exists" and stored nothing.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from aftermath.records import Analysis, Document
from aftermath.store import open_store

PROCESSES = 4


def _open_and_save(url: str, number: int, barrier) -> tuple[bool, str]:  # type: ignore[no-untyped-def]
    barrier.wait()
    try:
        store = open_store(url)
        store.save(Analysis(Document(id=f"doc-{number}", text=f"Talks resumed, report {number}.")))
        fulltext = store.fulltext
        store.close()
    except Exception as err:  # reported to the parent, which fails with it
        return False, f"{err.__class__.__name__}: {err}"
    return True, str(fulltext)


@pytest.mark.parametrize("db_url", ["sqlite", pytest.param("postgres",
                                                          marks=pytest.mark.postgres)],
                         indirect=True)
@pytest.mark.parametrize("attempt", range(2))
def test_processes_creating_one_new_store_all_succeed(db_url: str, attempt: int,
                                                     tmp_path: Path):
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        barrier = manager.Barrier(PROCESSES)
        with context.Pool(PROCESSES) as pool:
            results = pool.starmap(_open_and_save,
                                   [(db_url, n, barrier) for n in range(PROCESSES)])
    assert all(ok for ok, _ in results), results
    # Every process sees the same search index; no process was left without it.
    assert len({detail for _, detail in results}) == 1
    store = open_store(db_url)
    assert sorted(d.id for d in store.documents()) == [f"doc-{n}" for n in range(PROCESSES)]
    store.close()
