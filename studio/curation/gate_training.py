"""Train the precision gate on a labelled development set of real prompts and write `gate_model.json`.

Run: `.venv/bin/python -m studio.curation.gate_training sample_data/dev.jsonl sample_data/sharegpt_train.jsonl
sample_data/sharegpt_short_train.jsonl` (scikit-learn, a dev dependency; the ShareGPT files are rebuilt by
`sample_data/real/rebuild_nc.py`, see sample_data/README.md).
The candidates are the prompts the rules propose (parallelizable, structural tier high or medium); the label is
the gold `parallelizable`. A logistic regression over the hashed features of `studio.curation.gate` is fitted;
the two thresholds come from 5-fold out-of-fold probabilities (`REPEATS` splits, pooled), so they are chosen on
predictions the model did not fit: `high` is the lowest threshold at which rule-`high` candidates reach the target
precision; `medium` (below it a proposal is rejected) is the threshold that keeps `MEDIUM_KEEPS` of the true
proposals, a smooth (Harrell-Davis) quantile rather than a grid step, since it lies where true proposals are few and
a step moved with a handful of candidates — the gate rejects only what it is sure of, because prompts unlike the
development set (other categories, longer passages) must not lose their recall to it. Deterministic: fixed folds, lbfgs, rounded weights, sorted keys.

The bank (`sample_data/real/gate_negatives.jsonl`, `--bank`) keeps the false proposals earlier rules versions made on
the training prompts, text-free (the prompt's SHA-256, the hashed indices of the proposal's evidence features). A
banked proposal the rules no longer make is a fit-only negative, like the refusals' withheld proposals: without it
each precision round's refusals take their examples out of the gate's negatives, and the refitted gate lets through
the held-out prompts like them that the refusals miss (sessions 17-21 lost every round's gain that way). Record the
rules' false proposals before changing the rules: `python -m studio.curation.gate_training GOLD... --bank-add`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from store.models import Schema
from studio.curation.evaluate import GoldCase, decision_figures, load_gold
from studio.curation.gate import MODEL_FILE, evidence_feature_names, feature_index, feature_names, word_feature_names
from studio.curation.rules import RULES_VERSION, extract_rules, withheld_decomposition
from studio.curation.reading import trimmed_view
from studio.curation.validator import structural_reading

DIMENSIONS = 1 << 18
REGULARISATION = 1.0  # sklearn's C; chosen by cross-validation on the development set (0.1-3 tried)
HIGH_PRECISION_TARGET = 0.97  # above the 0.95 asked of `high`, a margin for prompts the model has not seen
MEDIUM_KEEPS = 0.95  # share of the rules' true proposals the rejection threshold must keep (out of fold)
HIGH_GRID = 1000  # `high` is a multiple of 1/HIGH_GRID between 0.05 and 0.999
FOLDS = 5
REPEATS = 40  # k-fold repeated with seeds 0..39: one draw moved `medium` over 0.14-0.25, ten still by 0.03-0.04
DEFAULT_OUT = Path(__file__).with_name(MODEL_FILE)
DEFAULT_BANK = Path(__file__).resolve().parents[2] / "sample_data" / "real" / "gate_negatives.jsonl"


@dataclass(slots=True)
class Candidate:
    case: GoldCase
    schema: Schema
    features: list[int]


def candidates(cases: Sequence[GoldCase]) -> list[Candidate]:
    """The rule proposals the gate decides on, with their hashed feature indices."""
    return [candidate for case in cases
            if (candidate := _candidate(case, extract_rules(case.prompt, language=case.language))) is not None]


@dataclass(slots=True)
class Negative:
    """A fit-only negative: never scored, and no threshold is chosen on it."""

    case: GoldCase
    features: list[int]


@dataclass(frozen=True, slots=True)
class BankedProposal:
    """A false proposal of the rules version `rules` on a single-task training prompt, without its text: the prompt's
    SHA-256 and the hashed indices of the proposal's evidence features (its tier, reasons, the look of its items)."""

    file: str
    sha256: str
    rules: str
    evidence: tuple[int, ...]

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "sha256": self.sha256, "rules": self.rules, "evidence": list(self.evidence)}


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _version(rules: str) -> tuple[int, ...]:
    return tuple(int(part) for part in rules.split("."))


def bank_proposal(case: GoldCase, schema: Schema, file: str) -> BankedProposal:
    """The banked form of the structurally validated false proposal `schema` on `case`."""
    evidence = sorted({feature_index(name, DIMENSIONS)
                       for name in evidence_feature_names(trimmed_view(case.prompt), schema)})
    return BankedProposal(file, _sha256(case.prompt), schema.extractor_version, tuple(evidence))


