"""Package group patterns: parsing and validation, matching a package, and which pattern is more specific.

The syntax (user guide, "Package group definition syntax and matching behavior") follows package paths,
``/format/namespace/name``, cut short and ended by a suffix:

- ``/*`` every package; ``/npm/*`` every npm package;
- ``/maven/com.anycompany~`` namespaces starting with ``com.anycompany``;
- ``/npm/space/*`` every name in namespace ``space`` (``/npm//*``: npm packages without a namespace);
- ``/npm/space/anycompany-ui~`` names starting with ``anycompany-ui``;
- ``/maven/org.apache/log4j$`` exactly one package.

A ``~`` prefix matches only up to a word boundary: ``/npm//ui~`` matches ``ui`` and ``ui-kit`` but not
``uikit`` (a word is ``[\\p{L}\\p{N}][\\p{L}\\p{N}\\p{M}]*``). Patterns are case-insensitive: a package that
matches only when case is ignored is associated WEAK, one that matches as written STRONG.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Callable, NamedTuple, Optional

from .errors import ValidationError
from .formats import FORMATS, NAMESPACE_FORBIDDEN, NAMESPACE_REQUIRED

MAX_COMPONENT = 255  # the model's PackageNamespace / PackageName length
_SPECIAL = frozenset("*~$#")
_PYPI_SEPARATORS = re.compile(r"[-_.]+")
Fold = Callable[[str], str]  # how a comparison treats case

# Specificity levels, least to most specific (a more specific pattern matches a subset of the packages).
ROOT, FORMAT, NAMESPACE_PREFIX, NAMESPACE, NAME_PREFIX, NAME = range(6)


class GroupPattern(NamedTuple):
    """A parsed pattern. ``namespace`` is "" for packages without one; None where the pattern stops."""

    text: str
    level: int
    format: Optional[str] = None
    namespace: Optional[str] = None
    name: Optional[str] = None

    @property
    def specificity(self) -> tuple[int, int]:
        """Larger is more specific; among patterns that all match one package this orders them fully."""
        value = self.name if self.level >= NAME_PREFIX else self.namespace
        return self.level, len(value or "")

    def association(self, fmt: str, namespace: Optional[str], name: str) -> Optional[str]:
        """STRONG or WEAK if the package (normalised coordinates) is in this pattern's range, else None."""
        if self.level == ROOT:
            return "STRONG"
        if fmt != self.format:
            return None
        if not self._matches(namespace or "", name, str.lower):
            return None
        return "STRONG" if self._matches(namespace or "", name, _same) else "WEAK"

    def contains(self, other: GroupPattern) -> bool:
        """Whether every package ``other`` matches is matched by this pattern too (case ignored)."""
        if self.level == ROOT:
            return True
        if other.level == ROOT or other.format != self.format:
            return False
        if self.level == FORMAT or other.level == FORMAT:
            return self.level == FORMAT
        fold = str.lower
        if self.level == NAMESPACE_PREFIX:
            return _prefix_matches(self.namespace, other.namespace, fold)
        if other.level == NAMESPACE_PREFIX or fold(other.namespace or "") != fold(self.namespace or ""):
            return False
        if self.level == NAMESPACE or other.level == NAMESPACE:
            return self.level == NAMESPACE
        if self.level == NAME_PREFIX:
            return _prefix_matches(self.name, other.name, fold)
        return other.level == NAME and fold(other.name or "") == fold(self.name or "")

    def _matches(self, namespace: str, name: str, fold: Fold) -> bool:
        if self.level == FORMAT:
            return True
        if self.level == NAMESPACE_PREFIX:
            return _prefix_matches(self.namespace, namespace, fold)
        if fold(namespace) != fold(self.namespace or ""):
            return False
        if self.level == NAMESPACE:
            return True
        if self.level == NAME_PREFIX:
            return _prefix_matches(self.name, name, fold)
        return fold(name) == fold(self.name or "")


def _same(text: str) -> str:
    return text


def _is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LNM"


def _prefix_matches(prefix: Optional[str], value: Optional[str], fold: Fold) -> bool:
    """``value`` starts with ``prefix`` and the prefix ends at a word boundary of ``value``."""
    if prefix is None or value is None or not fold(value).startswith(fold(prefix)):
        return False
    rest = value[len(prefix) :]
    return not rest or not _is_word_char(prefix[-1]) or not _is_word_char(rest[0])


def _invalid(text: str, reason: str) -> ValidationError:
    return ValidationError(f"Invalid package group pattern '{text}': {reason}")


@functools.lru_cache(maxsize=4096)
def parse(text: str) -> GroupPattern:
    """The parsed pattern, or ValidationError saying what is wrong with it."""
    if text == "/*":
        return GroupPattern(text, ROOT)
    if not text.startswith("/"):
        raise _invalid(text, "a pattern starts with '/'")
    parts = text[1:].split("/")
    if len(parts) not in (2, 3):
        raise _invalid(
            text,
            "a pattern has the form /format/*, /format/namespace~, /format/namespace/*, "
            "/format/namespace/name~ or /format/namespace/name$",
        )
    fmt, last = parts[0].lower(), parts[-1]  # patterns are case-insensitive, the format too
    if fmt not in FORMATS:
        raise _invalid(text, f"'{parts[0]}' is not a package format; use one of {', '.join(sorted(FORMATS))}")
    if len(parts) == 2:
        if last == "*":
            return GroupPattern(text, FORMAT, fmt)
        if not last.endswith("~"):
            raise _invalid(text, "a namespace must end with '~', or be followed by '/*' or a name")
        namespace = _component(text, last[:-1], "namespace")
        _check_namespace(text, fmt, namespace)
        return GroupPattern(text, NAMESPACE_PREFIX, fmt, namespace)
    namespace = _component(text, parts[1], "namespace", blank_ok=True)
    _check_namespace(text, fmt, namespace)
    if last == "*":
        return GroupPattern(text, NAMESPACE, fmt, namespace)
    suffix = last[-1:]
    if suffix not in ("~", "$"):
        raise _invalid(text, "a name must end with '~' (prefix) or '$' (exact name)")
    name = _component(text, last[:-1], "name")
    if fmt == "pypi" and _PYPI_SEPARATORS.sub("-", name).lower() != name.lower():
        raise _invalid(
            text, "PyPI names in a pattern must be normalized (runs of '-', '_' and '.' become '-')"
        )
    return GroupPattern(text, NAME_PREFIX if suffix == "~" else NAME, fmt, namespace, name)


def _component(text: str, value: str, what: str, blank_ok: bool = False) -> str:
    if not value and not blank_ok:
        raise _invalid(text, f"the {what} is empty")
    bad = sorted(set(value) & _SPECIAL)
    if bad:
        raise _invalid(text, f"the {what} contains '{bad[0]}'")
    if len(value) > MAX_COMPONENT:
        raise _invalid(text, f"the {what} is longer than {MAX_COMPONENT} characters")
    return value


def _check_namespace(text: str, fmt: str, namespace: str) -> None:
    if namespace and fmt in NAMESPACE_FORBIDDEN:
        raise _invalid(text, f"{fmt} packages do not have a namespace; leave it blank (/{fmt}//...)")
    if not namespace and fmt in NAMESPACE_REQUIRED:
        raise _invalid(text, f"{fmt} packages always have a namespace; it cannot be blank")
