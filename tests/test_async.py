"""aiobotocore (and aioboto3) clients, answered by the same mock as boto3's: run with the ``async`` extra."""

from __future__ import annotations

import asyncio
import hashlib
import subprocess
import sys
import textwrap
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from typing import Any, Callable, TypeVar

import boto3
import pytest
from botocore.exceptions import ClientError

pytest.importorskip("aiobotocore")

from aiobotocore.response import StreamingBody
from aiobotocore.session import AioSession

from codeartifact_mock import CodeArtifactMock, mock_codeartifact

T = TypeVar("T")
CHALK: dict[str, str] = {"domain": "acme", "repository": "releases", "format": "npm", "package": "chalk"}


def run(scenario: Callable[[], Coroutine[Any, Any, T]]) -> T:
    return asyncio.run(scenario())


@asynccontextmanager
async def aio_client(region: str = "us-east-1") -> AsyncIterator[Any]:
    async with AioSession().create_client("codeartifact", region_name=region) as client:
        yield client


def test_create_and_describe(codeartifact_mock: CodeArtifactMock) -> None:
    async def scenario() -> None:
        async with aio_client() as client:
            created = await client.create_domain(domain="acme")
            await client.create_repository(domain="acme", repository="releases", description="async")
            described = await client.describe_repository(domain="acme", repository="releases")
            listed = await client.list_domains()

        assert created["domain"]["arn"] == "arn:aws:codeartifact:us-east-1:123456789012:domain/acme"
        assert described["repository"]["description"] == "async"
        assert [d["name"] for d in listed["domains"]] == ["acme"]

    run(scenario)


def test_concurrent_tasks_with_custom_endpoints_keep_their_regions(
    codeartifact_mock: CodeArtifactMock,
) -> None:
    regions = ["eu-central-1", "ap-south-1", "sa-east-1"]

    async def one_region(region: str) -> list[str]:
        session = AioSession()
        async with session.create_client(
            "codeartifact", region_name=region, endpoint_url="https://example.invalid:9999"
        ) as client:
            await client.create_domain(domain="dom")
            arns = []
            for number in range(20):  # each call awaits: the tasks' calls interleave
                created = await client.create_repository(domain="dom", repository=f"r{number}")
                arns.append(created["repository"]["arn"])
                await asyncio.sleep(0)
            return arns

    async def scenario() -> list[list[str]]:
        return list(await asyncio.gather(*(one_region(region) for region in regions)))

    for region, arns in zip(regions, run(scenario)):
        assert len(arns) == 20
        assert all(arn.startswith(f"arn:aws:codeartifact:{region}:") for arn in arns), arns


def test_sync_and_async_clients_share_one_state(codeartifact_mock: CodeArtifactMock) -> None:
    boto3.client("codeartifact", region_name="eu-west-1").create_domain(domain="from-sync")

    async def scenario() -> None:
        async with aio_client("eu-west-1") as client:
            assert [d["name"] for d in (await client.list_domains())["domains"]] == ["from-sync"]
            await client.create_domain(domain="from-async")
        async with aio_client("us-east-1") as client:
            assert (await client.list_domains())["domains"] == []  # another region's partition

    run(scenario)
    names = [
        d["name"] for d in boto3.client("codeartifact", region_name="eu-west-1").list_domains()["domains"]
    ]
    assert names == ["from-sync", "from-async"]


def test_seeded_versions_and_status_updates(codeartifact_mock: CodeArtifactMock) -> None:
    codeartifact_mock.add_package_version("acme", "releases", "npm", "chalk", "4.1.0")
    codeartifact_mock.add_package_version("acme", "releases", "npm", "chalk", "5.0.0", status="Disposed")

    async def scenario() -> tuple[dict[str, Any], list[tuple[str, str]]]:
        async with aio_client() as client:
            result = await client.update_package_versions_status(
                **CHALK, versions=["4.1.0", "5.0.0"], targetStatus="Archived"
            )
            listed = await client.list_package_versions(**CHALK)
        return result, [(v["version"], v["status"]) for v in listed["versions"]]

    result, statuses = run(scenario)
    assert result["successfulVersions"] == {}
    assert result["failedVersions"]["5.0.0"] == {
        "errorCode": "NOT_ALLOWED",
        "errorMessage": "cannot change status of version 5.0.0 from Disposed to Archived",
    }
    assert result["failedVersions"]["4.1.0"]["errorCode"] == "SKIPPED"
    assert statuses == [("5.0.0", "Disposed"), ("4.1.0", "Published")]  # all-or-nothing; newest first


