"""Score who-blames-whom against Park, Pan & Joo 2021 (directed sentiment in news sentences).

Each gold line is one sentence with two bracketed entities p and q and a label: 3 = p is
negative towards q (blames, criticises, attacks), 4 = q towards p; 0–2 are neutral or
positive. We remove the brackets, analyse the sentence alone, and read a direction off our
records: a blame claim whose claimant overlaps one entity and whose accused overlaps the
other, or (for `direction_*`) also an accusing, rejecting, threatening or coercive event
between them (a negated SUPPORT or AGREE counts as a refusal), or an attribution whose
cue is a verb of criticism (`criticism_verbs` in
cues.yaml: "criticised Trump's comments") from the speaker towards the words criticised,
or an attributed statement about the other entity that holds a word of condemnation
(`negative_words`: "said the plan was a fraud"; also negated praise, "can't be trusted"),
or a demand that someone cease something ("urged Turkey to lift restrictions"). Words name an
entity when they overlap it,
or when our actor records put them in one coreference chain with words that do ("he" for
"Gov. Rick Snyder" earlier in the sentence).
Precision and recall are over directed-negative pairs; a direction counts only when it is
the gold one. We score the valid split (1,461 lines, 1,457 well formed; about 25 s of CPU),
cut into dev and held-out parts by the line's number in the file (`valid-<line>`, see
eval/split.py): misses are listed for the dev part only, and the held-out figure is the
claim. The test split is not in ../shared/data, and nothing is fitted on it.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from aftermath.errors import InputError
from aftermath.eval.spans import Tally
from aftermath.eval.split import Keep, kept
from aftermath.eval.suite import Suite
from aftermath.extract.blame_edges import blame_edges
from aftermath.knowledge import KnowledgeBase
from aftermath.pipeline import DEFAULT_EXTRACTORS, analyze_parsed, check_pipeline
from aftermath.records import ActorRef, Analysis, Attribution, Document

VALID_FILE = "directed_sentiment_park2021/valid.txt"
BRACKET_RE = re.compile(r"\[([^\[\]]*)\]")
# Gold labels for a directed negative relation.
P_TO_Q, Q_TO_P = 3, 4
# PLOVER types whose source is negative towards its target (criticism, refusal, threat, force).
NEGATIVE_EVENTS = frozenset({"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "COERCE",
                             "ASSAULT"})

# Words of praise that, negated, condemn ("can't be trusted", "is not credible") (#13).
PRAISE_WORDS = frozenset({"trust", "good", "fit", "credible", "honest", "reliable",
                          "competent", "qualified", "trustworthy", "capable"})
# Demands whose content asks someone to cease something (#13).
DEMAND_VERBS = frozenset({"urge", "call", "demand", "press", "push"})
CEASE_VERBS = frozenset({"stop", "end", "halt", "cease", "lift", "release", "withdraw",
                         "abandon", "scrap", "drop", "quit", "refrain", "free"})
# PLOVER types whose negation is a refusal ("did not support Y" is REJECT in PLOVER's terms).
WITHHELD_EVENTS = frozenset({"SUPPORT", "AGREE"})

Entity = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    p: Entity
    q: Entity
    label: int
    id: str = ""  # `valid-<line number>`: stable, so the dev/held-out cut never moves


def parse_line(line: str) -> Sentence | None:
    """One gold line without its brackets, with both entities' offsets; None if malformed."""
    fields = line.rstrip("\n").split("\t")
    if len(fields) != 4 or not fields[3].strip().isdigit():
        return None
    raw, p_text, q_text, label = fields
    pieces, spans, last = [], [], 0
    for match in BRACKET_RE.finditer(raw):
        pieces.append(raw[last:match.start()])
        start = sum(len(piece) for piece in pieces)
        pieces.append(match.group(1))
        spans.append((match.group(1), (start, start + len(match.group(1)))))
        last = match.end()
    pieces.append(raw[last:])
    p = next((span for words, span in spans if words == p_text), None)
    q = next((span for words, span in spans if words == q_text and span != p), None)
    if p is None or q is None:
        return None
    return Sentence("".join(pieces), p, q, int(label))


def load_valid(folder: Path, *, keep: Keep = None) -> list[Sentence]:
    """The well-formed lines of the valid split whose id `keep` keeps (None keeps all)."""
    path = folder / VALID_FILE
    if not path.is_file():
        raise InputError("Park 2021 valid split not found (expected ../shared/data/blame)",
                         source=str(path), code="eval.no_data")
    sentences = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        record_id = f"valid-{number}"
        sentence = parse_line(line) if kept(record_id, keep) else None
        if sentence is not None:
            sentences.append(dataclasses.replace(sentence, id=record_id))
    return sentences


