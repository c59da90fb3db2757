"""Single-task shapes: code tasks and the answer options of one multiple-choice question (a numbered exam question
with its lettered options too) are never split."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from studio.curation.lexicon.matching import Probe, probe
from studio.curation.rules import single_task
from studio.curation.rules.single_task import (
    _ACK_QUESTIONS, _ANSWERS_GIVEN, _CODE_LINE_BODY, _CODE_REQUEST, _STATEMENT_ENDS, _STATEMENT_MARKS,
    _WHOLE_TEXT_REQUEST, _WHOLE_TEXT_TASKS, _code_lines, _may_hold_code_lines, _request_near, acknowledgement_only,
    answer_options, code_task, whole_text_task,
)
from tests.studio.curation.rules.support import (
    accepted, assert_matches_alike, not_proposed, plain_form, proposed, rejected,
)


@pytest.mark.parametrize("text", [
    # a pasted schema whose numbered relations look like items
    "Given the library database below:\nCREATE TABLE books (\n  id int NOT NULL,\n  title varchar(200),\n"
    "  author_id int\n);\nWrite queries for the following:\n1. All books by one author\n2. Authors with no books\n"
    "3. The newest book",
    # pasted program text with a numbered comment block
    "import os\nimport sys\n\n# steps:\n# 1. read\n# 2. parse\ndef main(path):\n    data = open(path).read();\n"
    "    return data\n\nExplain the following parts of this script:\n1. the imports\n2. the main function",
    # a request for code that states a count of objects inside the program
    "Write some Go code to create 4 worker goroutines that each read from one channel.",
    "give me the code for a snake game where I can change: the snake colour, the food colour, and the speed.",
])
def test_code_tasks_are_one_task(text: str) -> None:
    schema = rejected(text, "en")
    assert any(reason.rule == "refuse.code" for reason in schema.reasons)


@pytest.mark.parametrize("text", [
    "Write 5 short poems about code reviews.",
    "Extract the following fields from the invoice below: total; due date; customer name.\n\n"
    "Invoice 2231 for ACME Ltd, total 300 EUR, due on 4 May.",
    "The contract lists these duties;\n1. keep the site clean;\n2. report damage;\n3. lock the gate;",
])
def test_prose_with_semicolons_or_the_word_code_is_not_code(text: str) -> None:
    assert code_task(text) is None


def test_a_count_of_ideas_for_an_app_is_not_a_code_request() -> None:
    assert code_task("Generate 10 bot names for my Discord server") is None
    assert accepted("Generate 10 bot names for my Discord server", "en").n == 10


@pytest.mark.parametrize("text", [
    "Which of these statements about photosynthesis is true?\nA. It happens only at night.\n"
    "B. It turns light energy into chemical energy.\nC. It needs no water.\nD. It happens in the mitochondria.",
    "A train leaves at 9:00 and travels 120 km at 60 km/h. When does it arrive?\n\na) 10:00\nb) 11:00\nc) 12:00",
    # the options are questions themselves, lettered or numbered, after a choice stem
    "Which of the following research questions is best answered with a customer survey?\n"
    "a. How can we lower the churn of our premium plan?\nb. How many of our users would pay for offline mode?\n"
    "c. Why did the March release crash on older phones?",
    "Which of the following questions is best answered by a controlled experiment?\n"
    "1) What do nurses think of the new rota?\n2) Does the new fertiliser raise the yield of wheat?\n"
    "3) How has the price of bread changed since 1990?",
    # one question whose lettered options stand inline after it
    "A shop lets customers log in with their Google account and share wish lists with friends. Which social "
    "commerce features does it use? A) social sign-on B) social search C) collaborative shopping D) none of these",
    # one question inside a long study set-up
    "I am getting ready for my networking certification, and I will paste the practice questions one at a time. "
    "For each one tell me the right letter and explain it briefly.\n\nWhich of the following protocols resolves "
    "a host name to an IP address?\nA. DHCP\nB. DNS\nC. ARP\nD. ICMP",
])
def test_answer_options_of_one_question_are_not_items(text: str) -> None:
    rejected(text, "en")


@pytest.mark.parametrize("text", [
    "Unit 6 of my evidence law notes.\nYou only need to reply with \"Memorized\", nothing else.\n\n"
    "Hearsay exceptions\n1. Statements against interest.\n2. Dying declarations.\n3. Excited utterances.",
    "Here is section 12 of the Residential Tenancies Act. Just remember it for now; if you understand, limit your "
    "reply to the word: \"acknowledged\".\n\n12 Rent increases\n(a) the landlord must give 60 days notice;\n"
    "(b) the notice must state the new rent;\n(c) rent may be increased once in 12 months.",
    "When possible, I want you to weave the following target phrases into the landing page: roof repair, gutter "
    "cleaning, storm damage. Do you acknowledge?",
    # a set-up that ends by checking it was taken in: the task comes in a later message
    "Please translate these three notes into Spanish when I say go:\n1. The shop opens at nine.\n"
    "2. Parking is at the back.\n3. Dogs are welcome.\nDo you understand?",
    "Each time I send a tea name, write 3 short blurbs about it, under 40 words each. Do you understand?",
    "Translate the following notes later, when I ask:\n1. The bakery closes at six.\n2. Bikes go by the door.\n"
    "3. Cash only on Sundays.\nJust remember this information for now.",
])
def test_material_pasted_to_be_acknowledged_is_not_split(text: str) -> None:
    rejected(text, "en")
    reason = acknowledgement_only(text, probe(text))
    assert reason is not None and reason.rule == "refuse.paste"


def test_understanding_asked_of_a_question_is_no_set_up() -> None:
    accepted("Give me 4 simple experiments that help a child understand magnetism.", "en")
    text = "Write 5 quiz questions that test whether students understand fractions."
    assert acknowledgement_only(text, probe(text)) is None


def test_the_word_read_outside_a_reply_request_is_no_acknowledgement() -> None:
    text = "Read the article below and answer: who wrote \"Read\" and when? Why was it banned?"
    assert acknowledgement_only(text, probe(text)) is None
    assert acknowledgement_only("İstanbul notes. Please reply \"noted\".", probe("İstanbul notes. Please reply "
                                                                                     "\"noted\".")) is not None


def test_lettered_sub_questions_are_not_answer_options() -> None:
    before = "A car of mass 1200 kg accelerates from rest to 20 m/s in 8 s.\n"
    items = ["What is its acceleration?", "What net force acts on it?"]
    assert not answer_options(before, items, "letter")
    assert answer_options("Which one is a mammal?\n", ["A whale", "A shark"], "letter")
    assert not answer_options("Which one is a mammal?\n", ["A whale", "A shark"], "num")


def test_a_request_for_code_is_found_after_letters_that_lowercase_to_two() -> None:
    """"İ".lower() is two characters: the search window must still be where the noun is in the prompt."""
    text = "İ" * 90 + " Please write a Python script that renames files"
    reason = code_task(text)
    assert reason is not None and reason.span is not None
    assert text[reason.span[0]:reason.span[1]] == "write a Python script"


@pytest.mark.parametrize("text", [
    "We sell barcode printers in Ohio. Write 5 funny programmers jokes for our blog.",
    "Our scripture group meets weekly. Write 3 pythonic puns for the newsletter.",
])
def test_a_code_request_is_read_on_the_whole_text_not_on_the_window_around_a_noun(text: str) -> None:
    """The window around a noun ("code" in "barcode") ended inside "programmers", "program" read as the noun: the
    request is confirmed on the whole text, so a prompt with a noun token decides as one without (session 23)."""
    assert code_task(text) is None and code_task(text, probe.__wrapped__(text)) is None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["write a", "Python", "script", "code", "İ", "Σ", "ΑΣ", "K", " ", "\n", "中", "me ",
                                 "bot", "about"]), max_size=16).map("".join))
def test_a_code_request_is_the_same_with_or_without_the_prompts_probe(text: str) -> None:
    """With the probe the scanned start's lowercase is sliced off the prompt's; the answer must not change."""
    assert code_task(text, probe.__wrapped__(text)) == code_task(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["Write", "GIVE me", "show Me", "ſhow me", "wrıte", "Wrİte", "maKe", "build", "develop",
                                 "implement", "provide", "generate", "create", " a ", " me ", "Python", "script", "code",
                                 "bot", "_", "3", "é", "-", "ı", "İ", "ſ", " ", "\n", "中", "both", "SQL", " query",
                                 "javaſcript", "JavaScript", "enCODE", "ſcript", "PHP", "\u2028", "Kode", "macros",
                                 "programs", "regex_", "vba1"]), max_size=14).map("".join))
@example("wrıte a python script")  # read as "write" case-insensitively, though no probe word
@example("ſhow me the code")
@example("write me a javaſcript")  # the noun read case-insensitively, though no probe word
@example("write both descriptions")
def test_a_prompt_without_a_request_verb_or_noun_is_searched_as_one_with(text: str) -> None:
    """The probe's words rule out a request for code (no verb or no noun among them) only when the full search (no
    probe) finds none either."""
    assert code_task(text, probe.__wrapped__(text)) == code_task(text)


_CODE_PIECES = ["from x import", "from a.b import ", "import os", " as o", "def f(", "class A:", "class B(", "elif x:",
                "#include <a>", "SELECT a FROM b", "CREATE TABLE t", "`id` int", "print(", "<div>", "x = f(1);",
                "if (x) {", ";", ")", "{", "\n", " ", "\t", "text", "Some text", "async def g(", "\r", "```", "x", "="]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_CODE_PIECES), max_size=20).map("".join))
@example("from x import\nclass A:")  # a match ending with the line break the next code line starts after
@example("x\nfrom x import\nclass A:")
def test_code_lines_and_statement_ends_are_counted_as_one_multiline_scan_counts_them(text: str) -> None:
    assert _code_lines(text) == len(re.compile("^" + _CODE_LINE_BODY, re.M).findall(text))
    ends = re.compile(r"(?:;|\)[ \t]*\{)[ \t]*$", re.M).finditer(text)
    assert sorted(match.start() for pattern in _STATEMENT_ENDS for match in pattern.finditer(text)) == [
        match.start() for match in ends]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*_CODE_PIECES, "<?php", "<?phpinfo", "</SPAN>", "System.out", "console.log(", "DEF ",
                                 "Int", "date", "dates", "text2", "int_", "é", "—", "中", "İ", "ſ", "K", "Σ", "TABLE",
                                 "ALTER", "UPDATE u SET", "INSERT INTO", "sum;", "a {", "include"]),
                max_size=20).map("".join))
@example("<?phpinfo();")
@example("id\tint—")
@example("`id` DATE")
def test_a_prompt_whose_words_hold_no_code_line_word_has_no_code_line(text: str) -> None:
    """`code_task` counts code lines only where the probe's words hold a word every code line holds (or "<?php"),
    and statement ends only where their mark is: the lines found are those of the full scan."""
    if not _may_hold_code_lines(text, probe.__wrapped__(text)):
        assert _code_lines(text) == 0
    for pattern, mark in zip(_STATEMENT_ENDS, _STATEMENT_MARKS):
        assert mark in text or pattern.search(text) is None
    assert code_task(text, probe.__wrapped__(text)) == code_task(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([*_CODE_PIECES, "    ", "`", "id ", "name\tvarchar", "rows = [1, 2]", "word  int"]),
                max_size=20).map("".join))
@example("        rows = [line for line in fh]\n  `id`  int,\n\tprint(x)")
def test_the_possessive_code_line_indent_and_word_match_as_greedy_ones(text: str) -> None:
    """No code-line alternative starts with a space or a tab, and a column name is followed by a backtick or
    whitespace, never by a word character: giving back indent or name characters cannot find a match, so a line
    is tried once, not once per indent or name character."""
    greedy = re.compile(_CODE_LINE_BODY.replace(r"[ \t]*+(?:", r"[ \t]*(?:", 1).replace(r"`?\w++`?", r"`?\w+`?", 1),
                        re.M)
    possessive = re.compile(_CODE_LINE_BODY, re.M)
    assert greedy.pattern.count("+") == possessive.pattern.count("+") - 2
    assert_matches_alike(possessive, greedy, text)


@pytest.mark.parametrize("text", [
    # a summary of one pasted contract whose clauses are numbered
    "summarize this: the tenant shall 1. pay the rent by the fifth of each month; 2. keep the garden tidy; "
    "3. report any leak within two days; 4. not sublet the flat without written consent.",
    # tags for one pasted text holding a bulleted list
    "Could you suggest good tags for this blog text?\n\n## Why I walk to work\n\n- it is cheaper than the bus\n"
    "- it clears my head before meetings\n- I see the river every morning",
    # the arguments of one cited article (its authors look like a comma list)
    "What are the main arguments of this paper: Lindqvist, M., Osei, K., & Brandt, P. (2019). Slow cities and "
    "fast rents. Urban Review, 12, 33-58.",
    # a reply to one pasted email that states a count
    "write a reply to this email: Hello, I need three more days to finish the audit because two of our "
    "servers were down last week. Thanks, Dana",
    # a paraphrase of one pasted text under a bare colon
    "paraphrase: Marta, a quiet engineer, rebuilds the town's clock, its bell, its gears and its painted face "
    "before the winter fair.",
    # a summary of one pasted text in points (the text, not the points, is the object)
    "Summarize the following in points, leave no detail out:\nThe Long Harvest\n1. Farmers planted early that year.\n"
    "2. The rains came late.\n3. Most of the wheat was saved by the river canals.",
    # the same request in French and Spanish
    "Résume ce texte : la mairie a voté trois mesures, 1. fermer le pont, 2. planter des arbres, 3. ouvrir une "
    "bibliothèque.",
    "Resume este texto: el club organizó cuatro actividades: 1. una carrera, 2. un concierto, 3. una feria, "
    "4. una cena.",
])
def test_one_task_on_one_pasted_text_is_not_split(text: str) -> None:
    schema = rejected(text, "en")
    assert not schema.parallelizable
    reason = whole_text_task(text)
    assert reason is not None and reason.rule == "refuse.whole-text" and reason.span is not None


@pytest.mark.parametrize("text", [
    # several texts, or each part, or questions about the text: still split
    "Summarize the following articles:\n1. The city council voted to close the old bridge to cars from May.\n"
    "2. A new bakery opened on Elm Street and sold out its bread by noon.\n"
    "3. The school choir won the regional contest for the third year running.",
    "Summarize each section of this report:\n1. Sales grew by a tenth in spring.\n2. Costs rose with fuel prices.\n"
    "3. Hiring slowed in the autumn.",
    "Read this text and answer the questions below.\n\nThe lighthouse keeper lit the lamp at dusk every night for "
    "forty years, and the ships passed the rocks safely.\n\n1. What did the keeper do at dusk?\n"
    "2. For how long did he do it?",
    "Translate the following sentences into German:\n1. The train is late.\n2. My sister likes tea.\n"
    "3. We are going to the lake.",
    # things to tell listed after the request's colon (rules 2.63)
    "Can you check this email and tell me:\n1) when the caterers arrive\n2) how much the deposit is\n\nHi Anika, "
    "the caterers will arrive at 10am on the 14th. We need a deposit of £200 by Friday to confirm the booking.",
])
def test_several_texts_each_part_or_questions_are_not_one_whole_text_task(text: str) -> None:
    assert whole_text_task(text) is None
    proposed(text, "en")


@pytest.mark.parametrize("text", [
    "Write feedback on the screenplay summarized below, scene by scene.\n\nA retired pilot returns to her island.",
    "Compare the two versions: the original and the paraphrased one below.\n\nThe fox ran. A fox was running.",
])
def test_a_participle_of_a_whole_text_verb_names_the_text_and_asks_nothing(text: str) -> None:
    assert whole_text_task(text) is None


def test_a_whole_text_request_far_inside_a_long_prompt_does_not_refuse() -> None:
    """Only the prompt's two ends are read: a summary asked for in the middle belongs to the pasted material."""
    text = ("Give me 5 slogans for a bakery. " + "Fresh bread every morning, baked with care. " * 20
            + "Summarize this: our story. " + "We bake with local flour and honest butter. " * 20)
    assert whole_text_task(text) is None


