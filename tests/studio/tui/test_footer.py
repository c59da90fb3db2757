"""The fitted footer: the most used keys that fit, then `F1 more`; every key on a wide terminal."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from store import Store
from studio.tui.app import StudioApp
from studio.tui.screens.detail import DetailScreen
from studio.tui.screens.live import LiveRunScreen
from studio.tui.screens.scores import ScoresScreen
from studio.tui.widgets.footer import FittedFooter
from tests.studio.tui.test_browser import settle


def footer_keys(app: StudioApp) -> list[tuple[str, str]]:
    footer = app.screen.query_one(FittedFooter)
    return [(key.key_display, key.description) for key in footer.query(FooterKey)]


def footer_cells(app: StudioApp) -> int:
    return sum(key.outer_size.width for key in app.screen.query_one(FittedFooter).query(FooterKey))


async def test_browser_footer_at_80_columns_keeps_the_most_used_keys_and_f1_more(studio_store: Store) -> None:
    app = StudioApp(studio_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        keys = footer_keys(app)
        assert keys[:7] == [("/", "Search"), ("a", "Accept"), ("r", "Reject"), ("f", "Flag"), ("e", "Edit"),
                            ("l", "Run"), ("s", "Scores")]
        assert keys[-1] == ("f1", "more")
        assert footer_cells(app) + len(keys) <= 80


async def test_browser_footer_at_200_columns_shows_the_keys_80_columns_leave_out(studio_store: Store) -> None:
    app = StudioApp(studio_store)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(app, pilot)
        keys = dict(footer_keys(app))
        for key in ("j", "u", "o", "v", "c", "x", "n", "^q", "]", "[", "^r", "f1", "^p"):
            assert key in keys
        assert footer_cells(app) + len(keys) <= 200  # each key and the space after it


@pytest.mark.parametrize("make_screen", [
    lambda studio, ids: DetailScreen(studio, ids[0]), lambda studio, ids: ScoresScreen(studio, ids[0]),
    lambda studio, ids: LiveRunScreen(studio, ids[0], autostart=False),
])
async def test_every_screen_footer_fits_80_columns_and_starts_with_back(studio_store: Store, prompt_ids: list[str],
                                                                        make_screen) -> None:
    app = StudioApp(studio_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await app.push_screen(make_screen(app.studio, prompt_ids))
        await pilot.pause()
        keys = footer_keys(app)
        assert keys[0] == ("esc", "Back") and keys[-1][0] == "f1"
        assert footer_cells(app) + len(keys) <= 80


async def test_resizing_refits_the_footer(studio_store: Store) -> None:
    app = StudioApp(studio_store)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(app, pilot)
        assert "^p" in dict(footer_keys(app))
        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        keys = footer_keys(app)
        assert keys[-1] == ("f1", "more") and "^p" not in dict(keys) and footer_cells(app) + len(keys) <= 80
