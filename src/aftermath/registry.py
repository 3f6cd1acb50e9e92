"""Registries of named components: extractors register exactly as a third party would.

Names follow `<family>.<method>.v<N>`; a released name never changes behaviour.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from aftermath.errors import UnknownComponentError

T = TypeVar("T")


@dataclass(frozen=True)
class Component(Generic[T]):
    name: str
    func: T
    requires: tuple[str, ...]
    produces: str
    doc: str


class Registry(Generic[T]):
    """A name → component table with a clear error for unknown names."""

    def __init__(self, family: str) -> None:
        self.family = family
        self._items: dict[str, Component[T]] = {}

    def register(
        self, name: str, *, requires: tuple[str, ...] = (), produces: str = ""
    ) -> Callable[[T], T]:
        def decorator(func: T) -> T:
            if name in self._items:
                raise ValueError(f"{self.family}: {name} is already registered")
            self._items[name] = Component(
                name, func, requires, produces, (getattr(func, "__doc__", "") or "").strip()
            )
            return func

        return decorator

    def get(self, name: str) -> Component[T]:
        _load_builtins()
        try:
            return self._items[name]
        except KeyError:
            known = ", ".join(self.names()) or "none"
            raise UnknownComponentError(
                f"no {self.family} named {name!r} (available: {known})"
            ) from None

    def names(self) -> list[str]:
        _load_builtins()
        return sorted(self._items)


extractors: Registry[Callable[..., Any]] = Registry("extractor")

# Built-in extractor modules, imported lazily so registering never causes import cycles.
BUILTIN_MODULES = (
    "aftermath.extract.actors",
    "aftermath.extract.events",
    "aftermath.extract.attributions",
    "aftermath.extract.claims",
)
_loaded = False


def _load_builtins() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    import importlib

    for module in BUILTIN_MODULES:
        importlib.import_module(module)
