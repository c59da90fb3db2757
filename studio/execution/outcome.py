"""A run's outcome: which trial's branches make the parallel answer, each trial's figures, and finishing a run
whose requests have all been tried (figures, texts, status, error, stability flags, why there is no latency).

Pure functions of a run's stored requests, importable without the HTTP clients (scoring reads `aggregated_trial`).
"""

from __future__ import annotations

from collections.abc import Sequence

from store import utc_now
from store.models import ProbeResult, RequestRecord
from studio.execution import metrics, stability
from studio.execution.aggregate import BranchOutput, concat_answers
from studio.execution.options import RunState

MAX_REPORTED_FAILURES = 5


def aggregated_trial(records: Sequence[RequestRecord]) -> int:
    """The trial whose branches make the aggregated answer: the one with most OK branches, earliest on ties."""
    trials = sorted({r.trial for r in records if r.role == "branch"})
    if not trials:
        return 0
    return max(trials, key=lambda t: (sum(1 for r in records if r.trial == t and r.role == "branch"
                                          and r.status == "ok"), -t))


def branch_outputs(records: Sequence[RequestRecord], trial: int) -> list[BranchOutput]:
    return [BranchOutput(idx=r.idx, text=r.text if r.status == "ok" else None, error=r.error)
            for r in records if r.trial == trial and r.role == "branch"]


def figures_of_trial(state: RunState, trial: int) -> metrics.TrialFigures:
    share = state.run.params.get("prefix_share", {}).get(str(trial))
    return metrics.trial_figures(trial, state.records, untimed_phases=frozenset(state.untimed),
                                 prefix_share_ms=float(share["elapsed_ms"]) if share else 0.0)


def finish_run(state: RunState, probe: ProbeResult | None = None, server_slots: int | None = None) -> None:
    """Figures (medians over timed trials), their spread and flags, texts, status and error of a run whose requests
    have all been tried; `probe` is the backend's stored capacity probe, to tell a busy machine, and `server_slots`
    how many requests the server decodes at once (None: not known)."""
    run, records = state.run, state.records
    trials = [figures_of_trial(state, t) for t in range(run.trials)]
    figures = metrics.run_figures(trials, decomposition_ms=run.params.get("decomposition_ms"))
    run.serial_ms, run.parallel_ms, run.ideal_ms = figures.serial_ms, figures.parallel_ms, figures.ideal_ms
    run.serial_tokens, run.parallel_tokens = figures.serial_tokens, figures.parallel_tokens
    run.speedup, run.normalised_speedup = figures.speedup, figures.normalised_speedup
    run.ideal_speedup, run.e2e_speedup = figures.ideal_speedup, figures.e2e_speedup
    run.sampling_ms, run.sampling_speedup = figures.sampling_ms, figures.sampling_speedup
    serial_ok = [r for r in records if r.role == "serial" and r.status == "ok"]
    run.serial_text = serial_ok[0].text if serial_ok else None
    shown = aggregated_trial(records)
    outputs = branch_outputs(records, shown)
    run.aggregated_text = concat_answers(outputs) if any(o.text is not None for o in outputs) else None
    merge = [r for r in records if r.role == "merge"]
    run.merge_text = merge[0].text if merge and merge[0].status == "ok" else None
    run.merge_ms = merge[0].latency_ms if merge and merge[0].status == "ok" and not merge[0].from_cache else None
    failures = [r for r in records if r.status != "ok"]
    if not serial_ok or run.aggregated_text is None:
        run.status = "failed"
    else:
        run.status = "partial" if failures else "done"
    run.error = failure_summary(failures, len(records)) if failures else None
    timed_trials = {t.trial for t in trials if t.timed}
    sampling_duplicates = run.params.get("sampling_duplicates", {})
    assessment = stability.assess(
        trials, [r for r in records if r.role == "serial" and r.trial in timed_trials], requested=run.trials,
        branch_records=[r for r in records if r.role == "branch" and r.trial in timed_trials],
        branch_texts=[o.text for o in outputs if o.text is not None],
        duplicate_samples=max(sampling_duplicates.values(), default=0), n_branches=run.n_branches, probe=probe,
        in_flight=state.options.concurrency, server_slots=server_slots,
        budgets=(state.options.serial_max_tokens(run.n_branches), state.options.max_tokens))
    run.params = {**run.params, "untimed": sorted(state.untimed), "timed_trials": figures.timed_trials,
                  "timing_note": timing_note(records, state.untimed) if run.speedup is None else None,
                  "stability": assessment.to_params()}
    run.finished_at = utc_now()


def failure_summary(failures: Sequence[RequestRecord], total: int) -> str:
    lines = [f"trial {r.trial} {r.role} {r.idx}: {r.error or r.status}" for r in failures[:MAX_REPORTED_FAILURES]]
    more = len(failures) - MAX_REPORTED_FAILURES
    return (f"{len(failures)} of {total} requests did not finish OK: " + "; ".join(lines)
            + (f"; and {more} more" if more > 0 else ""))


def timing_note(records: Sequence[RequestRecord], untimed: set[tuple[int, str]]) -> str:
    """Why a run has no speedup figure, in words."""
    reasons: list[str] = []
    timed_roles = [r for r in records if r.role in ("serial", "branch")]
    if any(r.from_cache for r in timed_roles):
        reasons.append("answers served from the cache carry no latency (use --no-cache, or --trials 2+)")
    if any(r.status != "ok" for r in timed_roles):
        reasons.append("a phase with a failed request is not timed")
    if any(role in ("serial", "branch") for _, role in untimed):
        reasons.append("a phase split by an interruption and a resume is not timed")
    return "no latency measured: " + ("; ".join(reasons) or "no timed trial")
