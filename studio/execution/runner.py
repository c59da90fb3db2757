"""Serial vs parallel runs: stream every request, time every branch, survive faults, persist as we go.

Use `execute(store, endpoint, prompt_ids, options)` for new runs and `resume(store, endpoint, runs)` for
interrupted ones; both are async iterators of `studio.execution.events` (close them with `contextlib.aclosing`
when you stop early). A run is planned first: its row and every request it will make (all trials, serial,
branches, ideal branches, parallel sampling) are stored as `pending`; then the run completes whatever is not yet
OK. That one path serves new runs and resumes, and a run cut short (Ctrl-C, cancelled task) keeps every finished
request; the unfinished ones are marked `cancelled` and the run `interrupted`.

Per trial (3 by default) the serial request and the parallel branches are sent one phase after the other,
alternating which comes first (even trials serial-first, odd trials parallel-first), then with `parallel_sampling`
one request asking for all n answers at once, then with `ideal` every branch once more on its own. All branches of
a phase are sent at once (optionally capped by `concurrency`), streaming, with `stream_options.include_usage`,
through the run's transport (`studio.execution.transport`; bare aiohttp by default). Timestamps are seconds on a
monotonic clock from the start of the session that sent them, so latencies are only compared within a phase; a
phase split across two sessions by a resume is recorded in `params["untimed"]` and gives no latency (see
`studio.execution.metrics`, which pairs the phases of each trial and takes medians across trials, and
`studio.execution.stability`, which states their spread and flags noisy runs and identical branches). Before
branches that share a `{context}`, a llama.cpp server is asked to prefill it once and copy it to its other slots
(`studio.backends.prefix`), and any other server gets one warm-up request (the first branch, one output token)
so its prefix cache holds the context; either way that time is counted in the parallel latency and stored in
`params["prefix_share"]`. Cached answers: see `studio.execution.cache`.
"""

from __future__ import annotations

import asyncio
import copy
import os
import random
import socket
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import httpx

from store import Store, utc_now
from store.models import ProbeResult, RequestRecord, Run, Schema
from studio.backends.base import Endpoint
from studio.backends.prefix import PrefixShare, share_prefix
from studio.config import RunSettings
from studio.execution import CLIENTS, metrics, stability
from studio.execution.aggregate import AGGREGATIONS, BranchOutput, concat_answers, merge_messages
from studio.execution.branches import (
    DIVERSITY_STRATEGIES, BranchError, is_repeated_generation, render_branch_prompts, sampling_prompt, serial_prompt,
    user_messages,
)
from studio.execution.cache import ResponseCache
from studio.execution.events import (
    PHASE_ROLES, Event, PhaseStarted, PromptSkipped, RequestFinished, RequestRetrying, RequestStarted, RunFinished,
    RunInterrupted, RunStarted, TokenDelta, TrialFinished,
)
from studio.execution.protocol import (
    DONE, RequestFailed, RetryableError, StreamedAnswer, classify_error, parse_event, prefill_counts, short, sse_data,
)
from studio.execution.transport import Transport, make_transport

