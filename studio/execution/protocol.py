"""The wire protocol of a streamed chat completion, shared by every transport (`studio.execution.transport`):
splitting server-sent events, decoding and checking chunks, reading answers (one or `n` choices, with any
`reasoning_content`), token and prefill counts, and classifying every failure as retryable or final with a reason
that says what happened. A transport only moves bytes; everything that decides what a record says is here, so
the lean aiohttp path and the openai SDK path store identical records for the same replies.
"""

from __future__ import annotations

import errno
import json
from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

import aiohttp

from studio.backends.checks import causes, json_kind, response_failure
from studio.llm.failures import parse_retry_after, retryable_status
from studio.presentation import clip
from studio.untrusted import lone_surrogate_at

DONE: dict[str, Any] = {}
MID_RESPONSE = "disconnected: the connection closed mid-response"
REASONING_FIELDS = ("reasoning_content", "reasoning")  # vLLM/DeepSeek/SGLang name it one or the other


class RetryableError(Exception):
    """A transient failure worth another attempt (a retryable status, a disconnect, a timeout, a broken stream).
    `unreachable`: no connection could be made at all (refused, no route, no such host), so nothing was asked."""

    def __init__(self, reason: str, retry_after_s: float | None = None, *, unreachable: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after_s = retry_after_s
        self.unreachable = unreachable


class RequestFailed(Exception):
    """A permanent failure of one request (a final status such as 400, 401, 404 or 501; a bad response)."""


async def sse_data(blocks: AsyncIterable[bytes]) -> AsyncIterator[bytes]:
    """The data of each `data:` line of a server-sent-events body, as bytes (comments, `event:` lines and blank
    keep-alives are skipped). Lines are split here, on bytes, rather than by an HTTP library's text lines: httpx's
    `aiter_lines` also splits at U+2028, U+0085 and other characters a JSON string may carry unescaped, and
    silently replaces invalid UTF-8, which `parse_event` must see to report it."""
    rest = b""
    async for block in blocks:
        if b"\r" in block:  # CRLF or lone CR line ends (a split CRLF only adds a blank line)
            block = block.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        lines = (rest + block if rest else block).split(b"\n")
        rest = lines.pop()
        for line in lines:
            if line.startswith(b"data:"):
                yield line[5:]
    if rest.startswith(b"data:"):
        yield rest[5:]


def parse_event(data: bytes) -> dict[str, Any] | None:
    """One event's data: a chunk dict, `DONE` at the end marker, None for empty data. An error object in the
    stream or undecodable data raises RetryableError; JSON that is not an object raises RequestFailed."""
    data = data.strip()
    if not data:
        return None
    if data == b"[DONE]":
        return DONE
    try:
        chunk = json.loads(data.decode())  # strict UTF-8 (json.loads(bytes) would first guess the encoding)
    except UnicodeDecodeError:
        raise RetryableError("stream error: invalid UTF-8 in an event") from None
    except ValueError:
        raise RetryableError("stream error: undecodable event " + short(data.decode(errors="replace"), 80)) from None
    if not isinstance(chunk, dict):
        raise malformed("the event", chunk)
    if chunk.get("error"):
        error = chunk["error"]
        message = error.get("message") if isinstance(error, dict) else error
        raise RetryableError("stream error: " + short(str(message)))
    return chunk


def text_field(value: object, what: str) -> str:
    """A text field of a chunk (content, finish_reason), checked: a string, and valid Unicode (no lone surrogate:
    `studio.untrusted.lone_surrogate_at`)."""
    if not isinstance(value, str):
        raise malformed(what, value)
    if lone_surrogate_at(value) is not None:
        raise RetryableError("stream error: invalid Unicode in an event (a lone surrogate)")
    return value


def malformed(what: str, value: object) -> RequestFailed:
    """A chunk that is JSON but not the shape of a chat.completion.chunk: a server bug, not worth a retry."""
    return RequestFailed(f"malformed chunk: {what} is {json_kind(value)}")


@dataclass(slots=True)
class StreamedAnswer:
    """Everything one streamed response said, read chunk by chunk with shapes checked as they are read (cheap
    isinstance tests), so a malformed chunk fails the request with a reason instead of raising inside the run.

    `choices` is the `n` the request asked for: with one, every content piece is part of the one answer (as
    servers send it); with more, pieces are kept apart by their choice `index` (parallel sampling)."""

    choices: int = 1
    pieces: dict[int, list[str]] = field(default_factory=dict)
    reasoning: dict[int, list[str]] = field(default_factory=dict)
    finish: dict[int, str] = field(default_factory=dict)
    usage: dict[str, Any] | None = None
    timings: dict[str, Any] | None = None
    events: int = 0
    content_chunks: int = 0
    reasoning_chunks: int = 0
    done: bool = False

    @property
    def started(self) -> bool:
        """Whether any token (answer or reasoning) has arrived: the first one marks the time to first token."""
        return bool(self.content_chunks or self.reasoning_chunks)

    def feed(self, chunk: dict[str, Any]) -> str:
        """Read one decoded chunk; returns the answer text it added (empty when none)."""
        self.events += 1
        if isinstance(chunk.get("timings"), dict):
            self.timings = chunk["timings"]
        if isinstance(chunk.get("usage"), dict):
            self.usage = chunk["usage"]
        choices = chunk.get("choices")
        if not choices:
            return ""
        if not isinstance(choices, list):
            raise malformed("choices", choices)
        added = ""
        for choice in choices:
            if not isinstance(choice, dict):
                raise malformed("a choice", choice)
            index = self._index(choice)
            delta = choice.get("delta")
            if delta:
                if not isinstance(delta, dict):
                    raise malformed("delta", delta)
                content = delta.get("content")
                if content:
                    text = text_field(content, "content")
                    self.pieces.setdefault(index, []).append(text)
                    self.content_chunks += 1
                    added += text
                for name in REASONING_FIELDS:
                    if thought := delta.get(name):
                        self.reasoning.setdefault(index, []).append(text_field(thought, name))
                        self.reasoning_chunks += 1
                        break
            finish_reason = choice.get("finish_reason")
            if finish_reason:
                self.finish[index] = text_field(finish_reason, "finish_reason")
        return added

    def _index(self, choice: dict[str, Any]) -> int:
        if self.choices == 1:
            return 0
        index = choice.get("index", 0)
        if type(index) is not int:
            raise malformed("a choice's index", index)
        if not 0 <= index < self.choices:
            raise RequestFailed(f"malformed chunk: choice index {index} in a reply to a request for {self.choices}")
        return index

    def texts(self) -> list[str]:
        """The answers, one per choice, in choice order."""
        return ["".join(self.pieces.get(i, ())) for i in range(self.choices)]

    def reasoning_text(self) -> str:
        return "\n\n".join("".join(self.reasoning[i]) for i in sorted(self.reasoning))

    def check_ended(self) -> None:
        """Raise the retryable reason when the stream ended without every finish reason it owed."""
        if len(self.finish) >= self.choices:
            return
        if self.done:
            raise RetryableError("no finish reason: the server ended the stream ([DONE]) without one")
        if not self.events:
            raise RetryableError("empty response: the server sent no events")
        raise RetryableError("disconnected: the stream ended without a finish reason")

    def finish_reason(self) -> str | None:
        """One finish reason for the record: the choices' common one, else 'length' if any hit the budget."""
        reasons = set(self.finish.values())
        if len(reasons) <= 1:
            return next(iter(reasons), None)
        return "length" if "length" in reasons else sorted(reasons)[0]

    def token_counts(self) -> tuple[int, int | None]:
        """(answer tokens, reasoning tokens or None when there was no reasoning): the server's usage when it
        gave one (its completion tokens include the reasoning, which is taken out), else streamed chunks."""
        usage = self.usage or {}
        details = usage.get("completion_tokens_details")
        reported = count(details.get("reasoning_tokens")) if isinstance(details, dict) else None
        reasoning = reported if reported else (self.reasoning_chunks or None)
        completion = count(usage.get("completion_tokens"))
        if completion is None:
            return self.content_chunks, reasoning
        return max(0, completion - (reasoning or 0)), reasoning

    def failure(self, output_tokens: int | None) -> str | None:
        """Why this response is not a whole answer (per choice when there are several), or None."""
        if self.choices == 1:
            return response_failure("".join(self.pieces.get(0, ())), self.finish_reason(), output_tokens)
        for index, text in enumerate(self.texts()):
            if (problem := response_failure(text, self.finish.get(index), None)) is not None:
                return f"choice {index + 1} of {self.choices}: {problem}"
        return None if output_tokens is None or output_tokens > 0 else "empty: the server reports 0 output tokens"


def prefill_counts(usage: dict[str, Any] | None, timings: dict[str, Any] | None) -> tuple[int | None, int | None]:
    """(prompt tokens, of which reused from the server's prompt cache): llama.cpp's `timings.prompt_n` (computed)
    and `timings.cache_n` (reused), else OpenAI-style `usage.prompt_tokens_details.cached_tokens` (vLLM with
    `--enable-prompt-tokens-details`, SGLang with `--enable-cache-report`). A figure that is not a whole number
    counts as missing."""
    prompt = count((usage or {}).get("prompt_tokens"))
    cached = count((timings or {}).get("cache_n"))
    if cached is not None:
        computed = count((timings or {}).get("prompt_n"))
        if prompt is None and computed is not None:
            prompt = computed + cached
    else:
        details = (usage or {}).get("prompt_tokens_details")
        cached = count(details.get("cached_tokens")) if isinstance(details, dict) else None
    return prompt, cached


def count(value: object) -> int | None:
    """A token count from a server's JSON, or None when it is not a non-negative whole number."""
    return value if type(value) is int and value >= 0 else None


# -- failures -----------------------------------------------------------------------------------------------------
def status_error(status: int, body: str, retry_after: str | None) -> RetryableError | RequestFailed:
    """An HTTP error status as a reason with the server's own message ("HTTP 404 Not Found: no such model"),
    classified by the chat-call policy (`studio.llm.failures.retryable_status`: 408, 409, 429 and 5xx but 501 are
    retried, honouring Retry-After; other statuses are final). Only ever called on a failed request, so the
    streaming path pays nothing for it."""
    detail = server_message(body)
    message = f"HTTP {status} {_status_phrase(status)}".rstrip() + (f": {short(detail)}" if detail else "")
    if retryable_status(status):
        return RetryableError(message, parse_retry_after(retry_after))
    return RequestFailed(message)


def server_message(body: str) -> str:
    """The message of an error body: `error.message` of an OpenAI-style JSON error, else the body itself."""
    try:
        document = json.loads(body)
    except ValueError:
        return body.strip()
    error = document.get("error", document) if isinstance(document, dict) else document
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        return error["message"]
    return error if isinstance(error, str) else body.strip()


def classify_error(exc: BaseException) -> RetryableError | RequestFailed:
    """Which failures are transient (retried) and which are final, with a reason that says what happened (a
    transport translates its own library's exceptions first; see `OpenAITransport`)."""
    if isinstance(exc, (RetryableError, RequestFailed)):
        return exc
    if (known := cause_failure(exc)) is not None:
        return known
    if isinstance(exc, aiohttp.ClientConnectionError):
        return cannot_connect(str(causes(exc)[-1]))
    if isinstance(exc, aiohttp.ClientError):
        return RetryableError("stream error: " + short(str(exc)))
    return RequestFailed(f"{type(exc).__name__}: {short(str(exc))}")


def cannot_connect(detail: str) -> RetryableError:
    """No connection could be made (no route, no such host, a connect error): retried, and `unreachable`."""
    return RetryableError("cannot connect: " + short(detail), unreachable=True)


def cause_failure(exc: BaseException) -> RetryableError | RequestFailed | None:
    """The failure the cause chain shows (refused, reset, hung up, cut off, not HTTP), or None. The chain is read,
    not only the outer exception: the openai SDK's aiohttp transport reports a refused connection or a server
    that hung up before replying as a connect *timeout*, with the real error underneath."""
    for cause in causes(exc):
        if isinstance(cause, OSError) and cause.errno == errno.ECONNREFUSED:
            return RetryableError("connection refused", unreachable=True)
        if isinstance(cause, OSError) and cause.errno in (errno.ECONNRESET, errno.EPIPE):
            return RetryableError("disconnected: the connection was reset")
        if isinstance(cause, aiohttp.ServerDisconnectedError):
            return RetryableError("disconnected: the server closed the connection without replying")
        if isinstance(cause, aiohttp.ClientPayloadError):
            return RetryableError(MID_RESPONSE)
        if isinstance(cause, aiohttp.ClientResponseError):  # the status line or headers could not be parsed
            return RequestFailed("bad reply: not an HTTP response (" + short(cause.message, 80) + ")")
    return None


def _status_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def short(text: str, limit: int = 200) -> str:
    """A reason's detail on one line, cut to `limit`, storable (lone surrogates escaped)."""
    return clip(text.encode("utf-8", "backslashreplace").decode("utf-8"), limit)
