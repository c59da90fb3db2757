#!/usr/bin/env python3
"""Share of each gold category that a tree's curation accepts (`high` or `medium`), per group of gold files.

Why: the issue reports the hidden set's figures for one old tree (`9accbdb`, the last before `rules.py` became a
package). Scoring that same tree on our own files and probe sets shows how hard they are beside the hidden set:
its single-task share on our held-out files against the issue's 141 of 1,232, its recall per category on the
probes against the issue's. Run with the tree's own `PYTHONPATH`, as `decision_scan.py` is. No text is printed.

    git worktree add --detach /tmp/issue-tree 9accbdb
    cd /tmp/issue-tree && PYTHONPATH=$PWD /work/main/.venv/bin/python /work/main/sample_data/real/accept_rates.py \\
        held=/work/main/sample_data/heldout.jsonl,/work/main/sample_data/nc.jsonl \\
        probes='/work/main/tests/studio/curation/rules/probes_s4*.jsonl'
"""

from __future__ import annotations

import glob
import json
import sys
from collections import Counter

from studio.curation.rules import extract_rules
from studio.curation.validator import validate_schema

_REPORTED = ("Keyword Extraction", "Reading Comprehension", "Repeated Generation")


def accept_rates(paths: list[str]) -> dict[str, tuple[int, int]]:
    """(accepted, total) per gold category (the issue's three, other positives, and single-task prompts)."""
    accepted: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for path in paths:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                if not line.strip():
                    continue
                row = json.loads(line)
                schema = validate_schema(extract_rules(row["prompt"], language=row.get("language")), row["prompt"])
                key = "single-task" if not row["parallelizable"] else (
                    row["category"] if row["category"] in _REPORTED else "other parallelizable")
                total[key] += 1
                accepted[key] += schema.parallelizable and schema.tier in ("high", "medium")
    return {key: (accepted[key], total[key]) for key in sorted(total)}


def main(groups: list[str]) -> None:
    for group in groups:
        name, patterns = group.split("=", 1)
        paths = sorted(path for pattern in patterns.split(",") for path in glob.glob(pattern))
        figures = accept_rates(paths)
        print(name, "  ".join(f"{key} {done}/{count} ({done / count:.3f})" for key, (done, count) in figures.items()))


if __name__ == "__main__":
    main(sys.argv[1:])
