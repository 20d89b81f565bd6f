"""Server-side validation of request parameters against the service model, worded as AWS (Coral) words it.

botocore checks only ``required``, ``min`` and types on the client, and users may switch even that off, so the
mock checks every constraint the model states: required, type, length, pattern, enum, list and map size,
integer range. All problems are reported at once, as AWS does::

    2 validation errors detected: Value 'my_domain' at 'domain' failed to satisfy constraint: Member must
    satisfy regular expression pattern: [a-z][a-z0-9\\-]{0,48}[a-z0-9]; Value null at 'package' failed to ...
"""

from __future__ import annotations

import datetime
from typing import Any, Optional

from botocore.model import Shape, StructureShape

from ..backend.errors import ValidationError
from .patterns import matcher

_TYPE_NAMES = {
    "string": (str,),
    "integer": (int,),
    "long": (int,),
    "boolean": (bool,),
    "list": (list, tuple),
    "map": (dict,),
    "structure": (dict,),
    "blob": (bytes, bytearray),
    "timestamp": (datetime.datetime, int, float),
}


def _java_text(value: Any) -> str:
    """How Coral prints a value inside ``Value '...'``: Java's toString of the deserialized object."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_java_text(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_java_text(k)}={_java_text(v)}" for k, v in value.items()) + "}"
    return str(value)


def _failure(value: Any, path: str, constraint: str) -> str:
    shown = "null" if value is None else f"'{_java_text(value)}'"
    return f"Value {shown} at '{path}' failed to satisfy constraint: Member must {constraint}"


def _check_type(shape: Shape, value: Any) -> bool:
    expected = _TYPE_NAMES.get(shape.type_name)
    if expected is None:
        return True
    if shape.type_name in ("integer", "long") and isinstance(value, bool):
        return False
    return isinstance(value, expected)


def _check_range(shape: Shape, value: Any, path: str, errors: list[str]) -> None:
    minimum, maximum = shape.metadata.get("min"), shape.metadata.get("max")
    if shape.type_name in ("integer", "long"):
        if minimum is not None and value < minimum:
            errors.append(_failure(value, path, f"have value greater than or equal to {minimum}"))
        if maximum is not None and value > maximum:
            errors.append(_failure(value, path, f"have value less than or equal to {maximum}"))
        return
    if shape.type_name in ("string", "list", "map", "blob"):
        size = len(value)
        if minimum is not None and size < minimum:
            errors.append(_failure(value, path, f"have length greater than or equal to {minimum}"))
        if maximum is not None and size > maximum:
            errors.append(_failure(value, path, f"have length less than or equal to {maximum}"))


def _check_value(shape: Shape, value: Any, path: str, errors: list[str]) -> None:
    if not _check_type(shape, value):
        errors.append(_failure(value, path, f"be of type {shape.type_name}"))
        return
    _check_range(shape, value, path, errors)
    if shape.type_name == "string":
        enum: Optional[list[str]] = shape.metadata.get("enum")
        if enum and value not in enum:
            errors.append(_failure(value, path, f"satisfy enum value set: [{', '.join(enum)}]"))
        pattern = shape.metadata.get("pattern")
        if pattern is not None and not enum and not matcher(pattern)(value):
            errors.append(_failure(value, path, f"satisfy regular expression pattern: {pattern}"))
    elif shape.type_name == "structure":
        _check_structure(shape, value, path + ".", errors)  # type: ignore[arg-type]
    elif shape.type_name == "list":
        member = shape.member  # type: ignore[attr-defined]
        for index, item in enumerate(value, start=1):
            _check_value(member, item, f"{path}.{index}.member", errors)
    elif shape.type_name == "map":
        key_shape, value_shape = shape.key, shape.value  # type: ignore[attr-defined]
        for key, item in value.items():
            _check_value(key_shape, key, f"{path}.{key}.key", errors)
            _check_value(value_shape, item, f"{path}.{key}.member", errors)


def _check_structure(shape: StructureShape, params: dict[str, Any], prefix: str, errors: list[str]) -> None:
    required = set(shape.required_members)
    for name, member in shape.members.items():
        value = params.get(name)
        if value is None:
            if name in required:
                errors.append(_failure(None, prefix + name, "not be null"))
            continue
        _check_value(member, value, prefix + name, errors)


def problems(shape: StructureShape, params: dict[str, Any]) -> list[str]:
    """Every constraint of ``shape`` that ``params`` violates, one Coral-style sentence each."""
    errors: list[str] = []
    _check_structure(shape, params, "", errors)
    return errors


def value_problems(shape: Shape, value: Any, path: str) -> list[str]:
    """The constraints of a single ``shape`` that ``value`` violates, reported at ``path``."""
    errors: list[str] = []
    if value is None:
        errors.append(_failure(None, path, "not be null"))
    else:
        _check_value(shape, value, path, errors)
    return errors


def validation_message(errors: list[str]) -> str:
    noun = "error" if len(errors) == 1 else "errors"
    return f"{len(errors)} validation {noun} detected: " + "; ".join(errors)


def validate(shape: Optional[StructureShape], params: dict[str, Any]) -> None:
    """Raise the ``ValidationException`` AWS would give for ``params``, or return if they are valid."""
    if shape is None:
        return
    errors = problems(shape, params)
    if errors:
        raise ValidationError(validation_message(errors))
