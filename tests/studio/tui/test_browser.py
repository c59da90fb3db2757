"""The prompt browser: paging, filters, search, sort, triage keys, detail, note, help, palette, themes."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Select, Static

from store import Prompt, Store
from studio.tui.app import DARK_THEME, LIGHT_THEME, StudioApp
from studio.tui.commands import palette_actions
from studio.tui.messages import PageCounted, PageLoaded, TriageChanged
from studio.tui.screens import browser
from studio.tui.screens.browser import BrowserScreen
from studio.tui.screens.detail import DetailScreen
from studio.tui.screens.help import HelpScreen
from studio.tui.screens.note import NoteDialog
from tests.studio.tui.conftest import HOSTILE


async def settle(app: StudioApp, pilot) -> None:
    """Let workers finish and their messages land."""
    for _ in range(2):  # the page, then the count that follows it
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


async def open_detail(app: StudioApp, pilot) -> DetailScreen:
    """Open the detail screen of the browser's first row."""
    await settle(app, pilot)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, DetailScreen)
    return app.screen


def table_ids(app: StudioApp) -> list[str]:
    table = app.screen.query_one("#prompts", DataTable)
    return [str(key.value) for key in table.rows]


def status_text(app: StudioApp) -> str:
    return str(app.screen.query_one("#status", Static).render())


async def test_browser_lists_the_first_page_with_count(studio_store: Store, prompt_ids: list[str]) -> None:
    seen: list[object] = []
    app = StudioApp(studio_store)
    async with app.run_test(size=(120, 36), message_hook=seen.append) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, BrowserScreen)
        assert table_ids(app) == prompt_ids
        assert status_text(app).startswith("1–5 of 5")
        assert any(isinstance(m, PageCounted) and m.total == 5 for m in seen)


