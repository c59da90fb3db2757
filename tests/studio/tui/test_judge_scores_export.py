"""Blind A/B judging, the scores view and the export dialog."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.widgets import Checkbox, DataTable, Input, Select, Static

from store import PromptFilter, Score, Store
from store.filters import parse_where
from studio.tui.app import StudioApp
from studio.tui.messages import ExportWritten, JudgementRecorded
from studio.tui.screens.browser import BrowserScreen
from studio.tui.screens.export import ExportDialog, where_text
from studio.tui.screens.judge import BlindJudgeScreen
from studio.tui.screens.scores import ScoresScreen
from tests.studio.tui.conftest import PARALLEL_ANSWER, SERIAL_ANSWER, add_finished_run


def rendered_text(widget: Static) -> str:
    """What a Static holding a Rich renderable shows, as plain text."""
    capture = Console(width=120, record=True, file=io.StringIO())
    capture.print(widget.content)  # the renderable given to update()
    return capture.export_text()


@pytest.mark.parametrize("seed", [0, 1])  # seed 0 shows the parallel answer as A, seed 1 the serial one
async def test_blind_judging_hides_sides_and_stores_decoded_choices(studio_store: Store, prompt_ids: list[str],
                                                                    seed: int) -> None:
    run = add_finished_run(studio_store, prompt_ids[0])
    seen: list[object] = []
    app = StudioApp(studio_store, judge="ada", seed=seed)
    async with app.run_test(size=(120, 36), message_hook=seen.append) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("j")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BlindJudgeScreen)
        answer_a = str(screen.query_one("#answer-a Static", Static).render())
        answer_b = str(screen.query_one("#answer-b Static", Static).render())
        assert {answer_a, answer_b} == {SERIAL_ANSWER, PARALLEL_ANSWER}
        assert (answer_a == SERIAL_ANSWER) == (screen.a_is == "serial")
        shown = " ".join([str(w.render()) for w in screen.query(Static)]
                         + [str(w.border_title) for w in screen.query(".answer-pane")])
        shown = shown.replace(SERIAL_ANSWER, "").replace(PARALLEL_ANSWER, "").lower()
        shown = shown.replace(app.title.lower(), "")  # the app's name in the header
        for hidden in ("serial", "parallel", " ms", "speedup", "3.00", "tok/s"):
            assert hidden not in shown
        await pilot.press("1", "2", "3", "1")
        await pilot.pause()
        assert isinstance(app.screen, BrowserScreen)
    stored = studio_store.judgements_for(run.id)
    a_is = stored[0].a_is
    b_is = "parallel" if a_is == "serial" else "serial"
    assert [(j.criterion, j.choice, j.judge) for j in stored] == [
        ("accuracy", a_is, "ada"), ("fluency", "tie", "ada"), ("detail", b_is, "ada"), ("overall", a_is, "ada")]
    assert {j.a_is for j in stored} == {a_is}
    assert {m.judgement.id for m in seen if isinstance(m, JudgementRecorded)} == {j.id for j in stored}


async def test_order_is_random_across_sessions(studio_store: Store, prompt_ids: list[str]) -> None:
    run = add_finished_run(studio_store, prompt_ids[0])
    sides = []
    app = StudioApp(studio_store, seed=0)  # seeded for a reproducible test; a fresh draw each time it opens
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(3):  # seed 0 draws parallel, parallel, serial
            await app.push_screen(BlindJudgeScreen(app.studio, run))
            sides.append(app.screen.a_is)
            await pilot.press("escape")
    assert set(sides) == {"serial", "parallel"}


async def test_judging_needs_a_run(studio_store: Store, prompt_ids: list[str]) -> None:
    app = StudioApp(studio_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, BrowserScreen)


async def test_scores_screen_shows_history_scores_and_judgements(studio_store: Store, prompt_ids: list[str]) -> None:
    run = add_finished_run(studio_store, prompt_ids[0])
    studio_store.add_scores([Score(run_id=run.id, scorer="rouge", name="rouge1_f", value=0.8125,
                                   details={"note": "[b]x[/b]"})])
    app = StudioApp(studio_store, judge="bo", seed=0)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ScoresScreen)
        row = [str(cell) for cell in screen.query_one("#runs-table", DataTable).get_row(run.id)]
        assert "3.00×" in row and "900 ms" in row and "done" in row
        await pilot.press("j", "1", "1", "1", "1")
        await pilot.pause()
        assert isinstance(app.screen, ScoresScreen)
        text = rendered_text(app.screen.query_one("#score-body", Static))
        assert "rouge1_f" in text and "0.812" in text and "[b]x[/b]" in text
        assert "by bo" in text and "overall" in text
        assert "Serial answer" in text and "Nous mangeons [b]du[/b] pain." in text


async def test_score_key_runs_the_scoring_pipeline(studio_store: Store, prompt_ids: list[str], monkeypatch) -> None:
    from studio.scoring import runs

    run = add_finished_run(studio_store, prompt_ids[0])
    monkeypatch.setattr(runs, "AUTOMATIC_SCORERS", ("structure",))
    app = StudioApp(studio_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("g")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert {s.scorer for s in studio_store.scores_for(run.id)} == {"structure"}


@pytest.mark.parametrize("where", [
    PromptFilter(), PromptFilter(category="Translation", language="en"),
    PromptFilter(search='red, "green"', has_runs=False, tier="high"),
])
def test_where_text_round_trips(where: PromptFilter) -> None:
    assert parse_where(where_text(where)) == where


async def test_export_dialog_writes_the_report(studio_store: Store, prompt_ids: list[str], tmp_path) -> None:
    add_finished_run(studio_store, prompt_ids[0])
    seen: list[object] = []
    target = tmp_path / "out" / "report.md"
    app = StudioApp(studio_store)
    async with app.run_test(size=(100, 36), message_hook=seen.append) as pilot:
        await pilot.pause()
        app.screen.query_one("#filter-category", Select).value = "Translation"
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.query_one("#export-where", Input).value == "category=Translation"
        dialog.query_one("#export-format", Select).value = "md"
        await pilot.pause()
        assert dialog.query_one("#export-path", Input).value.endswith(".md")
        dialog.query_one("#export-where", Input).value = "bogus=1"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "unknown filter key" in str(dialog.query_one("#export-result", Static).render())
        dialog.query_one("#export-where", Input).value = "category=Translation"
        dialog.query_one("#export-path", Input).value = str(target)
        dialog.query_one("#export-paper", Checkbox).value = True
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, BrowserScreen)
    assert target.exists() and "Translation" in target.read_text()
    assert {m.path for m in seen if isinstance(m, ExportWritten)} == {str(target)}


async def test_a_failed_export_is_reported_and_the_studio_keeps_running(studio_store: Store, tmp_path) -> None:
    app = StudioApp(studio_store)
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#export-path", Input).value = str(tmp_path)  # a folder: cannot be written as a file
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is dialog and app.is_running
        assert "Not written" in str(dialog.query_one("#export-result", Static).render())
        assert any(n.severity == "error" for n in app._notifications)


async def test_scores_are_tables_with_labelled_details(studio_store: Store, prompt_ids: list[str]) -> None:
    run = add_finished_run(studio_store, prompt_ids[0])
    alignment = [{"branch": 0, "serial_item": 0, "similarity": 0.91234}, {"branch": 1, "serial_item": 2,
                                                                           "similarity": 0.4}]
    studio_store.add_scores([
        Score(run_id=run.id, scorer="rouge", name="rouge1_f", value=0.23958333333333334,
              details={"precision": 0.2, "recall": 0.30000001}),
        Score(run_id=run.id, scorer="rouge", name="rougeL_f", value=0.5, details={"precision": 0.4, "recall": 0.6}),
        Score(run_id=run.id, scorer="similarity", name="cosine", value=0.87654, details={"serial_items": 3}),
        Score(run_id=run.id, scorer="similarity", name="items_matched", value=0.5,
              details={"alignment": alignment, "unmatched_branches": [1], "unanswered_branches": []}),
        Score(run_id=run.id, scorer="structure", name="list_form_kept", value=0.0,
              details={"serial_is_list": True, "parallel_is_list": False}),
    ])
    app = StudioApp(studio_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(ScoresScreen(app.studio, prompt_ids[0]))
        await pilot.pause()
        text = rendered_text(app.screen.query_one("#score-body", Static))
    assert "{" not in text and "0.23958" not in text  # no raw JSON, no long floats
    lines = text.splitlines()
    overview: dict[str, str] = {}  # the first line naming each scorer: its row of the overview table
    for line in lines[next(i for i, x in enumerate(lines) if x.startswith("Scorer")) + 1:]:
        if line.split() and line.split()[0] in ("rouge", "similarity", "structure"):
            overview.setdefault(line.split()[0], line)
    assert "rougeL_f 0.500" in overview["rouge"] and "rouge1_f 0.240" in overview["rouge"]  # headline first
    assert "cosine 0.877" in overview["similarity"] and "list_form_kept no" in overview["structure"]
    assert any("rouge1_f" in line and "0.240" in line and "precision 0.200" in line and "recall 0.300" in line
               for line in lines)
    header = next(i for i, line in enumerate(lines) if line.split() == ["branch", "serial", "item", "similarity"])
    assert lines[header + 1].split() == ["1", "1", "0.912"] and lines[header + 2].split() == ["2", "3", "0.400"]
    assert "unmatched branches 2" in text and "unanswered branches none" in text
    assert "serial is list yes" in text and "parallel is list no" in text


async def test_llm_judge_from_the_app_beside_the_blind_judgements(studio_store: Store, prompt_ids: list[str],
                                                                  sim_endpoint) -> None:
    """J asks the judge on the chosen backend (the simulator here) through the library call `ppstudio score
    --scorers judge` makes; both orders' verdicts show beside the human choices, with their agreement."""
    from studio.tui.screens.llm_judge import JudgeEndpointDialog

    run = add_finished_run(studio_store, prompt_ids[0])
    app = StudioApp(studio_store, endpoint=sim_endpoint, judge="ada", seed=0)
    progress: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(ScoresScreen(app.studio, prompt_ids[0]))
        await pilot.pause()
        screen = app.screen
        await pilot.press("J")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, JudgeEndpointDialog)
        labels = [str(button.label) for button in dialog.query("RadioButton")]
        assert any("sim:gpu" in label for label in labels) and any("Embedded" in label for label in labels)
        await pilot.press("ctrl+s")  # the configured backend: the simulator
        await pilot.pause()
        progress.append(str(screen.query_one("#scores-status", Static).render()))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not screen.query_one("#scores-status", Static).display  # the progress line goes when done
        await pilot.press("j", "1", "1", "1", "1")  # the human's blind judgements
        await pilot.pause()
        assert app.screen is screen
        text = rendered_text(screen.query_one("#score-body", Static))
    judged = {s.name: s for s in studio_store.scores_for(run.id) if s.scorer == "judge"}
    assert set(judged) == {"accuracy", "fluency", "detail", "overall"}
    assert "LLM judge" in progress[0] and "sim:gpu" in progress[0] and "/2 verdicts" in progress[0]
    overall = judged["overall"].details
    [row] = [line for line in text.splitlines() if line.split()[:1] == ["overall"]]  # the judges table's row
    words = {"parallel": "parallel better", "serial": "serial better", "tie": "tie"}
    assert words[overall["choice"]] in row
    human = studio_store.judgements_for(run.id)[-1].choice
    assert f"{human} 1" in row
    for order in overall["orders"]:  # each order's winner, as the side it names
        side = {"A": order["a_is"], "B": "parallel" if order["a_is"] == "serial" else "serial",
                "tie": "tie"}[order["winner"]]
        assert side in row
    assert "Agreement (this run): κ" in text or "Agreement (this run): κ undefined" in text
    assert "same choice in" in text and "of 4" in text


async def test_a_run_without_a_speedup_says_why(studio_store: Store, prompt_ids: list[str]) -> None:
    """A run with no timed trial has no median: its details give the runner's reason, not "median of 3 trials"."""
    from dataclasses import replace

    run = add_finished_run(studio_store, prompt_ids[0])
    note = "no latency measured: a phase with a failed request is not timed"
    studio_store.update_run(replace(run, status="partial", trials=3, serial_ms=None, parallel_ms=None, speedup=None,
                                    params={"timing_note": note}))
    app = StudioApp(studio_store, judge="bo", seed=0)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        text = rendered_text(app.screen.query_one("#score-body", Static))
    assert "median of" not in text and f"speedup —: {note}" in text
