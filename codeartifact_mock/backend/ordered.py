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

    def sort(self, key: Callable[[V], Any]) -> None:
        """Reorder the entries by ``key`` (stably). Every entry gets a new, later sequence number, so a page
        token issued before the sort resumes from the start instead of at a position that moved."""
        ordered = sorted(self._by_key.items(), key=lambda item: key(item[1]))
        self._by_key.clear()  # (in place: ``get`` is this dict's own method)
        self._by_key.update(ordered)
        first = self._next_seq
        self._next_seq = first + len(self._by_key)
        self._rebuild(list(range(first, self._next_seq)))

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