Emit = Callable[[Event], None]
MAX_REPORTED_FAILURES = 5
RESUMABLE_STATUSES = ("interrupted", "partial", "failed")  # and "running" when its process is gone
PROC_DIR = Path("/proc")
# Body fields the runner sets itself; --extra-body may add any other (chat_template_kwargs, top_k, ...).
RESERVED_BODY_FIELDS = ("model", "messages", "stream", "stream_options", "n", "max_tokens", "max_completion_tokens",
                        "temperature", "seed")


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How runs are made. Stored in each run's `params` so a resume repeats exactly the same requests."""

    trials: int = 3  # interleaved repetitions; figures are medians over the trials whose phases were all timed
    concurrency: int | None = 64  # in-flight request cap (hosted rate limits); None = no cap
    max_tokens: int = 256
    temperature: float = 0.0
    seed: int = 0
    diversity: str = "letter"  # repeated generation: what makes the n branches differ (see branches.py)
    vary_n: tuple[int, ...] = ()
    ideal: bool = False
    use_cache: bool = True  # read/write the response cache; only ever effective at temperature 0
    aggregation: str = "concat"
    share_prefix: bool = True  # warm a shared {context} before the branches (slot copy or warm-up request)
    parallel_sampling: bool = False  # repeated generation: also one request with n=k (a fifth comparison)
    max_completion_tokens: bool = False  # send the budget as max_completion_tokens (models that reject max_tokens)
    extra_body: dict[str, Any] | None = None  # merged into every chat request body (e.g. chat_template_kwargs)
    client: str = "aiohttp"  # the transport: aiohttp (lean) or openai (the SDK)
    timeout_s: float = 120.0  # per request, from send to last token, per attempt
    retries: int = 3
    retry_base_s: float = 0.5  # backoff: base * 2^(attempt-1), with jitter, capped at retry_max_s
    retry_max_s: float = 10.0

    def __post_init__(self) -> None:
        problems = []
        if self.trials < 1:
            problems.append(f"trials must be at least 1 (got {self.trials})")
        if self.concurrency is not None and self.concurrency < 1:
            problems.append(f"concurrency must be at least 1 (got {self.concurrency})")
        if self.max_tokens < 1:
            problems.append(f"max_tokens must be at least 1 (got {self.max_tokens})")
        if not 0 <= self.temperature <= 2:
            problems.append(f"temperature must be between 0 and 2 (got {self.temperature})")
        if self.diversity not in DIVERSITY_STRATEGIES:
            problems.append(f"diversity must be one of {', '.join(DIVERSITY_STRATEGIES)} (got {self.diversity!r})")
        if self.aggregation not in AGGREGATIONS:
            problems.append(f"aggregation must be one of {', '.join(AGGREGATIONS)} (got {self.aggregation!r})")
        if self.client not in CLIENTS:
            problems.append(f"client must be one of {', '.join(CLIENTS)} (got {self.client!r})")
        if any(n < 1 for n in self.vary_n):
            problems.append(f"every --vary-n value must be at least 1 (got {list(self.vary_n)})")
        if self.timeout_s <= 0 or self.retries < 0:
            problems.append("timeout must be positive and retries not negative")
        if self.extra_body is not None:
            if not isinstance(self.extra_body, dict):
                problems.append("extra body must be a JSON object")
            elif reserved := sorted(set(self.extra_body) & set(RESERVED_BODY_FIELDS)):
                problems.append(f"extra body may not set {', '.join(reserved)} (the runner sets "
                                f"{'it' if len(reserved) == 1 else 'them'}; use the flags)")
        if problems:
            raise ValueError("; ".join(problems))

    @classmethod
    def from_settings(cls, settings: RunSettings, **overrides: Any) -> "RunOptions":
        """Options from `[run]` settings, with the non-None overrides (CLI flags) applied."""
        base = cls(trials=settings.trials, concurrency=settings.concurrency, max_tokens=settings.max_tokens,
                   temperature=settings.temperature, seed=settings.seed, diversity=settings.diversity,
                   timeout_s=settings.timeout_s, retries=settings.retries)
        return replace(base, **{k: v for k, v in overrides.items() if v is not None})

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> "RunOptions":
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in params.get("options", {}).items() if k in known}
        values["vary_n"] = tuple(values.get("vary_n", ()))
        return cls(**values)

    @property
    def cache_active(self) -> bool:
        return self.use_cache and self.temperature == 0

    def sampling(self, seed: int) -> dict[str, Any]:
        """The sampling fields of a request body (also part of its cache key)."""
        budget = "max_completion_tokens" if self.max_completion_tokens else "max_tokens"
        return {budget: self.max_tokens, "temperature": self.temperature, "seed": seed, **(self.extra_body or {})}


@dataclass(slots=True)
class PlannedRun:
    """One run to make: a schema turned into its serial request and branches (one point of an n-sweep or not)."""

    schema: Schema
    serial_messages: list[dict[str, str]]
    branch_seeds: list[int]
    branch_labels: list[str]
    branch_messages: list[list[dict[str, str]]]
    sampling_messages: list[dict[str, str]] | None = None  # the one n=k request of parallel sampling
    sweep_n: int | None = None
    sweep_id: str | None = None


def plan_runs(schema: Schema, options: RunOptions) -> list[PlannedRun]:
    """The runs one prompt needs: one, or one per n of `vary_n` for a repeated-generation prompt.

    Raises BranchError when the schema cannot be run."""
    repeated = is_repeated_generation(schema)
    sweep = list(options.vary_n) if options.vary_n and repeated else [None]
    sweep_id = new_id() if sweep != [None] else None
    planned: list[PlannedRun] = []
    for n in sweep:
        branches = render_branch_prompts(schema, n=n, diversity=options.diversity, seed=options.seed)
        sampling = user_messages(sampling_prompt(schema)) if options.parallel_sampling and repeated else None
        planned.append(PlannedRun(
            schema=schema, serial_messages=user_messages(serial_prompt(schema, n=n)),
            branch_seeds=[b.seed for b in branches], branch_labels=[b.label for b in branches],
            branch_messages=[b.messages for b in branches], sampling_messages=sampling, sweep_n=n,
            sweep_id=sweep_id))
    return planned


