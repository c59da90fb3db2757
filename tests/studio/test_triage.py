"""Editing a schema by hand: one library call validates the edit and saves it as the prompt's schema."""

from __future__ import annotations

from pathlib import Path

import pytest

from store import HUMAN_EDIT, Store
from studio.triage import EditError, edit_schema, update_triage
from tests.studio.tui.conftest import fill


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store(tmp_path / "triage.db")
    fill(opened)
    return opened


def test_an_accepted_edit_becomes_the_prompts_schema_and_keeps_the_triage(store: Store) -> None:
    translate = store.list_prompts(limit=1)[0].id
    original = store.best_schema(translate)
    update_triage(store, translate, status="flagged", note="two items only")
    edit = edit_schema(store, translate, data=["The cat sleeps.", "The sun rises."], n=None,
                       template="Into French: {data}", context="")
    assert edit.saved is not None and edit.saved.tier == edit.validated.tier
    best = store.best_schema(translate)
    assert (best.id, best.extractor, best.extractor_version) == (edit.saved.id, HUMAN_EDIT, "1")
    assert (best.data, best.template, best.context, best.parallelizable) == (
        ["The cat sleeps.", "The sun rises."], "Into French: {data}", None, True)
    assert best.reasons == edit.validated.reasons
    triage = store.get_triage(translate)
    assert (triage.schema_id, triage.status, triage.note) == (best.id, "flagged", "two items only")
    kept = store.get_schema(original.id)
    assert (kept.extractor, kept.data) == ("rules", original.data)
    second = edit_schema(store, translate, data=["The sun rises.", "We eat bread."], n=None,
                         template="Into French: {data}", context="")
    assert second.saved is not None and second.saved.extractor_version == "2"


def test_an_edit_the_validator_rejects_is_not_saved(store: Store) -> None:
    translate = store.list_prompts(limit=1)[0].id
    before = store.best_schema(translate)
    edit = edit_schema(store, translate, data=["Bananas are yellow.", "Pigs fly."], n=None,
                       template="Translate into French: {data}", context=None)
    assert edit.saved is None and edit.validated.tier == "low"
    assert any("not in the prompt" in reason.message for reason in edit.validated.reasons)
    assert store.best_schema(translate) == before and store.get_triage(translate) is None


@pytest.mark.parametrize(("data", "n", "problem"), [
    (["a"], 2, "either data items or n"), (None, None, r"data items \(one per line\) or n")])
def test_an_edit_needs_exactly_one_of_items_and_n(store: Store, data: list[str] | None, n: int | None,
                                                  problem: str) -> None:
    translate = store.list_prompts(limit=1)[0].id
    with pytest.raises(EditError, match=problem):
        edit_schema(store, translate, data=data, n=n, template="{data}", context=None)


def test_accept_cut_stays_inside_the_selection(store: Store) -> None:
    from store import PromptFilter
    from studio.triage import accept_cut

    proposed = PromptFilter(tier="medium", parallelizable=True)
    candidates = [row.id for row in store.list_prompts(proposed, limit=100)]
    assert len(candidates) >= 2
    chosen = PromptFilter(ids=candidates[:1])
    assert accept_cut(store, "high+medium", where=chosen) == 1
    assert accept_cut(store, "high+medium", where=PromptFilter(triage="rejected")) == 0
    assert accept_cut(store, "high", where=PromptFilter(tier="medium")) == 0
    assert [row.id for row in store.list_prompts(PromptFilter(triage="accepted"), limit=100)] == candidates[:1]
