"""One endpoint request in, one response out: the steps every format shares.

In the order they apply: the address (which format, domain, owner, repository), the format's route (which
operation: ``ReadFromRepository`` or ``PublishPackageVersion``), an injected fault, the token (401: also when
the domain it was issued for has been deleted), the repository (404), the format's reading of the request
(400), authorization of the principal the token was issued to (``access``, as for API calls: 403), then the
format's answer, into the repository found again under the same hold of the store's lock as the answer;
for a GET or HEAD, an ETag on a 200, and a 304 in its place when If-None-Match names that ETag
(``conditional``). Every request whose path names a repository is recorded in ``calls`` (a 304 as a
success, with its status).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any, NamedTuple, Optional, Protocol
from urllib.parse import urlsplit

from .. import access, wire
from ..backend.authorization_tokens import AuthorizationGrant
from ..backend.endpoint_backend import EndpointBackend
from ..backend.entities import Repository
from ..backend.errors import ServiceError
from ..backend.store import Store
from ..controls import faults, recording
from ..iam.principals import default_principal
from . import auth, cargo, conditional, maven, npm, pypi
from .http import (
    PUBLISH,
    READ,
    Context,
    EndpointError,
    EndpointRequest,
    EndpointResponse,
    Headers,
    Plan,
    text_response,
)

DEFAULT_REGION = "us-east-1"


class Format(Protocol):
    """A format's module: ``pypi``, ``npm``, ``maven``, ``cargo``."""

    def operation(self, method: str, path: str) -> str:
        """The operation a request is (READ or PUBLISH), or ``EndpointError`` (404, 405) for no route."""
        ...

    def plan(self, request: EndpointRequest) -> Plan:
        """The request read (400 for a malformed one), not yet answered."""
        ...

    def error_response(self, status: int, message: str, headers: Headers) -> EndpointResponse:
        """An error as the format's clients read it (PyPI: short text; npm: ``{"error": ...}``)."""
        ...


FORMATS: dict[str, Format] = {"pypi": pypi, "npm": npm, "maven": maven, "cargo": cargo}  # type: ignore[dict-item]


class Address(NamedTuple):
    format: str
    domain: str
    owner: str
    repository: str
    path: str  # below the repository
    region: Optional[str]  # named by an AWS host name; the server's path form takes the token's


_DOMAIN_OWNER = re.compile(
    r"(.+)-(\d{12})"
)  # domain names contain "-": split at the last one before 12 digits
_AWS_HOST = re.compile(
    r"(?P<label>[a-z0-9-]+)\.(?:d\.codeartifact\.(?P<region>[a-z0-9-]+)\.amazonaws\.com"
    r"|codeartifact\.(?P<dualstack>[a-z0-9-]+)\.on\.aws)(?::443)?"
)
# The URLs ``requests`` may send to in process: AWS's repository endpoints, standard and dualstack.
AWS_URL = re.compile(
    r"https://[a-z0-9-]+-\d{12}\.(?:d\.codeartifact\.[a-z0-9-]+\.amazonaws\.com|codeartifact\.[a-z0-9-]+\.on\.aws)"
    r"(?::443)?/"
)


def claims(path: str) -> bool:
    """Whether a server path is the repository endpoints' (``/<format>/d/...``) rather than the API's."""
    return path.startswith("/", 0, 1) and path.split("/", 3)[2:3] == ["d"]


def path_address(path: str) -> Optional[Address]:
    """``/<format>/d/<domain>-<owner>/<repository>/<rest>``, the server's form."""
    parts = path.split("/", 5)
    if len(parts) < 5 or parts[2] != "d":
        return None
    match = _DOMAIN_OWNER.fullmatch(parts[3])
    if match is None or not parts[4]:
        return None
    return Address(
        parts[1], match.group(1), match.group(2), parts[4], parts[5] if len(parts) > 5 else "", None
    )


def url_address(host: str, path: str) -> Optional[Address]:
    """``https://<domain>-<owner>.d.codeartifact.<region>.amazonaws.com/<format>/<repository>/<rest>``."""
    host_match = _AWS_HOST.fullmatch(host.lower())
    owner_match = None if host_match is None else _DOMAIN_OWNER.fullmatch(host_match.group("label"))
    parts = path.split("/", 3)
    if host_match is None or owner_match is None or len(parts) < 3 or not parts[2]:
        return None
    region = host_match.group("region") or host_match.group("dualstack")
    rest = parts[3] if len(parts) > 3 else ""
    return Address(parts[1], owner_match.group(1), owner_match.group(2), parts[2], rest, region)


