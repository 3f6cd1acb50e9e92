"""The near-duplicate index as rows (#18): band rows written, replaced and rolled back with
their signature, backfilled by revision 0005, and a lookup through them that decides as the
in-memory index decided."""

from __future__ import annotations

import random

import pytest
from alembic import command
from datasketch import MinHashLSH
from sqlalchemy import create_engine, insert, select

from aftermath.errors import StoreError
from aftermath.ingest.dedupe import (
    NEAR_THRESHOLD,
    NUM_PERM,
    NearDuplicateIndex,
    StoredNearDuplicates,
    content_key,
    signature,
)
from aftermath.records import Analysis, Document
from aftermath.store import migrations, open_store, schema
from aftermath.store.bands import BANDS, band_keys, band_shape
from aftermath.store.bulk import load_rows, save_analyses

WORDS = [f"w{n}" for n in range(400)]


def _bands(store, document_id: str) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    b = schema.signature_bands
    with store.engine.connect() as conn:
        return [(row[0], row[1]) for row in conn.execute(
            select(b.c.band, b.c.key).where(b.c.document_id == document_id).order_by(b.c.band))]


def _save(store, doc_id: str, body: str) -> bytes:  # type: ignore[no-untyped-def]
    raw = signature(body)
    store.save(Analysis(Document(id=doc_id, text=body)), signature=(content_key(body), raw))
    return raw


