"""A bordered, scrolling pane that streams one request's answer and shows its elapsed time and tokens/s."""

from __future__ import annotations

import time

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from store import RequestRecord
from studio.tui.literal import literal


def request_stats(record: RequestRecord) -> str:
    """Elapsed time and output tokens/s of a finished request, from its stored timestamps."""
    latency = record.latency_ms
    if record.status != "ok" or latency is None:
        return record.status + (" (cached)" if record.from_cache else "")
    tokens = record.output_tokens or 0
    rate = tokens / (latency / 1000.0) if latency > 0 else 0.0
    return f"{latency / 1000.0:.2f}s · {tokens} tok · {rate:.1f} tok/s" + (" · cached" if record.from_cache else "")


class AnswerPane(VerticalScroll):
    """Text arrives in deltas; while running the subtitle ticks (deltas ≈ tokens), when done it shows the
    request's stored figures, so what the pane says at the end is what the store holds."""

    def __init__(self, title: str, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="answer-pane")
        self.border_title = literal(title)  # a Text, never markup: branch titles are data items
        self.buffer = ""
        self.deltas = 0
        self.started: float | None = None
        self.running = False

    def compose(self) -> ComposeResult:
        yield Static(classes="answer-text")

    def clear(self) -> None:
        self.buffer, self.deltas, self.started, self.running = "", 0, None, False
        self.remove_class("done", "failed")
        self.border_subtitle = ""
        self._show()

    def start(self) -> None:
        """A (re)start of the request: anything streamed before is discarded."""
        self.buffer, self.deltas = "", 0
        self.started = time.monotonic()
        self.running = True
        self.remove_class("done", "failed")
        self._show()
        self.border_subtitle = "sending…"

    def append(self, text: str) -> None:
        self.buffer += text
        self.deltas += 1
        self._show()

    def finish(self, record: RequestRecord) -> None:
        self.running = False
        if record.text and record.text != self.buffer:
            self.buffer = record.text  # cache hits and retries: the stored text is the answer
            self._show()
        self.add_class("done" if record.status == "ok" else "failed")
        self.border_subtitle = request_stats(record)

    def stop(self, why: str) -> None:
        """A request that will not finish (the run was cancelled): the clock stops at the time it had run."""
        if self.running:
            self.running = False
            elapsed = time.monotonic() - self.started if self.started is not None else 0.0
            self.add_class("failed")
            self.border_subtitle = f"{elapsed:.1f}s · {why}"

    def tick(self) -> None:
        """Refresh the live elapsed time and rate while the request streams."""
        if self.running and self.started is not None:
            elapsed = time.monotonic() - self.started
            rate = self.deltas / elapsed if elapsed > 0 else 0.0
            self.border_subtitle = f"{elapsed:.1f}s · ~{rate:.1f} tok/s"

    def _show(self) -> None:
        self.query_one(".answer-text", Static).update(literal(self.buffer))
        self.scroll_end(animate=False)
