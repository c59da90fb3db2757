"""Which failed chat calls are retried, which mean "not this response format", and how long to wait.

One classification for every client of an endpoint, so a busy server slows every kind of work down the same way
instead of failing one kind of it: 408 (timeout), 409 (conflict), 429 (rate limit) and 5xx other than 501 are
transient, and so are timeouts and lost connections. A 400, 415, 422 or 501 answering a request that carried a
`response_format` is the server refusing that format (llama.cpp and vLLM answer 400 for a schema they cannot
compile, some gateways 415/422, others 501): the next format down the ladder is tried, without waiting. Anything
else (401, 403, 404, a 4xx to a plain request) is final.

Waits: the server's Retry-After when it sends one (seconds or an HTTP date), capped, since one header must not stall
a batch for an hour; otherwise exponential with equal jitter (half fixed, half random), capped.
"""

from __future__ import annotations

import email.utils
import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Literal

from studio.presentation import clip

TRANSIENT_STATUSES = frozenset({408, 409, 429})  # and every 5xx except 501 (see retryable_status)
FORMAT_REJECTED_STATUSES = frozenset({400, 415, 422, 501})
FailureKind = Literal["retry", "format", "final"]
_DETAIL_CHARS = 200


def retryable_status(status: int) -> bool:
    """Whether an HTTP status is transient: 408, 409, 429, or a 5xx other than 501 Not Implemented (permanent)."""
    return status in TRANSIENT_STATUSES or (status >= 500 and status != 501)


def retry_after_s(headers: Mapping[str, str] | None) -> float | None:
    """The Retry-After header in seconds (delta-seconds or an HTTP date), never negative; None when absent or
    unreadable. The caller caps it (`backoff_s`)."""
    return parse_retry_after(headers.get("retry-after") if headers is not None else None)


def parse_retry_after(value: str | None) -> float | None:
    """A Retry-After value in seconds (a number or an HTTP date), never negative; None when absent or unreadable.
    Shared with the runner's streaming path (which reads headers without the openai client)."""
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def backoff_s(retry: int, *, base_s: float, max_s: float, retry_after: float | None = None,
              rng: random.Random | None = None) -> float:
    """The wait before retry number `retry` (1 for the first): Retry-After when the server sent one, else
    base * 2**(retry-1) with equal jitter; either way at most `max_s`."""
    if retry_after is not None:
        return min(max(retry_after, 0.0), max_s)
    ceiling = min(max_s, base_s * 2 ** (retry - 1))
    return ceiling / 2 + (rng or random).uniform(0, ceiling / 2)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Bounded retries: `attempts` calls at most, waits from `backoff_s` between them."""

    attempts: int = 4
    base_delay_s: float = 0.5
    max_delay_s: float = 20.0

    def __post_init__(self) -> None:
        if self.attempts < 1 or self.base_delay_s < 0 or self.max_delay_s < 0:
            raise ValueError("attempts must be at least 1 and delays not negative")

    def delay(self, retry: int, retry_after: float | None = None, rng: random.Random | None = None) -> float:
        return backoff_s(retry, base_s=self.base_delay_s, max_s=self.max_delay_s, retry_after=retry_after, rng=rng)


@dataclass(frozen=True, slots=True)
class Failure:
    """A failed call, classified: `kind` says what to do next, `reason` what happened (one line, for people)."""

    kind: FailureKind
    reason: str
    retry_after: float | None = None


def classify(exc: Exception, *, format_sent: bool) -> Failure:
    """The failure of one call through the openai client; `format_sent` says whether it carried a response_format."""
    import openai  # here: the runner imports this module for its classification and must not load the SDK

    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        reason = f"HTTP {status}: {clip(str(exc.message), _DETAIL_CHARS, mark='')}"
        if format_sent and status in FORMAT_REJECTED_STATUSES:
            return Failure("format", reason)
        if retryable_status(status):
            return Failure("retry", reason, retry_after_s(exc.response.headers))
        return Failure("final", reason)
    kind: FailureKind = "retry" if isinstance(exc, openai.APIConnectionError) else "final"  # timeouts included
    return Failure(kind, f"{type(exc).__name__}: {clip(str(exc), _DETAIL_CHARS, mark='')}")

