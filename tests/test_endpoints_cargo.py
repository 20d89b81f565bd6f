"""The Cargo repository endpoint over raw HTTP: config.json, index files, downloads, publish, the statuses.

Each test drives the mock as users do: boto3 in process, and urllib against ``ca.serve()``'s server, sending
what cargo 1.95 sends (``cargo_helpers``): the token verbatim in ``Authorization``, index files at Cargo's
paths, downloads by ``config.json``'s ``dl`` template.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import tarfile
from collections.abc import Iterator
from typing import Any, Optional

import pytest
from cargo_helpers import crate, dependency, index_path, metadata, publish_body, tar_gz
from endpoint_env import RepositoryEnv, in_process_repository
from fingerprint import store_fingerprint
from pypi_helpers import Answer, http

from codeartifact_mock import ThreadedCodeArtifactServer, mock_codeartifact
from codeartifact_mock.activation import store as active_store

OWNER = "123456789012"
WHERE = {"domain": "acme", "repository": "releases", "format": "cargo"}


class Env(RepositoryEnv):
    FORMAT = "cargo"

    def request(self, method: str, path: str, body: Optional[bytes] = None, token: Any = ...) -> Answer:
        """Cargo's way: the token itself in ``Authorization`` (None: no header)."""
        sent = self.token if token is ... else token
        headers = {} if sent is None else {"Authorization": sent}
        return http(method, self.url + path, body=body, headers=headers)

    def publish(self, name: str, version: str, content: Optional[bytes] = None, **fields: Any) -> Answer:
        content = crate(name, version) if content is None else content
        return self.request(
            "PUT", "api/v1/crates/new", publish_body(metadata(name, version, **fields), content)
        )

    def index(self, name: str) -> list[dict[str, Any]]:
        answer = self.request("GET", index_path(name))
        assert answer.status == 200, answer.body
        return [json.loads(line) for line in answer.body.decode().splitlines()]

    def download(self, name: str, version: str) -> Answer:
        template = json.loads(self.request("GET", "config.json").body)["dl"]
        url = template.replace("{crate}", name).replace("{version}", version)
        return http("GET", url, headers={"Authorization": self.token})

    def update(self, versions: list[str], status: str, package: str = "tool") -> None:
        self.client.update_package_versions_status(
            **WHERE, package=package, versions=versions, targetStatus=status
        )


@pytest.fixture
def env() -> Iterator[Env]:
    with mock_codeartifact() as ca, ca.serve() as server:
        yield Env(ca, server)


def _errors(answer: Answer) -> list[str]:
    """The details of Cargo's error JSON."""
    assert answer.header("Content-Type") == ["application/json"], answer.body
    return [error["detail"] for error in json.loads(answer.body)["errors"]]


def test_config_json_needs_a_token_and_names_the_url_the_client_used(env: Env) -> None:
    refused = env.request("GET", "config.json", token=None)
    assert refused.status == 401
    # what Cargo needs to ask its credential provider and retry; not the Bearer and Basic of the others
    assert refused.header("WWW-Authenticate") == ["Cargo"]
    assert _errors(refused) == ["Authentication required: send a token from GetAuthorizationToken"]
    answer = env.request("GET", "config.json")
    assert answer.status == 200
    assert json.loads(answer.body) == {
        "dl": env.url + "api/v1/crates/{crate}/{version}/download",
        "api": env.url.rstrip("/"),
        "auth-required": True,
    }
    assert env.url == f"{env.server.url}/cargo/d/acme-{OWNER}/releases/"
    # Bearer and Basic (any user) keep working beside the verbatim token
    basic = base64.b64encode(f"aws:{env.token}".encode()).decode()
    for authorization in (f"Bearer {env.token}", f"Basic {basic}"):
        assert http("GET", env.url + "config.json", headers={"Authorization": authorization}).status == 200
    for token in ("not-a-token", "Bearer", ""):
        assert env.request("GET", "config.json", token=token).status == 401


