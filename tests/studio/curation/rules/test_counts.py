"""Counts of generated items: digits, number words and CJK numerals become `n` with a singular template."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from studio.curation.lexicon.matching import Probe, probe
from studio.curation.rules import RULES_EXTRACTOR, RULES_VERSION, extract_rules
from studio.curation.rules.counts import (
    _BARE_TAIL, _DOUBLE_QUOTED, _FOR_EACH_LEAD, _LAST_WORDS, _LIST_OF, _SIZED_SET, _SUPPLIED, _TITLE_WORD, _WORD,
    _ZH_COUNT, _clause_tail, _for_each_lead, _hands_over, _in_quoted_title, _last_words, _list_of, _sized_set_matches,
    _stated, _subject_with_modal, _zh_count_matches,
)
from tests.studio.curation.rules.support import accepted, not_proposed, proposed, rejected


@pytest.mark.parametrize(("text", "language", "n", "template"), [
    ("Give me 7 catchy slogans for a coffee shop", "en", 7, "Give me a catchy slogan for a coffee shop"),
    ("Write three different haikus about autumn.", "en", 3, "Write a haiku about autumn."),
    ("Can you give me a list of 10 names for a black cat?", "en", 10, "Can you give me a name for a black cat?"),
    ("Donne-moi cinq idées de dîner pour cette semaine.", "fr", 5, "Donne-moi une idée de dîner pour cette semaine."),
    ("Dame diez nombres creativos para una panadería", "es", 10, "Dame un nombre creativo para una panadería"),
    ("给我五个标题，关于人工智能的文章", "zh", 5, "给我一个标题，关于人工智能的文章"),
    ("猫の名前を5つ考えてください", "ja", 5, "猫の名前を1つ考えてください"),
    ("hey can you give me 10 instagram captions for my bakery's new croissant launch? keep them short and fun", "en",
     10, "hey can you give me an instagram caption for my bakery's new croissant launch? keep them short and fun"),
])
def test_counts_become_n_with_a_singular_template(text: str, language: str, n: int, template: str) -> None:
    schema = accepted(text, language)
    assert schema.n == n and schema.data is None
    assert schema.template == template
    assert schema.category == "Repeated Generation" and schema.tier == "high"
    assert schema.extractor == RULES_EXTRACTOR and schema.extractor_version == RULES_VERSION


@pytest.mark.parametrize(("text", "language", "template"), [
    ("What are three different views regarding the new parking rules in our town?", "en",
     "What are a view regarding the new parking rules in our town?"),
    ("Suggest 10 more band names never used by anyone", "en", "Suggest a band name never used by anyone"),
    ("Generate 8 catchy nicknames specifically for a running club", "en",
     "Generate a catchy nickname specifically for a running club"),
    ("Nice, write another 5 variations of the tagline", "en", "Nice, write another variation of the tagline"),
    ("Great, now give me 5 additional ones.", "en", "Great, now give me one."),
    ("Dame 5 países para visitar en Europa", "es", "Dame un país para visitar en Europa"),
])
def test_the_singular_template_asks_for_one_of_the_noun(text: str, language: str, template: str) -> None:
    """The count's phrase may read on past its noun ("views regarding the"): the noun, not the last word read,
    becomes singular; "another" takes no article, "ones" becomes "one". Real count prompts had branches asking for "a
    positions", "another a variation" and "an one"."""
    assert extract_rules(text, language=language).template == template


@pytest.mark.parametrize(("text", "language", "n"), [
    ("Schreibe drei kurze Gedichte über den Herbst.", "de", 3),
    ("Придумай пять названий для кофейни", "ru", 5),
    ("Scrivi quattro brevi poesie sul mare", "it", 4),
    ("Me dá seis sugestões de presente para minha mãe", "pt", 6),
    ("Kannst du mir acht Ideen für einen Geburtstag geben?", "de", 8),
    ("Peux-tu me proposer trois titres pour mon article ?", "fr", 3),
    ("Create 4 original fantasy characters for my campaign, each with a name, race and class", "en", 4),
    ("I'm writing a blog post about productivity. Can you suggest 8 titles that would get clicks?", "en", 8),
])
def test_number_words_and_words_between_count_and_noun(text: str, language: str, n: int) -> None:
    assert accepted(text, language).n == n


@pytest.mark.parametrize("text", [
    "Write a 500-word essay about climate change",
    "Write a 1000 word blog post about remote work",
    "Summarize this article in 3 sentences: The council met on Monday to discuss the budget.",
    "I have 3 kids, plan a birthday party for them.",
    "I have 2 cats and a dog. What food brands do you recommend?",
    "Write a JavaScript function that returns the first 10 Fibonacci numbers",
    "Write a poem with 4 stanzas about the sea",
    "Plan a 3-day itinerary where each day builds on the day before",
])
def test_measures_and_mentions_are_not_counts(text: str) -> None:
    rejected(text, "en")


@pytest.mark.parametrize("text", [
    "Summarize this review for me -- I bought the KettlePro 2 and I'd give it 4 out of 5 stars, it boils fast.",
    "Traduis cet avis en anglais : je donne 3 sur 5 au service, la chambre était propre.",
    "Correct the grammar: i would rate this 8 out of 10 ideas wise, the story were great",
])
def test_a_score_is_not_a_count(text: str) -> None:
    """ "4 out of 5": the number is a rating inside the text, whatever noun follows the scale."""
    schema = extract_rules(text)
    assert schema.n is None and not any(reason.rule.startswith("count.") for reason in schema.reasons
                                        if reason.rule != "count.score")


@pytest.mark.parametrize("text", [
    "The bus leaves the depot at 8:45 and should return by 3:30 pm. When do I have to be at the stop?",
    "Meeting moved to 10:15, return the signed form before 2:40 pm please. Can you tell me what time the meeting is?",
    "Our lab opens at 7 am and closes at 6 pm, please return the keys at 5 pm. Summarize this notice for the team.",
])
def test_a_clock_time_is_not_a_count(text: str) -> None:
    """ "return by 3:30 pm": the minutes after a clock's colon and the hour before "am"/"pm" count nothing, whatever
    verb stands before them."""
    schema = extract_rules(text)
    assert schema.n is None and not any(reason.rule.startswith("count.") for reason in schema.reasons)


def test_count_reason_span_points_at_the_count() -> None:
    text = "Give me 7 catchy slogans for a coffee shop"
    schema = accepted(text)
    count_reason = next(r for r in schema.reasons if r.rule == "count.digits")
    assert text[count_reason.span[0]:count_reason.span[1]] == "7"


def test_counted_characters_are_character_generation() -> None:
    assert accepted("Generate 4 villains for a fantasy novel").category == "Character Generation"


@pytest.mark.parametrize(("text", "language", "n"), [
    ("Generate twenty-five slogans for an eco-friendly water bottle brand", "en", 25),
    ("Come up with forty two names for a bakery", "en", 42),
    ("Dame veinticinco ideas para un cumpleaños", "es", 25),
    ("Dame treinta y cinco preguntas para una entrevista de trabajo", "es", 35),
    ("Schreibe fünfundzwanzig kurze Sprüche über Kaffee", "de", 25),
    ("Donne-moi vingt-cinq idées de noms pour un chat", "fr", 25),
    ("Dá-me vinte e cinco ideias de presentes", "pt", 25),
    ("Scrivi venticinque titoli per un blog di cucina", "it", 25),
    ("Geef me vijfentwintig namen voor een hond", "nl", 25),
    ("Giv mig femogtyve idéer til en fødselsdag", "da", 25),
])
def test_counts_spelled_in_words_are_read_by_text2num(text: str, language: str, n: int) -> None:
    schema = accepted(text, language)
    assert schema.n == n and schema.tier == "high"
    assert [r.rule for r in schema.reasons if r.rule.startswith("count.")] == ["count.word"]


def test_compound_numbers_are_read_without_the_prompts_language() -> None:
    assert accepted("Generate twenty-five slogans for a gym").n == 25
    assert accepted("Schreibe fünfundzwanzig Sprüche über Kaffee").n == 25


