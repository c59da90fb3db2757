"""Marked lists (numbered, lettered, bulleted, labelled) and unmarked lines after a colon."""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from collections.abc import Iterator
from unittest import mock

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from store.models import Reason
from studio.curation.lexicon.matching import EndingRegex, Probe, probe
from studio.curation.lexicon.words import CONSTRAINT_HEADER, LINES_GLOSSARY_QUESTION
from studio.curation.rules import extract_rules
from studio.curation.rules.base import BLANK_LINE, MAX_BRANCHES, asks_true_or_false, cloze
from studio.curation.rules.lists import (
    _INLINE_LETTER, _INLINE_NUMBER, _LIST_LINE_BODY, ListBlock, _constrains_a_count, _inline_letter_markers,
    _holds_asking_count, _is_code, _list_line_matches, _names_constraints, _numbered_in_sequence, asks_a_count_before,
    asks_true_or_false_before, constrains_a_count, list_blocks,
)
from studio.curation.templating import render_template
from tests.studio.curation.rules.support import accepted, assert_matches_alike, not_proposed, proposed, rejected


def test_numbered_list_translation() -> None:
    text = "Translate the following sentences into French:\n1. I love you.\n2. Where is the station?\n3. Good morning."
    schema = accepted(text, "en")
    assert schema.category == "Translation" and schema.tier == "high"
    assert schema.data == ["I love you.", "Where is the station?", "Good morning."]
    assert "{data}" in schema.template and schema.context is None
    assert render_template(schema.template, data=schema.data[0]).endswith("I love you.")


@pytest.mark.parametrize(("text", "items"), [
    ("Classify the sentiment of these reviews:\n- Great product\n- Terrible service\n- It was okay",
     ["Great product", "Terrible service", "It was okay"]),
    ("Correct the spelling:\na) recieve the leter\nb) I beleive you\nc) definately yes",
     ["recieve the leter", "I beleive you", "definately yes"]),
    ("Traduce al inglés:\n• Buenos días\n• ¿Dónde está el baño?", ["Buenos días", "¿Dónde está el baño?"]),
    ("Corrige les fautes dans ces phrases : - Je suis allé a la plage. - Il mange des pomme.",
     ["Je suis allé a la plage.", "Il mange des pomme."]),
    ("Extract keywords from each review.\nReview 1: The battery lasts all day.\nReview 2: The screen cracked fast.",
     ["The battery lasts all day.", "The screen cracked fast."]),
    ("Translate these phrases to German:\n- Where is the train station?\n- How much does this cost?\n"
     "- I would like a coffee, please.",
     ["Where is the train station?", "How much does this cost?", "I would like a coffee, please."]),
    ("Please fix the grammar in each sentence below:\n1. Me and my friend goes to the mall yesterday.\n"
     "2. She don't like apples.\n3. Their going to the party tonight.",
     ["Me and my friend goes to the mall yesterday.", "She don't like apples.", "Their going to the party tonight."]),
    ("Summarize each of the following news headlines in one sentence:\n"
     "* Central bank raises interest rates for the third time this year\n"
     "* Local team wins championship after 20-year drought\n* New study links coffee to longer life",
     ["Central bank raises interest rates for the third time this year",
      "Local team wins championship after 20-year drought", "New study links coffee to longer life"]),
    ("Translate into Spanish:\nGood morning\nThank you very much\nSee you later",
     ["Good morning", "Thank you very much", "See you later"]),
])
def test_marked_lists(text: str, items: list[str]) -> None:
    assert accepted(text).data == items


@pytest.mark.parametrize(("text", "category"), [
    ("Определи тональность каждого комментария:\n- Супер!\n- Ужасно.", "Sentiment Analysis"),
    ("Fass jeden Artikel kurz zusammen:\n1. Der Zug fällt aus.\n2. Das Wetter wird schön.", "Summarization"),
    ('What is the sentiment of each of these tweets?\n1. "Just got my new phone and I love it!!"\n'
     '2. "Worst customer service ever, never again"\n3. "The weather is ok today I guess"', "Sentiment Analysis"),
])
def test_categories_from_multilingual_cues(text: str, category: str) -> None:
    assert accepted(text).category == category


@pytest.mark.parametrize("text", [
    "Write an essay with the following structure:\n1. Introduction\n2. Body\n3. Conclusion",
    "My requirements for the app:\n1. users can sign up with email\n2. users can post photos\n"
    "3. users can follow each other\nWrite the database schema for this app.",
])
def test_lists_inside_one_task_are_not_items(text: str) -> None:
    rejected(text)


def test_a_list_longer_than_the_branch_limit_is_data_not_tasks() -> None:
    from studio.curation.rules import MAX_BRANCHES

    items = [f"sentence number {i}" for i in range(MAX_BRANCHES + 1)]
    rejected("Translate into French:\n" + "\n".join(f"- {item}" for item in items))
    assert len(accepted("Translate into French:\n" + "\n".join(
        f"- {item}" for item in items[:MAX_BRANCHES])).data) == MAX_BRANCHES


def _spaced_terms(breaks: int, run: str) -> str:
    return "Explain each term in one line" + "".join(f"{run}term {i}" for i in range(breaks))


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 110), st.sampled_from(["\n\n", "\n \n", "\n\n\n", "\n\n\n\n\n"]), st.booleans())
@example(101, "\n\n", False)
@example(102, "\n\n", False)
def test_spaced_lines_reading_one_break_too_many_answers_as_reading_them_all(breaks: int, run: str,
                                                                          tail: bool) -> None:
    """`spaced_lines` stops reading blank lines at one more than it accepts: the answer is the one it gave after
    reading every one."""
    from studio.curation.rules import lists

    text = _spaced_terms(breaks, run) + ("\n\n" * 200 if tail else "")
    with mock.patch.object(lists, "islice", lambda iterable, _: iterable):
        every_break = lists.spaced_lines(text)
    assert lists.spaced_lines(text) == every_break


def _going_on_before(numbered: list[tuple[ListBlock, int]], current: ListBlock | None, ordinal: int,
                     kind: str) -> ListBlock | None:
    """`lists._going_on` as it was before session 28, over (block, last number) pairs."""
    for block, last in reversed(numbered):
        if ordinal == last + 1 and block is not current and block.kind == kind:
            return block
    return None


_BLOCK_PIECES = ["1. a\n", "2. b\n", "3) c\n", "0. z\n", "7. g\n", "8. h\n", "10. j\n", "11. k\n", "(a) p\n", "b) q\n",
                 "c. r\n", "- x\n", "-- y\n", "* s\n", "+ t\n", "Q1: u?\n", "Q2: v?\n", "Q. w\n", "First question: e\n",
                 "second question: f\n", "Step 1: m\n", "Item 2: n\n", "2.1. o\n", "2.2. p\n", "2.19. q\n", "2.20. r\n",
                 "2.21 s\n", "① i\n", "② ii\n",
                 "一、 one\n", "二、 two\n", "\n", "\n\n", "  ", "\t", "text:\n", "more words\n", "x", "١. a\n"]


def _list_blocks_before_session_28(text: str) -> list[ListBlock]:
    """`list_blocks` as it was before session 28, building a block for every line that opens one and reading every
    line's groups (the oracle of its leaner loop)."""
    from studio.curation.rules.lists import (
        _LIST_LINE_GROUPS, _NOT_SPACE, _NUMBERED_DEPTH, _UNNUMBERED, _after_a_colon, _exercise_number, _join_gap,
        _kind_of, _nesting, _take_the_tail,
    )

    bullet_index, item_index = _LIST_LINE_GROUPS.index("bullet"), _LIST_LINE_GROUPS.index("item")
    blocks: list[ListBlock] = []
    current: ListBlock | None = None
    numbered: list[tuple[ListBlock, int]] = []
    last_ordinal, last_bullet = 0, None
    first_char = _NOT_SPACE.search(text)
    opening = first_char.start() if first_char else 0
    opening = text.rfind("\n", 0, opening) + 1
    for match in _list_line_matches(text):
        line_start = match.start("line")
        groups = match.groups()
        kind, ordinal = _kind_of(groups)
        bullet, item, item_span = groups[bullet_index], groups[item_index], match.span("item")
        opened = False
        if (current is not None and current.kind == kind
                and (kind in _UNNUMBERED or ordinal == last_ordinal + 1)
                and (kind != "bullet" or bullet == last_bullet)
                and (not (gap := text[current.end:line_start]).strip() or _nesting(kind)
                     or not BLANK_LINE.search(gap))):
            if gap.strip():
                _join_gap(text, current, line_start)
            current.items.append(item)
            current.spans.append(item_span)
            current.end = item_span[1]
        elif _nesting(kind) and (outer := _going_on_before(numbered, current, ordinal, kind)) is not None:
            _join_gap(text, outer, line_start)
            outer.items.append(item)
            outer.spans.append(item_span)
            outer.end, outer.nests, current = item_span[1], True, outer
        else:
            if kind not in _UNNUMBERED and ordinal != 1 and not (kind == "num" and (
                    line_start <= opening or _after_a_colon(text, line_start))) and not (
                    line_start <= opening and _exercise_number(text, match)):
                current = None
                continue
            current, opened = ListBlock(kind, [item], [item_span], line_start, item_span[1]), True
            blocks.append(current)
        if _nesting(kind):
            if opened:
                del numbered[:-_NUMBERED_DEPTH]
            else:
                numbered = [(block, last) for block, last in numbered[-_NUMBERED_DEPTH:] if block is not current]
            numbered.append((current, ordinal))
        last_ordinal, last_bullet = ordinal, bullet
    kept = [block for block in blocks if len(block.items) >= 2]
    starts = [block.start for block in kept]
    for block in kept:
        if block.nests:
            _take_the_tail(text, block, kept, bisect_left(starts, block.end))
    return kept


# (with what the session-28 loop reads its own way: numbers spelt "0", "00", "01" or in other digits, first items
# that a later number goes on from, lines under an item after trailing spaces or blank lines, runs of first items)
_LEANER_LOOP_PIECES = [*_BLOCK_PIECES, "00. zz\n", "01. one\n", "\u0662. b\n", "(1) pa\n", "(2) pb\n", "Q3: q?\n",
                       "- x  \n", "-  y\t\n", "1. a \n", "3 - dash\n", "Intro:\n", "1. a\n1. a\n", "\n\n\n"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_LEANER_LOOP_PIECES), max_size=40).map("".join)
       | st.tuples(st.lists(st.sampled_from(_LEANER_LOOP_PIECES), min_size=1, max_size=8).map("".join),
                   st.integers(2, 60)).map(lambda parts: parts[0] * parts[1]))
@example("1. a\n" * 3_000)
@example("- a\n" * 3_000 + "+ b\n* c\n")
@example("0. intro\n(a) x\n(b) y\n1. a\n1. b\n2. c")
@example("1. a\n1. b\n(a) x\n(b) y\n2. c\n2. d\n3. e")
@example("1. a\n1) b\n1. c\n1) d\n1. e\n(a) x\n(b) y\n2. f\n2) g\n3. h")
@example("1. a\nQ1: b\nQ1: c\nQ1: d\nQ2: e\n2. f")  # (the innermost going on closes the outermost of four)
@example("1. a\n2. b\n1. c\n1. d\n1. e\n3. f\n2. g")  # (the outermost of four goes on: it closes, then moves innermost)
@example("1. set-up\n(a) x\n(b) y\n\n2. next\n(a) z\n(b) w\n3. last\na. p\nb. q")
@example("Intro:\n7. g\n8. h\n\n9. i\n1) a\n2) b\n10. j")
def test_list_blocks_are_those_the_loop_before_session_28_found(text: str) -> None:
    """A block built only when a second item joins its first line, the open numbered blocks kept as a window of
    matches and blocks, the commonest markers read by subscript: the blocks the loop found before."""
    assert list_blocks(text) == _list_blocks_before_session_28(text)


def _unmarked_lines_read_to_the_end(text: str) -> ListBlock | None:
    """`unmarked_lines` as it was before session 27, reading every line however many: the oracle of its bound."""
    from studio.curation.rules.lists import _COLON_LINE, _LABELLED_LINE

    colon = _COLON_LINE.search(text)
    if colon is None:
        return None
    body_end = len(text)
    blank = BLANK_LINE.search(text, colon.end())
    if blank:
        rest = text[blank.end():].strip()
        if rest and len(rest) > 200:
            return None
        body_end = blank.start()
    items: list[str] = []
    spans: list[tuple[int, int]] = []
    position = colon.end()
    for line in text[colon.end():body_end].split("\n"):
        stripped = line.strip()
        if stripped:
            if len(stripped) > 200:
                return None
            start = position + line.index(stripped)
            items.append(stripped)
            spans.append((start, start + len(stripped)))
        position += len(line) + 1
    if len(items) < 2 or any(item.startswith(("```", "~~~")) for item in items):
        return None
    if sum(bool(_LABELLED_LINE.match(item)) for item in items) * 2 >= len(items):
        return None
    return ListBlock("lines", items, spans, colon.end(), spans[-1][1])


_UNMARKED_PIECES = ["Translate:\n", ":\n", "hello\n", "Name: Ann\n", "```\n", "\n\n", "\n \n", "\r\n", " ", "\u3000\n",
                    "x" * 150, "word", "\n", "Rewrite each line\n\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_UNMARKED_PIECES), max_size=30).map("".join)
       | st.tuples(st.lists(st.sampled_from(_UNMARKED_PIECES), max_size=8).map("".join),
                   st.lists(st.sampled_from(_UNMARKED_PIECES), min_size=1, max_size=4).map("".join),
                   st.integers(30, 130)).map(lambda parts: parts[0] + parts[1] * parts[2]))
