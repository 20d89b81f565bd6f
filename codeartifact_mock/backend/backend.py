"""``Backend``: every operation group on one object, constructed per call for one caller."""

from __future__ import annotations

from .assets import AssetOps
from .copying import CopyOps
from .endpoints import EndpointOps
from .metadata import MetadataOps
from .origins import OriginOps
from .package_groups import PackageGroupOps
from .packages import PackageOps
from .policies import PolicyOps
from .publishing import PublishOps
from .seeding import SeedingOps
from .statuses import StatusOps
from .tags import TagOps
from .upstreams import UpstreamOps


class Backend(
    SeedingOps,
    PackageOps,
    AssetOps,
    PublishOps,
    StatusOps,
    PolicyOps,
    TagOps,
    EndpointOps,
    MetadataOps,
    UpstreamOps,
    CopyOps,
    OriginOps,
    PackageGroupOps,
):
    """CodeArtifact's domain logic over a ``Store``, seen from ``account_id`` in ``region``.

    One method per API operation (``botocore.xform_name`` of its name, keyword-only arguments named after
    the input members) returning the output structure as a dict; expected failures raise the errors in
    ``codeartifact_mock.backend.errors``. Also ``add_package_version`` to seed state directly.
    """

    __slots__ = ()
