"""Resource policies in tests: ``policy_document``, and a domain's owner letting another account in (across
accounts a call needs the owner's domain or repository policy to allow it, whoever the caller is, the mock's
own principal included)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, Optional

from codeartifact_mock import CodeArtifactMock


def policy_document(*statements: dict[str, Any]) -> str:
    """A policy document (version 2012-10-17) of ``statements``, as JSON text."""
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def owner_allows(
    ca: CodeArtifactMock,
    client: Any,
    owner: str,
    domain: str,
    actions: Iterable[str],
    *,
    grantee: Optional[str] = None,
    repository: Optional[str] = None,
) -> None:
    """As a user of ``owner``'s account, put ``domain``'s permissions policy (``repository``'s, if named)
    allowing ``grantee`` (an account or a principal's ARN; by default the mock's account) the ``actions``
    (``codeartifact:DescribeDomain``, ...) on every resource."""
    statement = {
        "Effect": "Allow",
        "Principal": {"AWS": grantee or ca.account_id},
        "Action": list(actions),
        "Resource": "*",
    }
    document = policy_document(statement)
    with ca.as_principal(f"arn:aws:iam::{owner}:user/admin"):
        if repository is None:
            client.put_domain_permissions_policy(domain=domain, policyDocument=document)
        else:
            client.put_repository_permissions_policy(
                domain=domain, repository=repository, policyDocument=document
            )
