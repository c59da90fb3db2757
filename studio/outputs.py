"""Files the tool writes for a person (reports, exports): complete or not there at all.

Why: a report or an export killed halfway (Ctrl-C, a full disk, the process killed) must not leave a cut-off file
where a complete one is expected, nor destroy the complete one an earlier run wrote. Each is written under a
temporary name beside its path and renamed over it only once written (a rename within a folder is atomic).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any


@contextmanager
def replaced_when_written(path: Path, *, binary: bool = False, newline: str | None = None) -> Iterator[IO[Any]]:
    """A file to write `path`'s content into: it becomes `path` when the block ends without an error; on an error
    (or an interruption) it is removed and `path` is left as it was. Made with the default permissions, like the
    file it replaces (a killed process leaves only a hidden `.NAME.*.part` beside it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.part")
    try:
        with (partial.open("xb") if binary else partial.open("x", encoding="utf-8", newline=newline)) as stream:
            yield stream
        os.replace(partial, path)
    except BaseException:
        with suppress(FileNotFoundError):
            partial.unlink()
        raise


def write_text_whole(path: Path, text: str) -> None:
    """`text` as the UTF-8 content of `path`, all of it or nothing (`replaced_when_written`)."""
    with replaced_when_written(path) as stream:
        stream.write(text)
