"""Configuration precedence: defaults < ppstudio.toml < PPSTUDIO_* environment variables (flags come last)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from studio.cli import app
from studio.config import ConfigError, load_settings


def test_score_settings_from_file_then_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PPSTUDIO_SCORE_EMBEDDING_PRECISION", raising=False)
    monkeypatch.delenv("PPSTUDIO_CONFIG", raising=False)
    assert load_settings(tmp_path / "absent.toml").score.embedding_precision == "auto"
    config = tmp_path / "ppstudio.toml"
    config.write_text('[score]\nembedding_precision = "float32"\n[run]\nmax_tokens = 99\n', encoding="utf-8")
    settings = load_settings(config)
    assert settings.score.embedding_precision == "float32" and settings.run.max_tokens == 99
    monkeypatch.setenv("PPSTUDIO_SCORE_EMBEDDING_PRECISION", "bfloat16")
    assert load_settings(config).score.embedding_precision == "bfloat16"


def test_unknown_setting_names_the_table(tmp_path: Path) -> None:
    config = tmp_path / "ppstudio.toml"
    config.write_text("[score]\nprecision = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[score\]: unknown setting 'precision'"):
        load_settings(config)


def test_default_store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PPSTUDIO_DB", raising=False)
    monkeypatch.delenv("PPSTUDIO_CONFIG", raising=False)
    assert load_settings(tmp_path / "absent.toml").db == "ppstudio.db"


BAD_FILES = (
    ('[run]\nconcurrency = "lots"\n', r"ppstudio\.toml \[run\] concurrency: must be a whole number, not 'lots'"),
    ("[run]\nconcurrency = true\n", r"\[run\] concurrency: must be a whole number, not True"),
    ('[run]\ntemperature = "hot"\n', r"\[run\] temperature: must be a number, not 'hot'"),
    ("[backend]\nmodel = 3\n", r"\[backend\] model: must be text, not 3"),
    ("db = 1\n", r"ppstudio\.toml db: must be text, not 1"),
    ("run = 5\n", r"ppstudio\.toml \[run\]: must be a table of settings, not 5"),
    ("[run\nconcurrency = 1\n", r"ppstudio\.toml: not valid TOML: "),
    ("[rnu]\nconcurrency = 1\n", r"ppstudio\.toml: unknown setting 'rnu' \(known: db, backend, run, score, curate\)"),
)


@pytest.mark.parametrize(("content", "message"), BAD_FILES)
def test_bad_file_values_name_the_setting_and_the_file(content: str, message: str, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PPSTUDIO_DB", raising=False)
    config = tmp_path / "ppstudio.toml"
    config.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_settings(config)


def test_a_file_that_is_not_utf8_is_a_config_error(tmp_path: Path) -> None:
    config = tmp_path / "ppstudio.toml"
    config.write_bytes(b'[run]\nmodel = "caf\xe9"\n')  # Latin-1, as an editor on another system might save it
    with pytest.raises(ConfigError, match=r"ppstudio\.toml: not valid TOML: not UTF-8"):
        load_settings(config)


def test_a_config_file_named_by_the_environment_must_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PPSTUDIO_CONFIG", str(tmp_path / "typo.toml"))
    with pytest.raises(ConfigError, match=r"environment variable PPSTUDIO_CONFIG: no file at .*typo\.toml"):
        load_settings()
    (tmp_path / "typo.toml").write_text("[run]\nmax_tokens = 7\n", encoding="utf-8")
    assert load_settings().run.max_tokens == 7


@pytest.mark.parametrize(("variable", "value", "message"), (
    ("PPSTUDIO_RUN_CONCURRENCY", "abc", "environment variable PPSTUDIO_RUN_CONCURRENCY: must be a whole number, "
                                        "not 'abc'"),
    ("PPSTUDIO_RUN_TIMEOUT_S", "soon", "environment variable PPSTUDIO_RUN_TIMEOUT_S: must be a number, not 'soon'"),
    ("PPSTUDIO_BACKEND_SLOTS", "1.5", "environment variable PPSTUDIO_BACKEND_SLOTS: must be a whole number"),
))
def test_bad_environment_values_name_the_variable(variable: str, value: str, message: str, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError, match=message):
        load_settings(tmp_path / "absent.toml")


def test_environment_numbers_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PPSTUDIO_RUN_CONCURRENCY", " 12 ")
    monkeypatch.setenv("PPSTUDIO_RUN_TEMPERATURE", "0.5")
    monkeypatch.setenv("PPSTUDIO_BACKEND_MODEL", "m")
    settings = load_settings(tmp_path / "absent.toml")
    assert (settings.run.concurrency, settings.run.temperature, settings.backend.model) == (12, 0.5, "m")


@pytest.mark.parametrize("command", [["stats"], ["runs", "--json"], ["report"], ["ingest", "x.txt"],
                                     ["serve", "--backend", "sim"]])
@pytest.mark.parametrize(("source", "setting"), [("file", "concurrency"), ("env", "PPSTUDIO_RUN_CONCURRENCY")])
def test_every_command_reports_a_config_error_in_one_line(command: list[str], source: str, setting: str,
                                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PPSTUDIO_CONFIG", raising=False)
    if source == "file":
        (tmp_path / "ppstudio.toml").write_text('[run]\nconcurrency = "lots"\n', encoding="utf-8")
    else:
        monkeypatch.setenv("PPSTUDIO_RUN_CONCURRENCY", "abc")
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and setting in lines[0], result.output
    assert list(tmp_path.iterdir()) == ([tmp_path / "ppstudio.toml"] if source == "file" else [])


def test_a_value_refused_where_its_range_is_checked_names_its_source(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Types are checked on reading, ranges and choices by `RunOptions`; its error still says where a setting came
    from, and a flag that replaces a bad setting replaces its source too."""
    from studio.execution.options import OptionsError, RunOptions

    monkeypatch.delenv("PPSTUDIO_CONFIG", raising=False)
    config = tmp_path / "ppstudio.toml"
    config.write_text('[run]\ndiversity = "foo"\nretries = -1\n', encoding="utf-8")
    monkeypatch.setenv("PPSTUDIO_RUN_TRIALS", "0")
    settings = load_settings(config)
    assert settings.origins_of("run") == {"diversity": f"{config} [run] diversity", "retries": f"{config} [run] retries",
                                          "trials": "environment variable PPSTUDIO_RUN_TRIALS"}
    with pytest.raises(OptionsError) as refused:
        RunOptions.from_settings(settings.run, settings.origins_of("run"))
    assert str(refused.value) == (
        "trials must be at least 1 (got 0, set by environment variable PPSTUDIO_RUN_TRIALS); "
        f"diversity must be one of seed, letter, index (got 'foo', set by {config} [run] diversity); "
        f"retries must not be negative (got -1, set by {config} [run] retries)")
    options = RunOptions.from_settings(settings.run, settings.origins_of("run"), trials=2, diversity="seed", retries=0)
    assert (options.trials, options.diversity, options.retries) == (2, "seed", 0)
    with pytest.raises(OptionsError, match=r"^trials must be at least 1 \(got 0\)$"):  # a flag's own value: no source
        RunOptions.from_settings(settings.run, settings.origins_of("run"), trials=0, diversity="seed", retries=0)
    assert settings.with_run(trials=2).origins_of("run") == {"diversity": f"{config} [run] diversity",
                                                             "retries": f"{config} [run] retries"}


def test_the_serial_budget_is_a_run_setting_checked_like_the_others(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """`[run] serial_budget` (or PPSTUDIO_RUN_SERIAL_BUDGET) is the default of `--serial-budget`: one of same and
    sum, refused otherwise naming where it was set."""
    from studio.execution.options import OptionsError, RunOptions

    monkeypatch.delenv("PPSTUDIO_CONFIG", raising=False)
    config = tmp_path / "ppstudio.toml"
    config.write_text('[run]\nserial_budget = "sum"\nmax_tokens = 64\n', encoding="utf-8")
    options = RunOptions.from_settings(load_settings(config).run)
    assert (options.serial_budget, options.serial_max_tokens(5), options.serial_max_tokens(0)) == ("sum", 320, 64)
    assert RunOptions(max_tokens=64).serial_max_tokens(5) == 64  # the default: `same`
    monkeypatch.setenv("PPSTUDIO_RUN_SERIAL_BUDGET", "double")
    settings = load_settings(config)
    with pytest.raises(OptionsError, match=r"serial_budget must be one of same, sum \(got 'double', set by "
                                           r"environment variable PPSTUDIO_RUN_SERIAL_BUDGET\)"):
        RunOptions.from_settings(settings.run, settings.origins_of("run"))
