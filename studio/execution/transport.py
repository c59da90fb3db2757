"""How the runner's chat requests travel: bare aiohttp (the default, the lean load generator) or the openai SDK.

Both only move bytes: `open(body)` posts a chat request and yields the reply's content type and its body blocks;
an error status becomes the same `status_error` reason on both. Decoding, checks, counts and failure reasons are
in `studio.execution.protocol`, shared, so both store identical records for the same replies (a test runs one
simulated run through each and compares).

Why a bare aiohttp path: the runner sends every branch of a prompt at once, and whatever CPU the client spends per
request delays the last branch's send and so the parallel time. Building a request through `openai.AsyncOpenAI`
costs 0.5-0.9 ms of CPU on the 2-core reference machine, bare aiohttp 0.2-0.45 ms (benchmarks/client_cost.py), as
vLLM's own `benchmark_serving.py` found. The SDK path stays (`--client openai`) for comparison and for servers
that need something only the SDK does; the LLM extractor and the judge keep using the SDK.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import AbstractAsyncContextManager, aclosing, asynccontextmanager
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import aiohttp

from studio.backends.base import Endpoint
from studio.execution import CLIENTS
from studio.execution.protocol import (
    MID_RESPONSE, RequestFailed, RetryableError, cannot_connect, cause_failure, causes, classify_error, short,
    status_error,
)
from studio.signals import sigterm_as_ctrl_c

T = TypeVar("T")
CONNECT_TIMEOUT_S = 30.0  # per attempt the runner's own `asyncio.timeout` bounds the whole request
UNCAPPED_CONNECTIONS = 1_000_000  # the SDK's pool reads "no limit" as aiohttp's default of 100, so give a number


@dataclass(frozen=True, slots=True)
class Reply:
    """A 2xx reply whose body is being received."""

    content_type: str | None
    blocks: AsyncIterator[bytes]


class Transport(Protocol):
    def open(self, body: dict[str, Any]) -> AbstractAsyncContextManager[Reply]: ...

    async def prepare(self, connections: int) -> None:
        """Have `connections` open before a phase sends that many requests at once (untimed, best effort)."""

    async def close(self) -> None: ...


async def _in_parallel(count: int, request: Callable[[], Awaitable[object]]) -> None:
    """`count` overlapping requests, so the pool opens that many connections; their outcome does not matter.

    Why: a phase's latency should not include opening its TCP connections (0.1-0.4 ms of client CPU each here,
    and the server's accept), a cost of this client rather than of the decomposition: it would make the first
    trial's parallel phase slower than later trials', which find the connections open, and a serial request,
    which needs one, look cheaper than n branches. A serving client keeps such a pool."""
    # exceptions returned, not raised: a server without GET /models still opened (and kept) the connections
    await asyncio.gather(*(request() for _ in range(count)), return_exceptions=True)


class AiohttpTransport:
    """One aiohttp session with no connection cap (the run's semaphore is the cap), the body serialised once."""

    def __init__(self, endpoint: Endpoint) -> None:
        self.url = endpoint.base_url.rstrip("/") + "/chat/completions"
        self.models_url = endpoint.base_url.rstrip("/") + "/models"
        self.headers = {"Authorization": f"Bearer {endpoint.client_key()}", "Content-Type": "application/json",
                        "Accept": "text/event-stream"}
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=0), timeout=aiohttp.ClientTimeout(
                total=None, connect=CONNECT_TIMEOUT_S))

    @asynccontextmanager
    async def open(self, body: dict[str, Any]) -> AsyncIterator[Reply]:
        async with self.session.post(self.url, data=json.dumps(body).encode(), headers=self.headers) as response:
            if response.status >= 400:
                text = (await response.read()).decode("utf-8", "replace")
                raise status_error(response.status, text, response.headers.get("Retry-After"))
            yield Reply(response.headers.get("Content-Type"), response.content.iter_any())

    async def prepare(self, connections: int) -> None:
        async def ping() -> None:
            async with self.session.get(self.models_url, headers=self.headers) as response:
                await response.read()

        await _in_parallel(connections, ping)

    async def close(self) -> None:
        await self.session.close()


