"""Configuration in one place: defaults < `ppstudio.toml` < `PPSTUDIO_*` environment variables < CLI flags.

Secrets are never configuration values: only the *name* of the environment variable that holds an API key is
configured (`api_key_env`), and the key itself is read from the environment at the moment a client is made.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

CONFIG_FILE = "ppstudio.toml"


@dataclass(frozen=True, slots=True)
class BackendSettings:
    """Where chat requests go. `base_url=None` means the embedded engine (or `backend="sim"`)."""

    backend: str = "embedded"  # embedded | sim | openai (any OpenAI-compatible base_url)
    base_url: str | None = None
    model: str | None = None
    api_key_env: str | None = None  # name of the env var holding the key; the key is never stored
    slots: int = 8
    model_path: str | None = None  # a GGUF other than the bundled SmolLM2
    sim_profile: str = "cpu"

    def api_key(self) -> str | None:
        """Read the key from the environment now; never persisted."""
        return os.environ.get(self.api_key_env) if self.api_key_env else None


@dataclass(frozen=True, slots=True)
class RunSettings:
    max_tokens: int = 256
    temperature: float = 0.0
    seed: int = 0
    trials: int = 1
    concurrency: int = 64
    timeout_s: float = 120.0
    retries: int = 3


@dataclass(frozen=True, slots=True)
class ScoreSettings:
    embedding_precision: str = "auto"  # auto | float32 | bfloat16 (auto: bfloat16 where the CPU has it natively)


@dataclass(frozen=True, slots=True)
class CurateSettings:
    """Rule curation of many prompts: processes, and from how many prompts on they are worth starting."""

    workers: int = 0  # 0: one per core
    parallel_min_prompts: int = 2000  # below this, one process (starting workers costs ~0.3 s)


@dataclass(frozen=True, slots=True)
class Settings:
    db: str = "ppstudio.db"
    backend: BackendSettings = field(default_factory=BackendSettings)
    run: RunSettings = field(default_factory=RunSettings)
    score: ScoreSettings = field(default_factory=ScoreSettings)
    curate: CurateSettings = field(default_factory=CurateSettings)

    def with_backend(self, **overrides: Any) -> "Settings":
        """Apply CLI flags (None means 'not given')."""
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(self, backend=replace(self.backend, **given)) if given else self

    def with_run(self, **overrides: Any) -> "Settings":
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(self, run=replace(self.run, **given)) if given else self


def _coerce(cls: type, raw: dict[str, Any], origin: str) -> dict[str, Any]:
    known = {f.name: f for f in fields(cls)}
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            raise ValueError(f"{origin}: unknown setting {key!r} (known: {', '.join(sorted(known))})")
        out[key] = value
    return out


def _env_overrides(cls: type, prefix: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(cls):
        value = os.environ.get(f"{prefix}{f.name.upper()}")
        if value is None:
            continue
        kind = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", "str")
        if "int" in kind and "None" not in kind:
            out[f.name] = int(value)
        elif "float" in kind:
            out[f.name] = float(value)
        else:
            out[f.name] = value
    return out


def load_settings(config_path: str | os.PathLike[str] | None = None) -> Settings:
    """Read `ppstudio.toml` (from `config_path`, `PPSTUDIO_CONFIG` or the working directory), then env vars."""
    path = Path(config_path or os.environ.get("PPSTUDIO_CONFIG") or CONFIG_FILE)
    raw: dict[str, Any] = {}
    if path.exists():
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    backend = BackendSettings(**_coerce(BackendSettings, raw.get("backend", {}), f"{path} [backend]"))
    backend = replace(backend, **_env_overrides(BackendSettings, "PPSTUDIO_BACKEND_"))
    run = RunSettings(**_coerce(RunSettings, raw.get("run", {}), f"{path} [run]"))
    run = replace(run, **_env_overrides(RunSettings, "PPSTUDIO_RUN_"))
    score = ScoreSettings(**_coerce(ScoreSettings, raw.get("score", {}), f"{path} [score]"))
    score = replace(score, **_env_overrides(ScoreSettings, "PPSTUDIO_SCORE_"))
    curate = CurateSettings(**_coerce(CurateSettings, raw.get("curate", {}), f"{path} [curate]"))
    curate = replace(curate, **_env_overrides(CurateSettings, "PPSTUDIO_CURATE_"))
    db = os.environ.get("PPSTUDIO_DB") or raw.get("db") or Settings.db
    return Settings(db=str(db), backend=backend, run=run, score=score, curate=curate)
