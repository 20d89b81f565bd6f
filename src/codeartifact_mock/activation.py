"""Whether a mock is active, and the one in-memory state every active mock shares.

Activations are counted: the state is emptied when the outermost mock starts and again when it stops, so a
decorator used inside a fixture sees the fixture's state, and consecutive tests never see each other's.
"""

from __future__ import annotations

import threading

from .backend import Store

DEFAULT_ACCOUNT_ID = "123456789012"

store = Store()
_lock = threading.Lock()
_active: list[tuple[object, str]] = []  # (activating mock, its account id), innermost last


def start(owner: object, account_id: str) -> None:
    with _lock:
        if not _active:
            store.reset()
        _active.append((owner, account_id))


def stop(owner: object) -> None:
    with _lock:
        innermost = max(i for i, (active, _) in enumerate(_active) if active is owner)
        del _active[innermost]
        if not _active:
            store.reset()


def is_active() -> bool:
    return bool(_active)


def caller_account() -> str:
    """The account the mock answers as: that of the innermost active mock."""
    active = _active
    return active[-1][1] if active else DEFAULT_ACCOUNT_ID