@example(":\n" * 5_000)
@example("Translate:\n" + "hello\n" * 101)
@example("Translate:\n" + "hello\n" * 100)
@example("Rewrite each line\n\nA\n\nB\n\nTranslate:\n" + "hi\n" * 150 + "\n\nC")
def test_unmarked_lines_stopping_past_the_branches_decides_as_reading_them_all(text: str) -> None:
    """Past `MAX_BRANCHES` lines `unmarked_lines` stops with None where it read on to a block `from_list_block`
    refuses; `spaced_lines`, tried instead, finds nothing (those lines are one paragraph): the same decision."""
    from studio.curation.rules.lists import from_list_block, spaced_lines, unmarked_lines

    read_all = _unmarked_lines_read_to_the_end(text)
    bounded = unmarked_lines(text)
    if read_all is None or len(read_all.items) <= MAX_BRANCHES:
        assert bounded == read_all
    else:
        assert bounded is None and spaced_lines(text) is None
    found = probe(text)
    decided = [from_list_block(text, lines, found) if lines else None
               for lines in (bounded or spaced_lines(text), read_all or spaced_lines(text))]
    assert decided[0] == decided[1]


@pytest.mark.parametrize(("text", "n"), [
    ("Generate 20 quizzes about world history following these rules:\n1. Each quiz has four options\n"
     "2. Only one option is correct\n3. Include the correct answer at the end", 20),
    ("Write 5 product descriptions for my candle shop.\nRequirements:\n- under 50 words each\n"
     "- mention free shipping\n- friendly tone", 5),
    ("Crea 10 preguntas de examen sobre biología con estas reglas:\n1. Cuatro opciones\n2. Una sola correcta", 10),
])
def test_numbered_rules_after_a_count_shape_the_items_and_keep_n(text: str, n: int) -> None:
    schema = accepted(text)
    assert schema.n == n and schema.data is None and schema.category == "Repeated Generation"


@pytest.mark.parametrize(("text", "n"), [
    ("Write 10 quiz questions about the solar system.\nRules:\n1. Write 4 answer options\n2. Mark the answer", 10),
    ("Generate 12 product descriptions for a coffee brand.\nRequirements:\n1. Write 3 sentences\n2. No puns", 12),
    ("Give me 10 blog post ideas.\nRequirements:\n- Suggest 3 subheadings\n- Keep it simple", 10),
])
def test_a_count_asked_inside_the_rules_is_no_second_request(text: str, n: int) -> None:
    """The rule's own count ("1. Write 4 answer options") is asked of each output: it does not stand against the
    request's count as a second request (`constrains_a_count`; read lazily since session 66)."""
    schema = proposed(text)
    assert schema.n == n and schema.data is None


@pytest.mark.parametrize(("text", "n"), [
    ("Give me 15 article topics on tenant rights in Ontario, include example topics about:\n\n"
     "1. How a landlord must return a rental deposit;\n\n2. What the notice period for a rent increase is; and\n\n"
     "3. When a tenant may withhold rent.", 15),
    ("Suggest 12 podcast episode titles about home composting. Here are some examples of each kind of title I like:\n"
     "1. Worms Are Your Friends\n2. The Compost Heap Diaries\n3. Turning Scraps Into Soil", 12),
    ("Write 10 quiz questions about the solar system.\n\nEach question must include 4 options:\n"
     "- one correct answer\n- two plausible wrong answers\n- one funny wrong answer", 10),
    ("Create 8 interview questions for a junior accountant role. Each question should have these parts:\n"
     "1. the question itself\n2. a model answer", 8),
])
def test_a_list_of_examples_under_a_count_of_another_number_keeps_n(text: str, n: int) -> None:
    """The header presents the list as examples of the counted outputs or as what each holds: their material."""
    schema = proposed(text)
    assert schema.n == n and schema.data is None and schema.category == "Repeated Generation"


def test_examples_as_many_as_the_count_stay_the_items() -> None:
    """A count equal to the list's length may number the listed subjects; the list decides then, as before."""
    schema = proposed("Write a slogan for each of these 3 shops, for example in a playful tone:\n1. a flower shop\n"
                      "2. a bike repair shop\n3. a tea room")
    assert schema.data == ["a flower shop", "a bike repair shop", "a tea room"]


