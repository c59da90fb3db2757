"""One chat call under the house policy: bounded concurrency, retries, the response-format ladder, parsed answers.

Structured output first (`response_format` `json_schema`, the answer model's strict schema), then `json_object`, then
plain text: servers differ in what they accept. A server that refuses a format (see `studio.llm.failures`) is asked
again with the next one at once, and the client remembers the first format the server accepted, so later calls start
there. Transient failures are retried within one format (`RetryPolicy`). The openai client's own retries are off:
ours are bounded, capped and classified the same way for every caller.

A failure is an outcome, never an exception: `ChatReply.error` says what went wrong, and callers (the extractor,
the judge) turn it into an error schema or an error score rather than a plausible-looking result.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections.abc import Callable, Coroutine
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import openai
from openai import AsyncOpenAI
from pydantic import BaseModel

from studio.llm.answers import recover_json_object, strict_json_schema, validate_answer
from studio.llm.failures import Failure, RetryPolicy, classify
from studio.untrusted import lone_surrogate_at

if TYPE_CHECKING:
    from studio.backends.base import Endpoint

RESPONSE_FORMATS: tuple[str, ...] = ("json_schema", "json_object", "text")  # the ladder, richest first
M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")
Messages = list[dict[str, str]]


def response_format_for(mode: str, answer: type[BaseModel]) -> dict[str, Any] | None:
    """The `response_format` of one rung of the ladder (None: plain text, no response_format sent)."""
    if mode == "json_schema":
        return {"type": "json_schema",
                "json_schema": {"name": answer.__name__, "strict": True, "schema": strict_json_schema(answer)}}
    if mode == "json_object":
        return {"type": "json_object"}
    return None


@dataclass(frozen=True, slots=True)
class ChatReply(Generic[M]):
    """The outcome of one call. `content` is None when no answer came (then `error` is the request's failure);
    otherwise `document` is the JSON object found in it (None: none found) and `value` that object validated
    (None: it did not fit the model; `error` says why)."""

    content: str | None = None
    finish_reason: str | None = None
    elapsed_ms: float | None = None  # the answering attempt only, not the retries before it
    document: dict[str, Any] | None = None
    value: M | None = None
    error: str | None = None


def read_reply(content: str, finish_reason: str | None, elapsed_ms: float, answer: type[M]) -> ChatReply[M]:
    """A reply's text read into `answer`: the JSON object in it, validated."""
    document = recover_json_object(content)
    if document is None:
        why = "answer cut off at max_tokens" if finish_reason == "length" else "no JSON object"
        return ChatReply(content, finish_reason, elapsed_ms, error=why)
    value, problem = validate_answer(document, answer)
    return ChatReply(content, finish_reason, elapsed_ms, document, value, problem)


class ChatClient(AbstractAsyncContextManager["ChatClient"]):
    """Chat calls to one endpoint. Use as `async with ChatClient(endpoint) as chat:` (or call `aclose`)."""

    def __init__(self, endpoint: "Endpoint", *, concurrency: int = 4, retry: RetryPolicy = RetryPolicy(),
                 timeout_s: float = 120.0, client: AsyncOpenAI | None = None, rng: random.Random | None = None,
                 on_retry: Callable[[Failure, float], None] | None = None) -> None:
        """`on_retry(failure, wait_s)` is told of each transient failure before the wait that follows it."""
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.model = endpoint.model
        self.label = endpoint.label
        self._redact = endpoint.redact
        self.retry = retry
        self._rng = rng
        self._on_retry = on_retry
        self._semaphore = asyncio.Semaphore(concurrency)
        self._owns_client = client is None
        self._client = client or AsyncOpenAI(base_url=endpoint.base_url, api_key=endpoint.client_key(),
                                             timeout=timeout_s, max_retries=0)
        self._format_index = 0  # the richest response format this server has accepted so far

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.close()

    async def ask(self, messages: Messages, answer: type[M], *, max_tokens: int,
                  temperature: float = 0.0) -> ChatReply[M]:
        """Ask, stepping down the response formats as the server refuses them, retrying transient failures."""
        async with self._semaphore:
            index = self._format_index
            while True:
                mode = RESPONSE_FORMATS[index]
                kwargs: dict[str, Any] = {"model": self.model, "messages": messages, "temperature": temperature,
                                          "max_tokens": max_tokens}
                if (response_format := response_format_for(mode, answer)) is not None:
                    kwargs["response_format"] = response_format
                outcome = await self._send(kwargs)
                if isinstance(outcome, Failure):
                    if outcome.kind == "format" and index + 1 < len(RESPONSE_FORMATS):
                        index += 1
                        continue
                    return ChatReply(error=outcome.reason)
                self._format_index = max(self._format_index, index)
                content, finish_reason, elapsed_ms = outcome
                if content and lone_surrogate_at(content) is not None:  # it could be neither stored nor shown
                    return ChatReply(error="the reply holds invalid Unicode (a lone surrogate)")
                return read_reply(content or "", finish_reason, elapsed_ms, answer)

    async def _send(self, kwargs: dict[str, Any]) -> tuple[str | None, str | None, float] | Failure:
        """One request in one format, retried while the failure is transient: (text, finish reason, ms of the
        answering attempt), or the failure that ended it."""
        format_sent = "response_format" in kwargs
        for attempt in range(1, self.retry.attempts + 1):
            started = time.perf_counter()
            try:
                response = await self._client.chat.completions.create(**kwargs)
            except openai.OpenAIError as exc:
                failure = classify(exc, format_sent=format_sent)
                failure = replace(failure, reason=self._redact(failure.reason))
                if failure.kind != "retry":
                    return failure
                if attempt == self.retry.attempts:
                    return Failure("final", f"{failure.reason} (gave up after {attempt} attempts)")
                wait_s = self.retry.delay(attempt, failure.retry_after, self._rng)
                if self._on_retry is not None:
                    self._on_retry(failure, wait_s)
                await asyncio.sleep(wait_s)
                continue
            elapsed_ms = (time.perf_counter() - started) * 1000.0
            if not response.choices:
                return None, None, elapsed_ms
            return response.choices[0].message.content, response.choices[0].finish_reason, elapsed_ms
        raise AssertionError("unreachable: the loop returns")


class BlockingChat(AbstractContextManager["BlockingChat"]):
    """`ChatClient.ask` for callers in threads (the judge's pool). The calls run on one event loop of its own, in a
    daemon thread, so every caller shares the connections, the remembered response format and the concurrency
    bound. Close it when done (`close`, or `with`)."""

    def __init__(self, endpoint: "Endpoint", **options: Any) -> None:
        self.model = endpoint.model
        self.label = endpoint.label
        self.simulated = endpoint.simulated
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name=f"chat {endpoint.label}", daemon=True)
        self._thread.start()
        self._chat = self._run(self._open(endpoint, options))

    @staticmethod
    async def _open(endpoint: "Endpoint", options: dict[str, Any]) -> ChatClient:
        return ChatClient(endpoint, **options)  # made on its loop: the HTTP client binds to the loop it runs on

    def _run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    def ask(self, messages: Messages, answer: type[M], *, max_tokens: int) -> ChatReply[M]:
        return self._run(self._chat.ask(messages, answer, max_tokens=max_tokens))

    def close(self) -> None:
        if self._loop.is_closed():
            return
        self._run(self._chat.aclose())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()

    def __exit__(self, *exc: object) -> None:
        self.close()
