"""Several independent questions in a row."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from studio.curation.lexicon.words import QUESTION_WORDS_START
from studio.curation.rules import extract_rules
from studio.curation.rules.questions import (
    _NUMBERED_EXAM, _SENTENCE, _lines_from_the_end, _questions_until_a_break, _sentences_from_the_end,
    _statements_before, from_exam_lines, from_question_lines, from_questions_after_passage,
    from_questions_before_passage, from_questions_before_text, from_questions_cut_by_marks,
)
from tests.studio.curation.rules.support import (
    accepted, assert_matches_alike, not_proposed, plain_form, proposed, rejected,
)


def test_several_questions_in_a_row() -> None:
    text = "What is the boiling point of water? Who wrote Hamlet? How far is the Moon from Earth?"
    schema = accepted(text)
    assert schema.category == "Question Answering" and len(schema.data) == 3
    assert schema.tier == "medium"  # question marks alone are not explicit markers: numbered questions are high
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


@pytest.mark.parametrize("text", [
    # a follow-up that continues the question before
    "Can a plant grow without soil? If so, what does it need instead?",
    "Is remote work here to stay? And if not, what will replace it?",
    "¿Cuál es el río más largo de Europa? ¿Y el más corto?",
    "What is the tallest mountain in Africa? Also, how long does it take to climb?",
    # elliptical or pointing back
    "What is the Krebs cycle? What molecules take part? Who discovered this?",
    "Quelle est la capitale du Canada ? Combien d'habitants compte-t-elle ? Qui l'a fondée ?",
    "量子纠缠是什么？这个现象有什么应用？它能用来通信吗？",
    # questions about a situation the prompt describes
    "I just moved to a flat with a tiny balcony and want to grow vegetables. Which ones grow well in pots? "
    "How often should I water them? Do they need full sun?",
    # two questions in a row are one inquiry more often than not
    "Why do cats purr? Do big cats like lions purr as well?",
    # a role-play set-up
    "I want you to act as a historian. Who built the pyramids of Giza? How long did it take to build them? "
    "What tools did the builders use?",
    # a joke or dialogue: its questions are part of the text
    "A man walks into a library and asks the librarian for books about paranoia. The librarian leans over and "
    "whispers quietly, looking around the empty room before she answers him in a very low voice.\n\n"
    "The man asks, Why are you whispering?\n\nShe says, Are they listening?\n\nHe asks, Who do you mean?",
    # the brief of one written piece
    "Draft an outline of h2 headings for a blog post about home composting, with a word count for each part. The "
    "outline should answer the questions: Why compost at home? What can go in the bin? How long does compost take? "
    "Which bins work in a flat?",
])
def test_questions_that_are_one_inquiry(text: str) -> None:
    rejected(text)


_TULIPS = "Please answer these questions: What is the best time to plant tulips in Ohio? How deep should tulip bulbs go?"


@pytest.mark.parametrize("text", [
    # a later question narrowing the one before: one request, refined
    "Could you suggest some more team names? Something a bit more playful and short? Maybe also with a pun?",
    _TULIPS + " Perhaps also which fertiliser suits tulips?",
    # one-word "questions": the options of the first one, or a bare "Why?"
    "Which of these two hooks should we call first? useEffect()? useMemo()?",
    _TULIPS + " Why?",
])
def test_questions_narrowing_or_options_of_the_one_before_are_one_question(text: str) -> None:
    not_proposed(text)


def test_positive_control_of_the_narrowing_refusal_full_questions_stay_items() -> None:
    assert proposed(_TULIPS + " Which fertiliser suits tulips?").data == [
        "What is the best time to plant tulips in Ohio?", "How deep should tulip bulbs go?",
        "Which fertiliser suits tulips?"]


@pytest.mark.parametrize(("text", "items"), [
    ("Who painted the ceiling of the Sistine Chapel? What is the chemical formula of table salt? "
     "How many moons does Mars have?",
     ["Who painted the ceiling of the Sistine Chapel?", "What is the chemical formula of table salt?",
      "How many moons does Mars have?"]),
    ("Please answer the following questions: What causes tides on Earth? Why is the sky blue?",
     ["What causes tides on Earth?", "Why is the sky blue?"]),
    ('I run a small bakery. My questions are as follows: "How should I price custom cakes?", "Which '
     'payment apps do small shops use?", and "Do I need insurance for deliveries?"',
     ["How should I price custom cakes?", "Which payment apps do small shops use?",
      "Do I need insurance for deliveries?"]),
])
def test_independent_questions_are_items(text: str, items: list[str]) -> None:
    schema = accepted(text)
    assert schema.data == items and schema.category == "Question Answering"


@pytest.mark.parametrize(("text", "template"), [
    ("What is photosynthesis? Why do leaves change colour in autumn? How do bees make honey?\nexplain like I am ten",
     "{data}\n\nexplain like I am ten"),
    ("Define machine learning? Explain the link between data mining and statistics?\nexplain as if i am a student",
     "{data}\n\nexplain as if i am a student"),
])
def test_a_line_after_the_questions_reaches_every_branch(text: str, template: str) -> None:
    """A short closing line after the run is how every answer should be written: the template keeps it (a real
    turn's branches were sent the two questions without "explain as if iam a student")."""
    assert proposed(text).template == template


_KETTLE_GUIDE = ("KETTLE K2 - QUICK GUIDE\nBlue light flashing: the kettle is not seated on its base. Lift it and set "
                 "it down again.\nRed light steady: the kettle boiled dry. Unplug it and let it cool for ten minutes."
                 "\nWater tastes of metal: descale with citric acid once a month.\nWarranty: 2 years; damage from "
                 "boiling dry is not covered.")


def test_a_hurried_question_may_put_its_question_after_its_topic() -> None:
    """Rules 2.107: "red light steady what does it mean", "water tastes of metal what to do": questions without a
    mark, their question after their topic, numbered on one line under a manual's text."""
    schema = proposed(_KETTLE_GUIDE + "\n\n1) red light steady what does it mean 2) how do i descale it 3) water tastes"
                      " of metal what to do 4) is boiling dry covered by warranty")
    assert schema.category == "Reading Comprehension" and schema.context == _KETTLE_GUIDE
    assert schema.data == ["red light steady what does it mean", "how do i descale it",
                           "water tastes of metal what to do", "is boiling dry covered by warranty"]


def test_questions_about_a_passage_may_be_joined_by_and() -> None:
    passage = ('"Otters keep warm with very dense fur rather than blubber. They groom it constantly to trap air '
               'bubbles, and they eat up to a quarter of their body weight each day to fuel their metabolism."')
    schema = accepted(f"{passage}\n\nFrom the passage: how do otters keep warm? and how much do they eat?")
    assert schema.category == "Reading Comprehension"
    assert schema.data == ["how do otters keep warm?", "how much do they eat?"]


_LIGHTHOUSE = ("这座灯塔建于1876年，位于海湾北侧的岩石上。最初使用煤油灯照明，1952年改为电灯。"
               "灯塔高三十二米，游客可以在夏季登上顶部参观。二〇一〇年起它由当地博物馆管理。")
_LIBRARY = ("小镇的图书馆建于1921年，最初只有两间阅览室。1985年图书馆搬到了河边的新楼，藏书增加到五万册。"
            "现在图书馆每周开放六天，周一闭馆，每年夏天还会举办儿童读书节。")


@pytest.mark.parametrize(("text", "passage", "items"), [
    # "问题：" ("Questions:") opens the line of questions after the text
    (f"{_LIGHTHOUSE}\n\n问题：灯塔是哪一年建成的？ 它什么时候改用电灯？ 灯塔有多高？", _LIGHTHOUSE,
     ["灯塔是哪一年建成的？", "它什么时候改用电灯？", "灯塔有多高？"]),
    # a lead naming the text by a CJK noun ("文章"), the text after the questions: cut off, the lead still names it
    (f"请阅读下面的文章，然后回答：图书馆是哪一年建的？ 它哪一年搬到了新楼？ 图书馆哪天闭馆？\n\n{_LIBRARY}", _LIBRARY,
     ["图书馆是哪一年建的？", "它哪一年搬到了新楼？", "图书馆哪天闭馆？"]),
])
def test_cjk_questions_after_a_colon_on_one_line(text: str, passage: str, items: list[str]) -> None:
    """Rules 2.72: a CJK label or lead is cut off the first question at its colon, as "Questions:" is in English,
    though no blank follows the colon."""
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and schema.context == passage and schema.data == items


def test_an_object_pronoun_after_the_question_word_points_back() -> None:
    rejected("Quelle est la plus vieille horloge du monde ? Quels matériaux utilise-t-elle ? Qui l'a construite ?")


def test_quoted_questions_one_to_a_line_are_a_list() -> None:
    text = ('"How do I start running if I have never done it before?"\n"What shoes are best for flat feet?"\n'
            '"How often should beginners rest, and why do they need it?"')
    schema = accepted(text)
    assert len(schema.data) == 3 and schema.data[0].startswith("How do I start running")


_SENTENCE_PIECES = ["What is it?", " ", "\n", "\n\n", "It is.", "?!", '?"', "”", "»)", "。", "？", "x" * 30, "\t",
                    "Why" + " so" * 40 + "?"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_SENTENCE_PIECES), min_size=20, max_size=300).map("".join))