@pytest.mark.parametrize(("text", "items"), [
    ("Write a limerick about each of these animals:\n1- a giraffe\n2- an octopus\n3 - a sloth",
     ["a giraffe", "an octopus", "a sloth"]),
    ("Summarise each review in one line:\n1-Great phone, the battery lasts two days.\n2-The screen scratched in a week.",
     ["Great phone, the battery lasts two days.", "The screen scratched in a week."]),
])
def test_numbers_followed_by_a_hyphen_mark_a_numbered_list(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.data == items and schema.tier == "high"


def test_a_range_opening_a_line_is_no_hyphen_marker() -> None:
    assert [match.group("num") for match in _list_line_matches("Keep it short.\n1-2 sentences each\n3-4 at most")] == []


@pytest.mark.parametrize(("text", "items"), [
    ('Explain "home" as if you were:\n1-A hermit crab\n2-A travelling salesman\n3-A lighthouse keeper',
     ["A hermit crab", "A travelling salesman", "A lighthouse keeper"]),
    ("Describe a rainy Monday from the point of view of:\n- a commuter\n- a snail\n- an umbrella seller",
     ["a commuter", "a snail", "an umbrella seller"]),
    ("Write the opening line of a fairy tale in the style of:\n1. Hemingway\n2. Jane Austen", ["Hemingway", "Jane Austen"]),
])
def test_voices_a_request_is_cut_before_are_one_answer_each(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.data == items and schema.category == "Repeated Generation"


@pytest.mark.parametrize("text", [
    "Act as if you were:\n- a strict teacher\n- a worried parent",  # a role-play set-up
    "Pretend you are a chef. Answer as if you were:\n- a beginner\n- a food critic",
])
def test_voices_in_a_role_play_line_are_no_items(text: str) -> None:
    rejected(text)


@pytest.mark.parametrize(("text", "items"), [
    ("Write a tagline for the following products:\n1. A reusable water bottle\n2. A solar phone charger\n"
     "3. Noise-cancelling earbuds", ["A reusable water bottle", "A solar phone charger", "Noise-cancelling earbuds"]),
    ("Create a short product description for these products:\n- bamboo toothbrush\n- linen tote bag",
     ["bamboo toothbrush", "linen tote bag"]),
    ("Write a catchy subject line for the following emails\n\n1. our spring sale starts Monday\n"
     "2. your invoice is overdue", ["our spring sale starts Monday", "your invoice is overdue"]),
])
def test_one_short_output_for_each_listed_subject(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.data == items and schema.category == "Repeated Generation"


@pytest.mark.parametrize("text", [
    "Write a catchy slogan for the following company values:\n- honesty\n- speed\n- care",  # one slogan
    "Write a poem about the following animals:\n1. a cat\n2. a dog",  # one poem may hold them all
    "Write one tagline for the following products:\n1. a water bottle\n2. a phone charger",  # one for all
])
def test_one_output_for_several_listed_things_stays_one(text: str) -> None:
    rejected(text)


@pytest.mark.parametrize("text", [
    "Write a short guide to the best tomato varieties for a balcony. For each, please include this info:\n"
    "* the sowing month\n* the sun it needs\n* a watering schedule",
    "Summarise each chapter of the novel. Each summary should include:\n- the main event\n- the characters in it",
])
def test_a_list_of_what_each_output_includes_is_not_items(text: str) -> None:
    rejected(text)


@pytest.mark.parametrize("text", [
    "Can you make the form component with the following checks: \n1. the email must contain an @\n"
    "2. the password is at least 10 characters long",
    "Sketch a cooling loop for a small server room with the following properties. Keep it cheap.\n"
    "(a) The inlet stays below 24 degrees.\n(b) The pump draws under 200 W.",
    "Could you draft a landing page for my bakery? Here is more information that could help:\n"
    "- we bake sourdough every morning\n- we deliver within 5 km\n- we open at 7",
    "Write me some new ideas for my shop posts, and check each one. Here are some of my older texts:\n"
    "1. Fresh bread, every single day\n2. Your morning starts here",
])
def test_a_list_specifying_one_request_or_handed_over_is_not_items(text: str) -> None:
    rejected(text)


@pytest.mark.parametrize(("text", "items"), [
    ("Please rewrite each of the following checks in plain English:\n1. the email must contain an @\n"
     "2. the password is at least 10 characters long",
     ["the email must contain an @", "the password is at least 10 characters long"]),
    ("Translate these texts into German:\n1. Fresh bread, every single day\n2. Your morning starts here",
     ["Fresh bread, every single day", "Your morning starts here"]),
])
def test_checks_or_texts_worked_on_one_by_one_stay_items(text: str, items: list[str]) -> None:
    assert proposed(text).data == items


def test_questions_after_an_include_line_stay_items() -> None:
    schema = proposed("Answer these and include a source for each:\n1. When was the Eiffel Tower built?\n"
                      "2. How tall is Mount Fuji?")
    assert schema.data == ["When was the Eiffel Tower built?", "How tall is Mount Fuji?"]


def test_rules_listed_for_a_per_item_task_are_still_items() -> None:
    schema = accepted("Translate these rules into French:\n1. No running in the hall\n2. Keep the door closed")
    assert schema.data == ["No running in the hall", "Keep the door closed"] and schema.category == "Translation"


@pytest.mark.parametrize("text", [
    # the material of one task: facts, data, rules, a format
    "Given only the following facts, how old is Maria?\n\n* Maria lives in Porto\n* Maria was born in 1990\n"
    "* Maria has two cats",
    "Read the passage below and answer the question.\n- The red house is left of the blue one.\n"
    "- The green house is right of the blue one.\n- The white house is at the far right.",
    "From now on please use the following format:\nQuestion: the user's question\nAnswer: your answer",
    # a chat transcript: alternating markers
    "Make the replies in this chat friendlier.\n\n+ Can you help me?\n- No.\n+ Why not?",
    # rows of a log or a table
    "Reformat the following trades as a single column:\n2023-01-04, 09:31, BUY 200 ACME @ 12.50, -2500.00\n"
    "2023-01-04, 10:02, SELL 200 ACME @ 12.90, 2580.00",
    # code
    "My friend wrote the following:\n```\nhey wanna come\nbring chips\n```\nWhat does he want?",
    # a role-play set-up
    "Pretend you are a Linux terminal and run these lines:\nmkdir demo\ncd demo\nls -la",
    "À partir de maintenant, tu es Léa, une conseillère bancaire. Tu dois suivre les règles suivantes :\n"
    "- Rester polie\n- Demander le numéro de client\n- Ne jamais donner de conseil fiscal",
])
def test_lists_that_are_material_of_one_task(text: str) -> None:
    rejected(text)


def test_a_patents_dependent_claims_are_one_claim_set() -> None:
    rejected("Summarise each of the following claims in one line:\n1. A lamp holder with a spring clip.\n"
             "2. The holder according to claim 1, made of brass.\n3. The holder according to claim 1, with a switch.")


# Bullets met by a task word somewhere in the prompt, with no "each", "these", "the following" or questions: the
# points of a CV, a letter, a brief or an agenda that one task works on (real prompts: pasted resumes and cover
# letters, "During the session:" bullets, a persona's achievements).
@pytest.mark.parametrize("text", [
    "Polish my resume for a data analyst opening.\n\nExperience\nNorthwind Foods, reporting clerk\n"
    "\u2022 Built weekly sales dashboards for twelve regional managers and halved the time spent on reports\n"
    "\u2022 Automated the monthly invoice checks with small scripts that flag totals that do not add up",
    "You are a copywriter. Please redo my pitch using the tone of a friendly coach.\n\nHi Dana,\n\n"
    "I have seen small shops lose customers because they:\n\u2022 answer messages days too late\n"
    "\u2022 never ask buyers what went wrong\nI would love to help. Best, Sam",
    "Act as a job seeker applying for a logistics manager post, stressing the keywords recruiters look for.\n\n"
    "Key results\n- Reduced warehouse picking errors by a third across four sites within a single year\n"
    "- Negotiated new freight contracts that saved the company a large sum over two years",
    "Help me plan a two hour workshop for nurses about sleep and keywords for its flyer.\nIn the workshop:\n"
    "- participants will learn why night shifts disturb their body clock\n"
    "- participants will try a short breathing routine they can use at home",
])
def test_bullets_under_a_task_word_elsewhere_are_material(text: str) -> None:
    rejected(text)


@pytest.mark.parametrize(("text", "items"), [
    ("Correct the grammar:\n- She go to school every days.\n- They was very happy yesterday.",
     ["She go to school every days.", "They was very happy yesterday."]),
    ("Translate the phrases below into Italian.\n- good night\n- see you soon", ["good night", "see you soon"]),
    ("Give the sentiment of each review.\n\u2022 Lovely staff, will come back\n\u2022 Cold food and a long wait",
     ["Lovely staff, will come back", "Cold food and a long wait"]),
])
def test_bullets_a_task_asks_of_stay_items(text: str, items: list[str]) -> None:
    assert proposed(text).data == items


@pytest.mark.parametrize(("text", "category"), [
    ("Pull out the city, the date and the organiser from each of the announcements below.\n"
     "1. The Lisbon Book Fair opens on 2 June in Eduardo VII Park, organised by the Portuguese Publishers "
     "Association as every year.\n2. On 14 July the town of Arles hosts its photography festival, run by a team "
     "of volunteers and local galleries.", "Keyword Extraction"),
    ("Rate the following product reviews on a scale from 1 to 5:\n1. The blender is loud and broke after a week, "
     "a complete waste of money and time.\n2. Works exactly as described, quiet, easy to clean and it looks "
     "great on my counter.", "Sentiment Analysis"),
])
def test_a_task_over_listed_texts_is_done_for_each_text(text: str, category: str) -> None:
    schema = accepted(text)
    assert schema.category == category and len(schema.data) == 2


@pytest.mark.parametrize(("text", "category", "n"), [
    ("假设你是一名医生，请回答以下问题：\n1.感冒是否需要吃抗生素\n2.发烧到多少度应该去医院\n3.维生素C能否预防感冒",
     "Question Answering", 3),
    ("次の文を読んで、話し手がどの程度喜んでいるか1〜5の尺度で評価してください。\n1. やった、合格した！\n"
     "2. まあ、悪くはないかな。", "Sentiment Analysis", 2),
])
def test_questions_and_ratings_without_question_marks(text: str, category: str, n: int) -> None:
    schema = accepted(text)
    assert schema.category == category and len(schema.data) == n


def test_the_lines_of_one_labelled_text_are_not_items() -> None:
    rejected("Decide whether the summary is consistent with the document.\n\nDocument: The bakery on Main Street "
             "closed after thirty years because the owners retired.\n\nSummary:\n1. A bakery closed.\n"
             "2. The owners moved abroad.\n\nAnswer Yes or No.")


@pytest.mark.parametrize("text", [
    "Translate this poem into English:\nLa luna brilla\nEl mar canta\nYo te espero",
    "What is the sentiment of this review?\n- great food\n- slow service\n- would come back",
    "Please summarize the following meeting notes:\n- Tom sends the report\n- Ana books the venue\n"
    "- Budget approved",
])
def test_a_task_over_one_text_is_not_split_into_its_lines(text: str) -> None:
    rejected(text)


@pytest.mark.parametrize("text", [
    "I need a Python script that does the following:\n1. Reads a CSV file\n2. Drops empty rows\n"
    "3. Saves the result",
    "Rewrite the following bullet points as a paragraph:\n- fast delivery\n- friendly staff\n- low prices",
])
def test_requirements_of_one_artifact_and_items_joined_into_one_text(text: str) -> None:
    rejected(text)


@pytest.mark.parametrize(("text", "category"), [
    ("Extract every chemical element from each formula, one line per formula:\n1) H2SO4\n2) NaCl\n3) C6H12O6",
     "Keyword Extraction"),
    ("Bewerten Sie die folgenden Kundenrezensionen und geben Sie eine Gesamtbewertung von 1 bis 5:\n"
     "- Der Staubsauger ist leise und saugt gründlich, ich bin sehr zufrieden mit dem Kauf.\n"
     "- Nach zwei Wochen kaputt, der Kundendienst hat nie geantwortet, eine Enttäuschung.", "Sentiment Analysis"),
])
def test_category_from_the_task_over_the_items(text: str, category: str) -> None:
    assert accepted(text).category == category


def test_a_number_repeated_after_the_marker_is_not_part_of_the_item() -> None:
    schema = accepted("Translate into Spanish:\n1. 1. Good morning.\n2. 2. See you later.")
    assert schema.data == ["Good morning.", "See you later."]


@pytest.mark.parametrize("text", [
    # a header that asks something ("what is ...") over two long options: one choice, not extraction from texts
    "Our shop sells handmade candles online and ships from a single warehouse in Leeds. What is the best way to "
    "reach buyers abroad? We weighed 1) opening a second warehouse near Rotterdam, which would cost a lot of money "
    "up front. Or 2) shipping everything by air from Leeds and raising the prices for every order abroad.\n\n"
    "Which would you pick?",
    # "below is a list of ..." presents examples of one thing to write
    "Below is a list of opening lines that worked well for our newsletter last year:\n"
    "- a short story about a customer who found her lost dog thanks to one of our flyers in the park\n"
    "- a surprising figure about how much bread the town throws away every single week of the year\n"
    "Write me one new opening line in the same spirit for the March issue.",
])
def test_a_weak_extraction_verb_over_long_items_is_no_extraction_from_each(text: str) -> None:
    schema = extract_rules(text)
    assert schema.category != "Keyword Extraction"


def test_an_extraction_verb_over_listed_texts_is_keyword_extraction() -> None:
    schema = accepted("Identify the river and the country in each of these sentences:\n"
                      "a) The Danube flows through Vienna before it reaches the border with Slovakia and Hungary.\n"
                      "b) Fishermen on the Mekong near Phnom Penh report smaller catches every year since the dams.")
    assert schema.category == "Keyword Extraction" and len(schema.data) == 2


@pytest.mark.parametrize("text", [
    "My build prints the following warning:\nnote: some input files use unchecked operations\n"
    "note: recompile with -Xlint for details\nBUILD SUCCESSFUL in 12s",
    "Harmonise the following melody for four voices:\nC D E F\nG A G F\nE D C C",
])
def test_bare_lines_after_the_following_are_one_text(text: str) -> None:
    rejected(text)


def test_bare_lines_under_a_per_item_task_are_items() -> None:
    assert accepted("Translate the following phrases into Italian:\ngood morning\nsee you tomorrow\n"
                    "thank you very much").data == ["good morning", "see you tomorrow", "thank you very much"]


@pytest.mark.parametrize(("text", "context", "parts"), [
    ("A car of mass 1200 kg accelerates from rest to 25 m/s in 10 s on a flat road. a) What is its acceleration? "
     "b) What net force acts on it? c) How far does it travel in that time?",
     "A car of mass 1200 kg accelerates from rest to 25 m/s in 10 s on a flat road.",
     ["What is its acceleration?", "What net force acts on it?", "How far does it travel in that time?"]),
    ("Un tren sale a las 9:00 a 80 km/h hacia una ciudad a 240 km. (a) ¿A qué hora llega? "
     "(b) ¿Qué distancia ha recorrido a las 10:30?",
     "Un tren sale a las 9:00 a 80 km/h hacia una ciudad a 240 km.",
     ["¿A qué hora llega?", "¿Qué distancia ha recorrido a las 10:30?"]),
])
def test_lettered_parts_of_a_problem_share_its_set_up(text: str, context: str, parts: list[str]) -> None:
    schema = accepted(text)
    assert schema.category == "Reading Comprehension" and schema.context == context and schema.data == parts
    assert schema.tier == "medium"


@pytest.mark.parametrize(("text", "parts"), [
    ("Exercise 3. Four parcels wait at a depot for one van; loading times are 5, 9, 2 and 7 minutes.\n"
     "Determine the loading order that minimizes:\na) the time the last parcel is loaded.\n"
     "b) the total waiting time of all parcels.\nc) the mean waiting time.",
     ["the time the last parcel is loaded.", "the total waiting time of all parcels.", "the mean waiting time."]),
    ("A tank holds 40 L of brine and drains at a rate proportional to its volume. Find the rate constant k so that "
     "the tank\n(a) (4 points) is half empty after one hour.\n(b) (6 points) holds 5 L after three hours.",
     ["is half empty after one hour.", "holds 5 L after three hours."]),  # (the marks are no part of the item)
])
def test_lettered_parts_completing_an_exam_request_share_its_set_up(text: str, parts: list[str]) -> None:
    schema = accepted(text)
    assert schema.category == "Reading Comprehension" and schema.data == parts
    assert schema.context is not None and schema.context.endswith(("minimizes:", "so that the tank"))


@pytest.mark.parametrize("text", [
    # parts that are tasks of their own may build on each other
    "A ball is thrown upward at 20 m/s from a 15 m cliff. Determine its motion\n(a) (4 points) Find its peak "
    "height.\n(b) (4 points) Find the time it takes to reach the ground from that height.",
    # no request for a result before the parts: the rules of one configuration
    "Write firewall rules for this policy on our office network.\n(a) (2 points) Block outside ping traffic.\n"
    "(b) (2 points) Only the web host may reach the database server.",
])
def test_lettered_tasks_or_rules_after_a_set_up_are_not_completions(text: str) -> None:
    rejected(text)


@pytest.mark.parametrize("text", [
    "What is the capital of France? (a) Paris (b) London (c) Berlin",
    "Which planet is largest? a) Mars b) Jupiter c) Venus d) Earth",
    "I need a plan for tomorrow: (a) buy the flour (b) bake the bread",
])
def test_inline_lettered_options_and_steps_are_not_parts(text: str) -> None:
    rejected(text)


_LINE_PIECES = ["1. ", "2) ", "1", "\n", ".", "- ", "-- ", "Q1: ", "a) ", "Step 2: ", "  ", "\t", "word", "x", "①", "一、",
                "2-", "3 - ", "-2"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_LINE_PIECES), max_size=24).map("".join)
       | st.lists(st.sampled_from([*_LINE_PIECES, "\n\n", "\n" * 40, ":\n", " \n", "\r\n", "(", "#", "\u3000"]),
                  max_size=40).map(lambda pieces: "".join(pieces) * 30))
@example("\n" * 3_000 + "1. a\n\n\n- b")
@example(":\n" * 2_000 + "\n\n  (a) x\n\t• y")
@example("1. a\n" * 2_000)
def test_list_lines_are_found_where_a_multiline_scan_finds_them(text: str) -> None:
    """Each list line is found, and only those (the scan skips a run of line breaks and a line no marker can start:
    the session-27 shortcuts)."""
    scan = re.compile("^" + _LIST_LINE_BODY, re.M)
    found = [(match.start("line"), {name: match.span(name) for name in scan.groupindex})
             for match in _list_line_matches(text)]
    assert found == [(match.start(), {name: match.span(name) for name in scan.groupindex})
                     for match in scan.finditer(text)]


_HEADER_PIECES = ["Rules", "rules", "RÈGLES", "règles", "ПРАВИЛА", "правила", "rule2", "prerules", "İnstructions",
                  "ſ", "ᲀ", "规则", "要求", "요구 사항", "요구", ":", " ", "-", "é", "中", "x", "format"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_HEADER_PIECES), max_size=12).map("".join),
       st.lists(st.sampled_from(_HEADER_PIECES), max_size=6).map("".join))
@example("rules for each item", "pre")
@example("", "Rules")
def test_a_header_names_constraints_exactly_when_the_regex_finds_them(header: str, before: str) -> None:
    text = before + header  # the prompt holds the header, whose first word the prompt may continue ("prerules")
    assert _names_constraints(header, probe(text)) == (CONSTRAINT_HEADER.search(header) is not None)


@pytest.mark.parametrize("text", [
    "Update the Settings screen to include the following fields\n - display name\n - time zone\n - language\n"
    " - notification e-mail",
    "Change the checkout page so the pay button does the following\n - disable itself while waiting\n"
    " - show a spinner\n - show the receipt number when the payment succeeds",
    "Write section \"IV. Moisture problems in basements\". Focus on the following:\n- Signs of rising damp\n"
    "- Causes of condensation\n- When to call a waterproofing specialist\nKeep it under 200 words.",
])
def test_the_parts_of_one_thing_to_make_or_change_are_not_items(text: str) -> None:
    rejected(text, "en")


def test_a_numbered_list_going_on_from_an_earlier_message_is_a_list() -> None:
    text = ("4. What is a race condition? How do you prevent one?\n5. What is a deadlock?\n"
            "6. What is the difference between a process and a thread?")
    schema = proposed(text, "en")
    assert schema.data == ["What is a race condition? How do you prevent one?", "What is a deadlock?",
                           "What is the difference between a process and a thread?"]
    rejected("I liked your ideas.\n4. What is a race condition?\n5. What is a deadlock?", "en")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Table", "Q", "step", "ab", "é", "x" * 16, " ", "\t", "\n", "3", "12", ":", ".", ")",
                                 "- ", "1. ", "item"]), max_size=20).map("".join))
def test_the_possessive_list_label_matches_as_a_greedy_one(text: str) -> None:
    assert_matches_alike(re.compile(_LIST_LINE_BODY, re.M),
                         re.compile(_LIST_LINE_BODY.replace(r"{2,15}+", "{2,15}"), re.M), text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["    ", " ", "\t", "\n", "1. ", "2) ", "(3)", "Q4: ", "Q. ", "Step 5:", "first question: ",
                                 "a) ", "(b)", "- ", "-- ", "• ", "① ", "二、", "def load(path):", "return x", "\u3000",
                                 "word", "."]), max_size=20).map("".join))
@example("        rows = [1, 2]\n    - keep it\n\t 2) go")
def test_the_possessive_list_line_indent_matches_as_a_greedy_one(text: str) -> None:
    """No marker starts with a space or a tab, so the indent before one never gives a character back: a line of
    indented code or prose is tried once, not once per indent character."""
    assert_matches_alike(re.compile(_LIST_LINE_BODY, re.M),
                         re.compile(_LIST_LINE_BODY.replace(r"[ \t]*+(?:", r"[ \t]*(?:", 1), re.M), text)


# The item's tail after its last word character: an alternative with an empty one (session 28), where it was optional
# ("?": the engine's repeat of a group, dearer).
_ITEM_TAIL = r"(?P<item>[^\n]*\w(?:[^\n]*[^ \t\n]|))[ \t]*$"
_OPTIONAL_ITEM_TAIL = r"(?P<item>[^\n]*\w(?:[^\n]*[^ \t\n])?)[ \t]*$"


