"""Prompt inserts (batched, de-duplicated, full-text indexed) and the ingest-error log."""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from store import Prompt, PromptFilter, Store, normalise_prompt_text, prompt_id_for


def _prompt(text: str, **fields: object) -> Prompt:
    return Prompt(text=text, source="text", **fields)  # type: ignore[arg-type]


def test_add_prompts_counts_added_and_duplicates(store: Store) -> None:
    result = store.add_prompts([_prompt("List 3 fruits."), _prompt("  list 3   FRUITS. "), _prompt("Name a cat.")])
    assert (result.added, result.duplicates) == (2, 1)
    result = store.add_prompts([_prompt("Name a cat."), _prompt("Name a dog.")])
    assert (result.added, result.duplicates) == (1, 1)
    assert store.add_prompts([]).added == 0
    kept = store.get_prompt(_prompt("List 3 fruits.").id)
    assert kept is not None and kept.text == "List 3 fruits." and kept.ingested_at


def test_new_prompts_are_searchable_and_deleted_ones_are_not(store: Store) -> None:
    store.add_prompts([_prompt("Translate these sentences into Spanish"), _prompt("Write a haiku")])
    store.add_prompts([_prompt("Translate one word"), _prompt("Write a haiku")])
    assert store.count_prompts(PromptFilter(search="translate")) == 2
    with store.database.transaction() as conn:
        conn.execute("DELETE FROM prompts WHERE text = 'Translate one word'")
    store.add_prompts([_prompt("Translate it back")])
    assert {r.text for r in store.list_prompts(PromptFilter(search="translate"))} == {
        "Translate these sentences into Spanish", "Translate it back"}
    store.database.conn.execute("INSERT INTO prompts_fts(prompts_fts) VALUES ('integrity-check')")


def test_add_prompts_joins_an_outer_transaction(store: Store) -> None:
    try:
        with store.database.transaction():
            store.add_prompts([_prompt("rolled back with the batch")])
            raise RuntimeError("abort the batch")
    except RuntimeError:
        pass
    assert store.count_prompts() == 0
    assert store.count_prompts(PromptFilter(search="rolled")) == 0


def test_ingest_errors_are_recorded_listed_and_cleared(store: Store) -> None:
    store.record_ingest_errors("a.jsonl", [("3", "invalid JSON")])
    store.record_ingest_errors("a.jsonl", [("7", "empty prompt text"), ("9", "no user turn in conversation")])
    store.record_ingest_errors("b.parquet", [("row group 0 row 1", "empty prompt text")])
    assert [(e.location, e.reason) for e in store.list_ingest_errors("a.jsonl")] == [
        ("3", "invalid JSON"), ("7", "empty prompt text"), ("9", "no user turn in conversation")]
    assert len(store.list_ingest_errors()) == 4
    assert len(store.list_ingest_errors(limit=2, offset=3)) == 1
    assert store.clear_ingest_errors("a.jsonl") == 3
    assert [e.source_file for e in store.list_ingest_errors()] == ["b.parquet"]


SEARCHED = [
    "Give me 7 catchy slogans for a bakery",
    "A slogan for my shop",
    "how do i reverse a linked list in c++? pls explain",
    "I like c and python",
    "请把下面这些城市按人口从多到少排序：北京、成都、西安",
    "次の文を英語に訳してください。この電車は東京に行きますか",
    "Corrige la phrase : « Je suis allé au café »",
    'Answer with "yes" OR no (and nothing else)',
    "Running with scissors; C# for runners",
]


def _searched(store: Store, search: str) -> set[str]:
    return {row.text for row in store.list_prompts(PromptFilter(search=search), limit=100)}


def test_search_finds_every_language_substrings_and_plurals(store: Store) -> None:
    store.add_prompts([_prompt(text) for text in SEARCHED])
    assert _searched(store, "城市") == {SEARCHED[4]}  # two characters, no spaces around them
    assert _searched(store, "按人口") == {SEARCHED[4]}  # a substring of three: the trigram index
    assert _searched(store, "東京") == {SEARCHED[5]}
    assert _searched(store, "slogan") == {SEARCHED[0], SEARCHED[1]}  # the plural too
    assert _searched(store, "slogans") == {SEARCHED[0], SEARCHED[1]}  # and the singular, by its stem
    assert _searched(store, "SLOG") == {SEARCHED[0], SEARCHED[1]}  # a prefix, any case
    assert _searched(store, "cafe") == {SEARCHED[6]}  # diacritics folded
    assert _searched(store, "run") == {SEARCHED[8]}  # running, runners
    assert _searched(store, "c#") == {SEARCHED[8]}  # short, with a symbol: scanned, case folded
    assert _searched(store, "slogan bakery") == {SEARCHED[0]}  # every term must match
    assert store.count_prompts(PromptFilter(search="城市")) == 1


