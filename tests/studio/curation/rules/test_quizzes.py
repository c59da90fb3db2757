"""Quizzes: several multiple-choice questions, each with its own options, are one item per question."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from studio.curation.rules import extract_rules
from tests.studio.curation.rules.support import LABEL_AND_NUMBER, assert_matches_alike, plain_form, proposed, rejected

_EXAM = (
    "12 A hospital wants to know how long patients wait before triage. Collecting the arrival and triage times "
    "of every patient for one month is an example of:\n"
    "a. Retrospective review\nb. Prospective data collection\n\nc. Case-control design\nd. Meta-analysis\n\n"
    "13 Which of the following is a measure of central tendency?\n"
    "a. Range\nb. Median\nc. Variance\nd. Standard deviation\n\n"
    "14 The main purpose of a data dictionary is to\n"
    "a. store backups\nb. define each data element\nc. encrypt records\nd. speed up queries")


def test_numbered_exam_questions_with_their_options_are_one_item_each() -> None:
    schema = proposed(_EXAM, "en")
    assert schema.category == "Question Answering"
    assert schema.data is not None and len(schema.data) == 3
    first, second, third = schema.data
    assert first.startswith("A hospital wants") and first.endswith("d. Meta-analysis")  # options after a blank line
    assert second.startswith("Which of the following is a measure") and second.endswith("d. Standard deviation")
    assert third.startswith("The main purpose") and third.endswith("d. speed up queries")
    assert all(item in _EXAM for item in schema.data)


def test_quiz_questions_under_a_request_keep_the_request_out_of_the_items() -> None:
    text = ("Check my answers to the quiz below and fill in any that are missing\n"
            "**What should a usability test measure first?**\nA) Task success\nB) Page colours\nC) Server load\n\n"
            "Answer: A) Task success\n\n"
            "**When is a think-aloud session most useful?**\nA) After launch only\nB) While users try a prototype\n"
            "C) Never\n\n"
            "**Who should take part in a usability test?**\nA) The designers\nB) Real or likely users\nC) Investors")
    schema = proposed(text, "en")
    assert schema.category == "Question Answering"
    assert schema.data is not None and [item.split("**")[0] for item in schema.data] == [
        "What should a usability test measure first?", "When is a think-aloud session most useful?",
        "Who should take part in a usability test?"]
    assert "Check my answers" in (schema.template or "")


def test_a_passage_before_the_questions_is_their_context() -> None:
    passage = ("The honeybee colony survives the winter by forming a tight cluster around the queen. Workers on the "
               "inside shiver their flight muscles to make heat, while those on the outside form an insulating "
               "shell. The colony rotates so that no bee stays on the cold outer layer for long, and the cluster "
               "slowly moves across the comb to reach stored honey. A colony that runs out of honey within reach "
               "can starve even when food remains a few centimetres away.")
    text = (passage + "\n\n1. The passage is mainly about\n(A) how bees make honey\n(B) how a colony keeps warm\n"
            "(C) how queens are chosen\n\n2. According to the passage, a colony can starve when\n(A) it is too warm\n"
            "(B) the queen leaves\n(C) its honey is out of reach")
    schema = proposed(text, "en")
    assert schema.category == "Reading Comprehension" and schema.context == passage
    assert schema.data is not None and len(schema.data) == 2


def test_an_outline_with_lettered_points_is_not_a_quiz() -> None:
    text = ("Please review my essay outline:\n\nI. Introduction\na. Hook about city noise\nb. Thesis statement\n\n"
            "II. Causes of noise\na. Traffic\nb. Construction\nc. Nightlife\n\n"
            "III. Effects on health\na. Sleep loss\nb. Stress")
    schema = extract_rules(text, language="en")
    assert not any(reason.rule == "list.quiz" for reason in schema.reasons)


def test_one_question_with_options_stays_one_task() -> None:
    rejected("Which of the following is a measure of spread?\na. Mean\nb. Median\nc. Variance\nd. Mode", "en")


def test_label_first_characters_cover_every_case_folded_start() -> None:
    """The set tried at each line break before the labels holds every character a label can start with, case folded
    (all of Unicode): the pre-check cannot miss a label line."""
    from studio.curation.rules.quizzes import _LABEL_FIRSTS, _QUESTION_LABEL
    labels = re.match(r"\(\?:([^)]*)\)", _QUESTION_LABEL).group(1).split("|")  # type: ignore[union-attr]
    starts = re.compile("|".join(sorted({label[0] for label in labels})), re.IGNORECASE)
    assert {chr(code) for code in range(sys.maxunicode + 1) if starts.match(chr(code))} <= set(_LABEL_FIRSTS)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["\n", " ", "\t", "*", "#", "2.", "1", "3", "Question", "q", "PERTANYAAN", "Frage",
                                 "pregunta", "(1 point)", "x"]), max_size=20).map("".join))
@example("\n2.\nQuestion 1\n**Pertanyaan #2**\n3.\n  frage 3 (2 points)\n")
def test_label_pre_check_finds_what_the_full_form_finds(text: str) -> None:
    from studio.curation.rules.quizzes import _LABEL_FIRSTS, _LABEL_LINE
    full = re.compile(_LABEL_LINE.pattern.replace(r"(?=[\d" + _LABEL_FIRSTS + "])", ""), re.IGNORECASE)
    assert full.pattern != _LABEL_LINE.pattern
    assert [(m.span(), m.group(1)) for m in _LABEL_LINE.finditer(text)] == [
        (m.span(), m.group(1)) for m in full.finditer(text)]


@pytest.mark.parametrize("text", [
    "Please answer.\n\nquestion 1\nWhich planet is closest to the sun?\n\nquestion 2\nWhich gas do plants take in?"
    "\n\nquestion 3\nWhat melts at zero degrees Celsius?",
    "Please answer.\n\nQUESTION 1\nWhich planet is closest to the sun?\n\nQUESTION 2\nWhich gas do plants take in?",
])
def test_lower_and_upper_case_question_labels_are_tried(text: str) -> None:
    schema = proposed(text, "en")
    assert schema.data is not None and schema.data[0] == "Which planet is closest to the sun?"
    assert all("question" not in item.casefold() for item in schema.data)


@pytest.mark.parametrize("label", ["question", "Question", "q"])
def test_a_label_line_before_each_stem_with_options_is_left_out(label: str) -> None:
    text = (f"Pick the right answers.\n{label} 1\nWhich river flows through Cairo?\na) Nile\nb) Danube\n\n"
            f"{label} 2\nWhich metal is liquid at room temperature?\na) Iron\nb) Mercury")
    schema = proposed(text, "en")
    assert schema.data == ["Which river flows through Cairo?\na) Nile\nb) Danube",
                           "Which metal is liquid at room temperature?\na) Iron\nb) Mercury"]
    assert schema.template is not None and f"{label} 1" not in schema.template


@pytest.mark.parametrize("text", [
    # one question with its options, under a lower-case label
    "question 1\nWhich river flows through Cairo?\na) Nile\nb) Danube\nc) Seine",
    # labels out of order: not one quiz
    "Notes.\n\nquestion 3\nWhat did we decide about the budget?\n\nquestion 1\nWho books the venue?",
])
def test_lower_case_labels_that_make_no_quiz(text: str) -> None:
    rejected(text, "en")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["\n", " ", "q", "Q", "QUESTION", "pregunta", "FRAGE", "Pertanyaan", "2", "1",
                                 "#", "x"]), max_size=16).map("".join))
def test_label_hint_holds_for_every_label_line(text: str) -> None:
    """The cheap pre-check of `from_labelled_questions` lets through every text in which a label line occurs."""
    from studio.curation.rules.quizzes import _LABEL_AND_NUMBER, _LABEL_HINT, _LABEL_LINE
    if _LABEL_LINE.search("\n" + text):
        assert any(hint in text.lower() for hint in _LABEL_HINT)
        assert _LABEL_AND_NUMBER.search(text.lower())  # (the sampled texts are ASCII)



@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["\n", " ", "   ", "\t", "*", "#", "q", "Q", "Question", "pregunta", "1", "2", "12.",
                                 "(1 point)", "(2 points)", "options", ":", "x"]), max_size=16).map("".join))
@example("\nQuestion #   1   \t (1 point)  \n")
def test_the_possessive_label_patterns_match_as_plain_ones(text: str) -> None:
    """No run of blanks or marks in them gives back a character the token after it could start with: the same
    matches, a long run read once."""
    from studio.curation.rules.quizzes import _FIRST_OPTIONS, _LABEL_LINE

    for pattern in (_LABEL_LINE, _FIRST_OPTIONS, LABEL_AND_NUMBER):
        assert_matches_alike(pattern, plain_form(pattern), text)
