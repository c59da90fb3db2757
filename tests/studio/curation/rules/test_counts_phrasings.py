"""Count requests in phrasings the count rule had not been shown (round 3, from reading unlabelled real first turns):
a typing slip in the verb, "can I have", "provide me with", "only"/"exactly", "the N questions I should ask", a count
restating the object after a comma, outputs spread "on N different topics", "a 10 question quiz"; next to the
single tasks of the same shape that must stay one task."""

from __future__ import annotations

import pytest

from studio.curation.rules.counts import _misspelt_request, _one_slip
from tests.studio.curation.rules.support import proposed, rejected


@pytest.mark.parametrize(("text", "n", "tier", "template"), [
    ("Sugest 6 names for a corner bakery in Leeds", 6, "high", "Sugest a name for a corner bakery in Leeds"),
    ("Recomend 8 podcast topics about urban gardening", 8, "high", "Recomend a podcast topic about urban gardening"),
    ("could you genrate 5 slogans for a bike shop?", 5, "high", "could you genrate a slogan for a bike shop?"),
    ("can i have 12 examples of haiku about rain", 12, "high", "can i have an example of haiku about rain"),
    ("Could we get 4 names for our chess club?", 4, "high", "Could we get a name for our chess club?"),
    ("Provide me with 7 ideas for a science fair project", 7, "high",
     "Provide me with an idea for a science fair project"),
    ("Give me exactly 5 titles for a mystery novel", 5, "high", "Give me exactly a title for a mystery novel"),
    ("Write only 3 jokes about penguins", 3, "high", "Write only a joke about penguins"),
    ("What are the 6 questions I should ask a landlord before renting", 6, "high",
     "What are a question I should ask a landlord before renting"),
    ("Suggest the three questions that we could ask at a job fair", 3, "high",
     "Suggest a question that we could ask at a job fair"),
    ("Could you propose our podcast title, maybe 6 titles?", 6, "high",
     "Could you propose our podcast title, maybe a title?"),
    ("write short poems for children on five different farm animals", 5, "medium",
     "write short poems for children on a farm animal"),
    ("Create a 8 question true or false quiz about volcanoes", 8, "medium",
     "Create a 1 question true or false quiz about volcanoes"),
])
def test_new_phrasings_ask_for_n_items(text: str, n: int, tier: str, template: str) -> None:
    schema = proposed(text, "en")
    assert schema.category == "Repeated Generation" and schema.n == n and schema.tier == tier
    assert schema.template == template


@pytest.mark.parametrize("text", [
    "How can I have two Github profiles on one laptop?",  # asks how, about accounts
    "can i have 3 monitors on a small desk without clutter",  # nothing generable is asked for
    "He created 5 poems last spring and sold them",  # an inflection, not a slip
    "Created 4 folders, now what should I do with them?",
    "What are the 5 files I should delete from my laptop first",  # "the" selects among existing files
    "What are the 5 best books I should read this summer",  # a ranked selection
    "Write an essay on three different causes of the French revolution",  # one essay
    "Give me exactly 5 minutes of your attention",  # a measure stays a measure
    "Can you suggest a gift for my sister, about 30 dollars?",  # the count is no restated object
])
def test_the_same_shapes_that_stay_one_task(text: str) -> None:
    rejected(text, "en")


@pytest.mark.parametrize(("word", "verb", "slip"), [
    ("recommned", "recommend", True), ("recomend", "recommend", True), ("reccommend", "recommend", True),
    ("sugest", "suggest", True), ("craete", "create", True), ("creat", "create", True),
    ("create", "create", False), ("crete", "create", True), ("provider", "provide", True),
    ("gnerate", "generate", True), ("xreate", "create", False), ("cretae", "create", True), ("careat", "create", False),
])
def test_one_slip_is_one_edit_or_one_swap(word: str, verb: str, slip: bool) -> None:
    assert _one_slip(word, verb) is slip


def test_a_misspelt_verb_counts_only_opening_the_request() -> None:
    assert _misspelt_request("please recommned ") == (7, 16)
    assert _misspelt_request("I liked the recommned ") is None  # not the request's opening word
    assert _misspelt_request("recommended ") is None  # an inflection of the verb, no slip
    assert _misspelt_request("wrote ") is None  # short verbs ("write") are not read for slips
