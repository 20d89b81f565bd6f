"""The server's control API: what a test needs besides CodeArtifact itself, under a reserved path prefix.

CodeArtifact's own paths all start with ``/v1/``, so ``/_codeartifact_mock/`` can never collide with them.

- ``POST /_codeartifact_mock/reset`` forgets every domain, repository, package and version.
- ``POST /_codeartifact_mock/package-versions`` seeds one version. The JSON body holds the keyword arguments
  of ``CodeArtifactMock.add_package_version`` (``bytes`` as base64, so ``assets`` is ``{name: base64}``);
  the answer is ``{"revision": "..."}``.

Arguments are read against that method's signature and type hints, so an argument added there is accepted
here with no change. Any problem is a ``ValidationException`` (400) in the service's own error format.
"""

from __future__ import annotations

import base64
import binascii
import functools
import inspect
import json
import typing
from collections.abc import Mapping
from typing import Any, Callable, Optional, Union

from .backend import Store
from .backend.errors import ServiceError, ValidationError
from .mock import CodeArtifactMock
from .seed import seed
from .wire import WireResponse, serialize_error

PREFIX = "/_codeartifact_mock/"


def seed_version(store: Store, account_id: str, arguments: Mapping[str, Any]) -> str:
    """Seed as ``add_package_version(**arguments)`` would, into ``store``, owned by ``account_id`` by default.

    Raises ``ValidationError`` for a missing, unknown or bad argument; nothing is stored then.
    """
    try:
        bound = _SIGNATURE.bind(None, **arguments)  # None stands for ``self``
    except TypeError as error:
        raise ValidationError(f"Invalid add_package_version arguments: {error}") from None
    bound.apply_defaults()
    values = dict(bound.arguments)
    del values["self"]
    owner = values.pop("account_id") or account_id
    region = values.pop("region")
    try:
        return seed(store, owner, region, **values)
    except (ValueError, TypeError) as error:
        raise ValidationError(str(error)) from None


def answer(store: Store, account_id: str, method: str, path: str, body: bytes) -> Optional[WireResponse]:
    """The control API's response to ``method path``, or None if there is no such call."""
    operation = _OPERATIONS.get((method, path[len(PREFIX) :]))
    if operation is None:
        return None
    try:
        document = operation(store, account_id, body)
    except ServiceError as error:
        return serialize_error(error)
    payload = json.dumps(document, separators=(",", ":")).encode("utf-8")
    return WireResponse(
        200, {"Content-Type": "application/json", "Content-Length": str(len(payload))}, payload
    )


def _reset(store: Store, _account_id: str, _body: bytes) -> dict[str, Any]:
    with store.lock:
        store.reset()
    return {}


def _add_package_version(store: Store, account_id: str, body: bytes) -> dict[str, Any]:
    try:
        document = json.loads(body) if body.strip() else None
    except (ValueError, RecursionError):  # RecursionError: nested too deep for the parser
        raise ValidationError("Could not parse the request body as JSON", reason="CANNOT_PARSE") from None
    if not isinstance(document, dict):
        raise ValidationError("The request body must be a JSON object", reason="CANNOT_PARSE")
    arguments = {}
    for name, value in document.items():
        try:
            arguments[name] = _from_json(value, _hints().get(name, Any))
        except _WrongType as wrong:
            where = name + wrong.where
            raise ValidationError(
                f"Invalid add_package_version arguments: {where} must be {wrong.expected}"
            ) from None
    return {"revision": seed_version(store, account_id, arguments)}


_OPERATIONS: dict[tuple[str, str], Callable[[Store, str, bytes], dict[str, Any]]] = {
    ("POST", "reset"): _reset,
    ("POST", "package-versions"): _add_package_version,
}

_SIGNATURE = inspect.signature(CodeArtifactMock.add_package_version)


@functools.cache
def _hints() -> dict[str, Any]:
    """The argument types of ``add_package_version``, resolved on first use rather than at import."""
    try:
        return typing.get_type_hints(CodeArtifactMock.add_package_version)
    except (NameError, TypeError):  # an annotation this Python cannot evaluate: let seeding judge the values
        return {}


class _WrongType(ValueError):
    def __init__(self, hint: Any, where: str = "") -> None:
        super().__init__(where)
        self.expected = _EXPECTED.get(hint, str(hint).replace("typing.", ""))
        self.where = where  # the path below the argument: ".name" for a map entry, "[0]" for a list item

    def below(self, step: str) -> _WrongType:
        self.where = step + self.where
        return self


def _from_json(value: Any, hint: Any) -> Any:
    """A JSON value converted to the Python type ``hint`` names: bytes from base64, containers item by item.

    Types this does not know are passed through for the seeding validation to judge.
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
    if origin is dict and len(args) == 2 and isinstance(value, dict):
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


_JSON_TYPES: dict[Any, Union[type, tuple[type, ...]]] = {
    str: str,
    bool: bool,
    int: int,
    float: (int, float),
    dict: dict,
    list: list,
}

_EXPECTED: dict[Any, str] = {
    str: "a string",
    bytes: "a base64 string",
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    dict: "an object",
    list: "an array",
}
