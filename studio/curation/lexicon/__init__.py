"""Multilingual cue lexicons for the rule extractor, the validator and the dependency detector.

Everything here is built once at import time (word tables, compiled regexes) so that per-prompt work is a handful
of set look-ups and small regex searches. Languages: en, es, fr, de, it, pt, ru, zh, ja, ko, nl, pl (number words and
cues), with a language-free union for prompts whose language is unknown (words that mean something else in another
language are left out of it).
- `matching`: the prompt's `Probe` and cues that run only when the prompt holds one of their trigger words;
- `numbers`: counts in digits, number words and CJK numerals, and the CJK counters;
- `words`: request verbs, units, distributive/plural/task/extraction cues and the rule extractor's vocabulary.
The names the validator and the dependency detector use are re-exported here.
"""

from studio.curation.lexicon.matching import Cue, LastPhrase, Probe, alternation, phrase_cue, probe, word_regex
from studio.curation.lexicon.numbers import (
    ALL_NUMBER_WORDS, CJK_NUMERAL, COUNT_TRIGGER_TOKENS, JA_COUNTERS, JA_NATIVE, JA_UNIT_AFTER, KO_COUNTERS, ONE_WORD,
    ZH_ITEM_CLASSIFIERS, ZH_UNIT_AFTER, cjk_number, count_tokens, number_words,
)
from studio.curation.lexicon.words import (
    CATEGORY_CUES, EACH_CUES, EXTRACT_VERBS, PLURAL_CUES, PLURAL_ONLY_MODIFIERS, QUESTION_WORDS_START,
    REQUEST_VERBS, STRUCTURE_UNITS,
)

__all__ = [
    "Cue", "LastPhrase", "Probe", "alternation", "phrase_cue", "probe", "word_regex", "ALL_NUMBER_WORDS", "CJK_NUMERAL",
    "COUNT_TRIGGER_TOKENS", "JA_COUNTERS", "JA_NATIVE", "JA_UNIT_AFTER", "KO_COUNTERS", "ONE_WORD",
    "ZH_ITEM_CLASSIFIERS", "ZH_UNIT_AFTER", "cjk_number", "count_tokens", "number_words", "CATEGORY_CUES",
    "EACH_CUES", "EXTRACT_VERBS", "PLURAL_CUES", "PLURAL_ONLY_MODIFIERS", "QUESTION_WORDS_START", "REQUEST_VERBS",
    "STRUCTURE_UNITS",
]
