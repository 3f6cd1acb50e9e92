"""`aftermath ingest` end to end: every format, every kind of bad input, reruns and kills."""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aftermath.cli import app

# Short articles in our own words; each different enough not to be a near copy of another.
ARTICLES = [
    "Turkish jets shot down a Russian warplane near the Syrian border on Tuesday, officials in "
    "Ankara said, adding that the pilots had ignored repeated warnings.",
    "Moscow recalled its ambassador from Ankara and suspended visa-free travel for Turkish "
    "citizens after the loss of the bomber.",
    "The Kremlin banned imports of Turkish fruit and vegetables from January, a decree "
    "published by the government showed.",
    "Iran offered to mediate between the two neighbours and invited both foreign ministers to "
    "a meeting in Tehran next month.",
    "Germany urged restraint and called on Russia and Turkey to resume military contacts so "
    "that a similar incident could be avoided.",
    "Russian tour operators stopped selling holidays on the Turkish coast, costing resorts "
    "millions of visitors over the summer season.",
    "A Turkish court charged two soldiers with espionage over leaked radar logs, prosecutors "
    "told reporters in Istanbul on Friday.",
    "The gas pipeline project under the Black Sea was frozen, the energy ministry said, "
    "although deliveries through existing lines continued.",
    "Putin and Erdogan spoke by telephone for the first time in seven months and agreed to "
    "restore trade ties step by step.",
    "NATO ambassadors held an emergency session in Brussels at the request of Turkey to "
    "discuss the shooting down of the aircraft.",
]
PAGE = """<html><head><title>{title}</title>
<meta property="article:published_time" content="2015-11-25"></head><body>
<nav><a href="/">Home</a></nav><article><h1>{title}</h1><p>{text}</p></article></body></html>"""
FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title>
<item><guid>urn:wire:77</guid><title>Emergency session</title>
<pubDate>Wed, 25 Nov 2015 08:00:00 GMT</pubDate><description>{text}</description></item>
</channel></rss>"""


def _zip(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@pytest.fixture()
def mixed(tmp_path: Path) -> Path:
    """Good articles in every format, one exact copy, and every kind of bad input."""
    a = ARTICLES
    folder = tmp_path / "inbox"
    (folder / "nested").mkdir(parents=True)
    (folder / "one.txt").write_text(f"title: Jet down\npublished: 2015-11-24\n---\n{a[0]}\n")
    (folder / "nested" / "two.md").write_text(f"# Envoy recalled\n\n{a[1]}\n")
    (folder / "three.html").write_text(PAGE.format(title="Food ban", text=a[2]))
    (folder / "dump.jsonl").write_text(
        json.dumps({"id": "j-4", "body": a[3], "date": "2015-11-26"}) + "\n{broken json\n")
    (folder / "table.csv").write_text(
        f'id,headline,content,date\nc-5,Restraint,"{a[4]}",2015-11-27\n'
        f'c-bad,Tours,"{a[5]}",the day after tomorrow\n')
    (folder / "table.tsv").write_text(f"text\toutlet\n{a[5]}\tHurriyet\n")
    (folder / "feed.xml").write_text(FEED.format(text=a[9]))
    (folder / "bundle.zip").write_bytes(_zip({"inner/seven.txt": a[6]}))
    (folder / "more.jsonl.gz").write_bytes(gzip.compress(
        "\n".join(json.dumps({"id": f"g-{i}", "text": a[i]}) for i in (7, 8)).encode()))
    (folder / "z-copy-of-one.txt").write_text(a[0].upper() + "\n")  # exact copy: a report
    # -- bad inputs --
    (folder / "junk.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "nocol.csv").write_text("id,headline\n1,Only a headline\n")
    (folder / "huge.txt").write_text("word " * 10_000)  # 50 kB, over --max-bytes 20000
    (folder / "broken.zip").write_bytes(b"PK\x03\x04 this is not really a zip")
    (folder / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * 5_000_000))  # > 200 x 20 kB
    (folder / "notafeed.rss").write_text("this is plain text pretending to be a feed")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return folder


BAD = {"dump.jsonl": "not JSON", "table.csv": "not an ISO date", "junk.txt": "not UTF-8",
       "empty.txt": "empty file", "nocol.csv": "no text column", "huge.txt": "above the limit",
       "broken.zip": "not a readable zip", "bomb.txt.gz": "expands past",
       "notafeed.rss": "not a feed", "image.png": "unsupported file type"}


def test_ingest_mixed_folder_keeps_good_documents_once_and_lists_every_bad_input(
        mixed: Path, db_url: str):
    runner = CliRunner()
    db = db_url
    args = ["ingest", str(mixed), "--db", db, "--workers", "1", "--max-bytes", "20000", "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    summary = json.loads(result.stdout)
    assert (summary["stored"], summary["duplicates"], summary["rejected"]) == (10, 1, len(BAD))
    lines = result.stderr.strip().splitlines()
    assert len(lines) == len(BAD)
    for name, reason in BAD.items():
        assert any(line.startswith(f"aftermath: {mixed / name}") and reason in line
                   for line in lines), name
    stats = json.loads(runner.invoke(app, ["stats", "--db", db, "--json"]).stdout)
    assert stats["documents"] == 10
    again = runner.invoke(app, args)
    assert again.exit_code == 1
    assert json.loads(again.stdout)["stored"] == 0
    assert json.loads(again.stdout)["unchanged"] == 11
    listed = runner.invoke(app, ["rejections", "--db", db, "--json", "--limit", "3"])
    assert len(listed.stdout.splitlines()) == 3


def test_ingest_keeps_ids_the_sources_gave(mixed: Path, tmp_path: Path):
    db = tmp_path / "s.sqlite"
    CliRunner().invoke(app, ["ingest", str(mixed), "--db", f"sqlite:///{db}", "--workers", "1",
                             "--max-bytes", "20000"])
    with sqlite3.connect(db) as conn:
        ids = {row[0] for row in conn.execute("select id from documents")}
    assert {"one", "nested/two", "three", "j-4", "c-5", "table.tsv#row-2", "urn:wire:77",
            "bundle.zip/inner/seven", "g-7", "g-8"} == ids


def test_ingest_map_and_user_outlets(tmp_path: Path):
    dump = tmp_path / "d.csv"
    dump.write_text(f'story,paper\n"{ARTICLES[3]}",Ankara Local\n')
    extra = tmp_path / "outlets.yaml"
    extra.write_text(
        "- {key: ankara-local, name: Ankara Local, country: TUR, ownership: private}\n")
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    result = CliRunner().invoke(app, ["ingest", str(dump), "--db", db, "--workers", "1",
                                      "--map", "text=story,outlet=paper", "--outlets", str(extra)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("stored 1 · duplicates 0 · rejected 0")
    with sqlite3.connect(tmp_path / "s.sqlite") as conn:
        assert conn.execute("select outlet from documents").fetchone() == ("ankara-local",)


def test_ingest_bad_map_is_a_usage_error(tmp_path: Path):
    result = CliRunner().invoke(app, ["ingest", str(tmp_path), "--map", "text"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "aftermath: --map 'text': expected FIELD=COLUMN"


def test_ingest_non_english_noted_in_summary(tmp_path: Path):
    (tmp_path / "tr.txt").write_text(
        "Rusya ve Türkiye salı günü kuzey Suriye'de ateşkes için görüşmelere başlamayı kabul "
        "etti, iki dışişleri bakanı açıkladı.")
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "tr.txt"), "--db",
                                      f"sqlite:///{tmp_path / 's.sqlite'}", "--workers", "1"])
    assert result.exit_code == 0
    assert "non-English 1" in result.stdout
    assert "not analysed" in result.stderr


@pytest.mark.slow
def test_ingest_with_two_workers_matches_one_worker(mixed: Path, tmp_path: Path):
    counts = []
    for workers in ("1", "2"):
        db = tmp_path / f"w{workers}.sqlite"
        CliRunner().invoke(app, ["ingest", str(mixed), "--db", f"sqlite:///{db}",
                                 "--workers", workers, "--max-bytes", "20000"])
        with sqlite3.connect(db) as conn:
            counts.append(conn.execute(
                "select count(*), (select count(*) from events), (select count(*) from reports)"
                " from documents").fetchone())
    assert counts[0] == counts[1]


def _random_articles(count: int) -> list[dict[str, str]]:
    words = ["minister", "talks", "border", "army", "trade", "gas", "court", "envoy", "summit",
             "sanctions", "pipeline", "ceasefire", "embassy", "protest", "election", "drone",
             "village", "port", "harvest", "refugees", "treaty", "navy", "airport", "bank",
             "currency", "inflation", "strike", "rally", "police", "parliament"]
    rng = random.Random(5)
    articles = []
    for n in range(count):
        sentences = [" ".join(rng.choice(words) for _ in range(12)).capitalize() + "."
                     for _ in range(12)]
        articles.append({"id": f"r-{n}", "text": " ".join(sentences)})
    return articles


@pytest.mark.slow
def test_ingest_killed_mid_run_then_rerun_stores_everything_once(tmp_path: Path):
    dump = tmp_path / "many.jsonl"
    articles = _random_articles(120)
    dump.write_text("\n".join(json.dumps(a) for a in articles))
    db = tmp_path / "s.sqlite"
    command = [sys.executable, "-m", "aftermath.cli", "ingest", str(dump), "--db",
               f"sqlite:///{db}", "--workers", "1"]
    env = {**os.environ, "AFTERMATH_BATCH_SIZE": "4"}
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
        if db.exists():
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
                    stored = conn.execute("select count(*) from documents").fetchone()[0]
            except sqlite3.OperationalError:
                continue
            if stored >= 5:
                break
    assert process.poll() is None, "ingest finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert 5 <= stored < len(articles)
    rerun = subprocess.run([*command, "--json"], env=env, capture_output=True, text=True,
                           timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert summary["stored"] + summary["unchanged"] == len(articles)
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
        assert conn.execute("select count(*) from documents").fetchone() == (len(articles),)
        assert conn.execute("select count(distinct document_id) from signatures").fetchone() == (
            len(articles),)
