"""``*``/``?`` patterns (Action, Resource, StringLike, ArnLike) match as fnmatch does, in bounded time.

The matcher replaced a regular expression built from the pattern, which backtracks: a policy Resource with a
dozen wildcards checked against a long repository name stalled every caller for minutes (issue 24).
"""

from __future__ import annotations

import fnmatch
import re
import subprocess
import sys
import textwrap

from hypothesis import given
from hypothesis import strategies as st

from codeartifact_mock.iam.wildcards import ArnWildcard, Wildcard

# No "[": fnmatch reads it as a character class, which IAM patterns do not have.
_TEXT = st.text(alphabet="ab:/", max_size=12)
_PATTERN = st.text(alphabet="ab:/*?", max_size=10)


@given(_PATTERN, _TEXT)
def test_a_pattern_matches_as_fnmatch_does(pattern: str, text: str) -> None:
    assert Wildcard(pattern).matches(text) is fnmatch.fnmatchcase(text, pattern)


def _reference_arn_match(pattern: str, arn: str) -> bool:
    """IAM's ARN rule as a regular expression, as the mock wrote it before (fine for tiny inputs): in each of
    the first five fields a wildcard stays within the field; the last field of the pattern matches the rest
    of the ARN, colons included."""
    if pattern == "*":
        return True
    *fields, rest = pattern.split(":", 5)

    def glob(part: str, any_char: str) -> str:
        return "".join(any_char + "*" if c == "*" else any_char if c == "?" else re.escape(c) for c in part)

    regex = ":".join([*(glob(field, "[^:]") for field in fields), glob(rest, ".")])
    return re.fullmatch(regex, arn, re.DOTALL) is not None


@given(st.text(alphabet="a:*?", max_size=12), st.text(alphabet="a:", max_size=12))
def test_an_arn_pattern_keeps_wildcards_within_their_field(pattern: str, arn: str) -> None:
    pattern, arn = "arn:" + pattern, "arn:" + arn
    assert ArnWildcard(pattern).matches(arn) is _reference_arn_match(pattern, arn)


def test_the_arn_rule_on_examples() -> None:
    repository = "arn:aws:codeartifact:us-east-1:123456789012:repository/acme/releases"
    assert ArnWildcard("*").matches(repository) and ArnWildcard("*").matches("*")
    assert ArnWildcard("arn:aws:codeartifact:*:*:repository/acme/*").matches(repository)
    assert ArnWildcard("arn:aws:codeartifact:*").matches(repository)  # the last field spans the rest
    assert not ArnWildcard("arn:aws:*:repository/acme/releases").matches(repository)  # '*' spans no ':'
    assert not ArnWildcard("arn:aws:codeartifact:*:*:repository/acme/*").matches("*")


def test_many_wildcards_against_a_long_name_are_answered_at_once() -> None:
    # Through the whole mock, in a child process so that a matcher that backtracks (as the regular
    # expression did: C(90, 12) steps here) fails the test by its timeout instead of hanging the suite.
    pattern = "arn:aws:codeartifact:*:*:repository/acme/" + "*a" * 12 + "*b"
    script = textwrap.dedent(
        f"""
        import boto3
        from codeartifact_mock import mock_codeartifact

        with mock_codeartifact() as ca:
            ca.set_policy({{"Statement": [{{"Effect": "Allow", "Action": "codeartifact:*",
                                           "Resource": {pattern!r}}}]}})
            client = boto3.client("codeartifact", region_name="us-east-1")
            for _ in range(20):
                try:
                    client.describe_repository(domain="acme", repository="a" * 90)
                except client.exceptions.AccessDeniedException:
                    pass
                else:
                    raise SystemExit("allowed: the pattern must not match")
            print("denied 20 times")
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "denied 20 times", done.stderr


@given(st.lists(_PATTERN, min_size=1, max_size=4), _TEXT)
def test_a_statements_patterns_match_as_each_would(patterns: list[str], text: str) -> None:
    # A statement sorts its patterns into plain ones, prefixes (one final star) and the rest, to answer fast
    from codeartifact_mock.iam.policy import _Patterns

    wildcards = [Wildcard(pattern) for pattern in patterns]
    assert _Patterns(wildcards).match(text) is any(w.matches(text) for w in wildcards)
    arns = [ArnWildcard("arn:" + pattern) for pattern in patterns]
    assert _Patterns(arns).match("arn:" + text) is any(a.matches("arn:" + text) for a in arns)
