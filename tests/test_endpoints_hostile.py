"""Hostile input: every request built to stall a parser, exhaust memory or slip past a check gets a short
4xx, in bounded time, and changes nothing; the server goes on answering.

Three kinds of proof, each bounded in count and time, loopback only:

- deadlines: a request that used to hold the server for seconds or minutes is answered within ``DEADLINE``;
- counts: a reader given adversarial input of growing size takes time growing in proportion
  (``assert_linear``: the slope of log(time) over log(size) is about 1), where backtracking made it grow
  as the square or the cube of the size;
- the state's fingerprint (``fingerprint.py``) is the same after every refused request.

Raw HTTP against ``ca.serve()``, ``requests`` in process through ``responses``, and boto3 for the JSON the
API reads. ``test_endpoints_fuzz.py`` throws generated variants of the same attacks.
"""

from __future__ import annotations

import base64
import contextlib
import gc
import gzip
import io
import itertools
import json
import math
import statistics
import tarfile
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from typing import Any, Callable, Optional

import boto3
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError
from endpoint_env import RepositoryEnv, in_process_repository
from fingerprint import store_fingerprint
from maven_helpers import metadata, pom
from npm_helpers import escaped, manifest, publish_document, tarball
from pypi_helpers import Answer, http, sdist, upload_form, wheel
from server_helpers import control, request

from codeartifact_mock import mock_codeartifact
from codeartifact_mock.activation import store as active_store
from codeartifact_mock.backend import Store
from codeartifact_mock.controls import add_access_key
from codeartifact_mock.endpoints import documents, maven, pypi
from codeartifact_mock.endpoints.http import EndpointError, EndpointRequest
from codeartifact_mock.endpoints.semver import clean, is_semver
from codeartifact_mock.server.callers import caller_of
from codeartifact_mock.server.http_handler import region_of

OWNER = "123456789012"
DEADLINE = 5.0  # seconds: what each hostile request gets, where the old readers took seconds to hours
NPM_IN_PROCESS = f"https://acme-{OWNER}.d.codeartifact.us-east-1.amazonaws.com/npm/releases/"
MAVEN_PATH = "com/acme/core/"


class Env(RepositoryEnv):
    FORMAT = "pypi"

    def url_of(self, fmt: str) -> str:
        return self.server.endpoint_url("acme", "releases", fmt)

    def send(self, method: str, url: str, body: bytes, headers: Optional[dict[str, str]] = None) -> Answer:
        return http(method, url, token=self.token, body=body, headers=headers)

    def refused(self, method: str, url: str, body: bytes, headers: Optional[dict[str, str]] = None) -> Answer:
        """A request the endpoint must refuse: a short 4xx within ``DEADLINE``, no traceback, nothing
        changed, and the server still answering."""
        before = store_fingerprint(active_store)
        started = time.monotonic()
        answer = self.send(method, url, body, headers)
        assert time.monotonic() - started < DEADLINE
        assert 400 <= answer.status < 500, (answer.status, answer.body[:300])
        assert len(answer.body) < 2000
        assert b"Traceback" not in answer.body
        assert store_fingerprint(active_store) == before
        assert http("GET", self.url_of("npm") + "-/ping", token=self.token).status == 200
        return answer

    def pom_summary(self) -> str:
        """The summary DescribePackageVersion shows for com.acme:core 1.0, read from its POM."""
        described = self.client.describe_package_version(
            domain="acme",
            repository="releases",
            format="maven",
            namespace="com.acme",
            package="core",
            packageVersion="1.0",
        )
        summary: str = described["packageVersion"]["summary"]
        return summary

    def upload(self, name: str, version: str, filename: str, content: bytes, **fields: Any) -> Answer:
        content_type, body = upload_form(name, version, filename, content, **fields)
        return self.send("POST", self.url, body, {"Content-Type": content_type})

    def refused_upload(self, name: str, version: str, filename: str, content: bytes, **fields: Any) -> str:
        content_type, body = upload_form(name, version, filename, content, **fields)
        return self.refused("POST", self.url, body, {"Content-Type": content_type}).body.decode().strip()

    def publish(self, document: dict[str, Any]) -> Answer:
        """npm publish's PUT of ``document`` (its name in the URL as npm writes it)."""
        url = self.url_of("npm") + escaped(document["name"])
        return self.send("PUT", url, json.dumps(document).encode(), {"Content-Type": "application/json"})

    def refused_publish(self, document: Any) -> str:
        """A PUT of ``document`` (or of these bytes) to ``tool`` that must be refused: npm's error text."""
        body = document if isinstance(document, bytes) else json.dumps(document).encode()
        answer = self.refused("PUT", self.url_of("npm") + "tool", body, {"Content-Type": "application/json"})
        assert answer.header("Content-Type") == ["application/json"]
        message: str = json.loads(answer.body)["error"]
        return message