@pytest.mark.parametrize(
    ("operation", "params"),
    [
        ("describe_domain", {"domain": "missing"}),
        ("list_packages", {"domain": "Acme", "repository": "releases", "format": "tarball"}),
        ("create_domain", {"domain": "acme"}),
    ],
)
def test_errors_match_the_sync_client_exactly(
    raw_client: Any, operation: str, params: dict[str, Any]
) -> None:
    raw_client.create_domain(domain="acme")  # so that creating it again conflicts

    def response_of(error: ClientError) -> dict[str, Any]:
        return {k: v for k, v in error.response.items() if k != "ResponseMetadata"}

    async def scenario() -> ClientError:
        async with aio_client() as client:
            with pytest.raises(ClientError) as raised:
                await getattr(client, operation)(**params)
        return raised.value

    with pytest.raises(ClientError) as sync_raised:
        getattr(raw_client, operation)(**params)
    async_error = run(scenario)
    assert response_of(async_error) == response_of(sync_raised.value)
    assert (
        async_error.response["ResponseMetadata"]["HTTPStatusCode"]
        == (sync_raised.value.response["ResponseMetadata"]["HTTPStatusCode"])
    )


def test_modeled_exception_classes_are_raised(codeartifact_mock: CodeArtifactMock) -> None:
    async def scenario() -> None:
        async with aio_client() as client:
            with pytest.raises(client.exceptions.ResourceNotFoundException) as raised:
                await client.describe_domain(domain="missing")
        assert raised.value.response["resourceType"] == "domain"
        assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404

    run(scenario)


