#!/usr/bin/env python3
"""Rebuild the gate's bank, `gate_negatives.jsonl`, from the rules versions that made its false proposals.

The bank (docs/curation.md, "Banked proposals are negatives too") keeps each false proposal a rules version made on
the six train files' single-task prompts as the hashed indices of its evidence features. Those indices belong to
today's `gate.evidence_feature_names`: when the features change, the bank must be rebuilt, and the proposals of
versions long gone can only come from their commits. This script runs each version's rules (a `git archive` of its
commit, in a subprocess of this venv's Python) on the rebuilt train files, computes the evidence of every false
proposal with this tree's features (`gate_training.bank_proposal`), keeps one row a prompt (the latest version's)
and adds the current rules' own false proposals last, as `gate_training --bank-add` does:

    .venv/bin/python sample_data/real/build_gate_bank.py [--out sample_data/real/gate_negatives.jsonl]

It needs a git checkout with history and the train files rebuilt (rebuild_nc.py). ~20 versions x ~10 seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from store.models import Reason, Schema  # noqa: E402
from studio.curation import gate_training  # noqa: E402
from studio.curation.evaluate import GoldCase, load_gold  # noqa: E402

TRAIN_FILES = ("dev.jsonl", "sharegpt_train.jsonl", "sharegpt_short_train.jsonl", "sharegpt_v3_long_train.jsonl",
               "sharegpt_v3_short_train.jsonl", "sharegpt_v3_later_train.jsonl")
# The commit that set each earlier rules version (with its refitted gate); the current rules are added from this tree.
RULES_COMMITS = {
    "2.2": "28615c911327124bba3b9ec14dc6c98d2967b174", "2.3": "d9d54771440bccc2894ea5de465e4634720c8e93",
    "2.4": "31838d6eb74e494deb43167a55e7577d1aca1afc", "2.5": "2293e3f0c24f73eacd67e1919f5579ead6f2e02d",
    "2.6": "b905368997e1445912d8ad887e0ba2c3c9895e34", "2.7": "2f120f85ada2ab622945dfa449d39cac98fbb89a",
    "2.8": "ac5ec80df109834bb3af4b1db174c1d2afeaff26", "2.9": "31e61e3b54d58ed33d829861f0ae42f483c2374a",
    "2.10": "144149ed87565b8a58510dc513981a8effa9acd4", "2.11": "45aaeebdb454bb594258f21263b146fd6495f37c",
    "2.12": "a77fb46297fda8e97bf4b31d1fcff90698bab825", "2.13": "487056aa5797ec88cc5c65af9b1dab7613e315aa",
    "2.14": "caa569a783918a92c8a821d68b33aed781f0979e", "2.15": "59398b47294c39ea9d97835518b9593c992a37f1",
    "2.16": "3f264ce2c0c170fb74115a5a09841cafcdd149e3", "2.17": "11a370613139f1b7256acdcfcc82f9980424d341",
    "2.18": "18a667dc0e754547da8cf326ac09a5a0bb00d588", "2.19": "440483e797e5282ac4cee03b9fd2de7ac86a0000",
    "2.20": "05aef4ab7d3c3d30bad2c92dd50fbca4b74186c9", "2.21": "b29bd19f5d47442aeb1db3e5d33430f01998f752",
    "2.22": "9eb3400eba17609f7cb9148712c527d827193a92", "2.23": "5a7a830a567226c72c0b5bc939f95aee83c52d65",
    "2.24": "48ef72c31e0d8dc993812353f54d20fed918b258", "2.25": "61675c08d60e38a874c9e401418e2cd9e4c3eeb6",
    "2.26": "78c5c14533ff5928e693e3743c9bb543d714195f", "2.27": "93f89650435a4a5933a3d9e05243372c77806268",
    "2.28": "54303a3a1072639004b7066258fc353006789a85",
}
# Run inside an old tree: its rules and structural validator on the train files' single-task prompts; one JSON line
# (prompt SHA-256 and what `evidence_feature_names` reads) per proposal at tier high or medium.
_OLD_RULES = r"""
import hashlib, json, sys
from studio.curation.rules import RULES_VERSION, extract_rules
from studio.curation.validator import structural_validation
for path in sys.argv[1:]:
    for line in open(path, encoding="utf-8-sig"):
        if not line.strip():
            continue
        row = json.loads(line)
        if row["parallelizable"]:
            continue
        prompt = row["prompt"]
        s = structural_validation(extract_rules(prompt, language=row.get("language")), prompt)
        if s.parallelizable and s.tier in ("high", "medium"):
            print(json.dumps({"file": path.rsplit("/", 1)[-1], "sha256": hashlib.sha256(prompt.encode()).hexdigest(),
                              "rules": RULES_VERSION, "tier": s.tier, "category": s.category, "n": s.n,
                              "context": s.context, "dependency": s.dependency, "data": s.data,
                              "template": s.template, "reasons": [r.rule for r in s.reasons]}))
"""


def old_proposals(commit: str, train: list[Path], scratch: Path) -> list[dict]:
    """The false proposals the rules of `commit` make on the train files (their own rules and validator)."""
    tree = scratch / commit
    archive = subprocess.run(["git", "archive", commit, "studio", "store", "evaluators"], cwd=ROOT, check=True,
                             capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(tree, filter="data")
    run = subprocess.run([sys.executable, "-c", _OLD_RULES, *map(str, train)], cwd=tree, capture_output=True,
                         text=True, env={**os.environ, "PYTHONPATH": str(tree)})
    if run.returncode:
        raise SystemExit(f"the rules of {commit} failed on the train files:\n{run.stderr}")
    return [json.loads(line) for line in run.stdout.splitlines()]


def banked(row: dict, case: GoldCase) -> gate_training.BankedProposal:
    """An old proposal's bank row, its evidence computed by this tree's gate features."""
    schema = Schema(prompt_id="banked", extractor="rules", extractor_version=row["rules"], parallelizable=True,
                    category=row["category"], serial=case.prompt, template=row["template"], context=row["context"],
                    data=row["data"], n=row["n"], tier=row["tier"], dependency=row["dependency"],
                    reasons=[Reason(rule, "") for rule in row["reasons"]])
    return gate_training.bank_proposal(case, schema, row["file"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=gate_training.DEFAULT_BANK, help="bank file to write")
    args = parser.parse_args()
    train = [ROOT / "sample_data" / name for name in TRAIN_FILES]
    missing = [path.name for path in train if not path.exists()]
    if missing:
        parser.error(f"rebuild the train files first (sample_data/real/rebuild_nc.py): {', '.join(missing)}")
    cases = {hashlib.sha256(case.prompt.encode()).hexdigest(): case for path in train for case in load_gold(path)}
    proposals = []
    with tempfile.TemporaryDirectory() as scratch:
        for version, commit in RULES_COMMITS.items():
            rows = old_proposals(commit, train, Path(scratch))
            proposals += [banked(row, cases[row["sha256"]]) for row in rows]
            print(f"rules {version}: {len(rows)} false proposals", file=sys.stderr)
    if args.out.exists():
        args.out.unlink()
    gate_training.bank_add(args.out, proposals)
    current = [proposal for path in train for proposal in gate_training.false_proposals(path)]
    print(f"{gate_training.bank_add(args.out, current)} rows in {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