@pytest.mark.parametrize(("text", "n", "rule", "template", "tier"), [
    ("Suggest 2-3 tags for this blog post about hiking", 3, "count.range",
     "Suggest a tag for this blog post about hiking", "medium"),
    ("Give me two or three ideas for a birthday party", 3, "count.range", "Give me an idea for a birthday party",
     "medium"),
    ("Write 3 to 5 haikus about the sea", 5, "count.range", "Write a haiku about the sea", "medium"),
    ("Write 10+ hashtags for my bakery's instagram post", 10, "count.open",
     "Write a hashtag for my bakery's instagram post", "high"),
    ("Give me 10 or more slogans for a gym", 10, "count.open", "Give me a slogan for a gym", "high"),
    ("Suggest at least 6 names for a sourdough bakery", 6, "count.open", "Suggest a name for a sourdough bakery",
     "high"),
    ("Give me a dozen names for a pet turtle", 12, "count.word", "Give me a name for a pet turtle", "high"),
])
def test_ranges_take_their_upper_bound_and_open_counts_their_number(text: str, n: int, rule: str,
                                                                    template: str, tier: str) -> None:
    """A range is only an approximate count (its upper bound, medium); "10+" and "at least 6" state the least asked
    for (high when the rest of the request is explicit)."""
    schema = accepted(text, "en")
    assert schema.n == n and schema.template == template and schema.tier == tier
    assert rule in [r.rule for r in schema.reasons]


@pytest.mark.parametrize("text", [
    "Give me a few ideas for dinner",
    "Give me some names for my startup",
    "Suggest several titles for my essay",
    "Give me a couple of ideas for a rainy afternoon",
    "Write 5-2 poems",  # not a rising range: no count
])
def test_counts_without_a_number_are_not_counts(text: str) -> None:
    schema = extract_rules(text, language="en")
    assert schema.n is None


@pytest.mark.parametrize(("text", "language"), [
    # riddles and stories: the counts are in the story, nothing asks for them
    ("Anna's father has three daughters. Two of them are called Mia and Lea. What is the third one called?", "en"),
    ("Three friends walk into a bakery and each buys 2 croissants. How many croissants did they buy in total?", "en"),
    ("Two things never come back: the spoken word and the wasted hour. Who said that?", "en"),
    # units of one artifact
    ("Please generate 30 lines of placeholder text that reads like a pirate diary.", "en"),
    ("Write 8 lines of a sea shanty about a lost cat", "en"),
    ("Write an essay in 5 paragraphs about urban gardening", "en"),
    ("Describe the French Revolution in 150 words", "en"),
    ("Plan a 4-day itinerary for Lisbon", "en"),
    ("Repeat the word banana 5 times", "en"),
    # code tasks
    ("Build a small web page in HTML: a button shows a random quote taken from a list of 5 quotes.", "en"),
    ("Implement a function that merges two sorted arrays into one sorted array.", "en"),
    ("Écris une fonction Python qui renvoie 2 et 3 quand on lui donne 6.", "fr"),
    ("Escribe un programa que lea 3 números y devuelva el mayor.", "es"),
    # an explanation with its examples
    ("Explain what confirmation bias is and give five examples of it in advertising.", "en"),
    ("How to write a strong opening line and give 15 examples of such opening lines for a travel blog", "en"),
    ("Explique ce qu'est l'effet placebo et donne trois exemples concrets.", "fr"),
    ("Erkläre, was Inflation ist, und nenne drei Beispiele aus der Geschichte.", "de"),
    # a ranked or given selection
    ("What are the 10 tallest buildings in Europe?", "en"),
    ("List the top 5 programming languages of 2020", "en"),
    ("Name the 3 longest rivers in Africa.", "en"),
    ("Give me 5 most visited museums in Paris", "en"),
    ("Dame las 10 mejores películas de terror", "es"),
    ("Quelles sont les 7 merveilles du monde ?", "fr"),
    ("Nenne die 5 größten Städte Deutschlands", "de"),
    ("Elenca le 3 montagne più alte d'Italia", "it"),
    ("What are the seven deadly sins?", "en"),
    # aspects of one analysis
    ("How did the printing press change European religion? List three effects.", "en"),
    ("¿Cómo influyó el clima en la agricultura maya? Enumera cuatro consecuencias.", "es"),
    ("Nennen Sie drei Ursachen der Weltwirtschaftskrise.", "de"),
    ("Give me 5 advantages and 5 disadvantages of remote work", "en"),
    ("Dammi tre vantaggi dell'energia solare", "it"),
    # a rule for later messages: what it applies to has not come yet
    ("When I ask you a question about taxes, generate three follow-up questions that would sharpen it.", "en"),
    ("Whenever I send you a product name, write 5 slogans for it.", "en"),
    # the parts of one series, in order
    ("Write a series of 4 emails, from welcome to renewal reminder, for new gym members", "en"),
    ("Rédige une série de 3 articles de blog qui se suivent sur le compostage", "fr"),
    ("Draft a series of 6 messages from first hello to contract signature for a freelance designer", "en"),
    # a count per item, a count with no noun
    ("Write 3 quiz questions for each chapter of the book", "en"),
    ("I have four cats; two of them are black. Suggest names that suit black cats.", "en"),
    # role-play set-ups describe what the persona will do
    ("I want you to act as a slogan writer. I will give you a product and you will write 5 slogans for it. "
     "My first product is a reusable water bottle.", "en"),
    ("Act as a naming consultant. Your task is to generate 10 brand names for each product I describe.", "en"),
    ("Act as a naming consultant. Your task is to generate 10 brand names for the products I describe.", "en"),
    # a count inside a question that does not ask for items
    ("Why do spiders have 8 legs?", "en"),
    ("What are the three laws of robotics?", "en"),
    ("They list 4 reasons in the article, do you agree with them?", "en"),
])
def test_counts_inside_one_task_are_not_requests(text: str, language: str) -> None:
    schema = rejected(text, language)
    assert schema.n is None or schema.tier == "low"


@pytest.mark.parametrize(("text", "language"), [
    ("北京の有名な観光地を3つの主要なエリアに分けて説明してください。", "ja"),
    ("この2つの配列をマージする関数を書いてください。", "ja"),
    ("请解释什么是机会成本，并给出三个例子。", "zh"),
    ("请举三个例子说明什么是通货膨胀", "zh"),
    ("中国最长的三条河流是什么？请列出来。", "zh"),
    ("写一个函数，找出两个数组中的共同元素。", "zh"),
    ("請說明這兩種方法的區別。", "zh"),
    ("三人の兄弟の物語を書いてください。", "ja"),
    ("我希望你充当广告文案写手。你将为我的产品写三条广告语。我的第一个产品是一款保温杯。", "zh"),
    ("水箱有异味时，请按照第四部分的方法清洗。", "zh"),  # (2.120: "第四部分", the fourth part, an ordinal)
])
def test_cjk_counts_inside_one_task_are_not_requests(text: str, language: str) -> None:
    schema = rejected(text, language)
    assert schema.n is None or schema.tier == "low"


@pytest.mark.parametrize(("text", "language", "n"), [
    ("Generate 8 names for a cozy bookshop café", "en", 8),
    ("Brainstorm 12 taglines for an electric bike brand", "en", 12),
    ("Write 4 limericks about a forgetful wizard", "en", 4),
    ("Recommend 6 sci-fi novels for someone who loved Dune", "en", 6),
    ("Give me a list of 7 questions to ask in a job interview for a nurse", "en", 7),
    ("Sugiere cinco nombres para una tienda de plantas", "es", 5),
    ("Write two (2) slogans for a bakery", "en", 2),  # (2.121: "two (2)" is one count, its noun after it)
    ("Écris quatre blagues sur les chats", "fr", 4),
    ("Schlagen Sie sechs Titel für einen Podcast über Gartenarbeit vor.", "de", 6),
    ("Proponimi tre ricette vegetariane con le zucchine", "it", 3),
    ("Sugira cinco ideias de presentes para um professor", "pt", 5),
    ("Придумай семь вопросов для викторины о космосе", "ru", 7),
    ("推荐五本关于时间管理的书", "zh", 5),
    ("给我写三首关于秋天的诗", "zh", 3),
    ("新しいカフェの名前を5つ考えてください", "ja", 5),
    ("おすすめの映画を3本教えて", "ja", 3),
])
def test_explicit_requests_for_generable_things_are_high(text: str, language: str, n: int) -> None:
    schema = accepted(text, language)
    assert schema.n == n and schema.tier == "high" and schema.category == "Repeated Generation"