def new_id() -> str:
    return uuid.uuid4().hex[:16]


@dataclass(slots=True)
class _RunState:
    run: Run
    records: list[RequestRecord]
    options: RunOptions
    untimed: set[tuple[int, str]] = field(default_factory=set)

    def phase(self, trial: int, role: str) -> list[RequestRecord]:
        return [r for r in self.records if r.trial == trial and r.role == role]

    def sampling_for(self, record: RequestRecord) -> dict[str, Any]:
        """The sampling fields of this request: repeated-generation branch i has seed + i; the parallel sampling
        request asks for all n answers (n is part of its cache key too)."""
        seeds = self.run.params.get("branch_seeds", [])
        seed = self.options.seed
        if record.role in ("branch", "ideal") and record.idx < len(seeds):
            seed = int(seeds[record.idx])
        sampling = self.options.sampling(seed)
        if record.role == "sampling":
            sampling["n"] = self.run.n_branches
        return sampling


class Runner:
    """Sends the requests of runs to one endpoint and keeps the store up to date as they finish."""

    def __init__(self, store: Store, endpoint: Endpoint, emit: Emit) -> None:
        self.store = store
        self.endpoint = endpoint
        self.emit = emit
        self.transports: dict[str, Transport] = {}
        self.transport: Transport | None = None
        self.limit: asyncio.Semaphore | None = None
        self.unsaved: list[tuple[RequestRecord, ResponseCache, dict[str, Any]]] | None = None  # see `send_phase`
        self.origin = time.perf_counter()
        self.rng = random.Random()

    def use_transport(self, client: str) -> Transport:
        """The transport for this run's client, made once (before any request is timed: `complete` calls)."""
        if client not in self.transports:
            self.transports[client] = make_transport(client, self.endpoint)
        self.transport = self.transports[client]
        return self.transport

    async def close(self) -> None:
        for transport in self.transports.values():
            await transport.close()

    def now(self) -> float:
        return time.perf_counter() - self.origin

    # -- planning ----------------------------------------------------------------------------------------------
    async def run_prompts(self, prompt_ids: Iterable[str], options: RunOptions) -> list[Run]:
        """Plan and make the runs of each prompt in turn (never two prompts at once: that would skew timing)."""
        finished: list[Run] = []
        for prompt_id in prompt_ids:
            schema = self.store.best_schema(prompt_id)
            if schema is None:
                self.emit(PromptSkipped(prompt_id, "it has no schema (run `ppstudio curate` first)"))
                continue
            try:
                planned = plan_runs(schema, options)
            except BranchError as exc:
                self.emit(PromptSkipped(prompt_id, str(exc)))
                continue
            for plan in planned:
                finished.append(await self.complete(self.create_run(plan, options), resumed=False))
        return finished

    def create_run(self, plan: PlannedRun, options: RunOptions) -> _RunState:
        """Store the run and all its planned requests as pending."""
        run = Run(
            id=new_id(), prompt_id=plan.schema.prompt_id, schema_id=plan.schema.id, backend=self.endpoint.label,
            model=self.endpoint.model, base_url=None if self.endpoint.simulated else self.endpoint.base_url,
            simulated=self.endpoint.simulated, status="pending", trials=options.trials,
            n_branches=len(plan.branch_messages), sweep_n=plan.sweep_n, sweep_id=plan.sweep_id,
            params={"options": {**asdict(options), "vary_n": list(options.vary_n)},
                    "branch_seeds": plan.branch_seeds, "branch_labels": plan.branch_labels,
                    "decomposition_ms": plan.schema.decomposition_ms, "category": plan.schema.category,
                    "repeated_generation": is_repeated_generation(plan.schema),
                    "shared_context": bool(plan.schema.context), "untimed": [], "prefix_share": {}})
        records: list[RequestRecord] = []
        for trial in range(options.trials):
            records.append(RequestRecord(run_id=run.id, trial=trial, role="serial", idx=0,
                                         messages=plan.serial_messages))
            roles = ("branch", "ideal") if options.ideal else ("branch",)
            records.extend(RequestRecord(run_id=run.id, trial=trial, role=role, idx=i, messages=messages)
                           for role in roles for i, messages in enumerate(plan.branch_messages))
            if plan.sampling_messages is not None:
                records.append(RequestRecord(run_id=run.id, trial=trial, role="sampling", idx=0,
                                             messages=plan.sampling_messages))
        self.store.create_run(run, records)
        return _RunState(run=run, records=records, options=options)

    def load_run(self, run: Run) -> _RunState:
        """The state of a stored run, for resuming with the options it was made with."""
        label_matches = run.backend == self.endpoint.label and run.model == self.endpoint.model
        url_matches = run.base_url is None or run.base_url == self.endpoint.base_url or run.backend == "embedded"
        if not (label_matches and url_matches):
            raise ValueError(f"run {run.id} was made against {run.backend} / {run.model}"
                             f"{' at ' + run.base_url if run.base_url else ''}; resume it with the same backend "
                             f"(this endpoint is {self.endpoint.label} / {self.endpoint.model})")
        state = _RunState(run=run, records=self.store.requests_for(run.id),
                          options=RunOptions.from_params(run.params))
        state.untimed = {(int(t), str(role)) for t, role in run.params.get("untimed", [])}
        return state

    # -- executing ---------------------------------------------------------------------------------------------
    async def complete(self, state: _RunState, *, resumed: bool) -> Run:
        """Send every request of the run that is not OK yet, then compute and store its figures."""
        run = state.run
        run.status, run.error, run.finished_at = "running", None, None
        run.params = {**run.params, "owner": {"pid": os.getpid(), "host": socket.gethostname()}}
        self.store.update_run(run)
        self.limit = asyncio.Semaphore(state.options.concurrency) if state.options.concurrency else None
        self.use_transport(state.options.client)  # made now: building it must not count in a timed request
        self.emit(RunStarted(copy.deepcopy(run), tuple(run.params.get("branch_labels", [])), resumed))
        try:
            for trial in range(run.trials):
                phases = ["serial", "parallel"] if trial % 2 == 0 else ["parallel", "serial"]
                phases += [phase for phase in ("sampling", "ideal") if state.phase(trial, PHASE_ROLES[phase])]
                for phase in phases:
                    await self.send_phase(state, trial, phase)
                figures = figures_of_trial(state, trial)
                self.emit(TrialFinished(run.id, trial, figures.serial_ms, figures.parallel_ms, figures.ideal_ms))
            if state.options.aggregation == "merge":
                await self.merge(state)
        except asyncio.CancelledError:
            run.status, run.error, run.finished_at = "interrupted", "interrupted before it finished", utc_now()
            run.params = {**run.params, "untimed": sorted(state.untimed)}
            self.store.update_run(run)
            self.emit(RunInterrupted(copy.deepcopy(run)))
            raise
        except BaseException as exc:  # a bug or a store failure: leave the run explained, then let it surface
            # one request's task failed: report and raise that failure, not the TaskGroup's wrapper around it
            inner = exc.exceptions[0] if isinstance(exc, BaseExceptionGroup) and len(exc.exceptions) == 1 else exc
            run.status, run.error = "failed", f"internal error: {type(inner).__name__}: {inner}"
            run.finished_at = utc_now()
            with suppress(Exception):
                for record in self.store.requests_for(run.id):
                    if record.status == "pending":
                        record.status, record.error = "failed", "not sent: the run stopped on an internal error"
                        self.store.upsert_request(record)
                self.store.update_run(run)
            if inner is exc:
                raise
            raise inner from inner.__cause__
        finish_run(state, self.store.latest_probe(run.backend, run.model))
        self.store.update_run(run)
        self.emit(RunFinished(copy.deepcopy(run)))
        return run

    async def send_phase(self, state: _RunState, trial: int, phase: str) -> None:
        planned = state.phase(trial, PHASE_ROLES[phase])
        todo = [r for r in planned if r.status != "ok"]
        if not todo:
            return
        if len(todo) < len(planned):
            # Some requests of this phase finished in an earlier session: the phase was not sent as one wave.
            state.untimed.add((trial, PHASE_ROLES[phase]))
            state.run.params = {**state.run.params, "untimed": sorted(state.untimed)}
            self.store.update_run(state.run)
        self.emit(PhaseStarted(state.run.id, trial, phase, len(todo)))
        if trial == 0 and phase != "ideal" and self.serve_from_cache(state, todo):
            return
        if phase == "ideal":  # each branch alone: one at a time
            for record in todo:
                await self.send(state, record)
            return
        width = min(len(todo), state.options.concurrency or len(todo))
        if width > 1:
            assert self.transport is not None
            await self.transport.prepare(width)
        if phase == "parallel" and len(todo) == len(planned):
            await self.warm_shared_prefix(state, trial, todo)
        # While the requests of a phase stream, finished ones are stored after the phase, in one transaction: a
        # write per request (about 0.15 ms) as they all end together would delay reading the ones still
        # streaming, and so their end times. Events still go out at once; a phase cut short stores what finished.
        self.unsaved = []
        try:
            async with asyncio.TaskGroup() as group:
                for record in todo:
                    group.create_task(self.send(state, record))
        finally:
            self.save_finished()

    async def warm_shared_prefix(self, state: _RunState, trial: int, branches: Sequence[RequestRecord]) -> None:
        """Before branches that share a `{context}`, get it into the server's prefix cache: on llama.cpp prefill it
        once and copy it to the other slots (`studio.backends.prefix`), elsewhere send one warm-up request (the
        first branch, one output token) so vLLM's or SGLang's prefix cache holds it. The time it takes is added to
        this trial's parallel latency; if it fails, the branches simply compute the context themselves."""
        if not (state.options.share_prefix and state.run.params.get("shared_context") and len(branches) > 1):
            return
        try:
            share = await share_prefix(self.endpoint, branches[0].messages, len(branches),
                                       timeout_s=state.options.timeout_s)
            if share is None:
                share = await self.warm_up(state, branches[0])
        except httpx.HTTPError as exc:  # a llama.cpp slot call failed
            self.note_prefix_failure(state, short(str(exc)))
        except TimeoutError:
            self.note_prefix_failure(state, f"timed out after {state.options.timeout_s:g} s")
        except Exception as exc:  # whatever the server replied: the branches simply compute the context themselves
            self.note_prefix_failure(state, str(classify_error(exc)))
        else:
            shares = {**state.run.params.get("prefix_share", {}), str(trial): asdict(share)}
            state.run.params = {**state.run.params, "prefix_share": shares}
            self.store.update_run(state.run)

    @staticmethod
    def note_prefix_failure(state: _RunState, reason: str) -> None:
        state.run.params = {**state.run.params, "prefix_share_error": reason}

    async def warm_up(self, state: _RunState, branch: RequestRecord) -> PrefixShare:
        """The portable warm-up: the branch's own request with a budget of one token, sent through the run's
        transport (so --extra-body, which may change the prompt, applies), never stored or cached."""
        probe = RequestRecord(run_id=state.run.id, trial=branch.trial, role="warm-up", idx=0,
                              messages=branch.messages)
        started = time.perf_counter()
        sampling = replace(state.options, max_tokens=1).sampling(state.options.seed)
        async with asyncio.timeout(state.options.timeout_s):
            await self.stream(probe, sampling, quiet=True)
        computed = (probe.prompt_tokens or 0) - (probe.cached_prompt_tokens or 0)
        return PrefixShare(computed_tokens=computed, slots_filled=1,
                           elapsed_ms=(time.perf_counter() - started) * 1000, method="warm-up request")

    def serve_from_cache(self, state: _RunState, records: Sequence[RequestRecord]) -> bool:
        """Serve a whole phase from the cache if, and only if, every one of its requests is cached; otherwise the
        phase is sent live in full, so its latency is a real measurement of all its requests together."""
        cache = ResponseCache(self.store, self.endpoint, state.options.cache_active)
        hits = [cache.get(record, state.sampling_for(record)) for record in records]
        if not hits or any(hit is None for hit in hits):
            return False
        for record, hit in zip(records, hits):
            assert hit is not None
            cache.fill(record, hit)
            self.emit(RequestStarted(record.run_id, record.trial, record.role, record.idx))
            self.store.upsert_request(record)
            self.emit(RequestFinished(replace(record)))
        return True

    async def merge(self, state: _RunState) -> None:
        """The merge call of `--aggregation merge`, outside the trials (its latency is stored on its own)."""
        existing = state.phase(0, "merge")
        outputs = branch_outputs(state.records, aggregated_trial(state.records))
        if (existing and existing[0].status == "ok") or all(o.text is None for o in outputs):
            return
        concatenated = concat_answers(outputs)
        serial = state.phase(0, "serial")[0].messages[0]["content"]
        record = RequestRecord(run_id=state.run.id, trial=0, role="merge", idx=0,
                               messages=merge_messages(serial, concatenated))
        state.records = [r for r in state.records if r.role != "merge"] + [record]
        self.emit(PhaseStarted(state.run.id, 0, "merge", 1))
        if not self.serve_from_cache(state, [record]):
            await self.send(state, record)

    async def send(self, state: _RunState, record: RequestRecord) -> None:
        """One request with bounded retries; always ends with the record stored and a RequestFinished event."""
        if self.limit is None:
            await self._send(state, record)
            return
        async with self.limit:
            await self._send(state, record)

    async def _send(self, state: _RunState, record: RequestRecord) -> None:
        options = state.options
        sampling = state.sampling_for(record)
        reset_record(record)
        self.emit(RequestStarted(record.run_id, record.trial, record.role, record.idx))
        answer: StreamedAnswer | None = None
        try:
            while True:
                try:
                    async with asyncio.timeout(options.timeout_s):
                        answer = await self.stream(record, sampling)
                    failure = answer.failure(record.output_tokens)
                    record.status, record.error = ("failed", failure) if failure else ("ok", None)
                    break
                except TimeoutError:
                    where = "before the first token" if record.first_token_at is None else "mid-answer"
                    error: RetryableError | RequestFailed = RetryableError(
                        f"timed out after {options.timeout_s:g} s {where}")
                except Exception as exc:  # whatever a server replies fails this request at worst, never the run
                    error = classify_error(exc)
                if isinstance(error, RequestFailed) or record.retries >= options.retries:
                    suffix = f" (after {record.retries} retries)" if record.retries else ""
                    record.status, record.error = "failed", str(error) + suffix
                    break
                record.retries += 1
                delay = self.backoff(options, record.retries, error.retry_after_s)
                self.emit(RequestRetrying(record.run_id, record.trial, record.role, record.idx,
                                          record.retries, error.reason, delay))
                await asyncio.sleep(delay)
        except asyncio.CancelledError:
            record.status, record.error = "cancelled", "interrupted"
            self.store.upsert_request(record)
            self.emit(RequestFinished(replace(record)))
            raise
        if record.role == "sampling" and record.status == "ok" and answer is not None:
            self.note_sampling_duplicates(state, record.trial, answer.texts())
        cache = ResponseCache(self.store, self.endpoint, options.cache_active)
        if self.unsaved is None:
            cache.save(record, sampling)
            self.store.upsert_request(record)
        else:
            self.unsaved.append((record, cache, sampling))
        self.emit(RequestFinished(replace(record)))

    def save_finished(self) -> None:
        """Store the requests of a phase that finished while it streamed, and cache their answers."""
        unsaved, self.unsaved = self.unsaved or [], None
        self.store.upsert_requests([record for record, _, _ in unsaved])
        for record, cache, sampling in unsaved:
            cache.save(record, sampling)

    def note_sampling_duplicates(self, state: _RunState, trial: int, texts: list[str]) -> None:
        """How many of a parallel-sampling request's answers repeat another (only the joined text is stored)."""
        found = {**state.run.params.get("sampling_duplicates", {}), str(trial): stability.duplicate_count(texts)}
        state.run.params = {**state.run.params, "sampling_duplicates": found}

    def backoff(self, options: RunOptions, attempt: int, retry_after_s: float | None) -> float:
        """Exponential backoff with jitter (half fixed, half random), or the server's Retry-After, capped."""
        if retry_after_s is not None:
            return min(retry_after_s, options.retry_max_s)
        ceiling = min(options.retry_max_s, options.retry_base_s * 2 ** (attempt - 1))
        return ceiling / 2 + self.rng.uniform(0, ceiling / 2)

    async def stream(self, record: RequestRecord, sampling: dict[str, Any], *, quiet: bool = False) -> StreamedAnswer:
        """One attempt: stream the response into `record` (text, reasoning, timestamps, token and prefill counts);
        returns what was read, for the caller's checks. `quiet`: no TokenDelta events (the warm-up).

        The server-sent events are read as raw lines and decoded with `json.loads` rather than into typed chunk
        objects, which cost about half a millisecond of CPU per token, seconds across hundreds of concurrent
        streams (see benchmarks/runner.py)."""
        record.text, record.reasoning, record.first_token_at, record.ended_at = "", "", None, None
        record.output_tokens = record.prompt_tokens = record.cached_prompt_tokens = record.finish_reason = None
        record.reasoning_tokens = None
        sent = self.now()
        if record.sent_at is None:  # latency includes retries: it is what the user waited
            record.sent_at = sent
        body = {"model": self.endpoint.model, "messages": record.messages, "stream": True,
                "stream_options": {"include_usage": True}, **sampling}
        answer = StreamedAnswer(choices=int(sampling.get("n", 1)))
        assert self.transport is not None
        async with self.transport.open(body) as reply:
            media = reply.content_type
            if media and not media.lower().startswith("text/event-stream"):
                raise RequestFailed("server did not stream: got " + short(media.partition(";")[0], 60))
            async for data in sse_data(reply.blocks):
                chunk = parse_event(data)
                if chunk is None:
                    continue
                if chunk is DONE:
                    answer.done = True
                    break
                added = answer.feed(chunk)
                if record.first_token_at is None and answer.started:
                    record.first_token_at = self.now()
                if added and not quiet:
                    self.emit(TokenDelta(record.run_id, record.trial, record.role, record.idx, added))
        record.ended_at = self.now()
        texts = answer.texts()
        record.text = texts[0] if len(texts) == 1 else concat_answers(
            [BranchOutput(idx=i, text=text) for i, text in enumerate(texts)])
        record.reasoning = answer.reasoning_text()
        answer.check_ended()
        record.finish_reason = answer.finish_reason()
        record.output_tokens, record.reasoning_tokens = answer.token_counts()
        record.prompt_tokens, record.cached_prompt_tokens = prefill_counts(answer.usage, answer.timings)
        return answer


