"""Checks on every response, so a server that drops or cuts off streams can never produce a speedup figure.

The stock llama-cpp-python server, for example, silently ends concurrent streams early: the client sees a
"successful" response with no text. Counting that branch as done would make the parallel side look fast. The
runner calls `response_failure` for every request and marks the branch failed with the reason it returns.
`json_kind` names what a server sent where something else was expected, in the reasons of the runner and the
simulator. `causes` reads a failed request's exception chain, for the runner's failure reasons and the probe alike.
"""

from __future__ import annotations

# Finish reasons that mean the model ended the answer itself ("stop") or hit the requested token budget
# ("length"). Anything else (None for a cut-off stream, "error", "content_filter", ...) is not a whole answer.
COMPLETE_FINISH_REASONS = frozenset({"stop", "length"})


def response_failure(text: str, finish_reason: str | None, output_tokens: int | None) -> str | None:
    """Why this response cannot count as an answer, or None when it can.

    `output_tokens` is the server's usage figure when it gave one (None when it did not; then the text alone
    decides). A response fails when the stream ended without a stop/length finish reason (a dropped or truncated
    stream, a content filter, a server-side error), when it has no text, or when the server reports zero output
    tokens.
    """
    if finish_reason is None:
        return "truncated: no finish reason (the stream ended without one)"
    if finish_reason == "content_filter":
        return "content filter: the server withheld the rest of the answer (finish reason 'content_filter')"
    if finish_reason not in COMPLETE_FINISH_REASONS:
        return f"not a whole answer: finish reason {finish_reason!r}, expected 'stop' or 'length'"
    if not text.strip():
        return "empty: no text in the response"
    if output_tokens is not None and output_tokens <= 0:
        return "empty: the server reports 0 output tokens"
    return None


def json_kind(value: object) -> str:
    """What a decoded JSON value is, in JSON's words ("a string", "an array", "null")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array" if isinstance(value, list) else "an object"


def causes(exc: BaseException) -> list[BaseException]:
    """The exception and what it was raised from, outermost first."""
    chain = [exc]
    while len(chain) < 16 and (nxt := chain[-1].__cause__ or chain[-1].__context__) is not None and nxt not in chain:
        chain.append(nxt)
    return chain