_EVERY_NEEDLE = sorted({needle for shape in _WHOLE_TEXT_TASKS for needle in shape.starts})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_EVERY_NEEDLE, "x", " ", "hash", "para", "re", "é", "Σ", "中"]),
                max_size=6).map("".join))
def test_the_request_needles_tested_tell_what_every_needle_tells(window: str) -> None:
    """`_WHOLE_TEXT_REQUEST` tests only the needles holding no other (the ASCII ones on an ASCII window): a window
    holds one of them exactly when it holds any shape's needle."""
    every = _EVERY_NEEDLE
    tested = _WHOLE_TEXT_REQUEST.ascii_needles if window.isascii() else _WHOLE_TEXT_REQUEST.needles
    assert any(needle in window for needle in tested) == any(needle in window for needle in every)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["summarize", "Summary of", "a summary of", "tl;dr", "TLDR", " this", " the following",
                                 " texts", " text", ":", " ", "\n", ".", "reply to", "main points of", "résume ce",
                                 "fasse diesen", " zusammen", "总结这篇", "x", "Paraphrase", " below", "A", "a",
                                 "\t", "hashtags for", "ſummarize", "İ", "Σ", "この文章を要約", "以下の記事を要約",
                                 "respond to", "REPLY TO"]),
                max_size=14).map("".join), st.integers(0, 12))
