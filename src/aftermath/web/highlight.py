"""Article text cut into plain segments, each tagged with the records that cover it.

The document page highlights actors, event triggers, quotations and claims from the offsets
in the store. Building HTML by inserting tags into the text at those offsets would make the
text's own characters part of the markup; instead the text is cut at every mark boundary
into segments that the template escapes one by one, and marks only choose CSS classes.
A mark whose offsets do not point at its own words (a stale or foreign store) is dropped and
counted, never placed somewhere else.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

PARAGRAPH_BREAK = "\n\n"


@dataclass(frozen=True, slots=True)
class Mark:
    """A highlighted range: its kind (CSS class), an anchor id and a short label."""

    start: int
    end: int
    kind: str
    anchor: str
    label: str
    text: str | None = None  # the words the offsets must point at; None skips the check


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    kinds: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    anchors: tuple[str, ...] = ()  # marks that start here


@dataclass(frozen=True, slots=True)
class Highlighted:
    paragraphs: tuple[tuple[Segment, ...], ...]
    dropped: int  # marks whose offsets did not fit the text


def _fits(text: str, mark: Mark) -> bool:
    if not 0 <= mark.start < mark.end <= len(text):
        return False
    return mark.text is None or text[mark.start : mark.end] == mark.text


def highlight(text: str, marks: list[Mark]) -> Highlighted:
    """Paragraphs of segments covering `text` exactly, with the marks that overlap each."""
    placed = [m for m in marks if _fits(text, m)]
    cuts = {0, len(text)}
    for mark in placed:
        cuts.update((mark.start, mark.end))
    start = 0
    while (found := text.find(PARAGRAPH_BREAK, start)) != -1:
        cuts.update((found, found + len(PARAGRAPH_BREAK)))
        start = found + len(PARAGRAPH_BREAK)
    bounds = sorted(cuts)
    paragraphs: list[tuple[Segment, ...]] = []
    current: list[Segment] = []
    for left, right in itertools.pairwise(bounds):
        piece = text[left:right]
        if piece == PARAGRAPH_BREAK:
            paragraphs.append(tuple(current))
            current = []
            continue
        covering = [m for m in placed if m.start <= left and right <= m.end]
        current.append(Segment(
            piece,
            kinds=tuple(sorted({m.kind for m in covering})),
            labels=tuple(dict.fromkeys(m.label for m in covering)),
            anchors=tuple(m.anchor for m in covering if m.start == left),
        ))
    if current:
        paragraphs.append(tuple(current))
    return Highlighted(tuple(p for p in paragraphs if p), dropped=len(marks) - len(placed))
