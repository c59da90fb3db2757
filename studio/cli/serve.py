"""`ppstudio serve`: the embedded engine or the simulator as an OpenAI-compatible server."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from studio.cli.common import ApiKeyEnvOption, SimProfile, choices, console, err_console, fail, safe, settings_for

if TYPE_CHECKING:
    from studio.backends.server import RunningServer

ServeBackend = choices("ServeBackend", ("embedded", "sim"))
ServeBackendOption = Annotated[ServeBackend, typer.Option(
    "--backend", help="embedded (llama.cpp with the bundled SmolLM2) or sim (simulated, deterministic).")]


def serve(
    backend: ServeBackendOption = ServeBackend.embedded,
    host: Annotated[str, typer.Option("--host", help="Interface to bind. Loopback unless you mean otherwise.")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port (0 = any free port).", min=0, max=65535)] = 8080,
    slots: Annotated[int | None, typer.Option("--slots", help="Parallel slots of the embedded engine.",
                                              min=1, max=64)] = None,
    ctx_per_slot: Annotated[int | None, typer.Option("--ctx-per-slot", help="Tokens each slot of the embedded "
                                                     "engine holds: its longest prompt plus the answer budget. "
                                                     "Default: [backend] ctx_per_slot, else 2048.", min=256,
                                                     show_default=False)] = None,
    model_path: Annotated[str | None, typer.Option("--model-path", help="A GGUF file instead of the bundled "
                                                   "SmolLM2-135M-Instruct.")] = None,
    api_key_env: ApiKeyEnvOption = None,
    sim_profile: Annotated[SimProfile | None, typer.Option(
        "--sim-profile", help="Simulator latency profile. Default: [backend] sim_profile in ppstudio.toml, else cpu.",
        show_default=False)] = None,
    time_scale: Annotated[float, typer.Option("--time-scale", help="Simulator: multiply every delay by this.",
                                              min=0.0)] = 1.0,
    concurrency_cap: Annotated[int | None, typer.Option("--concurrency-cap", help="Simulator: serve at most "
                                                        "this many requests at once; others queue.", min=1)] = None,
    fail_429: Annotated[float, typer.Option("--fail-429", help="Simulator: share of requests answered 429.",
                                            min=0.0, max=1.0)] = 0.0,
    fail_500: Annotated[float, typer.Option("--fail-500", help="Simulator: share answered 500.",
                                            min=0.0, max=1.0)] = 0.0,
    hang: Annotated[float, typer.Option("--hang", help="Simulator: share that never answer (client timeouts).",
                                        min=0.0, max=1.0)] = 0.0,
    disconnect: Annotated[float, typer.Option("--disconnect", help="Simulator: share cut off mid-response.",
                                              min=0.0, max=1.0)] = 0.0,
    fault_seed: Annotated[int, typer.Option("--fault-seed", help="Simulator: seed of the fault draws.")] = 0,
) -> None:
    """Serve an OpenAI-compatible API (/v1/models, /v1/chat/completions) until Ctrl-C.

    The embedded engine is llama.cpp's own server with parallel slots and continuous batching; the simulator has
    the same surface with a stated latency model and optional faults, and labels everything it returns simulated.

    Examples:

      ppstudio serve --backend embedded --port 8080 --slots 8

      ppstudio serve --backend sim --sim-profile gpu --fail-429 0.1 --port 0
    """
    from studio.backends.embedded import EngineError
    from studio.backends.server import ServeOptions, is_loopback, serve_until_interrupted
    from studio.backends.sim import FaultConfig

    settings = settings_for(None, api_key_env=api_key_env, slots=slots, ctx_per_slot=ctx_per_slot,
                            model_path=model_path, sim_profile=sim_profile)
    profile = settings.backend.sim_profile
    api_key = settings.backend.api_key()
    if api_key_env and not api_key:
        raise fail(f"environment variable {api_key_env} (named by --api-key-env) is not set")
    try:
        faults = FaultConfig(rate_429=fail_429, rate_500=fail_500, rate_hang=hang, rate_disconnect=disconnect,
                             seed=fault_seed)
    except ValueError as exc:
        raise fail(str(exc)) from None
    if not is_loopback(host) and not api_key:
        err_console.print(f"[yellow]warning:[/] serving on {safe(host)} without an API key: anyone who can reach "
                          "this address can use it (give --api-key-env)")
    options = ServeOptions(backend=backend, host=host, port=port, slots=settings.backend.slots,
                           ctx_per_slot=settings.backend.ctx_per_slot, model_path=settings.backend.model_path,
                           api_key=api_key, sim_profile=profile, time_scale=time_scale,
                           concurrency_cap=concurrency_cap, faults=faults)

    def ready(server: RunningServer) -> None:
        what = f"simulator ({profile} profile, SIMULATED)" if backend == "sim" else \
            f"embedded llama.cpp engine ({options.slots} slots of {options.ctx_per_slot:,} tokens)"
        console.print(f"{safe(what)} serving at [bold]{safe(server.base_url)}/v1[/]"
                      f"{' (bearer key required)' if api_key else ''}; Ctrl-C stops it")

    try:
        serve_until_interrupted(options, ready)
    except (EngineError, OSError, RuntimeError, ValueError) as exc:
        raise fail(str(exc)) from None


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("serve")(serve)
