from __future__ import annotations

import json
import zipfile

import pytest

from aftermath.errors import InputError
from aftermath.eval.relabel import (
    ARCHIVE,
    GOLD_SOURCE,
    MEMBER,
    LocationRecord,
    event_for_verb,
    judge,
    load_records,
    parse_record,
    place_matches,
    score_relabel,
)
from aftermath.records import Place


def _record(text: str, verb: str, locations: tuple[str, ...] = (), *,
            source: str = GOLD_SOURCE, break_offsets: bool = False) -> dict:
    """A record in the archive's format, written for these tests."""
    words = text.replace(".", " .").split()
    tokens, position = [], 0
    for number, word in enumerate(words):
        start = text.index(word, position)
        tokens.append({"text": word, "start": start, "end": start + len(word), "id": number})
        position = start + len(word)

    def span(words_of: str, label: str) -> dict:
        first = next(t["id"] for t in tokens if t["text"] == words_of.split()[0])
        last = first + len(words_of.split()) - 1
        start, end = tokens[first]["start"], tokens[last]["end"]
        if break_offsets:
            start = end = 3          # the source file has spans like this; tokens are right
        return {"start": start, "end": end, "token_start": first, "token_end": last,
                "label": label}

    spans = [span(verb, "VERB"), *(span(place, "LOCATION") for place in locations)]
    return {"text": text, "tokens": tokens, "spans": spans, "source": source,
            "answer": "accept", "_id": f"t-{verb}"}


def test_parse_record_takes_offsets_from_tokens():
    raw = _record("Rebels attacked a convoy near Mosul on Monday.", "attacked", ("Mosul",),
                  break_offsets=True)
    record = parse_record(raw)
    assert record is not None
    assert raw["text"][record.verb[0]:record.verb[1]] == "attacked"
    assert record.locations == ("Mosul",)
    assert parse_record({"text": "No spans.", "spans": []}) is None


def test_event_for_verb_picks_the_event_on_that_verb(make_event):
    far = make_event("190", trigger=(0, 6))
    near = make_event("193", trigger=(20, 28))
    assert event_for_verb([far, near], (20, 28)) is near
    assert event_for_verb([far, near], (10, 15)) is None


@pytest.mark.parametrize(("gold", "ours", "expected"), [
    ("Aleppo", "Aleppo", True),
    ("the Kurdish-majority Aziziyah district", "Aziziyah", True),
    ("Tel Aviv", "Tel Aviv-Yafo", True),
    ("Gaza", "Gaza City", True),
    ("Damascus", "Homs", False),
    ("Sudan", "Khartoum", False),
    ("al-Tijara", "Damascus", False),
])
def test_place_matches_by_words(gold, ours, expected):
    assert place_matches(gold, Place(ours, None, None, None)) is expected


def test_place_matches_through_the_gazetteer_spelling_or_distance(kb):
    bogota = kb.place("Bogotá")
    assert bogota is not None
    ours = Place(bogota.name, bogota.country, bogota.lat, bogota.lon)
    assert place_matches("Bogota", ours, kb)
    far = Place("Somewhere", "COL", (bogota.lat or 0) + 3.0, bogota.lon)
    assert not place_matches("Bogota", far, kb)
    assert not place_matches("Sudan", Place("South Sudan", "SSD", None, None), kb)
    assert place_matches("Sudan", Place("South Sudan", "SSD", None, None))  # words alone


def test_judge_counts_silence_as_right_only_when_gold_names_no_place():
    located = LocationRecord("a", "text", (0, 4), ("Mosul",))
    unlocated = LocationRecord("b", "text", (0, 4), ())
    mosul = Place("Mosul", "IRQ", 36.3, 43.1)
    assert judge(located, mosul) and not judge(located, None)
    assert judge(unlocated, None) and not judge(unlocated, mosul)


def _archive(folder, records: list[dict]) -> None:
    with zipfile.ZipFile(folder / ARCHIVE, "w") as archive:
        archive.writestr(MEMBER, json.dumps(records))


def test_score_relabel_on_a_small_archive(tmp_path, nlp, kb):
    _archive(tmp_path, [
        _record("Turkish troops shelled a village in Syria.", "shelled", ("Syria",)),
        _record("Police arrested two protesters.", "arrested"),
        _record("Gunmen attacked a bus in Mosul.", "attacked", ("Mosul",), source="APW_RA"),
        {"text": "A record without spans.", "spans": [], "source": GOLD_SOURCE,
         "answer": "accept"},
    ])
    records, skipped = load_records(tmp_path)
    assert len(records) == 2 and skipped == 1     # other sources are not gold
    report = score_relabel(tmp_path, nlp, kb)
    data = report.as_dict()
    assert report.records == 2 and report.located == 1
    assert sum(data["outcomes"].values()) == 2
    assert report.correct_when_named <= report.named <= report.event_found
    for key, value in report.figures().items():
        assert 0.0 <= value <= 1.0, key


def test_score_relabel_without_data_is_an_input_error(tmp_path, nlp, kb):
    with pytest.raises(InputError, match="archive not found"):
        score_relabel(tmp_path, nlp, kb)


@pytest.mark.shared_data
@pytest.mark.slow
def test_eval_relabel_scores_every_adjudicated_record(shared_data, nlp, kb):
    folder = shared_data / "event-location"
    with zipfile.ZipFile(folder / ARCHIVE) as archive:
        gold = [r for r in json.loads(archive.read(MEMBER)) if r.get("source") == GOLD_SOURCE]
    with_verb = [r for r in gold if any(s.get("label") == "VERB" for s in r.get("spans") or [])]
    located = [r for r in with_verb if any(s.get("label") == "LOCATION" for s in r["spans"])]
    report = score_relabel(folder, nlp, kb)
    assert report.records == len(with_verb)
    assert report.skipped == len(gold) - len(with_verb)
    assert report.located == len(located)
    assert sum(report.as_dict()["outcomes"].values()) == report.records
    for key, value in report.figures().items():
        assert 0.0 <= value <= 1.0, key
