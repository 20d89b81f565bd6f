"""IAM identity-based policies: checked once when set, then asked whether an action on a resource is allowed.

Evaluation follows IAM's rules for a single identity policy: an explicit ``Deny`` wins, otherwise an
``Allow`` is needed, and nothing matching means denied. Actions match case-insensitively, resources
case-sensitively, both with ``*`` and ``?`` wildcards; in an ARN, a wildcard before the resource part does not
cross a ``:``. ``NotAction`` and ``NotResource`` match everything their list does not.

Conditions, principals and policy variables are refused with a ``ValueError`` rather than silently ignored,
so a policy is never evaluated differently from what its author meant.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple, Union

_VERSIONS = ("2012-10-17", "2008-10-17")
_DOCUMENT_KEYS = {"Version", "Id", "Statement"}
_STATEMENT_KEYS = {"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource"}
_UNSUPPORTED = {
    "Condition": "conditions are not supported by codeartifact-mock",
    "Principal": "an identity-based policy cannot name a principal",
    "NotPrincipal": "an identity-based policy cannot name a principal",
}


class Decision(enum.Enum):
    ALLOWED = "allowed"
    IMPLICIT_DENY = "no identity-based policy allows it"
    EXPLICIT_DENY = "an identity-based policy denies it"


class _Statement(NamedTuple):
    allow: bool
    actions: re.Pattern[str]
    not_action: bool  # the statement applies to the actions its pattern does NOT match
    resources: re.Pattern[str]
    not_resource: bool

    def applies(self, action: str, resource: str) -> bool:
        return (self.actions.fullmatch(action) is None) is self.not_action and (
            self.resources.fullmatch(resource) is None
        ) is self.not_resource


def _glob(pattern: str, any_char: str) -> str:
    return "".join(
        any_char + "*" if char == "*" else any_char if char == "?" else re.escape(char) for char in pattern
    )


def _action_regex(action: str, where: str) -> str:
    if action != "*" and (action.count(":") != 1 or not all(action.split(":"))):
        raise ValueError(f"{where}: action {action!r} must look like 'codeartifact:DescribeDomain' or be '*'")
    return _glob(action, ".")


def _resource_regex(resource: str, where: str) -> str:
    if resource == "*":
        return ".*"  # also matches "*", the resource of calls no resource type covers
    if not resource.startswith("arn:"):
        raise ValueError(f"{where}: resource {resource!r} must be an ARN or '*'")
    # arn:partition:service:region:account:resource — wildcards stay inside the first five fields.
    *fields, rest = resource.split(":", 5)
    return ":".join([*(_glob(field, "[^:]") for field in fields), _glob(rest, ".")])


def _strings(statement: Mapping[str, Any], key: str, where: str) -> list[str]:
    value = statement[key]
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
        raise ValueError(f"{where}: {key} must be a string or a non-empty list of strings")
    for text in values:
        if "${" in text:
            raise ValueError(
                f"{where}: policy variables such as {text!r} are not supported by codeartifact-mock"
            )
    return values


def _one_of(statement: Mapping[str, Any], keys: tuple[str, str], where: str) -> str:
    present = [key for key in keys if key in statement]
    if len(present) != 1:
        raise ValueError(f"{where}: exactly one of {keys[0]} or {keys[1]} is required")
    return present[0]


def _statement(statement: Any, where: str) -> _Statement:
    if not isinstance(statement, Mapping):
        raise ValueError(f"{where} must be a JSON object")
    for key in statement:
        if key in _UNSUPPORTED:
            raise ValueError(f"{where}: {key}: {_UNSUPPORTED[key]}")
        if key not in _STATEMENT_KEYS:
            raise ValueError(f"{where}: unknown element {key!r}")
    effect = statement.get("Effect")
    if effect not in ("Allow", "Deny"):
        raise ValueError(f"{where}: Effect must be 'Allow' or 'Deny', not {effect!r}")
    action_key = _one_of(statement, ("Action", "NotAction"), where)
    resource_key = _one_of(statement, ("Resource", "NotResource"), where)
    actions = "|".join(_action_regex(a, where) for a in _strings(statement, action_key, where))
    resources = "|".join(_resource_regex(r, where) for r in _strings(statement, resource_key, where))
    return _Statement(
        effect == "Allow",
        re.compile(actions, re.IGNORECASE),
        action_key == "NotAction",
        re.compile(resources),
        resource_key == "NotResource",
    )


class Policy:
    """A parsed identity policy. ``ValueError`` when the document is not one IAM would accept."""

    def __init__(self, document: Union[str, Mapping[str, Any]]) -> None:
        if isinstance(document, str):
            try:
                document = json.loads(document)
            except ValueError as error:
                raise ValueError(f"the policy is not valid JSON: {error}") from None
            except RecursionError:  # nested deeper than the parser can recurse
                raise ValueError("the policy is not valid JSON: it is nested too deeply") from None
        if not isinstance(document, Mapping):
            raise ValueError("a policy must be a JSON object with a Statement")
        unknown = sorted(set(document) - _DOCUMENT_KEYS)
        if unknown:
            raise ValueError(
                f"unknown policy element(s) {', '.join(unknown)}: a policy has Version, Id, Statement"
            )
        if "Version" in document and document["Version"] not in _VERSIONS:
            raise ValueError(f"Version must be one of {', '.join(_VERSIONS)}, not {document['Version']!r}")
        if "Statement" not in document:
            raise ValueError("a policy needs a Statement")
        statements = document["Statement"]
        if isinstance(statements, Mapping):
            statements = [statements]
        if not isinstance(statements, Sequence) or isinstance(statements, str):
            raise ValueError("Statement must be an object or a list of objects")
        self._statements = tuple(_statement(s, f"Statement[{i}]") for i, s in enumerate(statements))

    def decide(self, action: str, resource: str) -> Decision:
        """IAM's decision for ``action`` (``codeartifact:DescribeDomain``) on ``resource`` (ARN or ``*``)."""
        allowed = False
        for statement in self._statements:
            if statement.applies(action, resource):
                if not statement.allow:
                    return Decision.EXPLICIT_DENY
                allowed = True
        return Decision.ALLOWED if allowed else Decision.IMPLICIT_DENY