def reset_record(record: RequestRecord) -> None:
    """Forget an earlier attempt's outcome before a (re)send."""
    record.status, record.error, record.retries, record.from_cache = "pending", None, 0, False
    record.sent_at = record.first_token_at = record.ended_at = None



# -- figures and outcome ---------------------------------------------------------------------------------------
def aggregated_trial(records: Sequence[RequestRecord]) -> int:
    """The trial whose branches make the aggregated answer: the one with most OK branches, earliest on ties."""
    trials = sorted({r.trial for r in records if r.role == "branch"})
    if not trials:
        return 0
    return max(trials, key=lambda t: (sum(1 for r in records if r.trial == t and r.role == "branch"
                                          and r.status == "ok"), -t))


def branch_outputs(records: Sequence[RequestRecord], trial: int) -> list[BranchOutput]:
    return [BranchOutput(idx=r.idx, text=r.text if r.status == "ok" else None, error=r.error)
            for r in records if r.trial == trial and r.role == "branch"]


def figures_of_trial(state: _RunState, trial: int) -> metrics.TrialFigures:
    share = state.run.params.get("prefix_share", {}).get(str(trial))
    return metrics.trial_figures(trial, state.records, untimed_phases=frozenset(state.untimed),
                                 prefix_share_ms=float(share["elapsed_ms"]) if share else 0.0)


