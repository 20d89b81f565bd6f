"""The npm repository endpoint over raw HTTP: packuments, tarballs, publish, dist-tags, deprecate, ping.

Each test drives the mock as users do: boto3 in process, and urllib against ``ca.serve()``'s server, sending
what npm 11 sends (``npm_helpers``).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator
from typing import Any, Optional

import pytest
from endpoint_env import RepositoryEnv, in_process_repository
from fingerprint import store_fingerprint
from npm_helpers import escaped, integrity, manifest, publish_document, tarball
from pypi_helpers import Answer, http

from codeartifact_mock import mock_codeartifact
from codeartifact_mock.activation import store as active_store

OWNER = "123456789012"
ABBREVIATED = "application/vnd.npm.install-v1+json"


class Env(RepositoryEnv):
    FORMAT = "npm"

    def request(
        self, method: str, path: str, body: Any = None, token: Any = ..., accept: Optional[str] = None
    ) -> Answer:
        headers = {"Authorization": f"Bearer {self.token if token is ... else token}"}
        if token is None:
            headers = {}
        if accept:
            headers["Accept"] = accept
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        return http(method, self.url + path, body=data, headers=headers)

    def publish(
        self, package: dict[str, Any], content: Optional[bytes] = None, tag: str = "latest"
    ) -> Answer:
        return self.request("PUT", escaped(package["name"]), publish_document(package, content, tag))

    def packument(self, name: str, accept: Optional[str] = None) -> dict[str, Any]:
        answer = self.request("GET", escaped(name), accept=accept)
        assert answer.status == 200, answer.body
        document: dict[str, Any] = json.loads(answer.body)
        return document

    def update(self, versions: list[str], status: str, package: str = "tool", **where: Any) -> None:
        self.client.update_package_versions_status(
            domain="acme",
            repository="releases",
            format="npm",
            package=package,
            versions=versions,
            targetStatus=status,
            **where,
        )


@pytest.fixture
def env() -> Iterator[Env]:
    with mock_codeartifact() as ca, ca.serve() as server:
        yield Env(ca, server)


def test_publish_then_packument_and_tarball(env: Env) -> None:
    package = manifest("tool", "1.0.0", description="A tool", dependencies={"left-pad": "^1.3.0"})
    content = tarball(package)
    answer = env.publish(package, content)
    assert answer.status == 201, answer.body
    document = env.packument("tool")
    assert document["name"] == "tool"
    assert document["dist-tags"] == {"latest": "1.0.0"}
    assert list(document["versions"]) == ["1.0.0"]
    version = document["versions"]["1.0.0"]
    assert version["description"] == "A tool"
    assert version["dependencies"] == {"left-pad": "^1.3.0"}
    assert version["dist"] == {
        "tarball": env.url + "tool/-/tool-1.0.0.tgz",
        "shasum": hashlib.sha1(content).hexdigest(),
        "integrity": integrity(content),
    }
    assert set(document["time"]) == {"created", "modified", "1.0.0"}
    tgz = env.request("GET", "tool/-/tool-1.0.0.tgz")
    assert (tgz.status, tgz.body) == (200, content)
    assert tgz.header("Content-Type") == ["application/octet-stream"]

    abbreviated = env.request("GET", "tool", accept=f"{ABBREVIATED}; q=1.0, application/json; q=0.8, */*")
    assert abbreviated.header("Content-Type") == [ABBREVIATED]
    corgi = json.loads(abbreviated.body)
    assert set(corgi) == {"name", "modified", "dist-tags", "versions"}
    assert corgi["versions"]["1.0.0"] == {
        "name": "tool",
        "version": "1.0.0",
        "dependencies": {"left-pad": "^1.3.0"},
        "dist": version["dist"],
    }
    assert env.request("GET", "-/ping").body == b"{}"


@pytest.mark.parametrize("spelling", ["@acme-ui%2fbutton", "@acme-ui%2Fbutton", "@acme-ui/button"])
def test_scoped_packages_in_every_spelling(env: Env, spelling: str) -> None:
    package = manifest("@acme-ui/button", "2.0.0")
    content = tarball(package)
    document = publish_document(package, content)
    assert env.request("PUT", spelling, document).status == 201
    listed = env.client.list_packages(domain="acme", repository="releases")["packages"]
    assert [(p["namespace"], p["package"]) for p in listed] == [("acme-ui", "button")]
    packument = env.packument("@acme-ui/button")
    assert packument["name"] == "@acme-ui/button"
    tarball_url = packument["versions"]["2.0.0"]["dist"]["tarball"]
    assert tarball_url == env.url + "@acme-ui/button/-/button-2.0.0.tgz"
    for path in (spelling, "@acme-ui%2fbutton"):
        assert env.request("GET", path).status == 200
    assert env.request("GET", f"{spelling}/-/button-2.0.0.tgz").body == content
    assert env.request("GET", f"-/package/{spelling}/dist-tags").body == b'{"latest":"2.0.0"}'


def test_tarball_urls_follow_the_url_the_client_used(env: Env) -> None:
    env.publish(manifest("tool", "1.0.0"))
    other_host = env.url.replace("127.0.0.1", "localhost")
    answer = http("GET", other_host + "tool", headers={"Authorization": f"Bearer {env.token}"})
    tarball_url = json.loads(answer.body)["versions"]["1.0.0"]["dist"]["tarball"]
    assert tarball_url == other_host + "tool/-/tool-1.0.0.tgz"
    assert env.packument("tool")["versions"]["1.0.0"]["dist"]["tarball"].startswith(env.url)


def test_what_npm_publish_sends_is_what_the_api_shows(env: Env) -> None:
    package = manifest(
        "@acme/tool",
        "1.2.3",
        description="A tool",
        homepage="https://example.invalid/tool",
        repository={"type": "git", "url": "git+https://example.invalid/tool.git"},
        license="MIT",
        readme="# Tool\nreadme text",
        dependencies={"left-pad": "^1.3.0", "@acme/core": "~2.0.0"},
        devDependencies={"jest": "29"},
        peerDependencies={"react": ">=18"},
        optionalDependencies={"fsevents": "*"},
    )
    content = tarball(package)
    assert env.publish(package, content).status == 201
    where = dict(domain="acme", repository="releases", format="npm", namespace="acme", package="tool")
    described = env.client.describe_package_version(**where, packageVersion="1.2.3")["packageVersion"]
    assert described["displayName"] == "@acme/tool"
    assert described["summary"] == "A tool"
    assert described["homePage"] == "https://example.invalid/tool"
    assert described["sourceCodeRepository"] == "git+https://example.invalid/tool.git"
    assert described["licenses"] == [{"name": "MIT"}]
    assert (described["status"], described["origin"]["originType"]) == ("Published", "INTERNAL")
    assets = env.client.list_package_version_assets(**where, packageVersion="1.2.3")["assets"]
    assert [a["name"] for a in assets] == ["package.tgz"]
    assert assets[0]["hashes"] == {
        "MD5": hashlib.md5(content).hexdigest(),
        "SHA-1": hashlib.sha1(content).hexdigest(),
        "SHA-256": hashlib.sha256(content).hexdigest(),
        "SHA-512": hashlib.sha512(content).hexdigest(),
    }
    readme = env.client.get_package_version_readme(**where, packageVersion="1.2.3")["readme"]
    assert readme == "# Tool\nreadme text"
    dependencies = env.client.list_package_version_dependencies(**where, packageVersion="1.2.3")
    assert dependencies["dependencies"] == [
        {"package": "left-pad", "dependencyType": "regular", "versionRequirement": "^1.3.0"},
        {"namespace": "acme", "package": "core", "dependencyType": "regular", "versionRequirement": "~2.0.0"},
        {"package": "jest", "dependencyType": "dev", "versionRequirement": "29"},
        {"package": "react", "dependencyType": "peer", "versionRequirement": ">=18"},
        {"package": "fsevents", "dependencyType": "optional", "versionRequirement": "*"},
    ]
    origin = env.client.describe_package(**where)["package"]["originConfiguration"]["restrictions"]
    assert origin == {"publish": "ALLOW", "upstream": "BLOCK"}


@pytest.mark.parametrize(
    ("status", "listed", "downloads"),
    [("Published", True, 200), ("Unlisted", False, 200), ("Archived", False, 404), ("Disposed", False, 404)],
)
def test_status_table(env: Env, status: str, listed: bool, downloads: int) -> None:
    env.publish(manifest("tool", "1.0.0"))
    env.publish(manifest("tool", "2.0.0"), tag="next")  # keeps the packument alive whatever 1.0.0 becomes
    if status == "Disposed":
        env.client.dispose_package_versions(
            domain="acme", repository="releases", format="npm", package="tool", versions=["1.0.0"]
        )
    elif status != "Published":
        env.update(["1.0.0"], status)
    for accept in (None, ABBREVIATED):
        document = env.packument("tool", accept)
        assert ("1.0.0" in document["versions"]) is listed
        assert "2.0.0" in document["versions"]
        # a tag naming a version that is not listed is left out
        assert document["dist-tags"] == ({"latest": "1.0.0"} if listed else {}) | {"next": "2.0.0"}
    assert env.request("GET", "tool/-/tool-1.0.0.tgz").status == downloads
    # npm versions are immutable: publishing one again is 409 whatever its status
    again = env.publish(manifest("tool", "1.0.0"))
    assert again.status == 409
    assert json.loads(again.body)["error"].startswith("Package version 'tool@1.0.0' has status")


def test_reads_change_nothing(env: Env) -> None:
    env.publish(manifest("@acme/tool", "1.0.0"))
    before = store_fingerprint(active_store)
    for path in ("@acme%2ftool", "@acme/tool/-/tool-1.0.0.tgz", "-/package/@acme%2ftool/dist-tags", "-/ping"):
        for accept in (None, ABBREVIATED):
            assert env.request("GET", path, accept=accept).status == 200
    assert store_fingerprint(active_store) == before


def test_nothing_listable_is_404_and_deleted_versions_publish_again(env: Env) -> None:
    env.publish(manifest("tool", "1.0.0"))
    env.update(["1.0.0"], "Unlisted")
    assert env.request("GET", "tool").status == 404
    assert env.request("GET", "unknown").status == 404
    assert json.loads(env.request("GET", "unknown").body) == {
        "error": "Not found: 'unknown' is not in this registry"
    }
    env.client.delete_package_versions(
        domain="acme", repository="releases", format="npm", package="tool", versions=["1.0.0"]
    )
    assert env.publish(manifest("tool", "1.0.0")).status == 201
    assert list(env.packument("tool")["versions"]) == ["1.0.0"]


def _default_display_version(env: Env) -> Optional[str]:
    listing = env.client.list_package_versions(
        domain="acme", repository="releases", format="npm", package="tool"
    )
    return listing.get("defaultDisplayVersion")


def test_dist_tags_add_ls_rm_and_default_display_version(env: Env) -> None:
    env.publish(manifest("tool", "1.0.0"))
    env.publish(manifest("tool", "2.0.0-beta.1"), tag="beta")
    assert json.loads(env.request("GET", "-/package/tool/dist-tags").body) == {
        "latest": "1.0.0",
        "beta": "2.0.0-beta.1",
    }
    assert _default_display_version(env) == "1.0.0"  # latest, not the most recently published
    assert env.request("PUT", "-/package/tool/dist-tags/latest", "2.0.0-beta.1").status == 201
    assert _default_display_version(env) == "2.0.0-beta.1"
    assert env.packument("tool")["dist-tags"]["latest"] == "2.0.0-beta.1"
    assert env.request("DELETE", "-/package/tool/dist-tags/beta").status == 200
    assert json.loads(env.request("GET", "-/package/tool/dist-tags").body) == {"latest": "2.0.0-beta.1"}
    assert env.request("DELETE", "-/package/tool/dist-tags/beta").status == 404
    assert env.request("PUT", "-/package/tool/dist-tags/x", "9.9.9").status == 404  # no such version
    assert env.request("PUT", "-/package/tool/dist-tags/1.x", "1.0.0").status == 400  # reads as a range
    assert env.request("PUT", "-/package/tool/dist-tags/x", {"v": "1"}).status == 400
    assert env.request("GET", "-/package/tool/dist-tags/latest").status == 405

    # latest naming an Unlisted version: the most recently published Published version is the default
    env.update(["2.0.0-beta.1"], "Unlisted")
    assert _default_display_version(env) == "1.0.0"
    env.request("DELETE", "-/package/tool/dist-tags/latest")
    env.update(["2.0.0-beta.1"], "Published")
    assert _default_display_version(env) == "2.0.0-beta.1"


def test_copy_package_versions_copies_their_dist_tags(env: Env) -> None:
    env.client.create_repository(domain="acme", repository="copies")
    env.publish(manifest("tool", "1.0.0"))
    env.publish(manifest("tool", "2.0.0"), tag="next")
    env.publish(manifest("tool", "3.0.0"), tag="canary")
    env.client.copy_package_versions(
        domain="acme",
        sourceRepository="releases",
        destinationRepository="copies",
        format="npm",
        package="tool",
        versions=["1.0.0", "2.0.0"],
    )
    url = env.server.endpoint_url("acme", "copies", "npm")
    tags = http("GET", url + "-/package/tool/dist-tags", headers={"Authorization": f"Bearer {env.token}"})
    assert json.loads(tags.body) == {"latest": "1.0.0", "next": "2.0.0"}  # canary's version stayed behind
    listing = env.client.list_package_versions(
        domain="acme", repository="copies", format="npm", package="tool"
    )
    assert listing["defaultDisplayVersion"] == "1.0.0"


def test_deprecate_and_undeprecate(env: Env) -> None:
    env.publish(manifest("tool", "1.0.0"))
    env.publish(manifest("tool", "2.0.0"))
    document = env.packument("tool")  # npm deprecate sends the packument back, changed
    document["versions"]["1.0.0"]["deprecated"] = "use 2"
    assert env.request("PUT", "tool", document).status == 200
    assert env.packument("tool")["versions"]["1.0.0"]["deprecated"] == "use 2"
    assert "deprecated" not in env.packument("tool")["versions"]["2.0.0"]
    assert env.packument("tool", ABBREVIATED)["versions"]["1.0.0"]["deprecated"] == "use 2"
    document["versions"]["1.0.0"]["deprecated"] = ""
    assert env.request("PUT", "tool", document).status == 200
    assert "deprecated" not in env.packument("tool")["versions"]["1.0.0"]
    document["versions"]["9.0.0"] = {"deprecated": "x"}
    before = store_fingerprint(active_store)
    assert env.request("PUT", "tool", document).status == 400
    assert store_fingerprint(active_store) == before


def test_deprecating_a_copy_leaves_the_original(env: Env) -> None:
    env.client.create_repository(domain="acme", repository="copies")
    env.publish(manifest("tool", "1.0.0"))
    env.client.copy_package_versions(
        domain="acme",
        sourceRepository="releases",
        destinationRepository="copies",
        format="npm",
        package="tool",
        versions=["1.0.0"],
    )
    url = env.server.endpoint_url("acme", "copies", "npm")
    auth = {"Authorization": f"Bearer {env.token}", "Content-Type": "application/json"}
    body = json.dumps({"name": "tool", "versions": {"1.0.0": {"deprecated": "old"}}}).encode()
    assert http("PUT", url + "tool", body=body, headers=auth).status == 200
    copied = json.loads(http("GET", url + "tool", headers=auth).body)
    assert copied["versions"]["1.0.0"]["deprecated"] == "old"
    assert "deprecated" not in env.packument("tool")["versions"]["1.0.0"]


def test_tokens(env: Env) -> None:
    env.publish(manifest("tool", "1.0.0"))
    for token in (None, "not-a-token"):
        answer = env.request("GET", "tool", token=token)
        assert answer.status == 401
        assert answer.header("WWW-Authenticate") == [
            'Bearer realm="acme/releases"',
            'Basic realm="acme/releases"',
        ]
        assert "error" in json.loads(answer.body)
    basic = base64.b64encode(f"aws:{env.token}".encode()).decode()
    assert http("GET", env.url + "tool", headers={"Authorization": f"Basic {basic}"}).status == 200


def test_calls_policy_and_injected_errors(env: Env) -> None:
    env.publish(manifest("@acme/tool", "1.0.0"))
    publish = [c for c in env.ca.calls if c.operation == "PublishPackageVersion"][-1]
    assert publish.params == {
        "domain": "acme",
        "domainOwner": OWNER,
        "repository": "releases",
        "format": "npm",
        "namespace": "acme",
        "package": "tool",
        "packageVersion": "1.0.0",
        "method": "PUT",
        "path": f"/npm/d/acme-{OWNER}/releases/@acme%2ftool",
    }
    env.ca.inject_error("ReadFromRepository", "ThrottlingException")
    throttled = env.request("GET", "@acme%2ftool")
    assert throttled.status == 429
    assert throttled.header("x-amzn-ErrorType")[0].startswith("ThrottlingException")
    assert "error" in json.loads(throttled.body)
    env.ca.set_policy(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "codeartifact:ReadFromRepository", "Resource": "*"}],
        }
    )
    assert env.request("GET", "@acme%2ftool").status == 200
    assert env.publish(manifest("@acme/tool", "2.0.0")).status == 403
    assert env.request("PUT", "-/package/@acme%2ftool/dist-tags/next", "1.0.0").status == 403


def test_unsupported_commands(env: Env) -> None:
    env.publish(manifest("tool", "1.0.0"))
    for method, path in (
        ("GET", ""),
        ("GET", "-/v1/search?text=tool"),
        ("GET", "-/whoami"),
        ("PUT", "-/user/org.couchdb.user:someone"),
        ("GET", "-/package/tool/access"),
        ("GET", "tool/1.0.0/more"),
    ):
        assert env.request(method, path).status == 404, path
    for method, path in (
        ("DELETE", "tool"),  # npm unpublish
        ("DELETE", "tool/-/tool-1.0.0.tgz"),
        ("POST", "tool"),
        ("PUT", "-/ping"),
    ):
        assert env.request(method, path, body=b"{}").status == 405, path
    assert env.request("GET", "tool/-/other-1.0.0.tgz").status == 404


# -- bad input: a 4xx with an npm-style error, nothing stored ----------------------------------------------


def _bad_publishes() -> list[tuple[str, str, Any]]:
    package = manifest("tool", "1.0.0")
    good = publish_document(package)
    cases: list[tuple[str, str, Any]] = [("not JSON", "tool", b"{not json"), ("a list", "tool", b"[]")]

    def changed(case: str, change: Any, path: str = "tool") -> None:
        document = json.loads(json.dumps(good))
        change(document)
        cases.append((case, path, document))

    attachment = "tool-1.0.0.tgz"
    changed("length", lambda d: d["_attachments"][attachment].update(length=3))
    changed("shasum", lambda d: d["versions"]["1.0.0"]["dist"].update(shasum="0" * 40))
    changed("integrity", lambda d: d["versions"]["1.0.0"]["dist"].update(integrity="sha512-AAAA"))
    changed("not base64", lambda d: d["_attachments"][attachment].update(data="%%%"))
    changed("no data", lambda d: d["_attachments"][attachment].pop("data"))
    changed("two versions", lambda d: d["versions"].update({"2.0.0": {"version": "2.0.0"}}))
    changed("no versions", lambda d: d.update(versions={}))
    changed("two attachments", lambda d: d["_attachments"].update(other={"data": ""}))
    changed("version mismatch", lambda d: d["versions"]["1.0.0"].update(version="1.0.1"))
    changed("tag elsewhere", lambda d: d.update({"dist-tags": {"latest": "0.9.0"}}))
    changed("name mismatch", lambda d: d.update(name="other"), "tool")
    changed("upper case name", lambda d: d.update(name="Tool"), "Tool")
    changed("bad scope", lambda d: d.update(name="@A!/tool"), "@A!%2ftool")
    changed(
        "long version",
        lambda d: d.update(versions={"1" * 300: d["versions"]["1.0.0"] | {"version": "1" * 300}}),
    )
    return cases


@pytest.mark.parametrize(("case", "path", "body"), _bad_publishes(), ids=[c[0] for c in _bad_publishes()])
def test_bad_publishes_change_nothing(env: Env, case: str, path: str, body: Any) -> None:
    before = store_fingerprint(active_store)
    answer = env.request("PUT", path, body)
    assert 400 <= answer.status < 500, (case, answer.body)
    assert answer.header("Content-Type") == ["application/json"]
    assert isinstance(json.loads(answer.body)["error"], str)
    assert store_fingerprint(active_store) == before
    assert env.ca.calls[-1].status == answer.status


def test_in_process_requests_get_aws_tarball_urls() -> None:
    import requests

    with mock_codeartifact():
        client, token = in_process_repository()
        url = client.get_repository_endpoint(domain="acme", repository="releases", format="npm")[
            "repositoryEndpoint"
        ]
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        package = manifest("tool", "1.0.0")
        assert session.put(url + "tool", json=publish_document(package)).status_code == 201
        tarball_url = session.get(url + "tool").json()["versions"]["1.0.0"]["dist"]["tarball"]
        assert tarball_url == url + "tool/-/tool-1.0.0.tgz"
        assert session.get(tarball_url).content == tarball(package)


# -- npm unpublish, a version's manifest, install scripts, seeded versions --------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", "tool/-rev/undefined"),  # npm unpublish tool@1.0.0: the packument without that version
        ("DELETE", "tool/-/tool-1.0.0.tgz/-rev/undefined"),  # ... then its tarball
        ("DELETE", "tool/-rev/undefined"),  # npm unpublish tool --force, or of the only version
        ("DELETE", "@acme%2ftool/-rev/3-abc"),
        ("PUT", "@acme%2ftool/-rev/3-abc"),
        ("DELETE", "@acme%2ftool/-/tool-1.0.0.tgz/-rev/3-abc"),
        ("DELETE", "tool"),  # what older clients send
        ("DELETE", "tool/-/tool-1.0.0.tgz"),
    ],
)
def test_unpublish_is_refused_naming_delete_package_versions(env: Env, method: str, path: str) -> None:
    """npm takes a 404 here for "already unpublished" and reports success: CodeArtifact has no unpublish."""
    env.publish(manifest("tool", "1.0.0"))
    env.publish(manifest("@acme/tool", "1.0.0"))
    document = env.packument("tool")
    del document["versions"]["1.0.0"]
    before = store_fingerprint(active_store)
    answer = env.request(method, path, body=document if method == "PUT" else None)
    assert answer.status == 405
    assert "DeletePackageVersions" in json.loads(answer.body)["error"]
    assert store_fingerprint(active_store) == before
    (call,) = [
        c for c in env.ca.calls if c.params.get("method") == method and c.params["path"].endswith(path)
    ]
    assert (call.operation, call.status) == ("PublishPackageVersion", 405)


def test_every_request_of_npm_unpublish_is_refused(env: Env) -> None:
    """npm names its command on every request (``npm-command``): even the packument it reads first, so
    ``npm unpublish tool@2.0.0`` of a version it does not see listed fails too, instead of succeeding."""
    env.publish(manifest("tool", "1.0.0"))
    headers = {"Authorization": f"Bearer {env.token}"}
    refused = http("GET", env.url + "tool?write=true", headers={**headers, "npm-command": "unpublish"})
    assert refused.status == 405
    assert "DeletePackageVersions" in json.loads(refused.body)["error"]
    for command in ("deprecate", "install"):  # npm deprecate reads the packument the same way
        answer = http("GET", env.url + "tool?write=true", headers={**headers, "npm-command": command})
        assert answer.status == 200, command


def test_a_version_s_manifest(env: Env) -> None:
    env.publish(manifest("tool", "1.0.0", description="One"))
    env.publish(manifest("tool", "2.0.0-beta.1"), tag="beta")
    env.publish(manifest("@acme/tool", "3.0.0"))
    packument = env.packument("tool")
    answer = env.request("GET", "tool/1.0.0")
    assert answer.status == 200
    assert json.loads(answer.body) == packument["versions"]["1.0.0"]
    assert json.loads(env.request("GET", "tool/beta").body)["version"] == "2.0.0-beta.1"  # a dist-tag
    assert json.loads(env.request("GET", "tool/latest").body)["description"] == "One"
    assert json.loads(env.request("GET", "@acme%2ftool/3.0.0").body)["name"] == "@acme/tool"
    assert env.request("GET", "tool/9.9.9").status == 404
    env.update(["1.0.0"], "Unlisted")  # not listed: not served, as the packument leaves it out
    assert env.request("GET", "tool/1.0.0").status == 404
    assert env.request("GET", "tool/latest").status == 404


def test_the_abbreviated_packument_flags_install_scripts(env: Env) -> None:
    env.publish(manifest("tool", "1.0.0", scripts={"postinstall": "node setup.js", "test": "jest"}))
    env.publish(manifest("tool", "2.0.0", scripts={"test": "jest"}))
    versions = env.packument("tool", ABBREVIATED)["versions"]
    assert versions["1.0.0"]["hasInstallScript"] is True
    assert "hasInstallScript" not in versions["2.0.0"]
    assert "scripts" not in versions["1.0.0"]


def test_a_seeded_version_s_manifest_is_its_package_json(env: Env) -> None:
    """npm resolves dependencies from the packument: a seeded version's says what its tarball says."""
    dependencies = [
        {"package": "left-pad", "versionRequirement": "^1.3.0"},
        {"package": "jest", "dependencyType": "dev", "versionRequirement": "29"},
    ]
    env.ca.add_package_version(
        "acme", "releases", "npm", "tool", "1.0.0", summary="A tool", dependencies=dependencies
    )
    tarball_bytes = env.request("GET", "tool/-/tool-1.0.0.tgz").body
    full = env.packument("tool")["versions"]["1.0.0"]
    assert full["description"] == "A tool"
    assert (full["dependencies"], full["devDependencies"]) == ({"left-pad": "^1.3.0"}, {"jest": "29"})
    assert full["dist"]["integrity"] == integrity(tarball_bytes)
    abbreviated = env.packument("tool", ABBREVIATED)["versions"]["1.0.0"]
    assert abbreviated["dependencies"] == {"left-pad": "^1.3.0"}
    assert env.packument("tool")["dist-tags"] == {"latest": "1.0.0"}

    document = env.packument("tool")  # npm deprecate of a seeded version keeps its manifest
    document["versions"]["1.0.0"]["deprecated"] = "use 2"
    assert env.request("PUT", "tool", document).status == 200
    deprecated = env.packument("tool")["versions"]["1.0.0"]
    assert (deprecated["deprecated"], deprecated["dependencies"]) == ("use 2", {"left-pad": "^1.3.0"})
