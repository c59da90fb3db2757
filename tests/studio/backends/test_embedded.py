"""The embedded llama.cpp engine: the official client against it, real parallel streams, prefix sharing, bad
requests, and a clean stop. One engine for the session (`embedded_endpoint`); small max_tokens throughout."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import httpx
import openai
import pytest

from studio.backends import CONTEXT_OVERFLOW, context_overflow_hint
from studio.backends.base import Endpoint
from studio.backends.embedded import EmbeddedEngine, EngineConfig, EngineError, bundled_model_path
from studio.backends.prefix import share_prefix
from studio.backends.server import ServeOptions, start_server

pytestmark = pytest.mark.slow

QUESTION = [{"role": "user", "content": "Name one fruit."}]
CONTEXT = (
    "The river town of Alder Bend was founded in 1821 by millers who used the fast water to grind grain. By 1850 "
    "it had three mills, a school, a chapel and a ferry to the farms on the east bank. A flood in 1862 destroyed two "
    "of the mills and the ferry; the town rebuilt one mill, and a wooden bridge replaced the ferry in 1867. The "
    "railway arrived in 1883 and the town grew to four thousand people by 1900. The wooden bridge burned in 1904 and "
    "was replaced by a steel bridge that still stands. The last mill closed in 1931 and became a library in 1952. "
    "The spring fair has been held every April since 1890; farmers sell seedlings and bakers compete for the best "
    "rye loaf. ")
QUESTIONS = ["When was the town founded?", "How many mills were there in 1850?", "What happened in 1862?",
             "When did the railway arrive?"]


def branch_messages(question: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": f"Read the text and answer.\n\nText: {CONTEXT}\n\nQuestion: {question}"}]


def test_the_bundled_model_is_found_without_importing_its_package() -> None:
    path = bundled_model_path()
    assert path.name == "SmolLM2-135M-Instruct.Q4_1.gguf" and path.stat().st_size > 50_000_000


def test_sync_client_streaming_and_not(embedded_endpoint: Endpoint) -> None:
    client = openai.OpenAI(base_url=embedded_endpoint.base_url, api_key=embedded_endpoint.client_key(),
                           max_retries=0)
    assert embedded_endpoint.model in [model.id for model in client.models.list()]
    whole = client.chat.completions.create(model=embedded_endpoint.model, messages=QUESTION, max_tokens=6,
                                           temperature=0)
    assert whole.choices[0].message.content and whole.choices[0].finish_reason in ("stop", "length")
    assert whole.usage is not None and 0 < whole.usage.completion_tokens <= 6
    timings = (whole.model_extra or {})["timings"]
    assert timings["prompt_n"] + timings["cache_n"] == whole.usage.prompt_tokens
    streamed, usage = "", None
    for chunk in client.chat.completions.create(model=embedded_endpoint.model, messages=QUESTION, max_tokens=6,
                                                temperature=0, stream=True, stream_options={"include_usage": True}):
        usage = chunk.usage or usage
        streamed += "".join(choice.delta.content or "" for choice in chunk.choices)
    assert streamed == whole.choices[0].message.content  # temperature 0: the same answer
    assert usage is not None and usage.completion_tokens == whole.usage.completion_tokens


async def test_async_client_streaming_and_not(embedded_endpoint: Endpoint) -> None:
    async with openai.AsyncOpenAI(base_url=embedded_endpoint.base_url, api_key="x", max_retries=0) as client:
        whole = await client.chat.completions.create(model=embedded_endpoint.model, messages=QUESTION, max_tokens=5)
        stream = await client.chat.completions.create(model=embedded_endpoint.model, messages=QUESTION,
                                                      max_tokens=5, stream=True)
        pieces = [choice.delta.content or "" async for chunk in stream for choice in chunk.choices]
    assert whole.choices[0].message.content and "".join(pieces)


async def test_eight_streams_all_start_before_the_first_finishes(embedded_endpoint: Endpoint) -> None:
    """Real parallel slots: every stream's first token arrives before any stream completes."""
    first_tokens: list[float] = []
    ends: list[float] = []

    async def one(client: openai.AsyncOpenAI, index: int) -> str:
        text = ""
        stream = await client.chat.completions.create(
            model=embedded_endpoint.model, max_tokens=16, temperature=0, stream=True,
            messages=[{"role": "user", "content": f"Write a short poem about the number {index}."}])
        async for chunk in stream:
            for choice in chunk.choices:
                if choice.delta.content:
                    if not text:
                        first_tokens.append(time.monotonic())
                    text += choice.delta.content
        ends.append(time.monotonic())
        return text

    async with openai.AsyncOpenAI(base_url=embedded_endpoint.base_url, api_key="x", max_retries=0,
                                  timeout=120) as client:
        texts = await asyncio.gather(*(one(client, index) for index in range(8)))
    assert all(texts) and len(first_tokens) == 8
    assert max(first_tokens) < min(ends)


