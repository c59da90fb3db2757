"""One fixed comparison along listed dimensions is parallel; comparing the items with each other is not."""

from __future__ import annotations

import pytest

from tests.studio.curation.rules.support import accepted, rejected


@pytest.mark.parametrize(("text", "items"), [
    ("Compare trains and planes in terms of price, speed and comfort.", ["price", "speed", "comfort"]),
    ("Compare the iPhone 15 and the Pixel 8 in terms of camera, battery life and price.",
     ["camera", "battery life", "price"]),
    ("What are the effects of driving an electric car versus a diesel car on both the climate and local air "
     "quality?", ["climate", "local air quality"]),
])
def test_comparison_along_dimensions(text: str, items: list[str]) -> None:
    schema = accepted(text)
    assert schema.category == "Comparative Analysis" and schema.data == items


@pytest.mark.parametrize("text", [
    "Compare trains, planes and buses and tell me which is best.",
    "Which is better for a beginner, Python or JavaScript? Compare them.",
])
def test_comparison_between_items_is_not_parallel(text: str) -> None:
    rejected(text)
