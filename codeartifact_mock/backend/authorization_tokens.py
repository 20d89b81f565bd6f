"""The authorization tokens GetAuthorizationToken issued, so the repository endpoints can check those that
package managers send: what each was issued for, and until when."""

from __future__ import annotations

import threading
import time
from typing import NamedTuple, Optional

from ..iam.principals import Principal
from .entities import Domain


class AuthorizationGrant(NamedTuple):
    """What an authorization token from GetAuthorizationToken was issued for, and until when."""

    domain: str
    owner: str  # the domain's owner
    account_id: str  # the account that asked for the token
    region: str
    expires: float  # seconds since the epoch
    # The domain itself, not its name: once it is deleted, a domain created again under its name is another,
    # which the token does not open (the repository endpoints compare the domain they find with this one).
    issued_for: Domain
    principal: Principal  # who asked for it: every request made with it is that principal's


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
