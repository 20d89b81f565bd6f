"""Seeding a package version straight into a store: shared by ``add_package_version`` and server mode."""

from __future__ import annotations

from typing import Any, Optional

from ..backend import Backend, Store
from ..backend.connections import is_external
from ..backend.errors import ServiceError
from ..backend.lifecycle import LIFECYCLE, Invalid
from . import operation, service_model
from .seed_metadata import take_metadata
from .validate import problems, validation_message, value_problems


def seed(store: Store, account_id: str, region: str, **arguments: Any) -> str:
    """Validate ``arguments`` (those of ``CodeArtifactMock.add_package_version``) and store the version.

    Returns its revision. A bad argument raises ``ValueError`` worded like AWS's ``ValidationException``,
    and nothing is stored.
    """
    metadata = take_metadata(arguments)
    _validate_seed(account_id=account_id, **arguments)
    backend = Backend(store, account_id, region)
    try:
        with store.lock:
            return backend.add_package_version(**arguments, **metadata)
    except ServiceError as error:
        raise ValueError(error.message) from None


def _validate_seed(
    account_id: str,
    domain: str,
    repository: str,
    format: str,
    package: str,
    version: str,
    namespace: Optional[str],
    status: str,
    assets: Optional[dict[str, bytes]],
    revision: Optional[str],
    origin: Optional[str] = None,
    published_time: object = None,  # checked by the backend
    dist_tags: object = None,  # checked by the backend
) -> None:
    """Check seeding arguments against the same model shapes the API checks them against."""
    coordinates = {
        "domain": domain,
        "repository": repository,
        "format": format,
        "namespace": namespace,
        "package": package,
        "packageVersion": version,
    }
    shape = service_model().shape_for
    errors = value_problems(shape("AccountId"), account_id, "accountId")
    errors += problems(operation("DescribePackageVersion").input_shape, coordinates)
    errors += value_problems(shape("PackageVersionStatus"), status, "status")
    if revision is not None:
        errors += value_problems(shape("PackageVersionRevision"), revision, "revision")
    for name, content in (assets or {}).items():
        errors += value_problems(shape("AssetName"), name, "assetName")
        errors += value_problems(shape("Asset"), content, f"assets.{name}")
    if origin is not None:  # a repository name, or an external connection name (which has a colon)
        entry_shape = "ExternalConnectionName" if is_external(origin) else "RepositoryName"
        errors += value_problems(shape(entry_shape), origin, "origin")
    if errors:
        raise ValueError(validation_message(errors))
    refused = LIFECYCLE["seeding"].get(status)
    if isinstance(refused, Invalid):  # Deleted: never stored
        raise ValueError(refused.message)
