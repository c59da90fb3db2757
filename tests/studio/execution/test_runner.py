"""The runner against the simulator: timings, speedup arithmetic, aggregation, diversity, sweeps, cache, faults,
cancellation and resume. Deterministic: the simulator's text and faults are seeded; no timing is asserted beyond
orderings the latency model guarantees."""

from __future__ import annotations

import asyncio
import gc
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import aclosing
from dataclasses import replace
from pathlib import Path

import httpx2
import openai
import pytest

from store import Prompt, RequestRecord, Run, Store
from studio.backends import REMOTE_LABEL, remote_endpoint
from studio.backends.base import Endpoint
from studio.backends.sim import FaultConfig
from studio.config import BackendSettings
from studio.execution import metrics, stability
from studio.execution import runner as runner_module
from studio.execution.cache import ResponseCache
from studio.execution.events import (
    Event, PhaseStarted, PromptSkipped, RequestFinished, RequestRetrying, RequestStarted, RunFinished, RunStarted,
    TokenDelta,
)
from studio.execution.options import RunOptions, plan_runs
from studio.execution.protocol import (
    DONE, MID_RESPONSE, RequestFailed, RetryableError, classify_error, parse_event, prefill_counts, sse_data,
    status_error,
)
from studio.execution.runner import Runner, execute, resumable_jobs, resumable_runs, resume
from studio.execution.transport import sdk_failure

from .conftest import SimFactory, add_prompt, collect, finished_runs

FAST_RETRIES = {"retry_base_s": 0.01, "retry_max_s": 0.05}


def by_role(records: list[RequestRecord], role: str, trial: int = 0) -> list[RequestRecord]:
    return [r for r in records if r.role == role and r.trial == trial]


async def test_a_served_simulator_reached_by_url_makes_simulated_runs(store: Store, make_sim: SimFactory,
                                                                        translation_prompt: str) -> None:
    """`ppstudio serve --backend sim` reached with --base-url: its listing says it is simulated, so the runs are
    stored and reported as simulated (not as measurements), keeping the URL a resume reaches it by."""
    served, _ = make_sim()
    endpoint = remote_endpoint(BackendSettings(base_url=served.base_url, model=served.model))
    events = await collect(execute(store, endpoint, [translation_prompt], RunOptions(trials=1)))
    [run] = finished_runs(events)
    assert run.backend == REMOTE_LABEL and run.simulated and run.base_url == served.base_url


async def test_timings_and_speedup_arithmetic(store: Store, make_sim: SimFactory, translation_prompt: str) -> None:
    endpoint, _ = make_sim()
    events = await collect(execute(store, endpoint, [translation_prompt], RunOptions(trials=3, ideal=True)))
    [run] = finished_runs(events)
    assert run.status == "done" and run.simulated and run.backend == "sim:gpu" and run.n_branches == 4
    records = store.requests_for(run.id)
    assert len(records) == 3 * (1 + 4 + 4) and all(r.status == "ok" and not r.from_cache for r in records)
    for record in records:
        assert record.sent_at <= record.first_token_at <= record.ended_at  # type: ignore[operator]
        assert record.output_tokens and record.output_tokens > 0 and record.prompt_tokens
        assert record.cached_prompt_tokens == 0  # the simulator reports llama.cpp-style timings.cache_n
        assert record.finish_reason in ("stop", "length")

    trials = [metrics.trial_figures(t, records) for t in range(3)]
    for t, figures in enumerate(trials):
        branches = by_role(records, "branch", t)
        # all branches in flight together: every one was sent before the first one finished
        assert max(b.sent_at for b in branches) < min(b.ended_at for b in branches)  # type: ignore[type-var]
        assert figures.parallel_ms >= max(b.latency_ms for b in branches)  # type: ignore[operator,type-var]
        assert figures.parallel_tokens == sum(b.output_tokens for b in branches)  # type: ignore[misc]
    assert run.serial_ms == pytest.approx(metrics.median_or_none(t.serial_ms for t in trials))
    assert run.parallel_ms == pytest.approx(metrics.median_or_none(t.parallel_ms for t in trials))
    assert run.ideal_ms == pytest.approx(metrics.median_or_none(t.ideal_ms for t in trials))
    # every speedup is the median of the per-trial ratios, each formed within one trial
    per_trial = [t.serial_ms / t.parallel_ms for t in trials]  # type: ignore[operator]
    assert run.speedup == pytest.approx(statistics.median(per_trial))
    assert run.normalised_speedup == pytest.approx(statistics.median(
        (t.serial_ms / t.serial_tokens) / (t.parallel_ms / t.parallel_tokens) for t in trials))  # type: ignore
    assert run.ideal_speedup == pytest.approx(statistics.median(
        t.serial_ms / t.ideal_ms for t in trials))  # type: ignore[operator]
    assert run.e2e_speedup == pytest.approx(statistics.median(
        t.serial_ms / (t.parallel_ms + 40.0) for t in trials))  # type: ignore[operator]
    assert run.params["timed_trials"] == 3 and run.params["timing_note"] is None
    found = stability.of_run(run)
    assert found is not None and found.trials == found.timed_trials == 3
    assert found.speedups == pytest.approx(per_trial) and (found.low, found.high) == (min(per_trial), max(per_trial))
    assert found.ci_low is not None and found.ci_low <= run.speedup <= found.ci_high  # type: ignore[operator]
    assert store.get_run(run.id) == run  # what the event carried is what was stored


