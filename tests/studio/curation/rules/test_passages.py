"""Passages beside questions or fields become the context (Reading Comprehension, extraction)."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from studio.curation.rules import extract_rules
from studio.curation.rules.passages import (
    FENCED_BLOCK, fenced_blocks,
    _PASSAGE_LABEL, LABEL_WORD_LETTERS, _last_blank_line, find_passage, instruction_region, passage_label)
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


_LABEL_PIECES = ["Text:", " text: ", "\n", "\n\n", "the ", "passage", "Passage：", "x", " ", "\t", ":", "文章:", "\r",
                 "Story \n:", "：", "ſtory", "ᲃтатья:", "The", "1", "-", "_"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_LABEL_PIECES), max_size=12).map("".join), st.data())
def test_a_passage_label_tried_at_line_starts_is_the_first_a_scan_finds(text: str, data: st.DataObject) -> None:
    pos = data.draw(st.integers(0, len(text)))
    endpos = data.draw(st.none() | st.integers(0, len(text) + 2))
    scanned = _PASSAGE_LABEL.search(text, pos) if endpos is None else _PASSAGE_LABEL.search(text, pos, endpos)
    found = passage_label(text, pos, endpos)
    assert (found and found.span()) == (scanned and scanned.span())


def test_every_character_a_label_word_matches_is_a_letter_of_the_label_shape() -> None:
    # `passage_label` skips a line whose start `_LABEL_SHAPE` does not match: that is sound only if every character
    # matching a letter of the label's words case-insensitively ("ſ" for "s", "K" for "k") is one of its letters.
    letters = re.compile("[" + "".join(sorted({char for char in _PASSAGE_LABEL.pattern if char.isalpha()})) + "]",
                         re.IGNORECASE)
    assert not [char for char in map(chr, range(sys.maxunicode + 1))
                if letters.fullmatch(char) and not re.fullmatch(r"[^\W\d_]", char)]


def test_the_label_shape_reads_letter_runs_as_long_as_the_longest_label_word() -> None:
    # `_LABEL_SHAPE` stops a letter run after LABEL_WORD_LETTERS letters (a CJK line is all letters, no spaces): sound
    # only while no word of the label is longer
    words = re.findall(r"[^\W\d_]+", _PASSAGE_LABEL.pattern.split("(?:the\\s+)?", 1)[1])
    assert "предложение" in words and max(map(len, words)) == LABEL_WORD_LETTERS
    long_line = "文" * 5000 + "\n文章：正文"
    assert passage_label(long_line).group(0) == "文章："


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


_SHORT = "Tomas repaired bicycles in a shed behind the mill. Compared with the town shop, he charged half."
_QUESTIONS = "1. Where did Tomas work?\n2. What did he charge?"


@pytest.mark.parametrize("text, passage", [
    # a short paragraph the instruction names ("the text", "this paragraph") is the text, and a comparison cue in it
    # is its content, not a dependency between the questions
    (f"Read the text and then answer the questions.\n\n{_SHORT}\n\n{_QUESTIONS}", _SHORT),
    (f"Answer the questions about this paragraph.\n\n{_SHORT}\n\n{_QUESTIONS}", _SHORT),
    # a quoted abstract the instruction names, shorter than a plain quoted passage, with a colon of its own
    ('Answer these questions about the abstract: "Pollinators visit fewer plots at dusk. Our method: counts on 40 '
     'plots over two summers."\n1. What do pollinators do at dusk?\n2. How were they counted?',
     "Pollinators visit fewer plots at dusk. Our method: counts on 40 plots over two summers."),
    # the reading instruction opens the passage's own paragraph
    ("Read the passage below and answer the questions. The ferry to Inch Island runs twice a day in winter and "
     "every hour in summer; it carries cars, bicycles and the post, and it stops when the wind is too strong.\n"
     "1. How often does it run in summer?\n2. What does it carry?",
     "The ferry to Inch Island runs twice a day in winter and every hour in summer; it carries cars, bicycles and "
     "the post, and it stops when the wind is too strong."),
])
def test_a_passage_the_instruction_names_is_the_context(text: str, passage: str) -> None:
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and schema.context == passage and len(schema.data) == 2
    start, end = next(r.span for r in schema.reasons if r.rule == "passage.context")
    assert text[start:end] == passage


@pytest.mark.parametrize("text", [
    # a short remark before the questions, no text named: the user's own words, not a passage
    f"I am revising for my exam on Friday and I keep mixing these two up, sorry.\n\n{_QUESTIONS}",
    # a short quote when no text is named is part of the request
    'My teacher said "the answers are all in chapter two, so look there first". Answer these:\n' + _QUESTIONS,
    # a short paragraph that asks something itself is no passage
    f"Answer the questions about the text.\n\nIs this the right text, or should I paste the long one?\n\n{_QUESTIONS}",
])
def test_a_short_paragraph_not_named_as_the_text_is_no_context(text: str) -> None:
    schema = proposed(text)
    assert schema.category == "Question Answering" and not schema.context


@pytest.mark.parametrize("text", [
    # a reading cue word inside the passage's first sentence ("lies", German for "read"; "according to") is the
    # passage's own: the passage keeps its first sentence (or no passage is taken), never loses it
    "The old quarry lies two miles east of the village. It sits beside a beech wood that floods every spring, and "
    "it has been closed to walkers since a rockfall in 2019 blocked the lower path.\n\nQ. Where is the quarry?\n"
    "Q. Why is it closed?",
    "According to the parish records, the bridge was rebuilt in 1810. A flood had carried the old one away, and "
    "the toll was dropped in 1870 when the county took it over.\n1. When was the bridge rebuilt?\n"
    "2. When was the toll dropped?",
])
def test_a_reading_cue_inside_the_passage_does_not_cut_it(text: str) -> None:
    schema = structural_validation(extract_rules(text), text)
    assert not schema.context or schema.context.startswith(text[:text.index(".")])


def test_one_question_after_a_short_named_passage_is_one_task() -> None:
    rejected(f"Read the text and answer the question.\n\n{_SHORT}\n\nWhy was he cheaper?")


def test_a_paragraph_under_a_line_asking_to_answer_what_follows_is_the_context() -> None:
    passage = ("Our survey covered four hundred households in three coastal towns between 2019 and 2022. It recorded "
               "weekly spending on fuel, food and rent, and the distance each household travelled to work. The "
               "figures will guide the council's transport budget for the next five years.")
    text = (f"{passage}\nAnswer the following:\n1. Which towns did the survey cover?\n"
            "2. What did the survey record?\n3. What will the figures be used for?")
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and schema.context == passage
    assert schema.data == ["Which towns did the survey cover?", "What did the survey record?",
                           "What will the figures be used for?"]


def test_a_paragraph_that_addresses_the_answerer_is_a_brief_not_a_passage() -> None:
    brief = ("I am preparing for a job interview at a regional bank next week, so keep your answers short, point "
             "out weak spots in the reasoning and suggest better wording for every answer, as a mentor would.")
    schema = proposed(f"{brief}\nAnswer the following:\n1. Why do banks hold reserves?\n"
                      "2. What does a credit analyst do?\n3. How are interest rates set?")
    assert schema.category == "Question Answering" and schema.context is None


def test_listed_tasks_about_a_labelled_text_after_them_are_reading_comprehension() -> None:
    passage = ("When the mill closed in the spring, half of the valley lost its work overnight. My father kept "
               "going to the gates for weeks, as if the whistle might sound again. We learned to live on less, and "
               "the town learned to pretend nothing had changed.")
    text = ("Complete the following tasks:\n1) Summarize the text.\n2) Describe the author's tone.\n"
            "3) What does the author feel about the town?\n\nText:\n\n" + passage)
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and schema.context == passage
    assert schema.data == ["Summarize the text.", "Describe the author's tone.",
                           "What does the author feel about the town?"]


def test_one_paragraph_after_questions_a_read_request_introduces_is_the_context() -> None:
    passage = ("The ferry between Oban and Mull first sailed in 1964 with room for twenty cars. Today two larger "
               "ships share the crossing, making up to fourteen return trips a day in summer, and a new electric "
               "vessel is due to join them when the pier at Craignure has been rebuilt.")
    text = ("Please read this article and tell me: 1) when the ferry first sailed, 2) how many trips it makes a "
            f"day in summer, 3) what is due to join the crossing.\n\n{passage}")
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and schema.context == passage and len(schema.data) == 3


_FERRY = ("The ferry between Oban and Mull first sailed in 1964 with room for twenty cars. Today two larger ships share "
          "the crossing, making up to fourteen return trips a day in summer.")
_VEERPONT = ("De veerpont tussen Oostdorp en Westhaven vaart sinds 1964. In de zomer maakt hij tot veertien overtochten "
             "per dag, en vanaf volgend jaar vaart er een elektrische boot.")


@pytest.mark.parametrize(("text", "passage"), [
    # "read this" points at the text as "this article" would
    ("Read this and answer these questions:\n1) when did the ferry first sail\n2) how many trips does it make a "
     f"day in summer\n3) how many cars did it carry\n\n{_FERRY}", _FERRY),
    # Dutch: "beantwoorden" and "de tekst"
    ("kun je deze vragen beantwoorden over de tekst hieronder?\n1. sinds wanneer vaart de veerpont\n2. hoeveel "
     f"overtochten maakt hij in de zomer\n3. wat komt er volgend jaar\n\n{_VEERPONT}", _VEERPONT),
])
def test_one_paragraph_after_questions_read_this_or_dutch_requests_introduce_is_the_context(
        text: str, passage: str) -> None:
    """Rules 2.72 (read off sets AH and AI)."""
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and schema.context == passage and len(schema.data) == 3


_OSHIRASE = ("【お知らせ】来週の火曜日、午前10時から午後3時まで駐輪場の舗装工事を行います。工事中は自転車を東側の臨時置き場に"
             "移動してください。前日の夜までに移動されていない自転車は管理人が移動します。ご不明な点は管理室までどうぞ。")


def test_one_paragraph_after_questions_a_cjk_request_names_is_the_context() -> None:
    """Rules 2.72 (read off set AH): "お知らせ" (notice), "文章", "本文" and the like name the text as "article" does,
    without the blanks around a word that "\\b" needs; its "前日" (the day before) is the notice's, no step."""
    schema = proposed("以下の質問に、下のお知らせの内容から答えてください。\n・工事は何時から何時までですか？\n"
                      f"・自転車はどこに移動すればいいですか？\n・質問はどこにすればいいですか？\n\n{_OSHIRASE}")
    assert schema.category == "Reading Comprehension" and schema.context == _OSHIRASE and len(schema.data) == 3


