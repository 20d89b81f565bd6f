"""Operation results and service errors -> HTTP responses, placed where the service model says.

Output members with a header location become headers, a payload blob becomes the raw body, everything else
goes into a JSON body. Errors carry the model's HTTP status, ``x-amzn-ErrorType`` and a JSON body with
``message`` and the error shape's other members, which is exactly what botocore's rest-json parser reads.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import os
import uuid
from collections.abc import Mapping
from typing import Any, Callable, NamedTuple, Optional

from botocore.model import OperationModel

from ..backend.errors import ServiceError
from ..jsontext import EncodedMap, encode_document
from .model import service_model


class WireResponse(NamedTuple):
    """An HTTP response, independent of how it is delivered (botocore in-process, or a real socket)."""

    status: int
    headers: dict[str, str]
    body: bytes = b""


# ``WireResponse(*fields)`` in C, for the response of every call: the named tuple's own ``__new__`` is Python.
_new_response: Callable[[tuple[int, dict[str, str], bytes]], WireResponse] = functools.partial(
    tuple.__new__,
    WireResponse,  # type: ignore[arg-type]
)


def _header_text(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        return value.strftime("%a, %d %b %Y %H:%M:%S GMT")
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _Layout(NamedTuple):
    """Where each member of an output or error shape goes, read from the model once per shape."""

    headers: dict[str, str]  # member name -> header name
    payload: Optional[str]  # the member that is the raw body, if any
    members: frozenset[str]
    plain: bool  # no header or payload member: everything goes into the JSON document


@functools.cache
def _layout(shape_name: str) -> _Layout:
    shape = service_model().shape_for(shape_name)
    headers = {
        name: member.serialization.get("name", name)
        for name, member in shape.members.items()  # type: ignore[attr-defined]
        if member.serialization.get("location") == "header"
    }
    payload = shape.serialization.get("payload")
    members = frozenset(shape.members)  # type: ignore[attr-defined]
    return _Layout(headers, payload, members, not headers and payload is None)


# Request ids are UUID-shaped like AWS's, unique in the process: a random prefix, then a counter written as
# the last 12 hex digits. Counting up from below 2**47, it stays 12 digits for 2**47 calls. ``next`` on the
# map runs in C (no Python frame on every call) and, under the GIL, hands each caller its own number.
_REQUEST_ID_PREFIX = str(uuid.uuid4())[:24]
_request_ids = map(
    f"{_REQUEST_ID_PREFIX}{{:012x}}".format, itertools.count(int.from_bytes(os.urandom(6), "big") >> 1)
)
request_id: Callable[[], str] = _request_ids.__next__


def _place(layout: _Layout, values: Mapping[str, Any], status: int) -> WireResponse:
    headers = {"x-amzn-RequestId": request_id()}
    body = b""
    document: Mapping[str, Any]
    if values.__class__ is EncodedMap:  # an answer that carries its JSON text (a successful batch): as it is
        document = values
    elif layout.plain:  # every member goes into the JSON document: the usual case
        document = values
        if None in values.values():
            document = {name: value for name, value in values.items() if value is not None}
        if not layout.members.issuperset(document):
            document = {name: value for name, value in document.items() if name in layout.members}
    else:
        document = in_body = {}
        for name, value in values.items():
            if value is None or name not in layout.members:
                continue
            header = layout.headers.get(name)
            if header is not None:
                headers[header] = _header_text(value)
            elif name == layout.payload:
                body = value
                headers["Content-Type"] = "application/octet-stream"
            else:
                in_body[name] = value
    if layout.payload is None:
        body = encode_document(document).encode("utf-8")
        headers["Content-Type"] = "application/json"
    headers["Content-Length"] = str(len(body))
    return _new_response((status, headers, body))


@functools.cache
def _result_layout(operation: OperationModel) -> Optional[tuple[_Layout, int]]:
    """The layout of an operation's output and its success status; None if it has no output."""
    shape = operation.output_shape
    status = int(operation.http.get("responseCode", 200))
    return None if shape is None else (_layout(shape.name), status)


def serialize_result(operation: OperationModel, result: Mapping[str, Any]) -> WireResponse:
    layout = _result_layout(operation)
    if layout is None:
        return WireResponse(int(operation.http.get("responseCode", 200)), {"Content-Length": "0"})
    return _place(layout[0], result, layout[1])


def serialize_error(error: ServiceError) -> WireResponse:
    status = int(service_model().shape_for(error.code).metadata["error"]["httpStatusCode"])
    response = _place(_layout(error.code), {"message": error.message, **error.fields}, status)
    response.headers["x-amzn-ErrorType"] = error.code
    return response
