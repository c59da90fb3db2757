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

from store import Store
from studio.cli import app
from studio.cli.run import LiveView, parse_vary_n, runs_table
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
    listed = invoke("runs", "--db", db, "--json")["runs"]
    assert {r["id"] for r in listed} == {r["id"] for r in runs}
    table = CliRunner().invoke(app, ["runs", "--db", db])
    assert table.exit_code == 0 and "sim:gpu*" in table.stdout


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


@pytest.mark.isolated
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_stopped_mid_run_then_resume_loses_nothing(db: str, stop: signal.Signals) -> None:
    """Ctrl-C, and SIGTERM (`kill`, a container stopping) alike: the run is stored interrupted, not left running."""
    # The slower cpu profile (~45 ms per token) leaves seconds between "some requests finished" and "run done", so
    # the Ctrl-C reliably lands mid-run even on a loaded machine (with the gpu profile the job could end first).
    env = {**os.environ, "PPSTUDIO_BACKEND_SIM_PROFILE": "cpu", "PYTHONUNBUFFERED": "1"}
    command = [str(Path(sys.executable).parent / "ppstudio"), "run", "--db", db, "--backend", "sim", "--trials", "2",
               "--diversity", "index", "--no-cache", "--json"]
    # A shell without job control starts background jobs (CI, `make test &`) with SIGINT ignored, and a child
    # inherits that; restore the default so the child behaves as under a terminal where Ctrl-C is pressed.
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
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
    assert process.returncode == 130, f"polls={len(seen)} last={seen[-5:]} stderr={stderr}"
    assert "--resume" in stderr
    with Store(db) as store:
        [run] = store.interrupted_runs()
        before = {(r.trial, r.role, r.idx): (r.status, r.text) for r in store.requests_for(run.id)}
    assert len(before) == 2 * (1 + 5)
    done_before = {key: text for key, (status, text) in before.items() if status == "ok"}
    assert len(done_before) >= 3 and len(done_before) < len(before)
    assert json.loads(stdout)["runs"][0]["status"] == "interrupted"

    # resumed in a real process too (backend inferred from the run: sim:cpu)
    resumed = subprocess.run([command[0], "run", "--db", db, "--resume", "--json"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    document = json.loads(resumed.stdout)
    assert [r["id"] for r in document["runs"]] == [run.id] and document["runs"][0]["status"] == "done"
    with Store(db) as store:
        after = {(r.trial, r.role, r.idx): r for r in store.requests_for(run.id)}
        assert store.interrupted_runs() == []
    assert after.keys() == before.keys() and all(r.status == "ok" for r in after.values())
    assert all(after[key].text == text for key, text in done_before.items())  # finished work was kept, not redone


def test_resume_refuses_run_options_it_would_ignore(tmp_path: Path) -> None:
    """A resume sends the rest of each run as it was planned (its stored options): a run option beside --resume was
    once silently ignored (--retries 5 re-sent with 0 retries); now it is refused, saying which."""
    Store(tmp_path / "s.db").close()
    result = CliRunner().invoke(app, ["run", "--db", str(tmp_path / "s.db"), "--resume", "--retries", "5",
                                      "--no-share-prefix", "--backend", "sim"], env=GPU_SIM)
    assert result.exit_code == 1 and result.stdout == ""
    assert "--share-prefix/--no-share-prefix, --retries would be ignored" in " ".join(result.stderr.split())
    plain = CliRunner().invoke(app, ["run", "--db", str(tmp_path / "s.db"), "--resume", "--backend", "sim"],
                               env=GPU_SIM)
    assert plain.exit_code == 0 and "nothing to resume" in plain.stdout + plain.stderr


def test_no_prompts_selected_is_an_error_on_stderr(tmp_path: Path) -> None:
    Store(tmp_path / "empty.db").close()  # an existing store with nothing in it (a missing one is refused earlier)
    result = CliRunner().invoke(app, ["run", "--db", str(tmp_path / "empty.db"), "--backend", "sim", "--json"],
                                env=GPU_SIM)
    assert result.exit_code == 1 and result.stdout == "" and "no prompts selected" in result.stderr


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


def test_extra_body_must_be_a_json_object(db: str) -> None:
    for given, said in (("{nope", "must be JSON"), ("[1]", "must be a JSON object"),
                        ('{"seed": 3}', "extra body may not set seed")):
        result = CliRunner().invoke(app, ["run", "--db", db, "--backend", "sim", "--extra-body", given])
        assert result.exit_code in (1, 2) and said in result.output, result.output
