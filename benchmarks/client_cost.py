"""What the runner's client costs per request, measured against a server that costs almost nothing.

`benchmarks/runner.py` measures against the simulator, a full Python web app. This script swaps it for a null
server (a bare asyncio protocol that answers every request on the same fixed schedule: 200 ms to the first token,
then 10 tokens 80 ms apart, no parsing beyond Content-Length), so what remains of the overhead is the client's:

1. the runner's ratio (parallel wall time / slowest branch alone) for n = 8, 64, 256 against the null server;
2. the send spread (first to last request sent) of 256 concurrent streaming requests made through
   `openai.AsyncOpenAI.post` (what the runner does) and through bare aiohttp (what the SDK sits on), with the same
   body, so the SDK's own share of the per-request CPU is visible.

Run: `.venv/bin/python benchmarks/client_cost.py`. Numbers on a shared 2-core machine are noisy.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import sys
import time
from collections.abc import Awaitable, Callable
from multiprocessing.synchronize import Event as EventType
from pathlib import Path

import aiohttp
import httpx2
from openai import AsyncOpenAI, DefaultAioHttpClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from runner import TOKEN_MS, TOKENS, TTFT_MS, measure, server_process  # noqa: E402

from studio.backends.base import Endpoint  # noqa: E402

SPREAD_REQUESTS = 256


def _chunk(data: bytes) -> bytes:
    """One piece of a chunked HTTP body."""
    return b"%x\r\n%s\r\n" % (len(data), data)


def _event(document: dict[str, object]) -> bytes:
    return _chunk(b"data: " + json.dumps(document).encode() + b"\n\n")


class NullServer(asyncio.Protocol):
    """HTTP/1.1 keep-alive, one streamed answer per request on the fixed schedule, nothing else."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.buffer = b""

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            length = 0
            for line in self.buffer[:end].split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if len(self.buffer) < end + 4 + length:
                return
            self.buffer = self.buffer[end + 4 + length:]
            asyncio.get_running_loop().create_task(self.answer())

    async def answer(self) -> None:
        write = self.transport.write
        write(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n")
        envelope = {"id": "null", "object": "chat.completion.chunk", "created": 0, "model": "null"}
        write(_event({**envelope, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""},
                                               "finish_reason": None}]}))
        deadline = time.monotonic() + TTFT_MS / 1000
        for index in range(TOKENS):
            await asyncio.sleep(max(0.0, deadline - time.monotonic()))
            write(_event({**envelope, "choices": [{"index": 0, "delta": {"content": f"w{index} "},
                                                   "finish_reason": None}]}))
            deadline += TOKEN_MS / 1000
        write(_event({**envelope, "choices": [{"index": 0, "delta": {}, "finish_reason": "length"}]}))
        write(_event({**envelope, "choices": [], "usage": {"prompt_tokens": 8, "completion_tokens": TOKENS,
                                                           "total_tokens": 8 + TOKENS}}))
        write(_chunk(b"data: [DONE]\n\n"))
        write(b"0\r\n\r\n")


def serve(port_queue: "multiprocessing.Queue[int]", stop: EventType) -> None:
    async def main() -> None:
        server = await asyncio.get_running_loop().create_server(NullServer, "127.0.0.1", 0, backlog=2048)
        port_queue.put(server.sockets[0].getsockname()[1])
        await asyncio.get_running_loop().run_in_executor(None, stop.wait)

    asyncio.run(main())


def request_body(index: int) -> dict[str, object]:
    return {"model": "null", "messages": [{"role": "user", "content": f"Describe item {index} in one sentence."}],
            "stream": True, "stream_options": {"include_usage": True}, "max_tokens": TOKENS, "temperature": 0.0,
            "seed": index}


async def spread_ms(send: Callable[[int], Awaitable[None]]) -> float:
    """First to last send of SPREAD_REQUESTS concurrent requests (each read to the end)."""
    starts: list[float] = []

    async def one(index: int) -> None:
        starts.append(time.perf_counter())
        await send(index)

    await send(-1)  # warm: one connection and whatever the client builds on first use
    async with asyncio.TaskGroup() as group:
        for index in range(SPREAD_REQUESTS):
            group.create_task(one(index))
    return (max(starts) - min(starts)) * 1000


async def sdk_spread(base_url: str) -> float:
    limits = httpx2.Limits(max_connections=1_000_000, max_keepalive_connections=None)
    client = AsyncOpenAI(base_url=base_url, api_key="null", max_retries=0,
                         timeout=httpx2.Timeout(None, connect=30.0), http_client=DefaultAioHttpClient(limits=limits))

    async def send(index: int) -> None:
        response = await client.post("/chat/completions", body=request_body(index), cast_to=httpx2.Response,
                                     stream=True)
        async for _ in response.aiter_lines():
            pass
        await response.aclose()

    try:
        return await spread_ms(send)
    finally:
        await client.close()


async def aiohttp_spread(base_url: str) -> float:
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
    headers = {"content-type": "application/json", "authorization": "Bearer null"}

    async def send(index: int) -> None:
        async with session.post(base_url + "/chat/completions", data=json.dumps(request_body(index)).encode(),
                                headers=headers) as response:
            async for _ in response.content:
                pass

    try:
        return await spread_ms(send)
    finally:
        await session.close()


def main() -> int:
    with server_process(serve) as (base_url, server_pid):
        endpoint = Endpoint(base_url=base_url, model="null", label="null server", simulated=True)
        alone, results = measure(endpoint, server_pid)
        spreads = [(name, asyncio.run(spread(base_url))) for _ in range(3)
                   for name, spread in (("openai.AsyncOpenAI.post", sdk_spread), ("bare aiohttp", aiohttp_spread))]
    print(f"runner against the null server (slowest branch alone {alone:.1f} ms):")
    for n, measured in results:
        print(f"  n={n:<4} ratio {measured.parallel_ms / alone:.3f}  send spread {measured.send_spread_ms:6.1f} ms  "
              f"runner CPU {measured.client_cpu_ms / (n + 1):.2f} ms/branch")
    print(f"send spread of {SPREAD_REQUESTS} concurrent streaming requests, same body:")
    for name, milliseconds in spreads:
        print(f"  {name:<24} {milliseconds:6.1f} ms  ({milliseconds / (SPREAD_REQUESTS - 1):.2f} ms per request)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
