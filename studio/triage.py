"""Human decisions on prompts, shared by the studio and `ppstudio demo`: triage, notes, and schemas fixed by hand.

A decision records which schema it is about (the best one at the time), so a later re-curation does not silently
move an accepted prompt onto a schema nobody looked at. The schema rows themselves are never changed here: an edit
is stored as a schema row of its own (the store names and numbers it), which the prompt's triage then points at.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from store import PromptFilter, Schema, Store, Triage
from studio.curation.tiers import ACCEPT_CUTS


class EditError(ValueError):
    """The edited fields do not form a schema (e.g. both data items and n)."""


@dataclass(frozen=True)
class SchemaEdit:
    """What became of an edit: `validated` carries the validator's tier and reasons; `saved` is the stored row, or
    None when the validator refused the edit."""

    validated: Schema
    saved: Schema | None


def update_triage(store: Store, prompt_id: str, *, status: str | None = None, note: str | None = None) -> Triage:
    """Change the given fields of a prompt's triage and keep the others; an empty note clears it."""
    current = store.get_triage(prompt_id) or Triage(prompt_id=prompt_id)
    if current.schema_id is None:
        best = store.best_schema(prompt_id)
        current.schema_id = best.id if best else None
    if status is not None:
        current.status = status
    if note is not None:
        current.note = note or None
    return store.set_triage(current)


def accept_cut(store: Store, cut: str, *, where: PromptFilter | None = None, page: int = 500) -> int:
    """Accept every unreviewed prompt whose schema proposes a decomposition inside the acceptance cut `cut`
    (`studio.curation.tiers`: `high` is the cut meant to skip a person), among the prompts `where` selects (all
    by default: `curate --where` accepts only what it was pointed at); returns how many were accepted."""
    scope = where or PromptFilter()
    if scope.triage not in (None, "unreviewed") or scope.parallelizable is False:
        return 0  # the selection holds no unreviewed parallelizable prompt
    accepted = 0
    for tier in ACCEPT_CUTS[cut]:
        if tier == "low" or scope.tier not in (None, tier):  # rejected schemas are never accepted, whatever the cut
            continue
        selection = replace(scope, tier=tier, parallelizable=True, triage="unreviewed")
        while rows := store.list_prompts(selection, sort="added", limit=page):
            for row in rows:
                update_triage(store, row.id, status="accepted")
            accepted += len(rows)
    return accepted


def edit_schema(store: Store, prompt_id: str, *, data: list[str] | None, n: int | None, template: str | None,
                context: str | None) -> SchemaEdit:
    """Fix a prompt's schema by hand: its best schema with these fields (exactly one of data items and n),
    validated, and saved as the prompt's schema unless the validator rejects it (low tier, or parts that depend on
    each other). Blocking (validation may tokenise): call it from a worker.

    A person who gives items or n means the prompt to run in parallel, whatever the extractor thought. The edit is
    checked structurally only: the learned gate judges the rules extractor's output, not a person's."""
    from studio.curation.validator import structural_validation  # the rules and lexicons: loaded on first edit

    if data is not None and n is not None:
        raise EditError("give either data items or n, not both")
    if data is None and n is None:
        raise EditError("give data items (one per line) or n")
    original, prompt = store.best_schema(prompt_id), store.get_prompt(prompt_id)
    if original is None or prompt is None:
        raise EditError(f"prompt {prompt_id} has no schema to edit: curate it first")
    edit = replace(original, parallelizable=True, data=data, n=n, template=template or None, context=context or None,
                   tier=None, reasons=[], error=None, id=None)
    validated = structural_validation(edit, prompt.text)
    acceptable = validated.tier != "low" and validated.parallelizable
    return SchemaEdit(validated, store.save_schema_edit(validated) if acceptable else None)
