"""Score event coding on real wire sentences coded blind by two annotators (#17).

The CAMEO-manual sentences of the PLOVER GSR and PETRARCH's invented records are written to
show one verb each; real Reuters copy has datelines, agency credits, conjoined leaders,
pronouns for countries and US domestic politics. A coder tuned on the former scored a root
F1 of 0.07 here, so this is the event suite that counts (`realtext-cameo/README.md`).

What is counted is what the analyst is shown: the events the relation series count by
default (status asserted or reported; negated and hypothetical events are not in the
series and the gold does not code them). Each sentence is analysed alone with its
publication date; the title is context for the annotators only, and our coder reads no
events from a title, so it is passed as the document's title and nothing more.

Figures (one to one matching, greedy in gold order; see eval/triples.py):
- root: both actor countries (first three letters of each code) and the two-digit root;
  recall over gold events, precision over every predicted event except those that match
  only a `disputed` event (coded by one annotator: neither asked for nor held against us);
- exact: both countries and the full CAMEO code of either annotator;
- countries_any / root_any: the share of gold events with a predicted event of the right
  (directed) pair of countries under any code, and of the right root under any actors;
- source_coded_share: our events whose source has a code.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language

from aftermath.errors import InputError
from aftermath.eval.scoring import cameo_root, ratio
from aftermath.eval.split import Keep, kept
from aftermath.eval.suite import Suite
from aftermath.eval.triples import Coded
from aftermath.knowledge import KnowledgeBase
from aftermath.pipeline import DEFAULT_EXTRACTORS, analyze_parsed, check_pipeline
from aftermath.records import Document, Event
from aftermath.relations.series import COUNTED_STATUSES

GOLD_FILE = "reuters-2016-2017.gold.jsonl"
MAX_MISSES = 400  # dev misses printed in full: the dev part is about 120 sentences


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """An agreed event: codes of annotator 1, and annotator 2's full CAMEO code."""

    source: str
    target: str
    codes: tuple[str, ...]

    @property
    def coded(self) -> Coded:
        return Coded(self.source, self.target, self.codes[0])


@dataclass(frozen=True, slots=True)
class GoldSentence:
    id: str
    text: str
    title: str
    published: str | None
    events: tuple[GoldEvent, ...]
    disputed: tuple[Coded, ...]


def load_gold(folder: Path) -> list[GoldSentence]:
    """The merged gold file, one sentence per line; a bad line is an error naming it."""
    path = folder / GOLD_FILE
    if not path.is_file():
        raise InputError("real-text CAMEO gold not found (expected ../shared/data/"
                         "realtext-cameo)", source=str(path), code="eval.no_data")
    sentences = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            sentences.append(GoldSentence(
                id=str(row["id"]), text=str(row["text"]), title=str(row.get("title") or ""),
                published=row.get("published") or None,
                events=tuple(GoldEvent(e["source"], e["target"],
                                       tuple(c for c in (e["cameo"], e.get("cameo_b")) if c))
                             for e in row.get("events", ())),
                disputed=tuple(Coded(d["source"], d["target"], d["cameo"])
                               for d in row.get("disputed", ()))))
        except (ValueError, KeyError, TypeError) as err:
            raise InputError(f"line {number}: not a gold record ({err})", source=str(path),
                             code="eval.bad_gold") from err
    return sentences


def _country(code: str) -> str:
    return code[:3].upper()


def _pair(a: Coded, b: Coded) -> bool:
    return bool(a.source and a.target and b.source and b.target) and (
        (_country(a.source), _country(a.target)) == (_country(b.source), _country(b.target)))


def _root(a: Coded, b: Coded) -> bool:
    return _pair(a, b) and cameo_root(a.code) is not None and (
        cameo_root(a.code) == cameo_root(b.code))


def _pairs(gold: Sequence[GoldEvent], ours: Sequence[Coded],
           same: Callable[[GoldEvent, Coded], bool]) -> list[tuple[GoldEvent, Coded]]:
    """One-to-one pairs, greedy in gold order (exact for an equivalence on keys)."""
    unused = list(ours)
    found = []
    for event in gold:
        hit = next((mine for mine in unused if same(event, mine)), None)
        if hit is not None:
            unused.remove(hit)
            found.append((event, hit))
    return found


def coded_events(events: Sequence[Event]) -> list[Coded]:
    """The events an analyst sees in the relation series, as plain codes."""
    return [Coded((e.source.code or "") if e.source else "",
                  (e.target.code or "") if e.target else "", e.cameo)
            for e in events if e.status in COUNTED_STATUSES]


