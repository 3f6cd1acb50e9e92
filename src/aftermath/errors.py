"""Errors aftermath raises, each with a stable code and a one-line message.

    AftermathError (code)
    ├── ConfigError            bad settings, missing model       (CLI exit 2)
    │   └── ModelNotInstalledError
    ├── InputError             a bad file, record or argument    (source, locator)
    ├── UnknownComponentError  a registry name that does not exist
    ├── PipelineError          a stage failed on a document
    ├── StoreError             the database refused
    └── NotFoundError          an id that is not stored
"""

from __future__ import annotations


class AftermathError(Exception):
    code: str = "aftermath.error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class ConfigError(AftermathError):
    code = "config.invalid"


class ModelNotInstalledError(ConfigError):
    code = "config.no_model"


class InputError(AftermathError):
    """A bad input; `source` names the file or stream and `locator` the record in it."""

    code = "input.invalid"

    def __init__(
        self, message: str, *, source: str = "", locator: str = "", code: str | None = None
    ) -> None:
        super().__init__(message, code=code)
        self.source = source
        self.locator = locator

    def __str__(self) -> str:
        where = ": ".join(part for part in (self.source, self.locator) if part)
        base = super().__str__()
        return f"{where}: {base}" if where else base


class UnknownComponentError(AftermathError):
    code = "registry.unknown"


class PipelineError(AftermathError):
    code = "pipeline.failed"


class StoreError(AftermathError):
    code = "store.failed"


class NotFoundError(AftermathError):
    code = "store.not_found"
