"""Curation (extraction, validation, de-anonymisation) never raises, whatever the prompt: random Unicode (lone
surrogates and control characters included), huge lists, deeply nested quotes and brackets, very long lines.

Only `max_examples` and `deadline` are set here; derandomisation comes from the test profile (tests/conftest.py).
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from store.models import Schema
from studio.curation.batch import curate_batch
from studio.curation.templating import render_template

_ANY_CHARACTER = st.characters(exclude_categories=())  # surrogates, controls, unassigned code points too
_WORDS = st.sampled_from(["cat", "Translate", "NAME_1", "¿qué?", "五个", "naïve", "—", "{data}", "}", "%s", "\\",
                          "?", ":", "then", "each", "1.", "- ", "'", "\"", "«", "」", "\u2028", "\x00", "\ud800",
                          "İ", "ß", "twenty-five", "2-3", "10+"])


def _consistent(text: str, language: str | None = None) -> Schema:
    schema = curate_batch([("p", text, language)])[0]
    assert schema.tier in ("high", "medium", "low")
    assert all(r.span is None or 0 <= r.span[0] <= r.span[1] <= len(text) for r in schema.reasons)
    if schema.parallelizable and schema.tier != "low":
        assert (schema.data is None) != (schema.n is None)
        if schema.extractor == "rules":  # each placeholder once where the schema fills it: none from the text
            assert schema.template.count("{data}") == (schema.data is not None)
            assert schema.template.count("{context}") == bool(schema.context)
        render_template(schema.template, data=(schema.data or ["x"])[0], context=schema.context)
    return schema


@settings(max_examples=200, deadline=None)
@given(st.text(_ANY_CHARACTER, max_size=400), st.sampled_from([None, "en", "fr", "zh", "ru", "da", "xx"]))
def test_random_unicode(text: str, language: str | None) -> None:
    _consistent(text, language)


@settings(max_examples=100, deadline=None)
@given(st.lists(_WORDS, max_size=60).map(" ".join))
@example("' cat ' ' ' ¿qué?")  # a quoted blank among the terms a question asks about
def test_random_prompt_fragments(text: str) -> None:
    _consistent(text)


@settings(max_examples=12, deadline=None)
@given(st.integers(2, 10_000), st.sampled_from(["{i}. item {i}", "- item {i}", "'item {i}'", "item {i}",
                                                 "Q{i}: what is {i}?", "{i}"]),
       st.sampled_from(["\n", ", ", "; ", " "]), st.sampled_from(["Translate into French:", "Give me 5 ideas:", ""]))
@example(10_000, "{i}. item {i}", "\n", "Translate into French:")
@example(10_000, "'item {i}'", ", ", "Translate into French:")
@example(10_000, "{i}", ", ", "Give me 5 ideas:")
def test_huge_lists(count: int, item: str, separator: str, instruction: str) -> None:
    _consistent(instruction + "\n" + separator.join(item.format(i=i) for i in range(count)))


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 2_000), st.sampled_from(['"', "'", "“", "«", "(", "[", "{", "「", "{{"]),
       st.text(_ANY_CHARACTER, max_size=30))
@example(2_000, '"', "a, b and c?")
@example(2_000, "(", "")
def test_deeply_nested_quotes_and_brackets(depth: int, opener: str, inner: str) -> None:
    closer = {"(": ")", "[": "]", "{": "}", "“": "”", "«": "»", "「": "」", "{{": "}}"}.get(opener, opener)
    _consistent("Translate " + opener * depth + inner + closer * depth + " into French, then " + opener * depth)


@settings(max_examples=10, deadline=None)
@given(st.sampled_from(["a", " ", "5 ", "word, ", "what? ", "\t", "中", "é-", ":", "'x' ", "\n", ":\n", "1. a\n"]),
       st.integers(10_000, 100_000))
@example("\n", 100_000)
@example("5 ", 100_000)
@example("word, ", 100_000)
@example("what? ", 100_000)
def test_very_long_lines(unit: str, length: int) -> None:
    _consistent("Give me 3 ideas about " + (unit * (length // len(unit) + 1))[:length])


# (a `dev` prompt: with a run of line breaks after "What", `extraction._ENTITY_QUESTION` read the run once per way of
# splitting it between its blanks and its lazy types: 2,000 took 31 s until session 70)
_CUNEIFORM = ("What does cuneiform look like? Can you describe an example character or word so I can visualize it in "
              "my mind?")


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 20_000), st.sampled_from([" ", "\t", "\n", " \n", "\u3000"]), st.integers(0, 60),
       st.sampled_from(["What does the term NPV mean in finance?", "List: cat, dog and bird",
                        "First list the planets and then sort them by size.", "1. cat?\n2. dog?\n3. bird?",
                        "Summarize the text below.\n\nThe cat sat on the mat. It was happy.", _CUNEIFORM]))
@example(20_000, "\n", 4, _CUNEIFORM)
@example(20_000, " ", 9, "What does the term NPV mean in finance?")
@example(20_000, "\t", 22, "First list the planets and then sort them by size.")
@example(20_000, "\n", 30, "Summarize the text below.\n\nThe cat sat on the mat. It was happy.")
def test_long_runs_of_blanks(length: int, blank: str, cut: int, text: str) -> None:
    """A run of blanks pasted anywhere (session 24: runs of a few thousand took seconds to hours in regexes that read
    a run once per position of it; `benchmarks/curate.py` measures the cost)."""
    _consistent(text[:cut] + blank * length + text[cut:])
