"""Score where events happened against the adjudicated RELABEL records of event-location.

Each record is one news sentence, one event verb and the place(s) where that verb's event
happened, or no place when the sentence does not say. We analyse the sentence, take our
event whose trigger overlaps the verb, and compare its place with the gold place:

- no gold place: correct when we name no place either;
- gold place(s): correct when our place matches any of them by `place_matches`: the same
  words after normalising; or the gazetteer resolving the gold words to our place or to
  coordinates within MATCH_KM of it ("Bogota" and "Bogotá"); or, unless the gazetteer puts
  the gold words in another country, one name containing the other as whole words (gold
  "the Kurdish-majority Aziziyah district", ours "Aziziyah").

A verb we code no event for names no place. Gold offsets come from the records' token
lists: the character offsets of many spans are wrong in the source file, the token
indices are not.
"""

from __future__ import annotations

import json
import math
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language

from aftermath.errors import InputError
from aftermath.eval.scoring import ratio
from aftermath.eval.split import Keep, kept
from aftermath.eval.suite import Suite
from aftermath.knowledge import KnowledgeBase
from aftermath.knowledge.countries import normalise
from aftermath.pipeline import DEFAULT_EXTRACTORS, analyze_parsed, check_pipeline
from aftermath.records import Document, Event, Place

ARCHIVE = "labeled_text.jsonl.zip"
MEMBER = "labeled_text.jsonl"
GOLD_SOURCE = "RELABEL"
# Two names for one city (a district and its town centre) lie well within this distance;
# two different towns rarely do.
MATCH_KM = 25.0


@dataclass(frozen=True, slots=True)
class LocationRecord:
    id: str
    text: str
    verb: tuple[int, int]             # character offsets of the event verb
    locations: tuple[str, ...]        # gold place words; empty when the sentence names none


def _char_range(record: dict[str, Any], span: dict[str, Any]) -> tuple[int, int]:
    tokens = record.get("tokens") or []
    first, last = span.get("token_start"), span.get("token_end")
    if tokens and isinstance(first, int) and isinstance(last, int) and last < len(tokens):
        return int(tokens[first]["start"]), int(tokens[last]["end"])
    return int(span["start"]), int(span["end"])


def parse_record(record: dict[str, Any]) -> LocationRecord | None:
    """One gold record, or None when it marks no event verb (nothing to score)."""
    spans = record.get("spans") or []
    verbs = [s for s in spans if s.get("label") == "VERB"]
    if not verbs or not record.get("text"):
        return None
    text = record["text"]
    locations = tuple(text[a:b] for a, b in (_char_range(record, s) for s in spans
                                             if s.get("label") == "LOCATION"))
    return LocationRecord(id=str(record.get("_id", "")).strip(), text=text,
                          verb=_char_range(record, verbs[0]), locations=locations)


def load_records(folder: Path) -> tuple[list[LocationRecord], int]:
    """The RELABEL records with a verb, and how many RELABEL records had none."""
    path = folder / ARCHIVE
    if not path.is_file():
        raise InputError("event-location archive not found (expected "
                         "../shared/data/event-location)", source=str(path),
                         code="eval.no_data")
    with zipfile.ZipFile(path) as archive:
        data = json.loads(archive.read(MEMBER))
    gold = [r for r in data if r.get("source") == GOLD_SOURCE and r.get("answer") == "accept"]
    records = [parsed for parsed in map(parse_record, gold) if parsed is not None]
    return records, len(gold) - len(records)


def event_for_verb(events: list[Event], verb: tuple[int, int]) -> Event | None:
    """Our event whose trigger overlaps the verb; the one starting nearest to it wins."""
    overlapping = [e for e in events if e.trigger.start < verb[1] and verb[0] < e.trigger.end]
    return min(overlapping, key=lambda e: (abs(e.trigger.start - verb[0]), -e.confidence),
               default=None)


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", normalise(text)))


