"""The metadata arguments of ``add_package_version``: taken apart from the others and checked against the
output shapes they will be returned in (``PackageVersionDescription``, ``PackageDependency``)."""

from __future__ import annotations

import functools
from typing import Any

from . import service_model
from .validate import validation_message, value_problems

# add_package_version keyword -> (member name in the API's outputs, shape of that member)
METADATA_ARGUMENTS = {
    "summary": ("summary", "String"),
    "home_page": ("homePage", "String"),
    "source_code_repository": ("sourceCodeRepository", "String"),
    "licenses": ("licenses", "LicenseInfoList"),
    "readme": ("readme", "String"),
    "dependencies": ("dependencies", "PackageDependencyList"),
}


def take_metadata(arguments: dict[str, Any]) -> dict[str, Any]:
    """Remove the metadata arguments from ``arguments`` and return them checked, licenses as dicts.

    Raises ``ValueError`` worded like AWS's ``ValidationException`` for a value the output shapes would not
    hold, an unknown key in a license or dependency, or a dependency without a ``package``.
    """
    metadata = {key: arguments.pop(key, None) for key in METADATA_ARGUMENTS}
    licenses = metadata["licenses"]
    if isinstance(licenses, (list, tuple)):  # a plain string is a license name
        metadata["licenses"] = [{"name": item} if isinstance(item, str) else item for item in licenses]
    errors: list[str] = []
    for key, value in metadata.items():
        if value is not None:
            member, shape = METADATA_ARGUMENTS[key]
            errors += value_problems(service_model().shape_for(shape), value, member)
    errors += _unknown_keys(metadata["licenses"], "licenses", "LicenseInfo")
    errors += _unknown_keys(metadata["dependencies"], "dependencies", "PackageDependency")
    for index, dependency in enumerate(metadata["dependencies"] or (), start=1):
        if isinstance(dependency, dict) and dependency.get("package") is None:
            path = f"dependencies.{index}.member.package"
            errors.append(f"Value null at '{path}' failed to satisfy constraint: Member must not be null")
    if errors:
        raise ValueError(validation_message(errors))
    return metadata


def _unknown_keys(items: Any, path: str, shape_name: str) -> list[str]:
    """Keys the shape has no member for (the model's checker ignores them; here they are mistakes)."""
    if not items:
        return []
    members = _member_names(shape_name)
    problems = []
    for index, item in enumerate(items if isinstance(items, (list, tuple)) else (), start=1):
        for key in item if isinstance(item, dict) else ():
            if key not in members:
                problems.append(
                    f"Value '{key}' at '{path}.{index}.member' failed to satisfy constraint: Member must be "
                    f"one of the {shape_name} members [{', '.join(members)}]"
                )
    return problems


@functools.cache
def _member_names(shape_name: str) -> tuple[str, ...]:
    # botocore builds a shape's members anew on every read: a third of what seeding a version cost
    return tuple(service_model().shape_for(shape_name).members)  # type: ignore[attr-defined]
