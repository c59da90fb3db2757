"""Embedding similarity between the serial and the parallel answer, overall and item by item.

Each answer is embedded as the normalised mean of its items' embeddings rather than as one long text: MiniLM reads
at most 256 word pieces, so a whole-text embedding of a long answer only sees its beginning, while the mean over
items covers all of it (and the item embeddings are needed for the alignment anyway, so nothing is encoded twice).
"""

from __future__ import annotations

import numpy as np

from evaluators import embedding
from evaluators.base import ComparisonCase, ScoreValue
from evaluators.text import split_items

# A branch answer whose best serial segment is less similar than this is listed as unmatched.
MATCH_THRESHOLD = 0.5


def parallel_items(case: ComparisonCase) -> list[str]:
    """The parallel answer's items: the branch answers themselves for `concat`, the merged answer's items else."""
    if case.aggregation == "concat" and case.branch_answers:
        return [answer.strip() for answer in case.branch_answers if answer.strip()]
    return split_items(case.aggregated_answer)


def mean_vector(texts: list[str], vectors: dict[str, np.ndarray]) -> np.ndarray | None:
    if not texts:
        return None
    mean = np.mean([vectors[text] for text in texts], axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm > 0 else None


class SimilarityScorer:
    """`cosine` (serial vs aggregated answer), `item_alignment` and `items_matched` (branch answers vs serial items)."""

    name = "similarity"
    version = "1"

    def __init__(self, match_threshold: float = MATCH_THRESHOLD, embedding_precision: str = "auto") -> None:
        self.match_threshold = match_threshold
        self.precision = embedding.resolve_precision(embedding_precision)

    def score_batch(self, cases: list[ComparisonCase]) -> list[list[ScoreValue]]:
        serial_items = [split_items(case.serial_answer) for case in cases]
        branch_items = [[answer.strip() for answer in case.branch_answers] for case in cases]
        parallel = [parallel_items(case) for case in cases]
        vectors = embedding.encode([text for group in (serial_items, branch_items, parallel)
                                    for texts in group for text in texts if text], self.precision)
        return [self._score_one(serial_items[i], branch_items[i], parallel[i], vectors) for i in range(len(cases))]

    def _score_one(self, serial_items: list[str], branch_items: list[str], parallel: list[str],
                   vectors: dict[str, np.ndarray]) -> list[ScoreValue]:
        serial_vector = mean_vector(serial_items, vectors)
        parallel_vector = mean_vector(parallel, vectors)
        if serial_vector is None or parallel_vector is None:
            empty = "serial" if serial_vector is None else "parallel"
            why = {"reason": f"the {empty} answer is empty"}
            return [ScoreValue("cosine", None, why), ScoreValue("item_alignment", None, why),
                    ScoreValue("items_matched", None, why)]
        overall = ScoreValue("cosine", embedding.cosine(serial_vector, parallel_vector),
                             {"serial_items": len(serial_items), "parallel_items": len(parallel),
                              "model": embedding.MODEL_NAME, "precision": self.precision})
        answered = [(idx, text) for idx, text in enumerate(branch_items) if text]
        if not answered:
            why = {"reason": "no branch answered"}
            return [overall, ScoreValue("item_alignment", None, why), ScoreValue("items_matched", None, why)]
        matrix = embedding.similarity_matrix([vectors[text] for _, text in answered],
                                             [vectors[text] for text in serial_items])
        best = matrix.argmax(axis=1)
        alignment = [{"branch": idx, "serial_item": int(best[row]),
                      "similarity": round(float(matrix[row, best[row]]), 4)}
                     for row, (idx, _) in enumerate(answered)]
        unmatched_branches = [entry["branch"] for entry in alignment if entry["similarity"] < self.match_threshold]
        unanswered = [idx for idx, text in enumerate(branch_items) if not text]
        matched_serial = {entry["serial_item"] for entry in alignment if entry["similarity"] >= self.match_threshold}
        details = {
            "alignment": alignment,
            "unmatched_branches": unmatched_branches,
            "unanswered_branches": unanswered,
            "unmatched_serial_items": [i for i in range(len(serial_items)) if i not in matched_serial],
            "threshold": self.match_threshold,
        }
        similarities = [entry["similarity"] for entry in alignment]
        matched = (len(alignment) - len(unmatched_branches)) / len(branch_items)
        return [overall, ScoreValue("item_alignment", float(np.mean(similarities)), {"alignment": alignment}),
                ScoreValue("items_matched", matched, details)]
