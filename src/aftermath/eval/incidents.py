"""Score incident grouping and the hypotheses ledger on our own gold sets (#6, #13).

The gold sets are ours (written for this project), so they live in the repository under
`eval/gold/incidents`, not in ../shared/data. `SUITE.data` is that folder's absolute path:
`aftermath eval gate` joins it to its data root, and joining an absolute path yields the
path itself, so the gate digests and reads the repository's files whatever `--data` says.

Three sets: the first weeks (`*.yaml`, #6), the hard set (`hard/*.yaml`, #13: wire briefs,
headline-only items, a second act between the same countries on the same day, follow-ups a
week later) and the stories (`stories/*.yaml`, #19: one story of another region and kind per
week, 8-9 reports from outlets of several countries whose act is named late or never, with
distractors of the same weeks). Each week is analysed alone, its documents clustered in
publication order exactly as `aftermath incidents` would, and compared with the expected
grouping by B-cubed precision, recall and F1 (per document, averaged over the documents of a
set). `merged_acts` counts expected incidents that share a predicted incident with another
expected incident: two different acts made one. Hypothesis recall: for each expected
incident, the predicted incident holding most of its documents, and the share of expected
hypothesis keys its ledger finds.

The suite is split by week (a week's file name is the record id, so an incident and its
same-day distractors are never cut apart), but not by hash: the held-out weeks are the
ones listed in `eval/heldout-incidents.sha256` with the sha256 of their file, written and
committed before any rule was tuned (#19). Every older week is dev: their text was written
in the same commits as the rules that pass them, or quoted by those rules. A held-out file
that no longer matches its digest stops the suite: a frozen week is never edited.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from aftermath.errors import ConfigError, InputError
from aftermath.eval.split import Keep, Part, kept
from aftermath.eval.suite import SplitReport, Suite
from aftermath.incidents.brief import document_sources
from aftermath.incidents.clustering import cluster_documents
from aftermath.incidents.features import document_features, feature_index
from aftermath.incidents.hypotheses import build_ledger, kb_resolver
from aftermath.incidents.lexicon import load_lexicon
from aftermath.knowledge.outlets import load_outlets
from aftermath.pipeline import analyze_documents
from aftermath.records import Analysis, Document

GOLD = Path(__file__).resolve().parents[3] / "eval" / "gold" / "incidents"
HARD = "hard"  # the hard set's subfolder of GOLD (#13)
STORIES = "stories"  # the stories' subfolder of GOLD (#19)
SETS = (("", "*.yaml"), ("hard_", f"{HARD}/*.yaml"),
        ("story_", f"{STORIES}/*.yaml"))  # (figure prefix, files)
# `sha256sum` lines ("<digest>  gold/incidents/stories/<week>.yaml", relative to eval/):
# the held-out weeks and the digests they were frozen with (#19).
FROZEN = GOLD.parents[1] / "heldout-incidents.sha256"


def frozen_weeks(manifest: Path = FROZEN) -> dict[Path, str]:
    """The held-out week files and their frozen sha256 digests."""
    try:
        lines = manifest.read_text("utf-8").splitlines()
    except OSError as err:
        raise ConfigError(f"{manifest}: cannot read the held-out manifest ({err})") from err
    weeks = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        digest, _, name = line.partition("  ")
        if len(digest) != 64 or not name:
            raise ConfigError(f"{manifest}:{number}: not a '<sha256>  <file>' line")
        weeks[manifest.parent / name.strip()] = digest
    return weeks


def changed_frozen_weeks(manifest: Path = FROZEN) -> list[str]:
    """Held-out files missing or no longer matching their frozen digest."""
    changed = []
    for path, digest in frozen_weeks(manifest).items():
        actual = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
        if actual != digest:
            changed.append(str(path))
    return changed


def heldout_weeks(manifest: Path = FROZEN) -> frozenset[str]:
    """Record ids (file stems) of the held-out weeks."""
    return frozenset(path.stem for path in frozen_weeks(manifest))


def week_part(week: str, held: frozenset[str]) -> Part:
    return "heldout" if week in held else "dev"


@dataclass(slots=True)
class Tally:
    """Sums over the weeks of one gold set."""

    documents: int = 0
    precision_sum: float = 0.0
    recall_sum: float = 0.0
    incidents: int = 0
    merged_acts: int = 0
    expected_hypotheses: int = 0
    found_hypotheses: int = 0

    def figures(self) -> dict[str, float]:
        def ratio(value: float, total: int) -> float:
            return round(value / total, 3) if total else 0.0

        precision = ratio(self.precision_sum, self.documents)
        recall = ratio(self.recall_sum, self.documents)
        f1 = round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0
        return {"bcubed_precision": precision, "bcubed_recall": recall, "bcubed_f1": f1,
                "acts_apart": ratio(self.incidents - self.merged_acts, self.incidents),
                "hypothesis_recall": ratio(self.found_hypotheses, self.expected_hypotheses)}


@dataclass(slots=True)
class IncidentReport:
    tallies: dict[str, Tally] = field(default_factory=lambda: {p: Tally() for p, _ in SETS})
    sets: dict[str, dict[str, Any]] = field(default_factory=dict)

    def figures(self) -> dict[str, float]:
        """Headline figures; the hard set's carry a `hard_` prefix. `acts_apart` is the share
        of expected incidents not merged with another (1.0: `merged_acts` is 0), so that a
        floor on it works the way the gate's floors do."""
        result: dict[str, float] = {}
        for prefix, tally in self.tallies.items():
            if not tally.documents:
                continue  # a set with no week in this part reports nothing
            figures = tally.figures()
            if prefix and not tally.expected_hypotheses:
                figures.pop("hypothesis_recall")
            result.update({prefix + key: value for key, value in figures.items()})
        return result

    def as_dict(self) -> dict[str, Any]:
        counts = {}
        for prefix, tally in self.tallies.items():
            counts.update({f"{prefix}documents": tally.documents,
                           f"{prefix}incidents": tally.incidents,
                           f"{prefix}merged_acts": tally.merged_acts,
                           f"{prefix}expected_hypotheses": tally.expected_hypotheses})
        return {**self.figures(), **counts, "records": sum(
            t.documents for t in self.tallies.values()), "sets": self.sets}

    def render(self) -> str:
        lines = []
        names = {"": "incident gold", "hard_": "hard incident gold",
                 "story_": "story incident gold"}
        for prefix, tally in self.tallies.items():
            if not tally.documents:
                continue
            figures = tally.figures()
            name = names[prefix]
            lines += [f"{name}: {tally.documents} documents, {tally.incidents} incidents",
                      f"  B-cubed precision {figures['bcubed_precision']:.3f}  recall "
                      f"{figures['bcubed_recall']:.3f}  F1 {figures['bcubed_f1']:.3f}  "
                      f"merged_acts {tally.merged_acts}",
                      f"  hypothesis recall {figures['hypothesis_recall']:.3f} "
                      f"({tally.found_hypotheses}/{tally.expected_hypotheses})"]
        for name, detail in self.sets.items():
            lines.append(f"  {name}: F1 {detail['bcubed_f1']:.3f}")
            for problem in detail["problems"]:
                lines.append(f"    - {problem}")
        return "\n".join(lines)


