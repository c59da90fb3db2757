"""`ppstudio demo` end to end on the simulator (the embedded engine is what `make demo` uses)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from store import Store
from studio.cli import app
from studio.demo import choose_prompts, fresh_store, prepare


def test_prepare_accepts_the_triage_cut_and_chooses_varied_prompts(tmp_path: Path) -> None:
    with fresh_store(tmp_path / "demo.db") as store:
        prepared = prepare(store)
        assert prepared.ingested == 175 and prepared.curated >= 175
        accepted = store.list_prompts(limit=500)
        accepted = [row for row in accepted if row.triage == "accepted"]
        assert len(accepted) == prepared.accepted > 0
        assert all(row.tier in ("high", "medium") for row in accepted)
        chosen = choose_prompts(store, 4)
        rows = {row.id: row for row in accepted}
        assert len(chosen) == 4 and all(2 <= rows[pid].n_branches <= 4 for pid in chosen)
        assert len({rows[pid].category for pid in chosen}) == 4


def test_fresh_store_replaces_an_old_one(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    with Store(path) as old:
        from store import Prompt

        old.add_prompts([Prompt(text="left over", source="text")])
    with fresh_store(path) as store:
        assert store.count_prompts() == 0


@pytest.mark.slow
def test_demo_runs_scores_and_reports_on_the_simulator(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["demo", "--backend", "sim", "--prompts", "2", "--max-tokens", "8"])
    assert result.exit_code == 0, result.output
    assert "ppstudio studio --db reports/demo.db" in result.output
    assert "per category" in result.output and "All categories" in result.output
    assert (tmp_path / "reports" / "demo.html").read_text().startswith("<!DOCTYPE html>")
    assert "Speedup" in (tmp_path / "reports" / "demo.md").read_text()
    with Store(tmp_path / "reports" / "demo.db") as store:
        runs = store.list_runs()
        assert len(runs) == 2 and all(run.status == "done" and run.simulated for run in runs)
        assert all(store.scores_for(run.id) for run in runs)