def finish_run(state: _RunState, probe: ProbeResult | None = None) -> None:
    """Figures (medians over timed trials), their spread and flags, texts, status and error of a run whose requests
    have all been tried; `probe` is the backend's stored capacity probe, to tell a busy machine."""
    run, records = state.run, state.records
    trials = [figures_of_trial(state, t) for t in range(run.trials)]
    figures = metrics.run_figures(trials, decomposition_ms=run.params.get("decomposition_ms"))
    run.serial_ms, run.parallel_ms, run.ideal_ms = figures.serial_ms, figures.parallel_ms, figures.ideal_ms
    run.serial_tokens, run.parallel_tokens = figures.serial_tokens, figures.parallel_tokens
    run.speedup, run.normalised_speedup = figures.speedup, figures.normalised_speedup
    run.ideal_speedup, run.e2e_speedup = figures.ideal_speedup, figures.e2e_speedup
    run.sampling_ms, run.sampling_speedup = figures.sampling_ms, figures.sampling_speedup
    serial_ok = [r for r in records if r.role == "serial" and r.status == "ok"]
    run.serial_text = serial_ok[0].text if serial_ok else None
    shown = aggregated_trial(records)
    outputs = branch_outputs(records, shown)
    run.aggregated_text = concat_answers(outputs) if any(o.text is not None for o in outputs) else None
    merge = [r for r in records if r.role == "merge"]
    run.merge_text = merge[0].text if merge and merge[0].status == "ok" else None
    run.merge_ms = merge[0].latency_ms if merge and merge[0].status == "ok" and not merge[0].from_cache else None
    failures = [r for r in records if r.status != "ok"]
    if not serial_ok or run.aggregated_text is None:
        run.status = "failed"
    else:
        run.status = "partial" if failures else "done"
    run.error = failure_summary(failures, len(records)) if failures else None
    timed_trials = {t.trial for t in trials if t.timed}
    sampling_duplicates = run.params.get("sampling_duplicates", {})
    assessment = stability.assess(
        trials, [r for r in records if r.role == "serial" and r.trial in timed_trials], requested=run.trials,
        branch_texts=[o.text for o in outputs if o.text is not None],
        duplicate_samples=max(sampling_duplicates.values(), default=0), samples=run.n_branches, probe=probe)
    run.params = {**run.params, "untimed": sorted(state.untimed), "timed_trials": figures.timed_trials,
                  "timing_note": timing_note(records, state.untimed) if run.speedup is None else None,
                  "stability": assessment.to_params()}
    run.finished_at = utc_now()


