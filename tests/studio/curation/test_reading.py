"""The reading view: what carries no task (a greeting, a closing thanks, pasted odd spaces, Windows line ends) is read
as blanks, every position kept. (On real prompts, with these added: `tests/studio/test_real_sample_data.py`, through
`sample_data/real/rewordings.py`.)"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from studio.curation import reading as reading_module
from studio.curation.reading import Reading, reading, reading_view, trimmed_view
from studio.curation.rules import extract_rules, refused_counts
from studio.curation.validator import validate_schema


@pytest.mark.parametrize("text, read", [
    ("Hi! Give me 5 names", "    Give me 5 names"),
    ("Hello ChatGPT,\nlist 3 ideas", "              \nlist 3 ideas"),
    ("hey there - list 3 ideas", "            list 3 ideas"),
    ("Hi ChatGPT\nlist 3 ideas", "          \nlist 3 ideas"),
    ("Dear assistant, list 3 ideas", "                list 3 ideas"),
    ("Bonjour, donne-moi 3 idées", "         donne-moi 3 idées"),
    ("你好！请给我三个标题", "   请给我三个标题"),
    ("Give me 3 names. Thanks!", "Give me 3 names.        "),
    ("Give me 3 names.\nthank you so much :)", "Give me 3 names.\n" + " " * 20),
    ("What is X?\nWhat is Y?\nThx in advance", "What is X?\nWhat is Y?\n" + " " * 14),
    ("Q1: What is X?\r\nQ2: What is Y?\r\n", "Q1: What is X? \nQ2: What is Y? \n"),
    ("Translate\u00a0to\u00a0French:\u200bcat", "Translate to French: cat"),
    ("Intro\n \n1. a\n2. b", "Intro \n\n1. a\n2. b"),  # a line of blanks: an empty line
    ("Intro\n\n\n\t\n1. a", "Intro   \n\n1. a"),  # several: one
    ("Q1: What is X?\r\n\r\nQ2: What is Y?", "Q1: What is X?  \n\nQ2: What is Y?"),
    ("### Instruction:\nList 3 ideas\n\n### Response:", " " * 16 + "\nList 3 ideas\n\n" + " " * 13),  # a chat template
    ("USER: List 3 ideas ASSISTANT:", "      List 3 ideas           "),
    ("Instruction: List 3 ideas", " " * 13 + "List 3 ideas"),  # a label of the request
    ("Please help me. List 3 ideas", " " * 16 + "List 3 ideas"),  # a plea for help
    ("Hi! Can you help me with this?\nList 3 ideas", " " * 30 + "\nList 3 ideas"),
    ("Give me 5 names.\n\nCan you do that?", "Give me 5 names.\n\n" + " " * 16),  # a check it was understood
    ("Task:\nList 3 ideas", "     \nList 3 ideas"),
    ("[INST] List 3 ideas [/INST]", "       List 3 ideas        "),
    ("You are a helpful assistant.\nList 3 ideas", " " * 28 + "\nList 3 ideas"),  # a system prompt giving no role
    ("You are ChatGPT, a large language model trained by OpenAI. List 3 ideas", " " * 59 + "List 3 ideas"),
    ("Q: List 3 ideas\nA:", "   List 3 ideas   "),  # a question-and-answer frame
    ("```\nList 3 ideas\n```", "    List 3 ideas    "),  # a code fence
    ('"List 3 ideas"', " List 3 ideas "),  # quotes around it all
    ("“List 3 ideas”", " List 3 ideas "),
])
def test_what_carries_no_task_is_read_as_blanks(text: str, read: str) -> None:
    assert reading_view(text) == read


@pytest.mark.parametrize("text", [
    "hi can you give me 5 names",  # no mark: the greeting runs into the request
    "Hello\nGoodbye\nTranslate these into German",  # a phrase of a list
    "Hello world program in C",
    "Translate into Spanish:\nGood morning\nGood night\nThank you",  # the list's last phrase
    "Translate into French:\n1. good night\n2. see you soon\n3. thank you",  # a numbered list's last item
    "Give me 3 names, thank you",  # inside the sentence
    "It is pretty",
    "Hi!",  # nothing else: nothing is blanked
    "Thanks!",
    "ordinary text, nothing to blank",
    "User: hi\nAssistant: hello\nUser: list 3 ideas\nAssistant:",  # a pasted conversation: its tags are its text
    '"Hello" and "Goodbye" in French',  # two quotes, not one around it all
    "You are a helpful assistant.",  # nothing after it
    "You are a marketing expert.",
    "Act as a travel guide.\nI will give you my location and you will suggest 3 places.",  # a role-play goes on
    "You are a slogan generator. You will write 5 slogans for each product I send.",
    "You are a copywriter.\nYour task is to write 5 slogans for each product I send.",
    "You are a marketing expert:\nList 3 ideas",  # it introduces what follows
    "You are given two lists. Merge them.",  # no role
    "Tasks: 1. clean 2. cook\nWhich comes first?",  # no label of the request
    "Can you help me with my essay? It is about dogs.",  # the help is for something named
    "Please give me 5 names",  # a courtesy each branch keeps
    "Can you do that?",  # nothing before it
    "Answer in English.",  # a format note, but nothing before it
    "Which is longer, the Nile or the Amazon? Answer in 3 words.",  # a length, not a language or a format
    "List 3 fruits: apple, pear Be concise.",  # run into the sentence before it
    "You are a very experienced and extremely creative senior marketing expert with over twenty years of work in "
    "branding for small bakeries.\nList 3 ideas",  # more than a role
    "Q: What is X?\nA: a letter\nQ: What is Y?\nA:",  # worked examples: the frame recurs
    "```python\nprint(3)\n```",  # code
    'Is "list 3 ideas" a good title?',
])
def test_what_may_be_the_task_is_read_as_written(text: str) -> None:
    assert reading_view(text) is text


@pytest.mark.parametrize("text, asked, template", [
    ("You are a marketing expert.\nWrite 5 slogans for my bakery", "Write 5 slogans for my bakery",
     "You are a marketing expert.\nWrite a slogan for my bakery"),
    ("Act as a professional copywriter. Give me 3 names for a cat", "Give me 3 names for a cat",
     "Act as a professional copywriter. Give me a name for a cat"),
    ("You are a helpful assistant that writes slogans.\n\nList 3 slogans for a gym", "List 3 slogans for a gym",
     "You are a helpful assistant that writes slogans.\n\nList a slogan for a gym"),
    ("You are a teacher.\nClassify each item as a fruit or a vegetable: apple, carrot, pear",
     "Classify each item as a fruit or a vegetable: apple, carrot, pear",
     "You are a teacher.\nClassify each item as a fruit or a vegetable: {data}"),
])
def test_a_role_set_up_is_read_as_blanks_and_kept_before_every_branch(text: str, asked: str, template: str) -> None:
    """Added before the labelled real prompts the rules found, "You are an expert assistant.\n" lost 215 of 695: the
    rules read the role as the request, or refused the request as a role-play's. A branch still plays the role."""
    assert reading(text).trimmed == asked
    schema = validate_schema(extract_rules(text), text)
    assert schema.parallelizable and schema.tier in ("high", "medium") and schema.template == template


