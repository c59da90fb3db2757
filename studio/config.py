"""Configuration in one place: defaults < `ppstudio.toml` < `PPSTUDIO_*` environment variables < CLI flags.

Secrets are never configuration values: only the *name* of the environment variable that holds an API key is
configured (`api_key_env`), and the key itself is read from the environment at the moment a client is made.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, get_args, get_type_hints

from store.database import DEFAULT_DB_PATH

CONFIG_FILE = "ppstudio.toml"


@dataclass(frozen=True, slots=True)
class BackendSettings:
    """Where chat requests go. `base_url=None` means the embedded engine (or `backend="sim"`)."""

    backend: str = "embedded"  # embedded | sim | openai (any OpenAI-compatible base_url)
    base_url: str | None = None
    model: str | None = None
    api_key_env: str | None = None  # name of the env var holding the key; the key is never stored
    slots: int = 8
    # Tokens each slot of the embedded engine holds: its longest prompt plus the answer budget (SmolLM2 was trained
    # on 8,192). A request that does not fit fails with the engine's "exceeds the available context size".
    ctx_per_slot: int = 2048
    model_path: str | None = None  # a GGUF other than the bundled SmolLM2
    sim_profile: str = "cpu"

    def api_key(self) -> str | None:
        """Read the key from the environment now; never persisted."""
        return os.environ.get(self.api_key_env) if self.api_key_env else None


@dataclass(frozen=True, slots=True)
class RunSettings:
    max_tokens: int = 256
    serial_budget: str = "same"  # the serial request's budget: same (max_tokens) | sum (max_tokens x branches)
    temperature: float = 0.0
    seed: int = 0
    trials: int = 3  # interleaved serial/parallel repetitions; the speedup is their median (see stability.py)
    diversity: str = "letter"  # how repeated-generation branches differ (studio/execution/branches.py)
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
    db: str = DEFAULT_DB_PATH
    backend: BackendSettings = field(default_factory=BackendSettings)
    run: RunSettings = field(default_factory=RunSettings)
    score: ScoreSettings = field(default_factory=ScoreSettings)
    curate: CurateSettings = field(default_factory=CurateSettings)
    # Where each value not left at its default came from, by "table.name" ("run.trials": "environment variable
    # PPSTUDIO_RUN_TRIALS"): a value refused later, where its range is checked, is refused naming its source.
    origins: Mapping[str, str] = field(default_factory=dict, compare=False)

    def with_backend(self, **overrides: Any) -> "Settings":
        """Apply CLI flags (None means 'not given')."""
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(self, backend=replace(self.backend, **given), origins=self._origins_but("backend", given)) \
            if given else self

    def with_run(self, **overrides: Any) -> "Settings":
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(self, run=replace(self.run, **given), origins=self._origins_but("run", given)) \
            if given else self

    def _origins_but(self, table: str, given: Mapping[str, Any]) -> dict[str, str]:
        """The origins without those of `table`'s settings in `given` (set by a flag now)."""
        return {key: origin for key, origin in self.origins.items()
                if not (key.startswith(f"{table}.") and key.removeprefix(f"{table}.") in given)}

    def origins_of(self, table: str) -> dict[str, str]:
        """The sources of the settings of `table` set in the file or the environment, by setting name."""
        prefix = f"{table}."
        return {key.removeprefix(prefix): origin for key, origin in self.origins.items() if key.startswith(prefix)}


class ConfigError(ValueError):
    """A setting that cannot be used; the message names it and where it came from (file table or variable)."""


_KINDS: dict[type, str] = {int: "a whole number", float: "a number", str: "text"}
_TABLES = ("db", "backend", "run", "score", "curate")  # what ppstudio.toml may hold at its top level


def _kind(cls: type, name: str) -> type:
    """int, float or str: the type of setting `name` of `cls` (`str | None` counts as str)."""
    hint = get_type_hints(cls)[name]
    return next(arg for arg in (get_args(hint) or (hint,)) if arg is not type(None))


def _from_file(kind: type, value: Any, origin: str) -> Any:
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, kind) and not isinstance(value, bool):
        return value
    raise ConfigError(f"{origin}: must be {_KINDS[kind]}, not {value!r}")


def _from_env(kind: type, text: str, variable: str) -> Any:
    try:
        return kind(text.strip()) if kind is not str else text
    except ValueError:
        raise ConfigError(f"environment variable {variable}: must be {_KINDS[kind]}, not {text!r}") from None


def _section(cls: type, raw: dict[str, Any], table: str, path: Path, prefix: str,
             origins: dict[str, str]) -> Any:
    """One settings table: `[table]` of the file over the defaults, then `PREFIX_NAME` variables over that; where
    each value came from is added to `origins`."""
    section = raw.get(table, {})
    if not isinstance(section, dict):
        raise ConfigError(f"{path} [{table}]: must be a table of settings, not {section!r}")
    known = [f.name for f in fields(cls)]
    values: dict[str, Any] = {}
    for key, value in section.items():
        if key not in known:
            raise ConfigError(f"{path} [{table}]: unknown setting {key!r} (known: {', '.join(sorted(known))})")
        origins[f"{table}.{key}"] = f"{path} [{table}] {key}"
        values[key] = _from_file(_kind(cls, key), value, origins[f"{table}.{key}"])
    for name in known:
        variable = f"{prefix}{name.upper()}"
        if (text := os.environ.get(variable)) is not None:
            values[name] = _from_env(_kind(cls, name), text, variable)
            origins[f"{table}.{name}"] = f"environment variable {variable}"
    return cls(**values)


def load_settings(config_path: str | os.PathLike[str] | None = None) -> Settings:
    """Read `ppstudio.toml` (from `config_path`, `PPSTUDIO_CONFIG` or the working directory), then env vars.
    Raises ConfigError, naming the setting and its source, for anything that is not a usable value."""
    named = os.environ.get("PPSTUDIO_CONFIG")
    path = Path(config_path or named or CONFIG_FILE)
    if named and not config_path and not path.exists():  # a file asked for by name is never silently skipped
        raise ConfigError(f"environment variable PPSTUDIO_CONFIG: no file at {path}")
    raw: dict[str, Any] = {}
    if path.exists():
        try:
            with path.open("rb") as fh:
                raw = tomllib.load(fh)
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read it: {exc.strerror or exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
        except UnicodeDecodeError as exc:  # TOML is UTF-8; tomllib decodes the whole file before parsing
            raise ConfigError(f"{path}: not valid TOML: not UTF-8 (byte {exc.start})") from None
    unknown = sorted(set(raw) - set(_TABLES))
    if unknown:
        raise ConfigError(f"{path}: unknown setting {unknown[0]!r} (known: {', '.join(_TABLES)})")
    origins: dict[str, str] = {}
    backend = _section(BackendSettings, raw, "backend", path, "PPSTUDIO_BACKEND_", origins)
    run = _section(RunSettings, raw, "run", path, "PPSTUDIO_RUN_", origins)
    score = _section(ScoreSettings, raw, "score", path, "PPSTUDIO_SCORE_", origins)
    curate = _section(CurateSettings, raw, "curate", path, "PPSTUDIO_CURATE_", origins)
    db = os.environ.get("PPSTUDIO_DB") or _from_file(str, raw.get("db", DEFAULT_DB_PATH), f"{path} db")
    return Settings(db=db, backend=backend, run=run, score=score, curate=curate, origins=origins)