class OpenAITransport:
    """`openai.AsyncOpenAI.post` with a ready JSON body on openai's aiohttp transport: the SDK's own request, auth
    and status handling, without its typed-parameter transform (about a quarter millisecond per request). Its
    exceptions are translated here into the shared reasons, so the runner never needs to know the SDK's."""

    def __init__(self, endpoint: Endpoint) -> None:
        import httpx2
        from openai import AsyncOpenAI, DefaultAioHttpClient

        limits = httpx2.Limits(max_connections=UNCAPPED_CONNECTIONS, max_keepalive_connections=None)
        self.client = AsyncOpenAI(
            base_url=endpoint.base_url, api_key=endpoint.client_key(), max_retries=0,
            timeout=httpx2.Timeout(None, connect=CONNECT_TIMEOUT_S), http_client=DefaultAioHttpClient(limits=limits))

    @asynccontextmanager
    async def open(self, body: dict[str, Any]) -> AsyncIterator[Reply]:
        import httpx2
        import openai

        try:
            response = await self.client.post("/chat/completions", body=body, cast_to=httpx2.Response, stream=True)
        except openai.APIStatusError as exc:
            raise status_error(exc.status_code, _text(exc.response), exc.response.headers.get("retry-after")) from exc
        except Exception as exc:
            raise sdk_failure(exc) from exc
        async with aclosing(response):
            yield Reply(response.headers.get("content-type"), _translated(response.aiter_bytes()))

    async def prepare(self, connections: int) -> None:
        import httpx2

        await _in_parallel(connections, lambda: self.client.get("/models", cast_to=httpx2.Response))

    async def close(self) -> None:
        await self.client.close()


async def _translated(blocks: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    """The body's blocks, with the SDK's mid-stream errors translated."""
    try:
        async for block in blocks:
            yield block
    except Exception as exc:
        raise sdk_failure(exc) from exc


def sdk_failure(exc: Exception) -> RetryableError | RequestFailed:
    """An exception of the openai SDK (or httpx2 beneath it) as the shared failure reason."""
    import httpx2
    import openai

    if (known := cause_failure(exc)) is not None:
        return known
    chain = causes(exc)
    if any(isinstance(cause, (httpx2.ReadError, httpx2.RemoteProtocolError)) for cause in chain):
        return RetryableError(MID_RESPONSE)
    if isinstance(exc, openai.APITimeoutError):
        return RetryableError("timed out waiting for the server")
    if isinstance(exc, openai.APIConnectionError):
        root = chain[-1]
        return cannot_connect(getattr(root, "strerror", None) or str(root))
    if isinstance(exc, (openai.APIError, httpx2.TransportError)):
        return RetryableError("stream error: " + short(str(exc)))
    return classify_error(exc)


def _text(response: Any) -> str:
    """An error response's body (the SDK reads it before raising), or nothing if it could not be read."""
    try:
        return str(response.text)
    except Exception:  # httpx's ResponseNotRead and decoding errors: the status alone says enough
        return ""


def run_loop(main: Coroutine[Any, Any, T]) -> T:
    """Run `main` to completion on uvloop when it is installed (less CPU per event and per socket, which is what
    hundreds of concurrent streams cost), else on asyncio's own loop; Ctrl-C cancels `main` either way, and so
    does SIGTERM (`kill`, a container stopping), so a stopped run is stored as interrupted, not left "running"."""
    try:
        import uvloop
    except ImportError:
        loop_factory = None
    else:
        loop_factory = uvloop.new_event_loop
    with sigterm_as_ctrl_c(), asyncio.Runner(loop_factory=loop_factory) as runner:
        return runner.run(main)


def make_transport(client: str, endpoint: Endpoint) -> Transport:
    """The transport named `client` (see CLIENTS); call from inside the event loop that will use it."""
    if client == "aiohttp":
        return AiohttpTransport(endpoint)
    if client == "openai":
        return OpenAITransport(endpoint)
    raise ValueError(f"unknown client {client!r} (known: {', '.join(CLIENTS)})")