async def test_trials_alternate_serial_first_and_parallel_first(store: Store, make_sim: SimFactory,
                                                                translation_prompt: str) -> None:
    endpoint, _ = make_sim()
    events = await collect(execute(store, endpoint, [translation_prompt], RunOptions(trials=2)))
    phases = [(e.trial, e.phase) for e in events if isinstance(e, PhaseStarted)]
    assert phases == [(0, "serial"), (0, "parallel"), (1, "parallel"), (1, "serial")]
    records = store.requests_for(finished_runs(events)[0].id)
    assert by_role(records, "serial", 0)[0].ended_at <= min(r.sent_at for r in by_role(records, "branch", 0))
    assert by_role(records, "serial", 1)[0].sent_at >= max(r.ended_at for r in by_role(records, "branch", 1))


@pytest.mark.parametrize(("cold_cache", "noted"), [
    (True, "kept: the server has no slot erase (not llama.cpp, or no --slot-save-path)"),
    (False, "kept (--warm-cache)")])
async def test_the_run_says_whether_the_prompt_cache_was_erased(store: Store, make_sim: SimFactory,
                                                                 translation_prompt: str, cold_cache: bool,
                                                                 noted: str) -> None:
    """The simulator has no slot API: its cache cannot be erased, and the run says so rather than claim cold trials
    (the erase itself is tested against the real engine below and fake servers in tests/studio/backends)."""
    endpoint, _ = make_sim()
    options = RunOptions(trials=2, cold_cache=cold_cache)
    [run] = finished_runs(await collect(execute(store, endpoint, [translation_prompt], options)))
    assert run.params["prompt_cache"] == noted and "prompt_cache_error" not in run.params
    assert store.get_run(run.id).params["prompt_cache"] == noted  # stored, not only in memory


async def test_event_stream_order_per_request(store: Store, make_sim: SimFactory, translation_prompt: str) -> None:
    endpoint, _ = make_sim()
    events = await collect(execute(store, endpoint, [translation_prompt], RunOptions()))
    assert isinstance(events[0], RunStarted) and events[0].branches[1].startswith("a long sentence")
    assert isinstance(events[-1], RunFinished)
    streamed: dict[tuple[int, str, int], str] = {}
    for event in events:
        if isinstance(event, RequestStarted):
            assert (event.trial, event.role, event.idx) not in streamed
            streamed[(event.trial, event.role, event.idx)] = ""
        elif isinstance(event, TokenDelta):
            streamed[(event.trial, event.role, event.idx)] += event.text
        elif isinstance(event, RequestFinished):
            assert event.record.text == streamed[(event.record.trial, event.record.role, event.record.idx)]
    assert len(streamed) == 3 * (1 + 4)  # three trials by default


async def test_aggregation_in_data_order_and_merge(store: Store, make_sim: SimFactory,
                                                   translation_prompt: str) -> None:
    endpoint, _ = make_sim()
    events = await collect(execute(store, endpoint, [translation_prompt],
                                   RunOptions(trials=1, aggregation="merge")))
    [run] = finished_runs(events)
    branches = sorted(by_role(store.requests_for(run.id), "branch"), key=lambda r: r.ended_at)  # finish order
    expected = "\n\n".join(f"{r.idx + 1}. {r.text.strip()}" for r in sorted(branches, key=lambda r: r.idx))
    assert run.aggregated_text == expected
    [merge] = by_role(store.requests_for(run.id), "merge")
    assert merge.status == "ok" and run.merge_text == merge.text and run.merge_ms == pytest.approx(merge.latency_ms)
    assert expected in merge.messages[0]["content"]
    assert run.speedup == pytest.approx(run.serial_ms / run.parallel_ms)  # type: ignore[operator]
    assert metrics.merged_speedup(run.serial_ms, run.parallel_ms, run.merge_ms) == pytest.approx(
        run.serial_ms / (run.parallel_ms + run.merge_ms))  # type: ignore[operator]


@pytest.mark.parametrize("diversity", ["seed", "letter", "index"])
async def test_repeated_generation_diversity(store: Store, make_sim: SimFactory, slogan_prompt: str,
                                             diversity: str) -> None:
    endpoint, _ = make_sim()
    options = RunOptions(diversity=diversity, seed=5, temperature=0.7)
    [run] = finished_runs(await collect(execute(store, endpoint, [slogan_prompt], options)))
    branches = by_role(store.requests_for(run.id), "branch")
    assert run.n_branches == 6 and run.params["branch_seeds"] == [5, 6, 7, 8, 9, 10]
    assert len({b.text for b in branches}) == 6  # distinct seeds (and steers) give distinct answers
    prompts = [b.messages[0]["content"] for b in branches]
    if diversity == "letter":
        assert prompts[1].endswith("Start with the letter B.")
    elif diversity == "index":
        assert prompts[5].endswith("This is idea 6 of 6.")
    else:
        assert len(set(prompts)) == 1


async def test_n_sweep(store: Store, make_sim: SimFactory, slogan_prompt: str, translation_prompt: str) -> None:
    endpoint, _ = make_sim()
    options = RunOptions(vary_n=(1, 2, 4), diversity="letter")
    runs = finished_runs(await collect(execute(store, endpoint, [slogan_prompt, translation_prompt], options)))
    sweep = [r for r in runs if r.prompt_id == slogan_prompt]
    assert [(r.sweep_n, r.n_branches) for r in sweep] == [(1, 1), (2, 2), (4, 4)]
    assert len({r.sweep_id for r in sweep}) == 1 and sweep[0].sweep_id is not None
    assert all(r.status == "done" and r.speedup is not None for r in sweep)
    serial_n2 = by_role(store.requests_for(sweep[1].id), "serial")[0].messages[0]["content"]
    assert serial_n2.endswith("Write 2 different answers, numbered 1 to 2.")
    assert [r.id for r in store.list_runs(sweep_id=sweep[0].sweep_id)][::-1] == [r.id for r in sweep]
    [other] = [r for r in runs if r.prompt_id == translation_prompt]  # data prompts run once, outside the sweep
    assert other.sweep_id is None and other.n_branches == 4


