"""``CodeArtifactMock`` and ``mock_codeartifact``: the user-facing switch, usable every way a test needs it.

Usage::

    @mock_codeartifact  # a test function, sync or async, or a whole test class
    def test_archive(): ...


    with mock_codeartifact() as ca:  # a script
        ca.add_package_version("my-domain", "my-repo", "npm", "chalk", "4.1.0")
"""

from __future__ import annotations

import functools
import inspect
import sys
from contextlib import AbstractContextManager
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, Callable, Optional, TypeVar, Union, overload

from . import activation, botocore_hooks
from .accounts import account_in_force, checked_account_id
from .backend import Store
from .backend.lifecycle import PUBLISHED
from .backend.store import DEFAULT_MAX_CALLS
from .controls import StoreControls
from .controls.recording import checked_max_calls
from .endpoints import in_process
from .iam.principals import principal
from .wire.seed_arguments import seed

if TYPE_CHECKING:
    from .server import ThreadedCodeArtifactServer

T = TypeVar("T")


class CodeArtifactMock(StoreControls):
    """One activation of the in-memory CodeArtifact: start/stop, context manager or decorator.

    ``account_id`` is the account the mock answers as; without it, ``MOTO_ACCOUNT_ID`` as set when the mock
    starts, else 123456789012. A value that is not 12 digits is a ``ValueError``. ``max_calls`` is how many
    of the most recent calls ``calls`` keeps (None: every one), when this is the outermost active mock
    (nested mocks share its state); anything but an integer of at least 0, or None, is a ``ValueError``.
    """

    def __init__(
        self, account_id: Optional[str] = None, *, max_calls: Optional[int] = DEFAULT_MAX_CALLS
    ) -> None:
        self._given_account_id = None if account_id is None else checked_account_id(account_id)
        self._max_calls = checked_max_calls(max_calls)
        self._started_account_id: Optional[str] = None  # the account in force while active
        self._depth = 0

    @property
    def account_id(self) -> str:
        """The account the mock answers as: while active, the one chosen when it started; otherwise the one
        it would choose if it started now."""
        if self._started_account_id is not None:
            return self._started_account_id
        return account_in_force(self._given_account_id)

    # -- activation ---------------------------------------------------------------------------------

    def start(self) -> None:
        botocore_hooks.patch_default_session()
        account_id = self.account_id  # read once, at the outermost start of this mock
        activation.start(self, account_id, self._max_calls)
        self._started_account_id = account_id
        self._depth += 1
        if len(activation.active) == 1:  # the outermost activation: AWS's repository URLs too (requests)
            in_process.start()

    def stop(self) -> None:
        if self._depth == 0:
            raise RuntimeError("this CodeArtifactMock is not active")
        self._depth -= 1
        activation.stop(self)
        if self._depth == 0:
            self._started_account_id = None
        if not activation.active:
            in_process.stop()

    def serve(
        self, *, aws_repository_endpoints: bool = False, max_body_bytes: Optional[int] = None
    ) -> ThreadedCodeArtifactServer:
        """A server on a free loopback port over this mock's state: ``with ca.serve() as server:``.

        pip, twine and any other process reach the same repositories (and tokens) as boto3 in process:
        ``server.url``, ``server.endpoint_url(domain, repository, format)`` and
        ``server.pip_index_url(domain, repository)`` say where. Start it while the mock is active.
        Its requests are made by the principal their access key is mapped to (``add_access_key``), not by
        an ``as_principal`` block's; a token is its issuer's, whichever door issued it.
        """
        if not self.active:
            raise RuntimeError("start the mock before serving it: the state is emptied when it starts")
        from .server import ThreadedCodeArtifactServer
        from .server.http_handler import DEFAULT_MAX_BODY_BYTES

        return ThreadedCodeArtifactServer(
            "127.0.0.1",
            0,
            self.account_id,
            max_body_bytes=DEFAULT_MAX_BODY_BYTES if max_body_bytes is None else max_body_bytes,
            store=activation.store,
            aws_repository_endpoints=aws_repository_endpoints,
        )

    @property
    def active(self) -> bool:
        return self._depth > 0

    def __enter__(self) -> CodeArtifactMock:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self.stop()

    def __call__(self, target: T) -> T:
        """Decorate a test function (sync or async) or a test class."""
        if inspect.isclass(target):
            return _decorate_class(target, self._fresh)  # type: ignore[return-value]
        return _decorate_function(target, self)  # type: ignore[arg-type, return-value]

    def _fresh(self) -> CodeArtifactMock:
        """A mock made with this one's arguments (a decorated class gets one per test)."""
        return type(self)(self._given_account_id, max_calls=self._max_calls)

    def reset(self) -> None:
        """Forget every domain, repository, package and version, as at the start of a test.

        Injected errors, identity policies, access keys and organizations, authorization tokens, the recorded
        calls and what public registries publish are forgotten too.
        """
        with activation.store.lock:
            activation.store.reset()

    def as_principal(self, principal_arn: str) -> PrincipalScope:
        """Make the calls inside a block, or a decorated function, calls of ``principal_arn``.

        ``with ca.as_principal("arn:aws:iam::210987654321:role/ci"):`` (or ``@ca.as_principal(...)`` on a
        function, sync or async): every in-process API call made while it runs, from any thread, through
        boto3 or aioboto3 alike, is that principal's, and made as its account. Authorization tokens issued
        inside it are that principal's too, and so is every repository endpoint request made with one,
        wherever and whenever it is made. Blocks nest (the
        innermost wins). They are shared by all threads, so threads calling as different principals at
        the same time is not supported. A server's requests follow the access key they are signed with
        (``add_access_key``) instead. ``ValueError`` if ``principal_arn`` is not a principal's ARN.
        """
        return PrincipalScope(self, principal_arn)

    @staticmethod
    def patch_client(client: Any) -> Any:
        """Route a client created before ``codeartifact_mock`` was imported through the mock; returns it."""
        botocore_hooks.patch_events(client.meta.events)
        return client

    # -- faults, principals, recorded calls, public registries: StoreControls' methods, on the active state -

    def _controlled_store(self, doing: Optional[str]) -> Store:
        if doing is not None and not self.active:
            raise RuntimeError(f"start the mock before you {doing}: the state is emptied when it starts")
        return activation.store

    # -- seeding ------------------------------------------------------------------------------------

    def add_package_version(
        self,
        domain: str,
        repository: str,
        format: str,
        package: str,
        version: str,
        *,
        namespace: Optional[str] = None,
        status: str = PUBLISHED,
        assets: Optional[dict[str, bytes]] = None,
        region: str = "us-east-1",
        account_id: Optional[str] = None,
        revision: Optional[str] = None,
        summary: Optional[str] = None,
        home_page: Optional[str] = None,
        source_code_repository: Optional[str] = None,
        licenses: Optional[list[Union[str, dict[str, str]]]] = None,
        readme: Optional[str] = None,
        dependencies: Optional[list[dict[str, str]]] = None,
        origin: Optional[str] = None,
        published_time: Optional[datetime] = None,
        dist_tags: Optional[list[str]] = None,
    ) -> str:
        """Store a package version as if a package manager had published it; return its revision.

        Creates the domain and repository when missing. ``assets`` maps asset names to their bytes; when
        omitted the version gets what the format's package manager would have published, which the real
        client installs: a wheel for pypi, ``package.tgz`` for npm, a ``.jar`` and ``.pom`` for maven
        (a small placeholder file for the other formats), carrying the name, version and metadata given,
        the same bytes for the same arguments. ``revision`` pins the revision string, to reproduce a
        documented output exactly.
        An npm version is tagged ``latest`` as ``npm publish`` tags it (unless ``latest`` names a version
        published later); ``dist_tags`` gives its tags instead (``[]``: none).

        What the package's own metadata file would say (not for generic packages, whose files AWS does
        not read): ``summary``, ``home_page``, ``source_code_repository`` and ``licenses`` (names, or
        ``{"name": ..., "url": ...}`` dicts) come back from DescribePackageVersion; ``readme`` from
        GetPackageVersionReadme (which falls back to ``summary``, as AWS does for packages without a
        readme); ``dependencies`` (dicts with ``package`` and optionally ``namespace``,
        ``dependencyType`` and ``versionRequirement``) from ListPackageVersionDependencies.
        ``origin`` is where the version entered the domain (its ``origin`` in DescribePackageVersion and
        ListPackageVersions): by default the repository it is seeded into; another repository's name for a
        version published there; an external connection name such as ``public:npmjs`` for one ingested
        from a public repository (originType EXTERNAL; a package it creates gets publish=BLOCK,
        upstream=ALLOW).
        ``account_id`` is the owner of the domain, by default the mock's own account.
        ``published_time`` is its publishedTime, a timezone-aware ``datetime`` (a naive one raises
        ``ValueError``); by default the time of this call. ``sortBy="PUBLISHED_TIME"`` and
        ``defaultDisplayVersion`` go by it, so back-dated versions are ordered as if published then.
        Arguments are validated as the API validates them: a bad one raises ``ValueError`` worded like
        AWS's ``ValidationException``, and nothing is stored.
        """
        if not self.active:
            raise RuntimeError("start the mock before seeding it: the state is emptied when it starts")
        return seed(
            activation.store,
            self.account_id if account_id is None else account_id,
            region,
            domain=domain,
            repository=repository,
            format=format,
            package=package,
            version=version,
            namespace=namespace,
            status=status,
            assets=assets,
            revision=revision,
            summary=summary,
            home_page=home_page,
            source_code_repository=source_code_repository,
            licenses=licenses,
            readme=readme,
            dependencies=dependencies,
            origin=origin,
            published_time=published_time,
            dist_tags=dist_tags,
        )


