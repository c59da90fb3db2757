"""Passages beside questions or fields become the context (Reading Comprehension, extraction)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.curation.rules import extract_rules
from studio.curation.rules.passages import _PASSAGE_LABEL, instruction_region, passage_label
from studio.curation.validator import structural_validation
from tests.studio.curation.rules.support import accepted, proposed, rejected


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


_ARTICLE = ("The port authority approved a new container terminal on Tuesday. Construction starts in spring, will "
            "cost 310 million euros, and should double the number of ships the harbour can handle by 2030, "
            "according to the chairwoman, Ines Duarte, who spoke to reporters after the vote.")


def test_the_instruction_ends_where_a_pasted_passage_starts() -> None:
    for text, instruction in [
        (f"Summarize the article below in two sentences:\n{_ARTICLE}", "Summarize the article below in two "
                                                                        "sentences:"),
        (f"Translate into French.\n\n{_ARTICLE}", "Translate into French."),
        (f"{_ARTICLE}\n\nWhat does the chairwoman expect?", "What does the chairwoman expect?"),
        (f'Explain this quote: "{_ARTICLE}"', "Explain this quote: "),
        ("Fix this code:\n```\nprint(1, 2, 3)\n```", "Fix this code:\n"),
        ("Classify the sentiment.\nSentence: I loved the food, the staff and the view.", "Classify the sentiment.\n"),
        ("Give me three names for a cat, a dog and a parrot.", "Give me three names for a cat, a dog and a parrot."),
    ]:
        start, end = instruction_region(text)
        assert text[start:end] == instruction


def test_a_list_inside_the_passage_is_its_content() -> None:
    rejected(f"Summarize this in one line.\n\n{_ARTICLE} Shareholders include Maersk, MSC, CMA CGM and Cosco.")


_LABEL_PIECES = ["Text:", " text: ", "\n", "\n\n", "the ", "passage", "Passage：", "x", " ", "\t", ":", "文章:", "\r"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_LABEL_PIECES), max_size=12).map("".join), st.data())
def test_a_passage_label_tried_at_line_starts_is_the_first_a_scan_finds(text: str, data: st.DataObject) -> None:
    pos = data.draw(st.integers(0, len(text)))
    endpos = data.draw(st.none() | st.integers(0, len(text) + 2))
    scanned = _PASSAGE_LABEL.search(text, pos) if endpos is None else _PASSAGE_LABEL.search(text, pos, endpos)
    found = passage_label(text, pos, endpos)
    assert (found and found.span()) == (scanned and scanned.span())


@pytest.mark.parametrize(("text", "context"), [
    ("Extract these fields from the message below:\n1. sender\n2. city\n3. date\n\nMessage: Lars in Bergen, 5 June.",
     "Lars in Bergen, 5 June."),
    ("Please extract the following:\n- product\n- price\n- seller\n\nThe Orbit kettle sells for 39 EUR at Hollow Lane "
     "Stores.", "The Orbit kettle sells for 39 EUR at Hollow Lane Stores."),
])
def test_a_short_text_after_a_list_of_fields_to_extract_is_the_context(text: str, context: str) -> None:
    schema = proposed(text, "en")
    assert schema.context == context and schema.category == "Keyword Extraction"
    assert schema.data is not None and len(schema.data) == 3


@pytest.mark.parametrize("text", [
    # a list of options, no extraction asked
    "Here is an example of a list field:\n1) Red\n2) Blue\n3) Green\n\nIt keeps the order in which the options came.",
    # an extraction request whose short list is followed only by an output instruction
    "Extract the following from the contract I will paste next:\n1. parties\n2. term\n3. fee\n\nAnswer in JSON.",
])
def test_a_short_text_after_a_short_list_that_is_no_field_extraction(text: str) -> None:
    schema = structural_validation(extract_rules(text, language="en"), text)
    assert not (schema.parallelizable and schema.tier in ("high", "medium") and schema.context)
