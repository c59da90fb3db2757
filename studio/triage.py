"""Human triage decisions on prompts, shared by the studio and `ppstudio demo`.

A decision records which schema it is about (the best one at the time), so a later re-curation does not silently
move an accepted prompt onto a schema nobody looked at. The schema rows themselves are never changed here.
"""

from __future__ import annotations

from store import PromptFilter, Store, Triage
from studio.curation.tiers import ACCEPT_CUTS


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


def accept_cut(store: Store, cut: str, *, page: int = 500) -> int:
    """Accept every unreviewed prompt whose schema proposes a decomposition inside the acceptance cut `cut`
    (`studio.curation.tiers`: `high` is the cut meant to skip a person); returns how many were accepted."""
    accepted = 0
    for tier in ACCEPT_CUTS[cut]:
        if tier == "low":  # rejected schemas are never accepted, whatever the cut
            continue
        where = PromptFilter(tier=tier, parallelizable=True, triage="unreviewed")
        while rows := store.list_prompts(where, sort="added", limit=page):
            for row in rows:
                update_triage(store, row.id, status="accepted")
            accepted += len(rows)
    return accepted

