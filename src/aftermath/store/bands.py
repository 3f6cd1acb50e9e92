"""LSH band keys of MinHash signatures: the near-duplicate index kept as rows (#18).

A signature of `NUM_PERM` MinHash values is cut into `BANDS` bands of `ROWS` values; two
texts whose signatures agree on every value of at least one band are candidates, and only
candidates are compared. Each band is stored as one row `(document_id, band, key)`, the key
a 64-bit hash of the band's values, so finding the candidates of a new text is an indexed
lookup of its `BANDS` keys instead of loading every stored signature.

The shape lives here, with the store, because the rows bake it in: revision 0005 wrote them
with it, and a store is only consistent while every row was cut the same way. A change of
`NUM_PERM`, `NEAR_THRESHOLD` or the band shape needs a revision that rewrites the rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from typing import Any

import numpy as np

# 128 permutations estimate Jaccard similarity within about ±0.09 (1/sqrt(128)).
NUM_PERM = 128
# Estimated Jaccard similarity of shingles above which two texts are one story.
NEAR_THRESHOLD = 0.8
VALUE_BYTES = 8  # each MinHash value is stored as an unsigned 64-bit integer
_STEPS = 1000  # points of the numerical integrals in `band_shape`


def _errors(threshold: float, bands: int, rows: int) -> float:
    """Area of false candidates below the threshold plus area of missed pairs above it
    (midpoint rule over `_STEPS` points on each side)."""
    below = (np.arange(_STEPS) + 0.5) * (threshold / _STEPS)
    above = threshold + (np.arange(_STEPS) + 0.5) * ((1.0 - threshold) / _STEPS)
    false = 1.0 - (1.0 - below ** rows) ** bands  # a candidate though under the threshold
    missed = (1.0 - above ** rows) ** bands  # no band shared though over it
    return float(false.sum() * threshold / _STEPS + missed.sum() * (1.0 - threshold) / _STEPS)


@cache
def band_shape(threshold: float = NEAR_THRESHOLD, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """(bands, rows per band) whose S-curve best separates pairs below and above the
    threshold: the shape that minimises the area of false candidates (similarity under the
    threshold, yet sharing a band) plus the area of missed pairs (over it, sharing none),
    weighed equally, over every shape that fits in `num_perm` values.

    This is the criterion datasketch's MinHashLSH (the in-memory index before #20) used with
    its default weights, so the rows find exactly the candidates it found: at 0.8 and 128 values,
    9 bands of 13 (a pair is a candidate with probability 0.93 at similarity 0.9, 0.40 at
    0.8 and 0.01 at 0.6). Candidates are then compared on all 128 values, so the shape
    decides only which pairs are compared, never the similarity.
    """
    best: tuple[float, int, int] | None = None
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            error = _errors(threshold, bands, rows)
            if best is None or error < best[0]:
                best = (error, bands, rows)
    assert best is not None  # num_perm >= 1
    return best[1], best[2]


BANDS, ROWS = band_shape()


def band_keys(raw: bytes) -> list[tuple[int, int]]:
    """(band, key) of each band of a stored signature; none for a signature of another size
    (made with other settings, it cannot be compared, as the in-memory index skipped it).

    The key is the first 8 bytes of a BLAKE2b hash of the band's bytes, as a signed 64-bit
    integer (what SQLite and PostgreSQL store natively). Two different bands share a key
    with probability 2**-64: a spurious candidate, then compared on all its values.
    """
    if len(raw) != NUM_PERM * VALUE_BYTES:
        return []
    width = ROWS * VALUE_BYTES
    return [(band, int.from_bytes(
        hashlib.blake2b(raw[band * width:(band + 1) * width], digest_size=8).digest(),
        "big", signed=True)) for band in range(BANDS)]


def band_rows(signatures: Iterable[Mapping[str, Any]]) -> Iterator[dict[str, Any]]:
    """Rows of `signature_bands` for rows of `signatures` (document_id, minhash)."""
    for row in signatures:
        for band, key in band_keys(bytes(row["minhash"])):
            yield {"document_id": row["document_id"], "band": band, "key": key}