@pytest.mark.parametrize("threshold", [0.5, 0.7, NEAR_THRESHOLD, 0.9])
def test_band_shape_is_the_in_memory_lsh_shape(threshold: float):
    """The rows are cut as datasketch's MinHashLSH cuts its bands at the same threshold and
    permutation count, so both find the same candidates."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    assert band_shape(threshold, NUM_PERM) == (lsh.b, lsh.r)


def test_save_writes_band_rows_replaces_them_and_a_failed_replace_keeps_them(
        store, refuse_id):  # type: ignore[no-untyped-def]
    first = _save(store, "a", "the first version of a story about a flood in the delta")
    assert _bands(store, "a") == band_keys(first) and len(band_keys(first)) == BANDS
    second = _save(store, "a", "an entirely different second text about talks in Geneva")
    assert _bands(store, "a") == band_keys(second) != band_keys(first)
    refuse_id(store, "a")  # the next write of "a" fails inside its transaction
    with pytest.raises(StoreError):
        _save(store, "a", "a third text that the store will refuse to keep at all")
    assert _bands(store, "a") == band_keys(second)  # nothing half-written


def test_bulk_loads_cut_bands_from_the_signatures_and_replace_them(store):  # type: ignore[no-untyped-def]
    bodies = {"x": "one wire story on a ceasefire", "y": "another on a dam collapse"}
    save_analyses(store, [(Analysis(Document(id=doc, text=body)), [],
                           (content_key(body), signature(body))) for doc, body in bodies.items()])
    for doc, body in bodies.items():
        assert _bands(store, doc) == band_keys(signature(body))
    changed = "a changed text under the id x"
    load_rows(store, {"documents": [{"id": "x", "text": changed,
                                     "content_hash": Document(id="x", text=changed).content_hash}],
                      "signatures": [{"document_id": "x", "content_key": content_key(changed),
                                      "minhash": signature(changed)}]})
    assert _bands(store, "x") == band_keys(signature(changed))


def test_a_caller_cannot_give_band_rows(store):  # type: ignore[no-untyped-def]
    from aftermath.errors import InputError

    with pytest.raises(InputError, match="signature_bands"):
        load_rows(store, {"documents": [{"id": "z", "text": "t", "content_hash": "h"}],
                          "signature_bands": [{"document_id": "z", "band": 0, "key": 1}]})


def _story(rng: random.Random, length: int) -> list[str]:
    return [rng.choice(WORDS) for _ in range(length)]


def _variant(rng: random.Random, words: list[str], edits: int) -> list[str]:
    copy = list(words)
    for _ in range(edits):
        copy[rng.randrange(len(copy))] = rng.choice(WORDS)
    return copy


def _generated(seed: int, stories: int = 60) -> list[tuple[str, str]]:
    """Stories and near copies at every distance from the threshold: copies with 0 to 14
    of 120 words changed (shingle Jaccard from 1 down to well under 0.8), shuffled."""
    rng = random.Random(seed)
    texts: list[tuple[str, str]] = []
    for number in range(stories):
        words = _story(rng, 120)
        texts.append((f"s{number}", " ".join(words)))
        for copy in range(rng.randrange(0, 4)):
            texts.append((f"s{number}c{copy}", " ".join(_variant(rng, words, rng.randrange(15)))))
    rng.shuffle(texts)
    return texts


def _decide(index: NearDuplicateIndex, texts: list[tuple[str, str]], store=None,  # type: ignore[no-untyped-def]
            chunk: int = 8) -> list[tuple[str, str | None, float | None]]:
    """Triage as ingest does: each text is a copy of its best match, or it is indexed
    (and, with a store, stored) as an original; every fifth original is rejected after."""
    decisions: list[tuple[str, str | None, float | None]] = []
    for start in range(0, len(texts), chunk):
        part = texts[start:start + chunk]
        index.prefetch([signature(body) for _doc, body in part])
        for number, (doc, body) in enumerate(part):
            raw = signature(body)
            match = index.best_match(raw, exclude=doc)
            decisions.append((doc, match[0] if match else None,
                              round(match[1], 6) if match else None))
            if match is not None:
                continue
            index.add(doc, raw)
            if (start + number) % 5 == 4:
                index.remove(doc)  # rejected by analysis: never stored
            elif store is not None:
                store.save(Analysis(Document(id=doc, text=body)),
                           signature=(content_key(body), raw))
                index.settle(doc)
    return decisions


@pytest.mark.parametrize("seed", [1, 2])
def test_lookup_through_the_store_decides_as_the_in_memory_index(store, seed: int):  # type: ignore[no-untyped-def]
    texts = _generated(seed)
    expected = _decide(NearDuplicateIndex(), texts)
    found = _decide(StoredNearDuplicates(store), texts, store)
    assert found == expected
    copies = [d for d in expected if d[1] is not None]
    # The set is no trivial one: copies found and missed, some just over the threshold.
    assert len(copies) > 20 and len(expected) - len(copies) > 40
    assert any(similarity < 0.85 for _d, _m, similarity in copies if similarity)


def test_a_second_run_finds_stored_copies_and_holds_nothing_once_settled(store):  # type: ignore[no-untyped-def]
    texts = _generated(3, stories=20)
    first = StoredNearDuplicates(store)
    _decide(first, texts, store)
    # A new run (a new index) over the same stored documents: every text finds a stored
    # document at least as similar as itself, or is itself the stored original.
    again = StoredNearDuplicates(store)
    stored = {doc for doc, in store.engine.connect().execute(select(schema.documents.c.id))}
    for doc, body in texts:
        match = again.best_match(signature(body))
        if doc in stored:
            assert match is not None and match[1] == 1.0
    assert len(again) == 0  # nothing was loaded into memory


def test_revision_0005_backfills_bands_of_stored_signatures(db_url: str):
    """A store at 0004 holding signatures gets a band row per band of each, over several
    pages of the backfill, on either backend."""
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        command.upgrade(migrations._config(conn), "0004")
    rng = random.Random(7)
    bodies = {f"d{n:05d}": " ".join(_story(rng, 12)) for n in range(2300)}
    with engine.begin() as conn:
        conn.execute(insert(schema.documents), [
            {"id": doc, "text": body, "content_hash": Document(id=doc, text=body).content_hash}
            for doc, body in bodies.items()])
        conn.execute(insert(schema.signatures), [
            {"document_id": doc, "content_key": content_key(body), "minhash": signature(body)}
            for doc, body in bodies.items()])
    engine.dispose()
    store = open_store(db_url, upgrade=True)
    b = schema.signature_bands
    with store.engine.connect() as conn:
        found: dict[str, list[tuple[int, int]]] = {}
        for doc, band, key in conn.execute(
                select(b.c.document_id, b.c.band, b.c.key).order_by(b.c.document_id, b.c.band)):
            found.setdefault(doc, []).append((band, key))
    assert found == {doc: band_keys(signature(body)) for doc, body in bodies.items()}
    store.close()
