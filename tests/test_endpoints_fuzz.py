"""Hypothesis throws malformed requests at the repository endpoints, as ``test_server_fuzz`` does at the API.

Paths mix the real segments (formats, the domain-owner label, repository, ``simple``, project, version and
file names, npm's ``-/package/<name>/dist-tags``, scopes and tarballs, Maven's group, artifact, checksum and
metadata files, Cargo's config.json, index paths and web API) with random ones; methods, tokens (Bearer and
verbatim), content types and bodies (twine's form, npm's publish document, a POM and a maven-metadata.xml,
cargo publish's body, cut and spliced, JSON strings, random bytes) vary. For each one:
no 5xx, a short answer unless it is a page, a packument or a file, the state unchanged unless a write was
accepted (or a Maven checksum refused: remembered against its version) or a download through repository
``app`` kept a copy from its upstream ``releases`` or from the public registries seeded behind
``releases``' external connection, and the server answers the next request.

A second test aims hostile input at the route that reads it: JSON nested far too deep (npm's publish,
deprecate and dist-tags), npm publishes whose tarball is cut short, not gzip, not a tar, or names another
package or version, and whose version is not semver; POMs and maven-metadata.xml with a DOCTYPE in UTF-8 or
UTF-16 or an encoding they lie about; twine uploads with bad names, versions, file names and requirements.
Each gets an answer below 500, short, and the state is unchanged unless the write was accepted.
"""

from __future__ import annotations

import gzip
import io
import json
import tarfile
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
from npm_helpers import manifest, publish_document, tarball
from pypi_helpers import http, upload_form, wheel

from codeartifact_mock import CodeArtifactMock, ThreadedCodeArtifactServer, mock_codeartifact
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
SEGMENTS += ["app", "left-pad", "left-pad-1.3.0.tgz", "requests", "2.32.0", "requests-2.32.0.tar.gz"]
POM, METADATA = pom("com.acme", "core", "1.0"), metadata("com.acme", "core", ["1.0", "2.0"])
MAVEN_URL = "maven/d/acme-123456789012/releases/com/acme/core/"
APP_MAVEN_URL = "maven/d/acme-123456789012/app/com/acme/core/"
NPM_PUBLISH = json.dumps(publish_document(manifest("@acme/tool", "2.0.0"))).encode()
CARGO_URL = "cargo/d/acme-123456789012/releases/"
CARGO_PUBLISH = publish_body(crate_metadata("tool", "2.0.0"), crate("tool", "2.0.0"))


@pytest.fixture(scope="module")
def serving() -> Iterator[tuple[CodeArtifactMock, ThreadedCodeArtifactServer]]:
    """The mock and its server, started once for the module: starting a server is the slow part."""
    with mock_codeartifact() as ca, ca.serve(max_body_bytes=64 * 1024) as server:
        yield ca, server


@pytest.fixture
def served(
    serving: tuple[CodeArtifactMock, ThreadedCodeArtifactServer],
) -> tuple[ThreadedCodeArtifactServer, str]:
    """The shared server over the seeded state, seeded afresh for each test (once, not per example): what
    another test stored through it (accepted writes, kept copies) is gone, so a test starts from the same
    state whichever tests its worker ran before it, and a failing example replays alone."""
    ca, server = serving
    ca.reset()
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
    # app -> releases -> public:npmjs and public:pypi (one connection each: a second repository)
    client.create_repository(domain="acme", repository="npm-store")
    client.associate_external_connection(
        domain="acme", repository="npm-store", externalConnection="public:npmjs"
    )
    client.associate_external_connection(
        domain="acme", repository="releases", externalConnection="public:pypi"
    )
    client.create_repository(
        domain="acme",
        repository="app",
        upstreams=[{"repositoryName": "releases"}, {"repositoryName": "npm-store"}],
    )
    ca.add_public_package_version("public:npmjs", "left-pad", "1.3.0")
    ca.add_public_package_version("public:pypi", "requests", "2.32.0")
    return server, client.get_authorization_token(domain="acme")["authorizationToken"]


