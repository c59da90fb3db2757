"""Reading model JSON: recovery from prose, fences and Python literals; the strict schema a model class sends; the
validation messages."""

from __future__ import annotations

import json
from typing import Literal

import pytest
from pydantic import BaseModel, field_validator

from studio.llm.answers import recover_json_object, strict_json_schema, validate_answer


@pytest.mark.parametrize("text, expected", [
    ('{"a": 1}', {"a": 1}),
    ('noise {"a": {"b": "}"}, } trailing', {"a": {"b": "}"}}),
    ('```\n{"a": [1, 2,],}\n```', {"a": [1, 2]}),
    ("{'a': 1}", None),
    ('{"a": True, "b": None}', {"a": True, "b": None}),
    ('first {"x": "y"} second {"z": 1}', {"x": "y"}),
    ("no json at all", None),
    ('{"unclosed": "yes"', None),
])
def test_recover_json_object(text: str, expected: dict | None) -> None:
    assert recover_json_object(text) == expected


def test_recovery_ignores_braces_commas_and_literals_inside_strings() -> None:
    text = 'Answer: {"t": "keep , } and True, None", "q": "say \\"{x}\\"", "ok": True,}'
    assert recover_json_object(text) == {"t": "keep , } and True, None", "q": 'say "{x}"', "ok": True}


class Item(BaseModel):
    """An item (docstrings are not sent)."""

    name: str
    size: int | None = None


class Basket(BaseModel):
    owner: str = "nobody"
    kind: Literal["box", "bag"] = "box"
    items: list[Item] = []
    best: Item | None = None

    @field_validator("owner", mode="before")
    @classmethod
    def _owner(cls, value: object) -> object:
        if value == "?":
            raise ValueError("owner is unknown: '?'")
        return value


def test_the_strict_schema_requires_everything_and_allows_nothing_else() -> None:
    schema = strict_json_schema(Basket)
    assert schema["required"] == ["owner", "kind", "items", "best"] and schema["additionalProperties"] is False
    item = schema["properties"]["items"]["items"]  # a $ref inlined
    assert item["required"] == ["name", "size"] and item["additionalProperties"] is False
    assert schema["properties"]["best"]["anyOf"][0]["properties"]["name"] == {"type": "string"}
    assert schema["properties"]["kind"] == {"enum": ["box", "bag"], "type": "string"}

    text = json.dumps(schema)  # no property of these models is named like a keyword
    assert not [word for word in ("$ref", "$defs", "title", "default", "description") if f'"{word}":' in text]


def test_validation_keeps_the_validators_words_and_locates_the_rest() -> None:
    assert validate_answer({"owner": "ann", "items": [{"name": "pear"}]}, Basket)[0] == Basket(
        owner="ann", items=[Item(name="pear")])
    value, problem = validate_answer({"owner": "?", "kind": "crate"}, Basket)
    assert value is None and problem is not None
    assert "owner is unknown: '?'" in problem and "Value error" not in problem
    assert "kind: Input should be 'box' or 'bag'" in problem
