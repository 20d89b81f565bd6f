"""``active_mock()``: the way from inside a bare ``@mock_codeartifact`` test to the mock that runs it."""

from __future__ import annotations

import asyncio
import threading
import typing
import unittest
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

import codeartifact_mock
from codeartifact_mock import CodeArtifactMock, active_mock, mock_codeartifact

CHALK = {"domain": "acme", "repository": "releases", "format": "npm", "package": "chalk"}


def _client() -> Any:
    return boto3.client("codeartifact", region_name="us-east-1")


def _versions() -> list[str]:
    return [version["version"] for version in _client().list_package_versions(**CHALK)["versions"]]


def test_it_is_public_and_typed() -> None:
    assert "active_mock" in codeartifact_mock.__all__
    assert typing.get_type_hints(active_mock)["return"] is CodeArtifactMock


@mock_codeartifact
def test_a_decorated_function_seeds_and_uses_the_controls_through_it() -> None:
    mock = active_mock()
    assert isinstance(mock, CodeArtifactMock) and mock.active
    mock.add_package_version("acme", "releases", "npm", "chalk", "4.1.0")
    mock.inject_error("ListPackageVersions", "ResourceNotFoundException")
    with pytest.raises(_client().exceptions.ResourceNotFoundException):
        _client().list_package_versions(**CHALK)
    assert [(call.operation, call.error_code) for call in active_mock().calls] == [
        ("ListPackageVersions", "ResourceNotFoundException")
    ]
    assert _versions() == ["4.1.0"]  # the injected error was used up


@mock_codeartifact(account_id="111122223333")
def test_it_is_the_decorator_s_own_mock_with_its_account() -> None:
    assert active_mock().account_id == "111122223333"
    active_mock().add_package_version("acme", "releases", "npm", "chalk", "4.1.0")
    assert _client().describe_domain(domain="acme")["domain"]["owner"] == "111122223333"


def test_an_async_decorated_function_reaches_it_across_awaits() -> None:
    @mock_codeartifact
    async def seed_then_list() -> list[str]:
        await asyncio.sleep(0)
        active_mock().add_package_version("acme", "releases", "npm", "chalk", "4.1.0")
        await asyncio.sleep(0)
        return _versions()

    assert asyncio.run(seed_then_list()) == ["4.1.0"]


@mock_codeartifact
class TestPytestStyleClass:
    def setup_method(self) -> None:
        active_mock().add_package_version("acme", "releases", "npm", "chalk", "4.1.0")

    def test_set_up_seeded_this_test_s_mock(self) -> None:
        assert _versions() == ["4.1.0"]
        active_mock().add_package_version("acme", "releases", "npm", "chalk", "5.0.0")
        assert _versions() == ["5.0.0", "4.1.0"]  # newest first

    def test_each_test_has_its_own(self) -> None:
        assert _versions() == ["4.1.0"]


@mock_codeartifact
class TestUnittestClass(unittest.TestCase):
    outside: list[str] = []

    @classmethod
    def setUpClass(cls) -> None:
        # setUpClass runs once, before any test's mock starts: no mock is active there
        try:
            active_mock()
        except RuntimeError as error:
            cls.outside.append(str(error))

    def setUp(self) -> None:
        active_mock().add_package_version("acme", "releases", "npm", "chalk", "4.1.0")

    def test_set_up_seeded_this_test_s_mock(self) -> None:
        self.assertEqual(_versions(), ["4.1.0"])

    def test_set_up_class_ran_outside_every_mock(self) -> None:
        self.assertEqual(len(self.outside), 1)
        self.assertIn("no CodeArtifact mock is active", self.outside[0])


@pytest.fixture
@mock_codeartifact
def seeded_chalk() -> Iterator[CodeArtifactMock]:
    mock = active_mock()
    mock.add_package_version("acme", "releases", "npm", "chalk", "4.1.0")
    yield mock


def test_a_decorated_generator_fixture_hands_it_over(seeded_chalk: CodeArtifactMock) -> None:
    assert active_mock() is seeded_chalk
    assert _versions() == ["4.1.0"]


def test_the_fixture_s_mock_is_the_active_one(codeartifact_mock: CodeArtifactMock) -> None:
    assert active_mock() is codeartifact_mock


def test_nested_mocks_give_the_innermost_which_shares_the_state() -> None:
    with mock_codeartifact() as outer:
        assert active_mock() is outer
        with mock_codeartifact(account_id="111122223333") as inner:
            assert active_mock() is inner
            active_mock().add_package_version("acme", "releases", "npm", "chalk", "4.1.0", account_id=None)
        assert active_mock() is outer
        # seeded through the inner mock (as its account), still there once it stopped: its owner sees it
        with outer.as_principal("arn:aws:iam::111122223333:user/admin"):
            owner = _client().describe_domain(domain="acme", domainOwner="111122223333")["domain"]["owner"]
        assert owner == "111122223333"


def test_a_thread_started_by_a_mocked_test_sees_it() -> None:
    seen: list[object] = []
    with mock_codeartifact() as mock:
        thread = threading.Thread(target=lambda: seen.append(active_mock()))
        thread.start()
        thread.join()
    assert seen == [mock]


def test_with_no_mock_active_it_says_so() -> None:
    with pytest.raises(
        RuntimeError, match=r"no CodeArtifact mock is active: call active_mock\(\) while one runs"
    ):
        active_mock()
    with mock_codeartifact():
        pass
    with pytest.raises(RuntimeError, match="no CodeArtifact mock is active"):
        active_mock()  # not the one that stopped
