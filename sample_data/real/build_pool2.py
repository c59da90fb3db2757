#!/usr/bin/env python3
"""Rebuild the chat-log pool: first turns real people typed to ChatGPT and shared on ShareGPT.

The first three pools (build_pools.py) are short (mean ~200 characters) and mostly volunteer or benchmark prompts.
Real chat logs are longer and messier (LMSYS-Chat-1M: mean ~850 characters, median ~256, pasted passages, lists,
code), so this pool takes ShareGPT conversations, as vendored in small public files at pinned commits, and keeps
only the *first* human turn of a conversation (ShareGPT "split" ids `<id>_<k>` are chunks of one long conversation:
only `_0` starts it). Same bare clones, same row format and same rules as build_pools.py:

    python3 build_pool2.py --mirrors MIRRORS [--out FILE] [--chunks DIR]

- `prompt` is the first user turn, verbatim; empty prompts and prompts over 12,000 characters are dropped;
- duplicates are dropped by text (key: whitespace collapsed, case folded) against every row build_pools.py
  produces (which contains every prompt of dev.jsonl, heldout.jsonl and nc.jsonl), against those two committed
  splits themselves, and within this pool (the first source in SOURCES order keeps the row);
- `pid` is "<source>-<index in that source's own order>", `language` only where the source states it;
- then a length-balanced sample: every prompt of at least MEDIAN_TARGET characters is kept, and as many shorter
  ones, those with the smallest SHA-256 of their text, so the median is ~MEDIAN_TARGET (LMSYS-Chat-1M's) instead
  of ShareGPT's ~115. Rows stay in build order.

`--chunks DIR` also writes the pool as DIR/chunk_XX.jsonl files of about CHUNK_SIZE rows ({"pid", "prompt"} only)
for the annotators, in SHA-256-of-pid order so every chunk has the same mix of sources and lengths.

The text's licence is unclear (ShareGPT users' prompts, redistributed by others), so the pool is never committed;
only labels (with offsets, as labels_nc.jsonl) may be. Provenance: SOURCES.md, "Sources of the chat-log pool2".
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from statistics import mean, median
from typing import Any

import build_pools
from build_pools import Row, Snapshot, Source, norm_key

HERE = Path(__file__).resolve().parent
SAMPLE_DATA = HERE.parent
DEFAULT_OUT = Path(__file__).resolve().parent / "pools" / "chatlogs.jsonl"  # gitignored, like build_pools' pools
POOL = "pool2_chatlogs.jsonl"
MEDIAN_TARGET = 256
CHUNK_SIZE = 400
# ShareGPT prompts: no licence from the people who wrote them; the repositories' own licences cover their code.
LICENSE = "NOASSERTION"


def _first_human(conversation: list[dict[str, Any]]) -> str | None:
    """The opening turn when a person wrote it; None when the conversation opens with the model."""
    return conversation[0]["value"] if conversation and conversation[0].get("from") == "human" else None


def _starts_conversation(conversation_id: str) -> bool:
    """ShareGPT ids: "<id>" for a whole conversation, "<id>_<k>" for its k-th chunk; only chunk 0 starts it."""
    head, sep, tail = conversation_id.rpartition("_")
    return not sep or not head or not tail.isdigit() or tail == "0"


def sharegpt_list(snap: Snapshot, path: str) -> Iterator[Row]:
    """A JSON list of ShareGPT conversations {"id", "conversations": [{"from", "value"}]}: first human turns."""
    for row in json.loads(snap.show(path)):
        first = _first_human(row["conversations"]) if _starts_conversation(row["id"]) else None
        yield None, first, path


def sharegpt_files(snap: Snapshot, folder: str) -> Iterator[Row]:
    """One ShareGPT conversation per .json file of a folder, in file-name order.

    The turns carry a langdetect guess ("language"), not a statement ("af", "cy" on English prompts): not used.
    """
    for path in snap.ls(folder):
        if not path.endswith(".json"):
            continue
        row = json.loads(snap.show(path))
        if "conversations" not in row:  # the folder's own sampling_metadata.json, encoding_progress.json
            continue
        first = _first_human(row["conversations"]) if _starts_conversation(row["id"]) else None
        yield None, first, path


ML_ENERGY = "ml-energy/leaderboard-v2"
SOURCES: tuple[Source, ...] = (
    # 2,978 English first turns of ShareGPT (sg_90k_part1, HTML cleaned), sampled by FastChat; longest first.
    Source("sharegpt-sg90k", LICENSE, ML_ENERGY, "01bc4230e630b41bf229bdafac216c3717534363",
           "sharegpt/sg_90k_part1_html_cleaned_lang_first_sampled_sorted.json", sharegpt_list, "en", POOL),
    # ~1,000 ShareGPT_V3 (split) conversations sampled for a study of user language; one file each.
    Source("sharegpt-v3-mining", LICENSE, "Marugannwg/ShareGPT92k_user_linguistic_mining",
           "8186064b06829a39494e941fb7a83f66b2228cd8", "sampled_enriched_data", sharegpt_files, None, POOL),
    # ShareGPT_V3 chunks of at most 1,024 prompt tokens, two random samples (1,000 and 500).
    Source("sharegpt-v3-1000", LICENSE, ML_ENERGY, "30c001fb0faba5bd7970b44f92336778bd3280be",
           "sharegpt/ShareGPT_V3_filtered_1000.json", sharegpt_list, None, POOL),
    Source("sharegpt-v3-500", LICENSE, ML_ENERGY, "2afd5bf312915146348fdcba80d7e8c189ee5856",
           "sharegpt/ShareGPT_V3_filtered_500.json", sharegpt_list, None, POOL),
)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def earlier_keys(mirrors: Path) -> set[str]:
    """Duplicate keys of every prompt already pooled or labelled: build_pools' rows, dev.jsonl, heldout.jsonl."""
    rows, _ = build_pools.build(mirrors)
    keys = {norm_key(row["prompt"]) for row in rows}
    for split in ("dev.jsonl", "heldout.jsonl"):
        for line in (SAMPLE_DATA / split).read_text(encoding="utf-8").split("\n"):
            if line:
                keys.add(norm_key(json.loads(line)["prompt"]))
    return keys


