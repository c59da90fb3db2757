"""Row mappers: one decoded record (a dict) of a known format -> a `Prompt` (and, for the release, its `Schema`).

A mapper raises `BadRow` with a human reason ("missing field 'conversation'", "empty prompt text") and never
guesses: a row it cannot read is reported, not silently patched. Mappers are called once per row on the hot path,
so they do plain dict look-ups and leave language detection to rows that carry no language label.
"""

from __future__ import annotations

import ast
import json
import math
import reprlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from evaluators.language import language_of
from store.models import TIERS, Prompt, Reason, Schema
from studio.untrusted import lone_surrogate_at

RELEASE_EXTRACTOR = "parallelprompt-release"
RELEASE_EXTRACTOR_VERSION = "1"
_QUOTED = reprlib.Repr()
_QUOTED.maxstring = _QUOTED.maxother = 60


class BadRow(ValueError):
    """A row that cannot become a prompt; the message is the reason shown to the user."""


MapResult = tuple[Prompt, Schema | None]
Mapper = Callable[[dict[str, Any], str, str], MapResult]


@dataclass(frozen=True, slots=True)
class RowFormat:
    """How to turn one record into a prompt: the mapper, and the columns it reads (Parquet reads only these)."""

    name: str
    mapper: Mapper
    columns: tuple[str, ...]
    required: str  # the column without which no row can be read


def _quoted(value: object) -> str:
    """A bad value as a reason quotes it: its repr cut to about 60 characters, start and end kept (a cell can be
    megabytes, and the reason is a line on the terminal and a row of `ingest_errors`)."""
    return _QUOTED.repr(value)


def _type_name(value: object) -> str:
    return "null" if value is None else type(value).__name__


def _required_text(record: dict[str, Any], key: str) -> str:
    if key not in record:
        raise BadRow(f"missing field {key!r}")
    value = record[key]
    if not isinstance(value, str):
        raise BadRow(f"field {key!r} is {_type_name(value)}, expected a string")
    return _prompt_text(value)


def _prompt_text(text: str) -> str:
    """The text of a prompt, unless it is blank or holds NUL (binary data, and a C string's end to the servers)."""
    if not text.strip():
        raise BadRow("empty prompt text")
    if "\x00" in text:
        raise BadRow("prompt text contains a NUL character")
    return _storable(text, "prompt text")


def _storable(text: str, what: str) -> str:
    """`text`, unless a JSON escape left half a surrogate pair in it: the row is refused here instead of failing
    the batch it would be written with."""
    if (index := lone_surrogate_at(text)) is not None:
        raise BadRow(f"{what} holds a lone surrogate (U+{ord(text[index]):04X} at character {index}), half of an "
                     "escaped pair: not text")
    return text


def _optional_text(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None or isinstance(value, str):
        return _storable(value, f"field {key!r}") if value else None
    if isinstance(value, float):  # a nullable integer column written by pandas: 1042.0 means "1042"
        return None if math.isnan(value) else str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise BadRow(f"field {key!r} is {_type_name(value)}, expected a string")


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and value.strip().lower() in ("", "nan", "none", "null")


def _flag(record: dict[str, Any], key: str, default: bool) -> bool:
    """A true/false field as JSON, Parquet or a CSV cell (text: `False` is not true) writes it; else a bad row."""
    value = record.get(key)
    if _is_missing(value):
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "1", "yes", "t", "y"):
        return True
    if isinstance(value, str) and value.strip().lower() in ("false", "0", "no", "f", "n"):
        return False
    raise BadRow(f"field {key!r} is {_quoted(value)}, expected true or false")


@dataclass(frozen=True, slots=True)
class TurnShape:
    """Where a chat-log row keeps its turns and how a turn names its speaker and text: LMSYS and WildChat write
    `conversation` [{role, content}], Chatbot Arena's battles `conversation_a` (and `_b`, the same prompt to the
    other model), ShareGPT dumps `conversations` [{from, value}] (`human`, `gpt`), and the OpenAI chat format
    `messages` [{role, content}] (content a string or a list of parts)."""

    field: str
    speaker: str
    text: str
    users: frozenset[str]


