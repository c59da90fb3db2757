"""`ppstudio run` (serial vs parallel runs) and `ppstudio runs` (list them). Thin: flags are parsed here; the work
is in `studio.execution.runner`, whose event stream also drives the live view shown on a terminal."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import aclosing
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, get_args

import typer
from rich import box
from rich.console import Group
from rich.live import Live
from rich.table import Table
from rich.text import Text

from store import Store
from store.filters import WHERE_HELP, FilterError, parse_where
from store.models import Run, RunStatus
from studio.backends.base import Endpoint
from studio.cli.common import (
    Aggregation, ApiKeyEnvOption, BackendOption, BaseUrlOption, DbOption, IdError, JsonOption, ModelOption, choices,
    console, err_console, fail, open_store, print_json, resolve_ids, resolve_where_ids, safe, settings_for,
)
from studio.config import Settings
from studio.execution import metrics
from studio.execution.branches import DIVERSITY_STRATEGIES, BranchError, is_repeated_generation, plan_branch_count
from studio.execution.events import (
    PHASE_ROLES, ROLES, Event, PhaseStarted, PromptSkipped, RequestFinished, RequestRetrying, RequestStarted,
    RunFinished, RunInterrupted, RunStarted, TokenDelta, TrialFinished,
)

if TYPE_CHECKING:
    from studio.execution.runner import RunOptions

MAX_LIVE_ROWS = 16  # branches shown in the live table; the rest are summarised in one row
Diversity = choices("Diversity", DIVERSITY_STRATEGIES)
Status = choices("Status", get_args(RunStatus))


def parse_vary_n(text: str | None) -> tuple[int, ...]:
    """'1,2,4,8' -> (1, 2, 4, 8); a clear error for anything else."""
    if not text:
        return ()
    try:
        values = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise typer.BadParameter(f"--vary-n takes comma-separated whole numbers like 1,2,4,8, not {text!r}") from None
    if not values or any(v < 1 for v in values):
        raise typer.BadParameter(f"--vary-n values must be at least 1, got {text!r}")
    return tuple(sorted(set(values)))


def select_prompts(store: Store, prompt_ids: Sequence[str], where_text: str | None, accepted: bool,
                   limit: int | None) -> list[str]:
    """The prompts to run: explicit ids or unique prefixes of them (all must exist), else a filter (default: every
    parallelizable prompt)."""
    if prompt_ids:
        chosen = resolve_ids(store, "prompts", prompt_ids)
    else:
        where = resolve_where_ids(store, parse_where(where_text))
        if accepted:
            if where.triage not in (None, "accepted"):
                raise ValueError(f"--accepted contradicts triage={where.triage} in --where")
            where.triage = "accepted"
        if where.parallelizable is None:
            where.parallelizable = True
        chosen = []
        for prompt in store.iter_prompts(where):
            if limit is not None and len(chosen) >= limit:
                break
            chosen.append(prompt.id)
    return chosen[:limit] if limit is not None else chosen


def branch_needs(store: Store, prompt_ids: Sequence[str], options: RunOptions) -> tuple[int, bool]:
    """The most branches any selected run sends at once (the engine needs that many slots), and whether any
    selected prompt is repeated generation (where the diversity strategy matters)."""
    counts = [1]
    repeated = False
    for prompt_id in prompt_ids:
        schema = store.best_schema(prompt_id)
        if schema is None:
            continue
        try:
            counts.append(plan_branch_count(schema, options.vary_n))
        except BranchError:
            continue
        repeated = repeated or is_repeated_generation(schema)
    return max(counts), repeated


def backend_flags_for_resume(runs: Sequence[Run]) -> dict[str, Any]:
    """Backend flags that reach the engine the interrupted runs were made against, when none were given."""
    backends = {(run.backend, run.model, run.base_url) for run in runs}
    if len(backends) != 1:
        raise ValueError("the interrupted runs were made against different backends; resume them per backend with "
                         "--backend / --base-url and --prompt")
    label, model, base_url = backends.pop()
    if label == "embedded":
        return {"backend": "embedded"}
    if label.startswith("sim:"):
        return {"backend": "sim", "sim_profile": label.partition(":")[2]}
    return {"backend": "openai", "base_url": base_url, "model": model}


def run_document(run: Run) -> dict[str, Any]:
    """A run as JSON, with the merge-inclusive speedup and the 'simulated' label spelled out."""
    document = asdict(run)
    document["merged_speedup"] = metrics.merged_speedup(run.serial_ms, run.parallel_ms, run.merge_ms)
    document["label"] = "simulated" if run.simulated else "measured"
    return document


def _figure(value: float | None, suffix: str = "x", digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}{suffix}"


RUN_FIGURE_DROP_ORDER: tuple[str, ...] = ("+merge", "ideal", "e2e", "norm")  # left out first on a narrow terminal
_ID_WIDTH = 16
_GAP = 2  # between columns: the padding and the (blank) separator of the box
_MIN_BACKEND = 8  # narrowest the backend column gets (a longer name wraps)
RUNS_LEGEND = ("ms · × = serial/parallel · norm = per output token · ideal = vs slowest branch alone · e2e = with "
               "decomposition · +merge = with the merge call · * simulated · — not measured")


def runs_table(runs: Sequence[Run], title: str, width: int | None = None) -> Group:
    """Runs with their figures and a legend; `*` marks simulated backends, — a figure that was not measured.
    Numbers are never cut: columns no run has a value for (ideal, merge) are left out, and when the table is still
    wider than the terminal (`width`, default the console's) the least used figures go too, named in the legend,
    and a long backend name wraps."""
    figures: dict[str, list[str]] = {
        "serial": [_figure(r.serial_ms, "", 0) for r in runs],
        "parallel": [_figure(r.parallel_ms, "", 0) for r in runs],
        "×": [_figure(r.speedup) for r in runs],
        "norm": [_figure(r.normalised_speedup) for r in runs],
        "ideal": [_figure(r.ideal_speedup) for r in runs],
        "e2e": [_figure(r.e2e_speedup) for r in runs],
        "+merge": [_figure(metrics.merged_speedup(r.serial_ms, r.parallel_ms, r.merge_ms)) for r in runs],
    }
    shown = {name: values for name, values in figures.items()
             if name not in ("ideal", "+merge") or any(v != "—" for v in values)}
    width = width or console.width
    backends = [safe(run.backend) + ("*" if run.simulated else "") for run in runs]
    counts = [str(run.n_branches) + (f" (n={run.sweep_n})" if run.sweep_n is not None else "") for run in runs]
    backend_width = max(len(text) for text in [*backends, *(run.status for run in runs), "backend"])
    n_width = max(len(text) for text in [*counts, "n"])
    n_min = max(len(word) for text in [*counts, "n"] for word in text.split())

    def room() -> int:
        """Cells left for the backend and n columns beside the id and the figures shown."""
        return width - _ID_WIDTH - _GAP - sum(max(map(len, [name, *values])) + _GAP for name, values in shown.items())

    left_out: list[str] = []
    for name in RUN_FIGURE_DROP_ORDER:
        if room() >= _MIN_BACKEND + n_min + 2 * _GAP:
            break
        if name in shown:
            del shown[name]
            left_out.append(name)
    n_shown = n_width if room() >= _MIN_BACKEND + n_width + 2 * _GAP else n_min
    table = Table(title=title, box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0), show_edge=False)
    table.add_column("run/prompt", no_wrap=True)
    table.add_column("backend", overflow="fold", width=max(_MIN_BACKEND, min(backend_width,
                                                                            room() - n_shown - 2 * _GAP)))
    table.add_column("n", width=n_shown)
    for column in shown:  # numbers: the room is made for them, so they are never cut
        table.add_column(column, justify="right", no_wrap=True)
    for i, run in enumerate(runs):
        table.add_row(f"{run.id}\n{run.prompt_id}", f"{backends[i]}\n{safe(run.status)}", counts[i],
                      *(values[i] for values in shown.values()))
    legend = RUNS_LEGEND + (f" · left out for the width: {', '.join(left_out)} (--json has every figure)"
                            if left_out else "")
    return Group(table, Text(legend, style="dim"))


def run_outcome_line(run: Run) -> str:
    """One line per finished run, with why there is no speedup when there is none."""
    simulated = " [yellow](simulated)[/]" if run.simulated else ""
    line = (f"run {run.id} prompt {run.prompt_id}: [bold]{safe(run.status)}[/]{simulated}, "
            f"{run.n_branches} branches, speedup {_figure(run.speedup)} "
            f"(serial {_figure(run.serial_ms, ' ms', 0)}, parallel {_figure(run.parallel_ms, ' ms', 0)})")
    if run.merge_ms is not None:
        line += f", merge {run.merge_ms:.0f} ms"
    if run.params.get("timing_note"):
        line += "\n  " + safe(run.params["timing_note"])
    if run.error:
        line += "\n  [red]" + safe(run.error) + "[/]"
    return line


@dataclass(slots=True)
class _Row:
    status: str = "waiting"
    started: float | None = None
    ended: float | None = None
    chunks: int = 0
    tokens: int | None = None
    retries: int = 0
    note: str = ""


@dataclass(slots=True)
class LiveView:
    """The live table of the current run (serial progress, per-branch status, elapsed, tokens/s), fed by events."""

    run: Run | None = None
    labels: tuple[str, ...] = ()
    trial: int = 0
    phase: str = ""
    rows: dict[tuple[str, int], _Row] = field(default_factory=dict)
    started: list[str] = field(default_factory=list)  # run ids, in order
    finished: list[Run] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    last_speedup: str = ""

    def handle(self, event: Event) -> str | None:
        """Update from one event; returns a line to print above the live table, if any."""
        now = time.perf_counter()
        match event:
            case RunStarted(run=run, branches=labels):
                self.run, self.labels, self.rows, self.trial = run, labels, {}, 0
                self.started.append(run.id)
            case PhaseStarted(trial=trial, phase=phase):
                self.trial, self.phase = trial, phase
                role = PHASE_ROLES[phase]
                for key in [k for k in self.rows if k[0] == role]:
                    del self.rows[key]
            case RequestStarted(role=role, idx=idx):
                self.rows[(role, idx)] = _Row(status="streaming", started=now)
            case TokenDelta(role=role, idx=idx):
                self.rows.setdefault((role, idx), _Row(status="streaming", started=now)).chunks += 1
            case RequestRetrying(role=role, idx=idx, attempt=attempt, reason=reason):
                row = self.rows.setdefault((role, idx), _Row(started=now))
                row.status, row.retries, row.chunks, row.note = "retrying", attempt, 0, reason
            case RequestFinished(record=record):
                row = self.rows.setdefault((record.role, record.idx), _Row(started=now))
                row.status = "cached" if record.from_cache else record.status
                row.ended, row.tokens, row.note = now, record.output_tokens, record.error or ""
            case TrialFinished(serial_ms=serial_ms, parallel_ms=parallel_ms):
                self.last_speedup = _figure(metrics.speedup(serial_ms, parallel_ms))
            case RunFinished(run=run) | RunInterrupted(run=run):
                self.finished.append(run)
                return run_outcome_line(run)
            case PromptSkipped(prompt_id=prompt_id, reason=reason):
                self.skipped.append((prompt_id, reason))
                return f"[yellow]skipped[/] prompt {prompt_id}: {safe(reason)}"
        return None

    def render(self) -> Group | Text:
        if self.run is None:
            return Text("starting…")
        run = self.run
        simulated = " [yellow](simulated)[/]" if run.simulated else ""
        header = (f"run {run.id} · prompt {run.prompt_id} · {safe(run.backend)}{simulated} · trial "
                  f"{self.trial + 1}/{run.trials} · {safe(self.phase)}"
                  + (f" · last trial speedup {self.last_speedup}" if self.last_speedup else ""))
        table = Table("", "status", "elapsed", "tokens", "tok/s", "branch", expand=False)
        now = time.perf_counter()
        keys = sorted(self.rows, key=lambda k: (ROLES.index(k[0]), k[1]))
        shown = keys[:MAX_LIVE_ROWS]
        for role, idx in shown:
            row = self.rows[(role, idx)]
            elapsed = ((row.ended or now) - row.started) if row.started is not None else 0.0
            tokens = row.tokens if row.tokens is not None else row.chunks
            rate = f"{tokens / elapsed:.1f}" if elapsed > 0 and tokens else "—"
            label = self.labels[idx] if role in ("branch", "ideal") and idx < len(self.labels) else ""
            name = role if role in ("serial", "merge") else f"{role} {idx + 1}"
            status = row.status + (f" (retry {row.retries})" if row.retries else "")
            table.add_row(name, safe(status), f"{elapsed:.1f}s", str(tokens), rate,
                          safe(_clip(row.note or label, 48)))
        if len(keys) > len(shown):
            rest = [self.rows[k] for k in keys[len(shown):]]
            done = sum(1 for r in rest if r.ended is not None)
            table.add_row("…", f"{done}/{len(rest)} more done", "", "", "", "")
        return Group(header, table)


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


async def _consume(events: AsyncIterator[Event], view: LiveView, live: bool) -> None:
    """Feed every event to the view; on a terminal redraw the live table, else print one line per run."""
    async with aclosing(events) as stream:
        if not live:
            async for event in stream:
                line = view.handle(event)
                if line:
                    err_console.print(line)
            return
        with Live(view.render(), console=console, refresh_per_second=8, transient=True) as screen:
            async for event in stream:
                line = view.handle(event)
                if line:
                    screen.console.print(line)
                screen.update(view.render())


def register(app: typer.Typer) -> None:
    """Add `run` and `runs`."""

    @app.command("run")
    def run_command(
        prompt: Annotated[list[str] | None, typer.Option(
            "--prompt", help="Prompt id, or its first 6+ characters, to run (repeatable).")] = None,
        where: Annotated[str | None, typer.Option("--where", help=WHERE_HELP)] = None,
        accepted: Annotated[bool, typer.Option("--accepted", help="Only prompts accepted in triage.")] = False,
        limit: Annotated[int | None, typer.Option("--limit", min=0, help="Run at most N prompts.")] = None,
        base_url: BaseUrlOption = None,
        model: ModelOption = None,
        api_key_env: ApiKeyEnvOption = None,
        backend: BackendOption = None,
        trials: Annotated[int | None, typer.Option("--trials", min=1, help="Repetitions; trials alternate "
                                                   "serial-first and parallel-first; figures are medians.")] = None,
        concurrency: Annotated[int | None, typer.Option("--concurrency", min=1, help="Requests in flight at once "
                                                        "(set it to a hosted API's rate limit).")] = None,
        max_tokens: Annotated[int | None, typer.Option("--max-tokens", min=1, help="Output token budget per "
                                                       "request.")] = None,
        temperature: Annotated[float | None, typer.Option("--temperature", min=0.0, max=2.0)] = None,
        seed: Annotated[int | None, typer.Option("--seed", help="Sampling seed (repeated-generation branch i "
                                                 "uses seed + i).")] = None,
        diversity: Annotated[Diversity, typer.Option("--diversity", help="How repeated-generation branches "
                                                     "differ: seed (distinct seeds), letter ('Start with the letter "
                                                     "X'), index ('This is idea i of n').")] = Diversity.seed,
        vary_n: Annotated[str | None, typer.Option("--vary-n", help="n-sweep for repeated-generation prompts, "
                                                   "e.g. 1,2,4,8: one run per n, stored as one sweep (other "
                                                   "prompts run once).")] = None,
        ideal: Annotated[bool, typer.Option("--ideal", help="Also time every branch alone; the slowest gives the "
                                            "ideal speedup.")] = False,
        aggregation: Annotated[Aggregation, typer.Option("--aggregation", help="concat: branch outputs numbered "
                                                         "in data order; merge: plus one LLM call combining them "
                                                         "(timed separately).")] = Aggregation.concat,
        no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not reuse cached answers (the cache is only "
                                               "used at temperature 0; cached answers never count as "
                                               "latency).")] = False,
        share_prefix: Annotated[bool, typer.Option("--share-prefix/--no-share-prefix", help="Before branches that "
                                                   "share a context, prefill it once and copy it to the other "
                                                   "slots (llama.cpp servers; timed as part of the parallel "
                                                   "side).")] = True,
        timeout: Annotated[float | None, typer.Option("--timeout", min=0.1, help="Seconds per request "
                                                      "attempt.")] = None,
        retries: Annotated[int | None, typer.Option("--retries", min=0, help="Retries on 429/5xx/disconnects/"
                                                    "timeouts (with jittered backoff).")] = None,
        resume_runs: Annotated[bool, typer.Option("--resume", help="Complete interrupted runs, runs with failed "
                                                  "requests (partial, failed) and runs whose process died (of the "
                                                  "selected prompts, or all): only requests that did not finish "
                                                  "OK are re-sent.")] = False,
        db: DbOption = None,
        as_json: JsonOption = False,
    ) -> None:
        """Run prompts serial vs parallel and store every branch's text and timings.

        Serial = the schema's serial prompt as one request; parallel = one request per data item (or n requests
        for repeated generation), all at once, streaming. Without --base-url/--backend the embedded engine is
        started (and stopped) for you. Ctrl-C keeps everything finished; `--resume` completes the rest.

        Examples:

          ppstudio run --accepted --trials 3 --ideal

          ppstudio run --where category=Translation --limit 20 --base-url http://127.0.0.1:8000/v1 --model M

          ppstudio run --backend sim --vary-n 1,2,4,8 --where "category=Repeated Generation"

        Exit status: 0 when every run is done or partial; 1 on bad input (no prompts selected, unknown prompt,
        unreachable backend); 2 on a usage error; 3 when a run failed (nothing measured: its serial request or
        every branch failed; each request's reason is stored and shown); 130 when interrupted.
        """
        from studio.execution.runner import RunOptions, execute, resumable_runs, resume  # loads the openai client

        backend_flags = {"backend": backend, "base_url": base_url, "model": model, "api_key_env": api_key_env}
        if base_url and backend is None:
            backend_flags["backend"] = "openai"
        settings = settings_for(db, **backend_flags)
        try:
            options = RunOptions.from_settings(
                settings.run, trials=trials, concurrency=concurrency, max_tokens=max_tokens,
                temperature=temperature, seed=seed, diversity=diversity, vary_n=parse_vary_n(vary_n), ideal=ideal,
                use_cache=not no_cache, aggregation=aggregation, share_prefix=share_prefix, timeout_s=timeout,
                retries=retries)
        except ValueError as exc:
            raise fail(str(exc)) from None
        selecting = bool(prompt or where or accepted)
        with open_store(db) as store:
            try:
                selected = select_prompts(store, prompt or [], where, accepted, limit) if (
                    selecting or not resume_runs) else []
            except (FilterError, ValueError) as exc:
                raise fail(str(exc)) from None
            if resume_runs:
                pending = resumable_runs(store, selected if selecting else None)
                if not pending:
                    _finish_output(LiveView(), as_json, "nothing to resume: no interrupted, partial or failed runs")
                    return
                if not any(backend_flags.values()):
                    try:
                        settings = settings_for(db, **backend_flags_for_resume(pending))
                    except ValueError as exc:
                        raise fail(str(exc)) from None
                view = run_with_live_view(store, settings, max(run.n_branches for run in pending), as_json,
                                          lambda endpoint: resume(store, endpoint, pending))
                exit_if_failed(view.finished)
                return
            if not selected:
                raise fail("no prompts selected (need a parallelizable schema: run `ppstudio curate` first, or "
                           "check --prompt/--where)")
            slots, repeated = branch_needs(store, selected, options)
            if repeated and options.diversity == "seed" and options.temperature == 0 and not as_json:
                err_console.print("[yellow]note:[/] --diversity seed at temperature 0 gives identical "
                                  "repeated-generation branches; use --temperature > 0 or --diversity letter")
            view = run_with_live_view(store, settings, slots, as_json,
                                      lambda endpoint: execute(store, endpoint, selected, options))
            exit_if_failed(view.finished)

    @app.command("runs")
    def runs_command(
        prompt: Annotated[str | None, typer.Option(
            "--prompt", help="Only runs of this prompt id (or its first 6+ characters).")] = None,
        status: Annotated[Status | None, typer.Option("--status", help="Only runs in this state.")] = None,
        sweep: Annotated[str | None, typer.Option("--sweep", help="Only the runs of this n-sweep id.")] = None,
        limit: Annotated[int, typer.Option("--limit", min=1, help="Newest N runs.")] = 50,
        db: DbOption = None,
        as_json: JsonOption = False,
    ) -> None:
        """List stored runs, newest first, with their speedups (— means not measured; see the run's note).

        Examples:

          ppstudio runs --limit 10

          ppstudio runs --status interrupted --json
        """
        with open_store(db) as store:
            try:
                prompt_id = resolve_ids(store, "prompts", [prompt])[0] if prompt else None
            except IdError as exc:
                raise fail(str(exc)) from None
            runs = store.list_runs(prompt_id=prompt_id, status=status, sweep_id=sweep, limit=limit)
        if as_json:
            print_json({"runs": [run_document(run) for run in runs]})
            return
        if not runs:
            console.print("no runs yet (`ppstudio run` makes some)")
            return
        print_runs_table(runs, f"{len(runs)} run(s), newest first")


def run_with_live_view(store: Store, settings: Settings, slots: int, as_json: bool,
                       events_for: Callable[[Endpoint], AsyncIterator[Event]]) -> LiveView:
    """Start the backend, stream the runs through the live view, and print the outcome (also when interrupted);
    returns the view, whose `finished` runs the caller may judge."""
    from studio.backends import BackendError, open_endpoint
    from studio.backends.embedded import EngineError

    view = LiveView()
    interrupted = False
    try:
        with open_endpoint(settings.backend, min_slots=slots) as endpoint:
            asyncio.run(_consume(events_for(endpoint), view, console.is_terminal and not as_json))
    except KeyboardInterrupt:
        interrupted = True
        # the cancelled event stream could not deliver RunInterrupted: read what the runner stored
        done = {run.id for run in view.finished}
        view.finished.extend(run for run_id in view.started if run_id not in done
                             for run in [store.get_run(run_id)] if run is not None)
    except (ValueError, BackendError, EngineError) as exc:
        raise fail(str(exc)) from None
    _finish_output(view, as_json, "" if view.finished else "no runs made")
    if interrupted:
        err_console.print("[yellow]interrupted:[/] finished requests are stored; complete the runs with "
                          "`ppstudio run --resume` (same --db)")
        raise typer.Exit(130)
    return view


def exit_if_failed(runs: Sequence[Run]) -> None:
    """Exit with status 3 (after the output is printed) when any run failed: nothing was measured for it."""
    failed = [run for run in runs if run.status == "failed"]
    if failed:
        raise fail(f"{len(failed)} of {len(runs)} runs failed (see each run's error; `ppstudio run --resume` "
                   f"re-sends what did not finish)", code=3)


def _finish_output(view: LiveView, as_json: bool, note: str) -> None:
    if as_json:
        print_json({"runs": [run_document(run) for run in view.finished],
                    "skipped": [{"prompt_id": p, "reason": r} for p, r in view.skipped]})
        return
    if note:
        console.print(note)
    if view.finished:
        print_runs_table(view.finished, "runs")


def print_runs_table(runs: Sequence[Run], title: str) -> None:
    console.print(runs_table(runs, title))
    if any(run.simulated for run in runs):
        console.print("[yellow]* simulated[/]: figures from the simulator (teaching and testing), not measurements "
                      "of a model")
