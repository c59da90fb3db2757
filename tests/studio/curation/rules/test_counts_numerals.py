"""Counts whose number words come from the lexicon wherever they appear: a spelled size between a count and its
noun ("5 eleven minute talks"), CJK numerals of eleven and up ("十一个"), Korean native numbers ("다섯 개")."""

from __future__ import annotations

import pytest

from tests.studio.curation.rules.support import accepted, rejected


@pytest.mark.parametrize("language", ["en", None])
@pytest.mark.parametrize(("text", "n", "template"), [
    ("Write 5 eleven minute talks for our climate workshop.", 5,
     "Write an eleven minute talk for our climate workshop."),
    ("Write 5 ten minute talks for our climate workshop.", 5, "Write a ten minute talk for our climate workshop."),
    ("Write 3 forty second radio ads for my bakery", 3, "Write a forty second radio ad for my bakery"),
    ("Write 3 forty five second radio ads for my bakery", 3, "Write a forty five second radio ad for my bakery"),
    ("Can you write 4 thirteen minute podcast scripts about stoicism?", 4,
     "Can you write a thirteen minute podcast script about stoicism?"),
    ("Create 6 ninety second pitches for a meal-prep startup", 6,
     "Create a ninety second pitch for a meal-prep startup"),
    ("Write 5 11 minute talks for our climate workshop.", 5, "Write a 11 minute talk for our climate workshop."),
])
def test_a_spelled_size_before_a_unit_sizes_each_item(text: str, language: str | None, n: int,
                                                      template: str) -> None:
    schema = accepted(text, language)
    assert schema.n == n and schema.template == template


@pytest.mark.parametrize(("text", "language", "n", "template"), [
    ("给我写十一个关于咖啡的广告标语", "zh", 11, "给我写一个关于咖啡的广告标语"),
    ("帮我想二十一个适合猫咖啡馆的名字", "zh", 21, "帮我想一个适合猫咖啡馆的名字"),
    ("新商品のキャッチコピーを十一個考えてください", "ja", 11, "新商品のキャッチコピーを一個考えてください"),
    ("제주도 여행 아이디어 다섯 개 추천해줘", "ko", 5, "제주도 여행 아이디어 한 개 추천해줘"),
    ("가을에 관한 시 세 편을 써 줘", "ko", 3, "가을에 관한 시 한 편을 써 줘"),
    ("새로 여는 카페 이름 열 개 만들어 줘", "ko", 10, "새로 여는 카페 이름 한 개 만들어 줘"),
])
def test_cjk_and_korean_numerals_count_like_their_digits(text: str, language: str, n: int, template: str) -> None:
    schema = accepted(text, language)
    assert schema.n == n and schema.template == template


@pytest.mark.parametrize(("text", "language"), [
    ("문을 열 수 있는 방법을 알려줘", "ko"),  # 열다 (to open) + 수 (can): not ten poems
    ("请举一两个例子说明什么是通货膨胀", "zh"),  # one or two examples of one explanation, not twelve
])
def test_numeral_look_alikes_are_not_counts(text: str, language: str) -> None:
    schema = rejected(text, language)
    assert schema.n != 12