@example("Write A \t summary of this", 0)
@example("Hashtags for this post", 0)
@example("ſummarize this", 0)
@example("以下の記事を要約して", 0)
def test_the_three_request_shapes_answer_as_their_alternation(text: str, pos: int) -> None:
    """`_WHOLE_TEXT_REQUEST` tries each shape only where its literals start, in one lowercased window (sliced off
    the probe's lowercase or not); its answer must be the one regex of all three's."""
    from studio.curation.rules.single_task import _WHOLE_TEXT_REQUEST, _WHOLE_TEXT_TASKS
    alternation = re.compile("|".join(shape.regex.pattern for shape in _WHOLE_TEXT_TASKS), re.IGNORECASE)
    pos = min(pos, len(text))
    expected = alternation.search(text, pos)
    for found in (_WHOLE_TEXT_REQUEST.search(text, pos, len(text)),
                  _WHOLE_TEXT_REQUEST.search(text, pos, len(text), probe(text))):
        assert (expected and expected.span()) == (found and found.span())


@pytest.mark.parametrize(("text", "control"), [
    # a request for program text named by its language or as a macro
    ("write me some python to log these two values on every page load:\n\n- the page title\n- the load time",
     "Write 12 python interview questions for junior developers"),
    ("I need you to make an Excel VBA macro. Ctrl 1, ctrl 2, and 3 should open Sheet1, Sheet2, Sheet3.",
     "Write 8 javascript challenges about arrays, each with a sample input"),
    ("please build 4 small java services for orders, each linked to the others",
     "Write 6 php exercises for beginners"),
])
def test_a_request_for_code_named_by_its_language_is_one_task(text: str, control: str) -> None:
    reason = code_task(text, probe(text))
    assert reason is not None and reason.rule == "refuse.code"
    assert code_task(control, probe(control)) is None


