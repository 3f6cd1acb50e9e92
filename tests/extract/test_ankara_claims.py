"""Issue #4 acceptance: the claims after the Ankara killing, read from the demo coverage.

The demo corpus (demo/articles, our own illustrative articles) covers the killing of the
Russian ambassador in Ankara from Turkish, Russian and Western outlets. Across that
coverage, `analyze` must find the stated motive, the unproven affiliation, the competing
blame claims with the claimant's country and evidence status, and the denial. The tests
check properties (kind, country, status, the words that name the accused), not strings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from aftermath.export.contract import analysis_json
from aftermath.ingest.files import parse_article
from aftermath.pipeline import analyze_document

DEMO = Path(__file__).resolve().parents[2] / "demo" / "articles"
# The coverage of the killing: published on the day and the three days after it.
ANKARA_DAYS = ("2016-12-19", "2016-12-20", "2016-12-21", "2016-12-22")


@pytest.fixture(scope="module")
def ankara_claims(nlp, kb) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    claims = []
    for path in sorted(DEMO.glob("*.txt")):
        if not path.name.startswith(ANKARA_DAYS):
            continue
        document = parse_article(path.read_text(encoding="utf-8"), source=str(path),
                                 default_id=path.stem)
        output = analysis_json(analyze_document(document, nlp, kb))
        for claim in output["claims"]:
            claim["article"] = path.name
            claim["events"] = output["events"]
        claims.extend(output["claims"])
    return claims


def _country(actor: dict[str, Any] | None) -> str | None:
    return str(actor["code"])[:3] if actor and actor.get("code") else None


def _words(actor: dict[str, Any] | None) -> str:
    return (actor or {}).get("text", "").lower()


def _find(claims: list[dict[str, Any]], kind: str, test: Any) -> list[dict[str, Any]]:
    return [c for c in claims if c["kind"] == kind and test(c)]


@pytest.mark.issue(4)
def test_issue_4_stated_motive_aleppo_by_the_turkish_gunman(ankara_claims):
    found = _find(ankara_claims, "motive", lambda c: "aleppo" in (
        c["content"]["text"] + c["evidence"]["text"]).lower() and _country(c["subject"]) == "TUR")
    assert found, "no motive claim naming Aleppo with the (Turkish) gunman as its subject"


@pytest.mark.issue(4)
def test_issue_4_affiliation_with_nusra_is_unsupported(ankara_claims):
    found = _find(ankara_claims, "affiliation", lambda c: "nusra" in _words(c["object"]))
    assert found, "no affiliation claim with the Nusra Front"
    assert all(c["evidence_status"] == "unsupported" for c in found)
    assert any(_country(c["claimant"]) == "TUR" for c in found)


@pytest.mark.issue(4)
def test_issue_4_mayor_blames_gulen_movement_without_proof(ankara_claims):
    found = _find(ankara_claims, "blame", lambda c: "gulen" in _words(c["subject"])
                  and "mayor" in _words(c["claimant"]))
    assert found, "no blame claim by the mayor of Ankara against the Gulen movement"
    assert all(_country(c["claimant"]) == "TUR" for c in found)
    assert all(c["evidence_status"] in ("unsupported", "disputed") for c in found)


@pytest.mark.issue(4)
def test_issue_4_russian_claimant_points_at_nato_secret_services(ankara_claims):
    found = _find(ankara_claims, "blame", lambda c: "nato" in _words(c["subject"]))
    assert found, "no blame claim against the secret services of a NATO country"
    assert all(_country(c["claimant"]) == "RUS" for c in found)
    assert any(c["evidence_status"] == "hedged" for c in found)


@pytest.mark.issue(4)
def test_issue_4_think_tank_calls_it_a_cia_operation(ankara_claims):
    found = _find(ankara_claims, "blame", lambda c: _country(c["subject"]) == "USA"
                  and "cia" in _words(c["subject"]) and _country(c["claimant"]) == "RUS")
    assert found, "no blame claim by a Russian claimant calling it a CIA operation"
    assert any("think tank" in _words(c["claimant"]) for c in found)


@pytest.mark.issue(4)
def test_issue_4_gulen_denies_any_role(ankara_claims):
    found = _find(ankara_claims, "denial", lambda c: "gulen" in _words(c["claimant"]))
    assert found, "no denial by Gulen or his movement"
    assert any(_country(c["claimant"]) == "TUR" for c in found)


@pytest.mark.issue(4)
def test_issue_4_blame_links_to_the_killing_event(ankara_claims):
    linked = [c for c in ankara_claims if c["kind"] == "blame" and c["incident_event"] is not None]
    assert linked, "no blame claim is linked to an event of its article"
    for claim in linked:
        assert claim["events"][claim["incident_event"]]["plover"] == "ASSAULT"
