"""The shortcuts that keep a call cheap must not change what the caller sees.

Each test drives one shortcut (memoized query strings, known-valid strings, the JSON scanner, the response
headers, region from the URL, default assets kept as a recipe) through a real client and checks the answer
against what the long way gives.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import parse_qs

import boto3
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from codeartifact_mock import CodeArtifactMock
from codeartifact_mock.wire import operation, parse_request
from codeartifact_mock.wire.botocore_model import service_model
from codeartifact_mock.wire.validate import problems, quick_accept_all, value_problems

GENERIC = {"domain": "dom", "repository": "repo", "format": "generic", "namespace": "ns"}


def _publish(client: Any, package: str, version: str, content: bytes = b"x", **extra: Any) -> Any:
    return client.publish_package_version(
        **GENERIC,
        package=package,
        packageVersion=version,
        assetName="a.bin",
        assetContent=content,
        assetSHA256=hashlib.sha256(content).hexdigest(),
        **extra,
    )


@pytest.fixture
def dom(client: Any) -> Any:
    client.create_domain(domain="dom")
    client.create_repository(domain="dom", repository="repo")
    return client


@pytest.mark.parametrize("package", ["a+b", "100%", "k=v&x", "é-ü", "a%2Fb"])
def test_query_values_that_need_decoding_reach_the_backend_whole(dom: Any, package: str) -> None:
    _publish(dom, package, "1.0")
    for _ in range(2):  # the second reading of the same query string comes from the memo
        listed = dom.list_package_versions(**GENERIC, package=package)
        assert (listed["package"], [v["version"] for v in listed["versions"]]) == (package, ["1.0"])


def test_repeated_query_strings_still_address_the_current_state(dom: Any) -> None:
    _publish(dom, "cli", "1.0")
    assert [v["version"] for v in dom.list_package_versions(**GENERIC, package="cli")["versions"]] == ["1.0"]
    _publish(dom, "cli", "2.0")
    listed = dom.list_package_versions(**GENERIC, package="cli")["versions"]
    assert [v["version"] for v in listed] == ["2.0", "1.0"]


_QUERY_TEXT = st.text(alphabet=st.sampled_from("ab=&+%2Fé #;"), max_size=12)


@given(domain=_QUERY_TEXT, repository=_QUERY_TEXT, extra=_QUERY_TEXT)
def test_query_strings_are_read_as_parse_qs_reads_them(domain: str, repository: str, extra: str) -> None:
    query = f"domain={domain}&repository={repository}&{extra}"
    expected = {
        name: values[0]
        for name, values in parse_qs(query.partition("#")[0], keep_blank_values=True).items()
        if name in ("domain", "repository")
    }
    url = "https://codeartifact.us-east-1.amazonaws.com/v1/domain?" + query
    assert parse_request(operation("DescribeRepository"), url, {}, b"") == expected


def test_a_string_valid_for_one_member_is_still_checked_for_another(raw_client: Any) -> None:
    raw_client.create_domain(domain="dom")
    raw_client.create_repository(domain="dom", repository="my_repo")  # a valid repository name...
    with pytest.raises(raw_client.exceptions.ValidationException) as raised:
        raw_client.describe_domain(domain="my_repo")  # ...is not a valid domain name
    assert "Value 'my_repo' at 'domain' failed to satisfy constraint" in str(raised.value)


def test_errors_keep_the_model_order_after_valid_calls(raw_client: Any) -> None:
    raw_client.create_domain(domain="dom")
    raw_client.create_repository(domain="dom", repository="repo")
    raw_client.list_packages(domain="dom", repository="repo", format="npm", maxResults=5)
    with pytest.raises(raw_client.exceptions.ValidationException) as raised:
        raw_client.list_package_versions(
            domain="dom", repository="r", format="npm", package="p#", maxResults=0
        )
    message = raised.value.response["Error"]["Message"]
    assert message.startswith("4 validation errors detected: Value 'r' at 'repository'")
    assert message.index("at 'package'") < message.index("at 'maxResults'")


def test_the_same_strings_in_a_list_are_checked_item_by_item(raw_client: Any) -> None:
    raw_client.create_domain(domain="dom")
    with pytest.raises(raw_client.exceptions.ValidationException) as raised:
        raw_client.update_package_versions_status(
            domain="dom",
            repository="repo",
            format="npm",
            package="p",
            versions=["1.0", "a/b"],
            targetStatus="Archived",
        )
    assert "Value 'a/b' at 'versions.2.member' failed to satisfy constraint" in str(raised.value)


@pytest.mark.parametrize(
    "body",
    [b'{"versions": ["1"]} x', b'{"versions": ["1"]', b'{"versions": ["1"]}\x0b', b'{"versions": "\xff"}'],
)
def test_a_body_that_is_not_one_json_object_cannot_be_parsed(body: bytes) -> None:
    url = "https://codeartifact.us-east-1.amazonaws.com/v1/package/versions/delete?domain=d"
    with pytest.raises(Exception) as raised:
        parse_request(operation("DeletePackageVersions"), url, {}, body)
    assert getattr(raised.value, "fields", {}).get("reason") == "CANNOT_PARSE"


@pytest.mark.parametrize(
    "body", [b'{"versions": ["1"]} \n\t\r', b' {"versions": ["1"]}', b'{"versions":["1"]}']
)
def test_json_whitespace_around_the_object_is_fine(body: bytes) -> None:
    url = "https://codeartifact.us-east-1.amazonaws.com/v1/package/versions/delete?domain=d"
    assert parse_request(operation("DeletePackageVersions"), url, {}, body) == {
        "domain": "d",
        "versions": ["1"],
    }


def test_response_headers_are_case_insensitive_and_complete(client: Any) -> None:
    seen: dict[str, Any] = {}

    def look(http_response: Any, **_: Any) -> None:
        headers = http_response.headers
        seen.update(type=headers["CONTENT-TYPE"], length=headers.get("Content-Length"), names=sorted(headers))

    client.meta.events.register("after-call.codeartifact.ListDomains", look)
    metadata = client.list_domains()["ResponseMetadata"]
    body = json.dumps({"domains": []}, separators=(",", ":"))
    assert seen == {
        "type": "application/json",
        "length": str(len(body)),
        "names": ["Content-Length", "Content-Type", "x-amzn-RequestId"],
    }
    assert metadata["HTTPHeaders"]["x-amzn-requestid"] == metadata["RequestId"]
    assert metadata["HTTPHeaders"]["content-type"] == "application/json"


def test_request_ids_are_unique_uuid_shaped(client: Any) -> None:
    ids = {client.list_domains()["ResponseMetadata"]["RequestId"] for _ in range(50)}
    assert len(ids) == 50
    for request_id in ids:
        assert [len(part) for part in request_id.split("-")] == [8, 4, 4, 4, 12]
        assert request_id[14] == "4"


def test_the_region_an_aws_endpoint_names_is_the_region_that_answers(
    codeartifact_mock: CodeArtifactMock,
) -> None:
    client = boto3.client(
        "codeartifact", region_name="us-east-1", endpoint_url="https://codeartifact.eu-west-1.amazonaws.com"
    )
    arn = client.create_domain(domain="dom")["domain"]["arn"]
    assert arn == "arn:aws:codeartifact:eu-west-1:123456789012:domain/dom"


def test_an_endpoint_that_only_looks_like_codeartifact_uses_the_client_region(
    codeartifact_mock: CodeArtifactMock,
) -> None:
    client = boto3.client(
        "codeartifact", region_name="ap-south-1", endpoint_url="http://codeartifact.internal:80"
    )
    assert client.create_domain(domain="dom")["domain"]["arn"].startswith("arn:aws:codeartifact:ap-south-1:")


def _assets(client: Any, **coordinates: Any) -> list[dict[str, Any]]:
    return client.list_package_version_assets(domain="dom", repository="repo", **coordinates)["assets"]  # type: ignore[no-any-return]


def test_seeded_default_assets_read_back_as_their_bytes(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    """The assets a recipe makes on first read are the ones listed, downloaded and counted, every time."""
    revision = codeartifact_mock.add_package_version(
        "dom", "repo", "maven", "lib", "1.0", namespace="org.acme"
    )
    where = {"format": "maven", "namespace": "org.acme", "package": "lib", "packageVersion": "1.0"}
    described = client.describe_domain(domain="dom")["domain"]["assetSizeBytes"]  # counted before any read
    assets = _assets(client, **where)
    assert [a["name"] for a in assets] == ["lib-1.0.jar", "lib-1.0.pom"]
    for listed in assets:
        got = client.get_package_version_asset(domain="dom", repository="repo", **where, asset=listed["name"])
        content = got["asset"].read()
        assert (len(content), hashlib.sha256(content).hexdigest()) == (
            listed["size"],
            listed["hashes"]["SHA-256"],
        )
        assert got["packageVersionRevision"] == revision
    assert described == sum(a["size"] for a in assets)
    assert client.describe_domain(domain="dom")["domain"]["assetSizeBytes"] == described  # counted once


def test_publishing_into_a_seeded_unfinished_version_keeps_its_default_asset(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    seeded = codeartifact_mock.add_package_version(
        "dom", "repo", "generic", "cli", "1.0", namespace="ns", status="Unfinished"
    )
    published = _publish(client, "cli", "1.0", b"more", unfinished=True)
    assets = _assets(client, format="generic", namespace="ns", package="cli", packageVersion="1.0")
    assert [(a["name"], a["size"]) for a in assets] == [
        ("cli-1.0.tar.gz", len(b"generic:ns:cli:1.0")),
        ("a.bin", 4),
    ]
    assert published["versionRevision"] != seeded  # an asset was added: the revision names the new content


def test_disposing_a_seeded_version_drops_its_default_assets(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    codeartifact_mock.add_package_version("dom", "repo", "npm", "chalk", "4.1.0")
    client.dispose_package_versions(
        domain="dom", repository="repo", format="npm", package="chalk", versions=["4.1.0"]
    )
    assert _assets(client, format="npm", package="chalk", packageVersion="4.1.0") == []
    assert client.describe_domain(domain="dom")["domain"]["assetSizeBytes"] == 0


_VERSION_SHAPE = operation("DisposePackageVersions").input_shape.members["versions"].member  # type: ignore[attr-defined]
_AWKWARD_CHARS = st.sampled_from(["a", "1", ".", "#", "/", " ", "\n", "\t", "|", ",", "\x00", "é", "\u2028"])


@given(
    st.lists(
        st.one_of(
            st.text(_AWKWARD_CHARS, max_size=6),
            st.integers(250, 260).map(lambda n: "v" * n),  # around the 255-character bound
            st.just(""),
        ),
        min_size=1,
        max_size=6,
    )
)
@example(["a\nb"])  # an item holding the separator would join into two valid runs
@example(["1.0", "", "2.0"])
@example(["v" * 256])
def test_a_version_list_is_accepted_at_once_exactly_when_every_item_is_valid(items: list[str]) -> None:
    """The joined-regex shortcut for a whole list gives the item-by-item checks' verdict, never more."""
    accept_all = quick_accept_all(_VERSION_SHAPE.name)
    assert accept_all is not None
    each_valid = all(not value_problems(_VERSION_SHAPE, item, "v") for item in items)
    assert accept_all(items) == each_valid


