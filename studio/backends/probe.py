"""The backend capacity probe: how much aggregate throughput does this backend gain from concurrent streams?

Decomposing a prompt can only beat the serial answer if the backend serves several streams faster together than
one after another. The probe sends c identical-length streaming requests at once for each concurrency level c,
and measures aggregate output tokens/s (all tokens / wall time from first send to last token) and the median time
to first token. It stops early once throughput has fallen at two levels in a row (more streams only add
queueing). The `ceiling` is the best aggregate throughput divided by the single-stream throughput: the most a
parallel run can gain on this backend.

Each level is measured `rounds` times, the levels taken in turn (1, 2, 4, ..., then 1, 2, 4, ... again), and the
round of middle throughput is kept with the spread of all of them. Why: one busy moment during the single-stream
request made a 2-core machine's ceiling read 20x, and runs are later checked against that stored rate; in turn, a
busy spell lands on one round of every level, not on every round of one.
"""

from __future__ import annotations

import asyncio
import dataclasses
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from store.models import ProbeResult
from studio.backends.base import Endpoint
from studio.backends.checks import causes, response_failure
from studio.presentation import counted

if TYPE_CHECKING:
    from openai import AsyncOpenAI

DEFAULT_LEVELS = (1, 2, 4, 8, 16)
FALLING = 0.9  # a level "falls" below 90% of the best throughput before it
DEFAULT_ROUNDS = 3
UNSTEADY = 1.5  # a level whose fastest round beat its slowest by this factor was measured on a busy machine
# The same prompt for every stream, so every level generates the same answers and only concurrency differs.
PROBE_PROMPT = ("Write a long, detailed story about a lighthouse keeper who finds a message in a bottle. "
                "Keep writing until you are told to stop.")


@dataclass(frozen=True, slots=True)
class StreamSample:
    """One request of a probe level."""

    sent: float
    first_token: float | None
    ended: float
    output_tokens: int
    failure: str | None


@dataclass(frozen=True, slots=True)
class LevelResult:
    concurrency: int
    tokens_per_s: float
    ttft_ms: float
    output_tokens: int
    wall_s: float
    failures: int
    rounds: int = 1
    low_tokens_per_s: float | None = None  # the slowest and fastest round, when there were several
    high_tokens_per_s: float | None = None

    def as_point(self) -> dict[str, float]:
        point = {"concurrency": self.concurrency, "tokens_per_s": round(self.tokens_per_s, 3),
                 "ttft_ms": round(self.ttft_ms, 1), "output_tokens": self.output_tokens,
                 "wall_s": round(self.wall_s, 3), "failures": self.failures, "rounds": self.rounds}
        if self.low_tokens_per_s is not None and self.high_tokens_per_s is not None:
            point |= {"low_tokens_per_s": round(self.low_tokens_per_s, 3),
                      "high_tokens_per_s": round(self.high_tokens_per_s, 3)}
        return point


class ProbeError(RuntimeError):
    """The backend failed every request of a level; the message carries the first reason."""


# A request the server closed without a byte of reply, on a pooled keep-alive connection it had dropped (llama.cpp's
# server does so now and then: 1 to 4 requests in 40 sequential ones, none with keep-alive off), is sent again on a
# new connection with its clock restarted, this many times at most: the failed attempt measured nothing of the
# backend, and counted as failed it made a one-stream level fail the whole probe (4 of 15 probes of the embedded
# engine) and took a stream's tokens out of a wider level's aggregate.
STALE_CONNECTION_RETRIES = 2


async def _one_stream(client: AsyncOpenAI, endpoint: Endpoint, max_tokens: int) -> StreamSample:
    for _ in range(STALE_CONNECTION_RETRIES):
        sample, error = await _attempt(client, endpoint, max_tokens)
        if error is None or sample.first_token is not None or not _closed_before_replying(error):
            return sample
    return (await _attempt(client, endpoint, max_tokens))[0]


async def _attempt(client: AsyncOpenAI, endpoint: Endpoint,
                   max_tokens: int) -> tuple[StreamSample, BaseException | None]:
    """One request of the probe prompt, timed from its send, and the error that ended it (None when the stream
    ended by itself; a whole answer is then still checked by `response_failure`)."""
    import httpx2
    import openai

    sent = time.perf_counter()
    first: float | None = None
    text, finish, usage_tokens, chunks = "", None, None, 0
    try:
        stream = await client.chat.completions.create(
            model=endpoint.model, messages=[{"role": "user", "content": PROBE_PROMPT}],
            max_tokens=max_tokens, temperature=0.0, stream=True, stream_options={"include_usage": True})
        async for chunk in stream:
            if chunk.usage is not None:
                usage_tokens = chunk.usage.completion_tokens
            for choice in chunk.choices:
                if choice.delta and choice.delta.content:
                    if first is None:
                        first = time.perf_counter()
                    text += choice.delta.content
                    chunks += 1
                if choice.finish_reason:
                    finish = choice.finish_reason
    except (openai.APIError, httpx2.HTTPError) as exc:
        failure = endpoint.redact(f"{type(exc).__name__}: {exc}")
        return StreamSample(sent, first, time.perf_counter(), 0, failure), exc
    tokens = usage_tokens if usage_tokens is not None else chunks
    return StreamSample(sent, first, time.perf_counter(), tokens, response_failure(text, finish, usage_tokens)), None


def _closed_before_replying(exc: BaseException) -> bool:
    """Whether the server closed the connection before any reply (httpx's RemoteProtocolError under the SDK's
    connection error), the mark of a pooled connection it had dropped."""
    import httpx2

    return any(isinstance(cause, httpx2.RemoteProtocolError) for cause in causes(exc))


