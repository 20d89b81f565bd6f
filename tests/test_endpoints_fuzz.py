"""Hypothesis throws malformed requests at the repository endpoints, as ``test_server_fuzz`` does at the API.

Paths mix the real segments (formats, the domain-owner label, repository, ``simple``, project, version and
file names, npm's ``-/package/<name>/dist-tags``, scopes and tarballs, Maven's group, artifact, checksum and
metadata files, Cargo's config.json, index paths and web API) with random ones; methods, tokens (Bearer and
verbatim), content types and bodies (twine's form, npm's publish document, a POM and a maven-metadata.xml,
cargo publish's body, cut and spliced, JSON strings, random bytes) vary. For each one:
no 5xx, a short answer unless it is a page, a packument or a file, the state unchanged unless a write was
accepted (or a Maven checksum refused: remembered against its version), and the server answers the next
request.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import quote

import boto3
import pytest
from cargo_helpers import crate, publish_body
from cargo_helpers import metadata as crate_metadata
from fingerprint import store_fingerprint
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from maven_helpers import jar, metadata, pom
from npm_helpers import manifest, publish_document
from pypi_helpers import http, upload_form, wheel

from codeartifact_mock import ThreadedCodeArtifactServer, mock_codeartifact
from codeartifact_mock.activation import store as active_store

OWNER = "123456789012"
FILENAME, CONTENT = wheel("tool", "1.0")
CONTENT_TYPE, FORM = upload_form("tool", "1.0", FILENAME, CONTENT)
SEGMENTS = ["pypi", "npm", "generic", "d", f"acme-{OWNER}", "acme", "releases", "simple", "tool", "Tool"]
SEGMENTS += ["1.0", FILENAME, "", "..", "%2F", "%ff", "x" * 300]
SEGMENTS += [
    "-",
    "ping",
    "package",
    "dist-tags",
    "latest",
    "@acme",
    "@acme%2ftool",
    "tool-1.0.0.tgz",
    "2.0.0",
    "maven",
    "com",
    "core",
    "core-1.0.jar",
    "core-1.0.jar.sha1",
    "core-1.0.pom",
    "maven-metadata.xml",
]
SEGMENTS += ["maven-metadata.xml.md5", "1.0-SNAPSHOT", "core-2.0.jar"]
SEGMENTS += ["cargo", "config.json", "api", "v1", "crates", "new", "download", "yank", "owners", "3", "t"]
SEGMENTS += ["to", "ol", "1.0.0", "2.0.0"]
POM, METADATA = pom("com.acme", "core", "1.0"), metadata("com.acme", "core", ["1.0", "2.0"])
MAVEN_URL = "maven/d/acme-123456789012/releases/com/acme/core/"
NPM_PUBLISH = json.dumps(publish_document(manifest("@acme/tool", "2.0.0"))).encode()
CARGO_URL = "cargo/d/acme-123456789012/releases/"
CARGO_PUBLISH = publish_body(crate_metadata("tool", "2.0.0"), crate("tool", "2.0.0"))


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[ThreadedCodeArtifactServer, str]]:
    with mock_codeartifact() as ca, ca.serve(max_body_bytes=64 * 1024) as server:
        client = boto3.client("codeartifact", region_name="us-east-1")
        client.create_domain(domain="acme")
        client.create_repository(domain="acme", repository="releases")
        ca.add_package_version("acme", "releases", "pypi", "tool", "1.0", assets={FILENAME: CONTENT})
        ca.add_package_version("acme", "releases", "npm", "tool", "1.0.0")
        ca.add_package_version("acme", "releases", "npm", "tool", "1.0.0", namespace="acme")
        ca.add_package_version("acme", "releases", "cargo", "tool", "1.0.0", assets={"tool.crate": b"c"})
        ca.add_package_version(
            "acme",
            "releases",
            "maven",
            "core",
            "1.0",
            namespace="com.acme",
            assets={"core-1.0.jar": jar("core", "1.0")},
        )
        yield server, client.get_authorization_token(domain="acme")["authorizationToken"]


random_paths = st.lists(st.sampled_from(SEGMENTS) | st.text(max_size=8), min_size=1, max_size=7).map(
    lambda parts: "/" + "/".join(quote(part, safe="%") for part in parts)  # "%" kept: broken escapes too
)
# Below the seeded Maven package: its files, checksums and metadata, and random ones.
MAVEN_FILES = ["maven-metadata.xml", "maven-metadata.xml.sha1", "1.0/core-1.0.jar", "1.0/core-1.0.jar.sha1"]
MAVEN_FILES += ["2.0/core-2.0.jar", "2.0/core-2.0.pom", "2.0/core-2.0.pom.md5", "2.0/core-1.0.jar", "2.0/"]
maven_paths = st.builds(
    lambda file, extra: f"/{MAVEN_URL}{file}{quote(extra, safe='%/')}",
    st.sampled_from(MAVEN_FILES),
    st.sampled_from(["", "", ".sha512", "/x"]) | st.text(max_size=4),
)
# Below the Cargo repository: its routes, and random ones.
CARGO_FILES = ["config.json", "to/ol/tool", "3/t/too", "api/v1/crates/new", "api/v1/crates/tool/owners"]
CARGO_FILES += [f"api/v1/crates/tool/{v}/{w}" for v in ("1.0.0", "2.0.0") for w in ("download", "yank")]
cargo_paths = st.builds(
    lambda file, extra: f"/{CARGO_URL}{file}{quote(extra, safe='%/')}",
    st.sampled_from(CARGO_FILES),
    st.sampled_from(["", "", "/x"]) | st.text(max_size=4),
)
paths = random_paths | maven_paths | cargo_paths
documents = st.sampled_from([FORM, POM, METADATA])
bodies = st.one_of(
    documents,
    st.builds(lambda doc, cut: doc[:cut], documents, st.integers(0, len(FORM))),
    st.builds(
        lambda doc, a, b: doc[:a] + doc[b:], documents, st.integers(0, len(FORM)), st.integers(0, len(FORM))
    ),
    st.binary(max_size=200),
    st.just(NPM_PUBLISH),
    st.builds(lambda cut: NPM_PUBLISH[:cut], st.integers(0, len(NPM_PUBLISH))),
    st.just(CARGO_PUBLISH),
    st.builds(lambda cut: CARGO_PUBLISH[:cut], st.integers(0, len(CARGO_PUBLISH))),
    st.builds(
        lambda at, byte: CARGO_PUBLISH[:at] + bytes([byte]) + CARGO_PUBLISH[at + 1 :],  # a length that lies
        st.integers(0, len(CARGO_PUBLISH) - 1),
        st.integers(0, 255),
    ),
    st.sampled_from([b'"1.0.0"', b'"2.0.0"', b"{}", b'{"versions": {"1.0.0": {"deprecated": "x"}}}']),
)


CHECKSUM_EXTENSIONS = (".md5", ".sha1", ".sha256", ".sha512")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    method=st.sampled_from(["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"]),
    path=paths,
    with_token=st.sampled_from([True, False, "junk", "verbatim"]),
    content_type=st.sampled_from(
        [
            CONTENT_TYPE,
            "multipart/form-data",
            "text/plain",
            "multipart/form-data; boundary=",
            "application/json",
        ]
    ),
    body=bodies,
)
def test_endpoint_requests_never_break_the_server(
    served: tuple[ThreadedCodeArtifactServer, str],
    method: str,
    path: str,
    with_token: object,
    content_type: str,
    body: bytes,
) -> None:
    server, token = served
    sent_token = token if with_token is True else ("junk" if with_token == "junk" else None)
    before = store_fingerprint(active_store)
    has_body = method in ("POST", "PUT", "PATCH")
    headers = {"Content-Type": content_type} if has_body else {}
    if with_token == "verbatim":  # as Cargo sends it
        headers["Authorization"] = token
    sent_body = body if has_body else None
    answer = http(method, server.url + path, token=sent_token, body=sent_body, headers=headers)
    assert answer.status < 500, (method, path, answer.body[:200])
    if answer.status != 200 or method == "POST":
        assert len(answer.body) < 2000
        assert b"<html" not in answer.body.lower()
    accepted = method in ("POST", "PUT", "DELETE") and answer.status < 300  # only accepted writes change it
    checksum_refused = method == "PUT" and answer.status == 400 and path.endswith(CHECKSUM_EXTENSIONS)
    if not (accepted or checksum_refused):
        assert store_fingerprint(active_store) == before
    assert (
        http("GET", server.endpoint_url("acme", "releases", "pypi") + "simple/tool/", token=token).status
        == 200
    )
    assert http("GET", f"{server.url}/{MAVEN_URL}maven-metadata.xml", token=token).status == 200
    assert http("GET", f"{server.url}/{CARGO_URL}to/ol/tool", token=token).status == 200
