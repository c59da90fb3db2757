"""`ppstudio run` / `ppstudio runs` end to end on the simulator, including Ctrl-C in a real process and --resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from store import Job, Prompt, Run, Store
from studio.cli import app
from studio.cli.run import LiveView, parse_vary_n, run_outcome_line, runs_table
from studio.execution.events import RequestStarted, RunStarted, TokenDelta

from .bad_server import MODEL, BadServer, Fault, http, sse
from .conftest import add_prompt, two_prompts

ROOT = Path(__file__).resolve().parents[3]
GPU_SIM = {"PPSTUDIO_BACKEND_SIM_PROFILE": "gpu"}  # the fast simulated profile: ~12 ms per token


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "cli.db"
    with Store(path) as store:
        add_prompt(store, "Give me 5 slogans for a bakery.",
                   {"category": "repeated_generation", "template": "Write a slogan for a bakery.", "n": 5,
                    "decomposition_ms": 0.0})
        add_prompt(store, "Translate: cat; dog [bold]x[/bold]",
                   {"category": "translation", "template": "Translate to French: {data}",
                    "data": ["cat", "dog [bold]x[/bold]"], "decomposition_ms": 2.0})
    return str(path)


def invoke(*args: str) -> dict:
    result = CliRunner().invoke(app, list(args), env=GPU_SIM, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_run_json_then_runs_lists_them(db: str) -> None:
    document = invoke("run", "--db", db, "--backend", "sim", "--diversity", "letter", "--vary-n", "1,3",
                      "--aggregation", "merge", "--json")
    runs = document["runs"]
    assert len(runs) == 3 and document["skipped"] == []  # the sweep (n=1, n=3) and the translation prompt
    assert all(r["simulated"] and r["label"] == "simulated" and r["status"] == "done" for r in runs)
    assert [r["sweep_n"] for r in runs if r["sweep_id"]] == [1, 3]
    assert all(r["merge_text"] and r["merged_speedup"] is not None for r in runs)
    listed = invoke("runs", "--db", db, "--json")
    assert {r["id"] for r in listed["runs"]} == {r["id"] for r in runs} and listed["waiting"] == []
    table = CliRunner().invoke(app, ["runs", "--db", db])
    assert table.exit_code == 0 and "sim:gpu*" in table.stdout and "waiting" not in table.stdout


def test_runs_names_the_prompts_a_job_left_waiting(db: str) -> None:
    with Store(db) as store:
        prompt_ids = [prompt.id for prompt in store.iter_prompts()]
        store.create_job(Job(id="job0waiting00001", backend="sim:gpu", model="sim-gpu", status="interrupted"),
                         prompt_ids)
    assert invoke("runs", "--db", db, "--json")["waiting"] == [
        {"job": "job0waiting00001", "status": "interrupted", "prompts": prompt_ids}]
    table = CliRunner().invoke(app, ["runs", "--db", db])
    assert table.exit_code == 0 and "no runs yet" in table.stdout
    assert "waiting: 2 prompts of 1 run command that did not finish (job0waiting00001 interrupted)" in " ".join(
        table.stdout.split())


def test_bad_flags_are_explained(db: str) -> None:
    for args, message in ((["--prompt", "nope"], "no prompt with id 'nope'"), (["--diversity", "x"], "--diversity"),
                          (["--where", "colour=red"], "unknown filter key"), (["--aggregation", "sum"], "merge")):
        result = CliRunner().invoke(app, ["run", "--db", db, "--backend", "sim", *args])
        assert result.exit_code != 0 and message in result.output
    assert parse_vary_n("8,1,2,2") == (1, 2, 8)


def test_live_view_renders_untrusted_text_literally() -> None:
    from store import Run

    view = LiveView()
    run = Run(id="r", prompt_id="p", schema_id=None, backend="sim:gpu", model="m", simulated=True, trials=1,
              n_branches=1)
    view.handle(RunStarted(run, ("dog [bold]x[/bold] \x1b[31m",)))
    view.handle(RequestStarted("r", 0, "branch", 0))
    view.handle(TokenDelta("r", 0, "branch", 0, "[red]chien[/red]"))
    console = Console(record=True, width=120)
    console.print(view.render())
    text = console.export_text()
    assert "dog [bold]x[/bold] \\x1b[31m" in text and "(simulated)" in text and "branch 1" in text
    console.print(runs_table([run], "runs"))
    assert "sim:gpu*" in console.export_text()


SIM_CPU = {**os.environ, "PPSTUDIO_BACKEND_SIM_PROFILE": "cpu", "PYTHONUNBUFFERED": "1"}


def _stopped_mid_run(db: str, stop: signal.Signals,
                     sigint: signal.Handlers = signal.SIG_DFL) -> tuple[int, str, str, list[str]]:
    """`ppstudio run` on the simulator, stopped by `stop` once some requests have finished; its exit status, stdout,
    stderr and the command. `sigint` is the SIGINT disposition it starts with: a shell without job control starts
    background jobs (CI, `make test &`) with SIGINT ignored and a child inherits that; the default behaves as under a
    terminal where Ctrl-C is pressed."""
    # The slower cpu profile (~45 ms per token) leaves seconds between "some requests finished" and "run done", so
    # the signal reliably lands mid-run even on a loaded machine (with the gpu profile the job could end first).
    command = [str(Path(sys.executable).parent / "ppstudio"), "run", "--db", db, "--backend", "sim", "--trials", "2",
               "--diversity", "index", "--no-cache", "--json"]
    process = subprocess.Popen(command, cwd=ROOT, env=SIM_CPU, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, sigint))
    try:
        deadline = time.monotonic() + 60
        seen: list[int] = []
        with Store(db) as store:  # wait until some requests have finished, then stop it
            while time.monotonic() < deadline and process.poll() is None:
                runs = store.list_runs()
                seen.append(sum(r.status == "ok" for r in store.requests_for(runs[-1].id)) if runs else -1)
                if seen[-1] >= 3:
                    break
                time.sleep(0.02)
        process.send_signal(stop)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    return process.returncode, stdout, stderr + f" (polls={len(seen)} last={seen[-5:]})", command


@pytest.mark.isolated
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_stopped_mid_run_then_resume_loses_nothing(db: str, stop: signal.Signals) -> None:
    """Ctrl-C, and SIGTERM (`kill`, a container stopping) alike: the run is stored interrupted, not left running."""
    returncode, stdout, stderr, command = _stopped_mid_run(db, stop)
    assert returncode == 130, stderr
    assert "--resume" in stderr
    with Store(db) as store:
        [run] = store.interrupted_runs()
        before = {(r.trial, r.role, r.idx): (r.status, r.text) for r in store.requests_for(run.id)}
    assert len(before) == 2 * (1 + 5)
    done_before = {key: text for key, (status, text) in before.items() if status == "ok"}
    assert len(done_before) >= 3 and len(done_before) < len(before)
    assert json.loads(stdout)["runs"][0]["status"] == "interrupted"
    # the job's other prompt never started: the job keeps it waiting, and the resume runs it after the run
    with Store(db) as store:
        others = [p.id for p in store.iter_prompts() if p.id != run.prompt_id]
        [job] = store.unfinished_jobs()
    assert job.status == "interrupted" and job.waiting == others
    assert json.loads(stdout)["not_started"] == others and "not started: 1 of the 2 prompts" in stderr

    # resumed in a real process too (backend inferred from the run: sim:cpu)
    resumed = subprocess.run([command[0], "run", "--db", db, "--resume", "--json"], cwd=ROOT, env=SIM_CPU,
                             capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    document = json.loads(resumed.stdout)
    assert [r["id"] for r in document["runs"]][0] == run.id
    assert [r["prompt_id"] for r in document["runs"]] == [run.prompt_id, *others]
    assert [r["status"] for r in document["runs"]] == ["done", "done"] and document["not_started"] == []
    assert document["runs"][1]["params"]["options"] == document["runs"][0]["params"]["options"]  # the job's options
    with Store(db) as store:
        after = {(r.trial, r.role, r.idx): r for r in store.requests_for(run.id)}
        assert store.interrupted_runs() == [] and store.unfinished_jobs() == []
        assert store.get_job(job.id).status == "done"  # type: ignore[union-attr]
    assert after.keys() == before.keys() and all(r.status == "ok" for r in after.values())
    assert all(after[key].text == text for key, text in done_before.items())  # finished work was kept, not redone


@pytest.mark.isolated
def test_sigterm_stops_a_background_job_that_ignores_sigint(db: str) -> None:
    """Where SIGINT is ignored the asyncio runner does not handle it, so SIGTERM is not turned into one (it would be
    dropped and the job would run on): SIGTERM ends the process as it always did, and the resume completes the run
    its dead process left marked running, then runs the prompt its job had not reached."""
    returncode, _, stderr, command = _stopped_mid_run(db, signal.SIGTERM, signal.SIG_IGN)
    assert returncode == -signal.SIGTERM, stderr
    with Store(db) as store:
        [job] = store.unfinished_jobs()  # still marked running: its process died without a word
    assert job.status == "running" and len(job.waiting) == 1
    resumed = subprocess.run([command[0], "run", "--db", db, "--resume", "--json"], cwd=ROOT, env=SIM_CPU,
                             capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    runs = json.loads(resumed.stdout)["runs"]
    assert [run["status"] for run in runs] == ["done", "done"] and runs[1]["prompt_id"] == job.waiting[0]


def test_resume_refuses_run_options_it_would_ignore(tmp_path: Path) -> None:
    """A resume sends the rest of each run as it was planned (its stored options): a run option beside --resume was
    once silently ignored; now it is a usage error saying which, except --timeout and --retries (how hard a request
    is tried: a run that failed on 429s or timeouts can be completed with more patience)."""
    Store(tmp_path / "s.db").close()
    result = CliRunner().invoke(app, ["run", "--db", str(tmp_path / "s.db"), "--resume", "--retries", "5",
                                      "--no-share-prefix", "--trials", "3", "--backend", "sim"], env=GPU_SIM)
    assert result.exit_code == 2 and result.stdout == ""
    assert "so --trials, --share-prefix/--no-share-prefix would be ignored" in " ".join(result.stderr.split())
    patient = CliRunner().invoke(app, ["run", "--db", str(tmp_path / "s.db"), "--resume", "--retries", "5",
                                       "--timeout", "30", "--backend", "sim"], env=GPU_SIM)
    assert patient.exit_code == 0 and "nothing to resume" in patient.stdout + patient.stderr


def test_run_options_and_the_rest_of_runs_flags_are_split_by_hand_in_one_place() -> None:
    """`_RUN_OPTIONS` (what a resume refuses to change) must name every option of `run` that is not a selection,
    backend or output flag: a new run option missing from it would be ignored by a resume without a word."""
    from typer.main import get_command

    from studio.cli import run as run_cli
    from studio.execution import runner

    params = {param.name for param in get_command(app).commands["run"].params}  # type: ignore[attr-defined]
    not_run_options = {"prompt", "where", "accepted", "limit", "base_url", "model", "api_key_env", "backend",
                       "resume_runs", "db", "as_json"}
    assert set(run_cli._RUN_OPTIONS) == params - not_run_options
    assert set(run_cli._RESUME_RETRY_FLAGS.values()) == set(runner.RESUME_RETRY_OPTIONS)


def test_no_prompts_selected_is_an_error_on_stderr(tmp_path: Path) -> None:
    Store(tmp_path / "empty.db").close()  # an existing store with nothing in it (a missing one is refused earlier)
    result = CliRunner().invoke(app, ["run", "--db", str(tmp_path / "empty.db"), "--backend", "sim", "--json"],
                                env=GPU_SIM)
    assert result.exit_code == 1 and result.stdout == "" and "no prompts selected" in result.stderr


def test_every_selected_prompt_skipped_is_an_error_after_the_json(tmp_path: Path) -> None:
    """Nothing run because nothing could be (no schema): the reasons are printed, and the exit says it (it was 0)."""
    with Store(tmp_path / "s.db") as store:
        store.add_prompts([Prompt(text="Give me 3 slogans for a bakery", source="text")])
        [prompt] = store.list_prompts()
    result = CliRunner().invoke(app, ["run", "--db", str(tmp_path / "s.db"), "--prompt", prompt.id, "--backend", "sim",
                                      "--json"], env=GPU_SIM)
    assert result.exit_code == 1 and "every selected prompt (1) was skipped" in result.stderr
    assert json.loads(result.stdout)["skipped"] == [{"prompt_id": prompt.id,
                                                     "reason": "it has no schema (run `ppstudio curate` first)"}]


def test_a_failed_run_exits_3_with_its_json_then_resume_completes_it(tmp_path: Path) -> None:
    """A malformed chunk fails its request, not the command: the other prompt runs, the JSON is printed, the exit
    status says a run failed, and `--resume` (same store, backend inferred) completes it once the server is good."""
    db = str(tmp_path / "faults.db")
    with Store(db) as store:
        bad, good = two_prompts(store)
    with BadServer() as server:
        server.fault = Fault(http(body=sse({"choices": "abc"})))
        result = CliRunner().invoke(app, ["run", "--db", db, "--base-url", server.base_url, "--model", MODEL,
                                          "--retries", "0", "--no-cache", "--json"], catch_exceptions=False)
        assert result.exit_code == 3, result.output
        assert "Traceback" not in result.output and "1 of 2 runs failed" in result.stderr
        runs = {run["prompt_id"]: run for run in json.loads(result.stdout)["runs"]}
        assert runs[bad]["status"] == "failed" and "malformed chunk: choices is a string" in runs[bad]["error"]
        assert runs[good]["status"] == "done"

        server.fault = None
        resumed = CliRunner().invoke(app, ["run", "--db", db, "--resume", "--json"], catch_exceptions=False)
        assert resumed.exit_code == 0, resumed.output
        assert [(r["id"], r["status"]) for r in json.loads(resumed.stdout)["runs"]] == [(runs[bad]["id"], "done")]


def test_run_says_why_a_run_is_flagged_and_runs_lists_the_flags(db: str) -> None:
    """Seeds alone at temperature 0 give five copies of one slogan: `ppstudio run` says so in one line, the JSON
    carries the flags and the per-trial spread, and `runs` shows them."""
    result = CliRunner().invoke(app, ["run", "--db", db, "--backend", "sim", "--where", "category=repeated_generation",
                                      "--diversity", "seed", "--trials", "2", "--no-cache"],
                                env={**GPU_SIM, "COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "identical branches: 4 of 5 branches repeat another branch's answer" in result.stderr
    assert "over 2 trials" in result.stderr
    [run] = invoke("runs", "--db", db, "--json")["runs"]
    # `noisy` may join it on a busy machine (two trials' times on shared cores): that flag is test_stability's
    assert "identical branches" in run["flags"] and set(run["flags"]) <= {"identical branches", "noisy"}
    assert run["spread"]["timed_trials"] == 2
    assert len(run["spread"]["per_trial"]) == 2
    table = CliRunner().invoke(app, ["runs", "--db", db], env={"COLUMNS": "100"})
    assert "identical" in table.stdout and "done 2/2" in table.stdout
    assert "flagged: 1 of 1 run (" in table.stdout and "identical branches 1" in table.stdout  # the runs, counted


def test_serial_budget_sum_is_stored_with_the_run_and_refused_when_unknown(db: str) -> None:
    [run] = invoke("run", "--db", db, "--backend", "sim", "--where", "category=translation", "--trials", "1",
                   "--serial-budget", "sum", "--max-tokens", "16", "--json")["runs"]
    assert run["status"] == "done" and run["params"]["options"]["serial_budget"] == "sum"
    refused = CliRunner().invoke(app, ["run", "--db", db, "--backend", "sim", "--serial-budget", "double"])
    assert refused.exit_code == 2 and "'double' is not one of 'same', 'sum'" in refused.output, refused.output


def test_a_run_the_engine_refused_as_too_long_says_how_to_give_its_slots_more() -> None:
    error = ("3 of 3 requests did not finish OK: trial 0 serial 0: HTTP 400 Bad Request: request (3100 tokens) "
             "exceeds the available context size (2048 tokens), try increasing it")
    line = run_outcome_line(Run(id="r", prompt_id="p", schema_id=None, backend="embedded", model="m",
                                status="failed", error=error))
    assert "PPSTUDIO_BACKEND_CTX_PER_SLOT=8192" in line and "ppstudio run --resume" in line
    assert "ctx_per_slot" not in run_outcome_line(Run(id="r", prompt_id="p", schema_id=None, backend="sim:gpu",
                                                      model="m", status="failed", error=error))


def test_extra_body_must_be_a_json_object(db: str) -> None:
    """Every refused --extra-body is a usage error (2): malformed JSON (Click's check) and a field the runner sets
    (RunOptions' check) alike."""
    for given, said in (("{nope", "must be JSON"), ("[1]", "must be a JSON object"),
                        ('{"seed": 3}', "extra body may not set seed")):
        result = CliRunner().invoke(app, ["run", "--db", db, "--backend", "sim", "--extra-body", given])
        assert result.exit_code == 2 and said in result.output, result.output


def test_a_refused_setting_is_bad_input_and_a_refused_flag_a_usage_error(db: str) -> None:
    from_env = CliRunner().invoke(app, ["run", "--db", db, "--backend", "sim"],
                                  env={**GPU_SIM, "PPSTUDIO_RUN_DIVERSITY": "foo"})
    assert from_env.exit_code == 1 and "set by environment variable PPSTUDIO_RUN_DIVERSITY" in from_env.output
    mixed = CliRunner().invoke(app, ["run", "--db", db, "--backend", "sim", "--extra-body", '{"seed": 3}'],
                               env={**GPU_SIM, "PPSTUDIO_RUN_DIVERSITY": "foo"})
    assert mixed.exit_code == 1 and "may not set seed" in mixed.output  # (not every refused value is a flag)
