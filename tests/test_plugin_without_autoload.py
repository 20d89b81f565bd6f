"""Under ``PYTEST_DISABLE_PLUGIN_AUTOLOAD=1`` the fixture comes with ``-p codeartifact_mock.pytest_plugin``,
as the README says, module-level clients included."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

_TEST_FILE = """
import boto3

EARLY = boto3.client("codeartifact", region_name="us-east-1")  # made at import, before any test


def test_uses_the_fixture(codeartifact_mock):
    codeartifact_mock.add_package_version("acme", "releases", "npm", "chalk", "4.1.0")
    packages = EARLY.list_packages(domain="acme", repository="releases")["packages"]
    assert [p["package"] for p in packages] == ["chalk"]
"""


@pytest.fixture
def no_autoload(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")  # the early client is made outside any mock
    pytester.makepyfile(_TEST_FILE)
    return pytester


def test_without_the_plugin_the_fixture_is_missing(no_autoload: pytest.Pytester) -> None:
    result = no_autoload.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'codeartifact_mock' not found*"])


def test_loading_the_plugin_by_name_brings_the_fixture(no_autoload: pytest.Pytester) -> None:
    result = no_autoload.runpytest_subprocess(
        "-p", "no:cacheprovider", "-p", "codeartifact_mock.pytest_plugin"
    )
    result.assert_outcomes(passed=1)


def test_loading_it_from_the_configuration_works_too(no_autoload: pytest.Pytester) -> None:
    no_autoload.makeini("[pytest]\naddopts = -p codeartifact_mock.pytest_plugin\n")
    result = no_autoload.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
