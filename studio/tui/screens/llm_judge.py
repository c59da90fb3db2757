"""Choosing where the LLM judge runs: the configured backend (the one live runs use) or the embedded engine."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, RadioButton, RadioSet

from studio.tui.literal import literal

CONFIGURED = "configured"
EMBEDDED = "embedded"


class JudgeEndpointDialog(ModalScreen[str | None]):
    """Dismisses with CONFIGURED or EMBEDDED, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "judge", "Judge", priority=True, id="start-llm-judge"),
        Binding("escape", "cancel", "Cancel", id="cancel-llm-judge"),
    ]

    def __init__(self, configured: str) -> None:
        """`configured`: the configured backend, as a person would name it."""
        super().__init__()
        self.configured = configured

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="judge-endpoint"):
            yield Label("The judge reads the prompt and both answers twice (each answer once shown as A) and "
                        "counts a win only when both orders agree.")
            with RadioSet(id="judge-endpoints"):
                yield RadioButton(literal(f"Configured backend: {self.configured}"), value=True,
                                  id=CONFIGURED)
                yield RadioButton(literal("Embedded engine (starts on this machine; slow on a CPU)"), id=EMBEDDED)
            with Horizontal(classes="buttons"):
                yield Button("Judge (ctrl+s)", id="judge-go", variant="primary")
                yield Button("Cancel (esc)", id="judge-cancel")

    def on_mount(self) -> None:
        self.query_one("#judge-endpoint").border_title = "LLM judge of the highlighted run"
        self.query_one(RadioSet).focus()

    @on(Button.Pressed, "#judge-go")
    def action_judge(self) -> None:
        pressed = self.query_one(RadioSet).pressed_button
        self.dismiss(pressed.id if pressed is not None and pressed.id else CONFIGURED)

    @on(Button.Pressed, "#judge-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
