"""Fixtures and helpers for the execution tests: a store with runnable prompts, simulators with chosen faults, and
collecting a runner's events."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import aclosing

import pytest

from store import Prompt, Run, Schema, Store
from studio.backends.base import Endpoint
from studio.backends.sim import Simulator
from studio.execution.events import Event, RunFinished
from tests.conftest import SimEndpointFactory

from .bad_server import FAULT_MARK

SimFactory = Callable[..., tuple[Endpoint, Simulator]]


@pytest.fixture
def make_sim(sim_endpoint: SimEndpointFactory) -> SimFactory:
    """The shared simulator factory, defaulting to the fast `gpu` profile, returning the endpoint and the
    simulator behind it (request counts, peak concurrency)."""

    def start(profile: str = "gpu", **config: object) -> tuple[Endpoint, Simulator]:
        endpoint = sim_endpoint(profile=profile, **config)  # type: ignore[arg-type]
        return endpoint, sim_endpoint.simulator(endpoint)

    return start


def add_prompt(store: Store, text: str, schema: dict[str, object]) -> str:
    prompt = Prompt(text=text, source="text")
    store.add_prompts([prompt])
    fields: dict[str, object] = {"parallelizable": True, "serial": text, **schema}
    store.add_schema(Schema(prompt_id=prompt.id, extractor="rules", extractor_version="1", **fields))  # type: ignore

    return prompt.id


def two_prompts(store: Store) -> tuple[str, str]:
    """A prompt whose every request carries the bad server's fault mark, and a good one."""
    mark = FAULT_MARK.decode()
    bad = add_prompt(store, f"Translate {mark}: cat; dog", {"category": "translation",
                                                             "template": f"Translate {mark}: {{data}}",
                                                             "data": ["cat", "dog"]})
    good = add_prompt(store, "Translate: sun; moon", {"category": "translation", "template": "Translate: {data}",
                                                      "data": ["sun", "moon"]})
    return bad, good


async def collect(events: AsyncIterator[Event]) -> list[Event]:
    seen: list[Event] = []
    async with aclosing(events) as stream:
        async for event in stream:
            seen.append(event)
    return seen


def finished_runs(events: list[Event]) -> list[Run]:
    return [e.run for e in events if isinstance(e, RunFinished)]


@pytest.fixture
def translation_prompt(store: Store) -> str:
    """Four data items of very different lengths, so branches finish in another order than data order."""
    return add_prompt(store, "Translate these 4 sentences into French: hi; a long sentence about rivers and "
                             "bridges in the morning light; ok; a mid-sized line about gardens.",
                      {"category": "translation", "template": "Translate into French: {data}",
                       "data": ["hi", "a long sentence about rivers and bridges in the morning light", "ok",
                                "a mid-sized line about gardens"], "decomposition_ms": 40.0})


@pytest.fixture
def slogan_prompt(store: Store) -> str:
    return add_prompt(store, "Give me 6 slogans for a bakery.",
                      {"category": "repeated_generation", "template": "Write a slogan for a bakery.", "n": 6,
                       "decomposition_ms": 0.0})
