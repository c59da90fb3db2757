"""What every studio screen with workers shares: their failures go up to the app, which reports them all."""

from __future__ import annotations

from textual.dom import DOMNode
from textual.worker import Worker, WorkerState

from studio.tui.messages import WorkFailed


class ForwardsWorkerErrors:
    """Mixin for screens with workers. `Worker.StateChanged` goes only to the screen that runs the worker (it does
    not bubble), so a failed one is sent up as `WorkFailed`, for the app's one handler. Textual calls this
    handler as well as a subclass's own `on_worker_state_changed` (which may update the screen's own state)."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        assert isinstance(self, DOMNode)
        if event.state == WorkerState.ERROR:
            self.post_message(WorkFailed(event.worker))