@dataclass(slots=True)
class RealTextReport:
    sentences: int = 0
    gold: int = 0
    predicted: int = 0       # our events, less those matching only a disputed one
    excused: int = 0         # our events that match a disputed event and no gold one
    with_source: int = 0
    root_hits: int = 0
    exact_hits: int = 0
    countries_any: int = 0
    root_any: int = 0
    missed_roots: Counter[str] = field(default_factory=Counter)
    spurious_roots: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def add(self, sentence: GoldSentence, ours: list[Coded]) -> None:
        self.sentences += 1
        self.gold += len(sentence.events)
        self.with_source += sum(bool(event.source) for event in ours)
        root = _pairs(sentence.events, ours, lambda g, o: _root(g.coded, o))
        self.root_hits += len(root)
        self.exact_hits += len(_pairs(
            sentence.events, ours, lambda g, o: _pair(g.coded, o) and o.code in g.codes))
        self.countries_any += sum(any(_pair(g.coded, o) for o in ours) for g in sentence.events)
        self.root_any += sum(any(cameo_root(o.code) == cameo_root(g.codes[0]) for o in ours)
                             for g in sentence.events)
        used = [mine for _, mine in root]
        rest = [mine for mine in ours if not _take(used, mine)]
        excused = [mine for mine in rest if any(_root(d, mine) for d in sentence.disputed)]
        self.excused += len(excused)
        self.predicted += len(ours) - len(excused)
        found = {id(g) for g, _ in root}
        for event in sentence.events:
            if id(event) not in found:
                self.missed_roots[cameo_root(event.codes[0]) or "?"] += 1
        spurious = [mine for mine in rest if mine not in excused]
        for mine in spurious:
            self.spurious_roots[cameo_root(mine.code) or "?"] += 1
        if (len(found) < len(sentence.events) or spurious) and len(self.misses) < MAX_MISSES:
            self.misses.append(_describe(sentence, ours))

    def figures(self) -> dict[str, float]:
        precision = ratio(self.root_hits, self.predicted)
        recall = ratio(self.root_hits, self.gold)
        exact_p, exact_r = ratio(self.exact_hits, self.predicted), ratio(self.exact_hits,
                                                                         self.gold)
        return {
            "root_f1": ratio(2 * precision * recall, precision + recall),
            "root_precision": precision,
            "root_recall": recall,
            "exact_f1": ratio(2 * exact_p * exact_r, exact_p + exact_r),
            "countries_any": ratio(self.countries_any, self.gold),
            "root_any": ratio(self.root_any, self.gold),
            "source_coded_share": ratio(self.with_source, self.predicted + self.excused),
        }

    def as_dict(self) -> dict[str, Any]:
        return {"records": self.sentences, "gold_events": self.gold,
                "predicted": self.predicted, "excused_as_disputed": self.excused,
                **self.figures(),
                "missed_roots": dict(self.missed_roots.most_common()),
                "spurious_roots": dict(self.spurious_roots.most_common())}

    def render(self) -> str:
        lines = [f"real-text sentences: {self.sentences}, gold events {self.gold}, "
                 f"ours {self.predicted} (+{self.excused} matching a disputed event)"]
        lines += [f"  {key:<20} {value:.3f}" for key, value in self.figures().items()]
        lines.append("  missed roots: " + ", ".join(
            f"{k} {v}" for k, v in self.missed_roots.most_common()))
        lines.append("  spurious roots: " + ", ".join(
            f"{k} {v}" for k, v in self.spurious_roots.most_common()))
        lines += ["", "misses (gold vs ours):", *self.misses]
        return "\n".join(lines)


def _take(used: list[Coded], mine: Coded) -> bool:
    """Whether `mine` is one of the matched events (by identity; codes may repeat)."""
    for number, event in enumerate(used):
        if event is mine:
            del used[number]
            return True
    return False


def _describe(sentence: GoldSentence, ours: list[Coded]) -> str:
    def show(events: Sequence[Coded]) -> str:
        return "; ".join(f"{e.source or '?'}>{e.target or '?'} {e.code}" for e in events) or "-"

    gold = show([g.coded for g in sentence.events])
    return (f"- {sentence.id}: {sentence.text}\n    gold: {gold}"
            f"   disputed: {show(sentence.disputed)}\n    ours: {show(ours)}")


def score_realtext(folder: Path, nlp: Language, kb: KnowledgeBase, *,
                   keep: Keep = None) -> RealTextReport:
    sentences = [s for s in load_gold(folder) if kept(s.id, keep)]
    names = check_pipeline(DEFAULT_EXTRACTORS)
    report = RealTextReport()
    for sentence, doc in zip(sentences, nlp.pipe(s.text for s in sentences), strict=True):
        document = Document(id=sentence.id, text=sentence.text, title=sentence.title or None,
                            published=sentence.published)
        analysis = analyze_parsed(document, doc, kb, names)
        report.add(sentence, coded_events(analysis.events))
    return report


SUITE = Suite(name="realtext", data="realtext-cameo", run=score_realtext, split=True)
