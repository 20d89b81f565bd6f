"""Publish time is real: ``published_time`` in seeding, ``sortBy=PUBLISHED_TIME``, ``defaultDisplayVersion``,
and the default newest-version-first order, with paging that stays stable while versions come and go
(spec section 13, the rows on ListPackageVersions' orders and defaultDisplayVersion)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any, Optional

import boto3
import pytest
from server_helpers import client as server_client
from server_helpers import control

from codeartifact_mock import CodeArtifactMock, ThreadedCodeArtifactServer

DOMAIN, REPO = "dom", "repo"
UTC = timezone.utc
JAN = datetime(2024, 1, 1, tzinfo=UTC)


def _listed(client: Any, fmt: str = "npm", package: str = "pkg", **kw: Any) -> list[str]:
    pages = client.get_paginator("list_package_versions").paginate(
        domain=DOMAIN, repository=REPO, format=fmt, package=package, **kw
    )
    return [v["version"] for page in pages for v in page["versions"]]


def _default(client: Any, fmt: str = "npm", package: str = "pkg", **kw: Any) -> Optional[str]:
    answer = client.list_package_versions(domain=DOMAIN, repository=REPO, format=fmt, package=package, **kw)
    return answer.get("defaultDisplayVersion")  # type: ignore[no-any-return]


def _published_time(client: Any, version: str, package: str = "pkg") -> datetime:
    described = client.describe_package_version(
        domain=DOMAIN, repository=REPO, format="npm", package=package, packageVersion=version
    )
    return described["packageVersion"]["publishedTime"]  # type: ignore[no-any-return]


@pytest.fixture
def client(codeartifact_mock: CodeArtifactMock) -> Any:
    return boto3.client("codeartifact", region_name="us-east-1")


# --- published_time ---------------------------------------------------------------------------------------


def test_published_time_is_the_versions_published_time(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    paris = timezone(timedelta(hours=1))
    codeartifact_mock.add_package_version(
        DOMAIN, REPO, "npm", "pkg", "1.0.0", published_time=datetime(2023, 5, 4, 13, 30, tzinfo=paris)
    )
    assert _published_time(client, "1.0.0") == datetime(2023, 5, 4, 12, 30, tzinfo=UTC)


def test_published_time_omitted_is_the_time_of_the_call(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    codeartifact_mock.add_package_version(DOMAIN, REPO, "npm", "pkg", "1.0.0")
    after = datetime.now(UTC) + timedelta(seconds=1)
    assert before <= _published_time(client, "1.0.0") <= after


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (datetime(2024, 1, 1), "not a naive one: 2024-01-01T00:00:00"),
        ("2024-01-01T00:00:00Z", "not str"),
    ],
)
def test_a_naive_or_non_datetime_published_time_is_refused_and_nothing_is_stored(
    codeartifact_mock: CodeArtifactMock, client: Any, value: Any, words: str
) -> None:
    with pytest.raises(ValueError, match="published_time must be a timezone-aware datetime") as caught:
        codeartifact_mock.add_package_version(DOMAIN, REPO, "npm", "pkg", "1.0.0", published_time=value)
    assert words in str(caught.value)
    assert client.list_domains()["domains"] == []


def test_reseeding_keeps_the_published_time_unless_one_is_given(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    codeartifact_mock.add_package_version(DOMAIN, REPO, "npm", "pkg", "1.0.0", published_time=JAN)
    codeartifact_mock.add_package_version(DOMAIN, REPO, "npm", "pkg", "1.0.0", status="Unlisted")
    assert _published_time(client, "1.0.0") == JAN
    later = JAN + timedelta(days=30)
    codeartifact_mock.add_package_version(DOMAIN, REPO, "npm", "pkg", "1.0.0", published_time=later)
    assert _published_time(client, "1.0.0") == later


# --- sortBy=PUBLISHED_TIME and defaultDisplayVersion ------------------------------------------------------


def test_published_time_order_follows_the_times_not_the_order_of_seeding(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    for version, days in [("1.0.0", 10), ("3.0.0", 1), ("2.0.0", 20), ("0.5.0", 5)]:
        codeartifact_mock.add_package_version(
            DOMAIN, REPO, "npm", "pkg", version, published_time=JAN + timedelta(days=days)
        )
    codeartifact_mock.add_package_version(DOMAIN, REPO, "npm", "pkg", "0.1.0")  # now: the newest
    assert _listed(client, sortBy="PUBLISHED_TIME") == ["0.1.0", "2.0.0", "1.0.0", "0.5.0", "3.0.0"]
    assert _listed(client, sortBy="PUBLISHED_TIME", PaginationConfig={"PageSize": 2}) == [
        "0.1.0",
        "2.0.0",
        "1.0.0",
        "0.5.0",
        "3.0.0",
    ]
    assert _listed(client) == ["3.0.0", "2.0.0", "1.0.0", "0.5.0", "0.1.0"]


def test_equal_published_times_list_the_later_published_first(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    for version in ("2.0.0", "1.0.0", "3.0.0"):
        codeartifact_mock.add_package_version(DOMAIN, REPO, "npm", "pkg", version, published_time=JAN)
    assert _listed(client, sortBy="PUBLISHED_TIME") == ["3.0.0", "1.0.0", "2.0.0"]
    assert _listed(client, sortBy="PUBLISHED_TIME", PaginationConfig={"PageSize": 1}) == [
        "3.0.0",
        "1.0.0",
        "2.0.0",
    ]
    assert _default(client) == "3.0.0"


@pytest.mark.parametrize("fmt", ["npm", "pypi", "maven", "nuget", "generic", "ruby", "swift", "cargo"])
def test_default_display_version_is_the_most_recently_published(
    codeartifact_mock: CodeArtifactMock, client: Any, fmt: str
) -> None:
    namespace = "ns" if fmt in ("maven", "swift", "generic") else None
    seeded = [("2.0.0", 1, "Published"), ("1.0.0", 3, "Published"), ("3.0.0", 2, "Published")]
    seeded += [("0.9.0", 4, "Unlisted"), ("0.8.0", 5, "Archived")]  # newer, but not Published
    for version, days, status in seeded:
        codeartifact_mock.add_package_version(
            DOMAIN,
            REPO,
            fmt,
            "pkg",
            version,
            namespace=namespace,
            status=status,
            published_time=JAN + timedelta(days=days),
        )
    where = {} if namespace is None else {"namespace": namespace}
    assert _default(client, fmt, **where) == "1.0.0"  # not the highest version, nor the last seeded
    client.update_package_versions_status(
        domain=DOMAIN,
        repository=REPO,
        format=fmt,
        package="pkg",
        versions=["1.0.0"],
        targetStatus="Archived",
        **where,
    )
    assert _default(client, fmt, **where) == "3.0.0"


# --- the default order -------------------------------------------------------------------------------------


def test_default_order_is_the_user_guides_sample(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    for version in ("0.1.1", "1.0.0", "0.1.0", "1.0.1", "0.1.2"):  # seeded out of order
        codeartifact_mock.add_package_version(DOMAIN, REPO, "npm", "pkg", version)
    assert _listed(client) == ["1.0.1", "1.0.0", "0.1.2", "0.1.1", "0.1.0"]


def test_default_order_compares_numbers_as_numbers_and_puts_pre_releases_first(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    oldest_first = [
        "1.0",
        "1.0.0-alpha",
        "1.0.0-beta",
        "1.0.0-beta.2",
        "1.0.0-beta.10",
        "1.0.0-RC1",
        "1.0.0-rc1",
        "1.0.0",
        "1.0.0.1",
        "1.9.0",
        "1.10.0",
        "10.0.0",
    ]
    for version in sorted(oldest_first):  # in plain string order, which is not version order
        codeartifact_mock.add_package_version(DOMAIN, REPO, "npm", "pkg", version)
    assert _listed(client) == oldest_first[::-1]
    assert _listed(client, PaginationConfig={"PageSize": 5}) == oldest_first[::-1]


def test_pages_neither_repeat_nor_skip_versions_that_stay_while_others_come_and_go(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    for minor in range(10):
        codeartifact_mock.add_package_version(
            DOMAIN, REPO, "npm", "pkg", f"1.{minor}.0", published_time=JAN + timedelta(days=minor)
        )
    where = {"domain": DOMAIN, "repository": REPO, "format": "npm", "package": "pkg", "maxResults": 3}
    for sort in ({}, {"sortBy": "PUBLISHED_TIME"}):  # the same order here: newer versions published later
        first = client.list_package_versions(**where, **sort)
        seen = [v["version"] for v in first["versions"]]
        assert seen == ["1.9.0", "1.8.0", "1.7.0"]
        # Between the pages: the last version listed and two not yet listed go; new ones come on both sides.
        client.delete_package_versions(**_coordinates(), versions=["1.7.0", "1.5.0", "1.2.0"])
        for version, days in (("1.7.5", 7.5), ("1.4.5", 4.5), ("2.0.0", 20)):
            codeartifact_mock.add_package_version(
                DOMAIN, REPO, "npm", "pkg", version, published_time=JAN + timedelta(days=days)
            )
        token = first.get("nextToken")
        while token:
            page = client.list_package_versions(**where, **sort, nextToken=token)
            seen += [v["version"] for v in page["versions"]]
            token = page.get("nextToken")
        # Every untouched version once; a new one only if it sorts after the page it arrived behind.
        assert seen == ["1.9.0", "1.8.0", "1.7.0", "1.6.0", "1.4.5", "1.4.0", "1.3.0", "1.1.0", "1.0.0"]
        # Back as it was, for the other order.
        client.delete_package_versions(**_coordinates(), versions=["1.7.5", "1.4.5", "2.0.0"])
        for minor in (7, 5, 2):
            codeartifact_mock.add_package_version(
                DOMAIN, REPO, "npm", "pkg", f"1.{minor}.0", published_time=JAN + timedelta(days=minor)
            )


@pytest.mark.parametrize("sort_by", [None, "PUBLISHED_TIME"])
def test_deleted_versions_leave_both_orders_whole_and_can_come_back(
    codeartifact_mock: CodeArtifactMock, client: Any, sort_by: Optional[str]
) -> None:
    """Deleting versions one batch after another (the orders drop them lazily, then all at once) and
    publishing a deleted version again: every listing, paged or not, shows exactly the versions stored."""
    versions = [f"1.{minor}.0" for minor in range(40)]
    for day, version in enumerate(versions):
        codeartifact_mock.add_package_version(
            DOMAIN, REPO, "npm", "pkg", version, published_time=JAN + timedelta(days=day)
        )
    stored = list(versions)
    kw = {} if sort_by is None else {"sortBy": sort_by}
    coordinates = {"domain": DOMAIN, "repository": REPO, "format": "npm", "package": "pkg"}
    for batch in (versions[0:5], versions[10:20], versions[30:38], versions[5:6]):
        client.delete_package_versions(**coordinates, versions=batch)
        stored = [version for version in stored if version not in batch]
        newest_first = sorted(stored, key=lambda v: int(v.split(".")[1]), reverse=True)
        assert _listed(client, **kw) == newest_first
        assert _listed(client, maxResults=3, **kw) == newest_first  # pages across the holes
        assert _default(client) == newest_first[0]
    codeartifact_mock.add_package_version(
        DOMAIN, REPO, "npm", "pkg", "1.12.0", published_time=JAN + timedelta(days=12)
    )
    stored.append("1.12.0")
    newest_first = sorted(stored, key=lambda v: int(v.split(".")[1]), reverse=True)
    assert _listed(client, maxResults=2, **kw) == newest_first
    assert len(newest_first) == len(set(newest_first))


def _coordinates() -> dict[str, str]:
    return {"domain": DOMAIN, "repository": REPO, "format": "npm", "package": "pkg"}


# --- server mode -------------------------------------------------------------------------------------------


@pytest.fixture
def server() -> Iterator[ThreadedCodeArtifactServer]:
    with ThreadedCodeArtifactServer() as running:
        yield running


def test_the_control_api_takes_published_time_in_iso_8601(server: ThreadedCodeArtifactServer) -> None:
    seed = {"domain": DOMAIN, "repository": REPO, "format": "npm", "package": "pkg"}
    for version, when in (("1.0.0", "2024-03-01T10:00:00Z"), ("2.0.0", "2024-01-01T10:00:00+02:00")):
        reply = control(server, "package-versions", dict(seed, version=version, published_time=when))
        assert reply.status == 200, reply.body
    sdk = server_client(server)
    listed = sdk.list_package_versions(**_coordinates(), sortBy="PUBLISHED_TIME")
    assert [v["version"] for v in listed["versions"]] == ["1.0.0", "2.0.0"]
    described = sdk.describe_package_version(**_coordinates(), packageVersion="2.0.0")["packageVersion"]
    assert described["publishedTime"] == datetime(2024, 1, 1, 8, tzinfo=UTC)
    for bad, words in (
        ("2024-01-01T10:00:00", "not a naive one"),
        ("yesterday", "published_time must be an ISO 8601 date and time string"),
        (5, "published_time must be an ISO 8601 date and time string"),
    ):
        reply = control(server, "package-versions", dict(seed, version="3.0.0", published_time=bad))
        assert (reply.status, reply.error_type) == (400, "ValidationException"), reply.body
        assert words in reply.json()["message"], reply.json()
    assert [v["version"] for v in sdk.list_package_versions(**_coordinates())["versions"]] == [
        "2.0.0",
        "1.0.0",
    ]
