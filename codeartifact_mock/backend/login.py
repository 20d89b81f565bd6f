"""What package managers are given to connect: GetAuthorizationToken and GetRepositoryEndpoint."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Optional

from .authorization_tokens import AuthorizationGrant
from .errors import ValidationError
from .resolve import BackendBase
from .views import Json

DEFAULT_TOKEN_SECONDS = 12 * 60 * 60  # the API's default and maximum
MIN_TOKEN_SECONDS = 15 * 60
# durationSeconds=0 means "as long as the caller's role session". The mock has no session, so it takes the
# default session length of sts:AssumeRole, one hour.
SESSION_TOKEN_SECONDS = 60 * 60


def repository_endpoint(
    domain: str, owner: str, region: str, fmt: str, repository: str, dualstack: bool
) -> str:
    """The URL AWS documents for a repository: one per format, ending in ``/``."""
    if dualstack:  # IPv4 and IPv6: no ``.d.`` label, and the on.aws suffix
        host = f"{domain}-{owner}.codeartifact.{region}.on.aws"
    else:
        host = f"{domain}-{owner}.d.codeartifact.{region}.amazonaws.com"
    return f"https://{host}/{fmt}/{repository}/"


class LoginOps(BackendBase):
    __slots__ = ()

    def get_authorization_token(
        self, *, domain: str, domain_owner: Optional[str] = None, duration_seconds: Optional[int] = None
    ) -> Json:
        if duration_seconds is not None and 0 < duration_seconds < MIN_TOKEN_SECONDS:
            raise ValidationError(
                f"1 validation error detected: Value '{duration_seconds}' at 'durationSeconds' failed to "
                f"satisfy constraint: Member must be 0 or between {MIN_TOKEN_SECONDS} and "
                f"{DEFAULT_TOKEN_SECONDS}"
            )
        found = self._domain(domain, domain_owner)
        if duration_seconds is None:
            lifetime = DEFAULT_TOKEN_SECONDS
        else:
            lifetime = duration_seconds or SESSION_TOKEN_SECONDS
        issued = datetime.now(timezone.utc)
        expiration = issued + timedelta(seconds=lifetime)
        # Remembered for the repository endpoints, which accept only tokens issued for the domain they serve
        # (that very domain: not one created again under its name after it was deleted), and evaluate each
        # request made with one as the principal it was issued to.
        grant = AuthorizationGrant(expiration.timestamp(), found, self.caller)
        token = self._store.authorization_tokens.issue(issued, grant)
        return {"authorizationToken": token, "expiration": expiration}

    def get_repository_endpoint(
        self,
        *,
        domain: str,
        repository: str,
        format: str,
        domain_owner: Optional[str] = None,
        endpoint_type: Optional[str] = None,
    ) -> Json:
        repo = self._repository(domain, repository, domain_owner)
        owner = repo.domain
        url = repository_endpoint(
            owner.name, owner.owner, owner.region, format, repo.name, endpoint_type == "dualstack"
        )
        return {"repositoryEndpoint": url}
