"""The LLM extractor against an in-test OpenAI-compatible server (httpx2.MockTransport)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable

import httpx2
import pytest
from openai import AsyncOpenAI

from store import Store
from studio.backends.base import Endpoint
from studio.curation.llm import CACHE_NAMESPACE, LLM_EXTRACTOR, LLM_EXTRACTOR_VERSION, LLMExtractor
from studio.llm.failures import RetryPolicy

ENDPOINT = Endpoint(base_url="http://llm.test/v1", model="test-model", label="test")
FAST_RETRY = RetryPolicy(attempts=3, base_delay_s=0.001, max_delay_s=0.01)
PROMPT = "Translate to German: 'good night' and 'thank you'"
ANSWER = {"parallelizable": True, "category": "Translation", "novel_category": False,
          "data": ["good night", "thank you"], "n": None, "context": None,
          "template": "Translate to German: {data}", "dependency": "none"}

Handler = Callable[[httpx2.Request], Awaitable[httpx2.Response]]


def completion(content: str) -> httpx2.Response:
    return httpx2.Response(200, json={
        "id": "c1", "object": "chat.completion", "created": 0, "model": "test-model",
        "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}]})


def extractor_for(handler: Handler, **options: object) -> LLMExtractor:
    client = AsyncOpenAI(base_url=ENDPOINT.base_url, api_key="k", max_retries=0,
                         http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(handler)))
    return LLMExtractor(ENDPOINT, client=client, retry=FAST_RETRY, **options)  # type: ignore[arg-type]


class Server:
    """Records request bodies; answers from a script of responses (the last one repeats)."""

    def __init__(self, *responses: httpx2.Response | Callable[[dict], httpx2.Response]) -> None:
        self.responses = list(responses)
        self.bodies: list[dict] = []

    async def __call__(self, request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        self.bodies.append(body)
        response = self.responses[min(len(self.bodies), len(self.responses)) - 1]
        return response(body) if callable(response) else response


async def test_json_schema_request_shape_and_schema_fields() -> None:
    server = Server(completion(json.dumps(ANSWER)))
    async with extractor_for(server) as extractor:
        schema = await extractor.extract(PROMPT, prompt_id="p1")
    body = server.bodies[0]
    assert body["model"] == "test-model"
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["schema"]["required"][0] == "parallelizable"
    assert body["messages"][0]["role"] == "system" and "{context}" in body["messages"][0]["content"]
    assert body["messages"][1] == {"role": "user", "content": PROMPT}
    assert (schema.extractor, schema.extractor_version, schema.model) == (LLM_EXTRACTOR, LLM_EXTRACTOR_VERSION,
                                                                          "test-model")
    assert schema.parallelizable and schema.data == ["good night", "thank you"] and schema.n is None
    assert schema.template == "Translate to German: {data}" and schema.serial == PROMPT
    assert schema.error is None and schema.decomposition_ms is not None and schema.decomposition_ms >= 0


async def test_falls_back_to_json_object_when_json_schema_is_rejected() -> None:
    def answer(body: dict) -> httpx2.Response:
        if body["response_format"]["type"] == "json_schema":
            return httpx2.Response(400, json={"error": {"message": "response_format json_schema unsupported"}})
        return completion(json.dumps(ANSWER))

    server = Server(answer)
    async with extractor_for(server) as extractor:
        first = await extractor.extract(PROMPT, prompt_id="p1")
        second = await extractor.extract(PROMPT + " please", prompt_id="p2")
    kinds = [body["response_format"]["type"] for body in server.bodies]
    assert kinds == ["json_schema", "json_object", "json_object"]  # the server's answer is remembered
    assert first.parallelizable and second.parallelizable


async def test_plain_text_answers_are_recovered() -> None:
    def answer(body: dict) -> httpx2.Response:
        if "response_format" in body:
            return httpx2.Response(400, json={"error": {"message": "no response_format here"}})
        fenced = json.dumps(ANSWER, indent=1).replace('"none"\n}', '"none",\n}')  # trailing comma
        return completion(f"Sure! Here is the schema:\n```json\n{fenced}\n```\nHope it helps.")

    server = Server(answer)
    async with extractor_for(server) as extractor:
        schema = await extractor.extract(PROMPT, prompt_id="p1")
    assert len(server.bodies) == 3 and "response_format" not in server.bodies[-1]
    assert schema.error is None and schema.data == ["good night", "thank you"]


async def test_retries_on_429_and_500_then_succeeds() -> None:
    server = Server(httpx2.Response(429, json={"error": {"message": "slow down"}}, headers={"retry-after": "0"}),
                    httpx2.Response(500, json={"error": {"message": "boom"}}),
                    completion(json.dumps(ANSWER)))
    async with extractor_for(server) as extractor:
        schema = await extractor.extract(PROMPT, prompt_id="p1")
    assert len(server.bodies) == 3
    assert schema.error is None and schema.parallelizable


async def test_exhausted_retries_are_recorded_as_an_error_schema() -> None:
    server = Server(httpx2.Response(503, json={"error": {"message": "overloaded"}}))
    async with extractor_for(server) as extractor:
        schema = await extractor.extract(PROMPT, prompt_id="p1")
    assert len(server.bodies) == FAST_RETRY.attempts
    assert not schema.parallelizable and schema.data is None and schema.template is None
    assert schema.error is not None and "503" in schema.error and "3 attempts" in schema.error


async def test_non_retryable_errors_fail_at_once() -> None:
    server = Server(httpx2.Response(401, json={"error": {"message": "bad key"}}))
    async with extractor_for(server) as extractor:
        schema = await extractor.extract(PROMPT, prompt_id="p1")
    assert len(server.bodies) == 1 and schema.error is not None and "401" in schema.error


@pytest.mark.parametrize("content, fragment", [
    ("I cannot help with that.", "unparseable"),
    (json.dumps({**ANSWER, "parallelizable": "maybe"}), "parallelizable"),
    (json.dumps({**ANSWER, "data": "good night"}), "data is not a list"),
    (json.dumps({**ANSWER, "n": 2.5, "data": None}), "whole number"),
])
async def test_unusable_answers_give_visible_errors(content: str, fragment: str) -> None:
    async with extractor_for(Server(completion(content))) as extractor:
        schema = await extractor.extract(PROMPT, prompt_id="p1")
    assert not schema.parallelizable and schema.error is not None and fragment in schema.error


async def test_data_and_n_together_keep_data_with_a_reason() -> None:
    async with extractor_for(Server(completion(json.dumps({**ANSWER, "n": 2.0})))) as extractor:
        schema = await extractor.extract(PROMPT, prompt_id="p1")
    assert schema.data == ["good night", "thank you"] and schema.n is None
    assert [reason.rule for reason in schema.reasons] == ["llm.data_and_n"]


async def test_answers_are_cached_per_model_prompt_and_version(store: Store) -> None:
    server = Server(completion(json.dumps(ANSWER)))
    async with extractor_for(server, store=store) as extractor:
        first = await extractor.extract(PROMPT, prompt_id="p1")
        again = await extractor.extract(PROMPT, prompt_id="p1")
    assert len(server.bodies) == 1
    assert again.data == first.data and again.decomposition_ms == first.decomposition_ms
    other_model = Endpoint(base_url=ENDPOINT.base_url, model="other-model", label="test")
    client = AsyncOpenAI(base_url=ENDPOINT.base_url, api_key="k", max_retries=0,
                         http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(server)))
    async with LLMExtractor(other_model, store=store, client=client, retry=FAST_RETRY) as extractor:
        await extractor.extract(PROMPT, prompt_id="p1")
    assert len(server.bodies) == 2


async def test_failures_are_not_cached(store: Store) -> None:
    server = Server(completion("not json"), completion(json.dumps(ANSWER)))
    async with extractor_for(server, store=store) as extractor:
        failed = await extractor.extract(PROMPT, prompt_id="p1")
        retried = await extractor.extract(PROMPT, prompt_id="p1")
    assert failed.error is not None and retried.error is None and len(server.bodies) == 2
    assert store.cache_get(CACHE_NAMESPACE, extractor._cache_key("p1"))["answer"] == ANSWER


async def test_concurrency_is_bounded() -> None:
    in_flight = peak = 0

    async def slow(request: httpx2.Request) -> httpx2.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.02)
        in_flight -= 1
        return completion(json.dumps(ANSWER))

    seen: list[str] = []
    async with extractor_for(slow, concurrency=3) as extractor:
        schemas = await extractor.extract_all([(f"p{i}", f"{PROMPT} #{i}") for i in range(10)],
                                              on_schema=lambda schema: seen.append(schema.prompt_id))
    assert peak == 3
    assert sorted(seen) == sorted(f"p{i}" for i in range(10)) and len(schemas) == 10


async def test_cut_off_answers_say_so() -> None:
    cut = httpx2.Response(200, json={
        "id": "c1", "object": "chat.completion", "created": 0, "model": "test-model",
        "choices": [{"index": 0, "finish_reason": "length",
                     "message": {"role": "assistant", "content": '{"parallelizable": true, "category": "Tra'}}]})
    async with extractor_for(Server(cut)) as extractor:
        schema = await extractor.extract(PROMPT, prompt_id="p1")
    assert schema.error is not None and "cut off at max_tokens" in schema.error


async def test_against_the_simulator_with_faults(sim_endpoint) -> None:
    """Over real HTTP: the simulator honours json_schema, and its seeded 429/500 faults are retried away."""
    from studio.backends.sim import FaultConfig

    endpoint = sim_endpoint("gpu", faults=FaultConfig(rate_429=0.3, rate_500=0.2, seed=3), time_scale=0.01)
    retry = RetryPolicy(attempts=8, base_delay_s=0.001, max_delay_s=0.01)
    async with LLMExtractor(endpoint, concurrency=4, retry=retry) as extractor:
        schemas = await extractor.extract_all([(f"p{i}", f"Give me {i + 2} names for a cat") for i in range(6)])
    simulator = sim_endpoint.simulator(endpoint)
    assert simulator.requests["ok"] == 6 and simulator.requests["429"] + simulator.requests["500"] > 0
    assert all(schema.error is None and schema.model == endpoint.model for schema in schemas)
    assert simulator.peak_active <= 4