async def measure_level(client: AsyncOpenAI, endpoint: Endpoint, concurrency: int, max_tokens: int) -> LevelResult:
    """Send `concurrency` streams at once; aggregate throughput counts only answers that passed the checks."""
    samples = await asyncio.gather(*(_one_stream(client, endpoint, max_tokens) for _ in range(concurrency)))
    good = [sample for sample in samples if sample.failure is None]
    if not good:
        raise ProbeError(f"all {concurrency} requests failed at concurrency {concurrency}: {samples[0].failure}")
    wall = max(sample.ended for sample in samples) - min(sample.sent for sample in samples)
    tokens = sum(sample.output_tokens for sample in good)
    ttfts = [(sample.first_token - sample.sent) * 1000 for sample in good if sample.first_token is not None]
    return LevelResult(concurrency=concurrency, tokens_per_s=tokens / wall if wall > 0 else 0.0,
                       ttft_ms=statistics.median(ttfts) if ttfts else 0.0, output_tokens=tokens, wall_s=wall,
                       failures=len(samples) - len(good))


async def probe_endpoint(endpoint: Endpoint, levels: Sequence[int] = DEFAULT_LEVELS, *, max_tokens: int = 64,
                         rounds: int = DEFAULT_ROUNDS, timeout_s: float = 300.0, stop_when_falling: bool = True,
                         on_level: Callable[[LevelResult], None] | None = None) -> ProbeResult:
    """Measure the curve at each level (ascending; must start at 1 so the ceiling has a baseline), `rounds` times
    in turn; the first round decides where throughput stops rising."""
    ordered = sorted(set(levels))
    if not ordered or ordered[0] != 1 or any(level < 1 for level in ordered):
        raise ValueError(f"concurrency levels must be positive and include 1 (got {list(levels)})")
    if max_tokens < 1:
        raise ValueError(f"max_tokens must be at least 1 (got {max_tokens})")
    if rounds < 1:
        raise ValueError(f"rounds must be at least 1 (got {rounds})")
    import httpx2  # the client libraries load when a probe runs, not with `ppstudio --help`
    from openai import AsyncOpenAI

    results: list[LevelResult] = []
    async with AsyncOpenAI(base_url=endpoint.base_url, api_key=endpoint.client_key(), timeout=timeout_s,
                           max_retries=0, http_client=httpx2.AsyncClient(
                               timeout=timeout_s, limits=httpx2.Limits(max_connections=max(ordered) + 4))) as client:
        await _one_stream(client, endpoint, 1)  # untimed: opens the connection pool and wakes the server
        for level in ordered:
            result = await measure_level(client, endpoint, level, max_tokens)
            results.append(result)
            if on_level:
                on_level(result)
            if stop_when_falling and _fell_twice(results):
                break
        measured = [[result] for result in results]
        for _ in range(rounds - 1):
            for taken in measured:
                taken.append(await measure_level(client, endpoint, taken[0].concurrency, max_tokens))
                if on_level:
                    on_level(taken[-1])
    results = [_middle_round(taken) for taken in measured]
    single = results[0].tokens_per_s
    ceiling = max(item.tokens_per_s for item in results) / single if single > 0 else 0.0
    return ProbeResult(backend=endpoint.label, model=endpoint.model, base_url=endpoint.base_url,
                       simulated=endpoint.simulated, curve=[item.as_point() for item in results],
                       ceiling=round(ceiling, 3))


def _middle_round(taken: list[LevelResult]) -> LevelResult:
    """The round of middle throughput (the lower middle of an even count), whole, so its tokens, wall time and TTFT
    stay one measurement, with the slowest and fastest rounds beside it and every round's failures."""
    if len(taken) == 1:
        return taken[0]
    ordered = sorted(taken, key=lambda result: result.tokens_per_s)
    return dataclasses.replace(ordered[(len(ordered) - 1) // 2], rounds=len(taken),
                               failures=sum(result.failures for result in taken),
                               low_tokens_per_s=ordered[0].tokens_per_s, high_tokens_per_s=ordered[-1].tokens_per_s)


def unsteady_levels(probe: ProbeResult) -> list[dict[str, float]]:
    """The curve points whose rounds disagreed by more than UNSTEADY: the machine was busy while they ran."""
    return [point for point in probe.curve
            if point.get("low_tokens_per_s") and point.get("high_tokens_per_s", 0.0)
            > UNSTEADY * point["low_tokens_per_s"]]


def _fell_twice(results: list[LevelResult]) -> bool:
    """The last two levels both fell below 90% of the best before them: more streams only queue. Two, not one,
    because one level can dip by chance on a busy machine (measured: 0.73x at 2 streams, 1.24x at 8)."""
    if len(results) < 3:
        return False
    best_before = max(item.tokens_per_s for item in results[:-2])
    return all(item.tokens_per_s < FALLING * best_before for item in results[-2:])


def best_level(probe: ProbeResult) -> dict[str, float]:
    """The curve point with the highest aggregate throughput."""
    return max(probe.curve, key=lambda point: point["tokens_per_s"])


def describe_ceiling(probe: ProbeResult) -> str:
    """One sentence for reports and the studio, e.g. "this backend gives 1.1x at 8 streams, so parallel runs
    cannot beat serial here"."""
    point = best_level(probe)
    streams = int(point["concurrency"])
    head = f"this backend gives {probe.ceiling:.1f}x at {counted(streams, 'stream')}"
    if probe.ceiling < 1.25:
        verdict = "so parallel runs cannot beat serial here"
    elif probe.ceiling < 2.0:
        verdict = f"so parallel runs can gain at most about {probe.ceiling:.1f}x here"
    else:
        verdict = f"so parallel runs can approach {probe.ceiling:.1f}x with {streams} or more branches"
    suffix = " (simulated backend)" if probe.simulated else ""
    return f"{head}, {verdict}{suffix}"
