#!/usr/bin/env python3
"""Do the rules read a real prompt the same when it is reworded in a way that changes nothing asked? For each rewording
(an opening "Hi! ", a closing "Thanks!", blank lines, a chat template, a system prompt, a Q/A frame, a code fence or
quotes around the prompt, no-break or doubled spaces, Windows line ends, other list marks, question marks left off,
...): of the labelled parallelizable prompts the rules find (`high+medium`, rules + the shipped gate, as `ppstudio
curate` decides), how many are lost or read otherwise (another category, n or number of items); of the single-task
prompts they leave, how many become false proposals. Why: the labelled files hold each prompt as one user wrote it;
real logs hold the same requests written every other way, and a rule that only reads one spelling of them holds on
our files and not on the log.

    .venv/bin/python sample_data/real/rewordings.py [GOLD.jsonl ...] [--show N] [--json]

Default files: `sample_data/dev.jsonl` and the ShareGPT `*_train.jsonl` files when rebuilt. A held-out file is
refused: its texts stay unread, and what is measured here is tuned on.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLE_DATA = HERE.parent
sys.path.append(str(HERE.parents[1]))

from studio.curation.rules import extract_rules  # noqa: E402
from studio.curation.validator import validate_schema  # noqa: E402

Decision = tuple[object, ...]

_NUMBER_DOT = re.compile(r"(?m)^([ \t]*\d{1,2})\.([ \t])")
_NUMBER_PAREN = re.compile(r"(?m)^([ \t]*\d{1,2})\)([ \t])")
_NUMBERED = re.compile(r"(?m)^([ \t]*)(\d{1,2}\.)([ \t])")
_DASH = re.compile(r"(?m)^([ \t]*)-([ \t])")
_QUESTION_AT_LINE_END = re.compile(r"[?？]([ \t]*\n)")

REWORDINGS: dict[str, Callable[[str], str]] = {
    'an opening "Hi! "': lambda text: "Hi! " + text,
    'a closing "\\nThanks!"': lambda text: text + "\nThanks!",
    'a closing "\\n\\nAnswer in English."': lambda text: text.rstrip() + "\n\nAnswer in English.",
    'a closing "\\nReturn the answer in JSON format."':
        lambda text: text.rstrip() + "\nReturn the answer in JSON format.",
    "blank lines before it": lambda text: "\n\n" + text,
    "blank lines after it": lambda text: text + "\n \n",
    'a chat template around it ("### Instruction:" ... "### Response:")':
        lambda text: f"### Instruction:\n{text}\n\n### Response:",
    '"USER: " ... " ASSISTANT:" around it': lambda text: f"USER: {text} ASSISTANT:",
    "quotes around it": lambda text: f'"{text}"',
    'an opening "You are a helpful assistant."': lambda text: "You are a helpful assistant.\n" + text,
    'an opening role ("You are a marketing expert.")': lambda text: "You are a marketing expert.\n" + text,
    'an opening role on the same line ("Act as a professional copywriter. ")':
        lambda text: "Act as a professional copywriter. " + text,
    '"Q: " ... "\\nA:" around it': lambda text: f"Q: {text}\nA:",
    'an opening "Instruction: "': lambda text: "Instruction: " + text,
    'an opening "Task:" line': lambda text: "Task:\n" + text,
    'an opening "Can you help me with this?"': lambda text: "Can you help me with this?\n" + text,
    'a closing "\\n\\nExplain your reasoning."': lambda text: text.rstrip() + "\n\nExplain your reasoning.",
    'a closing "\\n\\nCan you do that?"': lambda text: text.rstrip() + "\n\nCan you do that?",
    'a closing "\\nAnswer:"': lambda text: text.rstrip() + "\nAnswer:",
    "a code fence around it": lambda text: f"```\n{text}\n```",
    "no-break spaces": lambda text: text.replace(" ", "\u00a0"),
    "its first space doubled": lambda text: text.replace(" ", "  ", 1),
    "every space doubled": lambda text: text.replace(" ", "  "),
    "Windows line ends": lambda text: text.replace("\n", "\r\n"),
    "a blank at each line's end": lambda text: text.replace("\n", " \n"),
    "a blank on each empty line": lambda text: text.replace("\n\n", "\n \n"),
    "each empty line doubled": lambda text: text.replace("\n\n", "\n\n\n"),
    "a blank line after each line": lambda text: text.replace("\n", "\n\n"),
    '"1)" for "1."': lambda text: _NUMBER_DOT.sub(r"\1)\2", text),
    '"1." for "1)"': lambda text: _NUMBER_PAREN.sub(r"\1.\2", text),
    '"*" for "-"': lambda text: _DASH.sub(r"\1*\2", text),
    '"•" for "-"': lambda text: _DASH.sub(r"\1•\2", text),
    'bold list numbers ("**1.**")': lambda text: _NUMBERED.sub(r"\1**\2**\3", text),
    "no question mark at a line's end": lambda text: _QUESTION_AT_LINE_END.sub(r"\1", text),
    'a closing "." added': lambda text: text if text.rstrip().endswith((".", "?", "!", ":")) else text.rstrip() + ".",
    "lowercase": str.lower,
}


def decision(text: str) -> Decision:
    """(found, category, n, number of items) when the rules + gate propose `text` at high or medium, else (False,)."""
    schema = validate_schema(extract_rules(text), text)
    if schema.parallelizable and schema.tier in ("high", "medium"):
        return True, schema.category, schema.n, len(schema.data or ())
    return (False,)


@dataclass
class Moves:
    """One rewording's effect: on the found parallelizable prompts it changes (`found`), and on the single-task
    prompts left unflagged it changes (`left`)."""

    rewording: str
    found: int = 0
    lost: list[str] = field(default_factory=list)
    read_otherwise: list[str] = field(default_factory=list)
    left: int = 0
    now_flagged: list[str] = field(default_factory=list)


def measure(rows: Sequence[dict[str, object]], rewordings: dict[str, Callable[[str], str]] = REWORDINGS,
            ) -> list[Moves]:
    """Each rewording's moves over labelled `rows` (`prompt`, `parallelizable`, `pid`)."""
    decided = [(row, decision(str(row["prompt"]))) for row in rows]
    found = [(row, was) for row, was in decided if row["parallelizable"] and was[0]]
    left = [(row, was) for row, was in decided if not row["parallelizable"] and not was[0]]
    results = []
    for name, reword in rewordings.items():
        moves = Moves(name)
        for row, was in found:
            text = str(row["prompt"])
            if (reworded := reword(text)) != text:
                moves.found += 1
                now = decision(reworded)
                if not now[0]:
                    moves.lost.append(str(row.get("pid")))
                elif now != was:
                    moves.read_otherwise.append(str(row.get("pid")))
        for row, _ in left:
            text = str(row["prompt"])
            if (reworded := reword(text)) != text:
                moves.left += 1
                if decision(reworded)[0]:
                    moves.now_flagged.append(str(row.get("pid")))
        results.append(moves)
    return results