@pytest.mark.parametrize("message", [
    "Hi team, Maria here. Please send me the Q2 numbers by Friday noon. Thanks!",
    "Dear Sam, your parcel is held at the depot; you can collect it until 5 June.",
])
def test_a_message_the_request_names_is_the_context_though_it_addresses_its_reader(message: str) -> None:
    """A message speaks to its reader ("please", "you") and may be short: named by the request, it is the text."""
    text = f"Please read this email and tell me: 1) who sent it 2) what they want 3) the deadline\n\n{message}"
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and schema.context == message
    assert schema.data == ["who sent it", "what they want", "the deadline"]


def test_a_paragraph_shorter_than_a_plain_one_after_a_read_request_naming_it_is_the_context() -> None:
    passage = "Once upon a time a young fisherman named Leo dreamed of sailing away, but his father forbade him."
    text = ("Please read the text below and answer the following questions:\n- Who is the main character?\n- What "
            f"does he dream of?\n- Who forbids it?\n\n{passage}")
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and schema.context == passage and len(schema.data) == 3


def test_a_passage_between_the_request_colon_and_its_numbered_questions_is_the_context() -> None:
    passage = "The Tay Bridge opened in 1878 and fell in a storm in 1879. Thomas Bouch had designed it."
    text = f"Please answer the questions based on the following paragraph: {passage} 1. When did the bridge open? " \
           "2. Who designed the bridge?"
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and schema.context == passage
    assert schema.data == ["When did the bridge open?", "Who designed the bridge?"]