def false_proposals(gold_path: Path) -> list[BankedProposal]:
    """The rules' false proposals (the gate's negative candidates) on one gold file, banked."""
    return [bank_proposal(row.case, row.schema, gold_path.name) for row in candidates(load_gold(gold_path))
            if not row.case.parallelizable]


def load_bank(path: Path) -> dict[str, BankedProposal]:
    """The bank by prompt SHA-256 (one proposal a prompt); a malformed row is refused with its line."""
    bank: dict[str, BankedProposal] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").split("\n"), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            proposal = BankedProposal(str(row["file"]), str(row["sha256"]), str(row["rules"]),
                                      tuple(row["evidence"]))
            _version(proposal.rules)
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"{path}:{number}: not a banked proposal ({error!r})") from None
        if any(type(index) is not int or not 0 <= index < DIMENSIONS for index in proposal.evidence):
            raise ValueError(f"{path}:{number}: evidence indices must be integers below {DIMENSIONS}")
        bank[proposal.sha256] = proposal
    return bank


def bank_add(path: Path, proposals: Sequence[BankedProposal]) -> int:
    """Merge `proposals` into the bank file, a prompt's latest rules version winning; returns the rows written.
    Rows are sorted (file, SHA-256), so re-recording the same proposals leaves the file byte for byte."""
    bank = load_bank(path) if path.exists() else {}
    for proposal in proposals:
        kept = bank.get(proposal.sha256)
        if kept is None or _version(proposal.rules) >= _version(kept.rules):
            bank[proposal.sha256] = proposal
    rows = sorted(bank.values(), key=lambda row: (row.file, row.sha256))
    path.write_text("".join(json.dumps(row.to_json(), separators=(",", ":")) + "\n" for row in rows),
                    encoding="utf-8")
    return len(rows)


def banked_negatives(cases: Sequence[GoldCase], bank: dict[str, BankedProposal],
                     taken: set[str]) -> list[Negative]:
    """The banked proposals on the single-task prompts among `cases` that the rules no longer propose nor withhold
    (`taken`: those prompts' SHA-256), as fit-only negatives: the prompt's words now (all of them the instruction's:
    the bank keeps no context), the banked evidence."""
    found = []
    for case in cases:
        banked = None if case.parallelizable else bank.get(digest := _sha256(case.prompt))
        if banked is not None and digest not in taken:
            words = {feature_index(name, DIMENSIONS) for name in word_feature_names(trimmed_view(case.prompt))}
            found.append(Negative(case, sorted(words.union(banked.evidence))))
    return found


def fit_only_negatives(cases: Sequence[GoldCase], rows: Sequence[Candidate],
                       bank: dict[str, BankedProposal]) -> tuple[list[Negative], list[Negative]]:
    """(withheld, banked) negatives of `cases`, whose proposals are `rows`; a prompt counts once."""
    withheld = withheld_negatives(cases)
    taken = {_sha256(row.case.prompt) for row in (*rows, *withheld)}
    return withheld, banked_negatives(cases, bank, taken)


def unmatched_bank_rows(bank: dict[str, BankedProposal], gold_paths: Sequence[Path],
                        cases: Sequence[GoldCase]) -> list[BankedProposal]:
    """The bank's rows naming one of `gold_paths` whose prompt is no single-task prompt there any more (removed or
    relabelled parallelizable): they train nothing, and a silent drop would hide a stale bank."""
    names = {path.name for path in gold_paths}
    single_task = {_sha256(case.prompt) for case in cases if not case.parallelizable}
    return [row for row in bank.values() if row.file in names and row.sha256 not in single_task]


def withheld_negatives(cases: Sequence[GoldCase]) -> list[Negative]:
    """The proposals the rules' single-task refusals withhold on the single-task prompts among `cases`: negatives
    the gate is fitted on (never scored, and no threshold is chosen on them), so that a false proposal the rules
    learn to refuse stays a lesson for the gate about prompts like it that the refusal misses."""
    found = []
    for case in cases:
        schema = None if case.parallelizable else withheld_decomposition(case.prompt, language=case.language)
        candidate = _candidate(case, schema) if schema is not None else None
        if candidate is not None:
            found.append(Negative(case, candidate.features))
    return found


