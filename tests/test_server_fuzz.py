"""Hypothesis throws malformed HTTP requests at the server: every answer must be a 2xx or a JSON 4xx (a 4xx in
text or JSON on a path of the repository endpoints, ``/<format>/d/...``, which answer as a registry does).

Generated requests mix the model's real paths, query keys and JSON members (and names that exist in the
seeded state, so some requests get deep into the backend) with random methods, paths, headers, query
strings (repeated keys, broken percent-escapes, non-UTF-8 bytes), bodies (JSON of the wrong shape, non-JSON,
non-UTF-8, larger than the server's limit) and framings (missing, wrong or short Content-Length, chunked,
broken chunks). For each one: no 5xx but a 501 for an operation the mock lacks, no HTML, a refused request
leaves the state exactly as it was, and the server answers the next request.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, Optional
from urllib.parse import quote

import pytest
from botocore import xform_name
from fingerprint import store_fingerprint
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from server_helpers import Reply, client, domain_names, exchange, request

from codeartifact_mock import ThreadedCodeArtifactServer
from codeartifact_mock.backend import Backend
from codeartifact_mock.endpoints import router as endpoints
from codeartifact_mock.wire import routes, service_model

MAX_BODY = 32 * 1024
EXAMPLES = 300

ROUTES = routes()
CONTROL = {
    ("POST", f"/_codeartifact_mock/{name}"): ""
    for name in ("reset", "package-versions", "public-package-versions", "public-registry-availability")
}
MODEL = service_model()


def _members(operation: str, location: Optional[str]) -> list[str]:
    """The wire names of an operation's input members at ``location`` (None: the JSON body)."""
    shape = MODEL.operation_model(operation).input_shape
    return sorted(
        member.serialization.get("name", name)
        for name, member in (shape.members.items() if shape is not None else ())
        if member.serialization.get("location") == location
    )


QUERY_KEYS = {route: _members(operation, "querystring") for route, operation in ROUTES.items()}
BODY_MEMBERS = {route: _members(operation, None) for route, operation in ROUTES.items()}
CONTROL_MEMBERS = ["domain", "repository", "format", "package", "version", "namespace", "status", "assets"]
CONTROL_MEMBERS += ["connection", "available"]
KNOWN_VALUES = [
    "acme",
    "releases",
    "npm",
    "generic",
    "chalk",
    "tools",
    "cli",
    "4.1.0",
    "1.0.0",
    "package.tgz",
]
KNOWN_VALUES += ["Published", "Archived", "Disposed", "true", "false", "100", "-1", ""]
KNOWN_VALUES += ["public:npmjs", "public:pypi", "public:nowhere"]


def _implemented(method: str, path: str) -> bool:
    operation = ROUTES.get((method, path))
    return operation is None or hasattr(Backend, xform_name(operation))


# -- the requests ----------------------------------------------------------------------------------------

texts = st.text(max_size=20)
values = st.one_of(st.sampled_from(KNOWN_VALUES), texts)
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), values),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(values, inner, max_size=4)),
    max_leaves=12,
)


def bodies(members: list[str]) -> st.SearchStrategy[bytes]:
    """Request bodies: mostly JSON objects of the operation's own members, with values of any type."""
    documents = st.one_of(st.dictionaries(st.sampled_from(members or ["domain"]), json_values), json_values)
    return st.one_of(
        documents.map(lambda document: json.dumps(document).encode()),
        st.just(b""),
        st.binary(max_size=64),
        st.sampled_from([b"{", b'{"a": "\xff"}', b"\xff\xfe\xfd", b"[" * 5000, b"null", b"{}" * 3]),
        st.integers(MAX_BODY - 8, MAX_BODY + 64).map(lambda size: b"x" * size),
    )


def query_parts(keys: list[str]) -> st.SearchStrategy[str]:
    """``key=value`` pairs: mostly the operation's own keys (repeats included), some broken escapes."""
    return st.one_of(
        st.tuples(st.sampled_from(keys or ["domain"]), values).map(
            lambda kv: f"{kv[0]}={quote(kv[1], safe='')}"
        ),
        st.tuples(texts, values).map(lambda kv: f"{quote(kv[0], safe='')}={quote(kv[1], safe='')}"),
        st.sampled_from(
            ["%", "%zz", "domain=%ff", "a=%c3%28", "&", "=", "+", "domain", "domain=a=b", "x=%00"]
        ),
    )


header_values = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0xFF, blacklist_characters="\x7f"), max_size=40
)
headers = st.lists(
    st.tuples(
        st.one_of(
            st.sampled_from(
                ["Content-Type", "Accept", "X-Amz-Content-SHA256", "Expect", "Authorization", "Host"]
            ),
            st.from_regex(r"X-[A-Za-z0-9-]{1,12}", fullmatch=True),
        ),
        st.one_of(
            header_values,
            st.sampled_from(["application/json", "100-continue"]),
            st.from_regex(r"[a-z]{2}-[a-z]{4,9}-[1-3]", fullmatch=True).map(
                lambda region: f"AWS4-HMAC-SHA256 Credential=AKID/20260101/{region}/codeartifact/aws4_request"
            ),
        ),
    ),
    max_size=4,
)
# A correct Content-Length most of the time, so that many requests get past the framing to the operation.
FRAMINGS = ["length"] * 6 + ["none", "not-a-number", "short", "chunked", "broken-chunks", "declared-huge"]
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]
ANY_PATH = st.from_regex(r"/[A-Za-z0-9_./%-]{0,24}", fullmatch=True)