def load_gold_set(path: Path) -> dict[str, Any]:
    """One gold week. A headline-only item (empty text) is analysed with its title as its
    text: the title is all the item says."""
    try:
        raw = yaml.safe_load(path.read_text("utf-8"))
        documents = [Document(id=str(a["id"]), text=str(a.get("text") or a["title"]),
                              title=a.get("title"), outlet=a.get("outlet"),
                              published=str(a["published"]))
                     for a in raw["articles"]]
        incidents = [(str(i["name"]), [str(d) for d in i["documents"]],
                      [str(h) for h in i.get("hypotheses") or []]) for i in raw["incidents"]]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as err:
        raise ConfigError(f"{path}: not an incident gold set ({err!r})") from err
    grouped = [d for _, docs, _ in incidents for d in docs]
    if sorted(grouped) != sorted(d.id for d in documents):
        raise ConfigError(f"{path}: every article must be in exactly one expected incident")
    return {"name": raw.get("name", path.stem), "documents": documents, "incidents": incidents}


def bcubed(gold: dict[str, str], predicted: dict[str, str]) -> tuple[float, float]:
    """Sums over documents of B-cubed precision and recall (divide by the count)."""
    gold_members: dict[str, set[str]] = defaultdict(set)
    predicted_members: dict[str, set[str]] = defaultdict(set)
    for doc, label in gold.items():
        gold_members[label].add(doc)
    for doc, label in predicted.items():
        predicted_members[label].add(doc)
    precision = recall = 0.0
    for doc in gold:
        mine, truth = predicted_members[predicted[doc]], gold_members[gold[doc]]
        precision += len(mine & truth) / len(mine)
        recall += len(mine & truth) / len(truth)
    return precision, recall


