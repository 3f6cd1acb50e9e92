"""Built knowledge kept between runs: a pickle per input digest in the user's cache folder.

Some tables take seconds to build from their sources (the gazetteer from geonames, the
Phoenix actor dictionary) and never change between runs of one installation. Every
command that loads the knowledge base paid for them before its first document; `ingest`
paid before its workers could start (#20). A table is stored under a name that carries
the digest of everything it is built from, so a changed source makes a new file and a
stale one is never read. A file that cannot be read (damaged, another Python, cleared
halfway) is rebuilt and written again; a folder that cannot be written only costs the
build.
"""

from __future__ import annotations

import logging
import os
import pickle
import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import platformdirs

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Where cached tables go when the caller names no folder; tests and read-only homes point
# it elsewhere.
CACHE_ENV = "AFTERMATH_CACHE_DIR"

_UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
               IndexError, TypeError, ValueError)


def cache_folder(folder: Path | None = None) -> Path:
    """The folder cached tables live in: the caller's, $AFTERMATH_CACHE_DIR, or the
    user's cache folder."""
    if folder is not None:
        return folder
    configured = os.environ.get(CACHE_ENV)
    return Path(configured) if configured else Path(platformdirs.user_cache_dir("aftermath"))


# A cached table's file name: what it holds, then the digest of its sources.
_NAME = re.compile(r"(?P<table>.+)-(?P<digest>[0-9a-f]{20})\.pickle")


def table_path(table: str, digest: str, folder: Path | None = None) -> Path:
    """Where the table built from sources with this digest is kept."""
    return cache_folder(folder) / f"{table}-{digest[:20]}.pickle"


def _drop_stale(path: Path) -> None:
    """Remove the same table built from older sources: each edit of a source would
    otherwise leave another copy behind."""
    current = _NAME.fullmatch(path.name)
    if current is None:
        return
    for other in path.parent.glob(f"{current['table']}-*.pickle"):
        found = _NAME.fullmatch(other.name)
        if found and found["table"] == current["table"] and other != path:
            other.unlink(missing_ok=True)


def cached(path: Path, build: Callable[[], T], *, valid: Callable[[object], bool]) -> T:
    """The table pickled at `path` when it is there and `valid`, else `build()`'s result,
    written to `path` for the next run (atomically: a reader never sees half a file)."""
    try:
        with path.open("rb") as handle:
            found = pickle.load(handle)  # our own file, written below
        if valid(found):
            return found  # type: ignore[no-any-return]
    except _UNREADABLE:
        pass
    built = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        with temporary.open("wb") as handle:
            pickle.dump(built, handle, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(path)
        _drop_stale(path)
    except OSError as err:
        logger.warning("cannot cache %s: %s", path.name, err)
    return built
