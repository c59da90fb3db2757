"""Write the small ingest fixtures in this folder (synthetic rows, each format with a few bad rows).

Run `python sample_data/formats/make_fixtures.py` after changing it; the outputs are committed so tests and
docs need no generation step. The expected counts per file are in EXPECTED (the tests read them from here).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent


def _chat(*turns: tuple[str, str]) -> list[dict[str, str]]:
    return [{"role": role, "content": content} for role, content in turns]


GOOD_CHATS: list[dict[str, Any]] = [
    {"id": "c001", "model": "vicuna-13b", "language": "English", "redacted": False,
     "conversation": _chat(("user", "Give me 5 catchy slogans for a bicycle repair shop."),
                           ("assistant", "1. Wheel fix it!"))},
    {"id": "c002", "model": "koala-13b", "language": "Spanish", "redacted": False,
     "conversation": _chat(("user", "Traduce al inglés estas frases: «Hace frío», «Tengo hambre», «Vamos»."),
                           ("assistant", "It is cold. I am hungry. Let's go."),
                           ("user", "Ahora al francés."), ("assistant", "Il fait froid..."))},
    {"id": "c003", "model": "chatglm-6b", "language": "Chinese", "redacted": False,
     "conversation": _chat(("user", "请分别总结以下三段文字的主要观点。"), ("assistant", "好的。"))},
    {"id": "c004", "model": "alpaca-13b", "language": "German", "redacted": True,
     "conversation": _chat(("user", "Hallo NAME_1, schreibe drei kurze Gedichte über den Herbst."),
                           ("assistant", "Gern."))},
    {"id": "c005", "model": "vicuna-13b", "language": "unknown", "redacted": False,
     "conversation": _chat(("system", "You are a helpful assistant."),
                           ("user", "Quelles sont les capitales du Pérou, du Kenya et de la Norvège ?"),
                           ("assistant", "Lima, Nairobi, Oslo."))},
    {"id": "c006", "model": "llama-2-13b-chat", "language": "Russian", "redacted": False,
     "conversation": _chat(("user", "Напиши пять идей для названия кофейни."), ("assistant", "1. ..."))},
]
DUPLICATE_CHAT = dict(GOOD_CHATS[0], id="c007")  # same first turn as c001: one prompt, counted as a duplicate

# (why it is bad, the row) for rows that decode but cannot become a prompt; shared by JSONL and Parquet.
BAD_CHATS: list[tuple[str, dict[str, Any]]] = [
    ("empty prompt text", {"id": "b001", "model": "vicuna-13b", "language": "English", "redacted": False,
                           "conversation": _chat(("user", "   "), ("assistant", "?"))}),
    ("no user turn", {"id": "b002", "model": "vicuna-13b", "language": "English", "redacted": False,
                      "conversation": _chat(("assistant", "Hello, how can I help?"))}),
    ("missing field 'conversation'", {"id": "b003", "model": "vicuna-13b", "language": "English",
                                      "redacted": False, "conversation": None}),
]


def _lmsys_row(chat: dict[str, Any]) -> dict[str, Any]:
    turns = chat["conversation"] or []
    return {"conversation_id": chat["id"], "model": chat["model"], "conversation": chat["conversation"],
            "turn": sum(1 for t in turns if t["role"] == "user"), "language": chat["language"],
            "openai_moderation": [{"flagged": False}] * len(turns), "redacted": chat["redacted"]}


def _wildchat_row(chat: dict[str, Any]) -> dict[str, Any]:
    turns = None if chat["conversation"] is None else [
        dict(t, language=chat["language"], toxic=False, redacted=chat["redacted"]) for t in chat["conversation"]]
    return {"conversation_hash": "wc-" + chat["id"], "model": "gpt-3.5-turbo-0613", "timestamp": "2023-05-01",
            "conversation": turns, "turn": 1, "language": chat["language"], "toxic": False,
            "redacted": chat["redacted"], "openai_moderation": [{"flagged": False}]}


def _sharegpt_row(chat: dict[str, Any]) -> dict[str, Any]:
    speakers = {"user": "human", "assistant": "gpt", "system": "system"}
    turns = None if chat["conversation"] is None else [
        {"from": speakers[turn["role"]], "value": turn["content"]} for turn in chat["conversation"]]
    return {"id": chat["id"], "conversations": turns}


def _messages_row(chat: dict[str, Any]) -> dict[str, Any]:
    """The OpenAI chat format; the first chat's user turn is a list of content parts, an image before its text."""
    turns = chat["conversation"]
    if chat is GOOD_CHATS[0]:
        turns = [dict(turns[0], content=[{"type": "image_url", "image_url": {"url": "https://example.com/a.png"}},
                                         {"type": "text", "text": turns[0]["content"]}]), *turns[1:]]
    return {"id": chat["id"], "model": chat["model"], "messages": turns}


