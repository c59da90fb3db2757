"""Untrusted text (prompts, model answers, server replies) leaving the program: one rule per destination.

Every writer of such text calls the function for its destination; there is no other copy of these rules.

- terminal (Rich markup via `cli.common.safe`, the studio's `rich.text.Text`, plain stdout): `visible_text`.
  Every character Python does not call printable is shown as its escape (`\\x1b`, `\\u202e`) instead of being
  obeyed: C0 and C1 controls (ESC, BEL, and the 8-bit CSI/OSC/DCS/APC/PM introducers, so no escape sequence can
  start), DEL, bidi overrides, isolates and marks, other format characters, lone surrogates. Newline and tab
  are kept. A whole rendered document (a report on stdout) goes through `terminal_document`, which also keeps
  CR LF line ends.
- JSON: `json_document`. The same characters become `\\uXXXX` escapes, so the document decodes to exactly the
  original data and nothing raw reaches whoever prints it.
- CSV: `csv_table`, or `write_csv` to a stream. QUOTE_MINIMAL with CR LF row ends, so any field holding CR or LF
  is quoted, and `csv_cell` puts an apostrophe before text a spreadsheet would run as a formula (= + - @ tab CR,
  also after leading whitespace).
- Parquet (`ppstudio export`): the text as it is. Parquet is typed data for programs, not a display; nothing in
  it is interpreted, and an exact round trip needs the original characters.
- Markdown: `markdown_text`. One line, controls shown as above, HTML escaped, Markdown metacharacters
  (pipes, backticks, emphasis, links, headings) backslashed: a table cell stays one inert cell.
- HTML: `html_text`: controls shown as above (a browser obeys bidi overrides too: U+202E would show a cell's text
  reversed), then `html.escape`; the report also forbids scripts with a Content-Security-Policy.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

_KEPT = "\n\t\u200c\u200d"  # line ends, tabs, and the joiners real words need (Persian ZWNJ, emoji ZWJ sequences)
_CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MARKDOWN_SPECIAL = str.maketrans({ch: "\\" + ch for ch in "\\`*_[]|#~!$"})


# -- text that is not text -----------------------------------------------------------------------------------------
_SURROGATE = re.compile("[\ud800-\udfff]")


def lone_surrogate_at(text: str) -> int | None:
    """Where a JSON escape left half a surrogate pair in `text` ("\\ud800" alone), or None: no UTF-8 text, the store
    and a terminal included, can hold one, so such text is refused where it comes in. (`isascii` is constant-time,
    so ASCII text is not searched.)"""
    found = None if text.isascii() else _SURROGATE.search(text)
    return None if found is None else found.start()


# -- terminal -------------------------------------------------------------------------------------------------------
def visible_char(ch: str) -> str:
    """`ch` itself when a terminal shows it; else its escape, sized so it reads unambiguously (\\xNN, \\uNNNN)."""
    if ch in _KEPT or ch.isprintable():
        return ch
    code = ord(ch)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def visible_text(text: str) -> str:
    if text.isprintable():  # the common case skips the per-character pass
        return text
    return "".join(visible_char(ch) for ch in text)


def terminal_document(text: str) -> str:
    """A rendered document (Markdown, HTML, CSV, JSON) for stdout: `visible_text`, keeping CR LF line ends."""
    return "\r\n".join(visible_text(line) for line in text.split("\r\n"))


# -- JSON -----------------------------------------------------------------------------------------------------------
def _json_escaped(ch: str) -> str:
    return ch if ch.isprintable() else json.dumps(ch)[1:-1]


def json_document(document: Any, *, indent: int | None = 2) -> str:
    """`document` as JSON whose text is all printable: unprintable characters inside strings are \\u escapes."""
    text = json.dumps(document, ensure_ascii=False, indent=indent, default=str)
    # Outside strings json.dumps writes only ASCII punctuation, spaces and (indenting) newlines, so every
    # unprintable character left is inside a string, where its \u escape means the same character.
    return "\n".join(line if line.isprintable() else "".join(_json_escaped(ch) for ch in line)
                     for line in text.split("\n"))


# -- CSV ------------------------------------------------------------------------------------------------------------
def csv_cell(text: str) -> str:
    """Text a spreadsheet would run as a formula gets an apostrophe in front (CSV injection)."""
    formula = text.startswith(_CSV_FORMULA_START) or text.lstrip().startswith(_CSV_FORMULA_START)
    return "'" + text if formula else text


def _csv_value(value: Any) -> Any:
    if isinstance(value, str):
        return csv_cell(value)
    if isinstance(value, bool):  # what spreadsheets, DuckDB and pandas read as a boolean
        return "true" if value else "false"
    return "" if value is None else value


def write_csv(stream: TextIO, columns: Sequence[str], records: Iterable[Mapping[str, Any]]) -> int:
    """A header row and one row per record (missing keys and None empty, other keys ignored, booleans `true` or
    `false`), every text cell guarded by `csv_cell`; fields with separators, quotes, CR or LF are quoted, rows end
    in CR LF. Written row by row, so an export of any size runs in flat memory; returns the rows written."""
    writer = csv.DictWriter(stream, fieldnames=list(columns), extrasaction="ignore", lineterminator="\r\n",
                            quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow({key: _csv_value(value) for key, value in record.items()})
        count += 1
    return count


def csv_table(columns: Sequence[str], records: Iterable[Mapping[str, Any]]) -> str:
    """`write_csv` into a string."""
    buffer = io.StringIO()
    write_csv(buffer, columns, records)
    return buffer.getvalue()


# -- Markdown and HTML ----------------------------------------------------------------------------------------------
def markdown_text(text: str) -> str:
    """Untrusted text for a Markdown table cell or line: one line, controls shown, HTML escaped, Markdown
    metacharacters backslashed."""
    return html.escape(visible_text(" ".join(text.split())), quote=False).translate(_MARKDOWN_SPECIAL)


def html_text(text: str) -> str:
    """Untrusted text for HTML content or a quoted attribute: controls and bidi marks shown, markup escaped."""
    return html.escape(visible_text(text))
