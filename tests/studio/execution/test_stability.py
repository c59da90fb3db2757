"""How far a speedup can be trusted: spread, noisy and identical-branch flags, on hand-made cases and on simulated
runs whose machine is slowed down (the simulator's slowdown knob stands in for other work on the machine)."""

from __future__ import annotations

import pytest

from store import ProbeResult, RequestRecord, Store
from studio.backends.probe import probe_endpoint
from studio.execution import stability
from studio.execution.events import TrialFinished
from studio.execution.metrics import TrialFigures
from studio.execution.options import RunOptions
from studio.execution.runner import execute

from .conftest import SimFactory, add_prompt, finished_runs


def serial(first: float, end: float, tokens: int, trial: int = 0) -> RequestRecord:
    return RequestRecord(run_id="r", trial=trial, role="serial", idx=0, status="ok", sent_at=0.0,
                         first_token_at=first, ended_at=end, output_tokens=tokens)


def probe(tokens: int, wall_s: float, ttft_ms: float) -> ProbeResult:
    return ProbeResult(backend="sim:gpu", model="sim-gpu", base_url=None, simulated=True, ceiling=1.0,
                       curve=[{"concurrency": 1, "tokens_per_s": tokens / wall_s, "ttft_ms": ttft_ms,
                               "output_tokens": tokens, "wall_s": wall_s}], created_at="2026-01-02T03:04:05")


def test_identical_and_near_identical_answers_are_found() -> None:
    assert stability.duplicate_count(["What can I say?"] * 12) == 11
    assert stability.duplicate_count(["What can I say?", "what can i say", "WHAT CAN I SAY!"]) == 2
    # one word changed in ten: still the same answer; different jokes are not
    base = "why did the chicken cross the road to get to the other side"
    assert stability.duplicate_count([base, base.replace("chicken", "duck")]) == 1
    assert stability.duplicate_count(["Apple", "Banana", "Cherry"]) == 0
    assert stability.duplicate_count([base, "a horse walks into a bar and the barman asks why the long face"]) == 0
    finder = stability.DuplicateFinder()
    assert [finder.add(i, text) for i, text in enumerate(["A", "B", "a", "b."])] == [None, None, 0, 1]


def test_rates_and_variation_by_hand() -> None:
    assert stability.coefficient_of_variation([1000.0]) is None
    assert stability.coefficient_of_variation([1000.0, 3000.0]) == pytest.approx(1414.2136 / 2000.0)
    assert stability.decode_rate(serial(0.5, 2.5, 41)) == pytest.approx(20.0)  # 40 tokens after the first in 2 s
    assert stability.decode_rate(serial(0.5, 2.5, 4)) is None  # too short to say
    assert stability.probe_decode_rate(probe(64, 3.3, 150.0)) == pytest.approx(63 / 3.15)
    assert stability.probe_decode_rate(probe(3, 0.3, 150.0)) is None


def test_spread_and_quiet_trials_raise_no_flag() -> None:
    trials = [TrialFigures(t, s, p, None, 40, 40) for t, s, p in ((0, 2000.0, 1000.0), (1, 2100.0, 1000.0),
                                                                   (2, 1900.0, 950.0))]
    found = stability.assess(trials, [serial(0.2, 2.2, 41)], requested=3, branch_texts=["one", "two", "three"],
                             probe=probe(64, 3.3, 150.0))  # the run decoded at 20 tok/s, the probe at 20
    assert found.flags == [] and found.reasons == [] and found.timed_trials == 3
    assert (found.low, found.high) == pytest.approx((2.0, 2.1))
    assert found.ci_low is not None and found.ci_low <= 2.0 <= found.ci_high  # type: ignore[operator]
    assert stability.spread_text(found, 3) == "2.00–2.10 over 3 trials"
    partial = stability.assess(trials[:2] + [TrialFigures(2, None, 900.0, None, None, 40)], [], requested=3,
                               branch_texts=[])
    assert stability.spread_text(partial, 3) == "2.00–2.10 over 2 of 3 trials" and partial.ci_low is None
    assert stability.spread_text(None, 1) == "1 trial"


def test_varied_times_a_busy_machine_and_identical_branches_are_flagged_with_reasons() -> None:
    trials = [TrialFigures(0, 1000.0, 500.0, None, 40, 40), TrialFigures(1, 4000.0, 600.0, None, 40, 40)]
    found = stability.assess(trials, [serial(0.2, 4.2, 41)], requested=2, branch_texts=["same", "same", "other"],
                             probe=probe(64, 3.3, 150.0))  # 10 tok/s against the probe's 20
    assert found.flags == [stability.NOISY, stability.IDENTICAL]
    noisy, identical = found.reasons
    assert noisy.startswith("serial times varied 4.0x across 2 trials (CV 85%): the machine was busy")
    assert "rerun with --trials 5" in noisy
    assert "decoded at 10.0 tokens/s, 50% of the 20.0 tokens/s `ppstudio probe` measured" in noisy
    assert "(2026-01-02)" in noisy
    assert identical.startswith("1 of 3 branches repeat another branch's answer")
    samples = stability.assess(trials, [], requested=2, branch_texts=[], duplicate_samples=5, n_branches=6)
    assert stability.IDENTICAL_SAMPLES in samples.flags