async def test_cache_hits_are_marked_and_never_timed(store: Store, make_sim: SimFactory,
                                                     translation_prompt: str) -> None:
    endpoint, sim = make_sim()
    single = RunOptions(trials=1)
    [first] = finished_runs(await collect(execute(store, endpoint, [translation_prompt], single)))
    served = sum(sim.requests.values())
    [second] = finished_runs(await collect(execute(store, endpoint, [translation_prompt], single)))
    assert sum(sim.requests.values()) == served  # nothing sent
    records = store.requests_for(second.id)
    assert all(r.from_cache and r.status == "ok" and r.sent_at is None for r in records)
    assert second.serial_text == first.serial_text and second.aggregated_text == first.aggregated_text
    assert second.status == "done" and second.speedup is None and second.serial_ms is None
    assert "cache" in second.params["timing_note"]

    # a second trial always measures; --no-cache measures everything
    [third] = finished_runs(await collect(execute(store, endpoint, [translation_prompt], RunOptions(trials=2))))
    assert third.params["timed_trials"] == 1 and third.speedup is not None
    assert all(r.from_cache == (r.trial == 0) for r in store.requests_for(third.id))
    [fourth] = finished_runs(await collect(execute(store, endpoint, [translation_prompt],
                                                   RunOptions(trials=1, use_cache=False))))
    assert not any(r.from_cache for r in store.requests_for(fourth.id)) and fourth.speedup is not None
    # sampling at temperature > 0 never reads the cache
    [fifth] = finished_runs(await collect(execute(store, endpoint, [translation_prompt],
                                                  RunOptions(trials=1, temperature=0.5))))
    assert not any(r.from_cache for r in store.requests_for(fifth.id))


async def test_twenty_percent_faults_every_request_accounted_for(store: Store, make_sim: SimFactory,
                                                                 slogan_prompt: str) -> None:
    faults = FaultConfig(rate_429=0.06, rate_500=0.06, rate_disconnect=0.05, rate_hang=0.03, hang_s=5.0, seed=3)
    endpoint, sim = make_sim(faults=faults)
    options = RunOptions(trials=3, temperature=0.7, diversity="index", vary_n=(8,), retries=1, timeout_s=1.0,
                         use_cache=False, **FAST_RETRIES)
    events = await collect(execute(store, endpoint, [slogan_prompt], options))
    [run] = finished_runs(events)
    records = store.requests_for(run.id)
    assert len(records) == 3 * (1 + 8)
    assert Counter(r.status for r in records).keys() <= {"ok", "failed"}
    for record in records:
        if record.status == "failed":
            assert record.error and ("HTTP" in record.error or "disconnect" in record.error
                                     or "timed out" in record.error)
    retries_seen = [e for e in events if isinstance(e, RequestRetrying)]
    assert sum(r.retries for r in records) == len(retries_seen) > 0
    # every attempt the server saw is one first try or one counted retry
    assert sum(sim.requests.values()) == sum(1 + r.retries for r in records)
    failed = [r for r in records if r.status == "failed"]
    if failed:
        assert run.status in ("partial", "failed") and f"{len(failed)} of {len(records)}" in run.error  # type: ignore
        # the answer comes from the trial with most OK branches; a failed branch there keeps its slot, marked
        best = max(range(3), key=lambda t: (sum(r.status == "ok" for r in by_role(records, "branch", t)), -t))
        marked = (run.aggregated_text or "").count("[no answer:")
        assert marked == sum(r.status == "failed" for r in by_role(records, "branch", best))
    else:
        assert run.status == "done"


async def test_client_errors_fail_without_retry(store: Store, make_sim: SimFactory,
                                                translation_prompt: str) -> None:
    endpoint, sim = make_sim()
    [run] = finished_runs(await collect(execute(store, endpoint, [translation_prompt],
                                                RunOptions(max_tokens=100_000, use_cache=False))))
    records = store.requests_for(run.id)
    assert all(r.status == "failed" and r.error.startswith("HTTP 400") and r.retries == 0  # type: ignore
               for r in records)
    assert run.status == "failed" and run.speedup is None and sim.requests["400"] == len(records)


async def test_concurrency_cap_is_respected(store: Store, make_sim: SimFactory, slogan_prompt: str) -> None:
    endpoint, sim = make_sim()
    [run] = finished_runs(await collect(execute(store, endpoint, [slogan_prompt],
                                                RunOptions(concurrency=2, use_cache=False))))
    assert run.status == "done" and sim.peak_active == 2


async def test_no_cap_sends_every_branch_at_once(store: Store, make_sim: SimFactory) -> None:
    """More branches than an HTTP pool's usual default (aiohttp: 100 connections) all stream at the same time."""
    items = [f"item {i}" for i in range(150)]
    prompt_id = add_prompt(store, "Describe each: " + "; ".join(items),
                           {"category": "other", "template": "Describe {data}.", "data": items})
    endpoint, sim = make_sim(time_scale=10.0)  # 0.6 s to first token: every branch is sent before one ends
    [run] = finished_runs(await collect(execute(store, endpoint, [prompt_id],
                                                RunOptions(concurrency=None, max_tokens=8, use_cache=False))))
    assert run.status == "done" and sim.peak_active == 150