CHAT_LOG_TURNS = TurnShape("conversation", "role", "content", frozenset({"user"}))
ARENA_TURNS = TurnShape("conversation_a", "role", "content", frozenset({"user"}))  # conversation_b opens the same
SHAREGPT_TURNS = TurnShape("conversations", "from", "value", frozenset({"human", "user"}))
MESSAGE_TURNS = TurnShape("messages", "role", "content", frozenset({"user"}))


def _turn_text(content: object) -> str:
    """A user turn's text: a string, or the text parts of an OpenAI content list joined by line breaks (an image
    part carries no text to time)."""
    if isinstance(content, list):
        parts = [part.get("text") for part in content if isinstance(part, dict) and part.get("type") == "text"]
        if parts and all(isinstance(part, str) for part in parts):
            return _prompt_text("\n".join(parts))
        raise BadRow("first user turn content is a list without text parts")
    if not isinstance(content, str):
        raise BadRow(f"first user turn content is {_type_name(content)}, expected a string")
    return _prompt_text(content)


def first_user_turn(conversation: object, shape: TurnShape = CHAT_LOG_TURNS) -> str:
    """The text of the first user turn of a chat-log conversation, a list of turns shaped as `shape` says."""
    field = shape.field
    if conversation is None:
        raise BadRow(f"missing field {field!r}")
    if isinstance(conversation, str) and conversation.lstrip().startswith("["):  # a CSV export: JSON in a cell
        try:
            conversation = json.loads(conversation)
        except (json.JSONDecodeError, RecursionError):
            raise BadRow(f"field {field!r} is a string that is not a JSON list of turns") from None
    if not isinstance(conversation, list):
        raise BadRow(f"field {field!r} is {_type_name(conversation)}, expected a list of turns")
    for index, turn in enumerate(conversation):
        if not isinstance(turn, dict):
            raise BadRow(f"turn {index} of {field!r} is {_type_name(turn)}, expected an object with "
                         f"{shape.speaker}/{shape.text}")
        if turn.get(shape.speaker) in shape.users:
            return _turn_text(turn.get(shape.text))
    raise BadRow("no user turn in conversation")


def _chat_log_mapper(source: str, id_field: str, shape: TurnShape = CHAT_LOG_TURNS) -> Mapper:
    def map_row(record: dict[str, Any], source_file: str, source_row: str) -> MapResult:
        text = first_user_turn(record.get(shape.field), shape)
        return Prompt(
            text=text, source=source, language=language_of(record.get("language"), text),
            source_file=source_file, source_row=source_row, conversation_id=_optional_text(record, id_field),
            model=_optional_text(record, "model"), redacted=_flag(record, "redacted", False),
        ), None
    return map_row


def _plain_mapper(source: str) -> Mapper:
    def map_row(record: dict[str, Any], source_file: str, source_row: str) -> MapResult:
        text = _required_text(record, "prompt")
        return Prompt(text=text, source=source, language=language_of(record.get("language"), text),
                      source_file=source_file, source_row=source_row), None
    return map_row


# -- the ParallelPrompt release ------------------------------------------------------------------------------
def _release_data(value: object) -> list[str] | None:
    """`data` as published: a JSON string, a Python list literal (the CSV), or an actual list (JSONL)."""
    if _is_missing(value):
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except (json.JSONDecodeError, RecursionError):
            try:
                value = ast.literal_eval(value.strip())
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                raise BadRow("field 'data' is neither a JSON nor a Python list literal") from None
    if value is None:
        return None
    if not isinstance(value, (list, tuple)):
        raise BadRow(f"field 'data' is {_type_name(value)}, expected a list")
    items: list[str] = []
    for item in value:
        if isinstance(item, str):
            items.append(_storable(item, "field 'data'"))
        elif isinstance(item, (int, float)) and not isinstance(item, bool):
            items.append(str(item))
        else:
            raise BadRow(f"field 'data' holds a {_type_name(item)}, expected strings")
    return items