class PrincipalScope:
    """What ``CodeArtifactMock.as_principal`` returns: a context manager and a decorator."""

    def __init__(self, mock: CodeArtifactMock, principal_arn: str) -> None:
        self.principal = principal(principal_arn)  # ValueError unless it is a principal's ARN
        self._mock = mock

    def __enter__(self) -> PrincipalScope:
        if not self._mock.active:
            raise RuntimeError(
                "start the mock before calling as a principal: the state is emptied when it starts"
            )
        activation.push_principal(self, self.principal)
        return self

    def __exit__(self, *exc_info: object) -> None:
        activation.pop_principal(self)

    def __call__(self, target: T) -> T:
        """Decorate a function (sync or async): it runs as the principal."""
        return _decorate_function(target, self)  # type: ignore[arg-type, return-value]


def _decorate_function(func: Callable[..., Any], mock: AbstractContextManager[Any]) -> Callable[..., Any]:
    """Keep ``func`` inside ``mock`` (a mock, or a principal's block) while it runs: across awaits, and
    across yields for generator fixtures."""
    if inspect.isgeneratorfunction(func):

        @functools.wraps(func)
        def run_generator(*args: Any, **kwargs: Any) -> Any:
            with mock:
                return (yield from func(*args, **kwargs))

        return run_generator

    if inspect.isasyncgenfunction(func):

        @functools.wraps(func)
        async def run_async_generator(*args: Any, **kwargs: Any) -> Any:
            with mock:
                async for item in func(*args, **kwargs):
                    yield item

        return run_async_generator

    if inspect.iscoroutinefunction(func):

        @functools.wraps(func)
        async def run_async(*args: Any, **kwargs: Any) -> Any:
            with mock:
                return await func(*args, **kwargs)

        return run_async

    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> Any:
        with mock:
            return func(*args, **kwargs)

    return run