async def test_cancel_keeps_finished_requests_and_resume_completes(store: Store, make_sim: SimFactory,
                                                                   slogan_prompt: str) -> None:
    endpoint, sim = make_sim(profile="cpu")
    options = RunOptions(trials=2, diversity="letter", use_cache=False)
    seen: list[Event] = []

    async def consume() -> None:
        async with aclosing(execute(store, endpoint, [slogan_prompt], options)) as stream:
            async for event in stream:
                seen.append(event)

    task = asyncio.create_task(consume())
    # cancel once the first trial's serial request is done and branches of the parallel phase are streaming
    while not any(isinstance(e, TokenDelta) and e.role == "branch" for e in seen):
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    interrupted = store.interrupted_runs()  # (the cancelled consumer cannot see the RunInterrupted event)
    assert len(interrupted) == 1 and interrupted[0].error == "interrupted before it finished"
    run_id = interrupted[0].id
    stored = store.get_run(run_id)
    assert stored is not None and stored.status == "interrupted"
    before = {(r.trial, r.role, r.idx): r for r in store.requests_for(run_id)}
    assert len(before) == 2 * 7 and before[(0, "serial", 0)].status == "ok"
    assert {r.status for k, r in before.items() if k[1] == "branch" and k[0] == 0} <= {"cancelled", "ok"}
    assert "cancelled" in {r.status for r in before.values()}

    events = await collect(resume(store, endpoint, store.interrupted_runs()))
    [run] = finished_runs(events)
    assert run.id == run_id and run.status == "done" and events[0].resumed  # type: ignore[attr-defined]
    after = {(r.trial, r.role, r.idx): r for r in store.requests_for(run_id)}
    assert after.keys() == before.keys() and all(r.status == "ok" for r in after.values())
    resent = {(e.trial, e.role, e.idx) for e in events if isinstance(e, RequestStarted)}
    assert resent == {k for k, r in before.items() if r.status != "ok"}  # only the unfinished ones
    assert after[(0, "serial", 0)].text == before[(0, "serial", 0)].text
    # the first trial's parallel phase was split across sessions: not timed; trial 1 was measured whole
    if any(before[(0, "branch", i)].status == "ok" for i in range(6)):
        assert [0, "branch"] in run.params["untimed"]
    assert run.params["timed_trials"] >= 1 and run.speedup is not None
    assert store.interrupted_runs() == []


async def test_resume_refuses_another_backend(store: Store, make_sim: SimFactory, translation_prompt: str) -> None:
    endpoint, _ = make_sim()
    [run] = finished_runs(await collect(execute(store, endpoint, [translation_prompt], RunOptions())))
    run.status = "interrupted"
    store.update_run(run)
    other, _ = make_sim(profile="cpu")
    with pytest.raises(ValueError, match="same backend"):
        await collect(resume(store, other, [run]))
    run.status = "done"
    store.update_run(run)
    with pytest.raises(ValueError, match="only interrupted, partial or failed runs"):
        await collect(resume(store, endpoint, [run]))


async def test_a_cancelled_job_keeps_its_waiting_prompts_and_resume_runs_them(
        store: Store, make_sim: SimFactory, slogan_prompt: str, translation_prompt: str) -> None:
    """The prompts a cancelled job had not reached stay in it; a resume completes the interrupted run, then makes
    the waiting prompt's run with the job's options (not the resume's), and the job ends done."""
    endpoint, _ = make_sim(profile="cpu")
    options = RunOptions(trials=1, diversity="index", use_cache=False)
    seen: list[Event] = []

    async def consume() -> None:
        async with aclosing(execute(store, endpoint, [slogan_prompt, translation_prompt], options)) as stream:
            async for event in stream:
                seen.append(event)

    task = asyncio.create_task(consume())
    while not any(isinstance(e, TokenDelta) for e in seen):
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    [job] = resumable_jobs(store)
    assert job.status == "interrupted" and job.waiting == [translation_prompt]
    assert [run.prompt_id for run in store.list_runs()] == [slogan_prompt]  # nothing was made for the other
    assert resumable_jobs(store, [slogan_prompt]) == []  # a resume of chosen prompts takes only those

    events = await collect(resume(store, endpoint, resumable_runs(store), jobs=resumable_jobs(store)))
    runs = finished_runs(events)
    assert [(run.prompt_id, run.status) for run in runs] == [(slogan_prompt, "done"), (translation_prompt, "done")]
    assert runs[1].params["options"] == options.to_params() and runs[1].trials == 1
    assert store.get_job(job.id).status == "done" and resumable_jobs(store) == []  # type: ignore[union-attr]