def _contains(outer: str, inner: str) -> bool:
    return bool(inner) and f" {inner} " in f" {outer} "


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def place_matches(gold: str, place: Place, kb: KnowledgeBase | None = None) -> bool:
    """Whether our place is the gold place words (the matching rule in the module doc).

    The gazetteer speaks first: when it puts the gold words in another country than our
    place, one name containing the other is a coincidence ("Sudan", "South Sudan").
    """
    gold_words, our_words = _words(gold), _words(place.name)
    if gold_words == our_words:
        return True
    entry = kb.place(gold) if kb is not None else None
    if entry is not None:
        if entry.name == place.name and entry.country == place.country:
            return True
        if None not in (entry.lat, entry.lon, place.lat, place.lon) and _km(
                (entry.lat, entry.lon), (place.lat, place.lon)) <= MATCH_KM:  # type: ignore[arg-type]
            return True
        if entry.country and place.country and entry.country != place.country:
            return False
    return _contains(gold_words, our_words) or _contains(our_words, gold_words)


def judge(record: LocationRecord, place: Place | None, kb: KnowledgeBase | None = None) -> bool:
    """Correct when both name no place, or our place matches one of the gold places."""
    if place is None:
        return not record.locations
    return any(place_matches(gold, place, kb) for gold in record.locations)


@dataclass(slots=True)
class RelabelReport:
    records: int = 0
    located: int = 0           # gold names a place
    event_found: int = 0       # we coded an event on the verb
    named: int = 0             # our event has a place
    correct: int = 0
    correct_when_named: int = 0
    correct_when_event: int = 0
    skipped: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "gold_located": self.located,
            "skipped_no_verb": self.skipped,
            "accuracy": ratio(self.correct, self.records),
            "coverage": ratio(self.named, self.records),
            "accuracy_when_named": ratio(self.correct_when_named, self.named),
            "event_recall": ratio(self.event_found, self.records),
            "accuracy_when_event": ratio(self.correct_when_event, self.event_found),
            "outcomes": dict(sorted(self.outcomes.items())),
        }

    def figures(self) -> dict[str, float]:
        data = self.as_dict()
        return {k: data[k] for k in ("accuracy", "coverage", "accuracy_when_named")}

    def render(self) -> str:
        data = self.as_dict()
        lines = [f"RELABEL event-location records: {self.records} ({self.located} with a gold "
                 f"place; {self.skipped} without a verb skipped)"]
        for key in ("accuracy", "coverage", "accuracy_when_named", "event_recall",
                    "accuracy_when_event"):
            lines.append(f"  {key:<26} {data[key]:.3f}")
        lines.append("  outcomes: " + ", ".join(f"{k} {v}" for k, v in data["outcomes"].items()))
        return "\n".join(lines)

    def add(self, record: LocationRecord, event: Event | None, correct: bool) -> None:
        place = event.place if event else None
        self.records += 1
        self.located += bool(record.locations)
        self.event_found += event is not None
        self.named += place is not None
        self.correct += correct
        self.correct_when_named += correct and place is not None
        self.correct_when_event += correct and event is not None
        gold = "gold place" if record.locations else "no gold place"
        ours = ("no event" if event is None else "no place" if place is None
                else "right place" if correct else "wrong place")
        key = f"{gold}/{ours}"
        self.outcomes[key] = self.outcomes.get(key, 0) + 1


def score_relabel(folder: Path, nlp: Language, kb: KnowledgeBase, *,
                  keep: Keep = None) -> RelabelReport:
    records, skipped = load_records(folder)
    records = [r for r in records if kept(r.id or r.text, keep)]
    report = RelabelReport(skipped=skipped)
    names = check_pipeline(DEFAULT_EXTRACTORS)
    docs = nlp.pipe(record.text for record in records)
    for number, (record, doc) in enumerate(zip(records, docs, strict=True)):
        document = Document(id=record.id or f"relabel-{number}", text=record.text,
                            published=None)
        analysis = analyze_parsed(document, doc, kb, names)
        event = event_for_verb(list(analysis.events), record.verb)
        report.add(record, event, judge(record, event.place if event else None, kb))
    return report


SUITE = Suite(name="relabel", data="event-location", run=score_relabel, split=True)