# The item as it was written before session 24: lazy, trying "[ \t]*$" after each of its characters.
_LAZY_ITEM = r")[ \t]*(?P<item>[^\n]*\w[^\n]*?)[ \t]*$"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([" ", "  ", "\t", "\n", "\r", "\u3000", "1. ", "2) ", "- ", "Q3: ", "word", "é", "?",
                                 ".", "_"]), max_size=24).map("".join))
@example("1. cat   \t \n2.\t\tdog\r\n- " + " " * 50 + "bird ?  ")
def test_the_list_item_ends_where_the_lazy_item_ended(text: str) -> None:
    """The item runs to its line's last character other than a space or a tab, found once from the line's end (the
    lazy item read a run of spaces once per character of it); the space after the marker is given nothing back."""
    plain = _LIST_LINE_BODY.replace(r")[ \t]*+" + _ITEM_TAIL, _LAZY_ITEM)
    assert_matches_alike(re.compile(_LIST_LINE_BODY, re.M), re.compile(plain, re.M), text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([" ", "  ", "\t", "\n", "\r", "\u3000", "1. ", "2) ", "- ", "Q3: ", "word", "é", "?",
                                 ".", "_", "a b", "!"]), max_size=24).map("".join))
@example("1. cat   \t \n2.\t\tdog\r\n- " + " " * 50 + "bird ?  \n- x!\t!")
def test_the_item_tail_as_an_alternative_matches_as_the_optional_one(text: str) -> None:
    """An alternative with an empty one is tried as "?" tries its group: first the group, then nothing."""
    assert _LIST_LINE_BODY.endswith(_ITEM_TAIL)
    assert_matches_alike(re.compile(_LIST_LINE_BODY, re.M),
                         re.compile(_LIST_LINE_BODY.replace(_ITEM_TAIL, _OPTIONAL_ITEM_TAIL), re.M), text)


_BULLET_ALTERNATIVE = r"(?P<bullet>--?|[*•●▪◦–—+·・►>])"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_LINE_PIECES, "* ", "• ", "+ ", "—", "–", "► ", ">", "(a) ", "b. ", "Q. ",
                                 "Table 3: ", "step 4) ", "二、", "1.2 ", "first question: "]), max_size=24).map("".join))
@example("- a\n-- b\n--- c\n-1. d\n•• e\n> f")
def test_the_bullet_tried_first_matches_as_the_bullet_tried_last(text: str) -> None:
    """No other marker starts with a bullet's characters: tried first (session 27), the bullet alternative finds what
    it found after the others (the same spans of the same named groups)."""
    assert _LIST_LINE_BODY.count("(?:" + _BULLET_ALTERNATIVE + "|") == 1
    last = _LIST_LINE_BODY.replace(_BULLET_ALTERNATIVE + "|", "", 1).replace(
        r"|\((?P<pletter>[a-zA-Z])\)", r"|\((?P<pletter>[a-zA-Z])\)|" + _BULLET_ALTERNATIVE, 1)
    assert last != _LIST_LINE_BODY
    first, after_the_others = re.compile(_LIST_LINE_BODY, re.M), re.compile(last, re.M)
    for position in range(len(text) + 1):
        ours, theirs = first.match(text, position), after_the_others.match(text, position)
        assert (ours is None) == (theirs is None)
        if ours is not None and theirs is not None:
            assert {name: ours.span(name) for name in first.groupindex} == {
                name: theirs.span(name) for name in first.groupindex}


def test_list_lines_are_read_across_long_runs_of_spaces() -> None:
    blocks = list_blocks("Translate:\n1. cat" + " " * 5_000 + "\n2. dog \t \n3." + "\t" * 5_000 + "bird")
    assert [block.items for block in blocks] == [["cat", "dog", "bird"]]


def test_ordinal_first_characters_cover_every_case_folded_start() -> None:
    """The plain set tried before the case-folded ordinals holds every character one of them can start with (all of
    Unicode), so the pre-check cannot miss a "First question:" line."""
    from studio.curation.rules.lists import _ORDINAL_FIRSTS
    ordinals = "first second third fourth fifth sixth seventh eighth ninth tenth".split()
    starts = re.compile("(?i:" + "|".join(sorted({word[0] for word in ordinals})) + ")")
    assert {chr(code) for code in range(sys.maxunicode + 1) if starts.match(chr(code))} <= set(_ORDINAL_FIRSTS)


_LINE_CHARS = st.sampled_from(list("FfSsTtEeNnſQq1234 \t.:?*#-\n") + ["first", "Second", "THIRD", "question", "ſixth"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE_CHARS, max_size=24).map("".join))
@example("\nfirst question: what is it?\nſecond Question. and this?")
def test_ordinal_pre_check_finds_what_the_full_form_finds(text: str) -> None:
    from studio.curation.rules.lists import _NEXT_LIST_LINE, _ORDINAL_FIRSTS
    full = re.compile(_NEXT_LIST_LINE.pattern.replace("(?=[" + _ORDINAL_FIRSTS + "])", ""), re.M)
    assert full.pattern != _NEXT_LIST_LINE.pattern
    assert [m.groupdict() | {"span": m.span()} for m in _NEXT_LIST_LINE.finditer(text)] == [
        m.groupdict() | {"span": m.span()} for m in full.finditer(text)]


# A header that presents the list instead of asking something of each item (session 16, round 2).
@pytest.mark.parametrize("text", [
    "The following is a puzzle from my logic class\n1. there are three boxes on a shelf\n2. one box holds only "
    "apples\n3. every label on the boxes is wrong",
    "These are my replies to your 4 questions:\n1. We sell handmade soap.\n2. Our buyers are mostly tourists.\n"
    "3. Prices start at five euros.\n4. We ship within the EU.",
    "These are the sections of my thesis\n1. Introduction to tidal energy 2. Turbine design 3. Costs 4. Outlook",
    "Please format my plan like the example below:\n1. Wake up at six and stretch.\n2. Walk the dog around the "
    "park.\n3. Answer email until nine.",
    "Here is a customer profile: likes hiking, budget 200 euros. Of the following 4 backpacks, which one suits her "
    "best?\n1. Alpine 30L\n2. City Roll 20L\n3. Trek Pro 45L\n4. Day Lite 15L",
    "My plan for the week is the following one:\n1. Finish the report draft.\n2. Meet the design team.\n3. Book "
    "train tickets.",
])
def test_lists_a_header_presents_are_not_items(text: str) -> None:
    rejected(text, "en")


@pytest.mark.parametrize("text", [
    "Explain the following terms in plain words:\n1. Inflation\n2. Interest rate\n3. Bond yield",
    "Rate the following hotel reviews from 1 to 5:\n1. The room was spotless and the staff were kind to us.\n"
    "2. Noisy street, thin walls and a broken shower, never again.\n3. Fine for one night, nothing special.",
    "Here are your jobs for today, do each one:\n1) Shorten the memo.\n2) Name its open risks.\n3) Suggest a title.",
])
def test_lists_the_following_asks_about_stay_items(text: str) -> None:
    assert proposed(text, "en").data


@pytest.mark.parametrize("text", [
    "A session record is defined by the following parameters.\n• Token: a random string issued at login and kept "
    "in a cookie.\n• Expiry: the moment the token stops being accepted by the server.\n• Scope: what the token "
    "may read or change.",
    "Explain each column of this export:\n\nuser,visit1,visit2,visit3,plan\n7,null,12,3,free\n8,4,null,null,pro\n"
    "9,1,1,2,free",
])
def test_lists_of_material_code_or_rows_are_not_items(text: str) -> None:
    rejected(text, "en")


def test_a_list_of_equations_stays_items() -> None:
    text = ("Extract every variable name from each equation:\n1) y = 3x^2 + sin(z)\n2) p = q / (r - 4)\n"
            "3) w = log(v) + u")
    assert proposed(text, "en").data == ["y = 3x^2 + sin(z)", "p = q / (r - 4)", "w = log(v) + u"]


def test_a_list_inside_the_one_text_the_instruction_names_is_not_items() -> None:
    """The request names one text ("this letter") above the paragraph that introduces the list: the list is part
    of that text (session 16, round 2)."""
    rejected("Translate this letter into German, please.\n\nDear Anna,\nthree things happened this week:\n1. The "
             "train was late again on Monday.\n2. My sister moved to a flat near the lake.\n3. We finally bought a "
             "new oven.", "en")


@pytest.mark.parametrize(("text", "language"), [
    ("帮我把这个说明书翻译成英文：\n\n小雾加湿器使用说明\n\n1. 取下水箱，加入清水。\n2. 把水箱放回底座。\n3. 接通电源，按下电源键。", "zh"),
    ("请翻译以下内容：\n\n会员须知\n\n1. 每月十日前缴纳会费。\n2. 访客须在前台登记。\n3. 周日晚上清空储物柜。", "zh"),
    ("Translate this manual into Spanish:\n\nKettle guide\n\n1. Fill the kettle to the line.\n2. Close the lid "
     "firmly.\n3. Press the switch and wait for the click.", "en"),
])
def test_the_numbered_steps_of_one_named_document_are_not_items(text: str, language: str) -> None:
    """Rules 2.120: "这个说明书" (this manual), "以下内容" (the following content) and "this manual" name one
    document to translate: its numbered steps are its content."""
    not_proposed(text, language)


def test_plural_texts_named_above_the_list_stay_items() -> None:
    schema = proposed("Translate the following sentences into German.\n\nThey come from my diary:\n1. The train was "
                      "late again on Monday.\n2. My sister moved to a flat near the lake.\n3. We finally bought a new "
                      "oven.", "en")
    assert schema.category == "Translation" and len(schema.data) == 3


@pytest.mark.parametrize(("text", "data"), [
    ("Write workplace stories related to the following values, the rest are done:\n11. Earn Trust\n12. Dive Deep\n"
     "13. Deliver Results", ["Earn Trust", "Dive Deep", "Deliver Results"]),
    ("We covered the first products already. Now suggest slogans for the following products:\n4. Oat Milk\n"
     "5. Rye Bread\n6. Honey Jar", ["Oat Milk", "Rye Bread", "Honey Jar"]),
])
def test_a_numbered_list_going_on_from_an_earlier_one_after_a_colon_is_a_list(text: str, data: list[str]) -> None:
    assert proposed(text, "en").data == data


@pytest.mark.parametrize("text", [
    "We covered the first products already. Now suggest slogans for the following products\n4. Oat Milk\n"
    "5. Rye Bread\n6. Honey Jar",
    "Suggest slogans for the following products:\n1. Oat Milk\n\nWe skipped some.\n4. Rye Bread\n5. Honey Jar",
])
def test_a_numbered_list_not_starting_at_one_without_a_colon_before_it_is_no_list(text: str) -> None:
    rejected(text, "en")


# Session 29, QA recall: exercises copied from a textbook, numbered by chapter from wherever the copy starts ("3.14.",
# "3.15.", ...), each opening with an exam task, a question or the givens it sets, and holding its own numbered steps
# and lettered parts: one item per exercise.
def test_textbook_exercises_numbered_from_the_opening_are_one_item_each() -> None:
    text = ("3.14. Let f be a continuous function on [0, 1]. Consider the following procedure:\n"
            "1. Split the interval into n equal parts.\n2. Evaluate f at each midpoint.\n"
            "(a) Does the sum converge as n grows?\n(b) If so, find its limit.\n"
            "3.15. Prove that every convergent sequence of real numbers is bounded.\n"
            "3.16. Show that the composition of two injective maps\nis injective.\n"
            "3.17. If a_n > 0 and the series of a_n converges, does the series of a_n^2 converge?")
    schema = proposed(text, "en")
    assert schema.category == "Question Answering" and schema.data is not None and len(schema.data) == 4
    assert schema.data[0].startswith("Let f be") and schema.data[0].endswith("If so, find its limit.")
    assert schema.data[1:] == ["Prove that every convergent sequence of real numbers is bounded.",
                               "Show that the composition of two injective maps is injective.",
                               "If a_n > 0 and the series of a_n converges, does the series of a_n^2 converge?"]


@pytest.mark.parametrize("text", [
    # sections of a pasted report, numbered from where the paste starts: headings, not exercises
    "4.3. Results\nThe model reached 91% accuracy on the test set.\n4.4. Discussion\nThese results suggest that "
    "pretraining matters.",
    # section numbers without the closing dot open no list from the middle of a numbering
    "2.3 Prove the lemma first.\nWe sampled 40 patients.\n2.4 Show the results to the board.\nMost improved.",
])
def test_numbered_sections_from_the_opening_are_no_exercises(text: str) -> None:
    not_proposed(text, "en")


# Session 18, QA recall: a short heading between "the following:" and its bullets, and bullets that each complete
# a question cut at a colon.
def test_a_heading_between_the_following_and_the_bullets_keeps_them_items() -> None:
    text = ("For my exam, what are the strengths and limits of the following:\n\nKinds of renewable power:\n"
            "• wind turbines\n• solar panels\n• tidal barrages")
    assert proposed(text).data == ["wind turbines", "solar panels", "tidal barrages"]


def test_a_paragraph_ending_in_a_colon_is_no_heading() -> None:
    rejected("Turn the following into a product page:\n\nOur kettle boils fast. It has three settings that people "
             "love:\n• quiet mode\n• keep warm\n• auto off")


def test_bullets_completing_a_question_are_items_in_the_medium_tier() -> None:
    schema = proposed("How would daily life change if the Moon were to:\n- a) vanish overnight\n"
                      "- b) double in size")
    assert schema.data == ["vanish overnight", "double in size"]
    assert schema.tier == "medium" and schema.category == "Question Answering"


