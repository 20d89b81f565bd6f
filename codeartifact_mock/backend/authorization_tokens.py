"""The authorization tokens GetAuthorizationToken issued, so the repository endpoints can check those that
package managers send: what each was issued for, and until when.

A server may issue tokens for months, so the table keeps only what can still open something: whenever it has
doubled since it was last swept, the grants that have expired are dropped (each keeps its domain, maybe
deleted since, alive). That is O(1) per token issued, amortized, and the table never holds more than twice
the tokens still valid at the last sweep, or ``SWEEP_FLOOR``. A look-up stays one dict access.

A dropped token must still be told from one never issued ("has expired", not "is not valid"), as AWS's
tokens, which carry their own proof, always are: the last 16 bytes of a token's last part authenticate the
rest under a key of the table's own (HMAC-SHA256). A token that carries them but is no longer in the table
can only have been dropped, so expired. A new table (the state's reset) has a new key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import threading
import time
from datetime import datetime
from typing import NamedTuple, Optional

from ..iam.principals import Principal
from .entities import Domain

SWEEP_FLOOR = 64  # the table is not swept below this many grants
_BODY_BYTES, _MAC_BYTES = 96, 16  # a token's last part, and the authentication ending it


class AuthorizationGrant(NamedTuple):
    """What an authorization token from GetAuthorizationToken was issued for, and until when."""

    expires: float  # seconds since the epoch
    # The domain itself, not its name: once it is deleted, a domain created again under its name is another,
    # which the token does not open (the repository endpoints compare the domain they find with this one).
    issued_for: Domain
    principal: Principal  # who asked for it (its account too): every request made with it is that principal's

    @property
    def domain(self) -> str:
        return self.issued_for.name

    @property
    def owner(self) -> str:
        """The domain's owner."""
        return self.issued_for.owner

    @property
    def region(self) -> str:
        return self.issued_for.region


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


class AuthorizationTokens:
    """Every authorization token issued and not yet expired long enough to be dropped, so the repository
    endpoints can check the ones clients send."""

    __slots__ = ("_grants", "_key", "_lock", "_sweep_at")

    def __init__(self) -> None:
        # Replaced whole by a sweep, changed in place otherwise, always under ``_lock``: a reader needs none.
        self._grants: dict[str, AuthorizationGrant] = {}
        self._key = os.urandom(32)
        self._lock = threading.Lock()
        self._sweep_at = SWEEP_FLOOR  # the size at which the next token issued sweeps the table

    def __len__(self) -> int:
        return len(self._grants)

    def issue(self, issued: datetime, grant: AuthorizationGrant) -> str:
        """A new token for ``grant``, remembered: opaque and shaped like AWS's (a base64url JSON header, then
        encrypted-looking parts), ending in its authentication."""
        header = {"ver": 1, "isu": int(issued.timestamp()), "enc": "A128GCM", "tag": _b64url(os.urandom(16))}
        signed = f"{_b64url(json.dumps(header, separators=(',', ':')).encode())}.{_b64url(os.urandom(12))}"
        body = os.urandom(_BODY_BYTES - _MAC_BYTES)
        token = f"{signed}.{_b64url(body + self._mac(signed, body))}"
        with self._lock:
            self._grants[token] = grant
            if len(self._grants) >= self._sweep_at:
                now = time.time()
                self._grants = {kept: held for kept, held in self._grants.items() if held.expires > now}
                self._sweep_at = max(SWEEP_FLOOR, 2 * len(self._grants))
        return token

    def grant(self, token: str) -> Optional[AuthorizationGrant]:
        """What ``token`` was issued for, or None for a token not (or no longer) in the table."""
        return self._grants.get(token)

    def issued_here(self, token: str) -> bool:
        """Whether ``token`` was issued by this table (still in it, or dropped once expired)."""
        signed, _, last = token.rpartition(".")
        try:
            body = base64.urlsafe_b64decode(last + "=" * (-len(last) % 4))
            return len(body) == _BODY_BYTES and hmac.compare_digest(
                body[-_MAC_BYTES:], self._mac(signed, body[:-_MAC_BYTES])
            )
        except ValueError:  # not base64, or not text a token can be (binascii.Error, UnicodeEncodeError)
            return False

    def expire_all(self) -> None:
        """Make every token issued so far expired, as if its lifetime had run out (the next sweep drops
        them)."""
        now = time.time()
        with self._lock:
            for token, grant in self._grants.items():
                self._grants[token] = grant._replace(expires=min(grant.expires, now - 1))

    def _mac(self, signed: str, body: bytes) -> bytes:
        return hmac.new(self._key, signed.encode() + body, hashlib.sha256).digest()[:_MAC_BYTES]