def test_a_set_up_asking_whether_it_was_understood_is_not_split() -> None:
    text = ("Goal: ideas for a cooking blog. Output format: 8 themes and 5 posts for each theme; I will send the "
            "template next.\n\nDid you understand")
    reason = acknowledgement_only(text, probe(text))
    assert reason is not None and reason.rule == "refuse.paste"
    rejected(text, "en")


# -- false proposals, round 8: answers to the assistant's questions, one edit of one text ----------------------------
_TEA_LINES = ("- Highland Black: strong, malty, for early risers.\n- Jade Cloud: a light green tea, calm and floral.\n"
              "- Ember Chai: spiced, warming, for winter evenings.")
_PLAN_QUESTIONS = ("1. What problem does the app solve?\n2. Who will use it first?\n3. How will we reach those "
                   "users?")


@pytest.mark.parametrize("text", [
    # the user answers what the assistant asked: information for the next step
    "To answer your first question:\nOur shop sells three lines of tea, and each needs its own voice. They are:\n"
    + _TEA_LINES + "\nFor each brand we want a different tone.",
    # one section added to one pasted plan
    "Could you add a section on pricing to this plan?\n\n" + _PLAN_QUESTIONS,
])
def test_answers_given_and_one_edit_of_one_text_are_refused(text: str) -> None:
    not_proposed(text)


