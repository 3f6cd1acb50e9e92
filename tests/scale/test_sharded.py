"""Dask ingest (#14): the same store as a local ingest, resumable after a kill."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aftermath.cli import app

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "demo" / "articles"
# Every table a run writes, with the columns that differ between two equal runs left out
# (surrogate ids, and when a row was written).
TABLES = {
    "documents": ("ingested_at",), "actors": ("id",), "mentions": ("id",),
    "events": ("id",), "attributions": ("id",), "claims": ("id",),
    "signatures": (), "reports": ("id", "created_at"), "rejections": ("id", "created_at"),
}


def stored_rows(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, without the columns that may differ between runs."""
    with sqlite3.connect(db) as conn:
        result = {}
        for table, skipped in TABLES.items():
            columns = [row[1] for row in conn.execute(f"pragma table_info({table})")
                       if row[1] not in skipped]
            result[table] = sorted(conn.execute(f"select {', '.join(columns)} from {table}"),
                                   key=repr)
        return result


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """Twelve demo articles, then an exact and a near copy of earlier ones (so copies
    arrive after their original's partition has gone), a Turkish article and junk."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    names = sorted(p.name for p in DEMO.glob("*.txt"))[:12]
    for name in names:
        (folder / name).write_text((DEMO / name).read_text(encoding="utf-8"), encoding="utf-8")
    first = (DEMO / names[0]).read_text(encoding="utf-8")
    (folder / "zz-exact-copy.txt").write_text(first.split("---", 1)[-1].upper())
    second = (DEMO / names[1]).read_text(encoding="utf-8").split("---", 1)[-1]
    (folder / "zz-near-copy.txt").write_text(second.strip() + " Reporting by a wire desk.")
    (folder / "zz-turkish.txt").write_text(
        "Rusya ve Türkiye salı günü kuzey Suriye'de ateşkes için görüşmelere başlamayı kabul "
        "etti, iki dışişleri bakanı açıkladı.")
    (folder / "zz-junk.txt").write_bytes(bytes(range(256)))
    return folder


def _ingest(*args: str) -> dict:
    result = CliRunner().invoke(app, ["ingest", *args, "--json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


@pytest.mark.slow
def test_dask_local_2_stores_what_a_local_ingest_stores(corpus: Path, tmp_path: Path):
    local = _ingest(str(corpus), "--db", f"sqlite:///{tmp_path / 'local.sqlite'}",
                    "--workers", "1")
    sharded = _ingest(str(corpus), "--db", f"sqlite:///{tmp_path / 'dask.sqlite'}",
                      "--dask", "local:2", "--partition-size", "3",
                      "--shards", str(tmp_path / "shards"))
    assert sharded == local
    assert (local["stored"], local["duplicates"], local["non_english"]) == (12, 2, 1)
    assert stored_rows(tmp_path / "dask.sqlite") == stored_rows(tmp_path / "local.sqlite")
    assert len(list((tmp_path / "shards").glob("*.parquet"))) == 4
    # #18: a Dask run places its documents in incidents as a plain ingest does.
    placed = placed_documents(tmp_path / "local.sqlite")
    assert placed and placed_documents(tmp_path / "dask.sqlite") == placed


def placed_documents(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute("select document_id from incident_documents")}


def test_partition_key_follows_version_and_knowledge(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch):
    from aftermath import sharded
    from aftermath.records import Document
    from aftermath.sharded import knowledge_digest, partition_key

    documents = [Document(id="a", text="Talks resumed.")]
    bundled = partition_key(documents, model="m")
    assert partition_key(documents, model="m") == bundled
    dictionary = tmp_path / "user.actors.txt"
    dictionary.write_text("ARNOR_ [ARN]\n", encoding="utf-8")
    with_user = partition_key(documents, model="m", dictionaries=(str(dictionary),))
    assert with_user != bundled
    knowledge_digest.cache_clear()
    dictionary.write_text("ARNOR_ [ARNGOV]\n", encoding="utf-8")
    assert partition_key(documents, model="m", dictionaries=(str(dictionary),)) != with_user
    monkeypatch.setattr(sharded, "_package_version", lambda: "99.0")  # an upgrade
    assert partition_key(documents, model="m") != bundled


def _articles(count: int) -> list[dict[str, str]]:
    words = ["minister", "talks", "border", "army", "trade", "gas", "court", "envoy", "summit",
             "sanctions", "pipeline", "ceasefire", "embassy", "protest", "election", "drone",
             "village", "port", "harvest", "refugees", "treaty", "navy", "airport", "bank"]
    rng = random.Random(14)
    return [{"id": f"k-{n}", "text": " ".join(
        " ".join(rng.choice(words) for _ in range(12)).capitalize() + "." for _ in range(10))}
        for n in range(count)]


def _manifest(db: Path) -> dict[str, tuple[str, int]]:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return {row[0]: (row[1], row[2]) for row in
                    conn.execute("select key, status, documents from shard_manifest")}
    except sqlite3.OperationalError:  # not created yet, or busy
        return {}


@pytest.mark.slow
def test_dask_ingest_killed_then_rerun_equals_an_uninterrupted_run(tmp_path: Path):
    dump = tmp_path / "many.jsonl"
    articles = _articles(96)
    dump.write_text("\n".join(json.dumps(a) for a in articles))
    db, shards = tmp_path / "killed.sqlite", tmp_path / "shards"
    command = [sys.executable, "-m", "aftermath.cli", "ingest", str(dump), "--db",
               f"sqlite:///{db}", "--dask", "local:2", "--partition-size", "4",
               "--shards", str(shards)]
    # A session of its own, so the kill reaches the cluster's worker processes too.
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.monotonic() + 240
    manifest: dict[str, tuple[str, int]] = {}
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
        manifest = _manifest(db)
        if sum(status == "loaded" for status, _ in manifest.values()) >= 3:
            break
    assert process.poll() is None, "ingest finished before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    manifest = _manifest(db)
    assert 3 <= len(manifest) < len(articles) // 4
    before = {path.name: path.stat().st_mtime_ns for path in shards.glob("*.parquet")}
    rerun = subprocess.run([*command, "--json"], capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert summary["stored"] + summary["unchanged"] == len(articles)
    assert summary["stored"] < len(articles)
    recorded = {f"{key}.parquet" for key in manifest}
    assert all(shards.joinpath(name).stat().st_mtime_ns == before[name]
               for name in recorded if name in before)  # recorded shards were not redone
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
        assert conn.execute("select count(*), count(distinct id) from documents").fetchone() == (
            len(articles), len(articles))
    _ingest(str(dump), "--db", f"sqlite:///{tmp_path / 'whole.sqlite'}", "--workers", "1")
    assert stored_rows(db) == stored_rows(tmp_path / "whole.sqlite")


def test_dask_unreachable_scheduler_is_one_line_exit_2(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("AFTERMATH_DASK_TIMEOUT", "1")
    (tmp_path / "a.txt").write_text("Russia recalled its ambassador from Ankara on Tuesday.")
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db",
                                      f"sqlite:///{tmp_path / 's.sqlite'}",
                                      "--dask", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip() == ("aftermath: dask scheduler tcp://127.0.0.1:1 unreachable "
                                     "(Timed out trying to connect to tcp://127.0.0.1:1 after 1 s)")


@pytest.mark.parametrize("spec", ["local:0", "local:two", "udp://x:1"])
def test_dask_bad_spec_is_a_usage_error(tmp_path: Path, spec: str):
    result = CliRunner().invoke(app, ["ingest", str(tmp_path), "--db",
                                      f"sqlite:///{tmp_path / 's.sqlite'}", "--dask", spec])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"aftermath: --dask {spec!r}: expected local:N")


@pytest.mark.slow
def test_dask_shards_folder_workers_cannot_write_fails_in_one_line(tmp_path: Path):
    (tmp_path / "a.txt").write_text("Russia recalled its ambassador from Ankara on Tuesday.")
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the shards folder should be")
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db",
                                      f"sqlite:///{tmp_path / 's.sqlite'}", "--dask", "local:1",
                                      "--shards", str(blocked)])
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("aftermath: a partition failed on a Dask worker (")
    assert line.endswith("rerun: loaded partitions and written shards are kept")


def test_dask_progress_is_a_partition_bar_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch):
    import io

    from aftermath import cli
    from aftermath.runs import IngestSummary

    with cli._ingest_progress(partitions=True) as callbacks:
        assert callbacks == (None, None)  # stderr is not a terminal under pytest
    terminal = io.StringIO()
    monkeypatch.setattr(terminal, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys, "stderr", terminal)
    with cli._ingest_progress(partitions=True) as (on_summary, on_partition):
        on_summary(IngestSummary(stored=3))
        on_partition(1, 4)
    assert "stored 3" in terminal.getvalue() and "1/4" in terminal.getvalue()
