"""The hypotheses ledger and framing on hand-built claims (#6)."""

from __future__ import annotations

import pytest

from aftermath.incidents.framing import build_framing
from aftermath.incidents.hypotheses import Source, build_ledger, kb_resolver
from aftermath.incidents.lexicon import load_lexicon
from aftermath.records import ActorRef, Analysis, Attribution, Claim, Document, Span

CLAIMS = [  # (document, kind, claimant, claimant code, accused, status, sentence)
    ("tr1", "blame", "Turkish officials", "TURGOV", "FETO", "unsupported",
     "Turkish officials blamed FETO for the killing without evidence."),
    ("tr2", "blame", "The mayor", "TURGOV", "Gulenists", "asserted",
     "The mayor blamed Gulenists for the attack."),
    ("uk1", "blame", "Officials", "TURGOV", "the Gulen movement", "hedged",
     "Officials said the Gulen movement may have been behind the attack."),
    ("ru1", "blame", "A senator", "RUSLEG", "Western intelligence services", "hedged",
     "A senator said Western intelligence services might be behind it."),
    ("uk1", "denial", "Gulen", "TUROPP", None, "asserted",
     "Gulen denied any role in the attack."),
    ("ru1", "prediction", "Analysts", None, None, "asserted",
     "Analysts said ties would survive."),
    ("ru1", "denial", "Nobody", None, None, "asserted",
     "Nobody denied that the weather was bad."),
    ("tr1", "motive", "The gunman", "TURCOP", None, "asserted",
     'The gunman shouted "Don\'t forget Aleppo!" and spoke of revenge for Aleppo.'),
]
SOURCES = {
    "tr1": Source("anadolu", "Anadolu Agency", "TUR", "state", "2016-12-20"),
    "tr2": Source("daily-sabah", "Daily Sabah", "TUR", "private", "2016-12-21"),
    "uk1": Source("bbc", "BBC News", "GBR", "public", "2016-12-20"),
    "ru1": Source("tass", "TASS", "RUS", "state", "2016-12-20"),
}


def _ref(text: str, words: str | None, code: str | None = None) -> ActorRef | None:
    if words is None:
        return None
    start = text.find(words)
    return ActorRef(code, words, start, start + len(words))


def _analyses() -> list[Analysis]:
    by_doc: dict[str, list[Claim]] = {doc: [] for doc in SOURCES}
    texts: dict[str, str] = {doc: "" for doc in SOURCES}
    for doc, kind, claimant, code, accused, status, sentence in CLAIMS:
        offset = len(texts[doc])
        texts[doc] += sentence + " "
        span = Span(sentence, offset, offset + len(sentence), len(by_doc[doc]))
        claimant_ref = _ref(sentence, claimant, code)
        accused_ref = _ref(sentence, accused)
        by_doc[doc].append(Claim(kind=kind, claimant=claimant_ref, subject=accused_ref,  # type: ignore[arg-type]
                                 object=None, evidence_status=status,  # type: ignore[arg-type]
                                 content=span, evidence=span))
    result = []
    for doc, claims in by_doc.items():
        source = SOURCES[doc]
        text = texts[doc]
        quote = Span(text[:10], 0, 10, 0)
        attribution = Attribution(ActorRef("TURGOV", "Erdogan", 0, 7), quote, quote, True, quote)
        result.append(Analysis(
            document=Document(doc, text, title="The assassination in Ankara",
                              outlet=source.name, published=source.published),
            claims=tuple(claims), attributions=(attribution,) if doc == "tr1" else ()))
    return result


@pytest.fixture(scope="module")
def ledger(kb):  # type: ignore[no-untyped-def]
    return build_ledger(_analyses(), SOURCES, load_lexicon(kb), kb_resolver(kb))


def test_ledger_aliases_of_one_movement_are_one_hypothesis(ledger):
    hypotheses, _ = ledger
    gulen = [h for h in hypotheses if h.key == "org-gulen-movement"]
    assert len(gulen) == 1
    assert gulen[0].support == 3


def test_ledger_orders_by_support(ledger):
    hypotheses, _ = ledger
    assert [h.support for h in hypotheses] == sorted((h.support for h in hypotheses),
                                                     reverse=True)


def test_ledger_denial_attaches_to_the_hypothesis_accusing_the_denier(ledger):
    hypotheses, _ = ledger
    gulen = next(h for h in hypotheses if h.key == "org-gulen-movement")
    assert [d.claimant for d in gulen.denials] == ["Gulen"]


