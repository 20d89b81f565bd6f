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
import threading
import time
from typing import NamedTuple, Optional, Union

from ..jsontext import to_json
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
        # What json.dumps({"s": cursor, "h": mac}, separators=(",", ":")) gives: every list page issues one.
        raw = f'{{"s":{to_json(cursor)},"h":"{self._mac(query, cursor)}"}}'.encode()
        return base64.b64encode(raw).decode("ascii")

    def resume(self, query: Query, token: Optional[str]) -> Optional[Cursor]:
        """The cursor to continue after, or None for the first page."""
        if token is None:
            return None
        try:
            payload = json.loads(base64.b64decode(token.encode("ascii"), validate=True))
        except (binascii.Error, UnicodeError, ValueError):
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
        message = repr((query, cursor)).encode()  # (repr quotes every string: no two queries read alike)
        return hmac.digest(self._key, message, "sha256").hex()[:32]


class AuthorizationGrant(NamedTuple):
    """What an authorization token from GetAuthorizationToken was issued for, and until when."""

    domain: str
    owner: str  # the domain's owner
    account_id: str  # the account that asked for the token
    region: str
    expires: float  # seconds since the epoch


class AuthorizationTokens:
    """Every authorization token issued, so the repository endpoints can check the ones clients send."""

    __slots__ = ("_grants", "_lock")

    def __init__(self) -> None:
        self._grants: dict[str, AuthorizationGrant] = {}
        self._lock = threading.Lock()

    def remember(self, token: str, grant: AuthorizationGrant) -> None:
        with self._lock:
            self._grants[token] = grant

    def grant(self, token: str) -> Optional[AuthorizationGrant]:
        """What ``token`` was issued for, or None for a token this mock never issued."""
        return self._grants.get(token)

    def expire_all(self) -> None:
        """Make every token issued so far expired, as if its lifetime had run out."""
        now = time.time()
        with self._lock:
            for token, grant in self._grants.items():
                self._grants[token] = grant._replace(expires=min(grant.expires, now - 1))
