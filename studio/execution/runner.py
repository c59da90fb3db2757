"""Serial vs parallel runs: stream every request, time every branch, survive faults, persist as we go.

Use `execute(store, endpoint, prompt_ids, options)` for new runs and `resume(store, endpoint, runs)` for
interrupted ones; both are async iterators of `studio.execution.events` (close them with `contextlib.aclosing`
when you stop early). A run is planned first: its row and every request it will make (all trials, serial,
branches, ideal branches) are stored as `pending`; then the run completes whatever is not yet OK. That one path
serves new runs and resumes, and a run cut short (Ctrl-C, cancelled task) keeps every finished request; the
unfinished ones are marked `cancelled` and the run `interrupted`.

Per trial the serial request and the parallel branches are sent one phase after the other, alternating which comes
first (even trials serial-first, odd trials parallel-first), then with `ideal` every branch once more on its own.
All branches of a phase are sent at once (optionally capped by `concurrency`), streaming, with
`stream_options.include_usage`. Timestamps are seconds on a monotonic clock from the start of the session that sent
them, so latencies are only compared within a phase; a phase split across two sessions by a resume is recorded in
`params["untimed"]` and gives no latency (see `studio.execution.metrics`). Before branches that share a `{context}`,
a llama.cpp server is asked to prefill it once and copy it to its other slots (`studio.backends.prefix`); that
time is counted in the parallel latency and stored in `params["prefix_share"]`. Cached answers: see
`studio.execution.cache`.
"""

from __future__ import annotations

import asyncio
import copy
import email.utils
import errno
import json
import os
import random
import re
import socket
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import aclosing, suppress
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime, timezone
from http import HTTPStatus
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import httpx2  # the HTTP library the openai client is built on (its transport errors surface mid-stream)
import openai
from openai import AsyncOpenAI, DefaultAioHttpClient

from store import Store, utc_now
from store.models import RequestRecord, Run, Schema
from studio.backends.base import Endpoint
from studio.backends.checks import json_kind, response_failure
from studio.backends.prefix import share_prefix
from studio.config import RunSettings
from studio.execution import metrics
from studio.execution.aggregate import AGGREGATIONS, BranchOutput, concat_answers, merge_messages
from studio.execution.branches import (
    DIVERSITY_STRATEGIES, BranchError, is_repeated_generation, render_branch_prompts, serial_prompt, user_messages,
)
from studio.execution.cache import ResponseCache
from studio.execution.events import (
    PHASE_ROLES, Event, PhaseStarted, PromptSkipped, RequestFinished, RequestRetrying, RequestStarted, RunFinished,
    RunInterrupted, RunStarted, TokenDelta, TrialFinished,
)

Emit = Callable[[Event], None]
MAX_REPORTED_FAILURES = 5
RESUMABLE_STATUSES = ("interrupted", "partial", "failed")  # and "running" when its process is gone
PROC_DIR = Path("/proc")
SURROGATE = re.compile("[\ud800-\udfff]")
UNCAPPED_CONNECTIONS = 1_000_000  # aiohttp reads "no limit" as its default of 100, so give a number


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How runs are made. Stored in each run's `params` so a resume repeats exactly the same requests."""

    trials: int = 1
    concurrency: int | None = 64  # in-flight request cap (hosted rate limits); None = no cap
    max_tokens: int = 256
    temperature: float = 0.0
    seed: int = 0
    diversity: str = "seed"
    vary_n: tuple[int, ...] = ()
    ideal: bool = False
    use_cache: bool = True  # read/write the response cache; only ever effective at temperature 0
    aggregation: str = "concat"
    share_prefix: bool = True  # warm a shared {context} once and copy it to the slots (llama.cpp servers only)
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
        if any(n < 1 for n in self.vary_n):
            problems.append(f"every --vary-n value must be at least 1 (got {list(self.vary_n)})")
        if self.timeout_s <= 0 or self.retries < 0:
            problems.append("timeout must be positive and retries not negative")
        if problems:
            raise ValueError("; ".join(problems))

    @classmethod
    def from_settings(cls, settings: RunSettings, **overrides: Any) -> "RunOptions":
        """Options from `[run]` settings, with the non-None overrides (CLI flags) applied."""
        base = cls(trials=settings.trials, concurrency=settings.concurrency, max_tokens=settings.max_tokens,
                   temperature=settings.temperature, seed=settings.seed, timeout_s=settings.timeout_s,
                   retries=settings.retries)
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
        return {"max_tokens": self.max_tokens, "temperature": self.temperature, "seed": seed}