@pytest.fixture
def env() -> Iterator[Env]:
    with mock_codeartifact() as ca, ca.serve() as server:
        yield Env(ca, server)


def growth(work: Callable[[Any], object], make: Callable[[int], Any], size: int) -> float:
    """How the time ``work`` takes grows with the size of its input: the exponent k of time ~ size^k, from
    five sizes, ``size`` to 16 times it (the best of five runs each). About 1 for linear work (less where a
    fixed cost dominates), 2 for quadratic backtracking, 3 for cubic. The exponent is the median of the
    slopes between every two sizes (Theil-Sen), so one run slowed by a busy machine does not tip it.
    Exceptions are the refusals expected."""

    def best(value: Any) -> float:
        times = []
        for _ in range(5):
            gc.disable()  # as timeit does: a collection costs as many objects as there are, not this work
            started = time.perf_counter()
            with contextlib.suppress(Exception):
                work(value)
            times.append(time.perf_counter() - started)
            gc.enable()
        return max(min(times), 1e-6)

    points = [(math.log(n), math.log(best(make(n)))) for n in (size * 2**step for step in range(5))]
    slopes = sorted((y2 - y1) / (x2 - x1) for (x1, y1), (x2, y2) in itertools.combinations(points, 2))
    return statistics.median(slopes)


def assert_linear(work: Callable[[Any], object], make: Callable[[int], Any], size: int) -> None:
    """Linear, or at least far from quadratic. A busy machine only ever slows a run, so up to three tries
    are made and the best counts: work that is truly quadratic fails all three."""
    slopes = []
    for _ in range(3):
        slopes.append(growth(work, make, size))
        if slopes[-1] < 1.5:
            return
    raise AssertionError(f"time grows as size^{min(slopes):.2f} from size {size} (tries: {slopes})")


# -- nothing stalls the server ------------------------------------------------------------------------------


def _upload_request(**fields: Any) -> EndpointRequest:
    filename, content = wheel("tool", "1.0")
    content_type, body = upload_form("tool", "1.0", filename, content, **fields)
    return EndpointRequest("POST", "", {"content-type": content_type}, body)


def _requiring(requirement: Callable[[int], str]) -> Callable[[int], EndpointRequest]:
    """An upload whose ``requires_dist`` is ``requirement(n)``, of a size ``n``."""
    return lambda n: _upload_request(requires_dist=[requirement(n)])


def _caller_with_access_keys() -> Callable[[str], object]:
    """The principal of a server request's Authorization header, with an access key mapped (else unread)."""
    store = Store()
    add_access_key(store, "AKIACI", f"arn:aws:iam::{OWNER}:role/ci")
    return lambda authorization: caller_of(store, OWNER, authorization)


def _pom_request(description: str) -> EndpointRequest:
    body = pom("com.acme", "core", "1.0", f"  <description>{description}</description>\n")
    return EndpointRequest("PUT", f"{MAVEN_PATH}1.0/core-1.0.pom", {}, body)


