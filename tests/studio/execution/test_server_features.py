"""What the runner does for vLLM and SGLang, each against the simulator set up to behave like them: the portable
shared-context warm-up (a prefix cache reporting cached tokens), parallel sampling (one request with n=k), extra
body fields, max_completion_tokens and reasoning_content; and the two transports storing identical records."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from store import RequestRecord, Store
from studio.execution import CLIENTS, metrics, stability
from studio.execution.options import RunOptions
from studio.execution.runner import execute

from .conftest import SimFactory, add_prompt, collect, finished_runs

CONTEXT = ("The river Wend rises in the northern hills and runs south past three villages: Ashby, where the old mill "
           "still turns; Corran, known for its stone bridge built in 1790; and Lowmere, where the river widens.")
QUESTIONS = ["Where does the river rise?", "When was the bridge built?", "Where does the river widen?"]


def context_prompt(store: Store) -> str:
    return add_prompt(store, CONTEXT + "\n\nAnswer: " + " ".join(QUESTIONS),
                      {"category": "reading_comprehension", "template": "{context}\n\nQuestion: {data}",
                       "context": CONTEXT, "data": QUESTIONS, "decomposition_ms": 0.0})


async def test_branches_sharing_a_context_are_warmed_by_one_request_counted_as_parallel_time(
        store: Store, make_sim: SimFactory) -> None:
    """No slot API (not llama.cpp): one max_tokens=1 request with the context goes first, the branches then find
    the context in the server's prefix cache (reported as cached tokens), and its time is parallel time."""
    endpoint, sim = make_sim(prefix_cache=True)
    events = await collect(execute(store, endpoint, [context_prompt(store)], RunOptions(trials=2, use_cache=False)))
    [run] = finished_runs(events)
    records = store.requests_for(run.id)
    for trial in (0, 1):
        share = run.params["prefix_share"][str(trial)]
        assert share["method"] == "warm-up request" and share["slots_filled"] == 1 and share["elapsed_ms"] > 0
        branches = [r for r in records if r.trial == trial and r.role == "branch"]
        assert all(r.cached_prompt_tokens and r.cached_prompt_tokens >= len(CONTEXT.split()) for r in branches)
        figures = metrics.trial_figures(trial, records, prefix_share_ms=share["elapsed_ms"])
        assert figures.parallel_ms == pytest.approx(metrics.phase_latency_ms(branches) + share["elapsed_ms"])
    assert sim.requests["ok"] == 2 * (1 + 3 + 1)  # serial, branches and the warm-up, per trial; never stored
    assert {r.role for r in records} == {"serial", "branch"}
    [off] = finished_runs(await collect(execute(store, endpoint, [context_prompt(store)],
                                                RunOptions(trials=1, use_cache=False, share_prefix=False))))
    assert off.params["prefix_share"] == {}


async def test_parallel_sampling_is_a_fifth_comparison(store: Store, make_sim: SimFactory, slogan_prompt: str) -> None:
    endpoint, _ = make_sim(max_choices=16)  # vLLM and SGLang answer n choices in one request
    options = RunOptions(trials=2, temperature=0.7, parallel_sampling=True, use_cache=False)
    [run] = finished_runs(await collect(execute(store, endpoint, [slogan_prompt], options)))
    assert run.status == "done" and run.sampling_ms is not None and run.sampling_speedup is not None
    samples = [r for r in store.requests_for(run.id) if r.role == "sampling"]
    assert [r.trial for r in samples] == [0, 1]
    for record in samples:
        assert record.status == "ok" and record.messages[0]["content"] == "Write a slogan for a bakery."  # no steer
        assert [line.split(".")[0] for line in record.text.split("\n\n")] == ["1", "2", "3", "4", "5", "6"]
        assert record.output_tokens and record.output_tokens > 6
    per_trial = [metrics.trial_figures(t, store.requests_for(run.id)) for t in (0, 1)]
    assert run.sampling_speedup == pytest.approx(
        sum(t.serial_ms / t.sampling_ms for t in per_trial) / 2)  # type: ignore[operator]
    assert stability.IDENTICAL_SAMPLES not in stability.flags_of(run)  # sampled at 0.7: six different answers (a
    # busy machine may add `noisy`: that flag is about timing, tested in test_stability)

    greedy = replace(options, temperature=0.0, trials=1)  # n copies of one greedy answer
    [copies] = finished_runs(await collect(execute(store, endpoint, [slogan_prompt], greedy)))
    assert stability.IDENTICAL_SAMPLES in stability.flags_of(copies)


