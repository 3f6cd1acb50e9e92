"""Triple-level scoring of event coding: expected (source, target, CAMEO code) vs ours (#12).

A sentence-level "did we find the right root" figure hides the errors an analyst sees: the
right verb coded between the wrong countries, or an event with no source at all. So each
expected triple must be matched by one of our events, one to one, at three levels:

- exact: the full source and target codes and the full CAMEO code are equal;
- root: both actor countries (the first three letters of each code) and the two-digit
  CAMEO root agree;
- quad: both actor countries and the quad class agree.

Recall is over expected triples, precision over all our (non-negated) events, so a
sentence where we code three events and gold expects one pays for the two extra.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from aftermath.eval.scoring import cameo_root, quad_class, ratio

LEVELS = ("exact", "root", "quad")


@dataclass(frozen=True, slots=True)
class Coded:
    """One coded event as plain codes ("" when an actor has no code)."""

    source: str
    target: str
    code: str


def _country(code: str) -> str:
    return code[:3].upper()


def _same(level: str) -> Callable[[Coded, Coded], bool]:
    def exact(a: Coded, b: Coded) -> bool:
        return (a.source.upper(), a.target.upper(), a.code) == (
            b.source.upper(), b.target.upper(), b.code)

    def countries(a: Coded, b: Coded) -> bool:
        return bool(a.source and a.target) and (_country(a.source), _country(a.target)) == (
            _country(b.source), _country(b.target))

    def root(a: Coded, b: Coded) -> bool:
        return countries(a, b) and cameo_root(a.code) is not None and (
            cameo_root(a.code) == cameo_root(b.code))

    def quad(a: Coded, b: Coded) -> bool:
        return countries(a, b) and quad_class(a.code) is not None and (
            quad_class(a.code) == quad_class(b.code))

    return {"exact": exact, "root": root, "quad": quad}[level]


def matched(expected: Sequence[Coded], ours: Sequence[Coded], level: str) -> int:
    """How many expected triples one of our events matches at `level`, each used once.

    Greedy in gold order is exact here: matching is an equivalence on codes at each level
    (same key), so any maximal one-to-one pairing has the same size.
    """
    same = _same(level)
    unused = list(ours)
    count = 0
    for gold in expected:
        hit = next((event for event in unused if same(gold, event)), None)
        if hit is not None:
            unused.remove(hit)
            count += 1
    return count


@dataclass(slots=True)
class TripleCounts:
    records: int = 0
    expected: int = 0
    predicted: int = 0
    with_source: int = 0  # our events whose source has a code
    hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))

    def add(self, expected: Sequence[Coded], ours: Sequence[Coded]) -> None:
        self.records += 1
        self.expected += len(expected)
        self.predicted += len(ours)
        self.with_source += sum(bool(event.source) for event in ours)
        for level in LEVELS:
            self.hits[level] += matched(expected, ours, level)

    def figures(self, prefix: str = "") -> dict[str, float]:
        figures = {}
        for level in LEVELS:
            precision = ratio(self.hits[level], self.predicted)
            recall = ratio(self.hits[level], self.expected)
            figures[f"{prefix}triple_{level}_f1"] = ratio(
                2 * precision * recall, precision + recall)
        figures[f"{prefix}triple_root_precision"] = ratio(self.hits["root"], self.predicted)
        figures[f"{prefix}triple_root_recall"] = ratio(self.hits["root"], self.expected)
        figures[f"{prefix}source_coded_share"] = ratio(self.with_source, self.predicted)
        return figures

    def as_dict(self) -> dict[str, Any]:
        return {"records": self.records, "expected": self.expected,
                "predicted": self.predicted, "hits": dict(self.hits), **self.figures()}
