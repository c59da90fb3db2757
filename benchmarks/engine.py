"""The embedded engine: capacity curve, and serial vs parallel for 8 branches sharing one ~300-token context.

1. Probe curve: aggregate output tokens/s and median time to first token at 1, 2, 4, 8 concurrent streams
   (`studio.backends.probe`). Target: aggregate at 8 streams >= 1.1x one stream.
2. Reading comprehension, 8 questions over one ~300-token text:
   - serial: one request asking all 8 questions;
   - parallel, cold: 8 branch requests at once on slots that hold nothing (each prefills the whole text);
   - parallel, shared: `share_prefix` prefills the text once and copies it to 8 slots, then the 8 branches
     (the warm-up time counts in the parallel latency);
   - one branch alone (the prefill baseline).
   Targets: all 8 streams overlap (every first token before the first stream ends); with sharing, prefill
   tokens computed for 8 branches <= 1.5x those of one branch.

Run: `.venv/bin/python benchmarks/engine.py [--json]` (one to three minutes). The machine has 2 cores shared with
other work: figures are noisy and only meaningful relative to each other within one run.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402
from openai import AsyncOpenAI  # noqa: E402

from machine import describe, machine_facts  # noqa: E402
from studio.backends.base import Endpoint  # noqa: E402
from studio.backends.checks import response_failure  # noqa: E402
from studio.backends.embedded import EmbeddedEngine, EngineConfig, available_cores  # noqa: E402
from studio.backends.prefix import server_root, share_prefix  # noqa: E402
from studio.backends.probe import describe_ceiling, probe_endpoint  # noqa: E402

SLOTS = 8
LEVELS = (1, 2, 4, 8)
PROBE_TOKENS = 32
BRANCH_TOKENS = 24
CONTEXT = (
    "The river town of Alder Bend was founded in 1821 by a group of millers who used the fast water of the Alder to "
    "grind grain for the farms around it. By 1850 the town had three mills, a school, a small chapel and a ferry "
    "that crossed to the farms on the east bank. A great flood in the spring of 1862 destroyed two of the mills and "
    "the ferry; the town rebuilt only one mill, and in 1867 a wooden bridge replaced the ferry. The railway arrived "
    "in 1883, and the town grew quickly, reaching four thousand people by 1900. The wooden bridge burned in 1904 and "
    "was replaced by the steel bridge that still stands today. The last mill closed in 1931, during the depression, "
    "and its stone building became the public library in 1952. Today Alder Bend is best known for its spring fair, "
    "held every April since 1890, where farmers sell seedlings, children race wooden boats on the mill pond, and "
    "bakers compete for the prize of the best rye loaf, judged by the mayor and the librarian.")
QUESTIONS = ("When was the town founded?", "How many mills were there in 1850?", "What happened in 1862?",
             "When did the railway arrive?", "What replaced the wooden bridge?", "When did the last mill close?",
             "What is the old mill building used for today?", "When is the spring fair held?")


def branch_messages(question: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": f"Read the text and answer the question in one sentence.\n\n"
                                        f"Text: {CONTEXT}\n\nQuestion: {question}"}]


def serial_messages() -> list[dict[str, str]]:
    numbered = "\n".join(f"{index}. {question}" for index, question in enumerate(QUESTIONS, 1))
    return [{"role": "user", "content": f"Read the text and answer each question in one sentence.\n\n"
                                        f"Text: {CONTEXT}\n\nQuestions:\n{numbered}"}]


@dataclass(frozen=True, slots=True)
class Sample:
    sent: float
    first_token: float
    ended: float
    output_tokens: int
    prompt_n: int  # prefill tokens computed
    cache_n: int  # prefill tokens reused from the slot's cache
    failure: str | None


async def stream(client: AsyncOpenAI, endpoint: Endpoint, messages: list[dict[str, str]], max_tokens: int) -> Sample:
    sent = time.perf_counter()
    first, text, finish, usage_tokens, timings = 0.0, "", None, None, {}
    response = await client.chat.completions.create(model=endpoint.model, messages=messages, max_tokens=max_tokens,
                                                    temperature=0.0, stream=True,
                                                    stream_options={"include_usage": True})
    async for chunk in response:
        if chunk.usage is not None:
            usage_tokens = chunk.usage.completion_tokens
            timings = (chunk.model_extra or {}).get("timings") or {}
        for choice in chunk.choices:
            if choice.delta.content:
                first = first or time.perf_counter()
                text += choice.delta.content
            finish = choice.finish_reason or finish
    return Sample(sent, first, time.perf_counter(), usage_tokens or 0, int(timings.get("prompt_n", 0)),
                  int(timings.get("cache_n", 0)), response_failure(text, finish, usage_tokens))


async def erase_slots(endpoint: Endpoint) -> None:
    """Empty every slot's cache so a condition starts cold (no prefix left over from the previous one)."""
    async with httpx.AsyncClient(timeout=60) as http:
        for slot in range(SLOTS):
            (await http.post(f"{server_root(endpoint)}/slots/{slot}", params={"action": "erase"})).raise_for_status()


