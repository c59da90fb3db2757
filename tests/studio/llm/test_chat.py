"""The chat policy end to end: every transient status retried, every format refusal stepped down, answers read into
the model; against a scripted in-test server (httpx2.MockTransport) and over HTTP against the simulator."""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Literal

import httpx2
import pytest
from openai import AsyncOpenAI
from pydantic import BaseModel

from studio.backends.base import Endpoint
from studio.backends.sim import FaultConfig
from studio.llm.chat import BlockingChat, ChatClient
from studio.llm.failures import Failure, RetryPolicy

ENDPOINT = Endpoint(base_url="http://llm.test/v1", model="test-model", label="test")
FAST_RETRY = RetryPolicy(attempts=3, base_delay_s=0.001, max_delay_s=0.01)
MESSAGES = [{"role": "user", "content": "left or right?"}]
Responder = httpx2.Response | Callable[[dict], httpx2.Response]


class Pick(BaseModel):
    choice: Literal["left", "right"]
    why: str


def completion(content: str, finish_reason: str = "stop") -> httpx2.Response:
    return httpx2.Response(200, json={
        "id": "c1", "object": "chat.completion", "created": 0, "model": "test-model",
        "choices": [{"index": 0, "finish_reason": finish_reason, "message": {"role": "assistant", "content": content}}]})


GOOD = completion(json.dumps({"choice": "left", "why": "shorter"}))


def error(status: int, headers: dict[str, str] | None = None) -> httpx2.Response:
    return httpx2.Response(status, json={"error": {"message": f"status {status}"}}, headers=headers)


class Server:
    """Records request bodies; answers from a script (the last entry repeats); an entry may be a function of the
    body, or an exception to raise (a transport failure)."""

    def __init__(self, *script: Responder | Exception) -> None:
        self.script = list(script)
        self.bodies: list[dict] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        self.bodies.append(body)
        step = self.script[min(len(self.bodies), len(self.script)) - 1]
        if isinstance(step, Exception):
            raise step
        return step(body) if callable(step) else step

    def formats(self) -> list[str]:
        return [body.get("response_format", {}).get("type", "text") for body in self.bodies]


def client_for(server: Server, **options: object) -> ChatClient:
    client = AsyncOpenAI(base_url=ENDPOINT.base_url, api_key="k", max_retries=0,
                         http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(server)))
    return ChatClient(ENDPOINT, client=client, **{"retry": FAST_RETRY, **options})  # type: ignore[arg-type]


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
async def test_each_transient_status_is_retried_in_the_same_format(status: int) -> None:
    server = Server(error(status), GOOD)
    retries: list[tuple[Failure, float]] = []
    async with client_for(server, on_retry=lambda failure, wait: retries.append((failure, wait))) as chat:
        reply = await chat.ask(MESSAGES, Pick, max_tokens=50)
    assert reply.value == Pick(choice="left", why="shorter") and reply.error is None
    assert server.formats() == ["json_schema", "json_schema"]
    [(failure, wait)] = retries
    assert failure.kind == "retry" and f"HTTP {status}" in failure.reason and 0 <= wait <= FAST_RETRY.max_delay_s


async def test_a_reply_holding_a_lone_surrogate_is_a_failed_reply() -> None:
    """`\\ud800` escaped alone in the reply's JSON decodes to text no store or terminal can hold."""
    body = json.dumps({"id": "c1", "object": "chat.completion", "created": 0, "model": "test-model",
                       "choices": [{"index": 0, "finish_reason": "stop",
                                    "message": {"role": "assistant", "content": "left \ud800"}}]})  # ASCII escapes
    server = Server(httpx2.Response(200, content=body.encode(), headers={"content-type": "application/json"}))
    async with client_for(server) as chat:
        reply = await chat.ask(MESSAGES, Pick, max_tokens=50)
    assert reply.value is None and reply.error == "the reply holds invalid Unicode (a lone surrogate)"


async def test_a_lost_connection_is_retried() -> None:
    server = Server(httpx2.ConnectError("connection refused"), GOOD)
    async with client_for(server) as chat:
        reply = await chat.ask(MESSAGES, Pick, max_tokens=50)
    assert reply.value is not None and len(server.bodies) == 2


async def test_retry_after_is_obeyed_up_to_the_cap() -> None:
    server = Server(error(429, {"retry-after": "3600"}), error(503, {"retry-after": "0"}), GOOD)
    waits: list[float] = []
    async with client_for(server, on_retry=lambda failure, wait: waits.append(wait)) as chat:
        reply = await chat.ask(MESSAGES, Pick, max_tokens=50)
    assert reply.value is not None and waits == [FAST_RETRY.max_delay_s, 0.0]