async def test_parallel_sampling_on_a_server_without_n_fails_only_that_request(
        store: Store, make_sim: SimFactory, slogan_prompt: str) -> None:
    endpoint, _ = make_sim()  # like llama.cpp's server: one choice per request
    options = RunOptions(trials=1, temperature=0.7, parallel_sampling=True, use_cache=False)
    [run] = finished_runs(await collect(execute(store, endpoint, [slogan_prompt], options)))
    [sampling] = [r for r in store.requests_for(run.id) if r.role == "sampling"]
    assert sampling.status == "failed" and sampling.error and sampling.error.startswith("HTTP 400 Bad Request: "
                                                                                       "Field 'n'")
    assert run.status == "partial" and run.speedup is not None and run.sampling_speedup is None


async def test_extra_body_reaches_the_server_and_reasoning_is_kept_apart(store: Store, make_sim: SimFactory,
                                                                        translation_prompt: str) -> None:
    """A reasoning model streams reasoning_content before its answer: kept, counted apart from the answer's
    tokens; `chat_template_kwargs` passed with --extra-body turns it off (as Qwen3's template does)."""
    endpoint, _ = make_sim(reasoning_tokens=5)
    [thinking] = finished_runs(await collect(execute(store, endpoint, [translation_prompt],
                                                     RunOptions(trials=1, use_cache=False))))
    records = store.requests_for(thinking.id)
    for record in records:
        assert record.status == "ok" and record.reasoning_tokens == 5 and len(record.reasoning.split()) == 5
        assert record.reasoning not in record.text and record.output_tokens == len(_pieces(record))
    quiet = RunOptions(trials=1, use_cache=False, extra_body={"chat_template_kwargs": {"enable_thinking": False}})
    [plain] = finished_runs(await collect(execute(store, endpoint, [translation_prompt], quiet)))
    assert all(r.reasoning == "" and r.reasoning_tokens is None for r in store.requests_for(plain.id))
    assert plain.params["options"]["extra_body"] == {"chat_template_kwargs": {"enable_thinking": False}}
    with pytest.raises(ValueError, match="extra body may not set max_tokens, messages"):
        RunOptions(extra_body={"messages": [], "max_tokens": 3})


def _pieces(record: RequestRecord) -> list[str]:
    from studio.backends.sim import split_tokens

    return split_tokens(record.text)


async def test_max_completion_tokens_for_models_that_reject_max_tokens(store: Store, make_sim: SimFactory,
                                                                      translation_prompt: str) -> None:
    endpoint, sim = make_sim(reject_max_tokens=True)
    [refused] = finished_runs(await collect(execute(store, endpoint, [translation_prompt],
                                                    RunOptions(trials=1, use_cache=False))))
    assert refused.status == "failed"
    assert all("Unsupported parameter: 'max_tokens'" in (r.error or "") for r in store.requests_for(refused.id))
    options = RunOptions(trials=1, use_cache=False, max_completion_tokens=True, max_tokens=7)
    [run] = finished_runs(await collect(execute(store, endpoint, [translation_prompt], options)))
    assert run.status == "done"
    assert all(r.output_tokens is not None and r.output_tokens <= 7 for r in store.requests_for(run.id))


def comparable(record: RequestRecord) -> dict[str, Any]:
    """Everything a record says except when it happened."""
    return {name: getattr(record, name) for name in (
        "trial", "role", "idx", "messages", "text", "status", "error", "output_tokens", "prompt_tokens",
        "cached_prompt_tokens", "retries", "finish_reason", "from_cache", "reasoning", "reasoning_tokens")}


async def test_both_transports_store_identical_records(store: Store, make_sim: SimFactory,
                                                       slogan_prompt: str) -> None:
    """The same simulated runs (repeated generation with reasoning and parallel sampling, then one the server
    refuses) through bare aiohttp and through the openai SDK: record for record the same."""
    endpoint, _ = make_sim(reasoning_tokens=3, max_choices=8)
    stored: dict[str, list[list[dict[str, Any]]]] = {}
    for client in CLIENTS:
        runs = []
        for options in (RunOptions(trials=2, temperature=0.5, parallel_sampling=True, use_cache=False, client=client),
                        RunOptions(trials=1, max_tokens=100_000, use_cache=False, client=client)):
            [run] = finished_runs(await collect(execute(store, endpoint, [slogan_prompt], options)))
            assert run.params["options"]["client"] == client
            runs.append([comparable(r) for r in store.requests_for(run.id)])
        stored[client] = runs
    assert stored["aiohttp"] == stored["openai"]
    good, refused = stored["aiohttp"]
    assert {r["status"] for r in good} == {"ok"} and any(r["reasoning"] for r in good)
    assert all(r["error"].startswith("HTTP 400 Bad Request: request (") and r["error"].endswith(
        "+ max_tokens 100000) exceeds the available context size (8192 tokens)") for r in refused)
