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
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from store.models import Schema
from studio.curation.evaluate import GoldCase, decision_figures, load_gold
from studio.curation.gate import MODEL_FILE, feature_index, feature_names
from studio.curation.rules import RULES_VERSION, extract_rules, withheld_decomposition
from studio.curation.validator import structural_validation

DIMENSIONS = 1 << 18
REGULARISATION = 1.0  # sklearn's C; chosen by cross-validation on the development set (0.1-3 tried)
HIGH_PRECISION_TARGET = 0.97  # above the 0.95 asked of `high`, a margin for prompts the model has not seen
MEDIUM_KEEPS = 0.95  # share of the rules' true proposals the rejection threshold must keep (out of fold)
HIGH_GRID = 1000  # `high` is a multiple of 1/HIGH_GRID between 0.05 and 0.999
FOLDS = 5
REPEATS = 40  # k-fold repeated with seeds 0..39: one draw moved `medium` over 0.14-0.25, ten still by 0.03-0.04
DEFAULT_OUT = Path(__file__).with_name(MODEL_FILE)


@dataclass(slots=True)
class Candidate:
    case: GoldCase
    schema: Schema
    features: list[int]


def candidates(cases: Sequence[GoldCase]) -> list[Candidate]:
    """The rule proposals the gate decides on, with their hashed feature indices."""
    return [candidate for case in cases
            if (candidate := _candidate(case, extract_rules(case.prompt, language=case.language))) is not None]


def withheld_negatives(cases: Sequence[GoldCase]) -> list[Candidate]:
    """The proposals the rules' single-task refusals withhold on the single-task prompts among `cases`: negatives
    the gate is fitted on (never scored, and no threshold is chosen on them), so that a false proposal the rules
    learn to refuse stays a lesson for the gate about prompts like it that the refusal misses."""
    found = []
    for case in cases:
        schema = None if case.parallelizable else withheld_decomposition(case.prompt, language=case.language)
        candidate = _candidate(case, schema) if schema is not None else None
        if candidate is not None:
            found.append(candidate)
    return found


def _candidate(case: GoldCase, schema: Schema) -> Candidate | None:
    """The (case, validated schema, hashed features) row when the validated schema is a proposal the gate decides on
    (parallelizable, tier high or medium)."""
    schema = structural_validation(schema, case.prompt)
    if not (schema.parallelizable and schema.tier in ("high", "medium")):
        return None
    indices = sorted({feature_index(name, DIMENSIONS) for name in feature_names(case.prompt, schema)})
    return Candidate(case, schema, indices)


def _matrix(rows: Sequence[Candidate]) -> Any:
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
    also sees all of `negatives` (withheld proposals: never scored). The fits see only the hashed columns some row
    has: an empty column gets weight 0 under the L2 penalty either way, and dropping the rest of the 2^18 makes the
    many repeats cheap."""
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


def fit_gate(rows: Sequence[Candidate], positives: int, negatives: Sequence[Candidate] = ()) -> FittedGate:
    """The gate fitted on these proposals and the withheld `negatives`; `positives` counts every parallelizable
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


def train(*gold_paths: Path) -> dict[str, Any]:
    """The model document for the gold files, taken together (see the module docstring)."""
    cases = [case for path in gold_paths for case in load_gold(path)]
    rows, negatives = candidates(cases), withheld_negatives(cases)
    try:
        fitted = fit_gate(rows, sum(case.parallelizable for case in cases), negatives)
    except ValueError as error:
        raise ValueError(f"{error} (files: {', '.join(str(path) for path in gold_paths)})") from None
    model = fitted.model
    weights = {str(int(index)): round(float(weight), 5) for index, weight in enumerate(model.coef_[0])
               if abs(weight) >= 1e-5}
    digests = {path.name: hashlib.sha256(path.read_bytes()).hexdigest()[:16] for path in gold_paths}
    digest = hashlib.sha256(" ".join(digests.values()).encode("ascii")).hexdigest()[:16]
    return {
        "version": f"rules-{RULES_VERSION}/gold-{digest}", "dimensions": DIMENSIONS,
        "bias": round(float(model.intercept_[0]), 5), "high": fitted.high, "medium": fitted.medium,
        "trained_on": {"files": digests, "prompts": len(cases), "candidates": len(rows),
                       "candidate_positives": sum(row.case.parallelizable for row in rows),
                       "withheld_negatives": len(negatives)},
        "cross_validated": fitted.figures, "weights": dict(sorted(weights.items(), key=lambda item: int(item[0]))),
    }


def _cut_figures(hits: int, chosen: int, positives: int) -> dict[str, Any]:
    """`decision_figures` of one cut (`hits` right of `chosen` proposed, `positives` to find), ratios rounded."""
    figures = decision_figures(hits, chosen - hits, positives - hits)
    return {"right": hits, "proposed": chosen, "positives": positives, **figures,
            **{key: round(figures[key], 4) for key in ("precision", "recall") if figures[key] is not None}}


def leave_one_file_out(gold_paths: Sequence[Path]) -> dict[str, dict[str, Any]]:
    """For each file: the gate trained (thresholds included) on the other files, scored on this one's proposals
    at the cuts `high` (rule tier high and p >= high) and `high+medium` (p >= medium); `pooled` sums them.
    Decisions are on `parallelizable` only, like the trainer's own figures."""
    loaded = {str(path): load_gold(path) for path in gold_paths}
    proposals = {name: candidates(cases) for name, cases in loaded.items()}
    withheld = {name: withheld_negatives(cases) for name, cases in loaded.items()}
    totals = {cut: [0, 0, 0] for cut in ("high", "high+medium")}
    table: dict[str, dict[str, Any]] = {}
    for name, held_out in proposals.items():
        rest = [row for other, rows in proposals.items() if other != name for row in rows]
        fitted = fit_gate(rest, sum(case.parallelizable for other, cases in loaded.items() if other != name
                                    for case in cases),
                          [row for other, rows in withheld.items() if other != name for row in rows])
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
    args = parser.parse_args(argv)
    if args.leave_one_out:
        table = leave_one_file_out(args.gold)
        _print_table(table)
        print(json.dumps(table))
        return
    document = train(*args.gold)
    args.out.write_text(json.dumps(document, separators=(",", ":")) + "\n", encoding="utf-8")
    summary = {key: document[key] for key in ("version", "high", "medium", "trained_on", "cross_validated")}
    print(json.dumps(summary, indent=2))

if __name__ == "__main__":
    main()
