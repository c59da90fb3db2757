"""The reports' hand-made store (tests/studio/reports/conftest.py): the same runs are scored here."""

from __future__ import annotations

import pytest

from store import Store
from tests.studio.reports.conftest import fill_store


@pytest.fixture
def filled_store(store: Store) -> Store:
    return fill_store(store)