@dataclass(slots=True)
class PlannedRun:
    """One run to make: a schema turned into its serial request and branches (one point of an n-sweep or not)."""

    schema: Schema
    serial_messages: list[dict[str, str]]
    branch_seeds: list[int]
    branch_labels: list[str]
    branch_messages: list[list[dict[str, str]]]
    sweep_n: int | None = None
    sweep_id: str | None = None


def plan_runs(schema: Schema, options: RunOptions) -> list[PlannedRun]:
    """The runs one prompt needs: one, or one per n of `vary_n` for a repeated-generation prompt.

    Raises BranchError when the schema cannot be run."""
    sweep = list(options.vary_n) if options.vary_n and is_repeated_generation(schema) else [None]
    sweep_id = new_id() if sweep != [None] else None
    planned: list[PlannedRun] = []
    for n in sweep:
        branches = render_branch_prompts(schema, n=n, diversity=options.diversity, seed=options.seed)
        planned.append(PlannedRun(
            schema=schema, serial_messages=user_messages(serial_prompt(schema, n=n)),
            branch_seeds=[b.seed for b in branches], branch_labels=[b.label for b in branches],
            branch_messages=[b.messages for b in branches], sweep_n=n, sweep_id=sweep_id))
    return planned


def new_id() -> str:
    return uuid.uuid4().hex[:16]


