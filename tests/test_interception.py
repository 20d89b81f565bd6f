"""Interception: which clients are answered, without credentials or network, beside moto, and when inert."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import boto3
import moto
import pytest
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ClientError
from helpers_threads import run_threads

from codeartifact_mock import CodeArtifactMock, mock_codeartifact
from codeartifact_mock.botocore_response import RawBody


def _canned_network(client: Any) -> list[str]:
    """Stand in for the network on one client: answers ListDomains with a domain named 'from-network'."""
    seen: list[str] = []

    def network(request: Any, **_: Any) -> AWSResponse:
        seen.append(request.url)
        body = json.dumps({"domains": [{"name": "from-network"}]}).encode()
        return AWSResponse(request.url, 200, {"Content-Type": "application/json"}, RawBody(body))

    client.meta.events.register_last("before-send", network)
    return seen


def test_client_created_before_activation_is_answered() -> None:
    client = boto3.client("codeartifact", region_name="us-east-1")
    with mock_codeartifact():
        client.create_domain(domain="early-client")
        assert [d["name"] for d in client.list_domains()["domains"]] == ["early-client"]


def test_handlers_are_inert_while_no_mock_is_active() -> None:
    client = boto3.client(
        "codeartifact", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b"
    )
    seen = _canned_network(client)
    assert client.list_domains()["domains"][0]["name"] == "from-network"
    with mock_codeartifact():
        assert client.list_domains()["domains"] == []
    assert client.list_domains()["domains"][0]["name"] == "from-network"
    assert len(seen) == 3  # botocore offers every request to every handler; the mock's answer came first


def test_no_credentials_needed_and_environment_untouched(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "missing-credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "missing-config"))
    session = boto3.Session(region_name="us-east-1")
    assert session.get_credentials() is None
    before = dict(os.environ)
    with mock_codeartifact():
        client = session.client("codeartifact")
        client.create_domain(domain="no-credentials")
        assert dict(os.environ) == before
    assert dict(os.environ) == before


def test_custom_endpoint_url_changes_nothing(codeartifact_mock: CodeArtifactMock) -> None:
    client = boto3.client(
        "codeartifact", region_name="eu-central-1", endpoint_url="https://example.invalid:9999"
    )
    created = client.create_domain(domain="custom-endpoint")["domain"]
    assert created["arn"] == "arn:aws:codeartifact:eu-central-1:123456789012:domain/custom-endpoint"


CUSTOM_ENDPOINT_REGIONS = ["eu-central-1", "ap-south-1", "sa-east-1", "us-west-2"]


def _custom_endpoint_client(region: str) -> Any:
    return boto3.client("codeartifact", region_name=region, endpoint_url="https://example.invalid:9999")


def test_each_custom_endpoint_client_is_answered_in_its_own_region(
    codeartifact_mock: CodeArtifactMock,
) -> None:
    clients = [_custom_endpoint_client(region) for region in CUSTOM_ENDPOINT_REGIONS]
    aws_named = boto3.client("codeartifact", region_name="us-east-1")  # its URL names the region
    for round_number in range(3):  # alternating clients: none inherits the region of the call before
        for client, region in zip(clients, CUSTOM_ENDPOINT_REGIONS):
            arn = client.create_domain(domain=f"d{round_number}")["domain"]["arn"]
            assert arn.startswith(f"arn:aws:codeartifact:{region}:"), arn
            aws_named.list_domains()
    for client in clients:
        assert [d["name"] for d in client.list_domains()["domains"]] == ["d0", "d1", "d2"]


def test_custom_endpoint_clients_in_many_threads_keep_their_regions(
    codeartifact_mock: CodeArtifactMock,
) -> None:
    clients = [_custom_endpoint_client(region) for region in CUSTOM_ENDPOINT_REGIONS]
    arns: dict[int, list[str]] = {index: [] for index in range(len(clients))}

    def work(index: int, client: Any) -> None:
        client.create_domain(domain="dom")
        for number in range(40):
            created = client.create_repository(domain="dom", repository=f"r{number}")
            arns[index].append(created["repository"]["arn"])

    assert run_threads(work, clients) == []
    for index, region in enumerate(CUSTOM_ENDPOINT_REGIONS):
        assert len(arns[index]) == 40
        assert all(arn.startswith(f"arn:aws:codeartifact:{region}:") for arn in arns[index]), arns[index]


def test_errors_are_real_client_errors(client: Any) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException) as raised:
        client.describe_domain(domain="absent")
    response = raised.value.response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert response["resourceType"] == "domain"
    assert response["resourceId"] == "absent"
    assert response["Error"]["Code"] == "ResourceNotFoundException"
    assert str(raised.value).startswith(
        "An error occurred (ResourceNotFoundException) when calling the DescribeDomain operation: "
    )


def test_responses_carry_a_request_id(client: Any) -> None:
    metadata = client.list_domains()["ResponseMetadata"]
    assert metadata["HTTPStatusCode"] == 200
    assert len(metadata["RequestId"]) == 36


def test_moto_outside_codeartifact_mock_inside() -> None:
    with moto.mock_aws(), mock_codeartifact():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="artifacts")
        ca = boto3.client("codeartifact", region_name="us-east-1")
        ca.create_domain(domain="beside-moto")
        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["artifacts"]
        assert [d["name"] for d in ca.list_domains()["domains"]] == ["beside-moto"]


def test_codeartifact_mock_outside_moto_inside() -> None:
    with mock_codeartifact(), moto.mock_aws():
        sqs = boto3.client("sqs", region_name="us-east-1")
        url = sqs.create_queue(QueueName="events")["QueueUrl"]
        ca = boto3.client("codeartifact", region_name="us-east-1")
        ca.create_domain(domain="beside-moto")
        assert sqs.list_queues()["QueueUrls"] == [url]
        assert [d["name"] for d in ca.list_domains()["domains"]] == ["beside-moto"]
        with pytest.raises(ClientError):
            ca.describe_domain(domain="not-there")


def _run_script(source: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AWS_EC2_METADATA_DISABLED": "true"}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(source)], capture_output=True, text=True, env=env, timeout=60
    )


def test_default_session_created_before_import_is_reached() -> None:
    result = _run_script(
        """
        import boto3
        boto3.setup_default_session(region_name="us-east-1")  # cached before the mock is imported
        from codeartifact_mock import mock_codeartifact
        with mock_codeartifact():
            client = boto3.client("codeartifact")
            client.create_domain(domain="default-session")
            print([d["name"] for d in client.list_domains()["domains"]])
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['default-session']"


def test_patch_client_reaches_a_client_created_before_import() -> None:
    result = _run_script(
        """
        import boto3
        early = boto3.session.Session().client("codeartifact", region_name="us-east-1")
        from codeartifact_mock import CodeArtifactMock, mock_codeartifact
        CodeArtifactMock.patch_client(early)
        with mock_codeartifact():
            early.create_domain(domain="patched")
            print([d["name"] for d in early.list_domains()["domains"]])
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['patched']"
