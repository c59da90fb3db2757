"""Fixtures shared by every test package.

- `store`: a fresh Store in tmp_path.
- `embedded_endpoint` (session): ONE real embedded llama.cpp engine (bundled SmolLM2, 8 slots, 1024 tokens of
  context per slot) shared by the whole test run, as an `Endpoint`. Starting costs ~3 s and 8 streams of CPU; use it
  only in `@pytest.mark.slow` tests, with small `max_tokens`, and never stop it yourself.
- `sim_endpoint` (function): a factory `sim_endpoint(profile="cpu", faults=None, time_scale=0.05,
  concurrency_cap=None, **sim_config) -> Endpoint` starting simulators that are stopped after the test;
  `sim_endpoint.simulator(endpoint)` gives the `Simulator` behind an endpoint (request counts, peak concurrency).

Hypothesis: with `CI` set the `ci` profile runs, the same examples every time (derandomize, no example
database, no deadline on a loaded machine); locally the `dev` profile explores new examples on every run and
replays the failures it saved. Either prints the blob that reproduces a failure. A case a property test ever found
stays in that test as an explicit `@example`. `--hypothesis-profile NAME` overrides the choice.

Timeouts: pytest-timeout stops any test after `timeout` (pyproject, 300 s): a hang fails, it does not stall CI. A
`@pytest.mark.slow` test gets `SLOW_TEST_TIMEOUT_S` instead (unless it sets its own): the real model's tests take
~30 s on a quiet machine but were seen at 193 s at load 3.5 and past 300 s at load 5 on 2 cores, and a test asserts
behaviour, never speed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

from store import Store
from studio.backends import sim_label
from studio.backends.base import Endpoint
from studio.backends.sim import PROFILES, FaultConfig, SimConfig, Simulator, SimulatorServer

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DATA = ROOT / "sample_data"

hypothesis_settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
hypothesis_settings.register_profile("dev", print_blob=True)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh store file in a temporary folder."""
    opened = Store(tmp_path / "test.db")
    yield opened
    opened.close()


SLOW_TEST_TIMEOUT_S = 900


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longer timeout of slow tests (see the module docstring)."""
    for item in items:
        if item.get_closest_marker("slow") is not None and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(SLOW_TEST_TIMEOUT_S))


EMBEDDED_TEST_SLOTS = 8
EMBEDDED_TEST_CTX_PER_SLOT = 1024


@pytest.fixture(scope="session")
def embedded_endpoint() -> Iterator[Endpoint]:
    """The one real engine of the test session (see the module docstring)."""
    from studio.backends.embedded import EmbeddedEngine, EngineConfig

    with EmbeddedEngine(EngineConfig(slots=EMBEDDED_TEST_SLOTS, ctx_per_slot=EMBEDDED_TEST_CTX_PER_SLOT)) as engine:
        yield Endpoint(base_url=f"{engine.base_url}/v1", model=engine.model_name, label="embedded", ephemeral=True,
                       slots=EMBEDDED_TEST_SLOTS)


class SimEndpointFactory:
    """Starts simulators on demand; `close()` stops them all."""

    def __init__(self) -> None:
        self._stack = ExitStack()
        self._servers: dict[str, SimulatorServer] = {}

    def __call__(self, profile: str = "cpu", faults: FaultConfig | None = None, time_scale: float = 0.05,
                 concurrency_cap: int | None = None, **sim_config: Any) -> Endpoint:
        config = SimConfig(profile=PROFILES[profile], time_scale=time_scale, concurrency_cap=concurrency_cap,
                           faults=faults or FaultConfig(), **sim_config)
        server = self._stack.enter_context(SimulatorServer(config))
        endpoint = Endpoint(base_url=f"{server.base_url}/v1", model=config.model_name, label=sim_label(profile),
                            simulated=True, ephemeral=True, api_key=config.api_key)
        self._servers[endpoint.base_url] = server
        return endpoint

    def simulator(self, endpoint: Endpoint) -> Simulator:
        return self._servers[endpoint.base_url].simulator

    def close(self) -> None:
        self._stack.close()


@pytest.fixture
def sim_endpoint() -> Iterator[SimEndpointFactory]:
    """Simulators for one test (see the module docstring)."""
    factory = SimEndpointFactory()
    yield factory
    factory.close()
