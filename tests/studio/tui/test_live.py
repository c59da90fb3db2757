"""The live run screen, driven by a real simulator run through the runner's event stream."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from store import Store
from studio.backends.base import Endpoint
from studio.execution.events import RunStarted, TokenDelta
from studio.tui.app import StudioApp
from studio.tui.messages import RunCompleted, RunProgress
from studio.tui.screens.live import TRIALS, LiveRunScreen, format_speedup
from studio.tui.widgets.answer_pane import request_stats


async def run_live(app: StudioApp, pilot, prompt_id: str, mode: str = "single") -> LiveRunScreen:
    screen = LiveRunScreen(app.studio, prompt_id, mode=mode)
    await app.push_screen(screen)
    for _ in range(200):
        await pilot.pause(0.05)
        if not screen.run_in_progress() and (screen.state.final is not None or "not run" in screen.state.note):
            break
    await pilot.pause()
    assert screen.state.final is not None, screen.state.note
    return screen


async def test_live_run_streams_and_shows_the_stored_speedup(studio_store: Store, prompt_ids: list[str],
                                                             sim_endpoint: Endpoint) -> None:
    seen: list[object] = []
    app = StudioApp(studio_store, endpoint=sim_endpoint)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        screen = await run_live(app, pilot, prompt_ids[0])
        [run] = studio_store.list_runs(prompt_id=prompt_ids[0])
        assert run.status == "done" and run.speedup is not None
        summary = str(screen.query_one("#live-summary", Static).render())
        assert f"speedup {format_speedup(run.speedup)} (" in summary and " over 3 trials)" in summary
        assert "so far" not in summary  # no mid-run figure is left standing
        events = [m.event for m in seen if isinstance(m, RunProgress)]
        assert isinstance(events[0], RunStarted)
        assert any(isinstance(e, TokenDelta) and e.role == "branch" for e in events)
        assert [m.run.id for m in seen if isinstance(m, RunCompleted)] == [run.id]
        records = {(r.role, r.idx): r for r in studio_store.requests_for(run.id)}
        assert len(screen.branch_panes) == 3
        for idx, pane in enumerate(screen.branch_panes):
            assert pane.buffer == records[("branch", idx)].text
            assert pane.border_subtitle == request_stats(records[("branch", idx)])
        assert screen.serial_pane.buffer == records[("serial", 0)].text


@pytest.mark.slow  # eight simulator runs
async def test_trials_and_sweep_from_the_live_screen(studio_store: Store, prompt_ids: list[str],
                                                     sim_endpoint: Endpoint) -> None:
    app = StudioApp(studio_store, endpoint=sim_endpoint)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await run_live(app, pilot, prompt_ids[1], mode="sweep")
        runs = studio_store.list_runs(prompt_id=prompt_ids[1])
        assert sorted(r.sweep_n for r in runs) == [1, 2, 4, 5, 8]
        assert len({r.sweep_id for r in runs}) == 1
        assert "n-sweep: n=1" in str(screen.query_one("#live-summary", Static).render())
        await pilot.press("t")
        for _ in range(200):
            await pilot.pause(0.05)
            if not screen.run_in_progress() and screen.state.final is not None and screen.state.final.trials == TRIALS:
                break
        latest = studio_store.list_runs(prompt_id=prompt_ids[1], limit=1)[0]
        assert latest.trials == TRIALS and latest.sweep_id is None


async def test_cancel_marks_the_run_interrupted(studio_store: Store, prompt_ids: list[str],
                                                sim_endpoint: Endpoint) -> None:
    app = StudioApp(studio_store, endpoint=sim_endpoint)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = LiveRunScreen(app.studio, prompt_ids[0], mode="trials")
        await app.push_screen(screen)
        for _ in range(100):  # cancel while requests are streaming
            await pilot.pause(0.02)
            if any(pane.running for pane in (screen.serial_pane, *screen.branch_panes)):
                break
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        [run] = studio_store.list_runs(prompt_id=prompt_ids[0])
        assert run.status == "interrupted"
        panes = (screen.serial_pane, *screen.branch_panes)
        assert not any(pane.running for pane in panes)  # the clocks stop with the run
        for pane in panes:  # each pane either finished before the cancel or says it was cancelled
            assert pane.has_class("done") or "cancelled" in str(pane.border_subtitle) or not pane.border_subtitle
        subtitles = [str(pane.border_subtitle) for pane in panes]
        await pilot.pause(0.6)  # a few ticks of the 0.25 s timer: nothing keeps counting after the cancel
        assert [str(pane.border_subtitle) for pane in panes] == subtitles
        assert screen.state.final is not None and screen.state.final.status == "interrupted"
        await pilot.press("w")  # the translation prompt has data items: no n-sweep
        await pilot.pause()
        assert not screen.run_in_progress()
        assert len(studio_store.list_runs(prompt_id=prompt_ids[0])) == 1
        assert "cancelled" in str(screen.query_one("#live-summary", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, LiveRunScreen)


def test_backend_opens_on_first_run_and_stops_after_the_ui_quits(studio_store: Store, prompt_ids: list[str],
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """ctrl+q leaves the UI at once, with the backend still up; `run` stops the backend after the UI is gone and
    says so."""
    from studio.config import BackendSettings, Settings

    settings = Settings(db=str(studio_store.path), backend=BackendSettings(backend="sim", sim_profile="gpu"))
    app = StudioApp(studio_store, settings.with_run(max_tokens=8))
    seen: dict[str, object] = {}

    async def auto_pilot(pilot) -> None:
        seen["before"] = app.studio.endpoints.endpoint  # nothing started until a run is launched
        await run_live(app, pilot, prompt_ids[0])
        await pilot.press("ctrl+q")
        seen["at quit"] = app.studio.endpoints.endpoint

    app.run(headless=True, size=(100, 30), auto_pilot=auto_pilot)
    assert seen["before"] is None
    assert isinstance(seen["at quit"], Endpoint) and seen["at quit"].simulated
    assert app.studio.endpoints.endpoint is None and not app.studio.endpoints.started
    assert "stopping the engine…" in capsys.readouterr().err
    [run] = studio_store.list_runs(prompt_id=prompt_ids[0])
    assert run.backend == "sim:gpu" and run.status == "done"


async def test_branch_titles_from_data_items_are_literal(studio_store: Store, prompt_ids: list[str]) -> None:
    from store import Run

    app = StudioApp(studio_store)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = LiveRunScreen(app.studio, prompt_ids[0], autostart=False)
        await app.push_screen(screen)
        run = Run(id="r", prompt_id=prompt_ids[0], schema_id=None, backend="sim", model="m", n_branches=1)
        screen.post_message(RunProgress(RunStarted(run, ("[red]x[/red] \x1b[2J",))))
        await pilot.pause()
        assert screen.branch_panes[0]._border_title.plain == "1: [red]x[/red] \\x1b[2J"