@pytest.mark.parametrize(("text", "language", "n"), [
    ("I need 5 email subject lines for a black friday sale, we sell running shoes", "en", 5),
    ("Quiero 4 ideas para una fiesta de cumpleaños", "es", 4),
    ("Make 3 flashcards about photosynthesis", "en", 3),
    ("Write 4 cover letters for a junior designer role", "en", 4),
    ("推荐三个适合周末去的地方", "zh", 3),
    ("List 6 birds that can be found in Scottish gardens", "en", 6),
    ("10 Instagram captions for a bakery opening", "en", 10),
    ("What are 3 things I should pack for a trip to Iceland?", "en", 3),
    ("Berikan 5 contoh kalimat dalam bahasa Inggris", "id", 5),
    ("城市交通を改善するための施策を2つ提案してください。", "ja", 2),
])
def test_softer_requests_are_medium(text: str, language: str, n: int) -> None:
    """A weak verb ("I need", "make"), a noun outside the generable list, a heading without a verb or a language
    without number words: a count worth triage, not auto-acceptance."""
    schema = accepted(text, language)
    assert schema.n == n and schema.tier == "medium"


@pytest.mark.parametrize(("text", "language", "n", "template"), [
    ("Give me the names of 5 rivers in Canada", "en", 5, "Give me a river in Canada"),
    ("Dame el nombre de cuatro pintores españoles", "es", 4, "Dame un pintor español"),
    ("Create a list of 6 quiz questions about volcanoes", "en", 6, "Create a quiz question about volcanoes"),
    ("Write a set of 8 interview questions for a junior accountant", "en", 8,
     "Write an interview question for a junior accountant"),
    ("Give me a series of 5 slogans for our spring sale", "en", 5, "Give me a slogan for our spring sale"),
])
def test_a_list_of_and_the_names_of_do_not_hide_the_request(text: str, language: str, n: int,
                                                           template: str) -> None:
    schema = accepted(text, language)
    assert schema.n == n and schema.template == template


@pytest.mark.parametrize(("text", "n", "template"), [
    ("Rewrite this sentence in 3 different ways: The meeting has been moved to Friday.", 3,
     "Rewrite this sentence: The meeting has been moved to Friday."),
    ("Paraphrase the paragraph below in four different styles.", 4, "Paraphrase the paragraph below."),
])
def test_n_versions_of_one_task_are_medium(text: str, n: int, template: str) -> None:
    """'in 3 different ways' is a measure word before a count, but the versions are separate outputs."""
    schema = accepted(text, "en")
    assert schema.n == n and schema.template == template and schema.tier == "medium"


def test_a_counted_request_outranks_an_inline_list_of_constraints() -> None:
    text = "Write 12 catchy headlines using these keywords: savings, budget, investing"
    schema = accepted(text, "en")
    assert schema.n == 12 and schema.data is None and schema.category == "Repeated Generation"


def test_a_count_equal_to_the_named_items_leaves_them_as_data() -> None:
    schema = extract_rules("Write 3 haikus, one about each of these: the sea, the moon and a lantern", language="en")
    assert schema.n is None and schema.data is not None and len(schema.data) == 3


def test_a_heading_in_a_pasted_text_gives_way_to_the_requested_count() -> None:
    text = ("Write 5 taglines for this blog post:\n\n10 Tips for Better Sleep\nKeep a regular schedule, avoid screens "
            "late at night and keep the bedroom cool.")
    schema = accepted(text, "en")
    assert schema.n == 5 and schema.tier == "high"


@pytest.mark.parametrize(("text", "language", "n"), [
    ("Kan du ge mig fem exempel på saker jag kan göra för miljön?", "sv", 5),
    ("Skriv sju korta dikter om hösten", "sv", 7),
    ("Giv mig fem idéer til en fødselsdag", "da", 5),
])
def test_short_number_words_of_languages_outside_the_union(text: str, language: str, n: int) -> None:
    """'fem', 'sju' are read only for a prompt in Swedish or Danish; the validator finds the prompt's language."""
    assert accepted(text, language).n == n
    assert extract_rules(text, language="en").n is None


@pytest.mark.parametrize("text", [
    "Can you list 4 real studies showing that sleep improves memory?",
    "Find 12 published papers on soil erosion in the Andes.",
    "Give me five references about coral bleaching.",
    "Design a workshop for new managers and make it three sessions long.",
    # the count sizes each item ("a two liner"), it does not count them
    "give me funny birthday wishes two liner for my brother",
])
def test_existing_works_and_lengths_are_not_generated_items(text: str) -> None:
    rejected(text, "en")


def test_generated_items_beside_existing_words_stay_counts() -> None:
    assert accepted("Write 4 short summaries of the plot of Hamlet.", "en").n == 4
    assert accepted("Write six two-liner jokes about penguins.", "en").n == 6


@pytest.mark.parametrize(("text", "n", "template"), [
    ("Write three 800-word blog posts about winter cycling.", 3,
     "Write a 800-word blog post about winter cycling."),
    ("Write 5 30-second radio ads for a bakery.", 5, "Write a 30-second radio ad for a bakery."),
])
def test_a_numeric_modifier_sizes_each_item(text: str, n: int, template: str) -> None:
    schema = accepted(text, "en")
    assert schema.n == n and schema.template == template


def test_arabic_request_verbs_ask_for_a_count_in_digits() -> None:
    schema = accepted("اكتب 10 عناوين لمقال عن الطاقة الشمسية", "ar")
    assert schema.n == 10 and schema.category == "Repeated Generation"


@pytest.mark.parametrize(("text", "n", "template"), [
    ("Generate a 10-question quiz about the French Revolution", 10,
     "Generate a 1-question quiz about the French Revolution"),
    ("Please create a 6-item multiple choice test on fractions for 4th graders", 6,
     "Please create a 1-item multiple choice test on fractions for 4th graders"),
    ("Generate a 10-Question Quiz about the French Revolution", 10,  # any case (the hyphen-led pre-check too)
     "Generate a 1-Question Quiz about the French Revolution"),
])
def test_a_set_sized_by_its_questions_is_one_question_per_branch(text: str, n: int, template: str) -> None:
    schema = accepted(text, "en")
    assert schema.n == n and schema.template == template and schema.tier == "medium"


@pytest.mark.parametrize("text", [
    "I took a 20-question test yesterday and I think I failed it.",
    "My 12-item checklist for moving house is too long, can you shorten it?",
])
def test_a_sized_set_nobody_asks_for_is_not_a_count(text: str) -> None:
    rejected(text, "en")


@pytest.mark.parametrize(("text", "n", "template"), [
    ("Rewrite the following headline 5 times to make it catchier: \"Our new office opens Monday\"", 5,
     "Rewrite the following headline to make it catchier: \"Our new office opens Monday\""),
    ("Rephrase this sentence 3 times: The meeting was postponed.", 3, "Rephrase this sentence: The meeting was postponed."),
    ("Reformule cette phrase 4 fois : la réunion est reportée.", 4, "Reformule cette phrase : la réunion est reportée."),
])
def test_n_rewrites_of_one_text_are_n_versions(text: str, n: int, template: str) -> None:
    schema = accepted(text)
    assert schema.n == n and schema.template == template and schema.tier == "medium"
    assert schema.category == "Repeated Generation"


