"""Blind A/B judging by a person: the serial and the parallel answer shown as A and B in random order, each
choice decoded back to serial / parallel / tie before it is stored (the studio's `j` key shows the screen)."""

from __future__ import annotations


def decode_choice(shown: str, a_is: str) -> str:
    """A / tie / B as the judge saw it, turned into serial / parallel / tie."""
    if shown == "tie":
        return "tie"
    other = "parallel" if a_is == "serial" else "serial"
    return a_is if shown == "A" else other