# Session 22, QA recall round 5: the letter labels a bullet's item carries in order are no part of the item.
@pytest.mark.parametrize(("text", "data"), [
    ("Explain each of these:\n• (a) how tides form\n• (b) why the sky looks blue\n• (c) what makes thunder",
     ["how tides form", "why the sky looks blue", "what makes thunder"]),
    # out of order: labels kept, as written
    ("Explain each of these:\n• b) how tides form\n• a) why the sky looks blue",
     ["b) how tides form", "a) why the sky looks blue"]),
    # an initial with a full stop is a name, not a label
    ("Write a short biography of each of the following:\n- A. Lincoln\n- B. Franklin",
     ["A. Lincoln", "B. Franklin"]),
])
def test_letter_labels_inside_bullets_are_left_out_only_in_order(text: str, data: list[str]) -> None:
    assert proposed(text).data == data


@pytest.mark.parametrize("text", [
    "Which laptop is better for travel:\n- a light ultrabook\n- a sturdy gaming laptop",
    "What should I pick for the team dinner:\n- sushi\n- tacos\n- pizza",
])
def test_bullets_after_a_question_of_choice_are_one_decision(text: str) -> None:
    rejected(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["(", ")", "a", "B", "h", "i", " ", "\n", "\t", "x", "é", "What?", "1"]),
                max_size=20).map("".join))
@example("a) first b) second")
@example("x(a) y")
@example("(a) one (b) two")
def test_inline_letter_markers_are_those_a_search_from_the_start_finds(text: str) -> None:
    """`_inline_letter_markers` starts two characters before the first ")": the same markers."""
    assert [(match.span(), match.groups()) for match in _inline_letter_markers(text)] == [
        (match.span(), match.groups()) for match in _INLINE_LETTER.finditer(text)]


# The code-line test as one regex searched over the stripped line (what `_is_code` answers in parts).
_CODE_LINE_SEARCHED = re.compile(
    r"[{}\[\](;]\s*,?$|^[{}\[\]]|^[\"'][^\"']{1,40}[\"']\s*:|^[^\s,]+(?:,[^\s,]*){3,}$"
    r"|^(?:[a-z_][\w\\]*[._\\][\w\\.]*|[a-z][a-z0-9]+\w*)(?:\[[^\]\n]*\])?\s*[-+*/]?=(?!=)\s*\S"
    r"|^[A-Za-z_][\w\\]*[._\\][\w\\.]*\(.*\)\s*$|^(?:if|elif|while|for|with|def|class|try|except|else)\b.*:\s*$"
    r"|^from\s+[\w.]+\s+import\s|^(?:\"\"\"|\'\'\')\s*$")


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(["{", "}", "[", "]", "(", ")", ";", ",", " ", "\n", "\t", "\u00a0", "\u2003", "\x1c",
                                 "\x85", "a", "'", '"', ":", "key", "é"]), max_size=14).map("".join))
@example(",\u2003")
@example("'tags': ['Server'],")
@example("id,07h,08h,Gender")
@example("self.get\\_tag(tag)")
@example("for tag in tags:")
def test_a_code_line_is_found_as_the_searched_regex_finds_it(item: str) -> None:
    assert _is_code(item) is (_CODE_LINE_SEARCHED.search(item.strip()) is not None)


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(["1", "2", "12", "123", "\u0663", ".", ")", " ", "\n", "\t", "\u00a0", "a", "x.", "?",
                                 "1. ", "2) "]), max_size=14).map("".join))
@example("1) What is X? 2) What is Y?")
@example("x1. a 12. b")
def test_inline_numbers_are_those_the_lookbehind_first_regex_finds(text: str) -> None:
    """`_INLINE_NUMBER` checks the character before a number after its first digit: the same markers as the
    regex testing it first at every position."""
    before_first = re.compile(r"(?:(?<=\s)|^)(\d{1,2})[.)]\s+(?=\S)")
    assert [(match.span(), match.groups()) for match in _INLINE_NUMBER.finditer(text)] == [
        (match.span(), match.groups()) for match in before_first.finditer(text)]


def _numbered_in_sequence_before(markers: Iterator[re.Match[str]]) -> list[re.Match[str]]:
    """`lists._numbered_in_sequence` as it was before session 28, reading every marker's number in turn."""
    sequence: list[re.Match[str]] = []
    for marker in markers:
        if int(marker.group(1)) == len(sequence) + 1:
            sequence.append(marker)
    return sequence


_SEQUENCE_PIECES = ["1. ", "2) ", "3. ", "4) ", "01. ", "02) ", "10. ", "\u0661. ", "\u0662) ", "#1 ", "#2 ", "#3 ",
                    "0. ", "99. ", "x", "1", "2", " ", "\n", "a1. ", "?"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_SEQUENCE_PIECES), max_size=30).map("".join)
       | st.tuples(st.lists(st.sampled_from(_SEQUENCE_PIECES), min_size=1, max_size=6).map("".join),
                   st.integers(2, 40)).map(lambda parts: parts[0] * parts[1]))
@example("1. a\n" * 2_000)
@example("".join(f"{number}. x " for number in range(1, 120)))
@example("2. b 1. a 3. c 2. b #2 x #1 y #2 z")
def test_markers_numbered_in_sequence_are_those_read_one_by_one(text: str) -> None:
    """Read at once and found by `list.index`, the sequence is the one read marker by marker, or none when that one is
    shorter than two (which `inline_markers` took for none)."""
    from studio.curation.rules.lists import _INLINE_HASH

    for marker in (_INLINE_NUMBER, _INLINE_HASH):
        before = _numbered_in_sequence_before(marker.finditer(text))
        assert [found.span() for found in _numbered_in_sequence(marker, text)] == (
            [found.span() for found in before] if len(before) >= 2 else [])


_SURVEY = ("These are the answers from our customer survey.\n{ask}\n\n1. Why is delivery so slow?\n"
           "2. Can I pay by bank transfer?\n3. Is there a student discount?\n4. Where can I track my order?")
_BULLETS = ("Could you rewrite {which} bullet points {how}?\n\n- Leads design reviews for the mobile team and coaches "
            "juniors on testing habits\n- Coaches junior engineers on writing tests and reviewing designs\n"
            "- Owns the release checklist and keeps it current")


@pytest.mark.parametrize("text", [
    _SURVEY.format(ask="Split the 40 answers into four groups and tell me which group each answer belongs to."),
    _BULLETS.format(which="these", how="to remove redundancy"),
    "Write an article for small shop owners with a table of 15 pricing choices every shop faces. Give the table the "
    "following columns:\n- Choice\n- Options to weigh (at least 4 for each choice)\n- Risk of getting it wrong",
    "Please add these sections to my grant application (at least 250 words each per section):\n\n1. Community Need\n"
    "2. Project Team\n3. Budget Justification\n4. Evaluation Plan\n\nHere is the summary of the project: a mobile "
    "library van that visits four villages each week.",
])
def test_a_partition_a_pruning_columns_or_sections_are_one_task_over_the_list(text: str) -> None:
    not_proposed(text, "en")


@pytest.mark.parametrize("text", [
    _SURVEY.format(ask="Tell me whether each answer is a complaint or a question."),
    _BULLETS.format(which="each of these", how="to sound more confident"),
    "Please write a short paragraph about each of these topics:\n\n1. Community gardens\n2. Bike sharing\n"
    "3. Public libraries\n4. Night markets",
])
def test_the_same_lists_under_a_per_item_task_are_still_proposed(text: str) -> None:
    assert len(proposed(text, "en").data) >= 3


_BACKUP_PLANS = ("Our nightly database backups all live in one data centre.\n\nWe are starting a disaster recovery "
                 "project and need to find {need}. We have thought 1) of rewriting the backup scripts so that they "
                 "write to both sites, which may take several weeks.{joint} 2) just set up a separate job that copies "
                 "the files to the second site every morning.{ending}")


def test_numbered_options_joined_by_or_are_one_decision() -> None:
    not_proposed(_BACKUP_PLANS.format(
        need="the best approach to getting the backups to a second site", joint=" Or",
        ending="\n\nWhich would you pick, or is there a third way we missed?"), "en")


def test_numbered_plans_without_or_are_still_items() -> None:
    assert len(proposed(_BACKUP_PLANS.format(need="the weak points in each plan", joint="", ending=""), "en").data) == 2


# -- false proposals, round 8: a presented list, one named whole, one choice -----------------------------------------
_THEMES = "1. sourdough\n2. laminated doughs\n3. gluten-free bakes"
_ACCESS_RULES = ("(a) Only the office network may reach /admin.\n(b) All other clients get the public site.\n"
                 "(c) Requests from known bots are refused.")
_THESIS_PROJECTS = ("Here are the projects I could do for my thesis:\n1. Predicting bike rentals from weather data\n"
                    "2. Classifying bird songs from audio clips\n3. Detecting fraud in card payments\n\n")


@pytest.mark.parametrize("text", [
    # the header presents the user's own topics
    "I run a bakery blog. My focus is on the following themes:\n" + _THEMES + "\n\nPlan a month of posts for me.",
    # the parts of one policy the line names
    "Write the nginx config that enforces the following access policy:\n" + _ACCESS_RULES,
    # one choice among the items
    _THESIS_PROJECTS + "I need to choose one of these, can you recommend one and explain why?",
])
def test_presented_lists_parts_of_one_whole_and_a_choice_are_no_items(text: str) -> None:
    not_proposed(text)


@pytest.mark.parametrize("text", [
    "Write a haiku about each of the following themes:\n" + _THEMES,
    "Write a one-line explanation of each of the following firewall rules:\n" + _ACCESS_RULES,
    "Translate the following list into Spanish:\n- the kitchen is closed\n- the garden is open\n- the garage is "
    "locked",
    _THESIS_PROJECTS + "For each of these, suggest a suitable public dataset.",
])
def test_positive_controls_of_the_presented_whole_and_choice_refusals(text: str) -> None:
    assert len(proposed(text).data) == 3


def test_the_details_a_table_should_include_are_its_columns() -> None:
    not_proposed("Using this whole chat, make a table that gives a complete summary of all the study tools mentioned. "
                 "Do your best to classify each tool sensibly. You may pick the fields to include in the table, but I "
                 "would like to see several of these kinds of detail represented:\n"
                 "- Groupings (for example subjects, levels)\n"
                 "- Links between tools (for example shared features, tags)\n"
                 "- A short real example (two sentences at most) of a study session that uses the tool\n"
                 "- A rough estimate of the time each tool saves per week.")


def test_a_summary_of_each_listed_tool_is_still_proposed() -> None:
    assert len(proposed("Write a short summary of each of these study tools:\n"
                        "- Anki flashcards with spaced repetition\n- Notion pages for linked notes\n"
                        "- Forest, a timer that grows trees while you focus").data) == 3


# Session 22, QA recall round 5: one-line profiles a paragraph each, under a header giving each subject an output.
_PROFILES = ("Rowan: a shy blacksmith who sings while he works\n\nIlse Marr: a sharp ship captain, never loses at "
             "cards\n\nBram: an old librarian. Collects maps of places that never existed.")


@pytest.mark.parametrize(("text", "data"), [
    ("Give the following characters a nickname that suits them:\n\n" + _PROFILES,
     ["Rowan: a shy blacksmith who sings while he works", "Ilse Marr: a sharp ship captain, never loses at cards",
      "Bram: an old librarian. Collects maps of places that never existed."]),
    ("Assign these products a tagline:\n\nOat milk\n\nRye bread\n\nHeather honey",
     ["Oat milk", "Rye bread", "Heather honey"]),
])
def test_one_output_per_profile_or_subject_a_paragraph_each(text: str, data: list[str]) -> None:
    assert proposed(text).data == data


@pytest.mark.parametrize("text", [
    # the labels of one form to fill in
    "Write my shop listing using the following template:\n\nTitle: Weekly bread box\n\nPrice: 12 EUR a week, "
    "delivered on Fridays\n\nDescription: three loaves baked that morning, one of them rye.",
    # a few-shot whose labels repeat
    "Give the following people a nickname:\n\nConcept: a knight who is afraid of horses and rides a grumpy donkey "
    "instead\n\nNickname: Sir Walksalot, the Donkey Knight of the Lower Marsh\n\nConcept: a baker who hates bread "
    "and secretly sells cakes from the back door",
    # profiles with no output asked of each subject
    "Here is my team for the quiz night:\n\n" + _PROFILES,
    # a dialogue's turns under a task on the whole text: each turn answers the one before
    "Translate the following into French:\n\nAlice: Where were you last night?\n\nBob: At the library, studying."
    "\n\nCarol: That's not what I heard.",
])
def test_labelled_paragraphs_without_one_output_per_subject_are_no_items(text: str) -> None:
    not_proposed(text)


_HEADER_PIECES = ["divide them into ", "five ", "5 ", "groups", "redundancies", "redundanc", "consolidate", "the ",
                  "following ", "these ", "those ", "columns", "add ", "write ", "sections", "include in the table",
                  "show in a table", "a ", "an ", "tagline ", "short bio ", "for ", "of ", "products", "people",
                  "give ", "assign ", "nickname", ":", "：", " ", "\n", "x", "-", "é", "ſ", "İ", "ı", "K", "\u2028",
                  "中", "Σ", "INTO "]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_HEADER_PIECES), max_size=16).map("".join) | st.text(max_size=40))
@example("divide them into five groups")
@example("write a tagline for the following products:")
@example("give these people a nickname that fits them:")
@example("add the following proposal sections")
def test_the_one_task_header_cues_answer_as_their_regexes(header: str) -> None:
    """`_ONE_JOINT_TASK` and `_ONE_OUTPUT_EACH` search only a header holding one of their needles: their answers must
    be their regexes' own."""
    from studio.curation.rules.lists import _ONE_JOINT_TASK, _ONE_OUTPUT_EACH
    for cue in (_ONE_JOINT_TASK, _ONE_OUTPUT_EACH):
        expected, found = cue.regex.search(header), cue.search(header)
        assert (expected and expected.span()) == (found and found.span())


