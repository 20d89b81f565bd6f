"""ETags and conditional GETs at the repository endpoints (issue 26; ``endpoints/conditional.py``), in raw
HTTP against ``ca.serve()`` and through ``requests`` in process.

Every document (a PEP 503 page, an npm packument full and abbreviated, a version manifest, a dist-tags list,
``maven-metadata.xml`` and its checksum, a SNAPSHOT's ``maven-metadata.xml``) and every file (wheel, tarball,
jar, a jar's checksum) is a 200 with a strong ETag; the same GET or HEAD with ``If-None-Match`` naming it is
a 304 with no body. Each kind of change a document is made from (a new version here or upstream, a status, a
dist-tag, a public catalogue, an upstream list, an origin configuration) gives it a new ETag and a 200.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any, Callable, NamedTuple

import pytest
import requests
from server_helpers import Reply, request
from upstream_env import DOMAIN, OWNER, Graph

from codeartifact_mock import mock_codeartifact
from codeartifact_mock.backend import resolution
from codeartifact_mock.endpoints import conditional, router
from codeartifact_mock.endpoints.http import EndpointRequest, Plan, bytes_response

ABBREVIATED = "application/vnd.npm.install-v1+json"
CONNECTIONS = {
    "pypi": "public:pypi",
    "npm": "public:npmjs",
    "maven": "public:maven-central",
    "cargo": "public:crates-io",
}
NAMESPACES = {"maven": "com.acme"}
STRONG = re.compile(r'"[0-9a-f]{16,64}"')  # quoted, no W/
BUILD = "20240102.030405-1"


def version(fmt: str, number: int) -> str:
    return f"1.{number}.0" if fmt in ("npm", "cargo") else f"1.{number}"


class Env:
    """Domain ``acme`` served over HTTP: ``app -> base``, ``base`` with its format's external connection and
    ``other`` unlinked; package ``tool`` (Maven: ``com.acme:tool``) with versions 1.0 and 1.1 in ``app``,
    1.2 in ``base``, 1.3 in the public catalogue, each reachable from ``app`` (origin configurations ALLOW
    on the way), and, for Maven, a SNAPSHOT with a unique build in ``app``."""

    def __init__(self, ca: Any, server: Any, fmt: str) -> None:
        self.ca, self.server, self.format = ca, server, fmt
        self.graph = Graph(ca, server)
        self.graph.repository("base", connection=CONNECTIONS[fmt])
        self.graph.repository("app", "base")
        self.graph.repository("other")
        for repository, number in (("app", 0), ("app", 1), ("base", 2)):
            self.seed(repository, number)
        self.ca.add_public_package_version(CONNECTIONS[fmt], "tool", version(fmt, 3), **self.where)
        if fmt == "maven":
            jar = {f"tool-1.0-{BUILD}.jar": b"the build's jar"}
            ca.add_package_version(DOMAIN, "app", fmt, "tool", "1.0-SNAPSHOT", assets=jar, **self.where)
        for repository in ("app", "base"):
            self.origin(repository, "ALLOW")

    @property
    def where(self) -> dict[str, str]:
        return {"namespace": NAMESPACES[self.format]} if self.format in NAMESPACES else {}

    def seed(self, repository: str, number: int, **options: Any) -> None:
        self.ca.add_package_version(
            DOMAIN, repository, self.format, "tool", version(self.format, number), **self.where, **options
        )

    def origin(self, repository: str, upstream: str) -> None:
        self.graph.origin_configuration(
            repository, self.format, "tool", "ALLOW", upstream, namespace=self.where.get("namespace")
        )

    def path(self, rest: str, repository: str = "app") -> str:
        return f"/{self.format}/d/{DOMAIN}-{OWNER}/{repository}/{rest}"

    def get(self, rest: str, method: str = "GET", body: bytes = b"", **headers: str) -> Reply:
        """A raw HTTP request for ``rest`` below ``app``'s endpoint, with the token (``If_None_Match``:
        the header ``If-None-Match``)."""
        sent = {k.replace("_", "-"): v for k, v in headers.items()}
        sent.update({"Authorization": f"Bearer {self.graph.token}", "Content-Length": str(len(body))})
        return request(self.server, method, self.path(rest), body, sent)

    def status(self, number: int, status: str) -> None:
        namespace = self.where.get("namespace")
        self.graph.set_status("app", self.format, "tool", [version(self.format, number)], status, namespace)


@pytest.fixture
def served() -> Iterator[Callable[[str], Env]]:
    """``served(format)``: a fresh mock and server, set up as ``Env`` says for that format."""
    with mock_codeartifact() as ca, ca.serve() as server:
        yield lambda fmt: Env(ca, server, fmt)


def revalidates(env: Env, rest: str, **headers: str) -> str:
    """``rest`` is a 200 with a strong ETag, and a GET or HEAD naming that ETag a 304 with no body and the
    200's validator headers; returns the ETag."""
    first = env.get(rest, **headers)
    assert first.status == 200 and first.body, (rest, first.status, first.body[:200])
    tag = first.headers["etag"]
    assert STRONG.fullmatch(tag), tag
    for method in ("GET", "HEAD"):
        again = env.get(rest, method, **headers, If_None_Match=tag)
        assert (again.status, again.body) == (304, b""), (rest, method, again.status)
        assert again.headers["etag"] == tag
        assert again.headers.get("vary") == first.headers.get("vary")
        assert "content-type" not in again.headers and "content-length" not in again.headers
    return tag


