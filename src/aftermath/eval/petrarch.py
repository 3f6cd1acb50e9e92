"""Score event coding against the PETRARCH unit-test and validation records.

The records are invented sentences ("Arnor is about to restore full diplomatic ties with
Gondor") with the CAMEO triples PETRARCH must code from them. PETRARCH reads them with its
own test dictionaries, whose actors are mostly invented (Arnor, Gondor, Mordor); we do not
load those dictionaries. So we score what our ontology can express:

- the event: an expected triple is found when one of our events in the sentence has the same
  CAMEO root (two digits, hence the same quad class); codes outside roots 01-20 (PETRARCH's
  own test codes such as 903) are not expressible and are left out;
- the actors: only for a triple whose expected source or target country (first three
  letters of the code) is a real country that the sentence names in words our knowledge
  base knows ("Ethiopia", "Ethiopian", "Addis Ababa"); "ERI" coded from "Eriador" is not
  Eritrea, so it is not scored.

Records PETRARCH expects to discard or fail on (error codings) and records the file marks
`evaluate="false"` are excluded. Event status is not scored: PETRARCH codes "will abandon"
as an event, and so do we (as hypothetical), so any status counts.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from aftermath.errors import InputError
from aftermath.eval.plover import _best_event
from aftermath.eval.scoring import cameo_root, quad_class, ratio
from aftermath.eval.split import Keep, kept
from aftermath.eval.suite import Suite
from aftermath.eval.triples import Coded, TripleCounts
from aftermath.knowledge import KnowledgeBase
from aftermath.pipeline import DEFAULT_EXTRACTORS, analyze_parsed, check_pipeline
from aftermath.records import Document, Event, EventStatus

# The two maintained gold files (README of ../shared/data/petrarch). The petrarch1-history
# files are older versions of the same sentences, mostly unconfirmed; they are not scored.
GOLD_FILES = (
    "petrarch2/text/PETR.UnitTest.records.xml",
    "UniversalPetrarch/validate/PETR_Validate_records_2_02.xml",
)
# Real AFP wire sentences coded with the Phoenix dictionaries (README of ../shared/data/
# petrarch). Scored at the triple level (eval/triples.py) when present; absent, the suite
# says so in its report and reports no real-text figures.
REAL_TEXT_FILE = "UniversalPetrarch/data/text/PETR2_GSR_validation.xml"
# Longest country name we look for, in tokens ("Democratic Republic of the Congo").
MAX_NAME_TOKENS = 5

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SENTENCE = re.compile(r"<Sentence\b([^>]*)>(.*?)</Sentence>", re.S)
_CODING = re.compile(r"<EventCoding\b([^>]*?)/?>")
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)
_ATTR = re.compile(r"(\w+)\s*=\s*\"([^\"]*)\"")


@dataclass(frozen=True, slots=True)
class Triple:
    source: str
    target: str
    code: str


@dataclass(frozen=True, slots=True)
class PetrarchRecord:
    file: str
    id: str
    text: str
    triples: tuple[Triple, ...]
    noevents: bool = False
    error: str | None = None  # PETRARCH's expected failure ("sentencediscard", ...)
    evaluate: bool = True
    date: str | None = None  # publication date, YYYYMMDD, where the file gives one


def parse_records(text: str, *, file: str = "") -> list[PetrarchRecord]:
    """Records of one PETRARCH validation file; tolerant of the files' pseudo-XML."""
    records: list[PetrarchRecord] = []
    for head, body in _SENTENCE.findall(_COMMENT.sub("", text)):
        attrs = dict(_ATTR.findall(head))
        match = _TEXT.search(body)
        if match is None:
            continue
        triples, noevents, error = [], False, None
        for coding in _CODING.findall(body):
            values = {k.lower(): v for k, v in _ATTR.findall(coding)}
            if values.get("noevents", "").lower() == "true":
                noevents = True
            elif "error" in values:
                error = values["error"]
            elif "eventcode" in values:
                triples.append(Triple(values.get("sourcecode", ""),
                                      values.get("targetcode", ""), values["eventcode"]))
        records.append(PetrarchRecord(
            file=file, id=attrs.get("id", f"#{len(records)}"), text=" ".join(match[1].split()),
            triples=tuple(triples), noevents=noevents, error=error,
            evaluate=attrs.get("evaluate", "true").lower() != "false",
            date=attrs.get("date"),
        ))
    return records


def load_records(folder: Path) -> list[PetrarchRecord]:
    records = []
    for name in GOLD_FILES:
        path = folder / name
        if not path.is_file():
            raise InputError("PETRARCH gold file not found (expected ../shared/data/petrarch)",
                             source=str(path), code="eval.no_data")
        records += parse_records(path.read_text(encoding="utf-8", errors="replace"),
                                 file=name)
    return records


def countries_named(doc: Doc, kb: KnowledgeBase) -> set[str]:
    """ISO3 codes of the countries a text names by name, alias, demonym or capital."""
    found: set[str] = set()
    for start in range(len(doc)):
        for end in range(start + 1, min(start + MAX_NAME_TOKENS, len(doc)) + 1):
            words = doc[start:end].text
            code = kb.countries.lookup(words) or kb.countries.capital(words)
            if code:
                found.add(code)
    return found


