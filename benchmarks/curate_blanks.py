"""Curation cost with a long run of blanks pasted into real prompts: where a regex reads a run once per position
of it, the cost grows as the square (or worse) of the run, which the cost-by-length shapes of `curate.py` only catch
where they happen to put their run.

Run: `.venv/bin/python benchmarks/curate_blanks.py [--run 3000] [--over 50] [--prompts 400] [--gold FILE]`. Each of
the first `--prompts` prompts of `--gold` (default `sample_data/dev.jsonl`; any labelled JSONL) and a few list shapes
gets a run of `--run` spaces, tabs, line breaks, " \\n" or ideographic spaces pasted at its start, its end and three
places between (seeded); every case whose rules + validation + gate take over `--over` ms is profiled and reported
under the function that spent the time.
Run it at two lengths: a linear cost doubles with the run, a quadratic one quadruples.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from studio.curation.evaluate import load_gold  # noqa: E402
from studio.curation.rules import extract_rules  # noqa: E402
from studio.curation.validator import validate_schema  # noqa: E402

BLANKS = (" ", "\t", "\n", " \n", "\u3000")
SHAPES = ("List: x, y, z", "Give me ideas for a, b and c", "compare A and B in terms of price, speed and comfort",
          "Extract the name, date and amount from this: Jo paid 5 on Monday.", "1. a?\n2. b?\n3. c?",
          "What is X? Why is Y? How does Z work?", "Write 10 slogans for a bakery", "Translate: 'a', 'b', 'c'")


def curate(text: str) -> None:
    """Rules, then validation, which ends with the learned gate (`validate_schema`)."""
    validate_schema(extract_rules(text, language=None), text)


def spender(profile: cProfile.Profile) -> str:
    """The function with the most time of its own, or, for a built-in (a regex method), the function calling it."""
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    key, (_, _, _, _, callers) = max(stats.items(), key=lambda item: item[1][2])
    if key[0] == "~" and callers:
        key = max(callers.items(), key=lambda item: item[1][2])[0]
    return f"{Path(key[0]).name}:{key[1]}({key[2]})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--run", type=int, default=3000, help="characters in the pasted run (default 3000)")
    parser.add_argument("--over", type=float, default=50.0, help="report cases over this many ms (default 50)")
    parser.add_argument("--prompts", type=int, default=400, help="prompts of the file to use (default 400)")
    parser.add_argument("--gold", type=Path, default=ROOT / "sample_data" / "dev.jsonl",
                        help="a labelled JSONL file whose prompts are used (default sample_data/dev.jsonl)")
    args = parser.parse_args()
    random.seed(0)
    prompts = [case.prompt for case in load_gold(args.gold)][:args.prompts] + list(SHAPES)
    slow: dict[str, list[tuple[float, str, int, str]]] = defaultdict(list)
    cases = 0
    for blank in BLANKS:
        run = blank * (args.run // len(blank))
        for prompt in prompts:
            for cut in sorted({0, len(prompt), *random.sample(range(len(prompt) + 1), min(3, len(prompt) + 1))}):
                text, cases = prompt[:cut] + run + prompt[cut:], cases + 1
                started = time.perf_counter()
                curate(text)
                seconds = time.perf_counter() - started
                if seconds * 1000 > args.over:
                    profile = cProfile.Profile()
                    profile.runcall(curate, text)
                    slow[spender(profile)].append((seconds, repr(blank), cut, prompt[:50]))
    print(f"{cases} cases, a run of {args.run} blanks; over {args.over:g} ms: {sum(map(len, slow.values()))}")
    for where, found in sorted(slow.items(), key=lambda item: -max(item[1])[0]):
        seconds, blank, cut, prompt = max(found)
        print(f"{len(found):5d} cases, worst {seconds * 1000:9.1f} ms  {where}  e.g. {blank} at {cut}: {prompt!r}")


if __name__ == "__main__":
    main()