async def test_retries_are_bounded() -> None:
    server = Server(error(503))
    async with client_for(server) as chat:
        reply = await chat.ask(MESSAGES, Pick, max_tokens=50)
    assert len(server.bodies) == FAST_RETRY.attempts
    assert reply.content is None and reply.value is None
    assert reply.error is not None and "HTTP 503" in reply.error and "gave up after 3 attempts" in reply.error


@pytest.mark.parametrize("status", [401, 403, 404])
async def test_final_statuses_fail_at_once(status: int) -> None:
    server = Server(error(status))
    async with client_for(server) as chat:
        reply = await chat.ask(MESSAGES, Pick, max_tokens=50)
    assert len(server.bodies) == 1 and reply.content is None and f"HTTP {status}" in (reply.error or "")


def refusing(status: int, *formats: str) -> Callable[[dict], httpx2.Response]:
    def answer(body: dict) -> httpx2.Response:
        if body.get("response_format", {}).get("type", "text") in formats:
            return error(status)
        return GOOD if "response_format" in body else completion('Sure: {"choice": "right", "why": "taller",}')
    return answer


@pytest.mark.parametrize("status", [400, 415, 422, 501])
async def test_a_refused_json_schema_falls_back_to_json_object_and_is_remembered(status: int) -> None:
    server = Server(refusing(status, "json_schema"))
    async with client_for(server) as chat:
        first = await chat.ask(MESSAGES, Pick, max_tokens=50)
        second = await chat.ask(MESSAGES, Pick, max_tokens=50)
    assert server.formats() == ["json_schema", "json_object", "json_object"]
    assert first.value == second.value == Pick(choice="left", why="shorter")


@pytest.mark.parametrize("status", [400, 415, 422, 501])
async def test_a_refused_json_object_falls_back_to_text_read_leniently(status: int) -> None:
    server = Server(refusing(status, "json_schema", "json_object"))
    async with client_for(server) as chat:
        first = await chat.ask(MESSAGES, Pick, max_tokens=50)
        await chat.ask(MESSAGES, Pick, max_tokens=50)
    assert server.formats() == ["json_schema", "json_object", "text", "text"]
    assert "response_format" not in server.bodies[-1]
    assert first.value == Pick(choice="right", why="taller")  # prose and a trailing comma around the JSON


async def test_json_schema_sends_the_models_strict_schema() -> None:
    server = Server(GOOD)
    async with client_for(server) as chat:
        await chat.ask(MESSAGES, Pick, max_tokens=50)
    sent = server.bodies[0]["response_format"]["json_schema"]
    assert sent["name"] == "Pick" and sent["strict"] is True
    assert sent["schema"]["required"] == ["choice", "why"] and sent["schema"]["additionalProperties"] is False
    assert server.bodies[0]["max_tokens"] == 50 and server.bodies[0]["temperature"] == 0.0


async def test_a_request_refused_in_every_format_is_an_error_and_does_not_downgrade() -> None:
    def answer(body: dict) -> httpx2.Response:
        return error(400) if "huge" in body["messages"][0]["content"] else GOOD

    server = Server(answer)
    async with client_for(server) as chat:
        refused = await chat.ask([{"role": "user", "content": "huge"}], Pick, max_tokens=50)
        fine = await chat.ask(MESSAGES, Pick, max_tokens=50)
    assert refused.content is None and "HTTP 400" in (refused.error or "")
    assert server.formats() == ["json_schema", "json_object", "text", "json_schema"] and fine.value is not None


@pytest.mark.parametrize(("response", "error_text", "has_document"), [
    (completion("I would rather not say."), "no JSON object", False),
    (completion('{"choice": "lef', finish_reason="length"), "answer cut off at max_tokens", False),
    (completion('{"choice": "up", "why": "x"}'), "choice: Input should be 'left' or 'right'", True),
])
async def test_answers_that_do_not_fit_say_why(response: httpx2.Response, error_text: str, has_document: bool) -> None:
    async with client_for(Server(response)) as chat:
        reply = await chat.ask(MESSAGES, Pick, max_tokens=50)
    assert reply.content is not None and reply.value is None and error_text in (reply.error or "")
    assert (reply.document is not None) == has_document and reply.elapsed_ms is not None


