"""Live run: the serial answer in one pane, a grid of parallel branches in the other, driven by the runner's events.

The runner (`studio.execution.runner.execute`) does all the work and keeps the store up to date; this screen only
draws its event stream. While a run is going the only speedups shown are those of finished trials, each labelled
as one trial's; the run's figure (the median over its trials, with their range and its flags) appears when the
run finishes. Branches whose answer repeats another's are marked as they finish. Cancel stops every timer at
once: nothing on the screen keeps counting after it.
"""

from __future__ import annotations

import asyncio
from contextlib import aclosing
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal
from textual.screen import Screen
from textual.widgets import Header, Static
from textual.worker import Worker, WorkerState

from store import RequestRecord, Run
from studio.execution import metrics, stability
from studio.execution.events import (
    PhaseStarted, PromptSkipped, RequestFinished, RequestRetrying, RequestStarted, RunFinished, RunInterrupted,
    RunStarted, TokenDelta, TrialFinished,
)
from studio.presentation import milliseconds as format_ms
from studio.presentation import speedup as format_speedup
from studio.tui.context import Studio
from studio.tui.literal import literal
from studio.tui.messages import RunCompleted, RunProgress
from studio.tui.screens.base import ForwardsWorkerErrors
from studio.tui.widgets.answer_pane import AnswerPane
from studio.tui.widgets.footer import FittedFooter

if TYPE_CHECKING:
    from studio.execution.options import RunOptions

TRIALS = 5  # the "more trials" run; a plain run has the configured number (3 by default)
WIDE_LAYOUT = 110  # terminal columns from which branches are shown two abreast
# Points of the n-sweep for repeated generation (the schema's own n is added).
SWEEP_N: tuple[int, ...] = (1, 2, 4, 8)


def sweep_point(run: Run) -> str:
    """"n=4 1.80×", with the run's flags when it has any: a degenerate point never shows a bare figure."""
    flags = stability.flags_of(run)
    return f"n={run.sweep_n} {format_speedup(run.speedup)}" + (f" ({', '.join(flags)})" if flags else "")


@dataclass
class LiveState:
    """What the screen knows of the run being drawn (reset by each RunStarted)."""

    run: Run | None = None
    trial: int = 0
    finished: dict[tuple[int, str, int], RequestRecord] = field(default_factory=dict)
    final: Run | None = None
    sweep: list[Run] = field(default_factory=list)
    note: str = ""
    trial_speedups: list[float | None] = field(default_factory=list)  # of each finished trial
    duplicates: stability.DuplicateFinder = field(default_factory=stability.DuplicateFinder)
    repeats: int = 0  # branches of the current trial whose answer repeats another's