@pytest.mark.parametrize("text", [
    "Say hello 5 times",
    "Write a poem that repeats the word rain 5 times",
    "I have rewritten this essay 3 times and it is still bad. Can you fix the grammar?",
    "Rewrite this paragraph. The author revised it 4 times before publishing it.",
])
def test_other_counts_of_times_are_not_items(text: str) -> None:
    rejected(text)


@pytest.mark.parametrize(("text", "n"), [
    ("Our volunteers tutor teenagers twice a week and we track their grades. Given the needs we address, what are 5 "
     "outcomes we could promise our funders?", 5),
    ("Since you know the team, what would be 4 icebreakers for our Monday meeting?", 4),
])
def test_a_subject_before_a_comma_does_not_turn_the_request_into_a_statement(text: str, n: int) -> None:
    assert proposed(text, "en").n == n


@pytest.mark.parametrize(("text", "n"), [
    ("Build a table of jazz pianists: in column 1 their name, in column 2 their label, in column 3 a famous album. "
     "List at least 8 pianists.", 8),
    ("Module 2 of my course covers budgeting. Suggest 6 quiz questions for it.", 6),
])
def test_a_number_naming_a_part_is_not_a_second_count(text: str, n: int) -> None:
    assert proposed(text, "en").n == n


@pytest.mark.parametrize(("text", "language", "n", "template"), [
    ("Can you pitch me ideas for 3 board games that a family could play in under an hour?", "en", 3,
     "Can you pitch me a board game that a family could play in under an hour?"),
    ("Give me an idea for four bedtime stories up to ten minutes long about a brave hedgehog.", "en", 4,
     "Give me a bedtime story up to ten minutes long about a brave hedgehog."),
    ("Dame ideas para cinco recetas con garbanzos", "es", 5, "Dame una receta con garbanzos"),
])
def test_ideas_for_n_things_count_the_things(text: str, language: str, n: int, template: str) -> None:
    schema = proposed(text, language)
    assert schema.n == n and schema.template == template


@pytest.mark.parametrize(("text", "n", "template"), [
    ("Using the notes above, please write 6 three sentence newsletter blurbs about our new library hours.", 6,
     "Using the notes above, please write a three sentence newsletter blurb about our new library hours."),
    ("Suggest 4 ten minute talks for our engineering offsite.", 4,
     "Suggest a ten minute talk for our engineering offsite."),
])
def test_a_count_before_a_sized_count_asks_for_the_first(text: str, n: int, template: str) -> None:
    """The second count sizes each item: it is not a second, conflicting request."""
    schema = proposed(text, "en")
    assert schema.n == n and schema.template == template


@pytest.mark.parametrize(("text", "n", "template"), [
    ("Give me 3 short, friendly reminder texts for patients who missed an appointment.", 3,
     "Give me a short friendly reminder text for patients who missed an appointment."),
    ("Write 5 bold, playful taglines for a vegan bakery", 5, "Write a bold playful tagline for a vegan bakery"),
])
def test_adjectives_separated_by_a_comma_belong_to_the_counted_noun(text: str, n: int, template: str) -> None:
    schema = proposed(text, "en")
    assert schema.n == n and schema.template == template


def test_a_comma_after_the_counted_noun_still_ends_it() -> None:
    schema = proposed("Give me 3 examples, each with a one-line explanation of why it works.", "en")
    assert schema.template == "Give me an example, each with a one-line explanation of why it works."


@pytest.mark.parametrize(("text", "n"), [
    ("I want you to act as a branding consultant who has helped dozens of cafés find their voice. Please provide at "
     "least three logo concepts for a tea shop called Leaf & Kettle.", 3),
    ("You are an experienced mountain guide and you are now helping people who have never hiked before. Give me 6 "
     "things a beginner can do to prepare for a first alpine hike.", 6),
    ("You are a real estate agent with 15 years of experience. So create a list of 10 FAQs around buying a first "
     "flat.", 10),
])
def test_an_imperative_count_after_a_role_play_set_up_is_the_instruction(text: str, n: int) -> None:
    schema = proposed(text, "en")
    assert schema.n == n and schema.tier == "medium"
    assert "count.instruction" in {reason.rule for reason in schema.reasons}


@pytest.mark.parametrize("text", [
    "I want you to act as a title generator for blog posts. You will give me 5 titles whenever I send you a topic.",
    "You are a poet who writes 3 poems a day and never repeats a rhyme.",
])
def test_a_count_describing_the_role_stays_rejected(text: str) -> None:
    rejected(text, "en")


_BAKERY = ("Bakery profile:\nCrumb & Co. is a small family bakery in a harbour town. It bakes sourdough at dawn, "
           "sells rye loaves and cardamom buns, and runs a Saturday class where children shape their own pretzels.")


@pytest.mark.parametrize(("text", "n"), [
    ("Act as a seasoned copywriter. I am going to describe a bakery, and you will give me 4 short, friendly cold "
     "emails that invite cafés to stock its bread.\n\n" + _BAKERY, 4),
    ("Pretend you are a brand consultant.\n\nYou will then send us 6 tagline ideas for the shop below.\n\n"
     + _BAKERY, 6),
])
def test_a_count_asked_of_the_assistant_before_its_material_is_the_instruction(text: str, n: int) -> None:
    schema = proposed(text, "en")
    assert schema.n == n and schema.tier == "medium"


@pytest.mark.parametrize("text", [
    "Act as a seasoned copywriter. You will give me 4 short cold emails. I will describe the bakery later on.",
    "Act as a seasoned copywriter. You will write 4 short cold emails for each bakery I name.\n\n" + _BAKERY,
    "Act as a seasoned copywriter. You will give me 4 short cold emails whenever I paste a bakery profile.",
])
def test_a_count_asked_of_the_assistant_without_material_after_it_stays_the_role(text: str) -> None:
    rejected(text, "en")


@pytest.mark.parametrize(("text", "n"), [
    ("List ten shop names suggestion top brand names for a bike repair start-up", 10),
    ("Give me 6 slogan ideas top notch in tone for a climbing gym", 6),
])
def test_a_selection_word_after_the_counted_noun_does_not_select_it(text: str, n: int) -> None:
    assert proposed(text, "en").n == n


@pytest.mark.parametrize("text", [
    "List 10 top brand names in the bicycle industry.",
    "Give me the 5 best selling bakery names in Paris.",
])
def test_a_selection_word_before_the_counted_noun_still_selects(text: str) -> None:
    rejected(text, "en")


_PAINS = ("Small bakeries often lose money on unsold bread because demand swings from day to day and the owners "
          "cannot predict it well enough to bake the right amount.\n\nThey also struggle to hire bakers who will "
          "start at four in the morning, and the differences in skill between new hires make the loaves uneven.\n\n"
          "Finally, rising flour and energy prices squeeze margins that were thin already, so every wasted batch "
          "hurts more than it did a few years ago.")


def test_a_quoted_block_after_a_colon_is_material_for_a_count() -> None:
    text = f"Our customers describe their pains like this:\n\"\n{_PAINS}\n\"\nWrite 5 catchy ad headlines for our bakery software."
    assert proposed(text, "en").n == 5


@pytest.mark.parametrize("text", [
    f"Our customers describe their pains like this:\n{_PAINS}\nWrite 5 catchy ad headlines that rank the "
    "differences between our plans.",
    f"{_PAINS}\n\"\nWrite 5 catchy ad headlines for our bakery software, then rank them from best to worst.",
])
def test_cues_outside_a_quoted_block_still_count(text: str) -> None:
    rejected(text, "en")


@pytest.mark.parametrize(("text", "n", "template_start"), [
    ("Add more shop names to this list that fit: 12 fresh suggestions\n- Bean There\n- Daily Grind\n- Crumb Club",
     12, "Add more shop names to this list that fit: a fresh suggestion\n"),
    ("Create slogans for a vegan bakery in a playful tone: 6 slogans\nWe bake with oat milk.", 6,
     "Create slogans for a vegan bakery in a playful tone: a slogan\n"),
])
def test_a_count_opening_the_clause_after_a_request_colon_heads_the_items(text: str, n: int,
                                                                         template_start: str) -> None:
    schema = proposed(text, "en")
    assert schema.n == n and schema.template.startswith(template_start)