def failure_summary(failures: Sequence[RequestRecord], total: int) -> str:
    lines = [f"trial {r.trial} {r.role} {r.idx}: {r.error or r.status}" for r in failures[:MAX_REPORTED_FAILURES]]
    more = len(failures) - MAX_REPORTED_FAILURES
    return (f"{len(failures)} of {total} requests did not finish OK: " + "; ".join(lines)
            + (f"; and {more} more" if more > 0 else ""))


def timing_note(records: Sequence[RequestRecord], untimed: set[tuple[int, str]]) -> str:
    """Why a run has no speedup figure, in words."""
    reasons: list[str] = []
    timed_roles = [r for r in records if r.role in ("serial", "branch")]
    if any(r.from_cache for r in timed_roles):
        reasons.append("answers served from the cache carry no latency (use --no-cache, or --trials 2+)")
    if any(r.status != "ok" for r in timed_roles):
        reasons.append("a phase with a failed request is not timed")
    if any(role in ("serial", "branch") for _, role in untimed):
        reasons.append("a phase split by an interruption and a resume is not timed")
    return "no latency measured: " + ("; ".join(reasons) or "no timed trial")


# -- the event-stream entry points -----------------------------------------------------------------------------
async def execute(store: Store, endpoint: Endpoint, prompt_ids: Sequence[str],
                  options: RunOptions) -> AsyncIterator[Event]:
    """Run each prompt serial vs parallel; yields events as they happen (see `studio.execution.events`)."""

    async def work(runner: Runner) -> None:
        await runner.run_prompts(prompt_ids, options)

    async for event in _events(store, endpoint, work):
        yield event


