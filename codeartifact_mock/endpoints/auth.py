"""Tokens at the repository endpoints: Bearer or Basic (any user name), checked against those issued.

A request without a token, or with one the mock never issued, or expired, or issued for another domain or
owner, gets 401 with two separate challenge headers: Maven retries with credentials only when Bearer and
Basic come as two headers (spec section 2).
"""

from __future__ import annotations

import base64
import binascii
import time
from collections.abc import Mapping
from typing import Optional

from ..backend.authorization_tokens import AuthorizationGrant, AuthorizationTokens
from .http import EndpointError


def token_of(headers: Mapping[str, str]) -> Optional[str]:
    """The token of an ``Authorization`` header: ``Bearer <token>`` or ``Basic base64(<user>:<token>)``."""
    scheme, _, value = headers.get("authorization", "").strip().partition(" ")
    value = value.strip()
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
    domain: str,
    owner: str,
    repository: str,
    region: Optional[str],
) -> AuthorizationGrant:
    """The grant of the request's token, if it is valid for this domain (and region, when the URL names one).

    Otherwise raise the 401 answer, with the two challenges.
    """
    token = token_of(headers)
    grant = None if token is None else tokens.grant(token)
    if token is None:
        problem = "Authentication required: send a token from GetAuthorizationToken"
    elif grant is None:
        problem = "The authorization token is not valid"
    elif grant.expires <= time.time():
        problem = "The authorization token has expired"
    elif (grant.domain, grant.owner) != (domain, owner) or region not in (None, grant.region):
        problem = f"The authorization token was not issued for domain {domain} owned by {owner}"
    else:
        return grant
    realm = f"{domain}/{repository}"
    challenges = [
        ("WWW-Authenticate", f'Bearer realm="{realm}"'),
        ("WWW-Authenticate", f'Basic realm="{realm}"'),
    ]
    raise EndpointError(401, problem, challenges)