class RetryableError(Exception):
    """A transient failure worth another attempt (429, 5xx, disconnect, timeout)."""

    def __init__(self, reason: str, retry_after_s: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after_s = retry_after_s


class RequestFailed(Exception):
    """A permanent failure of one request (4xx other than 429, a bad response)."""


@dataclass(slots=True)
class _RunState:
    run: Run
    records: list[RequestRecord]
    options: RunOptions
    untimed: set[tuple[int, str]] = field(default_factory=set)

    def phase(self, trial: int, role: str) -> list[RequestRecord]:
        return [r for r in self.records if r.trial == trial and r.role == role]

    def seed_for(self, record: RequestRecord) -> int:
        seeds = self.run.params.get("branch_seeds", [])
        if record.role in ("branch", "ideal") and record.idx < len(seeds):
            return int(seeds[record.idx])
        return self.options.seed


class Runner:
    """Sends the requests of runs to one endpoint and keeps the store up to date as they finish."""

    def __init__(self, store: Store, endpoint: Endpoint, emit: Emit) -> None:
        self.store = store
        self.endpoint = endpoint
        self.emit = emit
        self._client: AsyncOpenAI | None = None
        self.limit: asyncio.Semaphore | None = None
        self.origin = time.perf_counter()
        self.rng = random.Random()

    def client(self) -> AsyncOpenAI:
        """The runner's one OpenAI client, made on first call (before any request is timed: `complete` calls)."""
        if self._client is None:
            # aiohttp transport (openai's `aiohttp` extra): its C parser costs far less CPU per request and per
            # streamed chunk than the default httpx pool, which matters with hundreds of concurrent streams
            # (benchmarks/runner.py). No pool cap or read timeout: the run's semaphore caps concurrency and
            # `asyncio.timeout` bounds each attempt, so a run with no cap really sends every branch at once.
            limits = httpx2.Limits(max_connections=UNCAPPED_CONNECTIONS, max_keepalive_connections=None)
            self._client = AsyncOpenAI(
                base_url=self.endpoint.base_url, api_key=self.endpoint.client_key(), max_retries=0,
                timeout=httpx2.Timeout(None, connect=30.0), http_client=DefaultAioHttpClient(limits=limits))
        return self._client

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()

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
                    "shared_context": bool(plan.schema.context), "untimed": [], "prefix_share": {}})
        records: list[RequestRecord] = []
        for trial in range(options.trials):
            records.append(RequestRecord(run_id=run.id, trial=trial, role="serial", idx=0,
                                         messages=plan.serial_messages))
            roles = ("branch", "ideal") if options.ideal else ("branch",)
            records.extend(RequestRecord(run_id=run.id, trial=trial, role=role, idx=i, messages=messages)
                           for role in roles for i, messages in enumerate(plan.branch_messages))
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
        self.client()  # made now: building it takes milliseconds that must not count in a timed request
        self.emit(RunStarted(copy.deepcopy(run), tuple(run.params.get("branch_labels", [])), resumed))
        try:
            for trial in range(run.trials):
                phases = ["serial", "parallel"] if trial % 2 == 0 else ["parallel", "serial"]
                if state.options.ideal:
                    phases.append("ideal")
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
        finish_run(state)
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
        if phase == "parallel" and len(todo) == len(planned):
            await self.warm_shared_prefix(state, trial, todo)
        async with asyncio.TaskGroup() as group:
            for record in todo:
                group.create_task(self.send(state, record))

    async def warm_shared_prefix(self, state: _RunState, trial: int, branches: Sequence[RequestRecord]) -> None:
        """Before branches that share a `{context}`, prefill it once and copy it to the server's other slots
        (`studio.backends.prefix`; llama.cpp servers only, a no-op elsewhere). The time it takes is added to
        this trial's parallel latency; if it fails, the branches simply compute the context themselves."""
        if not (state.options.share_prefix and state.run.params.get("shared_context") and len(branches) > 1):
            return
        try:
            share = await share_prefix(self.endpoint, branches[0].messages, len(branches),
                                       timeout_s=state.options.timeout_s)
        except httpx.HTTPError as exc:
            state.run.params = {**state.run.params, "prefix_share_error": _short(str(exc))}
            return
        if share is not None:
            shares = {**state.run.params.get("prefix_share", {}), str(trial): asdict(share)}
            state.run.params = {**state.run.params, "prefix_share": shares}
            self.store.update_run(state.run)

    def serve_from_cache(self, state: _RunState, records: Sequence[RequestRecord]) -> bool:
        """Serve a whole phase from the cache if, and only if, every one of its requests is cached; otherwise the
        phase is sent live in full, so its latency is a real measurement of all its requests together."""
        cache = ResponseCache(self.store, self.endpoint, state.options.cache_active)
        hits = [cache.get(record, state.options.sampling(state.seed_for(record))) for record in records]
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
        sampling = options.sampling(state.seed_for(record))
        reset_record(record)
        self.emit(RequestStarted(record.run_id, record.trial, record.role, record.idx))
        try:
            while True:
                try:
                    async with asyncio.timeout(options.timeout_s):
                        await self.stream(record, sampling)
                    failure = response_failure(record.text, record.finish_reason, record.output_tokens)
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
        ResponseCache(self.store, self.endpoint, options.cache_active).save(record, sampling)
        self.store.upsert_request(record)
        self.emit(RequestFinished(replace(record)))

    def backoff(self, options: RunOptions, attempt: int, retry_after_s: float | None) -> float:
        """Exponential backoff with jitter (half fixed, half random), or the server's Retry-After, capped."""
        if retry_after_s is not None:
            return min(retry_after_s, options.retry_max_s)
        ceiling = min(options.retry_max_s, options.retry_base_s * 2 ** (attempt - 1))
        return ceiling / 2 + self.rng.uniform(0, ceiling / 2)

    async def stream(self, record: RequestRecord, sampling: dict[str, Any]) -> None:
        """One attempt: stream the response into `record` (text, timestamps, token counts, prefill counts).

        The request goes through `AsyncOpenAI.post` with a ready JSON body: the same request, auth and status
        errors (`openai.APIStatusError`) as `chat.completions.create`, without its typed-parameter transform
        (about a quarter millisecond of CPU per request, profiled). The server-sent events are read as raw lines
        and decoded with `json.loads`, because building the client's typed chunk objects costs about half a
        millisecond of CPU per token, which adds up to seconds across hundreds of concurrent streams (see
        benchmarks/runner.py)."""
        record.text, record.first_token_at, record.ended_at = "", None, None
        record.output_tokens = record.prompt_tokens = record.cached_prompt_tokens = record.finish_reason = None
        sent = self.now()
        if record.sent_at is None:  # latency includes retries: it is what the user waited
            record.sent_at = sent
        pieces: list[str] = []
        content_chunks = 0
        usage: dict[str, Any] | None = None
        timings: dict[str, Any] | None = None
        body = {"model": self.endpoint.model, "messages": record.messages, "stream": True,
                "stream_options": {"include_usage": True}, **sampling}
        done = False
        events = 0
        response = await self.client().post("/chat/completions", body=body, cast_to=httpx2.Response, stream=True)
        async with aclosing(response):
            media = response.headers.get("content-type")
            if media and not media.lower().startswith("text/event-stream"):
                raise RequestFailed("server did not stream: got " + _short(media.partition(";")[0], 60))
            async for data in sse_data(response):
                chunk = parse_event(data)
                if chunk is None:
                    continue
                if chunk is DONE:
                    done = True
                    break
                events += 1
                if isinstance(chunk.get("timings"), dict):
                    timings = chunk["timings"]
                if isinstance(chunk.get("usage"), dict):
                    usage = chunk["usage"]
                # Shapes are checked as they are read (cheap isinstance tests): a malformed chunk fails this
                # request with a reason instead of raising somewhere inside the run.
                choices = chunk.get("choices")
                if not choices:
                    continue
                if not isinstance(choices, list):
                    raise malformed("choices", choices)
                for choice in choices:
                    if not isinstance(choice, dict):
                        raise malformed("a choice", choice)
                    delta = choice.get("delta")
                    if delta:
                        if not isinstance(delta, dict):
                            raise malformed("delta", delta)
                        content = delta.get("content")
                        if content:
                            pieces.append(text_field(content, "content"))
                            if record.first_token_at is None:
                                record.first_token_at = self.now()
                            content_chunks += 1
                            self.emit(TokenDelta(record.run_id, record.trial, record.role, record.idx, content))
                    finish_reason = choice.get("finish_reason")
                    if finish_reason:
                        record.finish_reason = text_field(finish_reason, "finish_reason")
        record.ended_at = self.now()
        record.text = "".join(pieces)
        if record.finish_reason is None:
            if done:
                raise RetryableError("no finish reason: the server ended the stream ([DONE]) without one")
            if not events:
                raise RetryableError("empty response: the server sent no events")
            raise RetryableError("disconnected: the stream ended without a finish reason")
        record.output_tokens = _count((usage or {}).get("completion_tokens"))
        if record.output_tokens is None:
            record.output_tokens = content_chunks
        record.prompt_tokens, record.cached_prompt_tokens = prefill_counts(usage, timings)


