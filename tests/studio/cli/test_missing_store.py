"""Commands that need a store refuse a mistyped --db with one line, and create neither the file nor its folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from store import Store, StoreError
from studio.cli import app

runner = CliRunner()

NEEDS_A_STORE = (
    ["stats"], ["stats", "--json"], ["runs"], ["runs", "--json"], ["report"], ["report", "--format", "json"],
    ["score", "--all"], ["score", "--run", "r1", "--json"], ["curate"], ["curate", "--compare", "rules"],
    ["run", "--backend", "sim"], ["run", "--resume", "--json"], ["studio"], ["show", "abcdef"],
)


@pytest.mark.parametrize("args", NEEDS_A_STORE, ids=" ".join)
def test_a_missing_store_is_refused_and_not_created(args: list[str], tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "ppstudio.db"
    result = runner.invoke(app, [*args, "--db", str(missing)])
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: no store at {missing}"), result.output
    assert result.stdout == ""  # nothing a script would take for a result
    assert not missing.parent.exists()


def test_the_default_store_is_not_created_either(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PPSTUDIO_DB", raising=False)
    result = runner.invoke(app, ["stats"])
    assert result.exit_code == 1 and "no store at ppstudio.db" in result.output
    assert list(tmp_path.iterdir()) == []


def test_commands_that_fill_a_store_still_create_it(tmp_path: Path) -> None:
    data = tmp_path / "prompts.txt"
    data.write_text("Give me 3 slogans for a bakery\n", encoding="utf-8")
    db = tmp_path / "new" / "made.db"
    assert runner.invoke(app, ["ingest", "--db", str(db), str(data)]).exit_code == 0
    assert runner.invoke(app, ["stats", "--db", str(db), "--json"]).exit_code == 0


def test_store_opens_existing_files_only_when_asked(tmp_path: Path) -> None:
    missing = tmp_path / "folder" / "none.db"
    with pytest.raises(StoreError, match="no store at"):
        Store(missing, create=False)
    assert not missing.parent.exists()
    with Store(missing):  # the default creates it
        pass
    with Store(missing, create=False) as store:
        assert store.prompt_stats().prompts == 0