def test_sentences_from_the_end_are_those_of_a_scan_of_the_whole_text(text: str) -> None:
    scan = [match.span() for match in _SENTENCE.finditer(text) if not match.group().isspace()]
    assert list(_sentences_from_the_end(text)) == scan[::-1]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*_SENTENCE_PIECES, "\r", "\u2028", "\u3000", " \n "]), max_size=60).map("".join)
       | st.lists(st.sampled_from(["\n", "\n" * 70, " ", "\t" * 90, "\r", "\u3000", "x", "Calculate it?"]),
                  max_size=30).map(lambda pieces: "".join(pieces) * 20))
@example("\n" * 5_000)
@example("a" + " \n" * 3_000 + "b\n\n")
@example("\n\t \n" * 1_000 + "x \u3000\n" + "\r\n" * 1_000)
def test_lines_from_the_end_are_the_non_blank_lines_of_the_text_last_first(text: str) -> None:
    """The lines a scan finds, also across long runs of blank lines (stepped over at once since session 27)."""
    lines = [match.span() for match in re.finditer(r"[^\n]+", text) if match.group().strip()]
    assert list(_lines_from_the_end(text)) == lines[::-1]


def test_lines_of_questions_and_nothing_else_are_one_item_per_line() -> None:
    text = ("Does the charity publish audited accounts every year? Where can they be found?\n"
            "Is there an independent board that approves the budget?\n"
            "Which share of donations goes to programmes rather than fundraising? (Give the latest figure.)\n"
            "Was the charity investigated by a regulator in the last five years?")
    schema = proposed(text, "en")
    assert schema.category == "Question Answering"
    assert schema.data == [line for line in text.split("\n")]


def test_lines_of_questions_without_their_marks_told_by_word_order() -> None:
    text = ("Does the library lend e-readers\nHow many books can a member borrow at once\n"
            "Which branches are open on Sundays\nIs there a fee for late returns")
    schema = proposed(text, "en")
    assert schema.category == "Question Answering" and schema.data == text.split("\n")


@pytest.mark.parametrize("text", [
    "Why choose us\nWhat we offer\nHow it works\nWhere to find us",  # a page's headings
    "What we do\nWho we are\nWhen the shop opens on holidays\nHow the loyalty card works",
])
def test_headings_opened_by_question_words_are_no_question_lines(text: str) -> None:
    assert from_question_lines(text) is None


def test_lines_of_questions_after_a_request_or_with_a_statement_are_not_question_lines() -> None:
    assert from_question_lines("Can you turn these into ad hooks?\nAre your files a mess?\nDo you lose invoices?\n"
                               "Is tax season a nightmare?") is None
    assert from_question_lines("Is the API rate limited?\nWe call it every second.\nDoes it cache results?\n"
                               "What happens on a timeout?") is None
    assert from_question_lines("Is it fast?\nIs it cheap?") is None


_TENANT = ("As a first-time tenant I look at flats on many websites and through many agents. Every agent sends photos "
           "by chat, and after a week I can no longer tell which flat belongs to which street, which agent showed "
           "it, what the rent is and whether the owner accepts pets. I keep notes on paper, but they get lost and the "
           "agents call at all hours.")
_TENANT_QUESTIONS = ("How can I keep track of every flat I saw? Which agent showed me which flat? Is the rent still "
                     "open to negotiation?")


# Session 16, round 2: beside a passage, an instruction asking for one piece of work on it makes its questions
# material (the user's own questions inside a problem statement, a text to improve).
@pytest.mark.parametrize("instruction", [
    "Here is my problem statement; based on it, please design a workflow for an app.",
    "Help me improve the text below.",
    "Please help me with the following problem; tell me plainly when you are unsure.",
])
def test_questions_beside_a_passage_for_another_task_are_material(instruction: str) -> None:
    rejected(f"{instruction}\n\n{_TENANT}\n\n{_TENANT_QUESTIONS}", "en")


def test_questions_beside_a_passage_to_answer_stay_items() -> None:
    text = (f"Read the text and answer the questions.\n\n{_TENANT}\n\nWhy does the tenant lose track of the flats? "
            "Who sends the photos? Where does the tenant keep notes?")
    schema = proposed(text, "en")
    assert schema.category == "Reading Comprehension" and len(schema.data) == 3


# Session 18: imperatives ended by a question mark are the questions of an exam paper, two of them already a set.
def test_two_exam_questions_with_question_marks_are_items() -> None:
    schema = proposed("Define cellular respiration? Describe the role of chlorophyll in plant cells?")
    assert schema.data == ["Define cellular respiration?", "Describe the role of chlorophyll in plant cells?"]
    assert schema.category == "Question Answering"


@pytest.mark.parametrize("text", [
    # a question word opens the first: a question and its follow-up request
    "What is a mutex? Explain how a mutex differs from a semaphore?",
    # an imperative and a plain question
    "Explain quicksort? Why is it fast?",
])
def test_a_question_beside_an_exam_imperative_stays_one_inquiry(text: str) -> None:
    rejected(text)