def _touches(ref: ActorRef | None, entity: Entity) -> bool:
    return ref is not None and ref.start < entity[1] and entity[0] < ref.end


def _cue_lemma(doc: Doc, attribution: Attribution) -> str:
    """The cue's lemma; none for a negated cue ("doesn't criticize Trump" criticises no one)."""
    span = doc.char_span(attribution.cue.start, attribution.cue.end, alignment_mode="expand")
    if span is None or any(c.dep_ == "neg" for c in span.root.children):
        return ""
    return span.root.lemma_.lower()


def _negated_praise(token: Token) -> bool:
    """"can't be trusted", "is not credible", "was not good at": praise under a negation."""
    if token.lemma_.lower() not in PRAISE_WORDS:
        return False
    return any(c.dep_ == "neg" for c in (*token.children, *token.head.children))


def _demands_a_stop(doc: Doc, attribution: Attribution) -> bool:
    """"urged Turkey to lift restrictions", "called on Iran to stop detaining": a demand
    that someone cease what they do finds fault with it."""
    if _cue_lemma(doc, attribution) not in DEMAND_VERBS:
        return False
    span = doc.char_span(attribution.content.start, attribution.content.end,
                         alignment_mode="expand")
    return span is not None and any(t.lemma_.lower() in CEASE_VERBS and t.pos_ == "VERB"
                                    for t in span)


def _is_negative(doc: Doc, attribution: Attribution, words: frozenset[str]) -> bool:
    span = doc.char_span(attribution.content.start, attribution.content.end,
                         alignment_mode="expand")
    return span is not None and any(t.lemma_.lower() in words or t.lower_ in words
                                    or _negated_praise(t) for t in span)


Pair = tuple[ActorRef | None, ActorRef | None]


def shown_pairs(analysis: Analysis) -> list[Pair]:
    """Accuser → accused of every edge the blame network shows for this analysis (the
    headline counts these and nothing else)."""
    return [(edge.accuser, edge.accused)
            for edge in blame_edges(analysis.claims, analysis.events)]


def claim_pairs(analysis: Analysis) -> list[Pair]:
    """The network's edges that come from claims (a diagnostic: what events add)."""
    return [(edge.accuser, edge.accused)
            for edge in blame_edges(analysis.claims, ()) if edge.origin == "claim"]


def scorer_rule_pairs(analysis: Analysis, doc: Doc, *, criticism: frozenset[str],
                      negative: frozenset[str]) -> list[Pair]:
    """Directions read by rules that exist only here, never shown to the analyst: hostile
    events of every kind, criticism cues, condemning words in quotes, negated praise,
    demands to cease. A diagnostic (the headline before #17), never the headline."""
    pairs: list[Pair] = [(e.source, e.target) for e in analysis.events
                         if (e.plover in NEGATIVE_EVENTS and e.status != "negated")
                         or (e.plover in WITHHELD_EVENTS and e.status == "negated")]
    pairs += [(a.speaker, ActorRef(None, a.content.text, a.content.start, a.content.end))
              for a in analysis.attributions if _cue_lemma(doc, a) in criticism]
    pairs += [(a.speaker, ActorRef(None, a.content.text, a.content.start, a.content.end))
              for a in analysis.attributions
              if _is_negative(doc, a, negative) or _demands_a_stop(doc, a)]
    return pairs


def directions(pairs: list[Pair], analysis: Analysis, sentence: Sentence) -> set[int]:
    """The gold-style labels (3, 4) that these accuser → accused pairs support for the
    sentence's two entities."""
    chains = [a.mentions for a in analysis.actors if len(a.mentions) > 1]

    def names(ref: ActorRef | None, entity: Entity) -> bool:
        """The words name the entity, or name an actor that another mention of it names
        ("he" for "Michigan Gov. Rick Snyder": our own coreference says so)."""
        if _touches(ref, entity):
            return True
        if ref is None:
            return False
        return any(any(m.start < ref.end and ref.start < m.end for m in chain)
                   and any(m.start < entity[1] and entity[0] < m.end for m in chain)
                   for chain in chains)

    found = set()
    for source, target in pairs:
        if names(source, sentence.p) and names(target, sentence.q):
            found.add(P_TO_Q)
        elif names(source, sentence.q) and names(target, sentence.p):
            found.add(Q_TO_P)
    return found


