"""Act families and background clauses: what keeps a different act apart (#13)."""

from __future__ import annotations

import pytest

from aftermath.incidents.acts import act_families, background_spans, different_acts, foreground


@pytest.mark.parametrize(("title", "family"), [
    ("Turkey and Russia sign gas pricing deal in Moscow", "diplomacy"),
    ("Russian trade envoy dies after armed attack in Izmir", "force"),
    ("Kremlin calls Izmir killing a provocation", "force"),
    ("Greece summons Iranian envoy over tanker seizure", "force"),
    ("Bus overturns near Izmir, killing five", "disaster"),
])
def test_acts_family_of_a_title(title: str, family: str):
    assert act_families(title, "") == frozenset({family})


def test_acts_family_falls_back_to_the_first_sentence():
    lead = "The ministers signed the agreement on Tuesday. Later a bomb went off."
    assert act_families("Ministers meet", lead) == frozenset({"diplomacy"})


@pytest.mark.parametrize(("a", "b", "apart"), [
    (frozenset({"force"}), frozenset({"diplomacy"}), True),
    (frozenset({"force"}), frozenset({"force", "diplomacy"}), False),
    (frozenset(), frozenset({"diplomacy"}), False),
])
def test_acts_different_acts_needs_both_named(a: frozenset[str], b: frozenset[str], apart: bool):
    assert different_acts(a, b) is apart


@pytest.mark.parametrize(("text", "gone"), [
    ("The ministers met in Moscow, a day after the Russian ambassador was killed in Ankara.",
     "killed"),
    ("A Chinese ship blocked a vessel, a week after a water cannon attack at the shoal.",
     "attack"),
    ("Hours earlier, the energy ministers had signed a gas deal in Moscow.", "signed"),
    ("It was the latest incident since a Turkish jet shot down a Russian bomber.", "shot"),
])
def test_acts_clause_dated_from_another_act_is_background(text: str, gone: str):
    assert background_spans(text)
    assert gone not in foreground(text)


@pytest.mark.parametrize(("text", "gone"), [
    ("Beijing has long accused Washington of stoking protests in Hong Kong.", "protests"),
    ("Caracas has for years accused its neighbour of sheltering armed groups.", "sheltering"),
    ("The rebels have long said the army shells their villages.", "shells"),
])
def test_acts_a_standing_accusation_is_background(text: str, gone: str):
    """What someone "has long" or "for years" said is a standing position, not an act of
    the week the report covers."""
    assert gone not in foreground(text)


@pytest.mark.parametrize(("text", "kept"), [
    ("The minister has long opposed the deal and resigned on Monday.", "resigned"),
    ("Police accused the man of stabbing a guard on Monday.", "stabbing"),
])
def test_acts_a_standing_position_leaves_the_rest_of_the_sentence(text: str, kept: str):
    assert kept in foreground(text)


@pytest.mark.parametrize("text", [
    "Manila protested over last week's water cannon attack at the shoal.",
    "Prosecutors charged three men with helping the gunman who killed the envoy last week.",
    "Families fled after Turkish air strikes overnight.",
    "Russia has blamed Turkey since Monday.",
])
def test_acts_reference_to_the_act_itself_is_not_background(text: str):
    assert background_spans(text) == []
