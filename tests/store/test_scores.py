"""ScoreQueries: scores upsert per (run, scorer, aggregation, name), scoring cache reads, human judgements."""

from __future__ import annotations

import pytest

from store import Judgement, Prompt, Run, Score, Store


def add_run(store: Store, run_id: str) -> None:
    prompt = Prompt(text=f"Translate {run_id}", source="text")
    store.add_prompts([prompt])
    store.create_run(Run(id=run_id, prompt_id=prompt.id, schema_id=None, backend="sim:cpu", model="sim"))


def test_scores_upsert_and_filter_by_aggregation(store: Store) -> None:
    add_run(store, "r1")
    store.add_scores([Score(run_id="r1", scorer="rouge", name="rougeL_f", value=0.5, details={"x": [1, "é"]}),
                      Score(run_id="r1", scorer="rouge", name="rougeL_f", value=0.7, aggregation="merge")])
    store.add_scores([Score(run_id="r1", scorer="rouge", name="rougeL_f", value=0.6)])
    concat = store.scores_for("r1", aggregation="concat")
    assert [(s.name, s.value, s.details) for s in concat] == [("rougeL_f", 0.6, {})]
    assert {s.aggregation for s in store.scores_for("r1")} == {"concat", "merge"}


def test_replace_scores_drops_names_a_new_version_no_longer_emits(store: Store) -> None:
    add_run(store, "r1")
    store.add_scores([Score(run_id="r1", scorer="structure", name="old_name", value=1.0)])
    store.replace_scores("r1", "structure", "concat",
                         [Score(run_id="r1", scorer="structure", name="new_name", value=0.5, scorer_version="2")])
    assert [(s.name, s.scorer_version) for s in store.scores_for("r1")] == [("new_name", "2")]


def test_scored_run_ids_is_per_version_and_aggregation(store: Store) -> None:
    for run_id in ("r1", "r2"):
        add_run(store, run_id)
    store.add_scores([Score(run_id="r1", scorer="rouge", name="rouge1_f", value=1.0, scorer_version="1")])
    assert store.scored_run_ids(["r1", "r2"], "rouge", "1", "concat") == {"r1"}
    assert store.scored_run_ids(["r1", "r2"], "rouge", "2", "concat") == set()
    assert store.scored_run_ids(["r1", "r2"], "rouge", "1", "merge") == set()
    store.add_scores([Score(run_id="r2", scorer="judge", name="overall", value=None, details={"error": "503"})])
    assert store.scored_run_ids(["r1", "r2"], "judge", "1", "concat") == set()  # a failure is retried
    assert [s.run_id for s in store.scores_for_runs(["r1", "r2"])] == ["r1", "r2"]


def test_scores_made_before_a_run_last_finished_are_not_a_cache_hit(store: Store) -> None:
    """A partial run scored, then completed by `run --resume`: its answers changed, so the figures of the partial
    ones are scored again, not kept as the figures of the finished run."""
    add_run(store, "r1")
    run = store.get_run("r1")
    assert run is not None
    run.status, run.finished_at = "partial", "2026-01-01T00:00:00.000+00:00"
    store.update_run(run)
    store.add_scores([Score(run_id="r1", scorer="structure", name="branches_answered", value=0.5)])
    assert store.scored_run_ids(["r1"], "structure", "1", "concat") == {"r1"}
    run.status, run.finished_at = "done", "2999-01-01T00:00:00.000+00:00"  # resumed after it was scored
    store.update_run(run)
    assert store.scored_run_ids(["r1"], "structure", "1", "concat") == set()


def test_judgements_round_trip_and_validate(store: Store) -> None:
    add_run(store, "r1")
    stored = store.add_judgement(Judgement(run_id="r1", judge=" ann ", criterion="overall", choice="parallel",
                                           a_is="serial"))
    assert stored.id and stored.created_at
    [loaded] = store.judgements_for("r1")
    assert (loaded.judge, loaded.choice, loaded.a_is) == ("ann", "parallel", "serial")
    assert store.judged_run_ids("ann") == {"r1"} and store.judgements_for_runs(["r1"]) == [loaded]
    for bad in (dict(criterion="grammar"), dict(choice="A"), dict(a_is="B"), dict(judge="  ")):
        fields = dict(run_id="r1", judge="ann", criterion="overall", choice="tie", a_is="parallel") | bad
        with pytest.raises(ValueError):
            store.add_judgement(Judgement(**fields))
