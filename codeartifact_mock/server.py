"""Server mode: the in-memory CodeArtifact over HTTP, for any SDK or the AWS CLI (``--endpoint-url``).

    $ codeartifact-mock-server --port 5000
    codeartifact-mock-server listening on http://127.0.0.1:5000

    >>> with ThreadedCodeArtifactServer() as server:  # a free port on 127.0.0.1
    ...     client = boto3.client("codeartifact", endpoint_url=server.url, region_name="us-east-1",
    ...                           aws_access_key_id="testing", aws_secret_access_key="testing")

Requests are routed by method and path from the service model and answered by ``dispatch.answer``, the same
wire layer and backend that answer in-process calls. The region is read from the SigV4 credential scope
(signatures are not checked); each server has its own state, independent of in-process mocks. The control API
(``server_control``) lives under ``/_codeartifact_mock/``. The repository endpoints that pip and twine talk to
(``endpoints``) live under ``/<format>/d/<domain>-<owner>/<repository>/``, and GetRepositoryEndpoint answers
with those URLs unless ``aws_repository_endpoints=True`` (``--aws-repository-endpoints``).

Malformed requests get JSON 4xx errors, never HTML, and the server keeps serving (``server_http``).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType, TracebackType
from typing import Any, Optional

from . import server_control
from .activation import DEFAULT_ACCOUNT_ID
from .backend import Backend, Store
from .backend.errors import ServiceError, ValidationError
from .controls import StoreControls
from .server_http import DEFAULT_MAX_BODY_BYTES, HTTPServer

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5000


class ThreadedCodeArtifactServer(StoreControls):
    """A CodeArtifact server on a background thread, with its own in-memory state.

    ``port=0`` (the default) picks a free port; ``url`` says where it listens. Use ``start()``/``stop()`` or
    ``with``. ``reset()``, ``add_package_version()``, ``inject_error()``, ``set_policy()``, ``calls`` and
    ``expire_tokens()`` are the control API, called directly; they work whether or not the server is running.

    ``store`` serves an existing state instead of a new one (``CodeArtifactMock.serve`` passes the in-process
    mock's). ``aws_repository_endpoints=True`` keeps AWS's URLs in GetRepositoryEndpoint's answers.
    """

    def __init__(
        self,
        host: str = DEFAULT_HOST,
        port: int = 0,
        account_id: str = DEFAULT_ACCOUNT_ID,
        *,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        verbose: bool = False,
        store: Optional[Store] = None,
        aws_repository_endpoints: bool = False,
    ) -> None:
        self.host = host
        self.account_id = account_id
        self.store = Store() if store is None else store
        self.aws_repository_endpoints = aws_repository_endpoints
        self.max_body_bytes = max_body_bytes
        self.verbose = verbose
        self._requested_port = port
        self._httpd: Optional[HTTPServer] = None
        self._thread: Optional[threading.Thread] = None

    def start(self) -> None:
        if self._httpd is not None:
            raise RuntimeError("this server is already running")
        httpd = HTTPServer(
            self.host,
            self._requested_port,
            self.store,
            self.account_id,
            self.max_body_bytes,
            self.verbose,
            self.aws_repository_endpoints,
        )
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
        """Empty the state: versions, injected errors, policy, recorded calls (``POST .../reset``)."""
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
            return server_control.seed_version(self.store, self.account_id, {**coordinates, **options})
        except ValidationError as error:
            raise ValueError(error.message) from None


def main(argv: Optional[Sequence[str]] = None) -> int:
    """``codeartifact-mock-server``: serve until interrupted."""
    parser = argparse.ArgumentParser(
        prog="codeartifact-mock-server",
        description="Serve an in-memory AWS CodeArtifact over HTTP (point --endpoint-url at it).",
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help="address to bind (default: %(default)s)")
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help="port (default: %(default)s; 0 picks a free one)"
    )
    parser.add_argument(
        "--account-id",
        default=DEFAULT_ACCOUNT_ID,
        help="the account the server answers as (default: %(default)s)",
    )
    parser.add_argument(
        "--max-body-bytes",
        type=int,
        default=DEFAULT_MAX_BODY_BYTES,
        help="largest request body accepted, in bytes (default: %(default)s)",
    )
    parser.add_argument(
        "--aws-repository-endpoints",
        action="store_true",
        help="answer GetRepositoryEndpoint with AWS's URLs, not this server's (which pip and twine reach)",
    )
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    options = parser.parse_args(argv)

    server = ThreadedCodeArtifactServer(
        options.host,
        options.port,
        options.account_id,
        max_body_bytes=options.max_body_bytes,
        verbose=options.verbose,
        aws_repository_endpoints=options.aws_repository_endpoints,
    )
    server.start()
    print(f"codeartifact-mock-server listening on {server.url}", flush=True)
    stopped = threading.Event()

    def stop(_signal: int, _frame: Optional[FrameType]) -> None:
        stopped.set()

    signal.signal(signal.SIGTERM, stop)
    try:
        stopped.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