# Session 20: one numbered exam question, a question then an exam imperative (with its marks), is two parts of the
# paper; unnumbered, or with an imperative pointing back at the question, it stays one inquiry.
@pytest.mark.parametrize(("text", "items"), [
    ("1. What is a race condition? State two ways to prevent a race condition. 2+3",
     ["What is a race condition?", "State two ways to prevent a race condition."]),
    ("Q4) Why does a B-tree stay shallow when keys are\ninserted? Briefly explain how a B-tree node is split."
     "\n(6 marks)",
     ["Why does a B-tree stay shallow when keys are\ninserted?", "Briefly explain how a B-tree node is split."]),
])
def test_a_numbered_exam_question_and_its_imperative_are_items(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.data == items and schema.category == "Question Answering"


@pytest.mark.parametrize("text", [
    "What is a race condition? State two ways to prevent a race condition.",
    "1. What is a race condition? Explain how it can corrupt shared data.",
    "1. What is a race condition? Is a mutex enough to prevent one?",
])
def test_an_unnumbered_or_pointing_back_exam_question_stays_one(text: str) -> None:
    rejected(text)


# -- false proposals, round 8: one question reworded, one reflection -------------------------------------------------
@pytest.mark.parametrize("text", [
    # the second question rewords the first
    "Answer the following questions: Is a lease signed by only one tenant binding on both? In other words, can the "
    "landlord hold my flatmate to the contract?",
    # questions on the answerer's own view and experience: one reflection
    "Please respond: Halfway into the module, what is your opinion of the weekly lab sessions? What did you enjoy the "
    "most? What have you found hardest so far?",
])
def test_a_reworded_question_and_a_reflection_are_one_inquiry(text: str) -> None:
    not_proposed(text)


@pytest.mark.parametrize("text", [
    "Answer the following questions: Is a lease signed by only one tenant binding on both? Can a landlord raise the "
    "rent mid-term?",
    "Please respond: How long should a beginner run each week? What shoes suit flat feet? Is stretching before a run "
    "useful?",
    # a generic "you" asks how, of anyone
    "How do you boil an egg so the yolk stays soft? How do you tie a bowline knot? How do you fold a fitted sheet "
    "neatly?",
])
def test_positive_controls_of_the_one_inquiry_refusals_are_still_proposed(text: str) -> None:
    assert len(proposed(text).data) >= 2


_TANK = ("A cylindrical tank of radius 1.5 m is filled with water to a height of 4 m. A valve at the bottom releases "
         "water at 0.02 m^3/s and the density of water is 1000 kg/m^3.")


def test_computation_lines_after_an_exam_set_up_are_its_parts() -> None:
    text = (f"{_TANK}\n\nCalculate the mass of water in the tank, in kg\nCalculate the pressure at the bottom, in kPa\n"
            "How long does the tank take to empty?\nShow all working.")
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and schema.context == _TANK
    assert schema.data == ["Calculate the mass of water in the tank, in kg", "Calculate the pressure at the bottom, "
                           "in kPa", "How long does the tank take to empty?"]


def test_one_computation_line_is_one_problem() -> None:
    assert from_exam_lines(f"{_TANK}\nCalculate the time the tank takes to empty.") is None


def test_the_askers_own_plans_are_no_exam_set_up() -> None:
    assert from_exam_lines("We are in Lisbon for 3 days in May with 2 children and a budget of 900 euros for the "
                           "whole stay.\nFind a hotel near the river\nFind a restaurant that opens early") is None


def test_a_later_line_using_an_earlier_result_is_dependent() -> None:
    text = f"{_TANK}\nCalculate the volume of water in the tank\nCalculate its mass using the result of the first part"
    assert from_exam_lines(text) is not None
    not_proposed(text)


_ARTICLE = ("The Wey navigation opened in 1653 and was one of the first English rivers made navigable with locks. "
            "Barges carried timber, flour and gunpowder down to the Thames for almost three centuries, and the wharves at "
            "Guildford grew rich on the trade.\n\n"
            "Commercial traffic ended in 1969 and the waterway passed to a heritage trust. Volunteers now keep the "
            "towpath open.")


def test_questions_after_an_article_of_several_paragraphs_ask_about_all_of_it() -> None:
    # (its longest paragraph is not the last: `find_passage` alone would take that one and find more text after it)
    for questions in ("When did the navigation open? What did barges carry? Who looks after the towpath now?",
                      "When did the navigation open?\nWhat did barges carry?\nWho looks after the towpath now?"):
        schema = proposed(f"{_ARTICLE}\n\n{questions}")
        assert schema.category == "Reading Comprehension" and schema.context == _ARTICLE
        assert len(schema.data) == 3


_PARAGRAPH = _ARTICLE.split("\n\n")[0]
_THREE_QUESTIONS = "When did the navigation open?\nWhat did barges carry?\nWho looks after the towpath now?"


@pytest.mark.parametrize("text", [
    f"{_PARAGRAPH}\n\nok so\n{_THREE_QUESTIONS}", f"{_PARAGRAPH}\n\nthanks in advance\n{_THREE_QUESTIONS}",
    f'"{_PARAGRAPH}"\n\nok so\n{_THREE_QUESTIONS}', f"{_PARAGRAPH}\n\nIch hab Fragen\n{_THREE_QUESTIONS}",
    '{"passage": "' + _PARAGRAPH + '", "questions": ' + json.dumps(_THREE_QUESTIONS.split("\n")) + "}"])
def test_a_short_header_between_the_passage_and_its_questions_lets_them_follow_it(text: str) -> None:
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and schema.context == _PARAGRAPH
    assert schema.data == _THREE_QUESTIONS.split("\n")


@pytest.mark.parametrize("gap", [
    # narrative going on after the passage: its questions are part of the story
    "Then the lock keeper turned to the boy and told him the whole story of the canal again, slowly.",
    # a header asking a question of its own; a list item or a line of code cut short
    "Can you help?", "- deliver it by", "def load(path",
])
def test_a_gap_that_is_no_short_header_keeps_the_questions_apart(gap: str) -> None:
    not_proposed(f"{_PARAGRAPH}\n\n{gap}\n{_THREE_QUESTIONS}")


def test_the_askers_own_story_in_several_paragraphs_is_no_passage() -> None:
    story = _ARTICLE.replace("Barges carried", "My grandfather said barges carried")
    assert _statements_before(f"{story}\n\n", False) is None
    assert _statements_before(f"{_ARTICLE}\n\n", False) is not None
    not_proposed(f"{story}\n\nWhen did the navigation open? What did barges carry? Who looks after the towpath now?")


def test_a_single_paragraph_before_two_bare_questions_stays_one_inquiry() -> None:
    paragraph = _ARTICLE.split("\n\n")[0]
    not_proposed(f"{paragraph}\n\nWhen did the navigation open? What did the barges carry?")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["\n", " ", "\t", "Q", "q. ", "1", "12", ". ", ") ", "what is it for? ", "why ",
                                 "explain its use", ".", "(5 marks)", "x"]), max_size=10).map("".join))
def test_the_numbered_exam_question_with_a_possessive_lead_matches_as_the_plain_regex(text: str) -> None:
    assert_matches_alike(_NUMBERED_EXAM, plain_form(_NUMBERED_EXAM), text)


