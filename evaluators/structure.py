"""Structural adherence: did each side answer every item, keep the list form, stay diverse, use the right language.

These are the failures a similarity score hides: a serial answer that stops after 7 of 10 items, ten "different"
slogans that are the same idea, a translation branch that answered in the source language.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

from evaluators import embedding
from evaluators.base import ComparisonCase, ScoreValue
from evaluators.language import detect_language
from evaluators.text import distinct_n, has_list_form, split_items, tokenize

# Two branch answers at least this similar (cosine) count as the same idea.
DUPLICATE_THRESHOLD = 0.9


class StructureScorer:
    """Item counts, answered items, list form; diversity for repeated generation; language for translation."""

    name = "structure"
    version = "1"

    def __init__(self, duplicate_threshold: float = DUPLICATE_THRESHOLD, embedding_precision: str = "auto") -> None:
        self.duplicate_threshold = duplicate_threshold
        self.precision = embedding.resolve_precision(embedding_precision)

    def score_batch(self, cases: list[ComparisonCase]) -> list[list[ScoreValue]]:
        serial_items = [split_items(case.serial_answer) for case in cases]
        repeated = [case.is_repeated_generation for case in cases]
        vectors = embedding.encode([text for case, rep in zip(cases, repeated) if rep
                                    for text in case.branch_answers if text.strip()],
                                   self.precision) if any(repeated) else {}
        results: list[list[ScoreValue]] = []
        for case, items, rep in zip(cases, serial_items, repeated):
            values = [*self._counts(case, items), self._list_form(case)]
            if rep:
                values.extend(self._diversity(case, items, vectors))
            if case.is_translation:
                values.append(self._language(case))
            results.append(values)
        return results

    def _counts(self, case: ComparisonCase, serial_items: list[str]) -> list[ScoreValue]:
        expected = case.expected_items
        if expected == 0:
            why = {"reason": "the schema gives neither data nor n", "serial_items": len(serial_items)}
            return [ScoreValue("item_count_agreement", None, why)]
        found = len(serial_items)
        missing_branches = [idx for idx in range(expected)
                            if idx >= len(case.branch_answers) or not case.branch_answers[idx].strip()]
        serial_details = {"serial_items": found, "expected_items": expected,
                          "missing_serial_items": max(expected - found, 0),
                          "extra_serial_items": max(found - expected, 0)}
        branch_details = {"expected_items": expected, "missing_branches": missing_branches,
                          "missing_data_items": [case.data[idx] for idx in missing_branches] if case.data else []}
        return [
            ScoreValue("item_count_agreement", min(found, expected) / max(found, expected) if found else 0.0,
                       serial_details),
            ScoreValue("serial_items_answered", min(found, expected) / expected, serial_details),
            ScoreValue("branches_answered", (expected - len(missing_branches)) / expected, branch_details),
        ]

    @staticmethod
    def _list_form(case: ComparisonCase) -> ScoreValue:
        serial_list = has_list_form(case.serial_answer)
        parallel_list = has_list_form(case.aggregated_answer)
        kept = parallel_list or not serial_list
        return ScoreValue("list_form_kept", 1.0 if kept else 0.0,
                          {"serial_is_list": serial_list, "parallel_is_list": parallel_list})

    def _diversity(self, case: ComparisonCase, serial_items: list[str],
                   vectors: dict[str, np.ndarray]) -> list[ScoreValue]:
        answers = [(idx, text) for idx, text in enumerate(case.branch_answers) if text.strip()]
        if len(answers) < 2:
            why = {"reason": "fewer than two branch answers"}
            return [ScoreValue("duplicate_branches", None, why), ScoreValue("branch_diversity", None, why)]
        duplicates: list[dict[str, float | int]] = []
        similarities: list[float] = []
        for (i, first), (j, second) in combinations(answers, 2):
            same_words = tokenize(first) == tokenize(second)
            similarity = 1.0 if same_words else embedding.cosine(vectors[first], vectors[second])
            similarities.append(similarity)
            if similarity >= self.duplicate_threshold:
                duplicates.append({"branch": j, "duplicate_of": i, "similarity": round(similarity, 4)})
        repeated_branches = {int(entry["branch"]) for entry in duplicates}
        texts = [text for _, text in answers]
        details = {"duplicates": duplicates, "threshold": self.duplicate_threshold,
                   "mean_pairwise_similarity": float(np.mean(similarities)),
                   "distinct_1": distinct_n(texts, 1), "distinct_2": distinct_n(texts, 2),
                   "serial_distinct_1": distinct_n(serial_items, 1), "serial_distinct_2": distinct_n(serial_items, 2)}
        return [
            ScoreValue("duplicate_branches", len(repeated_branches) / len(answers), details),
            ScoreValue("branch_diversity", 1.0 - float(np.mean(similarities)), details),
            ScoreValue("distinct_2", details["distinct_2"], details),
        ]

    @staticmethod
    def _language(case: ComparisonCase) -> ScoreValue:
        serial_language = detect_language(case.serial_answer)
        target = case.target_language or serial_language
        detected = [detect_language(answer) if answer.strip() else None for answer in case.branch_answers]
        details = {"target_language": target, "target_from": "prompt" if case.target_language else "serial answer",
                   "serial_language": serial_language, "branch_languages": detected}
        if target is None:
            return ScoreValue("language_match", None, {**details, "reason": "target language unknown"})
        known = [(idx, language) for idx, language in enumerate(detected) if language is not None]
        details["wrong_language_branches"] = [idx for idx, language in known if language != target]
        details["undetected_branches"] = [idx for idx, language in enumerate(detected) if language is None]
        if not known:
            return ScoreValue("language_match", None, {**details, "reason": "no branch language detected"})
        return ScoreValue("language_match", sum(language == target for _, language in known) / len(known), details)
