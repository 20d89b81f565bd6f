"""The wire layer's reading of botocore's service model."""

from __future__ import annotations

from codeartifact_mock.wire import routes, service_model
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
