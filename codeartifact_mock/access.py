"""Who may do what: the one evaluator both doors ask, ``dispatch`` for the API and the endpoints' router for
package managers, with the calling principal, the operation and its parameters.

For each action an operation needs (``controls.permissions.REQUIRED``), on the resource it is checked on,
IAM's evaluation logic decides, with the policies that apply to it:

- the caller's identity-based policy (``set_policy``); a principal without one may do, in its own account,
  everything a resource-based policy does not deny, as every caller could before policies were evaluated;
- the domain's resource-based policy, for every operation on the domain and on anything in it, and the
  repository's, for the repository and its packages; either one allowing is enough (user guide, "Domain
  policies"). PutDomainPermissionsPolicy ignores the domain's own policy and PutRepositoryPermissionsPolicy
  the repository's, so an owner can never lock itself out (user guide, "Set a policy").

An explicit ``Deny`` in any of them refuses. Within the owner's account, an ``Allow`` in either the identity
policy or a resource policy naming the caller suffices (one naming only its account defers to the identity
policy). From another account, the identity policy and a resource policy must both allow: every principal,
the mock's own (the default, when a call names no other) included, so another account's domain with no
resource policy on it is closed to it. A domain that does not exist in the account ``domainOwner`` (or an
ARN) names has no policy to decide by: the identity policy alone is asked, and the operation then answers
``ResourceNotFoundException`` (or, for a malformed name, the validation error), as for the owner.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, NoReturn, Optional

from .backend.entities import Domain
from .backend.errors import AccessDeniedError
from .backend.store import Store
from .controls.permissions import requirements
from .iam.conditions import SERVICE_NAME, Context
from .iam.policy import Decision, Policy, Request
from .iam.principals import Principal
from .wire.botocore_model import service_model

_CODEARTIFACT = "codeartifact:"
# The policy each of these operations ignores, being the one it replaces.
_IGNORES_OWN_POLICY = {"PutDomainPermissionsPolicy": "domain", "PutRepositoryPermissionsPolicy": "repository"}


def authorize(
    store: Store, caller: Principal, region: str, operation_name: str, params: Mapping[str, Any]
) -> None:
    """Return if ``caller`` may make this call; raise the ``AccessDeniedException`` AWS answers if not."""
    policies = store.identity_policies
    if not policies and not store.resource_policies_in_use:
        owner = params.get("domainOwner")
        if (owner is None or owner == caller.account) and "resourceArn" not in params:
            return  # no policy anywhere and a call in the caller's own account: everything is allowed
    # A role session has its role's identity policy (unless one was set for the session itself)
    identity = policies.get(caller.arn) or policies.get(caller.principal_arn)
    context = Context(caller.principal_arn, caller.account, store.organizations.get(caller.account), None)
    for action, key, resource in requirements(operation_name, caller.account, region, params):
        if key == "sts:getservicebearertoken":
            request = Request(key, resource, caller, context._replace(service_name=SERVICE_NAME))
        else:
            request = Request(key, resource, caller, context)
        _decide(store, identity, request, action, operation_name, region, params)


def _decide(
    store: Store,
    identity: Optional[Policy],
    request: Request,
    action: str,
    operation_name: str,
    region: str,
    params: Mapping[str, Any],
) -> None:
    caller = request.principal
    owner, policies = _resource_policies(store, request, operation_name, region, params)
    by_identity = Decision.ALLOWED if identity is None else identity.decide(request)
    by_resource = [] if policies is None else [policy.decide(request) for policy in policies]
    if by_identity is Decision.EXPLICIT_DENY:
        _refuse(caller, action, request.resource, "with an explicit deny in an identity-based policy")
    if Decision.EXPLICIT_DENY in by_resource:
        _refuse(caller, action, request.resource, "with an explicit deny in a resource-based policy")
    same_account = owner == caller.account
    identity_allows = by_identity is Decision.ALLOWED
    if same_account:
        if identity_allows or Decision.ALLOWED in by_resource:
            return
    elif identity_allows and (
        policies is None  # no such domain there: the operation answers that it is not found
        or Decision.ALLOWED in by_resource
        or Decision.ALLOWED_FOR_ACCOUNT in by_resource
    ):
        return
    kind = "identity" if same_account or not identity_allows else "resource"
    _refuse(caller, action, request.resource, f"because no {kind}-based policy allows the {action} action")


def _refuse(caller: Principal, action: str, resource: str, cause: str) -> NoReturn:
    raise AccessDeniedError(
        f"User: {caller.arn} is not authorized to perform: {action} on resource: {resource} {cause}"
    )


def _resource_policies(
    store: Store, request: Request, operation_name: str, region: str, params: Mapping[str, Any]
) -> tuple[str, Optional[list[Policy]]]:
    """The account owning the resource, and the resource-based policies that apply to the request; None
    instead of them for a resource of another account that does not exist (no such domain there, or an ARN
    that names no CodeArtifact resource), which no policy can open: the operation answers it."""
    caller = request.principal
    if not request.action.startswith(_CODEARTIFACT):
        return caller.account, []  # another service's action (sts:GetServiceBearerToken): identity only
    resource = request.resource
    repository: Optional[str] = None
    if resource.startswith("arn:"):
        parts = resource.split(":", 5)
        if len(parts) < 6 or parts[2] != "codeartifact":
            return (parts[4] if len(parts) > 4 and parts[4] else caller.account), None
        region, owner = parts[3], parts[4]
        kind, _, rest = parts[5].partition("/")
        domain_name, _, below = rest.partition("/")
        if kind in ("repository", "package"):
            repository = below.partition("/")[0]
    elif _names_a_domain(operation_name):  # checked on "*", but in a domain: CreateRepository, ...
        owner = params.get("domainOwner") or caller.account
        domain_name = params.get("domain")  # type: ignore[assignment]
    else:
        return caller.account, []
    if owner == caller.account and not store.resource_policies_in_use:
        return owner, []  # (no resource policy was ever put: no need to look the domain up)
    domain = _domain(store, owner, region, domain_name)
    if domain is None:
        return owner, None if owner != caller.account else []
    ignored = _IGNORES_OWN_POLICY.get(operation_name)
    policies: list[Policy] = []
    if domain.policy is not None and ignored != "domain":
        policies.append(domain.policy.parsed)
    found = None if repository is None else domain.repositories.get(repository)
    if found is not None and found.policy is not None and ignored != "repository":
        policies.append(found.policy.parsed)
    return owner, policies


def _domain(store: Store, owner: Any, region: str, name: Any) -> Optional[Domain]:
    """The domain, if it exists (the parameters are not validated yet: anything may be in them)."""
    if not (isinstance(owner, str) and isinstance(name, str)):
        return None
    partition = store.partition_at((owner, region))
    return None if partition is None else partition.domains.get(name)


@functools.cache
def _names_a_domain(operation_name: str) -> bool:
    """Whether the operation acts in a domain it names with ``domain`` and ``domainOwner``."""
    if operation_name not in service_model().operation_names:
        return False
    members = service_model().operation_model(operation_name).input_shape.members
    return "domain" in members and "domainOwner" in members