def test_a_closing_paragraph_that_addresses_the_answerer_is_no_passage() -> None:
    text = ("Read my notes and answer these questions:\n1. What is a watershed?\n2. How do wetlands store water?\n"
            "3. Why do floods follow long droughts?\n\nKeep each answer short and simple because they are for my "
            "nephew, who is nine years old and preparing a poster for his school science fair next Friday.")
    schema = proposed(text)
    assert schema.category == "Question Answering" and schema.context is None


def test_a_paragraph_alone_before_questions_about_it_is_the_context() -> None:
    passage = ("The Harwick canal was dug between 1791 and 1796 to carry coal from the hill mines to the river "
               "port. Its nineteen locks lift boats ninety metres, and a tunnel of two kilometres takes it under "
               "Greyfell ridge, where horses were led over the top while crews legged the boats through.")
    text = (f"{passage}\n\nQ1. When was the canal dug?\nQ2. How many locks does the canal have?\n"
            "Q3. What did crews do in the tunnel?")
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and schema.context == passage and len(schema.data) == 3


def test_a_paragraph_about_the_asker_before_questions_is_no_passage() -> None:
    text = ("We moved to a small coastal town last spring and our garden faces the sea, with salty wind most of the "
            "year, sandy soil that dries out quickly and almost no shade for the afternoon sun in summer.\n\n"
            "1. Which shrubs tolerate salty wind?\n2. How often should sandy soil be watered?\n"
            "3. What gives shade quickly in a garden?")
    schema = proposed(text)
    assert schema.category == "Question Answering" and schema.context is None