random_paths = st.lists(st.sampled_from(SEGMENTS) | st.text(max_size=8), min_size=1, max_size=7).map(
    lambda parts: "/" + "/".join(quote(part, safe="%") for part in parts)  # "%" kept: broken escapes too
)
# Below the seeded Maven package: its files, checksums and metadata, and random ones.
MAVEN_FILES = ["maven-metadata.xml", "maven-metadata.xml.sha1", "1.0/core-1.0.jar", "1.0/core-1.0.jar.sha1"]
MAVEN_FILES += ["2.0/core-2.0.jar", "2.0/core-2.0.pom", "2.0/core-2.0.pom.md5", "2.0/core-1.0.jar", "2.0/"]
maven_paths = st.builds(
    lambda url, file, extra: f"/{url}{file}{quote(extra, safe='%/')}",
    st.sampled_from([MAVEN_URL, APP_MAVEN_URL]),
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
# Through app: what its upstreams and the public registries behind them serve, and near misses.
APP_PATHS = [
    "pypi/d/acme-123456789012/app/simple/requests/",
    "pypi/d/acme-123456789012/app/simple/requests/2.32.0/requests-2.32.0.tar.gz",
    "pypi/d/acme-123456789012/app/simple/tool/1.0/" + FILENAME,
    "pypi/d/acme-123456789012/app/",
    "npm/d/acme-123456789012/app/left-pad",
    "npm/d/acme-123456789012/app/left-pad/-/left-pad-1.3.0.tgz",
    "npm/d/acme-123456789012/app/-/package/left-pad/dist-tags",
    "npm/d/acme-123456789012/app/@acme%2ftool",
    "npm/d/acme-123456789012/app/tool/-/tool-1.0.0.tgz",
    "cargo/d/acme-123456789012/app/to/ol/tool",
    "cargo/d/acme-123456789012/app/api/v1/crates/tool/1.0.0/download",
    "cargo/d/acme-123456789012/app/config.json",
]
app_paths = st.builds(
    lambda path, extra: f"/{path}{quote(extra, safe='%/')}",
    st.sampled_from(APP_PATHS),
    st.sampled_from(["", "", "", "x", "/-/x.tgz"]) | st.text(max_size=4),
)
paths = random_paths | maven_paths | app_paths | cargo_paths
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
    fetched = method in ("GET", "HEAD") and answer.status == 200 and "/app/" in path  # a kept copy
    if not (accepted or checksum_refused or fetched):
        assert store_fingerprint(active_store) == before
    assert (
        http("GET", server.endpoint_url("acme", "releases", "pypi") + "simple/tool/", token=token).status
        == 200
    )
    assert http("GET", f"{server.url}/{MAVEN_URL}maven-metadata.xml", token=token).status == 200
    assert http("GET", f"{server.url}/{CARGO_URL}to/ol/tool", token=token).status == 200


# -- hostile input, aimed at the route that reads it ---------------------------------------------------------

NPM_PACKAGE = f"/npm/d/acme-{OWNER}/releases/@acme%2ftool"
PYPI_REPOSITORY = f"/pypi/d/acme-{OWNER}/releases/"


def _tar(path: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        member = tarfile.TarInfo(path)
        member.size = len(data)
        archive.addfile(member, io.BytesIO(data))
    return buffer.getvalue()


GOOD_TGZ = tarball(manifest("@acme/tool", "3.0.0"))
# JSON nested past any parser: balanced or left open, arrays or objects (the body limit makes some a 413).
deep_json = st.builds(
    lambda pair, depth, closed: pair[0] * depth + (pair[1] * depth if closed else b""),
    st.sampled_from([(b"[", b"]"), (b'{"a":', b"}"), (b'[{"versions":', b"}]")]),
    st.integers(90, 30_000),
    st.booleans(),
)
package_names = st.sampled_from(["@acme/tool", " @acme/tool ", "@acme/other", "tool", ""]) | st.none()
npm_versions = st.sampled_from(["3.0.0", "v3.0.0", "3.0.0+b.1", "4.0.0", "3.0", "03.0.0", "3.0.0-", ".."])
tarballs = st.one_of(
    st.builds(lambda cut: GOOD_TGZ[:cut], st.integers(0, len(GOOD_TGZ))),
    st.builds(
        lambda at, byte: GOOD_TGZ[:at] + bytes([byte]) + GOOD_TGZ[at + 1 :],
        st.integers(0, 200),
        st.integers(0, 255),
    ),
    st.binary(max_size=300),
    st.binary(max_size=300).map(gzip.compress),
    st.builds(
        lambda name, version: _tar(
            "package/package.json", json.dumps({"name": name, "version": version}).encode()
        ),
        package_names,
        npm_versions,
    ),
    st.builds(
        lambda name, version, path: gzip.compress(
            _tar(path, json.dumps({"name": name, "version": version}).encode())
        ),
        package_names,
        npm_versions,
        st.sampled_from(
            ["package/package.json", "package//package.json", "other/package.json", "package.json"]
        ),
    ),
    deep_json.map(lambda body: gzip.compress(_tar("package/package.json", body))),
)
npm_publishes = st.builds(
    lambda version, content: json.dumps(publish_document(manifest("@acme/tool", version), content)).encode(),
    npm_versions | st.text(max_size=12),
    tarballs,
)
pypi_names = st.sampled_from(["tool", "Tool", "-tool-", "other", "to..ol", "t" * 300, "tool\n"])
pypi_versions = st.sampled_from(["1.0", "2.0", "..", "1.0..", "latest", "1.0+local.1", "3!1.0", "1.0.0"])
pypi_filenames = st.one_of(
    st.builds(
        lambda name, version, suffix: f"{name}-{version}{suffix}",
        st.sampled_from(["tool", "Tool", "other", "to_ol"]),
        pypi_versions,
        st.sampled_from(["-py3-none-any.whl", ".tar.gz", ".zip", ".egg", ".whl", "-1-py3-none-any.whl"]),
    ),
    st.sampled_from(["../evil.whl", "tool.tar.gz", "..", "tool-1.0-py3-none-any.whl\x00"]),
    st.text(max_size=20),
)
requirements = st.lists(
    st.sampled_from(
        ["a" + " " * 300 + "((", "a; " + "(" * 400, "a ((", "requests>=2,<3", "b[x]; extra == 'y'", ""]
    )
    | st.text(max_size=30),
    max_size=3,
)
pypi_uploads = st.builds(
    lambda name, version, filename, requires, python: upload_form(
        name, version, filename, CONTENT, requires_dist=requires, requires_python=python
    ),
    pypi_names,
    pypi_versions,
    pypi_filenames,
    requirements,
    st.sampled_from([None, ">=3.8", ">>3", ",".join([">=3"] * 500) + ",x"]),
)
HOSTILE_POM = (
    '<?xml version="1.0" encoding="{encoding}"?>\n{doctype}<project><modelVersion>4.0.0</modelVersion>'
    "<groupId>com.acme</groupId><artifactId>core</artifactId><version>3.0</version>"
    "<description>{description}</description></project>"
)
xml_documents = st.builds(
    lambda doctype, description, codec, declared: HOSTILE_POM.format(
        encoding=declared, doctype=doctype, description=description
    ).encode(codec, errors="replace"),
    st.sampled_from(
        ["", '<!DOCTYPE project [<!ENTITY x "xxxxxxxxxx">]>', '<!DOCTYPE p SYSTEM "http://127.0.0.1:9/">']
    ),
    st.sampled_from(["plain", "&x;" * 50, "${" * 2000, "${a}" * 50, "caf\u00e9"]),
    st.sampled_from(["utf-8", "utf-16", "utf-16-le", "utf-16-be", "latin-1"]),
    st.sampled_from(["UTF-8", "UTF-16", "ISO-8859-1"]),
)
hostile_requests = st.one_of(
    st.tuples(st.just("PUT"), st.just(NPM_PACKAGE), npm_publishes, st.just("application/json")),
    st.tuples(
        st.just("PUT"),
        st.sampled_from(
            [NPM_PACKAGE, NPM_PACKAGE.replace("@acme%2ftool", "-/package/@acme%2ftool/dist-tags/beta")]
        ),
        deep_json,
        st.just("application/json"),
    ),
    st.tuples(
        st.just("POST"),
        st.just(PYPI_REPOSITORY),
        pypi_uploads.map(lambda form: form[1]),
        st.just(CONTENT_TYPE),
    ),
    st.tuples(
        st.just("PUT"),
        st.sampled_from([f"/{MAVEN_URL}3.0/core-3.0.pom", f"/{MAVEN_URL}maven-metadata.xml"]),
        xml_documents,
        st.just("text/xml"),
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(hostile=hostile_requests)
def test_hostile_input_is_refused_and_changes_nothing(
    served: tuple[ThreadedCodeArtifactServer, str], hostile: tuple[str, str, bytes, str]
) -> None:
    server, token = served
    method, path, body, content_type = hostile
    before = store_fingerprint(active_store)
    answer = http(method, server.url + path, token=token, body=body, headers={"Content-Type": content_type})
    assert answer.status < 500, (method, path, answer.body[:200])
    assert len(answer.body) < 2000
    assert b"Traceback" not in answer.body
    if answer.status >= 300:
        assert store_fingerprint(active_store) == before, (path, answer.status, answer.body[:200])
    assert http("GET", f"{server.url}/{MAVEN_URL}maven-metadata.xml", token=token).status == 200