def _disposition_request(disposition: str) -> EndpointRequest:
    body = (
        b"--b\r\nContent-Disposition: " + disposition.encode() + b"\r\n\r\nx\r\n--b--\r\n"
    )  # one part, the header under attack
    return EndpointRequest("POST", "", {"content-type": "multipart/form-data; boundary=b"}, body)


# Each: what is read, the hostile input of a size, and the smallest size tried (up to 16 times it): where the
# old reader took seconds at the largest, or the new one a measurable time. The sizes stay below where the
# regex engine's backtracking stack outgrows the processor's caches: from there on, linear work still costs
# several times more per character (a step in the curve, not a steeper one).
LINEAR_CASES: dict[str, tuple[Callable[[Any], object], Callable[[int], Any], int]] = {
    # the hand-written requirement regex: 20 blanks took 0.4 ms, 160 took 2.3 s (time grew as size^4)
    "requires_dist, blanks then ((": (pypi.plan, _requiring(lambda n: "a" + " " * n + "(("), 10),
    "requires_dist, blanks then (( at scale": (pypi.plan, _requiring(lambda n: "a" + " " * n + "(("), 20_000),
    "requires_dist, many specifiers": (pypi.plan, _requiring(lambda n: "a" + ">=1," * n + "!"), 2_000),
    "requires_dist, a long marker": (
        pypi.plan,
        _requiring(lambda n: "a; " + "python_version=='3' and " * n + "("),
        1_000,
    ),
    "requires_python, many specifiers": (
        pypi.plan,
        lambda n: _upload_request(requires_python=",".join([">=3"] * n) + ",x"),
        200,
    ),
    # what the stdlib's email parser takes quadratic time over (the multipart reader is ours for that)
    "Content-Disposition, ';' in a quoted value": (
        pypi.plan,
        lambda n: _disposition_request('form-data; name="' + ";" * n + '"'),
        700,  # 7,000 is still under the 8 KiB that part headers may take
    ),
    "Content-Disposition, backslash pairs and no closing quote": (
        pypi.plan,
        lambda n: _disposition_request('form-data; name="' + '\\a;b="' * n),
        100,
    ),
    # ${ without its }: 2,000 took 0.04 s, 20,000 took 5 s (quadratic)
    "a POM's ${ repeated": (maven.plan, lambda n: _pom_request("${" * n), 1_000),
    "a POM's ${a repeated": (maven.plan, lambda n: _pom_request("${a" * n), 1_000),
    # "Credential=" repeated in an Authorization header: 600 took 0.04 s, 6,000 took 2.7 s (quadratic)
    "Authorization, Credential= repeated": (region_of, lambda n: "Credential=" * n, 300),
    # the same, for the access key (read when keys are mapped): 6,000 took 5 s (quadratic)
    "Authorization's access key, Credential= repeated": (
        _caller_with_access_keys(),
        lambda n: "Credential=" * n,
        300,
    ),
    "semver, numeric pre-release": (is_semver, lambda n: "1.0.0-" + "1" * n + "!", 2_000),
    "semver, dotted pre-release": (is_semver, lambda n: "1.0.0-" + "a." * n + "!", 1_000),
    "semver, alphanumeric pre-release": (is_semver, lambda n: "1.0.0-" + "9a" * n + "!", 1_000),
    "semver, build metadata": (is_semver, lambda n: "1.0.0+" + "-." * n + "!", 1_000),
    "JSON, nested arrays": (lambda body: documents.json_document(body, "it"), lambda n: b"[" * n, 20_000),
}


@pytest.mark.parametrize("case", list(LINEAR_CASES))
def test_readers_take_time_linear_in_hostile_input(case: str) -> None:
    work, make, size = LINEAR_CASES[case]
    assert_linear(work, make, size)


