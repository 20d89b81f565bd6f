"""A control request's JSON body as the keyword arguments of the Python method it stands for.

Arguments are read against the method's signature and type hints, so an argument added to the method is
accepted over HTTP with no change here: ``bytes`` come as base64, ``datetime`` as an ISO 8601 string
(``2024-01-31T12:00:00Z``; one without a UTC offset stays naive, for the method to refuse), containers are
converted item by item, and any problem is a ``ValidationError`` (400) naming the method, as its
``ValueError`` would.
"""

from __future__ import annotations

import base64
import binascii
import functools
import inspect
import json
import typing
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Callable, Union

from ..backend.errors import ValidationError


def json_object(body: bytes) -> dict[str, Any]:
    """The request body as a JSON object; an empty body is none."""
    try:
        document = json.loads(body) if body.strip() else None
    except (ValueError, RecursionError):  # RecursionError: nested too deep for the parser
        raise ValidationError("Could not parse the request body as JSON", reason="CANNOT_PARSE") from None
    if not isinstance(document, dict):
        raise ValidationError("The request body must be a JSON object", reason="CANNOT_PARSE")
    return document


def from_json(method: Callable[..., Any], document: Mapping[str, Any]) -> dict[str, Any]:
    """Each JSON value of ``document`` converted to the type ``method``'s hint gives its argument."""
    hints = _hints(method)
    arguments = {}
    for name, value in document.items():
        try:
            arguments[name] = _from_json(value, hints.get(name, Any))
        except _WrongType as wrong:
            raise ValidationError(
                f"Invalid {method.__name__} arguments: {name}{wrong.where} must be {wrong.expected}"
            ) from None
    return arguments


def bind(method: Callable[..., Any], arguments: Mapping[str, Any]) -> dict[str, Any]:
    """``arguments`` checked against the signature of ``method`` (a method: ``self`` is left out), with the
    defaults of those not given; ``ValidationError`` for a missing or unknown one."""
    try:
        bound = inspect.signature(method).bind(None, **arguments)  # None stands for ``self``
    except TypeError as error:
        raise ValidationError(f"Invalid {method.__name__} arguments: {error}") from None
    bound.apply_defaults()
    values = dict(bound.arguments)
    del values["self"]
    return values


@functools.cache
def _hints(method: Callable[..., Any]) -> dict[str, Any]:
    """The argument types of ``method``, resolved on first use rather than at import."""
    try:
        return typing.get_type_hints(method)
    except (NameError, TypeError):  # an annotation this Python cannot evaluate: let the method judge values
        return {}


class _WrongType(ValueError):
    def __init__(self, hint: Any, where: str = "") -> None:
        super().__init__(where)
        self.expected = _described(hint)
        self.where = where  # the path below the argument: ".name" for a map entry, "[0]" for a list item

    def below(self, step: str) -> _WrongType:
        self.where = step + self.where
        return self


def _from_json(value: Any, hint: Any) -> Any:
    """A JSON value converted to the Python type ``hint`` names: bytes from base64, containers item by item.

    Types this does not know are passed through for the method's own validation to judge.
    """
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is Union:
        options = [arg for arg in args if arg is not type(None)]
        if value is None and len(options) < len(args):
            return None
        if len(options) == 1:
            return _from_json(value, options[0])
        for option in options:
            try:
                return _from_json(value, option)
            except _WrongType:
                continue
        raise _WrongType(hint)
    if hint is bytes:
        return _base64(value)
    if hint is datetime:
        return _timestamp(value)
    if origin in (dict, Mapping) and len(args) == 2 and isinstance(value, dict):
        return {key: _item(item, args[1], f".{key}") for key, item in value.items()}
    if origin is list and len(args) == 1 and isinstance(value, list):
        return [_item(item, args[0], f"[{index}]") for index, item in enumerate(value)]
    expected = _JSON_TYPES.get(origin or hint)
    if expected is not None and not _is_a(value, expected, hint):
        raise _WrongType(origin or hint)
    return value


def _item(value: Any, hint: Any, step: str) -> Any:
    try:
        return _from_json(value, hint)
    except _WrongType as wrong:
        raise wrong.below(step) from None


def _is_a(value: Any, expected: Union[type, tuple[type, ...]], hint: Any) -> bool:
    if isinstance(value, bool):  # JSON true is no number, though Python's bool is an int
        return hint is bool
    return isinstance(value, expected)


def _base64(value: Any) -> bytes:
    if not isinstance(value, str):
        raise _WrongType(bytes)
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise _WrongType(bytes) from None


def _timestamp(value: Any) -> datetime:
    if not isinstance(value, str):
        raise _WrongType(datetime)
    text = value[:-1] + "+00:00" if value[-1:] in ("Z", "z") else value  # (before Python 3.11, no Z)
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise _WrongType(datetime) from None


_JSON_TYPES: dict[Any, Union[type, tuple[type, ...]]] = {
    str: str,
    bool: bool,
    int: int,
    float: (int, float),
    dict: dict,
    Mapping: dict,
    list: list,
}

_EXPECTED: dict[Any, str] = {
    str: "a string",
    bytes: "a base64 string",
    datetime: "an ISO 8601 date and time string",
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    dict: "an object",
    Mapping: "an object",
    list: "an array",
}


def _described(hint: Any) -> str:
    """``a string``, ``a string or an object``: what a JSON value must be to convert to ``hint``."""
    if typing.get_origin(hint) is Union:
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return " or ".join(_described(option) for option in options)
    hint = typing.get_origin(hint) or hint
    return _EXPECTED.get(hint, str(hint).replace("typing.", ""))