async def test_a_killed_jobs_prompts_resume_only_once_its_owner_is_gone(
        store: Store, make_sim: SimFactory, translation_prompt: str, slogan_prompt: str) -> None:
    """A job still marked running is resumed only when its process is dead, and only against its own backend."""
    endpoint, _ = make_sim()
    runner = Runner(store, endpoint, lambda event: None)
    job = runner.create_job([translation_prompt, slogan_prompt], RunOptions(trials=1))
    await runner.close()
    assert resumable_jobs(store) == []  # its owner, this process, is alive
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    job.params = {**job.params, "owner": {"pid": int(dead.stdout), "host": socket.gethostname()}}
    store.update_job(job)
    [found] = resumable_jobs(store)
    assert found.waiting == [translation_prompt, slogan_prompt]
    other, _ = make_sim(profile="cpu")
    with pytest.raises(ValueError, match="same backend"):
        await collect(resume(store, other, [], jobs=[found]))
    assert store.list_runs() == []  # refused before anything was sent
    # a resume of one chosen prompt runs that one and leaves the job resumable for the other
    [chosen] = resumable_jobs(store, [slogan_prompt])
    [run] = finished_runs(await collect(resume(store, endpoint, [], jobs=[chosen])))
    assert run.prompt_id == slogan_prompt
    [rest] = resumable_jobs(store)
    assert rest.status == "interrupted" and rest.waiting == [translation_prompt]
    [run] = finished_runs(await collect(resume(store, endpoint, [], jobs=resumable_jobs(store))))
    assert run.prompt_id == translation_prompt and run.status == "done" and resumable_jobs(store) == []
    assert store.get_job(job.id).status == "done"  # type: ignore[union-attr]


async def test_unrunnable_prompts_are_skipped_with_a_reason(store: Store, make_sim: SimFactory,
                                                            translation_prompt: str) -> None:
    bare = Prompt(text="No schema here", source="text")
    store.add_prompts([bare])
    not_parallel = add_prompt(store, "Write a poem", {"parallelizable": False})
    endpoint, _ = make_sim()
    events = await collect(execute(store, endpoint, [bare.id, not_parallel, translation_prompt], RunOptions()))
    skipped = {e.prompt_id: e.reason for e in events if isinstance(e, PromptSkipped)}
    assert "no schema" in skipped[bare.id] and "not parallelizable" in skipped[not_parallel]
    assert [r.prompt_id for r in finished_runs(events)] == [translation_prompt]


class _Blocks:
    """A response whose body arrives in these blocks."""

    def __init__(self, *blocks: bytes) -> None:
        self.blocks = blocks

    async def aiter_bytes(self) -> AsyncIterator[bytes]:
        for block in self.blocks:
            yield block


async def test_sse_data_splits_lines_on_bytes() -> None:
    async def data(*blocks: bytes) -> list[bytes]:
        return [line async for line in sse_data(_Blocks(*blocks).aiter_bytes())]

    # CRLF split across blocks, a comment, an event line, a line across blocks, no newline at the very end
    assert await data(b'data: {"a"', b': 1}\r', b"\n: ping\r\nevent: x\n\ndata: [DO", b"NE]") == [
        b' {"a": 1}', b" [DONE]"]
    assert await data(b"data:1\rdata:2\r") == [b"1", b"2"]  # lone CR line ends
    # U+2028 and U+0085 are line breaks to str.splitlines (and httpx's aiter_lines), not to SSE
    line = json.dumps({"choices": [{"delta": {"content": "a\u2028b\x85c"}}]}, ensure_ascii=False).encode()
    assert await data(b"data: " + line + b"\n\n") == [b" " + line]


def test_events_and_prefill_counts() -> None:
    assert parse_event(b"") is None and parse_event(b" [DONE] ") is DONE
    assert parse_event(b' {"choices": []}') == {"choices": []}
    with pytest.raises(RetryableError, match="stream error: overloaded"):
        parse_event(b'{"error": {"message": "overloaded"}}')
    with pytest.raises(RetryableError, match="undecodable event {not json"):
        parse_event(b"{not json")
    with pytest.raises(RetryableError, match="invalid UTF-8"):
        parse_event(b'{"a": "\xff"}')
    with pytest.raises(RequestFailed, match="malformed chunk: the event is a string"):
        parse_event(b'"hello"')
    # llama.cpp: timings.cache_n reused of the prompt; OpenAI-style: usage.prompt_tokens_details.cached_tokens
    assert prefill_counts({"prompt_tokens": 300}, {"prompt_n": 40, "cache_n": 260}) == (300, 260)
    assert prefill_counts(None, {"prompt_n": 40, "cache_n": 260}) == (300, 260)
    assert prefill_counts({"prompt_tokens": 90, "prompt_tokens_details": {"cached_tokens": 64}}, None) == (90, 64)
    assert prefill_counts({"prompt_tokens": 90}, None) == (90, None)
    # figures that are not whole numbers are missing, never stored
    assert prefill_counts({"prompt_tokens": "90", "prompt_tokens_details": {"cached_tokens": -1}}, None) == (
        None, None)
    assert prefill_counts(None, {"prompt_n": "40", "cache_n": True}) == (None, None)


CONTEXT = ("The river Wend rises in the northern hills and runs south past three villages: Ashby, where the old "
           "mill still turns; Corran, known for its stone bridge built in 1790; and Lowmere, where the river widens "
           "into a shallow lake before reaching the sea. Fishing is allowed only at Lowmere, and only in summer.")


