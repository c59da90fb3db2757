#!/usr/bin/env python3
"""Session 1's rules as a ruler for the hidden set: the figures the issue gives for them on the hidden set can be set
beside theirs on our held-out files and mixed blind probe sets, and a later tree's figures on the same files then
say what share of those mistakes it removed. Run it with a tree's `PYTHONPATH` (its rules, validator and gate):

    PYTHONPATH=OLD_TREE .venv/bin/python sample_data/real/ruler.py
    PYTHONPATH=.        .venv/bin/python sample_data/real/ruler.py

It prints, for the eight held-out files' single-task prompts, how many the tree flags (any tier, `high+medium`,
`high`) and their share; for their parallelizable prompts, how many it finds at `high+medium` per category (real
prompts, beside the probes: the probes alone once read a rise in Repeated Generation recall where the real held-out
prompts read a fall); and for the five mixed blind probe sets the prompts found at `high+medium` per category. Only
counts are printed, never a held-out text.
Files are read line by line on "\\n" (not `str.splitlines`: a prompt may hold U+2028, which session 1's own `--eval`
split on), so the oldest trees run too. Needs the rebuilt held-out files (sample_data/README.md).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from studio.curation.rules import extract_rules
from studio.curation.validator import validate_schema

DATA = Path(__file__).resolve().parents[1]
PROBES = DATA.parent / "tests" / "studio" / "curation" / "rules"
HELD_OUT = ("heldout", "nc", "sharegpt_heldout", "sharegpt_short_heldout", "sharegpt_v3_long_heldout",
            "sharegpt_v3_short_heldout", "sharegpt_v3_later_heldout", "sharegpt_500old_heldout")
BLIND_MIXED = ("s46x", "s45u", "s44t", "s43q", "s47ab")


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.strip():
            yield json.loads(line)


def _tier(row: dict[str, Any]) -> str | None:
    """The tier of the tree's proposal for the row's prompt, None when it proposes none."""
    schema = validate_schema(extract_rules(row["prompt"], language=row.get("language")), row["prompt"])
    return schema.tier if schema.parallelizable else None


def main() -> None:
    negatives, flagged = 0, Counter()
    held_found, held_total = Counter(), Counter()
    for name in HELD_OUT:
        for row in _rows(DATA / f"{name}.jsonl"):
            tier = _tier(row)
            if row.get("parallelizable"):
                category = row.get("category") or "(no category)"
                held_total[category] += 1
                held_found[category] += tier in ("high", "medium")
                continue
            negatives += 1
            flagged.update(cut for cut, tiers in (("any tier", {"high", "medium", "low"}),
                                                  ("high+medium", {"high", "medium"}), ("high", {"high"}))
                           if tier in tiers)
    print(f"held-out single-task prompts: {negatives}; flagged " + ", ".join(
        f"{cut} {flagged[cut]} ({flagged[cut] / negatives:.2%})" for cut in ("any tier", "high+medium", "high")))
    print("held-out parallelizable prompts found at high+medium: " + _per_category(held_found, held_total))
    found, total = Counter(), Counter()
    for name in BLIND_MIXED:
        for row in _rows(PROBES / f"probes_{name}.jsonl"):
            category = row.get("category") if row.get("parallelizable") else "single-task (flagged)"
            total[category] += 1
            found[category] += _tier(row) in ("high", "medium")
    print("mixed blind probe sets at high+medium: " + _per_category(found, total))


def _per_category(found: Counter[str], total: Counter[str]) -> str:
    return ", ".join(f"{category} {found[category]}/{total[category]}" for category in sorted(total))


if __name__ == "__main__":
    main()