def merged_acts(gold: dict[str, str], predicted: dict[str, str]) -> list[str]:
    """Expected incidents that share a predicted incident with another expected one."""
    acts: dict[str, set[str]] = defaultdict(set)
    for doc, label in predicted.items():
        acts[label].add(gold[doc])
    return sorted({name for names in acts.values() if len(names) > 1 for name in names})


def _analyses(documents: list[Document], nlp: Any, kb: Any) -> dict[str, Analysis]:
    result = {}
    for item in analyze_documents(documents, nlp, kb):
        if isinstance(item, InputError):
            raise ConfigError(f"gold article {item.locator}: {item.args[0]}")
        result[item.document.id] = item
    return result


def _problems(gold_set: dict[str, Any], predicted: dict[str, str],
              analyses: dict[str, Analysis], kb: Any, tally: Tally) -> list[str]:
    """Grouping misses of one week, and its hypotheses counted into `tally`."""
    registry, lexicon = load_outlets(), load_lexicon(kb)
    problems = []
    for name, docs, expected in gold_set["incidents"]:
        counts: dict[str, int] = defaultdict(int)
        for doc in docs:
            counts[predicted[doc]] += 1
        best = max(counts, key=lambda k: counts[k])
        members = [d for d, label in predicted.items() if label == best]
        stray = sorted(set(docs) - set(members))
        extra = sorted(set(members) - set(docs))
        if stray or extra:
            problems.append(f"{name}: split off {stray or '-'}; wrongly joined {extra or '-'}")
        chosen = [analyses[d] for d in members]
        hypotheses, _ = build_ledger(chosen, document_sources(chosen, registry), lexicon,
                                     kb_resolver(kb))
        keys = {h.key for h in hypotheses}
        tally.expected_hypotheses += len(expected)
        tally.found_hypotheses += len(set(expected) & keys)
        missing = sorted(set(expected) - keys)
        if missing:
            problems.append(f"{name}: hypotheses not found {missing}")
    return problems


def score_incidents(folder: Path, nlp: Any, kb: Any, *, keep: Keep = None) -> IncidentReport:
    """Score both gold sets under `folder`; `keep` selects weeks by file name (split.py)."""
    report = IncidentReport()
    index = feature_index(kb)
    for prefix, pattern in SETS:
        files = sorted(folder.glob(pattern))
        if not files and not prefix:
            raise ConfigError(f"no incident gold sets (*.yaml) in {folder}")
        tally = report.tallies[prefix]
        for path in files:
            if not kept(path.stem, keep):
                continue
            gold_set = load_gold_set(path)
            analyses = _analyses(gold_set["documents"], nlp, kb)
            states = cluster_documents(document_features(a, index=index)
                                       for a in analyses.values())
            predicted = {doc: state.id for state in states for doc in state.documents}
            gold = {doc: name for name, docs, _ in gold_set["incidents"] for doc in docs}
            precision, recall = bcubed(gold, predicted)
            merged = merged_acts(gold, predicted)
            tally.documents += len(gold)
            tally.precision_sum += precision
            tally.recall_sum += recall
            tally.incidents += len(gold_set["incidents"])
            tally.merged_acts += len(merged)
            problems = _problems(gold_set, predicted, analyses, kb, tally)
            if merged:
                problems.append(f"merged acts: {merged}")
            p_set, r_set = precision / len(gold), recall / len(gold)
            f1 = (2 * p_set * r_set / (p_set + r_set)) if p_set + r_set else 0.0
            report.sets[gold_set['name']] = {
                "documents": len(gold), "bcubed_f1": round(f1, 3),
                "merged_acts": len(merged), "problems": problems}
    return report


@dataclass(frozen=True, slots=True)
class FrozenSplitSuite(Suite):
    """A split suite whose held-out part is the frozen manifest's weeks, not a hash cut."""

    manifest: Path = FROZEN

    def evaluate(self, data_dir: Path, nlp: Any, kb: Any) -> SplitReport:
        changed = changed_frozen_weeks(self.manifest)
        if changed:
            raise ConfigError(f"held-out incident weeks changed since they were frozen: "
                              f"{', '.join(changed)}")
        held = heldout_weeks(self.manifest)
        return SplitReport(
            dev=self.run(data_dir, nlp, kb, keep=lambda w: week_part(w, held) == "dev"),
            heldout=self.run(data_dir, nlp, kb,
                             keep=lambda w: week_part(w, held) == "heldout"))


SUITE = FrozenSplitSuite(name="incidents", data=str(GOLD), run=score_incidents, split=True)
