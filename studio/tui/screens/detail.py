"""One prompt: its text with the validation reasons highlighted, the schema a run would use, and triage keys."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from studio.curation.rules import refused_counts
from studio.tui.context import Studio
from studio.tui.screens.prompt_actions import PromptScreen
from studio.tui.widgets.footer import FittedFooter
from studio.tui.widgets.prompt_panels import prompt_meta, prompt_text, reason_list, schema_panel


class DetailScreen(PromptScreen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="back")]
    FOOTER_KEYS = ("back", "accept", "reject", "flag", "edit-schema", "live-run", "scores", "judge", "annotate")

    def __init__(self, studio: Studio, prompt_id: str, terms: Sequence[str] = ()) -> None:
        """`terms`: the browser's search, highlighted in the prompt."""
        super().__init__(studio)
        self.prompt_id = prompt_id
        self.terms = tuple(terms)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="detail-body"):
            yield Static(id="detail-meta")
            yield Static(id="detail-prompt", classes="panel")
            yield Static(id="detail-reasons", classes="panel")
            yield Static(id="detail-schema", classes="panel")
        yield FittedFooter()

    def on_mount(self) -> None:
        self.query_one("#detail-prompt").border_title = "Prompt"
        self.query_one("#detail-reasons").border_title = "Validation"
        self.query_one("#detail-schema").border_title = "Schema"
        self.refresh_prompt()
        self.query_one("#detail-body").focus()

    def current_prompt_id(self) -> str | None:
        return self.prompt_id

    def refresh_prompt(self) -> None:
        """Read the prompt, triage and schemas again (a few indexed lookups) and redraw."""
        store = self.studio.store
        prompt = store.get_prompt(self.prompt_id)
        if prompt is None:
            self.query_one("#detail-meta", Static).update(f"Prompt {self.prompt_id} is not in the store.")
            return
        schema = store.best_schema(self.prompt_id)
        reasons = schema.reasons if schema else []
        refused = refused_counts(schema, prompt.text, prompt.language) if schema else []
        self.query_one("#detail-meta", Static).update(prompt_meta(prompt, store.get_triage(self.prompt_id), schema))
        self.query_one("#detail-prompt", Static).update(prompt_text(prompt, [*reasons, *refused], self.terms))
        shown = reason_list(reasons)
        if refused:  # (worked out now, not stored: under a heading of their own)
            shown.append("\n\nWhy its counts were not read as requests\n", style="bold")
            shown.append_text(reason_list(refused, first=len(reasons)))
        self.query_one("#detail-reasons", Static).update(shown)
        self.query_one("#detail-schema", Static).update(schema_panel(schema, store.schemas_for(self.prompt_id)))
