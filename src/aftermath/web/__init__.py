"""The web dashboard and REST API (FastAPI): `create_app(store)`; `aftermath serve` runs it."""

from aftermath.web.app import create_app

__all__ = ["create_app"]
