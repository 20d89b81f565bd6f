"""HTTP request -> operation parameters, driven by where the model says each input member lives.

rest-json puts members in the query string, in headers, in a JSON body or, for a payload blob, in the raw
body. Values arrive as text and are typed from their shapes here; anything that cannot be read is a
``ValidationException`` with reason ``CANNOT_PARSE``, never a Python error.
"""

from __future__ import annotations

import functools
import json
import json.scanner
from collections.abc import Mapping
from typing import Any, NamedTuple, Optional, Union
from urllib.parse import unquote_plus

from botocore.model import OperationModel, Shape

from ..backend.errors import ValidationError
from .botocore_model import operation

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


# json.loads' own scanner, called directly for the bodies botocore sends (see ``_json_object``).
_scan_json = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]  # (typeshed's quirk)


def _json_object(raw: bytes) -> dict[str, Any]:
    if not raw or raw.isspace():
        return {}
    try:
        if raw.startswith(b'{"'):
            # What botocore sends. json.loads would detect UTF-8 and skip no leading whitespace, so scan
            # the object straight away; only JSON whitespace may follow it.
            text = raw.decode("utf-8", "surrogatepass")
            document, end = _scan_json(text, 0)
            if end != len(text) and text[end:].strip(" \t\n\r"):
                raise ValueError("extra data after the JSON object")
        else:
            document = json.loads(raw)
    except (ValueError, StopIteration, RecursionError):  # Stop: the scanner met no JSON; Recursion: too deep
        raise _cannot_parse("Could not parse the request body as JSON") from None
    if not isinstance(document, dict):
        raise _cannot_parse("The request body must be a JSON object")
    return document


class _Member(NamedTuple):
    name: str
    wire_name: str
    shape: Shape


class _Plan(NamedTuple):
    """Where an operation's input members are read from, grouped so a call looks at nothing else."""

    query: dict[str, _Member]  # by query-string key
    headers: tuple[_Member, ...]
    payload: Optional[_Member]  # the member that is the whole body, if any
    body: Optional[frozenset[str]]  # members read from a JSON document body; None: the body is not JSON
    query_lists: bool  # whether a query-string member is a list


@functools.cache
def _plan(operation_name: str) -> _Plan:
    shape = operation(operation_name).input_shape
    members = shape.members if shape is not None else {}
    payload_name = shape.serialization.get("payload") if shape is not None else None
    query: dict[str, _Member] = {}
    headers: list[_Member] = []
    payload: Optional[_Member] = None
    body: set[str] = set()
    for name, member in members.items():
        entry = _Member(name, member.serialization.get("name", name), member)
        location = member.serialization.get("location")
        if name == payload_name:
            payload = entry
        elif location == "querystring":
            query[entry.wire_name] = entry
        elif location == "header":
            headers.append(entry)
        elif location is None:
            body.add(name)
    json_body = payload_name is None and bool(members)
    query_lists = any(member.shape.type_name == "list" for member in query.values())
    return _Plan(query, tuple(headers), payload, frozenset(body) if json_body else None, query_lists)


def _unquote(text: str) -> str:
    # As parse_qs decodes: '+' is a space, then %XX escapes as UTF-8 (bad bytes become U+FFFD).
    return unquote_plus(text) if "%" in text or "+" in text else text


@functools.lru_cache(maxsize=1024)
def _query_params(operation_name: str, query: str) -> dict[str, Any]:
    """The query-string members, read as ``parse_qs(..., keep_blank_values=True)`` reads them.

    Memoized per query string: tests repeat the same coordinates call after call. One reading serves every
    request that repeats it, so callers copy it, and list members come back as tuples, which cannot change.
    """
    members = _plan(operation_name).query
    if "#" in query:
        query = query.partition("#")[0]
    texts: dict[str, list[str]] = {}
    for pair in query.split("&"):
        if pair:
            key, _, text = pair.partition("=")
            texts.setdefault(_unquote(key), []).append(_unquote(text))
    params: list[tuple[str, Any]] = []
    for key, member in members.items():  # in model order: of two untypable values, the first is reported
        values = texts.get(key)  # (keys that are not input members are ignored, as the service does)
        if values is None:
            continue
        if member.shape.type_name == "list":
            params.append((member.name, tuple(values)))
        else:  # a repeated scalar: the first one counts
            params.append((member.name, _typed(member.shape, values[0], member.name)))
    return dict(params)


def parse_request(
    operation_model: OperationModel, url: str, headers: Mapping[str, Any], body: Body
) -> dict[str, Any]:
    """The operation's input parameters, keyed by model member name, as the caller passed them to botocore."""
    plan = _plan(operation_model.name)
    params: dict[str, Any] = {}
    if plan.query:
        params.update(_query_params(operation_model.name, url.partition("?")[2]))
        if plan.query_lists:
            for name, value in params.items():
                if isinstance(value, tuple):
                    params[name] = list(value)
    for member in plan.headers:
        value = _header(headers, member.wire_name)
        if value is not None:
            params[member.name] = _typed(member.shape, value, member.name)
    if plan.payload is not None:
        raw = read_body(body)
        params[plan.payload.name] = raw if plan.payload.shape.type_name == "blob" else _json_object(raw)
    elif plan.body is not None:
        document = _json_object(body if body.__class__ is bytes else read_body(body))
        if plan.body.issuperset(document):  # the usual case: the body holds only body members
            params.update(document)
        else:
            for name, value in document.items():
                if name in plan.body:
                    params[name] = value
    return params
