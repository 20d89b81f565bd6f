"""Operations the mock does not implement fail loudly, naming the operation, instead of pretending."""

from __future__ import annotations

from typing import Any

import pytest


def test_get_authorization_token_is_not_implemented(client: Any) -> None:
    client.create_domain(domain="dom")
    with pytest.raises(NotImplementedError, match="GetAuthorizationToken"):
        client.get_authorization_token(domain="dom")


def test_tag_resource_is_not_implemented(client: Any) -> None:
    arn = client.create_domain(domain="dom")["domain"]["arn"]
    with pytest.raises(NotImplementedError, match="TagResource"):
        client.tag_resource(resourceArn=arn, tags=[{"key": "k", "value": "v"}])
    # the mock is still usable afterwards
    assert client.describe_domain(domain="dom")["domain"]["name"] == "dom"
