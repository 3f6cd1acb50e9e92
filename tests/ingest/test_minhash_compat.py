"""Our own MinHash (#20) makes the bytes datasketch made, and finds what it found.

Stores hold signatures and band rows made by datasketch 2.0 before #20; ingest/minhash.py
makes them without datasketch (whose import pulled in scipy). These tests compare with
datasketch itself (a dev dependency kept for them): signature bytes on written and real
texts, the permutations, the candidates and answers of the in-memory index, and a store
written with datasketch's signatures that a run after the change still finds copies in.
"""

from __future__ import annotations

import csv
import gzip
import io
import random
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH
from hypothesis import given, settings
from hypothesis import strategies as st

from aftermath.ingest.dedupe import (
    NEAR_THRESHOLD,
    NUM_PERM,
    NearDuplicateIndex,
    StoredNearDuplicates,
    _shingles,
    content_key,
    signature,
)
from aftermath.ingest.minhash import (
    SEED,
    _permutations,
    minhash_signature,
    signature_values,
    similarity,
)
from aftermath.records import Analysis, Document, Report, ReportKind
from aftermath.runs import ingest
from aftermath.store.bands import band_keys

REUTERS = "reuters-isot/isot_true_text_subset.csv.gz"

WRITTEN = {
    "empty": "",
    "punctuation only": " ... !? -- ",
    "one word": "Ankara",
    "three words": "talks resumed today",
    "four words": "talks resumed in Geneva",
    "unicode": "Эрдоган и Путин встретились в Сочи; 北京 回应; Ερντογάν; ﬁnal café naïve",
    "repeated shingles": " ".join(["the envoy said the talks would go on"] * 40),
    "one long line": "ceasefire " * 5000,
}


def _long_text(words: int, seed: int) -> str:
    """Distinct-ish words in a shuffled order: more shingles than one chunk of permutations."""
    rng = random.Random(seed)
    return " ".join(f"w{rng.randrange(words * 2)}" for _ in range(words))


def _datasketch(text: str) -> bytes:
    """The signature as dedupe.signature made it before #20, with datasketch."""
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32")
    minhash.update_batch(sorted(_shingles(text)))
    return np.asarray(minhash.hashvalues, dtype=np.uint64).tobytes()


def _as_datasketch(raw: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32",
                   hashvalues=np.frombuffer(raw, dtype=np.uint64))


def _reuters(folder: Path, limit: int) -> list[str]:
    with gzip.open(folder / REUTERS, "rt", encoding="utf-8") as handle:
        rows = csv.DictReader(io.StringIO(handle.read()))
        return [row["text"] for _, row in zip(range(limit), rows, strict=False)]


def test_permutations_are_datasketchs():
    """Same multipliers and offsets, in the same order; every multiplier odd (a bijection)."""
    multipliers, offsets = _permutations()
    reference = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32").permutations
    assert multipliers.ravel().tolist() == reference[0].tolist()
    assert offsets.ravel().tolist() == reference[1].tolist()
    assert all(int(a) % 2 == 1 for a in multipliers.ravel())
    assert len(set(multipliers.ravel().tolist())) == NUM_PERM


@pytest.mark.parametrize("name", sorted(WRITTEN))
def test_written_texts_sign_as_datasketch_signed_them(name: str):
    assert signature(WRITTEN[name]) == _datasketch(WRITTEN[name])


def test_no_shingles_keep_the_largest_value_and_an_empty_text_is_one_empty_shingle():
    assert signature_values(minhash_signature([])).tolist() == [2**32 - 1] * NUM_PERM
    empty = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32")
    assert minhash_signature([]) == np.asarray(empty.hashvalues, dtype=np.uint64).tobytes()
    # A text with no words is signed as one empty shingle, as before: not the empty set.
    assert signature(" ,;. ") == signature("") == minhash_signature([b""])


@pytest.mark.parametrize("words", [4_099, 8_194, 60_000])
def test_long_texts_sign_as_datasketch_across_chunks(words: int):
    text = _long_text(words, seed=words)
    assert len(_shingles(text)) > 4_096  # more than one chunk of permutations
    assert signature(text) == _datasketch(text)