DONE: dict[str, Any] = {}


async def sse_data(response: httpx2.Response) -> AsyncIterator[bytes]:
    """The data of each `data:` line of a server-sent-events body, as bytes (comments, `event:` lines and blank
    keep-alives are skipped). Lines are split here, on bytes, rather than by httpx's `aiter_lines`: that one also
    splits at U+2028, U+0085 and other characters a JSON string may carry unescaped, and silently replaces invalid
    UTF-8, which `parse_event` must see to report it."""
    rest = b""
    async for block in response.aiter_bytes():
        if b"\r" in block:  # CRLF or lone CR line ends (a split CRLF only adds a blank line)
            block = block.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        lines = (rest + block if rest else block).split(b"\n")
        rest = lines.pop()
        for line in lines:
            if line.startswith(b"data:"):
                yield line[5:]
    if rest.startswith(b"data:"):
        yield rest[5:]


def parse_event(data: bytes) -> dict[str, Any] | None:
    """One event's data: a chunk dict, `DONE` at the end marker, None for empty data. An error object in the
    stream or undecodable data raises RetryableError; JSON that is not an object raises RequestFailed."""
    data = data.strip()
    if not data:
        return None
    if data == b"[DONE]":
        return DONE
    try:
        chunk = json.loads(data.decode())  # strict UTF-8 (json.loads(bytes) would first guess the encoding)
    except UnicodeDecodeError:
        raise RetryableError("stream error: invalid UTF-8 in an event") from None
    except ValueError:
        raise RetryableError("stream error: undecodable event " + _short(data.decode(errors="replace"), 80)) from None
    if not isinstance(chunk, dict):
        raise malformed("the event", chunk)
    if chunk.get("error"):
        error = chunk["error"]
        message = error.get("message") if isinstance(error, dict) else error
        raise RetryableError("stream error: " + _short(str(message)))
    return chunk


def text_field(value: object, what: str) -> str:
    """A text field of a chunk (content, finish_reason), checked: a string, and valid Unicode. A `\\ud800` escape
    without its pair decodes to a lone surrogate, which no UTF-8 text (the store, a terminal) can hold; `isascii`
    is constant-time, so ASCII text is not searched."""
    if not isinstance(value, str):
        raise malformed(what, value)
    if not value.isascii() and SURROGATE.search(value):
        raise RetryableError("stream error: invalid Unicode in an event (a lone surrogate)")
    return value


def malformed(what: str, value: object) -> RequestFailed:
    """A chunk that is JSON but not the shape of a chat.completion.chunk: a server bug, not worth a retry."""
    return RequestFailed(f"malformed chunk: {what} is {json_kind(value)}")


def reset_record(record: RequestRecord) -> None:
    """Forget an earlier attempt's outcome before a (re)send."""
    record.status, record.error, record.retries, record.from_cache = "pending", None, 0, False
    record.sent_at = record.first_token_at = record.ended_at = None


