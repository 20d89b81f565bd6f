"""A statement's ``Condition`` element: the operators and keys the mock evaluates, and refusal of the rest.

Keys (case-insensitive, as IAM reads them): ``aws:PrincipalArn``, ``aws:PrincipalAccount``,
``aws:PrincipalOrgID`` (present when the caller's account was put in an organization) and
``sts:AWSServiceName`` (present on ``sts:GetServiceBearerToken``, as ``codeartifact.amazonaws.com``).
Operators: ``StringEquals``, ``StringNotEquals``, their ``IgnoreCase`` forms, ``StringLike``,
``StringNotLike``, ``ArnEquals``, ``ArnLike``, ``ArnNotEquals``, ``ArnNotLike``, each also with ``IfExists``.

As in IAM: the operators of a condition, and the keys under one operator, must all hold; the values listed
for a key are alternatives; a key absent from the request makes a positive operator false and a negated one
true; ``...IfExists`` is true when the key is absent. Anything else (another operator or key, a set operator
such as ``ForAnyValue:``) is a ``ValueError`` when the policy is read: a condition the mock cannot evaluate
must never be taken as true.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Callable, NamedTuple, Optional

from .wildcards import ArnWildcard, Wildcard

SERVICE_NAME = "codeartifact.amazonaws.com"  # sts:AWSServiceName of CodeArtifact's bearer tokens


class Context(NamedTuple):
    """What the conditions of a request can read: one field per key, in ``KEYS``' order (None: absent)."""

    principal_arn: str
    principal_account: str
    principal_org_id: Optional[str]
    service_name: Optional[str]  # only on sts:GetServiceBearerToken


KEYS = ("aws:PrincipalArn", "aws:PrincipalAccount", "aws:PrincipalOrgID", "sts:AWSServiceName")
_FIELDS = {key.lower(): field for field, key in enumerate(KEYS)}  # key lower-cased -> its field in a Context


Test = Callable[[str], bool]


def _equals(value: str) -> Test:
    return value.__eq__


def _equals_ignoring_case(value: str) -> Test:
    folded = value.casefold()
    return lambda seen: seen.casefold() == folded


def _like(value: str) -> Test:
    return Wildcard(value).matches


def _arn_like(value: str) -> Test:
    return ArnWildcard(value).matches


# operator -> (how one listed value tests the request's, negated)
_OPERATORS: dict[str, tuple[Callable[[str], Test], bool]] = {
    "StringEquals": (_equals, False),
    "StringNotEquals": (_equals, True),
    "StringEqualsIgnoreCase": (_equals_ignoring_case, False),
    "StringNotEqualsIgnoreCase": (_equals_ignoring_case, True),
    "StringLike": (_like, False),
    "StringNotLike": (_like, True),
    "ArnEquals": (_arn_like, False),  # IAM matches both ARN operators field by field, wildcards included
    "ArnLike": (_arn_like, False),
    "ArnNotEquals": (_arn_like, True),
    "ArnNotLike": (_arn_like, True),
}


class _Clause(NamedTuple):
    field: int  # of the key in a Context
    tests: tuple[Test, ...]
    negated: bool
    if_exists: bool

    def holds(self, context: Context) -> bool:
        seen = context[self.field]
        if seen is None:
            return self.if_exists or self.negated
        matched = any(test(seen) for test in self.tests)
        return matched is not self.negated


def _values(raw: Any, where: str) -> list[str]:
    values = raw if isinstance(raw, list) else [raw]
    if not values or not all(isinstance(value, (str, int, float, bool)) for value in values):
        raise ValueError(f"{where} must be a string or a non-empty list of strings")
    # IAM reads numbers and booleans in a condition as their text
    return [str(value).lower() if isinstance(value, bool) else str(value) for value in values]


class Condition:
    """A parsed ``Condition`` element; ``holds(context)`` when every clause does."""

    __slots__ = ("_clauses",)

    def __init__(self, element: Any, where: str) -> None:
        if not isinstance(element, Mapping) or not element:
            raise ValueError(f"{where}: Condition must name at least one condition operator")
        clauses = []
        for operator, keys in element.items():
            name = operator[: -len("IfExists")] if operator.endswith("IfExists") else operator
            if name not in _OPERATORS:
                raise ValueError(
                    f"{where}: the condition operator {operator!r} is not supported by codeartifact-mock, "
                    f"so conditions with it cannot be evaluated; it evaluates {', '.join(_OPERATORS)} "
                    "(and their ...IfExists forms)"
                )
            if not isinstance(keys, Mapping) or not keys:
                raise ValueError(f"{where}: Condition {operator} must map condition keys to values")
            make, negated = _OPERATORS[name]
            for key, raw in keys.items():
                field = _FIELDS.get(str(key).lower())
                if field is None:
                    raise ValueError(
                        f"{where}: the condition key {key!r} is not supported by codeartifact-mock, so "
                        f"conditions on it cannot be evaluated; it evaluates {', '.join(KEYS)}"
                    )
                tests = tuple(make(value) for value in _values(raw, f"{where}: Condition {operator} {key}"))
                clauses.append(_Clause(field, tests, negated, name != operator))
        self._clauses = tuple(clauses)

    def holds(self, context: Context) -> bool:
        return all(clause.holds(context) for clause in self._clauses)
