"""Inline lists ("a, b and c", semicolons, quoted runs) under a per-item task."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from studio.curation.rules import extract_rules, inline
from studio.curation.lexicon.words import CJK_DISJUNCTIONS, DISJUNCTIONS, EXAMPLE_MARKERS, EXAMPLE_MARKERS_CJK
from studio.curation.lexicon.matching import CASE_STRANGERS, alternation, probe
from studio.curation.rules.inline import (
    _AND_WORD, _ASKING_MARKS, _ASKING_NEEDLES, _CJK_FIRST_BOUNDARY, _CLASSIFY, _CONJ_WORD, _DATA_COMMA, _DATA_ROW,
    _EXPLAIN_TERMS, _SEPARATORS, _WEAK_EXAMPLE_BEFORE, _WEAK_EXAMPLE_MARKERS, _examples, _items, _listed_items,
    _pieces, _quoted_material, from_glossary_question, from_inline, quoted_run, split_inline, trim_edges,
)
from studio.curation.rules.passages import instruction_region
from studio.curation.validator import structural_validation
from tests.studio.curation.rules.support import (
    accepted, assert_matches_alike, not_proposed, plain_form, proposed, rejected,
)


@pytest.mark.parametrize(("text", "items", "category"), [
    ("Translate 'hello', 'goodbye' and 'thank you' into Spanish.", ["hello", "goodbye", "thank you"],
     "Translation"),
    ("What are the capitals of France, Germany and Italy?", ["France", "Germany", "Italy"], "Question Answering"),
    # (a datum's noun before "of", but the other items name no datum: one question asked of each, rules 2.103)
    ("What is the population of Peru, Chile and Bolivia?", ["Peru", "Chile", "Bolivia"], "Question Answering"),
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


_STORY = ("A fisherman finds a chest of gold on the beach near his village. He tells no one, hides it under the floor "
          "of his hut and keeps working as before. When his brother loses his boat in a storm, the fisherman says "
          "nothing of the gold and lends him his own boat instead, and the village never learns what lay under the "
          "floor.")


def test_the_text_outside_an_inline_lists_instruction_reaches_every_branch() -> None:
    """A passage or a layout pasted beside the instruction that is not taken as the context stays in the template:
    a real turn's branches were sent its request line alone, without the narrative the factors were to be read in."""
    text = ("Based on the following story, describe how each of these factors shapes the ending: money, pride and "
            "loyalty\n\n" + _STORY)
    schema = proposed(text)
    assert schema.data == ["money", "pride", "loyalty"] and schema.context is None
    assert schema.template == ("Based on the following story, describe how each of these factors shapes the ending: "
                               "{data}\n\n" + _STORY)


@pytest.mark.parametrize("text", [
    "which tool on mac manages all kinds of passwords, certificates and everything?",
    "Nice! What would be a bold, catchy, short tagline to go with that opening line?",
])
def test_a_catch_all_last_item_or_adjectives_of_one_noun_are_one_task(text: str) -> None:
    """Rules 2.109: "... and everything" closes a list as one whole; "a bold, catchy, short tagline" names one thing
    by its adjectives. Two real train turns of these shapes had been three questions each."""
    not_proposed(text)


def test_a_list_of_nouns_after_a_verb_stays_items() -> None:
    """Rules 2.109 guard: single words are no adjectives of one noun when no article opens the first."""
    assert proposed("Translate into French: cat, dog and a small bird").data == ["cat", "dog", "a small bird"]


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


@pytest.mark.parametrize("text", [
    # clauses split at commas are not items
    "In machine learning, what is overfitting, and how does it relate to the size of the training set?",
    "Is coffee bad for you, and if so, how much is too much?",
    "If you could visit any country, which would you choose and why?",
    # examples of one thing
    "How do good teachers use techniques such as questioning, feedback, and humor to keep a class engaged?",
    "Can you explain the causes of the French Revolution, including social, economic, and political factors?",
    "What is the best way to learn a language (e.g. Spanish, Italian, or Portuguese) as an adult?",
    # the options or labels of one decision
    "Classify this email as spam, promotion or personal.\n\nHi Tom, are we still on for Friday's dinner?",
    "Label the tone of the following message as formal, neutral, or casual: 'Yo, what's up with the report?'",
    # a role-play set-up
    "I want you to act as a travel guide. I will tell you my location and you will suggest museums, parks, or "
    "restaurants nearby. My first request is: I am in Lisbon.",
    "Je veux que vous agissiez en tant que traducteur, correcteur et réviseur. Corrigez mon texte.",
    "你现在是一名厨师，请介绍川菜、粤菜和湘菜的特点，然后推荐一道菜。",
    # a list inside a pasted passage
    "Summarize the following article in two sentences.\n\nThe city council met on Monday to discuss the new "
    "budget. Members debated funding for parks, libraries, roads and public transport, and agreed to postpone "
    "the vote on school repairs until next month, citing concerns raised by residents and local business owners.",
    # the header of a table
    "From the table below, give the month with the highest sales.\nMonth, Sales, Returns, Region\n"
    "Jan,120,4,North\nFeb,98,2,South",
    # one text to work on
    "Translate the description below into a spreadsheet formula: if A1 equals \"Paris\" or \"Rome\" or \"Oslo\"",
    # one artifact over the listed material
    "Write a product description based on these keywords: durable, lightweight, waterproof.",
    # the columns of one table (real prompts of this shape had hidden behind a closing "Please write in English
    # language.")
    "Create a table of the planets. Each row shows the name, mass, and distance from the sun.",
    "Organize the following in a table and display it. Each row contains the question number, location, story, and "
    "puzzle type.",
    # what the one artifact includes (a real dev prompt, as its English)
    "Create a menu for each day of the week that includes breakfast, lunch and dinner for a 1700 kcal diet.",
    "Crea un menú para cada día de la semana que incluya desayuno, comida y cena para una dieta de 1700 kcal.",
    # choosing or comparing among the items
    "Which of these cities has the warmest winter: Madrid, Lisbon or Rome?",
    "Können Sie die Unterschiede zwischen Python, Java und C erklären?",
    "机器学习中监督学习、无监督学习和强化学习的区别是什么？",
    "Aus welchen Ländern stammen Bach, Chopin und Verdi, und wer von ihnen ist am meisten bekannt?",
])
def test_lists_inside_one_task_are_not_items(text: str) -> None:
    rejected(text)


