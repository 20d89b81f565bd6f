"""Resource policies: Put/Get/Delete DomainPermissionsPolicy and Put/Get/Delete RepositoryPermissionsPolicy.

A policy is stored as the document string the caller gave, with a revision that changes on every put and is
used for optimistic locking: ``policyRevision``, when given to a put or a delete, must be the current one.
A document is checked when it is put: one IAM would refuse, or one the mock cannot evaluate (a condition
operator or key it does not know), is a ``ValidationException`` saying why, and nothing is stored. ``access``
evaluates the stored policies on every call that concerns the domain or repository.
"""

from __future__ import annotations

import base64
import hashlib
import os
from typing import Optional, Union

from ..iam.policy import Policy, json_value
from .entities import Domain, Repository, ResourcePolicy
from .errors import ConflictError, ResourceNotFoundError, ValidationError
from .resolve import BackendBase
from .views import Json, domain_arn, repository_arn

Owner = Union[Domain, Repository]


def _arn(owner: Owner) -> str:
    if isinstance(owner, Domain):
        return domain_arn(owner.region, owner.owner, owner.name)
    return repository_arn(owner)


def _describe(owner: Owner) -> tuple[str, str, str]:
    """(resourceType, resourceId, how a message names it) of the policy's owner."""
    if isinstance(owner, Domain):
        return "domain", owner.name, f"domain '{owner.name}'"
    return "repository", owner.name, f"repository '{owner.name}' in domain '{owner.domain.name}'"


def _checked_document(document: str) -> Policy:
    """The document as ``access`` evaluates it; ``ValidationError`` saying what is wrong with it."""
    try:
        parsed = json_value(document)
    except ValueError as error:
        raise ValidationError(f"Policy document is not valid JSON: {error}") from None
    if not isinstance(parsed, dict):
        raise ValidationError("Policy document must be a JSON object")
    try:
        return Policy(parsed, resource_based=True)
    except ValueError as error:
        raise ValidationError(f"Policy document is not a valid resource policy: {error}") from None


def _new_revision(arn: str, document: str) -> str:
    # 44 characters of base64, like AWS's sample revisions; random so that re-putting a document also
    # gives a new revision, as every put does.
    digest = hashlib.sha256(arn.encode() + b"\0" + document.encode() + os.urandom(16)).digest()
    return base64.b64encode(digest).decode("ascii")


def _policy_output(owner: Owner, policy: ResourcePolicy) -> Json:
    return {"policy": {"resourceArn": _arn(owner), "revision": policy.revision, "document": policy.document}}


class ResourcePolicyOps(BackendBase):
    __slots__ = ()

    def put_domain_permissions_policy(
        self,
        *,
        domain: str,
        policy_document: str,
        domain_owner: Optional[str] = None,
        policy_revision: Optional[str] = None,
    ) -> Json:
        return self._put_policy(self._domain(domain, domain_owner), policy_document, policy_revision)

    def get_domain_permissions_policy(self, *, domain: str, domain_owner: Optional[str] = None) -> Json:
        owner = self._domain(domain, domain_owner)
        return _policy_output(owner, self._current_policy(owner))

    def delete_domain_permissions_policy(
        self, *, domain: str, domain_owner: Optional[str] = None, policy_revision: Optional[str] = None
    ) -> Json:
        return self._delete_policy(self._domain(domain, domain_owner), policy_revision)

    def put_repository_permissions_policy(
        self,
        *,
        domain: str,
        repository: str,
        policy_document: str,
        domain_owner: Optional[str] = None,
        policy_revision: Optional[str] = None,
    ) -> Json:
        owner = self._repository(domain, repository, domain_owner)
        return self._put_policy(owner, policy_document, policy_revision)

    def get_repository_permissions_policy(
        self, *, domain: str, repository: str, domain_owner: Optional[str] = None
    ) -> Json:
        owner = self._repository(domain, repository, domain_owner)
        return _policy_output(owner, self._current_policy(owner))

    def delete_repository_permissions_policy(
        self,
        *,
        domain: str,
        repository: str,
        domain_owner: Optional[str] = None,
        policy_revision: Optional[str] = None,
    ) -> Json:
        owner = self._repository(domain, repository, domain_owner)
        return self._delete_policy(owner, policy_revision)

    # --- shared by domains and repositories ----------------------------------------------------------

    @staticmethod
    def _current_policy(owner: Owner) -> ResourcePolicy:
        if owner.policy is None:
            resource_type, resource_id, named = _describe(owner)
            raise ResourceNotFoundError(f"No resource policy is set on {named}", resource_type, resource_id)
        return owner.policy

    @staticmethod
    def _check_revision(owner: Owner, expected: Optional[str]) -> None:
        if expected is None:
            return
        current = None if owner.policy is None else owner.policy.revision
        if expected != current:
            resource_type, resource_id, named = _describe(owner)
            raise ConflictError(
                f"The resource policy revision '{expected}' does not match the current revision "
                f"'{current or 'none'}' of the resource policy on {named}",
                resource_type,
                resource_id,
            )

    def _put_policy(self, owner: Owner, document: str, expected_revision: Optional[str]) -> Json:
        parsed = _checked_document(document)
        self._check_revision(owner, expected_revision)
        owner.policy = ResourcePolicy(document, _new_revision(_arn(owner), document), parsed)
        self._store.resource_policies_in_use = True
        return _policy_output(owner, owner.policy)

    def _delete_policy(self, owner: Owner, expected_revision: Optional[str]) -> Json:
        policy = self._current_policy(owner)
        self._check_revision(owner, expected_revision)
        owner.policy = None
        return _policy_output(owner, policy)
