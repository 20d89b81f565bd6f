"""``*`` and ``?`` patterns (IAM's Action, Resource, StringLike and ArnLike), matched without backtracking.

A regular expression built from a glob (``.*a.*a.*a``) backtracks: with k stars, a name it does not match
costs up to n^k steps, so one policy with a dozen wildcards could stall every caller for minutes. Here a
pattern is cut at its stars into segments of fixed length (``?`` is one character). The first segment must
start the text, the last must end it, and each one between is placed at its leftmost occurrence after the
previous one: a segment of fixed length never needs to be placed further right than its leftmost fit, since
the star after it can absorb the rest. Each segment is found once, so a match costs O(n·m) at worst for a
text of n characters and a pattern of m, whatever the number of stars.
"""

from __future__ import annotations

import re
from typing import Optional


class _Segment:
    """A run of the pattern between two stars: literal characters, with ``?`` standing for any one."""

    __slots__ = ("_any", "length", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.length = len(text)
        # Only a segment with a ``?`` needs a regular expression, and one without any repetition: it
        # matches at a given place in at most ``length`` steps.
        any_char = "".join("." if char == "?" else re.escape(char) for char in text)
        self._any: Optional[re.Pattern[str]] = re.compile(any_char, re.DOTALL) if "?" in text else None

    def at(self, text: str, position: int) -> bool:
        """Whether the segment matches ``text`` starting at ``position``."""
        if self._any is None:
            return text.startswith(self.text, position)
        return position + self.length <= len(text) and self._any.match(text, position) is not None

    def find(self, text: str, start: int, end: int) -> int:
        """Where the segment first matches wholly inside ``text[start:end]``, or -1."""
        if self._any is None:
            return text.find(self.text, start, end)
        found = self._any.search(text, start, end)
        return -1 if found is None else found.start()


class Wildcard:
    """A pattern in which ``*`` stands for any run of characters (none included) and ``?`` for any one."""

    __slots__ = ("_exact", "_head", "_middle", "_minimum", "_tail", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        pieces = pattern.split("*")
        self._exact: Optional[_Segment] = _Segment(pattern) if len(pieces) == 1 else None
        self._head = _Segment(pieces[0])
        self._tail = _Segment(pieces[-1])
        self._middle = tuple(_Segment(piece) for piece in pieces[1:-1] if piece)  # "**" is one star
        self._minimum = sum(len(piece) for piece in pieces)

    def matches(self, text: str) -> bool:
        exact = self._exact
        if exact is not None:
            return len(text) == exact.length and exact.at(text, 0)
        end = len(text) - self._tail.length
        if len(text) < self._minimum or not self._head.at(text, 0) or not self._tail.at(text, end):
            return False
        position = self._head.length
        for segment in self._middle:
            found = segment.find(text, position, end)
            if found < 0:
                return False
            position = found + segment.length
        return True

    def __repr__(self) -> str:
        return f"Wildcard({self.pattern!r})"


class ArnWildcard:
    """An ARN pattern as IAM matches Resource and ArnLike: each of the first five colon-separated fields
    (``arn:partition:service:region:account``) is matched on its own, so a wildcard there never spans a
    ``:``; the last field of the pattern matches the rest of the ARN, colons included. ``*`` alone
    matches anything, including ``*``, the resource of calls no resource type covers."""

    __slots__ = ("_fields", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._fields = None if pattern == "*" else tuple(Wildcard(field) for field in pattern.split(":", 5))

    def matches(self, arn: str) -> bool:
        fields = self._fields
        if fields is None:
            return True
        parts = arn.split(":", len(fields) - 1)
        return len(parts) == len(fields) and all(field.matches(part) for field, part in zip(fields, parts))

    def __repr__(self) -> str:
        return f"ArnWildcard({self.pattern!r})"
