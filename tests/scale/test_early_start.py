"""An ingest's workers fork as soon as a document not stored arrives, before the parent
loads what only triage needs (#20), and never when every document is stored (#14)."""

from __future__ import annotations

import random
import sys

import psutil
import pytest

from aftermath import runs
from aftermath.knowledge.outlets import load_outlets
from aftermath.records import Document
from aftermath.runs import IngestRun, IngestSummary
from aftermath.scale import Analysers
from aftermath.scale.processes import TASK_DOCUMENTS
from aftermath.store import open_store

TEXTS = [
    "Turkish officials said on Monday that talks with Russia on Syria would resume soon.",
    "The Kremlin accused Kiev of shelling villages near the border overnight on Sunday.",
    "Protesters gathered outside the embassy in Ankara demanding an apology from Moscow.",
]


def _documents() -> list[Document]:
    return [Document(id=f"d{n}", text=text, outlet="Reuters", published="2016-12-19",
                     language="und")
            for n, text in enumerate(TEXTS)]


def _triage(store, documents: list[Document], events: list[str],  # type: ignore[no-untyped-def]
            monkeypatch: pytest.MonkeyPatch) -> list[Document]:
    real = runs.detect_language

    def detect(text: str) -> str:
        events.append("language")
        return real(text)

    monkeypatch.setattr(runs, "detect_language", detect)
    run = IngestRun(store, load_outlets(), IngestSummary(), None,
                    on_fresh=lambda: events.append("fresh"))
    return [d for batch in run.batches(documents, 32, run.summary) for d in batch]


def test_the_workers_start_before_triage_reads_a_language(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    events: list[str] = []
    assert len(_triage(store, _documents(), events, monkeypatch)) == len(TEXTS)
    assert events[0] == "fresh"
    assert events.count("language") == len(TEXTS)


def test_a_run_of_stored_documents_starts_no_workers(tmp_path, monkeypatch, nlp, kb) -> None:  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    runs.ingest(_documents(), store, nlp, kb, workers=1)
    events: list[str] = []
    assert _triage(store, _documents(), events, monkeypatch) == []
    assert "fresh" not in events
    # One changed text is enough to start them.
    edited = Document(id="d2", text=TEXTS[2] + " More followed.", language="und")
    changed = [*_documents()[:2], edited]
    assert len(_triage(store, changed, events, monkeypatch)) == 1
    assert events.count("fresh") == 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork start method")
def test_start_forks_every_worker_at_once(nlp, kb) -> None:  # type: ignore[no-untyped-def]
    me = psutil.Process()
    before = {p.pid for p in me.children()}
    with Analysers(workers=2, model="unused: the model is given", nlp=nlp, kb=kb) as pool:
        pool.start()
        pool.start()  # a second call changes nothing
        started = [p for p in me.children() if p.pid not in before]
        assert len(started) == 2
        # The workers analyse what they are given, in order, a batch longer than one task
        # (TASK_DOCUMENTS) put back together in order.
        documents = [Document(id=f"n{n}", text=TEXTS[n % len(TEXTS)] + f" Item {n}.")
                     for n in range(TASK_DOCUMENTS + 3)]
        done = list(pool.analyze([documents[:-1], documents[-1:]]))
        assert [batch for batch, _ in done] == [documents[:-1], documents[-1:]]
        assert [r.document for _, results in done for r in results] == documents
    assert not [p for p in me.children() if p.pid not in before and p.is_running()
                and p.status() != psutil.STATUS_ZOMBIE]


def test_batches_grow_from_a_first_small_one(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    words = [w for text in TEXTS for w in text.rstrip(".").split()]
    shuffled = [random.Random(n).sample(words, len(words)) for n in range(70)]
    documents = [Document(id=f"g{n}", text=" ".join(w) + ".", language="en")
                 for n, w in enumerate(shuffled)]
    run = IngestRun(store, load_outlets(), IngestSummary(), None)
    sizes = [len(b) for b in run.batches(documents, 32, run.summary, first=8)]
    assert sizes == [8, 16, 32, 14]
    run = IngestRun(open_store(f"sqlite:///{tmp_path / 'other.sqlite'}"), load_outlets(),
                    IngestSummary(), None)
    assert [len(b) for b in run.batches(documents, 32, run.summary)] == [32, 32, 6]


def test_once_drained_each_batch_is_placed_as_it_is_stored(tmp_path, nlp, kb) -> None:  # type: ignore[no-untyped-def]
    from aftermath.pipeline import analyze_documents
    from aftermath.runs import Placing
    from aftermath.store.queries import incidents_of

    store = open_store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    documents = _documents()
    for analysis in analyze_documents(documents, nlp, kb):
        store.save(analysis)
    ids = [d.id for d in documents]
    placing = Placing(store, kb)
    drained = placing.drain_after([documents[:1], documents[1:2]])
    for batch in drained:
        placing.add([d.id for d in batch])  # batches still going out: they wait
        assert not incidents_of(store, ids)
    # The last batch has gone out: those stored are placed at once, later ones as they come.
    assert set(incidents_of(store, ids)) == set(ids[:2])
    placing.add([documents[2].id])
    assert set(incidents_of(store, ids)) == set(ids)