def _decorate_class(cls: type, new_mock: Callable[[], CodeArtifactMock]) -> type:
    """Each test gets a fresh state, seen by its set-up and tear-down too.

    A ``unittest.TestCase`` is mocked from ``setUp`` through its cleanups; a pytest-style class from
    ``setup_method`` through ``teardown_method``. Every ``test*`` method is decorated as well, so a class
    without set-up methods works the same.
    """
    unittest = sys.modules.get("unittest")  # not imported means not a TestCase: spare scripts the import
    if unittest is not None and issubclass(cls, unittest.TestCase):
        test_case: Any = cls
        original_setup = test_case.setUp

        @functools.wraps(original_setup)
        def setUp(self: Any) -> None:
            mock = new_mock()
            mock.start()
            self.addCleanup(mock.stop)
            original_setup(self)

        test_case.setUp = setUp
        return cls
    if callable(getattr(cls, "setup_method", None)):
        _mock_between(cls, "setup_method", "teardown_method", new_mock)
    for name, attribute in list(vars(cls).items()):
        if name.startswith("test") and inspect.isfunction(attribute):
            setattr(cls, name, _decorate_function(attribute, new_mock()))
    return cls


def _mock_between(cls: type, setup: str, teardown: str, new_mock: Callable[[], CodeArtifactMock]) -> None:
    """Start a mock before ``cls.<setup>`` runs and stop it after ``cls.<teardown>`` (defined if missing)."""
    original_setup = getattr(cls, setup)
    original_teardown = getattr(cls, teardown, None)
    attribute = "_codeartifact_mock"

    # pytest passes the test method only to hooks that take it, judging by their positional arguments.
    def start_then_setup(self: Any, method: Any = None) -> Any:
        mock = new_mock()
        mock.start()
        try:
            result = _call_hook(original_setup, self, method)
        except BaseException:
            mock.stop()  # pytest skips teardown_method when set-up fails: don't leave the mock on
            raise
        setattr(self, attribute, mock)
        return result

    def teardown_then_stop(self: Any, method: Any = None) -> Any:
        try:
            return None if original_teardown is None else _call_hook(original_teardown, self, method)
        finally:
            mock = self.__dict__.pop(attribute, None)
            if mock is not None:
                mock.stop()

    setattr(cls, setup, functools.wraps(original_setup)(start_then_setup))
    if original_teardown is not None:
        teardown_then_stop = functools.wraps(original_teardown)(teardown_then_stop)
    setattr(cls, teardown, teardown_then_stop)