# Session 30: questions right after a request naming their text, the text after them (a blank line or a label).
@pytest.mark.parametrize(("text", "questions", "context_start"), [
    ("Given this job description, answer: What skills are required? What is the salary? Is remote work possible?"
     "\n\nWe need a data analyst with SQL experience. Pay: 60k. Two days a week in the office.",
     ["What skills are required?", "What is the salary?", "Is remote work possible?"], "We need"),
    ("Using the paragraph, tell me: what happened first? why did it happen? who was responsible?\n\nParagraph: The "
     "levee failed after a week of storms. Inspectors had flagged it twice.",
     ["what happened first?", "why did it happen?", "who was responsible?"], "The levee"),
    ("Based on this text, answer: Q: when was the tower built? Q: who designed it? Q: how tall is it?\nText: The "
     "Eiffel Tower, designed by Gustave Eiffel's firm, opened in 1889 and stands 330 metres tall.",
     ["when was the tower built?", "who designed it?", "how tall is it?"], "The Eiffel"),
    # numbered on the request line: the numbers are no part of the questions
    ("Given this text, answer: (1) Who ran the line? (2) Where was its base?\n\nThe Kyle ferry ran from 1950 to "
     "1995 across the narrows.", ["Who ran the line?", "Where was its base?"], "The Kyle"),
])
def test_questions_before_their_passage_are_reading_comprehension(text: str, questions: list[str],
                                                                  context_start: str) -> None:
    schema = proposed(text, "en")
    assert schema.category == "Reading Comprehension" and schema.data == questions
    assert schema.context is not None and schema.context.startswith(context_start) and schema.context in text


@pytest.mark.parametrize("text", [
    # the request names no text: the paragraph after the questions is the asker's own
    "Quick ones: what is a mutex? how does a semaphore differ? when is a spinlock better?\n\nI have an exam "
    "tomorrow and I keep mixing these up in the practice papers.",
    # the request asks for another piece of work on the text
    "Improve this paragraph, thinking about: who reads it? what do they need? is it too long?\n\nOur team ships "
    "features fast and we care about users a lot, we also test things.",
    # the text after the questions is too short to be one
    "Given this sentence, answer: who? what? where is it set?\n\nOk.",
])
def test_questions_before_a_paragraph_that_is_no_passage_are_not_reading_comprehension(text: str) -> None:
    schema = extract_rules(text, language="en")
    assert not (schema.parallelizable and schema.category == "Reading Comprehension")


_MILL = ("The Harbour Mill was built in 1821 by the merchant Thomas Kell, who wanted a place to grind the grain that "
         "arrived by ship from the southern farms. For forty years it ran on water from the river, until a steam "
         "engine was added in 1862. The mill closed in 1931 after a fire destroyed the upper floors.")
_MILL_QUESTIONS = ["Who built the mill?", "What powered it at first?", "When did it close?"]


@pytest.mark.parametrize("lead", ["", "Quick questions:\n", "ok so\n"])
@pytest.mark.parametrize("joint", ["\n", " "])
def test_three_questions_opening_the_prompt_before_a_text_of_statements_are_about_it(lead: str, joint: str) -> None:
    schema = proposed(f"{lead}{joint.join(_MILL_QUESTIONS)}\n\n{_MILL}", "en")
    assert schema.category == "Reading Comprehension" and schema.data == _MILL_QUESTIONS and schema.context == _MILL


@pytest.mark.parametrize("text", [
    # two questions only, under a header naming no text
    f"Quick questions:\n{_MILL_QUESTIONS[0]} {_MILL_QUESTIONS[2]}\n\n{_MILL}",
    # the text after them is the asker's own
    f"{' '.join(_MILL_QUESTIONS)}\n\nI read this on a sign at the mill and my grandfather says he worked there as a "
    "boy, so I want to learn about the place before we go back there together next summer.",
    # a header asking for other work
    f"Rewrite this for kids:\n{' '.join(_MILL_QUESTIONS)}\n\n{_MILL}",
])
def test_questions_opening_the_prompt_that_are_not_about_the_text_after_them(text: str) -> None:
    not_proposed(text, "en")


def test_two_word_questions_count_beside_a_labelled_passage() -> None:
    text = ("Text: The meeting between the mayor and the council was prioritized over the budget vote, compared "
            "with last year's agenda.\nQuestions: Who met? What was prioritized? What was it compared with?")
    schema = proposed(text, "en")
    assert schema.category == "Reading Comprehension"
    assert schema.data == ["Who met?", "What was prioritized?", "What was it compared with?"]
    assert schema.dependency == "none"


_BAKERY = ("Hartwell Bicycles was founded in 1932 by two brothers in a garage in Leeds. In the 1980s a folding bike "
           "nearly bankrupted the firm, and in 2004 Ruth Adeyemi became its first female CEO.")


