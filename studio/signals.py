"""SIGTERM handled for the length of a block: `kill`, systemd or a stopping container then stop a run or a server
as Ctrl-C does, so what is stored stays explained and what was started is stopped."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
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


def sigterm_as_ctrl_c() -> AbstractContextManager[None]:
    """While the block runs, SIGTERM raises SIGINT: Ctrl-C's own path, which an asyncio runner turns into cancelling
    its main task and anything else into KeyboardInterrupt. Only where SIGINT keeps its default handler (a job a
    script starts in the background ignores SIGINT; SIGTERM then ends it as it always did, and `ppstudio run
    --resume` completes a run whose process died) and in the main thread (`on_sigterm`)."""
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        return nullcontext()
    return on_sigterm(lambda signum, frame: signal.raise_signal(signal.SIGINT))
