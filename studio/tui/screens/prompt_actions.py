"""The keys that act on "the current prompt", shared by the browser (highlighted row) and the detail screen."""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import Screen

from studio.tui.screens.base import ReportsWorkerFailures, studio_app


class PromptScreen(ReportsWorkerFailures, Screen[None]):
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

    def action_triage(self, status: str) -> None:
        if (prompt_id := self._require_prompt()) is None:
            return
        studio_app(self).set_triage(prompt_id, status=status)
        self.notify(f"{prompt_id}: {status}", timeout=2)
        self.refresh_prompt()

    def action_annotate(self) -> None:
        from studio.tui.screens.note import NoteDialog

        if (prompt_id := self._require_prompt()) is None:
            return
        triage = studio_app(self).store.get_triage(prompt_id)

        def save(note: str | None) -> None:
            if note is not None:
                studio_app(self).set_triage(prompt_id, note=note)
                self.refresh_prompt()

        self.app.push_screen(NoteDialog(prompt_id, triage.note if triage else None), save)

    def action_edit_schema(self) -> None:
        from studio.tui.screens.editor import SchemaEditorScreen

        if (prompt_id := self._require_prompt()) is None:
            return
        if studio_app(self).store.best_schema(prompt_id) is None:
            self.notify("This prompt has no schema yet: curate it first (ppstudio curate).", severity="warning")
            return
        self.app.push_screen(SchemaEditorScreen(prompt_id), lambda saved: self.refresh_prompt() if saved else None)

    def action_live_run(self) -> None:
        from studio.tui.screens.live import LiveRunScreen

        if (prompt_id := self._require_prompt()) is not None:
            self.app.push_screen(LiveRunScreen(prompt_id))

    def action_scores(self) -> None:
        from studio.tui.screens.scores import ScoresScreen

        if (prompt_id := self._require_prompt()) is not None:
            self.app.push_screen(ScoresScreen(prompt_id))

    def action_judge(self) -> None:
        from studio.scoring import judgeable
        from studio.tui.screens.judge import BlindJudgeScreen

        if (prompt_id := self._require_prompt()) is None:
            return
        runs = studio_app(self).store.list_runs(prompt_id=prompt_id, limit=50)
        run = next((r for r in runs if judgeable(r)), None)
        if run is None:
            self.notify("No finished run with both answers for this prompt: run it first (l).", severity="warning")
            return
        self.app.push_screen(BlindJudgeScreen(run))
