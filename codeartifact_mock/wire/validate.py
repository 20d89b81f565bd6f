"""Server-side validation of request parameters against the service model, worded as AWS (Coral) words it.

botocore checks only ``required``, ``min`` and types on the client, and users may switch even that off, so the
mock checks every constraint the model states: required, type, length, pattern, enum, list and map size,
integer range. All problems are reported at once, as AWS does::

    2 validation errors detected: Value 'my_domain' at 'domain' failed to satisfy constraint: Member must
    satisfy regular expression pattern: [a-z][a-z0-9\\-]{0,48}[a-z0-9]; Value null at 'package' failed to ...

Each shape is read from the model once and compiled into a checker, so a call pays only for the checks.
"""

from __future__ import annotations

import datetime
import functools
import re
from typing import Any, Callable, Optional

from botocore.model import Shape, StructureShape

from ..backend.errors import ValidationError
from .model import service_model
from .patterns import matcher

# check(value, path, errors): append one Coral sentence to ``errors`` per violated constraint.
Check = Callable[[Any, str, list[str]], None]

# Strings already found valid, per string shape: calls repeat the same names, so a set lookup replaces the
# checks (and, inside containers, the call). Bounded per shape for long runs.
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


@functools.cache
def checker(shape_name: str) -> Check:
    """The compiled checker for a named shape of the model (members refer to named shapes)."""
    return _compile(service_model().shape_for(shape_name))


def _compile(shape: Shape) -> Check:
    kind = shape.type_name
    metadata = shape.metadata
    types = _TYPES.get(kind, (object,))
    integral = kind in ("integer", "long")
    minimum, maximum = metadata.get("min"), metadata.get("max")
    measure = "value" if integral else "length"
    sized = integral or kind in ("string", "list", "map", "blob")
    enum: Optional[list[str]] = metadata.get("enum") if kind == "string" else None
    pattern = metadata.get("pattern") if kind == "string" and not enum else None
    pattern_ok = matcher(pattern) if pattern is not None else None
    inner = _inner_check(shape)
    known_valid = _known_valid.setdefault(shape.name, set()) if kind == "string" else None

    def check(value: Any, path: str, errors: list[str]) -> None:
        if known_valid is not None and value.__class__ is str and value in known_valid:
            return
        found = len(errors)
        wrong_type = not isinstance(value, types) or (integral and isinstance(value, bool))
        if wrong_type:  # (a flag, not an isinstance guard, so ``value`` stays ``Any`` below)
            errors.append(_failure(value, path, f"be of type {kind}"))
            return
        if sized:
            size = value if integral else len(value)
            if minimum is not None and size < minimum:
                errors.append(_failure(value, path, f"have {measure} greater than or equal to {minimum}"))
            if maximum is not None and size > maximum:
                errors.append(_failure(value, path, f"have {measure} less than or equal to {maximum}"))
        if enum is not None and value not in enum:
            errors.append(_failure(value, path, f"satisfy enum value set: [{', '.join(enum)}]"))
        if pattern_ok is not None and not pattern_ok(value):
            errors.append(_failure(value, path, f"satisfy regular expression pattern: {pattern}"))
        if inner is not None:
            inner(value, path, errors)
        elif known_valid is not None and len(errors) == found and len(known_valid) < _KNOWN_VALID_LIMIT:
            known_valid.add(value)

    return check


def _inner_check(shape: Shape) -> Optional[Check]:
    """The check of a container's contents; members are looked up lazily, so recursive shapes are fine."""
    if shape.type_name == "structure":
        return _structure_check(shape)  # type: ignore[arg-type]
    if shape.type_name == "list":
        item_shape = shape.member.name  # type: ignore[attr-defined]
        accept = quick_accept_all(item_shape)

        def check_items(items: Any, path: str, errors: list[str]) -> None:
            known = _known_valid.get(item_shape)
            if accept is not None and known is not None:
                # In C, as a batch names up to 100 versions: all known valid, else all accepted at once.
                try:
                    if known.issuperset(items):
                        return
                    if accept(items):
                        if len(known) < _KNOWN_VALID_LIMIT:
                            known.update(items)
                        return
                except TypeError:  # an item that is not a string: the checks below report it
                    pass
            check_item = checker(item_shape)
            for index, item in enumerate(items, start=1):
                if known is None or item.__class__ is not str or item not in known:
                    check_item(item, f"{path}.{index}.member", errors)

        return check_items
    if shape.type_name == "map":
        key_shape, value_shape = shape.key.name, shape.value.name  # type: ignore[attr-defined]

        def check_entries(entries: Any, path: str, errors: list[str]) -> None:
            check_key, check_value = checker(key_shape), checker(value_shape)
            for key, item in entries.items():
                check_key(key, f"{path}.{key}.key", errors)
                check_value(item, f"{path}.{key}.member", errors)

        return check_entries
    return None


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
    proves no item held one itself. Usual lists (ASCII characters the class allows) are told in a few C
    calls; others are scanned by one regex. Like ``quick_accept`` it never accepts an invalid value, and
    raises TypeError for an item that is not a string.
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


