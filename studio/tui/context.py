"""What the studio's screens work with: the store, the settings, the backends, the judge's name and the A/B order.

The app makes one `Studio` and hands it to each screen it pushes, so a screen never reaches for the app to find
its store (and no screen module imports the app).
"""

from __future__ import annotations

import random
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from store import Store
from studio.backends import sim_label
from studio.backends.base import shown_url
from studio.config import BackendSettings, Settings

if TYPE_CHECKING:
    from studio.backends.base import Endpoint  # only a type here


class EndpointHolder:
    """Opens the backend once, lazily (the embedded engine takes seconds to start), and closes it on exit."""

    def __init__(self, settings: Settings, endpoint: Endpoint | None) -> None:
        self.settings = settings
        self.endpoint = endpoint
        self._context: AbstractContextManager[Endpoint] | None = None

    def describe(self) -> str:
        """What this holder opens, for a person choosing between backends."""
        if self.endpoint is not None:
            return f"{self.endpoint.label} ({self.endpoint.model})"
        backend = self.settings.backend
        if backend.base_url:
            return f"{shown_url(backend.base_url)} ({backend.model or 'its first model'})"
        return f"{sim_label(backend.sim_profile)} (simulated)" if backend.backend == "sim" else "the embedded engine"

    @property
    def is_embedded(self) -> bool:
        backend = self.settings.backend
        return self.endpoint is None and not backend.base_url and backend.backend == "embedded"

    def get(self, min_slots: int = 1) -> Endpoint:
        """The open endpoint; blocking on first use, so call it from a thread worker. The engine gets slots for
        the first run's widest fan-out (at least the configured slots); a later, wider run queues at the engine
        and is flagged `capped` (the endpoint carries the slots)."""
        if self.endpoint is None:
            from studio.backends import open_endpoint

            context = open_endpoint(self.settings.backend, min_slots=min_slots)
            self.endpoint = context.__enter__()
            self._context = context
        return self.endpoint

    @property
    def started(self) -> bool:
        """Whether a backend was started here (and so needs stopping)."""
        return self._context is not None

    def close(self) -> None:
        if self._context is not None:
            self._context.__exit__(None, None, None)
            self._context = None
            self.endpoint = None


@dataclass
class Studio:
    """One studio session: `endpoints` is the configured backend (live runs, the judge); `embedded` the engine on
    this machine, for a judge run there instead; `rng` draws the blind A/B order (seedable for tests)."""

    store: Store
    settings: Settings
    judge: str
    rng: random.Random
    endpoints: EndpointHolder
    embedded: EndpointHolder

    @classmethod
    def open(cls, store: Store, settings: Settings, *, judge: str, seed: int | None,
             endpoint: Endpoint | None) -> Studio:
        """`endpoint`: an already open backend (tests pass the simulator's); without it the configured one is
        opened on first use."""
        embedded = BackendSettings(slots=settings.backend.slots, ctx_per_slot=settings.backend.ctx_per_slot,
                                   model_path=settings.backend.model_path)
        return cls(store=store, settings=settings, judge=judge, rng=random.Random(seed),
                   endpoints=EndpointHolder(settings, endpoint),
                   embedded=EndpointHolder(replace(settings, backend=embedded), None))

    @property
    def started(self) -> bool:
        """Whether a backend was started for this session (stopping the engine takes seconds)."""
        return self.endpoints.started or self.embedded.started

    def close(self) -> None:
        """Stop any backend started for this session."""
        self.endpoints.close()
        self.embedded.close()