@pytest.mark.parametrize(("text", "items"), [
    ("Tell me whether each of these animals is a mammal or a reptile: dolphin, iguana, bat, tortoise",
     ["dolphin", "iguana", "bat", "tortoise"]),
    ("What is the official language of Brazil, Angola and Mozambique?", ["Brazil", "Angola", "Mozambique"]),
    ("¿Cuál es la capital de Perú, de Chile y de Uruguay?", ["Perú", "Chile", "Uruguay"]),
    ("Name the author of each of these novels, i.e. Dracula, Frankenstein, Emma, etc.",
     ["Dracula", "Frankenstein", "Emma"]),
])
def test_one_question_over_named_things_is_asked_of_each(text: str, items: list[str]) -> None:
    schema = accepted(text)
    assert schema.data == items and schema.category == "Question Answering"


def test_a_question_list_beside_a_passage_is_reading_comprehension() -> None:
    passage = ("Lake Baikal in Siberia is the deepest lake in the world, reaching 1,642 metres. It holds about a "
               "fifth of the world's unfrozen fresh water and is home to the Baikal seal, found nowhere else.")
    text = f"Based on the text below, what does it say about the depth, water and wildlife?\n\n{passage}"
    schema = accepted(text)
    assert schema.category == "Reading Comprehension" and schema.context == passage
    assert schema.data == ["depth", "water", "wildlife"] and "{context}" in schema.template


@pytest.mark.parametrize(("text", "items"), [
    ("Tell me whether these are fruits or vegetables: tomato, carrot, apple, leek", ["tomato", "carrot", "apple",
                                                                                     "leek"]),
    ("Identify which planet is rocky or gaseous: Mars, Jupiter", ["Mars", "Jupiter"]),
    ("Which of the following are mammals: whale, shark, bat, penguin.", ["whale", "shark", "bat", "penguin"]),
    ("Classify each word as a noun or a verb: run, table, swim", ["run", "table", "swim"]),
    ("I'm sorting my pantry and want to know which of the following foods are grains and which are legumes. Quinoa, lentils, "
     "barley and chickpeas", ["Quinoa", "lentils", "barley", "chickpeas"]),
])
def test_each_listed_item_is_classified(text: str, items: list[str]) -> None:
    schema = accepted(text)
    assert schema.data == items and schema.category == "Question Answering"


def test_a_classification_list_inside_the_request_is_not_classified_apart() -> None:
    rejected("Which is the largest of these: Mars, Jupiter or Venus?")


def test_quoted_texts_that_are_all_the_material_are_the_items() -> None:
    first = "« Le musée rouvre samedi après deux ans de travaux. L'entrée sera gratuite le premier week-end. »"
    second = "« La piscine municipale ferme pour l'été en raison d'une fuite dans le bassin principal. »"
    schema = accepted(f"Traduis chacun de ces deux paragraphes en anglais :\n\n{first}\n\n{second}")
    assert schema.category == "Translation" and len(schema.data) == 2
    assert schema.data[0].startswith("Le musée") and schema.data[1].endswith("principal.")


@pytest.mark.parametrize(("text", "items"), [
    ("Who wrote Dracula, The Hobbit and Emma?", ["Dracula", "The Hobbit", "Emma"]),
    ("Какая валюта у Норвегии, Швеции и Дании?", ["Норвегии", "Швеции", "Дании"]),
])
def test_a_short_question_over_named_things(text: str, items: list[str]) -> None:
    assert accepted(text).data == items


@pytest.mark.parametrize(("text", "items"), [
    ("What is the weather like in Paris, London and New York today?", ["Paris", "London", "New York"]),
    ("Can you explain the concepts of supervised, semi-supervised and reinforcement learning?",
     ["supervised", "semi-supervised", "reinforcement learning"]),
])
def test_the_first_item_starts_after_the_question(text: str, items: list[str]) -> None:
    assert accepted(text).data == items


def test_like_before_the_list_names_examples() -> None:
    rejected("Which tools like Trello, Asana and Jira are good for a small team?")


# `_examples` as it was: one regex of every marker stepped through, a weak one counted only right before the list.
_ALL_EXAMPLE_MARKERS = re.compile(r"(?<![\w-])(?:" + alternation(EXAMPLE_MARKERS) + r")(?![\w])|"
                                  + alternation(EXAMPLE_MARKERS_CJK), re.IGNORECASE)


def _examples_stepping_through_every_marker(segment: str, first: int) -> bool:
    if any(marker.group(0).casefold() not in _WEAK_EXAMPLE_MARKERS
           for marker in _ALL_EXAMPLE_MARKERS.finditer(segment)):
        return True
    return _WEAK_EXAMPLE_BEFORE.regex.search(segment, 0, max(0, first)) is not None


_MARKER_PIECES = sorted({*EXAMPLE_MARKERS, *(marker.upper() for marker in EXAMPLE_MARKERS), *EXAMPLE_MARKERS_CJK,
                         "liKe", "lıke", "LİKE", "wıe", "ſuch aſ", " ", "  ", "\t", "\n", "\x85", "\xa0", "\u200b",
                         ",", ".", "-", "x", "ad", "1", "İ"})


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_MARKER_PIECES), max_size=10).map("".join), st.integers(-2, 60))
@example("come tipo a, b", 10)
@example("like  \x85", 8)
@example("lıke", 0)  # (a Turkish i: a match folding to no weak marker counted as a strong one)
def test_the_strong_markers_alone_answer_as_every_marker_stepped_through(segment: str, first: int) -> None:
    """No other marker starts where a weak one matches: a strong marker anywhere, or a weak one right before
    `first` (looked for only at the blanks before it), is what the regex of all markers stepped through finds."""
    assert _examples(segment, first) == _examples_stepping_through_every_marker(segment, first)


