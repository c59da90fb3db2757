"""Plain count requests of real chat logs that the count rule used to miss (typed fast, found or laid out, a bare
title, a Chinese quiz), next to the single tasks with a count inside that must stay one task."""

from __future__ import annotations

import pytest

from tests.studio.curation.rules.support import proposed, rejected


@pytest.mark.parametrize(("text", "language", "n", "tier", "template"), [
    ("pls find 6 suggestions for a name for my sourdough bakery", "en", 6, "medium",
     "pls find a suggestion for a name for my sourdough bakery"),
    ("Find me 4 ideas for a rainy-day activity with toddlers", "en", 4, "medium",
     "Find me an idea for a rainy-day activity with toddlers"),
    ("outline 3 recipes for a vegan picnic", "en", 3, "medium", "outline a recipe for a vegan picnic"),
    ("giveme 12 hashtags for a travel reel in Lisbon", "en", 12, "high",
     "giveme a hashtag for a travel reel in Lisbon"),
    ("gimme 5 names for a grey kitten", "en", 5, "high", "gimme a name for a grey kitten"),
    ("Give my 8 catchy taglines for a bike repair shop", "en", 8, "high",
     "Give a catchy tagline for a bike repair shop"),
    ("Create examples of four cover letters for a junior data analyst role", "en", 4, "medium",
     "Create a cover letter for a junior data analyst role"),
    ("Dame ejemplos de tres correos de bienvenida para nuevos clientes", "es", 3, "medium",
     "Dame un correo de bienvenida para nuevos clientes"),
    ("7 icebreakers for a remote team meeting", "en", 7, "medium", "an icebreaker for a remote team meeting"),
    ("5 frameworks for facebook ads copy", "en", 5, "medium", "a framework for facebook ads copy"),
    ("Write 6 riddles each with a one-word answer", "en", 6, "high", "Write a riddle each with a one-word answer"),
    ("Create quiz about world capitals 10 Quiz each quiz has 4 choices", "en", 10, "high",
     "Create quiz about world capitals a Quiz each quiz has 4 choices"),
    ("请出五道关于分数加减法的练习题", "zh", 5, "high", "请出一道关于分数加减法的练习题"),
    ("你现在是面试官，请为候选人出三道面试题，每道题给出参考答案", "zh", 3, "high",
     "你现在是面试官，请为候选人出一道面试题，每道题给出参考答案"),
])
def test_plain_count_requests_are_proposed(text: str, language: str, n: int, tier: str, template: str) -> None:
    schema = proposed(text, language)
    assert (schema.n, schema.tier, schema.category) == (n, tier, "Repeated Generation")
    assert schema.template == template


@pytest.mark.parametrize(("text", "language"), [
    # the count inside one task (the known false positives of wider count rules)
    ("Write a story with 5 characters who meet on a train", "en"),
    ("Write a 5-paragraph essay on the causes of World War I", "en"),
    ("Give me the top 10 programming languages in one table", "en"),
    ("Summarise this in 3 sentences: The council met on Monday to discuss the budget and agreed on nothing.", "en"),
    ("Write a cover letter for a job requiring 5 years of experience in accounting", "en"),
    ("Write 5 questions for each chapter of the book", "en"),
    ("Write 10 slogans each under 8 words", "en"),
    ("Explain photosynthesis and give examples of 3 plants that use C4 carbon fixation", "en"),
    # "find" and "outline" read a count only right before it, and only of generable things
    ("How do I find the area between two curves?", "en"),
    ("Find two numbers whose sum is 50 and whose product is 600", "en"),
    ("Find 3 errors in the following paragraph: Their going to the park tomorow, and they brings they're dog.", "en"),
    ("Outline the 4 stages of grief", "en"),
    ("outline 3 steps to set up a home router", "en"),
    ("I can't find 2 files in my downloads folder", "en"),
    # "give my" gives to someone when the counted things are not generable
    ("Give my 3 kids a chore chart for the summer", "en"),
    # a whole-prompt title is one plural word after the count; a longer phrase names a kind of thing
    ("5 years of experience in B2B sales", "en"),
    ("5 star hotels in Paris", "en"),
    ("2 sum problem in Java", "en"),
    ("5 whys analysis for late deliveries", "en"),
    ("10 Geschenkideen für einen Gärtner, die schon alles hat", "de"),
    # Chinese 出 ends other verbs ("made three dishes", "find in three questions"); without 题 it sets no question
    ("我做出三道菜", "zh"),
    ("找出三道题中的错误", "zh"),
    ("这段代码出现了三个错误", "zh"),
])
def test_single_tasks_with_a_count_stay_one_task(text: str, language: str) -> None:
    rejected(text, language)


# Counts that are not outputs to generate (session 16, round 2): things the user hands over, a statement of what
# someone else can do, a noun "list" before a comma in a word problem, a length in words.
@pytest.mark.parametrize("text", [
    "Soon I'm going to give you a list of 30 expense types; keep them in mind for my next message.",
    "Next I will send you 3 drafts of my cover letter; wait until all of them are here before you comment.",
    "Our platform can create 4 invoices per client each month. How should I price the premium plan for agencies?",
    "Most students can't name three famous physicists, says the survey. Why is science outreach failing them?",
    "In this scenario the seller would like to create 2 storefronts, each with 3 categories. Draw the data model.",
    "A bakery sells muffins and, according to the price list, 12 muffins cost 9 dollars. What does one muffin cost?",
    "Tell a story with the words lamp, fox and rain. Write 90 words.",
    "80 words about the history of Lisbon",
    "Describe a lighthouse at night. Twelve words max",
])
def test_counts_that_are_not_generated_items_are_refused(text: str) -> None:
    rejected(text, "en")


@pytest.mark.parametrize(("text", "n"), [
    ("Give me 6 words that rhyme with night", 6),
    ("Can you list 5 words meaning very happy?", 5),
    ("Could you write 4 slogans for my lemonade stand?", 4),
    ("I would like you to write 3 short poems about autumn leaves", 3),
    ("Please give me 5 names for a pottery studio", 5),
])
def test_requests_beside_the_refused_counts_stay_proposed(text: str, n: int) -> None:
    assert proposed(text, "en").n == n


# Counts read off real later turns as numbers of outputs (session 32): a question word or an auxiliary after the
# number leaves no counted noun, a physical unit measures, and "all N" names a set the conversation already holds.
@pytest.mark.parametrize("text", [
    "the pods never show up on node 7 what should i check first",
    "I want 40 gram of sugar in the dough but I only have spoons. How many spoons is that?",
    "show all 14 endpoints and the calls between them",
    "list all 9 services with their ports",
])
def test_numbers_that_count_no_outputs_are_refused(text: str) -> None:
    rejected(text, "en")


@pytest.mark.parametrize(("text", "n"), [
    ("Give me 5 names for a bakery, what would you suggest?", 5),
    ("Write 3 slogans for a gym that is open all night", 3),
])
def test_outputs_beside_those_numbers_stay_proposed(text: str, n: int) -> None:
    assert proposed(text, "en").n == n
