"""The HTTP side of server mode: one request handler that turns any request into ``dispatch.answer``'s
response or a JSON error, and the threading HTTP server that runs it.

Whatever a client sends, the answer is a JSON error in the service's format (``x-amzn-ErrorType`` and a
``message``) with a 4xx status, never an HTML page, and the server keeps serving. Only a bug of the mock
(500) or an operation it lacks (501) gets a 5xx.

Nothing a client does with its connection stalls the server or anyone else's requests: each connection has
a thread of its own, every request must arrive within a deadline (``_TimedReader``), a listen backlog of
1,024 lets many clients connect at once, and when the process runs out of file descriptors the server waits
for one to be freed instead of retrying ``accept`` in a busy loop (``HTTPServer.get_request``). Requests a
web page could have sent are refused (``browser_guard``).
"""

from __future__ import annotations

import email.errors
import errno
import importlib
import io
import json
import math
import re
import socket
import socketserver
import sys
import threading
import time
import traceback
import uuid
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Optional, Union
from urllib.parse import parse_qsl, unquote, urlsplit

from .. import dispatch
from ..backend import Store
from ..endpoints import router as endpoints
from ..endpoints.http import EndpointRequest, EndpointResponse
from ..wire import WireResponse, routes
from . import control_api
from .browser_guard import BrowserGuard
from .callers import caller_of

# No CodeArtifact request body comes near this but an asset; AWS allows assets up to 5 GB, which a mock
# that keeps them in memory has no business accepting.
DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024
DEFAULT_REGION = "us-east-1"
# How long a request may take to arrive (see _TimedReader), and how long a kept-alive connection may stay
# idle: nginx's client_header_timeout and Apache's Timeout are 60 s too.
DEFAULT_REQUEST_TIMEOUT = 60.0
# After the request timeout, a body must keep arriving at this rate (Apache mod_reqtimeout's MinRate).
MIN_BODY_BYTES_PER_SECOND = 500
# Connections the kernel completes and queues before the server accepts them (waitress's default backlog;
# Linux caps it at net.core.somaxconn, 4,096 since 5.4). socketserver's default of 5 made the kernel reset
# connections when a few dozen clients connected at once.
LISTEN_BACKLOG = 1024
# accept() errors meaning "no descriptor or memory for one more connection": wait for one to close.
_EXHAUSTED = (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM)
_ACCEPT_RETRY_SECONDS = 0.5  # how long the accept loop waits when no connection closes meanwhile
# What the mock imports only when first needed, so that importing it stays light for in-process users.
_IMPORTED_WHEN_FIRST_NEEDED = (
    "packaging.requirements",
    "packaging.specifiers",
    "packaging.utils",
    "packaging.version",
    "tarfile",
)


# The access key excludes "=" too: a search then scans from one "Credential=" to the next, no further
# ("Credential=" repeated through a 64 KB header took seconds when the key's run could cross them).
_CREDENTIAL_SCOPE = re.compile(r"Credential=[^/,\s=]*/\d{8}/([a-z0-9-]+)/[^/,\s]+/aws4_request")
_CHUNK_SIZE = re.compile(rb"[0-9A-Fa-f]{1,16}")
_MAX_TRAILER_LINES = 100
_LINGER_SECONDS = 2.0
# A response whose status line, headers and body fit in this many bytes leaves in one write (see _Handler).
_RESPONSE_BUFFER_BYTES = 64 * 1024
_BODY_DEFECTS = (
    email.errors.StartBoundaryNotFoundDefect,
    email.errors.MultipartInvariantViolationDefect,
    email.errors.NoBoundaryInMultipartDefect,
)
_HOST = re.compile(r"[A-Za-z0-9.-]+(:\d{1,5})?|\[[0-9A-Fa-f:.]+\](:\d{1,5})?")

# The error type of each HTTP-level failure; the service model's own errors come from the wire layer.
_ERROR_TYPES = {
    400: "BadRequestException",
    403: "AccessDeniedException",
    404: "UnknownOperationException",
    408: "RequestTimeoutException",
    411: "LengthRequiredException",
    413: "RequestEntityTooLargeException",
    414: "RequestURITooLongException",
    421: "MisdirectedRequestException",
    431: "RequestHeaderFieldsTooLargeException",
    500: "InternalServerException",
    501: "NotImplementedException",
    505: "HTTPVersionNotSupportedException",
}


