"""The wire layer's reading of botocore's service model."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.awsrequest import HeadersDict
from botocore.parsers import create_parser

from codeartifact_mock.backend.errors import (
    AccessDeniedError,
    ConflictError,
    InternalServerError,
    ResourceNotFoundError,
    ServiceError,
    ServiceQuotaExceededError,
    ThrottlingError,
    ValidationError,
)
from codeartifact_mock.wire import routes, serialize_error, service_model
from codeartifact_mock.wire.patterns import matcher


def test_every_operation_has_its_own_method_and_path() -> None:
    table = routes()
    assert sorted(table.values()) == sorted(service_model().operation_names)
    assert table[("GET", "/v1/package")] == "DescribePackage"
    assert table[("DELETE", "/v1/package")] == "DeletePackage"
    assert table[("POST", "/v1/package")] == "PutPackageOriginConfiguration"


def test_every_model_pattern_can_be_checked() -> None:
    patterns = {
        shape["pattern"]
        for shape in service_model()._shape_resolver._shape_map.values()
        if "pattern" in shape
    }
    assert len(patterns) >= 10
    for pattern in patterns:
        assert callable(matcher(pattern))  # Java-only syntax would raise ValueError here


def test_java_unicode_classes() -> None:
    assert matcher(r"\P{C}+")("café 1.0")
    assert not matcher(r"\P{C}+")("tab\there")
    assert matcher(r"\P{C}*")("")
    assert not matcher(r"[^\p{C}\p{IsWhitespace}]+")("two words")
    assert matcher(r"[\P{C}\s]+")("line\tbreak")
    assert not matcher(r"[^#/\s]+")("a/b")
    assert matcher(r"[^#/\s]+")("é\u2003")  # Java's \s is ASCII-only, so an em space is allowed


def _parsed_error(error: ServiceError) -> dict[str, Any]:
    """What botocore makes of the mock's error response, as its endpoint does (parsers.py, endpoint.py)."""
    response = serialize_error(error)
    http = {"status_code": response.status, "headers": HeadersDict(response.headers), "body": response.body}
    parser = create_parser("rest-json")
    parsed: dict[str, Any] = parser.parse(
        http, service_model().operation_model("DescribeDomain").output_shape
    )
    error_shape = service_model().shape_for_error_code(parsed["Error"]["Code"])
    parsed.update(parser.parse(http, error_shape))  # botocore merges modeled members at the top level
    return parsed


@pytest.mark.parametrize(
    ("error", "status", "members"),
    [
        (ValidationError("bad", reason="CANNOT_PARSE"), 400, {"reason": "CANNOT_PARSE"}),
        (AccessDeniedError("no"), 403, {}),
        (
            ServiceQuotaExceededError("full", "domain", "d1"),
            402,
            {"resourceType": "domain", "resourceId": "d1"},
        ),
        (
            ResourceNotFoundError("gone", "package", "chalk"),
            404,
            {"resourceType": "package", "resourceId": "chalk"},
        ),
        (ConflictError("taken", "repository", "r1"), 409, {"resourceType": "repository", "resourceId": "r1"}),
        (ThrottlingError("slow down", retry_after_seconds=7), 429, {"retryAfterSeconds": 7}),
        (InternalServerError("oops"), 500, {}),
    ],
)
def test_every_modeled_error_reaches_botocore_whole(
    error: ServiceError, status: int, members: dict[str, Any]
) -> None:
    response = serialize_error(error)
    assert response.status == status
    assert response.headers["x-amzn-ErrorType"] == error.code
    parsed = _parsed_error(error)
    assert parsed["Error"] == {"Code": error.code, "Message": error.message}
    assert parsed["ResponseMetadata"]["HTTPStatusCode"] == status
    for name, value in members.items():
        assert parsed[name] == value
    if isinstance(error, ThrottlingError):
        assert response.headers["Retry-After"] == "7"
        assert "retryAfterSeconds" not in json.loads(response.body)  # a header member, not a body one


def test_the_errors_cover_the_model() -> None:
    modeled = {shape.name for shape in service_model().error_shapes}
    assert {cls.code for cls in ServiceError.__subclasses__()} == modeled
