"""An operation the Backend has no method for fails loudly, naming the operation, instead of pretending.

Every CodeArtifact operation is implemented, so the mechanism is exercised by taking a method away.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Callable

import pytest

from codeartifact_mock import dispatch
from codeartifact_mock.backend import Backend


def _forget_routes() -> None:
    # The dispatcher may cache what it looked up per operation; a removed method must be looked up again.
    for value in vars(dispatch).values():
        clear = getattr(value, "cache_clear", None)
        if callable(clear):
            clear()


@pytest.fixture
def remove_method(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    def remove(name: str) -> None:
        monkeypatch.setattr(Backend, name, None)
        _forget_routes()

    yield remove
    monkeypatch.undo()
    _forget_routes()


def test_an_operation_without_a_backend_method_raises_not_implemented(
    client: Any, remove_method: Callable[[str], None]
) -> None:
    client.create_domain(domain="dom")
    remove_method("get_authorization_token")
    with pytest.raises(NotImplementedError) as excinfo:
        client.get_authorization_token(domain="dom")
    assert str(excinfo.value) == (
        "codeartifact-mock does not implement the CodeArtifact operation GetAuthorizationToken yet"
    )


def test_the_mock_stays_usable_after_an_unimplemented_call(
    client: Any, remove_method: Callable[[str], None]
) -> None:
    arn = client.create_domain(domain="dom")["domain"]["arn"]
    remove_method("tag_resource")
    with pytest.raises(NotImplementedError, match="TagResource"):
        client.tag_resource(resourceArn=arn, tags=[{"key": "k", "value": "v"}])
    assert client.describe_domain(domain="dom")["domain"]["name"] == "dom"