class HttpError(Exception):
    """A request the server refuses before (or instead of) any CodeArtifact operation."""

    def __init__(self, status: int, message: str, *, close: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.close = close  # the request's body was not read: the connection cannot carry another request

    def response(self) -> WireResponse:
        return error_response(self.status, self.message)


def error_response(status: int, message: str) -> WireResponse:
    body = json.dumps({"message": message}).encode("utf-8")
    headers = {
        "x-amzn-RequestId": str(uuid.uuid4()),
        "x-amzn-ErrorType": _ERROR_TYPES.get(status, "BadRequestException"),
        "Content-Type": "application/json",
        "Content-Length": str(len(body)),
    }
    return WireResponse(status, headers, body)


def region_of(authorization: Optional[str]) -> str:
    """The region of a SigV4 ``Authorization`` header's credential scope, else ``us-east-1``."""
    match = _CREDENTIAL_SCOPE.search(authorization or "")
    return match.group(1) if match else DEFAULT_REGION


class _TimedReader(io.RawIOBase):
    """A connection's incoming bytes, each read bounded by the deadline the handler sets.

    ``expect(seconds)`` gives what is read next ``seconds`` from now, in all: a request's line and headers
    must all arrive by then (nginx's client_header_timeout), however they are split, so a client trickling
    a header line every few seconds is cut off, and so is a kept-alive connection left idle. A body, read
    after ``expect(seconds, bytes_per_second)``, may take longer if it keeps coming: each byte received
    moves the deadline on by ``1 / bytes_per_second`` (Apache mod_reqtimeout's MinRate), and no read waits
    more than ``seconds`` for data (nginx's client_body_timeout). So a large upload over a slow link goes
    through, and a body trickled a byte at a time is cut off. A read past the deadline raises
    ``socket.timeout``.
    """

    def __init__(self, connection: socket.socket) -> None:
        super().__init__()
        self._connection = connection
        self._deadline = math.inf
        self._wait = math.inf  # the longest a read may wait
        self._seconds_per_byte = 0.0

    def expect(self, seconds: float, bytes_per_second: Optional[float] = None) -> None:
        self._deadline = time.monotonic() + seconds
        self._wait = seconds
        self._seconds_per_byte = 0.0 if bytes_per_second is None else 1 / bytes_per_second

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise socket.timeout("the request did not arrive in time")
        self._connection.settimeout(min(remaining, self._wait))
        count = self._connection.recv_into(buffer)
        self._deadline += count * self._seconds_per_byte
        return count


class _Handler(BaseHTTPRequestHandler):
    """Answers one connection's requests.

    No answer waits on the network stack. http.server writes a response in two pieces (status line and
    headers, then the body), each a ``send`` of its own by default. With Nagle's algorithm on, the second
    small piece waits for the client to acknowledge the first, and the client delays that acknowledgement
    (up to 40 ms on Linux) hoping to piggyback it on data it never sends: every call over a kept-alive
    connection paid about 40 ms. Two measures, each for what the other cannot do:

    - ``wfile`` is buffered (``wbufsize``): a response up to ``_RESPONSE_BUFFER_BYTES`` (every JSON answer,
      error and control reply, most assets) goes out in one ``send`` when the request is done
      (``handle_one_request`` flushes), so one segment instead of two. Larger bodies are written straight
      from their bytes after the headers, not copied whole into the buffer.
    - Every accepted connection has ``TCP_NODELAY`` (``HTTPServer.get_request``), so whatever is written in
      several pieces (a large asset, an interim ``100 Continue``, a response streamed by a future endpoint)
      leaves at once too: no handler can bring the delay back by writing twice.
    """

    protocol_version = "HTTP/1.1"  # keep-alive: SDKs reuse connections
    server_version = "codeartifact-mock"
    wbufsize = _RESPONSE_BUFFER_BYTES
    server: HTTPServer

    def setup(self) -> None:
        # StreamRequestHandler.setup, with the request read through a _TimedReader (TCP_NODELAY is set when
        # the connection is accepted: HTTPServer.get_request).
        self.connection = self.request
        self._reader = _TimedReader(self.connection)
        self.rfile = io.BufferedReader(self._reader)
        self.wfile = self.connection.makefile("wb", self.wbufsize)

    def handle_one_request(self) -> None:
        # The request line and the headers must arrive within the request timeout from now: the deadline
        # of a kept-alive connection's idle time too. Past it, http.server closes the connection silently
        # if nothing of a request came; once its line has come, parse_request answers 408.
        self._reader.expect(self.server.request_timeout)
        super().handle_one_request()

    def __getattr__(self, name: str) -> Any:
        # http.server answers a method it finds no do_<METHOD> for with an HTML 501: take every method here,
        # so an unknown one gets the same JSON 404 as any other unknown operation.
        if name.startswith("do_"):
            return self._handle
        raise AttributeError(name)

    def parse_request(self) -> bool:
        if len(self.raw_requestline.split()) == 2:
            # HTTP/0.9's bare "GET /path": http.server would wait for headers that never come. Refuse it at
            # once, with a status line all the same.
            self.requestline = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n")
            self.command, self.request_version = None, "HTTP/0.9"  # type: ignore[assignment]
            self.send_error(400, "HTTP/0.9 requests are not supported")
            return False
        try:
            if not super().parse_request():
                return False
        except socket.timeout:
            self.send_error(408, self._late("headers"))
            return False
        # e.g. a header line without a colon, which ends the headers early. The email parser that reads the
        # headers also reports a multipart Content-Type (twine's uploads) as a multipart without parts: that
        # is about the body, which it never sees, so it is no defect of the headers.
        if [d for d in self.headers.defects if not isinstance(d, _BODY_DEFECTS)]:
            self.send_error(400, "Malformed request headers")
            return False
        return self._admitted()

    def _admitted(self) -> bool:
        """Whether the request may be answered (browser_guard); if not, refuse it and say False."""
        headers = self.headers
        refusal = self.server.guard.refusal(
            headers.get_all("Host") or [],
            headers.get_all("Origin") or [],
            headers.get_all("Sec-Fetch-Site") or [],
        )
        if refusal is not None:
            self._refuse(error_response(*refusal))
            return False
        return True

    def _late(self, part: str) -> str:
        return (
            f"The request's {part} did not arrive within the server's request timeout of"
            f" {self.server.request_timeout:g} seconds"
        )

    def _handle(self) -> None:
        try:
            body = self._read_body()
            response = self._respond(body)
        except HttpError as error:
            response = self._error_response(error)
            if error.close:
                self._refuse(response)
                return
        self._send(response)

    def _error_response(self, error: HttpError) -> Union[WireResponse, EndpointResponse]:
        """The server's refusal, worded as the format's clients read errors at a repository endpoint (a body
        too large for ``cargo publish`` is Cargo's error JSON), else as the API's."""
        refusal = endpoints.refusal(urlsplit(self.path).path, error.status, error.message)
        return error.response() if refusal is None else refusal

    def _respond(self, body: bytes) -> Union[WireResponse, EndpointResponse]:
        split = urlsplit(self.path)
        path = _percent_decoded(split.path, "path")
        _percent_decoded(split.query, "query string")  # refused if not UTF-8, rather than read with U+FFFD
        try:
            if path.startswith(control_api.PREFIX):
                response = control_api.answer(
                    self.server.store, self.server.account_id, self.command, path, body
                )
            elif endpoints.claims(path):  # the repository endpoints: /<format>/d/<domain>-<owner>/<repo>/...
                return self._answer_endpoint(path, split.path, body)
            else:
                response = self._call_operation(routes().get((self.command, path)), body)
        except NotImplementedError as error:
            return error_response(501, str(error))
        except Exception:  # a bug of the mock: say so loudly, but keep serving
            traceback.print_exc(file=sys.stderr)
            return error_response(500, "codeartifact-mock failed to answer; see the server's log")
        return response or error_response(404, f"No operation at {self.command} {path}")

    def _answer_endpoint(self, path: str, raw_path: str, body: bytes) -> EndpointResponse:
        address = endpoints.path_address(path)
        prefix = (
            ""
            if address is None
            else f"/{address.format}/d/{address.domain}-{address.owner}/{address.repository}/"
        )
        below = path[len(prefix) :] if address is not None and path.startswith(prefix) else ""
        headers = endpoints.lower_headers(dict(self.headers.items()))
        request = EndpointRequest(self.command, below, headers, body, self.base_url() + prefix)
        return endpoints.answer(self.server.store, self.server.account_id, address, request, raw_path)

    def base_url(self) -> str:
        """How the client reached this server (its Host header), for the URLs the server gives out."""
        host = self.headers.get("Host", "")
        if not _HOST.fullmatch(host):
            address = self.server.server_name
            host = f"[{address}]" if ":" in address else address
            host = f"{host}:{self.server.server_port}"
        return f"http://{host}"

    def _call_operation(self, operation_name: Optional[str], body: bytes) -> Optional[WireResponse]:
        if operation_name is None:
            return None
        response = self._call_dispatch(operation_name, body)
        rewrite = not self.server.aws_repository_endpoints  # the server's own URL, where clients reach it
        if rewrite and operation_name == "GetRepositoryEndpoint" and response.status == 200:
            document = json.loads(response.body)
            document["repositoryEndpoint"] = endpoints.server_endpoint(
                document["repositoryEndpoint"], self.base_url()
            )
            new_body = json.dumps(document).encode()
            headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
            response = WireResponse(response.status, headers, new_body)
        return response

    def _call_dispatch(self, operation_name: str, body: bytes) -> WireResponse:
        authorization = self.headers.get("Authorization")
        return dispatch.answer(
            self.server.store,
            caller_of(self.server.store, self.server.account_id, authorization),
            region_of(authorization),
            operation_name,
            self.path,
            dict(self.headers.items()),
            body,
        )

    # -- the request body ---------------------------------------------------------------------------------

    def _read_body(self) -> bytes:
        self._reader.expect(self.server.request_timeout, MIN_BODY_BYTES_PER_SECOND)
        try:
            return self._read_framed_body()
        except socket.timeout:
            message = f"{self._late('body')}, or at {MIN_BODY_BYTES_PER_SECOND} bytes a second after that"
            raise HttpError(408, message, close=True) from None

    def _read_framed_body(self) -> bytes:
        encodings = self.headers.get_all("Transfer-Encoding") or []
        lengths = self.headers.get_all("Content-Length") or []
        if encodings:
            if lengths:
                raise HttpError(400, "Content-Length and Transfer-Encoding must not both be sent", close=True)
            if [e.strip().lower() for e in encodings] != ["chunked"]:
                raise HttpError(400, "Only Transfer-Encoding: chunked is supported", close=True)
            return self._read_chunked()
        if not lengths:
            if self.command in ("POST", "PUT", "PATCH"):
                raise HttpError(411, "A request with a body needs a Content-Length header", close=True)
            return b""
        if len(set(lengths)) != 1 or not lengths[0].strip().isdigit() or not lengths[0].strip().isascii():
            raise HttpError(400, "The Content-Length header is not a single number", close=True)
        length = int(lengths[0])
        self._check_size(length)
        body = self.rfile.read(length)
        if len(body) < length:
            raise HttpError(400, "The request body is shorter than its Content-Length", close=True)
        return body

    def _check_size(self, length: int) -> None:
        limit = self.server.max_body_bytes
        if length > limit:
            raise HttpError(413, f"The request body exceeds this server's limit of {limit} bytes", close=True)

    def _read_chunked(self) -> bytes:
        body = bytearray()
        while True:
            size_line = self.rfile.readline(1024)
            size_text = size_line.split(b";", 1)[0].strip()
            if not size_line.endswith(b"\n") or not _CHUNK_SIZE.fullmatch(size_text):
                raise HttpError(400, "Malformed chunked request body", close=True)
            size = int(size_text, 16)
            if size == 0:
                break
            self._check_size(len(body) + size)
            chunk = self.rfile.read(size)
            if len(chunk) < size or self.rfile.readline(3).strip():
                raise HttpError(400, "Malformed chunked request body", close=True)
            body += chunk
        for _ in range(_MAX_TRAILER_LINES):
            if not self.rfile.readline(8192).strip():
                return bytes(body)
        raise HttpError(400, "Malformed chunked request body", close=True)

    def handle_expect_100(self) -> bool:
        """Refuse a body we would refuse anyway before the client sends it."""
        if not self._admitted():
            return False
        try:
            lengths = self.headers.get_all("Content-Length") or []
            if len(lengths) == 1 and lengths[0].strip().isdigit():
                self._check_size(int(lengths[0]))
        except HttpError as error:
            self._refuse(self._error_response(error))
            return False
        super().handle_expect_100()
        self.wfile.flush()  # the client waits for this before it sends the body: it cannot stay buffered
        return True

    # -- the response -------------------------------------------------------------------------------------

    def _send(self, response: Union[WireResponse, EndpointResponse]) -> None:
        # A client that stops reading its answer loses its connection: no write waits longer than this.
        self.connection.settimeout(self.server.request_timeout)
        self.send_response(response.status)
        headers = list(response.headers.items() if isinstance(response.headers, dict) else response.headers)
        for name, value in headers:
            self.send_header(name, value)
        # A 304 has no body, and a Content-Length there would state the size of the 200 it stands for (RFC
        # 9110 section 8.6), which a 304 decided before making the document does not know: none is sent.
        if response.status != 304 and not any(name.lower() == "content-length" for name, _ in headers):
            self.send_header("Content-Length", str(len(response.body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def send_error(self, code: int, message: Optional[str] = None, explain: Optional[str] = None) -> None:
        """http.server's own refusals (malformed request line or headers, ...): JSON too, never HTML."""
        if self.request_version == "HTTP/0.9":  # not (yet) parsed: answer with a status line all the same
            self.request_version = "HTTP/1.1"
        self._refuse(error_response(code, message or self.responses.get(code, ("Bad request",))[0]))

    def _refuse(self, response: Union[WireResponse, EndpointResponse]) -> None:
        """Answer a request whose body was not read, then close the connection.

        Closing a socket with unread data resets the connection, and a client still sending its body would
        lose the answer. So, as web servers do, drain what it sends for a short while before closing.
        """
        self.close_connection = True
        self._send(response)
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_WR)
            deadline = time.monotonic() + _LINGER_SECONDS
            while (remaining := deadline - time.monotonic()) > 0:
                self.connection.settimeout(remaining)
                if not self.connection.recv(65536):
                    break
        except OSError:
            pass  # the client is gone or silent: nothing more to do

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            super().log_message(format, *args)


def _percent_decoded(text: str, part: str) -> str:
    """``text`` percent-decoded; a client error unless it is ASCII and decodes to valid UTF-8."""
    try:
        if not text.isascii():
            raise UnicodeError
        parse_qsl(text, keep_blank_values=True, errors="strict")  # every name and value must decode
        return unquote(text, errors="strict")
    except UnicodeError:
        raise HttpError(400, f"The request's {part} is not valid percent-encoded UTF-8") from None
    except ValueError as error:
        raise HttpError(400, f"The request's {part} cannot be parsed: {error}") from None


def _load_what_answering_needs() -> None:
    """Load now what answering a request would load the first time: botocore's service model (found by
    listing botocore's ~400 data folders) and the modules imported when first needed. The server's first
    answers then cost what later ones do, and a server with every file descriptor taken can still answer
    (loading opens files)."""
    routes()
    for module in _IMPORTED_WHEN_FIRST_NEEDED:
        importlib.import_module(module)


class HTTPServer(ThreadingHTTPServer):
    """Serves ``store`` as ``account_id``, one thread per connection.

    ``request_timeout``: the seconds a request may take to arrive, and a kept-alive connection may stay
    idle (see ``_TimedReader``). ``allowed_hosts``: host names it answers for besides loopback ones
    (``browser_guard``).
    """

    daemon_threads = True  # a stalled client never keeps the process alive
    request_queue_size = LISTEN_BACKLOG

    def __init__(
        self,
        host: str,
        port: int,
        store: Store,
        account_id: str,
        max_body_bytes: int,
        verbose: bool,
        aws_repository_endpoints: bool = False,
        *,
        request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
        allowed_hosts: Sequence[str] = (),
    ) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.store = store
        # GetRepositoryEndpoint: AWS's URLs if True, else this server's own (where package managers can reach)
        self.aws_repository_endpoints = aws_repository_endpoints
        self.account_id = account_id
        self.max_body_bytes = max_body_bytes
        self.verbose = verbose
        self.request_timeout = request_timeout
        self.guard = BrowserGuard(host, allowed_hosts)
        self._connection_closed = threading.Event()  # set when a connection closes: a descriptor is free
        _load_what_answering_needs()
        super().__init__((host, port), _Handler)

    def get_request(self) -> tuple[socket.socket, Any]:
        try:
            connection, address = super().get_request()
        except OSError as error:
            if error.errno in _EXHAUSTED:
                # The listening socket stays readable while the connection waits in the backlog, so the
                # serve_forever loop would try again at once, for ever, at 100% CPU. Wait for a connection
                # to close instead (or a moment: a descriptor may be freed elsewhere in the process).
                self._connection_closed.wait(_ACCEPT_RETRY_SECONDS)
                self._connection_closed.clear()
            raise  # serve_forever drops it and polls again
        # Every write leaves at once, however a handler splits its response (see _Handler).
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection, address

    def close_request(self, request: Any) -> None:
        super().close_request(request)
        self._connection_closed.set()

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks the host's name up (getfqdn): a DNS query we neither need nor want.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), int(self.server_address[1])

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], (ConnectionError, socket.timeout)):  # (TimeoutError from 3.10)
            return  # the client went away or went silent: nothing to report
        super().handle_error(request, client_address)