def test_a_paragraph_telling_how_to_answer_is_no_passage() -> None:
    text = ("Answer the questions below as if you were a candidate in an oral history exam.\n\n"
            "For every question, you should give one clear claim, support it with a dated example and end with a "
            "one-line conclusion. Your answers should stay under a hundred words each and avoid bullet points.\n\n"
            "1. Why did the Hanseatic League decline?\n2. What did the printing press change for universities?\n"
            "3. How did the Black Death affect wages?")
    schema = proposed(text)
    assert schema.category == "Question Answering" and schema.context is None


def test_a_role_set_up_paragraph_is_no_passage() -> None:
    text = ("You are to act as a museum curator. I want you to plan the new audio guide for our coastal history "
            "room, keeping the tone warm and the facts checked, and to tell me where the current texts fall short.\n"
            "\nHere are the current panel titles:\nWhy did the harbour silt up?\nWho built the first lighthouse?\n"
            "How did the herring trade end?\nWhat did the smugglers hide in the caves?")
    schema = extract_rules(text)
    assert schema.category != "Reading Comprehension" and schema.context is None


def test_a_straight_quote_after_a_word_closes_a_quote_and_opens_no_passage() -> None:
    before = ('Run some "sanity checks" on the survey data first, because several answers were typed by hand and '
              'a few columns were merged by mistake last year; the cleaned file is saved as "survey_2023.csv".\n')
    assert find_passage(before, "") is None
    quoted = 'Read this: "' + "The harbour froze in the winter of 1740 and ships waited for weeks. " * 3 + '"\n'
    passage = find_passage(quoted, "")
    assert passage is not None and passage[0].startswith("The harbour froze")


def _last_blank_line_as_before(text: str, end: int) -> int | None:
    """`_last_blank_line` as written before session 24, stripping the whole rest of the text at every line."""
    position = text.rfind("\n", 0, end)
    while position > 0:
        before = text.rfind("\n", 0, position)
        if not text[before + 1:position].strip() and text[position:end].strip():
            return position + 1
        position = before
    return None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["\n", "\n\n", " ", "\t", "a", "word.", "\u3000"]), max_size=20).map("".join),
       st.integers(0, 40))
def test_the_last_blank_line_is_found_as_before(text: str, cut: int) -> None:
    """Whether the rest holds anything is read once (where the text's content ends), not by stripping the rest at
    every line, which cost quadratic time over a long run of line breaks."""
    from studio.curation.rules.passages import _last_blank_line

    end = min(cut, len(text))
    assert _last_blank_line(text, end) == _last_blank_line_as_before(text, end)


def _last_blank_line_walking_every_line(text: str, end: int) -> int | None:
    """`passages._last_blank_line` as it was: the walk back started at `end`, through the blanks before it too."""
    content_end = len(text[:end].rstrip())
    position = text.rfind("\n", 0, end)
    while position > 0:
        before = text.rfind("\n", 0, position)
        if not text[before + 1:position].strip() and position < content_end:
            return position + 1
        position = before
    return None


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["\n", "\n\n", " ", "\t", "\r", "\x85", "\u2028", "a", "b c"]), max_size=14)
       .map("".join), st.integers(0, 40))
@example("a\n\nb\n\n\n", 7)
@example("\n\na", 3)
def test_the_last_blank_line_walked_from_the_last_content_is_the_one_walked_from_the_end(text: str, end: int) -> None:
    assert _last_blank_line(text, min(end, len(text))) == _last_blank_line_walking_every_line(text, min(end, len(text)))


_AGREEMENT = ("This Services Agreement is entered into on March 3, 2021 between Globex LLC and Initech Inc. for a "
              "total fee of $45,000.")


@pytest.mark.parametrize("introduction", ["Extract the following entities from the text above:",
                                          "From the text above, extract:"])
