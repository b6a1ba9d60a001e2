"""Run a coroutine to the end in a thread of its own.

pytest-playwright's synchronous API keeps an event loop running in the test
session's main thread once a browser test has run, and ``asyncio.run`` refuses
to start a second one there; a thread has no loop of its own.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from typing import Any


def run_async(make: Callable[[], Awaitable[Any]]) -> Any:
    """``asyncio.run(make())`` in a new thread; its result, or its exception."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(make())
        except BaseException as error:  # re-raised in the caller
            outcome["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")
