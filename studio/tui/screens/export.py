"""Export dialog: report format, filter and path; the report itself is `studio.reports` (as `ppstudio report`)."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static
from textual.worker import Worker, WorkerState

from evaluators.base import AGGREGATIONS
from store import PromptFilter
from studio.outputs import write_text_whole
from studio.tui.context import Studio
from studio.tui.literal import literal
from studio.tui.messages import ExportWritten
from studio.tui.screens.base import ForwardsWorkerErrors

DEFAULT_STEM = "reports/studio-report"


def where_text(where: PromptFilter) -> str:
    """The `--where` string that `parse_where` reads back as `where` (values quoted when they need it)."""
    pairs: list[str] = []
    for spec in fields(PromptFilter):
        value = getattr(where, spec.name)
        if value is None:
            continue
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, list):
            text = "|".join(value)
        else:
            text = str(value)
        if any(ch in text for ch in ',="') or text != text.strip():
            text = '"' + text.replace('"', '""') + '"'
        pairs.append(f"{spec.name}={text}")
    return ",".join(pairs)


class ExportDialog(ForwardsWorkerErrors, ModalScreen[str | None]):
    """Dismisses with the written path, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "export", "Export", priority=True, id="do-export"),
        Binding("escape", "cancel", "Cancel", id="cancel-export"),
    ]

    def __init__(self, studio: Studio, where: PromptFilter) -> None:
        super().__init__()
        self.studio = studio
        self.where = where
        self._path_edited = False

    def compose(self) -> ComposeResult:
        from studio.reports import FORMATS

        with VerticalScroll(classes="dialog", id="export"):
            yield Label("Format")
            yield Select([(fmt, fmt) for fmt in FORMATS], value="html", allow_blank=False, id="export-format",
                         compact=True)
            yield Label("Filter (--where syntax; prefilled with the browser's filters)")
            yield Input(where_text(self.where), id="export-where", compact=True,
                        placeholder="e.g. category=Translation,language=en")
            yield Label("Quality figures of the parallel answer")
            yield Select([(a, a) for a in AGGREGATIONS], value="concat", allow_blank=False, id="export-aggregation",
                         compact=True)
            yield Checkbox("Paper view (raw, normalised, end-to-end speedups; win rates; n-sweep)", id="export-paper",
                           compact=True)
            yield Label("Path")
            yield Input(f"{DEFAULT_STEM}.html", id="export-path", compact=True)
            yield Static(id="export-result")
            with Horizontal(classes="buttons"):
                yield Button("Export (ctrl+s)", id="export-go", variant="primary")
                yield Button("Cancel (esc)", id="export-cancel")

    def on_mount(self) -> None:
        self.query_one("#export").border_title = "Export a report"

    @on(Input.Changed, "#export-path")
    def _path_changed(self, event: Input.Changed) -> None:
        self._path_edited = self._path_edited or not event.value.startswith(DEFAULT_STEM + ".")

    @on(Select.Changed, "#export-format")
    def _format_changed(self, event: Select.Changed) -> None:
        if not self._path_edited:
            self.query_one("#export-path", Input).value = f"{DEFAULT_STEM}.{event.value}"

    @on(Button.Pressed, "#export-go")
    def action_export(self) -> None:
        from store.filters import FilterError, parse_where

        text = self.query_one("#export-where", Input).value
        path = self.query_one("#export-path", Input).value.strip()
        result = self.query_one("#export-result", Static)
        try:
            where = parse_where(text)
        except FilterError as exc:
            result.update(literal(str(exc), "bold red"))
            return
        if not path:
            result.update(literal("Give a path to write the report to.", "bold red"))
            return
        result.update("Building the report…")
        self.write_report(where, text, str(self.query_one("#export-format", Select).value),
                          str(self.query_one("#export-aggregation", Select).value),
                          self.query_one("#export-paper", Checkbox).value, Path(path))

    @work(thread=True, exclusive=True, group="export", name="export report", exit_on_error=False)
    def write_report(self, where: PromptFilter, text: str, fmt: str, aggregation: str, paper: bool,
                     path: Path) -> None:
        from studio.reports import build_report, render

        report = build_report(self.studio.store, where, where_text=text, aggregation=aggregation,
                              paper=paper)
        write_text_whole(path, render(report, fmt))
        self.post_message(ExportWritten(str(path), report.overall.runs))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed export (unwritable path, bad filter value; reported by the app) leaves the dialog open, saying
        it wrote nothing."""
        if event.worker.group == "export" and event.state == WorkerState.ERROR:
            self.query_one("#export-result", Static).update(
                literal(f"Not written: {event.worker.error}", "bold red"))

    @on(ExportWritten)
    def _written(self, message: ExportWritten) -> None:
        path = Path(message.path)
        self.notify(f"Wrote a {path.suffix.lstrip('.')} report of {message.runs} runs to {path}", timeout=5,
                    markup=False)
        self.dismiss(message.path)

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
