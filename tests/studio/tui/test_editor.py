"""The schema editor: validates on save, stores the edit in triage, keeps the original schema row."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static, TextArea

from store import Store
from studio.tui.app import StudioApp
from studio.tui.screens.detail import DetailScreen
from studio.tui.screens.editor import EditError, SchemaEditorScreen, data_to_text, text_to_data
from studio.tui.widgets.prompt_panels import reason_list


def test_data_items_round_trip() -> None:
    assert text_to_data(data_to_text(["a", "b c"])) == ["a", "b c"]
    multi = ["line one\nline two", "x"]
    assert data_to_text(multi).startswith("[")
    assert text_to_data(data_to_text(multi)) == multi
    assert text_to_data("  \n") is None
    with pytest.raises(EditError):
        text_to_data("[1, 2]")


@pytest.mark.parametrize("items", [["[1] first", "second"], ["a\rb", "c"], ["x\u2028y"], ["page\x0cbreak", "z"],
                                   ["  padded", "{data} \\1 {0}"]])
def test_data_items_that_lines_would_change_round_trip(items: list[str]) -> None:
    """A first item starting with "[" read as a broken JSON list; line breaks other than LF split an item in two."""
    assert text_to_data(data_to_text(items)) == items


async def open_editor(app: StudioApp, pilot, prompt_id: str) -> SchemaEditorScreen:
    await app.push_screen(DetailScreen(app.studio, prompt_id))
    await pilot.pause()
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, SchemaEditorScreen)
    return app.screen


async def save(app: StudioApp, pilot) -> None:
    await pilot.press("ctrl+s")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_valid_edit_is_saved_and_original_kept(studio_store: Store, prompt_ids: list[str]) -> None:
    original = studio_store.best_schema(prompt_ids[0])
    app = StudioApp(studio_store)
    async with app.run_test(size=(100, 40)) as pilot:
        editor = await open_editor(app, pilot, prompt_ids[0])
        assert editor.query_one("#edit-data", TextArea).text == "The cat sleeps.\nThe sun rises.\nWe eat bread."
        editor.query_one("#edit-data", TextArea).text = "The cat sleeps.\nThe sun rises."
        editor.query_one("#edit-template", TextArea).text = "Translate into French, politely: {data}"
        await save(app, pilot)
        assert isinstance(app.screen, DetailScreen)
        assert "Translate into French, politely" in str(app.screen.query_one("#detail-schema", Static).render())
    edited = studio_store.best_schema(prompt_ids[0])
    assert edited.extractor == "human-edit"
    assert edited.data == ["The cat sleeps.", "The sun rises."]
    assert edited.template == "Translate into French, politely: {data}"
    kept = studio_store.get_schema(original.id)
    assert kept.data == original.data and kept.template == original.template and kept.extractor == "rules"


async def test_invalid_edit_is_refused_with_reasons(studio_store: Store, prompt_ids: list[str]) -> None:
    app = StudioApp(studio_store)
    async with app.run_test(size=(100, 40)) as pilot:
        editor = await open_editor(app, pilot, prompt_ids[0])
        editor.query_one("#edit-data", TextArea).text = "Bananas are yellow.\nPigs fly."
        await save(app, pilot)
        assert app.screen is editor
        result = str(editor.query_one("#edit-result", Static).render())
        assert "Not saved" in result and "not in the prompt" in result
        editor.query_one("#edit-n", Input).value = "4"
        await save(app, pilot)
        assert "either data items or n" in str(editor.query_one("#edit-result", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
    assert studio_store.get_triage(prompt_ids[0]) is None
    assert studio_store.best_schema(prompt_ids[0]).extractor == "rules"


async def test_editing_n_of_repeated_generation(studio_store: Store, prompt_ids: list[str]) -> None:
    app = StudioApp(studio_store)
    async with app.run_test(size=(100, 40)) as pilot:
        editor = await open_editor(app, pilot, prompt_ids[1])
        assert editor.query_one("#edit-n", Input).value == "5"
        editor.query_one("#edit-n", Input).value = "five"
        await save(app, pilot)
        assert "whole number" in str(editor.query_one("#edit-result", Static).render())
        editor.query_one("#edit-n", Input).value = "5"
        editor.query_one("#edit-context", TextArea).text = "A family bakery in Lyon."
        await save(app, pilot)  # a context the template never uses: refused by the validator
        assert "{context}" in str(editor.query_one("#edit-result", Static).render())
        editor.query_one("#edit-template", TextArea).text = "Give me 1 slogan for a bakery. {context}"
        await save(app, pilot)
        assert isinstance(app.screen, DetailScreen)
    edited = studio_store.best_schema(prompt_ids[1])
    assert (edited.n, edited.context, edited.data) == (5, "A family bakery in Lyon.", None)


async def test_no_schema_no_editor(studio_store: Store) -> None:
    from store import Prompt

    prompt = Prompt(text="An uncurated prompt.", source="text")
    studio_store.add_prompts([prompt])
    app = StudioApp(studio_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await app.push_screen(DetailScreen(app.studio, prompt.id))
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)


async def test_one_truth_after_an_edit(studio_store: Store, prompt_ids: list[str], sim_endpoint) -> None:
    """Edit, save, and read the edit back from every view: the toast, the detail, the browser, a run made from
    the studio and the report all show the edit's own tier, items and reasons."""
    from textual.widgets import DataTable

    from studio.reports import build_report
    from studio.tui.screens.browser import BrowserScreen
    from studio.tui.screens.live import LiveRunScreen
    from tests.studio.tui.test_live import run_live

    prompt_id = prompt_ids[0]
    original = studio_store.best_schema(prompt_id)
    app = StudioApp(studio_store, endpoint=sim_endpoint)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        editor = await open_editor(app, pilot, prompt_id)
        editor.query_one("#edit-data", TextArea).text = "The cat sleeps.\nThe sun rises."
        await save(app, pilot)
        saved = studio_store.best_schema(prompt_id)
        assert saved.extractor == "human-edit" and saved.id != original.id and saved.tier
        [toast] = [n.message for n in app._notifications if "saved" in n.message]
        assert f"tier {saved.tier}" in toast
        detail = app.screen
        assert isinstance(detail, DetailScreen)
        panel = str(detail.query_one("#detail-schema", Static).render())
        assert f"tier         {saved.tier}" in panel and "We eat bread." not in panel
        assert "rules 1 (high)" in panel  # the original, kept as history
        reasons = str(detail.query_one("#detail-reasons", Static).render())
        assert reasons == str(reason_list(saved.reasons))
        spans = {(s.start, s.end) for s in detail.query_one("#detail-prompt", Static).render().spans}
        assert {r.span for r in saved.reasons if r.span} <= spans
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, BrowserScreen)
        row = [str(cell) for cell in app.screen.query_one("#prompts", DataTable).get_row(prompt_id)]
        assert saved.tier in row and "2" in row
        live = await run_live(app, pilot, prompt_id)
        assert isinstance(live, LiveRunScreen) and len(live.branch_panes) == 2
    [run] = studio_store.list_runs(prompt_id=prompt_id)
    assert (run.schema_id, run.n_branches) == (saved.id, 2)
    report = build_report(studio_store)
    [result] = [r for r in report.rows if r.prompt_id == prompt_id]
    assert (result.category, result.n_branches) == (saved.category, 2)
