"""Every call the mock answered, in order, for tests to assert on (``CodeArtifactMock.calls``)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple, Optional

_NO_PARAMS: Mapping[str, Any] = MappingProxyType({})


class Call(NamedTuple):
    """One answered call."""

    operation: str  # API name, e.g. "UpdatePackageVersionsStatus"
    params: Mapping[str, Any]  # as parsed from the request, keyed by model member name; read-only
    status: int  # HTTP status of the answer
    error_code: Optional[str]  # e.g. "ThrottlingException"; None on success
    region: str
    account_id: str  # the account the call was made as
    principal: str  # the ARN of the principal that made it (the mock's own: ...:user/mock-user)

    @property
    def ok(self) -> bool:
        return self.error_code is None


def record(
    calls: list[Call],
    operation: str,
    params: Optional[dict[str, Any]],
    status: int,
    error_code: Optional[str],
    region: str,
    account_id: str,
    principal: str,
) -> None:
    # The params dict is built afresh by the parser for each request and handed to nobody else, so a
    # read-only view of it is enough to keep the record as it was.
    view = _NO_PARAMS if params is None else MappingProxyType(params)
    calls.append(Call(operation, view, status, error_code, region, account_id, principal))