def changed(env: Env, rest: str, tag: str, **headers: str) -> str:
    """A GET of ``rest`` naming the ETag ``tag`` is a 200 with another ETag (which revalidates)."""
    answer = env.get(rest, **headers, If_None_Match=tag)
    assert answer.status == 200 and answer.body, (rest, answer.status)
    assert answer.headers["etag"] != tag
    return revalidates(env, rest, **headers)


# -- documents ------------------------------------------------------------------------------------------


class Document(NamedTuple):
    format: str
    path: str
    headers: dict[str, str]


DOCUMENTS = {
    "PEP 503 page": Document("pypi", "simple/tool/", {}),
    "npm packument": Document("npm", "tool", {}),
    "npm abbreviated packument": Document("npm", "tool", {"Accept": ABBREVIATED}),
    "npm version manifest": Document("npm", "tool/1.0.0", {}),
    "npm dist-tag's manifest": Document("npm", "tool/latest", {}),
    "npm dist-tags": Document("npm", "-/package/tool/dist-tags", {}),
    "maven-metadata.xml": Document("maven", "com/acme/tool/maven-metadata.xml", {}),
    "maven-metadata.xml.sha1": Document("maven", "com/acme/tool/maven-metadata.xml.sha1", {}),
    "a SNAPSHOT's maven-metadata.xml": Document("maven", "com/acme/tool/1.0-SNAPSHOT/maven-metadata.xml", {}),
    "Cargo index file": Document("cargo", "to/ol/tool", {}),
}


def _tag(env: Env, tag: str, target: str) -> None:
    body = json.dumps(target).encode()
    answer = env.get(f"-/package/tool/dist-tags/{tag}", "PUT", body, Content_Type="application/json")
    assert answer.status == 201, answer.body


def _public(env: Env, number: int) -> None:
    env.ca.add_public_package_version(
        CONNECTIONS[env.format], "tool", version(env.format, number), **env.where
    )


def _other_upstream(env: Env, number: int) -> None:
    env.seed("other", number)
    env.graph.link("app", "base", "other")


CHANGES: list[tuple[str, Callable[[Env], None]]] = [
    ("a new version in the repository", lambda env: env.seed("app", 4)),
    ("a new version upstream", lambda env: env.seed("base", 5)),
    ("a status change, Published to Unlisted", lambda env: env.status(1, "Unlisted")),
    ("a dist-tag change", lambda env: _tag(env, "beta", version("npm", 0))),  # (npm only)
    ("the public catalogue seeded", lambda env: _public(env, 6)),
    ("the upstream list changed", lambda env: _other_upstream(env, 7)),
    ("an origin configuration changed", lambda env: env.origin("base", "BLOCK")),
]


@pytest.mark.parametrize("kind", DOCUMENTS)
def test_a_document_revalidates_until_each_kind_of_change(served: Callable[[str], Env], kind: str) -> None:
    document = DOCUMENTS[kind]
    env = served(document.format)
    tag = revalidates(env, document.path, **document.headers)
    for change, apply in CHANGES:
        if change == "a dist-tag change" and env.format != "npm":
            continue
        apply(env)
        new = changed(env, document.path, tag, **document.headers)
        assert new != tag, change
        tag = new


