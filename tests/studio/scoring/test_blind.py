"""A blind A/B choice is decoded back to serial / parallel / tie whichever answer was shown as A."""

from __future__ import annotations

from studio.scoring import decode_choice


def test_decode_choice() -> None:
    assert decode_choice("A", "serial") == "serial"
    assert decode_choice("B", "serial") == "parallel"
    assert decode_choice("A", "parallel") == "parallel"
    assert decode_choice("B", "parallel") == "serial"
    assert decode_choice("tie", "parallel") == "tie"
