"""One ordered index for every listable collection (domains, repositories, packages, versions).

Entries keep insertion order and get a monotonic sequence number. Lookups, inserts and removals are O(1);
a page resumes after a sequence number with a bisect, so a page costs O(page size) however large the index
is. Removed entries leave a hole that is skipped while walking and squeezed out by an occasional rebuild
(amortised O(1) per removal); sequence numbers survive the rebuild, so page tokens stay valid.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from typing import Any, Callable, Generic, Optional, TypeVar

K = TypeVar("K")
V = TypeVar("V")

# Rebuild once holes outnumber live entries (and there are enough of them to be worth it).
_MIN_HOLES_TO_COMPACT = 32


class OrderedIndex(Generic[K, V]):
    """A dict that remembers insertion order by sequence number and can be walked from any point."""

    __slots__ = ("_by_key", "_holes", "_keys", "_next_seq", "_seqs", "_slot", "_values", "get")

    get: Callable[[K], Optional[V]]  # the value stored under a key, or None

    def __init__(self) -> None:
        self._slot: dict[K, int] = {}  # key -> position in the parallel lists below
        self._seqs: list[int] = []  # strictly increasing, so bisect finds a resume point
        self._keys: list[Optional[K]] = []
        self._values: list[Optional[V]] = []  # None marks a hole left by a removal
        self._next_seq = 0
        self._holes = 0
        # key -> value as well, so a lookup is one C call: every request resolves several.
        self._by_key: dict[K, V] = {}
        self.get = self._by_key.get

    def __len__(self) -> int:
        return len(self._slot)

    def __contains__(self, key: K) -> bool:
        return key in self._slot

    def add(self, key: K, value: V) -> int:
        """Append ``value`` at the end of the order (a key already present is moved there)."""
        if key in self._slot:
            self.remove(key)
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
        self._values[self._slot[key]] = value
        self._by_key[key] = value

    def remove(self, key: K) -> Optional[V]:
        position = self._slot.pop(key, None)
        if position is None:
            return None
        del self._by_key[key]
        value = self._values[position]
        self._values[position] = None
        self._keys[position] = None
        self._holes += 1
        if self._holes > _MIN_HOLES_TO_COMPACT and self._holes > len(self._slot):
            self._compact()
        return value

    def remove_many(self, keys: list[K]) -> None:
        """Remove every key present in ``keys``, compacting at most once afterwards."""
        slot, keys_at, values, by_key = self._slot, self._keys, self._values, self._by_key
        holes = self._holes
        for key in keys:
            position = slot.pop(key, None)
            if position is not None:
                del by_key[key]
                values[position] = None
                keys_at[position] = None
                holes += 1
        self._holes = holes
        if self._holes > _MIN_HOLES_TO_COMPACT and self._holes > len(slot):
            self._compact()

    def walk(self, after: Optional[int] = None, reverse: bool = False) -> Iterator[tuple[int, V]]:
        """Yield ``(seq, value)`` strictly after ``after``, oldest first (or newest first if ``reverse``)."""
        values, seqs = self._values, self._seqs
        if reverse:
            position = (len(seqs) if after is None else bisect_left(seqs, after)) - 1
            while position >= 0:
                value = values[position]
                if value is not None:
                    yield seqs[position], value
                position -= 1
        else:
            position = 0 if after is None else bisect_right(seqs, after)
            end = len(seqs)
            while position < end:
                value = values[position]
                if value is not None:
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

    def sort(self, key: Callable[[V], Any]) -> None:
        """Reorder the entries by ``key`` (stably). Every entry gets a new, later sequence number, so a page
        token issued before the sort resumes from the start instead of at a position that moved."""
        live = sorted(
            ((k, v) for k, v in zip(self._keys, self._values) if v is not None), key=lambda item: key(item[1])
        )
        first = self._next_seq
        self._seqs = list(range(first, first + len(live)))
        self._keys = [k for k, _ in live]
        self._values = [v for _, v in live]
        self._slot = {k: position for position, k in enumerate(self._keys) if k is not None}
        self._next_seq = first + len(live)
        self._holes = 0

    def _compact(self) -> None:
        live = [i for i, value in enumerate(self._values) if value is not None]
        self._seqs = [self._seqs[i] for i in live]
        self._keys = [self._keys[i] for i in live]
        self._values = [self._values[i] for i in live]
        self._slot = {key: position for position, key in enumerate(self._keys) if key is not None}
        self._holes = 0
