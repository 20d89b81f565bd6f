"""The whole in-memory state of the process, partitioned by (account id, region)."""

from __future__ import annotations

import threading
from collections import deque
from typing import TYPE_CHECKING, Callable, Optional

from .authorization_tokens import AuthorizationTokens
from .entities import Partition
from .page_tokens import PageTokens
from .public_registries import PublicRegistries

if TYPE_CHECKING:  # the test-control modules sit above the backend; only their types are needed here
    from ..controls.faults import Fault
    from ..controls.recording import Call
    from ..iam.policy import Policy
    from ..iam.principals import Principal

DEFAULT_MAX_CALLS = 10_000  # recorded calls kept by default: a test's worth, a few MiB at most


class Store:
    """Holds every partition. The wire layer holds ``lock`` around each call; the backend does not lock."""

    def __init__(self, max_calls: Optional[int] = DEFAULT_MAX_CALLS) -> None:
        self.lock = threading.RLock()
        self.tokens = PageTokens()
        self.authorization_tokens = AuthorizationTokens()  # issued by GetAuthorizationToken
        # What the external connections' public registries publish: shared by every partition.
        self.public_registries = PublicRegistries()
        self._partitions: dict[tuple[str, str], Partition] = {}  # (cleared, never replaced: see below)
        # (account id, region) -> the partition, if anything was ever created in it.
        self.partition_at: Callable[[tuple[str, str]], Optional[Partition]] = self._partitions.get
        # Test controls, kept here so every way of reaching the store (in-process or server) shares them.
        self.faults: dict[str, deque[Fault]] = {}  # operation name -> injected faults, next first
        # The most recent calls answered, oldest first: at most ``max_calls`` (None: all of them), a ring so
        # that a long-running server does not grow without end; and how many there were in all. Recording
        # comes after the answer, outside ``lock``: ``calls_lock`` keeps the two together.
        self.max_calls = max_calls  # (for every ring made from now on, at each reset)
        self.calls: deque[Call] = deque(maxlen=max_calls)
        self.calls_total = 0
        self.calls_lock = threading.Lock()
        self._forget_principals()

    def _forget_principals(self) -> None:
        # Who is calling, and the policies that say what they may do (``access``). Each map is replaced
        # whole when it changes, never changed in place, so a reader needs no lock.
        self.identity_policies: dict[str, Policy] = {}  # principal ARN -> its identity-based policy
        self.access_keys: dict[str, Principal] = {}  # access key id (server mode) -> its principal
        self.organizations: dict[str, str] = {}  # account id -> its organization's id
        # Whether a domain or repository was ever given a resource policy: until then no call in its caller's
        # own account looks one up, and while there is no identity policy either, such a call skips
        # evaluation altogether.
        self.resource_policies_in_use = False

    def reset(self) -> None:
        with self.lock:
            self._partitions.clear()
            self.tokens = PageTokens()  # a page token from before the reset must not resume anything
            self.authorization_tokens = AuthorizationTokens()
            self.public_registries = PublicRegistries()
            self.faults = {}
            with self.calls_lock:
                self.calls, self.calls_total = deque(maxlen=self.max_calls), 0
            self._forget_principals()

    def partition(self, account_id: str, region: str) -> Optional[Partition]:
        """The partition if anything was ever created in it (reads never create partitions)."""
        return self.partition_at((account_id, region))

    def partition_for_write(self, account_id: str, region: str) -> Partition:
        key = (account_id, region)
        partition = self._partitions.get(key)
        if partition is None:
            partition = self._partitions[key] = Partition()
        return partition
