"""`high` needs markers that really separate the items: bullets under questions, `>` quote lines, bare lines
without a per-item task and quoted terms stay proposals (`medium`); numbered questions and tasks over lines stay
`high`."""

from __future__ import annotations

import pytest
from studio.curation.rules import extract_rules
from studio.curation.validator import validate_schema

from tests.studio.curation.rules.support import accepted


def tier_of(text: str) -> str | None:
    schema = validate_schema(extract_rules(text), text)
    return schema.tier if schema.parallelizable else None


@pytest.mark.parametrize("text", [
    # bullets breaking one inquiry into its aspects
    "I am moving my small web shop from shared hosting to a VPS and I am unsure about the database.\n\n"
    "* Should the database live on the same machine as the web server?\n"
    "* How often do people usually take backups?\n"
    "* Is a managed database worth the price for a shop this size?",
    "Quelques questions sur les tableaux en Python :\n- Pourquoi les listes sont-elles lentes ?\n"
    "- Quand faut-il utiliser numpy ?\n- Est-ce que pandas est plus rapide ?",
    # lines of one quoted text
    "What does this verse from an old sea shanty mean?\n> Haul away the anchor, boys\n"
    "> The tide is turning home\n> We leave the harbour lights behind",
    # lines of one text, no per-item task
    "I get the following output when I build the project:\n\nerror: cannot find symbol\n"
    "  symbol: class Widget\n  location: package ui.components",
])
def test_doubtful_markers_are_not_high(text: str) -> None:
    assert tier_of(text) != "high"


def test_quoted_terms_are_not_high() -> None:
    assert tier_of("My tea shop sells both 'Sencha' and 'Matcha'? What do those two names mean and why do prices "
                   "differ so much between them?") != "high"


def test_numbered_questions_stay_high() -> None:
    schema = accepted("Answer the following questions:\n1. What is the boiling point of water at sea level?\n"
                      "2. Who painted the Mona Lisa?\n3. How many legs does a spider have?")
    assert schema.tier == "high" and len(schema.data or []) == 3


def test_lines_under_a_per_item_task_stay_high() -> None:
    schema = accepted("Translate the following words into German:\nwindow\nkitchen\numbrella\nbicycle")
    assert schema.tier == "high" and schema.category == "Translation"

