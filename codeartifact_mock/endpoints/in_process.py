"""In process: ``requests`` calls to AWS's repository URLs answered through the ``responses`` library.

While a mock is active, a ``responses.RequestsMock`` answers every request to
``https://<domain>-<owner>.d.codeartifact.<region>.amazonaws.com/...`` and the dualstack
``https://<domain>-<owner>.codeartifact.<region>.on.aws/...`` (``:443`` or not) with the router's answer;
every other URL passes through to whatever sent requests before the mock started: the network, or a
``responses`` mock the user started first, which keeps answering its own URLs. A ``responses`` mock started
inside the CodeArtifact mock replaces it for every URL (that is how ``responses`` patches), so
``answer_in(rsps)`` registers the repository URLs in it too.
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING, Any, Optional
from urllib.parse import unquote, urlsplit

from .. import activation
from . import router
from .http import EndpointRequest

if TYPE_CHECKING:
    import responses

_METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH")
_EVERYTHING = re.compile(r".*")
_lock = threading.Lock()
_mock: Optional[responses.RequestsMock] = None  # built at the first activation
_running = False


def _body(body: Any) -> bytes:
    """A prepared request's body (None, bytes, str, a file or an iterable of chunks) as bytes."""
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode("utf-8")
    if hasattr(body, "read"):
        data = body.read()
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)
    return b"".join(chunk.encode("utf-8") if isinstance(chunk, str) else bytes(chunk) for chunk in body)


def _callback(request: Any) -> tuple[int, list[tuple[str, str]], bytes]:
    split = urlsplit(request.url)
    path = unquote(split.path)
    address = router.url_address(split.netloc, path)
    headers = router.lower_headers(request.headers)
    below = "" if address is None else address.path
    base = (
        "" if address is None else f"{split.scheme}://{split.netloc}/{address.format}/{address.repository}/"
    )
    endpoint_request = EndpointRequest(request.method, below, headers, _body(request.body), base)
    account_id = activation.active[-1][1] if activation.active else activation.DEFAULT_ACCOUNT_ID
    response = router.answer(activation.store, account_id, address, endpoint_request, split.path)
    # responses sets Content-Length itself from the body; a list keeps the two WWW-Authenticate challenges
    headers_out = [(name, value) for name, value in response.headers if name.lower() != "content-length"]
    return response.status, headers_out, response.body


def answer_in(mock: responses.RequestsMock) -> None:
    """Answer AWS's repository URLs in ``mock`` (a ``responses`` mock of the user's) through the mock.

    One callback is registered per HTTP method: create ``mock`` with ``assert_all_requests_are_fired=False``.
    """
    for method in _METHODS:
        mock.add_callback(method, router.AWS_URL, callback=_callback)  # type: ignore[arg-type]


def _new_mock() -> responses.RequestsMock:
    """A ``responses`` mock answering AWS's repository URLs and passing every other URL through.

    Built once and started at every outermost activation. It starts by setting ``HTTPAdapter.send`` itself
    (``_DirectPatch``), where ``RequestsMock.start`` goes through ``unittest.mock.patch``, which resolves
    its target through importlib on every start: 20 µs, more than entering and leaving a mock otherwise
    costs (benchmarks/bench.py, enter + leave, 2026-12-06).
    """
    import responses
    from requests import adapters

    class _DirectPatch:
        def __init__(self, send: Any) -> None:
            self.send = send
            self.saved: Any = None

        def start(self) -> None:
            self.saved = vars(adapters.HTTPAdapter)["send"]
            adapters.HTTPAdapter.send = self.send  # type: ignore[method-assign]

        def stop(self) -> None:
            adapters.HTTPAdapter.send = self.saved  # type: ignore[method-assign]

    class NoCalls(responses.CallList):
        """Keeps no call. ``responses`` keeps every request and response its mock answers, bodies and all,
        for as long as the mock lives (this one: the process): the CodeArtifact mock records its own
        ``calls``, without asset bytes, so a disposed version's bytes are kept nowhere."""

        def add(self, request: Any, response: Any) -> None:
            pass

        def add_call(self, call: Any) -> None:
            pass

    class RepositoryURLs(responses.RequestsMock):
        def start(self) -> None:
            if self._patcher:
                return
            patch = _DirectPatch(self.unbound_on_send())
            patch.start()
            self._patcher = patch  # type: ignore[assignment]  # what stop() stops

    mock = RepositoryURLs(assert_all_requests_are_fired=False)
    answer_in(mock)
    mock.add_passthru(_EVERYTHING)
    mock._calls = NoCalls()
    for registered in mock.registered():
        registered._calls = NoCalls()
    return mock


def start() -> None:
    """Answer AWS's repository URLs from now on; the first activation of a mock calls this."""
    global _mock, _running
    from requests.adapters import HTTPAdapter  # requests and responses load only when a mock starts

    with _lock:
        if _running:
            return
        if _mock is None:
            _mock = _new_mock()
        # Pass every other URL to the send found now: a user's responses mock started first stays in charge.
        _mock._real_send = HTTPAdapter.send  # type: ignore[assignment]
        _mock.start()
        _running = True


def stop() -> None:
    """Stop answering them; the last mock to stop calls this."""
    global _running
    with _lock:
        if _mock is not None and _running:
            _mock.stop(allow_assert=False)
        _running = False