@pytest.mark.parametrize(("text", "items"), [
    ("Define the following terms: inflation, deflation, stagflation", ["inflation", "deflation", "stagflation"]),
    ("Explain briefly about caching, sharding and replication in databases.",
     ["caching", "sharding", "replication"]),
    ("Explica los conceptos: entropía, entalpía y energía libre", ["entropía", "entalpía", "energía libre"]),
])
def test_a_definition_asked_of_each_named_concept(text: str, items: list[str]) -> None:
    schema = accepted(text)
    assert schema.data == items and schema.category == "Question Answering" and schema.tier == "medium"


@pytest.mark.parametrize("text", [
    "Explain the difference between TCP, UDP and QUIC",
    "Describe the relationship of Rome, Carthage and Greece in the third century BC",
    "Explain supply and demand",
])
def test_one_explanation_over_several_concepts_is_not_split(text: str) -> None:
    rejected(text)


_QUOTE_PIECES = ['"a b"', "“x”", "'it'", "«y»", "「z」", " ", "\n", ":", "：", "and", ",", "x", "'", '"', "»", "\t"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_QUOTE_PIECES), max_size=14).map("".join), st.integers(0, 20))
@example('Summarise these: "one two" and "three four"', 15)
@example("Read: «un» «deux» ", 5)
def test_quoted_material_is_what_a_quoted_run_covering_the_rest_gives(text: str, region_end: int) -> None:
    run = quoted_run(text, region_end) if region_end < len(text) else None
    covers = run is not None and not text[region_end:run[2]].strip(" \t\n:：") and not text[run[3]:].strip()
    assert _quoted_material(text, region_end) == (run if covers else None)


def test_heading_levels_are_the_formatting_of_one_text() -> None:
    rejected("Write the content outline for the article \"What a Home Inspection Misses\". Aim for 900 to 1,200 "
             "words, give the word count of each heading and use the proper H1, H2, and H3 tags. Answer in a table.",
             "en")


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(max_codepoint=127), max_size=60))
def test_ascii_text_ends_a_cjk_boundary_only_at_a_colon(text: str) -> None:
    """trim_edges skips the boundary regex for ASCII text without ":"; it could not match there."""
    assert _CJK_FIRST_BOUNDARY.search(text) is None or ":" in text


# `_CJK_FIRST_BOUNDARY` before it was anchored at a line's start (quadratic on a long first item with no boundary).
_UNANCHORED_CJK_FIRST_BOUNDARY = re.compile(_CJK_FIRST_BOUNDARY.pattern.removeprefix("(?m)^"))


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from("的进行は：:等a \n\r\u2028"))
       | st.text(max_size=40))
@example("等等\n苹果的梨")
@example("苹果\n\n梨是\n李子")
def test_the_cjk_first_boundary_anchored_at_line_starts_finds_what_the_unanchored_regex_finds(text: str) -> None:
    """trim_edges searches the boundary from 0: the anchored regex finds the same span as the unanchored one."""
    assert_matches_alike(_CJK_FIRST_BOUNDARY, _UNANCHORED_CJK_FIRST_BOUNDARY, text, search=True)


# A task word two or more sentences away from an inline list: the list belongs to the material or the set-up (a
# company profile to summarise, a design note, a screenplay, a CV pasted in the same request).
@pytest.mark.parametrize("text", [
    "Summarize in one line: Brightwave makes garden furniture in Devon. Two brothers founded it in 2004. Its range "
    "covers benches, tables, parasols and planters sold through garden centres.",
    "My app has many screens ie dashboards, donors, projects, settings.\nA gift is made by a donor to a project in a "
    "region. Clients own their donors and projects.\nGive a detailed example of how the named entities should map "
    "to URLs.",
])
def test_an_inline_list_far_from_the_task_word_is_material(text: str) -> None:
    rejected(text)


@pytest.mark.parametrize(("text", "items"), [
    ("Translate into Spanish: red car, green door and blue sky.", ["red car", "green door", "blue sky"]),
    # the task word in the next sentence
    ("Find the proper nouns for the people, places and companies in the article below. Group them by entity "
     "type.\nYesterday Ana Ruiz of Tiberon Ltd opened a lab in Porto.", ["people", "places", "companies"]),
])
def test_an_inline_list_beside_its_task_word_stays_items(text: str, items: list[str]) -> None:
    assert proposed(text).data == items


# Session 18, QA recall: a definition asked of listed terms after a greeting or "what are", and a question-word
# sentence asking of "the following:" whatever mark ends it.
@pytest.mark.parametrize(("text", "items"), [
    ("Hello, could you explain to me what are REST, SOAP, GraphQL. Keep it short please.",
     ["REST", "SOAP", "GraphQL"]),
    ("please explain what are latency, throughput, jitter", ["latency", "throughput", "jitter"]),
    ("What are the strengths and weaknesses of the following: Rome, Carthage, Athens. Answer in bullet points.",
     ["Rome", "Carthage", "Athens"]),
])
def test_terms_after_a_greeting_or_what_are_and_questions_of_the_following_are_items(text: str,
                                                                                       items: list[str]) -> None:
    assert proposed(text).data == items


@pytest.mark.parametrize("text", [
    # the list is the shape of one answer, not what each answer is about
    "Hello, could you explain what are the steps of a sprint: plan, build, review. Keep it short please.",
    # a statement about the following, not a question asked of it
    "I like the following: Rome, Carthage, Athens.",
])
def test_a_list_without_an_explanation_or_a_question_of_each_stays_one_task(text: str) -> None:
    rejected(text)


