"""`open_endpoint` and `ppstudio serve`: the right backend for the settings, started and stopped around the work."""

from __future__ import annotations

import signal
import socket
import subprocess
import threading
import time

import httpx
import openai
import pytest
import uvicorn

from studio.backends import (
    EMBEDDED_LABEL, BackendError, backend_of_label, context_overflow_hint, open_endpoint, remote_endpoint,
    serves_simulated, sim_label, slots_for,
)
from studio.backends.base import shown_url
from studio.backends.server import RunningServer, ServeOptions, is_loopback, serve_until_interrupted
from studio.backends.sim import SimConfig, SimulatorServer
from studio.config import BackendSettings, load_settings
from tests.conftest import SimEndpointFactory
from tests.terminal import ROOT, cli, cli_env


def test_sim_backend_runs_in_process_and_stops_after_the_block() -> None:
    with open_endpoint(BackendSettings(backend="sim", sim_profile="gpu")) as endpoint:
        assert endpoint.simulated and endpoint.label == "sim:gpu" and endpoint.model == "sim-gpu"
        assert endpoint.base_url.startswith("http://127.0.0.1:") and endpoint.base_url.endswith("/v1")
        assert httpx.get(f"{endpoint.base_url}/models").status_code == 200
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{endpoint.base_url}/models", timeout=2)