@pytest.mark.parametrize("blanks", [200, 400, 200_000])
def test_a_requirement_that_backtracked_is_answered_at_once(env: Env, blanks: int) -> None:
    """The issue's request: a 400 in milliseconds, where the old regex took 5 to 19 s at 200 blanks, 95 s
    at 500, and held the interpreter (every other client) all that time."""
    whl, content = wheel("tool", "1.0")
    message = env.refused_upload("tool", "1.0", whl, content, requires_dist=["a" + " " * blanks + "(("])
    assert message.endswith(
        "is invalid for 'requires-dist'. See "
        "https://packaging.python.org/specifications/core-metadata for more information."
    )


def test_a_pom_of_unclosed_properties_is_answered_at_once(env: Env) -> None:
    body = pom("com.acme", "core", "1.0", f"  <description>{'${' * 30_000}</description>\n")
    started = time.monotonic()
    answer = env.send("PUT", env.url_of("maven") + f"{MAVEN_PATH}1.0/core-1.0.pom", body)
    assert time.monotonic() - started < DEADLINE
    assert answer.status == 201  # a valid POM: its description kept as written
    assert env.pom_summary() == "${" * 30_000


def test_an_authorization_header_of_repeated_credentials_is_answered_at_once(env: Env) -> None:
    header = "AWS4-HMAC-SHA256 " + "Credential=" * 5_000  # 55 KB, under http.server's 64 KB line limit
    started = time.monotonic()
    reply = request(
        env.server, "POST", "/v1/domains", b"{}", {"Authorization": header, "Content-Length": "2"}
    )
    assert time.monotonic() - started < DEADLINE
    assert reply.status == 200  # the server checks no signature: ListDomains, in the default region


def test_a_multipart_header_of_a_long_quoted_value_is_answered_at_once(env: Env) -> None:
    """60 KB of ";" in a quoted Content-Disposition: the stdlib's email parser would take seconds over it."""
    request_ = _disposition_request('form-data; name="' + ";" * 60_000 + '"')
    headers = dict(request_.headers)
    env.refused("POST", env.url, request_.body, {"Content-Type": headers["content-type"]})


# -- JSON nested too deep: the format's 400, never a RecursionError -----------------------------------------


DEEP = b"[" * 50_000 + b"]" * 50_000


def test_deep_json_to_npm_is_a_400(env: Env) -> None:
    message = env.refused_publish(DEEP)
    assert message == "Bad request: the body nests deeper than 100 levels"
    env.refused_publish(b"[" * 150 + b"]" * 150)  # parses, but deeper than any manifest
    tag = env.refused(
        "PUT", env.url_of("npm") + "-/package/tool/dist-tags/beta", DEEP, {"Content-Type": "application/json"}
    )
    assert json.loads(tag.body)["error"] == "Bad request: the body nests deeper than 100 levels"


def test_a_manifest_nested_past_the_bound_is_refused_whole(env: Env) -> None:
    """A document that parses (so the old code stored it) but that a deeper stack could not write back."""
    package = manifest("tool", "1.0.0")
    document = publish_document(package)
    document["versions"]["1.0.0"]["deep"] = json.loads("[" * 120 + "]" * 120)
    assert env.refused_publish(document).startswith("Bad request: the body nests deeper than")
    exports = {"exports": {".": {"import": {"types": {"default": "./index.mjs"}}}}}
    assert env.publish(publish_document(manifest("tool", "1.0.0", **exports))).status == 201


def test_deep_json_in_process_is_a_400_not_a_recursion_error() -> None:
    with mock_codeartifact():
        _client, token = in_process_repository()
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        before = store_fingerprint(active_store)
        answer = requests.put(NPM_IN_PROCESS + "tool", data=DEEP, headers=headers, timeout=DEADLINE)
        assert answer.status_code == 400
        assert answer.json() == {"error": "Bad request: the body nests deeper than 100 levels"}
        tag = requests.put(NPM_IN_PROCESS + "-/package/tool/dist-tags/beta", data=DEEP, headers=headers)
        assert tag.status_code == 400
        assert store_fingerprint(active_store) == before