async def test_branches_reuse_a_shared_prefix_copied_across_slots(embedded_endpoint: Endpoint) -> None:
    """Without sharing each branch computes the whole context; after `share_prefix` they reuse it."""
    async def prefill(client: httpx.AsyncClient, question: str) -> tuple[int, int]:
        response = await client.post(f"{embedded_endpoint.base_url}/chat/completions", json={
            "messages": branch_messages(question), "max_tokens": 1, "temperature": 0})
        timings = response.json()["timings"]
        return timings["prompt_n"], timings["cache_n"]

    async with httpx.AsyncClient(timeout=120) as client:
        share = await share_prefix(embedded_endpoint, branch_messages(QUESTIONS[0]), len(QUESTIONS), client=client)
        assert share is not None and share.slots_filled == len(QUESTIONS)
        shared = await asyncio.gather(*(prefill(client, question) for question in QUESTIONS))
    computed = sum(prompt_n for prompt_n, _ in shared)
    reused = [cache_n for _, cache_n in shared]
    assert all(cache_n >= share.computed_tokens * 0.8 for cache_n in reused), shared
    assert share.computed_tokens + computed <= 1.5 * share.computed_tokens, (share, shared)


@pytest.mark.parametrize(("body", "status"), [
    (b"{not json", 400),
    (b'{"max_tokens": 4}', 400),  # missing messages
    (b'{"messages": "hi", "max_tokens": 4}', 400),
    (b'{"messages": [{"role": "user", "content": "hi"}], "max_tokens": -5}', 400),
    (b'{"messages": [{"role": "user", "content": "hi"}], "max_tokens": "many"}', 400),
    # llama.cpp's own behaviour, kept as it is (documented in docs/engine.md): a huge max_tokens is capped by
    # the slot's context rather than refused, and an empty message list is answered.
    (b'{"messages": [{"role": "user", "content": "Say hi."}], "max_tokens": 1000000000, "temperature": 0}', 200),
    (b'{"messages": [], "max_tokens": 2}', 200),
], ids=["malformed-json", "missing-messages", "messages-not-a-list", "negative-max-tokens", "string-max-tokens",
        "huge-max-tokens-is-capped", "empty-messages-is-answered"])
def test_bad_requests_and_the_server_keeps_serving(embedded_endpoint: Endpoint, body: bytes, status: int) -> None:
    url = f"{embedded_endpoint.base_url}/chat/completions"
    response = httpx.post(url, content=body, headers={"content-type": "application/json"}, timeout=120)
    assert response.status_code == status, response.text
    if status == 400:
        assert response.json()["error"]["type"] == "invalid_request_error"
    ok = httpx.post(url, json={"messages": QUESTION, "max_tokens": 2}, timeout=120)
    assert ok.status_code == 200


def test_a_prompt_over_the_slot_context_is_refused(embedded_endpoint: Endpoint) -> None:
    url = f"{embedded_endpoint.base_url}/chat/completions"
    response = httpx.post(url, json={"messages": [{"role": "user", "content": "word " * 1500}], "max_tokens": 4},
                          timeout=120)
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "exceed_context_size_error"
    # the words `ppstudio run` recognises to say how to give the slots more (the llama.cpp of this xllamacpp)
    message = response.json()["error"]["message"]
    assert CONTEXT_OVERFLOW in message and context_overflow_hint(message, "embedded") is not None
    assert httpx.post(url, json={"messages": QUESTION, "max_tokens": 2}, timeout=120).status_code == 200


def _threads() -> int:
    return len(os.listdir("/proc/self/task"))


def _children() -> list[str]:
    mine = str(os.getpid())
    children = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                if stat.read().rsplit(")", 1)[1].split()[1] == mine:
                    children.append(pid)
        except OSError:
            continue
    return children


def test_serve_with_a_key_then_stop_leaves_no_thread_process_or_port(embedded_endpoint: Endpoint) -> None:
    """A second, small engine (the session one has already created llama.cpp's one-off global threads)."""
    threads_before, children_before = _threads(), _children()
    server = start_server(ServeOptions(backend="embedded", port=0, slots=1, ctx_per_slot=256, api_key="engine-key"))
    try:
        assert _threads() > threads_before
        assert httpx.get(f"{server.base_url}/v1/models", timeout=10).status_code == 401
        key = {"Authorization": "Bearer engine-key"}
        answer = httpx.post(f"{server.base_url}/v1/chat/completions", timeout=60, headers=key,
                            json={"messages": QUESTION, "max_tokens": 2})
        assert answer.status_code == 200
        # its one slot holds 256 tokens, not the default 2,048: 300 words do not fit
        longer = httpx.post(f"{server.base_url}/v1/chat/completions", timeout=60, headers=key,
                            json={"messages": [{"role": "user", "content": "word " * 300}], "max_tokens": 2})
        assert longer.status_code == 400 and CONTEXT_OVERFLOW in longer.json()["error"]["message"]
    finally:
        server.stop()
    # <=: other threads of this process (HTTP client pools) may also have ended meanwhile; none of the engine's stay.
    assert _threads() <= threads_before and _children() == children_before
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{server.base_url}/v1/models", timeout=2)


def test_bad_engine_settings_are_refused_before_starting(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match="slots"):
        EmbeddedEngine(EngineConfig(slots=0))
    with pytest.raises(EngineError, match="not found"):
        EmbeddedEngine(EngineConfig(model_path=tmp_path / "missing.gguf"))
