"""Server mode: the in-memory CodeArtifact over HTTP, for any SDK or the AWS CLI (``--endpoint-url``).

    $ codeartifact-mock-server --port 5000
    codeartifact-mock-server listening on http://127.0.0.1:5000

    >>> with ThreadedCodeArtifactServer() as server:  # a free port on 127.0.0.1
    ...     client = boto3.client("codeartifact", endpoint_url=server.url, region_name="us-east-1",
    ...                           aws_access_key_id="testing", aws_secret_access_key="testing")

Requests are routed by method and path from the service model and answered by ``dispatch.answer``, the same
wire layer and backend that answer in-process calls. The region is read from the SigV4 credential scope
(signatures are not checked); each server has its own state, independent of in-process mocks. The control API
(``control_api``) lives under ``/_codeartifact_mock/``. The repository endpoints that pip and twine talk to
(``endpoints``) live under ``/<format>/d/<domain>-<owner>/<repository>/``, and GetRepositoryEndpoint answers
with those URLs unless ``aws_repository_endpoints=True`` (``--aws-repository-endpoints``).

Malformed requests get JSON 4xx errors, never HTML, and the server keeps serving (``http_handler``). No
client stalls it: every request has ``request_timeout`` seconds to arrive (``--request-timeout``). It answers
no web page: a request whose ``Host`` is not one of its names or addresses, or whose ``Origin`` is another's,
is refused (``browser_guard``; more names with ``allowed_hosts``, ``--allowed-host``). Listening on an address
other than a loopback one warns that the API, which checks no credentials, is reachable from the network.
"""

from __future__ import annotations

import argparse
import errno
import ipaddress
import math
import signal
import socket
import sys
import threading
import warnings
from collections.abc import Sequence
from functools import partial
from types import FrameType, TracebackType
from typing import Any, Callable, NoReturn, Optional

from ..accounts import ENVIRONMENT_VARIABLE, account_in_force, checked_account_id, default_account_id
from ..activation import DEFAULT_ACCOUNT_ID
from ..backend import Backend, Store
from ..backend.errors import ServiceError, ValidationError
from ..backend.store import DEFAULT_MAX_CALLS
from ..controls import StoreControls
from ..controls.recording import checked_max_calls
from . import control_api
from .browser_guard import is_loopback
from .http_handler import DEFAULT_MAX_BODY_BYTES, DEFAULT_REQUEST_TIMEOUT, HTTPServer

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5000

# The integer options and their bounds (None: unbounded). A body limit of 0 would refuse every request
# that has a body, so the smallest is 1.
_BOUNDS: dict[str, tuple[int, Optional[int]]] = {
    "port": (0, 65535),
    "max_body_bytes": (1, None),
    "max_calls": (0, None),
}


class NetworkExposureWarning(UserWarning):
    """The server listens on an address other machines can reach, and its API checks no credentials."""


