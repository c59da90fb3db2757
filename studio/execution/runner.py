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
`params["prefix_share"]`. Cached answers: see `studio.execution.cache`. The options and the plan of each run are
in `studio.execution.options`, its figures and how it is finished in `studio.execution.outcome`, and what a command
runs or resumes in `studio.execution.selection`.
"""

from __future__ import annotations

import asyncio
import copy
import os
import random
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import httpx

from store import Store, utc_now
from store.models import Job, RequestRecord, Run
from studio.backends import EMBEDDED_LABEL
from studio.backends.base import Endpoint
from studio.backends.prefix import PrefixShare, erase_prompt_cache, share_prefix
from studio.execution import stability
from studio.execution.aggregate import BranchOutput, concat_answers, merge_messages
from studio.execution.branches import BranchError, is_repeated_generation
from studio.execution.cache import ResponseCache
from studio.execution.events import (
    PHASE_ROLES, Event, PhaseStarted, PromptSkipped, RequestFinished, RequestRetrying, RequestStarted, RunFinished,
    RunInterrupted, RunStarted, TokenDelta, TrialFinished,
)
from studio.execution.options import PlannedRun, RunOptions, RunState, new_id, plan_runs
from studio.execution.outcome import aggregated_trial, branch_outputs, figures_of_trial, finish_run
from studio.execution.protocol import (
    DONE, RequestFailed, RetryableError, StreamedAnswer, classify_error, parse_event, prefill_counts, short, sse_data,
)
from studio.execution.transport import Transport, make_transport
from studio.llm.failures import backoff_s

Emit = Callable[[Event], None]
RESUMABLE_STATUSES = ("interrupted", "partial", "failed")  # and "running" when its process is gone
# The options a resume may change: how long and how often a request is tried. The rest decide what is measured,
# so a run keeps them (a run that failed on timeouts or 429s can be completed with more patience).
RESUME_RETRY_OPTIONS = ("timeout_s", "retries")
OUTAGE_NOTE = " (not retried: no request has reached the server since one failed to connect after all its retries)"
PROC_DIR = Path("/proc")


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
        self.erasable: bool | None = None  # can the endpoint's prompt cache be erased? known after the first try
        # Set when a request spent all its retries unable to connect, cleared by any reply. While set, a request that
        # cannot connect fails at once instead of waiting out its own retries (against a dead server a job would
        # otherwise spend every request's backoff, minutes, to learn nothing).
        self.server_unreachable = False

    def use_transport(self, client: str) -> Transport:
        """The transport for this run's client, made once (before any request is timed: `complete` calls)."""
        if client not in self.transports:
            self.transports[client] = make_transport(client, self.endpoint)
        self.transport = self.transports[client]
        return self.transport

    async def close(self) -> None:
        for transport in self.transports.values():
            await transport.close()

    @property
    def stored_base_url(self) -> str | None:
        """The endpoint's URL as the runs and jobs made here store it: none for an ephemeral endpoint, whose URL
        holds only while this process runs."""
        return None if self.endpoint.ephemeral else self.endpoint.base_url

    def now(self) -> float:
        return time.perf_counter() - self.origin

    # -- planning ----------------------------------------------------------------------------------------------
    async def run_prompts(self, prompt_ids: Iterable[str], options: RunOptions, job: Job) -> list[Run]:
        """Plan and make the runs of each prompt in turn (never two prompts at once: that would skew timing), each
        prompt's runs stored, and the prompt marked started in `job`, in one transaction."""
        finished: list[Run] = []
        for prompt_id in prompt_ids:
            schema = self.store.best_schema(prompt_id)
            try:
                if schema is None:
                    raise BranchError("it has no schema (run `ppstudio curate` first)")
                planned = plan_runs(schema, options)
            except BranchError as exc:
                self.emit(PromptSkipped(prompt_id, str(exc)))
                self.store.skip_job_prompt(job.id, prompt_id)
                continue
            states = self.create_runs(planned, options, job)
            for i, state in enumerate(states):
                try:
                    finished.append(await self.complete(state, resumed=False))
                except BaseException:
                    for later in states[i + 1:]:  # (a sweep's other runs: stored, not started)
                        self.mark_interrupted(later)
                    raise
        return finished

    async def run_job(self, job: Job, prompt_ids: Sequence[str], options: RunOptions) -> None:
        """Run `prompt_ids` of `job`, then store it done, or interrupted while prompts of it are still waiting (a
        resume of chosen prompts runs only those); stopped by anything, it is stored interrupted (killed, it stays
        running with a dead owner): either way a resume runs the prompts still waiting."""
        try:
            await self.run_prompts(prompt_ids, options, job)
        except BaseException:
            job.status, job.finished_at = "interrupted", utc_now()
            with suppress(Exception):
                self.store.update_job(job)
            raise
        stored = self.store.get_job(job.id)
        job.waiting = stored.waiting if stored is not None else []
        job.status, job.finished_at = "interrupted" if job.waiting else "done", utc_now()
        self.store.update_job(job)

    def create_job(self, prompt_ids: Sequence[str], options: RunOptions) -> Job:
        """Store a job of `prompt_ids`, running and owned by this process."""
        job = Job(id=new_id(), backend=self.endpoint.label, model=self.endpoint.model,
                  base_url=self.stored_base_url,
                  simulated=self.endpoint.simulated, params={"options": options.to_params(), "owner": this_owner()})
        return self.store.create_job(job, prompt_ids)

    def create_runs(self, planned: Sequence[PlannedRun], options: RunOptions, job: Job | None = None,
                    ) -> list[RunState]:
        """Store one prompt's runs, running and owned by this process, with all their planned requests pending
        (and the prompt started in `job`). Why owned from the start: a process killed between storing a run and
        starting it would otherwise leave it `pending`, which no resume takes up; a `running` run of a dead owner
        is resumable (`orphaned`)."""
        states = [self.plan_state(plan, options) for plan in planned]
        self.store.create_runs([(state.run, state.records) for state in states], job.id if job else None)
        return states

    def plan_state(self, plan: PlannedRun, options: RunOptions) -> RunState:
        """A new run of `plan` and its requests, not stored yet."""
        run = Run(
            id=new_id(), prompt_id=plan.schema.prompt_id, schema_id=plan.schema.id, backend=self.endpoint.label,
            model=self.endpoint.model, base_url=self.stored_base_url,
            simulated=self.endpoint.simulated, status="running", trials=options.trials,
            n_branches=len(plan.branch_messages), sweep_n=plan.sweep_n, sweep_id=plan.sweep_id,
            params={"options": options.to_params(),
                    "branch_seeds": plan.branch_seeds, "branch_labels": plan.branch_labels,
                    "decomposition_ms": plan.schema.decomposition_ms, "category": plan.schema.category,
                    "repeated_generation": is_repeated_generation(plan.schema),
                    "shared_context": bool(plan.schema.context), "untimed": [], "prefix_share": {},
                    "owner": this_owner()})
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
        return RunState(run=run, records=records, options=options)

    def load_run(self, run: Run, retry_options: dict[str, Any] | None = None) -> RunState:
        """The state of a stored run, for resuming with the options it was made with, except `retry_options`
        (`RESUME_RETRY_OPTIONS`: how hard a request is tried, not what is measured), stored with it when given."""
        options = self.resumed_options(run, f"run {run.id}", retry_options)
        state = RunState(run=run, records=self.store.requests_for(run.id), options=options)
        state.untimed = {(int(t), str(role)) for t, role in run.params.get("untimed", [])}
        return state

    def resumed_options(self, made: Run | Job, name: str, retry_options: dict[str, Any] | None) -> RunOptions:
        """The options `made` (a run or a job) was made with, but `retry_options` (`RESUME_RETRY_OPTIONS`: how hard a
        request is tried, not what is measured), stored with it when given.

        Raises ValueError when this endpoint is not the backend and model it was made against."""
        label_matches = made.backend == self.endpoint.label and made.model == self.endpoint.model
        url_matches = made.base_url is None or made.base_url == self.endpoint.base_url or made.backend == EMBEDDED_LABEL
        if not (label_matches and url_matches):
            raise ValueError(f"{name} was made against {made.backend} / {made.model}"
                             f"{' at ' + made.base_url if made.base_url else ''}; resume it with the same backend "
                             f"(this endpoint is {self.endpoint.label} / {self.endpoint.model})")
        options = RunOptions.from_params(made.params)
        if retry_options:
            unknown = set(retry_options) - set(RESUME_RETRY_OPTIONS)
            if unknown:
                raise ValueError(f"a resume keeps the options a run was made with; {', '.join(sorted(unknown))} "
                                 "cannot change")
            options = replace(options, **retry_options)
            made.params = {**made.params, "options": options.to_params()}
        return options

    # -- executing ---------------------------------------------------------------------------------------------
    async def complete(self, state: RunState, *, resumed: bool) -> Run:
        """Send every request of the run that is not OK yet, then compute and store its figures."""
        run = state.run
        read_as = (run.status, run.params.get("owner"))
        run.status, run.error, run.finished_at = "running", None, None
        run.params = {**run.params, "owner": this_owner()}
        if not resumed:
            self.store.update_run(run)
        elif not self.store.claim_run(run, *read_as):
            self.emit(PromptSkipped(run.prompt_id, f"run {run.id} was taken up by another process after this resume "
                                                   "chose it: left to it"))
            return self.store.get_run(run.id) or run
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
        except BaseException as exc:
            # one request's task failed: report and raise that failure, not the TaskGroup's wrapper around it
            inner = exc.exceptions[0] if isinstance(exc, BaseExceptionGroup) and len(exc.exceptions) == 1 else exc
            if isinstance(inner, (asyncio.CancelledError, KeyboardInterrupt)):
                # Ctrl-C (or SIGTERM, see transport.run_loop) cancels the run, or lands inside it as it is
                self.mark_interrupted(state)
            else:  # a bug or a store failure: leave the run explained, then let it surface
                self.mark_failed(state, inner)
            if inner is exc:
                raise
            raise inner from inner.__cause__
        finish_run(state, self.store.latest_probe(run.backend, run.model), server_slots=self.endpoint.slots)
        self.store.update_run(run)
        self.emit(RunFinished(copy.deepcopy(run)))
        return run

    def mark_interrupted(self, state: RunState) -> None:
        """Store the run as interrupted (what finished is kept; `--resume` sends the rest) and say so."""
        run = state.run
        run.status, run.error, run.finished_at = "interrupted", "interrupted before it finished", utc_now()
        run.params = {**run.params, "untimed": sorted(state.untimed)}
        self.store.update_run(run)
        self.emit(RunInterrupted(copy.deepcopy(run)))

    def mark_failed(self, state: RunState, error: BaseException) -> None:
        """Store the run as failed by `error` (a bug or a store failure), every unsent request with the reason."""
        run = state.run
        run.status, run.error = "failed", f"internal error: {type(error).__name__}: {error}"
        run.finished_at = utc_now()
        with suppress(Exception):
            for record in self.store.requests_for(run.id):
                if record.status == "pending":
                    record.status, record.error = "failed", "not sent: the run stopped on an internal error"
                    self.store.upsert_request(record)
            self.store.update_run(run)

    async def send_phase(self, state: RunState, trial: int, phase: str) -> None:
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
                await self.empty_prompt_cache(state)
                await self.send(state, record)
            return
        await self.empty_prompt_cache(state)
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

    async def empty_prompt_cache(self, state: RunState) -> None:
        """Before a timed phase (untimed), erase the server's prompt cache, so that every phase of every trial
        computes its prompts as a new prompt would and the trials measure the same thing
        (`studio.backends.prefix.erase_prompt_cache`: llama.cpp's slots). The run's `params["prompt_cache"]` says
        whether it was erased or kept and why; an erase that fails is noted in `prompt_cache_error` and the phase
        still runs."""
        if not state.options.cold_cache:
            self.note_prompt_cache(state, "prompt_cache", "kept (--warm-cache)")
            return
        if self.erasable is None or self.erasable:
            try:
                self.erasable = await erase_prompt_cache(self.endpoint, timeout_s=state.options.timeout_s) is not None
            except httpx.HTTPError as exc:
                self.note_prompt_cache(state, "prompt_cache_error", f"erasing it failed: {short(str(exc))}")
                return
        self.note_prompt_cache(state, "prompt_cache", "erased before each phase" if self.erasable else
                               "kept: the server has no slot erase (not llama.cpp, or no --slot-save-path)")

    def note_prompt_cache(self, state: RunState, key: str, how: str) -> None:
        if state.run.params.get(key) != how:
            state.run.params = {**state.run.params, key: how}
            self.store.update_run(state.run)

    async def warm_shared_prefix(self, state: RunState, trial: int, branches: Sequence[RequestRecord]) -> None:
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
            self.note_prefix_failure(state, self.endpoint.redact(str(classify_error(exc))))
        else:
            shares = {**state.run.params.get("prefix_share", {}), str(trial): asdict(share)}
            state.run.params = {**state.run.params, "prefix_share": shares}
            self.store.update_run(state.run)

    @staticmethod
    def note_prefix_failure(state: RunState, reason: str) -> None:
        state.run.params = {**state.run.params, "prefix_share_error": reason}

    async def warm_up(self, state: RunState, branch: RequestRecord) -> PrefixShare:
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

    def serve_from_cache(self, state: RunState, records: Sequence[RequestRecord]) -> bool:
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

    async def merge(self, state: RunState) -> None:
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

    async def send(self, state: RunState, record: RequestRecord) -> None:
        """One request with bounded retries; always ends with the record stored and a RequestFinished event."""
        if self.limit is None:
            await self._send(state, record)
            return
        async with self.limit:
            await self._send(state, record)

    async def _send(self, state: RunState, record: RequestRecord) -> None:
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
                    self.server_unreachable = False
                    failure = answer.failure(record.output_tokens)
                    record.status, record.error = ("failed", failure) if failure else ("ok", None)
                    break
                except TimeoutError:
                    where = "before the first token" if record.first_token_at is None else "mid-answer"
                    error: RetryableError | RequestFailed = RetryableError(
                        f"timed out after {options.timeout_s:g} s {where}")
                except Exception as exc:  # whatever a server replies fails this request at worst, never the run
                    error = classify_error(exc)
                reason = self.endpoint.redact(str(error))
                unreachable = isinstance(error, RetryableError) and error.unreachable
                if not unreachable:
                    self.server_unreachable = False  # (the server answered, if badly)
                elif self.server_unreachable:
                    record.status, record.error = "failed", reason + OUTAGE_NOTE
                    break
                if isinstance(error, RequestFailed) or record.retries >= options.retries:
                    suffix = f" (after {record.retries} retries)" if record.retries else ""
                    record.status, record.error = "failed", reason + suffix
                    self.server_unreachable = unreachable
                    break
                record.retries += 1
                delay = self.backoff(options, record.retries, error.retry_after_s)
                self.emit(RequestRetrying(record.run_id, record.trial, record.role, record.idx,
                                          record.retries, reason, delay))
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

    def note_sampling_duplicates(self, state: RunState, trial: int, texts: list[str]) -> None:
        """How many of a parallel-sampling request's answers repeat another (only the joined text is stored)."""
        found = {**state.run.params.get("sampling_duplicates", {}), str(trial): stability.duplicate_count(texts)}
        state.run.params = {**state.run.params, "sampling_duplicates": found}

    def backoff(self, options: RunOptions, retry: int, retry_after_s: float | None) -> float:
        """The wait before retry number `retry`: the chat-call policy's backoff (`studio.llm.failures`, the server's
        Retry-After when it sent one, else exponential with equal jitter), capped by these options."""
        return backoff_s(retry, base_s=options.retry_base_s, max_s=options.retry_max_s, retry_after=retry_after_s,
                         rng=self.rng)

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



