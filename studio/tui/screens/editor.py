"""Schema editor: fix a decomposition by hand. Saving validates the edit; the stored original is never changed.

The editing itself is `studio.triage.edit_schema` (validate, then save as the prompt's schema); this dialog only
turns its fields into data items or n and shows what came back.
"""

from __future__ import annotations

import json

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea
from textual.worker import Worker, WorkerState

from store import Schema
from studio.triage import EditError, edit_schema
from studio.tui.context import Studio
from studio.tui.literal import literal
from studio.tui.messages import SchemaEditChecked
from studio.tui.screens.base import ForwardsWorkerErrors
from studio.tui.widgets.prompt_panels import reason_list


def data_to_text(data: list[str] | None) -> str:
    """Items one per line when they read back as themselves; else a JSON list, so nothing is lost in the round trip:
    an item that spans lines (any line break `str.splitlines` knows: CR, form feed, U+2028 ...), a blank one, or a
    first item starting with "[" (read as JSON)."""
    if not data:
        return ""
    lines = "\n".join(data)
    try:
        if text_to_data(lines) == data:
            return lines
    except EditError:
        pass
    return json.dumps(data, ensure_ascii=False, indent=1)


def text_to_data(text: str) -> list[str] | None:
    stripped = text.strip()
    if not stripped:
        return None
    if stripped.startswith("["):
        try:
            parsed = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise EditError(f"data items look like a JSON list but do not parse: {exc}") from exc
        if not isinstance(parsed, list) or not all(isinstance(item, str) for item in parsed):
            raise EditError("a JSON list of data items must hold strings only")
        return parsed
    return [line for line in text.splitlines() if line.strip()]


def text_to_n(text: str) -> int | None:
    stripped = text.strip()
    try:
        return int(stripped) if stripped else None
    except ValueError as exc:
        raise EditError(f"n must be a whole number, not {stripped!r}") from exc


class SchemaEditorScreen(ForwardsWorkerErrors, ModalScreen[bool]):
    """Dismisses with True when a validated edit was saved."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Validate & save", priority=True, id="save-schema"),
        Binding("escape", "cancel", "Cancel", id="cancel-edit"),
    ]

    def __init__(self, studio: Studio, prompt_id: str) -> None:
        super().__init__()
        self.studio = studio
        self.prompt_id = prompt_id

    def compose(self) -> ComposeResult:
        schema: Schema = self.studio.store.best_schema(self.prompt_id)
        with VerticalScroll(classes="dialog", id="editor"):
            yield Label("Data items (one per line, or a JSON list of strings)")
            yield TextArea(data_to_text(schema.data), id="edit-data", soft_wrap=True)
            yield Label("n (repeated generation; leave empty when there are data items)")
            yield Input("" if schema.n is None else str(schema.n), id="edit-n", placeholder="empty: data items")
            yield Label("Template ({data} marks where an item goes)")
            yield TextArea(schema.template or "", id="edit-template", soft_wrap=True)
            yield Label("Context (shared by every branch)")
            yield TextArea(schema.context or "", id="edit-context", soft_wrap=True)
            yield Static(id="edit-result")
            with Horizontal(classes="buttons"):
                yield Button("Validate & save (ctrl+s)", id="edit-save", variant="primary")
                yield Button("Cancel (esc)", id="edit-cancel")

    def on_mount(self) -> None:
        self.query_one("#editor").border_title = f"Edit schema of {self.prompt_id} (the original is kept)"
        self.query_one("#edit-data", TextArea).focus()

    @on(Button.Pressed, "#edit-save")
    def action_save(self) -> None:
        try:
            data = text_to_data(self.query_one("#edit-data", TextArea).text)
            n = text_to_n(self.query_one("#edit-n", Input).value)
        except EditError as exc:
            self._show_problem(str(exc))
            return
        self.query_one("#edit-result", Static).update("Validating…")
        self.validate_and_save(data, n, self.query_one("#edit-template", TextArea).text,
                               self.query_one("#edit-context", TextArea).text)

    @work(thread=True, exclusive=True, group="schema-edit", name="validate schema", exit_on_error=False)
    def validate_and_save(self, data: list[str] | None, n: int | None, template: str, context: str) -> None:
        """Validation may tokenise or load rules; keep it, and the write, off the event loop. What is saved is the
        validated schema itself, so every view then shows the tier and reasons reported here."""
        try:
            edit = edit_schema(self.studio.store, self.prompt_id, data=data, n=n, template=template,
                               context=context)
        except EditError as exc:
            self.post_message(SchemaEditChecked(None, str(exc)))
            return
        self.post_message(SchemaEditChecked(edit))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed validation (reported by the app) leaves the dialog open, saying it saved nothing."""
        if event.worker.group == "schema-edit" and event.state == WorkerState.ERROR:
            self._show_problem(f"Not saved: validation failed: {event.worker.error}")

    def _show_problem(self, problem: str) -> None:
        self.query_one("#edit-result", Static).update(literal(problem, "bold red"))

    @on(SchemaEditChecked)
    def _checked(self, message: SchemaEditChecked) -> None:
        if message.edit is None:
            self._show_problem(message.problem or "not saved")
            return
        validated, saved = message.edit.validated, message.edit.saved
        if saved is None:
            shown = literal(f"Not saved: validation rates this edit {validated.tier or 'invalid'}.\n", "bold red")
            shown.append_text(reason_list(validated.reasons))
            self.query_one("#edit-result", Static).update(shown)
            return
        self.notify(f"Schema edit saved (tier {saved.tier}); the original is kept.", timeout=3)
        self.dismiss(True)

    @on(Button.Pressed, "#edit-cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