@pytest.mark.parametrize("text, asked, template", [
    ("Translate into German:\nGood morning\nGood night\n\nPlease write in English language.",
     "Translate into German:\nGood morning\nGood night",
     "Translate into German:\n\n{data}\n\nPlease write in English language."),
    ("Classify each item as a fruit or a vegetable: apple, carrot, pear.\nReturn the answer in JSON format.",
     "Classify each item as a fruit or a vegetable: apple, carrot, pear.",
     "Classify each item as a fruit or a vegetable: {data}.\nReturn the answer in JSON format."),
    ("You are a chemist.\nGive me 3 names for a cat. Be concise.", "Give me 3 names for a cat.",
     "You are a chemist.\nGive me a name for a cat. Be concise."),
    ("Give me 3 names for a cat.\nLet's think step by step.", "Give me 3 names for a cat.",
     "Give me a name for a cat.\nLet's think step by step."),
    ("Translate into German:\nGood morning\nGood night\nAnswer:", "Translate into German:\nGood morning\nGood night",
     "Translate into German:\n\n{data}\nAnswer:"),  # a completion cue
])
def test_a_closing_format_note_is_read_as_blanks_and_kept_after_every_branch(text: str, asked: str,
                                                                           template: str) -> None:
    """Added after the labelled real prompts the rules found, "\n\nAnswer in English." lost 36 of 695; the AIPRM
    extension closes ~390 of our real prompts with "Please write in English language."."""
    assert reading(text).trimmed == asked
    schema = validate_schema(extract_rules(text), text)
    assert schema.parallelizable and schema.tier in ("high", "medium") and schema.template == template


