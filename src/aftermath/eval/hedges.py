"""Score hedge cue detection against the Szeged Uncertainty Corpus, Wikipedia part.

Gold marks each uncertainty cue (`<ccue>`: speculation, belief, condition, investigation)
in 20,748 sentences of 4,530 Wikipedia articles. We tag each sentence (tagger and
lemmatizer only) and run the hedge finder; a predicted cue matches a gold cue when they
overlap, one to one. The corpus has no dev/test split, so we made one: the lexicon was
chosen looking only at the even-numbered articles (`tune`); the odd-numbered articles
(`heldout`) were never looked at; `cue_f1` is always over held-out articles. Tagging all
16,218 text sentences takes over a minute here, so the default scope (`sample`, used by
the gate) scores a deterministic quarter: the held-out articles whose number is 1 modulo 4
(1, 5, 9, ...; about 4,000 sentences); `heldout` scores every odd article and `all` every
article (with the tune half shown apart).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language

from aftermath.errors import InputError
from aftermath.eval.spans import Tally
from aftermath.eval.suite import Suite
from aftermath.extract.hedges import compile_lexicon, find_hedge_cues
from aftermath.knowledge import KnowledgeBase

WIKI_FILE = "szeged_uncertainty_wiki/wiki.xml"
# The parser and NER are not needed to find cue words; leaving them out triples speed.
UNUSED_PIPES = ("parser", "ner")


@dataclass(frozen=True, slots=True)
class GoldSentence:
    article: int
    text: str
    cues: tuple[tuple[int, int], ...]  # character offsets


def load_wiki(folder: Path) -> list[GoldSentence]:
    path = folder / WIKI_FILE
    if not path.is_file():
        raise InputError("Szeged Wikipedia corpus not found (expected ../shared/data/hedging)",
                         source=str(path), code="eval.no_data")
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as err:
        raise InputError(f"not valid XML: {err}", source=str(path),
                         code="eval.bad_data") from err
    sentences = []
    for number, article in enumerate(root.iter("Document")):
        for part in article.iter("DocumentPart"):
            if part.get("type") != "Text":
                continue  # titles are names, not statements
            for sentence in part.iter("Sentence"):
                sentences.append(_sentence(number, sentence))
    return sentences


def _sentence(article: int, element: ET.Element) -> GoldSentence:
    text, cues = element.text or "", []
    for child in element:
        start = len(text)
        text += "".join(child.itertext())
        if child.tag == "ccue":
            cues.append((start, len(text)))
        text += child.tail or ""
    return GoldSentence(article, text, tuple(cues))


def _matches(gold: tuple[tuple[int, int], ...], ours: list[tuple[int, int]]) -> int:
    used: set[int] = set()
    hits = 0
    for start, end in gold:
        for number, (s, e) in enumerate(ours):
            if number not in used and s < end and start < e:
                used.add(number)
                hits += 1
                break
    return hits


@dataclass(slots=True)
class HedgeReport:
    scope: str = "sample"
    sentences: int = 0
    tallies: dict[str, Tally] = field(
        default_factory=lambda: {"all": Tally(), "tune": Tally(), "heldout": Tally()})
    missed: dict[str, int] = field(default_factory=dict)
    spurious: dict[str, int] = field(default_factory=dict)

    def figures(self) -> dict[str, float]:
        return {"cue_f1": round(self.tallies["heldout"].f1, 3)}

    def as_dict(self) -> dict[str, Any]:
        def top(counts: dict[str, int]) -> dict[str, int]:
            return dict(sorted(counts.items(), key=lambda kv: -kv[1])[:15])

        return {"scope": self.scope, "sentences": self.sentences,
                **{name: t.as_dict() for name, t in self.tallies.items()},
                "top_missed": top(self.missed), "top_spurious": top(self.spurious)}

    def render(self) -> str:
        lines = [f"Szeged Wikipedia uncertainty cues ({self.scope}): {self.sentences} sentences"]
        lines += [t.render(name) for name, t in self.tallies.items() if t.gold]
        return "\n".join(lines)


def _sample(article: int) -> bool:
    return article % 4 == 1


def _heldout(article: int) -> bool:
    return article % 2 == 1


def _every(article: int) -> bool:
    return True


SCOPES: dict[str, Callable[[int], bool]] = {
    "sample": _sample, "heldout": _heldout, "all": _every,
}


def score_hedges(folder: Path, nlp: Language, kb: KnowledgeBase, *,
                 scope: str = "sample") -> HedgeReport:
    if scope not in SCOPES:
        raise InputError(f"unknown scope {scope!r} (use {', '.join(SCOPES)})",
                         code="eval.bad_option")
    sentences = [s for s in load_wiki(folder) if SCOPES[scope](s.article)]
    lexicon = compile_lexicon(kb.cues.hedge_cues)
    disabled = [name for name in UNUSED_PIPES if name in nlp.pipe_names]
    report = HedgeReport(scope=scope)
    docs = nlp.pipe((s.text for s in sentences), disable=disabled, batch_size=256)
    for sentence, doc in zip(sentences, docs, strict=True):
        ours = [(doc[first].idx, doc[last].idx + len(doc[last].text))
                for first, last in find_hedge_cues(doc, lexicon)]
        hits = _matches(sentence.cues, ours)
        report.sentences += 1
        half = "tune" if sentence.article % 2 == 0 else "heldout"
        for name in ("all", half):
            tally = report.tallies[name]
            tally.gold += len(sentence.cues)
            tally.predicted += len(ours)
            tally.hits_gold += hits
            tally.hits_predicted += hits
        if half == "tune":  # error lists come from the tuning half only
            _count_errors(report, sentence, ours)
    return report


def _count_errors(report: HedgeReport, sentence: GoldSentence,
                  ours: list[tuple[int, int]]) -> None:
    for start, end in sentence.cues:
        if not any(s < end and start < e for s, e in ours):
            word = sentence.text[start:end].lower()
            report.missed[word] = report.missed.get(word, 0) + 1
    for start, end in ours:
        if not any(s < e and start < e_ for s, e_ in [(s, e) for s, e in sentence.cues]
                   for e in [end]):
            pass
    for s, e in ours:
        if not any(s < end and start < e for start, end in sentence.cues):
            word = sentence.text[s:e].lower()
            report.spurious[word] = report.spurious.get(word, 0) + 1


SUITE = Suite(name="hedges", data="hedging", run=score_hedges)
