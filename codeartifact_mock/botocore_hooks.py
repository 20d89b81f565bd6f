"""Answer CodeArtifact calls inside botocore, just before a request would reach the network.

Three handlers, registered for every botocore Session through ``BUILTIN_HANDLERS`` at import and inert while
no mock is active:

- ``choose-signer.codeartifact`` returns ``UNSIGNED``: no credentials are needed, and the user's environment
  is never touched (``botocore_credentials`` keeps client creation from looking any up);
- ``before-sign.codeartifact`` stamps the client's region on the request when the URL does not name it (a
  custom ``endpoint_url``), since the prepared request that ``before-send`` receives no longer carries it;
- ``before-send.codeartifact`` answers the request through ``dispatch.answer``. It is registered for the
  service-specific event, so it runs before moto's catch-all ``before-send`` handler in any nesting order.

The operation name comes from the event name, never from the URL: a custom ``endpoint_url`` changes nothing.
aiobotocore sessions load the same built-in handlers and await what they return: see ``botocore_response``.
"""

from __future__ import annotations

import functools
import weakref
from typing import Any, Optional

import botocore
import botocore.handlers
from botocore.awsrequest import AWSPreparedRequest, AWSResponse

from . import activation
from .botocore_response import MockResponse
from .dispatch import answer
from .iam.principals import default_principal

_REGION_HEADER = "x-codeartifact-mock-region"
_ANSWERED = "_codeartifact_mock_response"  # set on a request once answered: a handler may be registered twice


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
    # The innermost as_principal block's principal, else the innermost mock's own (a slice: another thread
    # may end its block meanwhile)
    innermost = activation.principals[-1:]
    wire_response = answer(
        activation.store,
        innermost[0][1] if innermost else default_principal(active[-1][1]),
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
