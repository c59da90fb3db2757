"""A bordered, scrolling pane that streams one request's answer and shows its elapsed time and tokens/s."""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from store import RequestRecord
from studio.tui.literal import literal
from studio.untrusted import visible_text

# The answer is drawn as blocks of whole lines: the last block (the tail) takes the streamed deltas; once it holds
# more than this many characters, its finished lines become a block of their own that no later delta touches.
# So a delta costs the tail's size, not the answer's (and the layout re-wraps only the tail).
SEAL_CHARS = 2000


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
    request's stored figures, so what the pane says at the end is what the store holds.

    It follows the tail while the reader is at the bottom (as Elia does): a reader who scrolls up keeps their place
    as text arrives, and scrolling back to the bottom follows again. Following is decided by where the reader
    scrolled to, not by comparing offsets as text arrives, which would race the layout that the text grows."""

    def __init__(self, title: str, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="answer-pane")
        self.border_title = literal(title)  # a Text, never markup: branch titles are data items
        self.buffer = ""
        self.deltas = 0
        self.started: float | None = None
        self.running = False
        self._tail = ""  # what the tail block shows: `visible_text` of the buffer after the sealed blocks
        self._following = True

    def compose(self) -> ComposeResult:
        yield Static(classes="answer-text answer-tail")

    def clear(self) -> None:
        self.buffer, self.deltas, self.started, self.running = "", 0, None, False
        self.remove_class("done", "failed")
        self.border_subtitle = ""
        self._show_all()

    def start(self) -> None:
        """A (re)start of the request: anything streamed before is discarded."""
        self.buffer, self.deltas = "", 0
        self.started = time.monotonic()
        self.running = True
        self.remove_class("done", "failed")
        self._show_all()
        self.border_subtitle = "sending…"

    def append(self, text: str) -> None:
        """One streamed delta: added to the tail block only (escaped on its own: `visible_text` maps each
        character by itself, so escaping the pieces is escaping the whole)."""
        self.buffer += text
        self.deltas += 1
        self._tail += visible_text(text)
        if len(self._tail) > SEAL_CHARS and (cut := self._tail.rfind("\n")) >= 0:
            self._seal(self._tail[:cut])
            self._tail = self._tail[cut + 1:]
        self._tail_block().update(Text(self._tail))

    def finish(self, record: RequestRecord) -> None:
        self.running = False
        if record.text and record.text != self.buffer:
            self.buffer = record.text  # cache hits and retries: the stored text is the answer
            self._show_all()
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

    def _tail_block(self) -> Static:
        return self.query_one(".answer-tail", Static)

    def _seal(self, shown: str) -> None:
        """Freeze finished lines (already escaped) in a block of their own, above the tail."""
        self.mount(Static(Text(shown), classes="answer-text"), before=self._tail_block())

    def _show_all(self) -> None:
        """The whole buffer drawn afresh (a restart, a cleared pane, the stored answer replacing the stream); the
        reader is taken back to the bottom, following again."""
        self.query(".answer-text").exclude(".answer-tail").remove()
        self._tail = visible_text(self.buffer)
        self._tail_block().update(Text(self._tail))
        self._following = True

    def watch_virtual_size(self) -> None:
        """The text grew by a line (or the layout changed): a reader who is following is taken to the new end, once
        that layout is drawn."""
        if self._following:
            self.call_after_refresh(self._to_tail)

    def _to_tail(self) -> None:
        if self._following:  # unless the reader scrolled away in the meantime
            self.scroll_end(animate=False, immediate=True)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Every scroll, the reader's or ours: leaving the bottom stops following, reaching it follows again."""
        super().watch_scroll_y(old_value, new_value)
        self._following = new_value >= self.max_scroll_y
