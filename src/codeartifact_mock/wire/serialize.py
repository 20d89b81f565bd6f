"""Operation results and service errors -> HTTP responses, placed where the service model says.

Output members with a header location become headers, a payload blob becomes the raw body, everything else
goes into a JSON body. Errors carry the model's HTTP status, ``x-amzn-ErrorType`` and a JSON body with
``message`` and the error shape's other members, which is exactly what botocore's rest-json parser reads.
"""

from __future__ import annotations

import datetime
import json
import uuid
from dataclasses import dataclass, field
from typing import Any, Optional

from botocore.model import OperationModel, Shape, StructureShape

from ..backend.errors import ServiceError
from .model import service_model


@dataclass
class WireResponse:
    """An HTTP response, independent of how it is delivered (botocore in-process, or a real socket)."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


def _jsonable(shape: Optional[Shape], value: Any) -> Any:
    """Python values -> JSON values; timestamps become epoch seconds, rest-json's default format."""
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    if shape is None:
        return value
    if shape.type_name == "structure":
        members = shape.members  # type: ignore[attr-defined]
        return {k: _jsonable(members.get(k), v) for k, v in value.items() if v is not None}
    if shape.type_name == "list":
        return [_jsonable(shape.member, item) for item in value]  # type: ignore[attr-defined]
    if shape.type_name == "map":
        return {k: _jsonable(shape.value, v) for k, v in value.items()}  # type: ignore[attr-defined]
    return value


def _header_text(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        return value.strftime("%a, %d %b %Y %H:%M:%S GMT")
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _place(shape: StructureShape, values: dict[str, Any], status: int) -> WireResponse:
    response = WireResponse(status, {"x-amzn-RequestId": str(uuid.uuid4())})
    payload_name = shape.serialization.get("payload")
    document: dict[str, Any] = {}
    for name, value in values.items():
        member = shape.members.get(name)
        if value is None or member is None:
            continue
        if member.serialization.get("location") == "header":
            response.headers[member.serialization.get("name", name)] = _header_text(value)
        elif name == payload_name:
            response.body = value
            response.headers["Content-Type"] = "application/octet-stream"
        else:
            document[name] = _jsonable(member, value)
    if payload_name is None:
        response.body = json.dumps(document, separators=(",", ":")).encode("utf-8")
        response.headers["Content-Type"] = "application/json"
    response.headers["Content-Length"] = str(len(response.body))
    return response


def serialize_result(operation: OperationModel, result: dict[str, Any]) -> WireResponse:
    shape = operation.output_shape
    status = int(operation.http.get("responseCode", 200))
    if shape is None:
        return WireResponse(status, {"Content-Length": "0"})
    return _place(shape, result, status)


def serialize_error(error: ServiceError) -> WireResponse:
    shape = service_model().shape_for(error.code)
    status = int(shape.metadata["error"]["httpStatusCode"])
    response = _place(shape, {"message": error.message, **error.fields}, status)  # type: ignore[arg-type]
    response.headers["x-amzn-ErrorType"] = error.code
    return response
