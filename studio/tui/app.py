"""The studio: a Textual view over the store, curation, runner and evaluators (no business logic of its own).

Screens (`screens/`) call library APIs; anything slow runs in a worker; one handler here turns worker failures
into a visible notification instead of a crash or a silent fallback.
"""

from __future__ import annotations

import getpass
import random
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding
from textual.worker import Worker

from store import Schema, Store, Triage
from studio.config import Settings
from studio.triage import update_triage
from studio.tui.commands import StudioCommands
from studio.tui.messages import TriageChanged
from studio.tui.screens.base import notify_failure
from studio.tui.screens.browser import BrowserScreen
from studio.tui.screens.help import HelpScreen

if TYPE_CHECKING:
    from studio.backends.base import Endpoint  # the backends package imports httpx: not needed to start

DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"


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
        studio opens one from `settings.backend` the first time a run is launched and closes it on exit."""
        super().__init__()
        self.store = store
        self.settings = settings or Settings(db=str(store.path))
        self.judge = judge or getpass.getuser()
        self.rng = random.Random(seed)  # the blind A/B order; seedable so tests can reproduce it
        self.endpoints = EndpointHolder(self.settings, endpoint)
        self.theme = DARK_THEME
        self.sub_title = Path(str(store.path)).name

    def on_mount(self) -> None:
        self.push_screen(BrowserScreen())

    def on_unmount(self) -> None:
        self.endpoints.close()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.theme == DARK_THEME else DARK_THEME

    def set_triage(self, prompt_id: str, *, status: str | None = None, note: str | None = None) -> Triage:
        """Record a human decision and tell the screens."""
        saved = update_triage(self.store, prompt_id, status=status, note=note)
        self.post_message(TriageChanged(prompt_id, saved.status))
        return saved

    def save_schema_edit(self, schema: Schema) -> Schema:
        """Store a validated edit as the prompt's schema (the original is kept) and tell the screens; safe to call
        from a thread worker."""
        saved = self.store.save_schema_edit(schema)
        triage = self.store.get_triage(schema.prompt_id)
        self.post_message(TriageChanged(schema.prompt_id, triage.status if triage else "unreviewed"))
        return saved

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The app's own workers; screens report theirs (see `ReportsWorkerFailures`)."""
        notify_failure(self, event)


class EndpointHolder:
    """Opens the backend once, lazily (the embedded engine takes seconds to start), and closes it on exit."""

    def __init__(self, settings: Settings, endpoint: Endpoint | None) -> None:
        self.settings = settings
        self.endpoint = endpoint
        self._context: AbstractContextManager[Endpoint] | None = None

    def get(self, min_slots: int = 1) -> Endpoint:
        """The open endpoint; blocking on first use, so call it from a thread worker. The engine gets slots for
        the first run's widest fan-out (at least the configured slots); a later, wider run queues at the engine."""
        if self.endpoint is None:
            from studio.backends import open_endpoint

            context = open_endpoint(self.settings.backend, min_slots=min_slots)
            self.endpoint = context.__enter__()
            self._context = context
        return self.endpoint

    def close(self) -> None:
        if self._context is not None:
            self._context.__exit__(None, None, None)
            self._context = None
            self.endpoint = None
