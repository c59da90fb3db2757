"""The capacity probe recovers the simulator's configured curve, stops when throughput falls, and is stored."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx2
import pytest
from openai import AsyncOpenAI
from rich.console import Console
from typer.testing import CliRunner

from store import ProbeResult, Store
from studio.backends.probe import (
    STALE_CONNECTION_RETRIES, LevelResult, ProbeError, describe_ceiling, measure_level, probe_endpoint,
    unsteady_levels,
)
from studio.backends.base import Endpoint
from studio.backends.sim import PROFILES, LatencyProfile, SimConfig, SimulatorServer
from studio.cli import app
from tests.conftest import SimEndpointFactory
from tests.studio.execution.bad_server import GOOD_ANSWER, GOOD_STREAM
from tests.terminal import HOSTILE, foreign_sequences, on_a_terminal


async def test_probe_recovers_the_cpu_curve(sim_endpoint: SimEndpointFactory) -> None:
    endpoint = sim_endpoint(profile="cpu", time_scale=0.3)
    result = await probe_endpoint(endpoint, (1, 2, 4, 8), max_tokens=12, stop_when_falling=False)
    single = result.curve[0]["tokens_per_s"]
    measured = {int(point["concurrency"]): point["tokens_per_s"] / single for point in result.curve}
    for concurrency, ratio in measured.items():
        assert ratio == pytest.approx(PROFILES["cpu"].speedup(concurrency), rel=0.2), measured
    assert result.ceiling == pytest.approx(max(measured.values()), rel=0.01)
    assert result.backend == "sim:cpu" and result.simulated
    assert "cannot beat serial" in describe_ceiling(result)


async def test_probe_sees_the_gpu_profile_scale(sim_endpoint: SimEndpointFactory) -> None:
    # Slowed down (36 ms per token): the client and the simulator share this process, and the machine is busy.
    endpoint = sim_endpoint(profile="gpu", time_scale=3.0)
    result = await probe_endpoint(endpoint, (1, 8), max_tokens=10)
    assert result.ceiling == pytest.approx(PROFILES["gpu"].speedup(8), rel=0.25)
    assert "can approach" in describe_ceiling(result)


async def test_probe_stops_once_throughput_falls() -> None:
    # (contention 4: 2 streams give 0.4x, 4 give 0.31x, far below the 90% the probe stops at, so a busy machine's
    # slower baseline cannot read as a level that did not fall; at 2.0 the margin was 0.67x and a loaded run failed)
    thrashing = LatencyProfile("thrash", ttft_ms=20, prefill_ms_per_token=0.0, token_ms=10, contention=4.0)
    with SimulatorServer(SimConfig(profile=thrashing)) as server:
        endpoint = Endpoint(f"{server.base_url}/v1", "sim-thrash", "sim:thrash", simulated=True)
        result = await probe_endpoint(endpoint, (1, 2, 4, 8, 16), max_tokens=8)
    assert [point["concurrency"] for point in result.curve] == [1, 2, 4]  # two falling levels, then stop
    assert result.ceiling == 1.0


async def test_probe_rejects_levels_without_a_baseline(sim_endpoint: SimEndpointFactory) -> None:
    with pytest.raises(ValueError, match="include 1"):
        await probe_endpoint(sim_endpoint(), (2, 4))


def test_describe_ceiling_wording() -> None:
    flat = ProbeResult("embedded", "m", None, False, [{"concurrency": 1, "tokens_per_s": 20.0},
                                                    {"concurrency": 8, "tokens_per_s": 22.0}], 1.1)
    assert describe_ceiling(flat) == "this backend gives 1.1x at 8 streams, so parallel runs cannot beat serial here"


def test_probe_cli_stores_the_curve(tmp_path: Path) -> None:
    db = tmp_path / "probe.db"
    result = CliRunner().invoke(app, ["probe", "--backend", "sim", "--concurrency-levels", "1,2", "--max-tokens",
                                      "3", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["backend"] == "sim:cpu" and document["simulated"] is True
    assert [point["concurrency"] for point in document["curve"]] == [1, 2]
    assert "simulated backend" in document["verdict"]
    with Store(db) as store:
        stored = store.latest_probe("sim:cpu", "sim-cpu")
    assert stored is not None and stored.id == document["id"]


def test_probe_table_at_80_columns_keeps_every_header_and_figure_whole(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """At 80 columns Rich fitted the six columns by cutting "slowest-fastest of 3" to "slowest-fas…"."""
    shown = Console(width=80, file=io.StringIO(), record=True)
    monkeypatch.setattr("studio.cli.probe.console", shown)
    result = CliRunner().invoke(app, ["probe", "--backend", "sim", "--concurrency-levels", "1,2", "--max-tokens",
                                      "3", "--db", str(tmp_path / "p.db")])
    assert result.exit_code == 0, result.output
    text = shown.export_text()
    assert "…" not in text and max(map(len, text.splitlines())) <= 80
    assert "slowest-fastest" in text and "of 3" in text and "tokens/s" in text
    with Store(tmp_path / "p.db") as store:
        stored = store.latest_probe("sim:cpu", "sim-cpu")
    assert stored is not None
    for point in stored.curve:
        assert f"{point['low_tokens_per_s']:.1f}-{point['high_tokens_per_s']:.1f}" in text


def test_probe_cli_rejects_bad_levels(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["probe", "--backend", "sim", "--concurrency-levels", "2,x",
                                      "--db", str(tmp_path / "p.db")])
    assert result.exit_code == 1 and "comma-separated" in result.output


def test_probe_on_a_terminal_shows_a_hostile_model_name_without_obeying_it(tmp_path: Path) -> None:
    shown = on_a_terminal("probe", "--backend", "sim", "--model", HOSTILE, "--concurrency-levels", "1,2",
                          "--max-tokens", "3", "--db", str(tmp_path / "p.db"))
    assert foreign_sequences(shown) == []
    assert "UFdORUQ=" in shown  # the name is shown, as text


def test_probe_cli_reports_an_unusable_store_before_probing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("not a store\n" * 100, encoding="utf-8")

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the endpoint was probed before the store was checked")

    monkeypatch.setattr("studio.cli.probe.open_endpoint", never)
    result = CliRunner().invoke(app, ["probe", "--backend", "sim", "--db", str(notes)])
    assert result.exit_code == 1 and "file is not a database" in result.stderr
    assert notes.read_text(encoding="utf-8") == "not a store\n" * 100


async def test_a_key_the_server_echoes_in_its_error_is_not_in_the_reason() -> None:
    """Some gateways answer "Incorrect API key provided: <the key>"; the probe's reason is printed."""
    secret = "sk-echoed-probe-77aa"

    def echo(request: httpx2.Request) -> httpx2.Response:
        key = request.headers["authorization"].removeprefix("Bearer ")
        return httpx2.Response(401, json={"error": {"message": f"Incorrect API key provided: {key}"}})

    endpoint = Endpoint(base_url="http://llm.test/v1", model="m", label="openai-compatible", api_key=secret)
    async with AsyncOpenAI(base_url=endpoint.base_url, api_key=endpoint.client_key(), max_retries=0,
                           http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(echo))) as client:
        with pytest.raises(ProbeError) as refused:
            await measure_level(client, endpoint, 2, max_tokens=4)
    assert "Incorrect API key provided: [API key]" in str(refused.value) and secret not in str(refused.value)


