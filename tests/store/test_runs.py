"""RunQueries: runs and request records round-trip, upserts, filters, interrupted runs."""

from __future__ import annotations

import pytest

from store import Prompt, RequestRecord, Run, Store


def make_run(store: Store, run_id: str, prompt_text: str = "Translate a, b", **changes: object) -> Run:
    prompt = Prompt(text=prompt_text, source="text")
    store.add_prompts([prompt])
    run = Run(id=run_id, prompt_id=prompt.id, schema_id=None, backend="sim:cpu", model="sim", simulated=True,
              params={"options": {"trials": 1}, "untimed": []}, n_branches=2, **changes)  # type: ignore[arg-type]
    records = [RequestRecord(run_id=run_id, trial=0, role="serial", idx=0,
                             messages=[{"role": "user", "content": "Translate a, b"}]),
               RequestRecord(run_id=run_id, trial=0, role="branch", idx=1, messages=[]),
               RequestRecord(run_id=run_id, trial=0, role="branch", idx=0, messages=[])]
    return store.create_run(run, records)


def test_run_and_requests_round_trip(store: Store) -> None:
    run = make_run(store, "r1")
    assert run.created_at
    loaded = store.get_run("r1")
    assert loaded is not None and loaded.params == {"options": {"trials": 1}, "untimed": []} and loaded.simulated
    records = store.requests_for("r1")
    assert [(r.role, r.idx, r.status) for r in records] == [("serial", 0, "pending"), ("branch", 0, "pending"),
                                                          ("branch", 1, "pending")]
    assert records[0].messages == [{"role": "user", "content": "Translate a, b"}]


def test_upsert_request_updates_in_place(store: Store) -> None:
    make_run(store, "r1")
    record = RequestRecord(run_id="r1", trial=0, role="branch", idx=1, text="deux", status="ok", sent_at=0.5,
                           first_token_at=0.6, ended_at=1.25, output_tokens=3, prompt_tokens=20,
                           cached_prompt_tokens=12, retries=2, finish_reason="stop", from_cache=False)
    store.upsert_request(record)
    assert record.id is not None
    stored = [r for r in store.requests_for("r1") if r.role == "branch" and r.idx == 1]
    assert len(stored) == 1
    assert stored[0].text == "deux" and stored[0].retries == 2 and stored[0].cached_prompt_tokens == 12
    assert stored[0].latency_ms == pytest.approx(750.0)
    assert len(store.requests_for("r1")) == 3


def test_sweep_ids_with_prefix_name_each_sweep_once(store: Store) -> None:
    """A sweep id is shared by its runs (one per n): a prefix names the sweep once, not once a run."""
    for n in (1, 2):
        make_run(store, f"r{n}", sweep_id="sweep-abcdef1", sweep_n=n)
    make_run(store, "r3", "Other prompt")
    assert store.ids_with_prefix("sweeps", "sweep-a") == ["sweep-abcdef1"]
    assert store.ids_with_prefix("sweeps", "") == ["sweep-abcdef1"]
    assert store.ids_with_prefix("sweeps", "sweep-b") == []


def test_update_run_and_filters(store: Store) -> None:
    run = make_run(store, "r1")
    make_run(store, "r2", "Other prompt", sweep_id="s", sweep_n=4)
    run.status, run.speedup, run.serial_text = "interrupted", 1.5, "text"
    store.update_run(run)
    assert store.get_run("r1").speedup == 1.5  # type: ignore[union-attr]
    assert [r.id for r in store.list_runs(status="interrupted")] == ["r1"]
    assert [r.id for r in store.list_runs(sweep_id="s")] == ["r2"]
    assert [r.id for r in store.list_runs(prompt_id=run.prompt_id)] == ["r1"]
    assert {r.id for r in store.list_runs(simulated=True)} == {"r1", "r2"}
    assert [r.id for r in store.interrupted_runs()] == ["r1"]
    assert store.interrupted_runs(["nope"]) == []
    make_run(store, "r3", "Third prompt", status="partial")
    make_run(store, "r4", "Fourth prompt", status="running")
    assert [r.id for r in store.interrupted_runs(include_failed=True)] == ["r1", "r3"]
    assert [r.id for r in store.interrupted_runs(include_running=True, include_failed=True)] == ["r1", "r3", "r4"]
    assert store.count_runs() == 4 and store.count_runs(prompt_id=run.prompt_id) == 1
    with pytest.raises(KeyError):
        store.update_run(Run(id="missing", prompt_id=run.prompt_id, schema_id=None, backend="x", model="m"))
