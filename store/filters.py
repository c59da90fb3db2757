"""`--where` filters shared by every command that selects prompts: `language=en,category=Translation,search=slogan`.

Why a small syntax instead of one flag per field: curate, run, report and the studio all select prompts the same
way, and one string is easy to paste between them. It lives next to `PromptFilter` (the record it fills) so
that the CLI and the studio both read it from below them. Pairs are separated by commas; a value containing a comma
or an equals sign is written in double quotes (`search="red, green"`, `""` inside quotes for a literal quote).
"""

from __future__ import annotations

from dataclasses import fields

from store.models import TIERS, TRIAGE_STATUSES, PromptFilter

_TRUE = ("true", "yes", "1")
_FALSE = ("false", "no", "0")
_BOOL_KEYS = ("has_runs", "parallelizable")
_CHOICES = {"tier": TIERS, "triage": TRIAGE_STATUSES}
KNOWN_KEYS: tuple[str, ...] = tuple(f.name for f in fields(PromptFilter))

WHERE_HELP = ("Select prompts: comma-separated key=value pairs, e.g. "
              "'language=en, category=Translation, source=lmsys, search=slogan'. Keys: " + ", ".join(KNOWN_KEYS)
              + "; ids separated by '|'; quote values containing commas.")


class FilterError(ValueError):
    """A `--where` string that cannot be understood; the message says what and how to fix it."""


def _split_pairs(text: str) -> list[str]:
    """Split on commas outside double quotes; quotes are removed and `""` inside them is a literal quote."""
    pairs: list[str] = []
    current: list[str] = []
    in_quotes = False
    index = 0
    while index < len(text):
        char = text[index]
        if char == '"':
            if in_quotes and text[index + 1:index + 2] == '"':
                current.append('"')
                index += 2
                continue
            in_quotes = not in_quotes
        elif char == "," and not in_quotes:
            pairs.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    if in_quotes:
        raise FilterError(f"unclosed double quote in filter {text!r}")
    pairs.append("".join(current))
    return [pair.strip() for pair in pairs if pair.strip()]


def _parse_bool(key: str, value: str) -> bool:
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise FilterError(f"{key} takes true or false, not {value!r}")


def parse_where(text: str | None) -> PromptFilter:
    """Parse a `--where` string into a PromptFilter; unknown keys, repeats and bad values raise FilterError."""
    where = PromptFilter()
    if not text or not text.strip():
        return where
    seen: set[str] = set()
    for pair in _split_pairs(text):
        key, equals, value = pair.partition("=")
        key = key.strip().lower()
        value = value.strip()
        if not equals:
            raise FilterError(f"expected key=value, got {pair!r} (keys: {', '.join(KNOWN_KEYS)})")
        if key not in KNOWN_KEYS:
            raise FilterError(f"unknown filter key {key!r} (known: {', '.join(KNOWN_KEYS)})")
        if key in seen:
            raise FilterError(f"filter key {key!r} given twice")
        if not value:
            raise FilterError(f"filter key {key!r} has an empty value")
        seen.add(key)
        if key in _BOOL_KEYS:
            setattr(where, key, _parse_bool(key, value))
        elif key == "ids":
            where.ids = [part.strip() for part in value.split("|") if part.strip()]
        else:
            choices = _CHOICES.get(key)
            if choices is not None and value not in choices:
                raise FilterError(f"{key} must be one of {', '.join(choices)}, not {value!r}")
            setattr(where, key, value)
    return where