def test_ledger_every_claim_lands_exactly_once(ledger):
    hypotheses, unattached = ledger
    placed = [(r.document_id, r.seq) for h in hypotheses for r in (*h.claims, *h.denials)]
    placed += [(r.document_id, r.seq) for r in unattached]
    assert sorted(placed) == sorted(set(placed))
    assert len(placed) == len(CLAIMS)


def test_ledger_prediction_and_unaccused_denial_are_unattached(ledger):
    _, unattached = ledger
    assert sorted(r.kind for r in unattached) == ["denial", "prediction"]


def test_ledger_counts_statuses_and_says_when_no_evidence_is_cited(ledger):
    hypotheses, _ = ledger
    gulen = next(h for h in hypotheses if h.key == "org-gulen-movement")
    assert gulen.status_counts == {"unsupported": 1, "asserted": 1, "hedged": 1}
    assert not gulen.evidence_cited


def test_ledger_motive_label_takes_the_place_named(ledger):
    hypotheses, _ = ledger
    assert any(h.kind == "motive" and h.label == "Revenge for Aleppo" for h in hypotheses)


def test_ledger_evidence_offsets_point_into_the_text(ledger):
    hypotheses, _ = ledger
    texts = {a.document.id: a.document.text for a in _analyses()}
    for hypothesis in hypotheses:
        for ref in hypothesis.claims:
            assert texts[ref.document_id][ref.start:ref.end] == ref.text


def test_framing_says_what_each_group_leaves_out(ledger, kb):
    hypotheses, _ = ledger
    outlets, groups = build_framing(_analyses(), SOURCES, hypotheses, load_lexicon(kb),
                                    lambda doc, seq, quote: quote.speaker.text)
    russian = next(g for g in groups if g.country == "RUS")
    assert "org-gulen-movement" in russian.missing
    assert "western-special-services" in russian.hypotheses
    anadolu = next(o for o in outlets if o.outlet == "anadolu")
    assert dict(anadolu.words)["assassination"] == 1
    assert anadolu.quoted == (("Erdogan", 1),)
    assert anadolu.unsupported_share == 0.5


@pytest.mark.issue(19)
@pytest.mark.parametrize(("accused", "code", "key"), [
    ("Boko Haram fighters", None, "org-boko-haram"),  # any knowledge-base group, any region
    ("an urban cell of the ELN", None, "org-national-liberation-army-of-colombia"),
    ("the Sudanese army", "SDNMIL", "actor-SDNMIL"),  # a state organ by its code ...
    ("Sudanese troops", "SDNMIL", "actor-SDNMIL"),  # ... however it is worded
    ("Venezuela", "VEN", "actor-VEN"),
    ("Kigali", None, "actor-RWA"),  # a capital speaks for its state
    ("armed bandits", "---CRM", "group-CRM"),  # an unnamed group by its role
])
def test_issue_19_parties_come_from_the_knowledge_base(kb, accused: str, code: str | None,
                                                       key: str):
    from aftermath.incidents.hypotheses import explain

    sentence = f"Officials blamed {accused} for the attack."
    claim = Claim(kind="blame", claimant=_ref(sentence, "Officials", "NGAGOV"),  # type: ignore[arg-type]
                  subject=_ref(sentence, accused, code), object=None,
                  evidence_status="asserted",  # type: ignore[arg-type]
                  content=Span(sentence, 0, len(sentence), 0),
                  evidence=Span(sentence, 0, len(sentence), 0))
    found = explain(claim, load_lexicon(kb), kb_resolver(kb))
    assert found is not None and found.key == key


@pytest.mark.issue(19)
def test_issue_19_an_affiliation_to_a_country_is_no_explanation(kb):
    from aftermath.incidents.hypotheses import explain

    sentence = "The gunman was a member of the Turkish riot police."
    claim = Claim(kind="affiliation", claimant=None, subject=_ref(sentence, "The gunman"),  # type: ignore[arg-type]
                  object=_ref(sentence, "Turkish", "TUR"), evidence_status="asserted",  # type: ignore[arg-type]
                  content=Span(sentence, 0, len(sentence), 0),
                  evidence=Span(sentence, 0, len(sentence), 0))
    assert explain(claim, load_lexicon(kb), kb_resolver(kb)) is None
