"""Which part of a gold set a record belongs to: dev (read its misses) or held-out (only scored).

Rules tuned on the gold that scores them do not carry over to new text (measured in #12: an
in-sample PLOVER type accuracy of 0.72 fell far lower on real wire copy). So every suite is
cut in two by a hash of the record id, salted with the suite's name: the cut never depends
on file order or on which records a loader keeps, and nobody can move a record to the side
that suits them. Misses are read only on the dev part; the held-out figure is the claim.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Literal

Part = Literal["dev", "heldout"]
PARTS: tuple[Part, ...] = ("dev", "heldout")
# A keep-predicate over record ids; None keeps every record (a suite run on its own).
Keep = Callable[[str], bool] | None


def part_of(record_id: str, *, salt: str) -> Part:
    """The part of `record_id` in the suite named `salt`: half the ids land in each part."""
    digest = hashlib.sha256(f"{salt}\x00{record_id}".encode()).digest()
    return "heldout" if digest[0] & 1 else "dev"


def keeper(part: Part, *, salt: str) -> Callable[[str], bool]:
    """A predicate that keeps the ids of one part."""
    return lambda record_id: part_of(record_id, salt=salt) == part


def kept(record_id: str, keep: Keep) -> bool:
    """Whether a suite's loader keeps this record under `keep` (None keeps all)."""
    return keep is None or keep(record_id)
