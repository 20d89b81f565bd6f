"""Java regular expressions from the service model, made checkable with Python's ``re``.

The model's patterns are Java regexes. Most work unchanged in ``re``; a few use Unicode property classes
(``\\P{C}``, ``\\p{IsWhitespace}``) that ``re`` lacks. Those are all "one character class, repeated", so they
are compiled to a per-character predicate instead of pulling in a third-party regex engine.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Callable

Matcher = Callable[[str], bool]

# A whole pattern made of one bracketed or bare class, then + or *.
_SINGLE_CLASS = re.compile(r"^(?:\[(\^?)((?:\\[pP]\{\w+\}|\\s)+)\]|(\\[pP]\{\w+\}))([+*])$")
_CLASS_ITEM = re.compile(r"\\([pP])\{(\w+)\}|\\s")


def _is_category(char: str, name: str) -> bool:
    if name == "IsWhitespace":
        return char.isspace()
    return unicodedata.category(char).startswith(name)


def _item_predicate(item: re.Match[str]) -> Callable[[str], bool]:
    if item.group(0) == "\\s":
        return str.isspace
    negated, name = item.group(1) == "P", item.group(2)
    if negated:
        return lambda char: not _is_category(char, name)
    return lambda char: _is_category(char, name)


def _unicode_class_matcher(pattern: str) -> Matcher:
    found = _SINGLE_CLASS.match(pattern)
    if found is None:
        raise ValueError(f"unsupported Unicode pattern in the service model: {pattern!r}")
    bracket_negated, bracket_items, bare_item, repeat = found.groups()
    items = [_item_predicate(m) for m in _CLASS_ITEM.finditer(bracket_items or bare_item)]
    negated = bracket_negated == "^"
    allow_empty = repeat == "*"

    def matches(value: str) -> bool:
        if not value:
            return allow_empty
        return all(any(test(char) for test in items) != negated for char in value)

    return matches


@functools.cache
def matcher(pattern: str) -> Matcher:
    """A function telling whether a whole value satisfies ``pattern`` (Java ``Pattern.matches`` semantics)."""
    if "\\p{" in pattern or "\\P{" in pattern:
        return _unicode_class_matcher(pattern)
    compiled = re.compile(pattern, re.ASCII)  # Java's \s, \w and \d are ASCII-only too
    return lambda value: compiled.fullmatch(value) is not None
