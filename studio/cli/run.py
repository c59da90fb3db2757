"""`ppstudio run` (serial vs parallel runs) and `ppstudio runs` (list them). Thin: flags are parsed here; what to
run or resume is decided by `studio.execution.selection` and done by `studio.execution.runner`, whose event stream
also drives the live view shown on a terminal."""

from __future__ import annotations

import json
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
from studio.backends import context_overflow_hint
from studio.backends.base import Endpoint
from studio.cli.common import (
    Aggregation, ApiKeyEnvOption, BackendOption, BaseUrlOption, DbOption, IdError, JsonOption, ModelOption, choices,
    console, err_console, fail, given_on_command_line, interrupted_exit, open_store, print_json, resolve_ids,
    resolve_where_ids, safe, settings_for,
)
from studio.config import Settings
from studio.execution import CLIENTS, SERIAL_BUDGETS, metrics, stability
from studio.execution.branches import DIVERSITY_STRATEGIES
from studio.execution.events import (
    PHASE_ROLES, ROLES, Event, PhaseStarted, PromptSkipped, RequestFinished, RequestRetrying, RequestStarted,
    RunFinished, RunInterrupted, RunStarted, TokenDelta, TrialFinished,
)
from studio.presentation import clip, counted, number, seconds, speedup, value_range

if TYPE_CHECKING:
    from studio.execution.selection import PromptSelection

MAX_LIVE_ROWS = 16  # branches shown in the live table; the rest are summarised in one row
Diversity = choices("Diversity", DIVERSITY_STRATEGIES)
Client = choices("Client", CLIENTS)
SerialBudget = choices("SerialBudget", SERIAL_BUDGETS)
Status = choices("Status", get_args(RunStatus))


def parse_extra_body(text: str | None) -> dict[str, Any] | None:
    """--extra-body: a JSON object merged into every chat request body."""
    if text is None:
        return None
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise typer.BadParameter(f"--extra-body must be JSON: {exc}") from None
    if not isinstance(value, dict):
        raise typer.BadParameter("--extra-body must be a JSON object, e.g. "
                                 "'{\"chat_template_kwargs\": {\"enable_thinking\": false}}'")
    return value


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


def run_document(run: Run) -> dict[str, Any]:
    """A run as JSON, with the merge-inclusive speedup, the 'simulated' label, the speedup's spread over trials and
    the run's flags spelled out."""
    document = asdict(run)
    document["merged_speedup"] = metrics.merged_speedup(run.serial_ms, run.parallel_ms, run.merge_ms)
    document["label"] = "simulated" if run.simulated else "measured"
    found = stability.of_run(run)
    document["spread"] = None if found is None else {
        "low": found.low, "high": found.high, "ci_low": found.ci_low, "ci_high": found.ci_high,
        "timed_trials": found.timed_trials, "trials": found.trials, "per_trial": found.speedups}
    document["flags"] = found.flags if found else []
    return document


RUN_FIGURE_DROP_ORDER: tuple[str, ...] = ("+merge", "ideal", "e2e", "norm", "n=k")  # left out first when narrow
_ID_WIDTH = 16
_GAP = 2  # between columns: the padding and the (blank) separator of the box
_MIN_BACKEND = 8  # narrowest the backend column gets (a longer name wraps)
RUNS_LEGEND = ("status t/k = t of k trials timed · ms · × = serial/parallel, median over the trials (range below) · "
               "norm = per output token · ideal = vs slowest branch alone · e2e = with decomposition · +merge = with "
               "the merge call · n=k = one request for all n answers · * simulated · — not measured")


def _cells(text: str) -> int:
    """Width of a table cell: its widest line."""
    return max(len(line) for line in text.split("\n"))