def _jsonl_lines(row_of: Any, turns: str = "conversation") -> list[bytes]:
    """Good rows, a duplicate, then one of each bad kind (the raw lines that are not valid JSON at all); `turns`
    is the field that holds the conversation."""
    lines = [json.dumps(row_of(chat), ensure_ascii=False).encode() for chat in GOOD_CHATS]
    lines.append(json.dumps(row_of(DUPLICATE_CHAT), ensure_ascii=False).encode())
    for _, chat in BAD_CHATS:
        row = row_of(chat)
        if row[turns] is None:
            del row[turns]
        lines.append(json.dumps(row, ensure_ascii=False).encode())
    wrong_type = row_of(GOOD_CHATS[1])
    wrong_type[turns] = "user: this should be a list of turns"
    lines.append(json.dumps(wrong_type).encode())
    lines.append(b'{"conversation_id": "x1", "conversation": [{"role": "user", "content": "unterminated')
    lines.append(b'{"conversation_id": "x2", "conversation": [{"role": "user", "content": "caf\xe9 au lait"}]}')
    lines.append(b"[1, 2, 3]")
    return lines


def _write_json_array(path: Path, row_of: Any, turns: str) -> None:
    """The rows of `_jsonl_lines` as one indented JSON array, as ShareGPT dumps are published; the element cut off
    mid-string in JSONL is a string here, so the scanner still finds where it ends, and its comma is missing."""
    elements = []
    for line in _jsonl_lines(row_of, turns):
        try:
            elements.append(json.dumps(json.loads(line), ensure_ascii=False, indent=2).encode())
        except (json.JSONDecodeError, UnicodeDecodeError):
            elements.append(line.replace(b"unterminated", b'missing comma" "after": "it"}]}') if b"x1" in line
                            else line)
    path.write_bytes(b"[\n" + b",\n".join(elements) + b"\n]\n")


def _write_jsonl(path: Path, lines: list[bytes]) -> None:
    path.write_bytes(b"\n".join(lines) + b"\n")


def _write_parquet(path: Path, rows: list[dict[str, Any]], row_group_size: int) -> None:
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=row_group_size)


def _chat_parquet_rows(row_of: Any) -> list[dict[str, Any]]:
    return [row_of(chat) for chat in [*GOOD_CHATS, DUPLICATE_CHAT, *(chat for _, chat in BAD_CHATS)]]


# -- the ParallelPrompt release -------------------------------------------------------------------------------
RELEASE_ROWS: list[dict[str, Any]] = [
    {"source": "lmsys", "source_index": 1042, "prompt": "Translate into German: 'good morning', 'thank you', "
     "'see you soon'.", "parallelizable": True, "category": "Translation", "is_novel_category": False,
     "category_description": None, "serial": "Translate into German: 'good morning', 'thank you', 'see you soon'.",
     "template": "Translate into German: {data}", "context": None,
     "data": ["good morning", "thank you", "see you soon"], "n": None, "validation_passed": True,
     "validation_tier": "high"},
    {"source": "wildchat", "source_index": 77, "prompt": "Write 4 taglines for an eco-friendly water bottle.",
     "parallelizable": True, "category": "Repeated Generation", "is_novel_category": False,
     "category_description": None, "serial": "Write 4 taglines for an eco-friendly water bottle.",
     "template": "Write one tagline for an eco-friendly water bottle.", "context": None, "data": None, "n": 4.0,
     "validation_passed": True, "validation_tier": "medium"},
    {"source": "lmsys", "source_index": 5150, "prompt": "Compare Python, Rust and Go for writing a CLI tool.",
     "parallelizable": True, "category": "Comparative Analysis", "is_novel_category": True,
     "category_description": "Analyse each option against the same criteria.",
     "serial": "Compare Python, Rust and Go for writing a CLI tool.",
     "template": "Assess {data} for writing a CLI tool.", "context": None, "data": ["Python", "Rust", "Go"],
     "n": None, "validation_passed": True, "validation_tier": "High"},
    {"source": "wildchat", "source_index": 9001, "prompt": "Sentiment of each review: {1} 'Loved it' {2} 'Meh'",
     "parallelizable": True, "category": "Sentiment Analysis", "is_novel_category": False,
     "category_description": None, "serial": "Sentiment of each review: {1} 'Loved it' {2} 'Meh'",
     "template": "What is the sentiment of this review? {data}", "context": "Answer positive or negative.",
     "data": ["Loved it", "Meh"], "n": 2.0, "validation_passed": False, "validation_tier": None},
]
BAD_RELEASE_ROWS: list[tuple[str, dict[str, Any]]] = [
    ("empty prompt text", dict(RELEASE_ROWS[0], source_index=1, prompt="")),
    ("field 'n' is 2.5", dict(RELEASE_ROWS[1], source_index=2, prompt="Write 2.5 poems.", n=2.5)),
]


