"""Package origin controls: PutPackageOriginConfiguration, and whether a direct publish is allowed.

A package's own restrictions (``publish``/``upstream``, ALLOW or BLOCK) are set when its first version
arrives (ALLOW/BLOCK for a direct publish, BLOCK/ALLOW for one fetched from an upstream or a public
registry) or by PutPackageOriginConfiguration, which creates the package with no versions when it is
missing (service model). A package that has no record in the repository yet has no restrictions of its
own: the restriction of the package group it belongs to decides (PUBLISH for a publish; INTERNAL_UPSTREAM
and EXTERNAL_UPSTREAM for what a fetch would keep: ``resolution``).
"""

from __future__ import annotations

from typing import Optional

from . import formats, group_tree
from .entities import Package, PackageGroup, Repository
from .errors import AccessDeniedError
from .resolve import BackendBase
from .views import Json, origin_configuration


def check_publish_allowed(
    repository: Repository, package: Optional[Package], fmt: str, namespace: Optional[str], name: str
) -> None:
    """Raise AccessDeniedError if a direct publish of this package into ``repository`` is blocked."""
    shown = formats.display_name(fmt, namespace, name)
    if package is not None:
        if package.publish == "BLOCK":
            raise AccessDeniedError(
                f"Publishing to package '{shown}' in repository '{repository.name}' is blocked by the "
                "package's origin configuration (publish: BLOCK)"
            )
        return
    refused = group_refusal(repository, fmt, namespace, name, "PUBLISH")
    if refused is not None:
        group, mode = refused
        raise AccessDeniedError(
            f"Publishing to package '{shown}' in repository '{repository.name}' is blocked by the origin "
            f"configuration of package group '{group.pattern}' (PUBLISH: {mode})"
        )


def group_refusal(
    repository: Repository, fmt: str, namespace: Optional[str], name: str, restriction: str
) -> Optional[tuple[PackageGroup, str]]:
    """None if the package's group lets versions into ``repository`` the way ``restriction`` names
    (``PUBLISH``, ``INTERNAL_UPSTREAM``, ``EXTERNAL_UPSTREAM``); else the group and its effective mode."""
    domain = repository.domain
    group, _association = group_tree.associated_group(domain, fmt, namespace, name)
    mode, source = group_tree.effective(domain, group, restriction)
    if mode == "ALLOW" or (
        mode == "ALLOW_SPECIFIC_REPOSITORIES" and repository.name in source.allowed[restriction]
    ):
        return None
    return group, mode


class OriginOps(BackendBase):
    __slots__ = ()

    def put_package_origin_configuration(
        self,
        *,
        domain: str,
        repository: str,
        format: str,
        package: str,
        restrictions: dict[str, str],
        domain_owner: Optional[str] = None,
        namespace: Optional[str] = None,
    ) -> Json:
        stored_namespace, name = formats.stored_coordinates(format, namespace, package)
        repo = self._repository(domain, repository, domain_owner)
        found = repo.packages.get((format, stored_namespace, name))
        if found is None:  # the model: "a package is created in the repository with no versions"
            shown = formats.display_name(format, namespace, package)  # as given, like a first publish
            found = Package(format, stored_namespace, name, shown)
            repo.packages.add(found.key, found)
        found.publish = restrictions["publish"]
        found.upstream = restrictions["upstream"]
        found.versions_changed()  # what its listings show through this repository may change with them
        return {"originConfiguration": origin_configuration(found)}
