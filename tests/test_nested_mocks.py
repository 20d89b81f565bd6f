"""Nested mocks (spec section 13): one shared state; only the outermost start and stop reset it; ``reset()``
on any of them empties it for all. docs/in-process.md's "Nested mocks" section documents this."""

from __future__ import annotations

from typing import Any

import boto3

from codeartifact_mock import CodeArtifactMock, active_mock, mock_codeartifact


def _client() -> Any:
    return boto3.client("codeartifact", region_name="us-east-1")


def _domains() -> list[str]:
    return [domain["name"] for domain in _client().list_domains()["domains"]]


def test_an_inner_mock_sees_the_outer_state_and_its_own_additions_stay() -> None:
    with mock_codeartifact():
        _client().create_domain(domain="outer")
        with mock_codeartifact():
            assert _domains() == ["outer"]  # the inner start did not empty the state
            _client().create_domain(domain="inner")
        assert _domains() == ["outer", "inner"]  # nor did the inner stop
    with mock_codeartifact():
        assert _domains() == []  # the outermost stop did


def test_every_form_nests_in_every_other(codeartifact_mock: CodeArtifactMock) -> None:
    codeartifact_mock.add_package_version("fixture", "repo", "npm", "chalk", "1.0.0")

    @mock_codeartifact
    def decorated() -> list[str]:
        with mock_codeartifact() as innermost:
            innermost.add_package_version("innermost", "repo", "npm", "chalk", "1.0.0")
        return _domains()

    assert decorated() == ["fixture", "innermost"]
    started = CodeArtifactMock()
    started.start()
    started.stop()
    assert _domains() == ["fixture", "innermost"]


def test_reset_on_any_mock_empties_the_state_for_all() -> None:
    with mock_codeartifact() as outer:
        _client().create_domain(domain="before")
        with mock_codeartifact() as inner:
            inner.reset()
            assert _domains() == []
            _client().create_domain(domain="after")
        assert _domains() == ["after"]
        with mock_codeartifact():
            outer.reset()  # the outer mock's reset, while an inner one runs
            assert active_mock().calls == ()  # the recorded calls went with the rest
            assert _domains() == []


def test_mocks_stopped_out_of_order_keep_the_state_until_the_last_stops() -> None:
    first, second = CodeArtifactMock(), CodeArtifactMock()
    first.start()
    second.start()
    _client().create_domain(domain="shared")
    first.stop()  # stopped before the mock started after it: the state stays for the one still running
    assert second.active and not first.active
    assert _domains() == ["shared"]
    second.stop()
    with mock_codeartifact():
        assert _domains() == []


def test_the_same_mock_nests_in_itself() -> None:
    mock = mock_codeartifact()
    with mock:
        _client().create_domain(domain="kept")
        with mock:
            assert _domains() == ["kept"]
        assert mock.active
        assert _domains() == ["kept"]
    assert not mock.active
