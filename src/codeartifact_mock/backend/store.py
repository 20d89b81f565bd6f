"""The whole in-memory state of the process, partitioned by (account id, region)."""

from __future__ import annotations

import threading
from typing import Optional

from .model import Partition
from .tokens import PageTokens


class Store:
    """Holds every partition. The wire layer holds ``lock`` around each call; the backend does not lock."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.tokens = PageTokens()
        self._partitions: dict[tuple[str, str], Partition] = {}

    def reset(self) -> None:
        with self.lock:
            self._partitions.clear()
            self.tokens = PageTokens()  # a page token from before the reset must not resume anything

    def partition(self, account_id: str, region: str) -> Optional[Partition]:
        """The partition if anything was ever created in it (reads never create partitions)."""
        return self._partitions.get((account_id, region))

    def partition_for_write(self, account_id: str, region: str) -> Partition:
        key = (account_id, region)
        partition = self._partitions.get(key)
        if partition is None:
            partition = self._partitions[key] = Partition()
        return partition
