"""Splitting answers into items and the all-scripts tokenizer."""

from __future__ import annotations

from evaluators.text import distinct_n, has_list_form, split_items, tokenize


def test_split_numbered_list_drops_intro_and_outro_and_keeps_continuations() -> None:
    answer = "Here you go:\n1. First idea\n   with more detail\n2) Second idea\n- Third idea\n\nHope this helps!"
    assert split_items(answer) == ["First idea with more detail", "Second idea", "Third idea"]


def test_split_falls_back_to_paragraphs_lines_and_sentences() -> None:
    assert split_items("Para one.\n\nPara two.") == ["Para one.", "Para two."]
    assert split_items("line one\nline two") == ["line one", "line two"]
    assert split_items("One sentence. Another one!") == ["One sentence.", "Another one!"]
    assert split_items("   ") == []


def test_tokenize_keeps_every_script() -> None:
    assert tokenize("Hello, World") == ["hello", "world"]
    assert tokenize("你好世界") == ["你", "好", "世", "界"]
    assert tokenize("Привет мир") == ["привет", "мир"]
    assert tokenize("東京タワーabc") == ["東", "京", "タ", "ワ", "ー", "abc"]
    assert tokenize("abc東京def 12x") == ["abc", "東", "京", "def", "12x"]
    assert tokenize("ﾊﾝ２３ＡＢ") == ["ハ", "ン", "23ab"]  # NFKC folds half- and full-width forms
    assert tokenize("ภาษาไทย") == ["ภ", "า", "ษ", "า", "ไ", "ท", "ย"]
    assert tokenize("กิน") == ["ก", "น"]  # a combining vowel sign is not a word character, for the regex \w


def test_list_form_and_distinct_n() -> None:
    assert has_list_form("1. a\n2. b") and not has_list_form("just prose")
    assert distinct_n(["a b c", "a b c"], 2) == 0.5
    assert distinct_n(["a b", "c d"], 2) == 1.0
    assert distinct_n([""], 2) is None