@pytest.mark.parametrize("text", [
    "Tone: 3 Average\nWrite an article about green tea.",
    "Our menu for the party: 3 recipes with chicken\n- soup\n- salad",
    "Write me a toast for my sister's wedding. Guests: 40 people",
])
def test_a_count_after_a_colon_with_no_request_before_it_is_no_heading(text: str) -> None:
    rejected(text, "en")


def test_a_condition_on_the_reply_does_not_make_the_counted_items_steps() -> None:
    text = "Could you come up with 5 hooks for my pottery class ads? If yes, then keep each under ten words."
    assert proposed(text, "en").n == 5


def test_letters_in_alphabetical_order_describe_each_counted_word() -> None:
    assert proposed("Give me a list of 6 words whose letters are all in alphabetical order.", "en").n == 6


def test_acronym_plurals_keep_their_case_in_the_template() -> None:
    schema = proposed("Write 8 FAQs around renting an electric car.", "en")
    assert schema.template == "Write a FAQ around renting an electric car."


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["五", "个", "十二", "条", "本", "两", "三", "成本", "写", "给我", "首", "3", "１２", "，", " ",
                                 "a", "百", "篇"]), max_size=20).map("".join))
def test_chinese_counts_read_around_the_classifiers_are_those_a_scan_finds(text: str) -> None:
    assert [match.span() for match in _zh_count_matches(text, probe(text).chars)] == [
        match.span() for match in _ZH_COUNT.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["for each", "For every", "FOR EACH", "of the above", "recipes", ",", ", ", ".", "\n",
                                 " ", "x" * 40, "ſ", "K", "İ", "é", "suggest", "for", "each"]), max_size=24).map("".join))
@example("For each of the above recipes, suggest")
@example("For each point" + " p" * 39 + ", write" + " w" * 29 + " ")
@example("for every " + "x" * 79 + "," + "y" * 60 + "\n")  # (the longest match, before a final line break)
def test_a_for_each_lead_is_found_at_the_leads_end_as_a_search_of_the_whole_lead_finds_it(lead: str) -> None:
    assert _for_each_lead(lead) == (_FOR_EACH_LEAD.search(lead) is not None)


# Words and marks the count shortcuts below are sensitive to: modals in any case, the subjects around them, clause
# marks, letters whose lowercase is longer or depends on its neighbours (İ, Σ), folding strangers (K sign, long s).
_LEAD_PIECES = ["can", "CAN", "Could", "will", "would", "Should", "must", "may", "MIGHT", "shall", "cannot", "not",
                "like", "to", "you", "u", "U", "we", "NCAT", "the", "public", "give", "Send", "share", "my", "these",
                "İ", "Σ", "K", "ſ", "ſhall", " ", "  ", "\n", ",", ";", ":", "'", "’", "t", "3", "-", "é"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_LEAD_PIECES), max_size=14).map("".join))
def test_the_count_lead_shortcuts_decide_as_their_full_forms(lead: str) -> None:
    assert _stated(lead) is _subject_with_modal(lead)  # the modal needle test never changes the answer
    assert _hands_over(lead) is (_SUPPLIED.search(lead) is not None)
    assert _clause_tail(lead) == lead[max(lead.rfind(mark) for mark in ",;:") + 1:]


def test_a_modal_after_another_subject_is_still_a_statement() -> None:
    assert _stated("the general public can't ") and _stated("NCAT can ") and not _stated("Can you ")
    assert _hands_over("I will give you ") and not _hands_over("Give me ")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["a", "the", " ", "\n", "\t", "list", "List", "names", "ideas", "idée", "of", "OF", "de",
                                 "für", "FÜR", "per", "for", "dos", "doſ", "dİ", "x", "3", ",", "examples", "из"]),
                max_size=10).map("".join))
@example("give me a list of ")
@example("Some ideas for \n")
@example("a set doſ ")
def test_a_list_of_is_found_as_its_regex_finds_it(tail: str) -> None:
    """`_list_of` skips the regex unless the tail ends with a word its matches end with: the same answer."""
    expected, found = _LIST_OF.search(tail), _list_of(tail)
    assert (expected and expected.span()) == (found and found.span())


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["give", "me", "the", "top", "it's", "'", " ", "  ", "\n", "\t", "é", "x", "3", "_", "-",
                                 ",", "中", "l'"]), max_size=12).map("".join))
@example("give me ")
@example("up to\n")
@example("the best l'")
def test_the_last_words_are_found_as_a_search_from_the_start_finds_them(lead: str) -> None:
    """`_last_words` starts the search after the last space but one: the same match and groups."""
    expected, found = _LAST_WORDS.search(lead), _last_words(lead)
    assert (expected and (expected.span(), expected.groups())) == (found and (found.span(), found.groups()))


def test_a_counted_set_is_not_a_series() -> None:
    assert accepted("Write a set of 4 emails to invite customers to our spring sale", "en").n == 4


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["1", "12", "345", "6789", "-", " ", "\t", "\n", "x", "_", "question", "Questions",
                                 "items", "ITEM", "problem", "exercises", "quiz", "Test", "survey", "practice set",
                                 "ſ", "K", "é", "a"]), max_size=16).map("".join))
@example("Create a 5-question quiz")
@example("1234 items test")
@example("x12-items quiz, 3 questions survey")
def test_sized_sets_are_found_as_a_search_from_the_start_finds_them(text: str) -> None:
    """`_sized_set_matches` starts two characters before the first hint (none when there is none): the same matches."""
    assert [(match.span(), match.groups()) for match in _sized_set_matches(text)] == [
        (match.span(), match.groups()) for match in _SIZED_SET.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["\"", "“", "”", "«", "Seven", "Ways", "to", "9", " ", "\n", "x"]), max_size=16).map("".join))