def answer(
    store: Store, account_id: str, address: Optional[Address], request: EndpointRequest, full_path: str
) -> EndpointResponse:
    """The answer to ``request`` at ``address`` (None: a path that names no repository: 404)."""
    if address is None:
        return text_response(
            404, "Not found: repository paths are /<format>/d/<domain>-<owner>/<repository>/"
        )
    method = request.method
    params: dict[str, Any] = {
        "domain": address.domain,
        "domainOwner": address.owner,
        "repository": address.repository,
        "format": address.format,
        "method": method,
        "path": full_path,
    }
    operation = READ if method in ("GET", "HEAD") else PUBLISH
    region, caller = address.region or DEFAULT_REGION, default_principal(account_id)
    try:
        module = FORMATS.get(address.format)
        if module is None:
            raise EndpointError(
                404, f"codeartifact-mock does not serve {address.format} repository endpoints"
            )
        operation = module.operation(method, request.path)
        fault = faults.take(store, operation) if store.faults else None
        if fault is not None:
            raise fault
        grant = auth.check(
            store.authorization_tokens,
            request.headers,
            address.format,
            address.domain,
            address.owner,
            address.repository,
            address.region,
        )
        region, caller = grant.region, grant.principal
        backend = EndpointBackend(store, caller.account, region, caller)
        with store.lock:  # a token's dead domain (401) and a missing repository (404) before the body
            _repository(backend, address, grant)
        plan = module.plan(request)
        for name, value in (
            ("namespace", plan.namespace),
            ("package", plan.package),
            ("packageVersion", plan.version),
        ):
            if value is not None:
                params[name] = value
        access.authorize(store, caller, region, operation, params)
        none_match = request.headers.get("if-none-match", "") if method in ("GET", "HEAD") else ""
        with store.lock:  # found again and answered under one hold of the lock: see ``_repository``
            response = plan.answer(Context(backend, _repository(backend, address, grant), none_match))
        if method in ("GET", "HEAD"):
            response = conditional.validated(none_match, response)
        error_code = None if response.status < 400 else HTTPStatus(response.status).phrase.replace(" ", "")
    except conditional.NotModified as unchanged:  # decided before the document was made
        response, error_code = unchanged.response(), None
    except EndpointError as error:
        answer_error = text_response if module is None else module.error_response
        response = answer_error(error.status, error.message, error.headers)
        error_code = HTTPStatus(error.status).phrase.replace(" ", "")
    except ServiceError as error:
        response, error_code = service_error_response(error, module), error.code
    recording.record(
        store, operation, params, response.status, error_code, region, caller.account, caller.arn
    )
    return response


def _repository(backend: EndpointBackend, address: Address, grant: AuthorizationGrant) -> Repository:
    """The repository ``address`` names, in the very domain ``grant``'s token was issued for (else the 401);
    ``ResourceNotFoundError`` (404) if it does not exist. Call it under the store's lock.

    The answer looks the repository up again in the same hold of the lock it writes under: a repository
    deleted and created again while the request was read is answered as it is now (the request goes whole
    into the new one, or is a 404 with nothing stored), never into the one found before.
    """
    domain = backend._find_domain(address.domain, address.owner)
    auth.check_domain(grant, domain, address.format, address.repository)
    assert domain is not None  # (the token's domain: check_domain raised otherwise)
    return backend._repository_in(domain, address.repository)


def service_error_response(error: ServiceError, module: Optional[Format] = None) -> EndpointResponse:
    """A backend or injected error: its status and ``x-amzn-ErrorType`` (and ``Retry-After``) as the API
    gives them, the message worded as the format's clients read errors (outside a format: the API's JSON)."""
    wire_response = wire.serialize_error(error)
    headers = [
        (name, value)
        for name, value in wire_response.headers.items()
        if name.lower() not in ("content-type", "content-length")
    ]
    if module is not None:
        return module.error_response(wire_response.status, error.message, headers)
    headers += [("Content-Type", "application/json"), ("Content-Length", str(len(wire_response.body)))]
    return EndpointResponse(wire_response.status, headers, wire_response.body)


def refusal(path: str, status: int, message: str) -> Optional[EndpointResponse]:
    """A refusal of the server's own (a body over its limit, ...) of a request to ``path``, worded as the
    format's clients read errors; None for a path that is no served format's."""
    address = path_address(path)
    module = None if address is None else FORMATS.get(address.format)
    return None if module is None else module.error_response(status, message, [])


def lower_headers(headers: Mapping[str, Any]) -> dict[str, str]:
    return {str(name).lower(): str(value) for name, value in headers.items()}


# -- GetRepositoryEndpoint answered by a server ----------------------------------------------------------


def server_endpoint(aws_url: str, base_url: str) -> str:
    """AWS's repository URL as a server serves it: ``<base>/<format>/d/<domain>-<owner>/<repository>/``."""
    split = urlsplit(aws_url)
    address = url_address(split.netloc, split.path)
    if address is None:
        return aws_url
    return f"{base_url}/{address.format}/d/{address.domain}-{address.owner}/{address.repository}/"
