"""The pairwise LLM judge, asking through studio.llm's BlockingChat, against an in-test OpenAI-compatible fake
(httpx2.MockTransport)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace

import httpx2
import pytest
from openai import AsyncOpenAI

from evaluators.judge import CACHE_NAMESPACE, CRITERIA, JudgeAnswer, PairwiseJudge, verdict_from
from store import Store
from studio.backends.base import Endpoint
from studio.llm.chat import BlockingChat, read_reply
from studio.llm.failures import RetryPolicy
from tests.evaluators.conftest import LANDMARKS, case, numbered

ENDPOINT = Endpoint(base_url="http://judge.test/v1", model="fake-judge", label="fake", api_key="sk-test")
FAST_RETRY = RetryPolicy(attempts=3, base_delay_s=0.001, max_delay_s=0.01)
MakeJudge = Callable[..., PairwiseJudge]
GOOD = "GOOD ANSWER"
BAD = "bad answer"


def answers_in(request: httpx2.Request) -> tuple[str, str, dict]:
    body = json.loads(request.content)
    user = body["messages"][-1]["content"]
    first = user.split("[Answer A]\n", 1)[1].split("\n\n[Answer B]", 1)[0]
    second = user.split("[Answer B]\n", 1)[1].split("\n\nJudge the two answers", 1)[0]
    return first, second, body


def reply(content: str) -> httpx2.Response:
    return httpx2.Response(200, json={"choices": [{"message": {"role": "assistant", "content": content}}]})


def verdict_json(winner: str, reason: str = "because") -> str:
    return json.dumps({criterion: {"winner": winner, "reason": f"{reason} ({criterion})"} for criterion in CRITERIA})


class FakeJudge:
    """Records every request; `decide(first, second, body)` returns the response."""

    def __init__(self, decide: Callable[[str, str, dict], httpx2.Response]) -> None:
        self.decide = decide
        self.requests: list[dict] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        first, second, body = answers_in(request)
        self.requests.append({"first": first, "second": second, "body": body,
                              "auth": request.headers.get("authorization")})
        return self.decide(first, second, body)


@pytest.fixture
def make_judge() -> Iterator[MakeJudge]:
    """`make_judge(fake, store=None, simulated=False)`: a judge asking `fake`; its chat loops are closed after the
    test."""
    chats: list[BlockingChat] = []

    def make(fake: FakeJudge, store: Store | None = None, simulated: bool = False) -> PairwiseJudge:
        client = AsyncOpenAI(base_url=ENDPOINT.base_url, api_key=ENDPOINT.client_key(), max_retries=0,
                             http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(fake)))
        endpoint = replace(ENDPOINT, simulated=simulated)
        chats.append(BlockingChat(endpoint, client=client, retry=FAST_RETRY))
        return PairwiseJudge(chats[-1], cache=store.keyed_cache(CACHE_NAMESPACE) if store is not None else None)

    yield make
    for chat in chats:
        chat.close()


def by_name(scores) -> dict:
    return {score.name: score for score in scores}


def prefers_good(first: str, second: str, body: dict) -> httpx2.Response:
    return reply(verdict_json("A" if GOOD in first else "B", "it is the good one"))


def test_both_orders_are_asked_and_a_consistent_preference_wins(make_judge: MakeJudge) -> None:
    fake = FakeJudge(prefers_good)
    [scores] = make_judge(fake).score_batch([case(BAD, (GOOD,), aggregated=GOOD, prompt="Say something")])
    assert [(r["first"], r["second"]) for r in fake.requests] in ([(BAD, GOOD), (GOOD, BAD)],
                                                                   [(GOOD, BAD), (BAD, GOOD)])
    overall = by_name(scores)["overall"]
    assert overall.value == 1.0 and overall.details["choice"] == "parallel" and overall.details["consistent"]
    assert [order["reason"] for order in overall.details["orders"]] == ["it is the good one (overall)"] * 2
    assert fake.requests[0]["auth"] == "Bearer sk-test"
    assert fake.requests[0]["body"]["response_format"]["type"] == "json_schema"
    assert overall.details["judge_simulated"] is False


def test_a_simulated_judge_says_so_in_every_verdict(make_judge: MakeJudge) -> None:
    """Reports tell verdicts a simulator gave (they test the pipeline only) by this detail."""
    [scores] = make_judge(FakeJudge(prefers_good), simulated=True).score_batch(
        [case(BAD, (GOOD,), aggregated=GOOD, prompt="Say something")])
    assert all(score.details["judge_simulated"] is True for score in scores)


def test_serial_preferred_scores_zero(make_judge: MakeJudge) -> None:
    [scores] = make_judge(FakeJudge(prefers_good)).score_batch([case(GOOD, (BAD,), aggregated=BAD)])
    assert all(score.value == 0.0 and score.details["choice"] == "serial" for score in scores)


def test_position_bias_cancels_to_a_tie(make_judge: MakeJudge) -> None:
    always_first = FakeJudge(lambda first, second, body: reply(verdict_json("A")))
    [scores] = make_judge(always_first).score_batch([case(numbered(LANDMARKS), LANDMARKS)])
    assert all(score.value == 0.5 and score.details["choice"] == "tie" and not score.details["consistent"]
               for score in scores)


def test_falls_back_to_json_object_then_parses_prose_wrapped_json(make_judge: MakeJudge) -> None:
    def decide(first: str, second: str, body: dict) -> httpx2.Response:
        if body.get("response_format", {}).get("type") == "json_schema":
            return httpx2.Response(400, json={"error": "response_format json_schema not supported"})
        winner = "Answer A" if GOOD in first else "answer b"
        return reply("Sure! Here is my verdict:\n```json\n" + json.dumps(
            {"accuracy": winner, "fluency": "tie", "detail": winner, "overall": {"winner": winner}}) + "\n```")

    fake = FakeJudge(decide)
    judge = make_judge(fake)
    [scores] = judge.score_batch([case(BAD, (GOOD,), aggregated=GOOD)])
    result = by_name(scores)
    assert result["overall"].details["choice"] == "parallel"
    assert result["fluency"].details["choice"] == "tie"
    formats = [r["body"].get("response_format", {}).get("type") for r in fake.requests]
    assert formats.count("json_schema") >= 1 and formats.count("json_object") == 2
    # The endpoint is remembered as not supporting json_schema: the next case goes straight to json_object.
    fake.requests.clear()
    judge.score_batch([case(BAD, (GOOD,), aggregated=GOOD, prompt="another")])
    assert [r["body"]["response_format"]["type"] for r in fake.requests] == ["json_object", "json_object"]


def test_a_request_the_server_refuses_in_every_format_does_not_downgrade_the_endpoint(make_judge: MakeJudge) -> None:
    def decide(first: str, second: str, body: dict) -> httpx2.Response:
        if "too long" in first + second:
            return httpx2.Response(400, json={"error": "context length exceeded"})
        return prefers_good(first, second, body)

    fake = FakeJudge(decide)
    judge = make_judge(fake)
    [failed] = judge.score_batch([case("too long", ("too long",), aggregated="too long")])
    assert all(score.value is None and "400" in score.details["error"] for score in failed)
    fake.requests.clear()
    judge.score_batch([case(BAD, (GOOD,), aggregated=GOOD)])
    assert [r["body"]["response_format"]["type"] for r in fake.requests] == ["json_schema", "json_schema"]


def test_verdicts_are_cached_in_the_store(store: Store, make_judge: MakeJudge) -> None:
    fake = FakeJudge(prefers_good)
    first = make_judge(fake, store).score_batch([case(BAD, (GOOD,), aggregated=GOOD)])
    assert len(fake.requests) == 2
    again = make_judge(fake, store).score_batch([case(BAD, (GOOD,), aggregated=GOOD)])
    assert len(fake.requests) == 2  # nothing asked the second time
    assert [s.value for s in again[0]] == [s.value for s in first[0]]
    assert store.database.query("SELECT count(*) FROM cache WHERE namespace = 'judge'")[0][0] == 2


def test_no_usable_verdict_gives_none_with_the_error(make_judge: MakeJudge) -> None:
    fake = FakeJudge(lambda first, second, body: reply("I cannot decide."))
    [scores] = make_judge(fake).score_batch([case(BAD, (GOOD,), aggregated=GOOD)])
    assert all(score.value is None and "no verdict" in score.details["error"] for score in scores)


def test_server_error_gives_none_with_the_error(make_judge: MakeJudge) -> None:
    fake = FakeJudge(lambda first, second, body: httpx2.Response(503, text="overloaded"))
    [scores] = make_judge(fake).score_batch([case(BAD, (GOOD,), aggregated=GOOD)])
    assert all(score.value is None and "503" in score.details["error"] for score in scores)


@pytest.mark.parametrize(("content", "expected"), [
    ('{"accuracy": "A", "fluency": "B", "detail": "tie", "overall": "A", "reason": "r"}',
     {"accuracy": "A", "fluency": "B", "detail": "tie", "overall": "A"}),
    ("accuracy: A\nfluency: tie\ndetail: B\noverall: Answer B", {"accuracy": "A", "fluency": "tie", "detail": "B",
                                                               "overall": "B"}),
    ('{"Overall": {"winner": "equal", "reason": "same"}}', {"overall": "tie"}),
])
def test_parse_verdict_is_lenient(content: str, expected: dict) -> None:
    assert verdict_from(read_reply(content, "stop", 1.0, JudgeAnswer)).winners == expected


def test_answers_with_braces_reach_the_judge_verbatim(make_judge: MakeJudge) -> None:
    fake = FakeJudge(prefers_good)
    tricky = GOOD + " {data} {0} \\1 }{"
    make_judge(fake).score_batch([case(BAD, (tricky,), aggregated=tricky, prompt="Fill {data}")])
    assert any(r["second"] == tricky or r["first"] == tricky for r in fake.requests)