# Session 19, QA recall: the terms a learner asks to be taught or talked through are items, as after "explain"; an
# item opening with a preposition qualifies the one answer instead ("in depth", "with examples").
@pytest.mark.parametrize(("text", "items"), [
    ("Teach me loops, functions, and classes", ["loops", "functions", "classes"]),
    ("teach me about hashing, salting and peppering", ["hashing", "salting", "peppering"]),
    ("Talk about Kafka, RabbitMQ and Redis Streams too", ["Kafka", "RabbitMQ", "Redis Streams"]),
])
def test_terms_to_be_taught_or_talked_about_are_items(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.data == items and schema.category == "Question Answering"


@pytest.mark.parametrize("text", [
    "teach me about Docker Compose, in depth, with examples, split over 2 answers",
    "Explain Kubernetes operators, with diagrams, in plain words",
])
def test_terms_followed_by_qualifiers_of_the_answer_are_one_task(text: str) -> None:
    assert not _rules_alone(text)


# Session 19, QA recall: pasted terms closing their paragraph, then a short last paragraph asking what these mean or do
# (or to explain each): a glossary lookup, one answer per term. Hyphenated terms ("must-revalidate") are not clauses.
@pytest.mark.parametrize(("text", "items"), [
    ("Directives on our CDN: must-revalidate, proxy-revalidate, immutable, stale-if-error\n\nwhat do these do?",
     ["must-revalidate", "proxy-revalidate", "immutable", "stale-if-error"]),
    ("Results of my blood test: ferritin, hematocrit, transferrin saturation and serum iron.\n\nExplain each value",
     ["ferritin", "hematocrit", "transferrin saturation", "serum iron"]),
    ("Im Mietvertrag stehen NK, KT, WBS und HK\n\nDas verstehe ich nicht. Was bedeuten diese Kürzel?",
     ["NK", "KT", "WBS", "HK"]),
])
def test_pasted_terms_then_a_question_about_each_are_items(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.data == items and schema.category == "Question Answering"


@pytest.mark.parametrize("text", [
    # the list does not close its paragraph: it is part of a statement about one set-up
    "We run Postgres, Redis, Kafka and Nginx on one small box and it keeps running out of memory.\n\nwhat do these "
    "need at minimum?",
    # the last paragraph asks for one choice among them, not about each
    "Our stack: Postgres, Redis, Kafka, Nginx\n\nWhich of these should we drop first?",
])
def test_a_list_before_a_question_not_about_each_term_is_not_items(text: str) -> None:
    assert not _rules_alone(text)


def _rules_alone(text: str) -> bool:
    """Whether the rules and the structural validator alone (no learned gate) propose a decomposition."""
    return structural_validation(extract_rules(text, language="en"), text).parallelizable


@pytest.mark.parametrize(("text", "control"), [
    # the comparison verb closes the question after the list: one answer comparing them all
    ("How do Postgres, MySQL, and SQLite compare?", "What are the default ports of Postgres, MySQL, and SQLite?"),
    ("In practice, how do Rust, Go and Zig compare for small CLI tools?",
     "What is the package manager of Rust, Go and Zig?"),
    # the list is the means of one task, the word may even be read into the first item
    ("Define leadership using vision, trust and accountability", "Define vision, trust and accountability"),
    ("Explain photosynthesis via light, water and carbon dioxide", "Explain light, water and carbon dioxide"),
    # the size of one answer covering every listed aspect
    ("Explain the aims, costs, and risks of a four-day work week in 3 paragraphs",
     "Explain the aims, costs, and risks of a four-day work week"),
])
def test_a_list_compared_used_as_means_or_sized_as_one_answer_is_not_items(text: str, control: str) -> None:
    assert not _rules_alone(text)
    assert _rules_alone(control)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["a", "B", "é", "1", "23", "456", ".", ",", ", ", "-", " ", "_", "x1", "٣", "中"]),
                max_size=10).map("".join))
@example("Date,Open")
@example("3.5, -2")
@example("1,234")
def test_a_data_row_is_found_from_its_commas_as_its_regex_finds_one(segment: str) -> None:
    assert (_DATA_COMMA.search(segment) is None) == (_DATA_ROW.search(segment) is None)


@pytest.mark.parametrize(("text", "control"), [
    # a singular collective noun closes the list: the items qualify the one industry or series asked about
    ("What are the main hiring trends in the solar, wind and hydro power industry?",
     "What are the main hiring trends in solar, wind and hydro power?"),
    ("Can you summarize how the villain changes across the Alien, Aliens and Prometheus film series?",
     "Who directed Alien, Aliens and Prometheus?"),
])
def test_a_list_qualifying_one_whole_is_not_items(text: str, control: str) -> None:
    assert not _rules_alone(text)
    assert _rules_alone(control)


@pytest.mark.parametrize(("text", "control"), [
    # a possessive points back at one thing named before: the items are its facets, which one answer covers
    ("Have you heard of the bakery chain Crumbly? Can you provide a detailed summary of its founding story, pricing "
     "model, and menu?",
     "Have you heard of the bakery chain Crumbly? Can you provide a detailed summary of the founding story, pricing "
     "model, and menu?"),
    ("What do you know about Marie Curie? Describe her childhood, research, and legacy?",
     "Describe the childhood, research, and legacy of Marie Curie?"),
    ("What are the health uses of ginger for various aspects of digestion, sleep, and joint pain?",
     "What are the health uses of ginger for digestion, sleep, and joint pain?"),
])
def test_facets_of_one_thing_named_before_are_not_items(text: str, control: str) -> None:
    assert not _rules_alone(text)
    assert _rules_alone(control)


# Pieces of inline lists with and without what makes them items: task cues (some cut by a list, "trans" + "late"),
# distributive words, questions, colons, blank lines, words that classify or ask to explain, CJK cues and
# characters a case-insensitive regex matches to a Latin letter ("ſ", "K").
_INLINE_PIECES = ["apples", "Pears", "plums", ", ", " and ", "; ", " or ", "、", "和", "trans", "late", "Translate ",
                  "each ", "respectively", "What are ", "?", ":", "：", "\n", "\n\n", ". ", "classify ", "Explain ",
                  "define ", "teach me ", "whether ", "clasſify ", "\u212alassifiziere ", "翻译", "情感", "分别",
                  "the following ", '"red"', "sentiment of ", "keywords ", "Write a poem about ", "the ", "in "]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_INLINE_PIECES), max_size=16).map("".join))
@example("Explain me in points about storage, backups and logging in small offices.")
@example("Translate apples, pears and plums to German")
@example("Sort out red, green and blue")
@example("Teach me apples, pears and plums")
@example("Talk about apples, pears and plums")
@example("Identify which is a fruit. apples, pears and plums")
@example("Describe apples, pears and plums")
@example("Define apples, pears and plums")
@example("Describe apple\u0130, pears and plums")
def test_inline_lists_are_not_looked_for_only_where_nothing_could_make_them_items(text: str) -> None:
    found = probe(text)
    assert from_inline(text, found) == _listed_items(text, found, *instruction_region(text))


