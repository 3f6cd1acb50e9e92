"""Word overlap between a report and an incident: IDF weights, closest member, centroid.

Split from clustering.py (#19), which compares events, places, anchors and dates and uses
these for the words.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Protocol

from aftermath.incidents.features import DocumentFeatures

MEMBERS_COMPARED = 40  # word overlap is taken with the latest members only (speed)


class Members(Protocol):
    """What overlap needs of an incident: its members' words and how many use each."""

    words: list[frozenset[str]]
    term_counts: dict[str, int]


def word_weights(items: Iterable[DocumentFeatures]) -> dict[str, float]:
    """Inverse document frequency of each word over the documents at hand.

    Words every report of the week uses ("police", "killed") say little about which
    occurrence a report is about; "Breitscheidplatz" says a lot.
    """
    counts: dict[str, int] = {}
    total = 0
    for features in items:
        total += 1
        for word in features.words:
            counts[word] = counts.get(word, 0) + 1
    return {word: math.log((1 + total) / (1 + n)) + 1.0 for word, n in counts.items()}


_TOP: dict[int, tuple[dict[str, float], float]] = {}


def _top_weight(idf: dict[str, float], default: float) -> float:
    """The largest weight (a word only one document uses), computed once per weights
    dict: it is asked for on every comparison."""
    if not idf:
        return default
    cached = _TOP.get(id(idf))
    if cached is None or cached[0] is not idf:
        if len(_TOP) > 64:
            _TOP.clear()
        cached = _TOP[id(idf)] = (idf, max(idf.values()))
    return cached[1]


def _mass(words: Iterable[str], idf: dict[str, float], rare: float) -> float:
    return sum(idf.get(w, rare) ** 2 for w in words)


# The mass of each word set under one weights dict, by the set's identity (the set is kept
# with it, so an id is never reused while cached): a report is compared with every open
# incident and each member with every report of a batch, and summing the same set's weights
# again each time was most of an update's cost on a large store (#18). The value is the
# very sum `_mass` gives for that set, so scores are unchanged to the last bit.
_MASSES: dict[int, tuple[frozenset[str], float]] = {}
_MASSES_FOR: list[dict[str, float]] = []  # the weights dict the cache holds masses under
MASSES_KEPT = 100_000


def _set_mass(words: frozenset[str], idf: dict[str, float], rare: float) -> float:
    if not _MASSES_FOR or _MASSES_FOR[0] is not idf or len(_MASSES) > MASSES_KEPT:
        _MASSES.clear()
        _MASSES_FOR[:] = [idf]
    cached = _MASSES.get(id(words))
    if cached is None or cached[0] is not words:
        cached = _MASSES[id(words)] = (words, _mass(words, idf, rare))
    return cached[1]


def _cosine(a: frozenset[str], b: frozenset[str], idf: dict[str, float] | None = None) -> float:
    if not a or not b:
        return 0.0
    if not idf:
        return len(a & b) / math.sqrt(len(a) * len(b))
    rare = _top_weight(idf, 1.0)
    return _mass(a & b, idf, rare) / math.sqrt(_set_mass(a, idf, rare)
                                               * _set_mass(b, idf, rare))


def centroid_overlap(words: frozenset[str], state: Members,
                     idf: dict[str, float] | None = None) -> float:
    """Cosine of a report's words with the incident's centroid: each word weighted by its
    IDF and by how many members use it (#13).

    A short report (a wire brief, a headline) shares a few words with each member but
    the same few with most of them: "Karlov", "Ankara", "ambassador". Compared with one
    member at a time it looks unlike all of them; compared with the centroid it does not.
    """
    if not words or not state.term_counts:
        return 0.0
    weights = idf or {}
    rare = _top_weight(weights, 1.0)
    dot = sum(weights.get(w, rare) ** 2 * state.term_counts.get(w, 0) for w in words)
    if not dot:
        return 0.0
    mine = math.sqrt(sum(weights.get(w, rare) ** 2 for w in words))
    theirs = math.sqrt(sum((weights.get(w, rare) * n) ** 2 for w, n in state.term_counts.items()))
    return dot / (mine * theirs)


def member_overlap(words: frozenset[str], state: Members,
                   idf: dict[str, float] | None = None) -> float:
    """Word overlap with the incident's closest (recent) member."""
    return max((_cosine(words, w, idf) for w in state.words[-MEMBERS_COMPARED:]), default=0.0)


def text_overlap(words: frozenset[str], state: Members,
                 idf: dict[str, float] | None = None) -> float:
    """Word overlap with an incident: with its closest member or with its centroid."""
    return max(member_overlap(words, state, idf), centroid_overlap(words, state, idf))
