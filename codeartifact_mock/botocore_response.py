"""The response botocore receives from the mock, built from a ``WireResponse`` and read as botocore reads it.

``MockResponse`` is botocore's ``AWSResponse`` with the whole body at hand; aiobotocore awaits a
``MockResponse`` into its own response type (see ``aio``).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Generator, Mapping
from typing import Any

from botocore.awsrequest import AWSResponse, HeadersDict


class RawBody(io.BytesIO):
    """The raw body botocore reads: ``stream()`` for parsed responses, ``read(amt)`` for streaming ones."""

    def stream(self, **_: Any) -> Any:
        yield self.getvalue()


class MockResponse(AWSResponse):  # type: ignore[misc]  # botocore is untyped
    """botocore's response, which aiobotocore's emitter awaits into its own kind (see ``aio``)."""

    # A plain attribute, where AWSResponse has a property joining ``raw.stream()``: the whole body is at hand.
    content: bytes = b""

    def __init__(self, url: str, status_code: int, headers: Mapping[str, str], body: bytes) -> None:
        # Not AWSResponse.__init__, whose ``raw`` is the body stream: here it is made only when asked for.
        self.url = url
        self.status_code = status_code
        self.headers = HeadersDict(headers)
        self.content = body

    @functools.cached_property
    def raw(self) -> RawBody:
        """The body as a stream, made when asked for: botocore reads one only for streaming outputs."""
        return RawBody(self.content)

    def __await__(self) -> Generator[Any, None, Any]:
        from .aio import aio_response

        return aio_response(self).__await__()
