"""`build_report`: every figure a report shows, computed from the store once, for all renderers.

Which runs count: finished (`done` or `partial`) runs; runs that are points of an n-sweep feed the sweep curves
only. Per prompt, backend and model there is one row:
- its speedups and timings are those of the newest run with both timings (a re-run replaces them: timings depend
  on the machine and backend of the day, so older ones are not averaged in); the row names that run;
- its quality figures, LLM-judge verdicts and blind human judgements come from every finished run of the prompt on
  that backend and model (a judgement made on an earlier run still counts): quality is the mean over those runs,
  judgements are all counted, and the row says how many runs it pooled.
Quality figures are those of the chosen aggregation (`concat` or `merge`). A prompt, backend and model with finished
runs but no timed one (a failed or cached request in every trial) has no row; a note counts those runs.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from store import Judgement, PromptFilter, Run, Score, Store, utc_now
from studio import tool_version
from studio.execution import metrics, stability
from studio.execution.options import RunOptions
from studio.presentation import agreeing, counted
from studio.reports.model import (
    QUALITY_METRICS, BackendCeiling, CategorySummary, Interval, PromptResult, Report, Sample, SpeedupFigure,
    SweepCurve, SweepPoint, metric_key,
)
from studio.reports.statistics import cohen_kappa, mean, median, ratio_of_sums
from studio.scoring import (
    JUDGE, SCORABLE_STATUSES, agreement_pairs, check_aggregation, iter_all_runs, judge_choice, judged_by_simulator,
)

T = TypeVar("T")
# The run options that change what a speedup measures: one figure pooling runs that differ in any of them is said
# to in a note (trials, retries, the cache and the HTTP client change how it is measured, not what).
MEASUREMENT_OPTIONS = ("max_tokens", "serial_budget", "temperature", "diversity", "concurrency", "share_prefix",
                       "cold_cache", "extra_body")
UNCATEGORISED = "(uncategorised)"
OVERALL = "All categories"
_OVERALL_CRITERION = "overall"


def build_report(store: Store, where: PromptFilter | None = None, *, where_text: str = "",
                 aggregation: str = "concat", paper: bool = False) -> Report:
    """The report over the prompts `where` selects (all when None)."""
    check_aggregation(aggregation)
    wanted = _selected_prompt_ids(store, where)
    groups: dict[tuple[str, str, str], list[Run]] = defaultdict(list)  # newest first
    sweep_runs: list[Run] = []
    for run in iter_all_runs(store):  # newest first
        if run.status not in SCORABLE_STATUSES or (wanted is not None and run.prompt_id not in wanted):
            continue
        if run.sweep_id is not None:
            sweep_runs.append(run)
        else:
            groups[(run.prompt_id, run.backend, run.model)].append(run)
    newest_timed = {key: next((run for run in members if _timed(run)), None) for key, members in groups.items()}
    main_runs = [run for run in newest_timed.values() if run is not None]
    untimed = [members for key, members in groups.items() if newest_timed[key] is None]  # no row: said in a note
    pooled = {run.id: groups[key] for key, run in newest_timed.items() if run is not None}
    run_ids = [run.id for members in pooled.values() for run in members]
    scores = _scores_by_run(store.scores_for_runs(run_ids, aggregation=aggregation))
    judgements = _group(store.judgements_for_runs(run_ids), lambda j: j.run_id)
    rows = [_prompt_result(store, run, pooled[run.id], scores, judgements) for run in main_runs]
    rows.sort(key=lambda row: (row.category, row.prompt_id, row.backend, row.model))
    by_category = _group(rows, lambda row: row.category)
    categories = [_summarise(name, members, main_runs, scores, judgements)
                  for name, members in sorted(by_category.items(), key=lambda item: (-len(item[1]), item[0]))]
    overall = _summarise(OVERALL, rows, main_runs, scores, judgements)
    quality = [(metric_key(scorer, name), label) for scorer, name, label in QUALITY_METRICS
               if overall.quality.get(metric_key(scorer, name), Interval()).runs]
    by_id = {run.id: run for run in main_runs}
    every_score = _group(store.scores_for_runs(run_ids), lambda score: score.run_id)
    samples = [_sample(store, by_id[row.run_id], every_score.get(row.run_id, []), judgements.get(row.run_id, []))
               for row in rows]
    return Report(
        title="ParallelPrompt Studio report" + (" — paper view" if paper else ""),
        generated_at=utc_now(), where=where_text, aggregation=aggregation, paper=paper, categories=categories,
        overall=overall, rows=rows, sweeps=_sweeps(store, sweep_runs),
        ceilings=_ceilings(store, main_runs + sweep_runs), quality_metrics=quality,
        notes=_notes(main_runs, rows, scores, untimed),
        bootstrap={"confidence": 0.95, "resamples": metrics.BOOTSTRAP_RESAMPLES, "seed": metrics.BOOTSTRAP_SEED,
                   "of": "mean"},
        samples=samples, tool_version=tool_version(),
    )


def _selected_prompt_ids(store: Store, where: PromptFilter | None) -> set[str] | None:
    if where is None or where == PromptFilter():
        return None
    return {prompt.id for prompt in store.iter_prompts(where)}


def _timed(run: Run) -> bool:
    return bool(run.serial_ms and run.parallel_ms)


def _group(items: Iterable[T], key: Callable[[T], str]) -> dict[str, list[T]]:
    grouped: dict[str, list[T]] = defaultdict(list)
    for item in items:
        grouped[key(item)].append(item)
    return dict(grouped)


def _scores_by_run(scores: Sequence[Score]) -> dict[str, dict[str, Score]]:
    found: dict[str, dict[str, Score]] = defaultdict(dict)
    for score in scores:
        found[score.run_id][metric_key(score.scorer, score.name)] = score
    return dict(found)


def _judge_choice(scores: dict[str, Score], criterion: str) -> str | None:
    return judge_choice(scores.get(metric_key(JUDGE, criterion)))


def _majority(choices: Sequence[str]) -> str | None:
    """The most common human choice; a tie between choices counts as "tie"."""
    ranked = Counter(choices).most_common()
    if not ranked:
        return None
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return "tie"
    return ranked[0][0]


def _decomposition_ms(store: Store, run: Run) -> float | None:
    """The decomposition cost the runner recorded, else the one stored with the schema at curation time."""
    recorded = run.params.get("decomposition_ms")
    if isinstance(recorded, (int, float)):
        return float(recorded)
    schema = store.get_schema(run.schema_id) if run.schema_id is not None else None
    return schema.decomposition_ms if schema else None


def _run_speedups(run: Run, decomposition_ms: float | None) -> dict[str, float | None]:
    return {
        "raw": run.speedup if run.speedup is not None else metrics.speedup(run.serial_ms, run.parallel_ms),
        "normalised": run.normalised_speedup if run.normalised_speedup is not None else metrics.normalised_speedup(
            run.serial_ms, run.serial_tokens, run.parallel_ms, run.parallel_tokens),
        "e2e": run.e2e_speedup if run.e2e_speedup is not None else metrics.e2e_speedup(
            run.serial_ms, run.parallel_ms, decomposition_ms),
        "ideal": run.ideal_speedup if run.ideal_speedup is not None else metrics.speedup(run.serial_ms, run.ideal_ms),
        "merged": metrics.merged_speedup(run.serial_ms, run.parallel_ms, run.merge_ms),
        "sampling": run.sampling_speedup,
    }


def _prompt_result(store: Store, run: Run, members: Sequence[Run], scores: dict[str, dict[str, Score]],
                   judgements: dict[str, list[Judgement]]) -> PromptResult:
    """The row of one prompt on one backend and model: timings from `run` (its newest timed run), quality and
    judgements pooled over `members` (every finished run of the group, newest first)."""
    prompt = store.get_prompt(run.prompt_id)
    schema = (store.get_schema(run.schema_id) if run.schema_id is not None else None) or store.best_schema(
        run.prompt_id)
    decomposition = _decomposition_ms(store, run)
    found = stability.of_run(run)
    quality: dict[str, float | None] = {}
    for scorer, name, _ in QUALITY_METRICS:
        key = metric_key(scorer, name)
        quality[key] = mean([value for member in members
                             if (value := getattr(scores.get(member.id, {}).get(key), "value", None)) is not None])
    return PromptResult(
        run_id=run.id, prompt_id=run.prompt_id, prompt_text=prompt.text if prompt else "",
        category=(schema.category if schema and schema.category else UNCATEGORISED), backend=run.backend,
        model=run.model, simulated=run.simulated, status=run.status, n_branches=run.n_branches,
        serial_ms=run.serial_ms, parallel_ms=run.parallel_ms, merge_ms=run.merge_ms, decomposition_ms=decomposition,
        speedups=_run_speedups(run, decomposition), quality=quality,
        llm_judge=_majority([choice for member in members
                             if (choice := _judge_choice(scores.get(member.id, {}), _OVERALL_CRITERION))]),
        human=_majority([j.choice for member in members for j in judgements.get(member.id, [])
                         if j.criterion == _OVERALL_CRITERION]),
        runs=len(members), run_ids=[member.id for member in members],
        speedup_low=found.low if found else None, speedup_high=found.high if found else None,
        timed_trials=found.timed_trials if found else run.params.get("timed_trials"), trials=run.trials,
        flags=found.flags if found else [],
    )


def _sample(store: Store, run: Run, scores: list[Score], judgements: list[Judgement]) -> Sample:
    return Sample(run_id=run.id, prompt_id=run.prompt_id, backend=run.backend, model=run.model,
                  simulated=run.simulated, status=run.status, trials=run.trials,
                  generation=dict(run.params.get("options", {})), serial_text=run.serial_text,
                  aggregated_text=run.aggregated_text, merge_text=run.merge_text, error=run.error,
                  requests=store.requests_for(run.id), scores=scores, judgements=judgements)


def speedup_figures(runs: Sequence[Run], decomposition: dict[str, float | None]) -> dict[str, SpeedupFigure]:
    """Each speedup family over `runs`: ratio of sums (over the runs where it is defined) and per-run ratios."""
    timed = [run for run in runs if _timed(run)]
    per_run = {run.id: _run_speedups(run, decomposition.get(run.id)) for run in timed}

    def figure(kind: str, members: list[Run], sums_ratio: float | None) -> SpeedupFigure:
        ratios = [value for run in members if (value := per_run[run.id][kind]) is not None]
        return SpeedupFigure(ratio_of_sums=sums_ratio, median_of_ratios=median(ratios), mean_of_ratios=mean(ratios),
                             runs=len(members))

    def serial(members: list[Run]) -> list[float]:
        return [run.serial_ms or 0.0 for run in members]

    with_tokens = [run for run in timed if run.serial_tokens and run.parallel_tokens]
    with_decomposition = [run for run in timed if decomposition.get(run.id) is not None]
    with_ideal = [run for run in timed if run.ideal_ms]
    with_merge = [run for run in timed if run.merge_ms is not None]
    with_sampling = [run for run in timed if run.sampling_ms]
    normalised = metrics.ratio(
        ratio_of_sums(serial(with_tokens), [run.serial_tokens or 0 for run in with_tokens]),
        ratio_of_sums([run.parallel_ms or 0.0 for run in with_tokens],
                      [run.parallel_tokens or 0 for run in with_tokens]))
    return {
        "raw": figure("raw", timed, ratio_of_sums(serial(timed), [run.parallel_ms or 0.0 for run in timed])),
        "normalised": figure("normalised", with_tokens, normalised),
        "e2e": figure("e2e", with_decomposition, ratio_of_sums(
            serial(with_decomposition),
            [(run.parallel_ms or 0.0) + (decomposition[run.id] or 0.0) for run in with_decomposition])),
        "ideal": figure("ideal", with_ideal,
                        ratio_of_sums(serial(with_ideal), [run.ideal_ms or 0.0 for run in with_ideal])),
        "merged": figure("merged", with_merge, ratio_of_sums(
            serial(with_merge), [(run.parallel_ms or 0.0) + (run.merge_ms or 0.0) for run in with_merge])),
        "sampling": figure("sampling", with_sampling, ratio_of_sums(
            serial(with_sampling), [run.sampling_ms or 0.0 for run in with_sampling])),
    }


def _summarise(name: str, rows: Sequence[PromptResult], runs: Sequence[Run], scores: dict[str, dict[str, Score]],
               judgements: dict[str, list[Judgement]]) -> CategorySummary:
    """Speedups over the rows' timed runs; quality over the rows (one value per prompt: its mean over its runs);
    the LLM judge's and humans' choices counted over every pooled run."""
    members = {row.run_id for row in rows}
    member_runs = [run for run in runs if run.id in members]
    summary = CategorySummary(category=name, prompts=len({row.prompt_id for row in rows}), runs=len(rows),
                              simulated_runs=sum(row.simulated for row in rows),
                              pooled_runs=sum(row.runs for row in rows))
    summary.speedups = speedup_figures(member_runs, {row.run_id: row.decomposition_ms for row in rows})
    for scorer, score_name, _ in QUALITY_METRICS:
        key = metric_key(scorer, score_name)
        values = [value for row in rows if (value := row.quality.get(key)) is not None]
        interval = metrics.bootstrap_ci(values)
        summary.quality[key] = Interval(mean=mean(values), low=interval[0] if interval else None,
                                        high=interval[1] if interval else None, runs=len(values))
    pairs: list[tuple[str, str]] = []
    for run_id in (run_id for row in rows for run_id in row.run_ids):
        run_scores = scores.get(run_id, {})
        if (verdict := _judge_choice(run_scores, _OVERALL_CRITERION)) is not None:
            summary.llm_judge.add(verdict)
        for judgement in judgements.get(run_id, []):
            if judgement.criterion == _OVERALL_CRITERION:
                summary.human.add(judgement.choice)
        pairs += agreement_pairs(run_scores.values(), judgements.get(run_id, []))
    summary.kappa, summary.kappa_pairs = cohen_kappa(pairs), len(pairs)
    return summary


def _sweeps(store: Store, runs: Sequence[Run]) -> list[SweepCurve]:
    curves: list[SweepCurve] = []
    for sweep_id, members in sorted(_group(runs, lambda run: run.sweep_id or "").items()):
        first = members[0]
        prompt = store.get_prompt(first.prompt_id)
        schema = store.best_schema(first.prompt_id)
        points = sorted((SweepPoint(n=run.sweep_n or run.n_branches, speedup=_run_speedups(run, None)["raw"],
                                    serial_ms=run.serial_ms, parallel_ms=run.parallel_ms, run_id=run.id,
                                    flags=stability.flags_of(run))
                         for run in members), key=lambda point: point.n)
        curves.append(SweepCurve(sweep_id=sweep_id, prompt_id=first.prompt_id,
                                 prompt_text=prompt.text if prompt else "",
                                 category=schema.category if schema and schema.category else UNCATEGORISED,
                                 backend=first.backend, model=first.model, simulated=first.simulated, points=points))
    return curves


def _ceilings(store: Store, runs: Sequence[Run]) -> list[BackendCeiling]:
    found: list[BackendCeiling] = []
    for backend, model, simulated in sorted({(run.backend, run.model, run.simulated) for run in runs}):
        probe = store.latest_probe(backend, model)
        found.append(BackendCeiling(backend=backend, model=model, simulated=simulated,
                                    ceiling=probe.ceiling if probe else None,
                                    probed_at=probe.created_at if probe else None))
    return found


def _differing_options(runs: Sequence[Run]) -> list[str]:
    """"max_tokens 64 (3 runs), 256 (2 runs)" for each measurement option the runs do not share, the commonest
    value first. A run stored before an option existed ran with that option's default."""
    made_with = [RunOptions.from_params(run.params).to_params() for run in runs]
    differing: list[str] = []
    for name in MEASUREMENT_OPTIONS:
        values = Counter(_option_text(options[name]) for options in made_with)
        if len(values) > 1:
            differing.append(f"{name} " + ", ".join(f"{value} ({counted(count, 'run')})"
                                                    for value, count in sorted(values.items(),
                                                                               key=lambda item: (-item[1], item[0]))))
    return differing


