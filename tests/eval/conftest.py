"""Hand-made events for the scoring tests: only the fields the scorers read matter."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from aftermath.eval.scoring import quad_class
from aftermath.records import ActorRef, Event, EventStatus, Place, Span


def _make_event(cameo: str, source: str | None = None, target: str | None = None, *,
               trigger: tuple[int, int] = (0, 4), place: Place | None = None,
               confidence: float = 0.8) -> Event:
    def actor(code: str | None) -> ActorRef | None:
        return ActorRef(code, code or "someone", 0, 1) if code else None

    span = Span("x" * (trigger[1] - trigger[0]), trigger[0], trigger[1], 0)
    return Event(source=actor(source), target=actor(target), plover="ASSAULT", mode=None,
                 cameo=cameo, quad_class=quad_class(cameo) or 0, goldstein=0.0, date=None,
                 place=place, status=EventStatus.ASSERTED, confidence=confidence,
                 evidence=span, trigger=span)


@pytest.fixture()
def make_event() -> Callable[..., Event]:
    return _make_event