@pytest.mark.parametrize(("text", "items"), [
    # the questions a line, then the labelled text
    ("Answer these questions using the text below\n\nWhen was Hartwell founded?\nWho was the first female CEO?\n\n"
     "Text:\n" + _BAKERY, ["When was Hartwell founded?", "Who was the first female CEO?"]),
    # the labelled text, then questions a third of which are bare phrases
    ("pls answer this questions from the paragraph, short answers only\n\nparagraph: " + _BAKERY + "\n\n"
     "who founded the company\nwhen did it nearly go bankrupt\naround what year the first female CEO started",
     ["who founded the company", "when did it nearly go bankrupt", "around what year the first female CEO started"]),
    # the text named before "answer", the questions labelled q1, q2
    ("You are a helpful assistant. Given the document below, answer each question in one sentence.\n\nDocument:\n"
     + _BAKERY + "\n\nq1: Where was the firm founded?\nq2: What nearly bankrupted it?",
     ["Where was the firm founded?", "What nearly bankrupted it?"]),
])
def test_a_block_of_questions_about_a_named_text(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and schema.data == items
    assert "Hartwell" in (schema.context or "")


@pytest.mark.parametrize("text", [
    # no request to answer questions about a text: questions of one's own after a story
    _BAKERY + "\n\nWhat do you think of this? Is it a good story for a school magazine?",
    # the lines are not questions
    "Answer these questions using the text below\n\nThe founders.\nThe garage in Leeds and its owners.\n"
    "The folding bike and the recall it caused.\n\nText:\n" + _BAKERY,
])
def test_question_blocks_that_are_not_reading_comprehension(text: str) -> None:
    not_proposed(text)


@pytest.mark.parametrize(("text", "items"), [
    # a header of their own over the questions that close the prompt; bare phrases allowed under it
    ("Company history:\n" + _BAKERY + "\n\nQuestions:\n- year it was founded\n- what nearly bankrupted it\n"
     "- who became CEO in 2004", ["year it was founded", "what nearly bankrupted it", "who became CEO in 2004"]),
    (_BAKERY + "\n\nAnswer briefly:\nwhere was the garage\nwho founded the firm",
     ["where was the garage", "who founded the firm"]),
    # a first paragraph asking to read and answer, questions marked with roman numerals after the text
    ("Pls read and answer, it's for my revision\n\n" + _BAKERY + "\n\n(i) Where was the firm founded?\n"
     "(ii) What nearly bankrupted it?\n(iii) Who became CEO in 2004?",
     ["Where was the firm founded?", "What nearly bankrupted it?", "Who became CEO in 2004?"]),
])
def test_questions_closing_a_prompt_after_its_text(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and schema.data == items
    assert schema.context is not None and schema.context.endswith("its first female CEO.")


@pytest.mark.parametrize("text", [
    # no header and no request to read or answer: lines of one's own after a story
    "My notes on the firm\n\n" + _BAKERY + "\n\nfounders\nfolding bike\nCEO",
    # a header over lines that are no questions
    _BAKERY + "\n\nQuestions:\n" + "This paragraph runs on and on about the firm and all its many owners and "
    "every bike they ever made in the old garage in Leeds, far longer than any question line would be.\nok",
    # the text too short to be a passage
    "Read and answer\n\nFounded 1932.\n\nWhen was it founded?\nWho founded it?",
])
def test_closing_lines_that_are_no_questions_about_a_text(text: str) -> None:
    assert from_questions_after_passage(text) is None


_NOTICE = ("From Monday 4 March the Elm Street stop will be closed for resurfacing. Route 42 will stop at Park Road "
           "instead. After 8pm buses will run every 30 minutes. We apologise for any inconvenience; call 0800 123 456 "
           "if you need assistance.")


@pytest.mark.parametrize(("text", "items"), [
    # a document named before the questions, which may speak ("we", "you") since it was named
    ("based on this notice: which stop is closed? where do buses stop instead? how often do they run after 8pm?\n\n"
     + _NOTICE, ["which stop is closed?", "where do buses stop instead?", "how often do they run after 8pm?"]),
    # one short sentence naming a document, then three questions
    ("I got this notice from the council. Which stop is closed? Where do buses stop instead? Who do I call?\n\n"
     + _NOTICE, ["Which stop is closed?", "Where do buses stop instead?", "Who do I call?"]),
    # several wh-clauses of one question about a named notice (`asked_of_text`)
    ("From the notice: which stop is closed, where do buses stop instead, and how often do buses run after 8pm?\n\n"
     + _NOTICE, ["which stop is closed", "where do buses stop instead", "how often do buses run after 8pm"]),
])
def test_questions_about_a_named_document_before_it(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and schema.data == items and schema.context == _NOTICE


def test_questions_about_the_askers_own_work_before_it_are_not_reading_comprehension() -> None:
    """An essay of the asker's own is no document named for reading: its questions ask for feedback on it."""
    not_proposed("I wrote this essay for class. Is the intro strong? Is the grammar ok? Is it too long?\n\n"
                 + _NOTICE.replace("We apologise", "They apologise"))


def test_bulleted_questions_before_a_named_text_lose_their_bullets() -> None:
    notice = _NOTICE + "\n\nTimetables for the diversion are posted at the depot and on the council's website."
    schema = proposed("Per the notice below:\n- which stop is closed?\n- where do buses stop instead?\n"
                      "- who do I call?\n\n" + notice)
    assert schema.category == "Reading Comprehension" and schema.context and schema.context in notice
    assert schema.data == ["which stop is closed?", "where do buses stop instead?", "who do I call?"]


_MATCH_REPORT = ("Ashby Rovers beat Kelton 2-1 on Saturday. Dev Malik scored first after ten minutes, heading in a "
                 "corner. Kelton levelled before the break. The second half started late because a floodlight "
                 "failed, and Ashby's winner came from a penalty in the 80th minute after a handball. The win lifts "
                 "Ashby to fourth in the table, two points behind the leaders.")


@pytest.mark.parametrize(("text", "items"), [
    # a lead asking to answer, question lines, a separator, the text
    ("Answer the following about the match report\nWho scored first for Ashby?\nWhy did the second half start "
     "late?\nWhere are Ashby in the table now?\n--\n" + _MATCH_REPORT,
     ["Who scored first for Ashby?", "Why did the second half start late?", "Where are Ashby in the table now?"]),
    # a "Questions:" header over lines without question marks, a label line over the text
    ("Questions:\nwho scored first\nwhy the second half started late\nwhat the final score was\n\n"
     "Match report (local paper):\n" + _MATCH_REPORT,
     ["who scored first", "why the second half started late", "what the final score was"]),
    # a first paragraph asking to answer them, the questions as its own paragraph, then the text
    ("My son is stuck on his homework questions. Can you answer them so I can explain?\n\nWho scored first?\n"
     "Why did the second half start late?\n\n---\n" + _MATCH_REPORT,
     ["Who scored first?", "Why did the second half start late?"]),
])
def test_questions_opening_a_prompt_before_its_text(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and schema.data == items and schema.context == _MATCH_REPORT


@pytest.mark.parametrize("text", [
    # numbered questions go on after the break: a list of questions, no text after them
    "Here are some practice questions from the test paper:\n1. When did the match start?\nA. at noon\nB. at three\n\n"
    "2. " + _MATCH_REPORT + "\nCan you write more like these?",
    # lines of code under a lead naming the document: not questions
    "I will ask you questions about this policy:\nallow = input.user\nrule := data.x\n}\n\n" + _MATCH_REPORT,
    # the lead is itself a question, opening a list of them
    "Based on the report, who scored first?\nWhy did the second half start late?\nWho won?\n\n" + _MATCH_REPORT,
])
def test_lines_before_a_text_that_are_no_questions_about_it(text: str) -> None:
    assert from_questions_before_text(text) is None


def test_questions_after_a_last_line_naming_the_text_take_all_of_it() -> None:
    """The text before a short last line naming it ("quick qs about this email:") is the context, all its paragraphs
    (the longest alone would leave the rest of the email out)."""
    email = ("Hi all,\n\nFrom June the office moves to hybrid working. Everyone comes in on Tuesdays and Thursdays; "
             "the other days are up to you.\n\nDesks are booked through the Roomly app, which replaces the paper "
             "sheet at reception. There are 40 desks for 65 staff, so book early and cancel if your plans change.\n\n"
             "Questions to Priya in HR.")
    schema = proposed(email + "\n\nquick qs about this email from HR: which days do I have to be in? how do I book "
                      "a desk now? who do I talk to if I can't make Tuesdays?")
    assert schema.category == "Reading Comprehension" and schema.context == email
    assert schema.data == ["which days do I have to be in?", "how do I book a desk now?",
                           "who do I talk to if I can't make Tuesdays?"]


def test_a_portuguese_question_opening_with_o_que_is_no_connector() -> None:
    """ "O que significa ...?" opens a question in Portuguese ("what does ... mean"); the Spanish "o" (or) that
    continues the question before it is another word."""
    text = ("Li esse texto e fiquei com dúvidas:\n\n\"A Mata Atlântica cobria boa parte do litoral brasileiro. Hoje "
            "restam cerca de 12% da floresta original, e muitas espécies endêmicas estão ameaçadas pelo avanço das "
            "cidades e da agricultura.\"\n\nQuanto da floresta ainda resta? O que significa \"endêmicas\" no texto? "
            "E quais são as ameaças principais?")
    schema = proposed(text, language="pt")
    assert schema.data == ["Quanto da floresta ainda resta?", "O que significa \"endêmicas\" no texto?",
                           "quais são as ameaças principais?"]


def test_a_closing_header_may_say_more_before_its_noun() -> None:
    """Rules 2.58: "got the leaflet here, quick qs:" heads the question lines after the text as "Questions:" does."""
    leaflet = ("Take one tablet twice a day with food. Do not take more than four tablets in 24 hours. Avoid alcohol "
               "while taking this medicine. If you miss a dose, take it as soon as you remember unless it is nearly "
               "time for the next one.")
    text = (f"{leaflet}\n\ngot the leaflet here, quick qs:\n- how many can I take in a day\n- can I drink wine with it?"
            "\n- what if I forget one")
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and schema.context == leaflet
    assert schema.data == ["how many can I take in a day", "can I drink wine with it?", "what if I forget one"]


_CLUB_EMAIL = ("Subject: Spring league changes\n\nHi all,\n\nFrom April the Thursday league moves to the Riverside "
               "courts, starting at 7:30 pm instead of 7. Teams stay the same, but each match is now best of three "
               "sets, then a tie-break if needed.\n\nThe season fee goes up to £45 per player, payable through the "
               "club app before 20 March. Members who pay late lose their court booking for the first week.\n\n"
               "Cheers,\nMaya (Club Secretary)")


def test_questions_after_a_handed_over_text_of_several_paragraphs() -> None:
    """Rules 2.61 (read off N-37, E-47, C-79, which rules of session 1 decided right and later ones lost): a short
    opening line hands a text over ("got this from the club, confused"), the questions close the prompt in a
    paragraph of their own; the text between, all of its paragraphs (greeting, signature and "then" its own), is the
    context."""
    for questions in ("Where do we play now?\nHow many sets is a match?\nWhen do I have to pay?",
                      "Where do we play now? How many sets is a match? And when do I have to pay?"):
        schema = proposed("got this from the club, bit confused\n\n" + _CLUB_EMAIL + "\n\n" + questions)
        assert schema.category == "Reading Comprehension" and schema.context == _CLUB_EMAIL, questions
        assert len(schema.data) == 3


@pytest.mark.parametrize("text", [
    # the lead asks its own question: it is the request, the paragraphs the asker's situation
    "can you help me with my league?\n\n" + _CLUB_EMAIL + "\n\nWhere do we play now?\nHow many sets is a match?\n"
    "When do I have to pay?",
    # the questions are led into inside the text's last paragraph: a task the text sets
    "got this from the club, bit confused\n\n" + _CLUB_EMAIL + "\nYour reply should cover the following: where do "
    "we play now? how many sets is a match? when do I have to pay?",
])
def test_no_handed_over_text_without_a_handing_lead_or_a_paragraph_of_questions(text: str) -> None:
    schema = extract_rules(text)
    assert not (schema.parallelizable and schema.category == "Reading Comprehension"
                and schema.context == _CLUB_EMAIL)


_DISCHARGE = ("AFTER YOUR PROCEDURE\n- You may shower after 24 hours. Do not swim for 2 weeks.\n- No lifting over 10 lb "
              "for 4 weeks.\n- You may drive once you no longer take the stronger painkillers.\n- Call the clinic if "
              "you have a fever over 101°F.")


def test_questions_opening_the_prompt_about_a_text_someone_got() -> None:
    """Rules 2.61 (read off F-49): "my dad got these from the clinic" names the text after the questions as a
    document handed over; its own "you" is the document's, not the asker's."""
    schema = proposed("my dad got these from the clinic and has some questions. when can he swim? can he lift his "
                      "grandson? when can he drive?\n\n" + _DISCHARGE)
    assert schema.category == "Reading Comprehension" and schema.context == _DISCHARGE and len(schema.data) == 3


def test_questions_before_the_askers_own_notes_are_no_reading() -> None:
    schema = extract_rules("my dad has some questions. when can he swim? can he lift his grandson? when can he "
                           "drive?\n\n" + _DISCHARGE)
    assert not (schema.parallelizable and schema.context == _DISCHARGE)


_POLICY = ("3. Travel\n3.1 Economy class is the default for all flights.\n3.2 Business class needs a director's "
           "approval and is only for flights over 9 hours.\n\n4. Meals\n4.1 The daily allowance is £60 in London "
           "and £40 elsewhere in the UK.")


def test_a_text_pasted_below_named_before_two_questions() -> None:
    """Rules 2.62 (read off I-25): "(pasted below)" names the document the questions are about, so two questions
    are enough, and their count ("Two questions") is no count of things to generate."""
    schema = proposed("Two questions about our expenses policy (pasted below): Can I fly business to Boston? And "
                      "what's the daily allowance in London?\n\n" + _POLICY)
    assert schema.category == "Reading Comprehension" and schema.context == _POLICY and len(schema.data) == 2


def test_two_questions_about_nothing_pasted_stay_one_inquiry() -> None:
    schema = extract_rules("Two questions about our expenses policy: Can I fly business to Boston? And what's the "
                           "daily allowance in London?\n\n" + _POLICY)
    assert not (schema.parallelizable and schema.category == "Reading Comprehension")


_LIGHTHOUSE = ("The Harbour Lighthouse was built in 1874 by the engineer Thomas Reid to guide fishing boats into the "
               "narrow bay. It was automated in 1981, and the last keeper, Margaret Doyle, moved to the village that "
               "year. Today the tower is a small museum that opens from May to September and welcomes about 9,000 "
               "visitors a season.")


def test_three_questions_after_one_paragraph_that_does_not_speak() -> None:
    """Rules 2.63: one paragraph of statements, then three or more questions set apart by a blank line: the
    paragraph is the text they ask about (no real prompt of the 64,812 has this shape)."""
    schema = proposed(_LIGHTHOUSE + "\n\nWho built the lighthouse? When was it automated? Who was the last keeper?")
    assert schema.category == "Reading Comprehension" and schema.context == _LIGHTHOUSE and len(schema.data) == 3


@pytest.mark.parametrize("text", [
    # the asker's own set-up speaks: its questions are one inquiry
    "I run a small museum in an old lighthouse that opens from May to September and welcomes about 9,000 visitors a "
    "season, and our volunteers are getting older every year.\n\nHow do I find new volunteers? Should I pay them? "
    "What do other museums do?",
    # two questions after one paragraph stay one inquiry
    _LIGHTHOUSE + "\n\nWho built the lighthouse? When was it automated?",
])
def test_questions_after_one_paragraph_that_speaks_or_two_of_them(text: str) -> None:
    schema = extract_rules(text)
    assert not (schema.parallelizable and schema.category == "Reading Comprehension")


def test_questions_with_empty_answer_slots_after_a_labelled_story() -> None:
    """Rules 2.63: "Q: ...?\\nA:" pairs leave a slot for each answer; the slots do not break the run of questions (read
    off set A-N; no real prompt of the 64,812 moved)."""
    story = ("Story: Nadia moved to Oslo in January. On her first morning she borrowed her neighbour's red sled and "
             "lost a mitten on the hill.")
    schema = proposed(story + "\n\nQ: Which city did Nadia move to?\nA:\nQ: What did she borrow?\nA:\n"
                      "Q: What did she lose on the hill?\nA:")
    assert schema.category == "Reading Comprehension"
    assert schema.data == ["Which city did Nadia move to?", "What did she borrow?", "What did she lose on the hill?"]


# -- rules 2.64 ---------------------------------------------------------------------------------------------------------
_SECTION = ("Section 12 - Retention. (a) Candidate data is kept for no longer than 12 months after the recruitment "
            "closes. (b) Personnel files are kept for six years after employment ends; payroll records for seven. "
            "(c) CCTV footage is overwritten after 30 days unless an investigation needs it.")


@pytest.mark.parametrize("lead", ["need quick answers for a staff FAQ based on section 12 below:",
                                  "from this policy doc:"])
def test_questions_under_a_lead_naming_the_text_by_its_place(lead: str) -> None:
    """A lead ending in a colon that says where the text is ("below", "from this policy doc:") names it."""
    text = (f"{lead}\nQ: How long do we keep CVs of people we didn't hire?\nQ: Is payroll kept longer than the "
            f"personnel file?\nQ: Can CCTV be kept more than 30 days?\n\n{_SECTION}")
    found = from_questions_before_passage(text)
    assert found is not None and found.category == "Reading Comprehension" and found.context == _SECTION
    assert found.data == ["How long do we keep CVs of people we didn't hire?",
                          "Is payroll kept longer than the personnel file?", "Can CCTV be kept more than 30 days?"]


def test_questions_under_a_lead_naming_no_text_stay_the_askers() -> None:
    assert from_questions_before_passage(f"need quick answers:\nQ: How long do we keep CVs?\nQ: Is payroll kept "
                                         f"longer?\n\n{_SECTION}") is None


# -- rules 2.66 ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("line", "opens"), [
    ("kapan terakhir bayar", True), ("gdzie mogę zaparkować", True), ("hoe lang duurt het", True),
    ("ne zaman açılıyor", True), ("hvor ligger kontoret", True), ("kolik to stojí", True), ("коли відкриття", True),
    ("co-founder of the firm", False), ("var total = 0", False), ("how-to guide for beginners", False),
])
def test_question_words_of_more_languages_open_a_question(line: str, opens: bool) -> None:
    assert bool(QUESTION_WORDS_START.match(line)) is opens


_TERMS = ("Warranty: the kettle is covered for 2 years from the date of purchase against defects in materials and "
          "workmanship. Limescale damage and drops are not covered. The serial number is printed under the base. "
          "Registering the product online extends the warranty by one year.")


@pytest.mark.parametrize(("request_", "items"), [
    ("does it cover limescale / where is the serial number / does registering do anything",
     ["does it cover limescale", "where is the serial number", "does registering do anything"]),
    ("ok reading this — is limescale covered; where is the serial number; how long is the warranty",
     ["is limescale covered", "where is the serial number", "how long is the warranty"]),
    ("đọc giúp mình: bảo hành bao lâu / số seri ở đâu / đăng ký có được gì không",
     ["bảo hành bao lâu", "số seri ở đâu", "đăng ký có được gì không"]),
])
def test_questions_cut_by_marks_on_one_line_beside_a_passage(request_: str, items: list[str]) -> None:
    schema = proposed(request_ + "\n\n" + _TERMS)
    assert schema.category == "Reading Comprehension" and schema.data == items and schema.context == _TERMS


@pytest.mark.parametrize("text", [
    # pieces that ask nothing: options, not questions
    "limescale / serial number / registering\n\n" + _TERMS,
    # the asker's own story beside them
    "does it cover limescale / where is the serial number / does registering do anything\n\n"
    + _TERMS.replace("Warranty: the kettle", "My kettle") + " I bought it in May.",
])
def test_marks_cutting_no_questions_about_a_passage_cut_no_items(text: str) -> None:
    assert from_questions_cut_by_marks(text) is None


_MANUAL = ("Descaling: run the descaling program once a month. It takes about 25 minutes and uses the whole tank.\n\n"
           "Lights: a red light blinking fast means the water tank is empty. A red light on without blinking means "
           "the brew unit is missing. Replace the water filter every two months.")


def test_question_lines_after_a_text_named_by_its_place_in_the_first_line() -> None:
    """ "from my coffee machine manual (pasted below)" hands over the text; the question lines closing the prompt,
    without question marks, ask about it."""
    schema = proposed("ok so from my coffee machine manual (pasted below)\n\n" + _MANUAL + "\n\nhow long does "
                      "descaling take\nwhat does it mean if the red light blinks fast\nhow often do i change the "
                      "filter")
    assert schema.category == "Reading Comprehension" and schema.context == _MANUAL and len(schema.data or []) == 3


def test_question_lines_after_a_first_line_naming_no_text_stay_unread() -> None:
    not_proposed("ok so my coffee machine is acting up\n\n" + _MANUAL + "\n\nhow long does descaling take\nwhat does "
                 "it mean if the red light blinks fast\nhow often do i change the filter")


def test_question_lines_closing_a_text_to_improve_are_part_of_it() -> None:
    """ "Help me improve the content below" names the text by its place too, but asks one task on all of it, the
    question lines at its end included (a real false reading of rules 2.66 as first written)."""
    assert from_questions_after_passage("help me improve the content below\n\n" + _MANUAL + "\n\nhow long does "
                                        "descaling take\nwhat does it mean if the red light blinks fast\nhow often do "
                                        "i change the filter") is None


_DAM = ("The Hollow Creek dam was finished in 1931 after six years of work by a crew of four hundred men. It holds "
        "back a reservoir that supplies three towns with water, and its turbines made the first electricity the valley "
        "ever had. In 1978 a crack in the spillway forced the county to lower the lake for two summers.")
_DAM_QUESTIONS = "when was the dam finished\nhow many towns does it supply\nwhat happened in 1978"


@pytest.mark.parametrize("lead", ["article for my history class:", "Here's the incident report from work."])
def test_question_lines_after_a_lead_naming_the_text(lead: str) -> None:
    """A lead handing over a text it names, the text, then three question lines (no question marks needed): the
    questions are asked about the text."""
    schema = proposed(lead + "\n\n" + _DAM + "\n\n" + _DAM_QUESTIONS)
    assert schema.category == "Reading Comprehension" and schema.context == _DAM
    assert schema.data == _DAM_QUESTIONS.split("\n")


@pytest.mark.parametrize("lead", [
    "my article for history class:",  # the asker's own text: the questions ask for advice on it
    "article for my history class, improve it:",  # another task on the text
])
def test_question_lines_after_a_lead_that_owns_or_works_on_the_text(lead: str) -> None:
    not_proposed(lead + "\n\n" + _DAM + "\n\n" + _DAM_QUESTIONS)


@pytest.mark.parametrize(("request_line", "header", "label"), [
    ("Answer based on the text.", "Questions:", "Text:"),
    ("Responda com base no texto.", "Perguntas:", "Texto:"),
    ("Antworte anhand des Textes.", "Fragen:", "Text:"),
])
def test_a_headed_block_of_questions_before_the_labelled_text(request_line: str, header: str, label: str) -> None:
    """ "Answer based on the text.\n\nQuestions:\n...\n\nText:\n<passage>": the header says the lines are questions."""
    questions = "When was the dam finished?\nHow many towns does it supply?\nWhat happened in 1978?"
    schema = proposed(f"{request_line}\n\n{header}\n{questions}\n\n{label}\n{_DAM}")
    assert schema.category == "Reading Comprehension" and schema.context == _DAM
    assert schema.data == questions.split("\n")


def test_lines_with_blanks_to_fill_are_questions() -> None:
    """Cloze lines after a passage the request points at: each blank asks a question."""
    blanks = "The dam was finished in ___.\nIt supplies ___ towns with water.\nThe spillway cracked in ___."
    schema = proposed("Fill in the blanks based on the text.\n\n" + _DAM + "\n\n" + blanks)
    assert schema.category == "Reading Comprehension" and schema.data == blanks.split("\n")


def test_questions_after_a_document_speaking_to_its_reader() -> None:
    """A manual says "you", an abstract "we": a paragraph so speaking is still a document, and three questions set
    apart after it are asked about it; the asker's own story ("I", "my") is not."""
    manual = ("To descale the machine, fill the tank with water and add one sachet of descaler. Press and hold the "
              "steam button for five seconds until the light blinks orange; the cycle then runs for about 25 minutes. "
              "You should not use vinegar or citric acid, which can damage the seals, and we recommend descaling "
              "every three months.")
    questions = "How do I start the descaling cycle? How long does the cycle take? What shouldn't I use?"
    assert proposed(manual + "\n\n" + questions).context == manual
    not_proposed(manual.replace("You should", "I was told I should") + "\n\n" + questions)


def test_question_lines_after_a_text_that_does_not_speak() -> None:
    """A text with no "I" in it, then three question lines (no marks needed): asked about the text, as three
    questions with marks would be; after the asker's own story they are one inquiry."""
    town = ("The town of Velden grew rich in the fourteenth century not by trade of its own but by the tolls it "
            "charged on the river. Every barge paid a tenth of its salt, and the council spent the fees on a stone "
            "bridge, a granary and the walls. When the river silted up two centuries later the merchants moved to the "
            "new port at Hollbeck, and the tolls fell to nothing within a generation.")
    lines = "why did velden become wealthy\nwhat did the council spend the fees on\nwhere did the merchants go"
    assert proposed(town + "\n\n" + lines).data == lines.split("\n")
    not_proposed(town.replace("The town of Velden", "My town, Velden,") + "\n\n" + lines)


# -- session 47: read off set AD (hand-written here in its layouts) ------------------------------------------------
_HOURS = ("The Eastfield pool's new timetable starts on 4 March. Lanes open at 6.30am on weekdays instead of 7am, "
          "but the Friday late swim now ends at 8pm rather than 9pm. Weekend hours stay the same, and children's "
          "lessons move to Saturday mornings. The sauna closes for repairs until April, and members can now book "
          "lanes online up to a week ahead.")


def test_statements_to_judge_true_or_false_after_the_text() -> None:
    text = ("Read the text and say whether each sentence is TRUE or FALSE.\n\n" + _HOURS + "\n\nLanes open earlier on "
            "weekdays.\nThe Friday late swim gets longer.\nWeekend hours change.")
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and len(schema.data) == 3 and "Eastfield" in schema.context


def test_question_lines_over_a_labelled_text() -> None:
    text = ("when do lanes open on weekdays\nwhat time does the friday swim end\nwhen are the children's lessons\n\n"
            "timetable text:\n" + _HOURS)
    schema = proposed(text)
    assert schema.data == ["when do lanes open on weekdays", "what time does the friday swim end",
                           "when are the children's lessons"] and "Eastfield" in schema.context


def test_question_lines_over_an_unlabelled_text_are_not_read_so() -> None:
    """Without a label naming the text, lines of questions over a paragraph are the asker's own (no context)."""
    text = ("when do lanes open on weekdays\nwhat time does the friday swim end\nwhen are the children's lessons\n\n"
            + _HOURS)
    assert from_questions_before_text(text) is None


def test_q_numbered_questions_on_one_line_after_the_text() -> None:
    text = "> " + _HOURS + "\n\nQ1 when do lanes open  Q2 what changes on friday  Q3 when are the lessons"
    schema = proposed(text)
    assert schema.data == ["when do lanes open", "what changes on friday", "when are the lessons"]
    assert schema.category == "Reading Comprehension"


@pytest.mark.parametrize("lead", ["tell me quickly", "can you look at this for me and tell me",
                                  "Kannst du mir sagen:"])
def test_question_lines_under_a_lead_asking_to_be_told_them(lead: str) -> None:
    """Rules 2.95: a lead ending by asking to be told ("tell me", "sag mir", "dime"), then question lines and the text
    after them: the lines are what to tell, though the lead may be asked as a question itself."""
    schema = proposed(lead + "\n" + _DAM_QUESTIONS + "\n\n" + _DAM)
    assert schema.category == "Reading Comprehension" and schema.context == _DAM
    assert schema.data == _DAM_QUESTIONS.split("\n")


def test_questions_on_one_line_under_a_request_to_read_and_answer() -> None:
    """Rules 2.97: "History homework. Read it and answer:" heads the questions under it ("answer" after words of the
    request's own, as "questions" may be), and a line asking several questions gives each of them."""
    questions = "When was the dam finished? How many towns does it supply? What happened in 1978?"
    schema = proposed("History homework. Read it and answer:\n\n" + questions + "\n\n" + _DAM)
    assert schema.category == "Reading Comprehension" and schema.context == _DAM
    assert schema.data == ["When was the dam finished?", "How many towns does it supply?", "What happened in 1978?"]


def test_a_bare_follow_up_on_the_line_keeps_the_line_one_question() -> None:
    """Rules 2.97: a line's pieces are questions of their own only when there are three or more, each of three words
    or more ("Why?" asks about the answer before it; two in a row are one inquiry as often as two)."""
    text = "Did the dam hold? Who fixed it? Why?\nWho built the mill? When did it close?\nHow many towns use it?\n"
    spans, _ = _questions_until_a_break(text, 0, False)
    assert [text[a:b] for a, b in spans] == ["Did the dam hold? Who fixed it? Why?",
                                             "Who built the mill? When did it close?", "How many towns use it?"]


def test_a_lead_saying_the_text_is_from_the_askers_document_names_it() -> None:
    """ "ok so this is from my lease." before three questions and the lease's clauses: the asker's lease is a given
    document, the clauses after the questions their passage (not the asker's own essay or post)."""
    clauses = ("7. PETS. No animals shall be kept on the Premises without the prior written consent of the Landlord, "
               "not to be unreasonably withheld for a single cat.\n\n8. REPAIRS. The Landlord shall keep in repair the "
               "structure of the Premises and the supply of water and gas.\n\n12. EARLY TERMINATION. The Tenant may "
               "end this tenancy after six months by giving two months' written notice.")
    schema = proposed("ok so this is from my lease. can I keep a cat? who pays if the boiler breaks? how much notice "
                      "do I need to give?\n\n" + clauses)
    assert schema.category == "Reading Comprehension" and schema.context == clauses
    assert schema.data == ["can I keep a cat?", "who pays if the boiler breaks?", "how much notice do I need to give?"]


@pytest.mark.parametrize(("request_line", "questions"), [
    ("Responda às perguntas:", ["Qual é a capital da Bolívia?", "O que é uma célula-tronco?", "O que causa as marés?"]),
    ("Responda às seguintes questões:", ["Quem inventou o telefone?", "O que mede um barômetro?",
                                         "Quando começou a Revolução Industrial?"]),
    ("Beantworten Sie die folgenden Fragen:", ["Wer schrieb den Faust?", "Wann fiel die Berliner Mauer?",
                                               "Wie hoch ist die Zugspitze?"]),
])
def test_a_request_to_answer_the_questions_in_portuguese_or_formal_german(request_line: str,
                                                                          questions: list[str]) -> None:
    """Rules 2.111: "Responda às (seguintes) perguntas/questões" and "Beantworten Sie die Fragen" ask for the
    questions after them to be answered, as "Answer the questions:" does; before, the request line read as a
    situation the questions were about, and the Portuguese ones opening "O que" (what) could not run on."""
    schema = proposed(request_line + "\n" + " ".join(questions))
    assert schema.category == "Question Answering" and schema.data == questions


def test_a_hurried_ans_these_from_the_txt_asks_the_question_lines_after_it() -> None:
    """Rules 2.111: "ans these from the txt pls" over question lines (no question marks) asks them of the text after
    them, as "answer these" does."""
    lines = ["who's the landlord", "when is rent due", "can i have a cat"]
    clauses = ("TENANCY AGREEMENT (extract)\nLandlord: Harrow Lettings Ltd, 4 Canal Row, Dunmere.\n2.1 Rent of £850 "
               "is payable monthly in advance on the 1st day of each month.\n5.2 No animals may be kept without the "
               "landlord's written consent, which will not be unreasonably withheld.\n7.1 Either party may end the "
               "tenancy with two months' written notice after the first six months.\n8.3 A late payment fee of £20 "
               "applies after 14 days.")
    schema = proposed("ans these from the txt pls\n" + "\n".join(lines) + "\n\n" + clauses)
    assert schema.category == "Reading Comprehension" and schema.data == lines and schema.context == clauses