class ThreadedCodeArtifactServer(StoreControls):
    """A CodeArtifact server on a background thread, with its own in-memory state.

    ``port=0`` (the default) picks a free port; ``url`` says where it listens. Use ``start()``/``stop()`` or
    ``with``. ``reset()``, ``add_package_version()``, ``inject_error()``, ``set_policy()``, ``calls`` and
    ``expire_tokens()`` are the control API, called directly; they work whether or not the server is running.

    ``store`` serves an existing state instead of a new one (``CodeArtifactMock.serve`` passes the in-process
    mock's). ``aws_repository_endpoints=True`` keeps AWS's URLs in GetRepositoryEndpoint's answers.
    ``max_calls`` is how many of the most recent calls ``calls`` keeps, in a new state (None: every one).

    ``request_timeout`` (seconds, default 60): a request's line and headers must arrive within it, a
    kept-alive connection may stay idle that long, and a body must keep coming (no pause that long, at
    least 500 bytes a second after the first ``request_timeout`` seconds). ``allowed_hosts``: host names
    the server answers for besides ``localhost`` and its addresses (a request naming another ``Host`` gets
    a 421, one with an ``Origin`` not its own a 403). ``start()`` on an address that is not a loopback one
    warns with a ``NetworkExposureWarning``.

    The server answers as ``account_id``; without it, as ``MOTO_ACCOUNT_ID`` when it starts, else
    123456789012. A bad argument is a ``ValueError`` here; ``start()`` raises ``socket.gaierror`` for a host
    that does not resolve and ``OSError`` when it cannot listen, each with a one-line message.
    """

    def __init__(
        self,
        host: str = DEFAULT_HOST,
        port: int = 0,
        account_id: Optional[str] = None,
        *,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        verbose: bool = False,
        store: Optional[Store] = None,
        aws_repository_endpoints: bool = False,
        max_calls: Optional[int] = DEFAULT_MAX_CALLS,
        request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
        allowed_hosts: Sequence[str] = (),
    ) -> None:
        if not isinstance(host, str) or not host:
            raise ValueError(f"host must be a host name or an IP address, not {host!r}")
        self.host = host
        problem = _seconds_problem(request_timeout)
        if problem is not None:
            raise ValueError(f"request_timeout {problem}")
        self.request_timeout = float(request_timeout)
        self.allowed_hosts = _checked_host_names(allowed_hosts)
        self._given_account_id = None if account_id is None else checked_account_id(account_id)
        self.store = Store(checked_max_calls(max_calls)) if store is None else store
        self.aws_repository_endpoints = aws_repository_endpoints
        self.max_body_bytes = _checked_integer("max_body_bytes", max_body_bytes)
        self.verbose = verbose
        self._requested_port = _checked_integer("port", port)
        self._httpd: Optional[HTTPServer] = None
        self._thread: Optional[threading.Thread] = None

    @property
    def account_id(self) -> str:
        """The account the server answers as: while running, the one chosen when it started; otherwise the
        one it would choose if it started now."""
        if self._httpd is not None:
            return self._httpd.account_id
        return account_in_force(self._given_account_id)

    def start(self) -> None:
        if self._httpd is not None:
            raise RuntimeError("this server is already running")
        account_id = self.account_id
        address = _numeric_address(self.host)
        port = self._requested_port
        try:
            httpd = HTTPServer(
                address,
                port,
                self.store,
                account_id,
                self.max_body_bytes,
                self.verbose,
                self.aws_repository_endpoints,
                request_timeout=self.request_timeout,
                # the host as given, if it is a name (an address is the one bound)
                allowed_hosts=[*self.allowed_hosts, *([self.host] if self.host != address else [])],
            )
        except OSError as error:
            raise OSError(error.errno, _listen_failure(error, self.host, port)) from None
        if not is_loopback(address):
            warnings.warn(_exposure(self.host, httpd.server_port), NetworkExposureWarning, stacklevel=2)
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            args=(0.05,),
            name=f"codeartifact-mock-server:{httpd.server_port}",
            daemon=True,
        )
        self._httpd = httpd
        self._thread.start()

    def stop(self) -> None:
        httpd, thread = self._httpd, self._thread
        if httpd is None or thread is None:
            raise RuntimeError("this server is not running")
        httpd.shutdown()
        httpd.server_close()
        thread.join()
        self._httpd = self._thread = None

    def __enter__(self) -> ThreadedCodeArtifactServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("the server is not running: start it first")
        return self._httpd.server_port

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def endpoint_url(
        self, domain: str, repository: str, format: str, domain_owner: Optional[str] = None
    ) -> str:
        """The URL of a repository's endpoint for a format on this server, ending in ``/``."""
        return f"{self.url}/{format}/d/{domain}-{domain_owner or self.account_id}/{repository}/"

    def authorization_token(
        self, domain: str, *, domain_owner: Optional[str] = None, region: str = "us-east-1"
    ) -> str:
        """A token from GetAuthorizationToken for ``domain``, as this server's account (not recorded)."""
        backend = Backend(self.store, self.account_id, region)
        with self.store.lock:
            try:
                result = backend.get_authorization_token(domain=domain, domain_owner=domain_owner)
            except ServiceError as error:
                raise ValueError(error.message) from None
        return str(result["authorizationToken"])

    def pip_index_url(
        self, domain: str, repository: str, *, domain_owner: Optional[str] = None, region: str = "us-east-1"
    ) -> str:
        """A ready ``--index-url`` for pip: the repository's ``simple/`` page, with a fresh token in it."""
        token = self.authorization_token(domain, domain_owner=domain_owner, region=region)
        url = self.endpoint_url(domain, repository, "pypi", domain_owner)
        return url.replace("://", f"://aws:{token}@", 1) + "simple/"

    def reset(self) -> None:
        """Empty the state: versions, injected errors, policy, recorded calls, public registries
        (``POST .../reset``); the recorded calls kept stay ``max_calls``."""
        self.store.reset()

    def _controlled_store(self, doing: Optional[str]) -> Store:
        return self.store

    def add_package_version(
        self, domain: str, repository: str, format: str, package: str, version: str, **options: Any
    ) -> str:
        """``CodeArtifactMock.add_package_version`` on this server's state; returns the revision.

        ``account_id`` defaults to the server's. Bad arguments raise ``ValueError``, as the mock's do.
        """
        coordinates = {
            "domain": domain,
            "repository": repository,
            "format": format,
            "package": package,
            "version": version,
        }
        try:
            return control_api.seed_version(self.store, self.account_id, {**coordinates, **options})
        except ValidationError as error:
            raise ValueError(error.message) from None