def test_a_deleted_domains_token_gets_cargos_challenge(env: Env) -> None:
    env.client.delete_repository(domain="acme", repository="releases")
    env.client.delete_domain(domain="acme")
    env.client.create_domain(domain="acme")
    env.client.create_repository(domain="acme", repository="releases")
    refused = env.request("GET", "config.json")  # the token of the domain deleted: dead, whatever the name
    assert (refused.status, refused.header("WWW-Authenticate")) == (401, ["Cargo"])
    assert _errors(refused)[0].endswith("which has since been deleted")


def test_publish_then_index_and_download(env: Env) -> None:
    content = crate("tool", "1.0.0")
    answer = env.publish("tool", "1.0.0", content, features={"default": ["std"], "std": []})
    assert answer.status == 200, answer.body
    assert json.loads(answer.body) == {
        "warnings": {"invalid_categories": [], "invalid_badges": [], "other": []}
    }
    assert env.publish("tool", "1.1.0").status == 200
    lines = env.index("tool")
    assert lines[0] == {
        "name": "tool",
        "vers": "1.0.0",
        "deps": [],
        "features": {"default": ["std"], "std": []},
        "links": None,
        "v": 1,
        "cksum": hashlib.sha256(content).hexdigest(),
        "yanked": False,
    }
    assert [line["vers"] for line in lines] == ["1.0.0", "1.1.0"]  # publish order
    download = env.download("tool", "1.0.0")
    assert (download.status, download.body) == (200, content)
    assert download.header("Content-Type") == ["application/octet-stream"]
    assert env.request("GET", index_path("tool")).header("Content-Type") == ["text/plain; charset=utf-8"]


@pytest.mark.parametrize("name", ["a", "ab", "abc", "abcd", "serde_json"])
def test_index_files_are_at_cargos_paths(env: Env, name: str) -> None:
    assert env.publish(name, "0.1.0").status == 200
    assert [line["name"] for line in env.index(name)] == [name]
    assert env.request("GET", "zz/zz/" + name).status == 404  # not the path Cargo builds for the name
    assert env.request("GET", index_path(name + "x")).status == 404  # no such crate


def test_what_cargo_publish_sends_is_what_the_api_shows(env: Env) -> None:
    assert env.publish("base", "1.2.0").status == 200
    deps = [
        dependency("base", "^1.2", features=["extra"], optional=True),
        dependency("base", "^1", "dev", explicit_name_in_toml="base_for_tests"),
        dependency("cc", "1.0.80", "build", default_features=False, registry="https://example.invalid/index"),
        dependency("windows", "0.52", target="cfg(windows)"),
    ]
    fields = {
        "deps": deps,
        "features": {"default": [], "fast": ["dep:base", "base?/extra"]},
        "description": "A tool for tests",
        "license": "MIT OR Apache-2.0",
        "homepage": "https://example.invalid/tool",
        "repository": "https://example.invalid/tool.git",
        "readme": "# tool\n\nThe readme.\n",
        "links": "toolsys",
        "rust_version": "1.70",
    }
    content = crate("tool", "0.3.0-rc.1+build.5")
    assert env.publish("tool", "0.3.0-rc.1+build.5", content, **fields).status == 200
    where = {**WHERE, "package": "tool", "packageVersion": "0.3.0-rc.1+build.5"}
    described = env.client.describe_package_version(**where)["packageVersion"]
    assert (described["displayName"], described["status"]) == ("tool", "Published")
    assert described["summary"] == "A tool for tests"
    assert (described["homePage"], described["sourceCodeRepository"]) == (
        "https://example.invalid/tool",
        "https://example.invalid/tool.git",
    )
    assert described["licenses"] == [{"name": "MIT OR Apache-2.0"}]
    assert described["origin"]["originType"] == "INTERNAL"
    assert env.client.get_package_version_readme(**where)["readme"] == "# tool\n\nThe readme.\n"
    listed = env.client.list_package_version_dependencies(**where)["dependencies"]
    assert [(d["package"], d["dependencyType"], d["versionRequirement"]) for d in listed] == [
        ("base", "normal", "^1.2"),
        ("base", "dev", "^1"),
        ("cc", "build", "1.0.80"),
        ("windows", "normal", "0.52"),
    ]
    (asset,) = env.client.list_package_version_assets(**where)["assets"]
    assert asset["name"] == "tool-0.3.0-rc.1+build.5.crate"
    assert asset["size"] == len(content)
    assert asset["hashes"]["SHA-256"] == hashlib.sha256(content).hexdigest()
    assert set(asset["hashes"]) == {"MD5", "SHA-1", "SHA-256", "SHA-512"}

    (line,) = env.index("tool")
    assert line["deps"] == [
        {
            "name": "base",
            "req": "^1.2",
            "features": ["extra"],
            "optional": True,
            "default_features": True,
            "target": None,
            "kind": "normal",
            "registry": None,
        },
        {  # renamed in Cargo.toml: listed under the new name, the crate in "package"
            "name": "base_for_tests",
            "req": "^1",
            "features": [],
            "optional": False,
            "default_features": True,
            "target": None,
            "kind": "dev",
            "registry": None,
            "package": "base",
        },
        {
            "name": "cc",
            "req": "1.0.80",
            "features": [],
            "optional": False,
            "default_features": False,
            "target": None,
            "kind": "build",
            "registry": "https://example.invalid/index",
        },
        {
            "name": "windows",
            "req": "0.52",
            "features": [],
            "optional": False,
            "default_features": True,
            "target": "cfg(windows)",
            "kind": "normal",
            "registry": None,
        },
    ]
    # the new feature syntax goes to features2, which makes the line version 2
    assert (line["features"], line["features2"], line["v"]) == (
        {"default": []},
        {"fast": ["dep:base", "base?/extra"]},
        2,
    )
    assert (line["links"], line["rust_version"], line["vers"]) == ("toolsys", "1.70", "0.3.0-rc.1+build.5")
    assert env.download("tool", "0.3.0-rc.1+build.5").body == content


