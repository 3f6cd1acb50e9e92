"""Duplicate detection: the same story counted once, however many outlets carried it.

Exact copies share a hash of the normalised text (case, punctuation and spacing ignored,
so a wire story re-typeset by a client paper still matches). Near copies (a changed
headline sentence, a trimmed last paragraph) share most word shingles; MinHash signatures
estimate that overlap and an LSH index finds candidates without comparing every pair.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np
from datasketch import MinHash, MinHashLSH

# 128 permutations estimate Jaccard similarity within about ±0.09 (1/sqrt(128)).
NUM_PERM = 128
# The permutation scheme signatures are made with; stored signatures must all share it.
SCHEME = "affine32"
SEED = 5
# Word 3-grams: long enough that shared phrasing, not shared vocabulary, makes a match,
# short enough that one edited word in a short wire item leaves most shingles intact.
SHINGLE_WORDS = 3
# Estimated Jaccard similarity of shingles above which two texts are one story.
NEAR_THRESHOLD = 0.8
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


class NearDuplicateIndex:
    """Signatures by document id, queried for the most similar stored document."""

    def __init__(self, threshold: float = NEAR_THRESHOLD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[str, MinHash] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, document_id: str, raw: bytes) -> None:
        """Index a signature; a new one for the same id replaces the old."""
        if len(raw) != NUM_PERM * 8:
            return  # made with other settings; such a signature cannot be compared
        self.remove(document_id)
        minhash = _minhash(raw)
        self._lsh.insert(document_id, minhash)
        self._signatures[document_id] = minhash

    def remove(self, document_id: str) -> None:
        if document_id in self._signatures:
            self._lsh.remove(document_id)
            del self._signatures[document_id]

    def best_match(self, raw: bytes, *, exclude: str | None = None) -> tuple[str, float] | None:
        """The indexed document most similar to the signature, if above the threshold."""
        minhash = _minhash(raw)
        best: tuple[str, float] | None = None
        for candidate in self._lsh.query(minhash):
            if candidate == exclude:
                continue
            similarity = float(minhash.jaccard(self._signatures[candidate]))
            # Highest similarity wins; ties go to the smaller id so reruns pick the same one.
            if similarity >= self.threshold and (
                    best is None or (-similarity, candidate) < (-best[1], best[0])):
                best = (candidate, similarity)
        return best
