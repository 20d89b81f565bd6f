"""Tokens at the repository endpoints: Bearer, Basic (any user name) or, as Cargo sends it, the token
itself; checked against those issued.

A request without a token, or with one the mock never issued (or issued before the state was reset), or
expired (still remembered, or dropped since: see ``AuthorizationTokens``), or issued for another domain or
owner, or for a domain deleted since (even if one of the same name was created again), gets 401 with the
challenges its format's client needs: two separate headers, Bearer and Basic (Maven retries with credentials
only when they come as two headers: spec section 2), or for Cargo ``WWW-Authenticate: Cargo`` (RFC 3139:
Cargo asks its credential provider after a 401, spec section 7).
"""

from __future__ import annotations

import base64
import binascii
import time
from collections.abc import Mapping
from typing import Optional

from ..backend.authorization_tokens import AuthorizationGrant, AuthorizationTokens
from ..backend.entities import Domain
from .http import EndpointError

# The challenges of a 401 by format, each its own WWW-Authenticate header (every other format: both of these).
_CHALLENGES = {"cargo": ("Cargo",)}
_BEARER_AND_BASIC = ('Bearer realm="{realm}"', 'Basic realm="{realm}"')


def token_of(headers: Mapping[str, str]) -> Optional[str]:
    """The token of an ``Authorization`` header: ``Bearer <token>``, ``Basic base64(<user>:<token>)``, or
    the token alone (Cargo sends the token verbatim: RFC 3139)."""
    scheme, _, value = headers.get("authorization", "").strip().partition(" ")
    value = value.strip()
    if not value and scheme.lower() not in ("bearer", "basic"):
        return scheme or None  # one word: the token itself (tokens have no spaces)
    if scheme.lower() == "bearer":
        return value or None
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, ValueError):
            return None
        _user, colon, password = decoded.partition(":")
        return password if colon and password else None
    return None


def check(
    tokens: AuthorizationTokens,
    headers: Mapping[str, str],
    fmt: str,
    domain: str,
    owner: str,
    repository: str,
    region: Optional[str],
) -> AuthorizationGrant:
    """The grant of the request's token, if it is valid for this domain (and region, when the URL names one).

    Otherwise raise the 401 answer, with the challenges ``fmt``'s clients need.
    """
    token = token_of(headers)
    grant = None if token is None else tokens.grant(token)
    if token is None:
        problem = "Authentication required: send a token from GetAuthorizationToken"
    elif grant is None and not tokens.issued_here(token):
        problem = "The authorization token is not valid"
    elif grant is None or grant.expires <= time.time():  # (None: issued here, expired and dropped since)
        problem = "The authorization token has expired"
    elif (grant.domain, grant.owner) != (domain, owner) or region not in (None, grant.region):
        problem = f"The authorization token was not issued for domain {domain} owned by {owner}"
    else:
        return grant
    raise _unauthorized(problem, fmt, domain, repository)


def check_domain(grant: AuthorizationGrant, found: Optional[Domain], fmt: str, repository: str) -> None:
    """Raise the 401 unless ``found``, the domain the request names as it is now, is the very domain the
    token was issued for: a token dies with its domain, and stays dead when a domain of the same name is
    created again. Call it under the store's lock, with the look-up it checks."""
    if found is not grant.issued_for:
        problem = (
            f"The authorization token was issued for domain {grant.domain} owned by {grant.owner}, "
            "which has since been deleted"
        )
        raise _unauthorized(problem, fmt, grant.domain, repository)


def _unauthorized(problem: str, fmt: str, domain: str, repository: str) -> EndpointError:
    """The 401, with the ``WWW-Authenticate`` challenges ``fmt``'s clients need."""
    realm = f"{domain}/{repository}"
    values = _CHALLENGES.get(fmt, _BEARER_AND_BASIC)
    return EndpointError(401, problem, [("WWW-Authenticate", value.format(realm=realm)) for value in values])
