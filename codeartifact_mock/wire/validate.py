"""Server-side validation of request parameters against the service model, worded as AWS (Coral) words it.

botocore checks only ``required``, ``min`` and types on the client, and users may switch even that off, so the
mock checks every constraint the model states: required, type, length, pattern, enum, list and map size,
integer range. All problems are reported at once, as AWS does::

    2 validation errors detected: Value 'my_domain' at 'domain' failed to satisfy constraint: Member must
    satisfy regular expression pattern: [a-z][a-z0-9\\-]{0,48}[a-z0-9]; Value null at 'package' failed to ...

As in botocore's ``validate.py``, there is one ``_validate_<type>`` function per shape type, looked up by the
shape's type name. What they read of a shape (bounds, enum, pattern, members) is read from the model once per
shape, into a ``_Rules``.
"""

from __future__ import annotations

import datetime
import functools
import re
from typing import Any, Callable, NamedTuple, Optional

from botocore.model import Shape, StructureShape

from ..backend.errors import ValidationError
from .botocore_model import service_model
from .patterns import matcher

# Strings already found valid, per string shape: calls repeat the same names, so one set lookup replaces a
# string's checks, and one ``issuperset`` a list's. Bounded per shape for long runs.
# measured: without them, a 1-version update costs 5% more (bench.py's rounds, CPU time, 2026-12-06)
_known_valid: dict[str, set[str]] = {}
_KNOWN_VALID_LIMIT = 4096

