"""One schema per prompt everywhere: the triaged one, else the newest human edit, else the best tier; edits are
rows of their own and the originals stay as history."""

from __future__ import annotations

from dataclasses import replace

from store import HUMAN_EDIT, Prompt, PromptFilter, Reason, Schema, Store, Triage

TEXT = "Translate these 3 sentences into French: The cat sleeps. The sun rises. We eat bread."


def _curated(store: Store) -> tuple[str, Schema, Schema]:
    prompt = Prompt(text=TEXT, source="text")
    store.add_prompts([prompt])
    rules = Schema(prompt_id=prompt.id, extractor="rules", extractor_version="1", parallelizable=True,
                   category="Translation", data=["The cat sleeps.", "The sun rises.", "We eat bread."],
                   template="{data}", tier="high")
    llm = Schema(prompt_id=prompt.id, extractor="llm", extractor_version="1", model="m", parallelizable=True,
                 category="Translation", data=["The cat sleeps."], template="{data}", tier="medium")
    store.add_schema(rules)
    store.add_schema(llm)
    return prompt.id, rules, llm


def _browser_row(store: Store, prompt_id: str) -> tuple[str | None, int | None]:
    row = store.list_prompts(PromptFilter(ids=[prompt_id]))[0]
    return row.tier, row.n_branches


def test_best_schema_is_the_highest_tier_until_a_decision_names_one(store: Store) -> None:
    prompt_id, rules, llm = _curated(store)
    assert store.best_schema(prompt_id).id == rules.id
    store.set_triage(Triage(prompt_id=prompt_id, status="accepted", schema_id=llm.id))
    assert store.best_schema(prompt_id).id == llm.id
    assert _browser_row(store, prompt_id) == ("medium", 1)  # the browser shows what runs use
    store.add_schema(replace(rules, extractor_version="2", id=None))  # a re-curation does not move a decision
    assert store.best_schema(prompt_id).id == llm.id


def test_an_edit_is_a_row_with_its_own_validation_and_the_original_stays(store: Store) -> None:
    prompt_id, rules, _ = _curated(store)
    store.set_triage(Triage(prompt_id=prompt_id, status="accepted", schema_id=rules.id, note="ok"))
    edit = replace(rules, data=["The cat sleeps.", "The sun rises."], tier="medium",
                   reasons=[Reason("count", "3 announced, 2 given", span=(20, 21), field="data")])
    saved = store.save_schema_edit(edit)
    assert (saved.extractor, saved.extractor_version) == (HUMAN_EDIT, "1") and saved.id != rules.id
    best = store.best_schema(prompt_id)
    assert (best.id, best.tier, best.data) == (saved.id, "medium", ["The cat sleeps.", "The sun rises."])
    assert [(r.rule, r.span) for r in best.reasons] == [("count", (20, 21))]
    assert _browser_row(store, prompt_id) == ("medium", 2)
    assert store.get_schema(rules.id).data == rules.data  # the original is history, unchanged
    triage = store.get_triage(prompt_id)
    assert (triage.status, triage.note, triage.schema_id) == ("accepted", "ok", saved.id)
    second = store.save_schema_edit(replace(best, n=None, data=["We eat bread."], tier="high", reasons=[]))
    assert second.extractor_version == "2" and store.best_schema(prompt_id).id == second.id
    assert store.get_schema(saved.id).data == ["The cat sleeps.", "The sun rises."]  # earlier edits stay too
    assert [s.extractor for s in store.schemas_for(prompt_id)].count(HUMAN_EDIT) == 2


def test_an_edit_without_a_triage_row_creates_one(store: Store) -> None:
    prompt_id, rules, _ = _curated(store)
    saved = store.save_schema_edit(replace(rules, template="Into French: {data}", tier="high"))
    assert store.get_triage(prompt_id).status == "unreviewed"
    assert store.best_schema(prompt_id).template == "Into French: {data}" and saved.id is not None


def test_a_replaced_schema_equals_dataclasses_replace() -> None:
    """`Schema.replaced` builds its copy by position: every field must be an `__init__` parameter, in order, and the
    copy must equal what `dataclasses.replace` makes, the original untouched."""
    original = Schema(prompt_id="p", extractor="rules", extractor_version="1", parallelizable=True,
                      category="Translation", data=["a", "b"], template="{data}", reasons=[Reason("r", "m")], id=7)
    changes = {"tier": "low", "dependency": "dependent", "parallelizable": False, "reasons": []}
    assert original.replaced(**changes) == replace(original, **changes)
    assert original.replaced() == original and original.tier is None and original.reasons == [Reason("r", "m")]