def _option_text(value: object) -> str:
    """An option's value as a note shows it: text as it is, None as "none", anything else as JSON."""
    return value if isinstance(value, str) else "none" if value is None else json.dumps(value, sort_keys=True)


def _notes(runs: Sequence[Run], rows: Sequence[PromptResult], scores: dict[str, dict[str, Score]],
           untimed: Sequence[Sequence[Run]]) -> list[str]:
    """`untimed`: the finished runs of each prompt, backend and model that has no timed run, so no row."""
    notes: list[str] = []
    simulated = sum(run.simulated for run in runs)
    if simulated:
        notes.append(f"{simulated:,} of {counted(len(runs), 'run')} {agreeing(simulated, 'is', 'are')} SIMULATED: "
                     "their timings come from the simulator's model of a backend, not from a language model.")
    backends = sorted({f"{run.backend} · {run.model}" for run in runs})
    if len(backends) > 1:
        notes.append("Figures pool runs from several backends/models: " + "; ".join(backends) + ".")
    if differing := _differing_options(runs):
        notes.append("Figures pool runs made with different run options, so they did not measure the same thing: "
                     + "; ".join(differing) + ".")
    if flagged := [row for row in rows if row.flags]:
        named = stability.flag_counts(row.flags for row in flagged)
        verb, pronoun = agreeing(len(flagged), "carries", "carry"), agreeing(len(flagged), "it", "them")
        notes.append(f"{len(flagged):,} of the {counted(len(rows), 'reported run')} {verb} a flag ({named}): this "
                     f"report's speedups include {pronoun}; each row's flags say why its speedup may be off "
                     "(`ppstudio runs` prints the reasons).")
    unscored = sum(1 for row in rows if not any(run_id in scores for run_id in row.run_ids))
    if unscored:
        notes.append(f"{counted(unscored, 'result')} {agreeing(unscored, 'has', 'have')} no quality scores yet: "
                     "run `ppstudio score --all`.")
    simulated_verdicts = sum(1 for row in rows for run_id in row.run_ids
                             if judged_by_simulator(scores.get(run_id, {}).get(metric_key(JUDGE, _OVERALL_CRITERION))))
    if simulated_verdicts:
        verdicts = counted(simulated_verdicts, "LLM-judge verdict")
        notes.append(f"{verdicts} {agreeing(simulated_verdicts, 'comes', 'come')} from a SIMULATED judge: no language "
                     "model read the answers, so they test the pipeline and say nothing of quality.")
    if untimed:
        count, prompts = sum(map(len, untimed)), len({members[0].prompt_id for members in untimed})
        notes.append(f"{counted(count, 'finished run')} of {counted(prompts, 'prompt')} {agreeing(count, 'is', 'are')} "
                     "left out: none has a trial whose serial and parallel phases were both timed (a failed or cached "
                     "request, or a phase split by a resume); run those prompts again (`ppstudio runs` lists them).")
    if not runs:
        notes.append("No finished runs match this selection.")
    return notes