@pytest.mark.parametrize("text", [
    "Write a tagline for each of our tea lines:\n" + _TEA_LINES,
    "Here are questions for the plan:\n\n" + _PLAN_QUESTIONS,
    "Could you add a short example to each of these outline points?\n\n1. How lithium cells age\n2. Second-life "
    "uses for old packs\n3. Battery recycling",
])
def test_positive_controls_of_the_answers_and_edit_refusals_are_still_proposed(text: str) -> None:
    assert len(proposed(text).data) == 3


def test_a_main_idea_question_followed_by_other_questions_is_not_one_task_on_the_text() -> None:
    passage = "The reservoir was filled in 1964 and supplies three towns. " * 4
    assert whole_text_task(f"{passage}\n\nWhat is the main idea of this text? Which towns does it supply?") is None
    assert whole_text_task(f"{passage}\n\nWhat is the main idea of this text?") is not None


# Session 22, QA recall round 5: a line asking what each pasted statement means or does is a glossary question per
# line, also when the lines are code.
@pytest.mark.parametrize(("text", "data"), [
    ("What do the following headers mean in my Qt project:\n\n#include <QWidget>\n#include <QTimer>\n"
     "#include \"settingsdialog.h\"", ["#include <QWidget>", "#include <QTimer>", "#include \"settingsdialog.h\""]),
    ("what do these git commands do:\ngit stash pop\ngit rebase -i HEAD~2\ngit reflog",
     ["git stash pop", "git rebase -i HEAD~2", "git reflog"]),
])
def test_what_each_pasted_statement_means_is_one_question_per_line(text: str, data: list[str]) -> None:
    schema = proposed(text, "en")
    assert schema.data == data and schema.category == "Question Answering"


@pytest.mark.parametrize("text", [
    # the functions of one program: indented bodies, lines opening blocks
    "What do the following functions do:\ndef scale(v, k):\n    return [x * k for x in v]\n"
    "def norm(v):\n    return sum(x * x for x in v) ** 0.5",
    # one text asked about (singular), and the lines of one program (plural "lines")
    "What does the following code mean:\n#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>",
    "What do the following lines do:\nimport os\nimport sys\nfrom pathlib import Path",
    # another task on the statements
    "Sort the following imports:\nimport sys\nimport os\nfrom pathlib import Path",
])
def test_code_asked_about_as_a_whole_stays_one_task(text: str) -> None:
    not_proposed(text, "en")


_REQUEST_WORD_PIECES = ["summarize", "SUMMARISE", "Paraphrase", "rephrase", "a summary of", "tags for", "keywords from",
                        "Hashtags of", "main points of", "major arguments of", "outline for", "headings of", "reply to",
                        "REPLAY for", "respond to", "Response to", "add a new point", "insert one step", "tl;dr",
                        "TLDR",
                        "resume este", "resumir el siguiente", "Résumez ce", "résumer le texte", "fasse diesen",
                        "Fassen Sie das folgende", " zusammen", "riassumi questo", "перескажи этот", "xперескажи это",
                        "Резюмируй эту", "кратко изложи следующий", "总结这篇", "この文章を要約", "以下の記事を要約", " this",
                        " the following", " below", " text", ":", " ", "\n", "\u2028", ".", "x", "_", "1", "-", "é",
                        "ſummarize", "ſ", "İ", "ı", "K", "Σ", "ᲀ", "中", "x", "总结", "要約", "中Summary of", "ホ"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_REQUEST_WORD_PIECES), max_size=12).map("".join) | st.text(max_size=40))
@example("xперескажи этот текст")
@example("ſummarize this text")
@example("summarize_ this text")
@example("TL;DR:")
@example("中 summarize this")
@example("中summarize this text")
@example("请总结这篇文章")
@example("この文章を要約して")
def test_a_prompt_whose_probe_holds_no_request_word_holds_no_whole_text_request(text: str) -> None:
    """`whole_text_task` returns at once when the prompt's probe holds none of the words every request shape's match
    holds as a token (`_WHOLE_TEXT_WORDS`): the answer must be the one of searching both windows."""
    from studio.curation.rules.single_task import _may_ask_for_whole_text
    alternation = re.compile("|".join(shape.regex.pattern for shape in _WHOLE_TEXT_TASKS), re.IGNORECASE)
    if alternation.search(text) is not None:
        assert _may_ask_for_whole_text(probe(text))
    assert whole_text_task(text, probe(text)) == whole_text_task(text)


def test_the_code_nouns_are_one_list() -> None:
    """The code request's nouns live in three places (its regex, the needles searched around, the probe's words):
    they must name the same nouns ("java" also finds "javascript" as a needle)."""
    from studio.curation.rules import single_task

    pattern = single_task._CODE_REQUEST.pattern
    nouns = pattern[pattern.index("(?:code|") + 3:pattern.index(")\\b(?!")]
    in_regex = set(nouns.replace("(?:\\s+query)?", "").split("|"))
    assert in_regex == set(single_task._REQUEST_NOUNS) == {*single_task._CODE_NOUNS, "javascript"}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["\n", " ", ", ", "!", "ok", "Okay ", "thanks ", "to respond to ", "here are my answers to ",
                                 "answering ", "your ", "first ", "questions", "K", "ſure ", "x"]), max_size=10)
       .map("".join))
