"""One request in, one response out: wire parsing and validation, the backend call, wire serialization.

Both ways of reaching the mock (botocore interception in-process, and any future HTTP server) go through
``answer``, so they cannot drift apart. The test controls hook in here too, in the order the service applies
them: an injected fault first (a throttled call is refused before it is read), then authorization of the
calling principal (``access``: its identity policy, the domain's and the repository's), then validation;
every answered call is recorded.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, Callable, NamedTuple, NoReturn, Optional

from botocore import xform_name
from botocore.model import OperationModel

from . import access, wire
from .backend import Backend, Store
from .backend.errors import ServiceError
from .controls import faults, recording
from .iam.principals import Principal


class _Route(NamedTuple):
    """What answering an operation takes, looked up once per operation instead of on every call."""

    operation: OperationModel
    method_name: str  # of the Backend method (looked up per call: tests may patch it)
    names: dict[str, str]  # input member name -> the method's keyword argument


@functools.cache
def _route(operation_name: str) -> _Route:
    names = wire.botocore_model.python_names(operation_name)
    return _Route(wire.operation(operation_name), xform_name(operation_name), names)


def _unimplemented(operation_name: str) -> NoReturn:
    raise NotImplementedError(
        f"codeartifact-mock does not implement the CodeArtifact operation {operation_name} yet"
    )


def answer(
    store: Store,
    caller: Principal,
    region: str,
    operation_name: str,
    url: str,
    headers: Mapping[str, Any],
    body: Any,
) -> wire.WireResponse:
    """The HTTP response the service would give to this request, by ``caller`` (and as its account) in
    ``region``."""
    fault = faults.take(store, operation_name) if store.faults else None
    if fault is not None:
        return _answer_fault(store, caller, region, operation_name, url, headers, body, fault)
    route = _route(operation_name)
    operation, names = route.operation, route.names
    method: Optional[Callable[..., Any]] = getattr(Backend, route.method_name, None)
    if method is None:
        _unimplemented(operation_name)
    params: Optional[dict[str, Any]] = None
    try:
        params = wire.parse_request(operation, url, headers, body)
        access.authorize(store, caller, region, operation_name, params)
        wire.validate(operation.input_shape, params)
        with store.lock:  # a batch is applied whole before any other call sees the state
            # Built per call (four assignments): a process-wide cache of them would keep every store it
            # saw, and so the state of stopped servers, alive.
            backend = Backend(store, caller.account, region, caller)
            result = method(backend, **{names[name]: value for name, value in params.items()})
    except ServiceError as error:
        response = wire.serialize_error(error)
        error_code: Optional[str] = error.code
    else:
        response = wire.serialize_result(operation, result)
        error_code = None
    recording.record(
        store, operation_name, params, response.status, error_code, region, caller.account, caller.arn
    )
    return response


def _answer_fault(
    store: Store,
    caller: Principal,
    region: str,
    operation_name: str,
    url: str,
    headers: Mapping[str, Any],
    body: Any,
    fault: ServiceError,
) -> wire.WireResponse:
    """The injected error, recorded with the parameters the request carried (if they can be read)."""
    params: Optional[dict[str, Any]]
    try:
        params = wire.parse_request(wire.operation(operation_name), url, headers, body)
    except ServiceError:
        params = None
    response = wire.serialize_error(fault)
    recording.record(
        store, operation_name, params, response.status, fault.code, region, caller.account, caller.arn
    )
    return response
