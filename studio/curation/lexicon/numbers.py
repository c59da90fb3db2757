"""Counts: number words per language, CJK numerals, and the counters (classifiers) that follow a CJK count."""

from __future__ import annotations

import re
from functools import lru_cache

from studio.curation.lexicon.matching import TOKEN, Probe

_NUMBER_WORDS: dict[str, dict[str, int]] = {
    "en": {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
           "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
           "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
           "hundred": 100, "a dozen": 12, "dozen": 12, "a couple of": 2, "a pair of": 2},
    "es": {"dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9,
           "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "dieciséis": 16,
           "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veinte": 20, "treinta": 30, "cuarenta": 40,
           "cincuenta": 50, "cien": 100, "una docena de": 12},
    "fr": {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
           "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "dix-sept": 17,
           "dix-huit": 18, "dix-neuf": 19, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50,
           "cent": 100, "une douzaine de": 12},
    "de": {"zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9,
           "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15, "sechzehn": 16,
           "siebzehn": 17, "achtzehn": 18, "neunzehn": 19, "zwanzig": 20, "dreißig": 30, "vierzig": 40,
           "fünfzig": 50, "hundert": 100, "ein dutzend": 12},
    "it": {"due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "sette": 7, "otto": 8, "nove": 9,
           "dieci": 10, "undici": 11, "dodici": 12, "tredici": 13, "quattordici": 14, "quindici": 15,
           "sedici": 16, "diciassette": 17, "diciotto": 18, "diciannove": 19, "venti": 20, "trenta": 30,
           "quaranta": 40, "cinquanta": 50, "cento": 100, "una dozzina di": 12},
    "pt": {"dois": 2, "duas": 2, "três": 3, "tres": 3, "quatro": 4, "cinco": 5, "seis": 6, "sete": 7,
           "oito": 8, "nove": 9, "dez": 10, "onze": 11, "doze": 12, "treze": 13, "catorze": 14, "quatorze": 14,
           "quinze": 15, "dezesseis": 16, "dezasseis": 16, "dezessete": 17, "dezassete": 17, "dezoito": 18,
           "dezenove": 19, "dezanove": 19, "vinte": 20, "trinta": 30, "quarenta": 40, "cinquenta": 50,
           "cem": 100, "uma dúzia de": 12},
    "ru": {"два": 2, "две": 2, "двух": 2, "три": 3, "трёх": 3, "трех": 3, "четыре": 4, "четырёх": 4,
           "пять": 5, "пяти": 5, "шесть": 6, "семь": 7, "восемь": 8, "девять": 9, "десять": 10,
           "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13, "четырнадцать": 14, "пятнадцать": 15,
           "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18, "девятнадцать": 19, "двадцать": 20,
           "тридцать": 30, "сорок": 40, "пятьдесят": 50, "сто": 100},
    "nl": {"twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9, "tien": 10,
           "elf": 11, "twaalf": 12, "twintig": 20},
    "pl": {"dwa": 2, "dwie": 2, "trzy": 3, "cztery": 4, "pięć": 5, "sześć": 6, "siedem": 7, "osiem": 8,
           "dziewięć": 9, "dziesięć": 10, "dwadzieścia": 20},
    "ko": {"두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10, "스무": 20},
}
# Words that are ordinary words in another lexicon language: used only when the prompt's language is known.
_AMBIGUOUS = frozenset({"once", "due", "sei", "elf", "acht", "neuf", "tre", "sette", "cent", "venti", "dos",
                        "tres", "sept", "six", "cinq", "dix", "nove", "cento", "cem", "sto", "vier", "dez",
                        "seis", "acht", "zes", "tien", "네", "세", "두", "열", "a couple of", "a pair of"})

# The word a singular template uses in place of the count ("Give me a catchy slogan").
ONE_WORD: dict[str, str] = {"es": "un", "fr": "un", "de": "ein", "it": "un", "pt": "um", "ru": "один",
                            "nl": "een", "pl": "jeden", "ko": "한"}

_CJK_DIGITS = {"一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
               "〇": 0, "零": 0}
CJK_NUMERAL = "[一二两兩三四五六七八九十百]+"
# Japanese native counting words: ふたつ, みっつ ... (the count itself carries the counter つ).
JA_NATIVE = {"ふたつ": 2, "みっつ": 3, "よっつ": 4, "いつつ": 5, "むっつ": 6, "ななつ": 7, "やっつ": 8,
             "ここのつ": 9, "とお": 10, "二つ": 2, "三つ": 3, "四つ": 4, "五つ": 5, "六つ": 6, "七つ": 7,
             "八つ": 8, "九つ": 9}
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def cjk_number(token: str) -> int | None:
    """Parse a Chinese/Japanese numeral (五, 十二, 二十, 二十五, 百) or digits (full-width too); None if it is not one."""
    token = token.translate(_FULLWIDTH_DIGITS)
    if token.isdigit():
        return int(token)
    if token in JA_NATIVE:
        return JA_NATIVE[token]
    if token == "百":
        return 100
    total = 0
    current = 0
    for char in token:
        if char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        elif char in _CJK_DIGITS:
            current = current * 10 + _CJK_DIGITS[char]
        else:
            return None
    return total + current


def number_words(language: str | None) -> dict[str, int]:
    """Number words usable for a prompt in `language` (None: every lexicon language minus ambiguous words)."""
    return _NUMBER_TABLES.get(language or "", _NUMBER_TABLES[""])


def _build_number_tables() -> dict[str, dict[str, int]]:
    union: dict[str, int] = {}
    for table in _NUMBER_WORDS.values():
        for word, value in table.items():
            if word not in _AMBIGUOUS:
                union[word] = value
    tables = {"": union}
    for language, table in _NUMBER_WORDS.items():
        tables[language] = {**union, **table}
    return tables


_NUMBER_TABLES = _build_number_tables()


_DIGIT_COUNT = re.compile(r"(?<![A-Za-z0-9_$€£#./,-])(\d{1,3})(?![A-Za-z0-9_%°.,:/-]|\.\d|-\w)")
_WORD_COUNT: dict[str, re.Pattern[str]] = {}
_COUNT_TRIGGER: dict[str, list[str]] = {}  # token -> the number words (maybe several words long) it may start


def count_tokens(text: str, table: dict[str, int], found: Probe) -> list[tuple[int, tuple[int, int], bool]]:
    """(value, span, is_digits) of every standalone count in digits or in `table`'s number words, in text order.

    Digits come from one small regex; a number word is searched for only when the prompt's tokens hold it, so
    the cost does not grow with the size of the lexicon."""
    counts = list(_digit_counts(text))
    for token in found.words & COUNT_TRIGGER_TOKENS:
        for word in _COUNT_TRIGGER[token]:
            if word in table:
                counts.extend((table[word], m.span(), False) for m in _WORD_COUNT[word].finditer(text))
    counts.sort(key=lambda count: count[1])
    return counts


@lru_cache(maxsize=4)
def _digit_counts(text: str) -> tuple[tuple[int, tuple[int, int], bool], ...]:
    """The counts in digits (cached: the extractor and the validator both ask)."""
    return tuple((int(m.group(1)), m.span(1), True) for m in _DIGIT_COUNT.finditer(text))


def _index_count_words() -> None:
    for table in _NUMBER_WORDS.values():
        for word in table:
            if word in _WORD_COUNT:
                continue
            _WORD_COUNT[word] = re.compile(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", re.IGNORECASE)
            tokens = TOKEN.findall(word.lower())
            _COUNT_TRIGGER.setdefault(max(tokens, key=len), []).append(word)


_index_count_words()
COUNT_TRIGGER_TOKENS = frozenset(_COUNT_TRIGGER)

# Counters (classifiers) after a CJK numeral that mark separate generated items, and those that measure one answer.
ZH_ITEM_CLASSIFIERS = "个個条條首篇种種则則件款项項位名封套道句"
ZH_UNIT_AFTER = ("字", "天", "步", "章", "行", "段", "页", "頁", "分钟", "小时", "年", "月", "周", "人", "岁",
                 "次", "遍", "点钟", "秒", "元", "块")
JA_COUNTERS = ("人", "つ", "個", "こ", "件", "案", "本", "首", "句", "編", "篇", "名", "種類", "種", "通り", "パターン",
               "点", "作", "枚", "問", "題", "案ずつ")
JA_UNIT_AFTER = ("文字", "字", "日", "行", "段落", "章", "ページ", "歩", "分", "時間", "年", "回", "文", "人分", "人前",
                 "人で", "人の", "人に")
KO_COUNTERS = ("개", "가지", "편", "명", "곡", "수", "문장", "개의", "가지의")

