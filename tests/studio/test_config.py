"""Configuration precedence: defaults < ppstudio.toml < PPSTUDIO_* environment variables (flags come last)."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.config import load_settings


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
    with pytest.raises(ValueError, match=r"\[score\]: unknown setting 'precision'"):
        load_settings(config)
