"""`ppstudio score` says when figures failed: a judge whose endpoint is down stores errors, not verdicts."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from evaluators.base import ComparisonCase, ScoreValue
from store import Store
from studio.cli import app, score
from tests.studio.reports.conftest import fill_store
from tests.studio.scoring.test_runs import FailingScorer

runner = CliRunner()


def scorers_of(*chosen: object) -> object:
    @contextlib.contextmanager
    def open_scorers(*args: object, **kwargs: object) -> Iterator[list[object]]:
        yield list(chosen)

    return open_scorers


def test_a_scorer_that_failed_on_every_run_is_an_error(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    fill_store(store)
    monkeypatch.setattr(score, "open_scorers", scorers_of(FailingScorer()))
    result = runner.invoke(app, ["score", "--run", "t2", "--db", str(store.path)])
    assert result.exit_code == 1, result.output
    assert "failing failed on 1 run, e.g.: connection refused" in result.output
    assert "every failing figure failed, so nothing was scored" in result.output


class FlakyScorer(FailingScorer):
    """Fails on the first case of a batch and scores the others."""

    name = "flaky"

    def score_batch(self, cases: list[ComparisonCase]) -> list[list[ScoreValue]]:
        return [failed if i == 0 else [ScoreValue("overall", 1.0)]
                for i, failed in enumerate(super().score_batch(cases))]


def test_a_partial_failure_is_counted_and_exits_0(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    fill_store(store)
    monkeypatch.setattr(score, "open_scorers", scorers_of(FlakyScorer()))
    result = runner.invoke(app, ["score", "--run", "t1", "--run", "t2", "--db", str(store.path), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["scored"] == {"flaky": 2} and document["failed"] == {"flaky": 1}
    assert document["failure_reasons"] == {"flaky": "connection refused"}


def test_an_interrupted_scoring_says_what_was_kept(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    fill_store(store)

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(score, "score_runs", interrupted)
    result = runner.invoke(app, ["score", "--all", "--db", str(store.path)])
    assert result.exit_code == 130, result.output
    said = " ".join(result.stderr.split())
    assert "interrupted:" in said and "run the same command again" in said
