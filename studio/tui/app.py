"""The studio: a Textual view over the store, curation, runner and evaluators (no business logic of its own).

The app owns navigation: screens (`screens/`) post requests (`studio.tui.messages.Open...`) and the app pushes
the screens, handing each the session's `Studio` (store, settings, backends); a dialog's answer goes back to the
screen that asked, as a message. Screens call library APIs; anything slow runs in a worker whose result comes back
as a message; a worker that fails is reported here, in one handler, instead of crashing or failing silently.
"""

from __future__ import annotations

import gc
import getpass
import sys
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from store import Store
from studio.config import Settings
from studio.tui.commands import StudioCommands, palette_actions
from studio.tui.context import Studio
from studio.tui.messages import (
    ChooseJudgeBackend, JudgeBackendChosen, NoteEntered, OpenEditor, OpenExport, OpenJudge, OpenLiveRun, OpenNote,
    OpenPrompt, OpenScores, TriageChanged, WorkFailed,
)
from studio.tui.screens.browser import BrowserScreen
from studio.tui.screens.help import HelpScreen

if TYPE_CHECKING:
    from studio.backends.base import Endpoint  # only a type here

# Python's collector, tuned for a UI that streams: a young collection every 10,000 allocations (not 700) and a full
# one at most every 100 middle ones (not 10). A streaming screen makes and drops thousands of strips a frame; with the
# defaults the few alive at each young collection pile up until a full collection (over 100 ms: a frozen UI) comes
# every second or so (benchmarks/tui_live.py, docs/studio.md).
GC_THRESHOLDS = (10_000, 10, 100)
DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"
Answer = TypeVar("Answer")


class StudioApp(App[None]):
    """`ppstudio studio`: browse, triage, edit, run, score, judge and export from one terminal window."""

    TITLE = "ParallelPrompt Studio"
    CSS_PATH = "studio.tcss"
    COMMANDS = App.COMMANDS | {StudioCommands}
    BINDINGS = [
        Binding("f1", "help", "Help", tooltip="Keys of this screen and how the studio works", id="help"),
        Binding("ctrl+t", "toggle_theme", "Theme", tooltip="Switch between the light and the dark theme",
                id="toggle-theme"),
        Binding("ctrl+q", "quit", "Quit", priority=True, id="quit"),
    ]

    def __init__(self, store: Store, settings: Settings | None = None, *, judge: str | None = None,
                 seed: int | None = None, endpoint: Endpoint | None = None) -> None:
        """`endpoint`: an already open `studio.backends.Endpoint` (tests pass the simulator's); without it the
        studio opens one from `settings.backend` the first time a run is launched, and `run` closes it. `seed`
        makes the blind A/B order reproducible."""
        super().__init__()
        self.studio = Studio.open(store, settings or Settings(db=str(store.path)), judge=judge or getpass.getuser(),
                                  seed=seed, endpoint=endpoint)
        self.theme = DARK_THEME
        self.sub_title = Path(str(store.path)).name

    def on_mount(self) -> None:
        gc.set_threshold(*GC_THRESHOLDS)
        self.push_screen(BrowserScreen(self.studio))

    def run(self, *args: Any, **kwargs: Any) -> None:  # App[None]: its result is what `exit` was given
        """Run the studio; a backend it started is stopped after the UI is gone (the embedded engine takes seconds
        to stop, and quitting should not wait for it), saying so on stderr."""
        try:
            return super().run(*args, **kwargs)
        finally:
            if self.studio.started:
                print("stopping the engine…", file=sys.stderr, flush=True)
            self.studio.close()

    async def action_quit(self) -> None:
        """Quit at once: work in progress is cancelled (a run keeps what finished and is resumable)."""
        self.workers.cancel_all()
        self.exit()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's palette commands, less those the studio's own keys offer under the same name (Quit, Theme),
        so the palette lists each command once."""
        ours = {title for title, *_ in palette_actions(screen)}
        yield from (command for command in super().get_system_commands(screen) if command.title not in ours)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.theme == DARK_THEME else DARK_THEME

    # -- navigation: requests from the screens (each screen is imported when first opened: the live and scores
    # screens pull in the runner and the reports, which the browser does not need to start) ---------------------
    def _ask(self, dialog: Screen[Answer], reply: Callable[[Answer], Message | None]) -> None:
        """Show a dialog; its answer, turned into a message by `reply` (None: nothing to say), goes to the screen
        that asked, which is the one on top when its request arrives (requests come from its keys)."""
        asker = self.screen

        def answered(answer: Answer | None) -> None:
            if answer is not None and (message := reply(answer)) is not None:
                asker.post_message(message)

        self.push_screen(dialog, answered)

    @on(OpenPrompt)
    def _open_prompt(self, request: OpenPrompt) -> None:
        from studio.tui.screens.detail import DetailScreen

        self.push_screen(DetailScreen(self.studio, request.prompt_id, request.terms))

    @on(OpenNote)
    def _open_note(self, request: OpenNote) -> None:
        from studio.tui.screens.note import NoteDialog

        self._ask(NoteDialog(request.prompt_id, request.note), lambda note: NoteEntered(request.prompt_id, note))

    @on(OpenEditor)
    def _open_editor(self, request: OpenEditor) -> None:
        from studio.tui.screens.editor import SchemaEditorScreen

        def saved(edited: bool) -> Message | None:
            """A saved edit points the prompt's triage at it (its status is kept)."""
            triage = self.studio.store.get_triage(request.prompt_id) if edited else None
            return TriageChanged(request.prompt_id, triage.status) if triage else None

        self._ask(SchemaEditorScreen(self.studio, request.prompt_id), saved)

    @on(OpenLiveRun)
    def _open_live_run(self, request: OpenLiveRun) -> None:
        from studio.tui.screens.live import LiveRunScreen

        self.push_screen(LiveRunScreen(self.studio, request.prompt_id))

    @on(OpenScores)
    def _open_scores(self, request: OpenScores) -> None:
        from studio.tui.screens.scores import ScoresScreen

        self.push_screen(ScoresScreen(self.studio, request.prompt_id))

    @on(OpenJudge)
    def _open_judge(self, request: OpenJudge) -> None:
        from studio.tui.screens.judge import BlindJudgeScreen

        self.push_screen(BlindJudgeScreen(self.studio, request.run))

    @on(ChooseJudgeBackend)
    def _choose_judge_backend(self, request: ChooseJudgeBackend) -> None:
        from studio.tui.screens.llm_judge import EMBEDDED, JudgeEndpointDialog

        self._ask(JudgeEndpointDialog(self.studio.endpoints.describe()),
                  lambda choice: JudgeBackendChosen(request.run, choice == EMBEDDED))

    @on(OpenExport)
    def _open_export(self, request: OpenExport) -> None:
        from studio.tui.screens.export import ExportDialog

        self.push_screen(ExportDialog(self.studio, request.where))

    # -- failures -----------------------------------------------------------------------------------------------
    @on(WorkFailed)
    def _handle_worker_error(self, failed: WorkFailed) -> None:
        """Every screen's failed worker (workers run with exit_on_error=False: the studio stays up): an error toast
        naming the work, and the traceback in the Textual log (`textual console`)."""
        worker = failed.worker
        if worker.error is not None:
            self.log.error(f"worker {worker.name!r} failed:\n" + "".join(traceback.format_exception(worker.error)))
        self.notify(f"{worker.name}: {worker.error}", title="Error", severity="error", timeout=10, markup=False)
