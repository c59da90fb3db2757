"""Schema editor: fix a decomposition by hand. Saving validates the edit; the stored original is never changed.

A saved edit is a schema row of its own (`human-edit`, with its own tier, reasons and spans), which the prompt's
triage then points at: the detail, the browser, runs and reports all read that one row.
"""

from __future__ import annotations

import json
from dataclasses import replace

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea
from textual.worker import Worker, WorkerState

from store import HUMAN_EDIT, Schema
from studio.tui.literal import literal
from studio.tui.screens.base import ReportsWorkerFailures, studio_app
from studio.tui.widgets.prompt_panels import reason_list


class EditError(ValueError):
    """The editor's fields do not form a schema (e.g. both data items and n)."""


def data_to_text(data: list[str] | None) -> str:
    """Items one per line; a JSON list when an item spans lines, so nothing is lost in the round trip."""
    if not data:
        return ""
    if any("\n" in item or not item.strip() for item in data):
        return json.dumps(data, ensure_ascii=False, indent=1)
    return "\n".join(data)


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


def edited_schema(original: Schema, *, data_text: str, n_text: str, template: str, context: str) -> Schema:
    """The original with the human's fields; exactly one of data items and n."""
    data = text_to_data(data_text)
    n_text = n_text.strip()
    try:
        n = int(n_text) if n_text else None
    except ValueError as exc:
        raise EditError(f"n must be a whole number, not {n_text!r}") from exc
    if data is not None and n is not None:
        raise EditError("give either data items or n, not both")
    if data is None and n is None:
        raise EditError("give data items (one per line) or n")
    # A human who gives items or n means the prompt to run in parallel, whatever the extractor thought.
    return replace(original, extractor=HUMAN_EDIT, parallelizable=True, data=data, n=n, template=template or None,
                   context=context or None, tier=None, reasons=[], error=None, id=None)


def _acceptable(validated: Schema) -> bool:
    """An edit is saved unless the validator rejects it (low tier, or parts that depend on each other)."""
    return validated.tier != "low" and validated.parallelizable


class SchemaEditorScreen(ReportsWorkerFailures, ModalScreen[bool]):
    """Dismisses with True when a validated edit was saved."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Validate & save", priority=True, id="save-schema"),
        Binding("escape", "cancel", "Cancel", id="cancel-edit"),
    ]

    def __init__(self, prompt_id: str) -> None:
        super().__init__()
        self.prompt_id = prompt_id

    def compose(self) -> ComposeResult:
        store = studio_app(self).store
        schema: Schema = store.best_schema(self.prompt_id)
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
        store = studio_app(self).store
        try:
            schema = edited_schema(
                store.best_schema(self.prompt_id),
                data_text=self.query_one("#edit-data", TextArea).text,
                n_text=self.query_one("#edit-n", Input).value,
                template=self.query_one("#edit-template", TextArea).text,
                context=self.query_one("#edit-context", TextArea).text,
            )
        except EditError as exc:
            self.query_one("#edit-result", Static).update(literal(str(exc), "bold red"))
            return
        self.query_one("#edit-result", Static).update("Validating…")
        self.validate_and_save(schema)

    @work(thread=True, exclusive=True, group="schema-edit", name="validate schema", exit_on_error=False)
    def validate_and_save(self, schema: Schema) -> None:
        """Validation may tokenise or load rules; keep it, and the write, off the event loop. What is saved is the
        validated schema itself, so every view then shows the tier and reasons reported here."""
        from studio.curation.validator import validate_schema

        app = studio_app(self)
        prompt = app.store.get_prompt(self.prompt_id)
        validated = validate_schema(schema, prompt.text)
        saved = app.save_schema_edit(validated) if _acceptable(validated) else None
        self.app.call_from_thread(self._validated, validated, saved)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "schema-edit" and event.state == WorkerState.ERROR:
            self.query_one("#edit-result", Static).update(
                literal(f"Not saved: validation failed: {event.worker.error}", "bold red"))

    def _validated(self, validated: Schema, saved: Schema | None) -> None:
        if saved is None:
            message = literal(f"Not saved: validation rates this edit {validated.tier or 'invalid'}.\n", "bold red")
            message.append_text(reason_list(validated.reasons))
            self.query_one("#edit-result", Static).update(message)
            return
        self.notify(f"Schema edit saved (tier {saved.tier}); the original is kept.", timeout=3)
        self.dismiss(True)

    @on(Button.Pressed, "#edit-cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
