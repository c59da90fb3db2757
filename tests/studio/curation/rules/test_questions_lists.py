"""Lists of questions whose structure other rules used to win over: numbered questions with quoted names or
follow-ups in them, numbered problems with lettered parts, lines mixing questions and requests, "#1 ... #2 ...",
"First question: ... Second Question: ...", and quiz questions under a label line. And what stays one task."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.curation.rules.lists import list_blocks, top_level
from studio.curation.rules.questions import asks
from tests.studio.curation.rules.support import proposed, rejected


@pytest.mark.parametrize(("item", "asking"), [
    ("What’s a static method? How is it unlike an instance method.", True),
    ("What is a mutex? Give one example in Go.", True),
    ("How does TCP close a connection?", True),
    ("Dynamic memory allocation in C and how it is done.", False),
    ("What follows is my code.", False),
    ("The answer is 42? No, it is 41.", False),
])
def test_a_listed_item_asks_when_a_question_word_opens_it_and_its_question_mark_ends_a_sentence(
        item: str, asking: bool) -> None:
    assert asks(item) is asking


def test_numbered_questions_win_over_the_quoted_names_and_comparisons_inside_them() -> None:
    text = ("1. Virtual memory in Linux and how paging works.\n"
            "2. What’s the difference between “fork()” and “vfork()”?\n"
            "3. What is a zombie process? How do you get rid of one?\n"
            "4. What’s a semaphore? Difference between a semaphore and a mutex.\n"
            "5. How does the scheduler pick the next process?")
    schema = proposed(text, "en")
    assert schema.category == "Question Answering"
    assert schema.data is not None and len(schema.data) == 5
    assert schema.data[1] == "What’s the difference between “fork()” and “vfork()”?"
    assert not any(reason.rule.startswith("dependency") for reason in schema.reasons)


def test_numbered_problems_with_lettered_parts_are_one_item_each() -> None:
    text = ("Help me answer these 3 questions\n\n"
            "1. A disk has 8 platters, 400 tracks per surface and 20 blocks of 512 bytes per track.\n"
            "(a) How many blocks does the disk hold?\n(b) What is its capacity in bytes?\n"
            "2. Consider the page requests 4, 7, 4, 2, 7 with a buffer of two frames.\n"
            "Time 1: Request Page 4\nTime 2: Request Page 7\nTime 3: Request Page 4\n"
            "Show the buffer after each request under LRU.\n\n"
            "3. Decide whether each statement is correct.\n(a) A clustered index is always dense.\n"
            "(b) A sparse index must be clustered.")
    schema = proposed(text, "en")
    assert schema.category == "Question Answering"
    assert schema.data is not None and len(schema.data) == 3
    assert schema.data[0].startswith("A disk has 8 platters") and "(b) What is its capacity" in schema.data[0]
    assert "Time 2: Request Page 7" in schema.data[1]


def test_the_top_level_numbered_list_nests_the_blocks_inside_its_items() -> None:
    text = ("1. First problem\n(a) part one\n(b) part two\n2. Second problem\n- note\n- other note\n"
            "3. Third problem")
    blocks = list_blocks(text)
    outer = [block for block in blocks if block.nests]
    assert len(outer) == 1 and outer[0].items[0] == "First problem (a) part one (b) part two"
    assert len(outer[0].items) == 3
    assert top_level(blocks) == outer


@pytest.mark.parametrize("text", [
    "Are RISC-V chips the future?\nExplain the main technical differences between RISC-V and ARM cores.\n"
    "What are RISC-V chips better for?\nWhy do start-ups choose them?\n"
    "What is the current share of RISC-V compared to others on the embedded market?",
    "answer and count them\nWhat are the phases of a penetration test?\n\n\u200bHow do you list open ports on "
    "Windows?\n\n\u200bWhat is ARP spoofing?\n\n\u200bName at least 5 ways to detect a rogue access point\n\n"
    "\u200bWhat is the OWASP Top 10?",
])
def test_lines_of_questions_with_a_few_requests_among_them_are_one_item_per_line(text: str) -> None:
    schema = proposed(text, "en")
    assert schema.category == "Question Answering"
    assert schema.data is not None and len(schema.data) == 5
    assert all("\u200b" not in item for item in schema.data)


def test_hash_numbered_questions_on_one_line_are_items() -> None:
    text = ("#1 what is the statute of limitations for a car accident claim? does it differ for minors? "
            "#2 in california, how long does the insurer have to answer a demand letter?")
    schema = proposed(text, "en")
    assert schema.category == "Question Answering"
    assert schema.data == ["what is the statute of limitations for a car accident claim? does it differ for minors?",
                           "in california, how long does the insurer have to answer a demand letter?"]


def test_ordinal_question_labels_are_numbered_questions() -> None:
    text = ("Okay thanks\n\nFirst question: We resampled the sensor data from 100 Hz to 10 Hz. Is it still "
            "time-series data?\n\nSecond Question: Should the RPM column be scaled like the power values?")
    schema = proposed(text, "en")
    assert schema.data == ["We resampled the sensor data from 100 Hz to 10 Hz. Is it still time-series data?",
                           "Should the RPM column be scaled like the power values?"]


def test_quiz_questions_under_numbered_label_lines_are_one_item_each() -> None:
    text = ("1.\nPertanyaan #1\nWhich step of data analysis comes first?\n\n1 poin\n\nAsk\nShare\nAct\n\n"
            "2.\nPertanyaan #2\nA pivot table is used to summarise data. True or false?\n\n1 poin\n\nTrue\nFalse\n\n"
            "3.\nPertanyaan #3\nWhich tool is best for a quick chart?\n\n1 poin\n\nSQL\nSpreadsheet\nR")
    schema = proposed(text, "id")
    assert schema.category == "Question Answering"
    assert schema.data is not None and len(schema.data) == 3
    assert schema.data[0] == "Which step of data analysis comes first?\n\n1 poin\n\nAsk\nShare\nAct"


def test_a_passage_before_a_quiz_is_its_context() -> None:
    story = ("Read this story, then answer the questions below it: “I asked a stranger for a match. "
             "He searched every pocket of his coat, then the pockets of his waistcoat, and then he took off his hat "
             "and looked inside it. Then he smiled and asked me whether a toothpick would do. I walked away without a "
             "word, and the stranger laughed.”\nQuestions:\n")
    quiz = ("1. What did the narrator ask for?\nA. a match\nB. a coin\nC. a map\n"
            "2. What did the stranger offer?\nA. a match\nB. a toothpick\nC. a lighter\n")
    schema = proposed(story + quiz, "en")
    assert schema.category == "Reading Comprehension"
    assert schema.context is not None and schema.context.startswith("I asked a stranger")
    assert schema.data is not None and schema.data[0].startswith("What did the narrator ask for?")


@pytest.mark.parametrize("text", [
    # one question explained in several lines
    "Is my landlord allowed to keep the deposit?\nWe left the flat clean.\nWhat can I do about it?\n"
    "Who should I contact first?",
    # one multiple-choice question
    "1. Which of these is a prime number?\na) 21\nb) 23\nc) 25\nd) 27",
    # an exam problem whose parts build on each other
    "A ball is thrown up at 20 m/s.\n(a) Compute the time it takes to reach the top.\n"
    "(b) Using the time from (a), compute the maximum height.",
    # requirements of one artifact, numbered with sub-points
    "Below is our list of requirements. Please follow it for the app.\n1. The login page must use OAuth.\n"
    "a. Google\nb. GitHub\n2. Passwords must be hashed with bcrypt.\n3. Sessions should expire after 30 minutes.",
    # an SEO outline with sub-bullets under numbered headings
    "Write a blog post following this outline:\n1. Introduction\n- what is keyword research\n- why it matters\n"
    "2. Tools\n- Ahrefs\n- Semrush\n3. Conclusion",
    # hash-numbered labels that are not questions
    "Tasks can be one of two types: #1 tasks tied to a risk we found, or #2 general yearly maintenance tasks. "
    "Start with the first type.",
    # a request about the form of the answer, with its rules numbered
    "Please answer in JSON format:\n1. Use the key \"name\" for the title.\n2. Keep every value under 20 words.\n"
    "3. Do not add comments.",
    # the user answering the assistant's questions
    "Great start. Let me answer your questions:\n1. We have about 20% market share.\n"
    "2. Most sales are to agencies.\n3. We have no fixed costs.",
])
def test_single_tasks_with_question_lines_or_nested_lists_stay_one_task(text: str) -> None:
    rejected(text, "en")


def test_sub_numbered_questions_are_found_when_the_top_level_list_is_no_set_of_tasks() -> None:
    text = ("1. Perfect.\n\n2. Ok, again, in German, since the shop is German:\n"
            "2.1. Wann kommt meine Bestellung an?\n2.2. Wie kann ich eine Ware zurückschicken?\n"
            "2.3. Kann ich meine Bestellung stornieren?\n\n3. Ok.\n\n4. Ok, great.")
    schema = proposed(text, "en")
    assert schema.category == "Question Answering"
    assert schema.data == ["Wann kommt meine Bestellung an?", "Wie kann ich eine Ware zurückschicken?",
                           "Kann ich meine Bestellung stornieren?"]


def test_a_quiz_whose_first_label_was_left_out_of_the_paste_starts_at_the_prompt() -> None:
    text = ("How many senators does each state elect?\n\nQuestion 1 options:\n\n1\n2\n3\n\n"
            "Question 2 (1 point) \nWho can veto a bill passed by Congress?\n\nQuestion 2 options:\n\n"
            "The President\nThe Speaker\nThe Chief Justice\n\n"
            "Question 3 (1 point) \nHow long is a representative's term?\n\nQuestion 3 options:\n\n2 years\n4 years")
    schema = proposed(text, "en")
    assert schema.category == "Question Answering"
    assert schema.data is not None and len(schema.data) == 3
    assert schema.data[0].startswith("How many senators") and schema.data[0].endswith("1\n2\n3")
    assert schema.data[1].startswith("Who can veto")


@pytest.mark.parametrize("text", [
    # numbered label lines out of order are not one quiz
    "Question 1\nWhat is DNS?\n\nQuestion 3\nWhat is DHCP?",
    # an outline numbered 1.1, 1.2 under a writing task
    "Write the report following this outline:\n1.1 Scope\n1.2 Method\n1.3 Results",
])
def test_label_lines_and_sub_numbers_that_are_no_questions_stay_one_task(text: str) -> None:
    rejected(text, "en")


def test_terms_one_to_a_paragraph_under_a_per_item_request_are_items() -> None:
    text = ("explain each term in one or two lines\n \nPhishing\n\n\u200bSpear phishing\n\n\u200bWhaling\n\n"
            "\u200bPretexting")
    schema = proposed(text, "en")
    assert schema.category == "Question Answering"
    assert schema.data == ["Phishing", "Spear phishing", "Whaling", "Pretexting"]


@pytest.mark.parametrize("text", [
    # short lines of one text (a poem's one-line stanzas) under a request about the whole
    "Give this poem a title\n\nThe rain came down\n\nThe city slept\n\nNo one was left",
    # sentences, one to a paragraph
    "Explain each step\n\nFirst we open the valve.\n\nThen we wait an hour.\n\nThen we close it.",
])
def test_short_paragraphs_of_one_text_or_of_sentences_stay_one_task(text: str) -> None:
    rejected(text, "en")


@given(st.lists(st.sampled_from(["1. a?", "2. b?", "3. c?", "(a) x", "(b) y", "- p", "- q", "1) r", "2) s", "",
                                 "text", "4. d?"]), max_size=40))
@settings(max_examples=300, deadline=None)
def test_top_level_keeps_exactly_the_blocks_outside_every_nesting_list(lines: list[str]) -> None:
    blocks = list_blocks("\n".join(lines))
    nesting = [block for block in blocks if block.nests]
    assert top_level(blocks) == [block for block in blocks
                                 if not any(outer.start < block.start < outer.end for outer in nesting)]


def test_numbered_questions_with_quoted_text_and_sub_questions_go_on_across_paragraphs() -> None:
    text = ("I have a few questions about your notes\n"
            "1. \"Scale the inputs: bring every column to the same range before training.\" i) Why does a tree "
            "model not need this?\nii) Which scaler copes best with outliers?\n\n"
            "2. \"Drop rare categories: merge labels seen fewer than ten times.\" How do I choose the threshold?\n\n"
            "3. How do I check that a model is overfitting? Please keep it simple.\n\nThanks a lot!")
    schema = proposed(text, "en")
    assert schema.category == "Question Answering"
    assert schema.data is not None and len(schema.data) == 3
    assert "ii) Which scaler copes best with outliers?" in schema.data[0]
    assert schema.data[1].endswith("How do I choose the threshold?")


def test_q_dot_labels_nest_their_lettered_parts_and_the_last_one_keeps_its_own() -> None:
    text = ("Q. 1 Answer in one or two lines each.\na. Why does the narrator leave the village?\n"
            "b. What does the old bridge stand for?\nQ. 2 Write a short notice for the school board about a "
            "sports day.\nQ.3. Rewrite as told in brackets.\na. She has left already. (Make it a question.)\n"
            "b. They built the hall in 1990. (Change into passive.)")
    schema = proposed(text, "en")
    assert schema.category == "Question Answering"
    assert schema.data is not None and len(schema.data) == 3
    assert "b. What does the old bridge stand for?" in schema.data[0]
    assert schema.data[2].endswith("(Change into passive.)")
    assert schema.template == "{data}"


@pytest.mark.parametrize(("text", "category", "template", "parts"), [
    ("For the sentence 'I loved the movie', is the sentiment positive or negative?\n"
     "For the sentence 'The food was cold and late', is the sentiment positive or negative?\n"
     "For the sentence 'Great service at the desk', is the sentiment positive or negative?",
     "Sentiment Analysis", "For the sentence '{data}', is the sentiment positive or negative?",
     ["I loved the movie", "The food was cold and late", "Great service at the desk"]),
    ("Is the sentiment of \"The battery dies in an hour\" positive or negative?\n"
     "Is the sentiment of \"Setup took two minutes\" positive or negative?\n"
     "Is the sentiment of \"Nobody answered my emails\" positive or negative?",
     "Sentiment Analysis", "Is the sentiment of \"{data}\" positive or negative?",
     ["The battery dies in an hour", "Setup took two minutes", "Nobody answered my emails"]),
    ("1. Translate 'where is the station' into German.\n2. Translate 'two coffees please' into German.\n"
     "3. Translate 'the bill, please' into German.",
     "Translation", "Translate '{data}' into German.", ["where is the station", "two coffees please",
                                                        "the bill, please"]),
])
def test_lines_repeating_one_task_frame_take_the_frames_category_and_template(
        text: str, category: str, template: str, parts: list[str]) -> None:
    schema = proposed(text, "en")
    assert (schema.category, schema.template, schema.data) == (category, template, parts)


def test_a_frame_without_a_task_keeps_whole_questions_as_items() -> None:
    schema = proposed("What is the capital of France?\nWhat is the capital of Peru?\nWhat is the capital of Kenya?",
                      "en")
    assert schema.category == "Question Answering" and schema.template == "{data}"
    assert schema.data == ["What is the capital of France?", "What is the capital of Peru?",
                           "What is the capital of Kenya?"]


@pytest.mark.parametrize("text", [
    # an outline whose numbered headings are split by a note
    "Write an essay from this outline:\n1. Introduction\n\nKeep the tone light and friendly here.\n\n"
    "2. Main argument\n\n3. Conclusion",
    # requirements numbered across paragraphs
    "Build me a login page.\n1. It must have a password field.\n\nThe field should hide what is typed.\n\n"
    "2. It must support sign-in with Google.\n\n3. It must remember the user for a week.",
    # one labelled problem whose parts build on each other
    "Q. 1 A train covers 90 km in 1.5 hours.\na. Compute its average speed.\n"
    "b. Using the speed from part a, find how long 240 km would take.",
    # "questions" in the introduction that do not name the items
    "I have some questions, but first the steps we follow:\n1. Collect the receipts.\n\n"
    "2. Sort them by month.\n\n3. Enter them in the ledger.",
    # questions that brief one written piece
    "Write a one-page essay that answers,\n\n1) Which risks do smart speakers bring to family privacy?; and, "
    "2) How should makers explain what the devices record?",
    "For an applicant to a nursing degree, write a personal statement (4000 characters at most) with these "
    "questions in mind:\n\n1) Why does the applicant want to become a nurse?\n2) Which placements shaped them?\n"
    "3) What will they bring to the cohort?",
    # one story or email rewritten around the listed questions
    "Rewrite the above story so that the village elders are still alive, and have the young sailor put these "
    "questions to them:\n\n1. Why did you hide the map?\n2. Who burned the old lighthouse?\n3. Is the island cursed?",
    "Please rewrite the email above in a friendlier tone and mention that the course covers these topics, as "
    "bullet points:\n\n- How do I price my first freelance job?\n- Where do I find clients abroad?\n"
    "- How do I invoice in another currency?",
    # the user's draft questions, put up to be judged as a set
    "What is your view on these two research questions for my thesis on hospital rotas?\n"
    "1. How do night nurses rate the new rota?\n2. Does the new rota change the number of sick days?",
    "Any thoughts about my interview questions for the barista job?\n1. Why do you like coffee?\n"
    "2. How would you handle a queue of twenty people?\n3. What does good service mean to you?",
])
def test_numbered_paragraphs_q_labels_and_questions_briefing_one_piece_stay_one_task(text: str) -> None:
    rejected(text, "en")


def test_questions_a_view_is_asked_on_one_by_one_are_still_items() -> None:
    text = ("Give me your view on each of these questions:\n1) Should schools ban phones?\n"
            "2) Should homework be optional?\n3) Should lessons start later?")
    schema = proposed(text, "en")
    assert schema.data is not None and len(schema.data) == 3


def test_questions_answered_each_in_a_written_piece_are_still_items() -> None:
    text = ("Please write a short paragraph for each of these questions:\n1) Why do rivers meander?\n"
            "2) How do deltas form?\n3) What makes a waterfall retreat?")
    schema = proposed(text, "en")
    assert schema.data is not None and len(schema.data) == 3


_KETTLE_MANUAL = ("BREWLINE K2 KETTLE – QUICK GUIDE\n\nFilling\nFill between the MIN and MAX marks. Never boil the "
                  "kettle empty.\n\nLights\n- Blue: heating\n- Green: ready\n- Red blinking: boil-dry protection "
                  "tripped, let it cool for ten minutes\n- Orange: keep-warm on\n- White: descaling reminder\n\n"
                  "Descaling\nDescale every four weeks with one part vinegar to two parts water. The warranty lasts "
                  "two years from purchase.")


def test_numbered_questions_under_a_line_naming_them_beside_a_longer_list() -> None:
    """Rules 2.119: "questions about my kettle, manual is pasted below" over "1- ..." questions, the manual's own
    bullets longer: the line names the shorter list as questions about the text."""
    questions = ["how often should i descale", "what does the red blinking light mean", "how long is the warranty"]
    text = ("questions about my kettle, manual is pasted below\n" + "\n".join(
        f"{index}- {question}" for index, question in enumerate(questions, 1)) + "\n\nMANUAL:\n" + _KETTLE_MANUAL)
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and schema.data == questions