@pytest.mark.slow
async def test_end_to_end_on_the_embedded_engine(store: Store, embedded_endpoint: Endpoint) -> None:
    """A real serial-vs-parallel run on SmolLM2 (small max_tokens) of a reading-comprehension prompt whose branches
    share a context. No speed is asserted: on 2 CPU cores parallel is usually slower than serial, and the run
    must simply say so truthfully, with every request's prefill recorded."""
    questions = ["Where does the river rise?", "When was the bridge built?", "Where is fishing allowed?"]
    prompt_id = add_prompt(store, CONTEXT + "\n\nAnswer: " + " ".join(questions),
                           {"category": "reading_comprehension", "template": "{context}\n\nQuestion: {data}",
                            "context": CONTEXT, "data": questions, "decomposition_ms": 0.0})
    options = RunOptions(trials=2, max_tokens=12, use_cache=False)
    [run] = finished_runs(await collect(execute(store, embedded_endpoint, [prompt_id], options)))
    assert run.backend == "embedded" and not run.simulated
    records = store.requests_for(run.id)
    assert len(records) == 2 * 4
    for record in records:
        assert record.status in ("ok", "failed")
        if record.status == "ok":
            assert 0 < record.output_tokens <= 12 and record.prompt_tokens  # type: ignore[operator]
            assert record.cached_prompt_tokens is not None  # llama.cpp reports timings.cache_n
        else:
            assert record.error  # e.g. an empty answer, never silently counted
    share = run.params["prefix_share"].get("0")
    if share is not None:  # the shared context was prefilled once and copied to the other branches' slots
        assert share["computed_tokens"] > 0 and share["slots_filled"] == len(questions)
        assert all(r.cached_prompt_tokens for r in by_role(records, "branch") if r.status == "ok")
    if run.status == "done":
        trials = [metrics.trial_figures(t, records, prefix_share_ms=run.params["prefix_share"][str(t)]["elapsed_ms"]
                                        if str(t) in run.params["prefix_share"] else 0.0) for t in (0, 1)]
        expected_parallel = metrics.phase_latency_ms(by_role(records, "branch")) + (  # type: ignore[operator]
            share["elapsed_ms"] if share else 0.0)
        assert trials[0].parallel_ms == pytest.approx(expected_parallel)
        assert run.speedup == pytest.approx(statistics.median(t.speedup for t in trials))  # type: ignore[type-var]
        found = stability.of_run(run)
        assert found is not None and found.timed_trials == 2 and found.serial_cv is not None
        branches = by_role(records, "branch")
        assert max(b.sent_at for b in branches) < min(b.ended_at for b in branches)  # type: ignore[type-var]
    else:
        assert run.speedup is None and run.error


@pytest.mark.slow
async def test_more_branches_than_the_engine_has_slots_is_flagged_capped(store: Store,
                                                                        embedded_endpoint: Endpoint) -> None:
    """Ten branches on the test engine's eight slots: two queue at the engine, whatever --concurrency allows, so
    the parallel time is not the all-at-once measurement; three branches fit and are not flagged."""
    flags = {}
    for count in (3, 10):
        words = ["cat", "dog", "sun", "sea", "tree", "bird", "rain", "milk", "bread", "road"][:count]
        prompt_id = add_prompt(store, "Translate into French: " + ", ".join(words),
                               {"category": "translation", "template": "Translate into French: {data}", "data": words,
                                "decomposition_ms": 0.0})
        options = RunOptions(trials=1, max_tokens=2, use_cache=False)
        [run] = finished_runs(await collect(execute(store, embedded_endpoint, [prompt_id], options)))
        found = stability.of_run(run)
        assert found is not None
        flags[count] = dict(zip(found.flags, found.reasons))
    assert stability.CAPPED not in flags[3]
    assert flags[10][stability.CAPPED].startswith("at most 8 of the 10 branches were decoded at once (the embedded "
                                                  "engine's 8 slots; the others queued)")


@pytest.mark.slow
async def test_every_trial_starts_with_an_empty_prompt_cache_on_the_embedded_engine(
        store: Store, embedded_endpoint: Endpoint) -> None:
    """A llama.cpp slot keeps its last prompt: with --warm-cache the second trial's serial request finds its whole
    prompt cached by the first trial (so the trials time different work); by default every phase starts from
    erased slots and computes its prompts in full, as a new prompt would."""
    questions = ["Name a river in France.", "Name a river in Spain.", "Name a river in Italy."]
    text = "Answer each in one word: " + " ".join(questions)
    cached: dict[bool, dict[tuple[int, str], list[int | None]]] = {}
    for cold_cache in (False, True):
        prompt_id = add_prompt(store, text + ("" if cold_cache else " "),
                               {"category": "question_answering", "template": "{data}", "data": questions,
                                "decomposition_ms": 0.0})
        options = RunOptions(trials=2, max_tokens=4, use_cache=False, cold_cache=cold_cache)
        [run] = finished_runs(await collect(execute(store, embedded_endpoint, [prompt_id], options)))
        assert run.params["prompt_cache"] == ("erased before each phase" if cold_cache else "kept (--warm-cache)")
        records = [r for r in store.requests_for(run.id) if r.status == "ok"]
        cached[cold_cache] = {(t, role): [r.cached_prompt_tokens for r in records if r.trial == t and r.role == role]
                              for t in (0, 1) for role in ("serial", "branch")}
    warm_serial = cached[False][(1, "serial")]
    assert warm_serial and all(tokens and tokens > 10 for tokens in warm_serial), cached[False]
    assert all(tokens == 0 for found in cached[True].values() for tokens in found), cached[True]
    assert all(cached[True].values()), cached[True]  # every phase has answered requests to look at