@pytest.mark.parametrize("pattern", [_CLASSIFY, _EXPLAIN_TERMS], ids=["classify", "explain_terms"])
def test_every_asking_phrase_holds_a_needle_of_the_shortcut(pattern: re.Pattern[str]) -> None:
    """`_ASKING_NEEDLES` is kept by hand beside the regexes it stands for: a phrase added to one of them without a
    needle would make `_may_ask_of_items` skip lists the regex would classify. Hypothesis writes texts each regex
    matches (every branch and spelling), and each must hold a needle, a mark or a case stranger."""

    @settings(max_examples=600, deadline=None)
    @given(st.from_regex(pattern))
    def holds_a_needle(text: str) -> None:
        if pattern.search(text) is None or any(map(text.__contains__, _ASKING_MARKS)) or CASE_STRANGERS.search(text):
            return
        assert any(map(text.lower().__contains__, _ASKING_NEEDLES)), text

    holds_a_needle()


def test_quoted_items_opening_with_a_possessive_are_still_items() -> None:
    # quoted sentences to correct are texts to work on, whatever word opens the first one
    found = proposed("please fix the grammar in these: 'their house is bigger then ours', 'he dont like it', "
                     "'we was late again'", "en")
    assert found.data == ["their house is bigger then ours", "he dont like it", "we was late again"]