def test_the_answers_given_with_a_possessive_lead_match_as_the_plain_regex(text: str) -> None:
    assert_matches_alike(_ANSWERS_GIVEN, plain_form(_ANSWERS_GIVEN), text)


_ACK_PIECES = st.lists(st.sampled_from([
    "do", "Do", "did", " you", " YOU", "you", " understand", " acknowledge", "want", " to", " remember", " this",
    " information", "x", "İ", "ſ", "\n", "?", " ", "-", "reply \"", "noted", "Read", "you're",
]), max_size=16).map("".join)


@settings(max_examples=500, deadline=None)
@given(_ACK_PIECES)
@example("Keep it in mind. Do you understand?")
@example("I want you to remember this. OK?")
@example("Please remember this information")
@example("İ want you to remember this")
@example("Why do you understandably hesitate? Undo your changes.")
def test_a_question_checking_understanding_is_read_only_where_the_probe_holds_its_inner_words(text: str) -> None:
    """The questions are skipped where the probe lacks a word inside them: the same answer as reading each of them
    (a probe claiming every such word, as the replaced loop read every question)."""
    found = probe(text)
    claiming_all = Probe(found.lowered, found.words.union(*(inner for _, inner in _ACK_QUESTIONS)), found.cjk,
                         found.chars, found.strangers)
    assert acknowledgement_only(text, found) == acknowledgement_only(text, claiming_all)


@pytest.mark.parametrize("text", [
    # a choice stem with no question mark
    "12 Which of the following animals is a mammal\na. Shark\nb. Dolphin\nc. Trout\nd. Octopus",
    # a stem that an option completes
    "7 A written plan for what to do when the server fails is best described as\na. A rollback\nb. A runbook\n"
    "c. A backlog",
    # a question with its points after it, and a short line after the options
    "3) You flip a fair coin five times and get heads each time. What does this illustrate? (2 pts.)\n"
    "a) The law of large numbers\nb) The gambler's fallacy\nc) Regression to the mean\nPlease answer in English.",
])
def test_one_numbered_exam_question_with_its_options_is_one_task(text: str) -> None:
    from studio.curation.rules.lists import list_blocks
    from studio.curation.rules.single_task import numbered_choice_question
    not_proposed(text, "en")
    block = list_blocks(text)[-1]
    assert numbered_choice_question(text, block.start, block.end, block.items, block.kind)


@pytest.mark.parametrize("text", [
    "4 Define the following terms.\na. Latency\nb. Throughput\nc. Jitter",  # an instruction over the list
    "5 Explain the following network terms\na. Latency\nb. Throughput\nc. Jitter",  # no choice stem, no open end
    "Which of the following words are palindromes? Explain each.\na) level\nb) rotor\nc) apple",  # no number
])
def test_numbered_tasks_over_a_lettered_list_are_not_one_choice(text: str) -> None:
    from studio.curation.rules.lists import list_blocks
    from studio.curation.rules.single_task import numbered_choice_question
    proposed(text, "en")
    block = list_blocks(text)[-1]
    assert not numbered_choice_question(text, block.start, block.end, block.items, block.kind)


def test_a_lettered_list_with_more_after_it_or_after_two_numbered_questions_is_no_single_choice() -> None:
    from studio.curation.rules.single_task import numbered_choice_question
    items = ["Shark", "Dolphin"]
    text = "12 Which of the following is a mammal\na. Shark\nb. Dolphin"
    start = text.index("a. ")
    assert numbered_choice_question(text, start, len(text), items, "letter")
    assert not numbered_choice_question(text, start, len(text), items, "num")
    longer = text + "\n" + "Then write a paragraph about each of them and why it is or is not one. " * 2
    assert not numbered_choice_question(longer, start, len(text), items, "letter")
    two = "11 Which of the following is a bird\na. Bat\nb. Owl\n" + text
    assert not numbered_choice_question(two, two.index("a. Shark"), len(two), items, "letter")
    meant = "6 What is meant by\na. Shark\nb. Dolphin"  # a prompt over the list ends at "by", not at an open "as"
    assert not numbered_choice_question(meant, meant.index("a. "), len(meant), items, "letter")


_LANDLORD = ("If a tenant has not paid the rent for two months and ignores the letters, the landlord:\n\n"
             "A. Cannot change the locks if the lease says that the tenant is still in possession of the flat\n"
             "B. Can ask the court for an eviction order if it shows that the notice was served and the rent is due\n"
             "C. Can keep the deposit if the court decides that the tenant has left the flat for good\n"
             "D. Can end the lease as if the tenant had given notice")


