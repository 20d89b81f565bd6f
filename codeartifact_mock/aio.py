"""The mock's answers in the shape aiobotocore (and so aioboto3) reads them.

aiobotocore emits the same ``before-send`` events as botocore, through an emitter that awaits whatever a
handler returns when it is awaitable. The sync handler's response is awaitable (``MockResponse.__await__``)
and resolves to ``aio_response(...)``: an ``AioAWSResponse`` whose ``raw`` looks like the part of an aiohttp
``ClientResponse`` aiobotocore touches. Only that await imports aiobotocore, so ``import codeartifact_mock``
and sync clients never pay for it.
"""

from __future__ import annotations

import io
from typing import Any

from aiobotocore.awsrequest import AioAWSResponse
from botocore.awsrequest import AWSResponse


class AsyncRawBody:
    """A fully received body behind aiohttp's names: ``read()``, ``content.read(n)``, ``at_eof()``.

    aiobotocore reads a whole body with ``raw.read()``, wraps a streaming one in its ``StreamingBody``
    (``content.read(n)``, ``at_eof()``, ``url``, ``async with``), and aiobotocore before 2.21 took the
    headers from ``raw_headers``.
    """

    def __init__(self, url: str, headers: Any, body: bytes) -> None:
        self.url = url
        self.raw_headers = [(name.encode(), str(value).encode()) for name, value in headers.items()]
        self._body = io.BytesIO(body)
        self._size = len(body)
        self.content = self  # aiohttp: ``response.content`` is the stream reader

    async def read(self, n: int = -1) -> bytes:
        return self._body.read(n)

    def at_eof(self) -> bool:
        return self._body.tell() >= self._size

    def close(self) -> None:
        self._body.close()

    def release(self) -> None:
        pass  # nothing pooled: there is no connection to hand back

    async def __aenter__(self) -> AsyncRawBody:
        return self

    async def __aexit__(self, *_: Any) -> None:
        return None


async def aio_response(response: AWSResponse) -> AioAWSResponse:
    """The aiobotocore twin of one of the mock's sync responses: same status, headers and body."""
    body = AsyncRawBody(response.url, response.headers, response.content)
    return AioAWSResponse(response.url, response.status_code, response.headers, body)