def _structure_check(shape: StructureShape) -> Check:
    """A structure member's check, compiled on first use: a shape may contain itself."""
    compiled: list[Check] = []

    def check_members(params: Any, path: str, errors: list[str]) -> None:
        if not compiled:  # (two threads may both get here: they compile the same check)
            compiled.append(_compile_members(shape))
        compiled[0](params, path, errors)

    return check_members


# How ``_compile_members`` writes out each member's check, after ``v = get(name)`` and its None case.
_SKIP_KNOWN_STRING = """\
    elif not (v.__class__ is str and v in known_{i}):
        check_{i}(v, {at}, errors)
"""
_SKIP_KNOWN_ITEMS = """\
    else:
        try:
            known = v.__class__ is list and {low} <= len(v) <= {high} and known_{i}.issuperset(v)
        except TypeError:  # an item that is not hashable: the check reports it
            known = False
        if not known:
            check_{i}(v, {at}, errors)
"""
_CHECK = """\
    else:
        check_{i}(v, {at}, errors)
"""


def _compile_members(shape: StructureShape) -> Check:
    """The check of a structure's members, written out as one Python function (as ``dataclasses`` writes an
    ``__init__``): every member in the model's order, as AWS lists its errors, each skipped at the cost of a
    lookup when its value is known to be valid (a string, or a list of strings), so a valid request runs no
    loop and no other call. For a required string member ``domain``, the function reads::

        v = get('domain')
        if v is None:
            errors.append(_failure(None, prefix + 'domain', 'not be null'))
        elif not (v.__class__ is str and v in known_0):
            check_0(v, prefix + 'domain', errors)
    """
    required = set(shape.required_members)
    scope: dict[str, Any] = {"_failure": _failure}
    lines = [
        "def check_members(params, path, errors):",
        "    prefix = path + '.' if path else ''",
        "    get = params.get",
    ]
    for i, (name, member) in enumerate(shape.members.items()):  # type: ignore[attr-defined]
        scope[f"check_{i}"] = checker(member.name)  # (compiling a string shape's check makes its known set)
        at = f"prefix + {name!r}"
        missing = f"errors.append(_failure(None, {at}, 'not be null'))" if name in required else "pass"
        lines += [f"    v = get({name!r})", "    if v is None:", f"        {missing}"]
        known = _known_valid.get(member.name)
        items = _known_valid.get(member.member.name) if member.type_name == "list" else None
        if known is not None:
            scope[f"known_{i}"] = known
            lines.append(_SKIP_KNOWN_STRING.format(i=i, at=at))
        elif items is not None:
            scope[f"known_{i}"] = items
            low, high = member.metadata.get("min", 0), member.metadata.get("max", 2**63)
            lines.append(_SKIP_KNOWN_ITEMS.format(i=i, at=at, low=low, high=high))
        else:
            lines.append(_CHECK.format(i=i, at=at))
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(lines), f"<member check of {shape.name}>", "exec"), scope, namespace)
    return namespace["check_members"]  # type: ignore[no-any-return]


def problems(shape: StructureShape, params: dict[str, Any]) -> list[str]:
    """Every constraint of ``shape`` that ``params`` violates, one Coral-style sentence each."""
    errors: list[str] = []
    _members_check(shape.name)(params, "", errors)
    return errors


def value_problems(shape: Shape, value: Any, path: str) -> list[str]:
    """The constraints of a single ``shape`` that ``value`` violates, reported at ``path``."""
    errors: list[str] = []
    if value is None:
        errors.append(_failure(None, path, "not be null"))
    else:
        checker(shape.name)(value, path, errors)
    return errors


def validation_message(errors: list[str]) -> str:
    noun = "error" if len(errors) == 1 else "errors"
    return f"{len(errors)} validation {noun} detected: " + "; ".join(errors)


@functools.cache
def _members_check(shape_name: str) -> Check:
    """The check of a structure's members, without ``checker``'s check that the value is a structure: for
    a request's parameters, which are always a dict."""
    return _compile_members(service_model().shape_for(shape_name))  # type: ignore[arg-type]


def validate(shape: Optional[StructureShape], params: dict[str, Any]) -> None:
    """Raise the ``ValidationException`` AWS would give for ``params``, or return if they are valid."""
    if shape is None:
        return
    errors = problems(shape, params)
    if errors:
        raise ValidationError(validation_message(errors))