def real_country(actor_code: str, named: set[str]) -> str | None:
    """The country of a PETRARCH actor code when it is a real country the text names."""
    country = actor_code[:3]
    return country if len(country) == 3 and country in named else None


def match_triples(expected: list[Triple], events: list[Event]) -> list[Event | None]:
    """One of our events per expected triple (same CAMEO root), each event used once.

    Among events with the right root, prefer the one whose source and target countries
    agree with the triple, so the actor figures judge the best available reading.
    """
    unused = list(events)
    matches: list[Event | None] = []
    for triple in expected:
        candidates = [e for e in unused if cameo_root(e.cameo) == cameo_root(triple.code)]

        def agreement(event: Event, triple: Triple = triple) -> int:
            ours = ((event.source.code or "")[:3] if event.source else "",
                    (event.target.code or "")[:3] if event.target else "")
            return (ours[0] == triple.source[:3]) + (ours[1] == triple.target[:3])

        best = max(candidates, key=agreement, default=None)
        if best is not None:
            unused.remove(best)
        matches.append(best)
    return matches


@dataclass(slots=True)
class FileCounts:
    records: int = 0
    passed: int = 0
    expected: int = 0
    found: int = 0


@dataclass(slots=True)
class PetrarchReport:
    records: int = 0           # scored records (with expressible triples, or no-event)
    passed: int = 0
    noevent_records: int = 0
    expected: int = 0          # expressible expected triples
    found: int = 0
    quad_found: int = 0
    main_total: int = 0        # records with expected events where we coded any event
    main_root_correct: int = 0
    spurious: int = 0          # our events matched to no expected triple
    source_total: int = 0
    source_correct: int = 0
    target_total: int = 0
    target_correct: int = 0
    excluded: dict[str, int] = field(default_factory=dict)
    real_text: TripleCounts | None = None  # None: the real-text file is absent
    actor_groups: dict[str, int] = field(default_factory=dict)
    per_file: dict[str, FileCounts] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "noevent_records": self.noevent_records,
            "expected_events": self.expected,
            "functional_pass_rate": ratio(self.passed, self.records),
            "event_recall": ratio(self.found, self.expected),
            "quad_recall": ratio(self.quad_found, self.expected),
            "root_accuracy": ratio(self.main_root_correct, self.main_total),
            "spurious_per_100": round(100 * self.spurious / self.records, 1)
            if self.records else 0.0,
            "source_country_accuracy": ratio(self.source_correct, self.source_total),
            "target_country_accuracy": ratio(self.target_correct, self.target_total),
            "source_scored": self.source_total,
            "target_scored": self.target_total,
            "real_text": self.real_text.as_dict() if self.real_text is not None else (
                f"{REAL_TEXT_FILE} not found: no real-text triple figures"),
            "actor_groups": dict(sorted(self.actor_groups.items())),
            "excluded": dict(sorted(self.excluded.items())),
            "per_file": {
                name: {"records": c.records, "functional_pass_rate": ratio(c.passed, c.records),
                       "event_recall": ratio(c.found, c.expected)}
                for name, c in sorted(self.per_file.items())
            },
        }

    def figures(self) -> dict[str, float]:
        data = self.as_dict()
        figures = {k: data[k] for k in ("functional_pass_rate", "event_recall",
                                         "root_accuracy", "source_country_accuracy",
                                         "target_country_accuracy")}
        # The gate holds floors, so it needs higher-is-better figures: spurious events enter
        # as precision (our events that match an expected triple / all our events).
        figures["event_precision"] = ratio(self.found, self.found + self.spurious)
        if self.real_text is not None:
            figures.update(self.real_text.figures("real_"))
        return figures

    def render(self) -> str:
        data = self.as_dict()
        lines = [f"PETRARCH records scored: {self.records} ({self.noevent_records} expect no "
                 f"event), expected events {self.expected}"]
        for key in ("functional_pass_rate", "event_recall", "quad_recall", "root_accuracy",
                    "source_country_accuracy", "target_country_accuracy"):
            lines.append(f"  {key:<26} {data[key]:.3f}")
        lines.append(f"  {'spurious_per_100':<26} {data['spurious_per_100']:.1f}")
        if self.real_text is None:
            lines.append(f"  real text: {data['real_text']}")
        else:
            lines.append(f"  real text ({self.real_text.records} records, "
                         f"{self.real_text.expected} expected triples):")
            lines += [f"    {key:<24} {value:.3f}"
                      for key, value in self.real_text.figures().items()]
        lines.append("  actor groups: " + ", ".join(
            f"{k} {v}" for k, v in data["actor_groups"].items()))
        lines.append("  excluded: " + ", ".join(f"{k} {v}" for k, v in data["excluded"].items()))
        for name, values in data["per_file"].items():
            lines.append(f"  {name}: {values['records']} records, pass "
                         f"{values['functional_pass_rate']:.3f}, recall "
                         f"{values['event_recall']:.3f}")
        return "\n".join(lines)


