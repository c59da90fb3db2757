"""JobQueries: a job's prompts wait until the transaction that stores their runs marks them started."""

from __future__ import annotations

import sqlite3

import pytest

from store import Job, Prompt, Run, Store


def _prompts(store: Store, *texts: str) -> list[str]:
    prompts = [Prompt(text=text, source="text") for text in texts]
    store.add_prompts(prompts)
    return [prompt.id for prompt in prompts]


def _job(store: Store, prompt_ids: list[str], job_id: str = "job1", **changes: object) -> Job:
    job = Job(id=job_id, backend="sim:cpu", model="sim", simulated=True,
              params={"options": {"trials": 1}, "owner": {"pid": 1, "host": "h"}}, **changes)  # type: ignore[arg-type]
    return store.create_job(job, prompt_ids)


def _run(run_id: str, prompt_id: str) -> Run:
    return Run(id=run_id, prompt_id=prompt_id, schema_id=None, backend="sim:cpu", model="sim", status="running")


def test_prompts_wait_until_their_runs_are_stored(store: Store) -> None:
    first, second, third = _prompts(store, "Translate a, b", "Translate c, d", "Translate e, f")
    job = _job(store, [first, second, third])
    assert job.created_at and store.get_job("job1") == job and job.waiting == [first, second, third]
    store.create_runs([(_run("r1", first), []), (_run("r2", first), [])], "job1")  # one prompt's sweep of two
    store.skip_job_prompt("job1", second)
    assert store.get_job("job1").waiting == [third]  # type: ignore[union-attr]
    assert [run.id for run in store.list_runs()] == ["r2", "r1"]
    assert [found.id for found in store.unfinished_jobs()] == ["job1"]
    assert store.unfinished_jobs([first, second]) == []  # only the chosen prompts of the jobs count
    job.status = "done"
    store.update_job(job)
    assert store.unfinished_jobs() == []


def test_a_failed_run_insert_leaves_the_prompt_waiting(store: Store) -> None:
    """The mark and the runs share one transaction: a run that cannot be stored leaves its prompt waiting."""
    [prompt_id] = _prompts(store, "Translate a, b")
    _job(store, [prompt_id])
    store.create_runs([(_run("r1", prompt_id), [])])
    with pytest.raises(sqlite3.IntegrityError):
        store.create_runs([(_run("r2", prompt_id), []), (_run("r1", prompt_id), [])], "job1")  # r1 exists
    assert store.get_job("job1").waiting == [prompt_id]  # type: ignore[union-attr]
    assert store.get_run("r2") is None


def test_claim_job_takes_it_only_as_it_was_read(store: Store) -> None:
    [prompt_id] = _prompts(store, "Translate a, b")
    job = _job(store, [prompt_id], status="interrupted")
    read_as = (job.status, job.params["owner"])
    job.status, job.params = "running", {**job.params, "owner": {"pid": 2, "host": "h"}}
    assert store.claim_job(job, *read_as)
    assert not store.claim_job(job, *read_as)  # a second resume that read the same row leaves it alone
    assert store.get_job("job1").status == "running"  # type: ignore[union-attr]


def test_deleting_a_prompt_drops_it_from_its_jobs(store: Store) -> None:
    first, second = _prompts(store, "Translate a, b", "Translate c, d")
    _job(store, [first, second])
    with store.database.transaction() as conn:
        conn.execute("DELETE FROM prompts WHERE id = ?", (first,))
    assert store.get_job("job1").waiting == [second]  # type: ignore[union-attr]
