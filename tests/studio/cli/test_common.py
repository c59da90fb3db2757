"""The commands' consoles show untrusted text as typed: `safe` escapes markup, and no emoji code is replaced."""

from __future__ import annotations

import pytest
from rich.console import Console

from studio.cli.common import console, err_console, safe


@pytest.mark.parametrize("target", [console, err_console], ids=["stdout", "stderr"])
def test_emoji_codes_and_markup_in_untrusted_text_print_as_typed(target: Console) -> None:
    with target.capture() as captured:
        target.print(safe(":smile: [bold]x[/bold] :thumbs_up:"), highlight=False)
    assert captured.get() == ":smile: [bold]x[/bold] :thumbs_up:\n"
