"""The HTML report in a real headless Chromium: hostile prompts show as text and no script runs."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from store import Store
from studio.reports import build_report, render
from tests.studio.reports.conftest import XSS_IMG, XSS_SCRIPT

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars")


BROWSERS = ("chromium", "chromium-browser", "google-chrome")  # Debian, Ubuntu's snap, Google's package
HOW_TO_INSTALL = ("no Chromium for the HTML-report browser test: install one (`apt-get install chromium` on Debian, "
                  "`snap install chromium` on Ubuntu, or Google Chrome) or point $CHROMIUM at its binary; "
                  "`make test` installs Debian's when run as root with apt-get")


def find_browser() -> str | None:
    """$CHROMIUM when set (a path or a command name), else the first of BROWSERS on the PATH."""
    configured = os.environ.get("CHROMIUM")
    if configured:
        return shutil.which(configured)
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def _chromium() -> str:
    """The browser, or a skip saying how to get one; with PPSTUDIO_REQUIRE_BROWSER=1 (CI) a missing one fails."""
    found = find_browser()
    if found is None:
        if os.environ.get("PPSTUDIO_REQUIRE_BROWSER") == "1":
            pytest.fail(HOW_TO_INSTALL + " (PPSTUDIO_REQUIRE_BROWSER=1: required here)")
        pytest.skip(HOW_TO_INSTALL)
    return found


def _run_chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=90, check=False)


@pytest.mark.slow
def test_hostile_prompts_render_as_text_in_chromium(filled_store: Store, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render(build_report(filled_store), "html"), encoding="utf-8")
    url = page.resolve().as_uri()

    dumped = _run_chromium(["--virtual-time-budget=2000", "--dump-dom", url], tmp_path / "profile-dom")
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    dom = dumped.stdout
    # The payloads would set the title to PWNED / PWNED-IMG and add <b id="pwned">: none of that happened ...
    assert "<title>ParallelPrompt Studio report</title>" in dom
    assert "PWNED</title>" not in dom and "PWNED-IMG</title>" not in dom
    assert 'id="pwned"' not in dom and "<img" not in dom and "<script" not in dom
    # ... and the payloads are on the page as text.
    assert "&lt;script&gt;document.title='PWNED'" in dom
    assert "&lt;img src=x onerror=\"document.title='PWNED-IMG'\"&gt;" in dom
    assert XSS_SCRIPT not in dom and XSS_IMG not in dom

    # Control: the same check does see a script that runs, so the absence above means something.
    control = tmp_path / "control.html"
    control.write_text("<!DOCTYPE html><html><head><title>before</title></head><body>"
                       "<script>document.title='RAN'</script></body></html>", encoding="utf-8")
    ran = _run_chromium(["--virtual-time-budget=2000", "--dump-dom", control.resolve().as_uri()],
                        tmp_path / "profile-control")
    assert "<title>RAN</title>" in ran.stdout

    screenshot = tmp_path / "report.png"
    shot = _run_chromium([f"--screenshot={screenshot}", "--window-size=1280,2000", url], tmp_path / "profile-shot")
    assert shot.returncode == 0, shot.stderr[-2000:]
    assert screenshot.exists() and screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _fake_browsers(folder: Path, *names: str) -> None:
    for name in names:
        (folder / name).write_text("#!/bin/sh\n", encoding="utf-8")
        (folder / name).chmod(0o755)


@pytest.mark.parametrize("name", BROWSERS)
def test_each_known_browser_name_is_found(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_browsers(tmp_path, name)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("CHROMIUM", raising=False)
    assert find_browser() == str(tmp_path / name)


def test_chromium_variable_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_browsers(tmp_path, "chromium", "my-chrome")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "my-chrome"))
    assert find_browser() == str(tmp_path / "my-chrome")


def test_a_missing_browser_skips_unless_required(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.delenv("PPSTUDIO_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        _chromium()
    monkeypatch.setenv("PPSTUDIO_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="required here"):
        _chromium()


@pytest.mark.slow
def test_per_prompt_table_at_1400_px_wraps_the_prompt_and_scrolls_in_its_box(filled_store: Store,
                                                                               tmp_path: Path) -> None:
    """Laid out by Chromium at 1,400 px: the Prompt column is wide enough to read, and the table stays inside the
    page (its box scrolls sideways) instead of pushing columns off the right edge."""
    import json
    import re

    html = render(build_report(filled_store), "html")
    # A copy for measuring only: the report's CSP forbids scripts, so it is taken out and a probe script put in.
    probe = ("<script>addEventListener('load', () => { const box = document.querySelector('.wide');"
             " const th = [...box.querySelectorAll('th')].find(h => h.textContent === 'Prompt');"
             " document.title = JSON.stringify({prompt: th.getBoundingClientRect().width,"
             " box: box.getBoundingClientRect().right, page: document.documentElement.clientWidth,"
             " overflow: document.documentElement.scrollWidth > document.documentElement.clientWidth}); });"
             "</script></body>")
    page = tmp_path / "measure.html"
    page.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html).replace("</body>", probe),
                    encoding="utf-8")
    dumped = _run_chromium(["--window-size=1400,900", "--virtual-time-budget=2000", "--dump-dom",
                            page.resolve().as_uri()], tmp_path / "profile-measure")
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    measured = json.loads(re.search(r"<title>(.*?)</title>", dumped.stdout).group(1).replace("&quot;", '"'))
    assert measured["prompt"] >= 200, measured  # ~18em at 13px, not ~6 characters
    assert measured["box"] <= measured["page"] and not measured["overflow"]
