"""Every response is checked: empty or cut-off answers must never count as finished branches."""

from __future__ import annotations

import pytest

from studio.backends.checks import response_failure


@pytest.mark.parametrize("finish_reason", ["stop", "length"])
def test_a_whole_answer_passes(finish_reason: str) -> None:
    assert response_failure("1. Bread\n2. Butter", finish_reason, 7) is None


def test_usage_may_be_missing_when_the_text_is_there() -> None:
    assert response_failure("some text", "stop", None) is None


@pytest.mark.parametrize(("text", "finish_reason", "tokens", "expected"), [
    ("partial answ", None, 3, "truncated"),  # stream dropped before a finish reason
    ("partial", "error", 3, "not a whole answer: finish reason 'error'"),
    ("filtered", "content_filter", 2, "content filter"),
    ("", "stop", 0, "empty: no text"),  # no text, whatever the count says
    ("text", "stop", 0, "empty: the server reports 0"),
    ("   \n", "stop", None, "empty"),  # whitespace only
])
def test_empty_or_truncated_answers_fail_with_a_reason(text: str, finish_reason: str | None, tokens: int | None,
                                                       expected: str) -> None:
    reason = response_failure(text, finish_reason, tokens)
    assert reason is not None and reason.startswith(expected)
