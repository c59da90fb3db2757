"""The answer pane: streamed deltas appended in blocks, shown literally, and the tail followed only by a reader who
is at the bottom."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Static

from studio.tui.literal import literal
from studio.tui.widgets.answer_pane import FLUSH_S, SEAL_CHARS, AnswerPane
from studio.untrusted import visible_text


class PaneApp(App[None]):
    """One pane, and beside it the same width of plain scrolling text to compare its layout with."""

    CSS = "AnswerPane, #reference { width: 40; height: 10; }"

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield AnswerPane("branch [b]1[/b]", id="pane")
            yield VerticalScroll(Static(id="reference-text"), id="reference")


def deltas(count: int, start: int = 0) -> list[str]:
    """Word-sized deltas with a line break every seventh, markup and control characters among them."""
    pieces = []
    for i in range(start, start + count):
        word = ("[bold]x[/bold]", "\x1b[31mred", "naïve", "東京", "\u202eevil")[i % 5] if i % 11 == 0 else f"w{i}"
        pieces.append(word + ("\n" if i % 7 == 6 else " "))
    return pieces


def shown(pane: AnswerPane) -> str:
    """The text the pane's blocks show, top to bottom (a block ends where a line does)."""
    return "\n".join(str(block.render()) for block in pane.query(".answer-text").results(Static))


async def stream(pilot: Pilot, pane: AnswerPane, pieces: list[str]) -> None:
    """Append the deltas at once, then wait until they are drawn (deltas are drawn at the pane's flush instants)
    and the layout that follows has settled."""
    for piece in pieces:
        pane.append(piece)
    for _ in range(100):
        await pilot.pause(FLUSH_S)
        if shown(pane) == visible_text(pane.buffer):
            break
    await pilot.pause()
    await pilot.pause()


@asynccontextmanager
async def started_pane() -> AsyncIterator[tuple[PaneApp, Pilot, AnswerPane]]:
    app = PaneApp()
    async with app.run_test(size=(100, 20)) as pilot:
        pane = app.query_one(AnswerPane)
        pane.start()
        yield app, pilot, pane


async def test_at_the_bottom_the_pane_follows_the_tail() -> None:
    async with started_pane() as (app, pilot, pane):
        await stream(pilot, pane, deltas(200))
        assert pane.max_scroll_y > 0
        assert pane.scroll_y == pane.max_scroll_y
        before = pane.max_scroll_y
        await stream(pilot, pane, deltas(100, start=200))
        assert pane.max_scroll_y > before
        assert pane.scroll_y == pane.max_scroll_y


async def test_a_reader_who_scrolled_up_keeps_their_place_until_back_at_the_bottom() -> None:
    async with started_pane() as (app, pilot, pane):
        await stream(pilot, pane, deltas(200))
        pane.focus()
        await pilot.press("home", "down", "down")
        await pilot.pause()
        assert pane.scroll_y == 2
        before = pane.max_scroll_y
        await stream(pilot, pane, deltas(100, start=200))
        assert pane.max_scroll_y > before
        assert pane.scroll_y == 2  # appended below, out of sight: the reader's lines stay where they were
        await pilot.press("end")
        await stream(pilot, pane, deltas(100, start=300))
        assert pane.scroll_y == pane.max_scroll_y  # back at the bottom: following again


async def test_after_many_deltas_the_pane_shows_exactly_the_joined_text() -> None:
    async with started_pane() as (app, pilot, pane):
        pieces = deltas(3000)
        for start in range(0, len(pieces), 500):  # six flushes, each bringing more than a block's worth
            await stream(pilot, pane, pieces[start:start + 500])
        joined = "".join(pieces)
        assert pane.buffer == joined and pane.deltas == len(pieces)
        blocks = list(pane.query(".answer-text").results(Static))
        assert len(blocks) > len(joined) // (2 * SEAL_CHARS)  # sealed along the way, not one growing block
        text = shown(pane)
        assert text == visible_text(joined)  # every character, controls as escapes, markup as itself
        assert "[bold]x[/bold]" in text and "\\x1b[31mred" in text and "\x1b" not in text
        app.query_one("#reference-text", Static).update(literal(joined))
        await pilot.pause()
        assert pane.virtual_size.height == app.query_one("#reference").virtual_size.height  # blocks wrap as one


async def test_a_restart_discards_the_streamed_blocks_and_follows_again() -> None:
    async with started_pane() as (app, pilot, pane):
        await stream(pilot, pane, deltas(2000))
        pane.focus()
        await pilot.press("home")
        pane.start()
        await stream(pilot, pane, deltas(300))
        assert len(pane.query(".answer-text")) == 1
        assert shown(pane) == visible_text("".join(deltas(300)))
        assert pane.scroll_y == pane.max_scroll_y > 0
