"""Counts: number words per language, CJK numerals, and the counters (classifiers) that follow a CJK count."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from text_to_num import text2num

from studio.curation.lexicon.matching import TOKEN, NeedleRegex, Probe, alternation, asked_words, lowered_alike

# Spelled numbers in the text2num languages are generated from their parts and kept when text2num (PyPI text2num)
# reads them as a number from 2 to 100: "twenty-five", "veinticinco", "fünfundzwanzig", "vingt-cinq", "vinte e
# cinco", "venticinque", "vijfentwintig", "femogtyve". text2num decides what is a number and its value; the parts
# only say which spellings to ask it about.
TEXT2NUM_LANGUAGES = ("en", "fr", "es", "pt", "de", "nl", "it", "da")
_PARTS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {"units": ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
           "teens": ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
                     "nineteen"),
           "tens": ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"),
           "hundreds": ("hundred", "one hundred"), "joins": ("{ten}-{unit}", "{ten} {unit}")},
    "fr": {"units": ("un", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"),
           "teens": ("dix", "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit",
                     "dix-neuf"),
           "tens": ("vingt", "trente", "quarante", "cinquante", "soixante", "quatre-vingt", "quatre-vingts"),
           "hundreds": ("cent",),
           "joins": ("{ten}-{unit}", "{ten} {unit}", "{ten} et {unit}", "{ten}-et-{unit}", "{ten}-{teen}",
                     "{ten} et {teen}", "{ten}-et-{teen}")},
    "es": {"units": ("uno", "una", "un", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"),
           "teens": ("diez", "once", "doce", "trece", "catorce", "quince", "dieciséis", "diecisiete", "dieciocho",
                     "diecinueve"),
           "tens": ("veinte", "treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa"),
           "hundreds": ("cien",),
           "joins": ("{ten} y {unit}", "veinti{unit}", "veintidós", "veintitrés", "veintiséis")},
    "pt": {"units": ("um", "uma", "dois", "duas", "três", "tres", "quatro", "cinco", "seis", "sete", "oito", "nove"),
           "teens": ("dez", "onze", "doze", "treze", "catorze", "quatorze", "quinze", "dezesseis", "dezasseis",
                     "dezessete", "dezassete", "dezoito", "dezenove", "dezanove"),
           "tens": ("vinte", "trinta", "quarenta", "cinquenta", "sessenta", "setenta", "oitenta", "noventa"),
           "hundreds": ("cem",), "joins": ("{ten} e {unit}",)},
    "de": {"units": ("ein", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"),
           "teens": ("zehn", "elf", "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn", "siebzehn", "achtzehn",
                     "neunzehn"),
           "tens": ("zwanzig", "dreißig", "dreissig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig",
                    "neunzig"),
           "hundreds": ("hundert", "einhundert"), "joins": ("{unit}und{ten}",)},
    "nl": {"units": ("een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"),
           "teens": ("tien", "elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien",
                     "negentien"),
           "tens": ("twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig", "negentig"),
           "hundreds": ("honderd", "honderdeen"), "joins": ("{unit}en{ten}", "{unit}ën{ten}")},
    "it": {"units": ("uno", "una", "un", "due", "tre", "tré", "quattro", "cinque", "sei", "sette", "otto", "nove"),
           "teens": ("dieci", "undici", "dodici", "tredici", "quattordici", "quindici", "sedici", "diciassette",
                     "diciotto", "diciannove"),
           "tens": ("venti", "trenta", "quaranta", "cinquanta", "sessanta", "settanta", "ottanta", "novanta"),
           "hundreds": ("cento",), "joins": ("{ten}{unit}", "{stem}{unit}")},
    "da": {"units": ("en", "et", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni"),
           "teens": ("ti", "elleve", "tolv", "tretten", "fjorten", "femten", "seksten", "sytten", "atten", "nitten"),
           "tens": ("tyve", "tredive", "fyrre", "halvtreds", "tres", "halvfjerds", "firs", "halvfems"),
           "hundreds": ("hundrede", "et hundrede"), "joins": ("{unit}og{ten}",)},
}
# Count phrases text2num does not read.
_PHRASES: dict[str, dict[str, int]] = {
    "en": {"a dozen": 12, "dozen": 12}, "es": {"una docena de": 12},
    "fr": {"une douzaine de": 12}, "de": {"ein dutzend": 12}, "it": {"una dozzina di": 12}, "pt": {"uma dúzia de": 12},
    "nl": {"een dozijn": 12}, "da": {"et dusin": 12},
}
# Languages without text2num support keep hand-made tables.
_TABLES: dict[str, dict[str, int]] = {
    "ru": {"два": 2, "две": 2, "двух": 2, "три": 3, "трёх": 3, "трех": 3, "четыре": 4, "четырёх": 4,
           "пять": 5, "пяти": 5, "шесть": 6, "семь": 7, "восемь": 8, "девять": 9, "десять": 10,
           "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13, "четырнадцать": 14, "пятнадцать": 15,
           "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18, "девятнадцать": 19, "двадцать": 20,
           "тридцать": 30, "сорок": 40, "пятьдесят": 50, "сто": 100},
    "pl": {"dwa": 2, "dwie": 2, "trzy": 3, "cztery": 4, "pięć": 5, "sześć": 6, "siedem": 7, "osiem": 8,
           "dziewięć": 9, "dziesięć": 10, "dwadzieścia": 20},
    "sv": {"två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9, "tio": 10, "elva": 11,
           "tolv": 12, "femton": 15, "tjugo": 20, "trettio": 30, "femtio": 50, "hundra": 100},
    "ko": {"두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10, "스무": 20},
}
# Korean native numbers before a counter ("다섯 개"), from the table above.
KO_NUMERAL = alternation(_TABLES["ko"])


def _generated_spellings(language: str) -> dict[str, int]:
    """Every generated spelling of 2..100 that text2num reads, with its value."""
    parts = _PARTS[language]
    candidates = {*parts["units"], *parts["teens"], *parts["tens"], *parts["hundreds"]}
    for join in parts["joins"]:
        seconds = parts["teens"] if "{teen}" in join else parts["units"] if "{unit}" in join else ("",)
        for ten in parts["tens"]:
            for second in seconds:
                candidates.add(join.format(ten=ten, stem=ten[:-1], unit=second, teen=second))
    spelled: dict[str, int] = {}
    for candidate in candidates:
        try:
            value = text2num(candidate, language)
        except ValueError:
            continue
        if 2 <= value <= 100:
            spelled[candidate] = value
    return spelled


_NUMBER_WORDS: dict[str, dict[str, int]] = {
    **{language: {**_generated_spellings(language), **_PHRASES[language]} for language in TEXT2NUM_LANGUAGES}, **_TABLES}
# Words that are ordinary words in another lexicon language: used only when the prompt's language is known.
_AMBIGUOUS = frozenset({"once", "due", "sei", "elf", "acht", "neuf", "tre", "sette", "cent", "venti", "dos",
                        "tres", "sept", "six", "cinq", "dix", "nove", "cento", "cem", "sto", "vier", "dez",
                        "seis", "acht", "zes", "tien", "ten", "네", "세", "두", "열"})

# The word a singular template uses in place of the count ("Give me a catchy slogan").
ONE_WORD: dict[str, str] = {"es": "un", "fr": "un", "de": "ein", "it": "un", "pt": "um", "ru": "один",
                            "nl": "een", "pl": "jeden", "ko": "한", "da": "en", "sv": "en"}

_CJK_DIGITS = {"一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
               "〇": 0, "零": 0}
CJK_NUMERAL = "[一二两兩三四五六七八九十百]+"
# A CJK count of 2 to 100 before a counter: 一 only after 十 ("十一个", "二十一個"; "一两个" is one or two, not 12).
# Chinese writes two as 两/兩 too; Japanese does not.
ZH_COUNT_NUMERAL = "[二两兩三四五六七八九]?十一|[二两兩三四五六七八九十百]{1,3}"
JA_COUNT_NUMERAL = "[二三四五六七八九]?十一|[二三四五六七八九十百]{1,3}"
# Japanese native counting words: ふたつ, みっつ ... (the count itself carries the counter つ).
JA_NATIVE = {"ふたつ": 2, "みっつ": 3, "よっつ": 4, "いつつ": 5, "むっつ": 6, "ななつ": 7, "やっつ": 8,
             "ここのつ": 9, "とお": 10, "二つ": 2, "三つ": 3, "四つ": 4, "五つ": 5, "六つ": 6, "七つ": 7,
             "八つ": 8, "九つ": 9}
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def cjk_number(token: str) -> int | None:
    """Parse a Chinese/Japanese numeral (五, 十二, 二十, 二十五, 百), a Korean native number (다섯) or digits
    (full-width too); None if it is not one."""
    token = token.translate(_FULLWIDTH_DIGITS)
    if token.isdigit():
        return int(token)
    if token in JA_NATIVE:
        return JA_NATIVE[token]
    if token == "百":
        return 100
    if token in _TABLES["ko"]:
        return _TABLES["ko"][token]
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


class NumberWords:
    """The spelled counts usable for a prompt and their values. A spelling is looked for only when the prompt holds
    its longest word (its trigger), with one regex per trigger built on first use."""

    __slots__ = ("values", "triggers", "_by_trigger", "_patterns", "_first_words")

    def __init__(self, values: dict[str, int]) -> None:
        self.values = values
        self._first_words = frozenset(word.split(" ", 1)[0] for word in values)  # "forty" of "forty five"
        self._by_trigger: dict[str, list[str]] = {}
        for word in values:
            self._by_trigger.setdefault(max(TOKEN.findall(word.lower()), key=len), []).append(word)
        self.triggers = asked_words(self._by_trigger)
        self._patterns: dict[str, tuple[re.Pattern[str], frozenset[int]]] = {}

    def find(self, text: str, found: Probe) -> Iterator[tuple[int, tuple[int, int]]]:
        """(value, span) of the spellings in `text`, whole words only ("a 500-word essay", "five-star" are not).
        `found` is the probe of `text` (its `lowered` is text's lowercase)."""
        for trigger in found.words & self.triggers:  # a set intersection walks the smaller set
            shape = self._patterns.get(trigger)
            if shape is None:
                shape = self._patterns[trigger] = self._shape(trigger)
            for match in _spellings(text, found, trigger, *shape):
                value = self.values.get(match.group(0).lower())
                if value is not None:  # None: a case-insensitive match whose lowercase is spelled otherwise
                    yield value, match.span()

    def _shape(self, trigger: str) -> tuple[re.Pattern[str], frozenset[int]]:
        """The regex of the spellings `trigger` stands for, and where in them the trigger may sit."""
        spellings = self._by_trigger[trigger]
        pattern = re.compile(r"(?<![\w-])(?:" + _alternation(spellings) + r")(?![\w-])", re.IGNORECASE)
        offsets = {at for spelling in spellings for at in range(len(spelling)) if spelling.startswith(trigger, at)}
        return pattern, frozenset(offsets)

    def spelled_at(self, text: str, position: int) -> int | None:
        """The end of the longest spelling that starts at `position` ("ten", "forty five", "forty-five"), whole
        words only; None when none does. The spellings tried are the run's first word and it joined by single
        spaces to the words after it, so a first word no spelling starts with ends the search."""
        first = _SPELLING_WORD.match(text, position)
        if first is None or first.group(0).lower() not in self._first_words:
            return None
        run = _WORD_RUN.match(text, position)
        assert run is not None  # it starts with `first`
        end, key = None, ""
        for word in _SPELLING_WORD.finditer(run.group(0)):
            key = f"{key} {word.group(0).lower()}" if key else word.group(0).lower()
            if key in self.values:
                end = position + word.end()
        return end


def _spellings(text: str, found: Probe, trigger: str, pattern: re.Pattern[str],
               offsets: frozenset[int]) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` (`found`: text's probe), tried only where a match can start: `offsets`
    before an occurrence of `trigger` in its lowercase. Why: the regex opens with a lookbehind, so a scan tries it at
    every character of a long text. Sound when the lowercase of every match is a spelling, at the same offsets: a
    lowercase of the text's own length, and no `CASE_STRANGERS` character (those the regex matches to a letter
    they do not lowercase to); any other text is scanned."""
    lowered = lowered_alike(text, found.lowered, found)
    if lowered is None:
        yield from pattern.finditer(text)
        return
    starts: set[int] = set()
    at = lowered.find(trigger)
    while at >= 0:
        starts.update(at - offset for offset in offsets)
        at = lowered.find(trigger, at + 1)
    end = 0  # (matches do not overlap: a scan goes on from the end of the last one)
    for start in sorted(starts):
        if start >= end:
            match = pattern.match(text, start)
            if match is not None:
                end = match.end()
                yield match


_SPELLING_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Up to as many words as the longest spelling has ("una docena de"), separated by spaces or tabs.
_WORD_RUN = re.compile(_SPELLING_WORD.pattern + r"(?:[ \t]+" + _SPELLING_WORD.pattern + r"){0,%d}" % (
    max(len(word.split()) for table in _NUMBER_WORDS.values() for word in table) - 1))


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def number_words(language: str | None) -> NumberWords:
    """Number words usable for a prompt in `language` (None: every lexicon language minus ambiguous words)."""
    return _NUMBER_TABLES.get(language or "", _NUMBER_TABLES[""])


def _build_number_tables() -> dict[str, NumberWords]:
    """One table per language (its words over the union), and the union: the words of every language that mean
    the same number wherever they occur and are not ordinary words elsewhere (Danish and Swedish only from five
    letters up)."""
    meanings: dict[str, set[int]] = {}
    for table in _NUMBER_WORDS.values():
        for word, value in table.items():
            meanings.setdefault(word, set()).add(value)
    union: dict[str, int] = {}
    for language, table in _NUMBER_WORDS.items():
        for word, value in table.items():
            short_ambiguous = language in ("da", "sv") and len(word) <= 4  # "to", "en", "fire", "sex", "tio"
            if word not in _AMBIGUOUS and len(meanings[word]) == 1 and not short_ambiguous:
                union[word] = value
    tables = {"": NumberWords(union)}
    for language, table in _NUMBER_WORDS.items():
        tables[language] = NumberWords({**union, **table})
    return tables


_NUMBER_TABLES = _build_number_tables()
# Every word of the languages the validator reads counts in (as before text2num: not Danish, whose "to", "en",
# "et", "fire" are English or Romance words).
ALL_NUMBER_WORDS = NumberWords({word: value for language in ("en", "es", "fr", "de", "it", "pt", "ru", "nl", "pl", "ko")
                                for word, value in _NUMBER_TABLES[language].values.items()})
COUNT_TRIGGER_TOKENS = frozenset().union(*(table.triggers for table in _NUMBER_TABLES.values()))

# Up to three digits, not after a letter, digit, currency or mark. The character before the count is checked after
# its first digit (a lookbehind over that digit): starting with a digit lets the regex engine skip to the digits of
# a long text instead of testing the lookbehind at every position.
_COUNT_DIGITS = r"(\d(?<![A-Za-z0-9_$€£#./,-]\d)(?<!\d:\d)\d{0,2})"
_DIGIT_COUNT = re.compile(_COUNT_DIGITS + r"(?![A-Za-z0-9_%°.,:/-]|\.\d|-\w)")
_DIGIT_RANGE = re.compile(_COUNT_DIGITS + r" ?[-–—] ?(\d{1,3})(?![A-Za-z0-9_%°.,:/-]|\.\d|-\w)")
# What every digit range holds: a dash right after a digit or a digit and a space. The engine skips to the (few)
# dashes; the range regex would try each of the (many) digits of a long text. A hyphen alone is a literal, which it
# finds faster still.
_DASH_AFTER_DIGIT = re.compile(r"[-–—](?:(?<=\d.)|(?<=\d .))")
_HYPHEN_AFTER_DIGIT = re.compile(r"-(?:(?<=\d.)|(?<=\d .))")


def _ascii_digits(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` with `[0-9]` for `\\d`: the same matches in a text whose decimal digits are all ASCII
    (`Probe.ascii_decimals`), found with a quarter fewer instructions (the engine skips to a digit by a range test,
    not a Unicode category lookup a character)."""
    return re.compile(pattern.pattern.replace(r"\d", "[0-9]"), pattern.flags)


_DIGIT_COUNT_ASCII = _ascii_digits(_DIGIT_COUNT)
_DIGIT_RANGE_ASCII = _ascii_digits(_DIGIT_RANGE)
# `_DIGIT_COUNT` for an ASCII text, over its bytes with every digit made "0": the regex then opens with a literal the
# engine skips to, where `[0-9]` is a class it tests at every character (~4x the cost on a long text). The classes
# around a count only ask whether a character is a digit (or a letter, "_" and a few marks), so they match the same
# characters; the values are read off the text. A text whose decimal digits are all ASCII but which holds other
# characters outside ASCII (a CJK prompt) is read so too, over its Latin-1 bytes with every character beyond Latin-1
# made "?" (one byte a character: the offsets stay). So the classes hold what the text regex's hold of Latin-1 ("£"
# before a count, "°" after it), and a "?" reads as no member of them: right for every character beyond Latin-1 but
# "€", so a text holding "€" is scanned as text. (A hyphen after a count is in the class after it: what follows the
# hyphen is never read.)
_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
_DIGIT_COUNT_ZEROED = re.compile(rb"(0(?<![A-Za-z0_$\xa3#./,-]0)(?<!0:0)0{0,2})(?![A-Za-z0_%\xb0.,:/-]|\.0|-\w)")


def _may_hold_range(text: str) -> bool:
    """Whether `text` holds a dash after a digit (a digit range needs one)."""
    return ("-" in text and _HYPHEN_AFTER_DIGIT.search(text) is not None) or (
        ("–" in text or "—" in text) and _DASH_AFTER_DIGIT.search(text) is not None)
# Between the two counts of a range ("2 to 3", "two or three", "dos o tres", "2–3") and after an open count
# ("10+", "10 or more").
_RANGE_GAP = re.compile(r"\s*(?:[-–—~]|to|or|o|ou|oder|bis|à|a|al|til|tot|или|до)\s*", re.IGNORECASE)
_OPEN_AFTER = re.compile(r"\+|\s+(?:or more|o más|ou plus|oder mehr|o più|ou mais|of meer|eller flere|или больше)\b",
                         re.IGNORECASE)
# (a text of many counts is first asked whether it holds one of these words at all: each count tried for them cost
# half a microsecond, 27 ms for 50,000)
_ANY_OPEN_AFTER = NeedleRegex(_OPEN_AFTER, ("+", "more", "más", "plus", "mehr", "più", "mais", "meer", "flere",
                                            "больше"))
_MANY_COUNTS = 1_000
Count = tuple[int, tuple[int, int], str]


def count_tokens(text: str, words: NumberWords, found: Probe) -> list[Count]:
    """(value, span, kind) of every standalone count in digits or number words, in text order. Kinds:
    - "digits", "word": one number ("7 slogans", "twenty-five slogans", "fünfundzwanzig Sprüche");
    - "range": two counts joined by a dash, "to" or "or" ("2-3 tags", "two or three ideas"): the upper bound, the
      most the prompt asks for (a range that does not rise is two counts);
    - "open": a count with "+" or "or more" ("10+ hashtags"): the stated number, the least the prompt asks for.
    "A few", "some", "several" are not counts: no number can be chosen for them without inventing one.
    A number word is searched for only when the prompt's tokens hold it, so the cost does not grow with the size
    of the lexicon."""
    digits = _digit_counts(text, found.ascii_decimals(text))
    spelled = [(value, span, "word") for value, span in words.find(text, found)]
    # Counts in digits alone are in text order already (a scan's matches, at distinct starts) unless digit ranges,
    # which come first, are among them.
    counts = sorted([*digits, *spelled], key=lambda count: (count[1][0], -count[1][1])) if (
        spelled or (digits and digits[0][2] == "range")) else digits
    merged: list[Count] = []
    for count in counts:
        if merged and count[1][0] < merged[-1][1][1]:
            continue  # inside a longer count ("five" in "twenty five", "3" in "2-3")
        if spelled and merged and _restates(text, merged[-1], count):
            merged[-1] = (count[0], (merged[-1][1][0], count[1][1] + 1), merged[-1][2])
            continue  # "two (2) slogans": one count, its digits in parentheses
        if merged and merged[-1][2] != "range" and merged[-1][0] < count[0] and _RANGE_GAP.fullmatch(
                text, merged[-1][1][1], count[1][0]):
            merged[-1] = (count[0], (merged[-1][1][0], count[1][1]), "range")
            continue
        merged.append(count)
    if len(merged) > _MANY_COUNTS and _ANY_OPEN_AFTER.search(text) is None:
        return merged
    return [_opened(text, count) for count in merged]


def _restates(text: str, words: Count, digits: Count) -> bool:
    """Whether `digits` restates the count in `words` in parentheses right after it ("two (2)", "five (5)"), as forms
    and assignments write a count."""
    return (words[2] == "word" and digits[2] == "digits" and words[0] == digits[0]
            and _RESTATED_OPEN.fullmatch(text, words[1][1], digits[1][0]) is not None
            and text[digits[1][1]:digits[1][1] + 1] == ")")


_RESTATED_OPEN = re.compile(r"[ \t]*\(")


def _opened(text: str, count: Count) -> Count:
    value, (start, end), kind = count
    if kind == "range":
        return count
    more = _OPEN_AFTER.match(text, end)
    return (value, (start, more.end()), "open") if more else count


@lru_cache(maxsize=4)
def _digit_counts(text: str, ascii_decimals: bool) -> tuple[Count, ...]:
    """The counts in digits, digit ranges as one count (cached: the extractor and the validator both ask).
    `ascii_decimals`: every decimal digit of `text` is an ASCII one, so the `[0-9]` regexes find the same."""
    digit_range, digit_count = (_DIGIT_RANGE_ASCII, _DIGIT_COUNT_ASCII) if ascii_decimals else (
        _DIGIT_RANGE, _DIGIT_COUNT)
    ranges = [(int(m.group(2)), m.span(), "range") for m in digit_range.finditer(text)
              if int(m.group(1)) < int(m.group(2))] if _may_hold_range(text) else []
    if text.isascii():
        encoded = text.encode()
    elif ascii_decimals and "€" not in text:
        encoded = text.encode("latin-1", "replace")
    else:
        return (*ranges, *[(int(m.group(1)), m.span(1), "digits") for m in digit_count.finditer(text)])
    return (*ranges, *[(int(text[(span := m.span(1))[0]:span[1]]), span, "digits")
                        for m in _DIGIT_COUNT_ZEROED.finditer(encoded.translate(_DIGITS_TO_ZERO))])


# Counters (classifiers) after a CJK numeral that mark separate generated items, and those that measure one answer.
ZH_ITEM_CLASSIFIERS = "个個条條首篇种種则則件款项項位名封套道句本部"
ZH_UNIT_AFTER = ("字", "天", "步", "章", "行", "段", "页", "頁", "分钟", "小时", "年", "月", "周", "人", "岁",
                 "次", "遍", "点钟", "秒", "元", "块")
JA_COUNTERS = ("人", "つ", "個", "こ", "件", "案", "本", "首", "句", "編", "篇", "名", "種類", "種", "通り", "パターン",
               "点", "作", "枚", "問", "題", "案ずつ", "冊", "曲")
JA_UNIT_AFTER = ("文字", "字", "日", "行", "段落", "章", "ページ", "歩", "分", "時間", "年", "回", "文", "人分", "人前",
                 "人で", "人の", "人に")
KO_COUNTERS = ("개", "가지", "편", "명", "곡", "수", "문장", "개의", "가지의")