def test_crate_names_are_kept_as_published_and_found_in_any_case(env: Env) -> None:
    env.ca.add_package_version("acme", "releases", "cargo", "aaa", "1.0.0")  # walked past when looking
    assert env.publish("My_Crate", "1.0.0").status == 200
    listed = env.client.list_packages(domain="acme", repository="releases", format="cargo")["packages"]
    assert [p["package"] for p in listed] == ["aaa", "My_Crate"]  # AWS normalizes no Cargo names
    with pytest.raises(env.client.exceptions.ResourceNotFoundException):
        env.client.describe_package_version(**WHERE, package="my_crate", packageVersion="1.0.0")
    # Cargo asks for the index file in lower case (my/_c/my_crate); the lines name the crate as published
    assert [line["name"] for line in env.index("My_Crate")] == ["My_Crate"]
    assert env.download("My_Crate", "1.0.0").status == 200
    assert env.download("my_crate", "1.0.0").status == 200
    # one crate per name ignoring case, as crates.io has it: another spelling is refused, nothing stored
    before = store_fingerprint(active_store)
    refused = env.publish("my_crate", "2.0.0")
    assert refused.status == 400
    assert _errors(refused) == [
        "crate 'my_crate' differs only in case from 'My_Crate', which this registry already holds: publish "
        "it under that name"
    ]
    assert store_fingerprint(active_store) == before
    assert env.publish("My_Crate", "2.0.0").status == 200


@pytest.mark.parametrize(
    ("status", "indexed", "yanked", "downloads"),
    [
        ("Published", True, False, 200),
        ("Unlisted", True, True, 200),  # lockfiles keep working, new resolutions skip it
        ("Archived", False, None, 404),
    ],
)
def test_status_table(env: Env, status: str, indexed: bool, yanked: Optional[bool], downloads: int) -> None:
    for version in ("1.0.0", "2.0.0"):
        assert env.publish("tool", version).status == 200
    env.update(["1.0.0"], status)
    lines = {line["vers"]: line for line in env.index("tool")}
    assert ("1.0.0" in lines) is indexed
    if indexed:
        assert lines["1.0.0"]["yanked"] is yanked
    assert lines["2.0.0"]["yanked"] is False
    assert env.download("tool", "1.0.0").status == downloads
    env.update(["1.0.0"], "Published")  # back in the index, in its place, not yanked
    assert [(line["vers"], line["yanked"]) for line in env.index("tool")] == [
        ("1.0.0", False),
        ("2.0.0", False),
    ]


