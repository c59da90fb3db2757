"""The reading view: what carries no task (a greeting, a closing thanks, pasted odd spaces, Windows line ends) is read
as blanks, every position kept; and real prompts the rules find are found the same with it added."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from studio.curation.reading import reading_view, same_place, trimmed_view
from studio.curation.rules import extract_rules
from studio.curation.validator import validate_schema

DEV = Path(__file__).resolve().parents[3] / "sample_data" / "dev.jsonl"


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
])
def test_what_carries_no_task_is_read_as_blanks(text: str, read: str) -> None:
    assert reading_view(text) == read


@pytest.mark.parametrize("text", [
    "hi can you give me 5 names",  # no mark: the greeting runs into the request
    "Hello\nGoodbye\nTranslate these into German",  # a phrase of a list
    "Hello world program in C",
    "Translate into Spanish:\nGood morning\nGood night\nThank you",  # the list's last phrase
    "Give me 3 names, thank you",  # inside the sentence
    "It is pretty",
    "Hi!",  # nothing else: nothing is blanked
    "Thanks!",
    "ordinary text, nothing to blank",
])
def test_what_may_be_the_task_is_read_as_written(text: str) -> None:
    assert reading_view(text) is text


def test_the_gate_reads_the_view_without_its_blanked_ends() -> None:
    """(the gate's features count characters and lines: blanks standing for "Hi! " moved a prompt across a bucket)"""
    assert trimmed_view("Hi!\nGive me 5 names.\nThanks!") == "Give me 5 names."
    assert trimmed_view("  Give me 5 names\n") == "  Give me 5 names\n"  # the prompt's own blanks are kept
    text = "Give me 5 names"
    assert trimmed_view(text) is text


def test_a_piece_of_the_view_is_the_prompts_own_slice() -> None:
    text = "Hi!\nTranslate:\u00a0good\u00a0night"
    view = reading_view(text)
    assert same_place("good night", view, text) == "good\u00a0night"
    assert same_place("not there", view, text) == "not there"


def test_items_and_context_are_as_written_and_the_template_has_no_greeting() -> None:
    text = "Hello ChatGPT,\nTranslate into French:\ngood\u00a0night\nsee you soon\ngood\u00a0morning\nThanks!"
    schema = validate_schema(extract_rules(text), text)
    assert schema.parallelizable and schema.category == "Translation"
    assert schema.data == ["good\u00a0night", "see you soon", "good\u00a0morning"]
    assert all(item in text for item in schema.data)
    assert "Hello" not in (schema.template or "") and "Thanks" not in (schema.template or "")


def _decision(text: str) -> tuple[object, ...]:
    schema = validate_schema(extract_rules(text), text)
    accepted = schema.parallelizable and schema.tier in ("high", "medium")
    return (accepted, schema.category, schema.n, len(schema.data or ())) if accepted else (False,)


_COURTESIES: dict[str, Callable[[str], str]] = {
    "an opening greeting": lambda text: "Hi! " + text,
    "a closing thanks": lambda text: text + "\nThanks!",
    "no-break spaces": lambda text: text.replace(" ", "\u00a0"),
    "Windows line ends": lambda text: text.replace("\n", "\r\n"),
}
# Windows line ends are read as a blank before each line break, and a blank ending a line still moves two of these
# prompts (the rules split paragraphs on a bare "\n\n" in places); without the view they moved seven.
_MOVED_AT_MOST = {"Windows line ends": 2}


@pytest.fixture(scope="module")
def found_in_dev() -> list[str]:
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").split("\n") if line.strip()]
    return [row["prompt"] for row in rows if row["parallelizable"] and _decision(row["prompt"])[0]]


@pytest.mark.parametrize("courtesy", sorted(_COURTESIES))
def test_real_prompts_found_are_found_the_same_with_courtesies_added(courtesy: str, found_in_dev: list[str]) -> None:
    """The development set's real parallelizable prompts that the rules find: the same decision (category, n, how
    many items) with the courtesy added."""
    assert len(found_in_dev) > 100
    add = _COURTESIES[courtesy]
    moved = [text[:60] for text in found_in_dev if _decision(add(text)) != _decision(text)]
    assert len(moved) <= _MOVED_AT_MOST.get(courtesy, 0), moved


def test_single_task_real_prompts_stay_unflagged_with_a_greeting_or_thanks_added() -> None:
    """The gate reads neither: "Hi! " once moved a labelled single-task prompt across its length bucket, and the gate
    let it through."""
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").split("\n") if line.strip()]
    left = [row["prompt"] for row in rows if not row["parallelizable"] and not _decision(row["prompt"])[0]]
    assert len(left) > 3000
    flagged = [text[:60] for text in left for add in (_COURTESIES["an opening greeting"],
                                                       _COURTESIES["a closing thanks"]) if _decision(add(text))[0]]
    assert flagged == []
