"""Scores and run history of one prompt: every run (newest first) and, for the highlighted run, its scores as
tables (studio/tui/widgets/score_tables.py), the LLM judge's verdicts in both orders beside the blind human
judgements with their agreement, and the two answers that were compared.

`g` scores the run with the automatic scorers, `J` asks the LLM judge (on the configured backend or the embedded
engine: the library call `ppstudio score --scorers judge` makes), `j` judges it blind yourself."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static
from textual.worker import Worker, WorkerState

from store import Judgement, Run, Score
from studio.execution import stability
from studio.presentation import milliseconds as format_ms
from studio.presentation import speedup as format_speedup
from studio.presentation import value_range
from studio.scoring import agreement_pairs, judgeable
from studio.tui.context import Studio
from studio.tui.literal import literal, one_line
from studio.tui.messages import ChooseJudgeBackend, JudgeBackendChosen, JudgeProgressed, OpenJudge, RunJudged, RunScored
from studio.tui.screens.base import ForwardsWorkerErrors
from studio.tui.widgets.columns import Column, fit_columns
from studio.tui.widgets.footer import FittedFooter
from studio.tui.widgets.score_tables import (
    JUDGE, agreement_line, judge_reasons, judges_table, overview_table, scorer_sections,
)

HISTORY_LIMIT = 200
RUN_COLUMNS: tuple[Column, ...] = (
    ("when", "When", 16, 16), ("backend", "Backend", 10, 24), ("status", "Status", 8, 11),
    ("trials", "Trials", 6, 6), ("n", "N", 3, 3), ("serial", "Serial", 9, 10), ("parallel", "Parallel", 9, 10),
    ("speedup", "Speedup", 7, 7), ("range", "Range", 9, 11), ("norm", "Norm.", 6, 6), ("e2e", "E2E", 6, 6),
    ("flags", "Flags", 18, 25),
)
# at 80 columns: down to status, n, times, × and the flags (the range is in the run's details below)
RUN_DROP_ORDER: tuple[str, ...] = ("e2e", "trials", "norm", "range", "when")
JUDGE_CONCURRENCY = 2  # the two orders of one run at once


def run_cells(run: Run, columns: list[str]) -> list[Text]:
    """One history row: the speedup is the median over the run's timed trials, Range their lowest–highest,
    Trials timed/asked, Flags what makes the figure doubtful (`stability.FLAGS`)."""
    found = stability.of_run(run)
    spread = value_range(found.low, found.high) if found and found.low is not None and found.high is not None \
        and found.timed_trials > 1 else "—"
    cells = {
        "when": Text((run.created_at or "")[:16].replace("T", " ")), "backend": literal(run.backend),
        "status": Text(run.status),
        "trials": Text(f"{found.timed_trials}/{found.trials}" if found else str(run.trials), justify="right"),
        "n": Text(str(run.sweep_n or run.n_branches), justify="right"),
        "serial": Text(format_ms(run.serial_ms), justify="right"),
        "parallel": Text(format_ms(run.parallel_ms), justify="right"),
        "speedup": Text(format_speedup(run.speedup), justify="right"),
        "range": Text(spread, justify="right"),
        "norm": Text(format_speedup(run.normalised_speedup), justify="right"),
        "e2e": Text(format_speedup(run.e2e_speedup), justify="right"),
        "flags": Text(stability.flags_text(found), style="bold yellow"),
    }
    return [cells[key] for key in columns]


def answers(run: Run) -> Text:
    """The pair that was scored: the serial answer and the aggregated parallel answer (and the merge, if any)."""
    out = Text()
    for title, text in (("Serial answer", run.serial_text), ("Parallel answer (concat)", run.aggregated_text),
                        ("Parallel answer (merge)", run.merge_text)):
        if text is not None:
            out.append(f"\n{title}\n", style="bold")
            out.append_text(literal(text))
            out.append("\n")
    return out


def _heading(title: str) -> Text:
    return Text(f"\n{title}", style="bold reverse")


@dataclass
class JudgeProgress:
    """The LLM judge at work: which backend, and how many of the two verdicts are in."""

    backend: str
    done: int = 0
    total: int = 2
    stage: str = "starting the backend…"

    def line(self) -> Text:
        filled = round(10 * self.done / self.total) if self.total else 0
        return Text.assemble(("LLM judge ", "bold"), ("━" * filled, "green"), ("━" * (10 - filled), "dim"),
                             f" {self.done}/{self.total} verdicts · ", literal(self.backend), f" · {self.stage}")


class ScoresScreen(ForwardsWorkerErrors, Screen[None]):
    BINDINGS = [
        Binding("g", "score_run", "Score run", tooltip="Score the highlighted run with the automatic scorers",
                id="score-run"),
        Binding("J", "llm_judge", "LLM judge", key_display="J",
                tooltip="Ask an LLM which answer is better, in both orders (configured backend or embedded)",
                id="llm-judge"),
        Binding("j", "judge_run", "Judge A/B", tooltip="Blind A/B judging of the highlighted run", id="judge-run"),
        Binding("escape", "app.pop_screen", "Back", id="leave-scores"),
    ]
    FOOTER_KEYS = ("leave-scores", "score-run", "llm-judge", "judge-run", "quit")

    def __init__(self, studio: Studio, prompt_id: str) -> None:
        super().__init__()
        self.studio = studio
        self.prompt_id = prompt_id
        self.runs: list[Run] = []
        self.shown_columns: list[str] = []
        self.judging: JudgeProgress | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="scores-prompt")
        yield DataTable(id="runs-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="scores-status")
        with VerticalScroll(id="score-details", classes="panel"):
            yield Static(id="score-body")
        yield FittedFooter()

    def on_mount(self) -> None:
        self.query_one("#score-details").border_title = "Scores"
        prompt = self.studio.store.get_prompt(self.prompt_id)
        header = Text.assemble((self.prompt_id[:8], "bold"), "  ")
        header.append_text(one_line(prompt.text if prompt else "", max(20, self.app.size.width - 12)))
        self.query_one("#scores-prompt", Static).update(header)
        self._lay_out_columns()
        self.load_runs()
        self.query_one("#runs-table", DataTable).focus()
        self._show_status()

    def _lay_out_columns(self) -> bool:
        columns, _ = fit_columns(RUN_COLUMNS, RUN_DROP_ORDER, self.app.size.width, 0)
        if [key for key, _, _ in columns] == self.shown_columns:
            return False
        table = self.query_one("#runs-table", DataTable)
        table.clear(columns=True)
        for key, label, width in columns:
            table.add_column(label, width=width, key=key)
        self.shown_columns = [key for key, _, _ in columns]
        return True

    def on_resize(self) -> None:
        if self.shown_columns and self._lay_out_columns():
            self.load_runs()

    def on_screen_resume(self) -> None:
        if self.runs:
            self.show_details()

    def load_runs(self) -> None:
        self.runs = self.studio.store.list_runs(prompt_id=self.prompt_id, limit=HISTORY_LIMIT)
        table = self.query_one("#runs-table", DataTable)
        cursor = table.cursor_row
        table.clear()
        for run in self.runs:
            table.add_row(*run_cells(run, self.shown_columns), key=run.id)
        if self.runs:
            table.move_cursor(row=min(cursor, len(self.runs) - 1))
        table.border_title = f"Runs ({len(self.runs)})"
        self.show_details()

    def current_run(self) -> Run | None:
        table = self.query_one("#runs-table", DataTable)
        if not self.runs or table.cursor_row >= len(self.runs):
            return None
        return self.runs[table.cursor_row]

    @on(DataTable.RowHighlighted, "#runs-table")
    def show_details(self) -> None:
        run = self.current_run()
        body = self.query_one("#score-body", Static)
        if run is None:
            body.update(Text("No runs of this prompt yet: press l on the prompt to run it.", style="dim"))
            return
        body.update(self.details(run))

    def details(self, run: Run) -> RenderableType:
        """Facts, scores, judges and answers of one run (a few indexed reads)."""
        store = self.studio.store
        facts = Text.assemble((f"run {run.id}", "bold"), f" · {run.status}",
                              f" · ideal {format_speedup(run.ideal_speedup)} · merge {format_ms(run.merge_ms)}")
        if run.sampling_ms is not None:
            facts.append(f" · parallel sampling {format_speedup(run.sampling_speedup)} ({format_ms(run.sampling_ms)})")
        found = stability.of_run(run)
        if run.speedup is not None and (spread := stability.spread_text(found, run.trials)):
            facts.append(f"\nspeedup {format_speedup(run.speedup)}: median of {spread}")
        elif run.speedup is None and run.params.get("timing_note"):  # not "median of 3 trials" of no figure
            facts.append_text(literal(f"\nspeedup {format_speedup(None)}: {run.params['timing_note']}", "dim"))
        for flag, reason in zip(found.flags, found.reasons) if found else ():
            facts.append(f"\n{flag}: ", style="bold yellow")
            facts.append_text(literal(reason))
        if run.error:
            facts.append_text(literal(f"\n{run.error}", "red"))
        scores = store.scores_for(run.id)
        parts: list[RenderableType] = [facts, _heading("Scores")]
        if scores:
            parts += [overview_table(scores), *scorer_sections(scores)]
        else:
            parts.append(Text("No scores yet: g scores this run, J asks the LLM judge.", style="dim"))
        judge_scores = [score for score in scores if score.scorer == JUDGE]
        judgements = store.judgements_for(run.id)
        parts += [_heading("LLM judge and blind human judgements"), judges_table(judge_scores, judgements)]
        if reasons := judge_reasons(judge_scores):
            parts.append(reasons)
        parts += self._agreement(judge_scores, judgements)
        if judgements:
            parts.append(literal("blind judgements by " + ", ".join(sorted({j.judge for j in judgements})), "dim"))
        parts.append(answers(run))
        return Group(*parts)

    def _agreement(self, judge_scores: list[Score], judgements: list[Judgement]) -> list[Text]:
        """Cohen's kappa between the humans and the LLM judge: for this run, and over every run of the prompt."""
        from studio.reports.statistics import cohen_kappa

        store = self.studio.store
        pairs = agreement_pairs([score for score in judge_scores if score.aggregation == "concat"], judgements)
        run_ids = [r.id for r in self.runs]
        all_pairs = agreement_pairs(store.scores_for_runs(run_ids, aggregation="concat"),
                                    store.judgements_for_runs(run_ids))
        return [agreement_line(pairs, cohen_kappa(pairs), "this run"),
                agreement_line(all_pairs, cohen_kappa(all_pairs), f"all runs of this prompt: {len(run_ids)}")]

    def _show_status(self) -> None:
        status = self.query_one("#scores-status", Static)
        status.display = self.judging is not None
        if self.judging is not None:
            status.update(self.judging.line())

    # -- automatic scorers ------------------------------------------------------------------------------------------
    def action_score_run(self) -> None:
        run = self.current_run()
        if run is None:
            self.notify("No run to score.", severity="warning")
            return
        self.notify("Scoring… (the similarity model loads on first use)", timeout=3)
        self.score_run(run)

    @work(thread=True, exclusive=True, group="scoring", name="score run", exit_on_error=False)
    def score_run(self, run: Run) -> None:
        from studio.scoring import score_automatically

        summary = score_automatically(self.studio.store, [run], self.studio.settings.score.embedding_precision)
        self.post_message(RunScored(run.id, summary.unscorable.get(run.id)))

    @on(RunScored)
    def _scored(self, message: RunScored) -> None:
        if message.unscorable:
            self.notify(f"Not scored: {message.unscorable}", severity="warning", markup=False)
        self.show_details()

    # -- the LLM judge ------------------------------------------------------------------------------------------------
    def action_llm_judge(self) -> None:
        run = self.current_run()
        if run is None or not judgeable(run):
            self.notify("This run lacks a serial or parallel answer to judge.", severity="warning")
            return
        if self.judging is not None:
            self.notify("The LLM judge is already at work on a run.", severity="warning")
            return
        if self.studio.endpoints.is_embedded:  # nothing to choose between
            self.start_judging(run, use_embedded=False)
            return
        self.post_message(ChooseJudgeBackend(run))

    @on(JudgeBackendChosen)
    def _backend_chosen(self, message: JudgeBackendChosen) -> None:
        self.start_judging(message.run, message.use_embedded)

    def start_judging(self, run: Run, use_embedded: bool) -> None:
        holder = self.studio.embedded if use_embedded else self.studio.endpoints
        self.judging = JudgeProgress(backend=holder.describe())
        self._show_status()
        self.judge_with_llm(run, use_embedded)

    @work(thread=True, exclusive=True, group="llm-judge", name="LLM judge", exit_on_error=False)
    def judge_with_llm(self, run: Run, use_embedded: bool) -> None:
        """The judge `ppstudio score --scorers judge` uses, on the chosen endpoint, asked afresh."""
        from studio.scoring import judge_runs

        studio = self.studio
        endpoint = (studio.embedded if use_embedded else studio.endpoints).get(JUDGE_CONCURRENCY)
        self.post_message(JudgeProgressed(0, "asking both orders…"))
        judge_runs(studio.store, [run], endpoint, concurrency=JUDGE_CONCURRENCY, timeout_s=studio.settings.run.timeout_s,
                   progress=lambda: self.post_message(JudgeProgressed(1, "asking both orders…")), force=True)
        self.post_message(RunJudged(run.id))

    @on(JudgeProgressed)
    def _judge_progress(self, message: JudgeProgressed) -> None:
        if self.judging is not None:
            self.judging.done += message.step
            self.judging.stage = message.stage
            self._show_status()

    @on(RunJudged)
    def _judged(self) -> None:
        self.judging = None
        self._show_status()
        self.notify("LLM judge: verdicts stored.", timeout=3)
        self.show_details()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed or cancelled judge (a failure is reported by the app) takes its progress line away."""
        if event.worker.group == "llm-judge" and event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self.judging = None
            self._show_status()

    # -- blind human judging --------------------------------------------------------------------------------------------
    def action_judge_run(self) -> None:
        run = self.current_run()
        if run is None or not judgeable(run):
            self.notify("This run lacks a serial or parallel answer to judge.", severity="warning")
            return
        self.post_message(OpenJudge(run))
