"""The app owns navigation (screens post `Open...` requests; the app pushes the screens and sends a dialog's answer
back to the screen that asked) and reports every screen's failed workers in one place."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import RadioButton, Static
from textual.worker import Worker

from store import PromptFilter, Store
from studio.tui.app import StudioApp
from studio.tui.messages import (
    ChooseJudgeBackend, JudgeBackendChosen, OpenEditor, OpenExport, OpenJudge, OpenNote, OpenPrompt, OpenScores,
)
from studio.tui.screens.base import ForwardsWorkerErrors
from studio.tui.screens.browser import BrowserScreen
from studio.tui.screens.detail import DetailScreen
from studio.tui.screens.editor import SchemaEditorScreen
from studio.tui.screens.export import ExportDialog
from studio.tui.screens.help import HelpScreen
from studio.tui.screens.judge import BlindJudgeScreen
from studio.tui.screens.llm_judge import JudgeEndpointDialog
from studio.tui.screens.note import NoteDialog
from studio.tui.screens.scores import ScoresScreen
from tests.studio.tui.conftest import add_finished_run
from tests.studio.tui.test_browser import settle


async def test_keys_post_requests_and_the_app_pushes_the_screens(studio_store: Store, prompt_ids: list[str]) -> None:
    seen: list[object] = []
    app = StudioApp(studio_store)
    async with app.run_test(size=(120, 36), message_hook=seen.append) as pilot:
        await settle(app, pilot)
        browser = app.screen
        await pilot.press("slash", *"cat", "enter", "enter")  # search, back to the table, open the prompt
        await settle(app, pilot)
        assert isinstance(app.screen, DetailScreen) and app.screen.prompt_id == prompt_ids[0]
        assert app.screen.terms == ("cat",) and app.screen.studio is app.studio
        for key, request, shown in (("s", OpenScores, ScoresScreen), ("e", OpenEditor, SchemaEditorScreen),
                                    ("n", OpenNote, NoteDialog)):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, shown)
            assert {m.prompt_id for m in seen if isinstance(m, request)} == {prompt_ids[0]}
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, DetailScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is browser
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog) and app.screen.where == PromptFilter(search="cat")
        assert {str(m.where) for m in seen if isinstance(m, OpenExport)} == {str(PromptFilter(search="cat"))}
    assert {m.terms for m in seen if isinstance(m, OpenPrompt)} == {("cat",)}


async def test_any_screen_can_ask_for_a_screen(studio_store: Store, prompt_ids: list[str]) -> None:
    run = add_finished_run(studio_store, prompt_ids[0])
    app = StudioApp(studio_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        app.screen.post_message(OpenJudge(run))
        await pilot.pause()
        assert isinstance(app.screen, BlindJudgeScreen) and app.screen.run == run
        app.screen.post_message(OpenPrompt(prompt_ids[1]))  # even from a screen that has no key for it
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen) and app.screen.prompt_id == prompt_ids[1]
        assert [type(screen) for screen in app.screen_stack[1:]] == [BrowserScreen, BlindJudgeScreen, DetailScreen]


class Asker(Screen[None]):
    """A screen that asks where to run the judge and keeps the answers it is sent."""

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[JudgeBackendChosen] = []

    def compose(self) -> ComposeResult:
        yield Static("asking")

    @on(JudgeBackendChosen)
    def _answered(self, answer: JudgeBackendChosen) -> None:
        self.answers.append(answer)


async def test_a_dialogs_answer_goes_back_to_the_screen_that_asked(studio_store: Store, prompt_ids: list[str]) -> None:
    run = add_finished_run(studio_store, prompt_ids[0])
    app = StudioApp(studio_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        asker = Asker()
        await app.push_screen(asker)
        asker.post_message(ChooseJudgeBackend(run))
        await pilot.pause()
        assert isinstance(app.screen, JudgeEndpointDialog)
        await pilot.press("escape")  # cancelled: nothing to answer
        await pilot.pause()
        assert app.screen is asker and asker.answers == []
        asker.post_message(ChooseJudgeBackend(run))
        await pilot.pause()
        app.screen.query_one("#embedded", RadioButton).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is asker
        assert [(a.run.id, a.use_embedded) for a in asker.answers] == [(run.id, True)]


class Failing(ForwardsWorkerErrors, Screen[None]):
    """A screen whose workers raise: one in a thread, one on the event loop."""

    def compose(self) -> ComposeResult:
        yield Static("failing")

    @work(thread=True, name="read the disk", exit_on_error=False)
    def read_disk(self) -> None:
        raise OSError("disk on fire")

    @work(name="count sheep", exit_on_error=False)
    async def count_sheep(self) -> None:
        raise ValueError("ran out of sheep")


async def finished(pilot: Pilot, worker: Worker[None]) -> None:
    """Wait for a worker to end, and for its messages to land."""
    while not worker.is_finished:
        await pilot.pause()
    await pilot.pause()


def errors(app: StudioApp) -> list[tuple[str, str]]:
    return [(n.title, n.message) for n in app._notifications if n.severity == "error"]


async def test_a_failed_worker_is_reported_once_by_the_app_which_keeps_running(studio_store: Store) -> None:
    app = StudioApp(studio_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = Failing()
        await app.push_screen(screen)
        await finished(pilot, screen.read_disk())
        assert errors(app) == [("Error", "read the disk: disk on fire")]
        await finished(pilot, screen.count_sheep())
        assert errors(app) == [("Error", "read the disk: disk on fire"), ("Error", "count sheep: ran out of sheep")]
        assert app.is_running and app.screen is screen
        await pilot.press("f1")  # still answering keys
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_a_studio_screens_failed_worker_is_reported_the_same_way(studio_store: Store) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("database is locked")

    app = StudioApp(studio_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        studio_store.list_prompts = broken  # type: ignore[method-assign]
        await pilot.press("ctrl+r")  # read the page again
        await settle(app, pilot)
        assert errors(app) == [("Error", "load page: database is locked")]
        assert app.is_running and isinstance(app.screen, BrowserScreen)
