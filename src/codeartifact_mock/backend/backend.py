"""``Backend``: every operation group on one object, constructed per call for one caller."""

from __future__ import annotations

from .assets import AssetOps
from .packages import PackageOps
from .publishing import PublishOps
from .seeding import SeedingOps
from .statuses import StatusOps


class Backend(SeedingOps, PackageOps, AssetOps, PublishOps, StatusOps):
    """CodeArtifact's domain logic over a ``Store``, seen from ``account_id`` in ``region``.

    One method per API operation (``botocore.xform_name`` of its name, keyword-only arguments named after
    the input members) returning the output structure as a dict; expected failures raise the errors in
    ``codeartifact_mock.backend.errors``. Also ``add_package_version`` to seed state directly.
    """

    __slots__ = ()
