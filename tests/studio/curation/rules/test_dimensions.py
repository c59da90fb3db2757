"""One fixed comparison along listed dimensions is parallel; comparing the items with each other is not."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.studio.curation.rules.support import (
    accepted, assert_matches_alike, not_proposed, plain_form, proposed, rejected,
)


@pytest.mark.parametrize(("text", "items"), [
    ("Compare trains and planes in terms of price, speed and comfort.", ["price", "speed", "comfort"]),
    ("Compare the iPhone 15 and the Pixel 8 in terms of camera, battery life and price.",
     ["camera", "battery life", "price"]),
    ("Compare the Roman and Greek armies in terms of tactics, the then-dominant weapons and training.",
     ["tactics", "the then-dominant weapons", "training"]),
    ("What are the effects of driving an electric car versus a diesel car on both the climate and local air "
     "quality?", ["climate", "local air quality"]),
])
def test_comparison_along_dimensions(text: str, items: list[str]) -> None:
    schema = accepted(text)
    assert schema.category == "Comparative Analysis" and schema.data == items


@pytest.mark.parametrize("text", [
    "Compare trains, planes and buses and tell me which is best.",
    "Which is better for a beginner, Python or JavaScript? Compare them.",
])
def test_comparison_between_items_is_not_parallel(text: str) -> None:
    rejected(text)


# Session 23: the compared things' own facets after a comma ("like their ...", "such as their ..."), and one weighing
# of two named sides (pros and cons, benefits and drawbacks) along a dimension cue in its sentence; beside the
# near misses that stay one answer.
@pytest.mark.parametrize(("text", "items", "template"), [
    ("Make a table comparing the roles of a nurse and a paramedic, like their duties, hours, training.",
     ["duties", "hours", "training"], "Make a table comparing the roles of a nurse and a paramedic, like their {data}."),
    ("Compare tea and coffee as morning drinks, such as their caffeine, price and taste.",
     ["caffeine", "price", "taste"], "Compare tea and coffee as morning drinks, such as their {data}."),
    ("outline the benefits and drawbacks of electric scooters regarding safety, cost and the environment.",
     ["safety", "cost", "the environment"],
     "outline the benefits and drawbacks of electric scooters regarding {data}."),
    ("What are the pros and cons of a four-day week in terms of output, morale and hiring?",
     ["output", "morale", "hiring"], "What are the pros and cons of a four-day week in terms of {data}?"),
    ("explain postgres vs mysql and put in a table the speed, licensing and tooling",
     ["speed", "licensing", "tooling"], "explain postgres vs mysql and put in a table the {data}"),
])
def test_dimensions_after_their_and_of_two_sides(text: str, items: list[str], template: str) -> None:
    schema = proposed(text)
    assert schema.category == "Comparative Analysis" and schema.data == items and schema.template == template


@pytest.mark.parametrize("text", [
    "Compare the two laptops, like the screen, keyboard and battery, and tell me which to buy.",  # no "their"; a pick
    "I like their menus, prices and staff. Compare the two cafes for me.",  # "their" before the comparison
    "List the benefits of cycling regarding health, money and time.",  # one side only: facets of one answer
    "What are the pros and cons of rice cookers? Think of price, size and cleaning.",  # the cue in another sentence
    "tell me about sqlite and show in a table the pros, cons and limits",  # a table of one thing: no comparison
])
def test_near_misses_stay_one_answer(text: str) -> None:
    not_proposed(text)


def test_a_dimension_run_past_a_sentence_length_is_no_list() -> None:
    """A repeated "compare a and b, like their x, y, z" with no sentence end: no list of 10,000 dimensions."""
    text = "compare a and b, like their x, y, z " * 3000
    not_proposed(text)


@pytest.mark.parametrize(("text", "items"), [
    ("rust vs zig: put the result in a table with the syntax, speed and tooling, then tell me which one wins",
     ["syntax", "speed", "tooling"]),
    ("Compare tea and coffee in terms of taste, price and caffeine and then pick one for me.",
     ["taste", "price", "caffeine"]),
])
def test_the_dimensions_end_where_a_next_step_starts(text: str, items: list[str]) -> None:
    """The step after the list is no dimension (it was read as a third item), and it asks for an answer built on
    the comparison: not parallel."""
    assert rejected(text).data == items


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([" ", "   ", "\t", "\n", "\u3000", ",", "and", "And", "then", "THEN", "x", "1", "-"]),
                max_size=16).map("".join))
@example("x  ,  and then y")
@example("x ,then y")
@example("x   and then  y")
def test_the_next_step_is_found_as_the_plain_pattern_finds_it(text: str) -> None:
    """Its runs of blanks read once (possessive, and the first only from where a run starts): the same next step for
    a search from a segment's start, the only use."""
    from studio.curation.rules.dimensions import _NEXT_STEP

    assert_matches_alike(_NEXT_STEP, plain_form(_NEXT_STEP), text, search=True)


@pytest.mark.parametrize("gap", [" " * 590, "\t" * 590])
def test_a_run_of_blanks_before_the_next_step(gap: str) -> None:
    from studio.curation.rules.dimensions import _NEXT_STEP

    segment = f"taste, price and caffeine{gap}, and then pick one"
    assert _NEXT_STEP.search(segment).start() == len("taste, price and caffeine")
    assert _NEXT_STEP.search(f"taste{gap}and price{gap}") is None


@pytest.mark.parametrize("text", [
    "Give me the pros and cons of living in Berlin regarding my situation: I am 30, single and a nurse.",
    "List the advantages and disadvantages of remote work with respect to my team, which is small, remote and junior.",
    "Tell me the pros and cons of buying a house when it comes to someone who is young, broke and restless.",
    "Compare the two phones, like their owners do, by price and size.",
    "Compare Netflix and Hulu, like their subscribers say, cheap, fast and fun.",
    "Compare the laptops as a table the size of my screen, with price, weight and battery.",
    "Compare Java and C# as a table the way my professor showed us, with rows for syntax and speed.",
    "Compare Kotlin and Swift in a table with the help of examples, code and diagrams.",
    "Compare Python vs Java in a table of the top 3 languages, Rust, Go and Zig.",
])
def test_the_facet_cues_need_facets(text: str) -> None:
    """The weighing, "like their" and table cues open a list of facets only: a clause about the user ("I am 30",
    "which is small"), a speaker ("their owners do"), a table sized or shaped otherwise is no list of dimensions
    (review of session 23)."""
    rejected(text)
