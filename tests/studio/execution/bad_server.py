"""A scripted bad OpenAI-compatible server for the fault tests: raw HTTP/1.1 on 127.0.0.1, written byte by byte so
any broken reply can be sent (bad chunk shapes, invalid UTF-8, a cut-off body, a stall, no reply at all).

A request whose body contains `FAULT_MARK` gets the current `fault` (when one is set); every other request gets a
good streamed answer, so one test can check both that the bad request fails and that a good one beside it is
unharmed. Set `fault = None` and the same address becomes a good server, for `--resume`. Replies close the
connection (`Connection: close`), so each request's fault is independent of the last. The server runs on its own
thread and event loop, so it serves both async tests and CLI tests that call `asyncio.run` themselves.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections import Counter
from dataclasses import dataclass
from typing import Any, Literal

FAULT_MARK = b"FAULT"
MODEL = "bad-model"
GOOD_ANSWER = ["Bon", "jour", "."]


@dataclass(frozen=True, slots=True)
class Fault:
    """One scripted reply: these raw bytes (status line, headers, body), then close the connection or stall."""

    raw: bytes
    then: Literal["close", "stall"] = "close"


def http(status: int = 200, body: bytes = b"", content_type: str | None = "text/event-stream",
         headers: dict[str, str] | None = None, length: int | None = None) -> bytes:
    """A raw HTTP/1.1 response. Without `length` the body is delimited by closing the connection; a `length`
    larger than the body announces bytes that never come (an early EOF)."""
    lines = [f"HTTP/1.1 {status} Status", "Connection: close"]
    if content_type is not None:
        lines.append(f"Content-Type: {content_type}")
    if length is not None:
        lines.append(f"Content-Length: {length}")
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def sse(*events: Any) -> bytes:
    """Server-sent events: each event a JSON document, or raw bytes put after `data: ` as they are."""
    return b"".join(b"data: " + (e if isinstance(e, bytes) else json.dumps(e).encode()) + b"\n\n" for e in events)


def chunk(content: Any = None, finish_reason: Any = None, **fields: Any) -> dict[str, Any]:
    """A well-formed chat.completion.chunk with one choice."""
    delta = {} if content is None else {"content": content}
    return {"id": "c", "object": "chat.completion.chunk", "model": MODEL,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}], **fields}


USAGE = {"id": "c", "object": "chat.completion.chunk", "choices": [],
         "usage": {"prompt_tokens": 9, "completion_tokens": len(GOOD_ANSWER), "total_tokens": 9 + len(GOOD_ANSWER)}}
GOOD_STREAM = sse(chunk(""), *(chunk(piece) for piece in GOOD_ANSWER), chunk(finish_reason="stop"), USAGE,
                  b"[DONE]")


class BadServer:
    """Serve `fault` to marked requests and good streams to the rest; `requests` counts what was served."""

    def __init__(self, sock: socket.socket | None = None) -> None:
        self.fault: Fault | None = None
        self.requests = Counter[str]()  # "fault" / "good" -> count
        self._sock = sock  # a bound socket to listen on (the connection-refused test binds it first)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="bad-server", daemon=True)
        self._server: asyncio.Server | None = None
        self._stop: asyncio.Event | None = None

    @property
    def base_url(self) -> str:
        assert self._server is not None
        host, port = self._server.sockets[0].getsockname()[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> "BadServer":
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._listen(), self._loop).result(timeout=10)
        return self

    async def _listen(self) -> None:
        self._stop = asyncio.Event()
        if self._sock is not None:
            self._server = await asyncio.start_server(self._serve, sock=self._sock)
        else:
            self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)

    def stop(self) -> None:
        async def shutdown() -> None:
            assert self._server is not None and self._stop is not None
            self._stop.set()  # stalled replies end
            self._server.close()
            await self._server.wait_closed()

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    def __enter__(self) -> "BadServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                           if line.lower().startswith(b"content-length:")), 0)
            body = await reader.readexactly(length)
            fault = self.fault if FAULT_MARK in body else None
            if head.startswith(b"GET") and b"/models" in head:
                writer.write(http(body=json.dumps({"data": [{"id": MODEL}]}).encode(),
                                  content_type="application/json"))
            elif fault is None:
                self.requests["good"] += 1
                writer.write(http(body=GOOD_STREAM))
            else:
                self.requests["fault"] += 1
                writer.write(fault.raw)
                await writer.drain()
                if fault.then == "stall":
                    assert self._stop is not None
                    await self._stop.wait()
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass  # the client gave up (a timeout): nothing more to send
        finally:
            writer.close()
