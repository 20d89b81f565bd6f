"""Package group operations: Create/Describe/Update/DeletePackageGroup, ListPackageGroups,
ListSubPackageGroups, UpdatePackageGroupOriginConfiguration, ListAllowedRepositoriesForGroup,
GetAssociatedPackageGroup and ListAssociatedPackages.

Groups live on their domain keyed by the lower-cased pattern (two patterns differing only in case are the
same group). The hierarchy and the package-to-group association are worked out in ``group_tree``.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Optional
from urllib.parse import unquote

from . import formats, group_tree
from .entities import ORIGIN_RESTRICTION_TYPES, ROOT_GROUP_PATTERN, Domain, PackageGroup
from .errors import ConflictError, ResourceNotFoundError, ValidationError
from .group_patterns import parse
from .ordered import OrderedIndex
from .resolve import BackendBase
from .store import Store
from .tag_rules import tag_map
from .views import Json, listing, package_group_arn

_ARN_RESOURCE = "package-group/"


def group_reference(group: PackageGroup) -> Json:
    return {"arn": package_group_arn(group), "pattern": group.pattern}


def group_description(group: PackageGroup) -> Json:
    """PackageGroupDescription (PackageGroupSummary has the same members)."""
    domain = group.domain
    description: Json = {
        "arn": package_group_arn(group),
        "pattern": group.pattern,
        "domainName": domain.name,
        "domainOwner": domain.owner,
        "createdTime": group.created,
        "contactInfo": group.contact_info,
        "description": group.description,
        "originConfiguration": {
            "restrictions": {kind: _restriction(group, kind) for kind in ORIGIN_RESTRICTION_TYPES}
        },
    }
    parent = group_tree.parent(domain, group)
    if parent is not None:
        description["parent"] = group_reference(parent)
    return {name: value for name, value in description.items() if value is not None}


def _restriction(group: PackageGroup, kind: str) -> Json:
    mode = group.restrictions[kind]
    effective, source = group_tree.effective(group.domain, group, kind)
    restriction: Json = {"mode": mode, "effectiveMode": effective}
    if source is not group:
        restriction["inheritedFrom"] = group_reference(source)
    restriction["repositoriesCount"] = len(group.allowed[kind])
    return restriction


class PackageGroupOps(BackendBase):
    __slots__ = ()

    # --- lookups -------------------------------------------------------------------------------------

    @staticmethod
    def _group_in(domain: Domain, pattern: str) -> PackageGroup:
        found = domain.package_groups.get(parse(pattern).text.lower())
        if found is None:
            raise ResourceNotFoundError(
                f"Package group not found. Package group '{pattern}' in domain '{domain.name}' "
                f"owned by account '{domain.owner}' does not exist",
                "package-group",
                pattern,
            )
        return found

    def _group(self, domain: str, pattern: str, domain_owner: Optional[str]) -> PackageGroup:
        parse(pattern)  # an invalid pattern is a ValidationException even where the domain is missing
        return self._group_in(self._domain(domain, domain_owner), pattern)

    # --- groups --------------------------------------------------------------------------------------

    def create_package_group(
        self,
        *,
        domain: str,
        package_group: str,
        domain_owner: Optional[str] = None,
        contact_info: Optional[str] = None,
        description: Optional[str] = None,
        tags: Optional[list[dict[str, str]]] = None,
    ) -> Json:
        pattern = parse(package_group)
        owner = self._domain(domain, domain_owner)
        if pattern.text.lower() in owner.package_groups:
            raise ConflictError(
                f"Package group '{package_group}' already exists in domain '{domain}'",
                "package-group",
                package_group,
            )
        created = PackageGroup(
            package_group,
            owner,
            datetime.now(timezone.utc),
            group_tree.INHERIT,
            contact_info,
            description,
            tag_map(tags, package_group, "package-group"),
        )
        owner.package_groups.add(created.key, created)
        owner.graph_changed()  # the packages it takes now follow its origin configuration
        return {"packageGroup": group_description(created)}

    def describe_package_group(
        self, *, domain: str, package_group: str, domain_owner: Optional[str] = None
    ) -> Json:
        return {"packageGroup": group_description(self._group(domain, package_group, domain_owner))}

    def update_package_group(
        self,
        *,
        domain: str,
        package_group: str,
        domain_owner: Optional[str] = None,
        contact_info: Optional[str] = None,
        description: Optional[str] = None,
    ) -> Json:
        group = self._group(domain, package_group, domain_owner)
        if contact_info is not None:
            group.contact_info = contact_info
        if description is not None:
            group.description = description
        return {"packageGroup": group_description(group)}

    def delete_package_group(
        self, *, domain: str, package_group: str, domain_owner: Optional[str] = None
    ) -> Json:
        group = self._group(domain, package_group, domain_owner)
        if group.pattern == ROOT_GROUP_PATTERN:
            raise ConflictError(
                f"The root package group '{ROOT_GROUP_PATTERN}' cannot be deleted",
                "package-group",
                ROOT_GROUP_PATTERN,
            )
        deleted = group_description(group)  # its parent as it was; its children now move up to that parent
        group.domain.package_groups.remove(group.key)
        group.domain.graph_changed()
        return {"packageGroup": deleted}

    def list_package_groups(
        self,
        *,
        domain: str,
        domain_owner: Optional[str] = None,
        max_results: Optional[int] = None,
        next_token: Optional[str] = None,
        prefix: Optional[str] = None,
    ) -> Json:
        owner = self._domain(domain, domain_owner)
        wanted = (prefix or "").lower()

        def keep(group: PackageGroup) -> bool:
            return group.key.startswith(wanted)

        query = ("ListPackageGroups", owner.owner, domain, prefix)
        found, token = self._page(owner.package_groups, query, max_results, next_token, 100, keep)
        return listing("packageGroups", [group_description(group) for group in found], token)

    def list_sub_package_groups(
        self,
        *,
        domain: str,
        package_group: str,
        domain_owner: Optional[str] = None,
        max_results: Optional[int] = None,
        next_token: Optional[str] = None,
    ) -> Json:
        group = self._group(domain, package_group, domain_owner)
        owner = group.domain

        def keep(other: PackageGroup) -> bool:
            return group_tree.parent(owner, other) is group

        query = ("ListSubPackageGroups", owner.owner, domain, group.key)
        found, token = self._page(owner.package_groups, query, max_results, next_token, 100, keep)
        return listing("packageGroups", [group_description(child) for child in found], token)

    # --- origin configuration ------------------------------------------------------------------------

    def update_package_group_origin_configuration(
        self,
        *,
        domain: str,
        package_group: str,
        domain_owner: Optional[str] = None,
        restrictions: Optional[dict[str, str]] = None,
        add_allowed_repositories: Optional[list[dict[str, str]]] = None,
        remove_allowed_repositories: Optional[list[dict[str, str]]] = None,
    ) -> Json:
        group = self._group(domain, package_group, domain_owner)
        additions = _allowed_entries("addAllowedRepositories", add_allowed_repositories)
        removals = _allowed_entries("removeAllowedRepositories", remove_allowed_repositories)
        modes = restrictions or {}
        if group.pattern == ROOT_GROUP_PATTERN and group_tree.INHERIT in modes.values():
            raise ValidationError(
                f"The root package group '{ROOT_GROUP_PATTERN}' has no parent to inherit "
                "origin restrictions from"
            )
        both = set(additions) & set(removals)
        if both:
            name, kind = sorted(both)[0]
            raise ValidationError(
                f"Repository '{name}' cannot be both added to and removed from the {kind} list"
            )
        for name, _kind in additions:
            self._repository_in(group.domain, name)  # allowed repositories must exist when added
        # Everything is checked: apply the whole update.
        group.restrictions.update(modes)
        updates: dict[str, dict[str, list[str]]] = {}
        for name, kind in additions:
            if name not in group.allowed[kind]:
                group.allowed[kind].add(name, name)
            updates.setdefault(kind, {}).setdefault("ADDED", []).append(name)
        for name, kind in removals:
            group.allowed[kind].remove(name)
            updates.setdefault(kind, {}).setdefault("REMOVED", []).append(name)
        group.domain.graph_changed()
        return {"packageGroup": group_description(group), "allowedRepositoryUpdates": updates}

    def list_allowed_repositories_for_group(
        self,
        *,
        domain: str,
        package_group: str,
        origin_restriction_type: str,
        domain_owner: Optional[str] = None,
        max_results: Optional[int] = None,
        next_token: Optional[str] = None,
    ) -> Json:
        group = self._group(domain, package_group, domain_owner)
        owner = group.domain
        query = ("ListAllowedRepositoriesForGroup", owner.owner, domain, group.key, origin_restriction_type)
        names, token = self._page(group.allowed[origin_restriction_type], query, max_results, next_token, 100)
        page: Json = {"allowedRepositories": names}  # plain names, so not ``listing`` (a list of structures)
        if token is not None:
            page["nextToken"] = token
        return page

    # --- association ---------------------------------------------------------------------------------

    def get_associated_package_group(
        self,
        *,
        domain: str,
        format: str,
        package: str,
        domain_owner: Optional[str] = None,
        namespace: Optional[str] = None,
    ) -> Json:
        namespace, name = formats.stored_coordinates(format, namespace, package)
        owner = self._domain(domain, domain_owner)
        group, association = group_tree.associated_group(owner, format, namespace, name)
        return {"packageGroup": group_description(group), "associationType": association}

    def list_associated_packages(
        self,
        *,
        domain: str,
        package_group: str,
        domain_owner: Optional[str] = None,
        max_results: Optional[int] = None,
        next_token: Optional[str] = None,
        preview: Optional[bool] = None,
    ) -> Json:
        """Packages in any repository of the domain whose most specific group is this one. With
        ``preview`` the group need not exist: the packages it would take, were it created, are listed."""
        target = parse(package_group)
        owner = self._domain(domain, domain_owner)
        patterns = [parse(group.pattern) for group in group_tree.groups(owner)]
        if target.text.lower() not in owner.package_groups:
            if not preview:
                self._group_in(owner, package_group)  # raises the not-found error
            patterns.append(target)
        associated: OrderedIndex[tuple[str, Optional[str], str], Json] = OrderedIndex()
        seen: set[tuple[str, Optional[str], str]] = set()
        for _seq, repository in owner.repositories.walk():
            for _seq, package in repository.packages.walk():
                if package.key in seen:
                    continue
                seen.add(package.key)
                best = group_tree.most_specific(patterns, package.format, package.namespace, package.name)
                if best is not None and best[0].text.lower() == target.text.lower():
                    entry: Json = {"format": package.format, "namespace": package.namespace}
                    entry.update(package=package.name, associationType=best[1])
                    associated.add(package.key, {k: v for k, v in entry.items() if v is not None})
        query = ("ListAssociatedPackages", owner.owner, domain, target.text.lower(), bool(preview))
        found, token = self._page(associated, query, max_results, next_token, 100)
        return listing("packages", found, token)


def _allowed_entries(member: str, entries: Optional[list[dict[str, str]]]) -> list[tuple[str, str]]:
    """(repository name, restriction type) pairs, in order, without repeats; both members are required."""
    pairs: list[tuple[str, str]] = []
    for index, entry in enumerate(entries or (), start=1):
        for field in ("repositoryName", "originRestrictionType"):
            if entry.get(field) is None:
                raise ValidationError(
                    f"1 validation error detected: Value null at '{member}.{index}.member.{field}' "
                    "failed to satisfy constraint: Member must not be null"
                )
        pair = (entry["repositoryName"], entry["originRestrictionType"])
        if pair not in pairs:
            pairs.append(pair)
    return pairs


def package_group_for_arn(store: Store, resource_arn: str) -> Optional[PackageGroup]:
    """The group an ARN names (``arn:aws:codeartifact:<region>:<owner>:package-group/<domain><pattern>``),
    or None if it names no existing group. Used by the tagging operations."""
    parts = resource_arn.split(":", 5)
    if len(parts) != 6 or parts[2] != "codeartifact" or not parts[5].startswith(_ARN_RESOURCE):
        return None
    domain_name, slash, encoded = parts[5][len(_ARN_RESOURCE) :].partition("/")
    partition = store.partition(parts[4], parts[3])
    domain = None if partition is None or not slash else partition.domains.get(domain_name)
    return None if domain is None else domain.package_groups.get(unquote("/" + encoded).lower())
