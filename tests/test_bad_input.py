"""Fuzzing every implemented operation: generated and malformed input only ever gets a success or a modeled
4xx ClientError, and a rejected call leaves the whole store exactly as it was.

The operations are those of the service model that ``Backend`` has a method for, so each operation added
to the backend is fuzzed as soon as it exists. Each member of the input is, independently, absent, a value
that names something in the seeded state, a value the model accepts (pattern, length, enum, range), or
anything of the member's type or of another type. An exception raised by botocore's serializer before the
request is built is botocore's business; anything raised from inside the mock, a 5xx, an error code the
operation does not model, or a changed store after a rejected call fails.
"""

from __future__ import annotations

import functools
import hashlib
import os
import traceback
from pathlib import Path
from typing import Any, Optional

import boto3
import pytest
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.model import Shape
from fingerprint import store_fingerprint
from hypothesis import given
from hypothesis import strategies as st
from reliability import Tally, budget

import codeartifact_mock
from codeartifact_mock import CodeArtifactMock, activation
from codeartifact_mock.backend import Backend
from codeartifact_mock.wire import service_model
from codeartifact_mock.wire.patterns import matcher

# How a traceback names a file of the mock's package (and no other file, such as this one in an unpacked
# sdist's codeartifact_mock-<version>/ folder).
MOCK_FILES = f'File "{Path(codeartifact_mock.__file__).parent}{os.sep}'

IMPLEMENTED = sorted(op for op in service_model().operation_names if hasattr(Backend, xform_name(op)))
ACCOUNT = "123456789012"
CONTENT = b"#!/bin/sh\necho fuzz\n"
DOMAIN_ARN = f"arn:aws:codeartifact:us-east-1:{ACCOUNT}:domain/my-domain"
REPOSITORY_ARN = f"arn:aws:codeartifact:us-east-1:{ACCOUNT}:repository/my-domain/my-repo"

# Values naming what ``_seed`` creates, by input member name, so calls also get past the not-found checks.
PLAUSIBLE: dict[str, list[Any]] = {
    "domain": ["my-domain"],
    "domainOwner": [ACCOUNT, "111122223333"],
    "repository": ["my-repo", "other-repo"],
    "sourceRepository": ["my-repo", "other-repo"],
    "destinationRepository": ["other-repo", "my-repo"],
    "format": ["npm", "generic", "pypi"],
    "namespace": ["tools", "types"],
    "package": ["chalk", "cli", "react", "requests"],
    "packageVersion": ["4.1.0", "1.0.0", "2.0.0", "3.0.0"],
    "versions": [["4.1.0"], ["4.1.0", "4.0.0"], ["1.0.0", "2.0.0"], ["3.0.0", "9.9.9"]],
    "versionRevisions": [{"4.1.0": "x" * 44}],
    "asset": ["package.tgz", "cli.sh"],
    "assetName": ["cli.sh", "new.sh"],
    "assetContent": [CONTENT],
    "assetSHA256": [hashlib.sha256(CONTENT).hexdigest()],
    "resourceArn": [DOMAIN_ARN, REPOSITORY_ARN],
    "upstreams": [[{"repositoryName": "my-repo"}]],
    "externalConnection": ["public:npmjs", "public:pypi"],
    "tags": [[{"key": "team", "value": "a"}]],
    "tagKeys": [["team"]],
    "packageGroup": ["/npm/*", "/generic/tools/cli$"],
}
ODD_VALUES: st.SearchStrategy[Any] = st.sampled_from(
    ["", " ", "a/b", "#", "@scope", "x" * 300, "\x00", "é", "-1", "Deleted", 0, -1, True, None, [], {}]
)

tally = Tally("fuzz")