def test_a_seeded_version_is_a_crate_its_index_line_describes(env: Env) -> None:
    dependencies = [
        {"package": "base", "versionRequirement": "^1.2", "dependencyType": "normal"},
        {"package": "cc", "dependencyType": "build"},
        {"package": "proptest", "versionRequirement": "1", "dependencyType": "dev"},
    ]
    seed: dict[str, Any] = {"summary": "Greets", "licenses": [{"name": "MIT"}], "readme": "# greet\n"}
    seed["dependencies"] = dependencies
    env.ca.add_package_version("acme", "releases", "cargo", "greet", "0.2.0", **seed)
    (line,) = env.index("greet")
    content = env.download("greet", "0.2.0").body
    assert line["cksum"] == hashlib.sha256(content).hexdigest()
    assert [(d["name"], d["req"], d["kind"]) for d in line["deps"]] == [
        ("base", "^1.2", "normal"),
        ("cc", "*", "build"),
        ("proptest", "1", "dev"),
    ]
    with tarfile.open(fileobj=io.BytesIO(content), mode="r:gz") as archive:
        assert archive.getnames() == [
            "greet-0.2.0/Cargo.toml",
            "greet-0.2.0/src/lib.rs",
            "greet-0.2.0/README.md",
        ]
        manifest = archive.extractfile("greet-0.2.0/Cargo.toml").read().decode()  # type: ignore[union-attr]
    assert manifest.startswith('[package]\nname = "greet"\nversion = "0.2.0"\nedition = "2021"\n')
    assert 'description = "Greets"\n' in manifest and 'license = "MIT"\n' in manifest
    assert '\n[dependencies]\n"base" = "^1.2"\n' in manifest
    assert '\n[dev-dependencies]\n"proptest" = "1"\n' in manifest
    assert '\n[build-dependencies]\n"cc" = "*"\n' in manifest
    (asset,) = env.client.list_package_version_assets(**WHERE, package="greet", packageVersion="0.2.0")[
        "assets"
    ]
    assert asset["name"] == "greet-0.2.0.crate"
    # the same seed makes the same bytes
    env.ca.add_package_version("acme", "releases", "cargo", "greet", "0.2.0", **seed)
    assert env.download("greet", "0.2.0").body == content


def test_disposed_unfinished_and_nothing_indexed(env: Env) -> None:
    env.ca.add_package_version("acme", "releases", "cargo", "tool", "0.1.0", status="Unfinished")
    env.ca.add_package_version("acme", "releases", "cargo", "tool", "0.2.0", status="Disposed")
    assert env.request("GET", index_path("tool")).status == 404  # nothing indexed: as for no crate
    assert env.download("tool", "0.1.0").status == 404
    assert env.download("tool", "0.2.0").status == 404
    assert env.publish("tool", "0.3.0").status == 200
    assert [line["vers"] for line in env.index("tool")] == ["0.3.0"]
    env.client.dispose_package_versions(**WHERE, package="tool", versions=["0.3.0"])
    assert env.request("GET", index_path("tool")).status == 404
    assert _errors(env.download("tool", "0.3.0")) == [
        "Not found: crate 'tool' has no downloadable version 0.3.0"
    ]


@pytest.mark.parametrize("status", ["Published", "Unlisted", "Archived", "Disposed"])
def test_publishing_a_version_again_is_409(env: Env, status: str) -> None:
    content = crate("tool", "1.0.0")
    assert env.publish("tool", "1.0.0", content).status == 200
    if status == "Disposed":
        env.client.dispose_package_versions(**WHERE, package="tool", versions=["1.0.0"])
    elif status != "Published":
        env.update(["1.0.0"], status)
    before = store_fingerprint(active_store)
    again = env.publish("tool", "1.0.0", content)  # even the same bytes: crates are immutable
    assert again.status == 409
    assert _errors(again) == [
        f"Package version 'tool@1.0.0' has status {status}: it cannot be published again"
    ]
    assert again.header("x-amzn-ErrorType")[0].startswith("ConflictException")
    assert store_fingerprint(active_store) == before