async def test_a_slowed_machine_is_flagged_noisy_against_the_probe(store: Store, make_sim: SimFactory) -> None:
    """The probe measured the backend at full speed; then other work slows the machine 3x: the serial answer
    decodes at a third of the probe's rate, and the run says so."""
    endpoint, sim = make_sim(time_scale=1.0)  # the gpu profile at real speed: 12 ms per token
    store.add_probe(await probe_endpoint(endpoint, (1,), max_tokens=32))
    prompt_id = add_prompt(store, "Translate: sun; moon", {"category": "translation", "template": "Translate: {data}",
                                                          "data": ["sun", "moon"]})
    sim.slowdown = 3.0
    [run] = finished_runs([event async for event in execute(
        store, endpoint, [prompt_id], RunOptions(trials=1, max_tokens=32, use_cache=False))])
    found = stability.of_run(run)
    assert found is not None and stability.NOISY in found.flags
    assert found.serial_decode_tps is not None and found.probe_decode_tps is not None
    assert found.serial_decode_tps < stability.NOISY_RATE * found.probe_decode_tps
    assert "`ppstudio probe` measured on this backend" in found.reasons[0]


async def test_times_that_vary_across_trials_are_flagged_noisy(store: Store, make_sim: SimFactory) -> None:
    """The machine gets 4x slower after the first trial: both phases vary, the median is still given, flagged."""
    endpoint, sim = make_sim()
    prompt_id = add_prompt(store, "Translate: sun; moon", {"category": "translation", "template": "Translate: {data}",
                                                          "data": ["sun", "moon"]})
    events = []
    async for event in execute(store, endpoint, [prompt_id], RunOptions(trials=2, use_cache=False)):
        events.append(event)
        if isinstance(event, TrialFinished) and event.trial == 0:
            sim.slowdown = 4.0
    [run] = finished_runs(events)
    found = stability.of_run(run)
    assert found is not None and found.flags == [stability.NOISY] and run.speedup is not None
    assert "serial times varied" in found.reasons[0] and "parallel times varied" in found.reasons[0]
    assert found.serial_cv is not None and found.serial_cv > stability.NOISY_CV


def test_a_concurrency_cap_below_the_branch_count_is_flagged_capped() -> None:
    trials = [TrialFigures(0, 1000.0, 500.0, None, 40, 40)]
    capped = stability.assess(trials, [], requested=1, branch_texts=["a", "b", "c", "d"], n_branches=4, in_flight=2)
    assert capped.flags == [stability.CAPPED] and "at most 2 of the 4 branches" in capped.reasons[0]
    for cap in (None, 4, 64):
        assert stability.assess(trials, [], requested=1, branch_texts=["a", "b", "c", "d"], n_branches=4,
                                in_flight=cap).flags == []


async def test_a_run_under_a_concurrency_cap_is_flagged(store: Store, make_sim: SimFactory,
                                                       slogan_prompt: str) -> None:
    endpoint, _ = make_sim()
    options = RunOptions(trials=1, concurrency=2, use_cache=False)
    [run] = finished_runs([event async for event in execute(store, endpoint, [slogan_prompt], options)])
    assert run.n_branches > 2 and stability.flags_of(run) == [stability.CAPPED]


