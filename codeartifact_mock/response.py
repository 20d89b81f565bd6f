"""The response botocore receives from the mock, built from a ``WireResponse`` and read as botocore reads it.

``MockResponse`` is botocore's ``AWSResponse`` with the whole body at hand; ``ResponseHeaders`` answers
botocore's header reads as plain dict lookups; aiobotocore awaits a ``MockResponse`` into its own response
type (see ``aio``).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Generator, ItemsView, Iterator, KeysView, Mapping, ValuesView
from typing import Any

from botocore.awsrequest import AWSResponse


class RawBody(io.BytesIO):
    """The raw body botocore reads: ``stream()`` for parsed responses, ``read(amt)`` for streaming ones."""

    def stream(self, **_: Any) -> Any:
        yield self.getvalue()


class ResponseHeaders(dict):  # type: ignore[type-arg]  # str -> str
    """Response headers, case-insensitive like botocore's ``HeadersDict``, read by plain dict lookups.

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
