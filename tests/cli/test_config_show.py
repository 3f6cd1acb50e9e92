import json

from typer.testing import CliRunner

from aftermath.cli import app


def test_config_show_reports_value_and_source(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "aftermath.toml").write_text("max_chars = 5000\n")
    monkeypatch.setenv("AFTERMATH_BATCH_SIZE", "8")
    result = CliRunner().invoke(app, ["config", "show", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows["batch_size"] == {"value": 8, "source": "environment AFTERMATH_BATCH_SIZE"}
    assert rows["max_chars"] == {"value": 5000, "source": "aftermath.toml"}
    assert rows["model"]["source"] == "default"


def test_config_show_rejects_a_bad_setting_in_one_line(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AFTERMATH_BATCH_SIZE", "many")
    result = CliRunner().invoke(app, ["config", "show"])
    assert result.exit_code == 2
    assert result.output.strip().startswith("aftermath: invalid settings")
