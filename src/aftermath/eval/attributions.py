"""Score attributions against PolNeAR (Newell, Margolin & Ruths 2018): who said what, by cue.

PolNeAR codes each attribution in brat standoff as a Source, a Cue and a Content span, the
latter often discontinuous. A predicted attribution matches a gold one when their cues
overlap (one to one, best content overlap first); its source and content are then right
when they share at least half of the shorter span's characters. An attribution without a
source ("Attribution-no-source") counts as right on source only when we give none either.
Whole = cue, source and content all right.

Our split quotes ("X," he said, "Y") are two records with one cue; PolNeAR codes them as
one attribution with a two-piece content, so records that share a cue are merged before
scoring. Where several annotators coded an article, we score against the one whose code
sorts first (4b22 for the two dev articles that all six coded); no article is counted
twice. We use dev (and train with `--split train`); PolNeAR's test split is not in
../shared/data and nothing is fitted on it. Within the chosen split, articles are cut into
our own dev and held-out parts by article name (eval/split.py), so an article is never
split: misses are read on the dev part only, and the held-out figure is the claim.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from aftermath.errors import InputError
from aftermath.eval.spans import Fragments, Tally, length, merge, overlap, overlaps_enough
from aftermath.eval.split import Keep, kept
from aftermath.eval.suite import Suite
from aftermath.knowledge import KnowledgeBase
from aftermath.pipeline import analyze_parsed, check_pipeline
from aftermath.records import Attribution, Document

# Attributions need only actors; events and claims would cost time and change nothing here.
EXTRACTORS = ("actors.kb_rules.v1", "attributions.cue_rules.v1")
PARTS = ("cue", "source", "content", "whole")
# The strict match (#17), reported beside the lenient one: our cue holds the gold cue's head
# word, the head word of our source lies inside the gold source, and our content covers at
# least half of the gold content (not half of the shorter span).
STRICT_PARTS = tuple(f"strict_{part}" for part in PARTS)
STRICT_CONTENT_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    cue: Fragments
    source: Fragments | None
    content: Fragments


@dataclass(frozen=True, slots=True)
class Article:
    name: str
    annotator: str
    text: str
    published: str | None
    gold: tuple[GoldAttribution, ...]


def _fragments(offsets: str) -> Fragments:
    pieces = []
    for piece in offsets.split(";"):
        start, end = piece.split()
        pieces.append((int(start), int(end)))
    return tuple(pieces)


def parse_ann(text: str) -> tuple[GoldAttribution, ...]:
    """Attributions of one brat standoff file (T lines for spans, E lines tie them)."""
    spans: dict[str, Fragments] = {}
    relations: list[dict[str, list[str]]] = []
    for line in text.splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            _, _, offsets = fields[1].partition(" ")
            spans[fields[0]] = _fragments(offsets)
        elif line.startswith("E") and len(fields) >= 2:
            roles: dict[str, list[str]] = {}
            for item in fields[1].split():
                role, _, ref = item.partition(":")
                roles.setdefault(role.rstrip("0123456789"), []).append(ref)
            relations.append(roles)
    gold = []
    for roles in relations:
        cue = merge(spans[r] for r in roles.get("Cue", []) if r in spans)
        content = merge(spans[r] for r in roles.get("Content", []) if r in spans)
        source = merge(spans[r] for r in roles.get("Source", []) if r in spans) or None
        if cue and content:
            gold.append(GoldAttribution(cue, source, content))
    return tuple(gold)


def load_split(folder: Path, split: str = "dev") -> list[Article]:
    root = folder / "data" / split
    if not (root / "text").is_dir():
        raise InputError(f"PolNeAR split {split!r} not found (expected {root}/text)",
                         source=str(root), code="eval.no_data")
    published = _publication_dates(folder / "data" / "metadata.tsv")
    by_article: dict[str, list[Path]] = {}
    for path in sorted((root / "attributions").glob("*.ann")):
        name, _, _annotator = path.stem.rpartition("_")
        by_article.setdefault(name, []).append(path)
    articles = []
    for name, paths in sorted(by_article.items()):
        text_path = root / "text" / f"{name}.txt"
        if not text_path.is_file():
            continue
        chosen = paths[0]  # sorted: the annotator code that sorts first
        with open(text_path, encoding="utf-8", newline="") as handle:
            text = handle.read()
        articles.append(Article(
            name=name, annotator=chosen.stem.rpartition("_")[2], text=text,
            published=published.get(name),
            gold=parse_ann(chosen.read_text(encoding="utf-8")),
        ))
    return articles


def _publication_dates(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    with open(path, encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {row["filename"]: row["publication_date"] for row in rows
                if row.get("publication_date", "").count("-") == 2}


@dataclass(frozen=True, slots=True)
class Predicted:
    cue: Fragments
    source: Fragments | None
    content: Fragments


def predictions(attributions: tuple[Attribution, ...]) -> list[Predicted]:
    """Our records as spans, those that share a cue merged into one (split quotes)."""
    by_cue: dict[tuple[int, int], list[Attribution]] = {}
    for attribution in attributions:
        by_cue.setdefault((attribution.cue.start, attribution.cue.end), []).append(attribution)
    found = []
    for cue, group in by_cue.items():
        speaker = next((a.speaker for a in group if a.speaker is not None), None)
        found.append(Predicted(
            cue=(cue,),
            source=((speaker.start, speaker.end),) if speaker is not None else None,
            content=merge(((a.content.start, a.content.end),) for a in group),
        ))
    return found


def _source_right(gold: GoldAttribution, ours: Predicted) -> bool:
    if gold.source is None or ours.source is None:
        return gold.source is None and ours.source is None
    return overlaps_enough(gold.source, ours.source)


def _one_to_one(gold: tuple[GoldAttribution, ...], ours: list[Predicted],
                cue_matches: Callable[[int, int], bool]) -> list[tuple[int, int]]:
    """Gold and predicted indices paired one to one among those whose cues match, the
    largest content overlap first."""
    pairs = [(overlap(item.content, pred.content), g, p)
             for g, item in enumerate(gold) for p, pred in enumerate(ours)
             if cue_matches(g, p)]
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    chosen = []
    for _, g, p in sorted(pairs, reverse=True):
        if g in used_gold or p in used_pred:
            continue
        used_gold.add(g)
        used_pred.add(p)
        chosen.append((g, p))
    return chosen


def _lenient_pairs(gold: tuple[GoldAttribution, ...],
                   ours: list[Predicted]) -> list[tuple[bool, bool]]:
    """(source right, content right) per matched pair: cues overlap, and source and content
    share half of the shorter span."""
    return [(_source_right(gold[g], ours[p]), overlaps_enough(gold[g].content, ours[p].content))
            for g, p in _one_to_one(gold, ours,
                                    lambda g, p: bool(overlap(gold[g].cue, ours[p].cue)))]


def _head(doc: Doc, span: Fragments) -> Fragments:
    """The head word of a span: its token whose syntactic head lies outside it."""
    tokens = [t for start, end in span
              if (piece := doc.char_span(start, end, alignment_mode="expand")) is not None
              for t in piece]
    inside = {t.i for t in tokens}
    head = next((t for t in tokens if t.head.i not in inside or t.head == t), None)
    if head is None:
        return span[:1]
    return ((head.idx, head.idx + len(head.text)),)


def _strict_pairs(gold: tuple[GoldAttribution, ...], ours: list[Predicted],
                  doc: Doc) -> list[tuple[bool, bool]]:
    """(source right, content right) per strictly matched pair (see STRICT_PARTS)."""
    heads = [_head(doc, item.cue) for item in gold]
    found = []
    for g, p in _one_to_one(gold, ours, lambda g, p: bool(overlap(heads[g], ours[p].cue))):
        item, pred = gold[g], ours[p]
        if item.source is None or pred.source is None:
            source = item.source is None and pred.source is None
        else:
            head = _head(doc, pred.source)
            source = overlap(head, item.source) == length(head) > 0
        content = overlap(item.content, pred.content) >= (
            STRICT_CONTENT_SHARE * length(item.content))
        found.append((source, content))
    return found


@dataclass(slots=True)
class AttributionReport:
    split: str = "dev"
    articles: int = 0
    annotators: dict[str, int] = field(default_factory=dict)
    tallies: dict[str, Tally] = field(
        default_factory=lambda: {p: Tally() for p in PARTS + STRICT_PARTS})

    def add(self, gold: tuple[GoldAttribution, ...], ours: list[Predicted],
            doc: Doc | None = None) -> None:
        """Match and count one article: the lenient parts always, the strict ones when the
        article's parse is given (heads need it)."""
        self._count(PARTS, _lenient_pairs(gold, ours), gold, ours)
        if doc is not None:
            self._count(STRICT_PARTS, _strict_pairs(gold, ours, doc), gold, ours)

    def _count(self, parts: tuple[str, ...], pairs: list[tuple[bool, bool]],
               gold: tuple[GoldAttribution, ...], ours: list[Predicted]) -> None:
        cue, source, content, whole = (self.tallies[part] for part in parts)
        for source_right, content_right in pairs:
            for tally, right in ((cue, True), (source, source_right),
                                 (content, content_right),
                                 (whole, source_right and content_right)):
                tally.hits_gold += right
                tally.hits_predicted += right
        for part in parts:
            self.tallies[part].gold += len(gold)
            self.tallies[part].predicted += len(ours)

    def figures(self) -> dict[str, float]:
        return {f"{part}_f1": round(self.tallies[part].f1, 3) for part in PARTS + STRICT_PARTS}

    def as_dict(self) -> dict[str, Any]:
        return {"split": self.split, "articles": self.articles,
                "annotators": dict(sorted(self.annotators.items())),
                **{part: tally.as_dict() for part, tally in self.tallies.items()}}

    def render(self) -> str:
        coders = ", ".join(f"{k} {v}" for k, v in sorted(self.annotators.items()))
        lines = [f"PolNeAR {self.split}: {self.articles} articles (annotators: {coders})"]
        lines += [self.tallies[part].render(part) for part in PARTS]
        lines.append("  strict (cue holds the gold cue's head, our source's head inside the "
                     "gold source, content covers half the gold content):")
        lines += [self.tallies[part].render(part) for part in STRICT_PARTS]
        return "\n".join(lines)


def score_attributions(folder: Path, nlp: Language, kb: KnowledgeBase, *,
                       split: str = "dev", limit: int | None = None,
                       keep: Keep = None) -> AttributionReport:
    """Analyse each article of PolNeAR's `split` that `keep` keeps (by article name) and
    score its attributions against gold."""
    articles = [a for a in load_split(folder, split) if kept(a.name, keep)][:limit]
    names = check_pipeline(EXTRACTORS)
    report = AttributionReport(split=split)
    docs = nlp.pipe(article.text for article in articles)
    for article, doc in zip(articles, docs, strict=True):
        document = Document(id=article.name, text=article.text, published=article.published)
        analysis = analyze_parsed(document, doc, kb, names)
        report.articles += 1
        report.annotators[article.annotator] = report.annotators.get(article.annotator, 0) + 1
        report.add(article.gold, predictions(analysis.attributions), doc)
    return report


SUITE = Suite(name="attributions", data="polnear", run=score_attributions, split=True)
