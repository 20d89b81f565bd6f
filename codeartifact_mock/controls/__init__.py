"""The test controls (injected errors, principals and their policies, recorded calls, public registries), one
function each on a ``Store``.

``CodeArtifactMock`` (in-process), ``ThreadedCodeArtifactServer`` (Python) and the server's control API (HTTP)
all reach a store's controls through these functions, so the three cannot differ. ``StoreControls`` gives
both Python classes the same methods, documented once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Optional, Union

from ..backend.errors import ServiceError
from ..iam.policy import Policy
from ..iam.principals import default_principal
from ..iam.principals import principal as named_principal
from ..wire.seed_arguments import seed_public
from .faults import inject as inject_error
from .recording import Call

__all__ = [
    "StoreControls",
    "add_access_key",
    "calls",
    "inject_error",
    "recorded",
    "set_organization",
    "set_policy",
    "set_public_registry_available",
]

if TYPE_CHECKING:
    from ..backend import Store

_ACCESS_KEY_ID = re.compile(r"[A-Za-z0-9_]{1,128}")
_ORGANIZATION_ID = re.compile(r"o-[a-z0-9]{10,32}")
_ACCOUNT_ID = re.compile(r"[0-9]{12}")


def set_policy(store: Store, document: Union[str, Mapping[str, Any], None], principal: str) -> None:
    """Attach ``document`` to ``principal`` (an ARN) as its identity-based policy; None detaches it."""
    named_principal(principal)  # ValueError unless it is a principal's ARN
    policy = None if document is None else Policy(document)  # ValueError when malformed
    with store.lock:
        policies = {arn: kept for arn, kept in store.identity_policies.items() if arn != principal}
        if policy is not None:
            policies[principal] = policy
        store.identity_policies = policies


def add_access_key(store: Store, access_key_id: str, principal_arn: str) -> None:
    """Make requests signed with ``access_key_id`` (server mode) calls of ``principal_arn``."""
    if not isinstance(access_key_id, str) or not _ACCESS_KEY_ID.fullmatch(access_key_id):
        raise ValueError(f"access_key_id must be 1 to 128 letters, digits or '_', not {access_key_id!r}")
    caller = named_principal(principal_arn)  # ValueError unless it is a principal's ARN
    with store.lock:
        store.access_keys = {**store.access_keys, access_key_id: caller}


def set_organization(store: Store, organization_id: str, account_ids: Sequence[str]) -> None:
    """Put ``account_ids`` in the organization ``organization_id`` (``aws:PrincipalOrgID``)."""
    if not isinstance(organization_id, str) or not _ORGANIZATION_ID.fullmatch(organization_id):
        raise ValueError(f"organization_id must look like 'o-a1b2c3d4e5', not {organization_id!r}")
    if isinstance(account_ids, str) or not all(
        isinstance(account, str) and _ACCOUNT_ID.fullmatch(account) for account in account_ids
    ):
        raise ValueError(f"account_ids must be a list of 12-digit account ids, not {account_ids!r}")
    with store.lock:
        store.organizations = {**store.organizations, **dict.fromkeys(account_ids, organization_id)}


def set_public_registry_available(store: Store, connection: str, available: bool) -> None:
    """Mark the public registry behind ``connection`` in service or out of service (``ValueError`` for a
    connection name AWS does not offer)."""
    if not isinstance(available, bool):
        raise ValueError(f"available must be True or False, not {available!r}")
    try:
        with store.lock:
            store.public_registries.set_available(connection, available)
    except ServiceError as error:
        raise ValueError(error.message) from None


def calls(store: Store) -> tuple[Call, ...]:
    """The most recent calls ``store`` answered since it was last emptied, oldest first (a snapshot)."""
    return recorded(store)[0]


def recorded(store: Store) -> tuple[tuple[Call, ...], int]:
    """The calls ``store`` keeps (``calls``) and how many it answered since it was last emptied, read at
    one moment."""
    with store.calls_lock:
        return tuple(store.calls), store.calls_total


class StoreControls:
    """``inject_error``, ``set_policy``, ``add_access_key``, ``set_organization``, ``calls`` and the public
    registries' controls on the store ``_controlled_store`` names."""

    @property
    def account_id(self) -> str:
        """The account calls are made as when they name no other principal."""
        raise NotImplementedError

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
        """Attach an IAM identity-based policy (a dict or JSON text) to a principal; ``None`` detaches it.

        ``principal`` is the ARN of a user, role, role session or account root; by default the mock's own
        principal, ``arn:aws:iam::<account>:user/mock-user``, whose calls are those naming no other. Its
        calls are then authorized as IAM does, with the domain's and repository's resource policies (see
        docs/access-control.md): a call that is not allowed fails with ``AccessDeniedException`` (403),
        worded as IAM words it, for the resource ARN AWS checks for that operation. A principal without a
        policy may do everything no resource policy denies. A document IAM would reject, or that uses what
        the mock does not evaluate (a condition operator or key it does not know, policy variables),
        raises ``ValueError``.
        """
        principal_arn = default_principal(self.account_id).arn if principal is None else principal
        set_policy(self._controlled_store("set a policy"), document, principal_arn)

    def add_access_key(self, access_key_id: str, principal_arn: str) -> None:
        """Make server requests signed with ``access_key_id`` calls of the principal ``principal_arn``.

        The access key is read from the request's SigV4 ``Authorization`` header (the signature is never
        checked); requests with an unknown key are the server's own principal's. The AWS CLI signs with
        ``AWS_ACCESS_KEY_ID``, boto3 with ``aws_access_key_id``. Tokens from GetAuthorizationToken belong to
        the principal that asked for them, whichever door it came through.
        """
        add_access_key(self._controlled_store("add an access key"), access_key_id, principal_arn)

    def set_organization(self, organization_id: str, account_ids: Sequence[str]) -> None:
        """Put the accounts ``account_ids`` in the AWS Organizations organization ``organization_id``: their
        principals' calls then carry ``aws:PrincipalOrgID``, for policy conditions to test."""
        set_organization(self._controlled_store("set an organization"), organization_id, account_ids)

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

        Each is a ``Call(operation, params, status, error_code, region, account_id, principal)``: ``params``
        as parsed from the request, keyed by the API's member names; ``error_code`` None on success;
        ``account_id`` the account the call was made as, ``principal`` the ARN of the principal calling.
        No asset bytes are kept: PublishPackageVersion's ``assetContent`` is recorded as its size,
        ``bytesTransferredIn``.
        """
        return calls(self._controlled_store(None))

    @property
    def calls_total(self) -> int:
        """How many calls were answered since the state was last emptied, those ``calls`` no longer holds
        included."""
        return recorded(self._controlled_store(None))[1]

    # -- public registries: what the external connections find (upstreams spec, section 2) ---------------

    def add_public_package_version(
        self,
        connection: str,
        package: str,
        version: str,
        *,
        namespace: Optional[str] = None,
        assets: Optional[dict[str, bytes]] = None,
        summary: Optional[str] = None,
        home_page: Optional[str] = None,
        source_code_repository: Optional[str] = None,
        licenses: Optional[list[Union[str, dict[str, str]]]] = None,
        readme: Optional[str] = None,
        dependencies: Optional[list[dict[str, str]]] = None,
        published_time: Optional[datetime] = None,
        dist_tags: Optional[list[str]] = None,
    ) -> str:
        """Make the public registry behind external connection ``connection`` (``public:pypi``,
        ``public:npmjs``, ``public:maven-central``, ...) publish a version; return its revision.

        The mock never reaches a public registry: a repository with that external connection (and every
        repository downstream of it) finds what was seeded here, shared by every domain, account and
        region. The format is the connection's; the version is Published, and its origin is the
        connection. The other arguments are ``add_package_version``'s: ``assets`` maps asset names to
        bytes (default: the format's usual assets), the metadata arguments feed DescribePackageVersion and
        the formats' documents, ``published_time`` is its publishedTime, ``dist_tags`` the tags of an npm
        version (by default ``latest``, as ``npm publish`` gives it, unless ``latest`` names a version
        published later). A version of the same name is replaced. Bad arguments raise ``ValueError`` worded
        like AWS's ``ValidationException``, and nothing is stored.
        """
        return seed_public(
            self._controlled_store("seed a public registry"),
            connection,
            package,
            version,
            namespace=namespace,
            assets=assets,
            published_time=published_time,
            dist_tags=dist_tags,
            summary=summary,
            home_page=home_page,
            source_code_repository=source_code_repository,
            licenses=licenses,
            readme=readme,
            dependencies=dependencies,
        )

    def set_public_registry_available(self, connection: str, available: bool) -> None:
        """Mark the public registry behind ``connection`` out of service (``False``) or back (``True``).

        Out of service, as AWS documents an outage of the public repository: versions a repository kept
        from it still download, versions it does not hold are not found (404 to the package manager),
        listings leave the registry out, and publishing a version only that registry has is not a
        conflict. ``ValueError`` for a connection name AWS does not offer.
        """
        store = self._controlled_store("change a public registry")
        set_public_registry_available(store, connection, available)