def _valid(shape: Shape, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values the model's constraints accept, so the call reaches the backend's own checks."""
    kind, meta = shape.type_name, shape.metadata
    low, high = meta.get("min"), meta.get("max")
    if kind == "string":
        if shape.enum:
            return st.sampled_from(shape.enum)
        shortest, longest = low or 0, min(high or 40, 40)
        pattern = meta.get("pattern")
        if pattern is None:
            return st.text(min_size=shortest, max_size=longest)
        if "\\p{" in pattern or "\\P{" in pattern:
            return st.text(min_size=shortest, max_size=longest).filter(matcher(pattern))
        return st.from_regex(pattern, fullmatch=True).filter(lambda s: shortest <= len(s) <= (high or 255))
    if kind in ("integer", "long"):
        return st.integers(low if low is not None else -10, high if high is not None else 5000)
    if kind == "boolean":
        return st.booleans()
    if kind == "blob":
        return st.binary(max_size=64)
    if kind == "list" and depth < 2:
        member = _valid(shape.member, depth + 1)  # type: ignore[attr-defined]
        return st.lists(member, min_size=low or 0, max_size=min(high or 5, 5))
    if kind == "map" and depth < 2:
        return st.dictionaries(
            _valid(shape.key, depth + 1),  # type: ignore[attr-defined]
            _valid(shape.value, depth + 1),  # type: ignore[attr-defined]
            max_size=3,
        )
    if kind == "structure" and depth < 2:
        members = shape.members  # type: ignore[attr-defined]
        required = set(shape.required_members)  # type: ignore[attr-defined]
        return st.fixed_dictionaries(
            {k: _valid(v, depth + 1) for k, v in members.items() if k in required},
            optional={k: _valid(v, depth + 1) for k, v in members.items() if k not in required},
        )
    return st.none()


def _anything(shape: Shape, depth: int = 0) -> st.SearchStrategy[Any]:
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
        typed = st.lists(_anything(shape.member, depth + 1), max_size=120)  # type: ignore[attr-defined]
    elif kind == "map" and depth < 2:
        typed = st.dictionaries(st.text(max_size=10), _anything(shape.value, depth + 1), max_size=4)  # type: ignore[attr-defined]
    elif kind == "structure" and depth < 2:
        typed = st.fixed_dictionaries(
            {},
            optional={k: _anything(v, depth + 1) for k, v in shape.members.items()},  # type: ignore[attr-defined]
        )
    else:
        typed = st.none()
    return typed | ODD_VALUES


@functools.cache
def _params(operation: str) -> st.SearchStrategy[dict[str, Any]]:
    """Half the time well-formed (required members present and plausible or model-valid, each optional one
    absent, plausible or model-valid), half the time each member absent, plausible, model-valid or anything.
    """
    shape = service_model().operation_model(operation).input_shape
    members = shape.members if shape is not None else {}
    required = set(shape.required_members) if shape is not None else set()
    well_formed: dict[str, st.SearchStrategy[Any]] = {}
    malformed: dict[str, st.SearchStrategy[Any]] = {}
    for name, member in members.items():
        good = st.sampled_from(PLAUSIBLE[name]) | _valid(member) if name in PLAUSIBLE else _valid(member)
        well_formed[name] = good
        malformed[name] = good | _anything(member)
    return st.fixed_dictionaries(
        {k: v for k, v in well_formed.items() if k in required},
        optional={k: v for k, v in well_formed.items() if k not in required},
    ) | st.fixed_dictionaries({}, optional=malformed)


def _seed(ca: CodeArtifactMock) -> None:
    """Two repositories, several formats, every stored status."""
    seed = ca.add_package_version
    seed("my-domain", "my-repo", "npm", "chalk", "4.1.0")
    seed("my-domain", "my-repo", "npm", "chalk", "4.0.0", status="Archived")
    seed("my-domain", "my-repo", "npm", "chalk", "3.0.0", status="Disposed")
    seed("my-domain", "my-repo", "npm", "react", "1.0.0", namespace="types", status="Unlisted")
    seed("my-domain", "my-repo", "generic", "cli", "1.0.0", namespace="tools", assets={"cli.sh": CONTENT})
    seed("my-domain", "my-repo", "generic", "cli", "2.0.0", namespace="tools", status="Unfinished")
    seed("my-domain", "other-repo", "pypi", "requests", "2.0.0")
    seed("my-domain", "other-repo", "npm", "chalk", "4.1.0")


def _client() -> Any:
    config = Config(parameter_validation=False, retries={"max_attempts": 1})
    return boto3.client("codeartifact", region_name="us-east-1", config=config)


class SeededStore:
    """The seeded state and its fingerprint; seeded again only after a call changed it."""

    def __init__(self, ca: CodeArtifactMock) -> None:
        self.ca = ca
        self.fingerprint: Optional[str] = None

    def fresh(self) -> str:
        if self.fingerprint is None:
            self.ca.reset()
            _seed(self.ca)
            self.fingerprint = store_fingerprint()
        return self.fingerprint


@pytest.fixture
def fuzz_client(codeartifact_mock: CodeArtifactMock) -> Any:
    """Each test's own client, made inside its mock: one made before (as a module-scoped one was, ahead of
    the test's mock) runs botocore's credential chain, the user's ``credential_process`` included."""
    return _client()


@pytest.fixture
def seeded(codeartifact_mock: CodeArtifactMock) -> SeededStore:
    return SeededStore(codeartifact_mock)


@pytest.mark.parametrize("operation", IMPLEMENTED)
@budget(max_examples=25, campaign_examples=2_000)
@given(data=st.data())
def test_fuzzed_input_gets_success_or_a_modeled_client_error(
    seeded: SeededStore, fuzz_client: Any, operation: str, data: st.DataObject
) -> None:
    params = data.draw(_params(operation), label="params")
    modeled = {shape.name for shape in service_model().operation_model(operation).error_shapes}
    before = seeded.fresh()
    tally.add("inputs")
    try:
        getattr(fuzz_client, xform_name(operation))(**params)
        tally.add("succeeded")
    except ClientError as error:
        status = error.response["ResponseMetadata"]["HTTPStatusCode"]
        code = error.response["Error"]["Code"]
        tally.add(f"rejected {status}")
        assert 400 <= status < 500, f"{operation}({params!r}) answered {status}: {error}"
        assert code in modeled, f"{operation} does not model {code}: {error}"
        assert store_fingerprint() == before, f"rejected {operation}({params!r}) changed the state"
        return
    except Exception:
        trace = traceback.format_exc()
        if MOCK_FILES in trace:
            pytest.fail(f"{operation}({params!r}) raised from inside the mock:\n{trace}")
        tally.add("refused by botocore")
    finally:
        tally.flush()
    if store_fingerprint() != before:
        seeded.fingerprint = None  # the next example starts from the seeded state again


def test_the_fingerprint_sees_a_change_anywhere(
    codeartifact_mock: CodeArtifactMock, fuzz_client: Any
) -> None:
    """The guard above is only as good as the fingerprint: a read must leave it alone, while a status
    change, or a single byte of one asset changed behind the API's back, must change it."""
    _seed(codeartifact_mock)
    first = store_fingerprint()
    chalk = {"domain": "my-domain", "repository": "my-repo", "format": "npm", "package": "chalk"}
    fuzz_client.list_package_versions(**chalk)
    fuzz_client.list_package_version_assets(**chalk, packageVersion="4.1.0")  # fills the hash caches
    assert store_fingerprint() == first
    fuzz_client.update_package_versions_status(**chalk, versions=["4.1.0"], targetStatus="Unlisted")
    second = store_fingerprint()
    assert second != first
    stored: Any = activation.store.partition(ACCOUNT, "us-east-1")
    for step in (
        ("domains", "my-domain"),
        ("repositories", "my-repo"),
        ("packages", ("generic", "tools", "cli")),
    ):
        stored = getattr(stored, step[0]).get(step[1])
    stored.versions.get("1.0.0").assets["cli.sh"].content = CONTENT[:-1] + b"?"
    assert store_fingerprint() != second
