"""Small scoring functions the event suites share: ratios, CAMEO roots and classes, macro-F1.

They take plain values (codes, label pairs), not parsed documents, so each can be tested on
inputs written by hand and the suites stay thin loaders around them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

# CAMEO roots by quad class (the CAMEO manual's grouping): 01-05 verbal cooperation,
# 06-08 material cooperation, 09-13 verbal conflict, 14-20 material conflict.
_QUAD_BY_ROOT = {**dict.fromkeys(range(1, 6), 1), **dict.fromkeys(range(6, 9), 2),
                 **dict.fromkeys(range(9, 14), 3), **dict.fromkeys(range(14, 21), 4)}


def ratio(part: int | float, whole: int | float) -> float:
    """part/whole rounded to three places; 0.0 for an empty whole (nothing to score)."""
    return round(part / whole, 3) if whole else 0.0


def cameo_root(code: str | None) -> str | None:
    """The two-digit CAMEO root ("190" -> "19", "0234" -> "02"); None if not a CAMEO code.

    Codes outside 01-20 (test codes such as PETRARCH's "903" or "345") have no root.
    """
    if not code or len(code) < 2 or not code[:2].isdigit():
        return None
    return code[:2] if 1 <= int(code[:2]) <= 20 else None


def quad_class(code: str | None) -> int | None:
    """QuadClass 1-4 of a CAMEO code, from its root; None when the code has no root."""
    root = cameo_root(code)
    return _QUAD_BY_ROOT[int(root)] if root else None


def penta_class(code: str | None) -> int | None:
    """ConfliBERT's PentaClass 0-4: statements (01-02) split off verbal cooperation.

    0 = public statements and appeals (01-02), 1 = verbal cooperation (03-05),
    2 = material cooperation (06-08), 3 = verbal conflict (09-13), 4 = material conflict.
    """
    root = cameo_root(code)
    if root is None:
        return None
    return 0 if int(root) <= 2 else _QUAD_BY_ROOT[int(root)]


def confusion(pairs: Iterable[tuple[int, int]], labels: Sequence[int]) -> list[list[int]]:
    """Rows are gold labels, columns our labels, both in `labels` order."""
    counts = Counter(pairs)
    return [[counts[(gold, ours)] for ours in labels] for gold in labels]


def macro_f1(matrix: list[list[int]]) -> float:
    """Unweighted mean F1 over the labels of a square confusion matrix.

    A label nobody predicted and nobody holds is left out rather than counted as 0 or 1.
    """
    scores = []
    for i, row in enumerate(matrix):
        true_pos = row[i]
        gold = sum(row)
        predicted = sum(r[i] for r in matrix)
        if gold == 0 and predicted == 0:
            continue
        scores.append(2 * true_pos / (gold + predicted))
    return round(sum(scores) / len(scores), 3) if scores else 0.0
