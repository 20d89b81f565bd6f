"""Injected faults: the next calls of an operation fail with an error the service model lists for it.

``CodeArtifactMock.inject_error`` queues faults per operation on the store; ``dispatch.answer`` takes the next
one before doing anything else, as a throttled call never reaches the service, and answers with it through
the same error serializer as any other service error.
"""

from __future__ import annotations

import functools
import re
from collections import deque
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Optional

from botocore import xform_name

from ..backend.errors import ServiceError
from ..wire.botocore_model import operation, service_model
from ..wire.validate import problems

if TYPE_CHECKING:
    from ..backend import Store

THROTTLING = "ThrottlingException"
DEFAULT_RETRY_AFTER_SECONDS = 1

# AWS's own wording where real outputs show it ("Rate exceeded" is what throttled AWS APIs answer); every
# other code gets the sentence the service model documents the error with.
_REAL_MESSAGES = {THROTTLING: "Rate exceeded"}

# Operations that exist only at the repository endpoints (CloudTrail names them; ``calls`` records them),
# each with the API operation whose modeled errors can be injected into it. PublishPackageVersion is both an
# API operation and what an upload through twine or npm is recorded as: one injection targets both doors.
ENDPOINT_OPERATIONS = {
    "ReadFromRepository": "GetPackageVersionAsset",
    "PutPackageMetadata": "PublishPackageVersion",
}


class Fault:
    """One injection: the error to answer with, and how many more calls it applies to (None: all)."""

    __slots__ = ("error", "remaining")

    def __init__(self, error: ServiceError, remaining: Optional[int]) -> None:
        self.error = error
        self.remaining = remaining


@functools.cache
def _operation_names() -> dict[str, str]:
    """API name and boto3 method name -> API name, for every operation in the model."""
    names: dict[str, str] = {}
    for name in service_model().operation_names:
        names[name] = name
        names[xform_name(name)] = name
    for name in ENDPOINT_OPERATIONS:
        names[name] = name
        names[xform_name(name)] = name
    return names


def operation_name(name: str) -> str:
    """``UpdatePackageVersionsStatus`` for itself or ``update_package_versions_status``; else ValueError."""
    found = _operation_names().get(name) if isinstance(name, str) else None
    if found is None:
        valid = ", ".join(service_model().operation_names)
        raise ValueError(
            f"{name!r} is not a CodeArtifact operation. Give its API name or its boto3 method name "
            f"(UpdatePackageVersionsStatus or update_package_versions_status); the operations are: {valid}"
        )
    return found


def default_message(code: str) -> str:
    real = _REAL_MESSAGES.get(code)
    if real is not None:
        return real
    documentation = service_model().shape_for(code).documentation
    return re.sub(r"<[^>]+>", "", documentation).strip()


def service_error(
    operation_name: str,
    code: str,
    message: Optional[str] = None,
    retry_after_seconds: Optional[int] = None,
    fields: Optional[Mapping[str, Any]] = None,
) -> ServiceError:
    """The error ``operation_name`` would answer with; ValueError for anything the model does not allow."""
    modeled_by = ENDPOINT_OPERATIONS.get(operation_name, operation_name)
    modeled = [shape.name for shape in operation(modeled_by).error_shapes]
    if code not in modeled:
        raise ValueError(
            f"{operation_name} cannot fail with {code!r}: the service model lists only "
            f"{', '.join(sorted(modeled))} for it"
        )
    if retry_after_seconds is not None:
        if code != THROTTLING:
            raise ValueError(f"retry_after_seconds applies only to {THROTTLING}, not to {code}")
        if isinstance(retry_after_seconds, bool) or not isinstance(retry_after_seconds, int):
            raise ValueError(
                f"retry_after_seconds must be a whole number of seconds, not {retry_after_seconds!r}"
            )
    elif code == THROTTLING:
        retry_after_seconds = DEFAULT_RETRY_AFTER_SECONDS
    members = dict(fields or {})
    members["message"] = default_message(code) if message is None else message
    if retry_after_seconds is not None:
        members["retryAfterSeconds"] = retry_after_seconds
    _check_members(code, members)
    text = members.pop("message")
    error = ServiceError(text, **members)
    error.code = code  # a generic error carrying any modeled code: the serializer reads only code and fields
    return error


def _check_members(code: str, members: dict[str, Any]) -> None:
    """Each member must belong to the error shape and satisfy its constraints (enums, types)."""
    shape = service_model().shape_for(code)
    unknown = sorted(set(members) - set(shape.members))  # type: ignore[attr-defined]
    if unknown:
        others = sorted(set(shape.members) - {"message", "retryAfterSeconds"})  # type: ignore[attr-defined]
        raise ValueError(
            f"{code} has no member {', '.join(unknown)}; its fields are: {', '.join(others) or 'none'}"
        )
    violations = problems(shape, members)  # type: ignore[arg-type]
    if violations:
        raise ValueError("; ".join(violations))


def inject(
    store: Store,
    operation: str,
    code: str,
    *,
    times: Optional[int] = 1,
    message: Optional[str] = None,
    retry_after_seconds: Optional[int] = None,
    fields: Optional[Mapping[str, Any]] = None,
) -> None:
    """Queue a fault for the next ``times`` calls of ``operation``, after any already queued for it."""
    if times is not None and (isinstance(times, bool) or not isinstance(times, int) or times < 1):
        raise ValueError(f"times must be a positive number of calls, or None for every call; got {times!r}")
    name = operation_name(operation)
    fault = Fault(service_error(name, code, message, retry_after_seconds, fields), times)
    with store.lock:
        store.faults.setdefault(name, deque()).append(fault)


def take(store: Store, operation_name: str) -> Optional[ServiceError]:
    """The error this call of ``operation_name`` must fail with, if a fault is queued for it (consumed)."""
    with store.lock:
        queue = store.faults.get(operation_name)
        if not queue:
            return None
        fault = queue[0]
        if fault.remaining is not None:
            fault.remaining -= 1
            if fault.remaining == 0:
                queue.popleft()
                if not queue:
                    del store.faults[operation_name]
        return fault.error