_TYPES: dict[str, tuple[type, ...]] = {
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


class _Member(NamedTuple):
    name: str
    shape: str  # the member's shape name
    required: bool


class _Rules(NamedTuple):
    """What the checks of one shape read of the model."""

    name: str
    type_name: str
    types: tuple[type, ...]  # what a value must be an instance of
    minimum: Optional[int]
    maximum: Optional[int]
    enum: Optional[list[str]]
    pattern: Optional[str]
    pattern_ok: Optional[Callable[[str], bool]]
    known: Optional[set[str]]  # a string shape's known-valid strings
    members: tuple[_Member, ...]  # a structure's, in the model's order (the order AWS reports errors in)
    item: Optional[str]  # a list's member shape name
    key: Optional[str]  # a map's key and value shape names
    value: Optional[str]


@functools.cache
def _rules(shape_name: str) -> _Rules:
    shape = service_model().shape_for(shape_name)
    kind, metadata = shape.type_name, shape.metadata
    enum = metadata.get("enum") if kind == "string" else None
    pattern = metadata.get("pattern") if kind == "string" and not enum else None
    members: tuple[_Member, ...] = ()
    if kind == "structure":
        required = set(shape.required_members)  # type: ignore[attr-defined]
        members = tuple(
            _Member(name, member.name, name in required)
            for name, member in shape.members.items()  # type: ignore[attr-defined]
        )
    return _Rules(
        name=shape_name,
        type_name=kind,
        types=_TYPES.get(kind, (object,)),
        minimum=metadata.get("min"),
        maximum=metadata.get("max"),
        enum=enum,
        pattern=pattern,
        pattern_ok=matcher(pattern) if pattern is not None else None,
        known=_known(shape_name),
        members=members,
        item=shape.member.name if kind == "list" else None,  # type: ignore[attr-defined]
        key=shape.key.name if kind == "map" else None,  # type: ignore[attr-defined]
        value=shape.value.name if kind == "map" else None,  # type: ignore[attr-defined]
    )


def _known(shape_name: str) -> Optional[set[str]]:
    """The known-valid strings of a string shape (made on first use), or None for other shapes."""
    if service_model().shape_for(shape_name).type_name != "string":
        return None
    return _known_valid.setdefault(shape_name, set())


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


def _validate(shape_name: str, value: Any, path: str, errors: list[str]) -> None:
    """Append one Coral sentence to ``errors`` per constraint of the shape that ``value`` violates."""
    rules = _rules(shape_name)
    if rules.known is not None and value.__class__ is str and value in rules.known:
        return
    # (bool is a subclass of int, but not an integer to the service)
    if not isinstance(value, rules.types) or (
        isinstance(value, bool) and rules.type_name in ("integer", "long")
    ):
        errors.append(_failure(value, path, f"be of type {rules.type_name}"))
        return
    validate_type = _VALIDATORS.get(rules.type_name)
    if validate_type is not None:
        validate_type(rules, value, path, errors)


def _validate_size(rules: _Rules, size: int, value: Any, path: str, errors: list[str]) -> None:
    measure = "value" if rules.type_name in ("integer", "long") else "length"
    if rules.minimum is not None and size < rules.minimum:
        errors.append(_failure(value, path, f"have {measure} greater than or equal to {rules.minimum}"))
    if rules.maximum is not None and size > rules.maximum:
        errors.append(_failure(value, path, f"have {measure} less than or equal to {rules.maximum}"))


def _validate_string(rules: _Rules, value: str, path: str, errors: list[str]) -> None:
    found = len(errors)
    _validate_size(rules, len(value), value, path, errors)
    if rules.enum is not None and value not in rules.enum:
        errors.append(_failure(value, path, f"satisfy enum value set: [{', '.join(rules.enum)}]"))
    if rules.pattern_ok is not None and not rules.pattern_ok(value):
        errors.append(_failure(value, path, f"satisfy regular expression pattern: {rules.pattern}"))
    known = rules.known
    if known is not None and len(errors) == found and len(known) < _KNOWN_VALID_LIMIT:
        known.add(value)


def _validate_number(rules: _Rules, value: int, path: str, errors: list[str]) -> None:
    _validate_size(rules, value, value, path, errors)


def _validate_blob(rules: _Rules, value: bytes, path: str, errors: list[str]) -> None:
    _validate_size(rules, len(value), value, path, errors)


def _validate_list(rules: _Rules, items: list[Any], path: str, errors: list[str]) -> None:
    _validate_size(rules, len(items), items, path, errors)
    item_shape = rules.item
    assert item_shape is not None
    known = _known_valid.get(item_shape)
    if known is not None and _all_valid(item_shape, known, items):
        return
    for index, item in enumerate(items, start=1):
        _validate(item_shape, item, f"{path}.{index}.member", errors)


def _all_valid(item_shape: str, known: set[str], items: list[Any]) -> bool:
    """Whether every item of a list of strings is valid, told for the whole list at once: all known valid,
    or all accepted by ``quick_accept_all`` (then they become known). False means: check them one by one.

    measured: without it, a 100-version dispose costs 11% more (bench.py's rounds, CPU time, 2026-12-06)
    """
    accept = quick_accept_all(item_shape)
    try:
        if known.issuperset(items):
            return True
        if accept is not None and accept(items):
            if len(known) < _KNOWN_VALID_LIMIT:
                known.update(items)
            return True
    except TypeError:  # an item that is not a string: the checks one by one report it
        pass
    return False


def _validate_map(rules: _Rules, entries: dict[Any, Any], path: str, errors: list[str]) -> None:
    _validate_size(rules, len(entries), entries, path, errors)
    key_shape, value_shape = rules.key, rules.value
    assert key_shape is not None and value_shape is not None
    for key, value in entries.items():
        _validate(key_shape, key, f"{path}.{key}.key", errors)
        _validate(value_shape, value, f"{path}.{key}.member", errors)


def _validate_structure(rules: _Rules, params: dict[str, Any], path: str, errors: list[str]) -> None:
    """Every member in the model's order, as AWS lists its errors."""
    prefix = path + "." if path else ""
    for member in rules.members:
        value = params.get(member.name)
        if value is None:
            if member.required:
                errors.append(_failure(None, prefix + member.name, "not be null"))
        else:
            _validate(member.shape, value, prefix + member.name, errors)


_VALIDATORS: dict[str, Callable[[_Rules, Any, str, list[str]], None]] = {
    "string": _validate_string,
    "integer": _validate_number,
    "long": _validate_number,
    "blob": _validate_blob,
    "list": _validate_list,
    "map": _validate_map,
    "structure": _validate_structure,
}


@functools.cache
def quick_accept(shape_name: str) -> Optional[Callable[[str], object]]:
    """A regex ``fullmatch`` that accepts only strings passing every check of a string shape with a pattern
    (its length bounds folded into a lookahead), or None where the shape has no such shortcut.

    It may reject a valid value (the full checks then decide) but never accepts an invalid one. It raises
    TypeError for a value that is not a string.
    """
    shape = service_model().shape_for(shape_name)
    metadata = shape.metadata
    pattern = metadata.get("pattern")
    if shape.type_name != "string" or metadata.get("enum") or pattern is None:
        return None
    if "\\p{" in pattern or "\\P{" in pattern:  # Unicode classes: ``matcher`` checks those per character
        return None
    length = f"(?=[\\s\\S]{{{metadata.get('min', 0)},{metadata.get('max', '')}}}\\Z)"
    try:
        compiled = re.compile(f"{length}(?:{pattern})", re.ASCII)  # as ``matcher`` compiles it
    except re.error:
        return None
    return compiled.fullmatch


# A pattern that is one character class, repeated: ``[^#/\\s]+``.
_ONE_CLASS_REPEATED = re.compile(r"(\[\^?[^\[\]]+\])[+*]")
_SEPARATOR_CANDIDATES = "\n/#|,\x00"


@functools.cache
def quick_accept_all(shape_name: str) -> Optional[Callable[[list[str]], bool]]:
    """A test that every string of a list passes every check of a string shape, in one regex scan of them
    joined, or None where the shape has no such shortcut (then items are accepted one by one).

    It works where the pattern is one character class repeated: the items are joined by a character the class
    excludes, each must then be a run of the class within the length bounds, and counting the separators
    proves no item held one itself. A usual list (ASCII characters the class allows) needs no regex at all:
    deleting the class's characters must leave nothing. Like ``quick_accept`` it never accepts an invalid
    value, and raises TypeError for an item that is not a string.
    """
    accept_one = quick_accept(shape_name)
    if accept_one is None:
        return None
    metadata = service_model().shape_for(shape_name).metadata
    found = _ONE_CLASS_REPEATED.fullmatch(metadata["pattern"])
    if found is None:
        return lambda items: all(map(accept_one, items))
    char_class = found.group(1)
    separator = next((c for c in _SEPARATOR_CANDIDATES if not re.fullmatch(char_class, c, re.ASCII)), None)
    if separator is None:
        return lambda items: all(map(accept_one, items))
    shortest = max(metadata.get("min", 0), 1 if found.group(0).endswith("+") else 0)
    longest = metadata.get("max")
    run = f"{char_class}{{{shortest},{'' if longest is None else longest}}}"
    whole = re.compile(f"(?:{run}{re.escape(separator)})*{run}", re.ASCII).fullmatch
    # The ASCII characters of the class, and the separator: deleting them leaves nothing of a usual list.
    allowed = bytes(c for c in range(128) if re.fullmatch(char_class, chr(c), re.ASCII)) + separator.encode()
    doubled = separator * 2

    def accept(items: list[str]) -> bool:
        joined = separator.join(items)
        if joined.count(separator) != len(items) - 1:  # an item held the separator
            return False
        if joined.isascii() and not joined.encode("ascii").translate(None, allowed):
            # Every character is in the class: only the lengths are left to tell.
            if shortest > 0 and (
                not joined or doubled in joined or joined[0] == separator or joined[-1] == separator
            ):
                return False  # an empty item
            if shortest <= 1:
                return longest is None or max(map(len, items)) <= longest
        return whole(joined) is not None

    return accept


def problems(shape: StructureShape, params: dict[str, Any]) -> list[str]:
    """Every constraint of ``shape`` that ``params`` violates, one Coral-style sentence each."""
    errors: list[str] = []
    _validate_structure(_rules(shape.name), params, "", errors)  # (params are always a dict)
    return errors


def value_problems(shape: Shape, value: Any, path: str) -> list[str]:
    """The constraints of a single ``shape`` that ``value`` violates, reported at ``path``."""
    errors: list[str] = []
    if value is None:
        errors.append(_failure(None, path, "not be null"))
    else:
        _validate(shape.name, value, path, errors)
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
