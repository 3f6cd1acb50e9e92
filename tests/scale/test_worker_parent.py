"""Workers of `ingest --workers N` die with their parent, however it dies (#18).

A real `aftermath ingest` process is started, its analysis workers are found once they
exist, the parent is SIGKILLed, and the workers must be gone shortly after (before the
fix they lived on for minutes, each holding a copy of the model).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

SENTENCES = [
    "Turkish officials said on Monday that talks with Russia on Syria would resume.",
    "The Kremlin accused Kiev of shelling villages near the border overnight.",
    "Protesters gathered outside the embassy in Ankara demanding an apology.",
    "The foreign minister met his Iranian counterpart in Tehran to discuss sanctions.",
]

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="finds the workers through /proc (psutil)")


def _corpus(folder: Path, count: int) -> Path:
    path = folder / "many.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for n in range(count):
            text = " ".join(SENTENCES[(n + k) % len(SENTENCES)] for k in range(12))
            handle.write(json.dumps({"id": f"doc-{n}", "text": f"Report {n}. {text}"}) + "\n")
    return path


def _wait_for(condition, timeout: float, step: float = 0.05) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


def test_workers_die_when_the_ingest_is_killed(tmp_path: Path):
    corpus = _corpus(tmp_path, 2_000)
    executable = Path(sys.executable).with_name("aftermath")
    parent = subprocess.Popen(
        [str(executable), "ingest", str(corpus), "--workers", "2",
         "--db", str(tmp_path / "store.sqlite")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ},
    )
    workers: list[psutil.Process] = []
    try:
        process = psutil.Process(parent.pid)
        assert _wait_for(lambda: len(process.children()) >= 2, timeout=180), \
            "the workers never started"
        workers = process.children()
        assert parent.poll() is None, "the ingest finished before it could be killed"
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)

        def gone() -> bool:
            return not any(w.is_running() and w.status() != psutil.STATUS_ZOMBIE
                           for w in workers)

        assert _wait_for(gone, timeout=15), [w.pid for w in workers if w.is_running()]
    finally:
        if parent.poll() is None:
            parent.kill()
        for worker in workers:  # the ones this test started, should they have survived
            with contextlib.suppress(psutil.NoSuchProcess):
                worker.kill()