def test_injected_throttling_is_retried_by_aiobotocore(
    codeartifact_mock: CodeArtifactMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def no_wait(delay: float, result: Any = None) -> Any:
        return result

    monkeypatch.setattr(asyncio, "sleep", no_wait)  # aiobotocore backs off with asyncio.sleep
    codeartifact_mock.inject_error("ListDomains", "ThrottlingException", times=2)

    async def scenario() -> dict[str, Any]:
        async with aio_client() as client:
            return await client.list_domains()  # type: ignore[no-any-return]

    response = run(scenario)
    assert response["domains"] == []
    assert response["ResponseMetadata"]["RetryAttempts"] == 2


def test_paginator(codeartifact_mock: CodeArtifactMock) -> None:
    versions = [f"1.0.{i}" for i in range(5)]
    for version in versions:
        codeartifact_mock.add_package_version("acme", "releases", "npm", "chalk", version)

    async def scenario() -> list[list[str]]:
        async with aio_client() as client:
            paginator = client.get_paginator("list_package_versions")
            pages = paginator.paginate(**CHALK, PaginationConfig={"PageSize": 2})
            return [[v["version"] for v in page["versions"]] async for page in pages]

    newest_first = versions[::-1]
    assert run(scenario) == [newest_first[0:2], newest_first[2:4], newest_first[4:]]


def test_streaming_asset_download(codeartifact_mock: CodeArtifactMock) -> None:
    content = bytes(range(256)) * 40  # 10 KiB: several of aiobotocore's 1 KiB chunks
    codeartifact_mock.add_package_version(
        "acme", "releases", "generic", "cli", "2.0.0", namespace="tools", assets={"cli.tar.gz": content}
    )
    asset = {**CHALK, "format": "generic", "namespace": "tools", "package": "cli", "packageVersion": "2.0.0"}

    async def scenario() -> None:
        async with aio_client() as client:
            whole = await client.get_package_version_asset(**asset, asset="cli.tar.gz")
            assert isinstance(whole["asset"], StreamingBody)
            assert whole["assetName"] == "cli.tar.gz"
            assert await whole["asset"].read() == content

            chunked = await client.get_package_version_asset(**asset, asset="cli.tar.gz")
            head = await chunked["asset"].read(10)
            rest = b"".join([chunk async for chunk in chunked["asset"].iter_chunks(4096)])
            assert head + rest == content

            with_block = await client.get_package_version_asset(**asset, asset="cli.tar.gz")
            async with with_block["asset"] as stream:
                assert await stream.read() == content

    run(scenario)


def test_publish_from_an_async_client(codeartifact_mock: CodeArtifactMock) -> None:
    content = b"#!/bin/sh\necho hello\n"
    cli = {
        "domain": "acme",
        "repository": "releases",
        "format": "generic",
        "namespace": "t",
        "package": "cli",
    }
    codeartifact_mock.add_package_version("acme", "releases", "generic", "other", "1.0", namespace="t")

    async def scenario() -> bytes:
        async with aio_client() as client:
            published = await client.publish_package_version(
                **cli,
                packageVersion="1.0.0",
                assetName="cli.sh",
                assetContent=content,
                assetSHA256=hashlib.sha256(content).hexdigest(),
            )
            assert published["status"] == "Published"
            downloaded = await client.get_package_version_asset(**cli, packageVersion="1.0.0", asset="cli.sh")
            return await downloaded["asset"].read()  # type: ignore[no-any-return]

    assert run(scenario) == content


@mock_codeartifact
async def _decorated_coroutine() -> list[str]:
    async with aio_client() as client:
        await client.create_domain(domain="decorated")
        await asyncio.sleep(0)  # the mock stays on across awaits
        return [d["name"] for d in (await client.list_domains())["domains"]]


def test_decorator_on_an_async_def() -> None:
    assert run(_decorated_coroutine) == ["decorated"]
    assert run(_decorated_coroutine) == ["decorated"]  # a fresh state for every call


def test_aioboto3_session_client(codeartifact_mock: CodeArtifactMock) -> None:
    aioboto3 = pytest.importorskip("aioboto3")
    codeartifact_mock.add_package_version("acme", "releases", "npm", "chalk", "4.1.0", assets={"x.tgz": b"x"})

    async def scenario() -> bytes:
        async with aioboto3.Session().client("codeartifact", region_name="us-east-1") as client:
            asset = await client.get_package_version_asset(**CHALK, packageVersion="4.1.0", asset="x.tgz")
            return await asset["asset"].read()  # type: ignore[no-any-return]

    assert run(scenario) == b"x"


def test_sync_use_never_imports_aiobotocore() -> None:
    """The async adapter is imported only when an aiobotocore emitter awaits a response."""
    script = textwrap.dedent(
        """
        import sys
        import boto3
        from codeartifact_mock import mock_codeartifact

        with mock_codeartifact():
            boto3.client("codeartifact", region_name="us-east-1").create_domain(domain="acme")
        assert "aiobotocore" not in sys.modules, "the sync path imported aiobotocore"
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_as_principal_decorates_a_coroutine_function(codeartifact_mock: CodeArtifactMock) -> None:
    ci = "arn:aws:iam::210987654321:role/ci"

    @codeartifact_mock.as_principal(ci)
    async def create() -> str:
        async with aio_client() as client:
            await asyncio.sleep(0)  # the block holds across awaits
            return str((await client.create_domain(domain="ci-cache"))["domain"]["owner"])

    assert run(create) == "210987654321"
    assert (codeartifact_mock.calls[-1].principal, codeartifact_mock.calls[-1].account_id) == (
        ci,
        "210987654321",
    )
    assert boto3.client("codeartifact", region_name="us-east-1").list_domains()["domains"] == []
