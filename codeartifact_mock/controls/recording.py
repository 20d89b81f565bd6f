"""The calls the mock answered, in order, for tests to assert on (``CodeArtifactMock.calls``).

The store keeps the most recent ``max_calls`` of them (a ring: a long-running server does not grow without
end) and counts them all (``calls_total``). A recorded call keeps no asset bytes: PublishPackageVersion's
``assetContent`` is replaced by its size, ``bytesTransferredIn`` (CloudTrail's name for the bytes a request
uploaded, and no member of the API), beside the ``assetSHA256`` the caller sent. So a disposed version's
bytes are gone from the whole state, and a record costs the same whatever the asset's size.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, Optional

if TYPE_CHECKING:
    from ..backend import Store

ASSET_CONTENT = "assetContent"  # the API's one blob input (PublishPackageVersion's)
ASSET_SIZE = "bytesTransferredIn"  # what a recorded call keeps of it: its size in bytes

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


def checked_max_calls(max_calls: object) -> Optional[int]:
    """``max_calls`` if it is None (keep every call) or an integer of at least 0; else ``ValueError``."""
    if max_calls is None or (type(max_calls) is int and max_calls >= 0):
        return max_calls
    raise ValueError(f"max_calls must be an integer of at least 0, or None, not {max_calls!r}")


def record(
    store: Store,
    operation: str,
    params: Optional[dict[str, Any]],
    status: int,
    error_code: Optional[str],
    region: str,
    account_id: str,
    principal: str,
) -> None:
    if params is None:
        view = _NO_PARAMS
    else:
        # The params dict is built afresh by the parser for each request and handed to nobody else (the
        # backend has had its arguments), so it can be changed, and a read-only view of it keeps the record
        # as it was.
        if ASSET_CONTENT in params:
            params[ASSET_SIZE] = len(params.pop(ASSET_CONTENT))
        view = MappingProxyType(params)
    call = Call(operation, view, status, error_code, region, account_id, principal)
    with store.calls_lock:  # (recording is outside the store's lock: answering is done)
        store.calls.append(call)  # the oldest falls out of a full ring
        store.calls_total += 1