def test_an_item_the_role_set_up_also_writes_is_read_where_the_request_writes_it() -> None:
    """("modell" of "Du bist ein Extraktionsmodell." is not the field "modell": read there, the item was blank)"""
    text = "You are a translation model.\nTranslate into French:\nmodel\nhouse\ntree"
    schema = validate_schema(extract_rules(text), text)
    assert schema.data == ["model", "house", "tree"] and schema.tier in ("high", "medium")


def test_a_context_after_a_role_set_up_is_the_passage_alone() -> None:
    text = ("You are an editor.\n\nThe Nile is the longest river in Africa. It flows north through eleven countries "
            "and ends in the Mediterranean Sea.\n\nAnswer these questions about the text above:\n1. How long is the "
            "Nile?\n2. Where does it end?")
    schema = validate_schema(extract_rules(text), text)
    assert schema.category == "Reading Comprehension" and schema.data == ["How long is the Nile?", "Where does it end?"]
    assert (schema.context or "").startswith("The Nile")
    assert (schema.template or "").startswith("You are an editor.\n\n{context}")


def test_a_soft_count_after_a_role_set_up_stays_low() -> None:
    """As after a set-up the rules read: "I need 5 poems" may describe the role's work, unlike "Can you write 5"."""
    for text, tier in [("You are a poet.\nI need 5 poems about the sea", "low"),
                       ("You are a poet.\nCan you write 5 poems about the sea?", "medium")]:
        schema = validate_schema(extract_rules(text), text)
        assert schema.n == 5 and schema.tier == tier
        assert any(reason.rule == "count.set-up" for reason in schema.reasons) == (tier == "low")


def test_the_rules_and_the_gate_read_the_view_without_the_blanks_at_its_ends() -> None:
    """(the gate's features count characters and lines: blanks standing for "Hi! " moved a prompt across a bucket;
    leading line breaks moved the rules)"""
    assert trimmed_view("Hi!\nGive me 5 names.\nThanks!") == "Give me 5 names."
    assert trimmed_view("\n\n  Give me 5 names\n \n") == "Give me 5 names"
    assert reading("\n\nHi! Give me 5 names\n") == Reading("      Give me 5 names\n", 6, 21, (0, 22))
    text = "Give me 5 names"
    assert trimmed_view(text) is text
    assert reading(" \n ") == Reading(" \n ", 0, 3, (0, 3))  # (nothing but blanks: nothing to trim to)


@pytest.mark.parametrize("around", [("\n\n", ""), ("", "\n \n"), ("\n \n", "\n"), ("\t", "  ")])
def test_blanks_around_the_prompt_change_nothing_and_spans_stay_the_prompts(around: tuple[str, str]) -> None:
    """(2.77 read this prompt at `medium`, and at `high` with blank lines around it: the gate counted them)"""
    bare = "Generate 20 quiz questions about WW2"
    text = around[0] + bare + around[1]
    schema, plain = validate_schema(extract_rules(text), text), validate_schema(extract_rules(bare), bare)
    assert (schema.parallelizable, schema.tier, schema.n) == (plain.parallelizable, plain.tier, 20)
    assert [reason.rule for reason in schema.reasons] == [reason.rule for reason in plain.reasons]
    spans = [(reason.span, moved.span) for reason, moved in zip(plain.reasons, schema.reasons) if reason.span]
    assert spans and all(text[moved[0]:moved[1]] == bare[span[0]:span[1]] for span, moved in spans)