def test_order_and_repeats_of_shingles_change_nothing():
    shingles = sorted(_shingles(_long_text(500, seed=3)))
    shuffled = list(shingles) * 2
    random.Random(4).shuffle(shuffled)
    assert minhash_signature(shuffled) == minhash_signature(shingles)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_any_text_signs_as_datasketch_signed_it(text: str):
    assert signature(text) == _datasketch(text)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["strike", "envoy", "talks", "said", "the", "in", "Idlib"]),
                max_size=60),
       st.lists(st.sampled_from(["strike", "envoy", "talks", "said", "the", "in", "Kyiv"]),
                max_size=60))
def test_similarity_is_datasketchs_estimate(first: list[str], second: list[str]):
    a, b = signature(" ".join(first)), signature(" ".join(second))
    expected = _as_datasketch(a).jaccard(_as_datasketch(b))
    assert similarity(signature_values(a), signature_values(b)) == expected


@pytest.mark.shared_data
def test_reuters_texts_sign_as_datasketch_signed_them(shared_data: Path):
    texts = _reuters(shared_data, 200)
    assert len(texts) == 200
    mismatched = [n for n, text in enumerate(texts) if signature(text) != _datasketch(text)]
    assert mismatched == []
    openings = [text[:80] for text in texts[:50]]  # a few shingles each
    assert all(signature(opening) == _datasketch(opening) for opening in openings)


class _DatasketchIndex:
    """The in-memory index as it was before #20: datasketch's MinHashLSH and Jaccard."""

    def __init__(self) -> None:
        self.lsh = MinHashLSH(threshold=NEAR_THRESHOLD, num_perm=NUM_PERM)
        self.minhashes: dict[str, MinHash] = {}

    def add(self, document_id: str, raw: bytes) -> None:
        if document_id in self.minhashes:
            self.lsh.remove(document_id)
        self.minhashes[document_id] = _as_datasketch(raw)
        self.lsh.insert(document_id, self.minhashes[document_id])

    def remove(self, document_id: str) -> None:
        if self.minhashes.pop(document_id, None) is not None:
            self.lsh.remove(document_id)

    def candidates(self, raw: bytes) -> set[str]:
        return set(self.lsh.query(_as_datasketch(raw)))

    def best_match(self, raw: bytes, *, exclude: str | None = None) -> tuple[str, float] | None:
        query = _as_datasketch(raw)
        found = [(-float(query.jaccard(self.minhashes[doc])), doc)
                 for doc in self.candidates(raw) if doc != exclude]
        found = [(negated, doc) for negated, doc in found if -negated >= NEAR_THRESHOLD]
        return (min(found)[1], -min(found)[0]) if found else None


def _stories(seed: int, count: int) -> Iterator[tuple[str, str]]:
    """Stories of 60 to 150 words and copies with 0 to 8 words changed, so pairs fall on
    both sides of the threshold and near it; shuffled."""
    rng = random.Random(seed)
    vocabulary = [f"v{n}" for n in range(300)]
    texts: list[tuple[str, str]] = []
    for number in range(count):
        words = [rng.choice(vocabulary) for _ in range(rng.randrange(60, 150))]
        texts.append((f"s{number}", " ".join(words)))
        for copy in range(rng.randrange(4)):
            edited = list(words)
            for _ in range(rng.randrange(9)):
                edited[rng.randrange(len(edited))] = rng.choice(vocabulary)
            texts.append((f"s{number}c{copy}", " ".join(edited)))
    rng.shuffle(texts)
    return iter(texts)


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_index_finds_the_candidates_and_answers_datasketchs_lsh_found(seed: int):
    """Triage as ingest does, with our index and the old one side by side: the same
    candidates for every query, the same best match and similarity; every seventh original
    is removed again (a rejected document), every fifth re-added under its id."""
    ours, theirs = NearDuplicateIndex(), _DatasketchIndex()
    copies = near = 0
    for number, (doc, body) in enumerate(_stories(seed, 80)):
        raw = signature(body)
        assert ours._sharing(band_keys(raw)) == theirs.candidates(raw), doc
        match = ours.best_match(raw, exclude=doc)
        assert match == theirs.best_match(raw, exclude=doc), doc
        if match is not None:
            copies += 1
            near += match[1] < 0.9
            continue
        for index in (ours, theirs):
            index.add(doc, raw)
            if number % 7 == 6:
                index.remove(doc)
            elif number % 5 == 4:
                index.add(doc, raw)
    assert len(ours) == len(theirs.minhashes)
    assert copies > 30 and near > 8  # no trivial set: copies found, some near the threshold


