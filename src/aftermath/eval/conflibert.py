"""Score the class of each sentence's main event against ConfliBERT's cameo_class TRAIN split.

Each line is a news sentence with a PentaClass label (0 statements, CAMEO 01-02; 1 verbal
cooperation, 03-05; 2 material cooperation, 06-08; 3 verbal conflict, 09-13; 4 material
conflict, 14-20). Our label is the PentaClass of the sentence's main event (the same choice
as the PLOVER suite: the syntactically highest trigger); a sentence where we code no event
is labelled 0, the class of plain statements. QuadClass accuracy merges 0 and 1.

Only train.tsv is read. The test split contains most PLOVER gold sentences, so scoring or
tuning on it would leak PLOVER into our choices; it is never opened here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language

from aftermath.errors import InputError
from aftermath.eval.plover import _best_event
from aftermath.eval.scoring import confusion, macro_f1, penta_class, ratio
from aftermath.eval.split import Keep, kept
from aftermath.eval.suite import Suite
from aftermath.knowledge import KnowledgeBase
from aftermath.pipeline import DEFAULT_EXTRACTORS, analyze_parsed, check_pipeline
from aftermath.records import Document

TRAIN_FILE = "cameo_class/train.tsv"
LABELS = (0, 1, 2, 3, 4)
LABEL_NAMES = ("statement", "verbal coop", "material coop", "verbal conflict",
               "material conflict")
NO_EVENT_LABEL = 0  # a sentence with no coded event reads as a plain statement


def parse_lines(text: str, *, source: str = TRAIN_FILE) -> list[tuple[str, int]]:
    """(sentence, label) pairs of a `sentence<TAB>label` file; a bad line is an InputError."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        sentence, _, label = line.rpartition("\t")
        if not sentence.strip() or label.strip() not in {str(x) for x in LABELS}:
            raise InputError(f"expected 'sentence<TAB>0-4', got {line[:60]!r}",
                             source=source, locator=f"line {number}", code="eval.bad_gold")
        rows.append((sentence.strip(), int(label)))
    return rows


def to_quad(penta: int) -> int:
    """PentaClass to QuadClass: statements (0) are verbal cooperation (1) in CAMEO."""
    return max(penta, 1)


@dataclass(slots=True)
class ConflibertReport:
    pairs: list[tuple[int, int]] = field(default_factory=list)  # (gold, ours)
    found: int = 0

    def as_dict(self) -> dict[str, Any]:
        records = len(self.pairs)
        matrix = confusion(self.pairs, LABELS)
        quad_pairs = [(to_quad(g), to_quad(o)) for g, o in self.pairs]
        return {
            "records": records,
            "event_recall": ratio(self.found, records),
            "accuracy": ratio(sum(g == o for g, o in self.pairs), records),
            "macro_f1": macro_f1(matrix),
            "quad_accuracy": ratio(sum(g == o for g, o in quad_pairs), records),
            "quad_macro_f1": macro_f1(confusion(quad_pairs, (1, 2, 3, 4))),
            "gold_counts": {str(label): sum(row) for label, row in zip(LABELS, matrix,
                                                                       strict=True)},
            "confusion": {"labels": list(LABELS), "rows_gold_columns_ours": matrix},
        }

    def figures(self) -> dict[str, float]:
        data = self.as_dict()
        return {k: data[k] for k in ("accuracy", "macro_f1", "quad_accuracy")}

    def render(self) -> str:
        data = self.as_dict()
        lines = [f"ConfliBERT cameo_class train sentences: {data['records']}"]
        for key in ("accuracy", "macro_f1", "quad_accuracy", "quad_macro_f1", "event_recall"):
            lines.append(f"  {key:<26} {data[key]:.3f}")
        lines.append("  confusion (rows gold, columns ours): " + " ".join(
            f"{label}={name}" for label, name in zip(LABELS, LABEL_NAMES, strict=True)))
        lines.append("        " + "".join(f"{label:>6}" for label in LABELS))
        for label, row in zip(LABELS, data["confusion"]["rows_gold_columns_ours"],
                              strict=True):
            lines.append(f"  {label:>6}" + "".join(f"{count:>6}" for count in row))
        return "\n".join(lines)


def score_conflibert(folder: Path, nlp: Language, kb: KnowledgeBase, *,
                     keep: Keep = None) -> ConflibertReport:
    path = folder / TRAIN_FILE
    if not path.is_file():
        raise InputError("ConfliBERT train split not found (expected "
                         "../shared/data/conflibert-cameo)", source=str(path),
                         code="eval.no_data")
    # A sentence is its own id: the cut survives reordering of the file.
    rows = [row for row in parse_lines(path.read_text(encoding="utf-8"), source=str(path))
            if kept(row[0], keep)]
    report = ConflibertReport()
    names = check_pipeline(DEFAULT_EXTRACTORS)
    docs = nlp.pipe(sentence for sentence, _ in rows)
    for number, ((sentence, gold), doc) in enumerate(zip(rows, docs, strict=True), start=1):
        document = Document(id=f"train-{number}", text=sentence, published=None)
        event = _best_event(analyze_parsed(document, doc, kb, names), doc)
        ours = penta_class(event.cameo) if event else None
        report.found += event is not None
        report.pairs.append((gold, NO_EVENT_LABEL if ours is None else ours))
    return report


SUITE = Suite(name="conflibert", data="conflibert-cameo", run=score_conflibert, split=True)
