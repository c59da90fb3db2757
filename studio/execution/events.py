"""Typed events of an execution: the one interface the CLI live view and the Textual studio both consume.

Get them from `studio.execution.runner.execute(...)` (new runs) or `resume(...)` (interrupted runs): both are
async iterators of `Event`::

    async for event in execute(store, endpoint, prompt_ids, options):
        match event:
            case RunStarted(run=run, branches=labels): ...     # a new table of len(labels) branches
            case TokenDelta(role="branch", idx=i, text=t): ... # stream text into branch i's widget
            case RequestFinished(record=rec): ...              # rec.status is "ok" / "failed" / "cancelled"
            case RunFinished(run=run): ...                     # run.status, run.speedup (None = not timed)

Order guarantees, per run: `RunStarted` first; then for each trial `PhaseStarted` before that phase's requests;
per request `RequestStarted`, any number of `TokenDelta` / `RequestRetrying`, then exactly one `RequestFinished`
(also for cache hits, which have no deltas); `TrialFinished` after each trial; finally exactly one of
`RunFinished` (status done / partial / failed) or `RunInterrupted`. A `TrialFinished` carries that one trial's
latencies; the run's figure is the median over its trials, known only at `RunFinished` (views that show a trial's
speedup before then must say it is one trial's). Runs of several prompts follow one another;
`PromptSkipped` says why a prompt produced no run. A `RequestRetrying` means the text streamed so far for that
request is discarded (the retry starts over). Every record and run object in an event is a snapshot of what was
just persisted, safe to keep. Events are plain frozen dataclasses (no Textual or Rich types), so a Textual app can
wrap them in its own `Message` and post them from a worker.

Closing the iterator early (`contextlib.aclosing`), or cancelling the task that reads it, cancels the work: the
run is stored as `interrupted` (finished requests kept, unfinished ones `cancelled`), but the reader, being gone,
does not see `RunInterrupted`; read the store for the final state.

Roles: ``serial`` (the serial request, idx 0), ``branch`` (parallel branch idx in data order), ``sampling`` (the one
request for all n answers of `--parallel-sampling`, idx 0; its deltas interleave the n answers), ``ideal`` (branch
idx measured alone, with `--ideal`), ``merge`` (the merge call of `--aggregation merge`, idx 0).
"""

from __future__ import annotations

from dataclasses import dataclass

from store.models import RequestRecord, Run

ROLES: tuple[str, ...] = ("serial", "branch", "sampling", "ideal", "merge")  # RequestStarted/TokenDelta/... `role`
# PhaseStarted `phase` -> the role of the requests it sends
PHASE_ROLES: dict[str, str] = {"serial": "serial", "parallel": "branch", "sampling": "sampling", "ideal": "ideal",
                               "merge": "merge"}


@dataclass(frozen=True, slots=True)
class RunStarted:
    run: Run
    branches: tuple[str, ...]  # one short label per branch, in data order (data item or diversity steer)
    resumed: bool = False


@dataclass(frozen=True, slots=True)
class PhaseStarted:
    run_id: str
    trial: int
    phase: str
    requests: int  # how many requests this phase sends (fewer than planned when resuming)


@dataclass(frozen=True, slots=True)
class RequestEvent:
    """What every per-request event names: which request of which trial of which run."""

    run_id: str
    trial: int
    role: str
    idx: int


@dataclass(frozen=True, slots=True)
class RequestStarted(RequestEvent):
    """The request is being sent (or served from the cache)."""


@dataclass(frozen=True, slots=True)
class TokenDelta(RequestEvent):
    text: str


@dataclass(frozen=True, slots=True)
class RequestRetrying(RequestEvent):
    attempt: int  # the retry about to be made, from 1
    reason: str
    delay_s: float


@dataclass(frozen=True, slots=True)
class RequestFinished:
    record: RequestRecord


@dataclass(frozen=True, slots=True)
class TrialFinished:
    run_id: str
    trial: int
    serial_ms: float | None  # None: that phase was not timed (failed, cached, or split by a resume)
    parallel_ms: float | None
    ideal_ms: float | None


@dataclass(frozen=True, slots=True)
class RunEvent:
    run: Run  # a snapshot of the stored run


@dataclass(frozen=True, slots=True)
class RunFinished(RunEvent):
    """The run is over: `run.status` is done, partial or failed, with its figures."""


@dataclass(frozen=True, slots=True)
class RunInterrupted(RunEvent):
    """The run was cancelled; what finished is stored and `ppstudio run --resume` completes the rest."""


@dataclass(frozen=True, slots=True)
class PromptSkipped:
    prompt_id: str
    reason: str


Event = (RunStarted | PhaseStarted | RequestStarted | TokenDelta | RequestRetrying | RequestFinished
         | TrialFinished | RunFinished | RunInterrupted | PromptSkipped)
