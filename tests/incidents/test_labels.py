"""Incident labels and nearby incidents (#6)."""

from __future__ import annotations

import datetime as dt

from aftermath.incidents.brief import nearby_incidents
from aftermath.incidents.features import KeyEvent
from aftermath.incidents.labels import label_for
from aftermath.incidents.model import Incident


def _event(target_text: str, *, plover: str = "ASSAULT", cameo: str = "1823",
           source: str | None = "TURCOP", target: str | None = "RUSGOVDIP",
           place: str | None = "Ankara", day: int = 19, weight: float = 1.0,
           deadly: bool = True, document: str = "d") -> KeyEvent:
    return KeyEvent(document, 0, plover, cameo, 4, source, target, None, target_text,
                    frozenset(), dt.date(2016, 12, day), place.lower() if place else None,
                    place, None, weight, deadly=deadly)


def test_label_names_victim_place_and_most_reported_date():
    core = [_event("Russia's ambassador"), _event("Russia's ambassador", day=20),
            _event("the ambassador"), _event("Russia's ambassador", place=None)]
    label, date, place = label_for(core[0], core)
    assert (label, date, place) == ("Killing of Russia's ambassador, Ankara, 2016-12-19",
                                    "2016-12-19", "Ankara")


def test_label_of_talks_names_both_countries():
    talks = _event("Turkish counterpart", plover="CONSULT", cameo="040", source="RUSGOV",
                   target="TURGOV", place="Moscow", day=20)
    names = {"RUS": "Russia", "TUR": "Turkey"}
    label, _, _ = label_for(talks, [talks], country_name=names.get)
    assert label == "Talks: Russia and Turkey, Moscow, 2016-12-20"


def test_label_falls_back_to_the_title_for_a_passing_mention():
    late = _event("Russia's ambassador", weight=0.4)
    label, _, _ = label_for(late, [late], title="Last evacuees leave eastern Aleppo")
    assert label == "Last evacuees leave eastern Aleppo"


def _incident(ident: str, first: str) -> Incident:
    return Incident(ident, ident, None, None, "ASSAULT", "1823", (ident,), (), (), first, first)


def test_nearby_incidents_are_those_of_the_same_week():
    killing = _incident("k", "2016-12-19")
    others = [_incident("berlin", "2016-12-19"), _incident("talks", "2016-12-20"),
              _incident("ceasefire", "2016-12-29")]
    assert [i.id for i in nearby_incidents([killing, *others], killing)] == ["berlin", "talks"]


def test_issue_19_label_names_no_death_the_reports_do_not_state():
    core = [_event("the activist", deadly=False, document=f"d{n}") for n in range(3)]
    core.append(_event("the activist", document="d3"))
    label, _, _ = label_for(core[0], core)
    assert label.startswith("Attack on activist")
    core = [_event("the activist", document=f"d{n}") for n in range(3)]
    assert label_for(core[0], core)[0].startswith("Killing of activist")


def test_issue_19_label_is_the_act_most_reports_carry_not_a_statement_or_first_event():
    founder = _event("the demonstrators", plover="COERCE", cameo="173", target="TURCVL",
                     document="d0")
    blame = [_event("the army", plover="ACCUSE", cameo="112", target="SDNMIL",
                    document=f"b{n}") for n in range(4)]
    act = [_event("three workers", cameo="181", target="CHNBUS", document=f"a{n}")
           for n in range(2)]
    label, _, _ = label_for(founder, [founder, *blame, *act])
    assert label.startswith("Abduction of three workers")


def test_issue_19_label_never_names_a_country_or_a_bare_noun_as_the_victim():
    core = [_event("Turkey", plover="COERCE", cameo="173", target="TUR", document=f"d{n}")
            for n in range(2)]
    names = {"TUR": "Turkey"}.get
    label, _, _ = label_for(core[0], core, title="Police detain six relatives of gunman",
                            country_name=names)
    assert label == "Police detain six relatives of gunman"
    core = [_event("the city", plover="ASSAULT", cameo="190", target=None, source="SYRMIL",
                   document=f"d{n}") for n in range(2)]
    assert not label_for(core[0], core)[0].startswith("Military attack on city")
