"""The failure classification and the backoff every chat caller shares."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import httpx2
import openai
import pytest

from studio.llm.failures import RetryPolicy, backoff_s, classify, retry_after_s, retryable_status


def status_error(status: int, headers: dict[str, str] | None = None) -> openai.APIStatusError:
    request = httpx2.Request("POST", "http://llm.test/v1/chat/completions")
    response = httpx2.Response(status, json={"error": {"message": "nope"}}, headers=headers, request=request)
    return openai.APIStatusError("nope", response=response, body=None)


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504, 529])
def test_transient_statuses_are_retried(status: int) -> None:
    assert retryable_status(status)
    failure = classify(status_error(status, {"retry-after": "2"}), format_sent=False)
    assert failure.kind == "retry" and failure.retry_after == 2.0 and f"HTTP {status}" in failure.reason


@pytest.mark.parametrize("status", [400, 401, 403, 404, 415, 422, 501])
def test_other_statuses_to_a_plain_request_are_final(status: int) -> None:
    assert not retryable_status(status)
    assert classify(status_error(status), format_sent=False).kind == "final"


@pytest.mark.parametrize("status", [400, 415, 422, 501])
def test_a_refused_response_format_steps_down_the_ladder(status: int) -> None:
    assert classify(status_error(status), format_sent=True).kind == "format"


def test_timeouts_and_lost_connections_are_retried_other_errors_not() -> None:
    request = httpx2.Request("POST", "http://llm.test/v1/chat/completions")
    assert classify(openai.APITimeoutError(request), format_sent=True).kind == "retry"
    assert classify(openai.APIConnectionError(request=request), format_sent=True).kind == "retry"
    assert classify(ValueError("bad"), format_sent=True).kind == "final"


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert retry_after_s({"retry-after": "1.5"}) == 1.5
    assert retry_after_s({"retry-after": "-3"}) == 0.0
    assert retry_after_s({"retry-after": "soon"}) is None and retry_after_s({}) is None and retry_after_s(None) is None
    later = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=120), usegmt=True)
    assert 100 < (retry_after_s({"retry-after": later}) or 0) <= 120
    assert retry_after_s({"retry-after": format_datetime(datetime(2000, 1, 1, tzinfo=timezone.utc), usegmt=True)}) == 0


def test_backoff_grows_with_equal_jitter_and_is_capped() -> None:
    rng = random.Random(7)
    for retry, ceiling in ((1, 0.5), (2, 1.0), (3, 2.0), (6, 10.0), (30, 10.0)):
        wait = backoff_s(retry, base_s=0.5, max_s=10.0, rng=rng)
        assert ceiling / 2 <= wait <= ceiling
    assert backoff_s(1, base_s=0.5, max_s=10.0, retry_after=3600) == 10.0  # a server's Retry-After, bounded
    assert backoff_s(4, base_s=0.5, max_s=10.0, retry_after=0.25) == 0.25
    assert RetryPolicy(base_delay_s=1.0, max_delay_s=3.0).delay(5, rng=rng) <= 3.0


def test_a_policy_makes_at_least_one_attempt() -> None:
    with pytest.raises(ValueError):
        RetryPolicy(attempts=0)