@pytest.mark.parametrize(("text", "items"), [
    ("Explain how tides work to a five-year-old, then to a marine biologist.", ["a five-year-old", "a marine biologist"]),
    ("Describe what an index fund is for a teenager and then for a retired teacher, in three sentences each.",
     ["a teenager", "a retired teacher"]),
    ("Explain what a compiler does to a ten year old.\n\nAnd then,\n\nExplain to a history student.\n\nAnd then,\n\n"
     "Explain to a senior engineer", ["a ten year old", "a history student", "a senior engineer"]),
])
def test_one_explanation_per_audience_after_then(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.data == items and schema.category == "Repeated Generation"
    assert schema.template.startswith(text[:text.index(items[0])]) and "{data}" in schema.template


@pytest.mark.parametrize("text", [
    "Explain the rules of chess to a beginner, then write a short quiz for them.",  # a second task on the first
    "Explain recursion to a beginner, then give an example.",
    "Explain how vaccines work to my grandmother.\nThen tell me which of my answers she would find hardest.",
])
def test_a_then_that_goes_on_to_another_task_is_no_second_audience(text: str) -> None:
    rejected(text)


@pytest.mark.parametrize("text", [
    "Write a 600-word guide to the 8 best hiking trails near Denver. For each trail, please include a short history "
    "of the trail, parking tips, the best season and the difficulty level.",
    "Create a profile card for each team member; include a photo caption, a fun fact, and a favourite tool.",
])
def test_what_each_output_must_include_is_no_list_of_items(text: str) -> None:
    rejected(text, "en")


# Session 20: one glossary question asked of three or more listed terms, whatever the terms look like ("to", "su").
@pytest.mark.parametrize(("text", "items"), [
    ("What do the commands grep, awk, su and tr do", ["grep", "awk", "su", "tr"]),
    ("what does KPI, OKR and SLA stand for?", ["KPI", "OKR", "SLA"]),
])
def test_a_glossary_question_over_listed_terms_asks_each(text: str, items: list[str]) -> None:
    schema = proposed(text)
    assert schema.data == items and schema.category == "Question Answering"


@pytest.mark.parametrize("text", [
    "What do the terms latency and throughput mean?",  # two terms: often one contrast
    "What do my parents, my two sisters and my best friend from college do",  # people described, not terms
    "What does the word serendipity mean?",
])
def test_a_glossary_question_over_two_terms_or_long_phrases_stays_one(text: str) -> None:
    rejected(text)


@pytest.mark.parametrize(("text", "language"), [
    # verbs coordinated before one object, split at their commas as if they were items
    ("How would you translate into French, and explain, the German word \"Fernweh\"?", "en"),
    # one card described under constraints of the answer
    ("could you describe any single Pokemon card for me, limiting your answer to the card's stats and no additional "
     "backstory", "en"),
    # a list inside the one text a translation's colon introduces
    ("翻译成英文：小明有三个苹果。他把苹果分别送给了小红、小刚和小丽。最后他还剩几个？", "zh"),
    ("Translate into English: Ayer fuimos al mercado. Compramos manzanas, peras y uvas para la semana.", "en"),
])
def test_predicates_constraints_and_a_worked_texts_lists_are_no_items(text: str, language: str) -> None:
    not_proposed(text, language)


@pytest.mark.parametrize(("text", "items"), [
    ("Explain the terms inflation, deflation and stagflation.", ["inflation", "deflation", "stagflation"]),
    ("Describe each of these cards for me: Pikachu, Charizard and Bulbasaur.", ["Pikachu", "Charizard", "Bulbasaur"]),
    ("Translate into French, Spanish and German: The museum opens at nine. Tickets cost ten euros.",
     ["French", "Spanish", "German"]),
    ("Translate the word 'library' into French, German and Italian.", ["French", "German", "Italian"]),
    ("Translate this: Good night. In German, Dutch and Swedish please.", ["German", "Dutch", "Swedish"]),
])
def test_positive_controls_of_the_refusals_are_still_proposed(text: str, items: list[str]) -> None:
    assert proposed(text, "en").data == items


@pytest.mark.parametrize("text", [
    # keywords given as a form's field, not asked for
    "[ Topic: how vaccines train the immune system ]\n[ Keywords: antigen, antibody, memory cell ]\n"
    "[ Audience: first-year nursing students ]\n[ Task: Explain the topic in a short lecture. ]",
    # keywords to be made up for some places, with no text to pull them from
    "Find keywords to target on search engines for a bakery chain with shops in Leeds, York and Hull. The keywords "
    "must name the town, like 'best sourdough in Leeds'.",
])
def test_a_keywords_cue_with_no_text_to_pull_from_is_no_extraction(text: str) -> None:
    schema = extract_rules(text)
    assert schema.category != "Keyword Extraction"


def test_keywords_extracted_from_each_quoted_text_stay_keyword_extraction() -> None:
    schema = proposed("Extract three keywords from each of these titles: 'Coral reefs under heat stress', "
                      "'Why cities plant fewer trees', 'The slow return of the European bison'")
    assert schema.category == "Keyword Extraction" and len(schema.data) == 3


# -- false proposals, round 8: one dish's ingredients, the user's own candidates, one paragraph ----------------------
@pytest.mark.parametrize(("text", "language"), [
    ("What's a recipe for salmon, asparagus and new potatoes?", "en"),
    ("We run a small gardening club and want more members. What events could we hold? We're thinking of seed swaps, "
     "plant sales, compost workshops, any other ideas?", "en"),
    ("大阪の朝と夜の道頓堀を一つの段落で描写してください。朝夜それぞれの光景、音、匂いなどを細かく書いてください。", "ja"),
])
def test_ingredients_candidates_and_one_paragraph_are_no_items(text: str, language: str) -> None:
    not_proposed(text, language)


@pytest.mark.parametrize(("text", "language", "items"), [
    ("Can you give me recipes for salmon, asparagus and new potatoes?", "en", ["salmon", "asparagus", "new potatoes"]),
    ("What are the nutritional benefits of salmon, asparagus and new potatoes?", "en",
     ["salmon", "asparagus", "new potatoes"]),
    ("What are seed swaps, plant sales and compost workshops?", "en",
     ["seed swaps", "plant sales", "compost workshops"]),
    ("大阪の朝と夜の道頓堀を描写してください。朝夜それぞれの光景、音、匂いなどを細かく書いてください。", "ja", ["大阪の朝", "夜の道頓堀"]),
])
def test_positive_controls_of_the_one_dish_and_candidates_refusals(text: str, language: str, items: list[str]) -> None:
    assert proposed(text, language).data == items


def test_a_comma_run_inside_one_inline_code_span_is_code() -> None:
    not_proposed("Given the helper `fetchPage(cursor?: string): Promise<{ items: Array, cursor?: string }>` where "
                 "cursor marks the next page, write a hook that keeps calling it until every page has been loaded?")


def test_items_each_in_their_own_code_span_are_still_items() -> None:
    assert len(proposed("What do `map`, `filter` and `reduce` do in JavaScript?").data) == 3


# The separators as they were written before they left the whitespace before a comma or "と" to the piece before it.
_FULL_SEPARATORS = {
    True: (re.compile(r"\s*[,;，；、]\s*(?:" + _CONJ_WORD + r"\s+)?", re.IGNORECASE),
           re.compile(r"\s+" + _CONJ_WORD + r"\s+|[和与與及或]|\s*[とや]\s*", re.IGNORECASE)),
    False: (re.compile(r"\s*[,;，；、]\s*(?:" + _AND_WORD + r"\s+)?", re.IGNORECASE),
            re.compile(r"\s+" + _AND_WORD + r"\s+|[和与與及]|\s*[とや]\s*", re.IGNORECASE)),
}
_FULL_SEMICOLON = re.compile(r"\s*[;；]\s*")


def _full_pieces(segment: str, alternatives: bool) -> list[tuple[int, int]]:
    """`_pieces` cutting at the separators as they were written before."""
    import studio.curation.rules.inline as inline

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(inline, "_SEPARATORS", _FULL_SEPARATORS)
        patch.setattr(inline, "_SEMICOLON", _FULL_SEMICOLON)
        return inline._pieces(segment, alternatives)


_SEGMENTS = st.lists(st.sampled_from([
    "a", "b", "Tea", "x y", " ", "  ", "\t", "\n", "\u3000", ",", " ,", ", ", ";", "；", "，", "、", "and", "AND", "or",
    "y", "e", "o", "u", "et", "und", "и", "as well as", "&", "和", "或", "と", "や", " と ", "猫", "ſ", "İ", ".",
]), max_size=16).map("".join)


@settings(max_examples=800, deadline=None)
@given(_SEGMENTS, st.booleans())
@example("a , b and c", True)
@example("りんご と みかん や ぶどう", True)
@example("x ; y ;z", False)
def test_inline_pieces_give_the_items_of_the_full_separators(segment: str, alternatives: bool) -> None:
    """The separators start at their comma or "と" (the whitespace before it stays with the piece before): the same
    number of pieces as the full form's, and the same items and spans once `_items` strips them."""
    ours, full = _pieces(segment, alternatives), _full_pieces(segment, alternatives)
    assert len(ours) == len(full)
    assert _items(segment, 7, ours) == _items(segment, 7, full)
    assert bool(_SEPARATORS[alternatives][1].search(segment)) == bool(_FULL_SEPARATORS[alternatives][1].search(segment))


_BLANKS_AND_WORDS = st.lists(st.sampled_from([" ", "  ", "\t", "\n", "\u3000", ",", "and", "into", "that", "del",
                                              "which", "mentioned", "cat", "é"]), max_size=24).map("".join)


@settings(max_examples=300, deadline=None)
@given(_BLANKS_AND_WORDS)
def test_last_item_cuts_are_found_as_the_plain_patterns_find_them(text: str) -> None:
    from studio.curation.rules.inline import _LAST_ITEM_CLAUSE, _LAST_ITEM_STOP

    for pattern in (_LAST_ITEM_STOP, _LAST_ITEM_CLAUSE):
        assert_matches_alike(pattern, plain_form(pattern), text, search=True)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([" ", "   ", "\t", "what", "What", "does", "do", "the", "terms", "NPV", ",", "and",
                                 "mean", "stand", "for", "?", "x"]), max_size=16).map("".join))
