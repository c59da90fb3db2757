"""The rule-family tests check the rules and the structural validator. The learned gate on top (a data artifact,
retrained whenever the rules change) can only lower a tier; its own tests are in tests/studio/curation/test_gate.py."""

from __future__ import annotations

import pytest

from studio.curation import gate


@pytest.fixture(autouse=True)
def without_the_learned_gate(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gate, "shipped_model", lambda: None)
