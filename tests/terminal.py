"""Running `ppstudio` on a real pseudo-terminal, and what a terminal would obey in what it received.

Shared by the tests that check untrusted text never drives the terminal (studio/untrusted.py).
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# OSC 52 (clipboard write), CSI 2J (clear screen), OSC 8 (hyperlink), DCS, APC, PM, SOS, their 8-bit C1 forms,
# BEL, and the bidi overrides, isolates and marks of "Trojan Source".
HOSTILE = ("\x1b]52;c;UFdORUQ=\x07 \x1b[2J \x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\ "
           "\x1bP1$r\x1b\\ \x1b_apc\x1b\\ \x1b^pm\x1b\\ \x1bXsos\x1b\\ \x9b2J \x9d0;title\x9c \x90dcs\x9c \x9fapc\x9c "
           "\x9epm\x9c \x07 \u202eevil\u202c \u202a\u202b\u202d \u2066iso\u2069 \u2067\u2068 \u200e\u200f \u061c")


def obeyed(output: str) -> list[str]:
    """Characters a terminal would act on rather than show: ESC, BEL, every other C0/C1 control, bidi and other
    format characters. Line ends are allowed (a pty turns "\\n" into "\\r\\n"; CSV rows end in "\\r\\n")."""
    while "\r\n" in output:
        output = output.replace("\r\n", "\n")
    return [ch for ch in output if ch not in "\n\t" and unicodedata.category(ch) in ("Cc", "Cf", "Cs")]


def foreign_sequences(output: str) -> list[str]:
    """For output that may carry the program's own colours (Rich emits CSI SGR and cursor sequences): anything
    beyond those — OSC, DCS, APC, PM, SOS, screen clears, BEL, C1 controls, bidi controls."""
    found = [marker for marker in ("\x1b]", "\x1bP", "\x1b_", "\x1b^", "\x1bX", "\x1b[2J", "\x07") if marker in output]
    return found + [ch for ch in output if 0x80 <= ord(ch) < 0xA0 or unicodedata.category(ch) == "Cf"]


def cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from studio.cli import main; main()", *args]


def cli_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
            "TERM": "xterm-256color", "COLUMNS": "120", **extra}


def on_a_terminal(*args: str, **env: str) -> str:
    """Run the CLI with stdout and stderr on a pseudo-terminal; everything the terminal received, decoded strictly
    (a stray 8-bit C1 byte would fail here). The command must succeed."""
    master, slave = pty.openpty()
    process = subprocess.Popen(cli(*args), cwd=ROOT, env=cli_env(**env), stdin=subprocess.DEVNULL, stdout=slave,
                               stderr=slave)
    os.close(slave)
    received = bytearray()
    try:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            received += chunk
    finally:
        os.close(master)
        assert process.wait(timeout=120) == 0, received.decode("utf-8", "replace")
    return received.decode("utf-8")


def piped(*args: str, **env: str) -> str:
    """Run the CLI with stdout on a pipe; its stdout, decoded strictly. The command must succeed."""
    done = subprocess.run(cli(*args), cwd=ROOT, env=cli_env(**env), capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.decode("utf-8")