def test_deep_json_in_api_strings_is_a_validation_exception() -> None:
    """The JSON the API reads inside its members: a resource policy, a page token, an identity policy. How
    deep the stdlib's parser goes depends on the Python (3.13 parses 5,000 levels, 3.12 not): the model's
    lengths keep a policy or a token shallow enough for some, so those only must not raise."""
    with mock_codeartifact() as ca:
        client = boto3.client(
            "codeartifact", region_name="us-east-1", config=Config(parameter_validation=False)
        )
        client.create_domain(domain="acme")
        before = store_fingerprint(active_store)
        with pytest.raises(ClientError) as policy:
            client.put_domain_permissions_policy(domain="acme", policyDocument="[" * 7_000)  # the longest
        assert policy.value.response["Error"]["Code"] == "ValidationException"
        assert policy.value.response["Error"]["Message"].startswith("Policy document is not valid JSON")
        token = base64.b64encode(b"[" * 1_400).decode()  # the model allows 2,000 characters
        with pytest.raises(ClientError) as page:
            client.list_domains(nextToken=token)
        assert page.value.response["Error"]["Code"] == "ValidationException"
        with pytest.raises(ValueError, match="nested too deeply"):
            ca.set_policy("[" * 50_000)
        assert store_fingerprint(active_store) == before


def test_deep_json_to_the_server_api_and_control_api_is_a_400(env: Env) -> None:
    before = store_fingerprint(active_store)
    api = request(env.server, "POST", "/v1/domain?domain=other", DEEP)
    assert (api.status, api.error_type) == (400, "ValidationException")
    policy = control(env.server, "policy", {"document": "[" * 50_000})
    assert policy.status == 400
    assert "nested too deeply" in policy.json()["message"]
    assert request(env.server, "POST", "/_codeartifact_mock/errors", DEEP).status == 400
    assert store_fingerprint(active_store) == before


# -- XML: no DOCTYPE in any encoding, the declared encoding honoured -----------------------------------------


BOMB_POM = (
    '<?xml version="1.0" encoding="UTF-16"?>\n'
    f'<!DOCTYPE project [<!ENTITY x "{"A" * 700}">]>\n'
    "<project><modelVersion>4.0.0</modelVersion><groupId>com.acme</groupId><artifactId>core</artifactId>"
    f"<version>1.0</version><description>{'&x;' * 10_000}</description></project>"
)