def test_a_serial_answer_cut_at_the_token_budget_is_flagged() -> None:
    trials = [TrialFigures(0, 1000.0, 500.0, None, 40, 40), TrialFigures(1, 1000.0, 500.0, None, 40, 40)]
    whole, cut = serial(0.2, 1.0, 40), serial(0.2, 1.0, 64, trial=1)
    cut.finish_reason, whole.finish_reason = "length", "stop"
    found = stability.assess(trials, [whole, cut], requested=2, branch_texts=["a", "b", "c"], n_branches=3)
    assert found.flags == [stability.SERIAL_CUT]
    assert found.reasons[0].startswith("the serial answer stopped at the token budget (64 tokens) in 1 of 2 timed "
                                       "trials, while each of the 3 branches had that budget of its own")
    assert found.reasons[0].endswith("give it the branches' budgets together with --serial-budget sum, or raise "
                                     "--max-tokens")
    # every answer whole, or one branch only (the same budget on both sides): nothing to flag
    assert stability.assess(trials, [whole], requested=2, branch_texts=["a", "b"], n_branches=3).flags == []
    assert stability.assess(trials, [cut], requested=2, branch_texts=["a"], n_branches=1).flags == []
    # a serial budget of all the branches' together (--serial-budget sum): the cut answer did as much as they could
    for serial_budget, flagged in ((64, True), (2 * 64, True), (3 * 64, False), (4 * 64, False)):
        at_budget = serial(0.2, 1.0, serial_budget)
        at_budget.finish_reason = "length"
        found = stability.assess(trials, [at_budget], requested=2, branch_texts=["a", "b", "c"], n_branches=3,
                                 budgets=(serial_budget, 64))
        assert (found.flags == [stability.SERIAL_CUT]) is flagged, serial_budget
    # ... unless the server's context stopped it first, short of that budget and of what the branches could write
    at_context = serial(0.2, 1.0, 100)
    at_context.finish_reason = "length"
    found = stability.assess(trials, [at_context], requested=2, branch_texts=["a", "b", "c"], n_branches=3,
                             budgets=(3 * 64, 64))
    assert found.reasons == ["the serial answer stopped at the server's context (100 tokens, under its 192-token "
                             "budget) in 1 of 1 timed trials, while the 3 branches could write 192 together: the "
                             "serial side did less of the work, so its time and the speedup are too low (the "
                             "per-output-token figure is not); give the server's slots more room ([backend] "
                             "ctx_per_slot for the embedded engine)"]


def test_a_branch_cut_at_the_token_budget_where_the_serial_answer_finished_is_flagged() -> None:
    """The side that would favour the parallel figure: a cut branch ended early, so the parallel time is too low."""
    trials = [TrialFigures(0, 1000.0, 500.0, None, 40, 40), TrialFigures(1, 1000.0, 500.0, None, 40, 40)]

    def branch(idx: int, trial: int, finish: str) -> RequestRecord:
        record = RequestRecord(run_id="r", trial=trial, role="branch", idx=idx, status="ok", output_tokens=64)
        record.finish_reason = finish
        return record

    finished, cut = serial(0.2, 1.0, 40), serial(0.2, 1.0, 3 * 64, trial=1)
    finished.finish_reason, cut.finish_reason = "stop", "length"
    branches = [branch(0, 0, "length"), branch(1, 0, "length"), branch(2, 0, "stop"),
                branch(0, 1, "length"), branch(1, 1, "length"), branch(2, 1, "length")]
    found = stability.assess(trials, [finished, cut], requested=2, branch_texts=["a", "b", "c"], n_branches=3,
                             branch_records=branches, budgets=(3 * 64, 64))
    assert found.flags == [stability.BRANCH_CUT]  # trial 1's serial answer was cut too: that trial does not count
    assert found.reasons[0] == ("2 of 3 branches stopped at the token budget (64 tokens) in 1 of 1 timed trials "
                                "whose serial answer finished on its own: the parallel time was cut short, so the "
                                "speedup is too high (an upper bound); raise --max-tokens")
    whole = [branch(idx, 0, "stop") for idx in range(3)]
    assert stability.assess(trials, [finished], requested=2, branch_texts=["a", "b", "c"], n_branches=3,
                            branch_records=whole).flags == []
    assert stability.assess(trials, [cut], requested=2, branch_texts=["a", "b", "c"], n_branches=3,
                            branch_records=branches[3:]).flags == [stability.SERIAL_CUT]
    also_finished = serial(0.2, 1.0, 40, trial=1)
    also_finished.finish_reason = "stop"
    uneven = stability.assess(trials, [finished, also_finished], requested=2, branch_texts=["a", "b", "c"],
                              n_branches=3, branch_records=[*branches[:3], branch(0, 1, "length")])
    assert uneven.reasons[0].startswith("up to 2 of 3 branches stopped at the token budget (64 tokens) in 2 of 2 "
                                        "timed trials")


async def test_a_run_whose_serial_answer_hits_the_budget_is_flagged(store: Store, make_sim: SimFactory,
                                                                    slogan_prompt: str) -> None:
    endpoint, _ = make_sim()
    flagged = []
    for budget in (8, 4096):
        options = RunOptions(trials=1, max_tokens=budget, use_cache=False)
        [run] = finished_runs([event async for event in execute(store, endpoint, [slogan_prompt], options)])
        flagged.append(stability.SERIAL_CUT in stability.flags_of(run))
    assert flagged == [True, False]