def test_blocking_chat_serves_threads_and_shares_what_it_learnt() -> None:
    server = Server(refusing(422, "json_schema"))
    client = AsyncOpenAI(base_url=ENDPOINT.base_url, api_key="k", max_retries=0,
                         http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(server)))
    with BlockingChat(ENDPOINT, client=client, retry=FAST_RETRY) as chat:
        first = chat.ask(MESSAGES, Pick, max_tokens=50)
        with ThreadPoolExecutor(max_workers=4) as pool:
            replies = list(pool.map(lambda _: chat.ask(MESSAGES, Pick, max_tokens=50), range(4)))
    assert first.value is not None and all(reply.value == first.value for reply in replies)
    assert server.formats() == ["json_schema", "json_object"] + ["json_object"] * 4


async def test_against_the_simulator_with_faults_and_a_key(sim_endpoint) -> None:
    """Over real HTTP with the endpoint's own client: the key is sent (the simulator refuses others), seeded 429 and
    500 faults are retried away, and json_schema answers are read into the model."""
    endpoint = sim_endpoint("gpu", faults=FaultConfig(rate_429=0.3, rate_500=0.3, seed=5), time_scale=0.01,
                            api_key="sk-sim")
    retried: list[str] = []
    async with ChatClient(endpoint, retry=RetryPolicy(attempts=10, base_delay_s=0.001, max_delay_s=0.01),
                          on_retry=lambda failure, wait: retried.append(failure.reason)) as chat:
        replies = [await chat.ask([{"role": "user", "content": f"pick {i}"}], Pick, max_tokens=64) for i in range(6)]
    simulator = sim_endpoint.simulator(endpoint)
    assert all(reply.value is not None for reply in replies), [reply.error for reply in replies]
    assert simulator.requests["ok"] == 6 and simulator.requests["429"] + simulator.requests["500"] == len(retried) > 0
    assert simulator.requests["401"] == 0
    wrong_key = Endpoint(base_url=endpoint.base_url, model=endpoint.model, label=endpoint.label, api_key="sk-other")
    async with ChatClient(wrong_key, retry=FAST_RETRY) as chat:
        refused = await chat.ask(MESSAGES, Pick, max_tokens=16)
    assert "HTTP 401" in (refused.error or "") and simulator.requests["401"] == 1


async def test_a_key_the_server_echoes_in_its_error_is_not_in_the_reason() -> None:
    """Some gateways answer a refused key with "Incorrect API key provided: <the key>"; reasons are stored."""
    secret = "sk-echoed-4f1c9a77"

    def echo(request: httpx2.Request) -> httpx2.Response:
        key = request.headers["authorization"].removeprefix("Bearer ")
        return httpx2.Response(503 if b"retry" in request.content else 401,
                               json={"error": {"message": f"Incorrect API key provided: {key}"}})

    keyed = Endpoint(base_url=ENDPOINT.base_url, model="test-model", label="test", api_key=secret)
    retries: list[str] = []
    client = AsyncOpenAI(base_url=keyed.base_url, api_key=keyed.client_key(), max_retries=0,
                         http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(echo)))
    async with ChatClient(keyed, client=client, retry=FAST_RETRY,
                          on_retry=lambda failure, wait: retries.append(failure.reason)) as chat:
        refused = await chat.ask(MESSAGES, Pick, max_tokens=16)
        retried = await chat.ask([{"role": "user", "content": "retry"}], Pick, max_tokens=16)
    reasons = [refused.error or "", retried.error or "", *retries]
    assert len(retries) == FAST_RETRY.attempts - 1
    assert all("Incorrect API key provided: [API key]" in reason for reason in reasons)
    assert not any(secret in reason for reason in reasons)


async def test_a_key_cut_where_the_reason_is_shortened_is_not_in_it() -> None:
    """A long error quoting the key where the reason is cut (200 characters): the start of the key left there goes
    too (the extractor stores the reason in its schema, the judge in its score)."""
    secret = "sk-echoed-4f1c9a77"

    def echo(request: httpx2.Request) -> httpx2.Response:
        key = request.headers["authorization"].removeprefix("Bearer ")
        return httpx2.Response(401, json={"error": {"message": "x" * 168 + f" key {key} refused"}})

    keyed = Endpoint(base_url=ENDPOINT.base_url, model="test-model", label="test", api_key=secret)
    client = AsyncOpenAI(base_url=keyed.base_url, api_key=keyed.client_key(), max_retries=0,
                         http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(echo)))
    async with ChatClient(keyed, client=client, retry=FAST_RETRY) as chat:
        refused = await chat.ask(MESSAGES, Pick, max_tokens=16)
    assert "HTTP 401" in (refused.error or "") and "[API key]" in (refused.error or "")
    assert secret[:5] not in (refused.error or "")
