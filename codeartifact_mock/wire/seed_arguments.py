"""Seeding a package version straight into a store: shared by ``add_package_version`` and server mode,
and by ``add_public_package_version`` (what a public registry publishes) and its server twin."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from ..backend import Backend, Store
from ..backend.connections import connection_format, is_external
from ..backend.errors import ServiceError
from ..backend.lifecycle import LIFECYCLE, Invalid
from ..backend.metadata import version_metadata
from ..backend.seeding import prepare_seed, publish_publicly
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


def seed_public(
    store: Store,
    connection: str,
    package: str,
    version: str,
    *,
    namespace: Optional[str] = None,
    assets: Optional[dict[str, bytes]] = None,
    published_time: Optional[datetime] = None,
    dist_tags: Optional[list[str]] = None,
    **metadata_arguments: Any,
) -> str:
    """Validate the arguments of ``add_public_package_version`` and add the version to the catalogue of the
    public registry behind ``connection``; return its revision. A bad argument raises ``ValueError`` worded
    like AWS's ``ValidationException``, and nothing is stored."""
    metadata = take_metadata(metadata_arguments)
    try:
        fmt = connection_format(connection)
        shape = service_model().shape_for
        errors = value_problems(shape("PackageName"), package, "package")
        errors += value_problems(shape("PackageVersion"), version, "packageVersion")
        if namespace is not None:
            errors += value_problems(shape("PackageNamespace"), namespace, "namespace")
        errors += _asset_problems(assets)
        if errors:
            raise ValueError(validation_message(errors))
        seed = prepare_seed(
            fmt,
            namespace,
            package,
            version,
            assets=assets,
            metadata=version_metadata(**metadata),
            origin=connection,
            published_time=published_time,
            dist_tags=dist_tags,
        )
        with store.lock:
            return publish_publicly(store.public_registries, connection, seed)
    except ServiceError as error:
        raise ValueError(error.message) from None


def _asset_problems(assets: Optional[dict[str, bytes]]) -> list[str]:
    shape = service_model().shape_for
    errors: list[str] = []
    for name, content in (assets or {}).items():
        errors += value_problems(shape("AssetName"), name, "assetName")
        errors += value_problems(shape("Asset"), content, f"assets.{name}")
    return errors


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
    errors += _asset_problems(assets)
    if origin is not None:  # a repository name, or an external connection name (which has a colon)
        entry_shape = "ExternalConnectionName" if is_external(origin) else "RepositoryName"
        errors += value_problems(shape(entry_shape), origin, "origin")
    if errors:
        raise ValueError(validation_message(errors))
    refused = LIFECYCLE["seeding"].get(status)
    if isinstance(refused, Invalid):  # Deleted: never stored
        raise ValueError(refused.message)