def prefill_counts(usage: dict[str, Any] | None, timings: dict[str, Any] | None) -> tuple[int | None, int | None]:
    """(prompt tokens, of which reused from the server's prompt cache): llama.cpp's `timings.prompt_n` (computed)
    and `timings.cache_n` (reused), else OpenAI-style `usage.prompt_tokens_details.cached_tokens`. A figure that
    is not a whole number counts as missing."""
    prompt = _count((usage or {}).get("prompt_tokens"))
    cached = _count((timings or {}).get("cache_n"))
    if cached is not None:
        computed = _count((timings or {}).get("prompt_n"))
        if prompt is None and computed is not None:
            prompt = computed + cached
    else:
        details = (usage or {}).get("prompt_tokens_details")
        cached = _count(details.get("cached_tokens")) if isinstance(details, dict) else None
    return prompt, cached


def _count(value: object) -> int | None:
    """A token count from a server's JSON, or None when it is not a non-negative whole number."""
    return value if type(value) is int and value >= 0 else None


def classify_error(exc: BaseException) -> RetryableError | RequestFailed:
    """Which failures are transient (retried) and which are final, with a reason that says what happened. The
    cause chain is read, not only the outer exception: the aiohttp transport reports a refused connection or a
    server that hung up before replying as a connect *timeout*."""
    if isinstance(exc, (RetryableError, RequestFailed)):
        return exc
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        detail = exc.message.removeprefix(f"Error code: {status}").removeprefix(" - ")  # the server's own message
        message = f"HTTP {status} {_status_phrase(status)}".rstrip() + (f": {_short(detail)}" if detail else "")
        if status == 429 or status >= 500:
            return RetryableError(message, _retry_after(exc.response))
        return RequestFailed(message)
    causes = _causes(exc)
    for cause in causes:
        if isinstance(cause, OSError) and cause.errno == errno.ECONNREFUSED:
            return RetryableError("connection refused")
        if isinstance(cause, OSError) and cause.errno in (errno.ECONNRESET, errno.EPIPE):
            return RetryableError("disconnected: the connection was reset")
        if isinstance(cause, aiohttp.ServerDisconnectedError):
            return RetryableError("disconnected: the server closed the connection without replying")
        if isinstance(cause, (aiohttp.ClientPayloadError, httpx2.ReadError, httpx2.RemoteProtocolError)):
            return RetryableError("disconnected: the connection closed mid-response")
        if isinstance(cause, aiohttp.ClientResponseError):  # the status line or headers could not be parsed
            return RequestFailed("bad reply: not an HTTP response (" + _short(cause.message, 80) + ")")
    if isinstance(exc, openai.APITimeoutError):
        return RetryableError("timed out waiting for the server")
    if isinstance(exc, openai.APIConnectionError):
        root = causes[-1]
        return RetryableError("cannot connect: " + _short(getattr(root, "strerror", None) or str(root)))
    if isinstance(exc, (openai.APIError, httpx2.TransportError)):
        return RetryableError("stream error: " + _short(str(exc)))
    return RequestFailed(f"{type(exc).__name__}: {_short(str(exc))}")


def _status_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception and what it was raised from, outermost first."""
    chain = [exc]
    while len(chain) < 16 and (nxt := chain[-1].__cause__ or chain[-1].__context__) is not None and nxt not in chain:
        chain.append(nxt)
    return chain


def _retry_after(response: httpx2.Response | None) -> float | None:
    """The Retry-After header in seconds (a number or an HTTP date); the caller caps it."""
    value = response.headers.get("retry-after") if response is not None else None
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _short(text: str, limit: int = 200) -> str:
    """A reason's detail on one line, cut to `limit`, storable (lone surrogates escaped)."""
    text = " ".join(text.encode("utf-8", "backslashreplace").decode("utf-8").split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


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


def finish_run(state: _RunState) -> None:
    """Figures (medians of timed phases), texts, status and error of a run whose requests have all been tried."""
    run, records = state.run, state.records
    trials = [figures_of_trial(state, t) for t in range(run.trials)]
    figures = metrics.run_figures(trials, decomposition_ms=run.params.get("decomposition_ms"))
    run.serial_ms, run.parallel_ms, run.ideal_ms = figures.serial_ms, figures.parallel_ms, figures.ideal_ms
    run.serial_tokens, run.parallel_tokens = figures.serial_tokens, figures.parallel_tokens
    run.speedup, run.normalised_speedup = figures.speedup, figures.normalised_speedup
    run.ideal_speedup, run.e2e_speedup = figures.ideal_speedup, figures.e2e_speedup
    serial_ok = [r for r in records if r.role == "serial" and r.status == "ok"]
    run.serial_text = serial_ok[0].text if serial_ok else None
    outputs = branch_outputs(records, aggregated_trial(records))
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
    run.params = {**run.params, "untimed": sorted(state.untimed), "timed_trials": figures.timed_trials,
                  "timing_note": timing_note(records, state.untimed) if run.speedup is None else None}
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