def test_the_line_introducing_a_list_after_a_labelled_text_is_the_request(introduction: str) -> None:
    """ "Text: <text>\\n\\nExtract ... from the text above:\\n- ...": the last line before the list, set apart by a blank
    line, is no part of the text (it was read as the text's end, and the fields had no request)."""
    text = f"Text: {_AGREEMENT}\n\n{introduction}\n- Company names\n- Date of agreement\n- Total amount"
    schema = proposed(text)
    assert schema.context == _AGREEMENT
    assert schema.data == ["Company names", "Date of agreement", "Total amount"]
    assert introduction in schema.template


def test_a_labelled_text_ending_in_a_colon_of_its_own_keeps_its_last_line() -> None:
    """Only a line set apart by a blank line is taken off the text: the text's own last line may end in a colon."""
    passage, instruction, _, _ = find_passage(f"Text: {_AGREEMENT} The parties agreed:\n", "")
    assert passage == f"{_AGREEMENT} The parties agreed:" and instruction == ""


_NOTE = ("62-year-old female with type 2 diabetes, started on metformin 500 mg twice daily. Follow-up in 3 "
         "months.")


@pytest.mark.parametrize("opener", ["Here is a medical note:", "Here's the doctor's note:", "Below is a short report:"])
def test_a_text_presented_by_what_it_is_is_the_passage_of_the_questions_after_it(opener: str) -> None:
    """ "Here is a medical note: <text>\\n<questions>": a short text presented by its kind is the questions' passage
    (it was read as the asker's situation, and the questions as one inquiry about it)."""
    text = (f"{opener} {_NOTE}\nWhat is the patient's diagnosis?\nWhat medication was prescribed?\n"
            "When is the follow-up?")
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and schema.context == _NOTE
    assert schema.data == ["What is the patient's diagnosis?", "What medication was prescribed?",
                           "When is the follow-up?"]


@pytest.mark.parametrize("text", [
    f"Here is my situation: {_NOTE}\nWhat should I do? Should I see another doctor? Is it serious?",
    f"Here is my note: {_NOTE}\nIs it clear? Would you change anything? Is it too short?",
])
def test_the_askers_own_situation_or_draft_is_no_presented_text(text: str) -> None:
    """Not a situation, and not "my"/"our" text: their questions ask for advice on it, one inquiry."""
    assert find_passage(text[:text.index("\n") + 1], "") is None


_STORY = ("The lighthouse keeper rowed out every Sunday to fetch supplies from the mainland. The crossing took an hour "
          "when the sea was calm.\n\nOne Sunday the fog came down before noon. He tied the boat to the buoy and waited "
          "instead of turning back. Then he heard a bell somewhere to the north.\n\nBy evening the fog lifted, and he "
          "saw that the bell hung on a wreck nobody had charted.")


@pytest.mark.parametrize("request_line", [
    "Read this story and answer the questions under it.",
    "answer from this story, one line each:",
])
def test_a_story_of_several_paragraphs_under_a_request_to_read_it(request_line: str) -> None:
    """Rules 2.58: all the paragraphs between the request and the questions are the text, so the "Then" of its
    second paragraph is its own, not the request's."""
    text = (f"{request_line}\n\n{_STORY}\n\n(a) How often did the keeper row out?\n(b) Why did he wait at the buoy?\n"
            "(c) What did the bell hang on?")
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and schema.context == _STORY
    assert schema.data == ["How often did the keeper row out?", "Why did he wait at the buoy?",
                           "What did the bell hang on?"]


def test_questions_before_a_request_naming_the_text_after_them() -> None:
    story = _STORY.replace("Then he heard", "Il entendit alors")
    text = ("- Quand le gardien partait-il ?\n- Pourquoi a-t-il attendu ?\n\n"
            f"Réponds à ces questions à partir du texte suivant :\n\n{story}")
    schema = proposed(text, language="fr")
    assert schema.context == story and len(schema.data) == 2


def test_a_brief_of_several_paragraphs_is_not_taken_whole() -> None:
    """Not when the paragraphs ask something or tell how to answer: the asker's brief."""
    text = ("Read this and answer the questions below.\n\nI run a small bakery. You should answer as a business "
            "coach who knows the trade and speaks plainly to owners.\n\nWe open at six and close at two, and sales "
            "fall after ten most days.\n\n1. Should I open later?\n2. Should I close earlier?")
    schema = structural_validation(extract_rules(text), text)
    assert schema.context != text[text.index("I run"):text.index("\n\n1.")].strip()


