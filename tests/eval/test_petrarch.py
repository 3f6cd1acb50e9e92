from __future__ import annotations

import re

import pytest

from aftermath.eval import petrarch
from aftermath.eval.petrarch import (
    Triple,
    actor_group,
    exclusion,
    match_triples,
    parse_records,
    real_country,
    score_petrarch,
)

# Written for these tests in the files' pseudo-XML: comments, self-closed codings, a record
# expected to be discarded, one not evaluated, one with a test-only code.
GOLD = """<Sentences>
<!-- <Sentence id="COMMENTED-OUT"><Text>Never read.</Text></Sentence> -->
<Sentence date="20010101" id="T-01" category="DEMO" evaluate="true">
<!-- two expected triples -->
<EventCoding sourcecode="VELGOV" targetcode="KAR" eventcode="042"></EventCoding>
<EventCoding eventcode="190" sourcecode="KAR" targetcode="VEL" />
<Text>
Velmora's envoy visited Karst
and Karst shelled Velmora.
</Text>
<Parse>(ROOT (S ...))</Parse>
</Sentence>
<Sentence date="20010101" id="T-02" category="NONE">
<EventCoding noevents = "True"></EventCoding>
<Text>The weather was mild.</Text>
</Sentence>
<Sentence date="20010101" id="T-03" category="ERROR">
<EventCoding error="sentencediscard"></EventCoding>
<Text>Discard me.</Text>
</Sentence>
<Sentence date="20010101" id="T-04" category="X" evaluate="false">
<EventCoding sourcecode="A" targetcode="B" eventcode="010" />
<Text>Skip me.</Text>
</Sentence>
<Sentence date="20010101" id="T-05" category="SYNSET">
<EventCoding sourcecode="A" targetcode="B" eventcode="903" />
<Text>A test code only.</Text>
</Sentence>
</Sentences>
"""


def test_parse_records_reads_codings_text_and_flags_but_not_comments():
    records = parse_records(GOLD, file="gold.xml")
    assert [r.id for r in records] == ["T-01", "T-02", "T-03", "T-04", "T-05"]
    first = records[0]
    assert first.text == "Velmora's envoy visited Karst and Karst shelled Velmora."
    assert first.triples == (Triple("VELGOV", "KAR", "042"), Triple("KAR", "VEL", "190"))
    assert records[1].noevents and not records[1].triples
    assert records[2].error == "sentencediscard"
    assert not records[3].evaluate


def test_exclusion_names_why_a_record_is_not_scored():
    reasons = [exclusion(r) for r in parse_records(GOLD)]
    assert reasons[0] is None and reasons[1] is None
    assert "error" in reasons[2]
    assert "evaluate=false" in reasons[3]
    assert "outside CAMEO roots" in reasons[4]


def test_match_triples_by_root_uses_each_event_once_and_prefers_agreeing_actors(make_event):
    expected = [Triple("ETH", "LBY", "190"), Triple("LBY", "ETH", "193"),
                Triple("ETH", "LBY", "042")]
    wrong_actors = make_event("195", "SDN", "LBY")
    right_actors = make_event("190", "ETHMIL", "LBY")
    matches = match_triples(expected, [wrong_actors, right_actors])
    assert matches[0] is right_actors      # same root, agreeing countries first
    assert matches[1] is wrong_actors      # the other root-19 event is left for it
    assert matches[2] is None              # no root-04 event at all


def test_real_country_needs_the_text_to_name_it():
    assert real_country("ETHGOV", {"ETH", "LBY"}) == "ETH"
    assert real_country("ERI", {"ETH"}) is None     # Eriador is not Eritrea
    assert real_country("---GOV", {"ETH"}) is None


def test_actor_group_splits_records_by_whether_actors_can_be_scored():
    triples = [Triple("ARN", "GON", "064")]
    assert actor_group(triples, set()) == "event code only"
    assert actor_group([Triple("ARN", "AUS", "070")], {"AUS"}) == "actors and event code"


def test_countries_named_finds_names_demonyms_and_capitals(nlp, kb):
    doc = nlp("Ethiopian troops crossed into Libya while Arnor watched from Ankara.")
    named = petrarch.countries_named(doc, kb)
    assert {"ETH", "LBY", "TUR"} <= named
    assert "ARN" not in named


def test_score_counts_follow_the_records(tmp_path, nlp, kb, monkeypatch):
    (tmp_path / "gold.xml").write_text(GOLD, encoding="utf-8")
    monkeypatch.setattr(petrarch, "GOLD_FILES", ("gold.xml",))
    report = score_petrarch(tmp_path, nlp, kb)
    data = report.as_dict()
    assert report.records == 2 and report.noevent_records == 1
    assert report.expected == 2
    assert sum(data["excluded"].values()) == 3
    assert sum(data["actor_groups"].values()) == report.records - report.noevent_records
    for key, value in report.figures().items():
        assert 0.0 <= value <= 1.0, key


@pytest.mark.shared_data
@pytest.mark.slow
def test_eval_petrarch_scores_every_gold_record(shared_data, nlp, kb):
    folder = shared_data / "petrarch"
    report = score_petrarch(folder, nlp, kb)
    data = report.as_dict()
    sentences = 0
    for name in petrarch.GOLD_FILES:
        text = re.sub(r"<!--.*?-->", "", (folder / name).read_text("utf-8", "replace"), flags=re.S)
        sentences += text.count("</Sentence>")
    assert report.records + sum(data["excluded"].values()) == sentences
    assert sum(data["actor_groups"].values()) == report.records - report.noevent_records
    assert report.found <= report.expected
    assert data["source_scored"] > 0 and data["target_scored"] > 0
    for key, value in report.figures().items():
        assert 0.0 <= value <= 1.0, key



# Real-text records in the UD file's shape (opening codings not self-closed, a date, a
# parse block), in our own words.
REAL_TEXT = """<Sentences>
<Sentence category="WIRE" date="20090310" id="W-1" evaluate="true">
<EventCoding eventcode="042" sourcecode="FRA" targetcode="EGY" >
<Text>
French President Nicolas Sarkozy visited Egypt on Tuesday.
</Text>
<Parse>
1\tFrench\tfrench\tADJ\tJJ\t_\t2\tamod\t_\t_
</Parse></Sentence>
<Sentence category="WIRE" date="20090310" id="W-2" evaluate="true">
<EventCoding noevents="True" />
<Text>
The weather in Cairo was mild on Tuesday.
</Text>
</Sentence>
</Sentences>"""


@pytest.mark.parametrize("present", [True, False])
def test_petrarch_real_text_triples_scored_when_the_file_is_present(tmp_path, nlp, kb,
                                                                     present):
    if present:
        path = tmp_path / petrarch.REAL_TEXT_FILE
        path.parent.mkdir(parents=True)
        path.write_text(REAL_TEXT, encoding="utf-8")
    counts = petrarch.score_real_text(tmp_path, nlp, kb)
    if not present:
        assert counts is None
        return
    assert counts is not None
    assert (counts.records, counts.expected) == (2, 1)
    figures = counts.figures()
    # The visit is coded FRA -> EGY with root 04 and nothing is coded from the weather.
    assert figures["triple_root_recall"] == 1.0
    assert figures["triple_root_precision"] == 1.0
    assert figures["source_coded_share"] == 1.0
