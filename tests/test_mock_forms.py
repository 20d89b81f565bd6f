"""Every way to switch the mock on (decorators, classes, async, context manager, fixture) and isolation."""

from __future__ import annotations

import asyncio
import inspect
import unittest
from collections.abc import AsyncIterator, Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from codeartifact_mock import CodeArtifactMock, activation, mock_codeartifact

pytest_plugins = ["pytester"]


def _client() -> Any:
    return boto3.client("codeartifact", region_name="us-east-1")


def _domain_names() -> list[str]:
    return [d["name"] for d in _client().list_domains()["domains"]]


@mock_codeartifact
def test_bare_decorator() -> None:
    _client().create_domain(domain="bare")
    assert _domain_names() == ["bare"]


@mock_codeartifact()
def test_decorator_with_parentheses() -> None:
    _client().create_domain(domain="called")
    assert _domain_names() == ["called"]


@mock_codeartifact(account_id="111122223333")
def test_decorator_with_account() -> None:
    domain = _client().create_domain(domain="owned")["domain"]
    assert domain["owner"] == "111122223333"
    assert domain["arn"] == "arn:aws:codeartifact:us-east-1:111122223333:domain/owned"


@pytest.fixture
def greeting() -> str:
    return "hello"


@mock_codeartifact
def test_decorated_function_keeps_fixtures(greeting: str) -> None:
    assert greeting == "hello"
    _client().create_domain(domain="with-fixture")
    assert _domain_names() == ["with-fixture"]


def test_decorator_keeps_signature_and_name() -> None:
    def some_test(a: int, b: str = "x") -> int:
        return a

    decorated = mock_codeartifact(some_test)
    assert decorated.__name__ == "some_test"
    assert inspect.signature(decorated) == inspect.signature(some_test)
    assert decorated(7) == 7


def test_async_function_is_mocked_while_it_runs() -> None:
    @mock_codeartifact
    async def archive() -> list[str]:
        await asyncio.sleep(0)
        _client().create_domain(domain="async-domain")
        await asyncio.sleep(0)
        return _domain_names()

    assert inspect.iscoroutinefunction(archive)
    assert asyncio.run(archive()) == ["async-domain"]


@pytest.fixture
@mock_codeartifact
def seeded_domain() -> Iterator[str]:
    """A generator fixture decorated directly: the mock stays on from setup through teardown."""
    _client().create_domain(domain="from-fixture")
    yield "from-fixture"
    assert _domain_names() == ["from-fixture", "from-test"]  # still mocked at teardown


def test_generator_fixture_stays_mocked(seeded_domain: str) -> None:
    # The fixture's mock is the outermost activation, so the test's calls are answered from its state.
    assert _domain_names() == [seeded_domain]
    _client().create_domain(domain="from-test")


def test_async_generator_is_mocked_while_it_runs() -> None:
    @mock_codeartifact
    async def domains() -> AsyncIterator[str]:
        _client().create_domain(domain="streamed")
        await asyncio.sleep(0)
        for name in _domain_names():
            yield name

    async def collect() -> list[str]:
        return [name async for name in domains()]

    assert asyncio.run(collect()) == ["streamed"]


@mock_codeartifact
class TestClassDecorator:
    def test_first(self) -> None:
        _client().create_domain(domain="first")
        assert _domain_names() == ["first"]

    def test_second_starts_empty(self) -> None:
        assert _domain_names() == []
        _client().create_domain(domain="second")
        assert _domain_names() == ["second"]


@mock_codeartifact
class TestClassWithSetupMethod:
    def setup_method(self, method: Any) -> None:
        _client().create_domain(domain="from-setup-method")

    def teardown_method(self, method: Any) -> None:
        assert len(_domain_names()) == 2  # still mocked, still this test's state

    def test_sees_setup_state(self) -> None:
        assert _domain_names() == ["from-setup-method"]
        _client().create_domain(domain="first-test")

    def test_each_test_starts_fresh(self) -> None:
        assert _domain_names() == ["from-setup-method"]
        _client().create_domain(domain="second-test")