def _streamed_reply(request: httpx2.Request) -> httpx2.Response:
    """A whole streamed answer (`bad_server.GOOD_STREAM`), as an OpenAI-compatible server sends it."""
    return httpx2.Response(200, headers={"content-type": "text/event-stream"}, content=GOOD_STREAM)


@pytest.mark.parametrize("dropped, failures", [(1, 0), (2, 0), (3, 1)])
async def test_a_connection_the_server_dropped_is_tried_again(dropped: int, failures: int) -> None:
    """llama.cpp's server now and then closes a pooled keep-alive connection, and the next request on it fails
    before any reply (1-4 of 40 sequential requests to the embedded engine): a one-stream level then failed the
    whole probe. Such a request is sent again on a new connection, at most `STALE_CONNECTION_RETRIES` times."""
    calls: list[int] = []

    def drop_then_answer(request: httpx2.Request) -> httpx2.Response:
        calls.append(1)
        if len(calls) <= dropped:
            raise httpx2.RemoteProtocolError("Server disconnected without sending a response.", request=request)
        return _streamed_reply(request)

    endpoint = Endpoint(base_url="http://llm.test/v1", model="m", label="openai-compatible")
    async with AsyncOpenAI(base_url=endpoint.base_url, api_key="k", max_retries=0,
                           http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(drop_then_answer))) as client:
        if failures:
            with pytest.raises(ProbeError, match="Connection error"):
                await measure_level(client, endpoint, 1, max_tokens=2)
        else:
            level = await measure_level(client, endpoint, 1, max_tokens=2)
            assert (level.failures, level.output_tokens) == (0, len(GOOD_ANSWER))
    assert len(calls) == min(dropped + 1, STALE_CONNECTION_RETRIES + 1)