def summarise(samples: list[Sample], started: float) -> dict[str, Any]:
    return {"latency_s": round(max(sample.ended for sample in samples) - started, 3),
            "prefill_computed": sum(sample.prompt_n for sample in samples),
            "prefill_reused": sum(sample.cache_n for sample in samples),
            "output_tokens": sum(sample.output_tokens for sample in samples),
            "all_streams_overlap": max(sample.first_token for sample in samples) < min(s.ended for s in samples),
            "failures": [sample.failure for sample in samples if sample.failure]}


async def reading_comprehension(endpoint: Endpoint) -> dict[str, Any]:
    async with AsyncOpenAI(base_url=endpoint.base_url, api_key=endpoint.client_key(), max_retries=0,
                           timeout=600) as client:
        await erase_slots(endpoint)
        started = time.perf_counter()
        serial = summarise([await stream(client, endpoint, serial_messages(), BRANCH_TOKENS * len(QUESTIONS))],
                           started)
        await erase_slots(endpoint)
        started = time.perf_counter()
        alone = summarise([await stream(client, endpoint, branch_messages(QUESTIONS[0]), BRANCH_TOKENS)], started)
        await erase_slots(endpoint)
        started = time.perf_counter()
        cold = summarise(list(await asyncio.gather(*(stream(client, endpoint, branch_messages(question),
                                                            BRANCH_TOKENS) for question in QUESTIONS))), started)
        await erase_slots(endpoint)
        started = time.perf_counter()
        share = await share_prefix(endpoint, branch_messages(QUESTIONS[0]), len(QUESTIONS))
        shared = summarise(list(await asyncio.gather(*(stream(client, endpoint, branch_messages(question),
                                                              BRANCH_TOKENS) for question in QUESTIONS))), started)
    assert share is not None, "the embedded engine always has the slot API"
    shared["warmup_prefill"] = share.computed_tokens
    shared["warmup_ms"] = round(share.elapsed_ms, 1)
    shared["prefill_computed"] += share.computed_tokens
    return {"serial": serial, "one_branch_alone": alone, "parallel_cold": cold, "parallel_shared": shared,
            "shared_prefill_vs_one": round(shared["prefill_computed"] / alone["prefill_computed"], 2),
            "cold_prefill_vs_one": round(cold["prefill_computed"] / alone["prefill_computed"], 2),
            "speedup_cold": round(serial["latency_s"] / cold["latency_s"], 2),
            "speedup_shared": round(serial["latency_s"] / shared["latency_s"], 2)}


async def main(as_json: bool) -> None:
    facts = machine_facts()  # the load before the engine starts
    with EmbeddedEngine(EngineConfig(slots=SLOTS)) as engine:
        endpoint = Endpoint(base_url=f"{engine.base_url}/v1", model=engine.model_name, label="embedded")
        probe = await probe_endpoint(endpoint, LEVELS, max_tokens=PROBE_TOKENS, stop_when_falling=False)
        comprehension = await reading_comprehension(endpoint)
    single = probe.curve[0]["tokens_per_s"]
    at_eight = next(point for point in probe.curve if point["concurrency"] == 8)["tokens_per_s"]
    report = {"machine": facts, "model": endpoint.model, "slots": SLOTS, "threads": available_cores(),
              "probe_curve": probe.curve, "ceiling": probe.ceiling, "verdict": describe_ceiling(probe),
              "aggregate_8_vs_1": round(at_eight / single, 2), "reading_comprehension": comprehension,
              "targets": {"all_8_streams_overlap": comprehension["parallel_cold"]["all_streams_overlap"]
                          and comprehension["parallel_shared"]["all_streams_overlap"],
                          "aggregate_8_vs_1_at_least_1.1": at_eight / single >= 1.1,
                          "shared_prefill_at_most_1.5x_one": comprehension["shared_prefill_vs_one"] <= 1.5}}
    if as_json:
        print(json.dumps(report, indent=2))
        return
    print(describe(facts))
    print(f"embedded engine: {endpoint.model}, {SLOTS} slots, {available_cores()} threads "
          "(shared 2-core machine: noisy figures)")
    print("streams  aggregate tok/s  x one  median TTFT ms")
    for point in probe.curve:
        print(f"{point['concurrency']:>7}  {point['tokens_per_s']:>15.1f}  {point['tokens_per_s'] / single:>5.2f}"
              f"  {point['ttft_ms']:>14.0f}")
    print(f"-> {report['verdict']}")
    print("\nreading comprehension, 8 questions over one shared context:")
    print("condition           latency s  prefill computed  reused  output tokens  overlap")
    for name in ("serial", "one_branch_alone", "parallel_cold", "parallel_shared"):
        row = comprehension[name]
        print(f"{name:<18}  {row['latency_s']:>9.2f}  {row['prefill_computed']:>16}  {row['prefill_reused']:>6}  "
              f"{row['output_tokens']:>13}  {row['all_streams_overlap']}")
    print(f"speedup serial/parallel: cold {comprehension['speedup_cold']}x, shared {comprehension['speedup_shared']}x;"
          f" prefill for 8 vs one: cold {comprehension['cold_prefill_vs_one']}x, "
          f"shared {comprehension['shared_prefill_vs_one']}x")
    print("targets:", ", ".join(f"{name} {'OK' if ok else 'MISSED'}" for name, ok in report["targets"].items()))


if __name__ == "__main__":
    asyncio.run(main("--json" in sys.argv[1:]))