def test_error_classification_and_backoff(make_sim: SimFactory, store: Store) -> None:
    limited = status_error(429, '{"error": {"message": "slow down", "type": "rate_limit_error"}}', "2.5")
    assert isinstance(limited, RetryableError) and limited.retry_after_s == 2.5
    assert limited.reason == "HTTP 429 Too Many Requests: slow down"  # the server's own message, not its JSON
    assert isinstance(status_error(503, "busy", None), RetryableError)
    assert isinstance(status_error(400, "", None), RequestFailed)
    assert str(status_error(401, '{"error": "Invalid API Key"}', None)) == "HTTP 401 Unauthorized: Invalid API Key"

    # the SDK's exceptions, translated by its transport into the same reasons
    request = httpx2.Request("POST", "http://127.0.0.1/v1/chat/completions")
    assert isinstance(sdk_failure(openai.APIConnectionError(request=request)), RetryableError)
    assert sdk_failure(httpx2.RemoteProtocolError("peer closed")).reason == MID_RESPONSE  # type: ignore[union-attr]
    assert isinstance(classify_error(ValueError("a bug")), RequestFailed)

    endpoint, _ = make_sim()
    runner = Runner(store, endpoint, lambda event: None)
    options = RunOptions(retry_base_s=1.0, retry_max_s=4.0)
    assert runner.backoff(options, 1, 2.5) == 2.5 and runner.backoff(options, 1, 60.0) == 4.0
    for attempt, ceiling in ((1, 1.0), (2, 2.0), (3, 4.0), (6, 4.0)):
        assert ceiling / 2 <= runner.backoff(options, attempt, None) <= ceiling


def _last_three_pending(store: Store, run: Run) -> list[RequestRecord]:
    """The run's requests, its last three put back to 'pending' as an interrupted process leaves in-flight ones."""
    records = store.requests_for(run.id)
    for record in records[-3:]:
        record.status, record.text = "pending", ""
        store.upsert_request(record)
    return records


async def test_runs_of_a_dead_process_are_resumable(store: Store, make_sim: SimFactory,
                                                    translation_prompt: str) -> None:
    endpoint, _ = make_sim()
    [run] = finished_runs(await collect(execute(store, endpoint, [translation_prompt], RunOptions(trials=2))))
    # what a killed process leaves behind: the run still 'running', its in-flight requests still 'pending'
    records = _last_three_pending(store, run)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    run.status = "running"
    run.params = {**run.params, "owner": {"pid": int(dead.stdout), "host": socket.gethostname()}}
    store.update_run(run)
    assert [r.id for r in resumable_runs(store)] == [run.id]

    alive = {**run.params, "owner": {"pid": os.getpid(), "host": socket.gethostname()}}
    store.update_run(replace(run, params=alive))  # a live owner's run is never taken over
    assert resumable_runs(store) == []
    store.update_run(run)

    events = await collect(resume(store, endpoint, resumable_runs(store)))
    [finished] = finished_runs(events)
    assert finished.status == "done" and finished.params["owner"]["pid"] == os.getpid()
    assert {(e.trial, e.role, e.idx) for e in events if isinstance(e, RequestStarted)} == {
        (r.trial, r.role, r.idx) for r in records[-3:]}


async def test_a_run_killed_before_it_started_is_resumable(store: Store, make_sim: SimFactory,
                                                         translation_prompt: str) -> None:
    """A run is stored owned by its process: killed after storing it and before sending anything, it is not left
    `pending` (which no resume takes up) but `running` with a dead owner, so a resume completes it."""
    endpoint, _ = make_sim()
    runner = Runner(store, endpoint, lambda event: None)
    [plan] = plan_runs(store.best_schema(translation_prompt), RunOptions(trials=1))
    [state] = runner.create_runs([plan], RunOptions(trials=1))
    await runner.close()
    stored = store.get_run(state.run.id)
    assert stored is not None and stored.status == "running" and stored.params["owner"]["pid"] == os.getpid()
    assert resumable_runs(store) == []  # its owner (this process) is alive
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    store.update_run(replace(stored, params={**stored.params, "owner": {"pid": int(dead.stdout),
                                                                          "host": socket.gethostname()}}))
    assert [run.id for run in resumable_runs(store)] == [state.run.id]
    [finished] = finished_runs(await collect(resume(store, endpoint, resumable_runs(store))))
    assert finished.id == state.run.id and finished.status == "done"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to read a process's start time")
async def test_a_run_whose_owner_pid_was_given_to_a_later_process_is_resumable(store: Store, make_sim: SimFactory,
                                                                              translation_prompt: str) -> None:
    """A killed run's pid can belong to another process later: after a reboot, or a container restarted (where
    `ppstudio run` is pid 1 each time). The owner is told apart by its start time, so the run does not stay
    'running' for as long as the other process lives."""
    endpoint, _ = make_sim()
    [run] = finished_runs(await collect(execute(store, endpoint, [translation_prompt], RunOptions())))
    owner = run.params["owner"]
    assert owner["pid"] == os.getpid() and isinstance(owner["started"], int)
    run.status = "running"
    store.update_run(run)
    assert resumable_runs(store) == []  # its owner (this process) is alive
    run.params = {**run.params, "owner": {**owner, "started": owner["started"] - 1}}  # the pid's earlier process
    store.update_run(run)
    assert [r.id for r in resumable_runs(store)] == [run.id]
    [finished] = finished_runs(await collect(resume(store, endpoint, resumable_runs(store))))
    assert finished.id == run.id and finished.status == "done"