async def test_a_reply_cut_off_after_it_began_is_not_sent_again() -> None:
    """Only a request that got nothing back is sent again: one the server answered, then dropped, was measured."""
    calls: list[int] = []

    def cut_off(request: httpx2.Request) -> httpx2.Response:
        calls.append(1)
        began = b"".join(event + b"\n\n" for event in GOOD_STREAM.split(b"\n\n")[:2])  # (the second holds text)
        return httpx2.Response(200, headers={"content-type": "text/event-stream"}, stream=_BrokenStream(began))

    endpoint = Endpoint(base_url="http://llm.test/v1", model="m", label="openai-compatible")
    async with AsyncOpenAI(base_url=endpoint.base_url, api_key="k", max_retries=0,
                           http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(cut_off))) as client:
        with pytest.raises(ProbeError):
            await measure_level(client, endpoint, 1, max_tokens=2)
    assert len(calls) == 1


class _BrokenStream(httpx2.AsyncByteStream):
    """The first bytes of a reply, then the connection drops."""

    def __init__(self, head: bytes) -> None:
        self.head = head

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self.head
        raise httpx2.RemoteProtocolError("peer closed connection without sending complete message body")


async def test_one_busy_round_moves_the_spread_not_the_ceiling(sim_endpoint: SimEndpointFactory,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The single-stream level measured during a busy moment made the ceiling read 20x on 2 cores. Each level is
    measured three times, the levels in turn, and the middle round is kept, its spread beside it."""
    rates = {1: [2.7, 14.0, 13.5], 2: [19.0, 18.0, 18.5]}  # the first single-stream round ran on a busy machine
    calls: list[int] = []

    async def measured(client: object, endpoint: object, concurrency: int, max_tokens: int) -> LevelResult:
        calls.append(concurrency)
        rate = rates[concurrency].pop(0)
        return LevelResult(concurrency, rate, ttft_ms=50.0, output_tokens=int(rate * 2), wall_s=2.0, failures=0)

    monkeypatch.setattr("studio.backends.probe.measure_level", measured)
    result = await probe_endpoint(sim_endpoint(), (1, 2), max_tokens=4)
    assert calls == [1, 2, 1, 2, 1, 2]  # in turn, so a busy spell lands on one round of each level
    single, double = result.curve
    assert single["tokens_per_s"] == 13.5 and single["output_tokens"] == 27  # the middle round, whole
    assert (single["low_tokens_per_s"], single["high_tokens_per_s"]) == (2.7, 14.0)
    assert result.ceiling == pytest.approx(18.5 / 13.5, rel=1e-3)  # one round alone would say 19 / 2.7 = 7.0x
    assert [point["concurrency"] for point in unsteady_levels(result)] == [1]


def test_probe_cli_names_an_unsteady_level(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rates = {1: [2.7, 14.0, 13.5], 2: [19.0, 18.0, 18.5]}

    async def measured(client: object, endpoint: object, concurrency: int, max_tokens: int) -> LevelResult:
        rate = rates[concurrency].pop(0)
        return LevelResult(concurrency, rate, ttft_ms=50.0, output_tokens=int(rate * 2), wall_s=2.0, failures=0)

    monkeypatch.setattr("studio.backends.probe.measure_level", measured)
    result = CliRunner().invoke(app, ["probe", "--backend", "sim", "--concurrency-levels", "1,2", "--db",
                                      str(tmp_path / "p.db"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["unsteady_levels"] == [1]