def test_a_line_without_an_opening_quote_mark_holds_no_quote(text: str) -> None:
    """`_in_quoted_title` skips the regex on a line holding neither '"' nor '“': the regex finds nothing there."""
    if '"' not in text and "“" not in text:
        assert _DOUBLE_QUOTED.search(text) is None
        assert not _in_quoted_title(text, (len(text) // 2, len(text) // 2))


def test_a_count_inside_a_quoted_title_is_not_requested() -> None:
    # the count is part of a quoted title (its longer words capitalised): the request is one review of that work
    title = "Why Remote Work Fails, Told in 7 Different Ways,"
    assert rejected(f"Write a critical review of \"{title}\" by Dana Miller", "en").n is None
    assert proposed(f"Write a critical review of {title} by Dana Miller", "en").n == 7
    # a quoted request is no title, and a count outside a quoted title is still asked for
    assert accepted("My boss keeps saying \"write 10 catchy slogans for the bakery by Friday\" so please do that",
                    "en").n == 10
    assert accepted("Write 5 taglines for “The Three Little Pigs Bakery”", "en").n == 5


@pytest.mark.parametrize("text", [
    # a number glued to an operator, an identifier or a label is no count
    "My league has n teams. Suggest n+2 team names so there are spares.",
    # a modal question's later verb does not ask for a count inside another noun phrase ("the route nine timetable")
    "Could you take the Route 9 timetable I pasted and suggest a better bus schedule for me?",
    # a request word after a determiner is a noun ("each list", "this plan")
    "Keep the warm-up you sent, but make each list 15 instead of 8.",
])
def test_numbers_in_expressions_names_and_sizes_are_not_requested_counts(text: str) -> None:
    assert extract_rules(text, language="en").n is None


@pytest.mark.parametrize(("text", "n"), [
    ("Could you 6 names for my ferret suggest?", 6),  # the modal's verb after the count still asks (odd word order)
    ("Can you please give me 5 names for the blog?", 5),
    ("List 12 ideas (5 are enough if you are busy) for a rainy day", 12),
])
def test_counts_a_request_still_asks_for(text: str, n: int) -> None:
    assert proposed(text, "en").n == n


@pytest.mark.parametrize(("text", "n", "template"), [
    ("Write the captions for my next 6 photos (one per day), upbeat and short.", 6,
     "Write the captions for a photo (one per day), upbeat and short."),
    ("Suggest titles for our 4 new podcast episodes", 4, "Suggest titles for a podcast episode"),
])
def test_outputs_for_n_subjects_are_one_per_subject(text: str, n: int, template: str) -> None:
    schema = proposed(text, "en")
    assert schema.n == n and schema.template == template and schema.tier == "medium"


@pytest.mark.parametrize("text", [
    "Give me dinner recipes for 4 people",  # servings, not subjects
    "Write content for 25 slides about burnout",  # content is no plural output
    "Suggest some craft ideas for 9 year olds",  # an age
    "Write a lesson plan for 30 students",
])
def test_counts_of_people_slides_or_ages_after_for_are_not_outputs(text: str) -> None:
    assert extract_rules(text, language="en").n is None


@pytest.mark.parametrize(("text", "language"), [
    ("Generate a list of 8 habits which are the most likely to improve sleep quality.", "en"),
    ("Suggest 5 cities that are the best for remote workers in winter", "en"),
    ("수면의 질에 관한 임상 연구 논문을 15개 찾아줘.", "ko"),  # found, as "find me 15 papers"
])
def test_ranked_or_found_counts_are_not_generated_items(text: str, language: str) -> None:
    assert extract_rules(text, language=language).n is None


@pytest.mark.parametrize("text", [
    "다음 기사를 세 문장으로 요약해 주세요.\n\n시청은 내년부터 시내버스 요금을 동결하기로 했다고 밝혔다.",  # in three sentences
    "여름 방학 계획을 3개의 문단으로 작성해 주세요",  # in three paragraphs
    "이 목록을 두 개로 나눠 줘: 사과, 배, 포도, 귤",  # into two
])
def test_korean_counts_in_or_into_that_many_size_one_output(text: str) -> None:
    """A Korean count whose noun takes 으로/로 sizes or splits one output (as "summarise in three sentences")."""
    assert extract_rules(text, language="ko").n is None


def test_a_relative_clause_that_does_not_rank_keeps_the_count() -> None:
    assert proposed("Generate 8 slogans that are short enough for a mug", "en").n == 8
    assert proposed("수면에 관한 짧은 시를 3편 써줘", "ko").n == 3


# -- false proposals, round 8: a count closing a piece asked for before ----------------------------------------------
@pytest.mark.parametrize(("text", "language"), [
    ("Explain how vaccines train the immune system for a class of ten-year-olds. Use short paragraphs and headings. "
     "At the end, write 4 quiz questions based on the explanation.", "en"),
    ("Write a short guide to composting at home for beginners. Finally, give 3 common mistakes to avoid.", "en"),
    ("광합성에 대해 중학생이 이해하기 쉽게 설명해줘.\n마지막에는 설명을 바탕으로 3개의 퀴즈를 만들어줘.", "ko"),
])
def test_a_count_closing_an_earlier_piece_is_no_request(text: str, language: str) -> None:
    not_proposed(text, language)


@pytest.mark.parametrize(("text", "language", "n"), [
    ("Write 4 quiz questions about how vaccines train the immune system.", "en", 4),
    ("광합성에 대한 퀴즈 3개를 만들어줘.", "ko", 3),
])
def test_positive_controls_of_the_closing_count_are_still_proposed(text: str, language: str, n: int) -> None:
    assert proposed(text, language).n == n


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["7", "0", "x", " ", "٣", "３", "५", "²", "½", "ſ", "İ", "\u2028", "中", "五", "é", "-",
                                 "ideas"]), max_size=12).map("".join) | st.text(max_size=40))
@example("seven ideas")
@example("٣ ideas")
@example("中文３个")
def test_a_digit_is_found_by_substring_tests_where_the_regex_finds_one(text: str) -> None:
    """`_holds_digit` tests for the ten ASCII digits only where the probe says every decimal digit is one: its
    answer must be the `\\d` regex's."""
    from studio.curation.rules.counts import _DIGIT, _holds_digit
    assert _holds_digit(text, probe(text)) == (_DIGIT.search(text) is not None)


def _assessments_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A one-item list counting the counts `assess_counts` yields from now on (to the extractor and the validator)."""
    from studio.curation.rules import counts

    read = [0]
    real = counts.assess_counts

    def counted(*args: Any, **kwargs: Any) -> Iterator[Any]:
        for assessed in real(*args, **kwargs):
            read[0] += 1
            yield assessed

    monkeypatch.setattr(counts, "assess_counts", counted)
    return read


def test_count_support_reads_a_bounded_number_of_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    """A text repeating one request thousands of times ("Give me a list of 30 jobs. " x 4,000) is decided on its
    first counts: the validator's support for n reads at most `_ENOUGH_COUNTS` of them, not every repeat."""
    from studio.curation.lexicon.numbers import ALL_NUMBER_WORDS
    from studio.curation.rules import counts

    text = "Give me a list of 30 jobs. " * 4000
    read = _assessments_read(monkeypatch)
    requested, _ = counts.count_support(text, 30, ALL_NUMBER_WORDS, probe(text))
    assert requested is not None and requested.value == 30
    assert read[0] <= counts._ENOUGH_COUNTS + 1


def test_refused_counts_before_the_request_do_not_use_up_the_bound() -> None:
    """A pasted schedule with 17 lines of "5 km ... 5 minutes" (34 refused counts of 5) before "Give me 5 quotes":
    the validator still reads the request (only requested counts are bounded, as in `from_count`)."""
    text = ("Schedule:\n" + "".join(f"Day {day}: run 5 km, then stretch for 5 minutes.\n" for day in range(1, 18))
            + "\nGive me 5 motivational quotes to keep me going.")
    assert proposed(text, "en").n == 5


