"""Language labels normalised to ISO codes, the offline detector on the languages of the sample data, and the
translation target read from a prompt."""

from __future__ import annotations

import json

import pytest

from evaluators import language
from evaluators.language import detect_language, normalise_language, translation_target
from tests.conftest import SAMPLE_DATA


@pytest.mark.parametrize(("label", "code"), [
    ("English", "en"), ("Chinese", "zh"), ("Russian", "ru"), ("Spanish", "es"), ("French", "fr"),
    ("German", "de"), ("Portuguese", "pt"), ("Italian", "it"), ("Japanese", "ja"), ("Korean", "ko"),
    ("Arabic", "ar"), ("en", "en"), ("EN", "en"), ("en-US", "en"), ("zh_Hans", "zh"), ("zh-CN", "zh"),
    ("eng", "en"), ("Chinese (Simplified)", "zh"), (" english ", "en"),
])
def test_labels_become_iso_codes(label: str, code: str) -> None:
    assert normalise_language(label) == code


@pytest.mark.parametrize("label", ["unknown", "", "Nolang", "Klingon", None, 3, ["en"]])
def test_unknown_labels_are_none(label: object) -> None:
    assert normalise_language(label) is None


@pytest.mark.parametrize(("text", "code"), [
    ("Write three haikus about the sea and explain each one.", "en"),
    ("Escribe tres poemas sobre el mar, por favor.", "es"),
    ("Donne-moi cinq idées pour une fête d'anniversaire.", "fr"),
    ("Schreibe mir bitte drei Gedichte über das Meer.", "de"),
    ("Scrivi tre poesie sul mare, per favore.", "it"),
    ("Escreva três poemas sobre o mar, por favor.", "pt"),
    ("Напиши три стихотворения о море.", "ru"),
    ("给我写三首关于大海的诗。", "zh"),
    ("海についての俳句を三つ書いてください。", "ja"),
    ("바다에 관한 시 세 편을 써 주세요.", "ko"),
    ("اكتب ثلاث قصائد عن البحر", "ar"),
    ("请用Python写一个函数，计算list里所有数字的平均值。", "zh"),  # code words do not outvote the Han text
    ("Translate into English: 你好，世界！", "en"),  # the instruction's language wins
])
def test_detects_the_common_languages(text: str, code: str) -> None:
    assert detect_language(text) == code


@pytest.mark.parametrize("text", ["", "12345 678", "?!", "Hello", None])
def test_no_evidence_means_none(text: str | None) -> None:
    assert detect_language(text) is None


def test_code_in_a_japanese_prompt_does_not_hide_the_language() -> None:
    assert detect_language("このPythonコードのバグを直してください。 def add(a, b): return a - b") == "ja"


def test_detector_agrees_with_the_gold_languages() -> None:
    gold = [json.loads(line) for line in (SAMPLE_DATA / "gold.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    agree = sum(detect_language(item["prompt"]) == item["language"] for item in gold)
    assert gold and agree / len(gold) >= 0.95


def test_a_script_s_languages_rank_as_in_the_whole_model() -> None:
    """Detection ranks a script's languages with py3langid restricted to them, which is cheaper; the language it
    picks is the one the whole model ranks first among them, on the gold prompts and a few of each script."""
    texts = [json.loads(line)["prompt"] for line in (SAMPLE_DATA / "gold.jsonl").read_text("utf-8").splitlines()
             if line.strip()]
    texts += ["Kan du förklara hur fotosyntes fungerar?", "Чи можеш ти пояснити?", "Как дела?",
              "می‌توانی توضیح بدهی؟", "کیا آپ مجھے سمجھا سکتے ہیں؟", "क्या आप मुझे समझा सकते हैं?", "ok ok"]
    whole = language._identifier()
    for text in texts:
        for script, allowed in language._SCRIPT_LANGUAGES.items():
            expected = next(code for code, _ in whole.rank(text) if code in allowed)
            assert language._ranked(text, script) == expected, (script, text)


@pytest.mark.parametrize(("text", "code"), [
    ("Fotosentezin nasıl çalıştığını bana açıklayabilir misin?", "tr"),
    ("Bạn có thể giải thích quang hợp hoạt động như thế nào không?", "vi"),
    ("Poți să-mi explici cum funcționează fotosinteza?", "ro"),
    ("Kan du förklara hur fotosyntes fungerar?", "sv"),
    ("Czy możesz mi wyjaśnić, jak działa fotosynteza?", "pl"),
    ("Kun je me uitleggen hoe fotosynthese werkt?", "nl"),
    ("Чи можеш ти пояснити, як працює фотосинтез?", "uk"),
    ("می‌توانی توضیح بدهی که فتوسنتز چگونه کار می‌کند؟", "fa"),
    ("کیا آپ مجھے سمجھا سکتے ہیں کہ فوٹو سنتھیسس کیسے کام کرتا ہے؟", "ur"),
    ("क्या आप मुझे समझा सकते हैं कि प्रकाश संश्लेषण कैसे काम करता है?", "hi"),
])
def test_languages_a_function_word_list_confused(text: str, code: str) -> None:
    """tr/fr, sv/de, vi/pl/ro/pt and fa/ur/ar: py3langid within the script tells them apart."""
    assert detect_language(text) == code


@pytest.mark.parametrize(("prompt", "expected"), [
    ("Translate the following sentences from English into French:\n1. Hi", "fr"),
    ("Translate to German: good morning", "de"),
    ("Can you say these in Japanese please", "ja"),
    ("Give this to them tomorrow", None),
    ("Summarise these articles", None),
])
def test_translation_target(prompt: str, expected: str | None) -> None:
    assert translation_target(prompt) == expected