@pytest.mark.parametrize(
    ("codec", "declared"),
    [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE"), ("utf-8", "UTF-8")],
)
def test_a_doctype_is_refused_in_any_encoding(env: Env, codec: str, declared: str) -> None:
    """The old check looked for the bytes ``<!DOCTYPE``: in UTF-16 a 62 KB POM passed, and its entity made a
    7 MB summary. (utf-16 writes a byte order mark; utf-16-le and -be do not, and expat tells them apart by
    the ``<?`` they start with.)"""
    body = BOMB_POM.replace('encoding="UTF-16"', f'encoding="{declared}"').encode(codec)
    answer = env.refused("PUT", env.url_of("maven") + f"{MAVEN_PATH}1.0/core-1.0.pom", body)
    assert answer.body == b"Bad request: the POM must not have a DOCTYPE or entities\n"


def test_an_encoding_expat_cannot_read_is_refused(env: Env) -> None:
    body = BOMB_POM.replace('encoding="UTF-16"', 'encoding="UTF-32"').encode("utf-32")
    answer = env.refused("PUT", env.url_of("maven") + f"{MAVEN_PATH}1.0/core-1.0.pom", body)
    assert answer.body == b"Bad request: the POM is not well-formed XML\n"


def test_a_doctype_in_maven_metadata_is_refused(env: Env) -> None:
    document = metadata("com.acme", "core", ["1.0"]).decode()
    hostile = document.replace("<metadata>", '<!DOCTYPE m SYSTEM "http://127.0.0.1:9/x.dtd"><metadata>')
    answer = env.refused(
        "PUT",
        env.url_of("maven") + f"{MAVEN_PATH}maven-metadata.xml",
        hostile.replace("UTF-8", "UTF-16").encode("utf-16"),
    )
    assert answer.body == b"Bad request: the maven-metadata.xml must not have a DOCTYPE or entities\n"


@pytest.mark.parametrize(
    ("encoding", "declared"),
    [("utf-16", "UTF-16"), ("utf-8", "UTF-8"), ("latin-1", "ISO-8859-1"), ("utf-8-sig", "UTF-8")],
)
def test_the_declared_encoding_is_honoured(env: Env, encoding: str, declared: str) -> None:
    text = pom("com.acme", "core", "1.0", "  <description>Café, naïve</description>\n").decode()
    body = text.replace('encoding="UTF-8"', f'encoding="{declared}"').encode(encoding)
    assert env.send("PUT", env.url_of("maven") + f"{MAVEN_PATH}1.0/core-1.0.pom", body).status == 201
    assert env.pom_summary() == "Café, naïve"


def test_xml_that_lies_about_its_encoding_is_refused(env: Env) -> None:
    text = pom("com.acme", "core", "1.0").decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    env.refused("PUT", env.url_of("maven") + f"{MAVEN_PATH}1.0/core-1.0.pom", text.encode("utf-8"))


# -- npm: versions are semver, the tarball is whole and is the package it claims -----------------------------


@pytest.mark.parametrize(
    "version",
    [
        "1.0",
        "01.0.0",
        "1.0.0-",
        "1.0.0-01",
        "v1.0.0",
        "=1.0.0",
        "1.0.0+",
        "1.0.0.0",
        "\u0661.\u0660.\u0660",
        "1.0.0-a..b",
    ],
)
def test_npm_versions_must_be_semver(env: Env, version: str) -> None:
    package = manifest("tool", version)
    message = env.refused_publish(publish_document(package))
    assert message == f"Bad request: invalid version: '{version}' is not a semantic version"


@pytest.mark.parametrize("version", ["1.0.0", "0.0.0-0", "1.2.3-rc.1+build.5", "10.20.30-alpha-x.7"])
def test_npm_semver_versions_are_published(env: Env, version: str) -> None:
    assert env.publish(publish_document(manifest("tool", version))).status == 201


def _with_tarball(content: bytes, version: str = "1.0.0") -> dict[str, Any]:
    """npm publish's document for tool@version carrying ``content`` as its tarball."""
    return publish_document(manifest("tool", version), content)


def _tar(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for path, data in files.items():
            member = tarfile.TarInfo(path)
            member.size = len(data)
            archive.addfile(member, io.BytesIO(data))
    return buffer.getvalue()


def _gzip_bomb(claimed: int, zeros: int, kind: bytes = tarfile.REGTYPE) -> bytes:
    """A gzipped tarball of package.json, then a member (or a pax header) claiming ``claimed`` bytes and
    followed by ``zeros`` of them (compressed 200-fold: level 1 is the quickest to build), built without ever
    holding them."""
    head = _tar({"package/package.json": json.dumps(manifest("tool", "1.0.0")).encode()})[:1024]
    big = tarfile.TarInfo("package/big.bin" if kind == tarfile.REGTYPE else "pax")
    big.size, big.type = claimed, kind
    compressor = zlib.compressobj(1, zlib.DEFLATED, 31)  # 31: gzip
    parts = [compressor.compress(head + big.tobuf(format=tarfile.GNU_FORMAT))]
    block = bytes(1 << 20)
    parts += [compressor.compress(block) for _ in range(zeros >> 20)]
    return b"".join([*parts, compressor.flush()])


def _tgz(files: dict[str, bytes]) -> bytes:
    return gzip.compress(_tar(files))


GOOD_TARBALL = tarball(manifest("tool", "1.0.0"))
PACKAGE_JSON = b'{"name":"tool","version":"1.0.0"}'
NOT_WHOLE = "Bad request: the tarball is not a whole gzipped tarball"
NOT_FOUND = "Bad request: package.json not found in archive"
BAD_TARBALLS = {
    "truncated": (GOOD_TARBALL[:-20], NOT_WHOLE),
    "not gzip": (b"not a tarball at all", NOT_WHOLE),
    "an uncompressed tar": (_tar({"package/package.json": PACKAGE_JSON}), NOT_WHOLE),
    "gzip of no tar": (gzip.compress(b"x" * 5_000), NOT_WHOLE),
    "garbage after the gzip": (GOOD_TARBALL + b"garbage", NOT_WHOLE),
    "a pax header claiming 1 GB": (_gzip_bomb(1 << 30, 1 << 20, tarfile.XHDTYPE), NOT_WHOLE),
    "no package.json": (_tgz({"package/index.js": b"module.exports = 1\n"}), NOT_FOUND),
    "package.json elsewhere": (_tgz({"other/package.json": PACKAGE_JSON}), NOT_FOUND),
    "another package": (
        tarball(manifest("express", "1.0.0")),
        "Bad request: package/package.json names \"express\", not 'tool'",
    ),
    "another version": (
        tarball(manifest("tool", "3.0.0")),
        "Bad request: package/package.json has version \"3.0.0\", not '1.0.0'",
    ),
    "no name": (
        _tgz({"package/package.json": b'{"version":"1.0.0"}'}),
        "Bad request: package/package.json names null, not 'tool'",
    ),
    "package.json not JSON": (
        _tgz({"package/package.json": b"{name: tool"}),
        "Bad request: package/package.json is not JSON",
    ),
    "package.json nested deep": (
        _tgz({"package/package.json": DEEP}),
        "Bad request: package/package.json nests deeper than 100 levels",
    ),
}


@pytest.mark.parametrize("case", list(BAD_TARBALLS))
def test_bad_tarballs_are_refused(env: Env, case: str) -> None:
    content, expected = BAD_TARBALLS[case]
    assert env.refused_publish(_with_tarball(content)) == expected


def test_a_gzip_bomb_costs_bounded_time_and_memory(env: Env) -> None:
    """A member of 1 GiB, its first 80 MiB of zeros in a tarball of 400 KB: refused once 64 MiB are
    unpacked, holding almost none of them."""
    bomb = _gzip_bomb(1 << 30, 80 << 20)
    assert len(bomb) < 512 * 1024
    expected = f"Bad request: the tarball unpacks to more than {documents.UNPACKED_LIMIT} bytes"
    assert env.refused_publish(_with_tarball(bomb)) == expected  # within DEADLINE
    tracemalloc.start()
    try:
        with pytest.raises(EndpointError):
            documents.tarball_member(bomb, "package/package.json", "the tarball")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024, peak


def test_what_npm_puts_in_package_json_is_accepted(env: Env) -> None:
    """npm publishes package.json's version cleaned (``v1.0.0+b1`` as ``1.0.0``) and its name trimmed, and
    packs the file as written: the tarball says what the manifest said before npm cleaned it."""
    written = {"name": " tool ", "version": "v1.0.0+b1", "description": "x"}
    content = tarball(written)
    document = _with_tarball(content)
    assert env.publish(document).status == 201
    scoped = manifest("@acme/tool", "2.0.0")
    assert env.publish(publish_document(scoped)).status == 201


def test_clean_is_node_semvers() -> None:
    assert clean(" =v1.2.3-rc.1+build ") == "1.2.3-rc.1"
    assert clean("vv1.0.0") == "1.0.0"
    assert clean("1.0") is None
    assert clean("v01.0.0") is None
    assert not is_semver("1.0.0\n")


# -- PyPI: the file is of the project and version uploaded, which are PEP 440 and core metadata -----------


CORE = "See https://packaging.python.org/specifications/core-metadata for more information."


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("..", "'..' is invalid for 'version'"),
        ("1.0..", "'1.0..' is invalid for 'version'"),
        ("latest", "'latest' is invalid for 'version'"),
        ("1.0-", "'1.0-' is invalid for 'version'"),
    ],
)
def test_pypi_versions_must_be_pep_440(env: Env, version: str, expected: str) -> None:
    """``..`` was accepted, and became the href ``../tool-...`` on the project's page."""
    message = env.refused_upload("tool", version, f"tool-{version}.tar.gz", b"x")
    assert message == f"{expected}. {CORE}"


