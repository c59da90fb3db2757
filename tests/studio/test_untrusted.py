"""The one policy for untrusted text leaving the program, destination by destination (studio/untrusted.py)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from studio.untrusted import (
    csv_cell, csv_table, html_text, json_document, markdown_text, terminal_document, visible_text,
)
from tests.terminal import obeyed

C0 = [chr(code) for code in range(0x00, 0x20)]
C1 = [chr(code) for code in range(0x80, 0xA0)]
BIDI = [chr(code) for code in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))]
# Sequences a terminal obeys: OSC 52 (clipboard write), CSI 2J (clear), OSC 8 (hyperlink), DCS, APC, PM, SOS, and
# their 8-bit C1 forms.
SEQUENCES = ["\x1b]52;c;UFdORUQ=\x07", "\x1b[2J", "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",
             "\x1bP1$r\x1b\\", "\x1b_apc\x1b\\", "\x1b^pm\x1b\\", "\x1bXsos\x1b\\", "\x9b2J", "\x9d0;title\x9c",
             "\x90dcs\x9c", "\x9fapc\x9c", "\x9epm\x9c", "\u202eevil\u202c", "\u2066iso\u2069"]
HOSTILE = "answer " + "".join(SEQUENCES) + "".join(C0) + "\x7f" + "".join(C1) + "".join(BIDI) + " \ud800 end"


@pytest.mark.parametrize("ch", [*C0, "\x7f", *C1, *BIDI, "\ud800"])
def test_terminal_shows_every_control_and_bidi_character(ch: str) -> None:
    shown = visible_text(f"a{ch}b")
    if ch in "\n\t":
        assert shown == f"a{ch}b"
    else:
        assert obeyed(shown) == [] and shown.startswith("a\\") and shown.endswith("b")
        assert shown.encode("utf-8")  # nothing unencodable (a lone surrogate would raise on a real stdout)


def test_the_joiners_of_real_words_are_kept_everywhere() -> None:
    """ZWNJ is part of Persian spelling and ZWJ of emoji sequences: shown as escapes, every such word would read
    "\\u200c" in the terminal, the Markdown and the HTML report."""
    persian, family = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    for render in (visible_text, markdown_text, html_text):
        assert render(f"{persian} {family}") == f"{persian} {family}"


def test_terminal_escapes_name_the_code_point_unambiguously() -> None:
    assert visible_text("\x1b[2J") == "\\x1b[2J"
    assert visible_text("\u202eabc") == "\\u202eabc"  # not "\x202e", which reads as \x20 followed by "2e"
    assert visible_text("\U000e0001") == "\\U000e0001"
    assert visible_text("plain text, ünïcode, 漢字, emoji 🙂") == "plain text, ünïcode, 漢字, emoji 🙂"


def test_terminal_document_keeps_line_ends_only() -> None:
    document = "a,b\r\nc\x1b]52;c;x\x07,d\r\ne\rf\n"
    assert terminal_document(document) == "a,b\r\nc\\x1b]52;c;x\\x07,d\r\ne\\x0df\n"
    assert obeyed(terminal_document(HOSTILE)) == []


def test_json_escapes_everything_unprintable_and_loses_nothing() -> None:
    document = {"text": HOSTILE, HOSTILE: [HOSTILE, 1, None]}
    text = json_document(document)
    assert obeyed(text) == []
    assert json.loads(text) == document


def test_csv_quotes_line_breaks_and_guards_formulas_cell_by_cell() -> None:
    cells = ["\r=1+1", " =1+1", "\n@x", "\t=cmd", "+1", "-1+2", "@SUM(A1)", '=HYPERLINK("http://x")',
             "\u00a0=1", "a\r\nb", "a\rb", "plain, with comma", 'quote " inside', "fine", "x=1"]
    guarded = ["'\r=1+1", "' =1+1", "'\n@x", "'\t=cmd", "'+1", "'-1+2", "'@SUM(A1)", '\'=HYPERLINK("http://x")',
               "'\u00a0=1", "a\r\nb", "a\rb", "plain, with comma", 'quote " inside', "fine", "x=1"]
    assert [csv_cell(cell) for cell in cells] == guarded
    records = [{"name": cell, "number": index, "empty": None} for index, cell in enumerate(cells)]
    rows = list(csv.reader(io.StringIO(csv_table(["name", "number", "empty"], records), newline="")))
    assert rows[0] == ["name", "number", "empty"]
    assert len(rows) == 1 + len(cells)
    assert [row[0] for row in rows[1:]] == guarded
    assert [row[1] for row in rows[1:]] == [str(index) for index in range(len(cells))]
    assert all(row[2] == "" for row in rows[1:])


def test_markdown_cell_is_one_inert_line() -> None:
    assert markdown_text("a | b\nc <i>") == "a \\| b c &lt;i&gt;"
    assert markdown_text("`code` *em* _u_ [l](x) ![i](y) # ~s~ $m$") == (
        "\\`code\\` \\*em\\* \\_u\\_ \\[l\\](x) \\!\\[i\\](y) \\# \\~s\\~ \\$m\\$")
    cell = markdown_text(HOSTILE)
    assert obeyed(cell) == [] and "\n" not in cell and "|" not in cell.replace("\\|", "")
    assert "\\\\x1b]52;c;UFdORUQ=\\\\x07" in cell.replace("\\]", "]")  # shown, backslash escaped for Markdown


def test_html_escapes_markup() -> None:
    assert html_text("<script>alert('x')</script> & \"q\"") == (
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;q&quot;")


def test_html_shows_controls_and_bidi_marks_as_the_markdown_does() -> None:
    """A browser obeys U+202E as a terminal does (the cell's text shown reversed): the report shows it instead."""
    assert html_text("ok\u202eevil\u202c zero\u200bwidth \x1b[31m<b>") == (
        "ok\\u202eevil\\u202c zero\\u200bwidth \\x1b[31m&lt;b&gt;")
    assert html_text("line\nbreak\tand 漢字 🙂") == "line\nbreak\tand 漢字 🙂"