@pytest.mark.parametrize("unit", ["a list with 30 ", "What is 10 issues ", "tell me 10 benefits of walking "])
def test_a_text_of_thousands_of_counts_is_read_to_a_bound(monkeypatch: pytest.MonkeyPatch, unit: str) -> None:
    """Thousands of refused counts (100,000 characters of one phrase) cost ~0.15 ms each: the extractor and the
    validator read at most `_ENOUGH_ASSESSED` counts of any kind."""
    from studio.curation.rules import counts

    read = _assessments_read(monkeypatch)
    extract_rules(unit * (100_000 // len(unit)), language="en")
    assert 0 < read[0] <= counts._ENOUGH_ASSESSED + 1


@pytest.mark.parametrize("text", [
    "Give me 7 catchy slogans for a coffee shop, and the 2 best ones first.",
    "We have 3 teams. Can you suggest 5 names for each of the 3 teams, in 2 words?",
    "Donne-moi cinq idées de dîner et trois desserts pour 4 personnes.",
    "给我五个标题，关于人工智能的文章，每个不超过10个字, then give me 3 more ideas",
])
def test_counts_assessed_again_on_one_probe_are_the_kept_ones(text: str) -> None:
    """The counts of a prompt are assessed once (kept in its probe's memo) and read again by `from_count` and the
    validator's `count_support`, which filter and spell numbers otherwise: each assessment must be what a fresh probe
    gives, in the same order."""
    from studio.curation.lexicon.matching import Probe
    from studio.curation.lexicon.numbers import ALL_NUMBER_WORDS, number_words
    from studio.curation.rules.counts import assess_counts

    def fresh() -> Probe:
        probed = probe(text)
        return Probe(probed.lowered, probed.words, probed.cjk, probed.chars, probed.strangers)

    kept = fresh()
    for words, only in ((number_words("en"), None), (ALL_NUMBER_WORDS, None), (ALL_NUMBER_WORDS, 2),
                        (number_words("fr"), 5), (number_words(None), None)):
        again = list(assess_counts(text, words, kept, only))
        assert again == list(assess_counts(text, words, fresh(), only))
    assert kept.memo


def _refusals(text: str) -> set[str]:
    """The rules of the refused counts of `text` (English number words)."""
    from studio.curation.lexicon.numbers import number_words
    from studio.curation.rules.counts import Refusal, assess_counts
    return {assessed.rule for assessed in assess_counts(text, number_words("en"), probe(text))
            if isinstance(assessed, Refusal)}


@pytest.mark.parametrize(("text", "rule"), [
    # a set the conversation already holds: its members are named in earlier turns, not asked for here
    ("Now expand on the above 6 themes with practical examples.", "count.referred"),
    ("Could you show me the other two config files I should change?", "count.referred"),
    ("Write about the aforementioned 4 ideas in more depth", "count.referred"),
    # a number naming a part, alone or after another part's number
    ("how do I flesh out point 3 Build a Budget", "count.label"),
    ("Could you share a few sample band 8 answers for this writing task?", "count.label"),
    ("please redo step 14 and 15", "count.label"),
    ("please write chapters 5 and 6 again", "count.label"),
    # the size a revision gives what was written before
    ("make it 3 short sentences", "count.revision"),
    ("make this 8 words or fewer", "count.revision"),
    ("Nice, but make it 30 tactics and put them all in one table", "count.revision"),
])
def test_counts_of_a_set_already_held_a_part_or_a_revision_are_not_requests(text: str, rule: str) -> None:
    assert extract_rules(text, language="en").n is None
    assert rule in _refusals(text)


@pytest.mark.parametrize(("text", "n"), [
    ("Give me other 5 names for a coffee shop", 5),  # "other" without "the": new ones
    ("Now write the other 3 slogans", 3),  # the rest of a batch of generable outputs, as "3 more"
    ("Give me 5 more names like the above", 5),
    ("These are only 6, please write two more to make it 8", 2),  # "make it 8" is refused, "two more" asks
    ("make it 10 more titles", 10),  # "more" asks for new outputs
    ("Can you make it 20 names instead of 10?", 20),  # generable things and no unit: maybe a new batch
    ("Write 5 slogans for step 2 of our funnel", 5),
])
def test_positive_controls_of_the_set_part_and_revision_refusals(text: str, n: int) -> None:
    assert proposed(text, "en").n == n


@pytest.mark.parametrize(("text", "rule"), [
    # a singular length unit and a singular noun after the count: the length of one piece
    ("please give me 10 sentence summary of the french revolution", "count.measure"),
    ("write another 100 word story about a lighthouse keeper who finds a map", "count.measure"),
    ("write 3 sentence bio for our new speaker on the events page", "count.measure"),
    ("no, I mean give 50 word on each of them", "count.measure"),  # "words" mistyped, then a length word
    ("Can you make the memo in just 60 words with the key dates only", "count.measure"),
    # the counted things joined into one artifact right after the request
    ("Great. Now write 20 more tactics and combine them all in one single table", "count.joined"),
    ("write 10 more faqs. merge both lists and add the answers", "count.joined"),
])
def test_counts_sizing_one_piece_or_joined_into_one_are_not_requests(text: str, rule: str) -> None:
    assert not_proposed(text, "en").n is None
    assert rule in _refusals(text)


@pytest.mark.parametrize(("text", "n"), [
    ("Keeping the same style, please give me 20 character names for a space opera.", 20),  # "character": also a noun
    ("write 5 sentence starters for a persuasive essay", 5),  # a plural noun is what is counted
    ("Give me 10 word problems about fractions for grade 4", 10),
    ("write three 100 word stories about a haunted lighthouse", 3),  # the unit sizes each story
    ("Write 5 more taglines like these and combine with the brief above", 5),  # "combine with" joins no set
])
def test_positive_controls_of_the_piece_size_and_joined_refusals(text: str, n: int) -> None:
    assert proposed(text, "en").n == n


@pytest.mark.parametrize("text", [
    # "of each" / "to each" after the counted noun: a number per item, as "for each" is
    "Describe the common sorting algorithms briefly. Also give 3 uses of each of them in web apps.",
    "Write two replies to each comment, one friendly and one formal.",
    # a "for each ...," clause before the count puts the count on each of those items
    "For each of the cities above, suggest four cheap restaurants near the station.",
    "For every chapter and section, write 3 sentences about its main idea.",
])
def test_a_count_for_each_item_is_not_a_count_in_all(text: str) -> None:
    assert not_proposed(text, "en").n is None
    assert "count.per-item" in _refusals(text)


@pytest.mark.parametrize(("text", "n"), [
    ("Give me 3 uses of baking soda in the kitchen", 3),  # "of" without "each" names what the uses are of
    ("Write two replies to the customer, one friendly and one formal.", 2),
    ("We sell a tea for every season, all organic. Suggest four names for our new blend.", 4),  # another sentence
    ("For the launch, suggest four names for our new coffee blend.", 4),  # a clause without "each"
])
def test_positive_controls_of_the_count_for_each_item_refusal(text: str, n: int) -> None:
    assert proposed(text, "en").n == n


# Requests, measures, "ways" and what may follow a count: a blank, a letter, a bracket, a line break, a quote.
_AFTER_COUNT_PIECES = st.lists(st.sampled_from([
    "Give me ", "write ", "Rewrite this in ", "in ", "up to ", "top ", "the ", "my ", "List ", "Can you suggest ",
    "3", "5", "12", "two", "five", "ten", "2-3", "4+", " ", "\t", "\n", ")", "]", "(", "\"", "'", "?", "!", ";", "&",
    " ways", " different ways", " slogans", " times", "ways", "ideas", " or more", "é", "x", ".", ", ", "step ",
]), max_size=14).map("".join)


@settings(max_examples=800, deadline=None)
@given(_AFTER_COUNT_PIECES)
@example("Rewrite this in 3 ways)")
@example("Give me 5\nslogans")
@example("Give me 5)")
@example("Give me 4+\nideas")
@example("Give me 5")
@example("Give me 5\tslogans")
@example(" ways.Give me 3")  # (a bare count of the ways: assessed)
@example(" ways?Give me )3")  # (a bracket between the asking words and the count keeps its clause)
@example("Suggest slogans for my shop. Give me at least 5.")
@example("Suggest slogans for my shop, give me a list of 5.")
def test_a_count_no_noun_follows_is_refused_and_from_count_reads_the_same(text: str) -> None:
    """A count followed by the end of the text or a character other than a blank or a letter, and standing after no
    word a bare count's clause holds, is refused by its assessment; `from_count`, which reads requests only and so
    does not assess it, gives what it gave."""
    from studio.curation.rules import counts

    _skipped_counts_are_refused(text, "_refused_for_no_noun",
                                lambda text, found, span: counts._refused_for_no_noun(text, span))


def _skipped_counts_are_refused(text: str, shortcut: str, skips: Callable[[str, Probe, tuple[int, int]], bool]) -> None:
    """Each count the shortcut `counts.<shortcut>` (asked as `skips`) lets `from_count` leave unassessed is refused
    by its assessment, and `from_count` gives what it gives without the shortcut."""
    from studio.curation.lexicon.numbers import count_tokens, number_words
    from studio.curation.rules import counts

    found = probe(text)
    for language in ("en", None):
        for value, span, kind in count_tokens(text, number_words(language), found):
            if skips(text, found, span):
                assert isinstance(counts._assess_spaced(text, probe.__wrapped__(text), value, span, kind),
                                  counts.Refusal)
        kept = counts.from_count(text, language, probe.__wrapped__(text))
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(counts, shortcut, lambda *args: False)
            assert kept == counts.from_count(text, language, probe.__wrapped__(text))


# Selection words and what may stand around them: measures, "at least", "a list of" (and "eine Liste der", where the
# selection word "der" ends the list's words), "for my next", "give my", "the N ... I should", blanks and marks.
_SELECTION_PIECES = st.lists(st.sampled_from([
    "mention ", "Give me ", "write ", "the ", "The ", "THE ", "my ", "give my ", "these ", "top ", "last ", "all ",
    "at least ", "a list of ", "for my next ", "for the ", "in ", "up to ", "following ", "les ", "die ", "эти ",
    "eine Liste der ", "der ",
    "breathe ", "x.the ", "\tthe ", "the  ", "\n", ". ", ", ", "(", "\"", "'", "-", "fix ", "2", "3", "5", "12", "two",
    "five", "2-3", "4+", " ", " open issues", " slogans", " ideas I should use", " photos", " ways", " times", " kids",
    " fastest cars", " questions that I could ask", "é", "?",
]), max_size=14).map("".join)


@settings(max_examples=800, deadline=None)
@given(_SELECTION_PIECES)
@example("- mention the 2 open issues")
@example("Give my 3 kids a chore chart")
@example("What are the 8 questions I should put to a landlord")
@example("Write captions for my next 6 photos")
@example("Give me at least the 5 slogans")
@example("Write a list of the 5 slogans")
@example("Gib mir eine Liste der 5 besten Filme")
def test_a_selection_from_count_skips_is_refused_and_from_count_reads_the_same(text: str) -> None:
    """A count `_selected` says is refused is refused by its assessment (whose lead it reads with `_read_lead`, cuts
    included); `from_count`, which then does not assess it, gives what it gave."""
    from studio.curation.rules import counts

    _skipped_counts_are_refused(text, "_selected", counts._selected)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from([
    "step", "Chapters", "days", "part", "x", " ", "\t", "\n", "3", "21", "12345", ",", "&", "and", "AND", "Or", "to",
    "TO", "-", "–", "ſ", "K", "İ", "ı", "é", "ａnd", "write ", ".", "\xa0",
]), max_size=12).map("".join) | st.text(max_size=50))
@example("write step 21 and ")
@example("chapters 3,")
@example("days 5 to\n")
def test_labelled_run_reads_as_the_search_it_skips(lead: str) -> None:
    """`_labelled_run` searches only leads ending with a joining word: it finds what the search alone found."""
    from studio.curation.rules import counts

    run = counts._LABELLED_RUN.search(lead[-40:]) if lead[-1:].isspace() or lead[-1:] in ",-–&" else None
    label = run.group(1).lower() if run else ""
    expected = run.group(1) if run and (label in counts.LABEL_NOUNS or label.endswith("s")
                                        and label[:-1] in counts.LABEL_NOUNS) else None
    assert counts._labelled_run(lead) == expected


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(["a", " ", "\n", ".", "?", "!", "\t", "é", "word ", "x" * 90]), max_size=12).map(
    "".join), st.integers(min_value=0, max_value=1200))