def orphaned(run: Run) -> bool:
    """A run marked running whose process is gone (killed, crashed): it can only be finished by a resume.
    Runs owned by another host, or by a live process, are never taken over."""
    owner = run.params.get("owner") or {}
    if run.status != "running" or owner.get("host") != socket.gethostname() or not isinstance(owner.get("pid"), int):
        return False
    return not process_alive(owner["pid"])


def process_alive(pid: int) -> bool:
    """Whether a process is running. A zombie (it has exited, its parent has not reaped it yet) still has its pid
    but is dead: its state is read from /proc, or from `ps` where there is no /proc; when neither can tell, a pid
    that exists counts as alive."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        pass
    return process_state(pid) not in ("Z", "X")  # zombie, dead


def process_state(pid: int) -> str | None:
    """A process's one-letter state (R, S, D, Z, ...), or None when it cannot be read."""
    try:  # /proc/PID/stat is "pid (command) state ...", and the command may itself contain ") "
        return (PROC_DIR / str(pid) / "stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        pass
    try:
        found = subprocess.run(["ps", "-o", "stat=", "-p", str(pid)], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return found.stdout.strip()[:1] or None


def resumable_runs(store: Store, prompt_ids: Iterable[str] | None = None) -> list[Run]:
    """Runs a resume can complete, oldest first: interrupted runs, runs that ended with failed requests (`partial`
    or `failed`), and runs whose process died while they were running."""
    return [run for run in store.interrupted_runs(prompt_ids, include_running=True, include_failed=True)
            if run.status != "running" or orphaned(run)]


async def resume(store: Store, endpoint: Endpoint, runs: Sequence[Run]) -> AsyncIterator[Event]:
    """Complete interrupted, partial, failed (or orphaned) runs, re-sending only the requests that did not finish
    OK, then recompute their figures.

    Raises ValueError (before sending anything) if a run was made against another backend or model."""
    for run in runs:
        if run.status not in RESUMABLE_STATUSES and not orphaned(run):
            raise ValueError(f"run {run.id} is {run.status}; only interrupted, partial or failed runs resume")

    async def work(runner: Runner) -> None:
        states = [runner.load_run(run) for run in runs]
        for state in states:
            await runner.complete(state, resumed=True)

    async for event in _events(store, endpoint, work):
        yield event


async def _events(store: Store, endpoint: Endpoint,
                  work: Callable[[Runner], Awaitable[None]]) -> AsyncIterator[Event]:
    """Run `work` in a task and yield its events; closing or cancelling the iterator cancels the work, which
    then marks its run interrupted before this returns."""
    queue: asyncio.Queue[Event | None] = asyncio.Queue()
    runner = Runner(store, endpoint, queue.put_nowait)

    async def guarded() -> None:
        try:
            await work(runner)
        finally:
            await runner.close()
            queue.put_nowait(None)

    task = asyncio.create_task(guarded())
    try:
        while (event := await queue.get()) is not None:
            yield event
        await task  # re-raise what went wrong in the work, if anything
    finally:
        if not task.done():
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task
