"""Answers that aggregate the whole store, kept until the store changes.

A dyad series reads every event between two countries; on a store of 100,000 documents that
takes seconds, while the answer only changes when documents are added. So aggregates are
cached per key with the store's version (document count and latest ingestion time), which
is re-read at most every `recheck_seconds`; writes by this server or by a concurrent
`aftermath ingest` are both seen. Concurrent requests for the same missing key wait for one
computation instead of all starting their own. With `stale_while_revalidate`, an answer for
an older version is served at once while one background thread recomputes it, so a store
under continuous ingestion does not make every chart request pay the full computation.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from aftermath.store import Store, queries

T = TypeVar("T")
RECHECK_SECONDS = 2.0
MAX_ENTRIES = 256


class StoreCache:
    def __init__(self, store: Store, *, recheck_seconds: float = RECHECK_SECONDS,
                 max_entries: int = MAX_ENTRIES, stale_while_revalidate: bool = False) -> None:
        self.store = store
        self.stale_while_revalidate = stale_while_revalidate
        self._refreshing: set[Hashable] = set()
        self.recheck_seconds = recheck_seconds
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, tuple[Any, Any]] = OrderedDict()
        self._key_locks: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()
        self._version: Any = None
        self._checked = float("-inf")

    def version(self) -> Any:
        now = time.monotonic()
        with self._lock:
            if now - self._checked < self.recheck_seconds:
                return self._version
        version = queries.store_version(self.store)
        with self._lock:
            self._version, self._checked = version, now
        return version

    def invalidate(self) -> None:
        """Forget everything now (after this server wrote to the store)."""
        with self._lock:
            self._entries.clear()
            self._checked = float("-inf")

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        version = self.version()
        with self._lock:
            found = self._entries.get(key)
            if found is not None and found[0] == version:
                self._entries.move_to_end(key)
                return found[1]  # type: ignore[no-any-return]
            if found is not None and self.stale_while_revalidate:
                if key not in self._refreshing:
                    self._refreshing.add(key)
                    threading.Thread(target=self._refresh, args=(key, compute),
                                     daemon=True).start()
                return found[1]  # type: ignore[no-any-return]
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        return self._compute(key, key_lock, version, compute)

    def _refresh(self, key: Hashable, compute: Callable[[], Any]) -> None:
        try:
            with self._lock:
                key_lock = self._key_locks.setdefault(key, threading.Lock())
            self._compute(key, key_lock, self.version(), compute)
        finally:
            with self._lock:
                self._refreshing.discard(key)

    def _compute(self, key: Hashable, key_lock: threading.Lock, version: Any,
                 compute: Callable[[], T]) -> T:
        with key_lock:
            with self._lock:
                found = self._entries.get(key)
                if found is not None and found[0] == version:
                    return found[1]  # type: ignore[no-any-return]
            value = compute()
            with self._lock:
                self._entries[key] = (version, value)
                self._entries.move_to_end(key)
                while len(self._entries) > self.max_entries:
                    old, _ = self._entries.popitem(last=False)
                    self._key_locks.pop(old, None)
            return value