def test_lead_start_is_the_one_of_the_generator_it_replaced(text: str, at: int) -> None:
    """`_lead_start` takes the last of the four marks by four calls, as the generator over them did."""
    from studio.curation.rules import counts

    count_start = min(at, len(text))
    reach = max(0, count_start - counts._REACH)
    start = max(text.rfind(mark, reach, count_start) + 1 for mark in "\n.?!")
    space = counts._SPACE.search(text, reach, count_start)
    expected = max(start, reach) if start > reach or reach == 0 else space.end() if space else count_start
    assert counts._lead_start(text, count_start) == expected


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(["recommend", "recomend", "sugest", "suggests", "gnerate", "creat", "c", "p", "r",
                                 "please ", "can you ", "u ", " ", "é", "Ŕecommend", "İ", "-", "'", "prodcue", "x"]),
                max_size=8).map("".join) | st.text(max_size=30))
@example("Recommned")
@example("would you recommand")
@example("PRODUCT")  # (a word of its own one slip from "produce": found by a draw of session 59's CI run)
def test_misspelt_request_tries_the_verbs_of_its_first_letter_as_all_of_them(lead: str) -> None:
    """`_misspelt_request` tries only the verbs with the word's first letter: what trying all of them found (words
    of their own a slip away, `_WORDS_A_SLIP_AWAY`, are no slips either way)."""
    from studio.curation.rules import counts

    expected = None
    for word in counts._WORD.finditer(lead):
        lowered = word.group(0).lower()
        if lowered in counts._MISSPELT_OPENERS:
            continue
        expected = word.span() if lowered not in counts._WORDS_A_SLIP_AWAY and any(
            not lowered.startswith(verb) and counts._one_slip(lowered, verb)
            for verb in counts.MISSPELT_REQUESTS) else None
        break
    assert counts._misspelt_request(lead) == expected


@pytest.mark.parametrize(("text", "n"), [
    ("Write two different opening paragraphs for a cover letter for a junior analyst job.", 2),
    ("give me 3 alternative closing lines for my speech", 3),
])
def test_pieces_of_text_said_to_differ_are_outputs(text: str, n: int) -> None:
    """ "different"/"alternative" pieces of text are versions to choose from, not the length of one text."""
    assert proposed(text, "en").n == n


@pytest.mark.parametrize("text", ["Write an essay in five paragraphs about tea", "Write 3 paragraphs about tea"])
def test_pieces_of_text_not_said_to_differ_size_one_text(text: str) -> None:
    assert extract_rules(text, language="en").n is None


def test_a_label_one_slip_from_a_request_verb_asks_nothing() -> None:
    """Rules 2.75 (set AO, read): "Product: GlowMax 3 Lantern" is a spec's label and a model number; "Product" is a
    word of its own, not "produce" mistyped."""
    not_proposed("Write a shop description from these specs, about 100 words, warm tone.\n\nProduct: GlowMax 3 "
                 "Lantern\nBrightness: 300 lumens, 3 modes\nBattery: USB-C, up to 20 h on low\nWeight: 140 g")


def _in_quoted_title_read_quote_by_quote(text: str, span: tuple[int, int]) -> bool:
    """`_in_quoted_title` as it was before session 64, reading the line's quotes for every count: the oracle."""
    line_start = text.rfind("\n", 0, span[0]) + 1
    line_end = text.find("\n", span[1])
    line_end = len(text) if line_end < 0 else line_end
    for quoted in _DOUBLE_QUOTED.finditer(text, line_start, line_end):
        if quoted.start() < span[0] and span[1] < quoted.end():
            longer = [word for word in _WORD.findall(quoted.group(0)) if len(word) >= _TITLE_WORD]
            return len(longer) >= 2 and sum(word[0].isupper() for word in longer) * 4 >= len(longer) * 3
    return False


_QUOTE_PIECES = ['"', "“", "”", " 5 ", "12", " Great ", " Movie ", "Titles", " write ", "x", "\n", " "]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_QUOTE_PIECES), max_size=30).map("".join))
@example('He said "write 3 short poems" and "give me 5 Great Movie Titles" then')
def test_a_count_in_a_quoted_title_is_found_as_a_scan_of_its_line_finds_it(text: str) -> None:
    """The quotes of a line are read once and looked up for each count on it: the answers of reading them again."""
    for start in range(len(text)):
        for end in range(start + 1, min(len(text), start + 3) + 1):
            assert _in_quoted_title(text, (start, end)) == _in_quoted_title_read_quote_by_quote(text, (start, end))


# `_BARE_TAIL` before session 70, whose runs read a run of blanks once per blank of it.
_PLAIN_BARE_TAIL = re.compile(r"([ \t]+of[ \t]+(?:them|those|these))?(?:[ \t]*(?:please|pls|plz)\b)?[ \t]*"
                              r"(?=[.,!?;\n]|$|[ \t]+(?:with|each|and)\b)", re.IGNORECASE)
_TAIL_PIECES = [" ", "  ", "\t", "\n", "of", "them", "those", "please", "pls", ".", ",", "?", "with", "each", "and",
                "andy", "x", "6", "Of"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_TAIL_PIECES), max_size=14).map("".join), st.integers(0, 60))
@example("6  with", 1)
@example("6 of them  please .", 1)
@example("6\t\t\teach", 1)
def test_the_bare_count_tail_reads_as_its_plain_form(text: str, at: int) -> None:
    """Possessive runs (12,000 tabs after "Give me 5" took 2 s in the plain form): the same match, from any place."""
    at = min(at, len(text))
    ours, theirs = _BARE_TAIL.match(text, at), _PLAIN_BARE_TAIL.match(text, at)
    assert (ours and (ours.span(), ours.groups())) == (theirs and (theirs.span(), theirs.groups()))