def _save_as_before(store, doc_id: str, body: str) -> None:  # type: ignore[no-untyped-def]
    """What ingest stored before #20 for an original: its report and datasketch's
    signature (the store cuts the band rows from the stored bytes, as it did)."""
    store.save(Analysis(Document(id=doc_id, text=body)),
               reports=[Report(document_id=doc_id, source_id=doc_id, kind=ReportKind.ORIGINAL)],
               signature=(content_key(body), _datasketch(body)))


STORED = {
    "wire1": ("Russia and Turkey agreed on Tuesday to open talks on a ceasefire in northern "
              "Syria, the two foreign ministers said after meeting in Moscow for several hours. "
              "Officials in Ankara welcomed the step and said the details of the monitoring "
              "mission would be settled next week, while Iran said it was ready to join as a "
              "third guarantor. Rebel groups in Idlib said they had not been consulted and "
              "would study the text before giving an answer, a spokesman told reporters."),
    "wire2": ("Floods closed roads across the delta on Sunday after two days of heavy rain, and "
              "the provincial governor said at least four villages had been evacuated. Army "
              "engineers were sent to shore up a levee east of the city, where water reached "
              "the top of the embankment overnight, and schools in three districts will stay "
              "shut until Wednesday, the education office said in a statement."),
    "wire3": ("The central bank raised its main interest rate by half a point on Thursday, more "
              "than most economists had expected, saying inflation was still well above its "
              "target and the currency had weakened sharply since the summer. The governor told "
              "a news conference that further increases could not be ruled out if prices kept "
              "rising at the current pace through the winter months."),
}


def test_a_store_signed_by_datasketch_still_finds_its_near_copies(store, nlp, kb):  # type: ignore[no-untyped-def]
    """A store written before the change; a run after it ingests edited copies of its
    stories: each becomes a near report of its stored original, with the similarity (to
    the 3 places stored) datasketch estimated; an unrelated text is a new original."""
    for doc_id, body in STORED.items():
        _save_as_before(store, doc_id, body)
    copies = {
        "copy1": ("wire1", STORED["wire1"].replace("several hours", "six hours")),
        "copy2": ("wire2", STORED["wire2"] + " Reporting by a correspondent; editing by a desk."),
        "copy3": ("wire3", STORED["wire3"].replace("sharply", "markedly")),
    }
    other = ("Police in the capital detained a dozen protesters outside parliament on Monday "
             "after a march against new fuel taxes turned into scuffles with officers.")
    documents = [Document(id=doc, text=body) for doc, (_original, body) in copies.items()]
    summary = ingest([*documents, Document(id="other", text=other)], store, nlp, kb)
    assert (summary.duplicates, summary.stored, summary.rejections) == (3, 1, [])
    reports = store.reports(list(STORED))
    for doc, (original, body) in copies.items():
        [near] = [r for r in reports[original] if r.source_id == doc]
        expected = _as_datasketch(_datasketch(body)).jaccard(
            _as_datasketch(_datasketch(STORED[original])))
        assert near.kind is ReportKind.NEAR and near.similarity == round(expected, 3)
        assert near.similarity is not None and NEAR_THRESHOLD <= near.similarity < 1.0
    assert store.reports(["other"])["other"][0].kind is ReportKind.ORIGINAL


@pytest.mark.shared_data
def test_stored_reuters_signatures_from_datasketch_find_edited_copies(
        store, shared_data: Path):  # type: ignore[no-untyped-def]
    """Real texts stored with datasketch's signatures; copies with one word changed in the
    middle are looked up through the store's band rows with our signatures: the lookup
    decides as datasketch's own LSH over the same signatures decides."""
    texts = _reuters(shared_data, 200)
    reference = _DatasketchIndex()
    for number, body in enumerate(texts):
        _save_as_before(store, f"r{number}", body)
        reference.add(f"r{number}", _datasketch(body))
    lookup = StoredNearDuplicates(store)
    edited = []
    for body in texts:
        words = body.split()
        middle = len(words) // 2
        edited.append(" ".join([*words[:middle], "meanwhile", *words[middle + 1:]]))
    lookup.prefetch(signature(body) for body in edited)
    found = [lookup.best_match(signature(body)) for body in edited]
    assert found == [reference.best_match(_datasketch(body)) for body in edited]
    # Most find their own original (a short text loses too many shingles to one word).
    assert sum(match is not None and match[0] == f"r{n}" for n, match in enumerate(found)) > 150
