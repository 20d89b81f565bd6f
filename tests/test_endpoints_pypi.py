"""The PyPI repository endpoint over raw HTTP: pages, downloads, uploads, tokens, statuses, bad input.

Each test drives the mock as users do: boto3 in process, and urllib against ``ca.serve()``'s server.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from typing import Any

import pytest
from endpoint_env import RepositoryEnv
from fingerprint import store_fingerprint
from pypi_helpers import http, sdist, upload_form, wheel
from server_helpers import client as server_client

from codeartifact_mock import ThreadedCodeArtifactServer, mock_codeartifact
from codeartifact_mock.activation import store as active_store

OWNER = "123456789012"


class Env(RepositoryEnv):
    FORMAT = "pypi"

    def upload(self, name: str, version: str, filename: str, content: bytes, **fields: Any) -> Any:
        content_type, body = upload_form(name, version, filename, content, **fields)
        return http("POST", self.url, token=self.token, body=body, headers={"Content-Type": content_type})

    def get(self, path: str, token: Any = ...) -> Any:
        return http("GET", self.url + path, token=self.token if token is ... else token)

    def statuses(self, package: str) -> dict[str, str]:
        listing = self.client.list_package_versions(
            domain="acme", repository="releases", format="pypi", package=package
        )
        return {v["version"]: v["status"] for v in listing["versions"]}


@pytest.fixture
def env() -> Iterator[Env]:
    with mock_codeartifact() as ca, ca.serve() as server:
        yield Env(ca, server)


def test_upload_then_page_and_download(env: Env) -> None:
    filename, content = wheel("My.Tool", "1.0")
    assert env.upload("My.Tool", "1.0", filename, content, summary="Tools").status == 200
    assert env.statuses("my-tool") == {"1.0": "Published"}

    for spelling in ("my-tool", "My_Tool", "my.tool", "MY--tool"):
        page = env.get(f"simple/{spelling}/")
        assert page.status == 200, spelling
        assert page.header("Content-Type") == ["text/html; charset=utf-8"]
    text = page.body.decode()
    sha = hashlib.sha256(content).hexdigest()
    assert f'<a href="1.0/{filename}#sha256={sha}" data-requires-python="">' not in text
    assert f'href="1.0/{filename}#sha256={sha}"' in text
    download = env.get(f"simple/my-tool/1.0/{filename}")
    assert (download.status, download.body) == (200, content)
    assert env.get("simple/my-tool").status == 301  # PEP 503: add the final slash
    assert env.get("simple/").status == 404  # AWS serves no root index


def test_requires_python_is_on_the_page_escaped(env: Env) -> None:
    filename, content = wheel("tool", "1.0")
    env.upload("tool", "1.0", filename, content, requires_python=">=3.8,<4")
    assert 'data-requires-python="&gt;=3.8,&lt;4"' in env.get("simple/tool/").body.decode()


def test_what_twine_sends_is_what_the_api_shows(env: Env) -> None:
    filename, content = wheel("tool", "2.0")
    answer = env.upload(
        "tool",
        "2.0",
        filename,
        content,
        summary="A tool",
        home_page="https://example.invalid/tool",
        license="MIT",
        description="# Tool\nreadme text",
        requires_dist=["requests (>=2.0)", "Typing_Extensions; python_version < '3.10'"],
        project_urls=["Source, https://example.invalid/src"],
    )
    assert answer.status == 200
    coordinates = dict(
        domain="acme", repository="releases", format="pypi", package="tool", packageVersion="2.0"
    )
    described = env.client.describe_package_version(**coordinates)["packageVersion"]
    assert described["summary"] == "A tool"
    assert described["homePage"] == "https://example.invalid/tool"
    assert described["sourceCodeRepository"] == "https://example.invalid/src"
    assert described["licenses"] == [{"name": "MIT"}]
    assert described["status"] == "Published"
    assert described["origin"]["originType"] == "INTERNAL"
    assets = env.client.list_package_version_assets(**coordinates)["assets"]
    assert [a["name"] for a in assets] == [filename]
    assert assets[0]["hashes"]["SHA-256"] == hashlib.sha256(content).hexdigest()
    assert assets[0]["hashes"]["MD5"] == hashlib.md5(content).hexdigest()
    assert env.client.get_package_version_readme(**coordinates)["readme"] == "# Tool\nreadme text"
    dependencies = env.client.list_package_version_dependencies(**coordinates)["dependencies"]
    assert dependencies == [
        {"package": "requests", "versionRequirement": ">=2.0"},
        {"package": "typing-extensions"},
    ]
    origin = env.client.describe_package(domain="acme", repository="releases", format="pypi", package="tool")
    assert origin["package"]["originConfiguration"]["restrictions"] == {
        "publish": "ALLOW",
        "upstream": "BLOCK",
    }


def test_republish_rules(env: Env) -> None:
    whl, whl_bytes = wheel("tool", "1.0")
    tar, tar_bytes = sdist("tool", "1.0")
    assert env.upload("tool", "1.0", whl, whl_bytes).status == 200
    assert env.upload("tool", "1.0", whl, whl_bytes).status == 200  # byte-identical: accepted again
    assert env.upload("tool", "1.0", tar, tar_bytes).status == 200  # a new file name joins the version
    other = env.upload("tool", "1.0", whl, whl_bytes + b"x")
    assert other.status == 409
    assets = env.client.list_package_version_assets(
        domain="acme", repository="releases", format="pypi", package="tool", packageVersion="1.0"
    )["assets"]
    assert [a["name"] for a in assets] == [whl, tar]

    coordinates = dict(domain="acme", repository="releases", format="pypi", package="tool")
    env.client.update_package_versions_status(**coordinates, versions=["1.0"], targetStatus="Unlisted")
    assert env.upload("tool", "1.0", whl, whl_bytes).status == 200  # Unlisted: as Published
    env.client.update_package_versions_status(**coordinates, versions=["1.0"], targetStatus="Archived")
    assert env.upload("tool", "1.0", whl, whl_bytes).status == 409
    env.client.dispose_package_versions(**coordinates, versions=["1.0"])
    assert env.upload("tool", "1.0", whl, whl_bytes).status == 409
    env.client.delete_package_versions(**coordinates, versions=["1.0"])
    assert env.upload("tool", "1.0", whl, whl_bytes).status == 200  # Deleted: a new version
    assert env.statuses("tool") == {"1.0": "Published"}


@pytest.mark.parametrize(
    ("status", "listed", "downloads"),
    [("Published", True, 200), ("Unlisted", False, 200), ("Archived", False, 404), ("Disposed", False, 404)],
)
def test_status_table(env: Env, status: str, listed: bool, downloads: int) -> None:
    whl, content = wheel("tool", "1.0")
    env.upload("tool", "1.0", whl, content)
    newer, newer_content = wheel("tool", "2.0")
    env.upload("tool", "2.0", newer, newer_content)  # keeps the page alive whatever 1.0 becomes
    coordinates = dict(domain="acme", repository="releases", format="pypi", package="tool", versions=["1.0"])
    if status == "Disposed":
        env.client.dispose_package_versions(**coordinates)
    elif status != "Published":
        env.client.update_package_versions_status(**coordinates, targetStatus=status)
    page = env.get("simple/tool/").body.decode()
    assert (whl in page) is listed
    assert newer in page
    assert env.get(f"simple/tool/1.0/{whl}").status == downloads


def test_nothing_listable_is_404(env: Env) -> None:
    whl, content = wheel("tool", "1.0")
    env.upload("tool", "1.0", whl, content)
    env.client.update_package_versions_status(
        domain="acme",
        repository="releases",
        format="pypi",
        package="tool",
        versions=["1.0"],
        targetStatus="Unlisted",
    )
    assert env.get("simple/tool/").status == 404
    assert env.get("simple/unknown/").status == 404


def test_tokens(env: Env) -> None:
    whl, content = wheel("tool", "1.0")
    env.upload("tool", "1.0", whl, content)
    for token in (None, "not-a-token"):
        answer = env.get("simple/tool/", token=token)
        assert answer.status == 401
        assert answer.header("WWW-Authenticate") == [
            'Bearer realm="acme/releases"',
            'Basic realm="acme/releases"',
        ]
    bearer = http("GET", env.url + "simple/tool/", headers={"Authorization": f"Bearer {env.token}"})
    assert bearer.status == 200
    basic = base64.b64encode(f"anyone:{env.token}".encode()).decode()
    assert http("GET", env.url + "simple/tool/", headers={"Authorization": f"Basic {basic}"}).status == 200

    env.client.create_domain(domain="other")
    foreign = env.client.get_authorization_token(domain="other")["authorizationToken"]
    assert env.get("simple/tool/", token=foreign).status == 401
    env.ca.expire_tokens()
    assert env.get("simple/tool/").status == 401
    assert [c.status for c in env.ca.calls if c.operation == "ReadFromRepository"][-2:] == [401, 401]


def test_missing_repository_and_other_formats(env: Env) -> None:
    base = env.server.url
    assert http("GET", f"{base}/pypi/d/acme-{OWNER}/nowhere/simple/tool/", token=env.token).status == 404
    assert http("GET", f"{base}/generic/d/acme-{OWNER}/releases/x", token=env.token).status == 404
    assert http("GET", f"{base}/nuget/d/acme-{OWNER}/releases/v3/index.json", token=env.token).status == 404
    assert http("GET", f"{base}/pypi/d/acme/releases/simple/tool/", token=env.token).status == 404


def test_policy_denial_is_403(env: Env) -> None:
    whl, content = wheel("tool", "1.0")
    env.upload("tool", "1.0", whl, content)
    env.ca.set_policy(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "codeartifact:ReadFromRepository", "Resource": "*"}],
        }
    )
    assert env.get("simple/tool/").status == 200
    newer, newer_content = wheel("tool", "2.0")
    assert env.upload("tool", "2.0", newer, newer_content).status == 403
    refused = env.ca.calls[-1]
    assert (refused.operation, refused.status, refused.error_code) == (
        "PublishPackageVersion",
        403,
        "AccessDeniedException",
    )


def test_origin_controls_block_publishing(env: Env) -> None:
    env.client.put_package_origin_configuration(
        domain="acme",
        repository="releases",
        format="pypi",
        package="tool",
        restrictions={"publish": "BLOCK", "upstream": "ALLOW"},
    )
    whl, content = wheel("tool", "1.0")
    assert env.upload("tool", "1.0", whl, content).status == 403


def test_calls_record_endpoint_requests(env: Env) -> None:
    whl, content = wheel("tool", "1.0")
    env.upload("tool", "1.0", whl, content)
    env.get(f"simple/tool/1.0/{whl}")
    publish, read = [
        c for c in env.ca.calls if c.operation in ("PublishPackageVersion", "ReadFromRepository")
    ]
    assert publish.params == {
        "domain": "acme",
        "domainOwner": OWNER,
        "repository": "releases",
        "format": "pypi",
        "package": "tool",
        "packageVersion": "1.0",
        "method": "POST",
        "path": f"/pypi/d/acme-{OWNER}/releases/",
    }
    assert (publish.status, publish.ok, publish.region, publish.account_id) == (200, True, "us-east-1", OWNER)
    assert read.params["packageVersion"] == "1.0"
    assert read.params["path"] == f"/pypi/d/acme-{OWNER}/releases/simple/tool/1.0/{whl}"


def test_inject_error_targets_endpoint_operations(env: Env) -> None:
    whl, content = wheel("tool", "1.0")
    env.ca.inject_error("PublishPackageVersion", "ThrottlingException")
    throttled = env.upload("tool", "1.0", whl, content)
    assert throttled.status == 429
    assert throttled.header("Retry-After") == ["1"]
    assert env.upload("tool", "1.0", whl, content).status == 200
    env.ca.inject_error("ReadFromRepository", "InternalServerException")
    assert env.get("simple/tool/").status == 500
    assert env.get("simple/tool/").status == 200
    with pytest.raises(ValueError, match="cannot fail with"):
        env.ca.inject_error("ReadFromRepository", "NotAnError")


def test_get_repository_endpoint_answered_by_a_server() -> None:
    # A server of its own (in process, boto3 calls are answered in memory whatever the endpoint_url).
    with ThreadedCodeArtifactServer() as server:
        client = server_client(server)
        client.create_domain(domain="acme")
        client.create_repository(domain="acme", repository="releases")
        url = client.get_repository_endpoint(domain="acme", repository="releases", format="pypi")
        assert url["repositoryEndpoint"] == f"{server.url}/pypi/d/acme-{OWNER}/releases/"
        assert url["repositoryEndpoint"] == server.endpoint_url("acme", "releases", "pypi")
        dualstack = client.get_repository_endpoint(
            domain="acme", repository="releases", format="npm", endpointType="dualstack"
        )
        assert dualstack["repositoryEndpoint"] == f"{server.url}/npm/d/acme-{OWNER}/releases/"
    with ThreadedCodeArtifactServer(aws_repository_endpoints=True) as server:
        client = server_client(server)
        client.create_domain(domain="acme")
        client.create_repository(domain="acme", repository="releases")
        kept = client.get_repository_endpoint(domain="acme", repository="releases", format="pypi")
        assert kept["repositoryEndpoint"] == (
            f"https://acme-{OWNER}.d.codeartifact.us-east-1.amazonaws.com/pypi/releases/"
        )


def test_pip_index_url_helper(env: Env) -> None:
    whl, content = wheel("tool", "1.0")
    env.upload("tool", "1.0", whl, content)
    index = env.server.pip_index_url("acme", "releases")
    assert index.startswith("http://aws:") and index.endswith(f"/pypi/d/acme-{OWNER}/releases/simple/")
    token = index.split("aws:", 1)[1].split("@", 1)[0]
    assert http("GET", env.url + "simple/tool/", token=token).status == 200


# -- bad input: a short 4xx, the state unchanged ------------------------------------------------------


def _bad_uploads() -> list[tuple[str, str, bytes]]:
    whl, content = wheel("tool", "1.0")
    good_type, good = upload_form("tool", "1.0", whl, content)
    _t, wrong_digest = upload_form("tool", "1.0", whl, content, sha256_digest="0" * 64)
    _t, bad_blake = upload_form("tool", "1.0", whl, content, blake2_256_digest="ab" * 32)
    _t, bad_name = upload_form("-tool-", "1.0", whl, content)
    _t, long_version = upload_form("tool", "1" * 300, whl, content)
    _t, path_name = upload_form("tool", "1.0", "../evil.whl", content)
    _t, wrong_action = upload_form("tool", "1.0", whl, content, **{":action": "submit"})
    return [
        ("truncated", good_type, good[: len(good) // 2]),
        ("no multipart", "application/json", b"{}"),
        ("no boundary", "multipart/form-data", good),
        ("garbage", good_type, b"\x00\xff garbage"),
        ("digest mismatch", good_type, wrong_digest),
        ("blake2 mismatch", good_type, bad_blake),
        ("bad name", good_type, bad_name),
        ("bad version", good_type, long_version),
        ("path in file name", good_type, path_name),
        ("wrong action", good_type, wrong_action),
        (
            "no file",
            good_type,
            good.split(b'name="content"')[0].rsplit(b"\r\n--", 1)[0] + b"\r\n------test-boundary-7f3a--\r\n",
        ),
    ]


@pytest.mark.parametrize(("case", "content_type", "body"), _bad_uploads(), ids=[c[0] for c in _bad_uploads()])
def test_bad_uploads_change_nothing(env: Env, case: str, content_type: str, body: bytes) -> None:
    before = store_fingerprint(active_store)
    answer = http("POST", env.url, token=env.token, body=body, headers={"Content-Type": content_type})
    assert 400 <= answer.status < 500, case
    assert len(answer.body) < 1000
    assert b"Traceback" not in answer.body
    assert store_fingerprint(active_store) == before
    assert env.ca.calls[-1].status == answer.status


def test_oversized_body_is_413(env: Env) -> None:
    with ThreadedCodeArtifactServer(store=active_store, max_body_bytes=1000) as small:
        url = small.endpoint_url("acme", "releases", "pypi")
        whl, content = wheel("tool", "1.0")
        content_type, body = upload_form("tool", "1.0", whl, content + b"x" * 2000)
        answer = http("POST", url, token=env.token, body=body, headers={"Content-Type": content_type})
    assert answer.status == 413
    assert answer.body.startswith(b"The request body exceeds")  # worded as PyPI's errors: short text
    assert env.client.list_packages(domain="acme", repository="releases")["packages"] == []


def test_other_methods_and_paths(env: Env) -> None:
    assert http("PUT", env.url + "simple/tool/", token=env.token, body=b"").status == 405
    assert http("POST", env.url + "simple/", token=env.token, body=b"").status == 404
    assert env.get("nothing/here").status == 404


def test_the_page_follows_every_change_of_the_versions(env: Env) -> None:
    """The page is kept between changes (``Package.listing``): each step asks for it before changing
    anything, so a page kept past a change would show here."""
    coordinates = dict(domain="acme", repository="releases", format="pypi", package="tool")

    def listed() -> list[str]:
        page = env.get("simple/tool/")
        return [] if page.status == 404 else [f for f in files if f in page.body.decode()]

    whl, whl_bytes = wheel("tool", "1.0")
    tar, tar_bytes = sdist("tool", "1.0")
    newer, newer_bytes = wheel("tool", "2.0")
    seeded, copied = "tool-3.0-py3-none-any.whl", "tool-4.0-py3-none-any.whl"  # the wheels seeding makes
    files = [whl, tar, newer, seeded, copied]
    assert listed() == []
    env.upload("tool", "1.0", whl, whl_bytes)
    assert listed() == [whl]
    env.upload("tool", "1.0", tar, tar_bytes)  # a second file into the same version: no status changes
    assert listed() == [whl, tar]
    env.upload("tool", "2.0", newer, newer_bytes)
    assert listed() == [whl, tar, newer]
    env.client.update_package_versions_status(**coordinates, versions=["1.0"], targetStatus="Unlisted")
    assert listed() == [newer]
    env.client.update_package_versions_status(**coordinates, versions=["1.0"], targetStatus="Published")
    assert listed() == [whl, tar, newer]
    env.ca.add_package_version("acme", "releases", "pypi", "tool", "3.0")
    assert listed() == [whl, tar, newer, seeded]
    env.client.create_repository(domain="acme", repository="staging")
    env.ca.add_package_version("acme", "staging", "pypi", "tool", "4.0")
    env.client.copy_package_versions(
        domain="acme",
        sourceRepository="staging",
        destinationRepository="releases",
        format="pypi",
        package="tool",
        versions=["4.0"],
    )
    assert listed() == [whl, tar, newer, seeded, copied]
    env.client.dispose_package_versions(**coordinates, versions=["1.0"])
    assert listed() == [newer, seeded, copied]
    env.client.delete_package_versions(**coordinates, versions=["2.0", "3.0", "4.0"])
    assert listed() == []
    env.client.delete_package_versions(**coordinates, versions=["1.0"])
    env.upload("tool", "1.0", whl, whl_bytes)
    assert listed() == [whl]