def test_a_given_base_url_is_used_as_it_is(sim_endpoint: SimEndpointFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    remote = sim_endpoint(api_key="k-123")
    monkeypatch.setenv("TEST_REMOTE_KEY", "k-123")
    settings = BackendSettings(base_url=remote.base_url + "/", api_key_env="TEST_REMOTE_KEY")
    with open_endpoint(settings) as endpoint:
        assert endpoint.model == "sim-cpu"  # the first model the server lists
        # a served simulator says so in its listing: whatever flags reach it, its runs are labelled simulated
        assert endpoint.label == "openai-compatible" and endpoint.simulated
        assert endpoint.base_url == remote.base_url and endpoint.api_key == "k-123"
        assert "k-123" not in repr(endpoint)
    with open_endpoint(BackendSettings(base_url=remote.base_url, model="chosen", api_key_env="TEST_REMOTE_KEY")) as ep:
        assert ep.model == "chosen"
        # the simulator answers a name it does not list too: still simulated, never stored as a measurement
        assert ep.simulated


def test_a_model_is_simulated_by_its_own_entry_else_by_the_server() -> None:
    mixed = [{"id": "real", "simulated": False}, {"id": "sim-cpu", "simulated": True}]
    assert serves_simulated(mixed, "sim-cpu") and not serves_simulated(mixed, "real")
    assert serves_simulated(mixed, "unlisted")
    assert not serves_simulated([{"id": "gpt"}], "other") and not serves_simulated([], "any")


def test_a_label_reads_back_into_the_settings_that_reach_its_backend(sim_endpoint: SimEndpointFactory) -> None:
    """Labels are made and read in this package only: each reads back into flags that open the same backend."""
    for profile in ("cpu", "gpu"):
        with open_endpoint(BackendSettings(backend="sim", sim_profile=profile)) as endpoint:
            assert endpoint.label == sim_label(profile)
            flags = backend_of_label(endpoint.label, endpoint.model, None)  # a simulated run stores no URL
        assert flags == {"backend": "sim", "sim_profile": profile}
        with open_endpoint(BackendSettings(**flags)) as again:
            assert again.label == endpoint.label and again.model == endpoint.model
    remote = sim_endpoint()
    with open_endpoint(BackendSettings(base_url=remote.base_url, model="chosen")) as endpoint:
        flags = backend_of_label(endpoint.label, endpoint.model, endpoint.base_url)
    assert flags == {"backend": "openai", "base_url": remote.base_url, "model": "chosen"}
    with open_endpoint(BackendSettings(**flags)) as again:
        assert (again.label, again.model, again.base_url) == (endpoint.label, "chosen", remote.base_url)
    assert backend_of_label(EMBEDDED_LABEL, "SmolLM2", "http://127.0.0.1:1/v1") == {"backend": "embedded"}


def test_unreachable_or_misconfigured_backends_say_why(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_SUCH_KEY_VAR", raising=False)
    with pytest.raises(BackendError, match="NO_SUCH_KEY_VAR"):
        with open_endpoint(BackendSettings(base_url="http://127.0.0.1:9/v1", api_key_env="NO_SUCH_KEY_VAR")):
            pass
    with pytest.raises(BackendError, match="give --model"):
        with open_endpoint(BackendSettings(base_url="http://127.0.0.1:9/v1")):
            pass
    with pytest.raises(BackendError, match="unknown backend"):
        with open_endpoint(BackendSettings(backend="quantum")):
            pass


def test_slots_cover_the_widest_fan_out_within_the_cap() -> None:
    assert slots_for(BackendSettings(slots=8), 1) == 8
    assert slots_for(BackendSettings(slots=8), 20) == 20
    assert slots_for(BackendSettings(slots=8), 500) == 64


def test_serve_sim_with_a_bearer_key_until_stopped() -> None:
    stop = threading.Event()
    ready: list[RunningServer] = []
    options = ServeOptions(backend="sim", port=0, api_key="serve-key", time_scale=0.01)
    thread = threading.Thread(target=serve_until_interrupted, args=(options, ready.append, stop))
    thread.start()
    try:
        for _ in range(200):
            if ready:
                break
            stop.wait(0.02)
        base = ready[0].base_url
        assert httpx.get(f"{base}/v1/models").status_code == 401
        client = openai.OpenAI(base_url=f"{base}/v1", api_key="serve-key", max_retries=0)
        answer = client.chat.completions.create(model="sim-cpu", max_tokens=4,
                                                messages=[{"role": "user", "content": "hello"}])
        assert answer.choices[0].message.content
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{base}/v1/models", timeout=2)


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as sock:
            sock.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _ipv6_loopback(), reason="no IPv6 loopback here")
def test_serve_sim_on_ipv6_gives_a_url_that_reaches_it() -> None:
    with SimulatorServer(SimConfig(), host="::1") as server:
        assert server.base_url.startswith("http://[::1]:")
        assert httpx.get(f"{server.base_url}/v1/models", timeout=5).status_code == 200


def test_an_interrupt_while_the_simulator_starts_stops_what_already_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """uvicorn answers a moment before `start` sees it started: Ctrl-C or SIGTERM in that moment (here raised from
    the wait, with uvicorn made to say late that it started) stops the server instead of leaving it serving."""
    server = SimulatorServer(SimConfig())
    waited: list[float] = []

    class SaysLateItStarted(uvicorn.Server):
        @property
        def started(self) -> bool:
            return self.__dict__.get("_started", False) and bool(waited)

        @started.setter
        def started(self, value: bool) -> None:
            self.__dict__["_started"] = value

    def interrupted_once_answering(seconds: float) -> None:
        waited.append(seconds)
        while not httpx_answers(server.base_url):
            real_sleep(0.01)
        raise KeyboardInterrupt

    real_sleep = time.sleep
    monkeypatch.setattr("studio.backends.sim.uvicorn.Server", SaysLateItStarted)
    monkeypatch.setattr(time, "sleep", interrupted_once_answering)
    with pytest.raises(KeyboardInterrupt):
        server.start()
    monkeypatch.undo()
    assert not any(thread.name.startswith("ppstudio-sim-") for thread in threading.enumerate())
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{server.base_url}/v1/models", timeout=2)


def httpx_answers(base_url: str) -> bool:
    try:
        return httpx.get(f"{base_url}/v1/models", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                                 ("0.0.0.0", False), ("192.168.1.4", False)])