def test_an_unnumbered_stem_completed_by_capital_lettered_options_is_one_choice() -> None:
    from studio.curation.rules.lists import list_blocks
    from studio.curation.rules.single_task import numbered_choice_question
    not_proposed(_LANDLORD, "en")
    block = list_blocks(_LANDLORD)[-1]
    assert numbered_choice_question(_LANDLORD, block.start, block.end, block.items, block.kind)


@pytest.mark.parametrize("stem", [
    "Discuss the following parts of a lease in detail:",  # an instruction over the list
    "For each option below, say whether a landlord may do it:",
])
def test_an_instruction_stem_over_capital_lettered_items_is_no_single_choice(stem: str) -> None:
    from studio.curation.rules.lists import list_blocks
    from studio.curation.rules.single_task import numbered_choice_question
    text = stem + _LANDLORD[_LANDLORD.index("\n\n"):]
    block = list_blocks(text)[-1]
    assert not numbered_choice_question(text, block.start, block.end, block.items, block.kind)


def _request_near_before(text: str, start: int, end: int) -> re.Match[str] | None:
    """`_request_near` before a window without a verb was ruled out unsearched."""
    while (request := _CODE_REQUEST.search(text, start, end)) is not None:
        whole = _CODE_REQUEST.match(text, request.start())
        if whole is not None:
            return whole
        start = request.start() + 1
    return None


_NEAR_PIECES = st.lists(st.sampled_from([
    "Write", "wri", "te", "GIVE me", "give  me", "show Me", "ſhow me", "wrıte", "Wrİte", "maKe", "build", "develop",
    "implement", "provide", "generate", "create", " a ", " me ", "us ", "Python", "script", "code", "bot", "both",
    "ideas", "about", "_", "3", "é", "İ", " ", "\n", "中", "SQL", " query", "JavaScript", "programmers"]), max_size=8)
# a request's shape (each verb, maybe "me", a word or two, a noun) among other pieces
_NEAR_TEXTS = st.tuples(_NEAR_PIECES, st.sampled_from(single_task._CODE_VERBS), st.sampled_from(["", " me", " US"]),
                        st.sampled_from([" a", " the python", ""]), st.sampled_from([" code", " Script", " bot ideas"]),
                        _NEAR_PIECES).map(lambda parts: "".join("".join(part) if isinstance(part, list) else part
                                                                for part in parts))


@settings(max_examples=800, deadline=None)
@given(_NEAR_TEXTS | _NEAR_PIECES.map("".join), st.integers(0, 60), st.integers(0, 100))
@example("please wrıte a python script", 0, 40)  # a stranger read as "i": the window goes to the regex
@example("xx Write a script", 3, 17)
def test_a_window_without_a_code_verb_is_not_searched_and_the_request_is_the_same(text: str, start: int,
                                                                                length: int) -> None:
    start = min(start, len(text))
    end = min(len(text), start + length)
    found, expected = _request_near(text, start, end), _request_near_before(text, start, end)
    assert (found and found.span()) == (expected and expected.span())


@pytest.mark.parametrize("verb", single_task._CODE_VERBS)
def test_a_window_holding_any_code_verb_is_searched(verb: str) -> None:
    text = f"Then {verb.upper()} us some code."
    assert _request_near(text, 0, len(text)) is not None


def test_an_answer_quoted_for_judging_is_material() -> None:
    """A judge prompt quotes a question and an answer to grade: the count in the quoted question ("three tips") is
    the judged answer's, not a request (it was proposed as Repeated Generation of 3)."""
    text = ("Please act as an impartial judge and evaluate the quality of the response provided by an AI assistant to "
            "the user question displayed below. Be as objective as possible. After providing your explanation, "
            "please rate the response on a scale of 1 to 10.\n\n[Question]\nWhat are three tips for staying healthy?"
            "\n\n[The Start of Assistant's Answer]\n1. Eat a balanced diet.\n2. Exercise regularly.\n3. Sleep well.\n"
            "[The End of Assistant's Answer]")
    assert whole_text_task(text) is not None
    not_proposed(text)


def test_rating_each_of_several_answers_is_no_judged_answer() -> None:
    """The judged-answer shape names one answer; "each" in its clause still splits, as for the other shapes."""
    text = "Rate the answer given to each question below from 1 to 5.\n1. Q: ...? A: yes\n2. Q: ...? A: no"
    assert whole_text_task(text) is None


@pytest.mark.parametrize("request_line", ["Vet this last draft of my closing section:",
                                          "Check the text below: is it right?",
                                          "Please review the following draft before I send it:"])
def test_one_named_text_to_check_is_one_task(request_line: str) -> None:
    """Checking one named text ("this last draft of my closing section", "the text below") is one task on it: its
    principles, bullet points and comma runs are its material (a pasted guide's three principles were proposed as
    three questions)."""
    text = (f"{request_line}\nA strong brand rests on three principles:\nPrinciple 1: define your goal, your audience "
            "and your budget.\nPrinciple 2: clarify your direction.\nPrinciple 3: stay consistent across channels.")
    assert whole_text_task(text) is not None
    not_proposed(text)


def test_checking_several_texts_still_splits() -> None:
    """Plural texts are not one named text: "check these sentences" may go one sentence a branch."""
    assert whole_text_task("Check the following sentences for grammar mistakes:\n1. She go to school.\n"
                           "2. He have a dog.\n3. They was late.") is None


