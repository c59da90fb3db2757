"""A key used for a run reaches the server and nothing else: not the store file, not a report."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from store import Store
from studio.backends.base import Endpoint
from studio.execution import CLIENTS
from studio.execution.events import RequestRetrying
from studio.execution.options import RunOptions
from studio.execution.runner import execute
from studio.reports import build_report, render

from .bad_server import MODEL, BadServer, Fault, http
from .conftest import SimFactory, two_prompts
from .test_runner import collect, finished_runs

SECRET = "sk-test-DO-NOT-STORE-4f1c9a"


async def test_api_key_is_never_written_to_the_store_or_reports(store: Store, make_sim: SimFactory,
                                                                translation_prompt: str) -> None:
    endpoint, _ = make_sim()
    keyed = replace(endpoint, api_key=SECRET)
    [run] = finished_runs(await collect(execute(store, keyed, [translation_prompt], RunOptions(use_cache=True))))
    assert run.status == "done"
    assert SECRET not in repr(keyed)
    documents = [render(build_report(store, None), fmt) for fmt in ("md", "html", "csv", "json")]
    assert all(SECRET not in document for document in documents)
    assert_not_in_store_files(store)


def assert_not_in_store_files(store: Store) -> None:
    store.database.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for path in Path(store.path).parent.glob(Path(store.path).name + "*"):  # the file, its WAL and shm
        assert SECRET.encode() not in path.read_bytes()


@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize("status", [401, 503])
async def test_a_key_the_server_echoes_in_its_error_is_not_stored(store: Store, status: int, client: str) -> None:
    """Some gateways answer "Incorrect API key provided: <the key>"; the reasons of failed requests are stored."""
    body = json.dumps({"error": {"message": f"Incorrect API key provided: {SECRET}"}}).encode()
    options = RunOptions(trials=1, retries=1, timeout_s=5.0, retry_base_s=0.01, retry_max_s=0.02, use_cache=False,
                         client=client)
    with BadServer() as server:
        server.fault = Fault(http(status, body, "application/json"))
        endpoint = Endpoint(base_url=server.base_url, model=MODEL, label="openai-compatible", api_key=SECRET)
        bad, _ = two_prompts(store)
        events = await collect(execute(store, endpoint, [bad], options))
    [run] = finished_runs(events)
    errors = [record.error or "" for record in store.requests_for(run.id)]
    reasons = [event.reason for event in events if isinstance(event, RequestRetrying)]
    assert errors and all("Incorrect API key provided: [API key]" in error for error in errors + reasons)
    assert len(reasons) == (3 if status == 503 else 0)
    assert not any(SECRET in text for text in [*errors, *reasons, run.error or ""])
    assert_not_in_store_files(store)


@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize("before", [170, 185])
async def test_a_key_cut_where_a_reason_is_shortened_is_not_stored(store: Store, before: int, client: str) -> None:
    """A gateway's long error quotes the key where the stored reason is cut (`short`, 200 characters): what is left
    of the key at the cut goes too, not only the whole key."""
    message = "x" * before + f" key {SECRET} is not valid for this deployment"
    body = json.dumps({"error": {"message": message}}).encode()
    options = RunOptions(trials=1, retries=0, timeout_s=5.0, use_cache=False, client=client)
    with BadServer() as server:
        server.fault = Fault(http(401, body, "application/json"))
        endpoint = Endpoint(base_url=server.base_url, model=MODEL, label="openai-compatible", api_key=SECRET)
        bad, _ = two_prompts(store)
        [run] = finished_runs(await collect(execute(store, endpoint, [bad], options)))
    errors = [record.error or "" for record in store.requests_for(run.id)]
    assert errors and all(error.startswith("HTTP 401") and "[API key]" in error for error in errors)
    assert not any(SECRET[:6] in error for error in errors + [run.error or ""])
