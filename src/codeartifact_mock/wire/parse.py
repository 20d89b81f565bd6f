"""HTTP request -> operation parameters, driven by where the model says each input member lives.

rest-json puts members in the query string, in headers, in a JSON body or, for a payload blob, in the raw
body. Values arrive as text and are typed from their shapes here; anything that cannot be read is a
``ValidationException`` with reason ``CANNOT_PARSE``, never a Python error.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any, NamedTuple, Optional, Union
from urllib.parse import parse_qs, urlsplit

from botocore.model import OperationModel, Shape

from ..backend.errors import ValidationError
from .model import operation

Body = Union[bytes, bytearray, str, None, Any]  # Any: a file-like object with read()


def read_body(body: Body) -> bytes:
    """The request body as bytes, whatever botocore prepared it as (bytes, str or a file-like stream)."""
    if body is None:
        return b""
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    if isinstance(body, str):
        return body.encode("utf-8")
    if not callable(getattr(body, "read", None)):
        # Only reachable with client-side validation off: botocore passed a non-blob through as the body.
        raise _cannot_parse(f"The request body could not be read: a {type(body).__name__} is not binary data")
    data = body.read()
    if hasattr(body, "seek"):
        body.seek(0)  # leave the stream as we found it: botocore may re-send it on retry
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def _cannot_parse(message: str) -> ValidationError:
    return ValidationError(message, reason="CANNOT_PARSE")


def _typed(shape: Shape, text: str, where: str) -> Any:
    """A query-string or header value converted to its shape's type."""
    kind = shape.type_name
    if kind == "boolean":
        if text not in ("true", "false"):
            raise _cannot_parse(f"Value '{text}' at '{where}' could not be parsed as a boolean")
        return text == "true"
    if kind in ("integer", "long"):
        try:
            return int(text)
        except ValueError:
            raise _cannot_parse(f"Value '{text}' at '{where}' could not be parsed as an integer") from None
    return text


def _header(headers: Mapping[str, Any], name: str) -> Any:
    lowered = name.lower()
    for key, value in headers.items():
        if key.lower() == lowered:
            return value.decode("latin-1") if isinstance(value, bytes) else value
    return None


def _json_object(raw: bytes) -> dict[str, Any]:
    if not raw.strip():
        return {}
    try:
        document = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise _cannot_parse("Could not parse the request body as JSON") from None
    if not isinstance(document, dict):
        raise _cannot_parse("The request body must be a JSON object")
    return document


class _Member(NamedTuple):
    name: str
    location: Optional[str]  # "querystring", "header", "payload" or None (a JSON body member)
    wire_name: str
    shape: Shape


@functools.cache
def _plan(operation_name: str) -> tuple[tuple[_Member, ...], bool]:
    """Where each input member of an operation is read from, and whether the body is a JSON document."""
    shape = operation(operation_name).input_shape
    if shape is None:
        return (), False
    payload = shape.serialization.get("payload")
    members = tuple(
        _Member(
            name,
            "payload" if name == payload else member.serialization.get("location"),
            member.serialization.get("name", name),
            member,
        )
        for name, member in shape.members.items()
    )
    return members, payload is None and bool(members)


def parse_request(
    operation_model: OperationModel, url: str, headers: Mapping[str, Any], body: Body
) -> dict[str, Any]:
    """The operation's input parameters, keyed by model member name, as the caller passed them to botocore."""
    members, json_body = _plan(operation_model.name)
    query = parse_qs(urlsplit(url).query, keep_blank_values=True)
    raw = read_body(body)
    document = _json_object(raw) if json_body else {}
    params: dict[str, Any] = {}
    for member in members:
        name, location = member.name, member.location
        if location == "querystring":
            values = query.get(member.wire_name)
            if values is not None:
                params[name] = (
                    values if member.shape.type_name == "list" else _typed(member.shape, values[0], name)
                )
        elif location == "header":
            value = _header(headers, member.wire_name)
            if value is not None:
                params[name] = _typed(member.shape, value, name)
        elif location == "payload":
            params[name] = raw if member.shape.type_name == "blob" else _json_object(raw)
        elif name in document:
            params[name] = document[name]
    return params
