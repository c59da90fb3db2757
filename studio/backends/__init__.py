"""Backends: where chat requests go. Everything that sends requests asks `open_endpoint` for an `Endpoint`.

- `base_url` given: that OpenAI-compatible server as it is (OpenAI, vLLM, SGLang, Ollama, a llama.cpp server).
- `backend="sim"`: the deterministic simulator, in this process on a free loopback port (always labelled simulated).
- otherwise: the embedded llama.cpp engine (bundled SmolLM2 or `model_path`), started with enough parallel slots
  for the job and stopped when the block ends.

Each endpoint carries a label, stored as the `backend` of the runs made against it: "embedded", "sim:<profile>" or
"openai-compatible". `open_endpoint` (with `sim_label`) makes them and `backend_of_label` reads one back into the
settings that reach that backend again (a resume without backend flags): no caller outside this package parses one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from studio.backends.base import Endpoint, shown_url, url_credentials
from studio.config import BackendSettings

MAX_SLOTS = 64
LISTING_TIMEOUT_S = 5  # reading /models when the model is named: only to learn whether the server is simulated
BACKENDS = ("embedded", "sim", "openai")
EMBEDDED_LABEL = "embedded"
REMOTE_LABEL = "openai-compatible"
_SIM_PREFIX = "sim:"
CONTEXT_OVERFLOW = "exceeds the available context size"  # llama.cpp's 400 for a request longer than its slot


class BackendError(RuntimeError):
    """The endpoint cannot be opened (unknown backend, unreachable server, no model, the engine fails to start);
    the message says why. Callers catch this one class (`embedded.EngineError` is a subclass)."""


def sim_label(profile: str) -> str:
    """The label of the simulator with this latency profile ("sim:gpu")."""
    return _SIM_PREFIX + profile


def context_overflow_hint(error: str | None, label: str) -> str | None:
    """What to do when the embedded engine refused a request longer than its slots hold (`error` is a run's or a
    request's), or None: the failed requests are kept, so a resume with larger slots completes the run."""
    if label != EMBEDDED_LABEL or not error or CONTEXT_OVERFLOW not in error:
        return None
    return ("a prompt with its answer budget is longer than a slot of the embedded engine holds ([backend] "
            f"ctx_per_slot, {BackendSettings().ctx_per_slot:,} tokens unless set): raise it, e.g. "
            "PPSTUDIO_BACKEND_CTX_PER_SLOT=8192 (SmolLM2's trained length), then `ppstudio run --resume`")


def backend_of_label(label: str, model: str | None, base_url: str | None) -> dict[str, Any]:
    """The backend settings (as flags) that reach the endpoint a run labelled `label` was made against: the
    embedded engine, the simulator with the same profile, or the server at `base_url` with `model`."""
    if label == EMBEDDED_LABEL:
        return {"backend": "embedded"}
    if label.startswith(_SIM_PREFIX):
        return {"backend": "sim", "sim_profile": label.removeprefix(_SIM_PREFIX)}
    return {"backend": "openai", "base_url": base_url, "model": model}


def slots_for(settings: BackendSettings, min_slots: int) -> int:
    """Enough slots for the widest fan-out of the job (each branch needs its own), capped for memory."""
    return max(1, min(MAX_SLOTS, max(settings.slots, min_slots)))


@contextmanager
def open_endpoint(settings: BackendSettings, *, min_slots: int = 1) -> Iterator[Endpoint]:
    """Yield a ready endpoint for these settings; a backend started here is stopped when the block exits."""
    if settings.base_url:
        yield remote_endpoint(settings)
        return
    if settings.backend == "sim":
        from studio.backends.sim import SimConfig, SimulatorServer, profile_named

        config = SimConfig(profile=profile_named(settings.sim_profile), model=settings.model)
        with SimulatorServer(config) as server:
            yield Endpoint(base_url=f"{server.base_url}/v1", model=config.model_name,
                           label=sim_label(settings.sim_profile), simulated=True, ephemeral=True)
        return
    if settings.backend not in ("embedded", "openai"):
        raise BackendError(f"unknown backend {settings.backend!r} (known: {', '.join(BACKENDS)})")
    if settings.backend == "openai":
        raise BackendError("backend 'openai' needs --base-url (any OpenAI-compatible endpoint)")
    from pathlib import Path

    from studio.backends.embedded import EmbeddedEngine, EngineConfig

    config = EngineConfig(model_path=Path(settings.model_path) if settings.model_path else None,
                          slots=slots_for(settings, min_slots), ctx_per_slot=settings.ctx_per_slot)
    with EmbeddedEngine(config) as engine:
        yield Endpoint(base_url=f"{engine.base_url}/v1", model=engine.model_name, label=EMBEDDED_LABEL,
                       ephemeral=True, slots=config.slots)


def remote_endpoint(settings: BackendSettings) -> Endpoint:
    """An existing server as it is; the model is the configured one or the first the server lists. A server whose
    listing says it is simulated (`ppstudio serve --backend sim`) makes simulated runs, whatever flag reached it:
    its figures must never be stored or reported as measurements."""
    assert settings.base_url
    base_url = settings.base_url.rstrip("/")
    if url_credentials(base_url):  # every client sends the bearer key; aiohttp refuses both at once
        raise BackendError(f"--base-url {shown_url(base_url)}: a URL with user:password@ is not supported; the "
                           "OpenAI API authenticates with a key (--api-key-env NAME)")
    api_key = settings.api_key()
    if settings.api_key_env and api_key is None:
        raise BackendError(f"environment variable {settings.api_key_env} (named by --api-key-env) is not set")
    try:  # a named model needs no listing: a server without one (or slow to give it) is used as it is
        models = listed_models(base_url, api_key, timeout_s=LISTING_TIMEOUT_S if settings.model else 15)
    except BackendError:
        if not settings.model:
            raise
        models = []
    model = settings.model or first_model_id(models, base_url)
    return Endpoint(base_url=base_url, model=model, label=REMOTE_LABEL, api_key=api_key,
                    simulated=serves_simulated(models, model))


def serves_simulated(models: list[dict[str, Any]], model: str) -> bool:
    """Whether `model` at a server with this listing answers from a simulator: its own entry says so, or, when the
    server does not list it (the simulator, like llama.cpp, answers any model name with the one it serves), the
    server lists a simulated model."""
    named = [entry for entry in models if entry.get("id") == model]
    return any(entry.get("simulated") is True for entry in (named or models))


def listed_models(base_url: str, api_key: str | None, *, timeout_s: float = 15) -> list[dict[str, Any]]:
    """The entries of the server's `/models` listing (those that are objects)."""
    import httpx  # here, not at the top: every command imports this package, few ever list models

    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    try:
        response = httpx.get(f"{base_url}/models", headers=headers, timeout=timeout_s)
        response.raise_for_status()
        models = response.json().get("data") or []
    except (httpx.HTTPError, httpx.InvalidURL, ValueError, AttributeError) as exc:
        raise BackendError(f"cannot list models at {base_url}/models ({exc}); give --model") from exc
    return [entry for entry in models if isinstance(entry, dict)] if isinstance(models, list) else []


def first_model_id(models: list[dict[str, Any]], base_url: str) -> str:
    """The id of the first model listed: the one a server without --model is used with."""
    if not models or not models[0].get("id"):
        raise BackendError(f"{base_url}/models lists no model; give --model")
    return str(models[0]["id"])


__all__ = ["Endpoint", "open_endpoint", "remote_endpoint", "serves_simulated", "slots_for", "BackendError",
           "MAX_SLOTS", "sim_label", "backend_of_label", "EMBEDDED_LABEL", "REMOTE_LABEL"]