def test_failing_setup_method_does_not_leave_the_mock_on() -> None:
    @mock_codeartifact
    class Broken:
        def setup_method(self, method: Any) -> None:
            raise RuntimeError("set-up failed")

    with pytest.raises(RuntimeError, match="set-up failed"):
        Broken().setup_method(None)
    assert not activation.is_active()


@mock_codeartifact
class UnittestStyle(unittest.TestCase):
    def setUp(self) -> None:
        self.client = _client()
        self.client.create_domain(domain="from-setup")

    def test_sees_setup_state(self) -> None:
        self.assertEqual(_domain_names(), ["from-setup"])

    def test_each_test_starts_fresh(self) -> None:
        self.client.create_domain(domain="extra")
        self.assertEqual(_domain_names(), ["from-setup", "extra"])


def test_context_manager_yields_the_mock_and_resets_after() -> None:
    with mock_codeartifact() as ca:
        assert isinstance(ca, CodeArtifactMock)
        assert ca.active
        revision = ca.add_package_version("my-domain", "my-repo", "npm", "chalk", "4.1.0")
        version = _client().describe_package_version(
            domain="my-domain", repository="my-repo", format="npm", package="chalk", packageVersion="4.1.0"
        )["packageVersion"]
        assert version["revision"] == revision
    assert not ca.active
    with mock_codeartifact():
        assert _domain_names() == []


def test_consecutive_mocks_are_isolated() -> None:
    with mock_codeartifact():
        _client().create_domain(domain="one")
    with mock_codeartifact():
        assert _domain_names() == []


def test_nested_mock_shares_the_outer_state() -> None:
    with mock_codeartifact():
        _client().create_domain(domain="outer")

        @mock_codeartifact
        def inner() -> list[str]:
            return _domain_names()

        assert inner() == ["outer"]
        assert _domain_names() == ["outer"]  # the inner stop did not wipe the outer state


def test_start_stop_and_reset() -> None:
    ca = CodeArtifactMock()
    ca.start()
    try:
        _client().create_domain(domain="started")
        ca.reset()
        assert _domain_names() == []
    finally:
        ca.stop()
    with pytest.raises(RuntimeError):
        ca.stop()


def test_seeding_needs_an_active_mock() -> None:
    with pytest.raises(RuntimeError, match="start the mock"):
        CodeArtifactMock().add_package_version("my-domain", "my-repo", "npm", "chalk", "1.0.0")


def test_fixture(codeartifact_mock: CodeArtifactMock) -> None:
    assert codeartifact_mock.active
    codeartifact_mock.add_package_version("fixture-domain", "repo", "pypi", "requests", "2.31.0")
    assert _domain_names() == ["fixture-domain"]


def test_fixture_works_with_no_import_and_no_conftest(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import boto3

        def test_uses_fixture(codeartifact_mock):
            codeartifact_mock.add_package_version("d1", "r1", "npm", "left-pad", "1.0.0")
            client = boto3.client("codeartifact", region_name="us-east-1")
            packages = client.list_packages(domain="d1", repository="r1")["packages"]
            assert [p["package"] for p in packages] == ["left-pad"]
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_regions_are_partitioned(codeartifact_mock: CodeArtifactMock) -> None:
    codeartifact_mock.add_package_version("d1", "r1", "npm", "left-pad", "1.0.0", region="eu-west-1")
    west = boto3.client("codeartifact", region_name="eu-west-1")
    assert [d["name"] for d in west.list_domains()["domains"]] == ["d1"]
    with pytest.raises(ClientError) as raised:
        _client().describe_domain(domain="d1")
    assert raised.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_page_token_from_before_a_reset_is_rejected(codeartifact_mock: CodeArtifactMock) -> None:
    for number in range(3):
        codeartifact_mock.add_package_version("d1", "r1", "npm", "chalk", f"1.0.{number}")
    query = {"domain": "d1", "repository": "r1", "format": "npm", "package": "chalk"}
    token = _client().list_package_versions(**query, maxResults=1)["nextToken"]
    codeartifact_mock.reset()
    for number in range(3):
        codeartifact_mock.add_package_version("d1", "r1", "npm", "chalk", f"1.0.{number}")
    with pytest.raises(ClientError) as raised:
        _client().list_package_versions(**query, maxResults=1, nextToken=token)
    assert raised.value.response["Error"]["Code"] == "ValidationException"
