"""One request in, one response out: wire parsing and validation, the backend call, wire serialization.

Both ways of reaching the mock (botocore interception in-process, and any future HTTP server) go through
``answer``, so they cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from botocore import xform_name

from . import wire
from .backend import Backend, Store
from .backend.errors import ServiceError


def _backend_method(store: Store, account_id: str, region: str, operation_name: str) -> Any:
    method = getattr(Backend(store, account_id, region), xform_name(operation_name), None)
    if method is None:
        raise NotImplementedError(
            f"codeartifact-mock does not implement the CodeArtifact operation {operation_name} yet"
        )
    return method


def answer(
    store: Store,
    account_id: str,
    region: str,
    operation_name: str,
    url: str,
    headers: Mapping[str, Any],
    body: Any,
) -> wire.WireResponse:
    """The HTTP response the service would give to this request, as ``account_id`` calling in ``region``."""
    method = _backend_method(store, account_id, region, operation_name)
    operation = wire.operation(operation_name)
    names = wire.model.python_names(operation_name)
    try:
        params = wire.parse_request(operation, url, headers, body)
        wire.validate(operation.input_shape, params)
        with store.lock:  # a batch is applied whole before any other call sees the state
            result = method(**{names[name]: value for name, value in params.items()})
    except ServiceError as error:
        return wire.serialize_error(error)
    return wire.serialize_result(operation, result)
