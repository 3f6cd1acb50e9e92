"""`aftermath eval events` and the single event suites, on a tiny data root we write."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aftermath.cli import app

PETRARCH_XML = """<Sentences>
<Sentence date="20010101" id="C-01" category="DEMO">
<EventCoding sourcecode="KEN" targetcode="SOM" eventcode="190"></EventCoding>
<Text>Kenyan troops attacked Somali fighters on Friday.</Text>
</Sentence>
<Sentence date="20010101" id="C-02" category="DEMO">
<EventCoding noevents = "True"></EventCoding>
<Text>The weather was mild.</Text>
</Sentence>
</Sentences>
"""


def _tokens(text: str) -> list[dict]:
    tokens, position = [], 0
    for number, word in enumerate(text.replace(".", " .").split()):
        start = text.index(word, position)
        tokens.append({"text": word, "start": start, "end": start + len(word), "id": number})
        position = start + len(word)
    return tokens


@pytest.fixture()
def data_root(tmp_path: Path) -> Path:
    plover = tmp_path / "plover" / "gold_standard_records"
    plover.mkdir(parents=True)
    plover.joinpath("PLOVER_GSR_CAMEO.txt").write_text(json.dumps([
        {"id": "g1", "event": "ASSAULT", "text": "Kenyan troops attacked Somali fighters.",
         "source": [{"code": "KENMIL"}], "target": [{"code": "SOMREB"}]},
    ]), encoding="utf-8")
    for name in ("petrarch2/text/PETR.UnitTest.records.xml",
                 "UniversalPetrarch/validate/PETR_Validate_records_2_02.xml"):
        path = tmp_path / "petrarch" / name
        path.parent.mkdir(parents=True)
        path.write_text(PETRARCH_XML, encoding="utf-8")
    train = tmp_path / "conflibert-cameo" / "cameo_class" / "train.tsv"
    train.parent.mkdir(parents=True)
    train.write_text("Peru accused Bolivia of hiding smugglers.\t3\n"
                     "Kenyan troops attacked Somali fighters.\t4\n", encoding="utf-8")
    text = "Gunmen attacked a bus in Mosul."
    tokens = _tokens(text)
    (tmp_path / "event-location").mkdir()
    with zipfile.ZipFile(tmp_path / "event-location" / "labeled_text.jsonl.zip", "w") as z:
        z.writestr("labeled_text.jsonl", json.dumps([{
            "text": text, "tokens": tokens, "source": "RELABEL", "answer": "accept",
            "spans": [{"token_start": 1, "token_end": 1, "start": 7, "end": 15,
                       "label": "VERB"},
                      {"token_start": 5, "token_end": 5, "start": 25, "end": 30,
                       "label": "LOCATION"}]}]))
    realtext = tmp_path / "realtext-cameo"
    realtext.mkdir()
    rows = [
        {"id": "r1", "text": "LIMA (Reuters) - Peru expelled two Chilean diplomats on Monday.",
         "title": "Peru expels diplomats", "published": "2017-03-06",
         "events": [{"source": "PERGOV", "target": "CHLGOV", "cameo": "174",
                     "cameo_b": "161"}], "disputed": []},
        {"id": "r2", "text": "The weather was mild.", "title": "", "published": "2017-03-06",
         "events": [], "disputed": []},
    ]
    realtext.joinpath("reuters-2016-2017.gold.jsonl").write_text(
        "\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")
    return tmp_path


def test_eval_events_json_has_one_entry_per_suite(data_root: Path):
    result = CliRunner().invoke(app, ["eval", "events", "--data", str(data_root), "--json"])
    assert result.exit_code == 0, result.output
    output = json.loads(result.stdout)
    assert list(output) == ["plover", "petrarch", "conflibert", "relabel", "realtext"]
    # Each suite is split: held-out records are the headline, dev records the rest (#12).
    def records(suite: str) -> int:
        details = output[suite]["details"]
        return details["records"] + details["dev"]["records"]

    assert records("conflibert") == 2
    assert records("petrarch") == 4      # two files, two records each
    assert records("relabel") == 1
    assert records("realtext") == 2
    for suite, entry in output.items():
        assert entry["seconds"] >= 0
        for key, value in entry["figures"].items():
            assert 0.0 <= value <= 1.0, (suite, key)


def test_eval_events_table_and_suite_choice(data_root: Path):
    result = CliRunner().invoke(app, ["eval", "events", "--data", str(data_root),
                                      "--suite", "relabel", "--suite", "conflibert"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["suite", "records", "seconds", "figure", "value"]
    assert [line.split()[0] for line in lines[1:] if not line.startswith(" ")] == [
        "conflibert", "relabel"]


def test_eval_events_refuses_an_unknown_suite(data_root: Path):
    result = CliRunner().invoke(app, ["eval", "events", "--suite", "gdelt"])
    assert result.exit_code == 2
    assert "unknown event suite(s) gdelt" in result.output


def test_single_suite_command_reports_missing_data_in_one_line(tmp_path: Path):
    result = CliRunner().invoke(app, ["eval", "relabel", "--data", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.startswith("aftermath: relabel: ") and "Traceback" not in result.output


def test_single_suite_command_prints_json(data_root: Path):
    result = CliRunner().invoke(app, ["eval", "petrarch", "--data",
                                      str(data_root / "petrarch"), "--json"])
    assert result.exit_code == 0, result.output
    output = json.loads(result.stdout)
    heldout_records = output["records"]
    assert heldout_records + output["dev"]["records"] == 4
    assert set(output["heldout"]) >= {"event_recall", "event_precision"}
