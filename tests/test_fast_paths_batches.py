"""The second round of shortcuts: the one-pass batch engine, the template of a successful batch's answer, the
JSON text kept for version summaries, list-level validation and page tokens. Each must leave what the caller
sees exactly as the long way gives.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import string
import weakref
from typing import Any, Optional

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from codeartifact_mock import CodeArtifactMock
from codeartifact_mock.backend import formats
from codeartifact_mock.backend.errors import ValidationError
from codeartifact_mock.backend.ordered import OrderedIndex
from codeartifact_mock.wire import operation
from codeartifact_mock.wire.json_text import encode_document, to_json
from codeartifact_mock.wire.serialize import serialize_result

# Versions the model accepts ([^#/\s]+) that JSON must escape: quotes, backslashes, non-ASCII, controls.
AWKWARD = ['1.0.0-"quoted"', "1.0.0-back\\slash", "1.0.0-é", "1.0.0-\u2028", "1.0.0-\x7f", "1.0.0-日本"]
GENERIC = {"domain": "dom", "repository": "repo", "format": "generic", "namespace": "ns"}


def _seed(ca: CodeArtifactMock, versions: list[str], package: str = "pkg") -> None:
    for version in versions:
        ca.add_package_version("dom", "repo", "generic", package, version, namespace="ns")


@pytest.mark.parametrize("operation", ["update", "dispose", "delete"])
def test_batch_results_with_awkward_versions_parse_as_sent(
    codeartifact_mock: CodeArtifactMock, client: Any, operation: str
) -> None:
    _seed(codeartifact_mock, AWKWARD)
    revisions = {
        v: client.describe_package_version(**GENERIC, package="pkg", packageVersion=v) for v in AWKWARD
    }
    if operation == "update":
        answer = client.update_package_versions_status(
            **GENERIC, package="pkg", versions=AWKWARD, targetStatus="Archived"
        )
        status = "Archived"
    else:
        answer = getattr(client, f"{operation}_package_versions")(**GENERIC, package="pkg", versions=AWKWARD)
        status = {"dispose": "Disposed", "delete": "Deleted"}[operation]
    expected = {
        v: {"revision": revisions[v]["packageVersion"]["revision"], "status": status} for v in AWKWARD
    }
    assert (answer["successfulVersions"], answer["failedVersions"]) == (expected, {})


_PLAIN_TEXT = st.text(alphabet=string.ascii_letters + string.digits + ".-+~", min_size=1, max_size=12)


@given(
    st.lists(st.one_of(_PLAIN_TEXT, st.text(min_size=1, max_size=12)), min_size=1, max_size=40, unique=True),
    st.sampled_from(["Published", "Unlisted", "Archived", "Disposed", "Deleted"]),
    st.sampled_from(["xyz=", 'q\\"', "\u00e9", "\x7f", "\x1f"]),  # plain, then what JSON escapes (or may)
)
@example(["1.0.0"], "Unlisted", "xyz=")  # one version, on its own path: plain,
@example(["1.0.0"], "Archived", 'q\\"')  # and with something to escape
@example(['1.0-"rc"'], "Deleted", "xyz=")
def test_the_success_template_writes_what_the_encoder_writes(
    versions: list[str], status: str, revision_end: str
) -> None:
    succeeded = {v: {"revision": f"rev-{v}{revision_end}", "status": status} for v in versions}
    answer = {"successfulVersions": succeeded, "failedVersions": {}}
    response = serialize_result(operation("UpdatePackageVersionsStatus"), answer)
    assert response.body == to_json(answer).encode()


def test_a_batch_with_one_failure_reports_it_and_skips_the_rest(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    versions = [f"1.{n}" for n in range(5)]
    _seed(codeartifact_mock, versions)
    revision = client.describe_package_version(**GENERIC, package="pkg", packageVersion="1.3")[
        "packageVersion"
    ]["revision"]
    pinned = {v: revision for v in versions}  # right for 1.3 only
    answer = client.dispose_package_versions(
        **GENERIC, package="pkg", versions=versions, versionRevisions=pinned
    )
    assert answer["successfulVersions"] == {}
    codes = {v: entry["errorCode"] for v, entry in answer["failedVersions"].items()}
    assert list(codes) == versions
    assert codes == {"1.0": "MISMATCHED_REVISION", "1.1": "MISMATCHED_REVISION", "1.2": "MISMATCHED_REVISION",
                     "1.3": "SKIPPED", "1.4": "MISMATCHED_REVISION"}  # fmt: skip
    listed = client.list_package_versions(**GENERIC, package="pkg")["versions"]
    assert {v["status"] for v in listed} == {"Published"}  # all or nothing


def test_deleting_many_versions_keeps_order_and_storage_right(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    versions = [f"2.{n}" for n in range(120)]
    _seed(codeartifact_mock, versions)
    before = client.describe_domain(domain="dom")["domain"]["assetSizeBytes"]
    doomed = versions[:100]
    answer = client.delete_package_versions(**GENERIC, package="pkg", versions=doomed)
    assert list(answer["successfulVersions"]) == doomed
    listed = client.list_package_versions(**GENERIC, package="pkg", maxResults=1000)["versions"]
    assert [v["version"] for v in listed] == versions[100:][::-1]  # newest version first
    after = client.describe_domain(domain="dom")["domain"]["assetSizeBytes"]
    assert 0 < after < before


def test_a_page_token_resumes_right_across_deletes_and_a_version_back(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    versions = [f"3.{n}" for n in range(200)]
    _seed(codeartifact_mock, versions)
    first = client.list_package_versions(**GENERIC, package="pkg", maxResults=50)
    assert [v["version"] for v in first["versions"]] == versions[150:][::-1]  # newest version first
    doomed = versions[25:175]  # some listed already, some not
    for start in (0, 100):
        client.delete_package_versions(**GENERIC, package="pkg", versions=doomed[start : start + 100])
    _seed(codeartifact_mock, ["3.30", "3.40"])  # deleted, then back: once each, in their place
    client.delete_package_versions(**GENERIC, package="pkg", versions=["3.180", "3.30"])
    _seed(codeartifact_mock, ["3.30"])
    rest: list[str] = []
    token = first["nextToken"]
    while token:
        page = client.list_package_versions(**GENERIC, package="pkg", maxResults=50, nextToken=token)
        rest += [v["version"] for v in page["versions"]]
        token = page.get("nextToken")
    untouched = versions[:25][::-1]
    assert rest == ["3.40", "3.30", *untouched]  # no version repeated, none that stayed skipped
    kept = [v for v in versions[175:][::-1] if v != "3.180"]
    everything = client.list_package_versions(**GENERIC, package="pkg", maxResults=1000)["versions"]
    assert [v["version"] for v in everything] == [*kept, "3.40", "3.30", *untouched]
    assert (
        client.describe_package_version(**GENERIC, package="pkg", packageVersion="3.30")["packageVersion"][
            "status"
        ]
        == "Published"
    )


def test_listings_follow_every_change_of_a_version(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    _seed(codeartifact_mock, ["1.0", "2.0"])
    client.create_repository(domain="dom", repository="other")

    def summaries(repository: str = "repo") -> dict[str, tuple[str, str, str]]:
        where = dict(GENERIC, repository=repository)
        return {
            v["version"]: (v["status"], v["revision"], v["origin"]["domainEntryPoint"]["repositoryName"])
            for v in client.list_package_versions(**where, package="pkg")["versions"]
        }

    first = summaries()
    assert summaries() == first  # the second listing reuses the encoded summaries
    client.update_package_versions_status(**GENERIC, package="pkg", versions=["1.0"], targetStatus="Unlisted")
    assert summaries()["1.0"][0] == "Unlisted"

    def publish(asset: str, **extra: Any) -> None:
        content = asset.encode()
        client.publish_package_version(
            **GENERIC,
            package="pkg",
            packageVersion="3.0",
            assetName=asset,
            assetContent=content,
            assetSHA256=hashlib.sha256(content).hexdigest(),
            **extra,
        )

    publish("a.bin", unfinished=True)
    unfinished = summaries()["3.0"]
    publish("b.bin", unfinished=True)  # still Unfinished, with a new revision
    assert summaries()["3.0"][0] == "Unfinished" and summaries()["3.0"][1] != unfinished[1]
    publish("c.bin")
    assert summaries()["3.0"][0] == "Published"
    client.copy_package_versions(
        domain="dom",
        sourceRepository="repo",
        destinationRepository="other",
        format="generic",
        namespace="ns",
        package="pkg",
        versions=["2.0"],
    )
    copied = summaries("other")["2.0"]
    assert copied == (first["2.0"][0], first["2.0"][1], "repo")  # the copy's origin is the source


def test_documents_write_kept_item_texts_as_the_encoder_writes_the_items() -> None:
    when = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    summaries = [{"version": str(n), "origin": {"x": [1, None]}, "at": when} for n in range(3)]
    document = {"versions": summaries, "plain": {"y": None}, "nextToken": "t\u00e9"}
    for _ in range(2):  # the second time, from the kept texts
        assert encode_document(document, frozenset({"versions"})) == to_json(document)
    assert encode_document({"versions": []}, frozenset({"versions"})) == to_json({"versions": []})


@pytest.mark.parametrize(
    ("versions", "message"),
    [
        (
            ["1.0", "x" * 256],
            "1 validation error detected: Value 'x{256}' at 'versions.2.member' failed to satisfy "
            "constraint: Member must have length less than or equal to 255",
        ),
        (
            ["1.0", "has space"],
            "1 validation error detected: Value 'has space' at 'versions.2.member' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: [^#/\\s]+",
        ),
        (
            ["1.0", 7],
            "1 validation error detected: Value '7' at 'versions.2.member' failed to satisfy constraint: "
            "Member must be of type string",
        ),
    ],
)
def test_version_lists_that_the_quick_check_rejects_get_the_full_message(
    codeartifact_mock: CodeArtifactMock, raw_client: Any, versions: list[Any], message: str
) -> None:
    _seed(codeartifact_mock, ["1.0"])
    raw_client.dispose_package_versions(**GENERIC, package="pkg", versions=["1.0"])  # "1.0" now known valid
    expected = message.replace("x{256}", "x" * 256)
    with pytest.raises(raw_client.exceptions.ValidationException) as caught:
        raw_client.delete_package_versions(**GENERIC, package="pkg", versions=versions)
    assert caught.value.response["Error"]["Message"] == expected


def test_page_tokens_keep_their_shape_and_resume(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    _seed(codeartifact_mock, [f"1.{n}" for n in range(5)])
    first = client.list_package_versions(**GENERIC, package="pkg", maxResults=2)
    payload = json.loads(base64.b64decode(first["nextToken"]))
    assert list(payload) == ["s", "h"] and isinstance(payload["s"], str) and len(payload["h"]) == 32
    second = client.list_package_versions(
        **GENERIC, package="pkg", maxResults=2, nextToken=first["nextToken"]
    )
    assert [v["version"] for v in second["versions"]] == ["1.2", "1.1"]
    with pytest.raises(client.exceptions.ValidationException):
        client.list_package_versions(
            **GENERIC, package="pkg", maxResults=2, status="Published", nextToken=first["nextToken"]
        )


@pytest.mark.parametrize("fmt", sorted(formats.FORMATS))
@pytest.mark.parametrize("namespace", [None, "Ns"])
def test_coordinates_taken_as_given_are_exactly_those_request_coordinates_keeps(
    fmt: str, namespace: Optional[str]
) -> None:
    """The batch operations skip request_coordinates for the pairs in COORDINATES_AS_GIVEN: it must return
    those unchanged, and change or refuse every other pair."""
    try:
        kept = formats.request_coordinates(fmt, namespace, "Pkg") == (namespace, "Pkg")
    except ValidationError:
        kept = False
    assert ((fmt, namespace is not None) in formats.COORDINATES_AS_GIVEN) == kept


def test_an_index_lets_go_of_a_value_removed_alone_and_of_a_batch_at_the_rebuild() -> None:
    class Value:  # weakly referenceable, unlike the slotted model classes
        pass

    index: OrderedIndex[str, Value] = OrderedIndex()
    values = [Value() for _ in range(100)]
    for number, value in enumerate(values):
        index.add(str(number), value)
    refs = [weakref.ref(value) for value in values]
    del values, value
    index.remove("0")  # alone (a repository, say): let go at once
    assert refs[0]() is None
    index.remove_many([str(number) for number in range(1, 40)])  # a batch: kept until the rebuild
    assert all(ref() is not None for ref in refs[1:40])
    index.remove_many([str(number) for number in range(40, 60)])  # now more holes than live entries
    assert all(ref() is None for ref in refs[:60])
    assert [value for _, value in index.walk()] == [ref() for ref in refs[60:]]
