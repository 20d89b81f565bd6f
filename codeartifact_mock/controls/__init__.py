"""The test controls (injected errors, access policy, recorded calls), one function each on a ``Store``.

``CodeArtifactMock`` (in-process), ``ThreadedCodeArtifactServer`` (Python) and the server's control API (HTTP)
all reach a store's controls through these functions, so the three cannot differ. ``StoreControls`` gives
both Python classes the same methods, documented once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Optional, Union

from .faults import inject as inject_error
from .permissions import AccessPolicy
from .recording import Call

__all__ = ["StoreControls", "calls", "inject_error", "recorded", "set_policy"]

if TYPE_CHECKING:
    from ..backend import Store


def set_policy(
    store: Store, document: Union[str, Mapping[str, Any], None], *, principal: Optional[str] = None
) -> None:
    """Authorize every later call on ``store`` against ``document``; None lifts the policy."""
    policy = None if document is None else AccessPolicy(document, principal)  # ValueError when malformed
    with store.lock:
        store.policy = policy


def calls(store: Store) -> tuple[Call, ...]:
    """The most recent calls ``store`` answered since it was last emptied, oldest first (a snapshot)."""
    return recorded(store)[0]


def recorded(store: Store) -> tuple[tuple[Call, ...], int]:
    """The calls ``store`` keeps (``calls``) and how many it answered since it was last emptied, read at
    one moment."""
    with store.calls_lock:
        return tuple(store.calls), store.calls_total


class StoreControls:
    """``inject_error``, ``set_policy`` and ``calls`` on the store ``_controlled_store`` names."""

    def _controlled_store(self, doing: Optional[str]) -> Store:
        """The store the controls act on.

        ``doing`` ("inject errors") words the error to raise when it cannot be changed yet; None for a read.
        """
        raise NotImplementedError

    def inject_error(
        self,
        operation: str,
        code: str,
        *,
        times: Optional[int] = 1,
        message: Optional[str] = None,
        retry_after_seconds: Optional[int] = None,
        fields: Optional[Mapping[str, Any]] = None,
    ) -> None:
        """Make the next ``times`` calls of ``operation`` fail with the service error ``code``.

        ``operation`` is the API name (``UpdatePackageVersionsStatus``) or the boto3 method name
        (``update_package_versions_status``); ``code`` one of the errors the service model lists for it
        (``ThrottlingException``, ``InternalServerException``, ...). botocore's retries are calls too, so a
        retried ``ThrottlingException`` consumes one of ``times`` per attempt. ``times=None`` fails every call
        until the state is reset. Injections for the same operation apply one after the other, in order.
        ``message`` defaults to AWS's wording (``Rate exceeded`` for throttling); ``retry_after_seconds``
        (throttling only, default 1) becomes the ``Retry-After`` header; ``fields`` sets the error's other
        members, e.g. ``{"resourceType": "package", "resourceId": "chalk"}``. Anything the model does not
        allow raises ``ValueError``.
        """
        inject_error(
            self._controlled_store("inject errors"),
            operation,
            code,
            times=times,
            message=message,
            retry_after_seconds=retry_after_seconds,
            fields=fields,
        )

    def set_policy(
        self, document: Union[str, Mapping[str, Any], None], *, principal: Optional[str] = None
    ) -> None:
        """Authorize every call from now on against an IAM identity policy (a dict or JSON text).

        A call the policy does not allow fails with ``AccessDeniedException`` (403), worded as IAM words it,
        for the resource ARN AWS checks for that operation. ``principal`` is the ARN the message names
        (default ``arn:aws:iam::<account>:user/mock-user``). ``None`` lifts the policy. A document IAM would
        reject, or that uses what the mock does not evaluate (conditions, policy variables), raises
        ``ValueError``.
        """
        set_policy(self._controlled_store("set a policy"), document, principal=principal)

    def expire_tokens(self) -> None:
        """Make every authorization token issued so far expired, without waiting for its lifetime.

        The repository endpoints then answer requests carrying one with 401, as AWS does after expiry.
        """
        store = self._controlled_store("expire tokens")
        store.authorization_tokens.expire_all()

    @property
    def calls(self) -> tuple[Call, ...]:
        """The calls answered since the state was last emptied, oldest first (a snapshot): the most recent
        ``max_calls`` of them (``calls_total`` counts them all).

        Each is a ``Call(operation, params, status, error_code, region, account_id)``: ``params`` as parsed
        from the request, keyed by the API's member names; ``error_code`` None on success. No asset bytes
        are kept: PublishPackageVersion's ``assetContent`` is recorded as its size, ``bytesTransferredIn``.
        """
        return calls(self._controlled_store(None))

    @property
    def calls_total(self) -> int:
        """How many calls were answered since the state was last emptied, those ``calls`` no longer holds
        included."""
        return recorded(self._controlled_store(None))[1]
