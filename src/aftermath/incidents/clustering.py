"""Group documents into incidents by their key events, incrementally (#6).

A document joins the incident whose key events best match its own: the same or a
compatible event type, shared actors (codes and resolved persons), the same place and a
close date, plus word overlap of titles and lead sentences. Events in different places, or
days apart, never match, so a truck attack in Berlin and a shooting in Ankara on the same
evening stay apart, as do talks in Moscow the next day. Position weights make a document
join on what it leads with, not on what it mentions in passing.

Greedy and order-dependent by design: documents are taken in publication order, each
compared with the incidents formed so far, which is exactly what happens when documents
arrive one batch at a time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from aftermath.incidents.features import DocumentFeatures, KeyEvent

DATE_WINDOW = 3  # days between two reports' dates of one event (relative dates slip)
REPORT_WINDOW = 30  # days after an incident's first report that a document may still join
JOIN_SCORE = 2.2  # tuned on eval/gold/incidents (see docs/incidents.md)
TEXT_WEIGHT = 3.0  # word overlap (cosine of word sets, 0..1) counts up to this much
TEXT_ONLY = 0.25  # word overlap a report without a material lead event needs to join by words
MEMBERS_COMPARED = 40  # word overlap is taken with the latest members only (speed)


@dataclass(slots=True)
class IncidentState:
    """An incident while it is being built: its members and their key events."""

    id: str
    documents: list[str] = field(default_factory=list)
    events: list[KeyEvent] = field(default_factory=list)
    words: list[frozenset[str]] = field(default_factory=list)
    first_report: dt.date | None = None
    last_report: dt.date | None = None
    anchor: KeyEvent | None = None
    core: list[KeyEvent] = field(default_factory=list)

    def add(self, features: DocumentFeatures) -> None:
        self.documents.append(features.document_id)
        self.events.extend(features.events)
        best = max(features.events, key=lambda e: e.salience, default=None)
        if best is not None and (self.anchor is None or best.salience > self.anchor.salience):
            self.anchor = best
            self.core = [e for e in self.events if compatible(e, best)]
        else:
            self.core.extend(e for e in features.events if compatible(e, self.anchor))
        self.words.append(features.words)
        day = features.published
        if day is not None:
            self.first_report = min(filter(None, (self.first_report, day)))
            self.last_report = max(filter(None, (self.last_report, day)))


def compatible(event: KeyEvent, anchor: KeyEvent | None) -> bool:
    """Whether an event may describe the same occurrence as the incident's anchor.

    Only these "core" events are matched against newcomers: talks in Moscow mentioned at
    the end of a report on a shooting must not pull a report on the talks into it.
    """
    return anchor is not None and (event is anchor or pair_score(event, anchor) > 0)


def incident_id(founding_document: str) -> str:
    return "inc-" + hashlib.sha256(founding_document.encode("utf-8")).hexdigest()[:10]


def _words(text: str) -> str:
    return " ".join(w for w in text.lower().split() if w not in ("the", "a", "an"))


def _same_place(a: KeyEvent, b: KeyEvent) -> bool | None:
    if a.place is None or b.place is None:
        return None
    return a.place == b.place


def pair_score(a: KeyEvent, b: KeyEvent) -> float:
    """How likely two key events are the same occurrence, before position weights."""
    if a.date and b.date and abs((a.date - b.date).days) > DATE_WINDOW:
        return 0.0
    place = _same_place(a, b)
    if place is False:
        return 0.0
    if a.plover == b.plover:
        score = 1.0
    elif a.quad_class == b.quad_class:
        score = 0.5
    else:
        return 0.0
    if a.target and a.target == b.target:
        score += 1.0 if len(a.target) > 3 else 0.5
    elif a.target and b.target and a.target[:3] != b.target[:3]:
        score -= 1.0  # different victims or counterparts: a different occurrence
    elif not a.target and not b.target and a.target_text and b.target_text and (
            _words(a.target_text) == _words(b.target_text)):
        score += 0.5  # uncoded but worded alike ("people", "worshippers")
    if a.source and a.source == b.source:
        score += 0.5
    if a.persons & b.persons:
        score += 1.0
    if place:
        score += 0.5
    if a.date and a.date == b.date:
        score += 0.5
    return score


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


def _cosine(a: frozenset[str], b: frozenset[str], idf: dict[str, float] | None = None) -> float:
    if not a or not b:
        return 0.0
    if not idf:
        return len(a & b) / math.sqrt(len(a) * len(b))
    rare = max(idf.values(), default=1.0)

    def mass(words: Iterable[str]) -> float:
        return sum(idf.get(w, rare) ** 2 for w in words)

    return mass(a & b) / math.sqrt(mass(a) * mass(b))


def match_score(features: DocumentFeatures, state: IncidentState,
                idf: dict[str, float] | None = None) -> float:
    """The best weighted event match plus word overlap with the closest member."""
    if features.published and state.first_report and (
        (features.published - state.first_report).days > REPORT_WINDOW
        or (state.first_report - features.published).days > DATE_WINDOW
    ):
        return 0.0
    best = 0.0
    for mine in features.events:
        for theirs in state.core:
            score = pair_score(mine, theirs)
            if score > 0:
                best = max(best, score * mine.weight * theirs.weight)
    overlap = max((_cosine(features.words, w, idf) for w in state.words[-MEMBERS_COMPARED:]),
                  default=0.0)
    if state.anchor is None:
        # An incident known only by words (no event of its founder could be coded) has no
        # event to contradict a newcomer's: words decide.
        return JOIN_SCORE * overlap / TEXT_ONLY if overlap >= TEXT_ONLY else 0.0
    if best == 0.0:
        # A reaction ("Gulen condemns the killing") has no event of its own to match; it
        # may join by its words. A report leading with any other kind of event (an attack,
        # a meeting) that matched nothing here is about a different occurrence.
        if any(e.quad_class != 3 and e.weight >= 0.7 for e in features.events):
            return 0.0
        return JOIN_SCORE * overlap / TEXT_ONLY if overlap >= TEXT_ONLY else 0.0
    return best + TEXT_WEIGHT * overlap


def assign(features: DocumentFeatures, states: list[IncidentState],
           *, threshold: float = JOIN_SCORE, idf: dict[str, float] | None = None
           ) -> tuple[IncidentState, float]:
    """Add one document to the best-matching incident, or found a new one.

    Returns the incident and the score (0 when the document founded it). A document with
    no key events can still join by its words, or found an incident known by its title.
    """
    scored = [(match_score(features, state, idf), state) for state in states]
    score, best = max(scored, key=lambda pair: pair[0], default=(0.0, None))
    if best is None or score < threshold:
        best = IncidentState(incident_id(features.document_id))
        states.append(best)
        score = 0.0
    best.add(features)
    return best, score


def order_key(features: DocumentFeatures) -> tuple[dt.date, str]:
    return (features.published or dt.date.max, features.document_id)


def cluster_documents(items: Iterable[DocumentFeatures], states: list[IncidentState] | None = None,
                      *, threshold: float = JOIN_SCORE) -> list[IncidentState]:
    """Cluster documents (taken in publication order) into new or the given incidents."""
    result = list(states or [])
    ordered = sorted(items, key=order_key)
    idf = word_weights(ordered)
    for features in ordered:
        assign(features, result, threshold=threshold, idf=idf)
    return result
