"""What the repository endpoints take and give, independent of the door (server socket or ``responses``)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Callable, NamedTuple, Optional

from ..backend.endpoint_backend import EndpointBackend
from ..backend.entities import Repository

Headers = list[tuple[str, str]]  # a list: the 401 challenge sends WWW-Authenticate twice

# The actions an endpoint request is authorized as (IAM's names; Maven's metadata PUT needs both of the last)
READ, PUBLISH, PUT_METADATA = "ReadFromRepository", "PublishPackageVersion", "PutPackageMetadata"


class EndpointRequest(NamedTuple):
    method: str
    path: str  # below the repository, percent-decoded: ``simple/requests/`` for PyPI; "" for the root
    headers: Mapping[str, str]  # names lower-cased
    body: bytes
    base: str = ""  # the repository's URL as the client addressed it, ending in "/" (for URLs given out)


class EndpointResponse(NamedTuple):
    status: int
    headers: Headers
    body: bytes


class EndpointError(Exception):
    """A request the endpoint refuses before or instead of touching the state: a short text answer."""

    def __init__(self, status: int, message: str, headers: Headers = ()) -> None:  # type: ignore[assignment]
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = list(headers)

    def response(self) -> EndpointResponse:
        return text_response(self.status, self.message, self.headers)


def text_response(status: int, text: str, headers: Headers = ()) -> EndpointResponse:  # type: ignore[assignment]
    body = (text + "\n").encode("utf-8")
    return EndpointResponse(
        status,
        [*headers, ("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))],
        body,
    )


def bytes_response(
    body: bytes, content_type: str, status: int = 200, headers: Optional[Headers] = None
) -> EndpointResponse:
    return EndpointResponse(
        status, [*(headers or []), ("Content-Type", content_type), ("Content-Length", str(len(body)))], body
    )


def json_response(status: int, document: Any, headers: Optional[Headers] = None) -> EndpointResponse:
    """``document`` as compact JSON (npm's and Cargo's answers, their errors too)."""
    body = json.dumps(document, separators=(",", ":")).encode()
    return bytes_response(body, "application/json", status, headers)


class Context(NamedTuple):
    """What a format's answer works with: the caller's backend and the repository, found; and the request's
    ``If-None-Match`` ("" when it sent none, or is no GET or HEAD), for ``conditional``."""

    backend: EndpointBackend
    repository: Repository
    none_match: str = ""


class Plan(NamedTuple):
    """A format's reading of a request: the coordinates it names and how to answer it."""

    namespace: Optional[str]
    package: Optional[str]
    version: Optional[str]
    answer: Callable[[Context], EndpointResponse]