def _candidate(case: GoldCase, schema: Schema) -> Candidate | None:
    """The (case, validated schema, hashed features) row when the validated schema is a proposal the gate decides on
    (parallelizable, tier high or medium), read as the gate reads it (the prompt's reading view)."""
    schema, _ = structural_reading(schema, case.prompt)
    if not (schema.parallelizable and schema.tier in ("high", "medium")):
        return None
    indices = sorted({feature_index(name, DIMENSIONS) for name in feature_names(trimmed_view(case.prompt), schema)})
    return Candidate(case, schema, indices)


def _matrix(rows: Sequence[Candidate] | Sequence[Negative]) -> Any:
    import numpy as np
    from scipy.sparse import csr_matrix

    indices = [index for row in rows for index in row.features]
    pointers = np.cumsum([0] + [len(row.features) for row in rows])
    return csr_matrix((np.ones(len(indices)), indices, pointers), shape=(len(rows), DIMENSIONS))


def _fit(matrix: Any, labels: Any) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=REGULARISATION, max_iter=5000, class_weight="balanced").fit(matrix, labels)


def _out_of_fold(matrix: Any, labels: Any, negatives: Any) -> Any:
    """Out-of-fold probabilities, one row per repeat of the k-fold split (`REPEATS` x candidates); every fold's fit
    also sees all of `negatives` (withheld and banked proposals: never scored). The fits see only the hashed columns
    some row has: an empty column gets weight 0 under the L2 penalty either way, and dropping the rest of the 2^18
    makes the many repeats cheap."""
    import numpy as np
    from scipy.sparse import vstack
    from sklearn.model_selection import StratifiedKFold

    columns = np.unique(np.concatenate([matrix.indices, negatives.indices]))
    matrix, negatives = matrix[:, columns], negatives[:, columns]
    no = np.zeros(negatives.shape[0], dtype=bool)
    probabilities = np.zeros((REPEATS, len(labels)))
    for repeat in range(REPEATS):
        for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=repeat).split(matrix, labels):
            fitted = _fit(vstack([matrix[train], negatives], format="csr"), np.concatenate([labels[train], no]))
            probabilities[repeat, test] = fitted.predict_proba(matrix[test])[:, 1]
    return probabilities


