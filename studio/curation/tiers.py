"""Acceptance cuts over validation tiers: one definition for evaluation, `curate --accept-tier` and the demo.

`high` is the cut that may be accepted without a person (its precision is what the gate is trained for);
`high+medium` is what goes to triage as proposed; `all` counts any parallelizable schema, whatever its tier.
"""

from __future__ import annotations

from store.models import Schema

ACCEPT_CUTS: dict[str, tuple[str, ...]] = {
    "high": ("high",),
    "high+medium": ("high", "medium"),
    "all": ("high", "medium", "low"),
}
DEFAULT_CUT = "high+medium"


def in_cut(schema: Schema, cut: str) -> bool:
    """Whether `schema` proposes a decomposition inside the acceptance cut `cut`."""
    return schema.parallelizable and schema.tier in ACCEPT_CUTS[cut]
