"""Answer CodeArtifact calls inside botocore, just before a request would reach the network.

Three handlers, registered for every botocore Session through ``BUILTIN_HANDLERS`` at import and inert while
no mock is active:

- ``choose-signer.codeartifact`` returns ``UNSIGNED``: no credentials are needed, and the user's environment
  is never touched;
- ``before-sign.codeartifact`` stamps the client's region on the request when the URL does not name it (a
  custom ``endpoint_url``), since the prepared request that ``before-send`` receives no longer carries it;
- ``before-send.codeartifact`` answers the request through ``dispatch.answer``. It is registered for the
  service-specific event, so it runs before moto's catch-all ``before-send`` handler in any nesting order.

The operation name comes from the event name, never from the URL: a custom ``endpoint_url`` changes nothing.
aiobotocore sessions load the same built-in handlers and await what they return: see ``MockResponse``.
"""

from __future__ import annotations

import functools
import io
import weakref
from collections.abc import Generator, Iterator, Mapping
from typing import Any, Optional

import botocore
import botocore.handlers
from botocore.awsrequest import AWSPreparedRequest, AWSResponse, HeadersDict

from . import activation
from .dispatch import answer

_REGION_HEADER = "x-codeartifact-mock-region"
_ANSWERED = "_codeartifact_mock_response"  # set on a request once answered: a handler may be registered twice


class RawBody(io.BytesIO):
    """The raw body botocore reads: ``stream()`` for parsed responses, ``read(amt)`` for streaming ones."""

    def stream(self, **_: Any) -> Any:
        yield self.getvalue()


class ResponseHeaders(HeadersDict):  # type: ignore[misc]  # botocore is untyped
    """A ``HeadersDict`` (case-insensitive, original names kept) keyed by lowercased names.

    ``HeadersDict`` makes a key object per header, hashed by a Python method on every insertion; a
    response's few headers are set once and looked up a few times, so plain lowercase keys cost less.
    """

    def __init__(self, headers: Mapping[str, str]) -> None:
        # {name.lower(): (name, value) for ...}, in C; the names, in order, for iteration.
        self._by_lower = dict(zip(map(str.lower, headers), headers.items()))
        self._names = list(headers)

    def __getitem__(self, name: str) -> str:
        return self._by_lower[name.lower()][1]

    def __setitem__(self, name: str, value: str) -> None:
        lowered = name.lower()
        if lowered in self._by_lower:
            self._names.remove(self._by_lower[lowered][0])
        self._by_lower[lowered] = (name, value)
        self._names.append(name)

    def __delitem__(self, name: str) -> None:
        self._names.remove(self._by_lower.pop(name.lower())[0])

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._by_lower)

    def __repr__(self) -> str:
        return repr(dict(self._by_lower.values()))

    def copy(self) -> ResponseHeaders:
        return ResponseHeaders(self)


class MockResponse(AWSResponse):  # type: ignore[misc]  # botocore is untyped
    """botocore's response, which aiobotocore's emitter awaits into its own kind (see ``aio``)."""

    # A plain attribute, where AWSResponse has a property joining ``raw.stream()``: the whole body is at hand.
    content: bytes = b""

    def __init__(self, url: str, status_code: int, headers: Mapping[str, str], body: bytes) -> None:
        # Not AWSResponse.__init__, which copies the headers into a HeadersDict one by one.
        self.url = url
        self.status_code = status_code
        self.headers = ResponseHeaders(headers)
        self.content = body

    @functools.cached_property
    def raw(self) -> RawBody:
        """The body as a stream, made when asked for: botocore reads one only for streaming outputs."""
        return RawBody(self.content)

    def __await__(self) -> Generator[Any, None, Any]:
        from .aio import aio_response  # imports aiobotocore: only async clients get here

        return aio_response(self).__await__()


# The handlers read ``activation.active`` directly: they run on every call, and each call of a Python function
# in the middle of botocore's work costs several times what it costs in a loop.


def _choose_signer(**_: Any) -> Any:
    return botocore.UNSIGNED if activation.active else None


@functools.lru_cache(maxsize=256)  # a test repeats its URLs, and both handlers below ask
def _url_region(url: str) -> Optional[str]:
    """The region an AWS endpoint names (``https://codeartifact.<region>.amazonaws.com/...``), else None."""
    host = url.partition("://")[2].partition("/")[0]
    service, _, rest = host.partition(".")
    region, _, domain = rest.partition(".")
    return region if service == "codeartifact" and domain.startswith("amazonaws.") else None


def _stamp_region(request: Any, region_name: Optional[str] = None, **_: Any) -> None:
    # The region is read from the URL when it names one (the usual case, so no header to add and read).
    if activation.active and region_name and _url_region(request.url) is None:
        request.headers[_REGION_HEADER] = region_name


def _region_of(request: AWSPreparedRequest) -> str:
    """The region whose endpoint the URL names, else the client's (a custom ``endpoint_url``)."""
    region = _url_region(request.url)
    if region is not None:
        return region
    stamped = request.headers.get(_REGION_HEADER)
    if stamped:
        return stamped.decode() if isinstance(stamped, bytes) else str(stamped)
    return "us-east-1"


def _answer(request: AWSPreparedRequest, event_name: str, **_: Any) -> Optional[AWSResponse]:
    active = activation.active
    if not active:
        return None
    answered: Optional[AWSResponse] = getattr(request, _ANSWERED, None)
    if answered is not None:
        return answered
    operation_name = event_name.rsplit(".", 1)[-1]
    region = _url_region(request.url)
    wire_response = answer(
        activation.store,
        active[-1][1],  # the account of the innermost mock
        _region_of(request) if region is None else region,
        operation_name,
        request.url,
        request.headers,
        request.body,
    )
    response = MockResponse(request.url, wire_response.status, wire_response.headers, wire_response.body)
    setattr(request, _ANSWERED, response)
    return response


HANDLERS = (
    ("choose-signer.codeartifact", _choose_signer, "codeartifact-mock-choose-signer"),
    ("before-sign.codeartifact", _stamp_region, "codeartifact-mock-stamp-region"),
    ("before-send.codeartifact", _answer, "codeartifact-mock-answer"),
)


def install() -> None:
    """Make every botocore Session created from now on carry the handlers (idempotent)."""
    for event, handler, _ in HANDLERS:
        if (event, handler) not in botocore.handlers.BUILTIN_HANDLERS:
            botocore.handlers.BUILTIN_HANDLERS.append((event, handler))


def patch_events(events: Any) -> None:
    """Register the handlers on one event emitter: a Session's or a client's (``client.meta.events``)."""
    for event, handler, unique_id in HANDLERS:
        events.register(event, handler, unique_id=unique_id)


_patched_sessions: weakref.WeakSet[Any] = weakref.WeakSet()


def patch_default_session() -> None:
    """Reach boto3's cached default Session, which may predate our import and so lack the handlers."""
    import boto3

    session = boto3.DEFAULT_SESSION
    if session is not None and session not in _patched_sessions:  # once per session: starts stay cheap
        patch_events(session._session)
        _patched_sessions.add(session)
