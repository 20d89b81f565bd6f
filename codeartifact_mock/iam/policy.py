"""IAM policy documents, identity-based or resource-based: checked once when set, then asked for a decision.

A statement applies to a request when its Action, Resource and (in a resource-based policy) Principal match
it and its Condition holds. ``decide`` gives IAM's answer for one policy: an applicable ``Deny`` wins,
otherwise an applicable ``Allow`` allows, otherwise nothing does. Actions match case-insensitively, resources
case-sensitively, both with ``*`` and ``?`` wildcards (``wildcards``: linear time, whatever the pattern); in
an ARN a wildcard before the resource part does not cross a ``:``. ``NotAction``, ``NotResource`` and
``NotPrincipal`` match everything their list does not.

A document IAM would refuse, or one using what the mock cannot evaluate (a condition operator or key it does
not know, policy variables), is a ``ValueError`` with a message saying where and why: a policy is never
evaluated differently from what its author meant.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple, Optional, Union

from .conditions import Condition, Context
from .principals import Match, Principal, PrincipalEntry
from .wildcards import ArnWildcard, Wildcard

_VERSIONS = ("2012-10-17", "2008-10-17")
_DOCUMENT_KEYS = {"Version", "Id", "Statement"}
_STATEMENT_KEYS = {"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"}
_PRINCIPAL_KEYS = ("Principal", "NotPrincipal")
_PRINCIPAL_KINDS = ("AWS", "Service", "Federated", "CanonicalUser")


class Decision(enum.Enum):
    ALLOWED = "allowed"
    # A resource-based policy allowed the caller's account (an account id or root ARN), not the caller: it
    # lets another account's principals in, but within the account it defers to their own policies.
    ALLOWED_FOR_ACCOUNT = "allowed for the account"
    IMPLICIT_DENY = "no statement allows it"
    EXPLICIT_DENY = "a statement denies it"


class Request(NamedTuple):
    """What a decision is about."""

    action: str  # "codeartifact:DescribeDomain", lower-cased
    resource: str  # an ARN, or "*"
    principal: Principal
    context: Context


class _Patterns:
    """Several patterns of one element: the plain ones in a set, those whose one wildcard is a final ``*``
    (``codeartifact:Describe*``, ``arn:...:repository/acme/*``, ``*``) as prefixes, the others tried in
    turn. A final star matches the rest of the text whatever field of an ARN it is in: a prefix."""

    __slots__ = ("_plain", "_prefixes", "_wild")

    def __init__(self, patterns: list[Union[Wildcard, ArnWildcard]]) -> None:
        plain: set[str] = set()
        prefixes: list[str] = []
        wild: list[Union[Wildcard, ArnWildcard]] = []
        for pattern in patterns:
            text = pattern.pattern
            if "?" in text or "*" in text[:-1]:
                wild.append(pattern)
            elif text.endswith("*"):
                prefixes.append(text[:-1])
            else:
                plain.add(text)
        self._plain, self._prefixes, self._wild = frozenset(plain), tuple(prefixes), tuple(wild)

    def match(self, text: str) -> bool:
        if text in self._plain or text.startswith(self._prefixes):
            return True
        return any(pattern.matches(text) for pattern in self._wild) if self._wild else False


class _Principals:
    __slots__ = ("_entries",)

    def __init__(self, entries: list[PrincipalEntry]) -> None:
        self._entries = tuple(entries)

    def match(self, caller: Principal) -> Match:
        best = Match.NONE
        for entry in self._entries:
            found = entry.match(caller)
            if found is Match.PRINCIPAL:
                return found
            if found is Match.ACCOUNT:
                best = found
        return best


class _Statement(NamedTuple):
    allow: bool
    actions: _Patterns
    not_action: bool  # the statement applies to the actions its patterns do NOT match
    resources: _Patterns
    not_resource: bool
    principals: Optional[_Principals]  # None in an identity-based policy
    not_principal: bool
    condition: Optional[Condition]

    def applies(self, request: Request) -> Match:
        """Whether the statement applies (and how it names the caller), Match.NONE when it does not."""
        if self.actions.match(request.action) is self.not_action:
            return Match.NONE
        if self.resources.match(request.resource) is self.not_resource:
            return Match.NONE
        named = Match.PRINCIPAL
        if self.principals is not None:
            named = self.principals.match(request.principal)
            if self.not_principal:
                named = Match.PRINCIPAL if named is Match.NONE else Match.NONE
            if named is Match.NONE:
                return named
        if self.condition is not None and not self.condition.holds(request.context):
            return Match.NONE
        return named


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


def _one_of(statement: Mapping[str, Any], keys: tuple[str, str], where: str) -> Optional[str]:
    present = [key for key in keys if key in statement]
    if len(present) > 1:
        raise ValueError(f"{where}: exactly one of {keys[0]} or {keys[1]} is required")
    return present[0] if present else None


def _required(statement: Mapping[str, Any], keys: tuple[str, str], where: str) -> str:
    key = _one_of(statement, keys, where)
    if key is None:
        raise ValueError(f"{where}: exactly one of {keys[0]} or {keys[1]} is required")
    return key


def _action(action: str, where: str) -> Wildcard:
    if action != "*" and (action.count(":") != 1 or not all(action.split(":"))):
        raise ValueError(f"{where}: action {action!r} must look like 'codeartifact:DescribeDomain' or be '*'")
    return Wildcard(action.lower())


def _resource(resource: str, where: str) -> ArnWildcard:
    if resource != "*" and not resource.startswith("arn:"):
        raise ValueError(f"{where}: resource {resource!r} must be an ARN or '*'")
    return ArnWildcard(resource)


def _principals(element: Any, where: str) -> _Principals:
    if element == "*":
        return _Principals([PrincipalEntry("AWS", "*", where)])
    if not isinstance(element, Mapping) or not element:
        raise ValueError(f"{where}: a principal is '*' or an object such as {{'AWS': '<account or ARN>'}}")
    entries = []
    for kind, values in element.items():
        if kind not in _PRINCIPAL_KINDS:
            kinds = ", ".join(_PRINCIPAL_KINDS)
            raise ValueError(f"{where}: unknown principal type {kind!r}: it is one of {kinds}")
        listed = [values] if isinstance(values, str) else values
        if not isinstance(listed, list) or not listed or not all(isinstance(v, str) for v in listed):
            raise ValueError(f"{where}: {kind} must be a string or a non-empty list of strings")
        entries += [PrincipalEntry(kind, value, where) for value in listed]
    return _Principals(entries)


def _statement(statement: Any, where: str, resource_based: bool) -> _Statement:
    if not isinstance(statement, Mapping):
        raise ValueError(f"{where} must be a JSON object")
    for key in statement:
        if key in _PRINCIPAL_KEYS and not resource_based:
            raise ValueError(f"{where}: {key}: an identity-based policy cannot name a principal")
        if key not in _STATEMENT_KEYS and key not in _PRINCIPAL_KEYS:
            raise ValueError(f"{where}: unknown element {key!r}")
    effect = statement.get("Effect")
    if effect not in ("Allow", "Deny"):
        raise ValueError(f"{where}: Effect must be 'Allow' or 'Deny', not {effect!r}")
    action_key = _required(statement, ("Action", "NotAction"), where)
    resource_key = _required(statement, ("Resource", "NotResource"), where)
    principals, principal_key = None, None
    if resource_based:
        principal_key = _one_of(statement, _PRINCIPAL_KEYS, where)
        if principal_key is None:
            raise ValueError(f"{where}: a resource-based policy statement needs a Principal")
        principals = _principals(statement[principal_key], f"{where}: {principal_key}")
    condition = Condition(statement["Condition"], where) if "Condition" in statement else None
    return _Statement(
        effect == "Allow",
        _Patterns([_action(a, where) for a in _strings(statement, action_key, where)]),
        action_key == "NotAction",
        _Patterns([_resource(r, where) for r in _strings(statement, resource_key, where)]),
        resource_key == "NotResource",
        principals,
        principal_key == "NotPrincipal",
        condition,
    )


def json_value(text: str) -> Any:
    """The JSON value a policy document's text holds; ``ValueError`` saying why it holds none (``json``'s
    own message, or that it is nested deeper than the parser can recurse)."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("it is nested too deeply") from None


class Policy:
    """A parsed policy. ``resource_based``: attached to a domain or repository, so each statement names the
    principals it is about. ``ValueError`` when the document is not one IAM would accept, or one the mock
    cannot evaluate."""

    __slots__ = ("_statements",)

    def __init__(self, document: Union[str, Mapping[str, Any]], *, resource_based: bool = False) -> None:
        if isinstance(document, str):
            try:
                document = json_value(document)
            except ValueError as error:
                raise ValueError(f"the policy is not valid JSON: {error}") from None
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
        self._statements = tuple(
            _statement(s, f"Statement[{i}]", resource_based) for i, s in enumerate(statements)
        )

    def decide(self, request: Request) -> Decision:
        """IAM's decision of this one policy on ``request``."""
        allowed = Match.NONE
        for statement in self._statements:
            named = statement.applies(request)
            if named is Match.NONE:
                continue
            if not statement.allow:
                return Decision.EXPLICIT_DENY
            if named is Match.PRINCIPAL or allowed is Match.NONE:
                allowed = named
        if allowed is Match.NONE:
            return Decision.IMPLICIT_DENY
        return Decision.ALLOWED if allowed is Match.PRINCIPAL else Decision.ALLOWED_FOR_ACCOUNT