def _call_hook(hook: Callable[..., Any], instance: Any, method: Any) -> Any:
    takes_method = getattr(getattr(hook, "__code__", None), "co_argcount", 2) > 1
    return hook(instance, method) if takes_method else hook(instance)


@overload
def mock_codeartifact(target: T) -> T: ...


@overload
def mock_codeartifact(
    target: None = None, *, account_id: Optional[str] = ..., max_calls: Optional[int] = ...
) -> CodeArtifactMock: ...


def mock_codeartifact(
    target: Optional[Any] = None,
    *,
    account_id: Optional[str] = None,
    max_calls: Optional[int] = DEFAULT_MAX_CALLS,
) -> Union[Any, CodeArtifactMock]:
    """Mock CodeArtifact: ``@mock_codeartifact``, ``@mock_codeartifact()`` or ``with mock_codeartifact()``.

    The mock answers as ``account_id``; without it, as ``MOTO_ACCOUNT_ID`` when it starts, else 123456789012.
    ``calls`` keeps the most recent ``max_calls`` calls (None: every one).
    """
    mock = CodeArtifactMock(account_id, max_calls=max_calls)
    return mock if target is None else mock(target)


def active_mock() -> CodeArtifactMock:
    """The innermost active ``CodeArtifactMock``: in a bare ``@mock_codeartifact`` test, the decorator's.

    It reaches the mock where no name holds it, to seed the state and use its controls, as a test decorated
    with ``@responses.activate`` calls ``responses.add``::

        @mock_codeartifact
        def test_lists_chalk():
            active_mock().add_package_version("acme", "releases", "npm", "chalk", "4.1.0")
            ...

    Nested mocks share one state, so seeding through the innermost is seeding for all of them. Raises
    ``RuntimeError`` when no mock is active (in ``setUpClass``, for instance, which runs before a class
    decorator's per-test mock starts).
    """
    for owner, _account_id in reversed(activation.active[:]):  # a copy: other threads may start mocks
        if isinstance(owner, CodeArtifactMock):
            return owner
    raise RuntimeError(
        "no CodeArtifact mock is active: call active_mock() while one runs (in a test decorated with "
        "@mock_codeartifact, inside `with mock_codeartifact():`, or in a test using the codeartifact_mock "
        "fixture)"
    )