async def test_paging_reads_one_page_at_a_time(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(browser, "PAGE_SIZE", 4)
    store = Store(tmp_path / "paged.db")
    store.add_prompts(Prompt(text=f"prompt number {i:02d}", source="text") for i in range(10))
    app = StudioApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert len(table_ids(app)) == 4
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert status_text(app).startswith("5–8 of 10")
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(app, pilot)
        assert status_text(app).startswith("9–10 of 10")  # no page past the end
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert status_text(app).startswith("5–8 of 10")
        screen = app.screen
        screen.page_offset = 12
        screen.post_message(PageLoaded([], 12))  # an empty page past the end comes back one page earlier
        await settle(app, pilot)
        assert screen.page_offset == 8 and status_text(app).startswith("9–10 of 10")
    store.close()


async def test_search_and_filters_narrow_the_table(studio_store: Store, prompt_ids: list[str]) -> None:
    app = StudioApp(studio_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"slogans")
        await settle(app, pilot)
        assert table_ids(app) == [prompt_ids[1]]
        app.screen.query_one("#search", Input).value = ""
        await settle(app, pilot)
        app.screen.query_one("#filter-category", Select).value = "Translation"
        await settle(app, pilot)
        assert table_ids(app) == [prompt_ids[0], prompt_ids[4]]
        app.screen.query_one("#filter-language", Select).value = "fr"
        await settle(app, pilot)
        assert table_ids(app) == [prompt_ids[4]]
        assert "category=Translation" in status_text(app)
        app.screen.query_one("#prompts", DataTable).focus()
        await pilot.press("c")
        await settle(app, pilot)
        assert len(table_ids(app)) == 5
        app.screen.query_one("#filter-triage", Select).value = "flagged"
        await settle(app, pilot)
        assert table_ids(app) == [prompt_ids[4]]
        app.screen.query_one("#filter-triage", Select).clear()
        app.screen.query_one("#filter-has_runs", Select).value = True
        await settle(app, pilot)
        assert table_ids(app) == []
        assert status_text(app).startswith("0–0 of 0")


async def test_filter_choices_come_from_the_store(studio_store: Store) -> None:
    app = StudioApp(studio_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        values = [value for _, value in app.screen.query_one("#filter-source", Select)._options[1:]]
        assert values == ["jsonl", "lmsys", "wildchat"]


async def test_sort_keys_and_header_click(studio_store: Store, prompt_ids: list[str]) -> None:
    app = StudioApp(studio_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("o")  # from the default (added) to the first sortable column: id
        await settle(app, pilot)
        assert table_ids(app) == sorted(prompt_ids)
        await pilot.press("v")
        await settle(app, pilot)
        assert table_ids(app) == sorted(prompt_ids, reverse=True)
        screen = app.screen
        assert isinstance(screen, BrowserScreen)
        table = screen.query_one("#prompts", DataTable)
        table.post_message(DataTable.HeaderSelected(table, table.columns["tier"].key, 3, table.columns["tier"].label))
        await settle(app, pilot)
        assert screen.sort == "tier" and not screen.descending
        tiers = [studio_store.best_schema(pid).tier for pid in table_ids(app)]
        assert tiers == sorted(tiers)


async def test_triage_keys_write_the_store(studio_store: Store, prompt_ids: list[str]) -> None:
    seen: list[object] = []
    app = StudioApp(studio_store)
    async with app.run_test(size=(120, 36), message_hook=seen.append) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        first = studio_store.get_triage(prompt_ids[0])
        assert first.status == "accepted"
        assert first.schema_id == studio_store.best_schema(prompt_ids[0]).id
        await pilot.press("down", "r", "down", "f")
        await settle(app, pilot)
        assert studio_store.get_triage(prompt_ids[1]).status == "rejected"
        assert studio_store.get_triage(prompt_ids[2]).status == "flagged"
        await pilot.press("u")
        await settle(app, pilot)
        assert studio_store.get_triage(prompt_ids[2]).status == "unreviewed"
        assert [m.status for m in seen if isinstance(m, TriageChanged)] == [
            "accepted", "rejected", "flagged", "unreviewed"]
        table = app.screen.query_one("#prompts", DataTable)
        assert str(table.get_row(prompt_ids[0])[4]) == "accepted"


async def test_note_dialog_keeps_status_and_saves_note(studio_store: Store, prompt_ids: list[str]) -> None:
    app = StudioApp(studio_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "down", "down", "down", "n")  # the French prompt, flagged with a note
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        assert app.screen.query_one(Input).value == "check the accents"
        app.screen.query_one(Input).value = "accents fine [b]ok[/b]"
        await pilot.press("enter")
        await settle(app, pilot)
        triage = studio_store.get_triage(prompt_ids[4])
        assert (triage.status, triage.note) == ("flagged", "accents fine [b]ok[/b]")
        await pilot.press("n", "escape")
        await pilot.pause()
        assert studio_store.get_triage(prompt_ids[4]).note == "accents fine [b]ok[/b]"


async def test_detail_highlights_reason_spans_and_shows_schema(studio_store: Store, prompt_ids: list[str]) -> None:
    app = StudioApp(studio_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_detail(app, pilot)
        assert screen.prompt_id == prompt_ids[0]
        prompt = screen.query_one("#detail-prompt", Static).render()
        text = studio_store.get_prompt(prompt_ids[0]).text
        start = text.index("The cat")
        highlighted = {(span.start, span.end) for span in prompt.spans}
        assert (start, len(text)) in highlighted and (0, 9) in highlighted
        schema = str(screen.query_one("#detail-schema", Static).render())
        assert "Translate into French: {data}" in schema and "The sun rises." in schema and "rules 1" in schema
        assert "count-matches" in str(screen.query_one("#detail-reasons", Static).render())
        await pilot.press("f")
        await pilot.pause()
        assert studio_store.get_triage(prompt_ids[0]).status == "flagged"
        assert "flagged" in str(screen.query_one("#detail-meta", Static).render())
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, BrowserScreen)
        assert str(app.screen.query_one("#prompts", DataTable).get_row(prompt_ids[0])[4]) == "flagged"


async def test_dependent_schema_is_flagged_in_detail(studio_store: Store, prompt_ids: list[str]) -> None:
    app = StudioApp(studio_store)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(DetailScreen(app.studio, prompt_ids[2]))
        await pilot.pause()
        schema = app.screen.query_one("#detail-schema", Static).render()
        assert "dependent" in str(schema)
        assert any("red" in str(span.style) for span in schema.spans)


async def test_untrusted_text_is_shown_literally(studio_store: Store, prompt_ids: list[str]) -> None:
    app = StudioApp(studio_store)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        cell = app.screen.query_one("#prompts", DataTable).get_row(prompt_ids[3])[1]
        assert "[bold]this[/bold]" in cell.plain and "\x1b" not in cell.plain and "\\x1b[31m" in cell.plain
        app.push_screen(DetailScreen(app.studio, prompt_ids[3]))
        await pilot.pause()
        shown = app.screen.query_one("#detail-prompt", Static).render()
        assert shown.plain == HOSTILE.replace("\x1b", "\\x1b")
        assert "[link=http://x]" in shown.plain
        assert not any("link" in str(span.style) for span in shown.spans)
        assert "[b]now[/b]" in str(app.screen.query_one("#detail-schema", Static).render())


async def test_help_palette_and_theme(studio_store: Store) -> None:
    app = StudioApp(studio_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        titles = [title for title, *_ in palette_actions(app.screen)]
        for expected in ("Accept", "Reject", "Flag", "Note", "Edit", "Run", "Scores", "Judge A/B", "Open",
                         "Search", "Export", "Next page", "Help", "Theme", "Quit"):
            assert expected in titles
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BrowserScreen)
        assert app.theme == DARK_THEME
        await pilot.press("ctrl+t")
        assert app.theme == LIGHT_THEME
        await pilot.press("ctrl+t")
        assert app.theme == DARK_THEME


async def test_command_palette_runs_a_screen_action(studio_store: Store, prompt_ids: list[str]) -> None:
    app = StudioApp(studio_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Reject")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app, pilot)
        assert studio_store.get_triage(prompt_ids[0]).status == "rejected"


async def test_usable_at_80x24(studio_store: Store, prompt_ids: list[str]) -> None:
    app = StudioApp(studio_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("#prompts", DataTable)
        assert table.region.height >= 10 and table.region.width >= 78
        assert table.columns["text"].width >= browser.PROMPT_MIN_WIDTH
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen) and app.screen.prompt_id == prompt_ids[1]
        await pilot.press("a", "escape")
        await settle(app, pilot)
        assert studio_store.get_triage(prompt_ids[1]).status == "accepted"


async def test_empty_store_says_how_to_fill_it(store: Store) -> None:
    app = StudioApp(store)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        assert table_ids(app) == []
        assert "the store is empty: ppstudio ingest" in status_text(app)
        await pilot.press("a", "enter", "right_square_bracket")  # nothing to act on: warnings, no crash
        await settle(app, pilot)
        assert isinstance(app.screen, BrowserScreen)


async def test_search_any_language_highlights_and_esc_returns_to_the_table(studio_store: Store) -> None:
    long = "Read the text below first. " * 6 + "Then give me 7 catchy slogans for it."
    chinese = "请把下面这些城市按人口从多到少排序：北京、成都"
    studio_store.add_prompts([Prompt(text=long, source="text"), Prompt(text=chinese, source="text", language="zh")])
    app = StudioApp(studio_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"城市")
        await settle(app, pilot)
        assert [studio_store.get_prompt(i).text for i in table_ids(app)] == [chinese]
        await pilot.press("escape")
        assert isinstance(app.focused, DataTable)  # Esc leaves the box: keys act on the table again
        assert app.screen.query_one("#search", Input).value == "城市"  # and the search stays
        cell = app.screen.query_one("#prompts", DataTable).get_row(table_ids(app)[0])[1]
        assert [cell.plain[span.start:span.end] for span in cell.spans] == ["城市"]
        await pilot.press("slash")
        app.screen.query_one("#search", Input).value = "slogan"
        await settle(app, pilot)
        ids = table_ids(app)
        assert len(ids) == 2  # the bakery slogans and the long prompt: the plural matches
        cell = app.screen.query_one("#prompts", DataTable).get_row(studio_store.get_prompt(ids[1]).id)[1]
        assert cell.plain.startswith("…") and "slogans" in cell.plain  # a match beyond the width scrolled into view
        assert [cell.plain[s.start:s.end] for s in cell.spans] == ["slogan"]  # what matched, inside "slogans"
        await pilot.press("escape", "down", "enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, DetailScreen) and detail.terms == ("slogan",)
        shown = detail.query_one("#detail-prompt", Static).render()
        assert "slogan" in [shown.plain[s.start:s.end] for s in shown.spans]


async def test_columns_fit_80_and_use_200(studio_store: Store) -> None:
    for size, expected in (((80, 24), ["id", "text", "category", "tier", "triage", "runs"]),
                           ((200, 50), [key for key, *_ in browser.COLUMNS])):
        app = StudioApp(studio_store)
        async with app.run_test(size=size) as pilot:
            await settle(app, pilot)
            table = app.screen.query_one("#prompts", DataTable)
            assert [str(key.value) for key in table.columns] == expected
            assert not table.show_horizontal_scrollbar  # everything shown fits: nothing to scroll to
            assert table.columns["text"].width >= browser.PROMPT_MIN_WIDTH
            if size[0] == 200:
                assert table.columns["category"].width == 24 and table.columns["text"].width > 100


async def test_resizing_refits_the_columns(studio_store: Store) -> None:
    app = StudioApp(studio_store)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(app, pilot)
        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        table = app.screen.query_one("#prompts", DataTable)
        assert "source" not in [str(key.value) for key in table.columns] and table.row_count == 5


async def test_palette_lists_each_command_once(studio_store: Store) -> None:
    from textual.command import CommandPalette

    app = StudioApp(studio_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.5)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        titles = [str(option.prompt).split("\n")[0] for option in palette.query_one("CommandList").options]
        assert titles and len(titles) == len(set(titles))
        assert titles.count("Quit") == 1 and titles.count("Theme") == 1


async def test_detail_says_why_a_count_was_not_a_request(tmp_path) -> None:
    """A prompt the rules did not split though it says "10": the Validation panel gives the count's refusal and the
    prompt highlights the count."""
    from studio.curation.rules import extract_rules
    from studio.curation.validator import validate_schema

    text = "Suggest 10 key habits for a calmer morning routine"
    with Store(tmp_path / "miss.db") as store:
        store.add_prompts([Prompt(text=text, source="text", language="en", id="m1550000000000a1")])
        store.add_schema(validate_schema(extract_rules(text, language="en", prompt_id="m1550000000000a1"), text))
        app = StudioApp(store)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_detail(app, pilot)
            reasons = str(screen.query_one("#detail-reasons", Static).render())
            assert "count.selection" in reasons and "a ranked selection" in reasons
            assert reasons.index("no-decomposition") < reasons.index("Why its counts were not read as requests") \
                < reasons.index("count.selection")
            prompt = screen.query_one("#detail-prompt", Static).render()
            assert (8, 10) in {(span.start, span.end) for span in prompt.spans}
