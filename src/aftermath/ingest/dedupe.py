"""Duplicate detection: the same story counted once, however many outlets carried it.

Exact copies share a hash of the normalised text (case, punctuation and spacing ignored,
so a wire story re-typeset by a client paper still matches). Near copies (a changed
headline sentence, a trimmed last paragraph) share most word shingles; MinHash signatures
estimate that overlap and an LSH index finds candidates without comparing every pair.

Stored documents are found through the store's band rows (`StoredNearDuplicates`, #18):
a run fetches only the signatures that share a band with the texts it triages, so its
memory and time do not grow with the store.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Protocol

import numpy as np
from datasketch import MinHash, MinHashLSH

# The signature's size and the similarity threshold live with the store's band rows, which
# are cut with them (store/bands.py); they are this module's settings all the same.
from aftermath.store.bands import NEAR_THRESHOLD, NUM_PERM, VALUE_BYTES, band_keys

__all__ = ["NEAR_THRESHOLD", "NUM_PERM", "NearDuplicateIndex", "StoredNearDuplicates",
           "content_key", "normalise_text", "signature"]
# The permutation scheme signatures are made with; stored signatures must all share it.
SCHEME = "affine32"
SEED = 5
# Word 3-grams: long enough that shared phrasing, not shared vocabulary, makes a match,
# short enough that one edited word in a short wire item leaves most shingles intact.
SHINGLE_WORDS = 3
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise_text(text: str) -> str:
    """Lower-cased words separated by single spaces, punctuation and layout dropped."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _NON_WORD.sub(" ", folded).strip()