def test_a_context_opening_the_prompt_keeps_a_greeting_but_not_a_chat_templates_tags() -> None:
    passage = ("The Amazon rainforest covers much of the Amazon basin of South America. This basin encompasses seven "
               "million square kilometers, of which five and a half million are covered by the rainforest. The region "
               "includes territory belonging to nine nations.")
    questions = "\n\nAnswer these questions about the passage:\n1. How large is the basin?\n2. How many nations?"
    for text, context in [("### Instruction:\n" + passage + questions + "\n\n### Response:", passage),
                          ('"' + passage + questions + '"', passage),
                          ("Hi team,\n" + passage + questions, "Hi team,\n" + passage)]:
        schema = validate_schema(extract_rules(text), text)
        assert schema.category == "Reading Comprehension" and schema.context == context


def test_a_piece_of_the_view_is_the_prompts_own_slice() -> None:
    text = "Hi!\nTranslate:\u00a0good\u00a0night"
    read = reading(text)
    assert read.as_written("good night", text) == "good\u00a0night"
    assert read.as_written("not there", text) == "not there"
    assert read.as_read("good\u00a0night", text) == "good night"


def test_a_doubled_space_between_words_is_read_as_one_and_every_place_is_found_again() -> None:
    text = "Give  me 5 names:\nAnna  Maria\nBo   Li"  # (three spaces: a table's columns may be aligned so)
    read = reading(text)
    assert read.view == "Give me 5 names:\nAnna Maria\nBo   Li" and read.gaps == (5, 22)
    assert all(read.view[at] == text[read.in_prompt(at)] for at in range(len(read.view)))
    assert all(read.in_view(read.in_prompt(at)) == at for at in range(len(read.view) + 1))
    assert read.as_written("Anna Maria", text) == "Anna  Maria" and read.as_read("Anna  Maria", text) == "Anna Maria"


@pytest.mark.parametrize("text", ["Give  me 5 slogans for a bakery",
                                  "Translate into French:\ngood  night\nsee you soon",
                                  "Answer  these questions:\n1. What is X?\n2. What  is Y?"])
def test_doubled_spaces_change_no_decision_and_items_are_as_written(text: str) -> None:
    single = text.replace("  ", " ")
    schema, plain = validate_schema(extract_rules(text), text), validate_schema(extract_rules(single), single)
    assert (schema.parallelizable, schema.tier, schema.n, schema.category) == (
        plain.parallelizable, plain.tier, plain.n, plain.category)
    assert [item.replace("  ", " ") for item in schema.data or ()] == (plain.data or [])
    assert all(item in text for item in schema.data or ())
    spans = [(reason.span, other.span) for reason, other in zip(schema.reasons, plain.reasons) if reason.span]
    assert all(text[span[0]:span[1]].replace("  ", " ") == single[other[0]:other[1]] for span, other in spans)


def test_items_and_context_are_as_written_and_the_template_has_no_greeting() -> None:
    text = "Hello ChatGPT,\nTranslate into French:\ngood\u00a0night\nsee you soon\ngood\u00a0morning\nThanks!"
    schema = validate_schema(extract_rules(text), text)
    assert schema.parallelizable and schema.category == "Translation"
    assert schema.data == ["good\u00a0night", "see you soon", "good\u00a0morning"]
    assert all(item in text for item in schema.data)
    assert "Hello" not in (schema.template or "") and "Thanks" not in (schema.template or "")


_PIECES = st.sampled_from(["Give me 5 names", "List 3 ideas:", "1. a", "- b", "What is X?", "\n", "\n\n", " \n", "\t",
                           "  ", "\r\n", "\u00a0", "Hi! ", "Hello ChatGPT,", "Thanks!", "thank you", "USER: ",
                           " ASSISTANT:", "### Instruction:", "### Input:", "### Response:", "[INST]", "[/INST]", '"',
                           "“", "”", "You are a helpful assistant.", "You are a poet.", "Act as a chef. ", "you will ",
                           "\nAnswer in English.", "Assistant:", "Q: ", "A:", "```", "x"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=24).map("".join), st.sampled_from(["", "\n", "\n \n", " \t", "\r\n\r\n"]),
       st.sampled_from(["", "\n", "\n\n", " ", "\n \n\t"]))