def test_deleted_and_unfinished_versions_take_a_publish(env: Env) -> None:
    assert env.publish("tool", "1.0.0").status == 200
    env.client.delete_package_versions(**WHERE, package="tool", versions=["1.0.0"])
    assert env.publish("tool", "1.0.0", crate("tool", "1.0.0", {"NEW": b"1"})).status == 200
    env.ca.add_package_version("acme", "releases", "cargo", "tool", "2.0.0", status="Unfinished", assets={})
    assert env.publish("tool", "2.0.0").status == 200  # completes the version
    versions = env.client.list_package_versions(**WHERE, package="tool")["versions"]
    assert {(v["version"], v["status"]) for v in versions} == {("1.0.0", "Published"), ("2.0.0", "Published")}


def test_calls_policy_and_injected_errors(env: Env) -> None:
    assert env.publish("Tool", "1.0.0").status == 200
    publish = [c for c in env.ca.calls if c.operation == "PublishPackageVersion"][-1]
    assert publish.params == {
        "domain": "acme",
        "domainOwner": OWNER,
        "repository": "releases",
        "format": "cargo",
        "package": "Tool",
        "packageVersion": "1.0.0",
        "method": "PUT",
        "path": f"/cargo/d/acme-{OWNER}/releases/api/v1/crates/new",
    }
    assert env.download("Tool", "1.0.0").status == 200
    download = env.ca.calls[-1]
    assert (download.operation, download.params["package"], download.params["packageVersion"]) == (
        "ReadFromRepository",
        "Tool",
        "1.0.0",
    )
    assert env.request("GET", "config.json", token="wrong").status == 401
    assert (env.ca.calls[-1].status, env.ca.calls[-1].error_code) == (401, "Unauthorized")
    env.ca.inject_error("ReadFromRepository", "ThrottlingException")
    throttled = env.request("GET", index_path("tool"))
    assert throttled.status == 429
    assert throttled.header("x-amzn-ErrorType")[0].startswith("ThrottlingException")
    assert len(_errors(throttled)) == 1
    env.ca.set_policy(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "codeartifact:ReadFromRepository", "Resource": "*"}],
        }
    )
    assert env.request("GET", index_path("tool")).status == 200
    denied = env.publish("Tool", "2.0.0")
    assert denied.status == 403
    assert "codeartifact:PublishPackageVersion" in _errors(denied)[0]


def test_repository_policies_apply_as_to_every_format(env: Env) -> None:
    """A role of another account reads once the domain and repository policies let it, and cannot publish;
    a Deny on ReadFromRepository refuses everyone. Each refusal in Cargo's form."""
    ci = "arn:aws:iam::210987654321:role/ci"

    def policy(*statements: tuple[str, Any, str]) -> str:
        return json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": e, "Principal": who, "Action": f"codeartifact:{action}", "Resource": "*"}
                    for e, who, action in statements
                ],
            }
        )

    assert env.publish("tool", "1.0.0").status == 200
    env.client.put_domain_permissions_policy(
        domain="acme", policyDocument=policy(("Allow", {"AWS": ci}, "GetAuthorizationToken"))
    )
    env.client.put_repository_permissions_policy(
        domain="acme",
        repository="releases",
        policyDocument=policy(("Allow", {"AWS": ci}, "ReadFromRepository")),
    )
    with env.ca.as_principal(ci):
        ci_token = env.client.get_authorization_token(domain="acme", domainOwner=OWNER)["authorizationToken"]
    assert env.request("GET", index_path("tool"), token=ci_token).status == 200
    refused = env.request(
        "PUT",
        "api/v1/crates/new",
        publish_body(metadata("tool", "2.0.0"), crate("tool", "2.0.0")),
        token=ci_token,
    )
    assert refused.status == 403
    assert "codeartifact:PublishPackageVersion" in _errors(refused)[0]
    env.client.put_repository_permissions_policy(
        domain="acme", repository="releases", policyDocument=policy(("Deny", "*", "ReadFromRepository"))
    )
    for token in (env.token, ci_token):
        denied = env.request("GET", index_path("tool"), token=token)
        assert denied.status == 403
        assert "codeartifact:ReadFromRepository" in _errors(denied)[0]