def test_search_text_is_never_query_syntax(store: Store) -> None:
    store.add_prompts([_prompt(text) for text in SEARCHED])
    assert _searched(store, "c++") == {SEARCHED[2]}  # not every prompt with a "c"
    assert _searched(store, '"yes"') == {SEARCHED[7]}  # quotes are characters
    assert _searched(store, "OR") == {SEARCHED[7]}  # an operator word is a word
    for hostile in ('"', "*", "NEAR(a b)", "text:slogan", "a AND", "(", "^x", "-", "100%", "_", "\\"):
        store.count_prompts(PromptFilter(search=hostile))  # never a syntax error
    assert _searched(store, "100%") == set() and _searched(store, "_") == set()  # LIKE wildcards are literal


def test_both_indexes_follow_deletes_and_updates(store: Store) -> None:
    store.add_prompts([_prompt(text) for text in SEARCHED])
    with store.database.transaction() as conn:
        conn.execute("DELETE FROM prompts WHERE text LIKE '%bakery%'")
        conn.execute("UPDATE prompts SET text = 'A motto for my shop' WHERE text LIKE 'A slogan%'")
    assert _searched(store, "slogan") == set()
    assert _searched(store, "motto") == {"A motto for my shop"}
    for index in ("prompts_fts", "prompts_trigram"):
        store.database.conn.execute(f"INSERT INTO {index}({index}) VALUES ('integrity-check')")


def test_ids_with_prefix(store: Store) -> None:
    store.add_prompts([_prompt(text) for text in SEARCHED])
    ids = sorted(p.id for p in (_prompt(text) for text in SEARCHED))
    assert store.ids_with_prefix("prompts", ids[0][:6]) == [ids[0]]
    assert store.ids_with_prefix("prompts", ids[0]) == [ids[0]]
    assert store.ids_with_prefix("prompts", "") == ids
    assert store.ids_with_prefix("prompts", "", limit=2) == ids[:2]
    assert store.ids_with_prefix("runs", ids[0][:6]) == []
    with pytest.raises(ValueError):
        store.ids_with_prefix("schemas", "1")


_SPACES = [character for character in map(chr, range(sys.maxunicode + 1)) if character.isspace()]


def test_str_split_cuts_at_the_characters_the_regex_s_matched() -> None:
    """`normalise_prompt_text` folds whitespace by `str.split` (session 28), where it replaced `\\s+` matches."""
    assert [character for character in map(chr, range(sys.maxunicode + 1)) if re.match(r"\s", character)] == _SPACES
    assert all(("a" + space + "b").split() == ["a", "b"] for space in _SPACES)


def _normalised_by_regex(text: str) -> str:
    """`normalise_prompt_text` as it was before session 28, each run of whitespace replaced by a regex."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([*_SPACES, "a", "B", "ß", "İ", "e\u0301", "\u212b", "ﬁ", "Σ", "x"]) | st.characters(),
                max_size=40).map("".join))
@example(" \u3000Two\n\n LINES\t\u00a0\u2028here \x1c")
def test_prompt_text_is_normalised_as_the_regex_normalised_it(text: str) -> None:
    assert normalise_prompt_text(text) == _normalised_by_regex(text)


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=40))
@example("Write 5 slogans for a bakery.")
def test_prompt_ids_of_text_are_the_utf8_hashes_they_always_were(text: str) -> None:
    """`surrogatepass` (for a lone surrogate) leaves every other text's id as it was: stored ids stay valid."""
    assert prompt_id_for(text) == hashlib.sha256(normalise_prompt_text(text).encode("utf-8")).hexdigest()[:16]


def test_a_lone_surrogate_has_an_id_too() -> None:
    """A JSON escape may leave half a surrogate pair in a gold file's prompt; its id must not raise."""
    assert prompt_id_for("Write 5 slogans \ud83d for a bakery.") != prompt_id_for("Write 5 slogans for a bakery.")
    assert prompt_id_for("\ud800") != prompt_id_for("\udc00")