def _release_row(row: dict[str, Any], data_as: str) -> dict[str, Any]:
    """The published shape: data as a JSON string (Hugging Face) or a Python list literal (the paper's CSV)."""
    out = dict(row)
    if row["data"] is not None:
        out["data"] = json.dumps(row["data"], ensure_ascii=False) if data_as == "json" else repr(row["data"])
    out["n"] = float("nan") if row["n"] is None else float(row["n"])
    return out


def _release_rows(data_as: str) -> list[dict[str, Any]]:
    return [_release_row(row, data_as) for row in [*RELEASE_ROWS, *(row for _, row in BAD_RELEASE_ROWS)]]


def _write_release_csv(path: Path) -> None:
    buffer = io.StringIO()
    rows = _release_rows("python")
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: ("" if value is None or value != value else value) for key, value in row.items()})
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _write_release_jsonl(path: Path) -> None:
    lines = []
    for row in _release_rows("json"):
        row = dict(row, n=None if row["n"] != row["n"] else row["n"])  # JSON has no NaN: null
        lines.append(json.dumps(row, ensure_ascii=False).encode())
    _write_jsonl(path, lines)


# -- plain formats --------------------------------------------------------------------------------------------
PLAIN_PROMPTS = ["List three uses of baking soda.", "Écris un haïku sur la pluie.", "Summarise this paragraph."]


def _write_plain(folder: Path) -> None:
    _write_jsonl(folder / "plain.jsonl", [json.dumps({"prompt": p}, ensure_ascii=False).encode()
                                          for p in PLAIN_PROMPTS] + [b'{"prompt": 42}'])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "prompt"])
    for index, prompt in enumerate(PLAIN_PROMPTS):
        writer.writerow([index, prompt])
    writer.writerow([99, "A prompt\nthat spans two lines."])
    writer.writerow([100, ""])
    (folder / "plain.csv").write_text(buffer.getvalue(), encoding="utf-8")
    (folder / "plain.txt").write_text("\n".join(PLAIN_PROMPTS) + "\n\n" + PLAIN_PROMPTS[0] + "\n", encoding="utf-8")


# Per file: rows read, prompts added on a fresh store, duplicates, bad rows, release schemas.
EXPECTED: dict[str, dict[str, int]] = {
    "lmsys.jsonl": {"read": 14, "added": 6, "duplicates": 1, "bad_rows": 7, "schemas": 0},
    "wildchat.jsonl": {"read": 14, "added": 6, "duplicates": 1, "bad_rows": 7, "schemas": 0},
    "lmsys.parquet": {"read": 10, "added": 6, "duplicates": 1, "bad_rows": 3, "schemas": 0},
    "wildchat.parquet": {"read": 10, "added": 6, "duplicates": 1, "bad_rows": 3, "schemas": 0},
    "release.csv": {"read": 6, "added": 4, "duplicates": 0, "bad_rows": 2, "schemas": 4},
    "release.jsonl": {"read": 6, "added": 4, "duplicates": 0, "bad_rows": 2, "schemas": 4},
    "release.parquet": {"read": 6, "added": 4, "duplicates": 0, "bad_rows": 2, "schemas": 4},
    "sharegpt.json": {"read": 14, "added": 6, "duplicates": 1, "bad_rows": 7, "schemas": 0},
    "messages.jsonl": {"read": 14, "added": 6, "duplicates": 1, "bad_rows": 7, "schemas": 0},
    "plain.jsonl": {"read": 4, "added": 3, "duplicates": 0, "bad_rows": 1, "schemas": 0},
    "plain.csv": {"read": 5, "added": 4, "duplicates": 0, "bad_rows": 1, "schemas": 0},
    "plain.txt": {"read": 4, "added": 3, "duplicates": 1, "bad_rows": 0, "schemas": 0},
}


def main() -> None:
    _write_jsonl(HERE / "lmsys.jsonl", _jsonl_lines(_lmsys_row))
    _write_jsonl(HERE / "wildchat.jsonl", _jsonl_lines(_wildchat_row))
    _write_parquet(HERE / "lmsys.parquet", _chat_parquet_rows(_lmsys_row), row_group_size=4)
    _write_parquet(HERE / "wildchat.parquet", _chat_parquet_rows(_wildchat_row), row_group_size=4)
    _write_json_array(HERE / "sharegpt.json", _sharegpt_row, "conversations")
    _write_jsonl(HERE / "messages.jsonl", _jsonl_lines(_messages_row, "messages"))
    _write_release_csv(HERE / "release.csv")
    _write_release_jsonl(HERE / "release.jsonl")
    _write_parquet(HERE / "release.parquet", _release_rows("json"), row_group_size=3)
    _write_plain(HERE)


if __name__ == "__main__":
    main()