def _integer_problem(name: str, value: object) -> Optional[str]:
    """What is wrong with ``value`` as the integer option ``name``, or None if nothing is."""
    low, high = _BOUNDS[name]
    in_bounds = isinstance(value, int) and low <= value and (high is None or value <= high)
    if in_bounds and not isinstance(value, bool):
        return None
    if high is None:
        return f"must be an integer of at least {low}, not {value!r}"
    return f"must be an integer from {low} to {high}, not {value!r}"


def _checked_integer(name: str, value: object) -> int:
    problem = _integer_problem(name, value)
    if problem is not None:
        raise ValueError(f"{name} {problem}")
    return value  # type: ignore[return-value]  # (an int: no problem was found)


def _seconds_problem(value: object) -> Optional[str]:
    """What is wrong with ``value`` as a number of seconds, or None if nothing is."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < math.inf:
        return None
    return f"must be a number of seconds greater than 0, not {value!r}"


def _checked_host_names(names: object) -> tuple[str, ...]:
    """``allowed_hosts``: a sequence of host names (no scheme, port or path), else a ``ValueError``."""
    if isinstance(names, str) or not isinstance(names, (list, tuple, set, frozenset)):
        raise ValueError(f"allowed_hosts must be a list of host names, not {names!r}")
    for name in names:
        if not isinstance(name, str) or not name or any(c in name for c in ":/[]@ \t"):
            raise ValueError(f"allowed_hosts: {name!r} is not a host name (give no scheme, port or path)")
    return tuple(names)


def _exposure(host: str, port: int) -> str:
    """The warning for a server listening on ``host``, not a loopback address."""
    return (
        f"listening on {host}, not a loopback address: other machines can reach this server at port {port},"
        " and its API checks no credentials, so anyone who can reach it can read and change its state"
    )


def _numeric_address(host: str) -> str:
    """``host`` as the IP address to bind: a literal address as it is, a name looked up by the system's
    resolver. ``socket.gaierror`` with a one-line message for a name that does not resolve."""
    try:
        ipaddress.ip_address(host)
        return host  # no look-up for an address
    except ValueError:
        pass
    family = socket.AF_INET6 if ":" in host else socket.AF_INET  # as ``HTTPServer`` chooses it
    try:
        found = socket.getaddrinfo(host, None, family, socket.SOCK_STREAM, 0, socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise socket.gaierror(error.errno, f"cannot resolve host {host!r}: {error.strerror}") from None
    except (UnicodeError, ValueError):  # a label IDNA cannot encode (empty, over 63 characters), a NUL
        raise socket.gaierror(socket.EAI_NONAME, f"cannot resolve host {host!r}: not a host name") from None
    return str(found[0][4][0])


def _listen_failure(error: OSError, host: str, port: int) -> str:
    """One line saying why the server cannot listen on ``host`` and ``port``."""
    if error.errno == errno.EADDRINUSE:
        return f"port {port} is already in use"
    if error.errno == errno.EADDRNOTAVAIL:
        return f"host {host} is not an address of this machine"
    return f"cannot listen on {host} port {port}: {error.strerror or error}"


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error told in one line: ``<prog>: argument --port: ...``, exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message}\n")


def _checked_option(parse: Callable[[str], object], problem_of: Callable[[object], Optional[str]]) -> Any:
    """An argparse ``type``: the text read by ``parse`` (kept as text if it does not parse), refused with
    the problem ``problem_of`` finds in it, as the constructor's argument would be."""

    def convert(text: str) -> object:
        try:
            value = parse(text)
        except ValueError:
            value = text
        problem = problem_of(value)
        if problem is not None:
            raise argparse.ArgumentTypeError(problem)
        return value

    return convert


