"""In process: ``requests`` to AWS's repository URLs answered through ``responses`` while a mock is active."""

from __future__ import annotations

import hashlib

import pytest
import requests
import responses
from endpoint_env import in_process_repository
from pypi_helpers import upload_form, wheel

from codeartifact_mock import mock_codeartifact

OWNER = "123456789012"
STANDARD = f"https://acme-{OWNER}.d.codeartifact.us-east-1.amazonaws.com/pypi/releases/"
DUALSTACK = f"https://acme-{OWNER}.codeartifact.us-east-1.on.aws/pypi/releases/"
WITH_PORT = f"https://acme-{OWNER}.d.codeartifact.us-east-1.amazonaws.com:443/pypi/releases/"


@pytest.mark.parametrize("base", [STANDARD, DUALSTACK, WITH_PORT])
def test_requests_publish_list_download(base: str) -> None:
    with mock_codeartifact() as ca:
        client, token = in_process_repository()
        endpoint = client.get_repository_endpoint(domain="acme", repository="releases", format="pypi")[
            "repositoryEndpoint"
        ]
        assert endpoint == STANDARD
        filename, content = wheel("tool", "1.0")
        content_type, body = upload_form("tool", "1.0", filename, content)
        auth = ("aws", token)
        posted = requests.post(base, data=body, headers={"Content-Type": content_type}, auth=auth, timeout=5)
        assert posted.status_code == 200
        page = requests.get(base + "simple/Tool/", auth=auth, timeout=5)
        assert page.status_code == 200
        assert f"#sha256={hashlib.sha256(content).hexdigest()}" in page.text
        download = requests.get(base + f"simple/tool/1.0/{filename}", auth=auth, timeout=5)
        assert download.content == content
        denied = requests.get(base + "simple/tool/", timeout=5)
        assert denied.status_code == 401
        assert denied.raw.headers.getlist("WWW-Authenticate") == [
            'Bearer realm="acme/releases"',
            'Basic realm="acme/releases"',
        ]
        assert [c.operation for c in ca.calls][-4:] == ["PublishPackageVersion"] + ["ReadFromRepository"] * 3


def test_archived_file_is_404_in_process() -> None:
    with mock_codeartifact() as ca:
        client, token = in_process_repository()
        ca.add_package_version("acme", "releases", "pypi", "tool", "1.0", assets={"tool-1.0.tar.gz": b"x"})
        url = STANDARD + "simple/tool/1.0/tool-1.0.tar.gz"
        assert requests.get(url, auth=("aws", token), timeout=5).status_code == 200
        client.update_package_versions_status(
            domain="acme",
            repository="releases",
            format="pypi",
            package="tool",
            versions=["1.0"],
            targetStatus="Archived",
        )
        assert requests.get(url, auth=("aws", token), timeout=5).status_code == 404


def test_other_urls_pass_through_to_a_users_responses_mock_started_first() -> None:
    with responses.RequestsMock() as users:
        users.get("https://example.invalid/thing", body="the user's answer")
        with mock_codeartifact():
            _client, token = in_process_repository()
            assert requests.get("https://example.invalid/thing", timeout=5).text == "the user's answer"
            assert requests.get(STANDARD + "simple/none/", auth=("aws", token), timeout=5).status_code == 404
        # the mock stopped: the user's mock answers on its own again
        assert requests.get("https://example.invalid/thing", timeout=5).text == "the user's answer"


def test_a_users_responses_mock_started_inside_can_answer_repository_urls_too() -> None:
    from codeartifact_mock.endpoints.in_process import answer_in

    # answer_in registers a callback per method: the user's mock must not insist that all of them fire
    with mock_codeartifact() as ca, responses.RequestsMock(assert_all_requests_are_fired=False) as users:
        users.get("https://example.invalid/thing", body="the user's answer")
        answer_in(users)
        _client, token = in_process_repository()
        assert requests.get("https://example.invalid/thing", timeout=5).text == "the user's answer"
        assert requests.get(STANDARD + "simple/none/", auth=("aws", token), timeout=5).status_code == 404
        assert ca.calls[-1].operation == "ReadFromRepository"


def test_no_interception_once_the_mock_stops() -> None:
    with mock_codeartifact():
        pass
    from requests.adapters import HTTPAdapter

    assert HTTPAdapter.send is responses._real_send  # nothing of the mock's is left patched in


def test_maven_and_npm_in_process() -> None:
    """Every format's routes are answered in process, not only PyPI's: a Maven JAR is Unfinished until its
    metadata arrives, and an npm packument lists what was seeded."""
    maven = f"https://acme-{OWNER}.d.codeartifact.us-east-1.amazonaws.com/maven/releases/com/acme/core/"
    npm = f"https://acme-{OWNER}.d.codeartifact.us-east-1.amazonaws.com/npm/releases/"
    with mock_codeartifact() as ca:
        _, token = in_process_repository()
        auth = ("aws", token)
        assert requests.put(maven + "1.0/core-1.0.jar", data=b"jar", auth=auth, timeout=5).status_code == 201
        assert requests.get(maven + "1.0/core-1.0.jar", auth=auth, timeout=5).status_code == 404
        metadata = (
            "<metadata><groupId>com.acme</groupId><artifactId>core</artifactId>"
            "<versioning><versions><version>1.0</version></versions></versioning></metadata>"
        )
        assert requests.put(maven + "maven-metadata.xml", data=metadata, auth=auth, timeout=5).ok
        assert requests.get(maven + "1.0/core-1.0.jar", auth=auth, timeout=5).content == b"jar"
        ca.add_package_version("acme", "releases", "npm", "chalk", "4.1.0")
        packument = requests.get(npm + "chalk", headers={"Authorization": f"Bearer {token}"}, timeout=5)
        assert list(packument.json()["versions"]) == ["4.1.0"]
