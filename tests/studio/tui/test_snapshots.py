"""SVG snapshots of the main screens (pytest-textual-snapshot). Fixed data only: no clocks, no random ids.

Regenerate after an intended visual change with `pytest tests/studio/tui/test_snapshots.py --snapshot-update`
and look at the SVGs in `__snapshots__/` before keeping them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from store import Judgement, RequestRecord, Run, Score, Store
from store import runs as store_runs
from studio.execution.events import PhaseStarted, RequestFinished, RunFinished, RunStarted, TokenDelta
from studio.tui.app import LIGHT_THEME, StudioApp
from studio.tui.messages import RunProgress
from studio.tui.screens.detail import DetailScreen
from studio.tui.screens.export import ExportDialog
from studio.tui.screens.judge import BlindJudgeScreen
from studio.tui.screens.live import LiveRunScreen
from studio.tui.screens.scores import ScoresScreen
from tests.studio.tui.conftest import add_finished_run

WIDE = (120, 36)
SMALL = (80, 24)
LARGE = (200, 50)


async def settled(pilot: Pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def opening(make_screen: Callable[[StudioApp], object]) -> Callable[[Pilot], Awaitable[None]]:
    """run_before: wait for the browser, then push the screen `make_screen` builds."""
    async def run_before(pilot: Pilot) -> None:
        await settled(pilot)
        app = pilot.app
        assert isinstance(app, StudioApp)
        await app.push_screen(make_screen(app))  # type: ignore[arg-type]
        await settled(pilot)
    return run_before


def test_browser(snap_compare, studio_store: Store) -> None:
    assert snap_compare(StudioApp(studio_store), terminal_size=WIDE, run_before=settled)


def test_browser_80x24(snap_compare, studio_store: Store) -> None:
    assert snap_compare(StudioApp(studio_store), terminal_size=SMALL, run_before=settled)


def test_browser_200x50(snap_compare, studio_store: Store) -> None:
    assert snap_compare(StudioApp(studio_store), terminal_size=LARGE, run_before=settled)


def searching(query: str) -> Callable[[Pilot], Awaitable[None]]:
    async def run_before(pilot: Pilot) -> None:
        await settled(pilot)
        await pilot.press("slash", *query, "escape")
        await settled(pilot)
    return run_before


def test_browser_search_highlights_80x24(snap_compare, studio_store: Store) -> None:
    assert snap_compare(StudioApp(studio_store), terminal_size=SMALL, run_before=searching("slogan"))


def test_browser_light_theme(snap_compare, studio_store: Store) -> None:
    app = StudioApp(studio_store)
    app.theme = LIGHT_THEME
    assert snap_compare(app, terminal_size=WIDE, run_before=settled)


def test_detail_untrusted_text_80x24(snap_compare, studio_store: Store, prompt_ids: list[str]) -> None:
    assert snap_compare(StudioApp(studio_store), terminal_size=SMALL,
                        run_before=opening(lambda app: DetailScreen(app.studio, prompt_ids[3])))


def test_detail_80x24(snap_compare, studio_store: Store, prompt_ids: list[str]) -> None:
    assert snap_compare(StudioApp(studio_store), terminal_size=SMALL,
                        run_before=opening(lambda app: DetailScreen(app.studio, prompt_ids[0], ("cat",))))


def test_detail_200x50(snap_compare, studio_store: Store, prompt_ids: list[str]) -> None:
    assert snap_compare(StudioApp(studio_store), terminal_size=LARGE,
                        run_before=opening(lambda app: DetailScreen(app.studio, prompt_ids[0], ("cat",))))


def scored_run(store: Store, prompt_id: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A finished run at a fixed time with fixed scores, LLM-judge verdicts and blind judgements."""
    monkeypatch.setattr(store_runs, "utc_now", lambda: "2025-01-02T03:04:05.000+00:00")
    run = add_finished_run(store, prompt_id)
    alignment = [{"branch": i, "serial_item": i, "similarity": 0.9 - 0.1 * i} for i in range(3)]
    store.add_scores([
        Score(run_id=run.id, scorer="similarity", name="cosine", value=0.8421, details={"serial_items": 3}),
        Score(run_id=run.id, scorer="similarity", name="items_matched", value=1.0,
              details={"alignment": alignment, "unmatched_branches": [], "threshold": 0.5}),
        Score(run_id=run.id, scorer="rouge", name="rougeL_f", value=0.6123,
              details={"precision": 0.58, "recall": 0.65}),
        Score(run_id=run.id, scorer="structure", name="list_form_kept", value=1.0,
              details={"serial_is_list": False, "parallel_is_list": True}),
        *[Score(run_id=run.id, scorer="judge", name=criterion, value=1.0 if criterion == "detail" else 0.5,
                details={"choice": "parallel" if criterion == "detail" else "tie",
                         "consistent": criterion == "detail", "judge_model": "sim-gpu",
                         "orders": [{"a_is": "serial", "winner": "B", "reason": "B lists every item."},
                                    {"a_is": "parallel", "winner": "A" if criterion == "detail" else "B",
                                     "reason": "A is complete."}]})
          for criterion in ("accuracy", "fluency", "detail", "overall")],
    ])
    for criterion, choice in (("accuracy", "tie"), ("fluency", "serial"), ("detail", "parallel"),
                              ("overall", "tie")):
        store.add_judgement(Judgement(run_id=run.id, judge="ada", criterion=criterion, choice=choice,
                                      a_is="serial"))