_FAQ = ("Greenway Bikes - FAQ\n\nCan I hire a child seat?\nYes, child seats cost £3 a day and fit children up to "
        "22 kg.\n\nWhat if I return the bike late?\nLate returns cost £5 for each hour started, up to the price of a "
        "full day.\n\nDo you open on Sundays?\nWe open 10am to 4pm on Sundays and bank holidays.")


def test_an_faq_below_the_request_keeps_its_own_questions() -> None:
    """Rules 2.59: the request points at the text below, so its own questions ("Can I hire a child seat?") are the
    text's, not a brief's."""
    text = (f"Using the FAQ below answer my questions please\n\n{_FAQ}\n\n1) how much is a child seat\n"
            "2) what does it cost to bring the bike back two hours late\n3) can I hire on a sunday afternoon")
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and schema.context == _FAQ and len(schema.data) == 3


def test_an_email_below_the_questions_is_taken_whole() -> None:
    """Rules 2.59: "based on the email below" before the questions names the paragraphs after them; a "then" in
    the email is its own."""
    email = ("Hi both,\n\nOn Monday we meet at the north gate at 8:15, then walk to the quarry together. Lunch is at "
             "the visitor centre at 12:30.\n\nOn Tuesday the minibus leaves at 9:00 sharp. Bring boots and a "
             "waterproof.\n\nSee you soon,\nRuth")
    text = (f"Can you answer these based on Ruth's email below?\n1. Where do we meet on Monday?\n"
            f"2. When does the minibus leave?\n3. What should we bring?\n\n{email}")
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and schema.context == email and len(schema.data) == 3


def test_questions_numbered_with_a_full_width_parenthesis() -> None:
    notice = ("关于体育馆开放时间调整的通知\n\n自3月1日起，体育馆周一至周五开放时间为7:00—21:00，周末为9:00—18:00。\n\n"
              "游泳池每周二下午闭馆清洁。")
    text = f"请阅读下面的通知，回答问题：\n1）周末几点开门？\n2）游泳池什么时候闭馆清洁？\n\n{notice}"
    schema = proposed(text, language="zh")
    assert schema.data == ["周末几点开门？", "游泳池什么时候闭馆清洁？"]


def test_a_request_asked_as_a_question_about_the_questions_opens_the_text_below() -> None:
    """Rules 2.60 (read off N-43): "pouvez-vous répondre à ces questions ... ci-dessous ?" is a request, its "?"
    polite; the notice below it, several paragraphs, is the context whole, and its "la veille" no dependency."""
    notice = ("Piscine municipale — Horaires d'été\n\nÀ partir du 1er juillet, la piscine ouvre de 10 h à 19 h du "
              "mardi au dimanche. Elle est fermée le lundi pour l'entretien des bassins.\n\nLes enfants de moins de "
              "10 ans doivent être accompagnés. Les réservations pour les cours se font la veille avant 18 h à "
              "l'accueil.\n\nLe tarif est de 3,50 euros, 2 euros pour les étudiants.")
    text = ("Bonjour, pouvez-vous répondre à ces questions à partir de l'affiche ci-dessous ?\n\n" + notice
            + "\n\n1. Quels jours la piscine est-elle fermée ?\n2. Quand faut-il réserver les cours ?\n"
              "3. Combien coûte l'entrée pour un étudiant ?")
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and schema.context == notice and len(schema.data) == 3


def test_a_first_paragraph_asking_its_own_question_is_no_request_to_read() -> None:
    """The "?" is allowed only where the request asks about the questions: "Can you answer what a bassin is?" asks
    one thing, and the text below stays cut at its longest paragraph."""
    from studio.curation.rules.passages import _polite

    assert _polite("Can you answer these questions from the notice below?")
    assert not _polite("What is a bassin? Can you answer these questions from the notice below?")
    assert not _polite("Can you tell me what the notice below means?")


_GUARANTEE = ("GUARANTEE. Brightwell kettles are guaranteed against faults in materials and workmanship for 3 years "
              "from the date of purchase. The guarantee does not cover limescale damage or use with the wrong "
              "voltage. To claim, contact Brightwell Care with your receipt and the model code printed under the "
              "base. Brightwell will repair or replace the kettle at its option.")


