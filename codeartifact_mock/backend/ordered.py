"""One ordered index for every listable collection (domains, repositories, packages, versions).

Entries keep insertion order and get a monotonic sequence number. Lookups, inserts and removals are O(1);
a page resumes after a sequence number with a bisect, so a page costs O(page size) however large the index
is. A removal only forgets the key (one dict deletion, as a batch removes a hundred at once): its entry
stays in the ordered lists as a hole, which a walk skips and an occasional rebuild squeezes out (amortised
O(1) per removal); sequence numbers survive the rebuild, so page tokens stay valid.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from typing import Any, Callable, Generic, Optional, TypeVar

K = TypeVar("K")
V = TypeVar("V")

_MIN_HOLES_TO_COMPACT = 32


class OrderedIndex(Generic[K, V]):
    """A dict that remembers insertion order by sequence number and can be walked from any point."""

    __slots__ = ("_by_key", "_holes", "_keys", "_next_seq", "_seqs", "_slot", "_values", "get")

    get: Callable[[K], Optional[V]]  # the value stored under a key, or None

    def __init__(self) -> None:
        # key -> value, for the live entries only: a lookup is a dict lookup (every request resolves
        # several), and a removal is one deletion here.
        self._by_key: dict[K, V] = {}
        self.get = self._by_key.get
        # The order, as parallel lists. An entry is live while its key maps to its very value above; a
        # removed one is a hole until the next rebuild (``_values`` holds None where an entry was moved, or
        # removed on its own).
        self._seqs: list[int] = []  # strictly increasing, so bisect finds a resume point
        self._keys: list[K] = []
        self._values: list[Optional[V]] = []
        self._slot: dict[K, int] = {}  # key -> its latest position in the lists (removed keys too)
        self._next_seq = 0
        self._holes = 0

    def __len__(self) -> int:
        return len(self._by_key)

    def __contains__(self, key: K) -> bool:
        return key in self._by_key

    def add(self, key: K, value: V) -> int:
        """Append ``value`` at the end of the order (a key already present is moved there)."""
        position = self._slot.get(key)
        if position is not None:  # the key was here before, removed or not: its old place is a hole
            self._values[position] = None
            if self._by_key.pop(key, None) is not None:
                self._holes += 1
                self._compact_if_worth_it()
        seq = self._next_seq
        self._next_seq = seq + 1
        self._slot[key] = len(self._values)
        self._by_key[key] = value
        self._seqs.append(seq)
        self._keys.append(key)
        self._values.append(value)
        return seq

    def replace(self, key: K, value: V) -> None:
        """Swap the value stored under an existing key, keeping its place in the order."""
        if key not in self._by_key:  # (a removed key may still have a place: it is not to come back there)
            raise KeyError(key)
        self._values[self._slot[key]] = value
        self._by_key[key] = value

    def remove(self, key: K) -> Optional[V]:
        value = self._by_key.pop(key, None)
        if value is not None:
            # One at a time (a domain, a repository, a package): let go of the value now, as it may hold a
            # whole repository; ``remove_many`` leaves a batch's versions to the next rebuild.
            self._values[self._slot[key]] = None
            self._holes += 1
            self._compact_if_worth_it()
        return value

    def _compact_if_worth_it(self) -> None:
        # Once holes outnumber live entries (and there are enough of them to be worth it).
        if self._holes > _MIN_HOLES_TO_COMPACT and self._holes > len(self._by_key):
            self._compact()

    def remove_many(self, keys: list[K]) -> None:
        """Remove every key present in ``keys``, compacting at most once afterwards."""
        by_key = self._by_key
        live = len(by_key)
        for key in keys:
            by_key.pop(key, None)
        self._holes += live - len(by_key)
        self._compact_if_worth_it()

    def walk(self, after: Optional[int] = None, reverse: bool = False) -> Iterator[tuple[int, V]]:
        """Yield ``(seq, value)`` strictly after ``after``, oldest first (or newest first if ``reverse``)."""
        values, seqs, keys, live = self._values, self._seqs, self._keys, self._by_key.get
        if reverse:
            position = (len(seqs) if after is None else bisect_left(seqs, after)) - 1
            while position >= 0:
                value = values[position]
                if value is not None and live(keys[position]) is value:
                    yield seqs[position], value
                position -= 1
        else:
            position = 0 if after is None else bisect_right(seqs, after)
            end = len(seqs)
            while position < end:
                value = values[position]
                if value is not None and live(keys[position]) is value:
                    yield seqs[position], value
                position += 1

    def page(
        self,
        after: Optional[int],
        limit: int,
        keep: Optional[Callable[[V], bool]] = None,
        reverse: bool = False,
    ) -> tuple[list[V], Optional[int]]:
        """Up to ``limit`` values after ``after``; also the seq to resume from, or None if nothing is left."""
        items: list[V] = []
        last_seq = -1
        for seq, value in self.walk(after, reverse):
            if keep is not None and not keep(value):
                continue
            if len(items) == limit:
                return items, last_seq  # one more match exists, so another page follows
            items.append(value)
            last_seq = seq
        return items, None

    def _compact(self) -> None:
        slot, seqs = self._slot, self._seqs
        self._rebuild([seqs[slot[key]] for key in self._by_key])

    def _rebuild(self, seqs: list[int]) -> None:
        """The lists made of the live entries alone, with ``seqs``: ``_by_key`` holds them in their order."""
        self._seqs = seqs
        self._keys = list(self._by_key)
        self._values = list(self._by_key.values())
        self._slot = {key: position for position, key in enumerate(self._keys)}
        self._holes = 0


class SortedOrder(Generic[V]):
    """Values kept in ascending order of a key computed from each: a listing order other than insertion.

    Keys must be unique (add a tie-breaker to the key). Only the values are stored, so the order costs one
    list slot per value; a key is computed when a bisection probes it: O(log n) keys to place, remove or
    resume, and a single comparison to append a value that sorts last, as seeding in order does. Pages
    resume after the last value listed, not after a position: inserting or removing values between two
    pages neither repeats nor skips any value that stayed. A page token carries that value's ``cursor``, a
    small JSON value from which ``key_of_cursor`` makes its key again.

    Values are removed from the store that owns them, which tells the order how many (``removed``);
    ``alive`` says whether a value in the list is still stored. A removed one stays as a hole, skipped by
    every walk, until holes are half the list: then one pass drops them all. Removing costs the order nothing
    but a count (``DeletePackageVersions`` of 100 versions in a package of 18,700 cost 10 times botocore's
    floor when each removal bisected with computed keys and shifted the list, and 1.4 times when each was
    recorded in a set of holes; bench.py, 2026-12-06), and a hole's key still orders the bisections.
    """

    __slots__ = ("_alive", "_cursor", "_holes", "_key", "_key_of_cursor", "_last_key", "_values")

    def __init__(
        self,
        key: Callable[[V], Any],
        cursor: Callable[[V], Any],
        key_of_cursor: Callable[[Any], Any],
        alive: Callable[[V], bool],
    ) -> None:
        self._key = key
        self._cursor = cursor
        self._key_of_cursor = key_of_cursor
        self._alive = alive
        self._values: list[V] = []
        self._holes = 0  # removed values still in the list
        self._last_key: Any = None  # the key of the last value in the list (hole or not)

    def __len__(self) -> int:
        return len(self._values) - self._holes

    def _position(self, key: Any) -> int:
        """Where ``key`` is, or would be inserted (bisect_left, with the key computed from each probe)."""
        values, key_of = self._values, self._key
        low, high = 0, len(values)
        while low < high:
            middle = (low + high) // 2
            if key_of(values[middle]) < key:
                low = middle + 1
            else:
                high = middle
        return low

    def insert(self, value: V) -> None:
        key = self._key(value)
        values = self._values
        if not values or self._last_key < key:
            values.append(value)
            self._last_key = key
        else:
            values.insert(self._position(key), value)

    def removed(self, count: int) -> None:
        """``count`` values in the list are no longer stored (``alive`` says so): they are holes now."""
        self._holes += count
        if self._holes * 2 > len(self._values):
            self._values = [value for value in self._values if self._alive(value)]
            self._holes = 0
            self._last_key = self._key(self._values[-1]) if self._values else None

    def _live(self, positions: range) -> Iterator[V]:
        values = self._values
        if not self._holes:
            return (values[index] for index in positions)
        alive = self._alive
        return (values[index] for index in positions if alive(values[index]))

    def walk(self, after: Any = None, reverse: bool = False) -> Iterator[V]:
        """The values whose key sorts strictly after ``after`` (before it if ``reverse``): ascending keys,
        or descending if ``reverse``; every value when ``after`` is None."""
        values = self._values
        if reverse:
            position = len(values) if after is None else self._position(after)
            return self._live(range(position - 1, -1, -1))
        position = 0 if after is None else self._position(after)
        # Skip the value at ``after`` itself (a deleted version re-added leaves its hole just after it).
        while position < len(values) and after is not None and self._key(values[position]) == after:
            position += 1
        return self._live(range(position, len(values)))

    def page(
        self, after: Any, limit: int, keep: Optional[Callable[[V], bool]] = None, reverse: bool = False
    ) -> tuple[list[V], Any]:
        """Up to ``limit`` values after the cursor ``after``; also the cursor to resume from (None when
        nothing is left)."""
        items: list[V] = []
        for value in self.walk(None if after is None else self._key_of_cursor(after), reverse):
            if keep is not None and not keep(value):
                continue
            if len(items) == limit:
                return items, self._cursor(items[-1])  # one more match exists, so another page follows
            items.append(value)
        return items, None