class LiveRunScreen(ForwardsWorkerErrors, Screen[None]):
    BINDINGS = [
        Binding("c", "cancel", "Cancel run", tooltip="Stop the run; finished requests are kept (resumable)",
                id="cancel-run"),
        Binding("l", "start('single')", "Run again", tooltip="One more run of this prompt", id="run-again"),
        Binding("t", "start('trials')", f"{TRIALS} trials", tooltip=f"A run of {TRIALS} trials (their median, "
                "with its range)", id="run-trials"),
        Binding("w", "start('sweep')", "n-sweep", tooltip="Repeated generation at several n", id="run-sweep"),
        Binding("escape", "leave", "Back", tooltip="Back (cancels a run in progress)", id="leave-live"),
    ]
    FOOTER_KEYS = ("leave-live", "cancel-run", "run-again", "run-trials", "run-sweep", "quit")

    def __init__(self, studio: Studio, prompt_id: str, *, mode: str = "single", autostart: bool = True) -> None:
        super().__init__()
        self.studio = studio
        self.prompt_id = prompt_id
        self.mode = mode
        self.autostart = autostart
        self.state = LiveState()
        self.serial_pane = AnswerPane("serial", id="serial-pane")
        self.branch_panes: list[AnswerPane] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="live-summary")
        with Horizontal(id="live-panes"):
            yield self.serial_pane
            yield Grid(id="branch-grid")
        yield FittedFooter()

    def on_mount(self) -> None:
        self.set_interval(0.25, self._tick)
        self._show_summary()
        if self.autostart:
            self.action_start(self.mode)

    def on_resize(self) -> None:
        """Two columns of branches where they fit, one on a narrow terminal (80x24 stays readable)."""
        self.query_one("#branch-grid", Grid).styles.grid_size_columns = 2 if self.size.width >= WIDE_LAYOUT else 1

    def _tick(self) -> None:
        for pane in (self.serial_pane, *self.branch_panes):
            pane.tick()

    # -- launching ----------------------------------------------------------------------------------------------
    def action_start(self, mode: str) -> None:
        if self.run_in_progress():
            self.notify("A run is in progress; cancel it first (c).", severity="warning")
            return
        schema = self.studio.store.best_schema(self.prompt_id)
        if mode == "sweep" and (schema is None or schema.n is None):
            self.notify("The n-sweep is for repeated generation (a schema with n), not data items.",
                        severity="warning")
            return
        self.mode = mode
        self.state = LiveState(note="starting the backend…")
        self._show_summary()
        self.run_prompt(mode)

    def run_in_progress(self) -> bool:
        return any(w.is_running for w in self.workers if w.node is self and w.group == "live-run")

    def run_options(self, mode: str) -> "RunOptions":
        from studio.execution.options import RunOptions

        overrides: dict[str, object] = {"use_cache": False}  # a live view is about timing: always send
        if mode == "trials":
            overrides["trials"] = TRIALS
        elif mode == "sweep":
            schema = self.studio.store.best_schema(self.prompt_id)
            own_n = [schema.n] if schema is not None and schema.n else []
            overrides["vary_n"] = tuple(sorted({*SWEEP_N, *own_n}))
        return RunOptions.from_settings(self.studio.settings.run, self.studio.settings.origins_of("run"), **overrides)

    @work(exclusive=True, group="live-run", name="live run", exit_on_error=False)
    async def run_prompt(self, mode: str) -> None:
        """Consume the runner's events and post each to this screen; cancelling this worker cancels the run."""
        from studio.execution.runner import execute

        options = self.run_options(mode)
        schema = self.studio.store.best_schema(self.prompt_id)
        widest = max((*options.vary_n, schema.branch_count if schema else 1))
        endpoint = await asyncio.to_thread(self.studio.endpoints.get, widest)
        async with aclosing(execute(self.studio.store, endpoint, [self.prompt_id], options)) as events:
            async for event in events:
                self.post_message(RunProgress(event))

    def action_cancel(self) -> None:
        if not self.run_in_progress():
            self.notify("No run in progress.", timeout=2)
            return
        self.workers.cancel_group(self, "live-run")
        self._stop_panes("cancelled")
        self.state.note = "cancelling…"
        self._show_summary()

    def _stop_panes(self, why: str) -> None:
        """Freeze every pane still counting: after a cancel no timer may keep running."""
        for pane in (self.serial_pane, *self.branch_panes):
            pane.stop(why)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "live-run":
            return
        if event.state == WorkerState.CANCELLED:
            self._stop_panes("cancelled")
            if self.state.run is not None:  # the runner stored it interrupted; show that, not a live figure
                self.state.final = self.studio.store.get_run(self.state.run.id) or self.state.final
            self.state.note = "cancelled: finished requests are kept (ppstudio run --resume completes the run)"
        elif event.state == WorkerState.ERROR:  # reported by the app; the panes stop counting
            self._stop_panes("failed")
            self.state.note = f"failed: {event.worker.error}"
        else:
            return
        self._show_summary()

    def action_leave(self) -> None:
        self.workers.cancel_group(self, "live-run")
        self.dismiss()

    # -- drawing events -----------------------------------------------------------------------------------------
    @on(RunProgress)
    async def _on_progress(self, message: RunProgress) -> None:
        event = message.event
        match event:
            case RunStarted(run=run, branches=labels):
                await self._start_run(run, labels)
            case PhaseStarted(trial=trial, phase=phase):
                self.state.trial = trial
                if phase == "serial":
                    self.serial_pane.start()
                elif phase == "parallel":
                    self.state.duplicates, self.state.repeats = stability.DuplicateFinder(), 0
                    for pane in self.branch_panes:
                        pane.start()
            case TokenDelta(role=role, idx=idx, text=text):
                if (pane := self._pane(role, idx)) is not None:
                    pane.append(text)
                return  # the summary says nothing about deltas: redrawing it for each would cost a layout
            case RequestRetrying(role=role, idx=idx, attempt=attempt, reason=reason):
                if (pane := self._pane(role, idx)) is not None:
                    pane.start()
                    pane.border_subtitle = literal(f"retry {attempt}: {reason}"[:60])
            case RequestStarted(role=role, idx=idx):
                if (pane := self._pane(role, idx)) is not None and not pane.running:
                    pane.start()
            case RequestFinished(record=record):
                self.state.finished[(record.trial, record.role, record.idx)] = record
                if (pane := self._pane(record.role, record.idx)) is not None:
                    pane.finish(record)
                    if record.role == "branch" and record.status == "ok":
                        self._mark_repeat(pane, record)
            case TrialFinished(serial_ms=serial_ms, parallel_ms=parallel_ms):
                self.state.trial_speedups.append(metrics.speedup(serial_ms, parallel_ms))
            case RunFinished(run=run) | RunInterrupted(run=run):
                self.state.final = run
                if run.sweep_id:
                    self.state.sweep.append(run)
                self.post_message(RunCompleted(run))
            case PromptSkipped(reason=reason):
                self.state.note = f"not run: {reason}"
        self._show_summary()

    async def _start_run(self, run: Run, labels: tuple[str, ...]) -> None:
        sweep = self.state.sweep
        self.state = LiveState(run=run, sweep=sweep)
        grid = self.query_one("#branch-grid", Grid)
        await grid.remove_children()
        self.branch_panes = [AnswerPane(f"{i + 1}: {label}"[:40]) for i, label in enumerate(labels)]
        await grid.mount_all(self.branch_panes)
        self.serial_pane.clear()

    def _mark_repeat(self, pane: AnswerPane, record: RequestRecord) -> None:
        """A branch that answered what an earlier one did: said on its pane, counted in the summary."""
        same = self.state.duplicates.add(record.idx, record.text)
        if same is not None:
            self.state.repeats += 1
            pane.border_subtitle = literal(f"{pane.border_subtitle} · same answer as {same + 1}")

    def _pane(self, role: str, idx: int) -> AnswerPane | None:
        if role == "serial":
            return self.serial_pane
        if role == "branch" and 0 <= idx < len(self.branch_panes):
            return self.branch_panes[idx]
        return None

    def _show_summary(self) -> None:
        state = self.state
        summary = Text()
        run = state.final or state.run
        if run is None:
            summary.append_text(literal(state.note or "No run yet: l runs, t runs trials, w runs the n-sweep."))
            self.query_one("#live-summary", Static).update(summary)
            return
        done = sum(1 for (t, role, _) in state.finished if t == state.trial and role == "branch")
        summary.append(f"trial {state.trial + 1}/{run.trials}", style="bold")
        summary.append(f" · branches {done}/{run.n_branches} · ")
        summary.append_text(literal(f"{run.backend} {run.model}"))
        if run.sweep_n is not None:
            summary.append(f" · n={run.sweep_n}")
        summary.append("\n")
        if state.final is not None and state.final.status != "interrupted":
            final = state.final
            found = stability.of_run(final)
            summary.append("speedup ", style="bold")
            summary.append(format_speedup(final.speedup), style="bold green" if final.speedup else "bold")
            if spread := stability.spread_text(found, final.trials):
                summary.append(f" ({spread})")
            summary.append(f" · normalised {format_speedup(final.normalised_speedup)}"
                           f" · serial {format_ms(final.serial_ms)} · parallel {format_ms(final.parallel_ms)}"
                           f" · {final.status}")
            if final.speedup is None and final.params.get("timing_note"):
                summary.append_text(literal(f" · {final.params['timing_note']}", "dim"))
            for flag, reason in zip(found.flags, found.reasons) if found else ():
                summary.append(f"\n{flag}: ", style="bold yellow")
                summary.append_text(literal(reason))
        else:
            summary.append("per trial ", style="bold")
            done_trials = ", ".join(format_speedup(value) for value in state.trial_speedups) or "—"
            summary.append(f"{done_trials} (each trial's own speedup; the run's figure is their median, shown "
                           "when every trial is done)", style="dim")
            if state.repeats:
                summary.append(f"\n{state.repeats} branches so far repeat another's answer", style="yellow")
        if state.sweep:
            summary.append("\nn-sweep: " + " · ".join(sweep_point(run) for run in state.sweep))
        if state.note:
            summary.append_text(literal(f"\n{state.note}", "dim"))
        self.query_one("#live-summary", Static).update(summary)