def test_unsupported_commands_fail_clearly(env: Env) -> None:
    assert env.publish("tool", "1.0.0").status == 200
    for method, path, status, command in (
        ("DELETE", "api/v1/crates/tool/1.0.0/yank", 405, "yank"),
        ("PUT", "api/v1/crates/tool/1.0.0/unyank", 405, "yank"),
        ("GET", "api/v1/crates/tool/owners", 404, "owner"),
        ("PUT", "api/v1/crates/tool/owners", 405, "owner"),
        ("DELETE", "api/v1/crates/tool/owners", 405, "owner"),
        ("GET", "api/v1/crates?q=tool&per_page=10", 404, "search"),
    ):
        answer = env.request(method, path, body=b"{}" if method == "PUT" else None)
        assert answer.status == status, path
        assert _errors(answer)[0].startswith(f"codeartifact does not support cargo {command}"), path
    for method, path, status in (
        ("PUT", "config.json", 405),
        ("POST", "api/v1/crates/new", 405),
        ("GET", "api/v1/crates/new", 405),
        ("GET", "api/v1/crates/tool/1.0.0", 404),
        ("GET", "", 404),
        ("GET", "to/ol/tool/x", 404),
    ):
        assert env.request(method, path, body=b"" if method in ("PUT", "POST") else None).status == status, (
            path
        )


# -- bad input: Cargo's error form, nothing stored ---------------------------------------------------------


def _bad_publishes() -> list[tuple[str, bytes, str]]:
    good_crate = crate("tool", "1.0.0")
    document = metadata("tool", "1.0.0")
    good = publish_body(document, good_crate)
    json_length = len(json.dumps(document).encode())
    cases = [
        ("empty body", b"", "invalid upload request: the body is too short to hold the metadata length"),
        ("metadata length lies", b"\xff\xff\x00\x00" + good[4:], "exceeds the body"),
        ("crate length short", good[:-1], "does not match"),
        ("crate length long", good + b"\x00", "does not match"),
        ("no crate length", good[: 4 + json_length], "exceeds the body"),
        ("metadata not JSON", publish_body(b"{nope", good_crate), "Bad request: the metadata is not JSON"),
        ("metadata a list", publish_body(b"[]", good_crate), "must be a JSON object"),
        ("no name", publish_body({"vers": "1.0.0"}, good_crate), "needs a string 'name' and 'vers'"),
        ("not a tar.gz", publish_body(document, b"PK\x03\x04 a zip"), "not a whole gzipped tarball"),
        ("gzip of no tar", publish_body(document, gzip.compress(b"x" * 600)), "not a whole gzipped tarball"),
        ("cut short", publish_body(document, good_crate[:-20]), "the crate is not a whole gzipped tarball"),
        ("another crate", publish_body(document, crate("other", "1.0.0")), "is outside tool-1.0.0/"),
        ("another version", publish_body(document, crate("tool", "1.0.1")), "is outside tool-1.0.0/"),
        (
            "a file outside the crate",
            publish_body(document, tar_gz({"tool-1.0.0/Cargo.toml": b"", "evil.rs": b""})),
            "'evil.rs' in the crate is outside tool-1.0.0/",
        ),
        ("deep metadata", publish_body(b"[" * 200 + b"]" * 200, good_crate), "nests deeper than 100 levels"),
        (
            "no Cargo.toml",
            publish_body(document, tar_gz({"tool-1.0.0/src/lib.rs": b""})),
            "Bad request: the crate has no tool-1.0.0/Cargo.toml",
        ),
        ("not semver", publish_body(metadata("tool", "1.0"), crate("tool", "1.0")), "not a SemVer 2.0.0"),
        ("leading zero", publish_body(metadata("tool", "01.0.0"), crate("tool", "01.0.0")), "not a SemVer"),
        ("bad name", publish_body(metadata("1tool", "1.0.0"), crate("1tool", "1.0.0")), "invalid crate name"),
        ("name with a slash", publish_body(metadata("a/b", "1.0.0"), good_crate), "failed to satisfy"),
        ("deps not a list", publish_body(metadata("tool", "1.0.0", deps={}), good_crate), "must be a list"),
        (
            "dependency without a requirement",
            publish_body(metadata("tool", "1.0.0", deps=[{"name": "x"}]), good_crate),
            "dependency 'x' has no 'version_req'",
        ),
        (
            "dependency of an unknown kind",
            publish_body(metadata("tool", "1.0.0", deps=[dependency("x", "1", "peer")]), good_crate),
            "unknown kind 'peer'",
        ),
        (
            "features not lists",
            publish_body(metadata("tool", "1.0.0", features={"a": "b"}), good_crate),
            "'features' must map names to lists of strings",
        ),
    ]
    return cases


