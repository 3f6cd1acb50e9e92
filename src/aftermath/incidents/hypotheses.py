"""The hypotheses ledger: an incident's claims grouped into competing explanations (#6, #19).

Claims of blame, responsibility and affiliation are grouped by the accused party, motive
claims by motive. The accused party comes from the knowledge base, whatever the story: the
organisation or person the accused words name (any alias, or a description of
`parties.yaml`), else the state organ its actor code names, else the country its words name
(a capital speaks for its country), else an unnamed group by its role ("bandits"); failing
all of those, a party the claim's content names. Denials attach to the hypothesis that
accuses the denier. A claim that fits no hypothesis (a prediction, a denial nobody accused,
an accused party we cannot name) goes to `unattached`, so every claim lands in exactly one
place.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aftermath.incidents.lexicon import (
    Lexicon,
    Motive,
    group_party,
    organisation_party,
    state_party,
)
from aftermath.incidents.model import ClaimRef, Hypothesis, Proponent
from aftermath.knowledge.actors import Organisation
from aftermath.records import Analysis, Claim

PARTY_KINDS = ("blame", "responsibility", "affiliation")
PRONOUNS = frozenset([
    "he", "she", "it", "they", "him", "her", "them", "who", "which", "that", "this", "we",
    "i",
])
UNSUPPORTED = ("unsupported", "hedged")
Resolver = Callable[[str, "str | None"], "tuple[str, str, str | None] | None"]


def kb_resolver(kb: Any) -> Resolver:
    """(key, name, code) of an accused party the party index did not find: a
    knowledge-base organisation by exact name, else a state or state organ by its actor
    code ("SDNMIL" → "Sudan armed forces"), else a country or capital the words name
    ("China", "Kigali" → the state)."""
    countries = getattr(kb, "countries", None)

    def resolve(words: str, code: str | None) -> tuple[str, str, str | None] | None:
        found = kb.entity(words)
        party = organisation_party(found, countries) if isinstance(
            found, Organisation) else None
        if party is None and code:
            party = state_party(code, countries) or group_party(code)
        if party is None and countries is not None:
            party = state_party(countries.lookup(words) or countries.capital(words), countries)
        return (party.key, party.label, party.code) if party is not None else None

    return resolve


@dataclass(frozen=True, slots=True)
class Source:
    """Where a document came from, as the ledger and framing need it."""

    outlet: str  # registry key, or the outlet's own name when unknown
    name: str
    country: str
    ownership: str
    published: str | None


@dataclass(frozen=True, slots=True)
class Explanation:
    key: str
    label: str
    kind: str
    code: str | None
    motive: Motive | None = None


def claim_ref(claim: Claim, seq: int, document_id: str, source: Source) -> ClaimRef:
    claimant = claim.claimant
    decided = claim.status_evidence
    return ClaimRef(
        document_id=document_id, seq=seq, kind=str(claim.kind),
        claimant=claimant.text if claimant else None,
        claimant_code=claimant.code if claimant else None,
        evidence_status=str(claim.evidence_status), outlet=source.outlet,
        published=source.published, text=claim.evidence.text, start=claim.evidence.start,
        end=claim.evidence.end, sentence=claim.evidence.sentence,
        status_text=decided.text if decided else None,
        status_start=decided.start if decided else None,
        status_end=decided.end if decided else None,
        status_sentence=decided.sentence if decided else None,
        status_rule=claim.status_rule,
    )


def explain(claim: Claim, lexicon: Lexicon,
            resolve: Resolver) -> Explanation | None:
    """The explanation a supporting claim advances, or None when it fits none.

    `resolve(words, code)` names an accused party the party index does not find in the
    accused words (a state organ by code, a country by name, an unnamed group by its
    role: "bandits", "militants").
    """
    kind = str(claim.kind)
    if kind in PARTY_KINDS:
        accused = claim.object if kind == "affiliation" else claim.subject
        if accused is not None and accused.text.lower() not in PRONOUNS:
            party = lexicon.parties.find(accused.text)
            if party is not None:
                return Explanation(party.key, party.label, "party", party.code)
            # An affiliation's object is a group: the knowledge base must know it; its code
            # or its country alone (the gunman's police force) names no explanation.
            found = None if kind == "affiliation" else resolve(accused.text, accused.code)
            if found is not None:
                key, name, code = found
                return Explanation(key, name, "party", code)
        party = lexicon.parties.find(claim.content.text, persons=False)
        if party is not None:
            return Explanation(party.key, party.label, "party", party.code)
        return None
    if kind == "motive":
        for motive in lexicon.motives:
            if motive.found_in(claim.content.text):
                return Explanation(motive.key, motive.label, "motive", None, motive)
    return None


def _denied(claim: Claim, lexicon: Lexicon, open_keys: dict[str, Explanation]) -> str | None:
    """The open hypothesis a denial answers: the denier is, or belongs to, the accused."""
    claimant = claim.claimant
    for text in ([claimant.text] if claimant else []) + [claim.content.text]:
        party = lexicon.parties.find(text)
        if party is not None and party.key in open_keys:
            return party.key
    code = claimant.code if claimant else None
    if code:
        for key, item in open_keys.items():
            if item.code and (item.code == code or (len(code) <= 6 and code.endswith(
                    ("GOV", code[:3])) and item.code.startswith(code[:3]))):
                return key
    return None


def _proponent_name(ref: ClaimRef, source: Source) -> str:
    if not ref.claimant:
        return f"{source.name} (own voice)"
    if ref.claimant.lower() in PRONOUNS:
        return ref.claimant_code or "unnamed"
    return ref.claimant


def _detail_label(label: str, motive: Motive | None, texts: list[str]) -> str:
    if motive is None or motive.detail is None:
        return label
    found = Counter(
        next(group for group in match.groups() if group)
        for text in texts for match in motive.detail.finditer(text)
    )
    return f"{label} for {found.most_common(1)[0][0]}" if found else label


def build_ledger(analyses: list[Analysis], sources: dict[str, Source], lexicon: Lexicon,
                 resolve: Resolver) -> tuple[tuple[Hypothesis, ...], tuple[ClaimRef, ...]]:
    """(hypotheses ordered by support, unattached claims) for one incident's documents."""
    supporting: dict[str, list[tuple[ClaimRef, Claim]]] = defaultdict(list)
    explanations: dict[str, Explanation] = {}
    denials: list[tuple[ClaimRef, Claim]] = []
    unattached: list[ClaimRef] = []
    for analysis in analyses:
        source = sources[analysis.document.id]
        for seq, claim in enumerate(analysis.claims):
            ref = claim_ref(claim, seq, analysis.document.id, source)
            if str(claim.kind) == "denial":
                denials.append((ref, claim))
                continue
            found = explain(claim, lexicon, resolve)
            if found is None:
                unattached.append(ref)
            else:
                explanations.setdefault(found.key, found)
                supporting[found.key].append((ref, claim))
    denied: dict[str, list[ClaimRef]] = defaultdict(list)
    for ref, claim in denials:
        key = _denied(claim, lexicon, explanations)
        if key is None:
            unattached.append(ref)
        else:
            denied[key].append(ref)
    hypotheses = [
        _hypothesis(explanations[key], [ref for ref, _ in pairs], denied[key], sources)
        for key, pairs in supporting.items()
    ]
    hypotheses.sort(key=lambda h: (-h.support, -len(h.claims), h.label))
    return tuple(hypotheses), tuple(unattached)


