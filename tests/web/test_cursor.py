from __future__ import annotations

import pytest

from aftermath.errors import InputError
from aftermath.web.cursor import decode_cursor, encode_cursor


def test_cursor_round_trips_a_key():
    assert decode_cursor(encode_cursor(("2016-12-19", "a/b é")), size=2) == ("2016-12-19", "a/b é")


@pytest.mark.parametrize("cursor", ["!!!", "bm90IGpzb24", encode_cursor(("one",)), "x" * 600,
                                    encode_cursor((True, "x"))])
def test_cursor_rejects_anything_not_made_here(cursor: str):
    with pytest.raises(InputError, match="not a cursor"):
        decode_cursor(cursor, size=2)
