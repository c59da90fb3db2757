"""A bordered, scrolling pane that streams one request's answer and shows its elapsed time and tokens/s."""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from store import RequestRecord
from studio.presentation import seconds
from studio.tui.literal import literal
from studio.untrusted import visible_text

# The answer is drawn as blocks of whole lines: the last block (the tail) takes the streamed deltas; once it holds
# more than this many characters, its finished lines become a block of their own that no later delta touches.
# So drawing costs the tail's size, not the answer's (and the layout re-wraps only the tail).
SEAL_CHARS = 2000
# Deltas are drawn in batches, every pane at the same instants of the clock (so the panes streaming at once are
# redrawn in one frame): eight branches at 100 tokens/s each would otherwise ask for a frame per delta, and the
# frames alone would keep the app from answering keys.
FLUSH_S = 0.1
# A streaming pane's elapsed time and rate are redrawn with its text; the screen's clock (`tick`) redraws only the
# panes whose text has not moved for this long (waiting for a first token, or stalled), so it adds no frames of its
# own while the panes stream.
STALE_S = 0.5


def request_stats(record: RequestRecord) -> str:
    """Elapsed time and output tokens/s of a finished request, from its stored timestamps."""
    latency = record.latency_ms
    if record.status != "ok" or latency is None:
        return record.status + (" (cached)" if record.from_cache else "")
    tokens = record.output_tokens or 0
    rate = tokens / (latency / 1000.0) if latency > 0 else 0.0
    cached = " · cached" if record.from_cache else ""
    return f"{seconds(latency / 1000.0, 2)} · {tokens} tok · {rate:.1f} tok/s{cached}"


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
        self._pending: list[str] = []  # deltas not drawn yet
        self._flush_due = False
        self._drawn_at = 0.0  # when the text was last drawn (time.monotonic)

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
        """One streamed delta: kept at once, drawn at the next flush instant."""
        self.buffer += text
        self.deltas += 1
        self._pending.append(text)
        if not self._flush_due:
            self._flush_due = True
            self.set_timer(FLUSH_S - time.monotonic() % FLUSH_S, self.flush)

    def flush(self) -> None:
        """Draw the deltas that came since the last flush, in the tail block only (escaped on their own:
        `visible_text` maps each character by itself, so escaping the pieces is escaping the whole)."""
        self._flush_due = False
        if not self._pending:
            return
        self._tail += visible_text("".join(self._pending))
        self._pending.clear()
        if len(self._tail) > SEAL_CHARS and (cut := self._tail.rfind("\n")) >= 0:
            self._seal(self._tail[:cut])
            self._tail = self._tail[cut + 1:]
        self._tail_block().update(Text(self._tail))
        self._drawn_at = time.monotonic()
        self._show_rate(self._drawn_at)

    def finish(self, record: RequestRecord) -> None:
        self.running = False
        self.flush()
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
            self.border_subtitle = f"{seconds(elapsed)} · {why}"

    def tick(self) -> None:
        """Refresh the live elapsed time and rate of a request whose text has not been drawn for a while."""
        now = time.monotonic()
        if now - self._drawn_at >= STALE_S:
            self._show_rate(now)

    def _show_rate(self, now: float) -> None:
        if self.running and self.started is not None:
            elapsed = now - self.started
            rate = self.deltas / elapsed if elapsed > 0 else 0.0
            self.border_subtitle = f"{seconds(elapsed)} · ~{rate:.1f} tok/s"

    def _tail_block(self) -> Static:
        return self.query_one(".answer-tail", Static)

    def _seal(self, shown: str) -> None:
        """Freeze finished lines (already escaped) in a block of their own, above the tail."""
        self.mount(Static(Text(shown), classes="answer-text"), before=self._tail_block())

    def _show_all(self) -> None:
        """The whole buffer drawn afresh (a restart, a cleared pane, the stored answer replacing the stream); the
        reader is taken back to the bottom, following again."""
        self.query(".answer-text").exclude(".answer-tail").remove()
        self._pending.clear()
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