def runs_table(runs: Sequence[Run], title: str, width: int | None = None) -> Group:
    """Runs with their figures and a legend; `*` marks simulated backends, — a figure that was not measured.
    Speedups are medians over the run's timed trials, the speedup's range over them below it. Numbers are never
    cut: columns no run has a value for (ideal, merge, parallel sampling, flags) are left out, and when the table
    is still wider than the terminal (`width`, default the console's) the least used figures go too, named in the
    legend, and a long backend name and the flags wrap."""
    assessed = [stability.of_run(r) for r in runs]
    figures: dict[str, list[str]] = {
        "serial": [number(r.serial_ms, 0) for r in runs],
        "parallel": [number(r.parallel_ms, 0) for r in runs],
        "×": [speedup(r.speedup, "x") + _range(found) for r, found in zip(runs, assessed)],
        "norm": [speedup(r.normalised_speedup, "x") for r in runs],
        "ideal": [speedup(r.ideal_speedup, "x") for r in runs],
        "e2e": [speedup(r.e2e_speedup, "x") for r in runs],
        "+merge": [speedup(metrics.merged_speedup(r.serial_ms, r.parallel_ms, r.merge_ms), "x") for r in runs],
        "n=k": [speedup(r.sampling_speedup, "x") for r in runs],
    }
    shown = {name: values for name, values in figures.items()
             if name not in ("ideal", "+merge", "n=k") or any(v != "—" for v in values)}
    flags = [safe(stability.flags_text(found).replace(", ", "\n")) for found in assessed]
    width = width or console.width
    backends = [safe(run.backend) + ("*" if run.simulated else "") for run in runs]
    states = [f"{safe(run.status)} {_trials(run, found)}" for run, found in zip(runs, assessed)]
    counts = [str(run.n_branches) + ("\nsweep" if run.sweep_id is not None else "") for run in runs]
    backend_width = max(_cells(text) for text in [*backends, *states, "backend"])
    n_width = max(_cells(text) for text in [*counts, "n"])
    flags_width = max(_cells(text) for text in [*flags, "flags"]) if any(flags) else 0
    flags_min = max(len(word) for text in [*flags, "flags"] for word in text.split()) if flags_width else 0

    def room() -> int:
        """Cells left for the backend and flags text beside the id, n and the figures shown."""
        return (width - _ID_WIDTH - _GAP - _GAP - n_width - _GAP - (_GAP if flags_width else 0)
                - sum(max(_cells(text) for text in [name, *values]) + _GAP for name, values in shown.items()))

    left_out: list[str] = []
    for name in RUN_FIGURE_DROP_ORDER:
        if room() >= _MIN_BACKEND + flags_min:
            break
        if name in shown:
            del shown[name]
            left_out.append(name)
    backend_shown = max(_MIN_BACKEND, min(backend_width, room() - flags_min))
    table = Table(title=title, box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0), show_edge=False)
    table.add_column("run/prompt", no_wrap=True)
    table.add_column("backend", overflow="fold", width=backend_shown)
    table.add_column("n", width=n_width)
    for column in shown:  # numbers: the room is made for them, so they are never cut
        table.add_column(column, justify="right", no_wrap=True)
    if flags_width:
        table.add_column("flags", overflow="fold", width=max(flags_min, min(flags_width, room() - backend_shown)))
    for i, run in enumerate(runs):
        table.add_row(f"{run.id}\n{run.prompt_id}", f"{backends[i]}\n{states[i]}", counts[i],
                      *(values[i] for values in shown.values()), *([flags[i]] if flags_width else []))
    legend = RUNS_LEGEND + (f" · left out for the width: {', '.join(left_out)} (--json has every figure)"
                            if left_out else "")
    return Group(table, Text(legend, style="dim"))


def _range(found: stability.Stability | None) -> str:
    """The second line of a speedup cell: its lowest–highest per-trial value, when there were several trials."""
    if found is None or found.low is None or found.high is None or found.timed_trials < 2:
        return ""
    return "\n" + value_range(found.low, found.high)


def _trials(run: Run, found: stability.Stability | None) -> str:
    """Timed trials of those asked for ("2/3"); just the count asked for while a run has no figures yet."""
    return f"{found.timed_trials}/{found.trials}" if found is not None else f"?/{run.trials}"