# The headline tally (the blame network's edges) and the diagnostics beside it.
HEADLINE = "shown"
TALLIES = (HEADLINE, "claims_only", "with_scorer_rules")
# How many missed and spurious sentences the report lists (dev part only, see SplitReport).
SHOWN_ERRORS = 200


@dataclass(slots=True)
class BlameReport:
    sentences: int = 0
    tallies: dict[str, Tally] = field(
        default_factory=lambda: {name: Tally() for name in TALLIES})
    missed: list[str] = field(default_factory=list)    # gold direction not found
    spurious: list[str] = field(default_factory=list)  # a direction gold lacks

    def add(self, gold: int, ours: set[int], tally: Tally) -> None:
        directed = gold in (P_TO_Q, Q_TO_P)
        tally.gold += directed
        tally.predicted += len(ours)
        hit = directed and gold in ours
        tally.hits_gold += hit
        tally.hits_predicted += hit

    def note(self, sentence: Sentence, ours: set[int]) -> None:
        """Keep a headline error: the sentence with p and q marked and the labels."""
        directed = sentence.label in (P_TO_Q, Q_TO_P)
        if directed and sentence.label in ours and len(ours) == 1:
            return
        if not directed and not ours:
            return
        marked = _mark(sentence)
        line = f"{sentence.id} gold {sentence.label} ours {sorted(ours)}: {marked}"
        if directed and sentence.label not in ours:
            self.missed.append(line)
        if ours - {sentence.label}:
            self.spurious.append(line)

    def figures(self) -> dict[str, float]:
        """The headline only: what the blame network shows. Diagnostics are in as_dict."""
        shown = self.tallies[HEADLINE]
        return {f"{HEADLINE}_{measure}": round(getattr(shown, measure), 3)
                for measure in ("f1", "precision", "recall")}

    def as_dict(self) -> dict[str, Any]:
        return {"sentences": self.sentences,
                **{name: t.as_dict() for name, t in self.tallies.items()}}

    def render(self) -> str:
        lines = [f"Park 2021 valid: {self.sentences} sentences, directed negative = label 3/4"]
        lines += [t.render(name) for name, t in self.tallies.items()]
        lines.append(f"  ({HEADLINE}: the blame network's edges, the headline; claims_only: "
                     "its claim edges; with_scorer_rules: diagnostic, adds rules the "
                     "analyst is never shown)")
        for title, errors in (("missed", self.missed), ("spurious", self.spurious)):
            lines.append(f"  {HEADLINE} {title} ({len(errors)}, first {SHOWN_ERRORS}):")
            lines += [f"    {line}" for line in errors[:SHOWN_ERRORS]]
        return "\n".join(lines)


def _mark(sentence: Sentence) -> str:
    """The sentence with p in [P ...] and q in [Q ...], for reading an error."""
    text = sentence.text
    cuts = sorted([(sentence.p, "P"), (sentence.q, "Q")], key=lambda c: -c[0][0])
    for (start, end), name in cuts:
        text = f"{text[:start]}[{name} {text[start:end]}]{text[end:]}"
    return text


def score_blame(folder: Path, nlp: Language, kb: KnowledgeBase, *,
                keep: Keep = None) -> BlameReport:
    """Score the valid lines `keep` keeps (see eval/split.py; None scores them all)."""
    sentences = load_valid(folder, keep=keep)
    names = check_pipeline(DEFAULT_EXTRACTORS)
    report = BlameReport()
    criticism, negative = kb.cues.criticism_verbs, kb.cues.negative_words
    docs = nlp.pipe(s.text for s in sentences)
    for sentence, doc in zip(sentences, docs, strict=True):
        analysis = analyze_parsed(Document(id=sentence.id, text=sentence.text), doc, kb, names)
        report.sentences += 1
        shown = shown_pairs(analysis)
        ours = directions(shown, analysis, sentence)
        report.add(sentence.label, ours, report.tallies[HEADLINE])
        report.note(sentence, ours)
        report.add(sentence.label, directions(claim_pairs(analysis), analysis, sentence),
                   report.tallies["claims_only"])
        extra = scorer_rule_pairs(analysis, doc, criticism=criticism, negative=negative)
        report.add(sentence.label, directions(shown + extra, analysis, sentence),
                   report.tallies["with_scorer_rules"])
    return report


SUITE = Suite(name="blame", data="blame", run=score_blame, split=True)
