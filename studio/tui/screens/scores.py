"""Scores and run history of one prompt: every run (newest first) and, for the highlighted run, its scores with
their details and the blind human judgements it received."""

from __future__ import annotations

import json
from collections import Counter

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from store import Judgement, Run, Score
from studio.execution import stability
from studio.tui.literal import literal, one_line
from studio.tui.screens.base import ReportsWorkerFailures, studio_app
from studio.tui.screens.live import format_ms, format_speedup

HISTORY_LIMIT = 200
RUN_COLUMNS: tuple[tuple[str, int], ...] = (
    ("When", 16), ("Backend", 10), ("Status", 8), ("Trials", 6), ("N", 3), ("Serial", 9), ("Parallel", 9),
    ("Speedup", 7), ("Range", 9), ("Norm.", 6), ("E2E", 6), ("Flags", 18),
)


def run_cells(run: Run) -> list[Text]:
    """One history row: the speedup is the median over the run's timed trials, Range their lowest–highest,
    Trials timed/asked, Flags what makes the figure doubtful (noisy, identical branches)."""
    when = (run.created_at or "")[:16].replace("T", " ")
    found = stability.of_run(run)
    trials = f"{found.timed_trials}/{found.trials}" if found else str(run.trials)
    spread = f"{found.low:.2f}–{found.high:.2f}" if found and found.low is not None and found.high is not None \
        and found.timed_trials > 1 else "—"
    numbers = [format_ms(run.serial_ms), format_ms(run.parallel_ms), format_speedup(run.speedup), spread,
               format_speedup(run.normalised_speedup), format_speedup(run.e2e_speedup)]
    return [Text(when), literal(run.backend), Text(run.status), Text(trials, justify="right"),
            Text(str(run.sweep_n or run.n_branches), justify="right"),
            *(Text(value, justify="right") for value in numbers),
            Text(stability.flags_text(found), style="bold yellow")]


def scores_table(scores: list[Score]) -> Table | Text:
    if not scores:
        return Text("No scores yet: press g to score this run (or ppstudio score).", style="dim")
    table = Table(box=None, header_style="bold", expand=True)
    for column in ("Scorer", "Figure", "Aggregation", "Value", "Details"):
        table.add_column(column, overflow="fold")
    for score in scores:
        value = "—" if score.value is None else f"{score.value:.3f}"
        details = json.dumps(score.details, ensure_ascii=False, default=str) if score.details else ""
        table.add_row(literal(score.scorer), literal(score.name), literal(score.aggregation), Text(value),
                      literal(details[:400]))
    return table


def judgements_summary(judgements: list[Judgement]) -> Text:
    if not judgements:
        return Text("No blind judgements yet: press j to judge this run.", style="dim")
    out = Text("Blind human judgements\n", style="bold")
    by_criterion: dict[str, Counter[str]] = {}
    for judgement in judgements:
        by_criterion.setdefault(judgement.criterion, Counter())[judgement.choice] += 1
    for criterion, counts in by_criterion.items():
        out.append(f"  {criterion:<9} serial {counts['serial']} · parallel {counts['parallel']} · "
                   f"tie {counts['tie']}\n")
    judges = sorted({j.judge for j in judgements})
    out.append_text(literal("  by " + ", ".join(judges), "dim"))
    return out


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


class ScoresScreen(ReportsWorkerFailures, Screen[None]):
    BINDINGS = [
        Binding("g", "score_run", "Score run", tooltip="Score the highlighted run with the automatic scorers",
                id="score-run"),
        Binding("j", "judge_run", "Judge A/B", tooltip="Blind A/B judging of the highlighted run", id="judge-run"),
        Binding("escape", "app.pop_screen", "Back", id="leave-scores"),
    ]

    def __init__(self, prompt_id: str) -> None:
        super().__init__()
        self.prompt_id = prompt_id
        self.runs: list[Run] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="scores-prompt")
        yield DataTable(id="runs-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="score-details", classes="panel"):
            yield Static(id="score-body")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#runs-table", DataTable)
        for label, width in RUN_COLUMNS:
            table.add_column(label, width=width, key=label)
        self.query_one("#score-details").border_title = "Scores"
        prompt = studio_app(self).store.get_prompt(self.prompt_id)
        header = Text.assemble((self.prompt_id, "bold"), "  ")
        header.append_text(one_line(prompt.text if prompt else "", 200))
        self.query_one("#scores-prompt", Static).update(header)
        self.load_runs()
        table.focus()

    def on_screen_resume(self) -> None:
        if self.runs:
            self.show_details()

    def load_runs(self) -> None:
        self.runs = studio_app(self).store.list_runs(prompt_id=self.prompt_id, limit=HISTORY_LIMIT)
        table = self.query_one("#runs-table", DataTable)
        table.clear()
        for run in self.runs:
            table.add_row(*run_cells(run), key=run.id)
        self.query_one("#runs-table").border_title = f"Runs ({len(self.runs)})"
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
        store = studio_app(self).store
        facts = Text.assemble((f"run {run.id}", "bold"), f" · {run.status}",
                              f" · ideal {format_speedup(run.ideal_speedup)} · merge {format_ms(run.merge_ms)}")
        if run.sampling_ms is not None:
            facts.append(f" · parallel sampling {format_speedup(run.sampling_speedup)} ({format_ms(run.sampling_ms)})")
        found = stability.of_run(run)
        if spread := stability.spread_text(found, run.trials):
            facts.append(f"\nspeedup {format_speedup(run.speedup)}: median of {spread}")
        for flag, reason in zip(found.flags, found.reasons) if found else ():
            facts.append(f"\n{flag}: ", style="bold yellow")
            facts.append_text(literal(reason))
        if run.error:
            facts.append_text(literal(f"\n{run.error}", "red"))
        body.update(Group(facts, scores_table(store.scores_for(run.id)),
                          judgements_summary(store.judgements_for(run.id)), answers(run)))

    def action_score_run(self) -> None:
        run = self.current_run()
        if run is None:
            self.notify("No run to score.", severity="warning")
            return
        self.notify("Scoring… (the similarity model loads on first use)", timeout=3)
        self.score_run(run)

    @work(thread=True, exclusive=True, group="scoring", name="score run", exit_on_error=False)
    def score_run(self, run: Run) -> None:
        from studio.reports.scoring import AUTOMATIC_SCORERS, automatic_scorers, score_runs

        app = studio_app(self)
        scorers = automatic_scorers(AUTOMATIC_SCORERS, app.settings.score.embedding_precision)
        summary = score_runs(app.store, [run], scorers)
        self.app.call_from_thread(self._scored, summary.unscorable.get(run.id))

    def _scored(self, unscorable: str | None) -> None:
        if unscorable:
            self.notify(f"Not scored: {unscorable}", severity="warning", markup=False)
        self.show_details()

    def action_judge_run(self) -> None:
        from studio.tui.screens.judge import BlindJudgeScreen, judgeable

        run = self.current_run()
        if run is None or not judgeable(run):
            self.notify("This run lacks a serial or parallel answer to judge.", severity="warning")
            return
        self.app.push_screen(BlindJudgeScreen(run))