@st.composite
def http_requests(draw: st.DrawFn) -> tuple[str, str, bytes]:
    route = draw(st.sampled_from(sorted(ROUTES) + sorted(CONTROL)))
    method, path = route
    if draw(st.integers(0, 3)) == 0:  # now and then, the wrong method or a path that is no operation
        method = draw(st.one_of(st.sampled_from(METHODS), st.from_regex(r"[A-Z]{1,8}", fullmatch=True)))
        path = draw(st.one_of(st.just(path), ANY_PATH))
    keys = QUERY_KEYS.get(route, [])
    # Every key of the operation with a plausible value gets requests past validation into the backend.
    plausible = [f"{key}={quote(draw(st.sampled_from(KNOWN_VALUES)), safe='')}" for key in keys]
    parts = draw(st.lists(query_parts(keys), max_size=6))
    query = "&".join(plausible + parts if draw(st.booleans()) else parts)
    target = f"{path}?{query}" if query else path
    body = draw(bodies(BODY_MEMBERS.get(route, CONTROL_MEMBERS)))
    lines = [f"{method} {target} HTTP/1.1", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in draw(headers)]
    framing = draw(st.sampled_from(FRAMINGS))
    if framing == "length":
        lines.append(f"Content-Length: {len(body)}")
    elif framing == "not-a-number":
        lines.append(f"Content-Length: {draw(st.sampled_from(['', 'x', '-1', '1e3', ' 0x10', '+5']))}")
    elif framing == "short":
        lines.append(f"Content-Length: {len(body) + draw(st.integers(1, 100))}")
    elif framing == "declared-huge":
        lines.append(f"Content-Length: {MAX_BODY + draw(st.integers(1, 10**12))}")
        body = b""
    elif framing in ("chunked", "broken-chunks"):
        lines.append("Transfer-Encoding: chunked")
        body = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body) if body else b"0\r\n\r\n"
        if framing == "broken-chunks":
            body = body[: draw(st.integers(0, max(0, len(body) - 1)))] + draw(st.binary(max_size=8))
    head = "\r\n".join(lines) + "\r\n\r\n"
    return method, path, Raw(head.encode("latin-1") + body)


class Raw(bytes):
    """Request bytes that show only their start in hypothesis's report: some are tens of kilobytes long."""

    def __repr__(self) -> str:
        return f"Raw({bytes(self[:400])!r}{'...' if len(self) > 400 else ''}, {len(self)} bytes)"


# -- the properties --------------------------------------------------------------------------------------


def check_reply(method: str, path: str, reply: Reply) -> None:
    implemented = _implemented(method, path)
    assert (
        200 <= reply.status < 300 or 400 <= reply.status < 500 or (reply.status == 501 and not implemented)
    ), reply
    content_type = reply.headers.get("content-type", "")
    if reply.status >= 400 and endpoints.claims(path):
        # A path of the repository endpoints (/<format>/d/...): refused as a registry refuses, in text or
        # JSON, not as the API does (their own fuzzing is test_endpoints_fuzz's).
        assert content_type in ("text/plain; charset=utf-8", "application/json"), reply
    elif reply.status >= 400:
        assert content_type == "application/json", reply
        assert reply.error_type, reply
        if method != "HEAD":
            assert isinstance(reply.json()["message"], str), reply
    elif method != "HEAD" and content_type == "application/json":
        reply.json()
    else:
        assert content_type in ("application/octet-stream", ""), reply
    assert b"<html" not in reply.body.lower()


@pytest.fixture(scope="module")
def server() -> Any:
    with ThreadedCodeArtifactServer(max_body_bytes=MAX_BODY) as running:
        running.add_package_version("acme", "releases", "npm", "chalk", "4.1.0")
        running.add_package_version("acme", "releases", "generic", "cli", "1.0.0", namespace="tools")
        yield running


def test_malformed_http_gets_json_4xx_changes_nothing_and_the_server_survives(
    server: ThreadedCodeArtifactServer, capfd: pytest.CaptureFixture[str], record_property: Any
) -> None:
    tried: list[int] = []  # the status each generated request was answered with

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(http_requests())
    @example(("GET", "/0/d", Raw(b"GET /0/d HTTP/1.1\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}")))
    def one_request(probe: tuple[str, str, bytes]) -> None:
        method, path, raw = probe
        before = store_fingerprint(server.store)

        reply = exchange(server, raw, half_close=True, method=method)

        tried.append(reply.status)
        check_reply(method, path, reply)
        if reply.status >= 400:
            assert store_fingerprint(server.store) == before, (
                f"{reply.status} changed the state: {raw[:300]!r}"
            )
        assert request(server, "POST", "/v1/domains").status == 200  # still answering

    one_request()

    assert "Traceback" not in capfd.readouterr().err
    assert len(tried) >= EXAMPLES // 2
    client(server).create_domain(domain="after-fuzzing")  # boto3 still gets well-formed answers
    assert "after-fuzzing" in domain_names(server)
    statuses = dict(sorted(Counter(tried).items()))
    with capfd.disabled():
        print(f"\nHTTP fuzzing: {len(tried)} generated requests, answered with statuses {statuses}")
    record_property("http_requests_tried", len(tried))
