"""Counting helpers shared by the span-based suites: precision, recall, F1 and span overlap.

Spans here are tuples of (start, end) character fragments, because gold sets such as
PolNeAR annotate discontinuous spans ("X," he said, "Y" is one content in two pieces).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

Fragments = tuple[tuple[int, int], ...]


@dataclass(slots=True)
class Tally:
    """True positives against the number predicted and the number in gold."""

    hits_predicted: int = 0  # predictions that matched gold
    hits_gold: int = 0  # gold items that were matched (differs when matching is not 1:1)
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.hits_predicted / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.hits_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 3), "recall": round(self.recall, 3),
                "f1": round(self.f1, 3), "predicted": self.predicted, "gold": self.gold}

    def render(self, label: str) -> str:
        return (f"  {label:<10} P {self.precision:.3f}  R {self.recall:.3f}  "
                f"F1 {self.f1:.3f}   (predicted {self.predicted}, gold {self.gold})")


def length(span: Fragments) -> int:
    return sum(end - start for start, end in span)


def overlap(a: Fragments, b: Fragments) -> int:
    """Characters the two spans share."""
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def overlaps_enough(a: Fragments | None, b: Fragments | None, share: float = 0.5) -> bool:
    """True when the spans share at least `share` of the shorter one's characters."""
    if not a or not b:
        return False
    shorter = min(length(a), length(b))
    return shorter > 0 and overlap(a, b) >= share * shorter


def merge(spans: Iterable[Fragments]) -> Fragments:
    """One span made of all fragments, sorted, without duplicates."""
    return tuple(sorted({fragment for span in spans for fragment in span}))
