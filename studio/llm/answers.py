"""Reading a model's JSON answer into a pydantic model, and the JSON Schema that asks for it.

The model class is the one description of an answer: its strict JSON Schema is what a `json_schema` request sends
(every property required and `additionalProperties: false` on every object, as OpenAI's strict mode demands; `$ref`s
inlined; titles, defaults and docstrings left out: they are for us, not the model), and its validators are where
leniency lives (a model may write "true" for true, or "Answer B" for "B"), so the same rules read answers from every
response format and from the cache.

Finding the JSON in a reply is forgiving because small models wrap it in prose or fences and write Python literals:
the whole text, a fenced block, or the first balanced object; trailing commas and True/False/None are repaired,
outside strings only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)
_SCHEMA_NOISE = ("title", "default", "description")  # pydantic fills them from names, defaults and docstrings

_FENCE = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)```", re.DOTALL)
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
_PY_LITERAL = re.compile(r"\b(?:True|False|None)\b")
_PY_LITERALS = {"True": "true", "False": "false", "None": "null"}


def _segments(text: str, position: int = 0) -> Iterator[tuple[int, int, bool]]:
    """(start, end, is_string) pieces of text from `position`, so structure is only read outside JSON strings."""
    for match in _JSON_STRING.finditer(text, position):
        if match.start() > position:
            yield position, match.start(), False
        yield match.start(), match.end(), True
        position = match.end()
    if position < len(text):
        yield position, len(text), False


def _object_end(text: str, start: int) -> int | None:
    """The end of the `{...}` opening at `start`, or None when it never closes."""
    depth = 0
    for begin, end, is_string in _segments(text, start):
        if is_string:
            continue
        for index in range(begin, end):
            if text[index] == "{":
                depth += 1
            elif text[index] == "}":
                depth -= 1
                if depth == 0:
                    return index + 1
    return None


def _balanced_objects(text: str) -> Iterator[str]:
    """Each top-level `{...}` in text, in order (braces inside strings do not count)."""
    start = text.find("{")
    while start != -1:
        end = _object_end(text, start)
        if end is None:
            return
        yield text[start:end]
        start = text.find("{", end)


def _repair(candidate: str) -> str:
    """Drop trailing commas and turn Python literals into JSON, outside strings only."""
    def outside(piece: str) -> str:
        piece = _TRAILING_COMMA.sub(lambda match: match.group(1), piece)
        return _PY_LITERAL.sub(lambda match: _PY_LITERALS[match.group(0)], piece)

    return "".join(candidate[begin:end] if is_string else outside(candidate[begin:end])
                   for begin, end, is_string in _segments(candidate))


def _loads_object(candidate: str) -> dict[str, Any] | None:
    for attempt in (candidate, _repair(candidate)):
        try:
            value = json.loads(attempt)
        except (json.JSONDecodeError, RecursionError):
            continue
        if isinstance(value, dict):
            return value
    return None


def recover_json_object(text: str) -> dict[str, Any] | None:
    """The JSON object in a model's answer: the whole text, a fenced block, or the first balanced object.

    Trailing commas and Python literals (True/False/None) are repaired; returns None when nothing parses.
    """
    stripped = text.strip()
    candidates = [stripped, *(block.strip() for block in _FENCE.findall(text)), *_balanced_objects(text)]
    for candidate in candidates:
        if candidate:
            found = _loads_object(candidate)
            if found is not None:
                return found
    return None


def strict_json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """`model`'s JSON Schema as a strict `json_schema` response format wants it (see the module docstring)."""
    document = model.model_json_schema()
    definitions: dict[str, Any] = document.pop("$defs", {})

    def strict(node: dict[str, Any]) -> dict[str, Any]:
        if "$ref" in node:  # "#/$defs/Name": our answer models are not recursive, so inlining ends
            node = {**definitions[node["$ref"].rsplit("/", 1)[-1]], **{k: v for k, v in node.items() if k != "$ref"}}
        node = {key: value for key, value in node.items() if key not in _SCHEMA_NOISE}
        if "properties" in node:
            node["properties"] = {name: strict(sub) for name, sub in node["properties"].items()}
            node["required"] = list(node["properties"])
            node["additionalProperties"] = False
        if isinstance(node.get("items"), dict):
            node["items"] = strict(node["items"])
        for combinator in ("anyOf", "oneOf", "allOf"):
            if combinator in node:
                node[combinator] = [strict(option) for option in node[combinator]]
        return node

    return strict(document)


def validate_answer(document: dict[str, Any], model: type[M]) -> tuple[M | None, str | None]:
    """(the answer, None), or (None, what is wrong with it) when the object does not fit the model."""
    try:
        return model.model_validate(document), None
    except ValidationError as exc:
        return None, "; ".join(_problem(error) for error in exc.errors(include_url=False))


def _problem(error: Any) -> str:
    """A validator's own message as it is (it names the field); pydantic's generic ones with their location."""
    if error["type"] == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    where = ".".join(str(part) for part in error["loc"]) or "answer"
    return f"{where}: {error['msg']}"