def test_every_place_in_the_view_is_the_prompts_and_blanks_around_the_prompt_change_nothing(
        text: str, before: str, after: str) -> None:
    read = reading(text)
    assert len(read.view) == len(text) - len(read.gaps)
    assert all(read.view[at] == text[read.in_prompt(at)] or read.view[at].isspace() for at in range(len(read.view)))
    assert all(read.in_view(read.in_prompt(at)) == at for at in range(len(read.view) + 1))
    assert 0 <= read.start <= read.end <= len(text) and 0 <= read.within[0] <= read.within[1] <= len(text)
    assert not read.view[:read.start].strip() and not read.view[read.end:].strip()
    if read.view.strip():  # (a blank prompt is read whole: nothing to trim to)
        assert reading(before + text + after).trimmed == read.trimmed
    prompt = before + text + after
    schema = validate_schema(extract_rules(prompt), prompt)
    assert all(reason.span is None or 0 <= reason.span[0] <= reason.span[1] <= len(prompt) for reason in schema.reasons)
    assert all(item in prompt for item in schema.data or ()) and (schema.context or "") in prompt


def test_a_refused_counts_span_is_the_prompts_own_words() -> None:
    """(`ppstudio show` quotes the prompt at the span: the view it was found in may be shorter, or start later)"""
    for text in ["Write an essay about dogs in 5 paragraphs", "\n\nWrite an essay  about dogs in  5  paragraphs"]:
        [reason] = refused_counts(extract_rules(text), text)
        assert reason.span is not None and text[reason.span[0]:reason.span[1]] == "5"
        assert reason.message.startswith("“5” is not a request for 5 outputs")


_OPENING_PIECES = ["\n", " ", "\t", "\n\n", "hi", "Hello", " there", "!", ",", " - ", "dear Ann", "你好", "！",
                   "please help me", "Can you help me", " with this", "?", ".", "x", "\r"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_OPENING_PIECES), max_size=16).map("".join))
@example("\n" * 5000 + "hello")
def test_an_opening_greeting_or_plea_after_blanks_is_matched_as_before(text: str) -> None:
    """The blanks before a greeting or a plea for help are taken whole (`*+`): no greeting starts with a blank, so
    the regexes match what they matched when they tried every shorter run of them (100,000 blank lines took 40 ms)."""
    for regex in (reading_module._GREETING, reading_module._ASKING_FOR_HELP):
        backtracking = re.compile(regex.pattern.replace("[ \\t\\n]*+(", "[ \\t\\n]*("), regex.flags)
        assert backtracking.pattern != regex.pattern
        now, before = regex.match(text), backtracking.match(text)
        assert (now and now.span()) == (before and before.span())


def _closing_walked_back(view: str, sentence: re.Pattern[str], breaks: re.Pattern[str]) -> tuple[int, int] | None:
    """`_closing` as it was before session 64, walking back over the closing blanks a character at a time."""
    end = len(view)
    while end and view[end - 1].isspace():
        end -= 1
    start = max(view.rfind("\n", 0, end) + 1, end - reading_module._NOTE_REACH)
    for sentence_break in breaks.finditer(view, start, end):
        start = sentence_break.end()
    start = reading_module._LEADING_BLANKS.match(view, start).end()  # type: ignore[union-attr]
    if (start == end or sentence.fullmatch(view, start, end) is None
            or reading_module._BLANKS.match(view).end() >= start):  # type: ignore[union-attr]
        return None
    return start, end


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["Write a poem.", " Thanks!", " Does that make sense?", " Use bullet points.", "\n",
                                 " ", "\u3000", "\t", "x"]), max_size=12).map("".join))
def test_a_closing_sentence_is_found_as_when_the_blanks_were_walked_back(text: str) -> None:
    for sentence, breaks in ((reading_module._FORMAT_NOTE, reading_module._SENTENCE_BREAK),
                             (reading_module._CHECK_QUESTION, reading_module._CLAUSE_BREAK)):
        assert reading_module._closing(text, sentence, breaks) == _closing_walked_back(text, sentence, breaks)