def test_what_the_changes_change_is_in_the_documents(served: Callable[[str], Env]) -> None:
    """(The changes above are real: each shows in the page through ``app``.)"""
    env = served("pypi")
    shown = [version("pypi", number) for number in range(4)]
    assert env.graph.page_versions("app", "tool") == shown
    expected = [
        [*shown, "1.4"],
        [*shown, "1.4", "1.5"],
        ["1.0", "1.2", "1.3", "1.4", "1.5"],
        ["1.0", "1.2", "1.3", "1.4", "1.5", "1.6"],
        ["1.0", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"],
        ["1.0", "1.2", "1.4", "1.5", "1.7"],
    ]
    for (change, apply), listed in zip([c for c in CHANGES if c[0] != "a dist-tag change"], expected):
        apply(env)
        assert env.graph.page_versions("app", "tool") == listed, change


# -- files ----------------------------------------------------------------------------------------------


FILES = {
    "pypi": ["simple/tool/{v}/tool-{v}-py3-none-any.whl"],
    "npm": ["tool/-/tool-{v}.tgz"],
    "maven": ["com/acme/tool/{v}/tool-{v}.jar", "com/acme/tool/{v}/tool-{v}.jar.sha1"],
    "cargo": ["api/v1/crates/tool/{v}/download"],
}


@pytest.mark.parametrize("fmt", FILES)
def test_a_file_revalidates_by_its_content_hash_until_it_is_archived(
    served: Callable[[str], Env], fmt: str
) -> None:
    env = served(fmt)
    for template in FILES[fmt]:
        own, upstream = (template.format(v=version(fmt, number)) for number in (0, 2))
        content = env.get(own.removesuffix(".sha1")).body
        assert revalidates(env, own) == f'"{hashlib.sha256(content).hexdigest()}"'
        # A file found upstream (and kept in app by the first download) has the same tag either way.
        assert revalidates(env, upstream) == revalidates(env, upstream)
        tag = revalidates(env, own)
        env.status(0, "Unlisted")  # still downloadable: still the same file
        assert revalidates(env, own) == tag
        env.status(0, "Archived")  # not downloadable: 404, whatever the request holds
        for held in (tag, "*", f'W/{tag}, "other"'):
            for method in ("GET", "HEAD"):
                assert env.get(own, method, If_None_Match=held).status == 404
        env.status(0, "Published")


# -- the request's forms and the field's --------------------------------------------------------------


def test_two_forms_of_one_url_never_share_an_etag(served: Callable[[str], Env]) -> None:
    env = served("npm")
    full = env.get("tool")
    abbreviated = env.get("tool", Accept=ABBREVIATED)
    assert full.headers["vary"] == abbreviated.headers["vary"] == "Accept"
    assert full.headers["etag"] != abbreviated.headers["etag"]
    crossed = env.get("tool", Accept=ABBREVIATED, If_None_Match=full.headers["etag"])
    assert crossed.status == 200 and crossed.headers["content-type"] == ABBREVIATED
    # The tarball URLs are built from the address the client used: another Host, another document.
    port = env.server.port
    for path in ("tool", "tool/1.0.0"):
        here, there = (env.get(path, Host=f"{host}:{port}") for host in ("127.0.0.1", "localhost"))
        assert f"//localhost:{port}/".encode() in there.body and here.headers["etag"] != there.headers["etag"]
        moved = env.get(path, Host=f"localhost:{port}", If_None_Match=here.headers["etag"])
        assert moved.status == 200 and moved.body == there.body


def test_if_none_match_is_compared_weakly_and_may_list_tags(served: Callable[[str], Env]) -> None:
    env = served("npm")
    tag = revalidates(env, "tool")
    for held in (f"W/{tag}", f'"a", {tag}', f'W/"a",W/{tag} ', "*", f"  {tag}  "):
        assert env.get("tool", If_None_Match=held).status == 304, held
    for held in ('"a"', tag.strip('"'), f'W/"{tag}"', "", ","):
        assert env.get("tool", If_None_Match=held).status == 200, held
    # Preconditions come after the usual checks: a 401 without a token, a 404 for no document.
    no_token = request(env.server, "GET", env.path("tool"), headers={"If-None-Match": tag})
    assert no_token.status == 401
    assert env.get("missing", If_None_Match="*").status == 404
    # Writes are not conditional here: If-None-Match on a PUT changes nothing.
    body = json.dumps(version("npm", 1)).encode()
    answer = env.get("-/package/tool/dist-tags/next", "PUT", body, If_None_Match="*")
    assert answer.status == 201


@pytest.mark.parametrize("fmt", FILES)
def test_a_304_is_decided_before_the_document_is_made_or_looked_up(
    served: Callable[[str], Env], monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    env = served(fmt)
    documents = [document for document in DOCUMENTS.values() if document.format == fmt]
    tags = [env.get(document.path, **document.headers).headers["etag"] for document in documents]
    read: list[str] = []

    def counted(name: str) -> Callable[..., Any]:
        original: Callable[..., Any] = getattr(resolution, name)

        def reads(*arguments: Any, **options: Any) -> Any:
            read.append(name)
            return original(*arguments, **options)

        return reads

    for name in ("listing", "kept_document", "snapshot_holder"):
        monkeypatch.setattr(resolution, name, counted(name))
    for document, tag in zip(documents, tags):
        assert env.get(document.path, **document.headers, If_None_Match=tag).status == 304, document
    assert read == []  # nothing made, nothing looked up: the validator alone decided
    assert env.get(documents[0].path).status == 200 and read  # (without the tag, it is read)


def test_a_format_that_names_no_validator_gets_its_body_hash_as_tag(
    served: Callable[[str], Env], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The router gives every 200 to a GET an ETag: a format's answer without one (a format added later,
    npm's ping) is tagged by its body's SHA-256, and revalidates as any other."""
    env = served("npm")
    index = [b'{"name":"tool","vers":"1.0.0"}\n']

    def plan(request: EndpointRequest) -> Plan:
        return Plan(None, "tool", None, lambda context: bytes_response(index[0], "text/plain"))

    plain = SimpleNamespace(operation=lambda method, path: "ReadFromRepository", plan=plan)
    monkeypatch.setitem(router.FORMATS, "plain", plain)
    env.format = "plain"
    tag = revalidates(env, "3/t/tool")
    assert tag == f'"{hashlib.sha256(index[0]).hexdigest()}"'
    index[0] += b'{"name":"tool","vers":"1.1.0"}\n'
    assert changed(env, "3/t/tool", tag) == f'"{hashlib.sha256(index[0]).hexdigest()}"'
    env.format = "npm"
    assert revalidates(env, "-/ping") == f'"{hashlib.sha256(b"{}").hexdigest()}"'


def test_cargo_config_revalidates_by_its_body(served: Callable[[str], Env]) -> None:
    env = served("cargo")
    config = env.get("config.json").body
    assert revalidates(env, "config.json") == f'"{hashlib.sha256(config).hexdigest()}"'


# -- what calls, faults and another process see --------------------------------------------------------


def test_a_304_is_recorded_as_a_read_and_an_injected_fault_comes_first(served: Callable[[str], Env]) -> None:
    env = served("npm")
    tag = revalidates(env, "tool")
    assert env.get("tool", If_None_Match=tag).status == 304
    call = env.ca.calls[-1]
    assert (call.operation, call.status, call.error_code, call.ok) == ("ReadFromRepository", 304, None, True)
    assert call.params["package"] == "tool" and call.params["method"] == "GET"
    env.ca.inject_error("ReadFromRepository", "ThrottlingException")
    faulted = env.get("tool", If_None_Match=tag)
    assert faulted.status == 429 and "etag" not in faulted.headers
    assert (env.ca.calls[-1].status, env.ca.calls[-1].error_code) == (429, "ThrottlingException")
    assert env.get("tool", If_None_Match=tag).status == 304  # the fault was taken once


def test_a_document_tag_given_out_by_another_process_is_not_honoured(
    served: Callable[[str], Env], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stamps count from 1 again in every process, so the same validator can name another document there:
    each process mixes a key of its own into document tags. A file's tag, its content's hash, holds."""
    env = served("pypi")
    page, wheel = "simple/tool/", "simple/tool/1.0/tool-1.0-py3-none-any.whl"
    page_tag, wheel_tag = revalidates(env, page), revalidates(env, wheel)
    monkeypatch.setattr(conditional, "_KEY", b"another process's key")
    assert changed(env, page, page_tag) != page_tag
    assert revalidates(env, wheel) == wheel_tag


# -- in process -----------------------------------------------------------------------------------------


def test_requests_in_process_revalidate() -> None:
    with mock_codeartifact() as ca:
        graph = Graph(ca)
        graph.repository("releases")
        ca.add_package_version(DOMAIN, "releases", "pypi", "tool", "1.0")
        ca.add_package_version(DOMAIN, "releases", "npm", "tool", "1.0.0")
        for fmt, path in (
            ("pypi", "simple/tool/"),
            ("pypi", "simple/tool/1.0/tool-1.0-py3-none-any.whl"),
            ("npm", "tool"),
            ("npm", "tool/-/tool-1.0.0.tgz"),
        ):
            first = graph.get("releases", fmt, path)
            tag = first.headers["ETag"]
            assert first.status_code == 200 and STRONG.fullmatch(tag)
            again = graph.get("releases", fmt, path, **{"If-None-Match": tag})
            assert (again.status_code, again.content, again.headers["ETag"]) == (304, b"", tag)
            head = graph.session.head(graph.url("releases", fmt) + path, headers={"If-None-Match": tag})
            assert head.status_code == 304
        page = graph.get("releases", "pypi", "simple/tool/")
        ca.add_package_version(DOMAIN, "releases", "pypi", "tool", "2.0")
        fresh = graph.get("releases", "pypi", "simple/tool/", **{"If-None-Match": page.headers["ETag"]})
        assert fresh.status_code == 200 and b"2.0" in fresh.content
        assert isinstance(fresh, requests.Response) and fresh.headers["ETag"] != page.headers["ETag"]
