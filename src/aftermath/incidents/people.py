"""People, not mentions, in the ledger and the framing cards (#19).

The ledger groups claims by explanation; who advanced each is a claimant's words ("he",
"Erdogan", "President Recep Tayyip Erdogan", "RUSGOV"). Here each claimant and quoted
speaker gets its resolved name (names.py: the actor records of its document, the
knowledge base, a label of its code), spellings of one person are folded across the
incident, and proponents are counted by that name: one proponent per person or body.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from aftermath.incidents.hypotheses import Source
from aftermath.incidents.model import ClaimRef, Hypothesis, Proponent
from aftermath.incidents.names import ActorNames, canonical_names
from aftermath.records import Analysis, Attribution, Named, country_of

# Codes of bodies that are no country's ("IGOUNO"): their proponents carry no country.
STATELESS = ("IGO", "IMG", "NGO", "---")
UNNAMED = "an unnamed source"

ClaimantNames = dict[tuple[str, int], Named | None]


def _canonical(found: dict[Any, Named | None], kb: Any) -> dict[Any, Named | None]:
    """The same names with the spellings of one person folded (canonical_names)."""
    spellings = canonical_names([n.name for n in found.values() if n is not None], kb)
    return {key: (Named(spellings.get(n.name, n.name), n.code) if n is not None else None)
            for key, n in found.items()}


def claimant_names(analyses: list[Analysis], kb: Any) -> ClaimantNames:
    """(document id, claim index) → the claimant's name, folded across the incident."""
    found: dict[tuple[str, int], Named | None] = {}
    for analysis in analyses:
        names = ActorNames(analysis, kb)
        for seq, claim in enumerate(analysis.claims):
            found[(analysis.document.id, seq)] = names.name_of(claim.claimant)
    return _canonical(found, kb)


def speaker_names(analyses: list[Analysis], kb: Any
                  ) -> Callable[[str, int, Attribution], str | None]:
    """A lookup of each quoted speaker's name (framing's "quotes"), folded likewise."""
    found: dict[tuple[str, int], Named | None] = {}
    for analysis in analyses:
        names = ActorNames(analysis, kb)
        for seq, attribution in enumerate(analysis.attributions):
            found[(analysis.document.id, seq)] = names.name_of(attribution.speaker)
    folded = _canonical(found, kb)

    def name(document_id: str, seq: int, attribution: Attribution) -> str | None:
        named = folded.get((document_id, seq))
        return named.name if named is not None else None

    return name


def with_claimant_name(ref: ClaimRef, names: ClaimantNames) -> ClaimRef:
    named = names.get((ref.document_id, ref.seq))
    return replace(ref, claimant_name=named.name if named else None,
                   claimant_code=ref.claimant_code or (named.code if named else None))


def proponents(claims: tuple[ClaimRef, ...], sources: dict[str, Source]) -> tuple[Proponent, ...]:
    """One proponent per resolved name, with the claims it advanced; an outlet speaking in
    its own voice is its own proponent."""
    grouped: dict[str, list[ClaimRef]] = defaultdict(list)
    own: dict[str, bool] = {}
    for ref in claims:
        if ref.claimant is None:
            key = f"{sources[ref.document_id].name} (own voice)"
            own[key] = True
        else:
            key = ref.claimant_name or UNNAMED
        grouped[key].append(ref)
    people = []
    for name, refs in grouped.items():
        code = Counter(r.claimant_code for r in refs if r.claimant_code).most_common(1)
        found = code[0][0] if code else None
        if own.get(name):
            country: str | None = sources[refs[0].document_id].country
        else:
            country = country_of(found) if found and not found.startswith(STATELESS) else None
        people.append(Proponent(name, found, country, len(refs)))
    people.sort(key=lambda p: (-p.claims, p.text))
    return tuple(people)


def named_proponents(hypotheses: tuple[Hypothesis, ...], names: ClaimantNames,
                     sources: dict[str, Source]) -> tuple[Hypothesis, ...]:
    """The ledger with each claim's claimant name and proponents counted by name."""
    result = []
    for hypothesis in hypotheses:
        claims = tuple(with_claimant_name(r, names) for r in hypothesis.claims)
        denials = tuple(with_claimant_name(r, names) for r in hypothesis.denials)
        result.append(replace(hypothesis, claims=claims, denials=denials,
                              proponents=proponents(claims, sources)))
    return tuple(result)
