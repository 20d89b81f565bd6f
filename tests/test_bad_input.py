"""Bad input, with botocore's client-side validation off, only ever gets a modeled 4xx ClientError.

Parameters are generated from the service model's own shapes (right types, wrong values) and with wrong
types mixed in. An exception raised by botocore's serializer before the request is built is botocore's
business; anything raised from inside the mock, a 5xx, or a changed state after a rejected call fails.
"""

from __future__ import annotations

import traceback
from typing import Any

import boto3
import pytest
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.model import Shape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codeartifact_mock import CodeArtifactMock
from codeartifact_mock.backend import Backend
from codeartifact_mock.wire import service_model

IMPLEMENTED = sorted(op for op in service_model().operation_names if hasattr(Backend, xform_name(op)))
MODELED_ERRORS = {shape.name for shape in service_model().error_shapes}
PLAUSIBLE = {
    "domain": "my-domain",
    "repository": "my-repo",
    "format": "npm",
    "package": "chalk",
    "packageVersion": "4.1.0",
    "versions": ["4.1.0"],
    "asset": "package.tgz",
}
ODD_VALUES = st.sampled_from(
    ["", " ", "a/b", "#", "@scope", "x" * 300, "\x00", "é", "-1", "Deleted", 0, -1, True]
)


def _values(shape: Shape, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values of the shape's type with arbitrary content, sometimes of the wrong type altogether."""
    kind = shape.type_name
    if kind == "string":
        typed: st.SearchStrategy[Any] = (
            st.sampled_from(shape.enum) | st.text(max_size=8) if shape.enum else st.text(max_size=300)
        )
    elif kind in ("integer", "long"):
        typed = st.integers(-10, 5000)
    elif kind == "boolean":
        typed = st.booleans()
    elif kind == "blob":
        typed = st.binary(max_size=64)
    elif kind == "list" and depth < 2:
        typed = st.lists(_values(shape.member, depth + 1), max_size=120)  # type: ignore[attr-defined]
    elif kind == "map" and depth < 2:
        typed = st.dictionaries(st.text(max_size=10), _values(shape.value, depth + 1), max_size=4)  # type: ignore[attr-defined]
    elif kind == "structure" and depth < 2:
        typed = st.fixed_dictionaries(
            {},
            optional={k: _values(v, depth + 1) for k, v in shape.members.items()},  # type: ignore[attr-defined]
        )
    else:
        typed = st.none()
    return typed | ODD_VALUES


def _params(operation: str) -> st.SearchStrategy[dict[str, Any]]:
    """Each member plausible, generated or absent."""
    shape = service_model().operation_model(operation).input_shape
    members = {
        name: st.sampled_from([PLAUSIBLE[name]]) | _values(member) if name in PLAUSIBLE else _values(member)
        for name, member in shape.members.items()
    }
    return st.fixed_dictionaries({}, optional=members)


def _snapshot(client: Any) -> Any:
    listed = client.list_package_versions(
        domain="my-domain", repository="my-repo", format="npm", package="chalk"
    )
    domain = client.describe_domain(domain="my-domain")["domain"]
    return listed["versions"], domain["repositoryCount"], domain["assetSizeBytes"]


@pytest.mark.parametrize("operation", IMPLEMENTED)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_bad_input_gets_a_modeled_client_error(
    codeartifact_mock: CodeArtifactMock, operation: str, data: st.DataObject
) -> None:
    params = data.draw(_params(operation))
    codeartifact_mock.reset()
    codeartifact_mock.add_package_version("my-domain", "my-repo", "npm", "chalk", "4.1.0")
    client = boto3.client(
        "codeartifact",
        region_name="us-east-1",
        config=Config(parameter_validation=False, retries={"max_attempts": 1}),
    )
    before = _snapshot(client)
    try:
        getattr(client, xform_name(operation))(**params)
    except ClientError as error:
        status = error.response["ResponseMetadata"]["HTTPStatusCode"]
        assert 400 <= status < 500, f"{operation} answered {status}: {error}"
        assert error.response["Error"]["Code"] in MODELED_ERRORS
        assert _snapshot(client) == before, f"rejected {operation} changed the state"
    except Exception:
        trace = traceback.format_exc()
        if "codeartifact_mock" in trace:
            pytest.fail(f"{operation}({params!r}) raised from inside the mock:\n{trace}")
