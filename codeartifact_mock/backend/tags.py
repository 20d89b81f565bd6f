"""Tags on domains, repositories and package groups: TagResource, UntagResource, ListTagsForResource.

Resources are named by ARN; the tag rules are in ``tag_rules``.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from .errors import ResourceNotFoundError, ValidationError
from .package_groups import package_group_for_arn
from .resolve import BackendBase
from .tag_rules import check_count, check_keys
from .views import Json

_ARN = re.compile(
    r"arn:aws[a-z-]*:codeartifact:(?P<region>[a-z0-9-]+):(?P<account>[0-9]{12}):"
    r"(?P<kind>domain|repository|package-group)/(?P<path>.+)"
)


class TagOps(BackendBase):
    __slots__ = ()

    def tag_resource(self, *, resource_arn: str, tags: list[dict[str, str]]) -> Json:
        keys = [tag["key"] for tag in tags]
        check_keys(keys)  # an invalid request is refused before any lookup
        current, resource_type, resource_id = self._tags_of(resource_arn)
        check_count(keys, current, resource_arn, resource_type, resource_id)
        current.update((tag["key"], tag["value"]) for tag in tags)  # in place: the resource's own dict
        return {}

    def untag_resource(self, *, resource_arn: str, tag_keys: list[str]) -> Json:
        check_keys(tag_keys)
        current, _resource_type, _resource_id = self._tags_of(resource_arn)
        for key in tag_keys:
            current.pop(key, None)  # removing a tag the resource does not have is not an error
        return {}

    def list_tags_for_resource(self, *, resource_arn: str) -> Json:
        current, _resource_type, _resource_id = self._tags_of(resource_arn)
        return {"tags": [{"key": key, "value": value} for key, value in current.items()]}

    def _tags_of(self, resource_arn: str) -> tuple[dict[str, str], str, str]:
        """The tag dict of the resource ``resource_arn`` names, its resourceType and its resourceId."""
        match = _ARN.fullmatch(resource_arn)
        if match is None:
            raise ValidationError(
                f"Invalid resource ARN '{resource_arn}': expected the ARN of a CodeArtifact domain, "
                "repository or package group"
            )
        kind, path, owner = match["kind"], match["path"], match["account"]
        # A package group's id is its pattern: the ARN's URL-encoded rest after the domain name.
        resource_id = (
            unquote("/" + path.partition("/")[2]) if kind == "package-group" else path.rsplit("/")[-1]
        )
        if match["region"] != self._region:
            raise ResourceNotFoundError(
                f"Resource '{resource_arn}' does not exist in region '{self._region}'", kind, resource_id
            )
        if kind == "domain":
            if "/" in path:
                raise ValidationError(f"Invalid domain ARN '{resource_arn}'")
            return self._domain(path, owner).tags, kind, path
        if kind == "repository":
            domain, _, repository = path.partition("/")
            if not repository or "/" in repository:
                raise ValidationError(f"Invalid repository ARN '{resource_arn}'")
            return self._repository(domain, repository, owner).tags, kind, repository
        return self._package_group_tags(resource_arn, resource_id), kind, resource_id

    def _package_group_tags(self, resource_arn: str, resource_id: str) -> dict[str, str]:
        group = package_group_for_arn(self._store, resource_arn)
        if group is None:
            raise ResourceNotFoundError(
                f"Package group '{resource_arn}' does not exist", "package-group", resource_id
            )
        return group.tags