@pytest.mark.parametrize(("case", "body", "detail"), _bad_publishes(), ids=[c[0] for c in _bad_publishes()])
def test_bad_publishes_change_nothing(env: Env, case: str, body: bytes, detail: str) -> None:
    before = store_fingerprint(active_store)
    answer = env.request("PUT", "api/v1/crates/new", body)
    assert answer.status == 400, (case, answer.body)
    (message,) = _errors(answer)
    assert detail in message, message
    assert store_fingerprint(active_store) == before
    assert env.ca.calls[-1].status == 400


def test_a_gzip_bomb_is_refused_before_it_is_read_whole(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    from codeartifact_mock.endpoints import documents

    monkeypatch.setattr(documents, "UNPACKED_LIMIT", 100_000)  # the real bound, every format's: 64 MiB
    bomb = crate("tool", "1.0.0", {"big.bin": b"\x00" * 200_000})
    before = store_fingerprint(active_store)
    answer = env.publish("tool", "1.0.0", bomb)
    assert answer.status == 400
    assert _errors(answer) == ["Bad request: the crate unpacks to more than 100000 bytes"]
    assert store_fingerprint(active_store) == before


def test_an_oversized_body_gets_cargos_error_form(env: Env) -> None:
    with ThreadedCodeArtifactServer(store=active_store, max_body_bytes=1000) as small:
        url = small.endpoint_url("acme", "releases", "cargo")
        body = publish_body(metadata("tool", "1.0.0", readme="x" * 2000), crate("tool", "1.0.0"))
        answer = http("PUT", url + "api/v1/crates/new", body=body, headers={"Authorization": env.token})
    assert answer.status == 413
    assert _errors(answer) == ["The request body exceeds this server's limit of 1000 bytes"]
    assert env.client.list_packages(domain="acme", repository="releases")["packages"] == []


def test_reads_change_nothing(env: Env) -> None:
    assert env.publish("tool", "1.0.0").status == 200
    before = store_fingerprint(active_store)
    for path in ("config.json", index_path("tool"), "api/v1/crates/tool/1.0.0/download", index_path("none")):
        env.request("GET", path)
        env.request("HEAD", path)
    assert store_fingerprint(active_store) == before


def test_in_process_through_requests() -> None:
    import requests

    with mock_codeartifact() as ca:
        client, token = in_process_repository()
        url = client.get_repository_endpoint(domain="acme", repository="releases", format="cargo")[
            "repositoryEndpoint"
        ]
        assert url == f"https://acme-{OWNER}.d.codeartifact.us-east-1.amazonaws.com/cargo/releases/"
        refused = requests.get(url + "config.json", timeout=5)
        assert (refused.status_code, refused.headers["WWW-Authenticate"]) == (401, "Cargo")
        session = requests.Session()
        session.headers["Authorization"] = token
        config = session.get(url + "config.json").json()
        assert config["api"] == url.rstrip("/")
        content = crate("tool", "1.0.0")
        body = publish_body(metadata("tool", "1.0.0"), content)
        assert session.put(config["api"] + "/api/v1/crates/new", data=body).status_code == 200
        (line,) = [json.loads(text) for text in session.get(url + "to/ol/tool").text.splitlines()]
        assert line["cksum"] == hashlib.sha256(content).hexdigest()
        download = config["dl"].replace("{crate}", "tool").replace("{version}", "1.0.0")
        assert session.get(download).content == content
        endpoint_calls = [c for c in ca.calls if c.params.get("path", "").startswith("/cargo/releases/")]
        assert [c.status for c in endpoint_calls] == [401, 200, 200, 200, 200]