@pytest.mark.parametrize("text", [
    # a short line naming the text, ending in a colon, the text right under it (it addresses its reader: "your")
    "Guarantee text from the leaflet:\n" + _GUARANTEE + "\n\n1 - is it still covered after 2 years?\n"
    "2 - where is the model code\n3 - does limescale count",
    # the text's name alone on its line, no colon
    "Notice\n" + _GUARANTEE + "\nQuestions\n• is it still covered after 2 years?\n• where is the model code?\n"
    "• does limescale count?",
    # fenced by dashes, the questions under it
    "---\n" + _GUARANTEE + "\n---\nQ: is it still covered after 2 years?\nQ: where is the model code?\n"
    "Q: does limescale count?",
])
def test_a_text_named_or_fenced_over_its_questions_is_the_context(text: str) -> None:
    """Rules 2.61 (read off D-21, B-23, A-4): the passage is found from the line that names it or the fences around
    it, not from its reading cues, so the questions are Reading Comprehension with the text as context."""
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and schema.context == _GUARANTEE and len(schema.data) == 3


def test_a_line_naming_no_text_gives_the_paragraph_under_it_no_context() -> None:
    """"My situation:" names no text: the paragraph is the asker's own, and the questions stay without a context."""
    from studio.curation.rules.passages import _fenced_text, _headed_text

    assert _headed_text("My situation:\n" + _GUARANTEE + "\n\n", 0) is None
    assert _headed_text("Guarantee text from the leaflet:\n" + _GUARANTEE + "\n\n", 0)[0] == _GUARANTEE
    assert _fenced_text("---\n" + _GUARANTEE + "\n---\nAnd one more thing.", 0) is None  # (not fenced alone)


# -- rules 2.65 ---------------------------------------------------------------------------------------------------------
_STORY = ("The bus left Mrs Adair at the bottom of the hill, as it always did, and she began the long walk up to the "
          "house. At the gate she stopped, because the kitchen light was on.\n\nShe did not go in by the front door. "
          "Then she went round by the side path, past the rhubarb, to the back window of the kitchen.")


def test_an_extract_of_several_paragraphs_after_its_questions_is_all_of_it() -> None:
    """Its later paragraph's "Then" is the story's, not an instruction about the questions' order."""
    passage, instruction, _, side = find_passage("Read the extract and answer:\n", "\n\n" + _STORY)
    assert passage == _STORY and instruction == "" and side == 1


def test_a_short_instruction_after_the_passage_stays_an_instruction() -> None:
    found = find_passage("Read the extract and answer:\n", "\n\n" + _STORY.split("\n\n")[0] * 2
                         + "\n\nAnswer in French.")
    assert found is not None and found[1] == "Answer in French."


def test_a_document_noun_labels_the_text_after_it() -> None:
    """ "minutes:", "invoice:", "report:" on their line label the text under them as "Text:" does."""
    minutes = ("The summer fair raised 2,430 pounds. The committee chose Playwell Ltd for the climbing frame on "
               "condition that it is installed before October. The Christmas fair is on 9 December and the next "
               "meeting will be held in the school library.")
    text = ("I missed the PTA meeting, can you answer these from the minutes\n- How much did the summer fair raise?\n"
            "- Which company was chosen for the climbing frame?\n- When is the Christmas fair?\n\nminutes:\n" + minutes)
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and schema.context == minutes


_VISIT_NOTES = ("Nurse: Your sugar levels this month averaged 7.9, a little above target.\nDad: Is that a problem?\n"
                "Nurse: Not yet. We'll raise the gliclazide from 40 to 80 mg with breakfast, and the statin stays as "
                "it is.\nDad: And the eye check?\nNurse: Book the retinal screening for next month at the clinic. "
                "Then we'll see you again in three months.")


def test_a_one_paragraph_text_after_questions_asked_from_it_is_their_context() -> None:
    """Rules 2.93: a request answering "from it" before its questions points at the text after them, one paragraph
    of lines too; the text's own "Then" is no step of the request."""
    text = ("I wrote down what the nurse told my dad at his check-up. Can you answer a few things from it:\n"
            "(a) what is the new gliclazide dose\n(b) did the statin change\n(c) when is the eye screening\n\n"
            + _VISIT_NOTES)
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and schema.context == _VISIT_NOTES
    assert schema.data == ["what is the new gliclazide dose", "did the statin change", "when is the eye screening"]


