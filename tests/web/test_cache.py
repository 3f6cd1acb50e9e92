from __future__ import annotations

import threading
import time
from pathlib import Path

from aftermath.pipeline import analyze_document
from aftermath.records import Document
from aftermath.store import open_store
from aftermath.web.cache import StoreCache


def test_cache_recomputes_when_another_writer_changes_the_store(db_url: str, nlp, kb):  # type: ignore[no-untyped-def]
    url = db_url
    cache = StoreCache(open_store(url), recheck_seconds=0)
    calls = []
    assert cache.get("k", lambda: calls.append(1) or len(calls)) == 1
    assert cache.get("k", lambda: calls.append(1) or len(calls)) == 1
    writer = open_store(url)  # e.g. a concurrent `aftermath ingest`
    writer.save(analyze_document(Document(id="a", text="Turkey met Russia."), nlp, kb))
    assert cache.get("k", lambda: calls.append(1) or len(calls)) == 2


def test_cache_concurrent_misses_compute_once(tmp_path: Path):
    cache = StoreCache(open_store(f"sqlite:///{tmp_path / 'c.sqlite'}"))
    calls = []

    def slow() -> int:
        calls.append(1)
        time.sleep(0.2)
        return 7

    results = []
    threads = [threading.Thread(target=lambda: results.append(cache.get("k", slow)))
               for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [7] * 6 and len(calls) == 1


def test_cache_serves_stale_answer_while_one_thread_recomputes(db_url: str, nlp, kb):  # type: ignore[no-untyped-def]
    url = db_url
    cache = StoreCache(open_store(url), recheck_seconds=0, stale_while_revalidate=True)
    assert cache.get("k", lambda: "old") == "old"
    open_store(url).save(analyze_document(Document(id="a", text="Turkey met Russia."), nlp, kb))
    assert cache.get("k", lambda: "new") == "old"  # served at once, refreshed behind
    deadline = time.monotonic() + 10
    while cache.get("k", lambda: "new") != "new":
        assert time.monotonic() < deadline
        time.sleep(0.01)