def test_scores_80x24(snap_compare, studio_store: Store, prompt_ids: list[str],
                      monkeypatch: pytest.MonkeyPatch) -> None:
    scored_run(studio_store, prompt_ids[0], monkeypatch)
    assert snap_compare(StudioApp(studio_store), terminal_size=SMALL,
                        run_before=opening(lambda app: ScoresScreen(app.studio, prompt_ids[0])))


def test_scores_200x50(snap_compare, studio_store: Store, prompt_ids: list[str],
                       monkeypatch: pytest.MonkeyPatch) -> None:
    scored_run(studio_store, prompt_ids[0], monkeypatch)
    assert snap_compare(StudioApp(studio_store), terminal_size=LARGE,
                        run_before=opening(lambda app: ScoresScreen(app.studio, prompt_ids[0])))


def test_help(snap_compare, studio_store: Store) -> None:
    async def run_before(pilot: Pilot) -> None:
        await settled(pilot)
        await pilot.press("f1")
        await settled(pilot)
    assert snap_compare(StudioApp(studio_store), terminal_size=WIDE, run_before=run_before)


def test_blind_judging(snap_compare, studio_store: Store, prompt_ids: list[str]) -> None:
    run = add_finished_run(studio_store, prompt_ids[0])
    assert snap_compare(StudioApp(studio_store, seed=0), terminal_size=(100, 30),
                        run_before=opening(lambda app: BlindJudgeScreen(app.studio, run)))


def test_export_dialog(snap_compare, studio_store: Store) -> None:
    from store import PromptFilter

    assert snap_compare(StudioApp(studio_store), terminal_size=WIDE,
                        run_before=opening(lambda app: ExportDialog(app.studio, PromptFilter(category="Translation"))))


def fixed_run_events(prompt_id: str) -> list[object]:
    """A complete, timed 3-branch run as the runner would stream it (fixed timestamps)."""
    labels = ("The cat sleeps.", "The sun rises.", "We eat bread.")
    run = Run(id="fixedrun00000001", prompt_id=prompt_id, schema_id=1, backend="sim:gpu", model="sim-gpu",
              simulated=True, status="running", trials=1, n_branches=3)
    answers = ["Le chat dort.", "Le soleil se lève.", "Nous mangeons du pain."]
    serial_text = "\n".join(f"{i + 1}. {a}" for i, a in enumerate(answers))
    events: list[object] = [RunStarted(run, labels), PhaseStarted(run.id, 0, "serial", 1)]
    events += [TokenDelta(run.id, 0, "serial", 0, word + " ") for word in serial_text.split(" ")]
    events.append(RequestFinished(RequestRecord(run_id=run.id, trial=0, role="serial", idx=0, text=serial_text,
                                                status="ok", sent_at=0.0, first_token_at=0.1, ended_at=0.9,
                                                output_tokens=18)))
    events.append(PhaseStarted(run.id, 0, "parallel", 3))
    for idx, answer in enumerate(answers):
        events.append(TokenDelta(run.id, 0, "branch", idx, answer))
        events.append(RequestFinished(RequestRecord(run_id=run.id, trial=0, role="branch", idx=idx, text=answer,
                                                    status="ok", sent_at=1.0, first_token_at=1.05,
                                                    ended_at=1.1 + 0.1 * idx, output_tokens=5 + idx)))
    final = Run(**{**{f: getattr(run, f) for f in run.__slots__}, "status": "done", "serial_ms": 900.0,
                   "parallel_ms": 300.0, "serial_tokens": 18, "parallel_tokens": 18, "speedup": 3.0,
                   "normalised_speedup": 3.0})
    events.append(RunFinished(final))
    return events


def streaming_fixed_run(prompt_id: str) -> Callable[[Pilot], Awaitable[None]]:
    async def run_before(pilot: Pilot) -> None:
        await settled(pilot)
        screen = LiveRunScreen(pilot.app.studio, prompt_id, autostart=False)
        await pilot.app.push_screen(screen)
        for event in fixed_run_events(prompt_id):
            screen.post_message(RunProgress(event))
        await settled(pilot)
    return run_before


def test_live_run(snap_compare, studio_store: Store, prompt_ids: list[str]) -> None:
    assert snap_compare(StudioApp(studio_store), terminal_size=WIDE, run_before=streaming_fixed_run(prompt_ids[0]))


def test_live_run_200x50(snap_compare, studio_store: Store, prompt_ids: list[str]) -> None:
    assert snap_compare(StudioApp(studio_store), terminal_size=LARGE, run_before=streaming_fixed_run(prompt_ids[0]))


def test_live_run_80x24(snap_compare, studio_store: Store, prompt_ids: list[str]) -> None:
    assert snap_compare(StudioApp(studio_store), terminal_size=SMALL, run_before=streaming_fixed_run(prompt_ids[0]))
