"""Opaque, tamper-evident pagination tokens.

A token is base64 of a small JSON object (so it looks like AWS's ``eyJ...`` tokens) holding the cursor to
resume after (a sequence number, or the version string or [time, arrival] of the last version listed) and
an HMAC that binds it to the query that issued it: the operation, the resource
it lists and every filter. A token replayed against another query, edited, or made up fails the HMAC check
and the request is rejected with a ValidationException.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import os
from typing import Optional, Union

from .errors import ValidationError

# Everything that identifies a query: operation name, resource names, filter values.
Query = tuple[Union[str, int, bool, None], ...]
# Where a listing resumes: only ever one this process issued, as the HMAC proves.
Cursor = Union[int, str, list[int]]

_INVALID = "Invalid nextToken: the token is malformed or was issued for a different request"


class PageTokens:
    """Issues and checks page tokens with a per-process random key."""

    __slots__ = ("_key",)

    def __init__(self) -> None:
        self._key = os.urandom(32)

    def issue(self, query: Query, cursor: Cursor) -> str:
        raw = json.dumps({"s": cursor, "h": self._mac(query, cursor)}, separators=(",", ":")).encode()
        return base64.b64encode(raw).decode("ascii")

    def resume(self, query: Query, token: Optional[str]) -> Optional[Cursor]:
        """The cursor to continue after, or None for the first page."""
        if token is None:
            return None
        try:
            payload = json.loads(base64.b64decode(token.encode("ascii"), validate=True))
        except (binascii.Error, UnicodeError, ValueError, RecursionError):  # Recursion: JSON nested too deep
            raise ValidationError(_INVALID) from None
        if not isinstance(payload, dict):
            raise ValidationError(_INVALID)
        cursor, mac = payload.get("s"), payload.get("h")
        if not isinstance(cursor, (int, str, list)) or isinstance(cursor, bool) or not isinstance(mac, str):
            raise ValidationError(_INVALID)
        if not hmac.compare_digest(mac, self._mac(query, cursor)):
            raise ValidationError(_INVALID)
        return cursor

    def _mac(self, query: Query, cursor: Cursor) -> str:
        # JSON, so a cursor read back from a token (tuples come back as lists) signs as it did when issued.
        message = json.dumps([query, cursor], separators=(",", ":")).encode()
        return hmac.digest(self._key, message, "sha256").hex()[:32]
