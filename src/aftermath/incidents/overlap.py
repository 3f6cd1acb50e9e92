"""Word overlap between a report and an incident: IDF weights, closest member, centroid.

Split from clustering.py (#19), which compares events, places, anchors and dates and uses
these for the words.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Protocol

from aftermath.incidents.features import NAME_MARK, DocumentFeatures

MEMBERS_COMPARED = 40  # word overlap is taken with the latest members only (speed)


class Members(Protocol):
    """What overlap needs of an incident: its members' words and how many use each, and
    a place to keep its centroid's mass per weights dict (`centroid_overlap`)."""

    words: list[frozenset[str]]
    term_counts: dict[str, int]
    masses: dict[int, tuple[dict[str, float], int, float]]


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


class _Weighted:
    """What one weights dict gives on every comparison, computed once: its largest weight
    (a word only one document uses) and the weighted mass of each word set already seen.

    A report's words and a member's words are compared with hundreds of others while one
    batch is folded; summing their squared weights anew each time was most of the folding's
    cost (#20). A mass is the same sum over the same words, so the cached value is the one computed.
    """

    __slots__ = ("idf", "masses", "names", "rare", "squares", "top")

    def __init__(self, idf: dict[str, float]) -> None:
        self.idf = idf
        self.top = max(idf.values())
        # Each weight squared once, not on every sum: the same float as `w ** 2` (#20).
        self.squares = {word: weight ** 2 for word, weight in idf.items()}
        self.rare = self.top ** 2
        self.masses: dict[frozenset[str], float] = {}
        # shared_names of each word set, by identity: two equal sets may list their words
        # in different orders, and the names' weights are summed in that order.
        self.names: dict[int, tuple[frozenset[str], list[str]]] = {}

    def mass(self, words: Iterable[str]) -> float:
        squares, rare = self.squares, self.rare
        return sum(squares.get(w, rare) for w in words)

    def set_mass(self, words: frozenset[str]) -> float:
        found = self.masses.get(words)
        if found is None:
            if len(self.masses) > MAX_CACHED_MASSES:
                self.masses.clear()
            found = self.masses[words] = self.mass(words)
        return found


# Word sets whose mass is kept per weights dict: a few batches' reports and members.
MAX_CACHED_MASSES = 100_000
_WEIGHTED: dict[int, _Weighted] = {}
# Weights dicts kept: each update makes its own, and a kept one holds its masses and the
# word sets they key (reports long folded), so only the last few are worth keeping.
MAX_WEIGHTS_KEPT = 4


def _weighted(idf: dict[str, float]) -> _Weighted:
    cached = _WEIGHTED.get(id(idf))
    if cached is None or cached.idf is not idf:
        if len(_WEIGHTED) >= MAX_WEIGHTS_KEPT:
            _WEIGHTED.clear()
        cached = _WEIGHTED[id(idf)] = _Weighted(idf)
    return cached


def _top_weight(idf: dict[str, float], default: float) -> float:
    """The largest weight (a word only one document uses), computed once per weights
    dict: it is asked for on every comparison."""
    return _weighted(idf).top if idf else default


def shared_names(words: frozenset[str], idf: dict[str, float] | None) -> list[str]:
    """The names (words marked `NAME_MARK`) among `words` that another report also uses: a
    name only one report uses says nothing about which incident it belongs to.

    Kept per weights dict and word set: a report is compared with every incident of its
    weeks, and its names were picked out anew each time (#20)."""
    if not idf:
        return []  # no weights: every name counts as used by one report only
    weighted = _weighted(idf)
    kept = weighted.names.get(id(words))
    if kept is not None and kept[0] is words:
        return kept[1]
    if len(weighted.names) > MAX_CACHED_MASSES:
        weighted.names.clear()
    unique = weighted.top
    found = [w for w in words if w.startswith(NAME_MARK) and idf.get(w, unique) < unique]
    weighted.names[id(words)] = (words, found)
    return found


def _cosine(a: frozenset[str], b: frozenset[str], idf: dict[str, float] | None = None) -> float:
    if not a or not b:
        return 0.0
    if not idf:
        return len(a & b) / math.sqrt(len(a) * len(b))
    weighted = _weighted(idf)
    return weighted.mass(a & b) / math.sqrt(weighted.set_mass(a) * weighted.set_mass(b))


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
    counts = state.term_counts
    if weights:
        weighted = _weighted(weights)
        squares, rare_square = weighted.squares, weighted.rare
        # Words no member uses add 0.0, which leaves a sum of non-negative terms as it is.
        dot = sum(squares.get(w, rare_square) * counts[w] for w in words if w in counts)
        if not dot:
            return 0.0
        mine = math.sqrt(weighted.mass(words))
    else:
        dot = sum(rare ** 2 * counts.get(w, 0) for w in words)
        if not dot:
            return 0.0
        mine = math.sqrt(sum(rare ** 2 for w in words))
    return dot / (mine * math.sqrt(_centroid_mass(state, weights, rare)))


def _centroid_mass(state: Members, weights: dict[str, float], rare: float) -> float:
    """The squared norm of an incident's centroid, kept on the incident while its members
    and the weights stay the same: every report of a fold is compared with the centroids
    of the incidents of its weeks, and the sum over all their words was most of that (#20).
    A member added makes `words` longer, so the kept value is then computed anew."""
    kept = state.masses.get(id(weights)) if weights else None
    if kept is not None and kept[0] is weights and kept[1] == len(state.words):
        return kept[2]
    mass = sum((weights.get(w, rare) * n) ** 2 for w, n in state.term_counts.items())
    if weights:  # not for the empty dict made anew on each call without weights
        state.masses[id(weights)] = (weights, len(state.words), mass)
    return mass


def overlap_below(words: frozenset[str], state: Members, idf: dict[str, float] | None,
                  bar: float) -> bool:
    """Whether `text_overlap(words, state, idf)` is surely below `bar`, from the mass of
    those of the report's words the incident's members use at all (#20).

    With M(S) the summed squared weights of a word set and V the members' words, the
    cosine with any member is at most sqrt(M(words & V) / M(words)) (the shared words lie
    in V, and a member's own mass is at least that of the shared ones), and so is the
    cosine with the centroid (Cauchy-Schwarz over the words in V). Most reports share
    too few of an incident's words for either to matter, and are told so without the
    forty cosines. The margin keeps float rounding on the safe side: when this says
    True, the overlap computed would have been below `bar`.
    """
    if not idf or not words:
        return False
    weighted = _weighted(idf)
    counts, squares, rare = state.term_counts, weighted.squares, weighted.rare
    shared = sum(squares.get(w, rare) for w in words if w in counts)
    return shared < bar * bar * weighted.set_mass(words) * (1.0 - 1e-9)


def member_overlap(words: frozenset[str], state: Members,
                   idf: dict[str, float] | None = None) -> float:
    """Word overlap with the incident's closest (recent) member."""
    return max((_cosine(words, w, idf) for w in state.words[-MEMBERS_COMPARED:]), default=0.0)


def text_overlap(words: frozenset[str], state: Members,
                 idf: dict[str, float] | None = None) -> float:
    """Word overlap with an incident: with its closest member or with its centroid."""
    return max(member_overlap(words, state, idf), centroid_overlap(words, state, idf))
