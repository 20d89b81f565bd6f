"""AWS's rules for the tags of any taggable resource, applied at creation and by TagResource alike.

The model bounds each key and value and each request's list (the wire layer checks those); these are the
rules it cannot state: at most 50 tags on a resource, keys unique within a request, and the ``aws:`` prefix
reserved for AWS.
"""

from __future__ import annotations

from typing import Optional

from .errors import ServiceQuotaExceededError, ValidationError

MAX_TAGS_PER_RESOURCE = 50  # AWS's tag limit for every taggable resource
RESERVED_PREFIX = "aws:"


def check_keys(keys: list[str]) -> None:
    """Refuse a request's keys on their own: reserved or repeated ones."""
    reserved = [key for key in keys if key.lower().startswith(RESERVED_PREFIX)]
    if reserved:
        raise ValidationError(
            f"Tag keys beginning with '{RESERVED_PREFIX}' are reserved for AWS use: {', '.join(reserved)}"
        )
    if len(set(keys)) != len(keys):
        raise ValidationError("Tag keys must be unique within a request: a key was given more than once")


def check_count(
    keys: list[str], current: dict[str, str], resource: str, resource_type: str, resource_id: str
) -> None:
    """Refuse ``keys`` if adding them to ``resource`` (as named to the caller), tagged ``current``, would
    exceed the limit."""
    total = len(current.keys() | set(keys))
    if total > MAX_TAGS_PER_RESOURCE:
        raise ServiceQuotaExceededError(
            f"Cannot tag resource '{resource}': a resource can have at most "
            f"{MAX_TAGS_PER_RESOURCE} tags, and this request would give it {total}",
            resource_type,
            resource_id,
        )


def tag_map(tags: Optional[list[dict[str, str]]], resource: str, resource_type: str) -> dict[str, str]:
    """The tags given when a resource is created, checked against the same rules as TagResource."""
    if not tags:
        return {}
    keys = [tag["key"] for tag in tags]
    check_keys(keys)
    check_count(keys, {}, resource, resource_type, resource)
    return {tag["key"]: tag["value"] for tag in tags}