@example("What does   xx do?")
@example("what do the   x do")  # the plain pattern's terms "  x"; the possessive one skips "the" into them: "the   x"
@example("What do the terms NPV, IRR and ROI stand for?")
def test_the_glossary_question_decides_as_with_the_plain_pattern(text: str) -> None:
    """Possessive runs: a match differs from the plain pattern's only where its terms hold fewer than three items
    (terms opening with a run of blanks, or with "the"/"terms" that the plain one took as their own group), so the
    decomposition is the same."""
    import studio.curation.rules.inline as inline

    ours = inline.from_glossary_question(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(inline, "_GLOSSARY_QUESTION", plain_form(inline._GLOSSARY_QUESTION))
        assert inline.from_glossary_question(text) == ours


@pytest.mark.parametrize("gap", [" " * 5_000, "\t" * 5_000, "\u3000" * 5_000])
def test_inline_lists_and_glossary_questions_across_long_runs_of_blanks(gap: str) -> None:
    assert split_inline(f"cat{gap}, dog, bird", 0)[0] == ["cat", "dog", "bird"]
    for text in (f"What do{gap}NPV, IRR and ROI stand for?", f"What do NPV, IRR and ROI{gap}stand for?"):
        glossary = from_glossary_question(text)
        assert glossary is not None and glossary.data == ["NPV", "IRR", "ROI"]


@pytest.mark.parametrize("text", [
    # the layout of one output named just before the list: its parts
    "thanks - can we rework the deck with the following structure: a summary of slides 1-2 above, a separate "
    "paragraph on competitors, a paragraph on pricing and a closing paragraph to wrap up the plan",
    "Organize each weekly post by listing them in the following order: headline, caption, call to action",
    "Can you give household sizes for the above provinces in form of a table with splits in rural, urban, and "
    "coastal areas?",
    "Can you write a lesson plan for the class? Also, could you create a list of steps, samples, and grading "
    "rubrics for the group project?",
    # a yes/no question over the list, the items not its subject
    "Does aquaculture offer any new opportunities for pumps, filters and sensors? cite sources",
    "Does the routing algorithm take in live data of the number of buses, cyclists and other factors?",
    # a call's arguments
    "can Change precision\\_score(y\\_true, y\\_pred, average='micro') to weighted?",
    # a list cut out of one quotation
    'What does this lyric mean: "Here come Luther, rockin\' to the other extreme?"',
])
def test_lists_that_are_one_outputs_parts_a_yes_no_answer_code_or_a_quotation_are_not_items(text: str) -> None:
    not_proposed(text)


@pytest.mark.parametrize(("text", "items"), [
    ('Are "Ashwagandha" and "Rhodiola Rosea" safe for teenagers?', ["Ashwagandha", "Rhodiola Rosea"]),  # the subject
    ("What are the capitals of Peru, Chile and Bolivia?", ["Peru", "Chile", "Bolivia"]),
])
def test_positive_controls_of_the_layout_yes_no_and_quotation_refusals(text: str, items: list[str]) -> None:
    assert proposed(text, "en").data == items


def _trim_edges_before(items: list[str], spans: list[tuple[int, int]]) -> tuple[list[str], list[tuple[int, int]]]:
    """`trim_edges` before its last item was searched only when long enough and its prepositions were read off one
    anchored match (`_LEADING_PREPOSITION.sub`, three times an item)."""
    last = items[-1]
    yardstick = max((len(item.split()) for item in items[1:-1]), default=1)
    stop = inline._LAST_ITEM_STOP.search(last)
    if stop and stop.start() > 0 and len(last.split()) > yardstick:
        last = last[:stop.start()]
    clause = inline._LAST_ITEM_CLAUSE.search(last)
    if clause and clause.start() > 0 and len(last.split()) > max(2 * yardstick, yardstick + 1):
        last = last[:clause.start()]
    cjk_stop = inline._CJK_LAST_STOP.search(last)
    if cjk_stop and cjk_stop.start() > 0:
        last = last[:cjk_stop.start()]
    last = last.rstrip(" .,;:!?。，")
    trailing = last.rsplit(None, 1)
    if len(trailing) == 2 and trailing[1].casefold() in inline._TRAILING_PARTICIPLES:
        last = trailing[0]
    others = [*items[1:-1], last]
    longest = max(len(inline._LEADING_PREPOSITION.sub("", item).split()) for item in others)
    first_text = items[0]
    strong = inline._STRONG_BOUNDARY.last(first_text, with_text_after=True)
    candidate = first_text[strong[1]:].strip() if strong else first_text
    if len(candidate.split()) > longest + 2:
        words = first_text.split()
        candidate = " ".join(words[-min(len(words), longest):])
    words = candidate.split()
    between = [index for index, word in enumerate(words[:-1]) if word.casefold() in inline._BETWEEN]
    if between:
        words = words[between[-1] + 1:]
    inner = [index for index, word in enumerate(words[:-1]) if index and word.casefold() in inline.BOUNDARY_WORDS
             and not words[index - 1][:1].isupper()]
    shortest = min(len(inline._LEADING_PREPOSITION.sub("", item).split()) for item in others)
    if inner and shortest - 1 <= len(words) - inner[-1] - 1 <= longest:
        words = words[inner[-1] + 1:]
    while len(words) > 1 and (words[0].lower() in inline.BOUNDARY_WORDS or not any(c.isalnum() for c in words[0])):
        words = words[1:]
    if len(words) > 1 and words[0].lower() in inline.DETERMINERS and not any(
            item.split()[0].lower() in inline.DETERMINERS for item in others if item.split()):
        words = words[1:]
    first = inline._LEADING_PREPOSITION.sub("", " ".join(words)) or " ".join(words)
    cjk_cut = _CJK_FIRST_BOUNDARY.search(first) if ":" in first or not first.isascii() else None
    if cjk_cut and cjk_cut.end() < len(first):
        first = first[cjk_cut.end():]
    if first_text.split()[:1] != first.split()[:1] and len(others) >= 2:
        stripped = [inline._LEADING_PREPOSITION.sub("", item) for item in others]
        if all(stripped):
            spans = [spans[0], *((end - len(item), end) for item, (_, end) in zip(stripped[:-1], spans[1:-1])),
                     spans[-1]]
            items = [items[0], *stripped[:-1], items[-1]]
    last_start = spans[-1][0]
    if first_text.split()[:1] != first.split()[:1]:
        unprefixed = inline._LEADING_PREPOSITION.sub("", last)
        last_start += len(last) - len(unprefixed)
        last = unprefixed
    return ([first, *items[1:-1], last],
            [(spans[0][1] - len(first), spans[0][1]), *spans[1:-1], (last_start, last_start + len(last))])


# words of inline items: prepositions and elisions, request verbs and boundary words, the last item's stop words and
# clauses, determiners, participles, CJK boundaries
_ITEM_WORDS = st.lists(st.sampled_from([
    "of", "Of", "de", "del", "von", "d'", "l’", "the", "a", "translate", "Write", "give me", "all", "the words",
    "between", "and", "or", "y", "into", "Spanish", "that", "which", "que", "mentioned", "listed", "in", "to",
    "today", "please", "France", "Bank", "apples", "red", "big", "cats", "x", "-", "?", ".", "的", "苹果", "等",
    "请", "：", ":", "を", "lugares", "Paris",
]), min_size=1, max_size=9).map(" ".join)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_ITEM_WORDS, min_size=2, max_size=6), st.integers(0, 40))
@example(["What are the capitals of France", "Germany", "Italy"], 0)
@example(["Translate of apples", "of pears", "of plums into Spanish please"], 3)
@example(["the words red", "big", "cats that are mentioned in the text today"], 0)
def test_trimmed_edges_are_those_trimmed_before(items: list[str], offset: int) -> None:
    spans, start = [], offset
    for item in items:
        spans.append((start, start + len(item)))
        start += len(item) + 2  # (", " between items)
    assert trim_edges(list(items), list(spans)) == _trim_edges_before(list(items), list(spans))


