from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aftermath.cli import app

ARTICLE = """title: Envoy killed
published: 2016-12-19
outlet: Example Wire
---
An off-duty Turkish police officer shot dead Russia's ambassador at an art gallery in Ankara
on Monday. The Kremlin said the killing was a provocation.
"""


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def article(tmp_path: Path) -> Path:
    path = tmp_path / "envoy.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_cli_analyze_json_follows_contract(runner: CliRunner, article: Path):
    result = runner.invoke(app, ["analyze", str(article), "--json"])
    assert result.exit_code == 0, result.output
    output = json.loads(result.stdout)
    assert set(output) >= {"document", "actors", "events", "attributions", "claims"}
    assert output["document"]["published"] == "2016-12-19"
    event = next(e for e in output["events"] if e["plover"] == "ASSAULT")
    assert set(event) >= {"source", "target", "plover", "mode", "cameo", "quad_class",
                          "goldstein", "date", "place", "status", "confidence", "evidence"}
    assert set(event["evidence"]) == {"text", "start", "end", "sentence"}
    text = ARTICLE.split("---\n", 1)[1].strip()
    assert text[event["evidence"]["start"] : event["evidence"]["end"]] == event["evidence"]["text"]


def test_cli_analyze_published_option_overrides_header(runner: CliRunner, article: Path):
    result = runner.invoke(app, ["analyze", str(article), "--json", "--published", "2016-12-20"])
    event = next(e for e in json.loads(result.stdout)["events"] if e["plover"] == "ASSAULT")
    assert event["date"] == "2016-12-19"  # "on Monday" before Tuesday 20th


def test_cli_analyze_text_brief(runner: CliRunner, article: Path):
    result = runner.invoke(app, ["analyze", str(article)])
    assert result.exit_code == 0
    assert "What happened:" in result.stdout and "ASSAULT" in result.stdout


def test_cli_analyze_missing_file_is_one_line_usage_error(runner: CliRunner, tmp_path: Path):
    result = runner.invoke(app, ["analyze", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"aftermath: {tmp_path / 'nope.txt'}: cannot read (No such file or directory)"
    )


def test_cli_analyze_bad_published_is_usage_error(runner: CliRunner, article: Path):
    result = runner.invoke(app, ["analyze", str(article), "--published", "Monday"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "aftermath: --published 'Monday' is not a date (YYYY-MM-DD)"


def test_cli_analyze_jsonl_keeps_order_and_reports_bad_lines(runner: CliRunner, tmp_path: Path):
    path = tmp_path / "in.jsonl"
    lines = [
        {"id": "a", "text": "Russia imposed sanctions on Turkey.", "published": "2015-11-28"},
        "not json",
        {"id": "c", "text": "   "},
        {"id": "d", "text": "Turkey and Russia signed a gas pipeline agreement."},
    ]
    path.write_text("\n".join(json.dumps(x) if isinstance(x, dict) else x for x in lines))
    result = runner.invoke(app, ["analyze", "--jsonl", str(path)])
    assert result.exit_code == 1
    outputs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["document"]["id"] for o in outputs] == ["a", "line 2", "line 3 (id c)", "d"]
    assert outputs[1]["error"]["code"] == "input.bad_json"
    assert outputs[2]["error"]["code"] == "input.invalid_record"
    assert any(e["cameo"] == "163" for e in outputs[0]["events"])  # impose sanctions


def test_cli_ingest_then_stats_and_reingest_is_unchanged(runner: CliRunner, article: Path,
                                                        db_url: str):
    db = db_url
    first = runner.invoke(app, ["ingest", str(article), "--db", db, "--json", "--workers", "1"])
    assert first.exit_code == 0
    assert json.loads(first.stdout) == {"stored": 1, "unchanged": 0, "duplicates": 0,
                                        "non_english": 0, "rejected": 0}
    second = runner.invoke(app, ["ingest", str(article), "--db", db, "--json"])
    assert json.loads(second.stdout) == {"stored": 0, "unchanged": 1, "duplicates": 0,
                                         "non_english": 0, "rejected": 0}
    stats = json.loads(runner.invoke(app, ["stats", "--db", db, "--json"]).stdout)
    assert stats["documents"] == 1 and stats["events"] >= 1


def test_cli_ingest_bad_file_rejected_good_file_stored(runner: CliRunner, article: Path,
                                                      tmp_path: Path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe garbage")
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    result = runner.invoke(app, ["ingest", str(bad), str(article), "--db", db, "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {"stored": 1, "unchanged": 0, "duplicates": 0,
                                         "non_english": 0, "rejected": 1}
    assert result.stderr.strip() == f"aftermath: {bad}: not UTF-8 text (byte 0)"


def test_cli_ingest_only_bad_input_exits_3(runner: CliRunner, tmp_path: Path):
    result = runner.invoke(app, ["ingest", str(tmp_path / "missing.txt"),
                                 "--db", f"sqlite:///{tmp_path / 's.sqlite'}"])
    assert result.exit_code == 3
    assert "no such file or directory" in result.stderr


def test_cli_unknown_model_names_what_to_install(runner: CliRunner, article: Path):
    result = runner.invoke(app, ["analyze", str(article), "--model", "en_core_web_nope"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "aftermath: spaCy model 'en_core_web_nope' is not installed "
        "(install the package that provides 'en_core_web_nope')"
    )


@pytest.mark.parametrize(("code", "words"), [("1823", "Kill by physical assault"),
                                             ("RUSGOVDIP", "Russia, government, diplomatic"),
                                             ("ASSAULT", "CAMEO codes")])
def test_cli_explain_codes(runner: CliRunner, code: str, words: str):
    result = runner.invoke(app, ["explain", code])
    assert result.exit_code == 0
    assert words in result.stdout


def test_cli_explain_unknown_code_fails(runner: CliRunner):
    result = runner.invoke(app, ["explain", "XYZZY1"])
    assert result.exit_code == 1
    assert "is not a CAMEO code" in result.stderr
