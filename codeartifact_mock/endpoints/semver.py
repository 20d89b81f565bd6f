"""Semantic versions (https://semver.org): whether a string is one, and npm's cleaning of one.

npm's registry and Cargo both require their versions to be semantic versions. The check is the
specification's own regular expression, unchanged, matched against the whole string, ASCII only (Python's
``\\d`` would otherwise take other scripts' digits). It runs in time linear in the string's length: the
identifiers it repeats are separated by ``.``, which none of them can hold, so a failing match retries each
character a bounded number of times (``tests/test_endpoints_hostile.py`` measures it). The regex engine
still holds the interpreter while it runs, so callers check the version's length first, as npm's route does
with the API's 255 characters.
"""

from __future__ import annotations

import re
from typing import Optional

# https://semver.org/#is-there-a-suggested-regular-expression-regex-to-check-a-semver-string (numbered groups)
_SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$",
    re.ASCII,
)


def is_semver(text: str) -> bool:
    """Whether ``text`` is a semantic version, exactly (no ``v`` prefix, no surrounding blanks)."""
    return _SEMVER.fullmatch(text) is not None


def clean(text: str) -> Optional[str]:
    """node-semver's ``semver.clean``, which ``npm publish`` applies to a package.json's version before it
    sends it: blanks around and a leading run of ``=`` and ``v`` dropped, then the version without its build
    metadata (``v1.2.3+build`` is sent as ``1.2.3``); None when what is left is not a semantic version."""
    candidate = text.strip().lstrip("=v")
    if not is_semver(candidate):
        return None
    return candidate.partition("+")[0]
