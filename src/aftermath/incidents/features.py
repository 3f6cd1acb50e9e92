"""What clustering compares: a document's salient events and its words.

Built from records only (an `Analysis`, or rows read back from the store), so the same
features come out of a fresh analysis and out of the database (#6).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from aftermath.records import Analysis, Event, country_of

# Events a report leads with are what it is about; a killing mentioned in paragraph five
# of a story on Aleppo is background. Weight by sentence index.
POSITION_WEIGHTS = ((0, 1.0), (1, 0.9), (3, 0.7))
LATE_WEIGHT = 0.4
# Material events (attacks, aid) anchor incidents more than statements about them.
QUAD_WEIGHTS = {4: 1.0, 2: 0.8, 3: 0.6, 1: 0.5}
KEPT_STATUSES = ("asserted", "reported")
LEAD_CHARS = 400  # the lead (about two sentences) says what a report is about
STOPWORDS = frozenset([
    "about", "after", "again", "against", "also", "among", "around", "because", "been",
    "before", "being", "between", "both", "could", "during", "each", "from", "have",
    "having", "here", "into", "itself", "just", "more", "most", "much", "other", "over",
    "said", "says", "since", "some", "such", "than", "that", "their", "them", "then",
    "there", "these", "they", "this", "those", "through", "under", "until", "very", "were",
    "what", "when", "where", "which", "while", "will", "with", "would", "your", "year",
    "years", "week", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "told", "according", "officials", "official",
])
WORD = re.compile(r"[^\W\d_]{4,}")


@dataclass(frozen=True, slots=True)
class KeyEvent:
    """One event reduced to what identifies a real-world occurrence."""

    document_id: str
    seq: int
    plover: str
    cameo: str
    quad_class: int
    source: str | None
    target: str | None
    source_text: str | None
    target_text: str | None
    persons: frozenset[str]
    date: dt.date | None
    place: str | None  # lower-cased, for comparison
    place_name: str | None
    place_country: str | None
    weight: float

    @property
    def salience(self) -> float:
        return self.weight * QUAD_WEIGHTS.get(self.quad_class, 0.5)


@dataclass(frozen=True, slots=True)
class DocumentFeatures:
    document_id: str
    outlet: str | None
    published: dt.date | None
    title: str | None
    events: tuple[KeyEvent, ...]
    words: frozenset[str]


def position_weight(sentence: int) -> float:
    for last, weight in POSITION_WEIGHTS:
        if sentence <= last:
            return weight
    return LATE_WEIGHT


def parse_day(value: str | None) -> dt.date | None:
    """A date from an ISO day; months, weeks and years are too coarse to compare."""
    if not value or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def words_of(text: str) -> set[str]:
    return {w for w in (m.group().lower() for m in WORD.finditer(text)) if w not in STOPWORDS}


def key_event(document_id: str, seq: int, event: Event,
              persons: frozenset[str] = frozenset()) -> KeyEvent:
    return KeyEvent(
        document_id=document_id, seq=seq, plover=event.plover, cameo=event.cameo,
        quad_class=event.quad_class,
        # "---REB" names no one in particular: compared by its words, like an uncoded actor.
        source=_known(event.source.code) if event.source else None,
        target=_known(event.target.code) if event.target else None,
        source_text=event.source.text if event.source else None,
        target_text=event.target.text if event.target else None,
        persons=persons,
        date=parse_day(event.date.value) if event.date else None,
        place=event.place.name.lower() if event.place else None,
        place_name=event.place.name if event.place else None,
        place_country=event.place.country if event.place else None,
        weight=position_weight(event.evidence.sentence),
    )


def document_features(analysis: Analysis, *, person_names: dict[str, str] | None = None
                      ) -> DocumentFeatures:
    """Key events (asserted or reported, with an actor) and words of the title, the lead
    and the lead events' sentences.

    `person_names` maps normalised actor words to a canonical person (from the knowledge
    base), so "Karlov" and "Andrey Karlov" count as one resolved person.
    """
    document = analysis.document
    names = person_names or {}
    events = []
    words = words_of(document.title or "") | words_of(document.text[:LEAD_CHARS])
    for seq, event in enumerate(analysis.events):
        if str(event.status) not in KEPT_STATUSES or (event.source is None
                                                       and event.target is None):
            continue
        persons = frozenset(
            names[key] for ref in (event.source, event.target) if ref is not None
            for key in (" ".join(ref.text.lower().split()),) if key in names
        )
        item = key_event(document.id, seq, event, persons)
        events.append(item)
        if item.weight >= 0.7:
            words |= words_of(event.evidence.text)
    return DocumentFeatures(
        document_id=document.id, outlet=document.outlet, published=parse_day(document.published),
        title=document.title, events=tuple(events), words=frozenset(words),
    )


def person_index(kb: object) -> dict[str, str]:
    """Normalised name or alias → canonical name, for every person in the knowledge base."""
    index: dict[str, str] = {}
    for person in getattr(kb, "persons", ()):
        for alias in (person.name, *person.aliases):
            index[" ".join(alias.lower().split())] = person.name
    return index


def _known(code: str | None) -> str | None:
    """The code when its country is known; None for "---REB" and uncoded actors (#12)."""
    return code if country_of(code) else None
