"""Language codes for prompts and answers: normalising the names chat logs use, detecting the language of a text,
and reading which language a translation prompt asks for.

A leaf module (the standard library and py3langid only), so that everything may use it: ingest labels prompts with
it, the validator and the structure scorer detect languages with it, and prompts and answers are labelled by the same
rules everywhere. It lives among the evaluators (pure functions of text, at the bottom of the house beside `store`)
rather than in `studio/`, because the evaluators may not import `studio` (see docs/architecture.md, "Contracts").
LMSYS and WildChat label rows with English names ("English", "Chinese"); the store keeps ISO 639-1 codes so that
filters and the gold file (`"language": "en"`) agree.
Detection: the script decides when it names one language (Hangul, Kana, Han, Greek, Hebrew, Thai); otherwise
py3langid ranks the languages of that script (Latin, Cyrillic, Arabic, Devanagari), restricted to them, which
avoids its cross-script confusions. The model (loaded once, on first use) takes ~20 µs a short prompt.
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

_NAME_TO_CODE: dict[str, str] = {
    "english": "en", "chinese": "zh", "mandarin": "zh", "cantonese": "zh", "simplified chinese": "zh",
    "traditional chinese": "zh", "russian": "ru", "spanish": "es", "castilian": "es", "french": "fr",
    "german": "de", "italian": "it", "portuguese": "pt", "japanese": "ja", "korean": "ko", "arabic": "ar",
    "turkish": "tr", "vietnamese": "vi", "polish": "pl", "dutch": "nl", "flemish": "nl", "indonesian": "id",
    "persian": "fa", "farsi": "fa", "ukrainian": "uk", "hindi": "hi", "swedish": "sv", "czech": "cs",
    "greek": "el", "hebrew": "he", "thai": "th", "romanian": "ro", "hungarian": "hu", "finnish": "fi",
    "danish": "da", "norwegian": "no", "bokmal": "nb", "norwegian bokmal": "nb", "norwegian nynorsk": "nn",
    "bulgarian": "bg", "catalan": "ca", "malay": "ms", "bengali": "bn", "bangla": "bn", "tagalog": "tl",
    "filipino": "tl", "latin": "la", "serbian": "sr", "croatian": "hr", "slovak": "sk", "slovenian": "sl",
    "lithuanian": "lt", "latvian": "lv", "estonian": "et", "urdu": "ur", "tamil": "ta", "telugu": "te",
    "marathi": "mr", "gujarati": "gu", "kannada": "kn", "malayalam": "ml", "punjabi": "pa", "swahili": "sw",
    "afrikaans": "af", "albanian": "sq", "armenian": "hy", "azerbaijani": "az", "basque": "eu",
    "belarusian": "be", "bosnian": "bs", "esperanto": "eo", "galician": "gl", "georgian": "ka",
    "icelandic": "is", "irish": "ga", "kazakh": "kk", "khmer": "km", "kurdish": "ku", "lao": "lo",
    "macedonian": "mk", "maltese": "mt", "mongolian": "mn", "nepali": "ne", "pashto": "ps", "sinhala": "si",
    "somali": "so", "uzbek": "uz", "welsh": "cy", "yoruba": "yo", "zulu": "zu", "burmese": "my",
    "amharic": "am", "hausa": "ha", "javanese": "jv", "tatar": "tt", "kyrgyz": "ky", "tajik": "tg",
}
# ISO 639-2/3 codes that appear in datasets instead of the two-letter ones.
_THREE_LETTER: dict[str, str] = {
    "eng": "en", "zho": "zh", "chi": "zh", "cmn": "zh", "yue": "zh", "rus": "ru", "spa": "es", "fra": "fr",
    "fre": "fr", "deu": "de", "ger": "de", "ita": "it", "por": "pt", "jpn": "ja", "kor": "ko", "ara": "ar",
    "tur": "tr", "vie": "vi", "pol": "pl", "nld": "nl", "dut": "nl", "ind": "id", "fas": "fa", "per": "fa",
    "ukr": "uk", "hin": "hi",
}
_UNKNOWN = {"", "unknown", "und", "nolang", "no language", "none", "null", "nan", "n/a", "other", "mixed", "xx"}
_TAG = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$")


def normalise_language(name_or_code: object) -> str | None:
    """"English" / "en-US" / "zh_Hans" / "eng" -> "en"/"en"/"zh"/"en"; unknown labels ("unknown", "") -> None."""
    return _normalise_label(name_or_code) if isinstance(name_or_code, str) else None


@lru_cache(maxsize=4096)
def _normalise_label(name_or_code: str) -> str | None:
    key = " ".join(name_or_code.strip().lower().replace("(", " ").replace(")", " ").split())
    if key in _UNKNOWN:
        return None
    if key in _NAME_TO_CODE:
        return _NAME_TO_CODE[key]
    if key in _THREE_LETTER:
        return _THREE_LETTER[key]
    tag = _TAG.match(key)
    if tag:
        primary = tag.group(1)
        if len(primary) == 2:
            return primary
        return _THREE_LETTER.get(primary)
    for word in key.replace(",", " ").split():  # "Chinese (Simplified)", "simplified chinese"
        if word in _NAME_TO_CODE:
            return _NAME_TO_CODE[word]
    return None


# -- detection ------------------------------------------------------------------------------------------------
_SAMPLE_CHARS = 2000
_SCRIPTS: dict[str, re.Pattern[str]] = {
    "kana": re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]"),
    "hangul": re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]"),
    "han": re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]"),
    "cyrillic": re.compile(r"[\u0400-\u04ff]"),
    "arabic": re.compile(r"[\u0600-\u06ff\u0750-\u077f]"),
    "greek": re.compile(r"[\u0370-\u03ff]"),
    "hebrew": re.compile(r"[\u0590-\u05ff]"),
    "devanagari": re.compile(r"[\u0900-\u097f]"),
    "thai": re.compile(r"[\u0e00-\u0e7f]"),
    "latin": re.compile(r"[A-Za-z\u00c0-\u024f]"),
}
_SINGLE_SCRIPT_LANGUAGE = {"hangul": "ko", "greek": "el", "hebrew": "he", "thai": "th"}
# The languages py3langid chooses among, per script: those of real chat logs (not every language it knows, which
# makes it confuse sv/de, tr/fr, vi/pl/ro/pt on short prompts).
_SCRIPT_LANGUAGES: dict[str, frozenset[str]] = {
    "latin": frozenset("en es fr de it pt nl pl tr vi id ro sv da no fi cs hu ca sk hr sl et lv lt ms tl af sq eu "
                       "gl is".split()),
    "cyrillic": frozenset(("ru", "uk")),
    "arabic": frozenset("ar fa ur".split()),
    "devanagari": frozenset("hi mr ne".split()),
}
# A non-Latin script this large a share of the letters is the prompt's language, whatever Latin text (code, names,
# a product) it also holds: "このPythonコードを直して" is Japanese. Below it the Latin text decides ("Translate into
# English: 你好").
_SCRIPT_SHARE = 0.3
_LATIN_WORD = re.compile(r"[^\W\d_]{2,}")


def detect_language(text: str | None) -> str | None:
    """The ISO 639-1 code of `text` by script, then by py3langid within the script; None without evidence (no
    letters, a single word, only code-like tokens)."""
    if not isinstance(text, str):
        return None
    sample = text[:_SAMPLE_CHARS]
    counts = {script: len(pattern.findall(sample)) for script, pattern in _SCRIPTS.items()}
    kana, latin = counts["kana"], counts.pop("latin")
    counts["cjk"] = counts.pop("kana") + counts.pop("han")
    script, count = max(counts.items(), key=lambda item: item[1])
    if count >= 2 and count >= _SCRIPT_SHARE * (count + latin):
        return _script_language(script, count, kana, sample)
    if latin and len(_LATIN_WORD.findall(sample)) >= 2:
        return _ranked(sample, "latin")
    return _script_language(script, count, kana, sample) if count >= 2 else None


def language_of(label: object, text: str | None) -> str | None:
    """A row's language as curation reads it: its own label when that names a language, else detected from the
    text. Why one function: ingest and `curate --eval` must hand the rules the same language for the same row, or
    a gold file without labels would be judged with fewer number words than the store gives its prompts."""
    return normalise_language(label) or detect_language(text)


def _script_language(script: str, count: int, kana: int, sample: str) -> str | None:
    if script == "cjk":
        return "ja" if kana * 10 >= count else "zh"
    return _SINGLE_SCRIPT_LANGUAGE.get(script) or _ranked(sample, script)


def _ranked(sample: str, script: str) -> str:
    """The most likely language of `script` for the text (py3langid's ranking, restricted)."""
    return _script_identifier(script).rank(sample)[0][0]


@lru_cache(maxsize=None)
def _script_identifier(script: str) -> LanguageIdentifier:
    """py3langid restricted to the languages of `script`. Each language's score does not depend on the others, so
    the best of them is the one the whole model ranks first among them; scoring and sorting 31 languages instead of
    97 makes detection a third cheaper. A shallow copy: the model's arrays are loaded once and shared."""
    restricted = copy.copy(_identifier())
    restricted.set_languages(sorted(_SCRIPT_LANGUAGES[script]))
    return restricted


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    """py3langid's model, loaded on first use (~0.5 s)."""
    return LanguageIdentifier.from_model_file(MODEL_FILE)


# -- translation targets --------------------------------------------------------------------------------------
# "... into French", "translate to Spanish", "say it in German": the word after in/into/to.
_TARGET = re.compile(r"\b(?:in|into|to)\s+([^\W\d_]{4,})", re.IGNORECASE)


def translation_target(prompt: str) -> str | None:
    """The ISO 639-1 code of the language a translation prompt asks for (the last one named), else None."""
    targets = [code for match in _TARGET.finditer(prompt) if (code := normalise_language(match.group(1)))]
    return targets[-1] if targets else None


__all__ = ["normalise_language", "detect_language", "translation_target"]