async def test_a_serial_budget_of_all_the_branches_lets_the_serial_answer_run_on(store: Store, make_sim: SimFactory,
                                                                                 slogan_prompt: str) -> None:
    """`--serial-budget sum`: the serial request may write what the branches may together, so the answer cut at 8
    tokens under `same` runs past 8, stays within 8 per branch, and the run is not flagged `serial cut`."""
    endpoint, _ = make_sim()
    found = {}
    for budget in ("same", "sum"):
        options = RunOptions(trials=1, max_tokens=8, serial_budget=budget, use_cache=False)
        [run] = finished_runs([event async for event in execute(store, endpoint, [slogan_prompt], options)])
        [serial_record] = [r for r in store.requests_for(run.id) if r.role == "serial"]
        found[budget] = (serial_record.output_tokens, stability.SERIAL_CUT in stability.flags_of(run), run)
    assert found["same"][:2] == (8, True)
    tokens, flagged, run = found["sum"]
    assert 8 < tokens <= 8 * run.n_branches and not flagged and run.params["options"]["serial_budget"] == "sum"
    branches = [r for r in store.requests_for(run.id) if r.role == "branch"]
    assert branches and all(r.output_tokens is not None and r.output_tokens <= 8 for r in branches)


async def test_branches_cut_where_the_serial_answer_finished_are_flagged(store: Store, make_sim: SimFactory,
                                                                        slogan_prompt: str) -> None:
    """The simulator's slogans take 34-44 tokens and its serial answer 59: with 30 tokens a branch and the serial
    request the branches' 180, the serial answer finishes and every branch is cut. With 4,096 nothing is cut."""
    endpoint, _ = make_sim()
    flags = []
    for budget in (30, 4096):
        options = RunOptions(trials=1, max_tokens=budget, serial_budget="sum" if budget == 30 else "same",
                             use_cache=False)
        [run] = finished_runs([event async for event in execute(store, endpoint, [slogan_prompt], options)])
        flags.append(stability.flags_of(run))
    assert flags == [[stability.BRANCH_CUT], []]


async def test_identical_branches_at_temperature_0_are_flagged_and_letters_avoid_them(
        store: Store, make_sim: SimFactory, slogan_prompt: str) -> None:
    endpoint, _ = make_sim()
    seeds = RunOptions(trials=1, diversity="seed", vary_n=(1, 4), use_cache=False)  # temperature 0: greedy
    sweep = finished_runs([event async for event in execute(store, endpoint, [slogan_prompt], seeds)])
    flags = [stability.flags_of(run) for run in sweep]
    assert flags == [[], [stability.IDENTICAL]]  # one branch cannot repeat another; four copies can
    assert stability.of_run(sweep[1]).duplicate_branches == 3  # type: ignore[union-attr]
    [run] = finished_runs([event async for event in execute(store, endpoint, [slogan_prompt],
                                                            RunOptions(trials=1, use_cache=False))])
    assert run.params["options"]["diversity"] == "letter" and stability.flags_of(run) == []


def test_branches_beyond_the_engines_slots_are_flagged_capped_by_the_tighter_limit() -> None:
    trials = [TrialFigures(0, 1000.0, 500.0, None, 40, 40)]
    texts = [str(i) for i in range(20)]

    def capped(n: int, in_flight: int | None, slots: int | None) -> str | None:
        found = stability.assess(trials, [], requested=1, branch_texts=texts[:n], n_branches=n, in_flight=in_flight,
                                 server_slots=slots)
        return dict(zip(found.flags, found.reasons)).get(stability.CAPPED)

    engine = capped(20, 64, 8)
    assert engine is not None and engine.startswith("at most 8 of the 20 branches were decoded at once (the embedded "
                                                    "engine's 8 slots; the others queued)")
    assert engine.endswith("give the engine 20 slots or more ([backend] slots; the studio keeps the engine its first "
                           "run started)")
    assert (capped(100, None, 64) or "").endswith("the engine runs at most 64; a server that batches more (vLLM, "
                                                  "SGLang) can take them all")
    assert (capped(20, 4, 8) or "").startswith("at most 4 of the 20 branches were in flight at once (--concurrency 4)")
    assert capped(8, 64, 8) is None and capped(20, 64, None) is None


def test_a_branch_cut_by_the_servers_context_says_so() -> None:
    trials = [TrialFigures(0, 1000.0, 500.0, None, 40, 40)]
    finished = serial(0.2, 1.0, 40)
    finished.finish_reason = "stop"
    short = RequestRecord(run_id="r", trial=0, role="branch", idx=0, status="ok", output_tokens=90)
    short.finish_reason = "length"
    found = stability.assess(trials, [finished], requested=1, branch_texts=["a", "b"], n_branches=2,
                             branch_records=[short], budgets=(256, 128))
    assert found.reasons == ["1 of 2 branches stopped at the server's context (90 tokens, under the 128-token budget) "
                             "in 1 of 1 timed trials whose serial answer finished on its own: the parallel time was "
                             "cut short, so the speedup is too high (an upper bound); give the server's slots more "
                             "room ([backend] ctx_per_slot for the embedded engine)"]
