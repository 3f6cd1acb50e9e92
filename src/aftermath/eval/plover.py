"""Score event coding against the PLOVER gold-standard records (CAMEO manual examples).

Each gold record is one sentence with one coded event. We analyse the sentence alone and
compare our best event with the gold one: event type accuracy (with the 2016 labels mapped
to the current set), and source/target country accuracy over the records where gold names
countries and we find an event (`*_country_accuracy`) and over every record where gold
names countries, a record without an event counting as wrong (`*_country_all`, #17).
Sentences have no publication date, so dates are not scored here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from aftermath.errors import InputError
from aftermath.eval.split import Keep, kept
from aftermath.eval.suite import Suite
from aftermath.knowledge import KnowledgeBase
from aftermath.pipeline import DEFAULT_EXTRACTORS, analyze_parsed, check_pipeline
from aftermath.records import Analysis, Document, Event

# The 2016 gold uses labels the current PLOVER manual folded into others.
LEGACY_TYPES = {"FIGHT": "ASSAULT", "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE",
                "INVESTIGATE": "ACCUSE"}
# Older CAMEO country codes in the gold that differ from ISO 3166 alpha-3 (facts).
LEGACY_COUNTRIES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
GOLD_FILE = "gold_standard_records/PLOVER_GSR_CAMEO.txt"


@dataclass(slots=True)
class PloverReport:
    records: int = 0
    found: int = 0
    source_coded: int = 0  # found events whose source has an actor code (#12)
    type_correct: int = 0
    source_total: int = 0
    source_correct: int = 0
    target_total: int = 0
    target_correct: int = 0
    # Over every gold record that names a country, found or not (#17): a record where we
    # find no event counts as wrong, so these cannot rise by finding fewer events.
    source_all_total: int = 0
    target_all_total: int = 0
    per_type: dict[str, list[int]] = field(default_factory=dict)  # type -> [correct, total]
    confusions: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        def ratio(a: int, b: int) -> float:
            return round(a / b, 3) if b else 0.0

        return {
            "records": self.records,
            "event_recall": ratio(self.found, self.records),
            "type_accuracy": ratio(self.type_correct, self.records),
            "type_accuracy_when_found": ratio(self.type_correct, self.found),
            "source_coded_share": ratio(self.source_coded, self.found),
            "source_country_accuracy": ratio(self.source_correct, self.source_total),
            "target_country_accuracy": ratio(self.target_correct, self.target_total),
            "source_country_all": ratio(self.source_correct, self.source_all_total),
            "target_country_all": ratio(self.target_correct, self.target_all_total),
            "per_type": {k: ratio(*v) for k, v in sorted(self.per_type.items())},
            "top_confusions": dict(
                sorted(self.confusions.items(), key=lambda kv: -kv[1])[:10]
            ),
        }

    def figures(self) -> dict[str, float]:
        data = self.as_dict()
        return {k: data[k] for k in ("event_recall", "type_accuracy", "source_coded_share",
                                     "source_country_accuracy", "target_country_accuracy",
                                     "source_country_all", "target_country_all")}

    def render(self) -> str:
        data = self.as_dict()
        lines = [f"PLOVER gold records: {self.records}"]
        for key in ("event_recall", "type_accuracy", "type_accuracy_when_found",
                    "source_coded_share", "source_country_accuracy", "target_country_accuracy",
                    "source_country_all", "target_country_all"):
            lines.append(f"  {key:<26} {data[key]:.3f}")
        per_type = ", ".join(f"{k} {v:.2f}" for k, v in data["per_type"].items())
        lines.append("  per type: " + per_type)
        lines.append("  top confusions (gold>ours): " + ", ".join(
            f"{k} {v}" for k, v in data["top_confusions"].items()))
        return "\n".join(lines)


def load_gold(folder: Path) -> list[dict[str, Any]]:
    path = folder / GOLD_FILE
    if not path.is_file():
        raise InputError("PLOVER gold file not found (expected ../shared/data/plover)",
                         source=str(path), code="eval.no_data")
    records = json.loads(path.read_text(encoding="utf-8"))
    return [r for r in records if r.get("event") and r.get("text")]


def _countries(actors: list[dict[str, Any]] | None) -> set[str]:
    codes = {str(a["code"])[:3] for a in actors or [] if isinstance(a, dict) and a.get("code")}
    return {LEGACY_COUNTRIES.get(code, code) for code in codes}


def _depth(doc: Doc, event: Event) -> int:
    span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    if span is None:
        return 99
    token, depth = span.root, 0
    while token.head != token:
        token, depth = token.head, depth + 1
    return depth


def _best_event(analysis: Analysis, doc: Doc) -> Event | None:
    """The sentence's main event: the syntactically highest trigger, then the most confident.

    Gold codes one event per sentence, the one the main clause reports; "Italy suspended air
    links a day after a jet shot down a helicopter" is about the suspension.
    """
    if not analysis.events:
        return None
    return min(analysis.events, key=lambda e: (_depth(doc, e), -e.confidence, e.trigger.start))


def score_plover(folder: Path, nlp: Language, kb: KnowledgeBase, *,
                 keep: Keep = None) -> PloverReport:
    gold = [record for record in load_gold(folder) if kept(str(record["id"]), keep)]
    documents = [
        Document(id=record["id"], text=record["text"], published=None) for record in gold
    ]
    report = PloverReport()
    names = check_pipeline(DEFAULT_EXTRACTORS)
    docs = nlp.pipe(document.text for document in documents)
    for record, document, doc in zip(gold, documents, docs, strict=True):
        analysis = analyze_parsed(document, doc, kb, names)
        expected = LEGACY_TYPES.get(record["event"], record["event"])
        report.records += 1
        counts = report.per_type.setdefault(expected, [0, 0])
        counts[1] += 1
        gold_sources, gold_targets = _countries(record.get("source")), _countries(
            record.get("target"))
        report.source_all_total += bool(gold_sources)
        report.target_all_total += bool(gold_targets)
        event = _best_event(analysis, doc)
        if event is None:
            report.confusions[f"{expected}>none"] = report.confusions.get(f"{expected}>none", 0) + 1
            continue
        report.found += 1
        report.source_coded += bool(event.source is not None and event.source.code)
        if event.plover == expected:
            report.type_correct += 1
            counts[0] += 1
        else:
            key = f"{expected}>{event.plover}"
            report.confusions[key] = report.confusions.get(key, 0) + 1
        if gold_sources:
            report.source_total += 1
            ours = (event.source.code or "")[:3] if event.source else ""
            report.source_correct += ours in gold_sources
        if gold_targets:
            report.target_total += 1
            ours = (event.target.code or "")[:3] if event.target else ""
            report.target_correct += ours in gold_targets
    return report


SUITE = Suite(name="plover", data="plover", run=score_plover, split=True)
