"""`ppstudio serve`: the embedded engine or the simulator as a standalone OpenAI-compatible HTTP server.

The embedded engine is llama.cpp's own server (bound by xllamacpp to host:port, bearer key via `api_keys`); the
simulator is served by uvicorn. Both bind to loopback unless told otherwise and run until interrupted.
"""

from __future__ import annotations

import ipaddress
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from studio.backends.embedded import DEFAULT_CTX_PER_SLOT, EmbeddedEngine, EngineConfig
from studio.backends.sim import FaultConfig, SimConfig, SimulatorServer, bound_socket, profile_named
from studio.signals import on_sigterm


@dataclass(frozen=True, slots=True)
class ServeOptions:
    backend: str = "embedded"  # embedded | sim
    host: str = "127.0.0.1"
    port: int = 8080
    slots: int = 8
    ctx_per_slot: int = DEFAULT_CTX_PER_SLOT
    model_path: str | None = None
    api_key: str | None = None  # in memory only
    sim_profile: str = "cpu"
    time_scale: float = 1.0
    concurrency_cap: int | None = None
    faults: FaultConfig = FaultConfig()


class RunningServer(Protocol):
    base_url: str

    def stop(self) -> None: ...


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_address(host: str, port: int) -> None:
    """Raise OSError naming host:port when it cannot be bound (in use, not an address of this machine): the
    simulator said only "[Errno 98] Address already in use", llama.cpp "Failed to init server"."""
    if port == 0:
        return  # any free port
    try:
        bound_socket(host, port).close()
    except OSError as exc:
        raise OSError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None


def start_server(options: ServeOptions) -> RunningServer:
    """Start the chosen backend on host:port; the caller stops it."""
    check_address(options.host, options.port)
    if options.backend == "sim":
        config = SimConfig(profile=profile_named(options.sim_profile), time_scale=options.time_scale,
                           concurrency_cap=options.concurrency_cap, faults=options.faults, api_key=options.api_key)
        return _SimulatorHandle(SimulatorServer(config, host=options.host, port=options.port).start())
    if options.backend != "embedded":
        raise ValueError(f"unknown backend {options.backend!r} for serve (embedded or sim)")
    engine = EmbeddedEngine(EngineConfig(
        model_path=Path(options.model_path) if options.model_path else None, slots=options.slots,
        ctx_per_slot=options.ctx_per_slot, host=options.host, port=options.port,
        api_keys=(options.api_key,) if options.api_key else ()))
    return engine.start()


class _SimulatorHandle:
    def __init__(self, server: SimulatorServer) -> None:
        self.server = server
        self.base_url = server.base_url

    def stop(self) -> None:
        self.server.stop()


class _Terminated(KeyboardInterrupt):
    """SIGTERM arrived: stop as Ctrl-C does (while starting too)."""


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM while serving is Ctrl-C, so the server is stopped and the embedded engine's slot files are removed;
    without it the process died on the spot."""
    raise _Terminated


def serve_until_interrupted(options: ServeOptions, on_ready: Callable[[RunningServer], None],
                            stop_event: threading.Event | None = None) -> None:
    """Start, report readiness, block until Ctrl-C or SIGTERM (or `stop_event`), then stop cleanly. Either signal
    while starting ends the start as Ctrl-C does (`EmbeddedEngine.start` stops what it started)."""
    with on_sigterm(_terminate):
        server = start_server(options)
        try:
            on_ready(server)
            (stop_event or threading.Event()).wait()
        except KeyboardInterrupt:
            pass
        finally:
            server.stop()