def exclusion(record: PetrarchRecord) -> str | None:
    """Why a record is not scored, or None when it is."""
    if not record.evaluate:
        return "marked evaluate=false"
    if record.error:
        return "expects a PETRARCH error or discard"
    if record.noevents:
        return None
    if not record.triples:
        return "no expected coding"
    if not any(cameo_root(t.code) for t in record.triples):
        return "only codes outside CAMEO roots 01-20"
    return None


def actor_group(triples: list[Triple], named: set[str]) -> str:
    """Whether a record's actors are scored: some expected country is one the text names."""
    if any(real_country(code, named) for t in triples for code in (t.source, t.target)):
        return "actors and event code"
    return "event code only"


def _score_record(report: PetrarchReport, record: PetrarchRecord, events: list[Event],
                  main: Event | None, named: set[str]) -> None:
    counts = report.per_file.setdefault(record.file, FileCounts())
    report.records += 1
    counts.records += 1
    expected = [t for t in record.triples if cameo_root(t.code)]
    if record.noevents:
        report.noevent_records += 1
        report.spurious += len(events)
        report.passed += not events
        counts.passed += not events
        return
    group = actor_group(expected, named)
    report.actor_groups[group] = report.actor_groups.get(group, 0) + 1
    matches = match_triples(expected, events)
    found = sum(m is not None for m in matches)
    report.expected += len(expected)
    counts.expected += len(expected)
    report.found += found
    counts.found += found
    report.passed += found == len(expected)
    counts.passed += found == len(expected)
    report.spurious += len(events) - found
    report.quad_found += sum((Counter(quad_class(t.code) for t in expected)
                              & Counter(quad_class(e.cameo) for e in events)).values())
    if main is not None:
        report.main_total += 1
        report.main_root_correct += cameo_root(main.cameo) in {cameo_root(t.code)
                                                                for t in expected}
    for triple, event in zip(expected, matches, strict=True):
        if event is None:
            continue
        for gold, ref, kind in ((triple.source, event.source, "source"),
                                (triple.target, event.target, "target")):
            country = real_country(gold, named)
            if country is None:
                continue
            ours = (ref.code or "")[:3] if ref else ""
            if kind == "source":
                report.source_total += 1
                report.source_correct += ours == country
            else:
                report.target_total += 1
                report.target_correct += ours == country


def score_petrarch(folder: Path, nlp: Language, kb: KnowledgeBase, *,
                   keep: Keep = None) -> PetrarchReport:
    report = PetrarchReport()
    scored = []
    for record in load_records(folder):
        if not kept(f"{record.file}:{record.id}", keep):
            continue
        reason = exclusion(record)
        if reason:
            report.excluded[reason] = report.excluded.get(reason, 0) + 1
        else:
            scored.append(record)
    names = check_pipeline(DEFAULT_EXTRACTORS)
    docs = nlp.pipe(record.text for record in scored)
    for record, doc in zip(scored, docs, strict=True):
        document = Document(id=f"{record.file}:{record.id}", text=record.text, published=None)
        analysis = analyze_parsed(document, doc, kb, names)
        _score_record(report, record, list(analysis.events), _best_event(analysis, doc),
                      countries_named(doc, kb))
    report.real_text = score_real_text(folder, nlp, kb, keep=keep)
    return report


def coded(events: list[Event]) -> list[Coded]:
    """Our events as plain codes; negated ones are not events PETRARCH would code."""
    return [Coded((e.source.code or "") if e.source else "",
                  (e.target.code or "") if e.target else "", e.cameo)
            for e in events if e.status is not EventStatus.NEGATED]


def _published(date: str | None) -> str | None:
    if date and len(date) == 8 and date.isdigit():
        return f"{date[:4]}-{date[4:6]}-{date[6:]}"
    return None


def score_real_text(folder: Path, nlp: Language, kb: KnowledgeBase, *,
                    keep: Keep = None) -> TripleCounts | None:
    """Triple-level figures on the real wire sentences, or None when the file is absent."""
    path = folder / REAL_TEXT_FILE
    if not path.is_file():
        return None
    records = [r for r in parse_records(path.read_text(encoding="utf-8", errors="replace"),
                                        file=REAL_TEXT_FILE)
               if r.evaluate and not r.error and kept(f"{r.file}:{r.id}", keep)]
    counts = TripleCounts()
    names = check_pipeline(DEFAULT_EXTRACTORS)
    for record, doc in zip(records, nlp.pipe(r.text for r in records), strict=True):
        document = Document(id=f"{record.file}:{record.id}", text=record.text,
                            published=_published(record.date))
        analysis = analyze_parsed(document, doc, kb, names)
        expected = [Coded(t.source, t.target, t.code) for t in record.triples]
        counts.add(expected, coded(list(analysis.events)))
    return counts


SUITE = Suite(name="petrarch", data="petrarch", run=score_petrarch, split=True)