def test_loopback_detection(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_serve_stops_cleanly_on_sigterm() -> None:
    """`kill` (systemd, a container stopping) stops the server as Ctrl-C does: the cleanup runs and it exits 0.
    (Its profile comes from the configuration, here PPSTUDIO_BACKEND_SIM_PROFILE, when --sim-profile is not given.)"""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(cli("serve", "--backend", "sim", "--port", str(port)), cwd=ROOT,
                               env=cli_env(PPSTUDIO_BACKEND_SIM_PROFILE="gpu"),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None and time.monotonic() < deadline, "serve did not start"
            try:
                listing = httpx.get(f"http://127.0.0.1:{port}/v1/models", timeout=2)
                if listing.status_code == 200:
                    assert [entry["id"] for entry in listing.json()["data"]] == ["sim-gpu"]
                    break
            except httpx.HTTPError:
                time.sleep(0.05)
        printed = ""
        while "stops it" not in printed:  # the server answers a moment before serve says it is ready
            line = process.stdout.readline()
            assert line, "serve stopped before saying it was ready"
            printed += line
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, (process.returncode, err)
    assert "Ctrl-C stops it" in printed + out and err == ""


def test_a_url_with_credentials_is_refused_without_showing_them() -> None:
    """Every client sends the bearer key (aiohttp refuses a request with both that and URL credentials), and the
    URL would be stored with each run: such a URL is refused up front, its secret never printed."""
    with pytest.raises(BackendError) as caught:
        remote_endpoint(BackendSettings(base_url="http://ann:s3cret@127.0.0.1:9/v1"))
    assert "s3cret" not in str(caught.value) and "http://[credentials]@127.0.0.1:9/v1" in str(caught.value)
    assert "--api-key-env" in str(caught.value)
    assert shown_url("https://ann@gw.example:8443/v1") == "https://[credentials]@gw.example:8443/v1"
    assert shown_url("http://127.0.0.1:8080/v1") == "http://127.0.0.1:8080/v1"
    assert shown_url("http://[::1") == "http://[::1"  # malformed: left for the request to refuse


@pytest.mark.parametrize("backend", ["sim", "embedded"])
def test_serve_on_a_port_in_use_names_the_address(backend: str) -> None:
    """Checked before either server starts, so the embedded engine is never launched for it."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(cli("serve", "--backend", backend, "--port", str(port)), cwd=ROOT, env=cli_env(),
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert f"error: cannot serve on 127.0.0.1:{port}: Address already in use" in done.stderr


def test_a_context_overflow_of_the_embedded_engine_says_how_to_give_its_slots_more() -> None:
    refused = ("trial 0 serial 0: HTTP 400 Bad Request: request (8223 tokens) exceeds the available context size "
               "(2048 tokens), try increasing it")
    hint = context_overflow_hint(refused, EMBEDDED_LABEL)
    assert hint is not None and "ctx_per_slot, 2,048 tokens unless set" in hint and "ppstudio run --resume" in hint
    assert context_overflow_hint(refused, "openai-compatible") is None  # a remote server's context is its own
    assert context_overflow_hint("trial 0 serial 0: HTTP 500", EMBEDDED_LABEL) is None
    assert context_overflow_hint(None, EMBEDDED_LABEL) is None


def test_the_ctx_per_slot_setting_reaches_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """[backend] ctx_per_slot (here from its variable) is what `open_endpoint` starts the engine with."""
    from studio.backends import embedded

    started: list[embedded.EngineConfig] = []

    class Recorded:
        def __init__(self, config: embedded.EngineConfig) -> None:
            started.append(config)

        def __enter__(self) -> "Recorded":
            self.base_url, self.model_name = "http://127.0.0.1:9", "m"
            return self

        def __exit__(self, *exc: object) -> None:
            return None

    monkeypatch.setattr(embedded, "EmbeddedEngine", Recorded)
    monkeypatch.setenv("PPSTUDIO_BACKEND_CTX_PER_SLOT", "6000")
    monkeypatch.delenv("PPSTUDIO_CONFIG", raising=False)
    with open_endpoint(load_settings("no-such-ppstudio.toml").backend):
        pass
    assert [config.ctx_per_slot for config in started] == [6000]
