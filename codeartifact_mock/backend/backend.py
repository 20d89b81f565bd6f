"""``Backend``: every operation group on one object, constructed per call for one caller."""

from __future__ import annotations

from .assets import AssetOps
from .copying import CopyOps
from .domains import DomainOps
from .login import LoginOps
from .metadata import MetadataOps
from .origins import OriginOps
from .package_groups import PackageGroupOps
from .packages import PackageOps
from .publishing import PublishOps
from .repositories import RepositoryOps
from .resource_policies import ResourcePolicyOps
from .seeding import SeedingOps
from .tags import TagOps
from .upstreams import UpstreamOps
from .version_batches import VersionBatchOps


class Backend(
    DomainOps,  # CreateDomain, DescribeDomain, ListDomains, DeleteDomain
    RepositoryOps,  # CreateRepository, DescribeRepository, ListRepositories(InDomain), UpdateRepository, ...
    UpstreamOps,  # upstreams and external connections
    LoginOps,  # GetAuthorizationToken, GetRepositoryEndpoint
    ResourcePolicyOps,  # Put/Get/Delete Domain- and RepositoryPermissionsPolicy
    PackageOps,  # DescribePackage, ListPackages, DeletePackage, ListPackageVersions, DescribePackageVersion
    MetadataOps,  # GetPackageVersionReadme, ListPackageVersionDependencies
    AssetOps,  # ListPackageVersionAssets, GetPackageVersionAsset
    PublishOps,  # PublishPackageVersion
    VersionBatchOps,  # UpdatePackageVersionsStatus, DisposePackageVersions, DeletePackageVersions
    CopyOps,  # CopyPackageVersions
    OriginOps,  # PutPackageOriginConfiguration
    PackageGroupOps,  # the package group operations
    TagOps,  # TagResource, UntagResource, ListTagsForResource
    SeedingOps,  # add_package_version: seeding, not an API call
):
    """CodeArtifact's domain logic over a ``Store``, seen from ``account_id`` in ``region``.

    One method per API operation (``botocore.xform_name`` of its name, keyword-only arguments named after
    the input members) returning the output structure as a dict; expected failures raise the errors in
    ``codeartifact_mock.backend.errors``. Also ``add_package_version`` to seed state directly.
    """

    __slots__ = ()
