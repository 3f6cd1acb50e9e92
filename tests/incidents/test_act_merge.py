"""Acts: events of one incident folded by the act they report (#19).

Real parses of reports written for these tests (a consul shot in Riga, a story of our own),
plus hand-built events where a rule must be tested apart from the parser.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from aftermath.incidents.act_merge import (
    Side,
    Told,
    incident_acts,
    merge_acts,
    own_day,
)
from aftermath.pipeline import analyze_document
from aftermath.records import ActReport, Document, Granularity, ResolvedDate, Span

REPORTS = [
    Document("r1", "A gunman shot dead Lithuania's consul in Riga on Friday. He fired four "
             "shots. Latvian police arrested the gunman at the scene.",
             title="Lithuanian consul shot dead in Riga", outlet="Reuters",
             published="2023-03-10"),
    Document("r2", "Lithuania's consul was killed in Riga on Friday, the Lithuanian foreign "
             "ministry said.", title="Consul killed in Riga", outlet="LRT",
             published="2023-03-10"),
    Document("r3", "A day after the consul was killed, Latvian police raided a flat in Riga on "
             "Saturday. The gunman shot the consul in Riga on Friday, investigators said.",
             title="Police raid flat in Riga", outlet="BBC News", published="2023-03-11"),
    Document("r4", "A gunman shot dead Estonia's consul in Riga on Tuesday.",
             title="Estonian consul shot dead in Riga", outlet="ERR", published="2023-03-14"),
]


@pytest.fixture(scope="module")
def riga_acts(nlp, kb):  # type: ignore[no-untyped-def]
    analyses = [analyze_document(d, nlp, kb) for d in REPORTS]
    core = [(a.document.id, seq) for a in analyses for seq in range(len(a.events))]
    return analyses, incident_acts("inc-riga", analyses, core, kb)


def _act_of(acts, document_id: str, text: str):  # type: ignore[no-untyped-def]
    return next(act for act in acts for r in act.reports
                if r.document_id == document_id and text in r.evidence.text)


def test_acts_fold_three_reports_of_one_shooting_into_one_act(riga_acts):
    _, acts = riga_acts
    shooting = _act_of(acts, "r1", "shot dead Lithuania's consul")
    assert set(shooting.documents) == {"r1", "r2", "r3"}
    assert shooting.target is not None and shooting.target.code == "LTUGOVDIP"
    assert shooting.date == "2023-03-10" and shooting.place == "Riga"
    assert shooting.outlets == ("Reuters", "LRT", "BBC News")
    assert (shooting.first_report, shooting.last_report) == ("2023-03-10", "2023-03-11")


def test_acts_pronoun_report_joins_the_act_of_its_antecedent(riga_acts):
    _, acts = riga_acts
    fired = _act_of(acts, "r1", "He fired four shots")
    assert fired is _act_of(acts, "r1", "shot dead Lithuania's consul")
    assert fired.source is not None and fired.source.name.lower() != "he"


def test_acts_keep_the_arrest_and_another_victim_apart(riga_acts):
    _, acts = riga_acts
    shooting = _act_of(acts, "r1", "shot dead Lithuania's consul")
    arrest = _act_of(acts, "r1", "arrested the gunman")
    other = _act_of(acts, "r4", "Estonia's consul")
    assert len({shooting.id, arrest.id, other.id}) == 3
    assert arrest.plover == "COERCE" and other.documents == ("r4",)


def test_acts_leave_out_background_clauses(riga_acts):
    _, acts = riga_acts
    texts = [r.evidence.text for act in acts for r in act.reports if r.document_id == "r3"]
    assert texts and all(not t.startswith("A day after") for t in texts)


def test_acts_evidence_offsets_point_into_the_report(riga_acts):
    analyses, acts = riga_acts
    texts = {a.document.id: a.document.text for a in analyses}
    for act in acts:
        for report in act.reports:
            span = report.evidence
            assert texts[report.document_id][span.start:span.end] == span.text


def test_acts_most_reported_first_with_stable_ids(riga_acts, nlp, kb):
    analyses, acts = riga_acts
    assert [len(a.documents) for a in acts] == sorted((len(a.documents) for a in acts),
                                                       reverse=True)
    core = [(a.document.id, seq) for a in analyses for seq in range(len(a.events))]
    again = incident_acts("inc-riga", analyses, core, kb)
    assert [a.id for a in again] == [a.id for a in acts]


def _told(document: str, *, source: Side | None, target: Side | None, day: str | None,
          place: str | None = "Riga", family: str = "force", published: str = "2023-03-10",
          seq: int = 0) -> Told:
    span = Span("words", 0, 5, 0)
    return Told(ActReport(document, seq, document, published, span), family, "ASSAULT",
                "1823", 4, -10.0, source, target, day, day, place)


GUNMAN = Side("gunman", "---UAF", True, generic=True)
CONSUL = Side("Jonas Petraitis", "LTUGOVDIP", True)
OTHER = Side("Mart Kask", "ESTGOVDIP", True)
POLICE = Side("Latvian police", "LVACOP", False, generic=True)


@pytest.mark.parametrize(("second", "joins"), [
    (_told("b", source=None, target=CONSUL, day="2023-03-10"), True),
    (_told("b", source=GUNMAN, target=CONSUL, day=None), True),
    (_told("b", source=GUNMAN, target=OTHER, day="2023-03-10"), False),   # another victim
    (_told("b", source=GUNMAN, target=CONSUL, day="2023-03-08"), False),  # another day
    (_told("b", source=GUNMAN, target=CONSUL, day="2023-03-10", place="Daugavpils"), False),
    (_told("b", source=GUNMAN, target=CONSUL, day="2023-03-10", family="disaster"), False),
    (_told("b", source=POLICE, target=GUNMAN, day="2023-03-10"), False),  # police are no man
    (_told("b", source=None, target=None, day="2023-03-10"), False),      # nobody named
])
def test_merge_acts_joins_only_compatible_reports(second: Told, joins: bool):
    first = _told("a", source=GUNMAN, target=CONSUL, day="2023-03-10")
    acts = merge_acts("inc", [first, second])
    assert (len([a for a in acts if "a" in a.documents and "b" in a.documents]) == 1) is joins


def test_merge_acts_a_day_taken_from_a_later_report_is_the_act_day():
    """"Officials said on Tuesday that ... was behind the killing": dated by the report."""
    first = _told("a", source=GUNMAN, target=CONSUL, day="2023-03-10")
    later = _told("b", source=None, target=CONSUL, day="2023-03-11", published="2023-03-11")
    acts = merge_acts("inc", [first, later])
    assert len(acts) == 1 and acts[0].date == "2023-03-10"


@pytest.mark.parametrize(("text", "published", "expected"), [
    ("Police killed the gunman.", "2023-03-10", None),
    ("Police killed the gunman on Friday.", "2023-03-10", "2023-03-10"),
    ("Police killed the gunman.", "2023-03-12", "2023-03-10"),
])
def test_own_day_leaves_out_a_day_taken_from_publication(text: str, published: str,
                                                         expected: str | None, nlp, kb):
    document = Document("d", text, published=published)
    event = analyze_document(document, nlp, kb).events[0]
    event = replace(event, date=ResolvedDate("2023-03-10", Granularity.DAY))
    assert own_day(event, published) == expected
