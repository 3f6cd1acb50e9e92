"""Duplicate detection: the same story counted once, however many outlets carried it.

Exact copies share a hash of the normalised text (case, punctuation and spacing ignored,
so a wire story re-typeset by a client paper still matches). Near copies (a changed
headline sentence, a trimmed last paragraph) share most word shingles; MinHash signatures
(ingest/minhash.py) estimate that overlap, and LSH band keys (store/bands.py) find
candidates without comparing every pair.

Stored documents are found through the store's band rows (`StoredNearDuplicates`, #18):
a run fetches only the signatures that share a band with the texts it triages, so its
memory and time do not grow with the store. The run's own documents are found through
the same band keys held in memory, so both find the same candidates.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Protocol

import numpy as np

from aftermath.ingest.minhash import minhash_signature, signature_values, similarity, usable

# The signature's size and the similarity threshold live with the store's band rows, which
# are cut with them (store/bands.py); they are this module's settings all the same.
from aftermath.store.bands import NEAR_THRESHOLD, NUM_PERM, band_keys

__all__ = ["NEAR_THRESHOLD", "NUM_PERM", "NearDuplicateIndex", "StoredNearDuplicates",
           "content_key", "normalise_text", "signature"]
# Word 3-grams: long enough that shared phrasing, not shared vocabulary, makes a match,
# short enough that one edited word in a short wire item leaves most shingles intact.
SHINGLE_WORDS = 3
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
BandKey = tuple[int, int]


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
    """The MinHash signature of a text's word shingles as bytes, ready to store (the same
    bytes as before #20, when datasketch made them: stored signatures stay comparable)."""
    return minhash_signature(_shingles(text))


def _best(values: np.ndarray, candidates: Iterable[tuple[str, np.ndarray]], threshold: float,
          exclude: str | None) -> tuple[str, float] | None:
    best: tuple[str, float] | None = None
    for candidate, other in candidates:
        if candidate == exclude:
            continue
        estimate = similarity(values, other)
        # Highest similarity wins; ties go to the smaller id so reruns pick the same one.
        if estimate >= threshold and (
                best is None or (-estimate, candidate) < (-best[1], best[0])):
            best = (candidate, estimate)
    return best


class NearDuplicateIndex:
    """Signatures by document id, queried for the most similar indexed document.

    In memory: what `StoredNearDuplicates` keeps of the documents a run has triaged but
    not yet stored, and a reference the store-backed lookup is tested against. Candidates
    are the documents sharing at least one band key with the query (store/bands.py, the
    keys the store's rows hold), so both lookups compare the same pairs.
    """

    def __init__(self, threshold: float = NEAR_THRESHOLD) -> None:
        self.threshold = threshold
        self._signatures: dict[str, np.ndarray] = {}
        self._keys: dict[str, list[BandKey]] = {}
        self._holders: dict[BandKey, set[str]] = {}  # documents by band key

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, document_id: str, raw: bytes) -> None:
        """Index a signature; a new one for the same id replaces the old."""
        if not usable(raw):
            return  # made with other settings; such a signature cannot be compared
        self.remove(document_id)
        keys = band_keys(raw)
        self._signatures[document_id] = signature_values(raw)
        self._keys[document_id] = keys
        for key in keys:
            self._holders.setdefault(key, set()).add(document_id)

    def remove(self, document_id: str) -> None:
        keys = self._keys.pop(document_id, None)
        if keys is None:
            return
        del self._signatures[document_id]
        for key in keys:
            holders = self._holders[key]
            holders.discard(document_id)
            if not holders:
                del self._holders[key]

    def prefetch(self, raws: Iterable[bytes]) -> None:
        """Nothing to fetch: every signature is in memory (see StoredNearDuplicates)."""

    def settle(self, document_id: str) -> None:
        """Nothing to do: the document stays indexed (see StoredNearDuplicates)."""

    def best_match(self, raw: bytes, *, exclude: str | None = None) -> tuple[str, float] | None:
        """The indexed document most similar to the signature, if above the threshold."""
        keys = band_keys(raw)  # none for a signature of another size: nothing to compare
        return _best(signature_values(raw), self._indexed(keys), self.threshold, exclude)

    def _sharing(self, keys: Iterable[BandKey]) -> set[str]:
        """Indexed documents sharing at least one of the band keys."""
        return {doc for key in keys for doc in self._holders.get(key, ())}

    def _indexed(self, keys: Iterable[BandKey]) -> Iterator[tuple[str, np.ndarray]]:
        for doc in self._sharing(keys):
            yield doc, self._signatures[doc]


class CandidateSource(Protocol):
    """What the store answers (Store.near_candidates): the signatures, by document id, of
    stored documents sharing at least one of the given (band, key) pairs."""

    def near_candidates(self, keys: Iterable[tuple[int, int]]) -> dict[str, bytes]: ...


class StoredNearDuplicates(NearDuplicateIndex):
    """Near-duplicate lookup through the store's band rows, plus the run's own documents.

    Stored documents are found by their band keys (store/bands.py, the same keys as the
    in-memory index's, so the same candidates and the same answers); a batch's keys are
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
        self._settled: list[tuple[str, np.ndarray]] = []  # stored since the last query
        self._hidden: set[str] = set()  # removed in this run
        self._covered: set[BandKey] = set()  # keys the last query asked for
        self._by_key: dict[BandKey, list[str]] = {}
        self._fetched: dict[str, np.ndarray] = {}

    def add(self, document_id: str, raw: bytes) -> None:
        if not usable(raw):
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

    def _query(self, keys: set[BandKey]) -> None:
        # Documents settled before this query are in the store now: drop them from memory,
        # unless the run added another signature under the same id since.
        for document_id, values in self._settled:
            if self._signatures.get(document_id) is values:
                super().remove(document_id)
        self._settled.clear()
        found = self._store.near_candidates(keys) if keys else {}
        self._covered = keys
        self._fetched = {doc: signature_values(raw) for doc, raw in found.items()}
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
        return _best(signature_values(raw), self._candidates(keys), self.threshold, exclude)

    def _candidates(self, keys: list[BandKey]) -> Iterator[tuple[str, np.ndarray]]:
        local = self._sharing(keys)
        for doc in local:
            yield doc, self._signatures[doc]
        stored = {doc for key in keys for doc in self._by_key.get(key, ())}
        for doc in stored - local:
            # The run's own signature of a document replaces the stored one: it decides.
            if doc not in self._hidden and doc not in self._signatures:
                yield doc, self._fetched[doc]
