"""Every command that opens a store reports a store it cannot use (not SQLite, or a newer schema than this
ppstudio) as one `error:` line on stderr and exit 1: `store_errors` in studio/cli/common.py, around every command."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from store import Store
from store.migrations import LATEST_VERSION
from studio.cli import app

runner = CliRunner()

OPENS_A_STORE: tuple[list[str], ...] = (
    ["ingest", "PROMPTS"], ["stats"], ["curate"], ["run", "--backend", "sim"], ["runs"], ["score", "--all"],
    ["report"], ["export", "prompts"], ["studio"], ["show", "abcdef"],
    ["probe", "--backend", "sim", "--sim-profile", "gpu", "--concurrency-levels", "1", "--max-tokens", "4"],
)
NEEDS_NO_STORE = {"serve"}  # serves the model only
REPLACES_ITS_STORE = {"demo"}  # builds a fresh store wherever --db points: tested below


def not_sqlite(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "notes.db"
    path.write_text("these are someone's notes, not a store\n" * 100, encoding="utf-8")
    return path, "file is not a database"


def newer_schema(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "future.db"
    Store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    return path, f"has schema version {LATEST_VERSION + 1}, newer than this ppstudio"


def fingerprint(path: Path) -> bytes | int:
    """The text of a file that is not a store; the schema version of a store."""
    if not path.read_bytes().startswith(b"SQLite format 3"):
        return path.read_bytes()
    with sqlite3.connect(path) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def assert_one_error_line(result: object, expected: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.stdout == ""  # nothing a script would take for a result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and expected in lines[0], result.stderr
    assert "Traceback" not in result.output


def test_every_command_is_covered() -> None:
    commands = set(typer.main.get_command(app).commands)
    assert {args[0] for args in OPENS_A_STORE} | NEEDS_NO_STORE | REPLACES_ITS_STORE == commands


@pytest.mark.parametrize("make_store", [not_sqlite, newer_schema])
@pytest.mark.parametrize("args", OPENS_A_STORE, ids=lambda args: args[0])
def test_a_store_that_cannot_be_opened_is_one_error_line(args: list[str], make_store, tmp_path: Path) -> None:
    path, expected = make_store(tmp_path)
    prompts = tmp_path / "prompts.txt"
    prompts.write_text("Give me 3 slogans for a bakery\n", encoding="utf-8")
    before = fingerprint(path)
    result = runner.invoke(app, [*(str(prompts) if arg == "PROMPTS" else arg for arg in args), "--db", str(path)])
    assert_one_error_line(result, expected)
    assert fingerprint(path) == before  # neither replaced nor migrated


def test_the_demo_reports_a_store_it_cannot_make(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import store.database

    monkeypatch.setattr(store.database, "LATEST_VERSION", -1)  # even a fresh store is "newer than this ppstudio"
    result = runner.invoke(app, ["demo", "--backend", "sim", "--db", str(tmp_path / "demo.db")])
    assert_one_error_line(result, "newer than this ppstudio")