def _thresholds(rows: Sequence[Candidate], probabilities: Any, positives: int) -> tuple[float, float, dict[str, Any]]:
    """(high, medium) thresholds and the out-of-fold figures they give, over every repeat's probabilities pooled
    (each repeat counts every candidate once, so the recall's denominator is `positives` per repeat)."""
    # `high` on a 0.001 grid: the confident proposals crowd just under 1, where one 0.01 step (0.98 -> 0.99) moved
    # the held-out `high` tier from 32 proposals to 12
    grid = [round(step / HIGH_GRID, 3) for step in range(HIGH_GRID // 20, HIGH_GRID)]
    repeats = len(probabilities)
    rows = list(rows) * repeats
    probabilities = [p for repeat in probabilities for p in repeat]
    positives *= repeats
    labels = [row.case.parallelizable for row in rows]
    high_rows = [(p, label) for row, p, label in zip(rows, probabilities, labels) if row.schema.tier == "high"]

    def precision_recall(pairs: list[tuple[float, bool]], threshold: float) -> tuple[float, float, int]:
        chosen = [label for p, label in pairs if p >= threshold]
        hits = sum(chosen)
        return (hits / len(chosen) if chosen else 1.0), hits / positives if positives else 0.0, len(chosen)

    high = next((t for t in grid if precision_recall(high_rows, t)[0] >= HIGH_PRECISION_TARGET
                 and precision_recall(high_rows, t)[2] > 0), 1.0)
    pairs = list(zip(probabilities, labels))
    true_probabilities = [p for p, label in pairs if label]
    quantile = _smooth_quantile(true_probabilities, 1 - MEDIUM_KEEPS, len(true_probabilities) // repeats)
    medium = min(max(round(quantile, 3), grid[0]), high)
    high_p, high_r, _ = precision_recall(high_rows, high)
    medium_p, medium_r, _ = precision_recall(pairs, medium)
    figures = {"high": {"precision": round(high_p, 4), "recall": round(high_r, 4)},
               "high+medium": {"precision": round(medium_p, 4), "recall": round(medium_r, 4)}}
    return high, medium, figures


def _smooth_quantile(values: Sequence[float], share: float, size: int) -> float:
    """The Harrell-Davis estimate of the `share` quantile of `values`: a Beta-weighted mean of all the ordered
    values instead of the one at the quantile. The pooled values hold `size` independent candidates (each repeat
    scores every one), so the weights are those of a sample of `size`: they spread over the few candidates around the
    quantile, where the true proposals are sparse and one of them moving moved a grid step of `medium`."""
    import numpy as np
    from scipy.stats import beta

    ordered = np.sort(np.asarray(values, dtype=float))
    edges = np.arange(len(ordered) + 1) / len(ordered)
    weights = np.diff(beta.cdf(edges, (size + 1) * share, (size + 1) * (1 - share)))
    return float(weights @ ordered)


@dataclass(slots=True)
class FittedGate:
    """A fitted logistic regression, the thresholds chosen out of fold, and the out-of-fold figures."""

    model: Any
    high: float
    medium: float
    figures: dict[str, Any]


def fit_gate(rows: Sequence[Candidate], positives: int, negatives: Sequence[Negative] = ()) -> FittedGate:
    """The gate fitted on these proposals and the fit-only `negatives`; `positives` counts every parallelizable
    prompt the proposals came from (the recall's denominator, proposed or not). Refuses proposals of one class."""
    import numpy as np
    from scipy.sparse import vstack

    labels = np.array([row.case.parallelizable for row in rows])
    if labels.all() or not labels.any():
        raise ValueError(f"the rules' {len(rows)} proposals need both classes (true and false ones) to train a "
                         "gate: label prompts the rules were not tuned on")
    matrix, withheld = _matrix(rows), _matrix(negatives)
    with _one_blas_thread():
        high, medium, figures = _thresholds(rows, _out_of_fold(matrix, labels, withheld), positives)
        everything = vstack([matrix, withheld], format="csr")
        return FittedGate(_fit(everything, np.concatenate([labels, np.zeros(len(negatives), dtype=bool)])),
                          high, medium, figures)


def _one_blas_thread() -> Any:
    """The fits are hundreds of small solves: OpenBLAS worker threads only contend for the cores there (the
    trainer took ~4 minutes with them on a busy 2-core machine, 14 s without; same model file, byte for byte)."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def train(*gold_paths: Path, bank: Path | None = None) -> dict[str, Any]:
    """The model document for the gold files, taken together, and the bank of earlier false proposals when given
    (see the module docstring)."""
    cases = [case for path in gold_paths for case in load_gold(path)]
    rows = candidates(cases)
    bank_rows = load_bank(bank) if bank is not None else {}
    withheld, banked = fit_only_negatives(cases, rows, bank_rows)
    try:
        fitted = fit_gate(rows, sum(case.parallelizable for case in cases), [*withheld, *banked])
    except ValueError as error:
        raise ValueError(f"{error} (files: {', '.join(str(path) for path in gold_paths)})") from None
    model = fitted.model
    weights = {str(int(index)): round(float(weight), 5) for index, weight in enumerate(model.coef_[0])
               if abs(weight) >= 1e-5}
    digests = {path.name: hashlib.sha256(path.read_bytes()).hexdigest()[:16]
               for path in (*gold_paths, *([bank] if bank is not None else []))}
    digest = hashlib.sha256(" ".join(digests.values()).encode("ascii")).hexdigest()[:16]
    return {
        "version": f"rules-{RULES_VERSION}/gold-{digest}", "dimensions": DIMENSIONS,
        "bias": round(float(model.intercept_[0]), 5), "high": fitted.high, "medium": fitted.medium,
        "trained_on": {"files": digests, "prompts": len(cases), "candidates": len(rows),
                       "candidate_positives": sum(row.case.parallelizable for row in rows),
                       "withheld_negatives": len(withheld), "banked_negatives": len(banked),
                       "banked_unmatched": len(unmatched_bank_rows(bank_rows, gold_paths, cases))},
        "cross_validated": fitted.figures, "weights": dict(sorted(weights.items(), key=lambda item: int(item[0]))),
    }


def _cut_figures(hits: int, chosen: int, positives: int) -> dict[str, Any]:
    """`decision_figures` of one cut (`hits` right of `chosen` proposed, `positives` to find), ratios rounded."""
    figures = decision_figures(hits, chosen - hits, positives - hits)
    return {"right": hits, "proposed": chosen, "positives": positives, **figures,
            **{key: round(figures[key], 4) for key in ("precision", "recall") if figures[key] is not None}}


def leave_one_file_out(gold_paths: Sequence[Path], bank: Path | None = None) -> dict[str, dict[str, Any]]:
    """For each file: the gate trained (thresholds included) on the other files and their banked proposals, scored on
    this one's proposals at the cuts `high` (rule tier high and p >= high) and `high+medium` (p >= medium); `pooled`
    sums them. Decisions are on `parallelizable` only, like the trainer's own figures."""
    loaded = {str(path): load_gold(path) for path in gold_paths}
    proposals = {name: candidates(cases) for name, cases in loaded.items()}
    banked = load_bank(bank) if bank is not None else {}
    fit_only = {name: [*chain(*fit_only_negatives(cases, proposals[name], banked))] for name, cases in loaded.items()}
    totals = {cut: [0, 0, 0] for cut in ("high", "high+medium")}
    table: dict[str, dict[str, Any]] = {}
    for name, held_out in proposals.items():
        rest = [row for other, rows in proposals.items() if other != name for row in rows]
        fitted = fit_gate(rest, sum(case.parallelizable for other, cases in loaded.items() if other != name
                                    for case in cases),
                          [row for other, rows in fit_only.items() if other != name for row in rows])
        scores = fitted.model.predict_proba(_matrix(held_out))[:, 1] if held_out else []
        positives = sum(case.parallelizable for case in loaded[name])
        chosen = {"high": [row.case.parallelizable for row, p in zip(held_out, scores)
                           if row.schema.tier == "high" and p >= fitted.high],
                  "high+medium": [row.case.parallelizable for row, p in zip(held_out, scores) if p >= fitted.medium]}
        table[name] = {"thresholds": {"high": fitted.high, "medium": fitted.medium}}
        for cut, labels in chosen.items():
            table[name][cut] = _cut_figures(sum(labels), len(labels), positives)
            for index, value in enumerate((sum(labels), len(labels), positives)):
                totals[cut][index] += value
    table["pooled"] = {cut: _cut_figures(*figures) for cut, figures in totals.items()}
    return table


def _print_table(table: dict[str, dict[str, Any]]) -> None:
    def cell(figures: dict[str, Any]) -> str:
        recall = figures["recall"] if figures["recall"] is not None else 0.0
        if figures["precision_ci"] is None:
            return f"{figures['right']:>3}/{figures['proposed']:<3} P -                  R {recall:.3f}"
        low, high = figures["precision_ci"]
        return (f"{figures['right']:>3}/{figures['proposed']:<3} P {figures['precision']:.3f} "
                f"({low:.2f}-{high:.2f}) R {recall:.3f}")

    print(f"{'held-out file':<34} {'high':<36} high+medium")
    for name, row in table.items():
        print(f"{Path(name).name:<34} {cell(row['high']):<36} {cell(row['high+medium'])}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", type=Path, nargs="+", help="labelled development sets (gold JSONL), taken together")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"model file (default: {DEFAULT_OUT})")
    parser.add_argument("--leave-one-out", action="store_true",
                        help="instead of writing a model: train on all files but one, score that one, for each "
                             "(precision and recall at high and high+medium) and print the table")
    parser.add_argument("--bank", type=Path, default=DEFAULT_BANK,
                        help=f"earlier rules versions' false proposals, fit-only negatives (default: {DEFAULT_BANK})")
    parser.add_argument("--no-bank", action="store_true", help="train without the bank")
    parser.add_argument("--bank-add", action="store_true",
                        help="instead of training: record the current rules' false proposals on the gold files in "
                             "the bank (do it before changing the rules, so the refit keeps them as negatives)")
    args = parser.parse_args(argv)
    bank = None if args.no_bank else args.bank
    if args.bank_add:
        if bank is None:
            parser.error("--bank-add needs the bank (drop --no-bank)")
        proposals = [proposal for path in args.gold for proposal in false_proposals(path)]
        print(f"{len(proposals)} false proposals of rules {RULES_VERSION}; {bank_add(bank, proposals)} rows in {bank}")
        return
    if bank is not None and not bank.exists():
        parser.error(f"no bank at {bank} (give --bank PATH, or --no-bank)")
    if args.leave_one_out:
        table = leave_one_file_out(args.gold, bank)
        _print_table(table)
        print(json.dumps(table))
        return
    document = train(*args.gold, bank=bank)
    if document["trained_on"]["banked_unmatched"]:
        print(f"warning: {document['trained_on']['banked_unmatched']} bank rows name a given file but no single-task "
              "prompt of it (removed or relabelled); they train nothing", file=sys.stderr)
    args.out.write_text(json.dumps(document, separators=(",", ":")) + "\n", encoding="utf-8")
    summary = {key: document[key] for key in ("version", "high", "medium", "trained_on", "cross_validated")}
    print(json.dumps(summary, indent=2))

if __name__ == "__main__":
    main()
