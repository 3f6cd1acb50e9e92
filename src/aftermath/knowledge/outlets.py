"""Who published an article: outlet names, domains, country and ownership.

Framing comparisons ("what is state media in Moscow saying?") group documents by the
outlet's country and ownership, so every document's outlet string or URL must resolve to
one registry entry. The bundled file is `data/outlets.yaml`; users add or override entries
with their own YAML file of the same shape (`load_outlets(extra=path)`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from aftermath.errors import ConfigError
from aftermath.knowledge._files import read_yaml


class Ownership(StrEnum):
    STATE = "state"        # owned or run by the government
    PUBLIC = "public"      # public broadcaster with statutory independence (BBC, DW)
    PRIVATE = "private"
    THINK_TANK = "think_tank"
    OTHER = "other"        # blogs, NGOs, unknown


@dataclass(frozen=True, slots=True)
class Outlet:
    """One publisher. `key` is the stable id used in the store and in outputs."""

    key: str
    name: str
    country: str  # ISO alpha-3, or "INT" for no single country
    ownership: Ownership
    domains: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    note: str | None = None  # e.g. "state-run", "pro-government"


def _norm_name(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def domain_of(url: str) -> str | None:
    """The host of an http(s) URL without a leading www., lower-cased."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.lower().removeprefix("www.")


class OutletRegistry:
    """Outlets indexed by normalised name/alias and by domain; read-only once built."""

    def __init__(self, outlets: tuple[Outlet, ...]) -> None:
        self.outlets = outlets
        self._by_name: dict[str, Outlet] = {}
        self._by_domain: dict[str, Outlet] = {}
        for outlet in outlets:
            for name in (outlet.key, outlet.name, *outlet.aliases):
                self._by_name[_norm_name(name)] = outlet
            for domain in outlet.domains:
                self._by_domain[domain.lower().removeprefix("www.")] = outlet

    def by_key(self, key: str) -> Outlet | None:
        return self._by_name.get(_norm_name(key))

    def lookup(self, name: str | None = None, url: str | None = None) -> Outlet | None:
        """The outlet named in the record, else the one owning the URL's domain (or a parent)."""
        if name:
            found = self._by_name.get(_norm_name(name))
            if found is not None:
                return found
            if "." in name and " " not in name.strip():
                url = url or f"http://{name.strip()}"
        if url:
            host = domain_of(url)
            while host:
                found = self._by_domain.get(host)
                if found is not None:
                    return found
                _, _, host = host.partition(".")
                if "." not in host:
                    break
        return None


def _parse(raw: Any, source: str) -> list[Outlet]:
    if not isinstance(raw, list):
        raise ConfigError(f"{source}: expected a list of outlets")
    outlets = []
    for i, entry in enumerate(raw):
        try:
            outlets.append(Outlet(
                key=str(entry["key"]), name=str(entry["name"]),
                country=str(entry["country"]).upper(),
                ownership=Ownership(entry.get("ownership", "other")),
                domains=tuple(str(d).lower() for d in entry.get("domains", ())),
                aliases=tuple(str(a) for a in entry.get("aliases", ())),
                note=entry.get("note"),
            ))
        except (KeyError, TypeError, ValueError) as err:
            raise ConfigError(f"{source}: outlet #{i + 1} is invalid: {err!r}") from err
    return outlets


@lru_cache(maxsize=4)
def load_outlets(extra: Path | None = None) -> OutletRegistry:
    """The bundled registry, with entries from `extra` added (same key replaces)."""
    outlets = {o.key: o for o in _parse(read_yaml("outlets.yaml"), "outlets.yaml")}
    if extra is not None:
        try:
            raw = yaml.safe_load(Path(extra).read_text("utf-8"))
        except (OSError, yaml.YAMLError) as err:
            raise ConfigError(f"{extra}: cannot read outlet file: {err}") from err
        outlets.update({o.key: o for o in _parse(raw, str(extra))})
    return OutletRegistry(tuple(outlets.values()))
