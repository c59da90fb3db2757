"""What a run command is to do (`studio.execution.selection`): which prompts, how many slots, what to say first, and
which runs a resume completes against which backend."""

from __future__ import annotations

import pytest

from store import Job, PromptFilter, Run, Store, Triage
from studio.execution.options import RunOptions
from studio.execution.selection import (
    NOTHING_SELECTED, PromptSelection, backend_flags_for_resume, plan_job, select_prompts,
)

from .conftest import add_prompt


@pytest.fixture
def prompts(store: Store, translation_prompt: str, slogan_prompt: str) -> dict[str, str]:
    """Two parallelizable prompts (the slogans accepted in triage) and one that is not parallelizable."""
    store.set_triage(Triage(prompt_id=slogan_prompt, status="accepted"))
    serial = add_prompt(store, "Write one essay.", {"category": "writing", "parallelizable": False})
    return {"translation": translation_prompt, "slogans": slogan_prompt, "serial": serial}


def test_the_default_selection_is_every_parallelizable_prompt(store: Store, prompts: dict[str, str]) -> None:
    assert set(select_prompts(store, PromptSelection())) == {prompts["translation"], prompts["slogans"]}
    assert len(select_prompts(store, PromptSelection(limit=1))) == 1
    assert select_prompts(store, PromptSelection(accepted=True)) == [prompts["slogans"]]
    everything = PromptFilter(parallelizable=False)
    assert select_prompts(store, PromptSelection(where=everything)) == [prompts["serial"]]


def test_given_ids_are_taken_as_they_are_in_order(store: Store, prompts: dict[str, str]) -> None:
    ids = (prompts["serial"], prompts["translation"])
    assert select_prompts(store, PromptSelection(ids=ids, where=PromptFilter(category="x"))) == list(ids)
    assert select_prompts(store, PromptSelection(ids=ids, limit=1)) == [prompts["serial"]]


def test_accepted_contradicting_the_filter_is_refused(store: Store, prompts: dict[str, str]) -> None:
    where = PromptFilter(triage="rejected")
    with pytest.raises(ValueError, match="--accepted contradicts triage=rejected"):
        select_prompts(store, PromptSelection(where=where, accepted=True))
    assert where.triage == "rejected" and where.parallelizable is None  # the caller's filter is left alone


def test_a_job_of_new_runs_knows_its_slots_and_what_to_say(store: Store, prompts: dict[str, str]) -> None:
    job = plan_job(store, RunOptions(), PromptSelection(), resume_runs=False)
    assert set(job.prompt_ids) == {prompts["translation"], prompts["slogans"]} and job.resuming == ()
    assert job.slots == 6 and job.notes == ()  # the six slogans are the widest fan-out
    swept = plan_job(store, RunOptions(vary_n=(2, 8)), PromptSelection(), resume_runs=False)
    assert swept.slots == 8
    [note] = plan_job(store, RunOptions(diversity="seed"), PromptSelection(), resume_runs=False).notes
    assert note.startswith("at temperature 0 --diversity seed gives identical repeated-generation branches")
    [note] = plan_job(store, RunOptions(parallel_sampling=True), PromptSelection(), resume_runs=False).notes
    assert note == "at temperature 0 parallel sampling returns n copies; use --temperature > 0"
    for quiet in (RunOptions(diversity="seed", temperature=0.7), RunOptions()):
        assert plan_job(store, quiet, PromptSelection(), resume_runs=False).notes == ()
    translation_only = PromptSelection(ids=(prompts["translation"],))  # no repeated generation: nothing to say
    assert plan_job(store, RunOptions(diversity="seed"), translation_only, resume_runs=False).notes == ()


def test_nothing_selected_is_an_error_for_new_runs_only(store: Store) -> None:
    with pytest.raises(ValueError, match="no prompts selected"):
        plan_job(store, RunOptions(), PromptSelection(), resume_runs=False)
    assert NOTHING_SELECTED.startswith("no prompts selected")
    nothing = plan_job(store, RunOptions(), PromptSelection(), resume_runs=True)
    assert nothing.resuming == () and nothing.prompt_ids == ()


def test_a_resume_job_takes_the_resumable_runs_of_the_chosen_prompts(store: Store, prompts: dict[str, str]) -> None:
    for prompt, branches in (("translation", 4), ("slogans", 6)):
        store.create_run(Run(id=f"{prompt}-run", prompt_id=prompts[prompt], schema_id=None, backend="sim:gpu",
                             model="sim-gpu", simulated=True, status="interrupted", n_branches=branches), [])
    every = plan_job(store, RunOptions(), PromptSelection(), resume_runs=True, backend_given=False)
    assert {run.id for run in every.resuming} == {"translation-run", "slogans-run"} and every.slots == 6
    assert every.backend_flags == {"backend": "sim", "sim_profile": "gpu"}  # no backend given: the runs' own
    assert plan_job(store, RunOptions(), PromptSelection(), resume_runs=True).backend_flags is None
    chosen = plan_job(store, RunOptions(), PromptSelection(ids=(prompts["translation"],)), resume_runs=True)
    assert [run.id for run in chosen.resuming] == ["translation-run"] and chosen.slots == 4


def test_a_resume_job_takes_the_prompts_interrupted_jobs_left_waiting(store: Store, prompts: dict[str, str]) -> None:
    """Their slots are counted with the job's own options (a sweep to 8 needs 8), their backend inferred as a run's."""
    store.create_job(Job(id="job1", backend="sim:gpu", model="sim-gpu", status="interrupted",
                         params={"options": RunOptions(vary_n=(2, 8)).to_params()}),
                     [prompts["translation"], prompts["slogans"]])
    every = plan_job(store, RunOptions(), PromptSelection(), resume_runs=True, backend_given=False)
    assert every.resuming == () and [job.id for job in every.jobs] == ["job1"] and every.resumes
    assert every.waiting == (prompts["translation"], prompts["slogans"]) and every.slots == 8
    assert every.backend_flags == {"backend": "sim", "sim_profile": "gpu"}
    assert every.notes == ("resuming 0 runs, then 2 prompts that an interrupted run command had not reached (job "
                           "job1)",)
    chosen = plan_job(store, RunOptions(), PromptSelection(ids=(prompts["translation"],)), resume_runs=True)
    assert chosen.waiting == (prompts["translation"],)


def test_resume_infers_the_backend_of_the_interrupted_runs() -> None:
    def run(backend: str, model: str = "m", base_url: str | None = None) -> Run:
        return Run(id=backend, prompt_id="p", schema_id=None, backend=backend, model=model, base_url=base_url)

    assert backend_flags_for_resume([run("embedded")]) == {"backend": "embedded"}
    assert backend_flags_for_resume([run("sim:gpu")]) == {"backend": "sim", "sim_profile": "gpu"}
    assert backend_flags_for_resume([run("openai-compatible", "gpt", "http://h/v1")]) == {
        "backend": "openai", "base_url": "http://h/v1", "model": "gpt"}
    with pytest.raises(ValueError, match="different backends"):
        backend_flags_for_resume([run("embedded"), run("sim:cpu")])