# -- the event-stream entry points -----------------------------------------------------------------------------
async def execute(store: Store, endpoint: Endpoint, prompt_ids: Sequence[str],
                  options: RunOptions) -> AsyncIterator[Event]:
    """Run each prompt serial vs parallel; yields events as they happen (see `studio.execution.events`)."""

    async def work(runner: Runner) -> None:
        await runner.run_job(runner.create_job(prompt_ids, options), prompt_ids, options)

    async for event in _events(store, endpoint, work):
        yield event


def this_owner() -> dict[str, Any]:
    """What marks a run as this process's: its pid, host and start time (`orphaned` reads them)."""
    return {"pid": os.getpid(), "host": socket.gethostname(), "started": process_start(os.getpid())}


def orphaned(run: Run | Job) -> bool:
    """A run (or a job) marked running whose process is gone (killed, crashed): it can only be finished by a
    resume. Those owned by another host, or by a live process, are never taken over. A live process that started
    after the owner was given its pid (after a reboot; a container restarted, where `ppstudio run` gets the same pid
    each time) is not the owner."""
    owner = run.params.get("owner") or {}
    if run.status != "running" or owner.get("host") != socket.gethostname() or not isinstance(owner.get("pid"), int):
        return False
    started = owner.get("started")
    if isinstance(started, int) and process_start(owner["pid"]) not in (started, None):
        return True
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


