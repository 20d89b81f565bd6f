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
from collections.abc import Generator, ItemsView, Iterator, KeysView, Mapping, ValuesView
from typing import Any, Optional

import botocore
import botocore.handlers
from botocore.awsrequest import AWSPreparedRequest, AWSResponse

from . import activation
from .dispatch import answer

_REGION_HEADER = "x-codeartifact-mock-region"
_ANSWERED = "_codeartifact_mock_response"  # set on a request once answered: a handler may be registered twice


class RawBody(io.BytesIO):
    """The raw body botocore reads: ``stream()`` for parsed responses, ``read(amt)`` for streaming ones."""

    def stream(self, **_: Any) -> Any:
        yield self.getvalue()


class ResponseHeaders(dict):  # type: ignore[type-arg]  # str -> str
    """Response headers, case-insensitive like botocore's ``HeadersDict``, and read in C where botocore reads.

    botocore asks ``'x-amzn-requestid' in headers``, reads ``headers['x-amzn-requestid']``, then every header
    by the name it was sent with. Each header is stored under that name and under its lowercase name, so
    those reads are plain dict lookups; any other spelling goes through ``__missing__``. Everything else sees
    each header once, by the name it was sent with: iteration, ``len``, the views, equality, ``repr``.
    """

    __slots__ = ("_names",)

    def __init__(self, headers: Mapping[str, str]) -> None:
        super().__init__(headers)
        super().update(zip(map(str.lower, headers), headers.values()))
        self._names = list(headers)  # the names as sent, in order

    def __missing__(self, name: str) -> str:
        lowered = name.lower()
        if lowered == name or not dict.__contains__(self, lowered):
            raise KeyError(name)
        return dict.__getitem__(self, lowered)  # type: ignore[no-any-return]

    def __contains__(self, name: object) -> bool:
        return dict.__contains__(self, name) or (
            isinstance(name, str) and dict.__contains__(self, name.lower())
        )

    def get(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
        try:
            return self[name]
        except KeyError:
            return default

    def __setitem__(self, name: str, value: str) -> None:
        if name in self:
            del self[name]
        dict.__setitem__(self, name, value)
        dict.__setitem__(self, name.lower(), value)
        self._names.append(name)

    def __delitem__(self, name: str) -> None:
        lowered = name.lower()
        sent = next((known for known in self._names if known.lower() == lowered), None)
        if sent is None:
            raise KeyError(name)
        self._names.remove(sent)
        dict.__delitem__(self, sent)
        if lowered != sent:
            dict.__delitem__(self, lowered)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def keys(self) -> KeysView[str]:  # type: ignore[override]
        return KeysView(self)

    def items(self) -> ItemsView[str, str]:  # type: ignore[override]
        return ItemsView(self)

    def values(self) -> ValuesView[str]:  # type: ignore[override]
        return ValuesView(self)

    def as_sent(self) -> dict[str, str]:
        """The headers as a plain dict, each under the name it was sent with."""
        return {name: dict.__getitem__(self, name) for name in self._names}

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ResponseHeaders):
            other = other.as_sent()
        return self.as_sent() == other

    __hash__ = None  # type: ignore[assignment]  # (mutable, as a dict)

    def __repr__(self) -> str:
        return repr(self.as_sent())

    def copy(self) -> ResponseHeaders:
        return ResponseHeaders(self.as_sent())

    def __reduce__(self) -> tuple[Any, ...]:
        return ResponseHeaders, (self.as_sent(),)

    def pop(self, name: str, *default: Any) -> Any:  # type: ignore[override]
        if name not in self:
            if default:
                return default[0]
            raise KeyError(name)
        value = self[name]
        del self[name]
        return value

    def setdefault(self, name: str, default: str = "") -> str:  # type: ignore[override]
        if name not in self:
            self[name] = default
        return self[name]  # type: ignore[no-any-return]

    def update(self, *others: Any, **more: str) -> None:  # type: ignore[override]
        for name, value in dict(*others, **more).items():
            self[name] = value

    def clear(self) -> None:
        dict.clear(self)
        self._names.clear()

    def popitem(self) -> tuple[str, str]:
        if not self._names:
            raise KeyError("popitem(): the headers are empty")
        name = self._names[-1]
        return name, self.pop(name)


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
