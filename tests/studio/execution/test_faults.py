"""The fault matrix: every way a server can answer badly ends in a failed request with a true reason, never a crash.

Each mode runs two prompts against the scripted bad server (`bad_server.py`): one whose requests get the fault and
one whose requests get good streams. For every mode the faulty requests end `failed` with the reason asserted
here, the faulty run ends `failed` (no request left pending), the good run beside it is `done`, and a resume once
the server is good completes the faulty run. The whole matrix runs through both transports (bare aiohttp and the
openai SDK): the reasons must be the same. Short timeouts and retry delays keep the matrix fast.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from dataclasses import replace

import pytest

from store import Store
from studio.backends.base import Endpoint
from studio.backends.sim import FaultConfig
from studio.execution import CLIENTS
from studio.execution.events import RequestRetrying
from studio.execution.options import RunOptions
from studio.execution.protocol import RequestFailed, RetryableError, status_error
from studio.execution.runner import OUTAGE_NOTE, execute, resumable_runs, resume
from studio.llm.failures import retryable_status

from .bad_server import MODEL, USAGE, BadServer, Fault, chunk, http, sse
from .conftest import SimFactory, collect, finished_runs, two_prompts

RETRY_MAX_S = 0.02
OPTIONS = RunOptions(trials=1, retries=1, timeout_s=5.0, retry_base_s=0.01, retry_max_s=RETRY_MAX_S,
                     use_cache=False)
STALL_OPTIONS = RunOptions(trials=1, retries=0, timeout_s=1.0, use_cache=False)  # also the good prompt's timeout


def choices(value: object) -> dict[str, object]:
    return {"id": "c", "object": "chat.completion.chunk", "choices": value}


def stream(*events: object) -> Fault:
    """A 200 event stream of these events (then the connection closes)."""
    return Fault(http(body=sse(*events)))


HTML = b"<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>"
COMPLETION = json.dumps({"id": "c", "object": "chat.completion", "model": MODEL, "choices": [
    {"index": 0, "message": {"role": "assistant", "content": "Bonjour"}, "finish_reason": "stop"}]}).encode()
ERROR = json.dumps({"error": {"message": "no such model", "type": "not_found_error"}}).encode()

# mode -> (the fault, text the stored reason must contain)
MODES = {
    "choices-string": (stream(choices("abc")), "malformed chunk: choices is a string"),
    "choices-object": (stream(choices({"0": {}})), "malformed chunk: choices is an object"),
    "choice-number": (stream(choices([1, 2])), "malformed chunk: a choice is a number"),
    "choice-null": (stream(choices([None])), "malformed chunk: a choice is null"),
    "delta-string": (stream(choices([{"delta": "Bonjour"}])), "malformed chunk: delta is a string"),
    "delta-array": (stream(choices([{"delta": ["Bonjour"]}])), "malformed chunk: delta is an array"),
    "content-integer": (stream(chunk(5)), "malformed chunk: content is a number"),
    "content-object": (stream(chunk({"text": "Bonjour"})), "malformed chunk: content is an object"),
    "finish-reason-list": (stream(chunk("Bonjour"), chunk(finish_reason=["stop"])),
                           "malformed chunk: finish_reason is an array"),
    "finish-reason-number": (stream(chunk("Bonjour"), chunk(finish_reason=1)),
                             "malformed chunk: finish_reason is a number"),
    "event-array": (stream([1, 2]), "malformed chunk: the event is an array"),
    "event-null": (stream(None), "malformed chunk: the event is null"),
    "empty-body": (Fault(http(body=b"")), "empty response: the server sent no events"),
    "whitespace-only": (Fault(http(body=b"  \n\n \r\n\t\n")), "empty response: the server sent no events"),
    "no-data-lines": (Fault(http(body=b"lorem ipsum\nevent: message\n\n")),
                      "empty response: the server sent no events"),
    "no-finish-reason-then-done": (stream(chunk("Bonjour"), USAGE, b"[DONE]"),
                                   "no finish reason: the server ended the stream ([DONE]) without one"),
    "no-finish-reason-then-eof": (stream(chunk("Bonjour")),
                                  "disconnected: the stream ended without a finish reason"),
    "early-eof": (Fault(http(body=sse(chunk("Bon")) + b"data: {\"cho", length=4096)),
                  "disconnected: the connection closed mid-response"),
    "no-reply": (Fault(b""), "disconnected: the server closed the connection without replying"),
    "garbage-status-line": (Fault(b"SSH-2.0-OpenSSH_9.6\r\n\r\n"), "bad reply: not an HTTP response"),
    "garbage-line": (stream(chunk("Bon"), b"{not json"), "stream error: undecodable event {not json"),
    "invalid-utf8": (stream(chunk("Bon"), b'{"choices": [{"delta": {"content": "\xff\xfe"}}]}'),
                     "stream error: invalid UTF-8 in an event"),
    "lone-surrogate": (stream(chunk("Bon"), b'{"choices": [{"delta": {"content": "\\ud800"}}]}'),
                       "stream error: invalid Unicode in an event (a lone surrogate)"),
    "finish-reason-lone-surrogate": (stream(chunk("Bon"), b'{"choices": [{"delta": {}, "finish_reason": "\\udfff"}]}'),
                                     "stream error: invalid Unicode in an event (a lone surrogate)"),
    "error-event-lone-surrogate": (stream(b'{"error": {"message": "\\ud800 boom"}}'), "stream error: \\ud800 boom"),
    "error-event": (stream(chunk("Bon"), {"error": {"message": "model overloaded", "code": 503}}),
                    "stream error: model overloaded"),
    "error-event-string": (stream({"error": "upstream gone"}), "stream error: upstream gone"),
    "content-filter": (stream(chunk("Bon"), chunk(finish_reason="content_filter")),
                       "content filter: the server withheld the rest of the answer"),
    "finish-reason-error": (stream(chunk("Bon"), chunk(finish_reason="error")),
                            "not a whole answer: finish reason 'error'"),
    "empty-answer": (stream(chunk(""), chunk(finish_reason="stop"), b"[DONE]"), "empty: no text in the response"),
    "http-401": (Fault(http(401, b'{"error": {"message": "Invalid API Key"}}', "application/json")),
                 "HTTP 401"),
    "http-404": (Fault(http(404, ERROR, "application/json")), "HTTP 404"),
    "http-503-huge-retry-after": (Fault(http(503, b"busy", "text/plain", {"Retry-After": "86400"})),
                                  "HTTP 503"),
    "http-429-retry-after-date": (Fault(http(429, b"slow down", "text/plain",
                                             {"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"})), "HTTP 429"),
    "http-500-html": (Fault(http(500, HTML, "text/html")), "HTTP 500"),
    "json-200": (Fault(http(body=COMPLETION, content_type="application/json")),
                 "server did not stream: got application/json"),
    "html-200": (Fault(http(body=HTML, content_type="text/html; charset=utf-8")),
                 "server did not stream: got text/html"),
    "stall-before-reply": (Fault(b"", then="stall"), "timed out after 1 s before the first token"),
    "stall-mid-stream": (Fault(http(body=sse(chunk("Bon"))), then="stall"),
                         "timed out after 1 s mid-answer"),
}


@pytest.fixture
def server() -> Iterator[BadServer]:
    with BadServer() as running:
        yield running


def endpoint_at(base_url: str) -> Endpoint:
    return Endpoint(base_url=base_url, model=MODEL, label="openai-compatible")


async def check_fault_then_resume(store: Store, endpoint: Endpoint, server: BadServer | None, reason: str,
                                  options: RunOptions) -> list[RequestRetrying]:
    """Run both prompts, check the outcome of each, then resume the faulty run on a good server."""
    bad, good = two_prompts(store)
    events = await collect(execute(store, endpoint, [bad, good], options))
    runs = {run.prompt_id: run for run in finished_runs(events)}
    assert runs.keys() == {bad, good}  # the other prompt still ran
    failed_run = runs[bad]
    records = store.requests_for(failed_run.id)
    assert failed_run.status == "failed" and len(records) == 3
    for record in records:
        assert record.status == "failed" and record.error and reason in record.error, record.error
        assert record.retries <= options.retries
    assert failed_run.error and reason in failed_run.error
    if server is not None:
        assert runs[good].status == "done", runs[good].error
    if server is None:  # connection refused: nothing listens yet
        return [e for e in events if isinstance(e, RequestRetrying)]
    server.fault = None
    assert [run.id for run in resumable_runs(store)] == [failed_run.id]
    [resumed] = finished_runs(await collect(resume(store, endpoint, resumable_runs(store))))
    assert resumed.id == failed_run.id and resumed.status == "done"
    assert all(r.status == "ok" for r in store.requests_for(resumed.id))
    return [e for e in events if isinstance(e, RequestRetrying)]


@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize(("fault", "reason"), MODES.values(), ids=MODES.keys())
async def test_every_fault_fails_one_request_with_a_true_reason(store: Store, server: BadServer, fault: Fault,
                                                                reason: str, client: str) -> None:
    server.fault = fault
    options = replace(STALL_OPTIONS if fault.then == "stall" else OPTIONS, client=client)
    retrying = await check_fault_then_resume(store, endpoint_at(server.base_url), server, reason, options)
    assert all(event.delay_s <= RETRY_MAX_S for event in retrying)  # a huge Retry-After is capped


@pytest.mark.parametrize("client", CLIENTS)
async def test_connection_refused_is_said_and_the_run_resumes_once_the_server_listens(store: Store,
                                                                                      client: str) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))  # bound, not listening: every connection is refused
        host, port = sock.getsockname()
        endpoint = endpoint_at(f"http://{host}:{port}/v1")
        await check_fault_then_resume(store, endpoint, None, "connection refused", replace(OPTIONS, client=client))
        with BadServer(sock) as server:  # the same address starts listening: the runs resume there
            assert server.base_url == endpoint.base_url
            runs = resumable_runs(store)
            assert len(runs) == 2 and {run.status for run in runs} == {"failed"}
            resumed = finished_runs(await collect(resume(store, endpoint, runs)))
            assert [run.status for run in resumed] == ["done", "done"]


@pytest.mark.parametrize("client", CLIENTS)
async def test_a_dead_server_costs_one_requests_retries_not_every_requests(store: Store, client: str) -> None:
    """Once a request has spent all its retries unable to connect, the requests after it that cannot connect fail at
    once, each saying why; the runs stay resumable, and a fresh job (`resume`) tries the server again."""
    options = replace(OPTIONS, retries=3, client=client)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))  # bound, not listening: every connection is refused
        host, port = sock.getsockname()
        endpoint = endpoint_at(f"http://{host}:{port}/v1")
        first, second = two_prompts(store)
        events = await collect(execute(store, endpoint, [first, second], options))
        runs = {run.prompt_id: run for run in finished_runs(events)}
        assert {run.status for run in runs.values()} == {"failed"}
        spent = [r for r in store.requests_for(runs[first].id) if r.retries == options.retries]
        assert spent and all(r.error == "connection refused (after 3 retries)" for r in spent)
        later = store.requests_for(runs[second].id)  # prompts run in turn: the outage was known before these
        assert len(later) == 3 and all(r.retries == 0 and r.status == "failed" and r.error == "connection refused"
                                       + OUTAGE_NOTE for r in later)
        retried = [e for e in events if isinstance(e, RequestRetrying)]
        assert len(retried) <= 3 * options.retries  # the first prompt's three requests at most, all at once
        with BadServer(sock) as server:
            assert server.base_url == endpoint.base_url
            resumed = finished_runs(await collect(resume(store, endpoint, resumable_runs(store))))
            assert [run.status for run in resumed] == ["done", "done"]


# -- the retry policy: the chat-call policy's classification (studio.llm.failures), on the runner's streaming path --
RETRYABLE_STATUSES = (408, 409, 429, 500, 502, 503, 504, 529)
FINAL_STATUSES = (400, 401, 403, 404, 415, 422, 501)
RETRY_AFTER_S = 0.015  # within RETRY_MAX_S, so the wait is exactly the server's


def status_fault(status: int) -> Fault:
    body = json.dumps({"error": {"message": f"scripted {status}"}}).encode()
    return Fault(http(status, body, "application/json", {"Retry-After": str(RETRY_AFTER_S)}))


@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize("status", RETRYABLE_STATUSES)
async def test_each_transient_status_is_retried_after_the_servers_retry_after(store: Store, server: BadServer,
                                                                              status: int, client: str) -> None:
    server.fault = status_fault(status)
    retrying = await check_fault_then_resume(store, endpoint_at(server.base_url), server, f"HTTP {status}",
                                             replace(OPTIONS, client=client))
    assert server.requests["fault"] == 3 * (1 + OPTIONS.retries)  # serial + 2 branches, each sent twice
    assert len(retrying) == 3 and all(f"HTTP {status}" in event.reason and f"scripted {status}" in event.reason
                                      for event in retrying)
    assert [event.delay_s for event in retrying] == [RETRY_AFTER_S] * 3


@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize("status", FINAL_STATUSES)
async def test_each_final_status_fails_at_once(store: Store, server: BadServer, status: int, client: str) -> None:
    server.fault = status_fault(status)
    retrying = await check_fault_then_resume(store, endpoint_at(server.base_url), server, f"HTTP {status}",
                                             replace(OPTIONS, client=client))
    assert retrying == [] and server.requests["fault"] == 3  # one attempt each, the Retry-After notwithstanding


def test_the_runner_and_the_chat_policy_classify_statuses_alike() -> None:
    """One table for both: the runner's errors and studio.llm's classification agree status by status."""
    for status in RETRYABLE_STATUSES:
        error = status_error(status, "", "2")
        assert retryable_status(status) and isinstance(error, RetryableError) and error.retry_after_s == 2.0
    for status in FINAL_STATUSES:
        error = status_error(status, "", "2")
        assert not retryable_status(status) and isinstance(error, RequestFailed)
        assert not isinstance(error, RetryableError)


async def test_the_simulators_429_and_500_are_retried_until_they_pass(store: Store, make_sim: SimFactory,
                                                                     translation_prompt: str) -> None:
    endpoint, simulator = make_sim(faults=FaultConfig(rate_429=0.25, rate_500=0.25, seed=11))
    options = RunOptions(trials=2, retries=8, retry_base_s=0.001, retry_max_s=0.005, use_cache=False)
    events = await collect(execute(store, endpoint, [translation_prompt], options))
    [run] = finished_runs(events)
    retrying = [e for e in events if isinstance(e, RequestRetrying)]
    assert run.status == "done" and simulator.requests["429"] > 0 and simulator.requests["500"] > 0
    assert len(retrying) == simulator.requests["429"] + simulator.requests["500"]
    assert {e.reason.split(":")[0] for e in retrying} == {"HTTP 429 Too Many Requests", "HTTP 500 Internal Server Error"}
    assert sum(r.retries for r in store.requests_for(run.id)) == len(retrying)


@pytest.mark.parametrize(("config", "status"), [({"api_key": "sk-right"}, 401), ({"reject_max_tokens": True}, 400)])
async def test_the_simulators_final_statuses_are_not_retried(store: Store, make_sim: SimFactory,
                                                             translation_prompt: str, config: dict[str, object],
                                                             status: int) -> None:
    endpoint, simulator = make_sim(**config)
    if "api_key" in config:
        endpoint = replace(endpoint, api_key="sk-wrong")
    events = await collect(execute(store, endpoint, [translation_prompt], replace(OPTIONS, retries=3)))
    [run] = finished_runs(events)
    assert run.status == "failed" and not [e for e in events if isinstance(e, RequestRetrying)]
    records = store.requests_for(run.id)
    assert len(records) == 5  # serial + 4 branches, each failed at its one attempt
    assert all(r.status == "failed" and r.retries == 0 and f"HTTP {status}" in (r.error or "") for r in records)
    assert simulator.requests["ok"] == 0
