"""Framing: what each outlet, and each group of outlets, says about one incident (#6).

Per outlet and per (outlet country, ownership): the hypotheses it carries and those others
carry that it leaves out, the actors it quotes, the share of its claims that are
unsupported or hedged, and the words it uses for the event. Words are counted in the title
and in the sentences we coded (events, claims, quotes), which is where an article names
the event.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable

from aftermath.incidents.hypotheses import UNSUPPORTED, Source
from aftermath.incidents.lexicon import Lexicon
from aftermath.incidents.model import Framing, Hypothesis
from aftermath.records import Analysis, Attribution

TOP_QUOTED = 6
TOP_WORDS = 6


def _sentences(analysis: Analysis) -> list[str]:
    seen: dict[int, str] = {}
    spans = [item.evidence for item in analysis.events]
    spans += [item.evidence for item in analysis.claims]
    spans += [item.evidence for item in analysis.attributions]
    for span in spans:
        seen.setdefault(span.start, span.text)
    return [analysis.document.title or "", *seen.values()]


def event_words(analysis: Analysis, lexicon: Lexicon) -> Counter[str]:
    """How often each event word occurs; the longest phrase wins ("terrorist attack" is
    not also an "attack")."""
    counts: Counter[str] = Counter()
    for text in _sentences(analysis):
        for found in lexicon.event_words.findall(text):
            counts[" ".join(found.lower().split())] += 1
    return counts


SpeakerName = Callable[[str, int, Attribution], "str | None"]


def _quoted(analysis: Analysis, speaker_name: SpeakerName) -> Counter[str]:
    """Who the document quotes, by resolved name (#19: never a pronoun or a bare code)."""
    counts: Counter[str] = Counter()
    for seq, attribution in enumerate(analysis.attributions):
        if attribution.speaker is None:
            continue
        name = speaker_name(analysis.document.id, seq, attribution)
        if name:
            counts[name] += 1
    return counts


def build_framing(analyses: list[Analysis], sources: dict[str, Source],
                  hypotheses: tuple[Hypothesis, ...], lexicon: Lexicon,
                  speaker_name: SpeakerName) -> tuple[tuple[Framing, ...],
                                                               tuple[Framing, ...]]:
    """(per outlet, per country and ownership) framing entries."""
    carried: dict[str, set[str]] = defaultdict(set)  # document → hypothesis keys
    claims: dict[str, list[str]] = defaultdict(list)  # document → evidence statuses
    for hypothesis in hypotheses:
        for ref in hypothesis.claims:
            carried[ref.document_id].add(hypothesis.key)
            claims[ref.document_id].append(ref.evidence_status)
    order = [h.key for h in hypotheses]
    words_of = {a.document.id: event_words(a, lexicon) for a in analyses}
    quoted_of = {a.document.id: _quoted(a, speaker_name) for a in analyses}

    def entry(key: str, name: str, country: str, ownership: str, docs: list[Analysis]
              ) -> Framing:
        mine = set().union(*(carried[a.document.id] for a in docs))
        statuses = [s for a in docs for s in claims[a.document.id]]
        quoted: Counter[str] = Counter()
        words: Counter[str] = Counter()
        for analysis in docs:
            quoted.update(quoted_of[analysis.document.id])
            words.update(words_of[analysis.document.id])
        return Framing(
            outlet=key, name=name, country=country, ownership=ownership, documents=len(docs),
            hypotheses=tuple(k for k in order if k in mine),
            missing=tuple(k for k in order if k not in mine),
            quoted=tuple(quoted.most_common(TOP_QUOTED)),
            unsupported_share=(round(sum(s in UNSUPPORTED for s in statuses) / len(statuses), 3)
                               if statuses else None),
            words=tuple(words.most_common(TOP_WORDS)),
        )

    by_outlet: dict[str, list[Analysis]] = defaultdict(list)
    by_group: dict[tuple[str, str], list[Analysis]] = defaultdict(list)
    for analysis in analyses:
        source = sources[analysis.document.id]
        by_outlet[source.outlet].append(analysis)
        by_group[(source.country, source.ownership)].append(analysis)
    outlets = []
    for key, docs in by_outlet.items():
        source = sources[docs[0].document.id]
        outlets.append(entry(key, source.name, source.country, source.ownership, docs))
    groups = [entry(f"{country} {ownership}", f"{country} {ownership} outlets", country,
                    ownership, docs) for (country, ownership), docs in by_group.items()]
    outlets.sort(key=lambda f: (f.country, f.ownership, f.outlet))
    groups.sort(key=lambda f: (f.country, f.ownership))
    return tuple(outlets), tuple(groups)
