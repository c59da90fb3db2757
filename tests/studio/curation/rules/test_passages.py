"""Passages beside questions or fields become the context (Reading Comprehension, extraction)."""

from __future__ import annotations

from tests.studio.curation.rules.support import accepted


def test_passage_and_questions_become_reading_comprehension() -> None:
    passage = ("The Amazon rainforest covers much of the Amazon basin of South America. The basin encompasses "
               "seven million square kilometres, of which five and a half million are covered by the rainforest.")
    text = (f"Read the passage and answer the questions.\n\nPassage: {passage}\n\nQuestions:\n"
            "1. How large is the basin?\n2. How much of it is rainforest?")
    schema = accepted(text)
    assert schema.category == "Reading Comprehension" and schema.context == passage
    assert schema.data == ["How large is the basin?", "How much of it is rainforest?"]
    assert schema.template.index("{context}") < schema.template.index("{data}")
    start, end = next(r.span for r in schema.reasons if r.rule == "passage.context")
    assert text[start:end] == passage


def test_unlabelled_paragraph_before_numbered_questions() -> None:
    passage = ("The Great Barrier Reef is the world's largest coral reef system, composed of over 2,900 individual "
               "reefs and 900 islands stretching for over 2,300 kilometres. It is located in the Coral Sea, off the "
               "coast of Queensland, Australia, and can be seen from outer space.")
    text = (f"Read the following passage and answer the questions below.\n\n{passage}\n\n"
            "1. How many individual reefs make up the Great Barrier Reef?\n2. Where is the reef located?\n"
            "3. Can it be seen from space?")
    schema = accepted(text)
    assert schema.category == "Reading Comprehension" and schema.context == passage and len(schema.data) == 3


def test_questions_after_a_label_lose_the_label() -> None:
    passage = ("The lighthouse was built in 1872 on a rock two miles from the coast. Its keeper lived there alone "
               "for thirty years and kept a diary of every storm that passed.")
    text = f"{passage}\n\nQuestions: When was the lighthouse built? How long did the keeper live there?"
    schema = accepted(text)
    assert schema.category == "Reading Comprehension" and schema.context == passage
    assert schema.data == ["When was the lighthouse built?", "How long did the keeper live there?"]
