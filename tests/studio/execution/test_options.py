"""`RunOptions`: its defaults are the `[run]` settings' (one source), every value is checked once, here."""

from __future__ import annotations

from dataclasses import fields

import pytest

from studio.config import RunSettings
from studio.execution.options import RunOptions


def test_the_defaults_shared_with_the_settings_are_the_settings_defaults() -> None:
    settings = RunSettings()
    options = RunOptions()
    for setting in fields(RunSettings):
        assert getattr(options, setting.name) == getattr(settings, setting.name), setting.name
    assert RunOptions.from_settings(settings) == options


def test_settings_and_flags_both_reach_the_options() -> None:
    settings = RunSettings(trials=5, concurrency=4, max_tokens=9, temperature=0.5, seed=2, diversity="index",
                           timeout_s=3.0, retries=1)
    options = RunOptions.from_settings(settings, trials=None, seed=7, use_cache=False)  # None: flag not given
    assert (options.trials, options.concurrency, options.max_tokens, options.temperature, options.diversity,
            options.timeout_s, options.retries) == (5, 4, 9, 0.5, "index", 3.0, 1)
    assert options.seed == 7 and not options.use_cache
    assert RunOptions.from_params({"options": options.to_params()}) == options


@pytest.mark.parametrize(("field", "value", "said"), [
    ("diversity", "x", "diversity must be one of seed, letter, index (got 'x')"),
    ("aggregation", "sum", "aggregation must be one of concat, merge (got 'sum')"),
    ("client", "curl", "client must be one of aiohttp, openai (got 'curl')"),
])
def test_a_bad_choice_is_refused_whoever_makes_the_options(field: str, value: str, said: str) -> None:
    with pytest.raises(ValueError, match=said.replace("(", r"\(").replace(")", r"\)")):
        RunOptions(**{field: value})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="diversity must be one of"):
        RunOptions.from_settings(RunSettings(diversity="bogus"))  # from ppstudio.toml or PPSTUDIO_RUN_DIVERSITY
