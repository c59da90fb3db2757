"""Options and helpers every command shares, so flags mean the same thing everywhere."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from evaluators.base import AGGREGATIONS
from store import PromptFilter, Store, StoreError
from studio.backends import BACKENDS
from studio.config import ConfigError, Settings, load_settings
from studio.untrusted import json_document, visible_text

# emoji=False: Rich turns ":smile:" into 😄 even in escaped text, and prompts are shown as their authors typed them
console = Console(emoji=False)
err_console = Console(stderr=True, emoji=False)


def choices(name: str, values: Iterable[str]) -> type[StrEnum]:
    """An option's fixed values as an Enum: Typer makes it a choice, so a bad value is Click's usage error (exit 2,
    naming the choices) before the command runs. Members are `str`s equal to their values."""
    return StrEnum(name, {value: value for value in values})


Backend = choices("Backend", BACKENDS)
Aggregation = choices("Aggregation", AGGREGATIONS)
# The keys of studio.backends.sim.PROFILES, named here so `--help` does not load the simulator's web server
# (tests/studio/cli/test_choices.py checks the two agree).
SimProfile = choices("SimProfile", ("cpu", "gpu"))

DbOption = Annotated[str | None, typer.Option("--db", help="Store file (default: $PPSTUDIO_DB or ./ppstudio.db).",
                                              show_default=False)]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one machine-readable JSON document.")]
BaseUrlOption = Annotated[str | None, typer.Option("--base-url", help="Any OpenAI-compatible endpoint, e.g. "
                                                   "http://127.0.0.1:8000/v1. Without it the embedded engine runs.")]
ModelOption = Annotated[str | None, typer.Option("--model", help="Model name at the endpoint.")]
ApiKeyEnvOption = Annotated[str | None, typer.Option("--api-key-env", help="Name of the environment variable "
                                                     "holding the API key (the key is never stored).")]
BackendOption = Annotated[Backend | None, typer.Option("--backend", help="embedded (default), sim (simulated, "
                                                       "deterministic; for tests and teaching) or openai (needs "
                                                       "--base-url).")]


def settings_for(db: str | None = None, **backend_flags: Any) -> Settings:
    """Settings from ppstudio.toml + env, with the given flags applied on top; a bad setting is a usage error."""
    try:
        settings = load_settings()
    except ConfigError as exc:
        raise fail(str(exc), code=2) from None
    if db:
        settings = replace(settings, db=db)
    return settings.with_backend(**backend_flags)


def open_store(db: str | None, *, create: bool = False) -> Store:
    """The store of --db / config; only commands that fill a store (`create=True`) may make a new one. A store
    that cannot be opened raises `StoreError` (with a hint when there is no file), which `store_errors` reports."""
    path = settings_for(db).db
    try:
        return Store(path, create=create)
    except StoreError as exc:
        if Path(path).exists():
            raise
        raise StoreError(f"{exc}: make one with `ppstudio ingest FILE` (or `ppstudio demo`), or point --db at an "
                         "existing store") from None


@contextmanager
def store_errors() -> Iterator[None]:
    """A store that cannot be opened or migrated (`store.StoreError`, raised anywhere inside) as one `error:`
    line and exit 1, never a traceback."""
    try:
        yield
    except StoreError as exc:
        raise fail(str(exc)) from None


class Commands(TyperGroup):
    """The `ppstudio` group: every command runs inside `store_errors`, so no command handles StoreError itself
    and each reports it the same way."""

    def invoke(self, ctx: click.Context) -> Any:
        with store_errors():
            return super().invoke(ctx)


MIN_ID_PREFIX = 6  # ids are shown by their first 8 characters; 6 tell apart millions of prompts in practice
_AMBIGUOUS_SHOWN = 5


class IdError(ValueError):
    """An id or id prefix that names no row, or more than one; the message says which ids match."""


def resolve_ids(store: Store, table: str, given: Iterable[str]) -> list[str]:
    """Full ids for what the user typed: each a whole id or a unique prefix of at least MIN_ID_PREFIX characters
    of one (`table`: "prompts", "runs" or "sweeps"); order kept, repeats dropped."""
    kind = table.removesuffix("s")
    resolved: list[str] = []
    for text in (item.strip() for item in given):
        matches = store.ids_with_prefix(table, text, limit=_AMBIGUOUS_SHOWN + 1)
        if text in matches:
            resolved.append(text)
        elif not matches:
            raise IdError(f"no {kind} with id {text!r} (or starting with it) in {store.path}")
        elif len(text) < MIN_ID_PREFIX:
            raise IdError(f"{kind} id {text!r} is too short to look up: give at least {MIN_ID_PREFIX} characters")
        elif len(matches) > 1:
            shown = ", ".join(matches[:_AMBIGUOUS_SHOWN]) + (" and more" if len(matches) > _AMBIGUOUS_SHOWN else "")
            raise IdError(f"{kind} id {text!r} is ambiguous: it starts {shown}; give more characters")
        else:
            resolved.append(matches[0])
    return list(dict.fromkeys(resolved))


def resolve_where_ids(store: Store, where: PromptFilter) -> PromptFilter:
    """`where` with its `ids=` prefixes replaced by the full prompt ids (see `resolve_ids`)."""
    return replace(where, ids=resolve_ids(store, "prompts", where.ids)) if where.ids else where


def print_json(document: Any) -> None:
    """JSON to stdout, never through Rich (so untrusted text is not interpreted as markup), nothing unprintable."""
    sys.stdout.write(json_document(document) + "\n")
    sys.stdout.flush()


def safe(text: object) -> str:
    """Untrusted text made safe for Rich: markup escaped, control characters (terminal escapes) made visible."""
    return escape(visible_text(str(text)))


def given_on_command_line(ctx: typer.Context, name: str) -> bool:
    """Whether the option `name` (the parameter's name) was typed, not defaulted or read from the environment.
    (Compared by name: typer bundles its own click, whose ParameterSource is not the installed click's.)"""
    return getattr(ctx.get_parameter_source(name), "name", None) == "COMMANDLINE"


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one error line (never wrapped, so scripts can match it) and return the exit to raise."""
    err_console.print(f"[bold red]error:[/] {safe(message)}", soft_wrap=True)
    return typer.Exit(code)


INTERRUPTED = 130  # the shell's status for a process stopped by Ctrl-C (128 + SIGINT)


def interrupted_exit(kept: str) -> typer.Exit:
    """Print what an interrupted command kept (and how to continue), and return the exit to raise (130)."""
    err_console.print(f"[yellow]interrupted:[/] {kept}")
    return typer.Exit(INTERRUPTED)
