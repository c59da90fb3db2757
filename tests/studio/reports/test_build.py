"""build_report on a hand-filled store: every figure checked against a hand computation (see conftest)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from store import PromptFilter, Store
from studio.reports import build_report
from tests.studio.reports.conftest import SPECS, add_run, judge_score


def test_overall_speedups_ratio_of_sums_and_median_of_ratios(filled_store: Store) -> None:
    report = build_report(filled_store)
    overall = report.overall
    assert (overall.runs, overall.prompts, overall.simulated_runs) == (3, 3, 1)  # t1-old and the sweep excluded
    raw = overall.speedups["raw"]
    assert raw.ratio_of_sums == pytest.approx(1400 / 550)
    assert raw.median_of_ratios == pytest.approx(2.0)
    assert raw.mean_of_ratios == pytest.approx(4.0)
    assert overall.speedups["normalised"].ratio_of_sums == pytest.approx((1400 / 140) / (550 / 150))
    assert overall.speedups["e2e"].ratio_of_sums == pytest.approx(1400 / 600)
    assert overall.speedups["merged"].ratio_of_sums == pytest.approx(100 / 75)
    assert overall.speedups["merged"].runs == 1
    assert overall.speedups["ideal"].ratio_of_sums is None


def test_e2e_median_of_ratios(filled_store: Store) -> None:
    e2e = build_report(filled_store).overall.speedups["e2e"]
    assert e2e.median_of_ratios == pytest.approx(1.0)  # per run: 100/100, 900/100, 400/400 -> 1, 9, 1


def test_per_category_rows(filled_store: Store) -> None:
    report = build_report(filled_store)
    by_name = {summary.category: summary for summary in report.categories}
    assert set(by_name) == {"Translation", "Repeated Generation"}
    translation = by_name["Translation"]
    assert translation.speedups["raw"].ratio_of_sums == pytest.approx(1000 / 150)
    assert translation.speedups["raw"].median_of_ratios == pytest.approx(5.5)
    cosine = translation.quality["similarity.cosine"]
    assert cosine.mean == pytest.approx(0.8) and cosine.runs == 2
    assert 0.7 <= cosine.low <= 0.8 <= cosine.high <= 0.9
    assert {row.run_id for row in report.rows if row.category == "Translation"} == {"t1", "t2"}


def test_judge_human_and_kappa(filled_store: Store) -> None:
    overall = build_report(filled_store).overall
    assert (overall.llm_judge.win, overall.llm_judge.tie, overall.llm_judge.loss) == (1, 1, 1)
    assert (overall.human.win, overall.human.tie, overall.human.loss) == (1, 2, 0)
    # pairs (human, judge): (p, p) (t, s) (t, t) (s, p): p_o = 1/2, p_e = (1*2 + 2*1 + 1*1) / 16
    assert overall.kappa_pairs == 4
    assert overall.kappa == pytest.approx((0.5 - 5 / 16) / (1 - 5 / 16))


def test_verdicts_of_a_simulated_judge_are_counted_in_a_note(filled_store: Store) -> None:
    assert not any("SIMULATED judge" in note for note in build_report(filled_store).notes)
    simulated = judge_score("t2", "overall", "serial")
    simulated.details["judge_simulated"] = True
    filled_store.add_scores([simulated])
    notes = build_report(filled_store).notes
    assert "1 LLM-judge verdict comes from a SIMULATED judge: no language model read the answers" in " ".join(notes)


def test_sweeps_ceilings_and_simulated_note(filled_store: Store) -> None:
    report = build_report(filled_store)
    [curve] = report.sweeps
    assert [point.n for point in curve.points] == [1, 2, 4]
    assert [point.speedup for point in curve.points] == pytest.approx([1.0, 400 / 220, 400 / 130])
    ceilings = {(c.backend, c.model): c.ceiling for c in report.ceilings}
    assert ceilings == {("embedded", "smollm2"): 3.5, ("sim:cpu", "smollm2"): None}
    assert any("SIMULATED" in note for note in report.notes)


def test_where_selects_prompts(filled_store: Store) -> None:
    report = build_report(filled_store, PromptFilter(category="Translation"), where_text="category=Translation")
    assert {row.run_id for row in report.rows} == {"t1", "t2"}
    assert report.sweeps == [] and report.where == "category=Translation"


def test_empty_store_gives_an_empty_report(store: Store) -> None:
    report = build_report(store)
    assert report.overall.runs == 0 and report.rows == [] and report.categories == []
    assert report.overall.speedups["raw"].ratio_of_sums is None


def test_judgements_and_scores_of_earlier_runs_count(filled_store: Store) -> None:
    """t1-old is superseded for timings, but what was judged and scored on it stays in the report."""
    from store import Judgement, Score

    filled_store.add_scores([Score(run_id="t1-old", scorer="similarity", name="cosine", value=0.5)])
    for criterion, choice in (("overall", "serial"), ("accuracy", "parallel")):
        filled_store.add_judgement(Judgement(run_id="t1-old", judge="bo", criterion=criterion, choice=choice,
                                             a_is="parallel"))
    report = build_report(filled_store)
    [t1] = [row for row in report.rows if row.run_id == "t1"]
    assert (t1.runs, t1.run_ids) == (2, ["t1", "t1-old"])  # newest first; speedups from t1
    assert t1.speedups["raw"] == pytest.approx(2.0) and t1.serial_ms == 100
    assert t1.quality["similarity.cosine"] == pytest.approx((0.9 + 0.5) / 2)
    assert t1.human == "tie"  # ann said parallel on t1, bo said serial on t1-old
    overall = report.overall
    assert (overall.runs, overall.pooled_runs) == (3, 4)
    assert (overall.human.win, overall.human.tie, overall.human.loss) == (1, 2, 1)
    assert overall.kappa_pairs == 4  # t1-old has no LLM verdict: its judgements make no pairs
    assert overall.speedups["raw"].ratio_of_sums == pytest.approx(1400 / 550)  # t1-old's timing still replaced


def test_a_single_value_has_no_interval(filled_store: Store) -> None:
    report = build_report(filled_store)
    repeated = next(summary for summary in report.categories if summary.category == "Repeated Generation")
    cosine = repeated.quality["similarity.cosine"]
    assert (cosine.mean, cosine.low, cosine.high, cosine.runs) == (pytest.approx(0.8), None, None, 1)


def test_finished_runs_without_a_timed_trial_are_counted_in_a_note(filled_store: Store) -> None:
    """A partial run whose every trial had a failed request has no speedup, so its prompt gets no row; the report
    must say so rather than drop the prompt and its scores without a word."""
    untimed = replace(SPECS[0], run_id="u1", prompt="Translate into German: good night | see you")
    run = add_run(filled_store, untimed)
    run.status, run.serial_ms, run.parallel_ms, run.speedup = "partial", None, None, None
    filled_store.update_run(run)
    report = build_report(filled_store)
    assert "u1" not in {row.run_id for row in report.rows}
    assert any(note.startswith("1 finished run of 1 prompt is left out") for note in report.notes)
    assert not any("left out" in note for note in build_report(filled_store, PromptFilter(ids=["nothing"])).notes)


def test_runs_made_with_different_options_and_flagged_runs_are_said_in_notes(filled_store: Store) -> None:
    """The headline figures pool the reported runs: a note names each measurement option they do not share (a run
    stored without an option ran with its default; the commonest value first) and counts the runs carrying a flag,
    by flag."""
    assert not any("different run options" in note or "a flag" in note for note in build_report(filled_store).notes)
    t1, t2 = filled_store.get_run("t1"), filled_store.get_run("t2")
    assert t1 is not None and t2 is not None
    t1.params = {**t1.params, "options": {"max_tokens": 64, "serial_budget": "sum", "concurrency": None},
                 "stability": {"trials": 1, "timed_trials": 1, "flags": ["serial cut"], "reasons": ["cut"]}}
    t2.params = {**t2.params, "options": {"max_tokens": 64},
                 "stability": {"trials": 1, "timed_trials": 1, "flags": ["noisy", "serial cut"],
                               "reasons": ["busy", "cut"]}}
    filled_store.update_run(t1)
    filled_store.update_run(t2)
    notes = build_report(filled_store).notes
    [options] = [note for note in notes if "different run options" in note]
    assert options.endswith("max_tokens 64 (2 runs), 256 (1 run); serial_budget same (2 runs), sum (1 run); "
                            "concurrency 64 (2 runs), none (1 run).")
    assert "temperature" not in options
    [flags] = [note for note in notes if "a flag" in note]
    assert flags.startswith("2 of the 3 reported runs carry a flag (noisy 1, serial cut 2): this report's "
                            "speedups include them")
