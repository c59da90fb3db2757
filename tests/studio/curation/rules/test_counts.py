"""Counts of generated items: digits, number words and CJK numerals become `n` with a singular template."""

from __future__ import annotations

import pytest

from studio.curation.rules import RULES_EXTRACTOR, RULES_VERSION, extract_rules
from tests.studio.curation.rules.support import accepted, rejected


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
    ("I need 5 email subject lines for a black friday sale, we sell running shoes", "en", 5,
     "I need an email subject line for a black friday sale, we sell running shoes"),
])
def test_counts_become_n_with_a_singular_template(text: str, language: str, n: int, template: str) -> None:
    schema = accepted(text, language)
    assert schema.n == n and schema.data is None
    assert schema.template == template
    assert schema.category == "Repeated Generation" and schema.tier == "high"
    assert schema.extractor == RULES_EXTRACTOR and schema.extractor_version == RULES_VERSION


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


@pytest.mark.parametrize(("text", "n", "rule", "template"), [
    ("Suggest 2-3 tags for this blog post about hiking", 3, "count.range",
     "Suggest a tag for this blog post about hiking"),
    ("Give me two or three ideas for a birthday party", 3, "count.range", "Give me an idea for a birthday party"),
    ("Write 3 to 5 haikus about the sea", 5, "count.range", "Write a haiku about the sea"),
    ("Write 10+ hashtags for my bakery's instagram post", 10, "count.open",
     "Write a hashtag for my bakery's instagram post"),
    ("Give me 10 or more slogans for a gym", 10, "count.open", "Give me a slogan for a gym"),
    ("Give me a dozen names for a pet turtle", 12, "count.word", "Give me a name for a pet turtle"),
])
def test_ranges_take_their_upper_bound_and_open_counts_their_number(text: str, n: int, rule: str,
                                                                    template: str) -> None:
    schema = accepted(text, "en")
    assert schema.n == n and schema.template == template and schema.tier == "high"
    assert rule in [r.rule for r in schema.reasons]


@pytest.mark.parametrize("text", [
    "Give me a few ideas for dinner",
    "Give me some names for my startup",
    "Suggest several titles for my essay",
    "Write 5-2 poems",  # not a rising range: no count
])
def test_counts_without_a_number_are_not_counts(text: str) -> None:
    schema = extract_rules(text, language="en")
    assert schema.n is None