async def test_a_run_two_resumes_chose_is_completed_by_one_only(store: Store, make_sim: SimFactory,
                                                                translation_prompt: str) -> None:
    """Two `ppstudio run --resume` on one store both choose the same interrupted run (each chooses them all before
    completing the first); the one that starts on it second finds it taken and leaves it alone: nothing is sent
    twice, and no phase mixes requests timed on two processes' clocks."""
    endpoint, sim = make_sim()
    [run] = finished_runs(await collect(execute(store, endpoint, [translation_prompt], RunOptions(trials=2))))
    _last_three_pending(store, run)
    run.status = "interrupted"
    store.update_run(run)
    chosen_first, chosen_second = resumable_runs(store), resumable_runs(store)
    seen: list[Event] = []
    second = Runner(store, endpoint, seen.append)
    late = second.load_run(chosen_second[0])  # read before the first resume completes it

    [completed] = finished_runs(await collect(resume(store, endpoint, chosen_first)))
    assert completed.status == "done"
    sent = sim.requests.total()
    try:
        await second.complete(late, resumed=True)
    finally:
        await second.close()
    assert not any(isinstance(e, (RequestStarted, RunStarted)) for e in seen) and sim.requests.total() == sent
    assert any(isinstance(e, PromptSkipped) and "another process" in e.reason for e in seen)
    stored = store.get_run(run.id)
    assert stored is not None and stored.status == "done" and stored.speedup == completed.speedup


@pytest.mark.skipif(not hasattr(os, "waitid"), reason="needs os.waitid to wait for a child without reaping it")
async def test_a_zombie_owner_counts_as_dead(store: Store, make_sim: SimFactory, translation_prompt: str,
                                             monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A killed run's process that its parent has not reaped yet still has a pid: it is dead all the same."""
    endpoint, _ = make_sim()
    [run] = finished_runs(await collect(execute(store, endpoint, [translation_prompt], RunOptions())))
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)  # it has exited and is not reaped: a zombie
        os.kill(child.pid, 0)  # (which a signal-0 probe still finds)
        run.status = "running"
        run.params = {**run.params, "owner": {"pid": child.pid, "host": socket.gethostname()}}
        store.update_run(run)
        assert [r.id for r in resumable_runs(store)] == [run.id]  # told by /proc/PID/stat
        if shutil.which("ps"):  # where there is no /proc, `ps` tells
            monkeypatch.setattr(runner_module, "PROC_DIR", tmp_path / "no-proc")
            assert [r.id for r in resumable_runs(store)] == [run.id]
            assert runner_module.process_alive(os.getpid())
    finally:
        child.wait()


def test_ctrl_c_landing_inside_a_request_interrupts_the_run(store: Store, make_sim: SimFactory,
                                                            translation_prompt: str,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    """Ctrl-C can arrive as KeyboardInterrupt raised inside a request's task instead of as a cancellation (one time in
    ~15 by hand): it leaves the event loop at once, the loop's runner then cancels the run, whose task group re-raises
    the child's KeyboardInterrupt. The run is stored interrupted, not failed as "internal error", and the resume
    completes it. (A loop of its own, as `ppstudio run` has: in the test's loop the interrupt would stop pytest.)"""
    endpoint, _ = make_sim()
    save = ResponseCache.save

    def interrupted_save(cache: ResponseCache, record: RequestRecord, sampling: dict[str, object]) -> None:
        if record.role == "branch" and record.idx == 1:
            raise KeyboardInterrupt
        save(cache, record, sampling)

    monkeypatch.setattr(ResponseCache, "save", interrupted_save)
    with pytest.raises(KeyboardInterrupt), asyncio.Runner() as loop:
        loop.run(collect(execute(store, endpoint, [translation_prompt], RunOptions(trials=2))))
    gc.collect()  # (the work's task, done with the interrupt: read, so asyncio does not print it again)
    assert not [record for record in caplog.records if "never retrieved" in record.getMessage()]
    [run] = store.list_runs()
    assert run.status == "interrupted" and run.error == "interrupted before it finished"
    assert not any(r.error and "internal error" in r.error for r in store.requests_for(run.id))
    monkeypatch.setattr(ResponseCache, "save", save)
    [resumed] = finished_runs(asyncio.run(collect(resume(store, endpoint, resumable_runs(store)))))
    assert resumed.id == run.id and resumed.status == "done"


async def test_an_internal_error_leaves_the_run_explained_and_resumable(store: Store, make_sim: SimFactory,
                                                                       translation_prompt: str,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure of our own (here the store, mid-phase) is raised as itself, not as an ExceptionGroup; the run is
    stored failed with the reason, no request is left pending without one, and a resume completes the run."""
    endpoint, _ = make_sim()
    save = ResponseCache.save

    def failing_save(cache: ResponseCache, record: RequestRecord, sampling: dict[str, object]) -> None:
        if record.role == "branch" and record.idx == 1:
            raise RuntimeError("disk full")
        save(cache, record, sampling)

    monkeypatch.setattr(ResponseCache, "save", failing_save)
    with pytest.raises(RuntimeError, match="disk full"):
        await collect(execute(store, endpoint, [translation_prompt], RunOptions(trials=2)))
    [run] = store.list_runs()
    assert run.status == "failed" and run.error == "internal error: RuntimeError: disk full"
    records = store.requests_for(run.id)
    assert {r.status for r in records} >= {"ok", "failed"} and all(r.status == "ok" or r.error for r in records)
    assert all(r.status != "pending" for r in records)
    monkeypatch.setattr(ResponseCache, "save", save)
    with pytest.raises(ValueError, match="trials cannot change"):  # what is measured stays as planned
        await collect(resume(store, endpoint, resumable_runs(store), {"trials": 3}))
    # how hard a request is tried may change, and the run records it
    [resumed] = finished_runs(await collect(resume(store, endpoint, resumable_runs(store),
                                                   {"retries": 7, "timeout_s": 12.5})))
    assert resumed.id == run.id and resumed.status == "done"
    stored = RunOptions.from_params(store.get_run(run.id).params)  # type: ignore[union-attr]
    assert (stored.retries, stored.timeout_s, stored.trials) == (7, 12.5, 2)
