"""Operation results and service errors -> HTTP responses, placed where the service model says.

Output members with a header location become headers, a payload blob becomes the raw body, everything else
goes into a JSON body. Errors carry the model's HTTP status, ``x-amzn-ErrorType`` and a JSON body with
``message`` and the error shape's other members, which is exactly what botocore's rest-json parser reads.
"""

from __future__ import annotations

import datetime
import functools
import json
import uuid
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Optional

from botocore.model import OperationModel

from ..backend.errors import ServiceError
from .model import service_model


@dataclass
class WireResponse:
    """An HTTP response, independent of how it is delivered (botocore in-process, or a real socket)."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


def _epoch_seconds(value: Any) -> float:
    """``json.dumps`` hook: timestamps travel as epoch seconds, rest-json's default format."""
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


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


@functools.cache
def _layout(shape_name: str) -> _Layout:
    shape = service_model().shape_for(shape_name)
    headers = {
        name: member.serialization.get("name", name)
        for name, member in shape.members.items()  # type: ignore[attr-defined]
        if member.serialization.get("location") == "header"
    }
    return _Layout(headers, shape.serialization.get("payload"), frozenset(shape.members))  # type: ignore[attr-defined]


def _place(shape_name: str, values: dict[str, Any], status: int) -> WireResponse:
    layout = _layout(shape_name)
    response = WireResponse(status, {"x-amzn-RequestId": str(uuid.uuid4())})
    document: dict[str, Any] = {}
    for name, value in values.items():
        if value is None or name not in layout.members:
            continue
        header = layout.headers.get(name)
        if header is not None:
            response.headers[header] = _header_text(value)
        elif name == layout.payload:
            response.body = value
            response.headers["Content-Type"] = "application/octet-stream"
        else:
            document[name] = value
    if layout.payload is None:
        response.body = json.dumps(document, separators=(",", ":"), default=_epoch_seconds).encode("utf-8")
        response.headers["Content-Type"] = "application/json"
    response.headers["Content-Length"] = str(len(response.body))
    return response


def serialize_result(operation: OperationModel, result: dict[str, Any]) -> WireResponse:
    shape = operation.output_shape
    status = int(operation.http.get("responseCode", 200))
    if shape is None:
        return WireResponse(status, {"Content-Length": "0"})
    return _place(shape.name, result, status)


def serialize_error(error: ServiceError) -> WireResponse:
    status = int(service_model().shape_for(error.code).metadata["error"]["httpStatusCode"])
    response = _place(error.code, {"message": error.message, **error.fields}, status)
    response.headers["x-amzn-ErrorType"] = error.code
    return response