def test_material_to_confirm_before_the_task_is_no_task() -> None:
    """ "Page 4 follows; do not respond aside from a short confirmation: <outline>": material to acknowledge."""
    text = ("Page 4 follows; do not respond aside from a short confirmation:\n\nChapter 3: Threats. Counterfeit "
            "parts, data tampering, denial of service, insider threats. Chapter 4: Defences. Identity, encryption, "
            "consensus, forensics.")
    assert acknowledgement_only(text, probe(text)) is not None
    not_proposed(text)


@pytest.mark.parametrize("text", [
    'Rewrite public function LoadTasks() code and add data from the table "tbl_task_note" by "task_id", getting for '
    'each task "user_id", "note" and "note_datetime"',
    "Fix this query so it returns the name, the email and the signup date of each user",
    "Convert the script below to TypeScript: const a = 1; let b = [1, 2, 3];",
])
def test_a_request_to_change_code_is_a_code_task(text: str) -> None:
    """Changing program text is a code task as writing it is: the columns or fields it names are its material (the
    quoted columns were proposed as three items)."""
    assert code_task(text, probe(text)) is not None
    not_proposed(text)


_LETTER = ("Hi Mr. Daniels,\nI have a few questions about the internship before I accept the offer:\n"
           "1. When is the start date, is it fixed?\n2. Does the company provides housing?\n"
           "3. How many days can I work from home?\nThank you,\nPriya")


@pytest.mark.parametrize("request_line", [
    "fix the grammar and make it sound more professional, dont change the meaning:",
    "Please translate this email into German:",
    "帮我把这封邮件翻译成英文：",
])
def test_a_letter_to_translate_or_correct_is_one_text(request_line: str) -> None:
    """The questions of a letter pasted to be translated or corrected are asked of its addressee: one text."""
    schema = rejected(request_line + "\n\n" + _LETTER)
    assert any(reason.rule == "refuse.letter" for reason in schema.reasons)


def test_a_french_letter_to_translate_is_one_text() -> None:
    """Rules 2.120: "traduire" asks for a translation and "Chers adhérents," greets: the count of the letter's own
    projects ("trois projets") is its content, not outputs asked for."""
    text = ("tu peux me traduire ce texte en anglais ? garde le ton chaleureux\n\nChers adhérents,\n\nLe bureau "
            "propose trois projets pour l'année : un verger partagé, une bourse aux livres et des balades du "
            "dimanche.\n\nÀ bientôt,\nMarthe")
    schema = not_proposed(text, language="fr")
    assert any(reason.rule == "refuse.letter" for reason in schema.reasons)


def test_a_letter_whose_questions_are_asked_is_no_text_to_work_on() -> None:
    """Without a request to translate, correct or rewrite it, a greeting line refuses nothing."""
    text = "can you answer these for me?\n\n" + _LETTER
    assert single_task.letter_to_work_on(text, probe(text)) is None


def test_proofreading_a_faq_is_one_task() -> None:
    faq = ("Q: How long does shipping take.\nA: Most orders arrives within 3-5 buisness days.\n\n"
           "Q: Can I return a item?\nA: Yes, you have 30 days.\n\nQ: Do you ship abroad?\nA: Only to the EU.")
    rejected("Can you proofread this FAQ for our website? Just fix spelling, grammar and punctuation.\n\n" + faq)


_BOILER_EMAIL = ("Hi Sam,\n\nJust a reminder that your boiler service is due next month. Booking before 30 September "
                 "gets you 15% off, and you can reply to this email with a time that suits you.\n\nBest,\nColm\n"
                 "Ferris & Daughters Heating")


def test_a_whole_text_request_inside_the_handed_over_text_is_the_texts_own() -> None:
    """Rules 2.96: "reply to this email" inside the email a request line hands over with its colon is the email's own
    words, not the request: the count the request line asks for splits the prompt."""
    text = "Give me 3 alternative subject lines for this email:\n\n" + _BOILER_EMAIL
    assert whole_text_task(text) is None
    schema = proposed(text)
    assert schema.n == 3 and schema.category == "Repeated Generation"


def test_a_label_over_the_text_hands_nothing_over() -> None:
    """Rules 2.96: a label ("Search results:") over the text is no request: a request later in the prompt counts."""
    text = ("Search results:\n\n[1] The plate method fills half the plate with vegetables.\n\n"
            "Summarize this in two lines for my aunt.\n\nTopic: plate method")
    assert whole_text_task(text) is not None



def test_keywords_into_named_slots_are_fields_not_one_task_on_the_text() -> None:
    """Rules 2.118: "extract keywords from the review below into: pros, cons, price mentioned, brands" names the
    slots to fill, each a field, where "keywords from the review below" alone is one task on the text."""
    review = ("Bought the Larkfield blender after my old one died. It crushes ice well and the jug is easy to clean, "
              "but it is loud and the lid cracked after a month. For 89 pounds I expected better; my friend's "
              "Quorn Pro was sturdier.")
    schema = proposed("extract keywords from the review below into: pros, cons, price mentioned, other brands\n\n"
                      + review)
    assert schema.data == ["pros", "cons", "price mentioned", "other brands"]