@pytest.mark.parametrize("text", [
    "Write 5 quiz questions following these rules:\n1. Four options each\n2. One correct answer",
    "Give me 10 names.\nRequirements:\n- short\n- catchy",
    "1. Translate hello\n2. Translate bye",
])
def test_a_kept_constraint_answer_is_the_fresh_one(text: str) -> None:
    """Whether a list constrains a count is kept in the prompt probe's memo and read again: the same answer as
    asking a fresh probe."""
    from studio.curation.lexicon.matching import probe
    kept = probe.__wrapped__(text)
    for block in list_blocks(text):
        first = constrains_a_count(text, block.start, kept)
        assert constrains_a_count(text, block.start, kept) == first
        assert first == _constrains_a_count(text, block.start, probe.__wrapped__(text))
    assert kept.memo or not list_blocks(text)


# Counts and what joins, restates, opens or ends them, in several languages and scripts, with line breaks and markers.
_COUNT_PIECES = ["2", "3", "12", "150", "1,000", "twenty", "five", "twenty-five", " ", "\n", "\n\n", "-", "–", " to ",
                 " or ", " (", ")", "+", " or more", "%", ".", ":", "1. ", "- ", "x", "€", "３", "写", "个", "五", "dos",
                 " y ", "tres", "fünfundzwanzig", "zwei", " oder ", "два", "Rules:\n"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_COUNT_PIECES), max_size=30).map("".join))
@example("Give 2\n- 5 rules")
@example("twenty\nfive")
@example("Write 5 or\nmore")
@example("two (2)\n")
def test_a_count_before_a_position_is_read_as_in_the_text_before_it(text: str) -> None:
    """`asks_a_count_before` reads the whole text's counts once; at every position it answers what reading the text
    before that position on its own (through the prompt's probe, as lists were read before) answers."""
    found = probe.__wrapped__(text)
    for start in range(len(text) + 1):
        expected = _holds_asking_count(text[:start], probe.__wrapped__(text).prefix(text, start))
        assert asks_a_count_before(text, start, found) == expected, start


_TRUE_OR_FALSE_PIECES = ["true", "True", "false", "FALSE", "falsely", " or ", "/", ",", " ", "\n", "\t", "x", "vrai",
                         "faux", " ou ", "richtig", " oder ", "falsch", "верно", "верны", " или ", "неверно", "1. "]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_TRUE_OR_FALSE_PIECES), max_size=30).map("".join))
@example("true or false\n1. x")
@example("true or \n falsely")
def test_a_true_or_false_request_before_a_position_is_read_as_in_the_text_before_it(text: str) -> None:
    """`asks_true_or_false_before` reads the whole text's first request once; at every position it answers what
    reading the text before that position on its own answers."""
    found = probe.__wrapped__(text)
    for start in range(len(text) + 1):
        assert asks_true_or_false_before(text, start, found) == asks_true_or_false(text[:start]), start


def _ending_regexes() -> list[tuple[str, EndingRegex, str]]:
    """Each ending regex of the list rules, with a line it matches."""
    from studio.curation.rules.lists import _INCLUDES, _NAMED_WHOLE, _VOICE_OPEN
    return [("_INCLUDES", _INCLUDES, "each one should include this info:"),
            ("_NAMED_WHOLE", _NAMED_WHOLE, "apply the following access policy:"),
            ("_VOICE_OPEN", _VOICE_OPEN, "describe the town from the point of view of："),
            ("LINES_GLOSSARY_QUESTION", LINES_GLOSSARY_QUESTION, "what do these shell commands do?")]


@pytest.mark.parametrize(("name", "ending", "line"), _ending_regexes())
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_an_ending_regex_answers_as_its_regex(name: str, ending: EndingRegex, line: str,
                                              data: st.DataObject) -> None:
    """Lines made of a line it matches, the regex's own words (any case), blanks, line breaks and the marks that end
    it or not: the test of the window's last character never hides a match, whatever the window."""
    assert ending.search(line + "\n") is not None, name
    words = sorted(set(re.findall(r"[^\W\d_]+", ending.regex.pattern)))
    pieces = [line, *words, *(word.upper() for word in words), " ", "  ", "\t", "\n", "\u3000", ":", "：", "?", ".",
              "x", "-", "s"]
    text = "".join(data.draw(st.lists(st.sampled_from(pieces), max_size=14)))
    pos = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(pos, len(text)))
    for window in ((text,), (text, pos, end)):
        ours, theirs = ending.search(*window), ending.regex.search(*window)
        assert (ours.span() if ours else None) == (theirs.span() if theirs else None), name


def test_an_ending_regex_needs_a_last_character_and_no_multiline() -> None:
    for regex, last in ((re.compile(":$", re.MULTILINE), ":"), (re.compile(":$"), ""), (re.compile(r"\s$"), " ")):
        with pytest.raises(ValueError):
            EndingRegex(regex, last)


@pytest.mark.parametrize("line", [
    "scale\\_setting = self.get\\_scale\\_setting(tag)", "total += 1", "self.debug(\"No scale setting\")",
    "if not mode\\_setting:", "for tag in tags:", "from os import path", '"""'])
def test_statements_of_a_program_are_code_lines(line: str) -> None:
    """Pasted Python read as list lines ("i see what's wrong: for tag in tags:\n self.check(tags)\n tag = ..."
    was proposed as Keyword Extraction of 12 items): assignments, calls of dotted or underscored names, block
    headers, imports and docstring fences are code."""
    assert _is_code(line)


@pytest.mark.parametrize("line", ["y = 2x + 3", "E = mc2", "sin(x)", "return policy", "Import duties", "Paris (France)"])
def test_formulas_and_plain_words_are_no_code_lines(line: str) -> None:
    """A list of equations, functions or fields to work on stays a list."""
    assert not _is_code(line)


def test_pasted_program_lines_are_no_items() -> None:
    """The lines after 'for tag in tags:' are a program's ("tags" made them Keyword Extraction items)."""
    not_proposed('i see the bug " for tag in tags:\n self.check\\_tag\\_once(tags, tag\\_names)\n item = item.strip("x ")\n'
                 ' size\\_setting = self.get\\_size\\_setting(item)\n if not size\\_setting:\n'
                 ' self.warn("No size in items: "+item)\n size\\_value = size\\_setting\n'
                 ' color\\_setting = self.get\\_color\\_setting(item)\n if not color\\_setting:\n'
                 ' self.warn("No color in items: "+item)\n color\\_value = color\\_setting\n'
                 ' owner\\_id = owner[1]" it should check the names first')


def _per_item_task_before(instruction: str, part: Probe, items_are_questions: bool, reasons: list[Reason],
                          before: Probe, texts: bool, kind: str) -> bool:
    """`lists._per_item_task` as it was before session 32: the bullet test after the seven tests it followed. Its tail,
    from the task cue on, is unchanged: past that bullet test the function runs the same tests to the same end (its
    own bullet test, now first, then says no), so it stands for the tail here."""
    from studio.curation.rules import lists

    each_back = lists.EACH_BACK.search(instruction, part)
    header_start = lists._header_start(before.lowered)
    header = before.lowered[header_start:]
    each = lists.EACH.search(header, before.part(header))
    distributive = bool(each_back or each or items_are_questions)
    if lists._ONE_JOINT_TASK.search(header) or lists._PICKS_ONE.search(instruction):
        return False
    if LINES_GLOSSARY_QUESTION.search(lists._last_line(before.lowered)):
        reasons.append(Reason("cue.task", "one question per item: what each listed line means or does", None))
        return True
    if not distributive and (one_each := lists._ONE_OUTPUT_EACH.search(header)):
        reasons.append(Reason("cue.each", f"one output for each listed subject: “{one_each.group(0).strip()}”",
                              None))
        return True
    if lists._names_one_whole(lists._last_line(before.lowered)):
        return False
    if not items_are_questions and (
            lists._SPECIFIES_ONE.search(header) or lists._HANDS_OVER.search(lists._last_line(before.lowered))):
        return False
    if not items_are_questions and lists._in_each_voice(before):
        reasons.append(Reason(lists.PERSONA_CUE, "each item is a voice or a point of view the request is answered in",
                              None))
        return True
    if kind == "bullet" and not distributive and lists.FOLLOWING.search(
            before.lowered, before, header_start) is None and (
            not lists._asks_for_the_list(before) and not lists._completes_a_question(before)):
        return False
    return lists._per_item_task(instruction, part, items_are_questions, reasons, before, texts, kind)


