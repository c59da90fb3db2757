"""The simulator: the OpenAI surface the real client uses, deterministic text, bad requests, faults, the cap."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import httpx
import openai
import pytest
from starlette.testclient import TestClient

from studio.backends.sim import (
    PROFILES, FaultConfig, SimConfig, Simulator, answer_text, count_tokens, requested_items, split_tokens,
)
from tests.conftest import SimEndpointFactory

MESSAGES = [{"role": "user", "content": "Give me 5 slogans for a bakery."}]


# -- text --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("prompt", "count"), [
    ("Give me 10 slogans for a bakery", 10), ("List three ideas for a party.", 3),
    ("Please translate these 5 sentences into French: ...", 5), ("What is the capital of France?", None),
    ("The town was founded in 1821. Answer the question.", None),
])
def test_requested_items_reads_the_count_the_prompt_asks_for(prompt: str, count: int | None) -> None:
    assert requested_items(prompt) == count


def test_answers_are_deterministic_per_prompt_and_seed() -> None:
    first = answer_text("Give me 4 names for a cat", 1, None)
    assert first == answer_text("Give me 4 names for a cat", 1, None)
    assert first != answer_text("Give me 4 names for a cat", 2, None)
    assert [line.split(".")[0] for line in first.splitlines()] == ["1", "2", "3", "4"]
    assert "".join(split_tokens(first)) == first


def test_json_mode_answers_are_valid_json_matching_a_simple_schema() -> None:
    schema = {"type": "object", "properties": {
        "parallelizable": {"type": "boolean"}, "category": {"enum": ["translation", "other"]},
        "data": {"type": "array", "items": {"type": "string"}}, "n": {"type": ["integer", "null"]}}}
    answer = json.loads(answer_text("x", 0, {"type": "json_schema", "json_schema": {"schema": schema}}))
    assert isinstance(answer["parallelizable"], bool) and answer["category"] == "translation"
    assert all(isinstance(item, str) for item in answer["data"]) and isinstance(answer["n"], int)
    assert isinstance(json.loads(answer_text("x", 0, {"type": "json_object"})), dict)


# -- the OpenAI client, sync and async, streaming and not -----------------------------------------------------------
def test_sync_client_non_streaming(sim_endpoint: SimEndpointFactory) -> None:
    endpoint = sim_endpoint(time_scale=0.01)
    client = openai.OpenAI(base_url=endpoint.base_url, api_key=endpoint.client_key(), max_retries=0)
    assert [model.id for model in client.models.list()] == ["sim-cpu"]
    response = client.chat.completions.create(model=endpoint.model, messages=MESSAGES, max_tokens=200, seed=3)
    text = response.choices[0].message.content or ""
    assert len(text.splitlines()) == 5 and response.choices[0].finish_reason == "stop"
    assert response.usage is not None and response.usage.completion_tokens == len(split_tokens(text))
    extra = response.model_extra or {}
    assert extra["simulated"] is True and extra["timings"]["predicted_n"] == response.usage.completion_tokens
    assert response.system_fingerprint == "ppstudio-simulator"


async def test_async_client_streaming_with_usage(sim_endpoint: SimEndpointFactory) -> None:
    endpoint = sim_endpoint(time_scale=0.01)
    async with openai.AsyncOpenAI(base_url=endpoint.base_url, api_key="k", max_retries=0) as client:
        stream = await client.chat.completions.create(model=endpoint.model, messages=MESSAGES, max_tokens=6,
                                                      stream=True, stream_options={"include_usage": True})
        pieces, finish, usage = [], None, None
        async for chunk in stream:
            usage = chunk.usage or usage
            for choice in chunk.choices:
                pieces.append(choice.delta.content or "")
                finish = choice.finish_reason or finish
        whole = await client.chat.completions.create(model=endpoint.model, messages=MESSAGES, max_tokens=6)
    assert finish == "length" and usage is not None and usage.completion_tokens == 6
    assert "".join(pieces) == whole.choices[0].message.content  # the same deterministic answer either way


def test_sync_streaming_and_async_non_streaming_agree(sim_endpoint: SimEndpointFactory) -> None:
    endpoint = sim_endpoint(time_scale=0.01)
    client = openai.OpenAI(base_url=endpoint.base_url, api_key="k", max_retries=0)
    streamed = "".join(chunk.choices[0].delta.content or "" for chunk in client.chat.completions.create(
        model=endpoint.model, messages=MESSAGES, max_tokens=50, stream=True) if chunk.choices)

    async def non_streaming() -> str:
        async with openai.AsyncOpenAI(base_url=endpoint.base_url, api_key="k", max_retries=0) as aclient:
            response = await aclient.chat.completions.create(model=endpoint.model, messages=MESSAGES, max_tokens=50)
            return response.choices[0].message.content or ""

    assert streamed == asyncio.run(non_streaming())


# -- bad requests --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("body", "fragment"), [
    (b"{not json", "malformed JSON"),
    (json.dumps({"max_tokens": 5}).encode(), "'messages' is required"),
    (json.dumps({"messages": [], "max_tokens": 5}).encode(), "non-empty"),
    (json.dumps({"messages": MESSAGES, "max_tokens": -1}).encode(), "max_tokens"),
    (json.dumps({"messages": MESSAGES, "max_tokens": 10 ** 9}).encode(), "context size"),
    (json.dumps({"messages": MESSAGES, "max_tokens": "many"}).encode(), "integer"),
    (json.dumps({"messages": [{"role": "user", "content": "word " * 300}], "max_tokens": 5}).encode(),
     "context size"),
], ids=["malformed-json", "missing-messages", "empty-messages", "negative-max-tokens", "huge-max-tokens",
        "string-max-tokens", "prompt-over-context"])
def test_bad_requests_get_400_and_the_server_keeps_serving(sim_endpoint: SimEndpointFactory, body: bytes,
                                                           fragment: str) -> None:
    endpoint = sim_endpoint(time_scale=0.01, context_tokens=256)
    response = httpx.post(f"{endpoint.base_url}/chat/completions", content=body,
                          headers={"content-type": "application/json"})
    assert response.status_code == 400 and fragment in response.json()["error"]["message"]
    ok = httpx.post(f"{endpoint.base_url}/chat/completions", json={"messages": MESSAGES, "max_tokens": 3})
    assert ok.status_code == 200


def _body(**fields: object) -> bytes:
    return json.dumps({"messages": MESSAGES, "max_tokens": 5, **fields}).encode()


def _schema(schema: object) -> dict[str, object]:
    return {"type": "json_schema", "json_schema": {"name": "answer", "schema": schema}}


def _user(content: object) -> list[dict[str, object]]:
    return [{"role": "user", "content": content}]


@pytest.fixture
def sim_client() -> Iterator[TestClient]:
    """The simulator app in process (no sockets), with no simulated delays."""
    with TestClient(Simulator(SimConfig(time_scale=0.0)).app) as client:
        yield client


def _post(client: TestClient, body: bytes) -> httpx.Response:
    return client.post("/v1/chat/completions", content=body, headers={"content-type": "application/json"})


@pytest.mark.parametrize(("body", "fragment"), [
    (b'{"messages": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested deeper than 64 levels"),
    (b'{"a": "' + b"[" * 1000 + b'", "messages": [{"role": "user", "content": "hi"}], "max_tokens": "x"}',
     "'max_tokens' must be an integer"),  # brackets inside a string are not nesting
    (b'{"messages": [{"role": "user", "content": "hi"}], "temperature": NaN}', "malformed JSON body: NaN"),
    (_body(n=-1), "Field 'n': Value must be between 1 <= value <= 1, but got -1"),
    (_body(n=0), "Field 'n'"), (_body(n=100_000), "Field 'n'"), (_body(n="two"), "Field 'n'"),
    (_body(temperature="hot"), "Field 'temperature': type must be number, but is a string"),
    (_body(temperature=True), "Field 'temperature'"), (_body(top_p=[1]), "Field 'top_p'"),
    (_body(messages=_user(["hi", 3])), "unsupported content[].type"),
    (_body(messages=_user([{"text": "hi"}])), "unsupported content[].type"),
    (_body(messages=_user([{"type": "image_url", "image_url": {"url": "x"}}])), "image input is not supported"),
    (_body(messages=_user([{"type": "text", "text": 5}])), "messages[0].content[0].text must be a string"),
    (_body(response_format={"type": "yaml"}), "response_format type must be one of"),
    (_body(response_format={"type": "json_schema", "json_schema": "x"}), "json_schema must be an object"),
    (_body(response_format={"type": "json_schema", "json_schema": {"schema": "x"}}), "schema must be an object"),
    (_body(response_format=_schema({"type": "object", "properties": "x"})), "properties must be an object"),
    (_body(response_format=_schema({"type": "object", "properties": {"a": 5}})), "schema must be an object"),
    (_body(response_format=_schema({"anyOf": {"type": "string"}})), "anyOf must be a non-empty array"),
    (_body(response_format=_schema({"enum": "abc"})), "enum must be a non-empty array"),
    (_body(response_format=_schema({"type": "integer", "minimum": "low"})), "minimum must be a number"),
    (_body(response_format=_schema({"type": "array", "minItems": "many"})), "minItems must be"),
    (_body(response_format=_schema({"type": 5})), "type must be"),
    (b'{"messages": [{"role": "user", "content": "hi \\ud800"}]}', "a lone surrogate"),
    (b'{"messages": [{"role": "user", "content": "hi"}], "response_format": {"type": "json_schema", "json_schema": '
     b'{"schema": {"enum": ["\\udc00"]}}}}', "a lone surrogate"),
], ids=["deep-nesting", "brackets-in-a-string", "nan", "n-negative", "n-zero", "n-huge", "n-string",
        "temperature-string", "temperature-bool", "top-p-array", "part-not-object", "part-without-type",
        "image-part", "part-text-number", "format-type", "json-schema-string", "schema-string",
        "properties-string", "property-number", "any-of-object", "enum-string", "minimum-string",
        "min-items-string", "type-number", "lone-surrogate-content", "lone-surrogate-schema"])
def test_hostile_requests_get_400_never_500(sim_client: TestClient, body: bytes, fragment: str) -> None:
    response = _post(sim_client, body)
    assert response.status_code == 400, response.text
    assert fragment in response.json()["error"]["message"]
    assert _post(sim_client, _body()).status_code == 200


WRONG_VALUES: list[object] = [None, True, -1, 0, 10 ** 30, 10 ** 400, 2.5, "x", "", [], [None], {}, {"type": None},
                              [[[{}]]]]


def test_no_field_of_any_type_gets_a_500(sim_client: TestClient) -> None:
    """Every field the simulator reads, given every kind of wrong value: a 200 or a 400, nothing else."""
    bodies: list[dict[str, object]] = []
    for value in WRONG_VALUES:
        bodies += [{"messages": MESSAGES, "max_tokens": 5, name: value} for name in (
            "messages", "max_tokens", "max_completion_tokens", "stream", "stream_options", "seed", "n",
            "temperature", "top_p", "response_format", "chat_template_kwargs")]
        bodies += [{"messages": [value]}, {"messages": _user(value)}, {"messages": _user([value])},
                   {"messages": [{"role": value, "content": "hi"}]},
                   {"messages": MESSAGES, "response_format": {"type": value}},
                   {"messages": MESSAGES, "response_format": {"type": "json_schema", "json_schema": value}}]
        bodies += [{"messages": MESSAGES, "max_tokens": 5, "response_format": _schema(schema)} for schema in (
            value, {"type": value}, {"properties": value}, {"type": "object", "properties": {"a": value}},
            {"type": "array", "items": value}, {"type": "array", "minItems": value}, {"enum": value},
            {"const": value}, {"anyOf": value}, {"anyOf": [value]}, {"type": "integer", "minimum": value},
            {"type": "number", "maximum": value})]
    for body in bodies:
        response = _post(sim_client, json.dumps(body).encode())
        assert response.status_code in (200, 400), (body, response.text)
        if response.status_code == 400:
            assert isinstance(response.json()["error"]["message"], str), body


def test_json_schema_answers_stay_small_whatever_the_schema_asks(sim_client: TestClient) -> None:
    """minItems of a billion, nested: the answer is bounded (and cut at max_tokens), not built in full."""
    huge: dict[str, object] = {"type": "string"}
    for _ in range(8):
        huge = {"type": "array", "minItems": 10 ** 9, "items": huge}
    response = _post(sim_client, _body(max_tokens=40, response_format=_schema(huge)))
    assert response.status_code == 200 and response.json()["choices"][0]["finish_reason"] == "length"


def test_api_key_is_required_when_set(sim_endpoint: SimEndpointFactory) -> None:
    endpoint = sim_endpoint(time_scale=0.01, api_key="s3cret")
    assert httpx.get(f"{endpoint.base_url}/models").status_code == 401
    assert httpx.get(f"{endpoint.base_url}/models", headers={"Authorization": "Bearer s3cret"}).status_code == 200


# -- faults and the concurrency cap ----------------------------------------------------------------------------------
def _outcomes(endpoint_url: str, count: int) -> list[int | str]:
    outcomes: list[int | str] = []
    with httpx.Client(timeout=2.0) as client:
        for index in range(count):
            try:
                response = client.post(f"{endpoint_url}/chat/completions", json={
                    "messages": [{"role": "user", "content": f"question {index}"}], "max_tokens": 4})
                outcomes.append(response.status_code)
            except httpx.TimeoutException:
                outcomes.append("timeout")
            except httpx.RemoteProtocolError:
                outcomes.append("disconnect")
    return outcomes


def test_faults_are_seeded_and_reproducible(sim_endpoint: SimEndpointFactory) -> None:
    faults = FaultConfig(rate_429=0.2, rate_500=0.2, rate_disconnect=0.2, seed=7)
    first = _outcomes(sim_endpoint(time_scale=0.001, faults=faults).base_url, 30)
    again = _outcomes(sim_endpoint(time_scale=0.001, faults=faults).base_url, 30)
    assert first == again
    assert {429, 500, 200, "disconnect"} <= set(first)
    assert 2 <= first.count(429) <= 12 and 2 <= first.count(500) <= 12


def test_a_hang_is_a_client_timeout_and_a_retry_can_succeed(sim_endpoint: SimEndpointFactory) -> None:
    endpoint = sim_endpoint(time_scale=0.001, faults=FaultConfig(rate_hang=0.5, seed=1))
    body = {"messages": MESSAGES, "max_tokens": 3}
    outcomes = []
    with httpx.Client(timeout=0.5) as client:
        for _ in range(6):  # the same body: each retry is a fresh draw
            try:
                outcomes.append(client.post(f"{endpoint.base_url}/chat/completions", json=body).status_code)
            except httpx.TimeoutException:
                outcomes.append("timeout")
    assert "timeout" in outcomes and 200 in outcomes
    assert sim_endpoint.simulator(endpoint).requests["hang"] == outcomes.count("timeout")


def test_a_stream_cut_mid_way_is_an_error_for_the_client(sim_endpoint: SimEndpointFactory) -> None:
    endpoint = sim_endpoint(time_scale=0.001, faults=FaultConfig(rate_disconnect=1.0))
    client = openai.OpenAI(base_url=endpoint.base_url, api_key="k", max_retries=0)
    received: list[str] = []
    with pytest.raises((openai.APIError, httpx.HTTPError)):
        for chunk in client.chat.completions.create(model=endpoint.model, messages=MESSAGES, max_tokens=40,
                                                    stream=True):
            received.extend(choice.delta.content or "" for choice in chunk.choices)
    assert sim_endpoint.simulator(endpoint).requests["disconnect"] == 1


async def test_the_concurrency_cap_queues_requests_beyond_it(sim_endpoint: SimEndpointFactory) -> None:
    endpoint = sim_endpoint(profile="gpu", time_scale=0.05, concurrency_cap=3)
    async with openai.AsyncOpenAI(base_url=endpoint.base_url, api_key="k", max_retries=0) as client:
        responses = await asyncio.gather(*(client.chat.completions.create(
            model=endpoint.model, messages=MESSAGES, max_tokens=5) for _ in range(9)))
    assert all(response.choices[0].finish_reason == "length" for response in responses)
    assert sim_endpoint.simulator(endpoint).peak_active == 3


def test_profiles_state_their_curves() -> None:
    cpu, gpu = PROFILES["cpu"], PROFILES["gpu"]
    assert 1.1 <= cpu.speedup(8) <= 1.2
    assert gpu.speedup(64) > 40 and gpu.speedup(64) > gpu.speedup(16) > gpu.speedup(8)
    assert SimConfig().model_name == "sim-cpu"
    assert count_tokens("Hello, world!") == 4
    with pytest.raises(ValueError):
        FaultConfig(rate_429=0.7, rate_500=0.7)


# -- knobs that make it behave like vLLM / SGLang ---------------------------------------------------------------------
def _answers(client: TestClient, **fields: object) -> list[dict[str, object]]:
    response = _post(client, json.dumps({"messages": MESSAGES, "max_tokens": 40, **fields}).encode())
    assert response.status_code == 200, response.text
    return response.json()["choices"]


def _events(client: TestClient, **fields: object) -> list[dict[str, object]]:
    body = {"messages": MESSAGES, "max_tokens": 40, "stream": True, "stream_options": {"include_usage": True},
            **fields}
    response = _post(client, json.dumps(body).encode())
    return [json.loads(line[6:]) for line in response.text.splitlines()
            if line.startswith("data: ") and line != "data: [DONE]"]


def test_greedy_at_temperature_0_samples_above(sim_client: TestClient) -> None:
    """At temperature 0 the seed changes nothing (as in a real server); above it, seed and choice do."""
    text = [_answers(sim_client, temperature=0, seed=seed)[0]["message"]["content"] for seed in (1, 2)]  # type: ignore
    assert text[0] == text[1]
    sampled = [_answers(sim_client, temperature=0.7, seed=seed)[0]["message"]["content"]  # type: ignore[index]
               for seed in (1, 2)]
    assert sampled[0] != sampled[1]


def test_n_choices_stream_apart_and_share_one_prefill() -> None:
    with TestClient(Simulator(SimConfig(time_scale=0.0, max_choices=4)).app) as client:
        events = _events(client, n=3, temperature=0.7)
        assert _post(client, _body(n=5)).json()["error"]["message"] == (
            "Field 'n': Value must be between 1 <= value <= 4, but got 5")
    texts = {0: "", 1: "", 2: ""}
    finished = {}
    for event in events:
        for choice in event["choices"]:  # type: ignore[union-attr]
            texts[choice["index"]] += choice["delta"].get("content", "")
            if choice["finish_reason"]:
                finished[choice["index"]] = choice["finish_reason"]
    assert len(set(texts.values())) == 3 and finished.keys() == {0, 1, 2}
    usage = events[-1]["usage"]
    assert usage["completion_tokens"] == sum(len(split_tokens(text)) for text in texts.values())  # type: ignore


def test_prefix_cache_reports_the_reused_prompt_tokens() -> None:
    long = [{"role": "user", "content": "A shared context of many words. " * 20 + "Question one?"}]
    other = [{"role": "user", "content": "A shared context of many words. " * 20 + "Question two?"}]
    with TestClient(Simulator(SimConfig(time_scale=0.0, prefix_cache=True)).app) as client:
        first = _post(client, json.dumps({"messages": long, "max_tokens": 3}).encode()).json()
        second = _post(client, json.dumps({"messages": other, "max_tokens": 3}).encode()).json()
    assert first["usage"]["prompt_tokens_details"]["cached_tokens"] == 0
    assert second["usage"]["prompt_tokens_details"]["cached_tokens"] == count_tokens("A shared context of many "
                                                                                     "words. " * 20 + "Question")
    assert second["timings"]["cache_n"] + second["timings"]["prompt_n"] == second["usage"]["prompt_tokens"]


def test_reasoning_streams_first_and_is_counted(sim_client: TestClient) -> None:
    with TestClient(Simulator(SimConfig(time_scale=0.0, reasoning_tokens=4)).app) as client:
        events = _events(client)
        off = _answers(client, chat_template_kwargs={"enable_thinking": False})
        bad = _post(client, _body(chat_template_kwargs="no"))
    deltas = [choice["delta"] for event in events for choice in event["choices"]]  # type: ignore[union-attr]
    thoughts = [d["reasoning_content"] for d in deltas if "reasoning_content" in d]
    assert len(thoughts) == 4 and deltas.index({"reasoning_content": thoughts[0]}) < 2
    assert events[-1]["usage"]["completion_tokens_details"] == {"reasoning_tokens": 4}
    assert "reasoning_content" not in off[0]["message"]  # type: ignore[operator]
    assert bad.status_code == 400 and "chat_template_kwargs" in bad.json()["error"]["message"]


def test_max_tokens_can_be_refused_like_reasoning_models_do() -> None:
    with TestClient(Simulator(SimConfig(time_scale=0.0, reject_max_tokens=True)).app) as client:
        refused = _post(client, _body())
        accepted = _post(client, json.dumps({"messages": MESSAGES, "max_completion_tokens": 5}).encode())
    assert refused.status_code == 400 and "Use 'max_completion_tokens' instead" in refused.json()["error"]["message"]
    assert accepted.status_code == 200 and accepted.json()["usage"]["completion_tokens"] <= 5
