"""What each call needs to be authorized: the IAM actions, and the resources ``access`` checks them on.

``REQUIRED`` is the one table of what each operation needs: the IAM actions and the resources they are checked
on, copied from the Service Authorization Reference page "Actions, resources, and condition keys for AWS
CodeArtifact" (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodeartifact.html).
An action the page lists without a resource type (CreateDomain, CreateRepository, CreatePackageGroup,
ListDomains, ListRepositories) is checked on ``*``, which only ``"Resource": "*"`` matches, as in IAM.
GetAuthorizationToken also needs ``sts:GetServiceBearerToken`` (user guide, "Tokens authentication").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any, Union
from urllib.parse import quote

_ARN = "arn:aws:codeartifact:{REGION}:{OWNER}:"
_DOMAIN = _ARN + "domain/{domain}"
_REPOSITORY = _ARN + "repository/{domain}/{repository}"
_PACKAGE = _ARN + "package/{domain}/{repository}/{format}/{namespace}/{package}"  # no namespace: "//"
_PACKAGE_GROUP = _ARN + "package-group/{domain}{GROUP}"  # the page's ${EncodedPackageGroupPattern}
_NO_RESOURCE_TYPE = "*"
_TAGGED = "{resourceArn}"  # the tagging operations name their resource by ARN

# Operation -> what it needs. A bare template means "the operation's own action on this resource"; a pair
# names another action, of CodeArtifact unless the name says which service (CopyPackageVersions also reads
# from its source repository, per the user guide's "Required IAM permissions to copy packages").
Requirement = Union[str, tuple[str, str]]
REQUIRED: dict[str, tuple[Requirement, ...]] = {
    "AssociateExternalConnection": (_REPOSITORY,),
    "CopyPackageVersions": (
        _ARN + "repository/{domain}/{destinationRepository}",
        _ARN + "package/{domain}/{destinationRepository}/{format}/{namespace}/{package}",
        ("ReadFromRepository", _ARN + "repository/{domain}/{sourceRepository}"),
    ),
    "CreateDomain": (_NO_RESOURCE_TYPE,),
    "CreatePackageGroup": (_NO_RESOURCE_TYPE,),
    "CreateRepository": (_NO_RESOURCE_TYPE,),
    "DeleteDomain": (_DOMAIN,),
    "DeleteDomainPermissionsPolicy": (_DOMAIN,),
    "DeletePackage": (_PACKAGE,),
    "DeletePackageGroup": (_PACKAGE_GROUP,),
    "DeletePackageVersions": (_PACKAGE,),
    "DeleteRepository": (_REPOSITORY,),
    "DeleteRepositoryPermissionsPolicy": (_REPOSITORY,),
    "DescribeDomain": (_DOMAIN,),
    "DescribePackage": (_PACKAGE,),
    "DescribePackageGroup": (_PACKAGE_GROUP,),
    "DescribePackageVersion": (_PACKAGE,),
    "DescribeRepository": (_REPOSITORY,),
    "DisassociateExternalConnection": (_REPOSITORY,),
    "DisposePackageVersions": (_PACKAGE,),
    # package-group* on the page, but which group is associated depends on the domain's state; a policy
    # check here must not read state, so the call is checked on "*".
    "GetAssociatedPackageGroup": (_NO_RESOURCE_TYPE,),
    # and sts:GetServiceBearerToken, which AWS documents every caller of GetAuthorizationToken needs
    "GetAuthorizationToken": (_DOMAIN, ("sts:GetServiceBearerToken", _NO_RESOURCE_TYPE)),
    "GetDomainPermissionsPolicy": (_DOMAIN,),
    "GetPackageVersionAsset": (_PACKAGE,),
    "GetPackageVersionReadme": (_PACKAGE,),
    "GetRepositoryEndpoint": (_REPOSITORY,),
    "GetRepositoryPermissionsPolicy": (_REPOSITORY,),
    "ListAllowedRepositoriesForGroup": (_PACKAGE_GROUP,),
    "ListAssociatedPackages": (_PACKAGE_GROUP,),
    "ListDomains": (_NO_RESOURCE_TYPE,),
    "ListPackageGroups": (_DOMAIN,),
    "ListPackageVersionAssets": (_PACKAGE,),
    "ListPackageVersionDependencies": (_PACKAGE,),
    "ListPackageVersions": (_PACKAGE,),
    "ListPackages": (_REPOSITORY,),
    "ListRepositories": (_NO_RESOURCE_TYPE,),
    "ListRepositoriesInDomain": (_DOMAIN,),
    "ListSubPackageGroups": (_PACKAGE_GROUP,),
    "ListTagsForResource": (_TAGGED,),
    "PublishPackageVersion": (_PACKAGE,),
    "PutDomainPermissionsPolicy": (_DOMAIN,),
    # The repository endpoints: Maven metadata; publishing it also needs PublishPackageVersion (endpoints.md
    # section 2).
    "PutPackageMetadata": (_PACKAGE, ("PublishPackageVersion", _PACKAGE)),
    "PutPackageOriginConfiguration": (_PACKAGE,),
    "PutRepositoryPermissionsPolicy": (_REPOSITORY,),
    "ReadFromRepository": (_REPOSITORY,),  # the repository endpoints: every read by a package manager
    "TagResource": (_TAGGED,),
    "UntagResource": (_TAGGED,),
    "UpdatePackageGroup": (_PACKAGE_GROUP,),
    "UpdatePackageGroupOriginConfiguration": (_PACKAGE_GROUP,),
    "UpdatePackageVersionsStatus": (_PACKAGE,),
    "UpdateRepository": (_REPOSITORY,),
}

_STS = "sts:"  # a requirement naming an action of another service names it whole


@functools.cache
def _actions(operation_name: str) -> tuple[tuple[str, str, str], ...]:
    """(action, action lower-cased, resource template) of each requirement of an operation, the action in
    full (``codeartifact:ListPackages``)."""
    needed = []
    for requirement in REQUIRED[operation_name]:
        action, template = (operation_name, requirement) if isinstance(requirement, str) else requirement
        action = action if action.startswith(_STS) else f"codeartifact:{action}"
        needed.append((action, action.lower(), template))
    return tuple(needed)


def _encoded_pattern(pattern: str) -> str:
    """A package group pattern as its ARN spells it, as the backend's ARNs do: ``/npm/*`` -> ``/npm/%2a``."""
    return re.sub(r"%[0-9A-F]{2}", lambda escape: escape.group(0).lower(), quote(pattern, safe="/~"))


class _Fields(dict[str, Any]):
    """Template fields: a member the caller left out (namespace, most often) is empty, as in AWS's ARNs."""

    def __missing__(self, key: str) -> str:
        return ""


def requirements(
    operation_name: str, account_id: str, region: str, params: Mapping[str, Any]
) -> list[tuple[str, str, str]]:
    """What a call of ``operation_name`` by ``account_id`` in ``region`` needs: (action, the action
    lower-cased, resource), the resource an ARN or ``*``."""
    fields = _Fields(params)
    fields["REGION"] = region
    fields["OWNER"] = params.get("domainOwner") or account_id
    if "packageGroup" in params:
        fields["GROUP"] = _encoded_pattern(str(params["packageGroup"]))
    return [(action, key, template.format_map(fields)) for action, key, template in _actions(operation_name)]