# Pieces of the text before a list that reach each of `_per_item_task`'s tests: distributive cues, the joint-task,
# pick-one, glossary, one-output-each, one-whole, specification, hand-over and voice lines, "the following", a task or
# a question cut at a colon, a role-play set-up.
_BEFORE_PIECES = st.sampled_from([
    "Translate each of these into French:", "each", "these", "the following", "Sort these into groups:",
    "Which one should I pick?", "What does each line mean:", "Write a tagline for the following products:",
    "Give these products a name:", "Write the config that enforces the following firewall policy:",
    "Refactor the function with the following guards:", "Here is more information:", "Explain beauty as if you were:",
    "Describe the city from the point of view of:", "Summarize my notes:", "What would happen if the Earth stopped:",
    "Which is better:", "You are a pirate captain.", "Here is my CV.", "Answer these questions:", "Keep it short.",
    "Translate:", "for each item", "of each", ":", "\n", "\n\n", " ", "Fix the tone of my brief:", "Traduce al inglés:",
    "What do the\tfollowing words mean?", "Write a tagline for those products:", "Give those people a nickname:",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(_BEFORE_PIECES, max_size=6).map(" ".join), st.lists(_BEFORE_PIECES, max_size=3).map(" ".join),
       st.booleans(), st.booleans(), st.sampled_from(["bullet", "num", "lines"]))
@example("Here is my CV.\n", "", False, False, "bullet")
@example("Fix the tone of my brief: What does each line mean:", "", False, False, "bullet")
@example("Sort these into groups: Explain beauty as if you were:", "", False, False, "bullet")
@example("What do the\tfollowing words mean?", "", False, False, "bullet")  # (no "the following" for FOLLOWING)
@example("Write a tagline for those products:", "", False, False, "bullet")
def test_bullets_of_material_are_refused_as_they_were_after_the_seven_tests(before_text: str, after: str,
                                                                            items_are_questions: bool, texts: bool,
                                                                            kind: str) -> None:
    """The bullet test, run first with the three tests that can still say yes to such bullets, gives the answer and
    the reasons of the order it replaced."""
    from studio.curation.rules.lists import _near_list, _per_item_task

    instruction = _near_list(before_text, after)
    part, before = probe(instruction), probe(before_text)
    reasons: list[Reason] = []
    expected: list[Reason] = []
    assert _per_item_task(instruction, part, items_are_questions, reasons, before, texts, kind) == (
        _per_item_task_before(instruction, part, items_are_questions, expected, before, texts, kind))
    assert reasons == expected


@pytest.mark.parametrize("text", [
    "다음 조건에 맞춰서 거래처에 보낼 사과 이메일 하나 써 주세요.\n- 납품이 3일 늦어진 것에 대한 사과\n"
    "- 원인은 원자재 수급 문제라고 간단히 설명\n- 새 납품일은 5월 20일\n- 다음 주문 시 5% 할인 제공",
    "Write one apology email to our client meeting the following conditions.\n- apologise for the delay\n"
    "- explain the raw material shortage\n- the new delivery date is May 20\n- offer 5% off the next order",
])
def test_the_following_conditions_of_one_output_are_no_items(text: str) -> None:
    """ "다음 조건에 맞춰서 ... 써 주세요" (write ... meeting the following conditions): the list is the one output's
    material, in Korean as in English."""
    not_proposed(text)


_NOTES = ("notes:\nBIO 110 — Week 3: Cell membranes\n\n- Phospholipid bilayer: hydrophilic heads face out, "
          "hydrophobic tails face in.\n- Passive transport needs no energy: diffusion, osmosis, facilitated "
          "diffusion.\n- Active transport uses ATP, e.g. the sodium-potassium pump moves 3 Na+ out vs 2 K+ in.\n"
          "- Cholesterol keeps the membrane fluid at low temperatures.\n- Exam: know osmosis in hypertonic vs "
          "hypotonic solutions.\n- Endocytosis brings large particles in; exocytosis sends them out.")


def test_questions_before_a_longer_list_of_notes_are_the_items() -> None:
    """Rules 2.60 (read off N-55): the longest list is the notes to answer from, no set of tasks; the shorter one
    the line before asks to answer is, with the notes as its context (their "vs" is theirs, no comparison)."""
    schema = proposed("revising for the quiz. using only my notes below answer:\na) What faces out in the "
                      "bilayer?\nb) Does osmosis need energy?\nc) What keeps the membrane fluid?\n\n" + _NOTES)
    assert schema.category == "Reading Comprehension" and len(schema.data) == 3
    assert "Cholesterol" in (schema.context or "")


_ASKED_LIST = 'Below is a sample of a "choice question" layout...\n1) Cat\n2) Dog\n3) Bird\n@\nshow\n/\n\n'


def _lists_read(text: str) -> int:
    from studio.curation import rules as rules_package
    read = []
    with mock.patch.object(rules_package, "from_list_block", side_effect=lambda *args: read.append(args) or None):
        extract_rules(text)
    return len(read)


def test_a_paste_of_lists_each_asked_by_its_line_reads_a_few_of_them_as_questions() -> None:
    """Rules 2.122: one asking prompt pasted many times over holds hundreds of lists asked by the line above them;
    at most eight shorter ones are read as the questions beside the material (each read is as long as the text)."""
    assert 1 < _lists_read(_ASKED_LIST * 60 + "Colours:\n- red\n- blue\n- green\n- teal\n") <= 1 + 8


def test_lists_as_long_as_the_longest_are_not_read_as_its_questions() -> None:
    """Rules 2.123: of two lists as long, nothing tells which is the material and which the questions about it;
    only a shorter list is read as the questions (a paste of one asking prompt read eight lists as long as the
    text). No decision moved on the 64,812 real prompts."""
    assert _lists_read(_ASKED_LIST * 60) == 1


def test_a_shorter_list_nobody_asks_to_answer_stays_out() -> None:
    not_proposed("Here is what I have so far:\na) What faces out in the bilayer?\nb) Does osmosis need energy?\n\n"
                 + _NOTES + "\n\nTurn all of this into one short study guide.")


_MILL = ("Built in 1820 on the river Teme, Ashford Mill ground flour for three villages until 1954. It was restored "
         "by volunteers in the 1990s and reopened as a working museum in 2001. Today the wheel turns on weekends "
         "only, and the flour it grinds is sold in the museum shop.")


def test_statements_to_judge_true_or_false_about_a_passage_are_its_questions() -> None:
    """Rules 2.61 (read off F-32): "say whether each statement is True or False" makes each statement a question
    about the passage before the list."""
    schema = proposed("Based on the passage, say whether each statement is True or False.\n\n" + _MILL
                      + "\n\nStatements:\n1) The mill closed in the 1950s.\n2) The wheel turns every day.\n"
                        "3) Volunteers restored the mill.")
    assert schema.category == "Reading Comprehension" and schema.context == _MILL and len(schema.data) == 3


_MOULIN = ("Construit en 1820 sur la Dordogne, le moulin de Borie a produit de la farine jusqu'en 1954. Des bénévoles "
           "l'ont restauré dans les années 1990 et il a rouvert comme musée en 2001. La roue ne tourne plus que le "
           "week-end, et la farine moulue est vendue à la boutique.")
_MOLINO = ("Construido en 1820 junto al río Tera, el molino de Aldea molió harina hasta 1954. Unos voluntarios lo "
           "restauraron en los años noventa y reabrió como museo en 2001. Hoy la rueda solo gira los fines de semana.")


@pytest.mark.parametrize(("text", "context"), [
    ("Vrai ou faux ? Justifie avec le texte.\n\n" + _MOULIN + "\n\n1. Le moulin a fermé en 1954.\n"
     "2. La roue tourne tous les jours.\n3. Des bénévoles ont restauré le moulin.", _MOULIN),
    ("Lee el texto y di si las frases son verdaderas o falsas.\n\n" + _MOLINO + "\n\nA. El molino cerró en 1954.\n"
     "B. La rueda gira todos los días.\nC. El museo abrió en 2001.", _MOLINO),
])
def test_statements_to_judge_true_or_false_in_other_languages(text: str, context: str) -> None:
    """Rules 2.72 (read off sets AH and AI): "vrai ou faux", "verdaderas o falsas" ask what "true or false" asks."""
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and schema.context == context and len(schema.data) == 3


def test_statements_nobody_asks_to_judge_stay_one_text() -> None:
    not_proposed("My notes on the passage:\n\n" + _MILL + "\n\nNotes:\n1) The mill closed in the 1950s.\n"
                 "2) The wheel turns on weekends.\n3) Volunteers restored the mill.\n\nTurn my notes into one "
                 "paragraph.")


_AD = ("Junior Analyst — Brightwater Foods\n\nWe are a family-run food company of 120 people in Leeds. The role "
       "pays £28,000-£31,000 and is hybrid, three office days a week. You need one year of Excel experience. "
       "Applications close on 14 June.")


def test_short_fields_asked_from_the_text_below_are_extraction() -> None:
    """Rules 2.62 (read off N-80): "From the ad below, give me:" over a column of field names asks to pull them out
    of the ad (Keyword Extraction), not to generate them."""
    schema = proposed("I'm tracking applications. From the ad below, give me:\n- job title\n- company\n- salary range"
                      "\n- application deadline\n\n" + _AD)
    assert schema.category == "Keyword Extraction" and "Leeds" in (schema.context or "")


def test_short_items_with_no_text_pointed_at_keep_their_category() -> None:
    schema = proposed("I'm tracking applications. Give me a tip for each:\n- job title\n- company\n- salary range\n"
                      "- application deadline\n\n" + _AD)
    assert schema.category != "Keyword Extraction"


_ARTICLE_PARTS = ("When the mill closed in 1931, the village lost its main employer.\n\nThe building stood empty for "
                  "forty years, until a trust bought it and did the same thing the mill's founders had done: it "
                  "dammed the stream again.\n\nToday the wheel turns for visitors every Sunday.")


def test_the_text_past_a_rule_line_after_the_questions_is_all_of_it() -> None:
    """Rules 2.63: every paragraph past a "---" line after the list is the text (its "the same thing" is its own, not
    a comparison asked by the request). Read off set A-N's misses; no real prompt of the 64,812 moved."""
    schema = proposed("Can you answer:\n1. When did the mill close?\n2. Who bought the building?\n3. When does the "
                      "wheel turn?\n\n---\n\n" + _ARTICLE_PARTS)
    assert schema.category == "Reading Comprehension" and schema.context == _ARTICLE_PARTS


# -- rules 2.64 ---------------------------------------------------------------------------------------------------------
_REEF = ("Coral reefs cover less than one percent of the ocean floor, yet they support roughly a quarter of all marine "
         "species. Their colours come from tiny algae living inside the coral, which feed it by photosynthesis. When "
         "the water grows too warm the coral expels the algae and turns white: this is known as bleaching.")


def test_marks_at_the_end_of_exam_questions_are_no_code() -> None:
    """ "... support? [2 marks]": the marks a question is worth, at its end, are no part of it (a closing bracket
    read as the end of a line of code had refused the list)."""
    text = (f"Read the passage and answer the questions.\n\n{_REEF}\n\n1. What share of marine species do reefs "
            f"support? [2 marks]\n2. Name the algae that live inside coral. [1 mark]\n3. Explain what causes "
            f"bleaching. (2 marks)")
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and schema.context == _REEF
    assert schema.data == ["What share of marine species do reefs support?", "Name the algae that live inside coral.",
                           "Explain what causes bleaching."]


def test_lines_of_code_ending_in_brackets_stay_code() -> None:
    not_proposed(f"{_REEF}\n\n1. print(reefs[0])\n2. area = total(reefs[1:])\n3. plot(area)")


def test_sentences_with_a_blank_to_fill_are_questions() -> None:
    text = (f"Fill in the blanks using words from the passage.\n\n{_REEF}\n\n1. Reefs support about a ________ of "
            f"marine species.\n2. The algae feed the coral by ________.\n3. A coral that expels its algae turns "
            f"________.")
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and len(schema.data or []) == 3


def test_a_board_drawn_with_underscores_asks_nothing() -> None:
    assert not cloze("_X_") and not cloze("___") and cloze("The algae feed the coral by ________.")


def test_true_false_with_a_comma_asks_of_each_statement() -> None:
    text = (f"Do the statements agree with the passage? Write TRUE, FALSE or NOT GIVEN.\n\n{_REEF}\n\n1. Reefs cover "
            f"a quarter of the ocean floor.\n2. Algae give corals their colour.\n3. Bleached coral is always dead.")
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and len(schema.data or []) == 3


def test_japanese_question_numbers_open_a_list() -> None:
    blocks = list_blocks("次の文章を読んで答えなさい。\n\n問1　筆者の考えは何か。\n問2　研究の結果は何か。")
    assert [(block.kind, len(block.items)) for block in blocks] == [("qnum", 2)]


# -- rules 2.66 ---------------------------------------------------------------------------------------------------------
_NOTICE = ("PENGUMUMAN\n\nPendaftaran ulang semester genap dibuka tanggal 3 sampai 14 Februari melalui portal "
           "akademik. Mahasiswa yang terlambat dikenakan denda Rp100.000. Kartu mahasiswa baru diambil di loket "
           "biro akademik setiap hari kerja pukul 08.00 sampai 15.00.")


@pytest.mark.parametrize("lead", [
    "tolong jawab pertanyaan ini berdasarkan pengumuman di bawah ya",  # "answer these questions", Indonesian
    "pertanyaan:",  # a header naming them questions
])
def test_items_named_questions_in_another_language_are_asked_of_the_passage(lead: str) -> None:
    schema = proposed(lead + "\n1. sampai tanggal berapa daftar ulang\n2. dendanya berapa kalau telat\n"
                      "3. kartu mahasiswa diambil di mana\n\n" + _NOTICE)
    assert schema.category == "Reading Comprehension" and len(schema.data or []) == 3


def test_the_same_lines_under_a_request_to_rewrite_are_no_questions() -> None:
    not_proposed("tolong tulis ulang catatan ini jadi lebih rapi\n1. daftar ulang sampai tanggal 14\n"
                 "2. denda kalau telat\n3. kartu mahasiswa di loket\n\n" + _NOTICE)


def test_a_label_of_three_words_opened_by_a_question_word_is_no_question_frame() -> None:
    """ "Wat erin moet:" (what goes in it) heads what one letter holds, not a question each bullet completes."""
    not_proposed("Kun je een motivatiebrief voor me schrijven?\nWat erin moet:\n- net mijn diploma gehaald\n"
                 "- een half jaar stage gedaan\n- goed met mensen\nGroetjes, Sanne")


def test_short_fields_asked_from_a_named_text_take_the_text_after_them() -> None:
    """ "need these 4 things from the shipping email:" over a column of short fields: the email after the column is
    their context, as after "Extract these fields:"."""
    email = ("Good news, your order #48213 is on its way! It left our warehouse this morning.\nCarrier: UPS\n"
             "Tracking number: 1Z999AA10123456784\nEstimated delivery: Thursday, June 6\nShipping to: Portland, OR\n"
             "Questions? Reply to this email and our team will help.")
    schema = proposed("need these 4 things from the shipping email:\n1) carrier\n2) tracking number\n"
                      "3) estimated delivery date\n4) delivery city\n\n" + email)
    assert schema.context == email and schema.data == ["carrier", "tracking number", "estimated delivery date",
                                                       "delivery city"]


def test_fields_over_a_line_naming_their_source() -> None:
    """ "1. booking ref\n2. flight number\n\nfrom my confirmation:\n<text>": the line after the fields names the text
    under it as their source."""
    confirmation = ("Your booking is confirmed! Booking reference: QX7T2M. Flight LX 1612 from Zurich to Lisbon "
                    "departs 14 Sep 2023 at 07:15 and arrives at 09:05. Seat 23A. Baggage: 1 x 23 kg.")
    fields = "1. booking ref\n2. flight number\n3. departure time\n4. seat\n\n"
    schema = proposed(fields + "from my confirmation:\n" + confirmation)
    assert schema.category == "Keyword Extraction" and schema.context == confirmation
    assert schema.data == ["booking ref", "flight number", "departure time", "seat"]
    not_proposed(fields + "hey how are you:\n" + confirmation)


def test_a_rating_pulled_out_of_each_review_is_keyword_extraction() -> None:
    """Rules 2.72 (read off set AH): a verb of extraction over listed reviews reads each one's stars, not rates it;
    rating each review on a scale stays Sentiment Analysis."""
    reviews = ('\n\n1. "Sturdy tent, went up in ten minutes, stayed dry. 4/5"\n2. "Kettle looks great but the lid cracked '
               'in a week. 2 stars."\n3. "The lamp flickers on low and the cable is short. 2/5"')
    assert proposed("For each review, pull out the product, star rating and main complaint (if any)."
                    + reviews).category == "Keyword Extraction"
    assert proposed("Rate each review on a scale of 1-5." + reviews).category == "Sentiment Analysis"


_TERMS = ("TERMS – Riverside Climbing Wall\n\n1. Minimum term. Memberships run for 6 months, then monthly until "
          "cancelled.\n2. Freezing. A membership may be frozen for up to 2 months a year at £4 a month.\n3. Guests. "
          "Members may bring one guest a month; guests must be 16 or over.\n4. Cancelling. Give one month's notice "
          "in writing at reception or by email.")


def test_a_list_inside_the_text_the_opening_questions_ask_about_is_no_items() -> None:
    """Rules 2.72 (read off set AL): the terms' numbered clauses are the text the opening questions ask about, not
    items of their own."""
    schema = proposed("from the terms below: can i freeze it? how much does a freeze cost? can my 15 year old come as "
                      f"a guest?\n\n{_TERMS}")
    assert schema.category == "Reading Comprehension"
    assert schema.data == ["can i freeze it?", "how much does a freeze cost?", "can my 15 year old come as a guest?"]


def test_questions_in_parentheses_gloss_a_heading_and_leave_the_list_its_items() -> None:
    """Rules 2.73: "Pain points (what went wrong for them?)" names a heading, so the reviews after the first paragraph
    are still the items (a first paragraph that asked two questions of its own would make them the text)."""
    schema = proposed("Summarize each review below in one line, under the headings Pain points (what went wrong for "
                      "them?) and Outcomes (what did they hope for?).\n\n1. The staff were kind but the wait was over "
                      "an hour, and nobody told us why.\n2. Quick check-in at the kiosk, in and out in twenty minutes. "
                      "Will come back.\n3. They lost my first sample and I had to come in twice, which cost me a day "
                      "off work.")
    assert schema.data is not None and len(schema.data) == 3
    assert schema.data[1].startswith("Quick check-in")


_ADS = ("FOR SALE: kids bike, 20 inch, blue, good condition. $45, pickup in Elmwood.\nFree firewood, just come and get "
        "it, behind 12 Orchard Lane in Westfield\nSelling my old PS4 with two controllers, 150 dollars or best offer, "
        "can meet at the Target on Route 9")


@pytest.mark.parametrize("layout", [_ADS, _ADS.replace("\n", "\n\n")])
def test_texts_under_a_request_naming_each_of_them(layout: str) -> None:
    """Rules 2.74 (set AN): "from each ad get the price and the location pls" over three ads, a line or a paragraph
    each, with no colon before them: the ads are the items, and each gives the same fields."""
    schema = proposed(f"from each ad get the price and the location pls\n{layout}")
    assert schema.category == "Keyword Extraction"
    assert schema.data is not None and len(schema.data) == 3 and schema.data[1].startswith("Free firewood")


def test_a_document_under_a_request_naming_each_message_is_no_list_of_texts() -> None:
    """Texts longer than a short message under the request are one document's paragraphs, not the messages."""
    paragraph = ("The committee met on Tuesday to review the budget for the coming year, and after a long discussion "
                 "about the costs of the new building, the staff pay rise and the repairs to the roof of the old hall, "
                 "it agreed to ask every department to cut its spending by five per cent, to delay the purchase of "
                 "new computers until the spring, and to report back at the next meeting with a plan for the savings.")
    not_proposed(f"summarise what each message says about the budget\n\n{paragraph}\n\n{paragraph}")


def test_a_system_of_equations_is_solved_together() -> None:
    """Rules 2.75 (set AO, read): the lines of a system of equations are solved as one task, whatever "show each
    step" reads."""
    not_proposed("Solve the system of equations and show each step:\n3x - y = 5\nx + 2y = 4\nThen check the answer "
                 "in both equations.")


_CHANGELOG = ("Release 4.1 (March)\nAdded\n- Offline maps for all regions.\n- A widget for the home screen.\nChanged\n"
              "- Routes now avoid toll roads by default.\nRemoved\n- The old trip planner, replaced by Journeys.\n"
              "Fixed\n- Crash when opening a shared route on tablets.")


def test_questions_numbered_inline_over_a_text_with_its_own_bullets() -> None:
    """Rules 2.94: "Q1 ...? Q2 ..." on the opening line, a blank line, then a pasted text with lists of its own: the
    text's bullets are no items (no task asks of them); the inline questions are."""
    schema = proposed("Q1 are offline maps in now? Q2 what changed for routes Q3 which crash got fixed\n\n"
                      + _CHANGELOG)
    assert schema.data == ["are offline maps in now?", "what changed for routes", "which crash got fixed"]


def test_inline_numbers_in_a_text_before_a_list_are_no_items() -> None:
    """Rules 2.94: the opening inline sequence must be set apart from the list under it by a blank line."""
    not_proposed("Steps 1) unpack the box 2) read the card, then:\n- call us\n- write to us\n\nThanks")


def test_numbered_rules_under_a_rules_line_shape_one_rewrite() -> None:
    """Rules 2.104: "the description below" names the text, not the list; a "Rules:" line right over the list heads
    one task's constraints, whatever "below" says."""
    not_proposed("Rewrite the product description below for our shop page.\nRules:\n1. Max 40 words\n2. No emojis\n"
                 "3. Mention the brand name\n4. End with a question\n\nDescription: Hand-thrown stoneware mug made in "
                 "small batches in Porto. Holds 350 ml, dishwasher safe, comes in three glazes.")


def test_roman_numerals_mark_a_list() -> None:
    """Rules 2.105: "I.", "II.", "III." number a list as "1.", "2.", "3." do (read as letters, "I." was the ninth
    and "II." no marker: the lines were read unmarked, their numerals kept in the items)."""
    schema = accepted("Answer these questions:\nI. What is the capital of Peru?\nII. Who wrote Dracula?\n"
                      "III. How far is the Moon?")
    assert schema.data == ["What is the capital of Peru?", "Who wrote Dracula?", "How far is the Moon?"]


def test_an_outline_in_roman_numerals_is_one_essay() -> None:
    """Rules 2.105 guard: the sections of one essay numbered in roman numerals stay one task."""
    not_proposed("Write an essay on climate policy with this outline:\nI. Introduction\nII. Causes\nIII. Policy "
                 "options\nIV. Conclusion")


def test_questions_a_text_asked_for_on_the_first_line_answers_are_no_items() -> None:
    """ "Write a persuasive product review of X." on the prompt's first line, then "Answer the following three
    questions:": the review answers them all, whatever passage follows."""
    not_proposed(
        "Write a glowing customer review of Tallyboard.\n\nAnswer these three questions:\n1. What do you "
        "enjoy most about Tallyboard?\n2. What bothers you about it?\n3. Which problem does it solve for your clinic?"
        "\n\nTallyboard is a scheduling tool for small clinics. It syncs staff "
        "calendars, sends reminders to patients by text and shows the week's bookings on one screen, so the front desk "
        "spends less time on the phone and more with the people in the waiting room.")


@pytest.mark.parametrize("header", [
    "I need to turn these into one feedback survey for our library visitors, with a short intro and sections:",
    "Can you combine these into a single FAQ page for our website?",
])
def test_questions_to_turn_into_one_artifact_are_its_material(header: str) -> None:
    """ "turn these into one survey", "combine these into a single FAQ page": the listed questions are the material of
    one artifact, not questions to answer."""
    not_proposed(header + "\n- how often do you visit\n- are the opening hours convenient\n- which events do you "
                 "attend\n- would you recommend us to a friend")


_PARK_JA = ("市民公園は1910年に作られ、今では広さが12ヘクタールあります。夏には毎週土曜日にコンサートが開かれ、2015年からは"
            "十二歳までの子ども向けの遊び場もあります。")
_PARK_AR = ("افتتحت البلدية حديقة عامة جديدة في شهر مايو على مساحة ثلاثة هكتارات، "
            "وفيها مسار للمشي بطول كيلومترين وملعب صغير للأطفال، والدخول إليها مجاني طوال أيام الأسبوع.")


@pytest.mark.parametrize(("marks", "request_text", "passage", "questions"), [
    (("（1）", "（2）", "（3）"), "次の文章を読んで、質問に答えてください。", _PARK_JA,
     ["公園はいつ作られましたか。", "土曜日には何がありますか。", "遊び場はいつからありますか。"]),
    (("س1: ", "س2: ", "س3: "), "اقرأ النص التالي ثم أجب عن الأسئلة:", _PARK_AR,
     ["متى افتتحت الحديقة؟", "ما طول مسار المشي؟", "هل الدخول مجاني؟"]),
])
def test_questions_under_fullwidth_bracket_numbers_or_arabic_question_labels(
        marks: tuple[str, ...], request_text: str, passage: str, questions: list[str]) -> None:
    """Rules 2.111: "（1）" (full-width brackets, as Japanese and Chinese exercises number their questions) and "س1:"
    (Arabic's "question 1", its questions ending in "؟") mark a list's items."""
    text = request_text + "\n\n" + passage + "\n\n" + "\n".join(mark + question for mark, question in zip(marks,
                                                                                                       questions))
    schema = proposed(text)
    assert schema.category == "Reading Comprehension" and schema.data == questions and schema.context == passage


def test_points_a_german_email_must_hold_are_its_material() -> None:
    """Rules 2.111: "Schreib bitte eine E-Mail an ... Folgende Punkte müssen rein:" asks for one email the points go
    into, as "Write an email ... The following points must be in it:" does (one artifact in German, French, Spanish,
    Portuguese or Italian)."""
    not_proposed("Schreib bitte eine E-Mail an meinen Vermieter. Folgende Punkte müssen rein:\n1. die Heizung im Bad "
                 "ist kaputt\n2. ich habe schon zweimal angerufen\n3. ich möchte bis Freitag einen Termin\n"
                 "Ton: höflich, aber bestimmt.")


_STAFF_SURVEY = ("In the 2023 staff survey, 412 of 530 employees responded (78%). Overall satisfaction rose to 7.1 "
                 "out of 10, compared with 6.6 in 2022. The lowest score was for career development (5.3). HR will "
                 "present an action plan in January.")
_SURVEY_QUESTIONS = ["What was the response rate?", "Which area got the lowest score?",
                     "When will the action plan be presented?"]


@pytest.mark.parametrize("layout", [
    "please answer these questions from the survey summary:\n{questions}\n\nSummary:\n{text}",
    "answer these from the report quickly:\n{questions}\n\nStaff Survey 2023 – Results\n{text}",
])
def test_questions_before_a_labelled_or_titled_report(layout: str) -> None:
    """Rules 2.112: a summary labelled "Summary:", or one titled paragraph after questions asked "from the report",
    is their passage; "compared with" inside it is the report's content, no dependency between the questions."""
    questions = "\n".join(f"- {question}" for question in _SURVEY_QUESTIONS)
    schema = proposed(layout.format(questions=questions, text=_STAFF_SURVEY))
    assert schema.category == "Reading Comprehension" and schema.data == _SURVEY_QUESTIONS
    assert schema.context is not None and schema.context.endswith(_STAFF_SURVEY)


def test_questions_opening_the_prompt_with_the_request_and_a_numbered_policy_after_them() -> None:
    """Rules 2.112: "Q1. ...\nQ2. ...\n\nanswer based on our policy:\n<the policy's numbered clauses>": the longer list
    is the policy's, and the questions before it are asked of it by the line after them."""
    policy = ("Section 4 - Annual Leave\n4.1 Full-time employees get 25 days of paid leave a year.\n4.2 Requests of "
              "more than 5 days must be made 4 weeks ahead.\n4.3 Up to 5 unused days may be carried over to March.\n"
              "4.4 Staff with 5 years of service get 2 more days.\n4.5 Leave left at resignation is paid out.")
    questions = ["How many days leave does a full timer get?", "how far ahead do i ask for 2 weeks off",
                 "can I carry over 8 unused days?"]
    text = "\n".join(f"Q{index}. {question}" for index, question in enumerate(questions, 1))
    schema = proposed(text + "\n\nanswer based on our policy:\n" + policy)
    assert schema.category == "Reading Comprehension" and schema.data == questions and schema.context == policy


def test_fields_a_line_asks_to_be_told_over_the_text_they_are_in() -> None:
    """Rules 2.112: "I forward my hotel confirmation, please tell me\na) confirmation number\nb) ..." over the text:
    short fields naming data, asked to be told, are read from the text after them."""
    confirmation = ("Booking confirmed - Hotel Miradouro Azul\nConfirmation number: 7730-MQ-218\nCheck-in: Fri 6 Oct "
                    "2023 (from 15:00)\nTotal price: EUR 412.50\nFree cancellation until 4 Oct 2023")
    fields = ["confirmation number", "check-in date", "total price"]
    text = ("I forward my hotel confirmation, please tell me\n" + "\n".join(f"{letter}) {field}" for letter, field in
                                                                          zip("abc", fields)) + "\n\n" + confirmation)
    schema = proposed(text)
    assert schema.category == "Keyword Extraction" and schema.data == fields and schema.context == confirmation


_OWL_FABLE = ("an owl called Brisk lived in the old mill above Pennick. every winter she flew down to the baker's "
              "yard, where the baker left crumbs on the wall for the birds. one night the mill's door blew shut and "
              "Brisk could not get back in, so she slept in the baker's chimney and woke up grey with soot.")


def test_lettered_questions_on_one_line_are_marked_apart() -> None:
    """Rules 2.115 (validator): "a) ... b) ... c) ..." on one line, a story's paragraph after it: the letters mark the
    questions apart. (The paragraph is not yet read as their passage: nothing before them names it.)"""
    questions = ["where did the owl live", "what did the baker leave on the wall", "why was she grey"]
    schema = proposed(" ".join(f"{letter}) {question}" for letter, question in zip("abc", questions))
                      + "\n\n" + _OWL_FABLE)
    assert schema.data == questions


_TOWN_NOTE = ("The Pellby summer fair runs from 10am to 4pm on Saturday on the green. Entry is free for children, "
              "adults pay two pounds, and the dog show starts at noon by the bandstand.")


def test_chinese_questions_marked_wen_n() -> None:
    """Rules 2.116: "问1 ...？ 问2 ...？" (simplified "问", question) marks questions as "問1" does."""
    questions = ["集市几点开始？", "儿童要门票吗？", "狗展在哪里？"]
    schema = proposed("看下面这段，回答问题\n" + _TOWN_NOTE + "\n" + "\n".join(
        f"问{index} {question}" for index, question in enumerate(questions, 1)))
    assert schema.data == questions


def test_inline_roman_numerals_mark_questions_apart() -> None:
    """Rules 2.116: "need (i) what time does it start (ii) is entry free (iii) when is the dog show": questions
    numbered i, ii, iii inline; terms so numbered ("explain (i) HOME, (ii) clear") are no questions."""
    schema = proposed("note below. need (i) what time does the fair start (ii) is entry free for children (iii) when "
                      "is the dog show\n\n" + _TOWN_NOTE)
    assert schema.data == ["what time does the fair start", "is entry free for children", "when is the dog show"]
    not_proposed("Explain the following commands with examples: (i) HOME, (ii) clear, (iii) echo, (iv) mkdir.")
