"""`aftermath serve`: loopback by default, read-only unless AFTERMATH_TOKEN is set."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from aftermath.cli import app
from aftermath.commands.serve import is_loopback
from aftermath.store import open_store


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.8.0.1", True),
    ("0.0.0.0", False), ("192.0.2.10", False), ("example.org", False),
])
def test_serve_is_loopback(host: str, loopback: bool):
    assert is_loopback(host) is loopback


def test_serve_missing_store_is_a_one_line_usage_error(tmp_path: Path):
    missing = tmp_path / "none.sqlite"
    result = CliRunner().invoke(app, ["serve", "--db", f"sqlite:///{missing}"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"aftermath: {missing}: no store there (run `aftermath demo` or "
        "`aftermath ingest ... --db` first)"
    )
    assert not missing.exists()


@pytest.fixture()
def captured_run(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """Replace uvicorn.run (the network edge) and keep what it was given."""
    import uvicorn

    seen: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda web_app, **kw: seen.update(app=web_app, **kw))
    return seen


@pytest.mark.parametrize(("token", "expected"), [(None, None), ("t0k3n", "t0k3n")])
def test_serve_binds_loopback_and_takes_token_from_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, captured_run: dict[str, object],
    token: str | None, expected: str | None,
):
    db = tmp_path / "s.sqlite"
    open_store(f"sqlite:///{db}").close()
    if token:
        monkeypatch.setenv("AFTERMATH_TOKEN", token)
    else:
        monkeypatch.delenv("AFTERMATH_TOKEN", raising=False)
    result = CliRunner().invoke(app, ["serve", "--db", f"sqlite:///{db}", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert (captured_run["host"], captured_run["port"]) == ("127.0.0.1", 8123)
    assert captured_run["app"].state.token == expected  # type: ignore[attr-defined]
    assert ("read-only" in result.stderr) is (token is None)


def test_serve_warns_when_binding_beyond_loopback(
    tmp_path: Path, captured_run: dict[str, object],
):
    db = tmp_path / "s.sqlite"
    open_store(f"sqlite:///{db}").close()
    result = CliRunner().invoke(app, ["serve", "--db", f"sqlite:///{db}", "--host", "0.0.0.0"])
    assert result.exit_code == 0
    assert "aftermath: 0.0.0.0: serving beyond this machine" in result.stderr