def test_a_list_whose_pattern_is_not_one_class_is_accepted_item_by_item() -> None:
    accept_all = quick_accept_all("RepositoryName")  # [A-Za-z0-9][A-Za-z0-9._\-]{1,99}: two parts
    assert accept_all is not None
    assert accept_all(["repo-1", "r2"]) and not accept_all(["repo-1", "-bad"])


def _by_member(shape: Any, params: dict[str, Any]) -> list[str]:
    """The reference: each member checked on its own, in the model's order."""
    errors: list[str] = []
    for name, member in shape.members.items():
        value = params.get(name)
        if value is not None or name in shape.required_members:
            errors += value_problems(member, value, name)
    return errors


def _sample_params(shape: Any) -> list[dict[str, Any]]:
    """Requests that exercise every branch of a request's member checks: nothing at all, every member of
    a wrong type, every member plausible (enum values, short strings, lists of them), and lists one item
    too long, made of items the check already knows to be valid."""
    plausible: dict[str, Any] = {}
    too_long: dict[str, Any] = {}
    for name, member in shape.members.items():
        if member.type_name == "string":
            plausible[name] = member.metadata.get("enum", ["value-1"])[0]
        elif member.type_name == "list" and member.member.type_name == "string":
            plausible[name] = ["1.0.0"]
            too_long[name] = ["1.0.0"] * (member.metadata.get("max", 100) + 1)
        elif member.type_name in ("integer", "long"):
            plausible[name] = 5
    return [{}, {name: 7.5 for name in shape.members}, plausible, {**plausible, **too_long}]


@pytest.mark.parametrize("operation_name", service_model().operation_names)
def test_request_checks_report_as_members_checked_alone_also_once_values_are_known(
    operation_name: str,
) -> None:
    shape = operation(operation_name).input_shape
    if shape is None:
        return
    for params in _sample_params(shape):
        expected = _by_member(shape, params)
        assert problems(shape, params) == expected
        assert problems(shape, params) == expected  # again, now that valid values are known to be valid