def length_balanced(rows: list[dict[str, Any]], threshold: int = MEDIAN_TARGET) -> list[dict[str, Any]]:
    """All rows of at least `threshold` characters and as many shorter ones (smallest SHA-256), in input order."""
    long_rows = [row for row in rows if len(row["prompt"]) >= threshold]
    short = sorted((row for row in rows if len(row["prompt"]) < threshold), key=lambda row: sha256(row["prompt"]))
    keep = {id(row) for row in long_rows + short[:len(long_rows)]}
    return [row for row in rows if id(row) in keep]


def build(mirrors: Path, part: str = "sample") -> tuple[list[dict[str, Any]], list[tuple[str, int, int]]]:
    """The pool rows and (source, raw rows, rows left after dropping duplicates) per source. `part` "sample" is the
    length-balanced sample; "rest" the first turns it left out (all shorter than MEDIAN_TARGET), labelled in a
    second round so that sample and rest together are every new first turn of these files."""
    rows, stats = build_pools.build(mirrors, SOURCES, earlier_keys(mirrors))
    for row in rows:
        del row["pool"]
    sample = length_balanced(rows)
    if part == "sample":
        return sample, stats
    kept = {row["pid"] for row in sample}
    return [row for row in rows if row["pid"] not in kept], stats


def chunks(rows: list[dict[str, Any]], size: int = CHUNK_SIZE) -> list[list[dict[str, str]]]:
    """About `size` rows per chunk ({"pid", "prompt"}), in SHA-256-of-pid order, sizes differing by at most one."""
    ordered = sorted(rows, key=lambda row: sha256(row["pid"]))
    count = max(1, round(len(ordered) / size))
    return [[{"pid": row["pid"], "prompt": row["prompt"]} for row in ordered[index::count]]
            for index in range(count)]


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mirrors", type=Path, required=True, help="folder of bare clones: owner+name/repo")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"pool file (default {DEFAULT_OUT})")
    parser.add_argument("--chunks", type=Path, help="also write DIR/chunk_XX.jsonl for the annotators")
    parser.add_argument("--part", choices=("sample", "rest"), default="sample",
                        help="the length-balanced sample (default) or the shorter first turns it left out")
    parser.add_argument("--clone-commands", action="store_true",
                        help="print the git commands that make the clones this pool reads, and exit")
    args = parser.parse_args()
    if args.clone_commands:
        print("\n".join(build_pools.clone_commands(args.mirrors, SOURCES)))
        return
    rows, stats = build(args.mirrors, args.part)
    write_jsonl(args.out, rows)
    if args.chunks is not None:
        for number, chunk in enumerate(chunks(rows)):
            write_jsonl(args.chunks / f"chunk_{number:02d}.jsonl", chunk)
    for name, raw, unique in stats:
        kept = sum(row["source"] == name for row in rows)
        print(f"{name:20s} raw {raw:5d} first turns, new and unique {unique:5d} sampled {kept:5d}", file=sys.stderr)
    lengths = sorted(len(row["prompt"]) for row in rows)
    print(f"total {len(rows)}; characters mean {mean(lengths):.0f} median {median(lengths):.0f} "
          f"p90 {lengths[int(0.9 * len(lengths))]} max {lengths[-1]}", file=sys.stderr)


if __name__ == "__main__":
    main()