def content_key(text: str) -> str:
    """Hash of the normalised text: equal for exact copies that differ only in layout."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def _shingles(text: str) -> set[bytes]:
    words = normalise_text(text).split()
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i:i + SHINGLE_WORDS]).encode("utf-8")
            for i in range(len(words) - SHINGLE_WORDS + 1)}


def signature(text: str) -> bytes:
    """The MinHash signature of a text as bytes, ready to store."""
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    minhash.update_batch(sorted(_shingles(text)))
    return np.asarray(minhash.hashvalues, dtype=np.uint64).tobytes()


def _minhash(raw: bytes) -> MinHash:
    values = np.frombuffer(raw, dtype=np.uint64)
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashvalues=values)


def _usable(raw: bytes) -> bool:
    """Whether a signature was made with these settings (others cannot be compared)."""
    return len(raw) == NUM_PERM * VALUE_BYTES


def _best(minhash: MinHash, candidates: Iterable[tuple[str, MinHash]], threshold: float,
          exclude: str | None) -> tuple[str, float] | None:
    best: tuple[str, float] | None = None
    for candidate, other in candidates:
        if candidate == exclude:
            continue
        similarity = float(minhash.jaccard(other))
        # Highest similarity wins; ties go to the smaller id so reruns pick the same one.
        if similarity >= threshold and (
                best is None or (-similarity, candidate) < (-best[1], best[0])):
            best = (candidate, similarity)
    return best


class NearDuplicateIndex:
    """Signatures by document id, queried for the most similar indexed document.

    In memory: what `StoredNearDuplicates` keeps of the documents a run has triaged but
    not yet stored, and a reference the store-backed lookup is tested against.
    """

    def __init__(self, threshold: float = NEAR_THRESHOLD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[str, MinHash] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, document_id: str, raw: bytes) -> None:
        """Index a signature; a new one for the same id replaces the old."""
        if not _usable(raw):
            return  # made with other settings; such a signature cannot be compared
        self.remove(document_id)
        minhash = _minhash(raw)
        self._lsh.insert(document_id, minhash)
        self._signatures[document_id] = minhash

    def remove(self, document_id: str) -> None:
        if document_id in self._signatures:
            self._lsh.remove(document_id)
            del self._signatures[document_id]

    def prefetch(self, raws: Iterable[bytes]) -> None:
        """Nothing to fetch: every signature is in memory (see StoredNearDuplicates)."""

    def settle(self, document_id: str) -> None:
        """Nothing to do: the document stays indexed (see StoredNearDuplicates)."""

    def best_match(self, raw: bytes, *, exclude: str | None = None) -> tuple[str, float] | None:
        """The indexed document most similar to the signature, if above the threshold."""
        minhash = _minhash(raw)
        return _best(minhash, ((c, self._signatures[c]) for c in self._lsh.query(minhash)),
                     self.threshold, exclude)


class CandidateSource(Protocol):
    """What the store answers (Store.near_candidates): the signatures, by document id, of
    stored documents sharing at least one of the given (band, key) pairs."""

    def near_candidates(self, keys: Iterable[tuple[int, int]]) -> dict[str, bytes]: ...


class StoredNearDuplicates(NearDuplicateIndex):
    """Near-duplicate lookup through the store's band rows, plus the run's own documents.

    Stored documents are found by their band keys (store/bands.py, the same bands as the
    in-memory index's LSH, so the same candidates and the same answers); a batch's keys are
    fetched in one query (`prefetch`), a signature not prefetched in a query of its own.
    Documents added in this run are held in memory (the parent index) until they are
    stored (`settle`) and a later query can see them; then they are dropped, so memory is
    bounded by what is in flight, not by the store or the run. A document removed in this
    run (rejected) is no candidate, whatever the store still holds under its id, as it was
    none in the in-memory index.
    """

    def __init__(self, store: CandidateSource, threshold: float = NEAR_THRESHOLD) -> None:
        super().__init__(threshold)
        self._store = store
        self._settled: list[tuple[str, MinHash]] = []  # stored since the last query
        self._hidden: set[str] = set()  # removed in this run
        self._covered: set[tuple[int, int]] = set()  # keys the last query asked for
        self._by_key: dict[tuple[int, int], list[str]] = {}
        self._fetched: dict[str, MinHash] = {}

    def add(self, document_id: str, raw: bytes) -> None:
        if not _usable(raw):
            return
        super().add(document_id, raw)
        self._hidden.discard(document_id)

    def remove(self, document_id: str) -> None:
        super().remove(document_id)
        self._hidden.add(document_id)

    def settle(self, document_id: str) -> None:
        """The document is stored with its signature: the next query finds it there."""
        if document_id in self._signatures:
            self._settled.append((document_id, self._signatures[document_id]))

    def prefetch(self, raws: Iterable[bytes]) -> None:
        """Fetch the stored candidates of these signatures in one query."""
        self._query({key for raw in raws for key in band_keys(raw)})

    def _query(self, keys: set[tuple[int, int]]) -> None:
        # Documents settled before this query are in the store now: drop them from memory,
        # unless the run added another signature under the same id since.
        for document_id, minhash in self._settled:
            if self._signatures.get(document_id) is minhash:
                super().remove(document_id)
        self._settled.clear()
        found = self._store.near_candidates(keys) if keys else {}
        self._covered = keys
        self._fetched = {doc: _minhash(raw) for doc, raw in found.items()}
        self._by_key = {}
        for doc, raw in found.items():
            for key in band_keys(raw):
                if key in keys:
                    self._by_key.setdefault(key, []).append(doc)

    def best_match(self, raw: bytes, *, exclude: str | None = None) -> tuple[str, float] | None:
        keys = band_keys(raw)
        if not keys:
            return None
        if not self._covered.issuperset(keys):
            self._query(set(keys))
        minhash = _minhash(raw)
        return _best(minhash, self._candidates(minhash, keys), self.threshold, exclude)

    def _candidates(self, minhash: MinHash,
                    keys: list[tuple[int, int]]) -> Iterator[tuple[str, MinHash]]:
        local = set(self._lsh.query(minhash))
        for doc in local:
            yield doc, self._signatures[doc]
        stored = {doc for key in keys for doc in self._by_key.get(key, ())}
        for doc in stored - local:
            # The run's own signature of a document replaces the stored one: it decides.
            if doc not in self._hidden and doc not in self._signatures:
                yield doc, self._fetched[doc]