def _items_before(segment: str, offset: int, pieces: list[tuple[int, int]]) -> tuple[list[str], list[tuple[int, int]]]:
    """`_items` before the leading conjunction was read off one anchored match (`_LEADING_CONJ.sub`)."""
    items: list[str] = []
    spans: list[tuple[int, int]] = []
    for start, end in pieces:
        raw = segment[start:end]
        lead = len(raw) - len(raw.lstrip())
        item = inline._LEADING_CONJ.sub("", raw.strip())
        lead += len(raw.strip()) - len(item)
        items.append(item)
        spans.append((offset + start + lead, offset + start + lead + len(item)))
    return items, spans


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from([" and ", "and ", "or", " Or ", "y ", " и ", "et", " und", ", ", "; ", "，", "、",
                                 "apples", "orange", "andes", "x", " ", "\t", "与", "と"]), max_size=14).map("".join),
       st.integers(0, 9))
def test_items_lose_their_leading_conjunction_as_before(segment: str, offset: int) -> None:
    pieces = _pieces(segment)
    assert _items(segment, offset, pieces) == _items_before(segment, offset, pieces)


def _is_clause_before(item: str) -> bool:
    """`_is_clause` before it was cached and its tokens folded and looked up in C loops."""
    if inline.CJK_CHAR.search(item):
        stripped = item.strip(" 　。、，,.")
        return (inline.weighs(stripped, 31) or inline._CJK_PRONOUN.search(stripped) is not None
                or bool(inline._KANA.search(stripped) and stripped.endswith(inline.JA_CLAUSE_ENDINGS)))
    tokens = [token.casefold() for token in inline._CLAUSE_TOKEN.findall(item) if token != "i"]
    return any(token in inline.CLAUSE_WORDS for token in tokens) or (
        len(tokens) > 1 and tokens[0] in inline.ONE_WORD_VERBS)


_CLAUSE_PIECES = st.lists(st.sampled_from([
    "i", "I", "İ", " ", "'", "-", "don't", "Is", "is", "which", "analyze", "Translate", "the", "luoghi", "red", "big",
    "apples", "3", "_", "ß", "我", "苹果", "ます", "です", "的", "が", "、", "。", "x", "ǅ", "ﬁ", "WHO",
]), max_size=10).map("".join)


@settings(max_examples=800, deadline=None)
@given(st.lists(_CLAUSE_PIECES, min_size=1, max_size=6), st.data())
@example(["i luoghi"], None)
@example(["I love it"], None)
def test_a_clause_is_told_as_before(items: list[str], data: st.DataObject | None) -> None:
    """The cached answer for each item, asked again in any order, is the replaced code's."""
    asked = items if data is None else items + data.draw(st.lists(st.sampled_from(items), max_size=8))
    assert [inline._is_clause(item) for item in asked] == [_is_clause_before(item) for item in asked]


@pytest.mark.parametrize("text", [
    'Decide, "Yes" or "No", whether this summary is consistent with the document.\n\nDocument: The council voted on '
    'Tuesday.\n\nSummary: The vote was on Monday.',
    'Which is correct here, "who", "whom" or "whose"? The man ___ car was stolen.',
    'Should I write "color" or "colour" in a letter to a British client?',
    'Translate the following words: "casa", "cane" oppure "gatto"',  # (Italian "or": one word list since 2.43)
])
def test_quoted_alternatives_are_the_options_of_one_decision(text: str) -> None:
    """A run of quoted strings whose last is joined by "or" offers choices for one answer (the judge template's
    '"Yes" or "No"' was proposed as two items)."""
    not_proposed(text)


@pytest.mark.parametrize("word", sorted(DISJUNCTIONS) + list(CJK_DISJUNCTIONS))
def test_every_or_word_of_the_lexicon_joins_alternatives(word: str) -> None:
    """The quoted-options gap and the "or" list test read the lexicon's one list of "or" words."""
    assert inline._ALTERNATIVES_GAP.search(f' {word} ') and inline._OR_LIST.search(f'a {word} b')
    assert not inline._ALTERNATIVES_GAP.search(f'x{word}x') or word in CJK_DISJUNCTIONS


def test_quoted_strings_joined_by_and_are_still_items() -> None:
    schema = proposed('Translate "good morning", "thank you" and "see you tomorrow" into Italian.')
    assert schema.data == ["good morning", "thank you", "see you tomorrow"]


_LETTER = ("« Bonjour Madame Hall,\nJe reviens vers vous concernant notre devis du 14 mars. Pourriez-vous me confirmer "
           "si la livraison est toujours prévue pour la fin du mois ?\nCordialement,\nTom »")


@pytest.mark.parametrize("request_line", [
    "Traduis ce mail en anglais, en gardant un ton poli et professionnel :",
    "Traduce este correo al inglés, con un tono cortés y profesional:",
])
def test_one_named_mail_is_one_text_to_translate(request_line: str) -> None:
    """Rules 2.104: "ce mail", "este correo" name one text as "this email" does: neither its lines nor the manner
    after the language ("en gardant un ton poli et professionnel") are items."""
    not_proposed(request_line + "\n\n" + _LETTER)
