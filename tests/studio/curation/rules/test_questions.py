"""Several independent questions in a row."""

from __future__ import annotations

import pytest

from tests.studio.curation.rules.support import accepted, rejected


def test_several_questions_in_a_row() -> None:
    text = "What is the boiling point of water? Who wrote Hamlet? How far is the Moon from Earth?"
    schema = accepted(text)
    assert schema.category == "Question Answering" and len(schema.data) == 3 and schema.tier == "high"
    assert schema.novel_category  # Question Answering is not one of the seven ParallelPrompt categories


@pytest.mark.parametrize("text", [
    "What is Python? Why is it popular?",
    "What is the capital of Australia? What currency do they use? What language is spoken there?",
    "Is it safe to eat raw cookie dough? I always do it but my mom says it's bad. What do you think?",
])
def test_questions_that_point_back_or_are_one_question_stay_together(text: str) -> None:
    rejected(text, "en")


def test_questions_marked_only_q_dot_are_found() -> None:
    text = ("Answer the questions about the text.\nQ. Who wrote the letter?\nQ. When was it sent?\n"
            "Q. Why was it returned?\nText: The letter was written by Anna in 1921 and sent to her brother in "
            "Boston, but it came back because the address had changed.")
    schema = accepted(text)
    assert schema.category == "Reading Comprehension" and schema.tier == "high"
    assert schema.data == ["Who wrote the letter?", "When was it sent?", "Why was it returned?"]
    assert schema.context.startswith("The letter was written by Anna")
