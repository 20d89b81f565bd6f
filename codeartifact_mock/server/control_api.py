"""The server's control API: what a test needs besides CodeArtifact itself, under a reserved path prefix.

CodeArtifact's own paths all start with ``/v1/``, so ``/_codeartifact_mock/`` can never collide with them.

- ``POST /_codeartifact_mock/reset`` empties the state: versions, injected errors, policy, recorded calls and
  public registries.
- ``POST /_codeartifact_mock/package-versions`` seeds one version. The JSON body holds the keyword arguments
  of ``CodeArtifactMock.add_package_version`` (``bytes`` as base64, so ``assets`` is ``{name: base64}``);
  the answer is ``{"revision": "..."}``.
- ``POST /_codeartifact_mock/public-package-versions`` makes a public registry publish a version: the
  keyword arguments of ``add_public_package_version`` (``assets`` as ``{name: base64}``); the answer is
  ``{"revision": "..."}``.
- ``POST /_codeartifact_mock/public-registry-availability`` marks a public registry out of service or back:
  those of ``set_public_registry_available`` (``{"connection": "public:npmjs", "available": false}``).
- ``POST /_codeartifact_mock/errors`` queues an injected error: the keyword arguments of ``inject_error``.
- ``POST /_codeartifact_mock/policy`` attaches (``"document": null`` detaches) a principal's identity
  policy: the arguments of ``set_policy`` (``principal`` defaults to the server's own).
- ``POST /_codeartifact_mock/access-keys`` maps an access key id to a principal: those of ``add_access_key``.
- ``POST /_codeartifact_mock/organizations`` puts accounts in an organization: those of ``set_organization``.
- ``GET /_codeartifact_mock/calls`` lists the recorded calls as ``{"calls": [...], "callsTotal": n,
  "maxCalls": m}``: the most recent ``m`` (``null``: all) of the ``n`` answered since the state was emptied.

Each body is read as the named method's arguments (``control_arguments``) and handed to the same
function the method calls (``controls``, ``wire.seed_arguments``), so the HTTP and Python controls cannot
differ. Any problem is a ``ValidationException`` (400) in the service's own error format, with the
``ValueError``'s text.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from typing import Any, Callable, Optional

from .. import controls
from ..backend import Store
from ..backend.errors import ServiceError, ValidationError
from ..controls.recording import Call
from ..iam.principals import default_principal
from ..mock import CodeArtifactMock
from ..wire import WireResponse, serialize_error
from ..wire.seed_arguments import seed, seed_public
from .control_arguments import bind, from_json, json_object

PREFIX = "/_codeartifact_mock/"


def seed_version(store: Store, account_id: str, arguments: Mapping[str, Any]) -> str:
    """Seed as ``add_package_version(**arguments)`` would, into ``store``, owned by ``account_id`` by default.

    Raises ``ValidationError`` for a missing, unknown or bad argument; nothing is stored then.
    """
    values = bind(CodeArtifactMock.add_package_version, arguments)
    owner = values.pop("account_id")
    owner = account_id if owner is None else owner
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
    store.reset()
    return {}


def _add_package_version(store: Store, account_id: str, body: bytes) -> dict[str, Any]:
    arguments = from_json(CodeArtifactMock.add_package_version, json_object(body))
    return {"revision": seed_version(store, account_id, arguments)}


def _add_public_package_version(store: Store, _account_id: str, body: bytes) -> dict[str, Any]:
    arguments = _arguments(CodeArtifactMock.add_public_package_version, body)
    try:
        return {"revision": seed_public(store, **arguments)}
    except (ValueError, TypeError) as error:
        raise ValidationError(str(error)) from None


def _set_public_registry_available(store: Store, _account_id: str, body: bytes) -> dict[str, Any]:
    arguments = _arguments(CodeArtifactMock.set_public_registry_available, body)
    _call(controls.set_public_registry_available, store, arguments)
    return {}


def _inject_error(store: Store, _account_id: str, body: bytes) -> dict[str, Any]:
    _call(controls.inject_error, store, _arguments(CodeArtifactMock.inject_error, body))
    return {}


def _set_policy(store: Store, account_id: str, body: bytes) -> dict[str, Any]:
    arguments = _arguments(CodeArtifactMock.set_policy, body)
    principal = arguments["principal"]
    if principal is None:  # as the method defaults it: a principal given, even "", is checked
        principal = default_principal(account_id).arn
    _call(controls.set_policy, store, {"document": arguments["document"], "principal": principal})
    return {}


def _add_access_key(store: Store, _account_id: str, body: bytes) -> dict[str, Any]:
    _call(controls.add_access_key, store, _arguments(CodeArtifactMock.add_access_key, body))
    return {}


def _set_organization(store: Store, _account_id: str, body: bytes) -> dict[str, Any]:
    _call(controls.set_organization, store, _arguments(CodeArtifactMock.set_organization, body))
    return {}


def _arguments(method: Callable[..., Any], body: bytes) -> dict[str, Any]:
    """The body read as ``method``'s arguments (its defaults for those not given)."""
    return bind(method, from_json(method, json_object(body)))


def _call(control: Callable[..., None], store: Store, arguments: Mapping[str, Any]) -> None:
    """``control(store, **arguments)``, its ValueError a 400."""
    try:
        control(store, **arguments)
    except ValueError as error:
        raise ValidationError(str(error)) from None


def _calls(store: Store, _account_id: str, _body: bytes) -> dict[str, Any]:
    kept, total = controls.recorded(store)
    return {
        "calls": [_call_document(call) for call in kept],
        "callsTotal": total,
        "maxCalls": store.max_calls,
    }


def _call_document(call: Call) -> dict[str, Any]:
    return {
        "operation": call.operation,
        "params": _jsonable(call.params),
        "status": call.status,
        "errorCode": call.error_code,
        "region": call.region,
        "accountId": call.account_id,
        "principal": call.principal,
    }


def _jsonable(value: Any) -> Any:
    """A parsed parameter as JSON: timestamps in ISO 8601 (a recorded call holds no bytes)."""
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    return value


_OPERATIONS: dict[tuple[str, str], Callable[[Store, str, bytes], dict[str, Any]]] = {
    ("POST", "reset"): _reset,
    ("POST", "package-versions"): _add_package_version,
    ("POST", "public-package-versions"): _add_public_package_version,
    ("POST", "public-registry-availability"): _set_public_registry_available,
    ("POST", "errors"): _inject_error,
    ("POST", "policy"): _set_policy,
    ("POST", "access-keys"): _add_access_key,
    ("POST", "organizations"): _set_organization,
    ("GET", "calls"): _calls,
}
