"""Inline lists ("a, b and c", semicolons, quoted runs) under a per-item task."""

from __future__ import annotations

import pytest

from tests.studio.curation.rules.support import accepted, rejected


@pytest.mark.parametrize(("text", "items", "category"), [
    ("Translate 'hello', 'goodbye' and 'thank you' into Spanish.", ["hello", "goodbye", "thank you"],
     "Translation"),
    ("What are the capitals of France, Germany and Italy?", ["France", "Germany", "Italy"], "Question Answering"),
    ("Correct the grammar: she go to school; he have a dog; they is happy",
     ["she go to school", "he have a dog", "they is happy"], "Language Correction"),
    ("Übersetze ins Englische: „Guten Morgen“, „Danke“ und „Tschüss“", ["Guten Morgen", "Danke", "Tschüss"],
     "Translation"),
    ("Write a limerick for each of these animals: a cat, a dog, a parrot and a goldfish.",
     ["a cat", "a dog", "a parrot", "a goldfish"], "Repeated Generation"),
    ('Translate "good morning", "good night" and "see you tomorrow" into Italian',
     ["good morning", "good night", "see you tomorrow"], "Translation"),
    ("Write a short poem about each of these seasons: spring, summer, autumn and winter.",
     ["spring", "summer", "autumn", "winter"], "Repeated Generation"),
])
def test_inline_lists(text: str, items: list[str], category: str) -> None:
    schema = accepted(text)
    assert schema.data == items and schema.category == category


@pytest.mark.parametrize(("text", "items"), [
    ("What are the pros and cons of cats, dogs and rabbits as pets?", ["cats", "dogs", "rabbits"]),
    ("Quais são as capitais do Peru, da Bolívia e do Chile?", ["Peru", "Bolívia", "Chile"]),
    ("Quelle est la monnaie de l'Italie, du Japon et de la Suède ?", ["Italie", "Japon", "la Suède"]),
    ("How do you say 'good night' in German, Dutch and Swedish?", ["German", "Dutch", "Swedish"]),
])
def test_inline_list_edges_are_trimmed(text: str, items: list[str]) -> None:
    assert accepted(text).data == items


def test_quoted_questions_are_one_list_not_a_question_run() -> None:
    text = "Translate into French: 'Where is the bank?', 'How much is it?' and 'Is it far?'"
    schema = accepted(text)
    assert schema.category == "Translation"
    assert schema.data == ["Where is the bank?", "How much is it?", "Is it far?"]


@pytest.mark.parametrize("text", [
    "Write a story that includes the following words: dragon, castle and moon.",
    "Write a story about a dragon, a knight and a princess.",
    "I have the following ingredients: eggs, flour, milk and sugar. What can I bake?",
    "Rank these movies from best to worst: Titanic, Avatar, Alien",
    "Compare Python, Java and Go.",
    "Sort these numbers: 5, 3, 9, 1",
    "Fix the grammar in this paragraph: me and him goes to school, we likes it, and after we eats lunch.",
])
def test_one_task_over_a_list_is_not_parallel(text: str) -> None:
    rejected(text, "en")


def test_an_inline_list_longer_than_the_branch_limit_is_data_not_tasks() -> None:
    from studio.curation.rules import MAX_BRANCHES

    words = [f"w{i}x" for i in range(MAX_BRANCHES + 1)]
    rejected("Translate these words into German: " + ", ".join(words) + ".")
    rejected("Translate into German: " + ", ".join(f"'{word}'" for word in words))
    assert len(accepted("Translate these words into German: " + ", ".join(words[:50]) + ".").data) == 50