def default_files() -> list[Path]:
    return [path for path in [SAMPLE_DATA / "dev.jsonl", *sorted(SAMPLE_DATA.glob("sharegpt*_train.jsonl"))]
            if path.exists()]


def read_rows(paths: Sequence[Path]) -> list[dict[str, object]]:
    rows = []
    for path in paths:
        with path.open(encoding="utf-8", newline="") as lines:
            rows += [json.loads(line) for line in lines if line.strip()]
    return rows


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="*", type=Path, help="labelled JSONL files (default: dev and the train files)")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print the pids of N lost prompts each")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    args = parser.parse_args(argv)
    paths = args.gold or default_files()
    held_out = [path for path in paths if "heldout" in path.name or path.name == "nc.jsonl"]
    if held_out:
        parser.error(f"{held_out[0]} is held out: its texts are not read here")
    results = measure(read_rows(paths))
    if args.json:
        print(json.dumps({"files": [path.name for path in paths], "rewordings": [asdict(moves) for moves in results]},
                         indent=2))
        return
    print(f"files: {', '.join(path.name for path in paths)}")
    print("| rewording | found prompts it changes | lost | read otherwise | single-task prompts it changes | "
          "now flagged |\n|---|---|---|---|---|---|")
    for moves in results:
        print(f"| {moves.rewording} | {moves.found} | {len(moves.lost)} | {len(moves.read_otherwise)} | {moves.left} "
              f"| {len(moves.now_flagged)} |")
    if args.show:
        for moves in results:
            if moves.lost:
                print(f"{moves.rewording}: lost {', '.join(moves.lost[:args.show])}")


if __name__ == "__main__":
    main()
