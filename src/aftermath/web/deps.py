"""Request dependencies shared by the API and the pages: the store and its answer cache."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from aftermath.store import Store
from aftermath.web.cache import StoreCache


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def get_cache(request: Request) -> StoreCache:
    cache: StoreCache = request.app.state.cache
    return cache


StoreDep = Annotated[Store, Depends(get_store)]
CacheDep = Annotated[StoreCache, Depends(get_cache)]
