"""Request dependencies shared by the API and the pages: the store, its answer cache and the
knowledge base (which incident briefs need to name speakers; loaded on first use)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from aftermath.store import Store
from aftermath.web.cache import StoreCache


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def get_cache(request: Request) -> StoreCache:
    cache: StoreCache = request.app.state.cache
    return cache


def get_kb(request: Request) -> Any:
    return request.app.state.knowledge()


StoreDep = Annotated[Store, Depends(get_store)]
CacheDep = Annotated[StoreCache, Depends(get_cache)]
KbDep = Annotated[Any, Depends(get_kb)]