def _release_n(value: object) -> int | None:
    """`n` is a float in the published Parquet (NaN when absent); it must be a whole, positive number."""
    if _is_missing(value) or isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise BadRow(f"field 'n' is {_quoted(value)}, expected a number") from None
    if math.isnan(number):
        return None
    if not number.is_integer() or number < 0:
        raise BadRow(f"field 'n' is {_quoted(value)}, expected a whole number >= 0")
    return int(number)


def _release_tier(record: dict[str, Any], reasons: list[Reason]) -> str | None:
    tier = _optional_text(record, "validation_tier")
    if tier is not None:
        tier = tier.strip().lower()
        if tier in TIERS:
            return tier
        reasons.append(Reason(rule="release-unknown-tier",
                              message=f"release tier {_quoted(tier)} is not high/medium/low", field="tier"))
    if not _flag(record, "validation_passed", True):
        reasons.append(Reason(rule="release-validation-failed", message="the release marks this row as failing "
                              "validation (validation_passed = false)", field="tier"))
        return "low"
    return None


def map_release_row(record: dict[str, Any], source_file: str, source_row: str) -> MapResult:
    """A row of the ParallelPrompt release (CSV of the paper or Hugging Face columns) -> prompt + schema."""
    text = _required_text(record, "prompt")
    reasons: list[Reason] = []
    data = _release_data(record.get("data"))
    n = _release_n(record.get("n"))
    if data is not None and n is not None:
        reasons.append(Reason(rule="release-data-and-n", field="n",
                              message=f"the release row has both data ({len(data)} items) and n={n}; kept data"))
        n = None
    source_index = _optional_text(record, "source_index")
    prompt = Prompt(text=text, source=_optional_text(record, "source") or "parallelprompt",
                    language=language_of(record.get("language"), text), source_file=source_file,
                    source_row=source_index if source_index is not None else source_row)
    schema = Schema(
        prompt_id=prompt.id, extractor=RELEASE_EXTRACTOR, extractor_version=RELEASE_EXTRACTOR_VERSION,
        parallelizable=_flag(record, "parallelizable", True), category=_optional_text(record, "category"),
        serial=_optional_text(record, "serial"), template=_optional_text(record, "template"),
        context=_optional_text(record, "context"), data=data, n=n, tier=_release_tier(record, reasons),
        reasons=reasons, novel_category=_flag(record, "is_novel_category", False),
        category_description=_optional_text(record, "category_description"),
    )
    return prompt, schema


RELEASE_COLUMNS = ("source", "source_index", "prompt", "parallelizable", "category", "is_novel_category",
                   "category_description", "serial", "template", "context", "data", "n", "validation_passed",
                   "validation_tier")


def _chat_log_format(name: str, id_field: str, shape: TurnShape = CHAT_LOG_TURNS,
                     others: tuple[str, ...] = ("model", "language", "redacted")) -> RowFormat:
    """A chat-log row format labelled `name`: its id field, its turns (`shape.field`, without which no row can be
    read) and the `others` of the mapper's fields its rows may carry (Parquet reads only these columns)."""
    return RowFormat(name, _chat_log_mapper(name, id_field, shape), (id_field, shape.field, *others), shape.field)


LMSYS = _chat_log_format("lmsys", "conversation_id")
WILDCHAT = _chat_log_format("wildchat", "conversation_hash")
ARENA = _chat_log_format("arena", "question_id", ARENA_TURNS, ("language",))
SHAREGPT = _chat_log_format("sharegpt", "id", SHAREGPT_TURNS, ("model", "language"))
CHAT_MESSAGES = _chat_log_format("messages", "id", MESSAGE_TURNS, ("model", "language"))
RELEASE = RowFormat("parallelprompt", map_release_row, RELEASE_COLUMNS, "prompt")


def plain_format(source: str) -> RowFormat:
    """Records with a `prompt` field (JSONL, CSV, Parquet) or one prompt per line (text), labelled `source`."""
    return RowFormat(source, _plain_mapper(source), ("prompt", "language"), "prompt")
