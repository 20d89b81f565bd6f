"""Per-format package rules: namespaces, name/version normalisation, display names, npm's dist-tags.

The rules come from the CodeArtifact user guide (spec section 8): maven, swift and generic packages need a
namespace, pypi/nuget/ruby/cargo have none, npm's is optional. PyPI names are normalised only when a
package is stored (API callers must send the normalised name); NuGet and Swift inputs are normalised on
every request too.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

from .errors import ValidationError

NAMESPACE_REQUIRED = frozenset({"maven", "swift", "generic"})
NAMESPACE_FORBIDDEN = frozenset({"pypi", "nuget", "ruby", "cargo"})
# Every format: those that need a namespace, those that have none, and npm, where it is optional.
FORMATS = NAMESPACE_REQUIRED | NAMESPACE_FORBIDDEN | {"npm"}
_NORMALISED_ON_REQUEST = frozenset({"nuget", "swift"})
LOWERCASES_NAMES = _NORMALISED_ON_REQUEST  # the formats whose package name input is lower-cased
# (format, whether a namespace is given) of the requests whose coordinates ``request_coordinates`` returns as
# given, without error: the batch operations ask this set before calling ``request_coordinates``.
COORDINATES_AS_GIVEN = frozenset(
    (fmt, has_namespace)
    for fmt in FORMATS - _NORMALISED_ON_REQUEST
    for has_namespace in (False, True)
    if has_namespace or fmt not in NAMESPACE_REQUIRED
    if not has_namespace or fmt not in NAMESPACE_FORBIDDEN
)

# PEP 503's normalization, as the PEP writes it (packaging's canonicalize_name is the same line). Not imported
# from packaging: that would load it, platform tag detection and all, with every ``import codeartifact_mock``;
# the endpoints load it when the first PyPI request comes.
_PYPI_SEPARATORS = re.compile(r"[-_.]+")
# An npm dist-tag: not something npm would read as a version or range (those start with a digit, or "v" and
# a digit).
NPM_DIST_TAG = re.compile(r"(?![vV]?[0-9])[A-Za-z0-9._~-]{1,256}")
_ASSET_PUNCTUATION = frozenset("~!@^&()-_+[]{};,. ")
_ASSET_LETTER_CATEGORIES = frozenset({"Ll", "Lm", "Lo", "Lt", "Lu", "Nl", "Nd"})


def check_namespace(fmt: str, namespace: Optional[str]) -> None:
    if namespace is None and fmt in NAMESPACE_REQUIRED:
        raise ValidationError(f"A namespace is required for {fmt} packages")
    if namespace is not None and fmt in NAMESPACE_FORBIDDEN:
        raise ValidationError(f"{fmt} package versions do not have a namespace")


def request_coordinates(fmt: str, namespace: Optional[str], package: str) -> tuple[Optional[str], str]:
    """The stored (namespace, name) an API request addresses, after the format's input normalisation."""
    check_namespace(fmt, namespace)
    if fmt == "nuget":
        return namespace, package.lower()
    if fmt == "swift":
        return (None if namespace is None else namespace.lower()), package.lower()
    return namespace, package


NORMALISES_VERSIONS = frozenset({"nuget"})  # the formats whose version input is normalised


def request_version(fmt: str, version: str) -> str:
    """The stored version an API request addresses (only NuGet normalises version input)."""
    return _nuget_version(version) if fmt in NORMALISES_VERSIONS else version


def request_versions(fmt: str, versions: list[str]) -> list[str]:
    """``request_version`` of each, in one call (a batch names up to 100)."""
    return [_nuget_version(version) for version in versions] if fmt in NORMALISES_VERSIONS else versions


def stored_coordinates(fmt: str, namespace: Optional[str], package: str) -> tuple[Optional[str], str]:
    """The (namespace, name) under which a new package is stored: request rules plus PyPI's."""
    namespace, name = request_coordinates(fmt, namespace, package)
    if fmt == "pypi":
        name = _PYPI_SEPARATORS.sub("-", name).lower()
    return namespace, name


# How each format writes a namespaced package: (what the namespace starts with, what joins it to the name).
# npm writes the scope with "@" (the API takes it without: spec section 8), maven joins groupId and artifactId
# with ":", the others write namespace/name.
_NAMESPACE_SPELLING = {"npm": ("@", "/"), "maven": ("", ":")}


def display_name(fmt: str, namespace: Optional[str], name: str) -> str:
    """How people write a package: ``@scope/name``, ``group:artifact``, ``ns/name`` or ``name``.

    Every message that names a package spells it this way. A namespace given already spelled as the format
    writes it (an npm scope with its ``@``, a groupId ending in ``:``) is not decorated a second time, so
    ``namespace="@acme"`` is shown as ``@acme/ui``, as the user would write it, not ``@@acme/ui``.
    """
    if namespace is None:
        return name
    prefix, separator = _NAMESPACE_SPELLING.get(fmt, ("", "/"))
    if not namespace.startswith(prefix):
        namespace = prefix + namespace
    if not namespace.endswith(separator):
        namespace += separator
    return namespace + name


def check_generic_asset_name(asset_name: str) -> None:
    """Generic asset names: letters, digits, a fixed punctuation set, single inner spaces, not . or .."""
    problem = None
    if asset_name in (".", ".."):
        problem = "the name cannot be '.' or '..'"
    elif asset_name != asset_name.strip(" ") or "  " in asset_name:
        problem = "spaces cannot lead, trail or repeat"
    else:
        for char in asset_name:
            if char not in _ASSET_PUNCTUATION and unicodedata.category(char) not in _ASSET_LETTER_CATEGORIES:
                problem = f"character {char!r} is not allowed"
                break
    if problem is not None:
        raise ValidationError(f"Invalid asset name '{asset_name}': {problem}")


def _nuget_version(version: str) -> str:
    """NuGet's normalised form: no leading zeros, no 4th part that is 0, no ``+build`` metadata."""
    core, dash, prerelease = version.split("+", 1)[0].partition("-")
    parts = core.split(".")
    if all(part.isascii() and part.isdigit() for part in parts):
        parts = [str(int(part)) for part in parts]
        if len(parts) == 4 and parts[3] == "0":
            parts = parts[:3]
    normalised = ".".join(parts) + dash + prerelease
    if not normalised:
        raise ValidationError(f"Invalid nuget package version '{version}'")
    return normalised