def process_start(pid: int) -> int | None:
    """When a process started (clock ticks after boot, /proc/PID/stat field 22), or None when it cannot be read;
    with its pid it tells a process from a later one given the same pid."""
    try:
        return int((PROC_DIR / str(pid) / "stat").read_text().rpartition(")")[2].split()[19])
    except (OSError, IndexError, ValueError):
        return None


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


def resumable_jobs(store: Store, prompt_ids: Iterable[str] | None = None) -> list[Job]:
    """Jobs whose waiting prompts a resume runs, oldest first: interrupted jobs and jobs whose process died."""
    return [job for job in store.unfinished_jobs(prompt_ids) if job.status != "running" or orphaned(job)]


async def resume(store: Store, endpoint: Endpoint, runs: Sequence[Run], retry_options: dict[str, Any] | None = None,
                 jobs: Sequence[Job] = ()) -> AsyncIterator[Event]:
    """Complete interrupted, partial, failed (or orphaned) runs, re-sending only the requests that did not finish
    OK, then recompute their figures; then make the runs of the prompts `jobs` had not reached, with each job's
    options. `retry_options` may change how hard each request is tried (`resumed_options`).

    Raises ValueError (before sending anything) if a run or job was made against another backend or model."""
    for run in runs:
        if run.status not in RESUMABLE_STATUSES and not orphaned(run):
            raise ValueError(f"run {run.id} is {run.status}; only interrupted, partial or failed runs resume")

    async def work(runner: Runner) -> None:
        states = [runner.load_run(run, retry_options) for run in runs]
        job_options = [runner.resumed_options(job, f"job {job.id}", retry_options) for job in jobs]
        for state in states:
            await runner.complete(state, resumed=True)
        for job, options in zip(jobs, job_options):
            read_as = (job.status, job.params.get("owner"))
            job.status, job.finished_at = "running", None
            job.params = {**job.params, "owner": this_owner()}
            if not store.claim_job(job, *read_as):
                for prompt_id in job.waiting:
                    runner.emit(PromptSkipped(prompt_id, f"job {job.id} was taken up by another process after this "
                                                         "resume chose it: left to it"))
                continue
            await runner.run_job(job, job.waiting, options)

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
        elif not task.cancelled():
            task.exception()  # (read: a KeyboardInterrupt raised inside the work has left the loop already, and
            # asyncio would print it again as a "Task exception was never retrieved" when the task is collected)