def run_outcome_line(run: Run) -> str:
    """One line per finished run, with why there is no speedup when there is none, and one line per flag saying
    why the figure is not to be trusted as it stands."""
    simulated = " [yellow](simulated)[/]" if run.simulated else ""
    found = stability.of_run(run)
    spread = stability.spread_text(found, run.trials)
    line = (f"run {run.id} prompt {run.prompt_id}: [bold]{safe(run.status)}[/]{simulated}, "
            f"{run.n_branches} branches, speedup {speedup(run.speedup, 'x')}" + (f" ({spread})" if spread else "")
            + f" (serial {number(run.serial_ms, 0, ' ms')}, parallel {number(run.parallel_ms, 0, ' ms')})")
    if run.merge_ms is not None:
        line += f", merge {run.merge_ms:.0f} ms"
    if run.sampling_ms is not None:
        line += f", parallel sampling {speedup(run.sampling_speedup, 'x')} ({run.sampling_ms:.0f} ms)"
    if run.params.get("timing_note"):
        line += "\n  " + safe(run.params["timing_note"])
    for flag, reason in zip(found.flags, found.reasons) if found else ():
        line += f"\n  [yellow]{safe(flag)}:[/] {safe(reason)}"
    if run.error:
        line += "\n  [red]" + safe(run.error) + "[/]"
    if hint := context_overflow_hint(run.error, run.backend):
        line += "\n  " + safe(hint)
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
    not_started: list[str] = field(default_factory=list)  # prompts an interruption kept from starting (kept in the job)
    trial_speedups: list[str] = field(default_factory=list)  # one per finished trial of the current run
    duplicates: stability.DuplicateFinder = field(default_factory=stability.DuplicateFinder)

    def handle(self, event: Event) -> str | None:
        """Update from one event; returns a line to print above the live table, if any."""
        now = time.perf_counter()
        match event:
            case RunStarted(run=run, branches=labels):
                self.run, self.labels, self.rows, self.trial, self.trial_speedups = run, labels, {}, 0, []
                self.started.append(run.id)
            case PhaseStarted(trial=trial, phase=phase):
                self.trial, self.phase = trial, phase
                role = PHASE_ROLES[phase]
                for key in [k for k in self.rows if k[0] == role]:
                    del self.rows[key]
                if role == "branch":
                    self.duplicates = stability.DuplicateFinder()
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
                if record.role == "branch" and record.status == "ok":
                    same = self.duplicates.add(record.idx, record.text)
                    row.note = row.note or (f"same answer as branch {same + 1}" if same is not None else "")
            case TrialFinished(serial_ms=serial_ms, parallel_ms=parallel_ms):
                self.trial_speedups.append(speedup(metrics.speedup(serial_ms, parallel_ms), "x"))
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
                  + (f" · speedup of each finished trial {', '.join(self.trial_speedups)} (the run's figure is "
                     "their median, at the end)" if self.trial_speedups else ""))
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
            table.add_row(name, safe(status), seconds(elapsed), str(tokens), rate,
                          safe(clip(row.note or label, 48)))
        if len(keys) > len(shown):
            rest = [self.rows[k] for k in keys[len(shown):]]
            done = sum(1 for r in rest if r.ended is not None)
            table.add_row("…", f"{done}/{len(rest)} more done", "", "", "", "")
        return Group(header, table)


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
        ctx: typer.Context,
        prompt: Annotated[list[str] | None, typer.Option(
            "--prompt", help="Prompt id, or its first 6+ characters, to run (repeatable).")] = None,
        where: Annotated[str | None, typer.Option("--where", help=WHERE_HELP)] = None,
        accepted: Annotated[bool, typer.Option("--accepted", help="Only prompts accepted in triage.")] = False,
        limit: Annotated[int | None, typer.Option("--limit", min=0, help="Run at most N prompts.")] = None,
        base_url: BaseUrlOption = None,
        model: ModelOption = None,
        api_key_env: ApiKeyEnvOption = None,
        backend: BackendOption = None,
        trials: Annotated[int | None, typer.Option("--trials", min=1, help="Repetitions (default 3); trials "
                                                   "alternate serial-first and parallel-first; speedups are the "
                                                   "median of the per-trial speedups, shown with their range; runs "
                                                   "whose times varied are flagged noisy.")] = None,
        concurrency: Annotated[int | None, typer.Option("--concurrency", min=1, help="Requests in flight at once "
                                                        "(set it to a hosted API's rate limit).")] = None,
        max_tokens: Annotated[int | None, typer.Option("--max-tokens", min=1, help="Output token budget per "
                                                       "request.")] = None,
        serial_budget: Annotated[SerialBudget | None, typer.Option("--serial-budget", help="The serial request's "
                                                                   "budget: same (--max-tokens, like each branch; "
                                                                   "the default) or sum (--max-tokens times the "
                                                                   "branches: what they may write together, so a "
                                                                   "serial answer cut at it is not flagged `serial "
                                                                   "cut`).")] = None,
        temperature: Annotated[float | None, typer.Option("--temperature", min=0.0, max=2.0)] = None,
        seed: Annotated[int | None, typer.Option("--seed", help="Sampling seed (repeated-generation branch i "
                                                 "uses seed + i).")] = None,
        diversity: Annotated[Diversity | None, typer.Option("--diversity", help="How repeated-generation branches "
                                                            "differ: letter ('Start with the letter X', the default: "
                                                            "distinct even at temperature 0), index ('This is idea i "
                                                            "of n'), seed (distinct seeds only: identical at "
                                                            "temperature 0).")] = None,
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
                                                   "share a context, get it into the server's prefix cache: "
                                                   "llama.cpp prefills it once and copies it to the other slots, "
                                                   "other servers (vLLM, SGLang) get one max_tokens=1 warm-up "
                                                   "request; timed as part of the parallel side.")] = True,
        cold_cache: Annotated[bool, typer.Option("--cold-cache/--warm-cache", help="Erase the server's prompt "
                                                 "cache before each timed phase (llama.cpp slots), so every trial "
                                                 "times a new prompt's prefill; --warm-cache keeps it (later "
                                                 "trials then reuse earlier ones' prompts).")] = True,
        parallel_sampling: Annotated[bool, typer.Option("--parallel-sampling", help="Repeated generation: also "
                                                        "time one request asking for all n answers (n=k, vLLM/"
                                                        "SGLang), a fifth comparison; needs a temperature above 0 "
                                                        "for distinct answers.")] = False,
        extra_body: Annotated[str | None, typer.Option("--extra-body", help="JSON object merged into every chat "
                                                       "request, e.g. '{\"chat_template_kwargs\": "
                                                       "{\"enable_thinking\": false}}'.")] = None,
        max_completion_tokens: Annotated[bool, typer.Option("--max-completion-tokens", help="Send the token "
                                                            "budget as max_completion_tokens (models that reject "
                                                            "max_tokens).")] = False,
        client: Annotated[Client, typer.Option("--client", help="HTTP client of the timed requests: aiohttp "
                                               "(lean, the default) or openai (the SDK).")] = Client.aiohttp,
        timeout: Annotated[float | None, typer.Option("--timeout", min=0.1, help="Seconds per request "
                                                      "attempt.")] = None,
        retries: Annotated[int | None, typer.Option("--retries", min=0, help="Retries on 408/409/429/5xx (not "
                                                    "501)/disconnects/timeouts (with jittered backoff or the "
                                                    "server's Retry-After).")] = None,
        resume_runs: Annotated[bool, typer.Option("--resume", help="Complete interrupted runs, runs with failed "
                                                  "requests (partial, failed) and runs whose process died (of the "
                                                  "selected prompts, or all): only requests that did not finish "
                                                  "OK are re-sent; then run the prompts an interrupted or killed "
                                                  "run command had not reached, with its options.")] = False,
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

        Exit status: 0 when every run is done or partial; 1 on bad input (no prompts selected, every selected
        prompt skipped, unknown prompt, unreachable backend); 2 on a usage error; 3 when a run failed (nothing
        measured: its serial request or every branch failed; each request's reason is stored and shown); 130 when
        interrupted.
        """
        from studio.execution.options import OptionsError, RunOptions
        from studio.execution.selection import plan_job  # loads the runner and its HTTP clients

        given = _run_options_given(ctx) if resume_runs else {}
        if fixed := [flag for name, flag in given.items() if name not in _RESUME_RETRY_FLAGS]:
            raise fail(f"--resume completes each run with the options it was made with (only --timeout and --retries "
                       f"may change), so {', '.join(fixed)} would be ignored: resume without them, or start new "
                       "runs to use them", code=2)
        backend_flags = {"backend": backend, "base_url": base_url, "model": model, "api_key_env": api_key_env}
        if base_url and backend is None:
            backend_flags["backend"] = "openai"
        settings = settings_for(db, **backend_flags)
        try:
            options = RunOptions.from_settings(
                settings.run, settings.origins_of("run"), trials=trials, concurrency=concurrency, max_tokens=max_tokens,
                serial_budget=serial_budget, temperature=temperature, seed=seed, diversity=diversity,
                vary_n=parse_vary_n(vary_n), ideal=ideal,
                use_cache=not no_cache, aggregation=aggregation, share_prefix=share_prefix, cold_cache=cold_cache,
                parallel_sampling=parallel_sampling, extra_body=parse_extra_body(extra_body),
                max_completion_tokens=max_completion_tokens, client=client, timeout_s=timeout, retries=retries)
        except OptionsError as exc:  # a refused flag is a usage error (2), a refused setting bad input (1)
            raise fail(str(exc), code=2 if exc.usage else 1) from None
        with open_store(db) as store:
            try:
                retry_options = {_RESUME_RETRY_FLAGS[name]: getattr(options, _RESUME_RETRY_FLAGS[name])
                                 for name in given if name in _RESUME_RETRY_FLAGS}
                job = plan_job(store, options, prompt_selection(store, prompt, where, accepted, limit),
                               resume_runs=resume_runs, backend_given=any(backend_flags.values()),
                               retry_options=retry_options or None)
            except FilterError as exc:  # a --where that names no filter is a usage error, as in every command
                raise fail(str(exc), code=2) from None
            except ValueError as exc:
                raise fail(str(exc)) from None
            if job.backend_flags:
                settings = settings_for(db, **job.backend_flags)
            if resume_runs and not job.resumes:
                _finish_output(LiveView(), as_json, "nothing to resume: no interrupted, partial or failed runs, and no "
                               "prompts left waiting")
                return
            for note in () if as_json else job.notes:
                err_console.print("[yellow]note:[/] " + safe(note))
            view = run_with_live_view(store, settings, job.slots, as_json,
                                      lambda endpoint: job.events(store, endpoint), job.waiting)
            if view.skipped and not view.finished:
                raise fail(f"every selected prompt ({len(view.skipped)}) was skipped; see the reasons above")
            exit_if_failed(view.finished)

    @app.command("runs")
    def runs_command(
        prompt: Annotated[str | None, typer.Option(
            "--prompt", help="Only runs of this prompt id (or its first 6+ characters).")] = None,
        status: Annotated[Status | None, typer.Option("--status", help="Only runs in this state.")] = None,
        sweep: Annotated[str | None, typer.Option(
            "--sweep", help="Only the runs of this n-sweep id (or its first 6+ characters).")] = None,
        limit: Annotated[int, typer.Option("--limit", min=1, help="Newest N runs.")] = 50,
        db: DbOption = None,
        as_json: JsonOption = False,
    ) -> None:
        """List stored runs, newest first, with their speedups (— means not measured; see the run's note), and the
        prompts that run commands which did not finish left waiting for `ppstudio run --resume`.

        Examples:

          ppstudio runs --limit 10

          ppstudio runs --status interrupted --json
        """
        with open_store(db) as store:
            try:
                prompt_id = resolve_ids(store, "prompts", [prompt])[0] if prompt else None
                sweep_id = resolve_ids(store, "sweeps", [sweep])[0] if sweep else None
            except IdError as exc:
                raise fail(str(exc)) from None
            runs = store.list_runs(prompt_id=prompt_id, status=status, sweep_id=sweep_id, limit=limit)
            jobs = store.unfinished_jobs()
        if as_json:
            print_json({"runs": [run_document(run) for run in runs],
                        "waiting": [{"job": job.id, "status": job.status, "prompts": job.waiting} for job in jobs]})
            return
        if not runs:
            console.print("no runs yet (`ppstudio run` makes some)")
        else:
            print_runs_table(runs, f"{counted(len(runs), 'run')}, newest first")
        if jobs:
            waiting = sum(len(job.waiting) for job in jobs)
            console.print(f"[yellow]waiting:[/] {counted(waiting, 'prompt')} of "
                          f"{counted(len(jobs), 'run command')} that did not finish "
                          f"({', '.join(safe(job.id) + ' ' + safe(job.status) for job in jobs)}); `ppstudio run "
                          "--resume` runs them (a running one's, once its process is gone)")


def prompt_selection(store: Store, prompt: list[str] | None, where: str | None, accepted: bool,
                     limit: int | None) -> PromptSelection:
    """The prompts the flags choose: --prompt ids (or unique prefixes: all must exist), else --where (read only
    then, as it is ignored beside --prompt) with its ids= prefixes resolved."""
    from studio.execution.selection import PromptSelection

    return PromptSelection(ids=tuple(resolve_ids(store, "prompts", prompt)) if prompt else (),
                           where=resolve_where_ids(store, parse_where(where)) if where and not prompt else None,
                           accepted=accepted, limit=limit)


# The run options (stored in each run: a resume keeps all but `_RESUME_RETRY_FLAGS`). Every other option of `run`
# selects prompts or the backend (tests/studio/execution/test_run_cli.py checks the split).
_RUN_OPTIONS = ("trials", "concurrency", "max_tokens", "serial_budget", "temperature", "seed", "diversity", "vary_n",
                "ideal", "aggregation", "no_cache", "share_prefix", "cold_cache", "parallel_sampling", "extra_body",
                "max_completion_tokens", "client", "timeout", "retries")


# The run options a resume may change (their RunOptions fields: runner.RESUME_RETRY_OPTIONS).
_RESUME_RETRY_FLAGS = {"timeout": "timeout_s", "retries": "retries"}


def _run_options_given(ctx: typer.Context) -> dict[str, str]:
    """The run options given on the command line: name -> flag ("--retries", "--share-prefix/--no-share-prefix")."""
    flags = {param.name: "/".join([*param.opts, *param.secondary_opts]) for param in ctx.command.params}
    return {name: flags[name] for name in _RUN_OPTIONS if given_on_command_line(ctx, name)}


def run_with_live_view(store: Store, settings: Settings, slots: int, as_json: bool,
                       events_for: Callable[[Endpoint], AsyncIterator[Event]],
                       selected: Sequence[str] = ()) -> LiveView:
    """Start the backend, stream the runs through the live view, and print the outcome (also when interrupted);
    returns the view, whose `finished` runs the caller may judge. When interrupted, the `selected` prompts that had
    not started are counted (`not_started` names them in JSON): the job keeps them, and a resume runs them."""
    from studio.backends import BackendError, open_endpoint
    from studio.backends.embedded import EngineError
    from studio.execution.transport import run_loop  # loads aiohttp

    view = LiveView()
    interrupted = False
    try:
        with open_endpoint(settings.backend, min_slots=slots) as endpoint:
            run_loop(_consume(events_for(endpoint), view, console.is_terminal and not as_json))
    except KeyboardInterrupt:
        interrupted = True
        # the cancelled event stream could not deliver RunInterrupted: read what the runner stored
        done = {run.id for run in view.finished}
        view.finished.extend(run for run_id in view.started if run_id not in done
                             for run in [store.get_run(run_id)] if run is not None)
        reached = {run.prompt_id for run in view.finished} | {prompt_id for prompt_id, _ in view.skipped}
        view.not_started = [prompt_id for prompt_id in selected if prompt_id not in reached]
    except (ValueError, BackendError, EngineError) as exc:
        raise fail(str(exc)) from None
    _finish_output(view, as_json, "" if view.finished else "no runs made")
    if interrupted:
        stop = interrupted_exit("finished requests are stored; complete the runs with `ppstudio run --resume` (same "
                                "--db)")
        if view.not_started:
            err_console.print(f"[yellow]not started:[/] {len(view.not_started)} of the {len(selected)} prompts; "
                              "`ppstudio run --resume` runs them too, with the same run options")
        raise stop
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
                    "skipped": [{"prompt_id": p, "reason": r} for p, r in view.skipped],
                    "not_started": view.not_started})
        return
    if note:
        console.print(note)
    if view.finished:
        print_runs_table(view.finished, "runs")


def print_runs_table(runs: Sequence[Run], title: str) -> None:
    console.print(runs_table(runs, title))
    if flagged := [flags for run in runs if (flags := stability.flags_of(run))]:
        console.print(f"[yellow]flagged[/]: {len(flagged):,} of {counted(len(runs), 'run')} "
                      f"({safe(stability.flag_counts(flagged))}): their speedups may be off, each for the reason its "
                      "flag gives (`ppstudio run` prints them as runs end; `ppstudio runs --json` keeps them)")
    if any(run.simulated for run in runs):
        console.print("[yellow]* simulated[/]: figures from the simulator (teaching and testing), not measurements "
                      "of a model")
