"""Opaque pagination cursors: the last item's key, as URL-safe base64 of a JSON array.

Clients must treat a cursor as a token to pass back, never as something to build; that
leaves the store free to change how it orders pages.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from aftermath.errors import InputError

MAX_CURSOR_CHARS = 512  # a key is two short strings; anything longer is not ours


def encode_cursor(key: tuple[Any, ...]) -> str:
    raw = json.dumps(list(key), separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, *, size: int) -> tuple[Any, ...]:
    """The key inside a cursor made by `encode_cursor`; InputError for anything else."""
    problem = InputError("not a cursor from this API (pass back the 'next' value unchanged)",
                         code="request.bad_cursor")
    if len(cursor) > MAX_CURSOR_CHARS:
        raise problem
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, UnicodeError, binascii.Error) as err:
        raise problem from err
    if not (isinstance(value, list) and len(value) == size
            and all(isinstance(part, str | int) and not isinstance(part, bool) for part in value)):
        raise problem
    return tuple(value)