def test_pypi_names_must_be_valid(env: Env) -> None:
    whl, content = wheel("tool", "1.0")
    assert env.refused_upload("-tool-", "1.0", whl, content) == f"'-tool-' is invalid for 'name'. {CORE}"


@pytest.mark.parametrize(
    ("name", "filename", "expected"),
    [
        ("tool", "other-1.0-py3-none-any.whl", "Start filename for 'tool' with 'tool'."),
        ("tool", "other-1.0.tar.gz", "Start filename for 'tool' with 'tool'."),
        ("my.tool", "my_tools-1.0.zip", "Start filename for 'my.tool' with 'my_tool'."),
        ("tool", "tool-2.0-py3-none-any.whl", "Version in filename should be '1.0' not '2.0'."),
        ("tool", "tool-1.0.1.tar.gz", "Version in filename should be '1.0' not '1.0.1'."),
        (
            "tool",
            "tool-1.0.egg",
            "Invalid file extension: Use .tar.gz, .whl or .zip extension. See https://www.python.org/dev/"
            "peps/pep-0527 and https://peps.python.org/pep-0715/ for more information",
        ),
        ("tool", "tool-1.0.whl", "Invalid wheel filename (wrong number of parts): "),  # then the name
        ("tool", "tool.tar.gz", "Invalid source distribution filename: tool.tar.gz"),
    ],
)
def test_pypi_files_must_be_of_the_project_and_version(
    env: Env, name: str, filename: str, expected: str
) -> None:
    message = env.refused_upload(name, "1.0", filename, b"x")
    assert message.startswith(expected) if expected.endswith(": ") else message == expected


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("requires_dist", "a (("),
        ("requires_dist", "a; " + "(" * 2_000),
        ("requires_dist", "requests >= "),
        ("requires_python", ">>3"),
    ],
)
def test_pypi_metadata_must_parse(env: Env, field: str, value: str) -> None:
    """Nested parentheses made packaging before 25 recurse past the interpreter's limit: a 400 too. A long
    value is shown as PyPI shows one: its first and last 30 characters."""
    whl, content = wheel("tool", "1.0")
    message = env.refused_upload("tool", "1.0", whl, content, **{field: [value]})
    shown = value if len(value) <= 60 else value[:30] + "..." + value[-30:]
    assert message == f"{shown!r} is invalid for '{field.replace('_', '-')}'. {CORE}"


def test_valid_pypi_files_are_accepted(env: Env) -> None:
    whl, whl_bytes = wheel("My.Tool", "1.0")
    tar, tar_bytes = sdist("My.Tool", "1.0")
    assert env.upload("My.Tool", "1.0", whl, whl_bytes, requires_dist=["b>=2,<3; extra == 'x'"]).status == 200
    assert env.upload("my_tool", "1.0", tar, tar_bytes).status == 200  # another spelling, same project
    assert (
        env.upload("my-tool", "1.0.0", "my_tool-1.0.0-1-py3-none-any.whl", b"w").status == 200
    )  # a build tag
    assert env.upload("my-tool", "2.0", "My.Tool-2.0.zip", b"z").status == 200
    assert env.upload("my-tool", "3.0+local.1", "my_tool-3.0+local.1.tar.gz", b"l").status == 200
    dependencies = env.client.list_package_version_dependencies(
        domain="acme", repository="releases", format="pypi", package="my-tool", packageVersion="1.0"
    )["dependencies"]
    assert dependencies == [{"package": "b", "versionRequirement": "<3,>=2"}]  # packaging's form