def _integer_option(name: str) -> Any:
    """An argparse ``type`` reading the integer option ``name`` and checking its bounds."""
    return _checked_option(int, partial(_integer_problem, name))


_seconds_option = _checked_option(float, _seconds_problem)  # a number of seconds, greater than 0


def _host_name_option(text: str) -> str:
    try:
        return _checked_host_names([text])[0]
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error).split(": ", 1)[1]) from None


def _account_option(text: str) -> str:
    try:
        return checked_account_id(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def main(argv: Optional[Sequence[str]] = None) -> int:
    """``codeartifact-mock-server``: serve until interrupted.

    A bad argument is told in one line on stderr with exit status 2, before anything is bound; a failure to
    listen in one line with exit status 1.
    """
    parser = _Parser(
        prog="codeartifact-mock-server",
        description="Serve an in-memory AWS CodeArtifact over HTTP (point --endpoint-url at it).",
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help="address to bind (default: %(default)s)")
    parser.add_argument(
        "--port",
        type=_integer_option("port"),
        default=DEFAULT_PORT,
        help="port (default: %(default)s; 0 picks a free one)",
    )
    parser.add_argument(
        "--account-id",
        type=_account_option,
        help=f"the account the server answers as, 12 digits (default: ${ENVIRONMENT_VARIABLE} if set,"
        f" else {DEFAULT_ACCOUNT_ID})",
    )
    parser.add_argument(
        "--max-body-bytes",
        type=_integer_option("max_body_bytes"),
        default=DEFAULT_MAX_BODY_BYTES,
        help="largest request body accepted, in bytes (default: %(default)s)",
    )
    parser.add_argument(
        "--max-calls",
        type=_integer_option("max_calls"),
        default=DEFAULT_MAX_CALLS,
        help="how many of the most recent calls the control API's calls keeps (default: %(default)s)",
    )
    parser.add_argument(
        "--aws-repository-endpoints",
        action="store_true",
        help="answer GetRepositoryEndpoint with AWS's URLs, not this server's (which pip and twine reach)",
    )
    parser.add_argument(
        "--request-timeout",
        type=_seconds_option,
        default=DEFAULT_REQUEST_TIMEOUT,
        metavar="SECONDS",
        help="how long a request's line and headers may take to arrive, and a kept-alive connection may stay"
        " idle; a body must keep coming, at 500 bytes a second or more after that (default: %(default)g)",
    )
    parser.add_argument(
        "--allowed-host",
        type=_host_name_option,
        action="append",
        default=[],
        metavar="NAME",
        help="a host name to answer for, besides localhost and the server's addresses (repeat for more):"
        " requests naming another in their Host header are refused, to keep web pages out",
    )
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    options = parser.parse_args(argv)

    account_id = options.account_id
    if account_id is None:
        try:
            account_id = default_account_id()
        except ValueError as error:
            parser.error(f"environment variable {ENVIRONMENT_VARIABLE}: {error}")
    try:
        server = ThreadedCodeArtifactServer(
            options.host,
            options.port,
            account_id,
            max_body_bytes=options.max_body_bytes,
            verbose=options.verbose,
            aws_repository_endpoints=options.aws_repository_endpoints,
            max_calls=options.max_calls,
            request_timeout=options.request_timeout,
            allowed_hosts=options.allowed_host,
        )
        with warnings.catch_warnings(record=True) as warned:  # said below, as a command says things
            warnings.simplefilter("always", NetworkExposureWarning)
            server.start()
    except ValueError as error:  # the other arguments were checked as they were read: an empty --host
        parser.error(str(error))
    except socket.gaierror as error:  # the host does not resolve: a bad argument
        parser.error(str(error.strerror or error))
    except OSError as error:
        parser.exit(1, f"{parser.prog}: {error.strerror or error}\n")
    stopped = threading.Event()

    def stop(_signal: int, _frame: Optional[FrameType]) -> None:
        stopped.set()

    signal.signal(signal.SIGTERM, stop)  # before the line that tells a caller it may stop us
    for warning in warned:
        print(f"{parser.prog}: warning: {warning.message}", file=sys.stderr, flush=True)
    print(f"codeartifact-mock-server listening on {server.url}", flush=True)
    try:
        stopped.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
