"""What a run command is to do: new runs of the selected prompts, or the completion of stored runs, with how many
engine slots that takes, which backend a resume goes back to, and what to tell the user before it starts.

`ppstudio run` parses its flags (id prefixes and `--where` resolved to a `PromptSelection`), asks `plan_job` once
and streams the job's events through its live view.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from store import PromptFilter, Store
from store.models import Job, Run
from studio.backends import backend_of_label
from studio.backends.base import Endpoint
from studio.execution.branches import BranchError, is_repeated_generation, plan_branch_count
from studio.execution.events import Event
from studio.execution.options import RunOptions
from studio.execution.runner import execute, resumable_jobs, resumable_runs, resume
from studio.presentation import agreeing, counted

NOTHING_SELECTED = ("no prompts selected (need a parallelizable schema: run `ppstudio curate` first, or check "
                    "--prompt/--where)")


@dataclass(frozen=True, slots=True)
class PromptSelection:
    """The prompts chosen: these ids (whole ids, already resolved), else those `where` selects (None: no filter
    given), only accepted ones with `accepted`; at most `limit`. Without ids, `where` and parallelizable=True
    unless the filter says otherwise."""

    ids: tuple[str, ...] = ()
    where: PromptFilter | None = None
    accepted: bool = False
    limit: int | None = None

    @property
    def given(self) -> bool:
        """Whether the user chose prompts at all (a resume without a choice completes every resumable run)."""
        return bool(self.ids) or self.where is not None or self.accepted


def select_prompts(store: Store, selection: PromptSelection) -> list[str]:
    """The prompts to run: the selection's ids, else its filter (default: every parallelizable prompt).

    Raises ValueError when `accepted` contradicts the filter's triage."""
    limit = selection.limit
    if selection.ids:
        chosen = list(selection.ids)
    else:
        where = selection.where or PromptFilter()
        if selection.accepted:
            if where.triage not in (None, "accepted"):
                raise ValueError(f"--accepted contradicts triage={where.triage} in --where")
            where = replace(where, triage="accepted")
        if where.parallelizable is None:
            where = replace(where, parallelizable=True)
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


def backend_flags_for_resume(runs: Sequence[Run | Job]) -> dict[str, Any]:
    """Backend flags that reach the engine the interrupted runs (and jobs) were made against, when none were given.

    Raises ValueError when they were made against different backends."""
    backends = {(run.backend, run.model, run.base_url) for run in runs}
    if len(backends) != 1:
        raise ValueError("the interrupted runs were made against different backends; resume them per backend with "
                         "--backend / --base-url and --prompt")
    return backend_of_label(*backends.pop())


def resume_notes(runs: Sequence[Run], jobs: Sequence[Job]) -> tuple[str, ...]:
    """What a resume is about to do, said before it starts: the runs it completes, then the prompts of interrupted
    run commands it starts."""
    if not jobs:
        return ()
    waiting = sum(len(job.waiting) for job in jobs)
    return (f"resuming {counted(len(runs), 'run')}, then {counted(waiting, 'prompt')} that "
            f"{agreeing(len(jobs), 'an interrupted run command', 'interrupted run commands')} had not reached "
            f"({agreeing(len(jobs), 'job', 'jobs')} {', '.join(job.id for job in jobs)})",)


def sampling_note(options: RunOptions) -> str | None:
    """Why repeated-generation branches made with these options will not differ, if they will not: seeds alone, or
    n answers of one request, at temperature 0 are copies of the greedy answer."""
    if options.temperature != 0 or not (options.diversity == "seed" or options.parallel_sampling):
        return None
    if options.diversity == "seed":
        return ("at temperature 0 --diversity seed gives identical repeated-generation branches; use --temperature > 0"
                " or --diversity letter")
    return "at temperature 0 parallel sampling returns n copies; use --temperature > 0"


@dataclass(frozen=True, slots=True)
class RunJob:
    """New runs of `prompt_ids`, or a resume: the completion of the `resuming` runs (with the options each was made
    with), then the runs of the prompts the `jobs` had not reached (with each job's options)."""

    options: RunOptions
    prompt_ids: tuple[str, ...] = ()
    resuming: tuple[Run, ...] = ()
    jobs: tuple[Job, ...] = ()
    slots: int = 1  # the most branches one of its runs sends at once: the engine needs that many slots
    notes: tuple[str, ...] = ()  # for the user, before the runs start
    backend_flags: dict[str, Any] | None = None  # a resume without backend flags: those of the runs' backend
    retry_options: dict[str, Any] | None = None  # a resume's new timeout/retries (runner.RESUME_RETRY_OPTIONS)

    def events(self, store: Store, endpoint: Endpoint) -> AsyncIterator[Event]:
        """The runner's event stream for this job (see `studio.execution.events`)."""
        if self.resumes:
            return resume(store, endpoint, self.resuming, self.retry_options, self.jobs)
        return execute(store, endpoint, self.prompt_ids, self.options)

    @property
    def resumes(self) -> bool:
        """Whether this job resumes stored work (runs to complete or prompts a job had not reached)."""
        return bool(self.resuming or self.jobs)

    @property
    def waiting(self) -> tuple[str, ...]:
        """The prompts this job will run that no run was made for yet: new runs' prompts, or the jobs' waiting ones."""
        return self.prompt_ids or tuple(prompt_id for job in self.jobs for prompt_id in job.waiting)


def plan_job(store: Store, options: RunOptions, selection: PromptSelection, *, resume_runs: bool,
             backend_given: bool = True, retry_options: dict[str, Any] | None = None) -> RunJob:
    """With `resume_runs`, the resumable runs of the selected prompts and the prompts interrupted jobs left waiting
    (of every prompt when none were chosen; the job has none when there is nothing to resume), completed with
    `retry_options` when given, and when no backend was given (`backend_given`) the flags of the backend they were
    made against; else new runs of the selected prompts.

    Raises ValueError when no prompt is selected for new runs, the selection contradicts itself, or runs to resume
    without a backend were made against different ones."""
    selected = select_prompts(store, selection) if selection.given or not resume_runs else []
    if resume_runs:
        chosen = selected if selection.given else None
        pending, jobs = tuple(resumable_runs(store, chosen)), tuple(resumable_jobs(store, chosen))
        backend = backend_flags_for_resume([*pending, *jobs]) if (pending or jobs) and not backend_given else None
        slots = max([1, *(run.n_branches for run in pending),
                     *(branch_needs(store, job.waiting, RunOptions.from_params(job.params))[0] for job in jobs)])
        return RunJob(options, resuming=pending, jobs=jobs, slots=slots, backend_flags=backend,
                      retry_options=retry_options, notes=resume_notes(pending, jobs))
    if not selected:
        raise ValueError(NOTHING_SELECTED)
    slots, repeated = branch_needs(store, selected, options)
    note = sampling_note(options) if repeated else None
    return RunJob(options, prompt_ids=tuple(selected), slots=slots, notes=(note,) if note else ())