def test_a_request_to_the_answerer_is_no_set_up_of_an_exam_problem() -> None:
    """Rules 2.93: the statements before lettered questions set up an exam problem; a paragraph asking the answerer
    ("can you ...") is the request, not the context every part needs."""
    schema = extract_rules("I wrote down what the nurse told my dad at his check-up. Can you answer a few things:\n"
                           "(a) what is the new gliclazide dose\n(b) did the statin change\n"
                           "(c) when is the eye screening")
    assert schema.context is None


_SCAN_REPORT = ("ULTRASOUND REPORT - ABDOMEN\nIndication: pain after meals.\nFindings: The gallbladder holds several "
                "small stones with no wall thickening. The liver is normal in size with a 1.8 cm simple cyst in the "
                "right lobe. Kidneys are unremarkable.\nImpression: Gallstones without inflammation; a simple liver "
                "cyst, in contrast to a solid mass needing no follow-up.")


def test_the_one_paragraph_after_questions_is_the_text_the_request_holds_as_this_report() -> None:
    """Rules 2.106: "got this scan report" names the text with no word asking to read it; the one paragraph after
    the questions is that text, and its own "in contrast" compares nothing the request asks."""
    text = ("my mum got this scan report today and the appointment is only next month. can you explain simply:\n"
            "1) are the stones dangerous?\n2) what is the thing in the liver?\n3) does she need more scans?\n\n"
            + _SCAN_REPORT)
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and schema.context == _SCAN_REPORT
    assert schema.data == ["are the stones dangerous?", "what is the thing in the liver?", "does she need more scans?"]


def test_one_paragraph_after_questions_a_request_asks_of_a_text_is_their_passage() -> None:
    """ "ответь на вопросы по тексту" (answer the questions about the text) over a numbered list, one paragraph after
    it: that paragraph is the text, so the questions are Reading Comprehension with it as their context."""
    passage = ("Байкал — самое глубокое озеро на планете: его максимальная глубина составляет 1642 метра. В нём "
               "содержится около 20 % мировых запасов пресной воды. В Байкал впадает более 300 рек, а вытекает только "
               "одна — Ангара. Зимой толщина льда достигает метра.")
    schema = proposed("ответь на вопросы по тексту\n1) какая максимальная глубина?\n2) сколько рек вытекает?\n3) какой "
                      "толщины лёд?\n\n" + passage)
    assert schema.category == "Reading Comprehension" and schema.context == passage


def test_a_straight_quote_after_punctuation_closes_a_quotation() -> None:
    """ 'During "deep rest," the bats ... a short "alert" phase': the text between the two quotations is no quoted
    passage, so the whole paragraph before the questions is their context, and "compared" inside it is no
    dependency cue of the instruction."""
    passage = ('Biologists tracking fruit bats report two kinds of daytime rest. During "deep rest," the bats hang '
               'motionless with their wings wrapped tight and their heart rate drops sharply. Every hour or so, '
               'however, they wake for a short "alert" phase lasting a few minutes, in which they groom, shuffle along '
               'the branch and call to their neighbours. Some researchers have compared this to the light sleep of '
               'birds, but the team says more recordings are needed.')
    schema = proposed(passage + "\nQ: what happens to their heart rate in deep rest\nQ: how often does the alert "
                                "phase come\nQ: what do they do while alert?")
    assert schema.category == "Reading Comprehension" and schema.context == passage


def test_a_request_line_naming_the_text_ends_a_labelled_text() -> None:
    """Rules 2.116: under "review: <the review>", the last line "from this review get me" (no colon) names the text
    as its source: it introduces the list after it, not a line of the review."""
    review = '"bought the Tidewell kettle in march, it boils fast but the lid sticks. 3 stars, would not buy again."'
    passage, instruction, start, side = find_passage("review:\n" + review + "\n\nfrom this review get me\n", "")
    assert (passage, instruction, side) == (review, "from this review get me", 0)


_FENCE_PIECES = ["```", '"""', "~~~", "---", "----", "-----", "-", "`", "\n", "\n\n", " ", "\t", "\r", "x", "note\n"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_FENCE_PIECES), max_size=40).map("".join))
@example("-----\nx\n---\ny\n----\n")
@example("---- a\n" * 50)
def test_fenced_blocks_are_the_fence_regexes_own(text: str) -> None:
    """`fenced_blocks` finds, in linear time, the blocks `FENCED_BLOCK`'s lazy scan finds: the same matches, spans and
    fences, dashes tried from the most."""
    expected = [(m.span(), m.groups()) for m in FENCED_BLOCK.finditer(text)]
    assert [(m.span(), m.groups()) for m in fenced_blocks(text)] == expected
