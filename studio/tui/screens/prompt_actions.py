"""The keys that act on "the current prompt", shared by the browser (highlighted row) and the detail screen.

Triage keys write through `studio.triage`; the other keys ask the app for a screen (`studio.tui.messages`).
Whatever wrote the prompt's triage, note or schema sends `TriageChanged` here, and the screen redraws.
"""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.screen import Screen

from studio.triage import update_triage
from studio.tui.context import Studio
from studio.tui.messages import NoteEntered, OpenEditor, OpenJudge, OpenLiveRun, OpenNote, OpenScores, TriageChanged
from studio.tui.screens.base import ForwardsWorkerErrors


class PromptScreen(ForwardsWorkerErrors, Screen[None]):
    """A screen with a current prompt; subclasses say which one and how to redraw after a change."""

    BINDINGS = [
        Binding("a", "triage('accepted')", "Accept", tooltip="Accept the prompt's schema", id="accept"),
        Binding("r", "triage('rejected')", "Reject", tooltip="Reject the prompt's schema", id="reject"),
        Binding("f", "triage('flagged')", "Flag", tooltip="Flag the prompt for a second look", id="flag"),
        Binding("u", "triage('unreviewed')", "Unreview", show=False, tooltip="Back to unreviewed", id="unreview"),
        Binding("n", "annotate", "Note", tooltip="Write a note on the prompt", id="annotate"),
        Binding("e", "edit_schema", "Edit", tooltip="Edit the schema (validated on save; original kept)",
                id="edit-schema"),
        Binding("l", "live_run", "Run", tooltip="Run serial vs parallel and watch it live", id="live-run"),
        Binding("s", "scores", "Scores", tooltip="Scores and run history of the prompt", id="scores"),
        Binding("j", "judge", "Judge A/B", show=False, tooltip="Blind A/B judging of the latest run", id="judge"),
    ]

    def __init__(self, studio: Studio) -> None:
        super().__init__()
        self.studio = studio

    def current_prompt_id(self) -> str | None:
        raise NotImplementedError

    def refresh_prompt(self) -> None:
        """Redraw after the current prompt's triage or schema changed."""
        raise NotImplementedError

    def _require_prompt(self) -> str | None:
        prompt_id = self.current_prompt_id()
        if prompt_id is None:
            self.notify("No prompt selected.", severity="warning")
        return prompt_id

    def _write_triage(self, prompt_id: str, *, status: str | None = None, note: str | None = None) -> None:
        saved = update_triage(self.studio.store, prompt_id, status=status, note=note)
        self.post_message(TriageChanged(prompt_id, saved.status))

    @on(TriageChanged)
    def _triage_changed(self, message: TriageChanged) -> None:
        message.stop()  # addressed to this screen: it is the one showing the prompt
        self.refresh_prompt()

    def action_triage(self, status: str) -> None:
        if (prompt_id := self._require_prompt()) is None:
            return
        self._write_triage(prompt_id, status=status)
        self.notify(f"{prompt_id}: {status}", timeout=2)

    def action_annotate(self) -> None:
        if (prompt_id := self._require_prompt()) is None:
            return
        triage = self.studio.store.get_triage(prompt_id)
        self.post_message(OpenNote(prompt_id, triage.note if triage else None))

    @on(NoteEntered)
    def _note_entered(self, message: NoteEntered) -> None:
        self._write_triage(message.prompt_id, note=message.note)

    def action_edit_schema(self) -> None:
        if (prompt_id := self._require_prompt()) is None:
            return
        if self.studio.store.best_schema(prompt_id) is None:
            self.notify("This prompt has no schema yet: curate it first (ppstudio curate).", severity="warning")
            return
        self.post_message(OpenEditor(prompt_id))

    def action_live_run(self) -> None:
        if (prompt_id := self._require_prompt()) is not None:
            self.post_message(OpenLiveRun(prompt_id))

    def action_scores(self) -> None:
        if (prompt_id := self._require_prompt()) is not None:
            self.post_message(OpenScores(prompt_id))

    def action_judge(self) -> None:
        from studio.scoring import judgeable

        if (prompt_id := self._require_prompt()) is None:
            return
        runs = self.studio.store.list_runs(prompt_id=prompt_id, limit=50)
        run = next((r for r in runs if judgeable(r)), None)
        if run is None:
            self.notify("No finished run with both answers for this prompt: run it first (l).", severity="warning")
            return
        self.post_message(OpenJudge(run))