def _proponents(claims: list[ClaimRef], sources: dict[str, Source]) -> list[Proponent]:
    """Claimants by name; a pronoun ("he", "they") joins the named claimant of its code."""
    named: dict[str, list[ClaimRef]] = defaultdict(list)
    anonymous: list[ClaimRef] = []
    for ref in claims:
        if ref.claimant and ref.claimant.lower() in PRONOUNS:
            anonymous.append(ref)
        else:
            named[_proponent_name(ref, sources[ref.document_id]).lower()].append(ref)
    for ref in anonymous:
        same = [k for k, refs in named.items() if any(r.claimant_code == ref.claimant_code
                                                      for r in refs)] if ref.claimant_code else []
        key = max(same, key=lambda k: len(named[k])) if same else (ref.claimant_code or "unnamed")
        named[key.lower()].append(ref)
    people = []
    for refs in named.values():
        first = next((r for r in refs if r.claimant and r.claimant.lower() not in PRONOUNS),
                     refs[0])
        source = sources[first.document_id]
        code = next((r.claimant_code for r in refs if r.claimant_code), None)
        country = code[:3] if code and code[:3].isalpha() and not code.startswith(
            ("IGO", "IMG", "NGO")) else (source.country if not first.claimant else None)
        people.append(Proponent(_proponent_name(first, source), code, country, len(refs)))
    people.sort(key=lambda p: (-p.claims, p.text))
    return people


def _hypothesis(found: Explanation, claims: list[ClaimRef], denials: list[ClaimRef],
                sources: dict[str, Source]) -> Hypothesis:
    people = _proponents(claims, sources)
    outlets = list(dict.fromkeys(sources[r.document_id].outlet for r in claims))
    countries = sorted({sources[r.document_id].country for r in claims})
    seen = sorted(r.published for r in claims if r.published)
    return Hypothesis(
        key=found.key, label=_detail_label(found.label, found.motive, [r.text for r in claims]),
        kind=found.kind, code=found.code, claims=tuple(claims), denials=tuple(denials),
        proponents=tuple(people), outlets=tuple(outlets), outlet_countries=tuple(countries),
        status_counts=dict(Counter(r.evidence_status for r in claims)),
        first_seen=seen[0] if seen else None, last_seen=seen[-1] if seen else None,
    )
