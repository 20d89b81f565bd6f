"""Running test work in many threads at once, switching between them as often as the interpreter allows."""

from __future__ import annotations

import sys
import threading
from typing import Any, Callable


def run_threads(work: Callable[[int, Any], None], clients: list[Any]) -> list[BaseException]:
    """Run ``work(index, client)`` in one thread per client; return every exception raised.

    Exceptions escaping a thread some other way (a thread the mock or botocore started, say) are caught
    by ``threading.excepthook`` for the duration and returned too.
    """
    errors: list[BaseException] = []
    lock = threading.Lock()

    def target(index: int) -> None:
        try:
            work(index, clients[index])
        except BaseException as error:  # anything at all is a failure of the mock
            with lock:
                errors.append(error)

    def hook(args: threading.ExceptHookArgs) -> None:
        with lock:
            errors.append(args.exc_value if args.exc_value is not None else RuntimeError(str(args)))

    threads = [threading.Thread(target=target, args=(i,)) for i in range(len(clients))]
    interval = sys.getswitchinterval()
    previous_hook = threading.excepthook
    threading.excepthook = hook
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, inside batches too
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        sys.setswitchinterval(interval)
        threading.excepthook = previous_hook
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck: deadlock?"
    return errors
