"""SIGTERM handled for the length of a block: `kill`, systemd or a stopping container then stop a run or a server
as Ctrl-C does, so what is stored stays explained and what was started is stopped."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType


@contextmanager
def on_sigterm(handler: Callable[[int, FrameType | None], None]) -> Iterator[None]:
    """While the block runs, SIGTERM calls `handler`; the previous handler is restored after it. Only in the main
    thread, which owns signal handlers (elsewhere the block runs unchanged)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)
