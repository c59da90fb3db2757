"""The studio: a Textual view over the store, curation, runner and evaluators (no business logic of its own).

Screens (`screens/`) call library APIs; anything slow runs in a worker; one handler here turns worker failures
into a visible notification instead of a crash or a silent fallback.
"""

from __future__ import annotations

import gc
import getpass
import random
import sys
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker

from store import Schema, Store, Triage
from studio.config import BackendSettings, Settings
from studio.triage import update_triage
from studio.tui.commands import StudioCommands, palette_actions
from studio.tui.messages import TriageChanged
from studio.tui.screens.base import notify_failure
from studio.tui.screens.browser import BrowserScreen
from studio.tui.screens.help import HelpScreen

if TYPE_CHECKING:
    from studio.backends.base import Endpoint  # the backends package imports httpx: not needed to start

# Python's collector, tuned for a UI that streams: a young collection every 10,000 allocations (not 700) and a full
# one at most every 100 middle ones (not 10). A streaming screen makes and drops thousands of strips a frame; with the
# defaults the few alive at each young collection pile up until a full collection (over 100 ms: a frozen UI) comes
# every second or so (benchmarks/tui_live.py, docs/studio.md).
GC_THRESHOLDS = (10_000, 10, 100)
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
        studio opens one from `settings.backend` the first time a run is launched, and `run` closes it."""
        super().__init__()
        self.store = store
        self.settings = settings or Settings(db=str(store.path))
        self.judge = judge or getpass.getuser()
        self.rng = random.Random(seed)  # the blind A/B order; seedable so tests can reproduce it
        self.endpoints = EndpointHolder(self.settings, endpoint)  # the configured backend: live runs, the judge
        embedded = BackendSettings(slots=self.settings.backend.slots, model_path=self.settings.backend.model_path)
        self.embedded = EndpointHolder(replace(self.settings, backend=embedded), None)  # the judge, if chosen
        self.theme = DARK_THEME
        self.sub_title = Path(str(store.path)).name

    def on_mount(self) -> None:
        gc.set_threshold(*GC_THRESHOLDS)
        self.push_screen(BrowserScreen())

    def run(self, *args: Any, **kwargs: Any) -> None:  # App[None]: its result is what `exit` was given
        """Run the studio; a backend it started is stopped after the UI is gone (the embedded engine takes seconds
        to stop, and quitting should not wait for it), saying so on stderr."""
        try:
            return super().run(*args, **kwargs)
        finally:
            holders = (self.endpoints, self.embedded)
            if any(holder.started for holder in holders):
                print("stopping the engine…", file=sys.stderr, flush=True)
            for holder in holders:
                holder.close()

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

    def describe(self) -> str:
        """What this holder opens, for a person choosing between backends."""
        if self.endpoint is not None:
            return f"{self.endpoint.label} ({self.endpoint.model})"
        backend = self.settings.backend
        if backend.base_url:
            return f"{backend.base_url} ({backend.model or 'its first model'})"
        return f"sim:{backend.sim_profile} (simulated)" if backend.backend == "sim" else "the embedded engine"

    @property
    def is_embedded(self) -> bool:
        backend = self.settings.backend
        return self.endpoint is None and not backend.base_url and backend.backend == "embedded"

    def get(self, min_slots: int = 1) -> Endpoint:
        """The open endpoint; blocking on first use, so call it from a thread worker. The engine gets slots for
        the first run's widest fan-out (at least the configured slots); a later, wider run queues at the engine."""
        if self.endpoint is None:
            from studio.backends import open_endpoint

            context = open_endpoint(self.settings.backend, min_slots=min_slots)
            self.endpoint = context.__enter__()
            self._context = context
        return self.endpoint

    @property
    def started(self) -> bool:
        """Whether a backend was started here (and so needs stopping)."""
        return self._context is not None

    def close(self) -> None:
        if self._context is not None:
            self._context.__exit__(None, None, None)
            self._context = None
            self.endpoint = None
