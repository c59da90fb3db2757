"""The development set of real prompts: gold format, licences, the split, the text-free labels, the README tables.

`sample_data/dev.jsonl` and `heldout.jsonl` are what precision and recall on real prompts are measured against, and
they carry other people's text under other people's licences. A row from a source that may not be redistributed,
a label that is not verbatim, or a prompt that drifts between the splits would either break a licence or quietly
skew every figure; these checks keep the files, the rebuild scripts and the README's claims in step.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import subprocess
import sys
import zipfile
import zlib
from collections import Counter
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from studio.curation.evaluate import load_gold
from tests.conftest import ROOT, SAMPLE_DATA

REAL = SAMPLE_DATA / "real"
SPLIT_FILES = {"dev": SAMPLE_DATA / "dev.jsonl", "heldout": SAMPLE_DATA / "heldout.jsonl"}
LABELS_NC = REAL / "labels_nc.jsonl"
# Text-free label files and the gold files rebuild_nc.py makes of them (gitignored, present only where it was run).
SHAREGPT = ("sharegpt_train", "sharegpt_heldout", "sharegpt_short_train", "sharegpt_short_heldout",
            "sharegpt_v3_long_train", "sharegpt_v3_long_heldout", "sharegpt_v3_short_train", "sharegpt_v3_short_heldout",
            "sharegpt_v3_later_train", "sharegpt_v3_later_heldout", "sharegpt_v3_short2_train",
            "sharegpt_v3_short3_train", "sharegpt_500old_heldout", "sharegpt_v3_later_rest_train",
            "sharegpt_v3_later_rest_heldout", "sharegpt_v3_later_questions_train", "sharegpt_v3_later_questions_heldout",
            "sharegpt_v3_later_counts_train", "sharegpt_v3_later_counts_heldout",
            "sharegpt_v3_later_extraction_train", "sharegpt_v3_later_extraction_heldout",
            "sharegpt_v3_later_requests_train", "sharegpt_v3_later_requests_heldout",
            "sharegpt_v3_later_listed_train", "sharegpt_v3_later_listed_heldout",
            "sharegpt_v3_chunk_openings_train", "sharegpt_v3_chunk_openings_heldout",
            "sharegpt_v3_later_unmeasured_train", "sharegpt_v3_later_unmeasured_heldout",
            "sharegpt_v3_later_unmeasured2_train", "sharegpt_v3_later_unmeasured2_heldout",
            "sharegpt_v3_later_unmeasured3_train", "sharegpt_v3_later_unmeasured3_heldout")
LABEL_FILES = {"nc": LABELS_NC} | {name: REAL / f"labels_{name}.jsonl" for name in SHAREGPT}
REBUILT = {name: SAMPLE_DATA / f"{name}.jsonl" for name in LABEL_FILES}
SHAREGPT_SECTION = "## Real chat logs: the ShareGPT set"
README = SAMPLE_DATA / "README.md"
README_SECTION = "## Real prompts: the development set"

GOLD_KEYS = ("prompt", "parallelizable", "category", "data", "n", "context", "language")
ROW_KEYS = (*GOLD_KEYS, "pid", "source", "license", "note")
LABEL_KEYS = ("pid", "source", "license", "sha256", "parallelizable", "category", "data", "n", "context",
              "language", "note")
CATEGORIES = ("Repeated Generation", "Reading Comprehension", "Keyword Extraction", "Named Entity Recognition",
              "Translation", "Language Correction", "Sentiment Analysis", "Question Answering",
              "Comparative Analysis", "Character Generation", "Summarization")
# Licences that allow the text in an Apache-2.0 repository (the CC BY-SA rows keep their own licence: LICENSES.md).
COMMITTABLE_LICENSES = {"Apache-2.0", "MIT", "CC0-1.0", "CC-BY-SA-3.0", "CC-BY-SA-4.0"}
# Never used: LMSYS-Chat-1M and WildChat forbid redistribution; ParallelPrompt and Arena(-Hard) feed the hidden set.
FORBIDDEN_ORIGIN = re.compile(r"lmsys[-_]?chat|wild[-_]?(chat|bench)|parallel[-_]?prompt|arena", re.IGNORECASE)
# The same 80 questions in six languages: the whole family stays in dev so no question is on both sides.
MT_BENCH_FAMILY = {"mt-bench", "vicuna-bench", "ja-mt-bench", "mt-bench-x-de", "mt-bench-x-es", "mt-bench-x-fr",
                   "mt-bench-x-it"}
LIST_MARKER = re.compile(r"^\s*(?:[-*•・]|\d+[.)]|[a-z][.)])\s")
# A copy of non-committable text counts from this many characters on (shorter runs are common phrases).
LEAK_WINDOW = 48
LEAK_STRIDE = 16
NOTE_QUOTE = 30  # characters of a prompt a note may repeat (the README says how many do)


def sha256_bytes(data: bytes) -> str:
    """The SHA-256 of a file's bytes, as build_pool4.py pins its wheel."""
    return hashlib.sha256(data).hexdigest()


def load_script(name: str) -> ModuleType:
    """Import a script of sample_data/real by path (rebuild_nc imports build_pools by its bare name)."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REAL / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def build_pools() -> ModuleType:
    return load_script("build_pools")


def rebuild_nc() -> ModuleType:
    build_pool5()
    return load_script("rebuild_nc")


@cache
def read_jsonl(path: Path) -> tuple[dict[str, Any], ...]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if line:
            row = json.loads(line)
            assert isinstance(row, dict), f"{path.name}:{number} is not a JSON object"
            rows.append(row)
    return tuple(rows)


def committed() -> list[dict[str, Any]]:
    return [row for path in SPLIT_FILES.values() for row in read_jsonl(path)]


def splits() -> dict[str, tuple[dict[str, Any], ...]]:
    """Every labelled row by split; the nc rows are labels (no prompt), enough for counts."""
    return {name: read_jsonl(path) for name, path in SPLIT_FILES.items()} | {"nc": read_jsonl(LABELS_NC)}


def sources_by_name() -> dict[str, Any]:
    return {source.name: source for source in build_pools().SOURCES}


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("split", sorted(SPLIT_FILES))
def test_committed_files_are_gold_files(split: str) -> None:
    path = SPLIT_FILES[split]
    cases = load_gold(path)
    rows = read_jsonl(path)
    assert len(cases) == len(rows) >= {"dev": 1000, "heldout": 500}[split]
    for case, row in zip(cases, rows, strict=True):
        assert (case.prompt, case.parallelizable, case.category, case.data, case.n, case.context, case.language) \
            == tuple(row[key] for key in GOLD_KEYS), row["pid"]


@pytest.mark.parametrize("split", sorted(SPLIT_FILES))
def test_committed_rows_follow_the_gold_rules(split: str) -> None:
    for row in read_jsonl(SPLIT_FILES[split]):
        where = f"{split} {row['pid']}"
        assert tuple(row) == ROW_KEYS, where
        assert isinstance(row["prompt"], str) and row["prompt"].strip(), where
        assert re.fullmatch(r"[a-z]{2}", row["language"]), f"{where}: language {row['language']!r}"
        if not row["parallelizable"]:
            assert (row["category"], row["data"], row["n"], row["context"]) == (None, None, None, None), where
            continue
        assert row["category"] in CATEGORIES, where
        assert (row["data"] is None) != (row["n"] is None), f"{where}: data xor n"
        if row["n"] is not None:
            assert type(row["n"]) is int and row["n"] >= 2, where
        else:
            assert len(row["data"]) >= 2, where
            for item in row["data"]:
                assert isinstance(item, str) and item and item.strip() == item, f"{where}: {item!r}"
                assert item in row["prompt"], f"{where}: item not verbatim: {item[:60]!r}"
                assert not LIST_MARKER.match(item), f"{where}: item keeps its list marker: {item[:60]!r}"
        if row["context"] is not None:
            assert row["context"].strip() and row["context"] in row["prompt"], f"{where}: context not verbatim"


def test_languages_and_positives_are_many() -> None:
    rows = committed() + list(read_jsonl(LABELS_NC))
    assert len({row["language"] for row in rows}) >= 5
    assert sum(row["parallelizable"] for row in committed()) >= 150
    assert len({row["category"] for row in committed() if row["parallelizable"]}) >= 7


def test_committed_rows_come_from_committable_sources() -> None:
    sources = sources_by_name()
    for row in committed():
        assert row["license"] in COMMITTABLE_LICENSES, f"{row['pid']}: {row['license']}"
        assert row["source"] in sources, row["pid"]
        assert sources[row["source"]].license == row["license"], row["pid"]
        assert row["pid"].startswith(row["source"] + "-"), row["pid"]


def test_no_source_is_lmsys_wildchat_parallelprompt_or_arena() -> None:
    sources = sources_by_name()
    for source in sources.values():
        origin = f"{source.name} {source.repo} {source.path}"
        assert not FORBIDDEN_ORIGIN.search(origin), origin
    for source in build_pool2().SOURCES:
        assert not FORBIDDEN_ORIGIN.search(f"{source.name} {source.repo} {source.path}"), source.name
        sources[source.name] = source
    for source in build_pool5().SOURCES:
        assert not FORBIDDEN_ORIGIN.search(f"{source.name} {source.repo} {source.path}"), source.name
        sources[source.name] = source
    wheel = build_pool4()
    assert not FORBIDDEN_ORIGIN.search(f"{wheel.SOURCE} {wheel.ORIGIN}")
    names = {*sources, wheel.SOURCE}
    labels = [row for path in LABEL_FILES.values() for row in read_jsonl(path)]
    for row in committed() + labels:
        assert row["source"] in names and not FORBIDDEN_ORIGIN.search(row["source"]), row["pid"]
    # LMSYS-Chat-1M redacts names as NAME_1, NAME_2: no committed prompt carries that mark.
    assert not [row["pid"] for row in committed() if re.search(r"\bNAME_\d+\b", row["prompt"])]


def test_split_rule_holds() -> None:
    """Non-committable sources -> nc; the MT-Bench family -> dev; others: crc32(pid) % 4 == 0 -> heldout."""
    for split, rows in splits().items():
        for row in rows:
            if row["license"] not in COMMITTABLE_LICENSES:
                expected = "nc"
            elif row["source"] in MT_BENCH_FAMILY or zlib.crc32(row["pid"].encode("utf-8")) % 4:
                expected = "dev"
            else:
                expected = "heldout"
            assert split == expected, f"{row['pid']} is in {split}, the rule says {expected}"
    pids = [row["pid"] for rows in splits().values() for row in rows]
    assert len(pids) == len(set(pids))
    keys = Counter(" ".join(row["prompt"].split()).casefold() for row in committed())
    assert max(keys.values()) == 1, "a prompt is in the development set twice"


@pytest.mark.parametrize("name", sorted(LABEL_FILES))
def test_labels_hold_no_text(name: str) -> None:
    committed_hashes = {sha256(row["prompt"]) for row in committed()}
    committed_hashes |= {sha256(row["prompt"]) for row in read_jsonl(SAMPLE_DATA / "gold.jsonl")}
    for label in read_jsonl(LABEL_FILES[name]):
        where = label["pid"]
        assert tuple(label) == LABEL_KEYS, where
        assert label["license"] not in COMMITTABLE_LICENSES, where
        assert re.fullmatch(r"[0-9a-f]{64}", label["sha256"]), where
        assert label["sha256"] not in committed_hashes, f"{where}: its prompt is committed"
        assert re.fullmatch(r"[a-z]{2}", label["language"]), where
        assert label["note"] is None or len(label["note"]) <= 100, f"{where}: a note is a short phrase"
        spans = (label["data"] or []) + ([label["context"]] if label["context"] is not None else [])
        for offsets in spans:
            assert len(offsets) == 2 and all(type(value) is int for value in offsets), where
            assert 0 <= offsets[0] < offsets[1], where
        if not label["parallelizable"]:
            assert (label["category"], label["data"], label["n"], label["context"]) == (None,) * 4, where
        else:
            assert label["category"] in CATEGORIES, where
            assert (label["data"] is None) != (label["n"] is None), where
            assert label["n"] is None or (type(label["n"]) is int and label["n"] >= 2), where
            assert label["data"] is None or len(label["data"]) >= 2, where


def test_labels_round_trip_through_offsets() -> None:
    """strip() then restore() gives the gold row back; another prompt or bad offsets are refused."""
    module = rebuild_nc()
    rows = [row for row in committed() if row["context"] is not None and row["data"] is not None][:5]
    rows += [row for row in committed() if not row["parallelizable"]][:2]
    assert len(rows) == 7
    for row in rows:
        label = module.strip(row)
        assert row["prompt"] not in json.dumps(label, ensure_ascii=False)
        pool_row = {"pid": row["pid"], "source": row["source"], "license": row["license"], "prompt": row["prompt"]}
        assert module.rebuild([label], [pool_row]) == [row]
        with pytest.raises(module.RebuildError, match="SHA-256"):
            module.restore(label, dict(pool_row, prompt=row["prompt"] + " "))
        with pytest.raises(module.RebuildError, match="not in the rebuilt pool"):
            module.rebuild([label], [])
    label = module.strip(rows[0])
    label["context"] = [0, len(rows[0]["prompt"]) + 1]
    with pytest.raises(module.RebuildError, match="offsets"):
        module.restore(label, {"source": rows[0]["source"], "license": rows[0]["license"],
                               "prompt": rows[0]["prompt"]})


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "init.defaultBranch=main", *args],
                   cwd=cwd, check=True, capture_output=True)


def test_build_pools_reads_pinned_commits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Verbatim first turns by pid, duplicates and empty or over-long prompts dropped, U+2028 kept inside a line."""
    module = build_pools()
    work = tmp_path / "work"
    work.mkdir()
    git(work, "init")
    long = "x" * (module.MAX_CHARS + 1)
    (work / "a.jsonl").write_text("\n".join(json.dumps(text, ensure_ascii=False) for text in
                                            ["Name three\u2028rivers", "  ", long, "Same  TEXT"]) + "\n",
                                  encoding="utf-8")
    (work / "b.jsonl").write_text(json.dumps({"turns": ["same text", "second turn"]}) + "\n"
                                  + json.dumps({"text": "Otra pregunta"}) + "\n", encoding="utf-8")
    git(work, "add", ".")
    git(work, "commit", "-m", "data")
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=work, check=True, capture_output=True,
                            text=True).stdout.strip()
    (work / "a.jsonl").write_text(json.dumps("changed after the pin") + "\n", encoding="utf-8")
    git(work, "commit", "-am", "later")
    mirrors = tmp_path / "mirrors"
    git(tmp_path, "clone", "--bare", str(work), str(mirrors / "me+data" / "repo"))
    monkeypatch.setattr(module, "SOURCES", (
        module.Source("a", "MIT", "me/data", commit, "a.jsonl", module.string_lines, "en", "pool.jsonl"),
        module.Source("b", "CC0-1.0", "me/data", commit, "b.jsonl", module.fastchat_questions, None, "pool2.jsonl"),
    ))
    rows, stats = module.build(mirrors)
    assert [(row["pid"], row["prompt"], row["language"], row["pool"]) for row in rows] == [
        ("a-0", "Name three\u2028rivers", "en", "pool.jsonl"),
        ("a-3", "Same  TEXT", "en", "pool.jsonl"),
        ("b-1", "Otra pregunta", None, "pool2.jsonl"),
    ]
    assert rows[0]["origin"] == f"me/data@{commit}:a.jsonl"
    assert stats == [("a", 4, 2), ("b", 2, 1)]
    module.write_pools(rows, tmp_path / "out")
    assert [json.loads(line)["pid"] for line in (tmp_path / "out" / "pool.jsonl").read_text(encoding="utf-8")
            .split("\n") if line] == ["a-0", "a-3"]
    assert (tmp_path / "out" / "pool3.jsonl").read_text() == ""


def tracked_text_files() -> list[Path]:
    """Files git would commit here (tracked, or untracked and not ignored), except the two committed splits."""
    try:
        listing = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                                 cwd=ROOT, check=True, capture_output=True).stdout.decode("utf-8")
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    paths = [ROOT / name for name in listing.split("\0") if name]
    return [path for path in paths if path.is_file() and path not in SPLIT_FILES.values()]


@pytest.mark.parametrize("name", sorted(LABEL_FILES))
def test_rebuilt_text_is_nowhere_in_the_repo(name: str) -> None:
    """No run of 64+ characters of a non-committable prompt is in a file git would commit.

    The splits are left out: their rows are checked by licence and hash above, and a committable row may share a
    sentence with a non-committable one (the same "act as an interviewer" template posted in two places).
    """
    if not REBUILT[name].exists():
        pytest.skip(f"sample_data/{name}.jsonl not rebuilt (sample_data/real/rebuild_nc.py --mirrors)")
    rows = read_jsonl(REBUILT[name])
    assert [sha256(row["prompt"]) for row in rows] == [label["sha256"] for label in read_jsonl(LABEL_FILES[name])]
    windows: dict[str, str] = {}
    for row in rows:
        for text in (row["prompt"], json.dumps(row["prompt"], ensure_ascii=False)[1:-1]):
            for start in range(0, len(text) - LEAK_WINDOW + 1, LEAK_STRIDE):
                window = text[start:start + LEAK_WINDOW]
                if sum(char.isalnum() for char in window) >= LEAK_WINDOW // 2:
                    windows.setdefault(window, row["pid"])
    committed_text = "\n".join(row["prompt"] for row in committed())
    leaks = []
    for path in tracked_text_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for start in range(len(text) - LEAK_WINDOW + 1):
            window = text[start:start + LEAK_WINDOW]
            if window in windows and window not in committed_text:
                leaks.append((path.relative_to(ROOT).as_posix(), windows[window]))
                break
    assert not leaks


def readme_section() -> str:
    readme = README.read_text(encoding="utf-8")
    assert README_SECTION in readme
    section = readme.split(README_SECTION, 1)[1]
    return section.split("\n## ", 1)[0]


def expected_table_rows() -> list[str]:
    """The lines the README's count tables must contain, computed from the files."""
    data = splits()
    lines = []
    for name, rows in data.items():
        positive = sum(row["parallelizable"] for row in rows)
        languages = len({row["language"] for row in rows})
        lines.append(f"| {name} | {len(rows)} | {positive} | {len(rows) - positive} | {languages} |")
    for category in (*CATEGORIES, None):
        counts = [sum(row["category"] == category for row in rows) for rows in data.values()]
        lines.append(f"| {category or 'not parallelizable'} | " + " | ".join(map(str, [*counts, sum(counts)])) + " |")
    totals = [len(rows) for rows in data.values()]
    lines.append("| total | " + " | ".join(map(str, [*totals, sum(totals)])) + " |")
    every = Counter(row["language"] for rows in data.values() for row in rows)
    for language, _ in sorted(every.items(), key=lambda item: (-item[1], item[0])):
        cells = []
        for rows in data.values():
            of_language = [row for row in rows if row["language"] == language]
            cells += [len(of_language), sum(row["parallelizable"] for row in of_language)]
        lines.append(f"| {language} | " + " | ".join(map(str, cells)) + " |")
    by_source: dict[str, list[int]] = {}
    for index, rows in enumerate(data.values()):
        for row in rows:
            counts = by_source.setdefault(row["source"], [0, 0, 0, 0])
            counts[index] += 1
            counts[3] += row["parallelizable"]
    licences = {source.name: source.license for source in build_pools().SOURCES}
    for name, counts in by_source.items():
        lines.append(f"| `{name}` | {licences[name]} | " + " | ".join(map(str, counts)) + " |")
    return lines


def test_readme_tables_match_the_files() -> None:
    section = readme_section()
    missing = [line for line in expected_table_rows() if line not in section]
    assert not missing
    source_rows = re.findall(r"^\| `([a-z0-9-]+)` \|", section, flags=re.MULTILINE)
    assert set(source_rows) == {row["source"] for rows in splits().values() for row in rows}


def test_readme_points_to_the_guide_licences_and_rule() -> None:
    section = readme_section()
    assert (REAL / "GUIDE.md").is_file() and "real/GUIDE.md" in section
    assert "real/LICENSES.md" in section and "never tune" in section.lower()
    licences = (REAL / "LICENSES.md").read_text(encoding="utf-8")
    for source, licence in (("dolly-triforce", "CC BY-SA 3.0"), ("elyza-tasks-100", "CC BY-SA 4.0")):
        assert source in licences and licence in licences
    labelled = {row["source"] for rows in splits().values() for row in rows}
    for source in sources_by_name().values():
        assert source.name not in labelled or source.commit in section, source.name


def build_pool2() -> ModuleType:
    build_pools()
    return load_script("build_pool2")


def build_pool4() -> ModuleType:
    build_pool2()
    return load_script("build_pool4")


def build_pool5() -> ModuleType:
    build_pool4()
    return load_script("build_pool5")


def test_build_pool2_keeps_first_human_turns_new_to_the_pools(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunk 0 only, a person's turn only, earlier prompts dropped; then long prompts plus as many short ones."""
    module = build_pool2()
    work = tmp_path / "work"
    work.mkdir()
    git(work, "init")
    long = "Read this passage and answer: " + "x" * 300

    def conversation(conversation_id: str, first_from: str, text: str) -> dict[str, Any]:
        return {"id": conversation_id, "conversations": [{"from": first_from, "value": text},
                                                         {"from": "gpt", "value": "answer"}]}

    (work / "sg.json").write_text(json.dumps([
        conversation("aaa_0", "human", long), conversation("aaa_1", "human", "a later turn"),
        conversation("bbb", "gpt", "the model speaks first"), conversation("ccc_0", "human", "Already  POOLED"),
        conversation("ddd", "human", "short one"), conversation("eee", "human", "short two"),
    ]), encoding="utf-8")
    git(work, "add", ".")
    git(work, "commit", "-m", "data")
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=work, check=True, capture_output=True,
                            text=True).stdout.strip()
    git(tmp_path, "clone", "--bare", str(work), str(tmp_path / "mirrors" / "me+sg" / "repo"))
    monkeypatch.setattr(module, "SOURCES", (
        build_pools().Source("sg", module.LICENSE, "me/sg", commit, "sg.json", module.sharegpt_list, "en", "x"),))
    monkeypatch.setattr(module, "earlier_keys", lambda mirrors: {"already pooled"})
    rows, stats = module.build(tmp_path / "mirrors")
    short_kept = min(("short one", "short two"), key=module.sha256)
    assert [(row["pid"], row["prompt"]) for row in rows] == sorted(
        [("sg-0", long), ("sg-4" if short_kept == "short one" else "sg-5", short_kept)])
    assert stats == [("sg", 6, 3)]
    rest, _ = module.build(tmp_path / "mirrors", "rest")  # the short first turn the sample left out
    assert [row["prompt"] for row in rest] == [({"short one", "short two"} - {short_kept}).pop()]
    assert "pool" not in rows[0] and rows[0]["language"] == "en" and rows[0]["license"] == "NOASSERTION"


def test_build_pool4_reads_the_cut_off_wheel_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whole conversations up to the cut, first human turns only, earlier prompts dropped, long or short part;
    a wheel with another SHA-256 is refused."""
    module = build_pool4()

    def conversation(conversation_id: str, text: str, first_from: str = "human") -> str:
        return json.dumps({"id": conversation_id, "conversations": [{"from": first_from, "value": text}]})

    long = "Answer the questions about this passage: " + "y" * 300
    body = ",\n".join([conversation("a_0", long), conversation("a_1", "a later chunk"),
                        conversation("b", "model first", "gpt"), conversation("c", "Already   pooled"),
                        conversation("d", "a short one"), conversation("e", long.upper() + " extra")])
    wheel = tmp_path / "sharegpt.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(module.MEMBER, "[" + body + ',\n{"id": "f", "conversations": [{"from": "hu')
    monkeypatch.setattr(module, "WHEEL_SHA256", sha256_bytes(wheel.read_bytes()))
    monkeypatch.setattr(module, "earlier_keys", lambda mirrors: {"already pooled"})
    monkeypatch.setattr(module, "CONVERSATIONS", 6)
    assert len(list(module.conversations(wheel))) == 6  # the cut-off seventh is ignored
    rows, unique = module.build(tmp_path, wheel, "long")
    assert unique == 3 and [(row["pid"], row["prompt"]) for row in rows] == [
        ("sharegpt-v3-wheel-0", long), ("sharegpt-v3-wheel-5", long.upper() + " extra")]
    short, _ = module.build(tmp_path, wheel, "short")
    assert [row["prompt"] for row in short] == ["a short one"] and short[0]["license"] == "NOASSERTION"
    monkeypatch.setattr(module, "CONVERSATIONS", 7)
    with pytest.raises(SystemExit, match="read 6 whole conversations, expected 7"):
        list(module.conversations(wheel))
    monkeypatch.setattr(module, "WHEEL_SHA256", "0" * 64)
    with pytest.raises(SystemExit, match="expected 0000"):
        list(module.conversations(wheel))


def test_build_pool4_later_parts_split_every_new_later_turn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`later` keeps the long later turns its filter picks, `later-rest` every other new later turn of any length:
    together every new later turn once; first turns, the model's turns and repeats of a first turn are in neither."""
    module = build_pool4()
    first, passage = "Write me a poem", "Answer these: what is it? why is it? " + "z" * 300
    conversation = json.dumps({"id": "a", "conversations": [
        {"from": "human", "value": first}, {"from": "gpt", "value": "a poem"},
        {"from": "human", "value": passage}, {"from": "gpt", "value": "answers"},
        {"from": "human", "value": "give me 5 more"}, {"from": "human", "value": "WRITE me a poem"},
        {"from": "human", "value": "Tell me about it " + "w" * 300}]})
    wheel = tmp_path / "sharegpt.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(module.MEMBER, "[" + conversation + "]")
    monkeypatch.setattr(module, "WHEEL_SHA256", sha256_bytes(wheel.read_bytes()))
    monkeypatch.setattr(module, "earlier_keys", lambda mirrors: set())
    monkeypatch.setattr(module, "CONVERSATIONS", 1)
    later, unique = module.build(tmp_path, wheel, "later")
    rest, unique_rest = module.build(tmp_path, wheel, "later-rest")
    assert [row["pid"] for row in later] == ["sharegpt-v3-wheel-0-t2"] and unique == 2
    assert [row["pid"] for row in rest] == ["sharegpt-v3-wheel-0-t4", "sharegpt-v3-wheel-0-t6"] and unique_rest == 3


def test_build_pool4_chunk_openings_are_the_turns_no_other_part_reads(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """`chunk-openings`: the opening human turn of each chunk "<id>_<k>" (k > 0), when new: not a repeat of a first
    turn, of a turn after a chunk's first, or of an opening before it; a chunk the model opens gives none."""
    module = build_pool4()
    chunks = [("a", ["Write me a poem", "make it shorter"]), ("a_1", ["Now a limerick please", "and another"]),
              ("b_2", ["MAKE IT SHORTER"]), ("c_1", []), ("d_3", ["now a limerick please"])]
    body = ",".join(json.dumps({"id": name, "conversations": [{"from": "gpt", "value": "hi"}] if not turns else [
        turn for text in turns for turn in ({"from": "human", "value": text}, {"from": "gpt", "value": "ok"})]})
        for name, turns in chunks)
    wheel = tmp_path / "sharegpt.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(module.MEMBER, "[" + body + "]")
    monkeypatch.setattr(module, "WHEEL_SHA256", sha256_bytes(wheel.read_bytes()))
    monkeypatch.setattr(module, "earlier_keys", lambda mirrors: set())
    monkeypatch.setattr(module, "CONVERSATIONS", len(chunks))
    rows, unique = module.build(tmp_path, wheel, "chunk-openings")
    assert [(row["pid"], row["prompt"]) for row in rows] == [("sharegpt-v3-wheel-1-t0", "Now a limerick please")]
    assert unique == 1


def test_build_pool4_later_rest_samples_pick_by_shape_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Session 35's samples of the later-rest turns: every unlabelled one with two question marks, and of the others
    those with a number before a plural noun, up to COUNTS_SAMPLE per side of the conversation split; the later
    rounds' shapes, and session 68's sample of the turns with none of them, up to UNMEASURED_SAMPLE per side."""
    module = build_pool4()
    prompts = {"a-0-t1": "Why? And how?", "a-0-t2": "what is it\uff1f\u4e3a\u4ec0\u4e48\uff1f", "a-0-t3": "give me 5 more slogans",
               "a-0-t4": "thanks", "a-0-t5": "Why? How? 3 ideas", "b-1-t1": "ten titles please", "c-2-t1": "one more"}
    rows = [{"pid": pid, "prompt": prompt} for pid, prompt in prompts.items()]
    questions = module.later_rest_sample(rows, {"a-0-t5"}, "later-questions")
    assert sorted(row["pid"] for row in questions) == ["a-0-t1", "a-0-t2"]
    counts = module.later_rest_sample(rows, {"a-0-t5"}, "later-counts")
    assert sorted(row["pid"] for row in counts) == ["a-0-t3", "b-1-t1"]
    rows.append({"pid": "d-3-t1", "prompt": "extract the keywords"})
    assert [row["pid"] for row in module.later_rest_sample(rows, {"a-0-t5"}, "later-extraction")] == ["d-3-t1"]
    assert [row["pid"] for row in counts] == sorted((row["pid"] for row in counts), key=sha256)
    rows += [{"pid": "e-4-t1", "prompt": "ok now write 3 more slogans"}, {"pid": "e-4-t2", "prompt": "I have 3 kids"},
             {"pid": "e-4-t3", "prompt": "Can you give me 2 titles? And 2 tags?"},
             {"pid": "e-4-t4", "prompt": "Could you please suggest five names"}]
    requests = module.later_rest_sample(rows, {"a-0-t3"}, "later-requests")  # ("ten titles please" asks no verb)
    assert [row["pid"] for row in requests] == sorted(["e-4-t1", "e-4-t4"], key=sha256)
    rows += [{"pid": "f-5-t1", "prompt": "translate these: hello, good night, see you soon"},
             {"pid": "f-5-t2", "prompt": "Rewrite:\n- first line\n- second line"},
             {"pid": "f-5-t3", "prompt": "I like apples, pears, plums and figs"},
             {"pid": "f-5-t4", "prompt": "translate: one, two, three. And why? And how?"}]
    listed = module.later_rest_sample(rows, {"a-0-t3"}, "later-listed")  # (not a counted plural, asked once)
    assert [row["pid"] for row in listed] == sorted(["f-5-t1", "f-5-t2"], key=sha256)
    unmeasured = module.later_rest_sample(rows, {"c-2-t1"}, "later-unmeasured")  # no shape, and not labelled
    assert [row["pid"] for row in unmeasured] == sorted(["a-0-t4", "f-5-t3"], key=sha256)
    monkeypatch.setattr(module, "UNMEASURED_SAMPLE", 1)
    one_per_side = module.later_rest_sample(rows, {"c-2-t1"}, "later-unmeasured")
    assert sorted(module.later_split(row["pid"]) for row in one_per_side) == sorted(
        {module.later_split(row["pid"]) for row in unmeasured})
    next_ones = module.later_rest_sample(rows, {"c-2-t1", *(row["pid"] for row in one_per_side)}, "later-unmeasured2")
    assert [row["pid"] for row in next_ones] == [row["pid"] for row in unmeasured if row not in one_per_side]
    taken = {"c-2-t1", *(row["pid"] for row in unmeasured)}
    assert module.later_rest_sample(rows, taken, "later-unmeasured3") == []  # (the two samples took every one)


def test_later_census_weights_the_sampled_stratum() -> None:
    """later_census.py: a sampled row stands for `weight` turns, a census row for one; the strata do not overlap."""
    build_pool4()
    module = load_script("later_census")
    figures = module.tally([("tp", 1.0), ("fn", 5.0), ("fp", 1.0), ("tn", 5.0)])
    assert figures == {"turns": 4, "positives": 2, "tp": 1.0, "fp": 1.0, "fn": 5.0, "tn": 5.0, "precision": 0.5,
                       "recall": 0.167}
    assert module.asks_twice("Why? How\uff1f") and not module.counted("Give 5 more slogans? And 3 taglines?")
    assert module.counted("give me 5 more slogans") and not module.counted("thanks")
    assert module.extracting("identify the entities") and not module.extracting("give me 5 more slogans")
    assert module._interval([None, *(index / 100 for index in range(101))]) == [0.02, 0.97]
    assert module._interval([None]) is None


def test_weighted_cells_stand_for_their_size_and_only_samples_vary() -> None:
    """later_census.weighted: a labelled turn stands for (turns in its cell) / (labelled turns in it); resampling
    moves only the cells that are samples, so figures over censuses alone have no width."""
    build_pool4()
    module = load_script("later_census")
    figures = module.weighted({"census": (2, ["tp", "fn"]), "sample": (10, ["fp", "tn"])}, "both", replicates=200)
    assert figures["census"]["weight"] == 1 and figures["sample"]["weight"] == 5
    both = figures["both"]
    assert (both["tp"], both["fp"], both["fn"], both["tn"], both["in_cell"]) == (1, 5, 1, 5, 12)
    assert (both["precision"], both["recall"]) == (0.167, 0.5) and both["recall_interval"] == [0.5, 0.5]
    assert both["precision_interval"][0] < 0.167 < both["precision_interval"][1]
    fixed = module.weighted({"census": (2, ["tp", "fp"])}, "all", replicates=50)["all"]
    assert fixed["precision_interval"] == [0.5, 0.5]


def test_first_census_strata_cover_every_first_turn_file_once() -> None:
    """first_census.py reads each of the wheel's first-turn label files once, on its own side of the split."""
    build_pool4()
    load_script("later_census")
    module = load_script("first_census")
    files = [name for sides in module.STRATA.values() for split, names in sides.items() for name in names
             if name.endswith(f"_{split}")]
    assert sorted(files) == sorted(name for name in SHAREGPT if name.startswith(("sharegpt_v3_long",
                                                                                  "sharegpt_v3_short")))


@pytest.mark.parametrize(("text", "expected"), [
    ("Give me 5 more slogans? And 3 taglines?", "proposals"),  # a session-28 proposal first, whatever its shape
    ("Why? And how?", "questions"),
    ("give me 5 more slogans", "counted, asked"),
    ("identify the 3 entities in it", "counted, asked"),
    ("I like these 5 slogans", "counted, other"),
    ("translate these:\n- hello\n- good night", "listed or extraction"),
    ("extract the keywords", "listed or extraction"),
    ("thanks, that helps", "no shape"),
])
def test_later_census_cells_follow_the_labelling_rounds(text: str, expected: str) -> None:
    """Each later-rest turn is in the first cell that holds it, in the order the rounds labelled them."""
    build_pool4()
    module = load_script("later_census")
    assert module.cell(text, {"Give me 5 more slogans? And 3 taglines?"}) == expected


def test_build_pool2_chunks_are_balanced_and_text_only() -> None:
    module = build_pool2()
    rows = [{"pid": f"s-{index}", "source": "s", "prompt": f"prompt {index}"} for index in range(1001)]
    parts = module.chunks(rows, size=400)
    assert [len(part) for part in parts] == [334, 334, 333]
    assert all(set(row) == {"pid", "prompt"} for part in parts for row in part)
    assert sorted(row["pid"] for part in parts for row in part) == sorted(row["pid"] for row in rows)


@pytest.mark.parametrize(("part", "chunks", "train_chunks"), [
    ("sharegpt", 7, 4), ("sharegpt_short", 4, 2), ("sharegpt_v3_long", 5, 3), ("sharegpt_v3_short", 2, 1)])
def test_sharegpt_split_rule_holds(part: str, chunks: int, train_chunks: int) -> None:
    """The annotators' chunks (SHA-256-of-pid order, every `chunks`-th row) below `train_chunks` are `train`, the
    others `heldout`: 0-3 of 7 for the length-balanced sample, 0-1 of 4 for the shorter rest; for the wheel's pool
    0-2 of 5 long chunks and 0 of 2 short ones."""
    train, heldout = (read_jsonl(LABEL_FILES[f"{part}_{split}"]) for split in ("train", "heldout"))
    pids = sorted((row["pid"] for row in train + heldout), key=sha256)
    chunk = {pid: index % chunks for index, pid in enumerate(pids)}
    assert all(chunk[row["pid"]] < train_chunks for row in train)
    assert all(chunk[row["pid"]] >= train_chunks for row in heldout)
    assert len(set(pids)) == len(pids)


def test_later_turns_split_rule_holds() -> None:
    """The wheel's later user turns (and its chunks' openings) are split by conversation (the parity of the SHA-256 of
    the pid's conversation part), so no conversation has turns on both sides."""
    for split in ("train", "heldout"):
        rows = [row for part in ("later", "later_rest", "later_questions", "later_counts", "later_extraction",
                                 "later_requests", "later_listed", "later_unmeasured", "later_unmeasured2",
                                 "later_unmeasured3", "chunk_openings")
                for row in read_jsonl(LABEL_FILES[f"sharegpt_v3_{part}_{split}"])]
        assert rows and all(re.fullmatch(r"sharegpt-v3-wheel-\d+-t\d+", row["pid"]) for row in rows)
        conversations = [row["pid"].rsplit("-t", 1)[0] for row in rows]
        assert all((int(sha256(conversation)[:8], 16) % 2 == 0) == (split == "train") for conversation in conversations)


def test_sharegpt_parts_are_disjoint() -> None:
    parts = [{row["pid"] for split in ("train", "heldout") for row in read_jsonl(LABEL_FILES[f"{part}_{split}"])}
             for part in ("sharegpt", "sharegpt_short", "sharegpt_v3_long", "sharegpt_v3_short", "sharegpt_v3_later",
                          "sharegpt_v3_later_rest", "sharegpt_v3_later_questions", "sharegpt_v3_later_counts",
                          "sharegpt_v3_later_extraction", "sharegpt_v3_later_requests", "sharegpt_v3_later_listed",
                          "sharegpt_v3_later_unmeasured", "sharegpt_v3_later_unmeasured2",
                          "sharegpt_v3_later_unmeasured3", "sharegpt_v3_chunk_openings")]
    assert all(parts) and sum(map(len, parts)) == len(set().union(*parts))


def test_readme_sharegpt_table_matches_the_labels() -> None:
    readme = README.read_text(encoding="utf-8")
    assert SHAREGPT_SECTION in readme
    section = readme.split(SHAREGPT_SECTION, 1)[1].split("\n## ", 1)[0]
    for name in SHAREGPT:
        rows = read_jsonl(LABEL_FILES[name])
        positive = sum(row["parallelizable"] for row in rows)
        assert f"| {name} | {len(rows)} | {positive} | {len(rows) - positive} |" in section


SECOND_LABELS = REAL / "labels_sharegpt_v3_second.jsonl"
SECOND_500OLD = REAL / "labels_sharegpt_500old_second.jsonl"
SECOND_LATER_REST = REAL / "labels_sharegpt_v3_later_rest_second.jsonl"
SECOND_LATER_QUESTIONS = REAL / "labels_sharegpt_v3_later_questions_second.jsonl"
SECOND_LATER_REQUESTS = REAL / "labels_sharegpt_v3_later_requests_second.jsonl"
SECOND_LATER_LISTED = REAL / "labels_sharegpt_v3_later_listed_second.jsonl"
SECOND_LATER_UNMEASURED = REAL / "labels_sharegpt_v3_later_unmeasured_second.jsonl"
SECOND_LATER_UNMEASURED3 = REAL / "labels_sharegpt_v3_later_unmeasured3_second.jsonl"


def _readme_states_agreement(first: dict[str, dict[str, Any]], second: tuple[dict[str, Any], ...],
                             ) -> tuple[str, int, int]:
    """The second labelling is text-free, of the same prompts (SHA-256), and the ShareGPT section of the README
    states the agreement these two labellings give: decisions and Cohen's kappa, categories, counts. Returns the
    section, how many of the first labelling's positives the second found and how many it added, for the
    statements that differ between the two second labellings."""
    assert all(row["sha256"] == first[row["pid"]]["sha256"] for row in second)
    assert all(tuple(row) == LABEL_KEYS for row in second)  # text-free: offsets, never items or context
    assert all(isinstance(offset, int) for row in second for span in (row["data"] or []) + [row["context"] or []]
               for offset in span)
    pairs = [(first[row["pid"]]["parallelizable"], row["parallelizable"]) for row in second]
    observed = sum(a == b for a, b in pairs) / len(pairs)
    share_first, share_second = (sum(pair[i] for pair in pairs) / len(pairs) for i in (0, 1))
    chance = share_first * share_second + (1 - share_first) * (1 - share_second)
    kappa = (observed - chance) / (1 - chance)
    both = [(first[row["pid"]]["category"], row["category"]) for row in second
            if first[row["pid"]]["parallelizable"] and row["parallelizable"]]
    section = README.read_text(encoding="utf-8").split(SHAREGPT_SECTION, 1)[1].split("\n## ", 1)[0]
    assert (f"agree on {sum(a == b for a, b in pairs)} of {len(pairs)} decisions (Cohen's kappa {kappa:.2f})"
            in section)
    assert f"the same category on {sum(a == b for a, b in both)} of the {len(both)}" in section
    counts = [(first[row["pid"]]["n"], row["n"]) for row in second if first[row["pid"]]["n"] and row["n"]]
    equal = sum(a == b for a, b in counts)
    if counts:  # the questions round holds none
        assert ("every count `n` both gave is equal" if equal == len(counts)
                else f"the same count `n` on {equal} of the {len(counts)} both gave") in section
    return section, sum(pair == (True, True) for pair in pairs), sum(pair == (False, True) for pair in pairs)


def test_second_labelling_agreement_matches_the_readme() -> None:
    """A blind second labelling of 400 ShareGPT_V3 prompts: every parallelizable one of the first labelling and
    267 others."""
    first = {row["pid"]: row for name in SHAREGPT if name.startswith(("sharegpt_v3_long", "sharegpt_v3_short_"))
             for row in read_jsonl(LABEL_FILES[name])}
    second = read_jsonl(SECOND_LABELS)
    positives = {pid for pid, row in first.items() if row["parallelizable"]}
    others = sorted((pid for pid in first if pid not in positives), key=lambda pid: sha256("agree" + pid))
    assert len(second) == 400 and {row["pid"] for row in second} == positives | set(others[:400 - len(positives)])
    section, found, added = _readme_states_agreement(first, second)
    assert f"of the first labelling's {len(positives)} positives the second found {found}," in section
    assert f"and it added {added}." in section


def test_second_labelling_of_the_older_samples_matches_the_readme() -> None:
    """A blind second labelling of every prompt of sharegpt_500old_heldout."""
    first = {row["pid"]: row for row in read_jsonl(LABEL_FILES["sharegpt_500old_heldout"])}
    second = read_jsonl(SECOND_500OLD)
    assert sorted(row["pid"] for row in second) == sorted(first)
    section, found, added = _readme_states_agreement(first, second)
    stated = f"every count `n` both gave is equal; the second found all {found} of the first's and added {added}"
    assert stated in section
    assert found == sum(row["parallelizable"] for row in first.values())


def test_second_labelling_of_the_later_rest_proposals_matches_the_readme() -> None:
    """A blind second labelling of 400 of the 965 later-rest proposals: the smallest SHA-256 of "agree" + pid."""
    first = {row["pid"]: row for split in ("train", "heldout")
             for row in read_jsonl(LABEL_FILES[f"sharegpt_v3_later_rest_{split}"])}
    second = read_jsonl(SECOND_LATER_REST)
    chosen = sorted(first, key=lambda pid: sha256("agree" + pid))[:400]
    assert sorted(row["pid"] for row in second) == sorted(chosen)
    section, found, added = _readme_states_agreement(first, second)
    positives = sum(first[pid]["parallelizable"] for pid in chosen)
    stated = f"of the first labelling's {positives} positives among them the second found {found} and added {added}"
    assert stated in section


def test_second_labelling_of_the_later_questions_matches_the_readme() -> None:
    """A blind second labelling of 300 later turns with two question marks: every positive of the first labelling
    and the others with the smallest SHA-256 of "agree" + pid."""
    first = {row["pid"]: row for split in ("train", "heldout")
             for row in read_jsonl(LABEL_FILES[f"sharegpt_v3_later_questions_{split}"])}
    second = read_jsonl(SECOND_LATER_QUESTIONS)
    positives = {pid for pid, row in first.items() if row["parallelizable"]}
    others = sorted((pid for pid in first if pid not in positives), key=lambda pid: sha256("agree" + pid))
    assert sorted(row["pid"] for row in second) == sorted(positives | set(others[:300 - len(positives)]))
    section, found, added = _readme_states_agreement(first, second)
    assert f"of the first labelling's {len(positives)} positives the second found {found} and added {added}." in section


@pytest.mark.parametrize(("part", "second_file"), [("requests", SECOND_LATER_REQUESTS),
                                                  ("listed", SECOND_LATER_LISTED),
                                                  ("unmeasured", SECOND_LATER_UNMEASURED),
                                                  ("unmeasured3", SECOND_LATER_UNMEASURED3)])
def test_second_labelling_of_the_later_rounds_matches_the_readme(part: str, second_file: Path) -> None:
    """A blind second labelling of every held-out turn of session 67's two rounds (later turns that open with a request
    for a counted plural, and those that open with a task verb and hold a list) and of the first and third samples
    (sessions 68 and 69) of the turns no shape chose."""
    first = {row["pid"]: row for row in read_jsonl(LABEL_FILES[f"sharegpt_v3_later_{part}_heldout"])}
    second = read_jsonl(second_file)
    assert [row["pid"] for row in second] == list(first)
    section, found, added = _readme_states_agreement(first, second)
    positives = sum(row["parallelizable"] for row in first.values())
    assert f"of the first labelling's {positives} positives the second found {found} and added {added}." in section


@pytest.mark.parametrize("name", sorted(LABEL_FILES))
def test_notes_quote_at_most_a_few_words_of_their_prompt(name: str) -> None:
    """A note is the annotator's short phrase: no more than NOTE_QUOTE characters of its prompt recur in it."""
    if not REBUILT[name].exists():
        pytest.skip(f"sample_data/{name}.jsonl not rebuilt (sample_data/real/rebuild_nc.py --mirrors)")
    from difflib import SequenceMatcher

    for row in read_jsonl(REBUILT[name]):
        note, prompt = (row["note"] or "").casefold(), row["prompt"].casefold()
        match = SequenceMatcher(None, note, prompt, autojunk=False).find_longest_match(0, len(note), 0, len(prompt))
        assert match.size <= NOTE_QUOTE, f"{row['pid']}: {match.size} characters of the prompt in its note"


def decision_scan() -> ModuleType:
    build_pool5()
    return load_script("decision_scan")


def test_decision_scan_counts_what_moved_and_never_shows_a_held_out_text(tmp_path: Path) -> None:
    """`diff` pairs two dumps by SHA-256 and reports each moved decision; the held-out hashes come from every held-out
    label file, so `--show` can hold their texts back."""
    scan = decision_scan()
    proposed = [True, "medium", "Reading Comprehension", None, ["Who?", "When?"]]
    before = [{"sha256": "a" * 64, "pid": "p-1", "decision": [False]},
              {"sha256": "b" * 64, "pid": "p-2", "decision": [False]}]
    after = [before[0], {**before[1], "decision": proposed}]
    for name, rows in (("before", before), ("after", after)):
        (tmp_path / f"{name}.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    moved = scan.changes(tmp_path / "before.jsonl", tmp_path / "after.jsonl")
    assert moved == [("b" * 64, "p-2", [False], proposed)]
    assert scan._shown(proposed) == "medium Reading Comprehension 2 items"
    hidden = scan.held_out_hashes()
    for path in [REAL / "labels_nc.jsonl", *REAL.glob("labels_*heldout*.jsonl")]:
        assert {row["sha256"] for row in read_jsonl(path)} <= hidden


def test_decision_scan_names_the_label_of_a_moved_prompt_by_its_hash() -> None:
    """A moved prompt's label is found by SHA-256 in the label file that holds it (session 50 took a labelled
    held-out prompt for an unlabelled one by grepping its pid), and the move is judged by decision against it."""
    scan = decision_scan()
    found = scan.labels()
    for path in REAL.glob("labels_*.jsonl"):
        if "_second" not in path.name:
            assert all(found[row["sha256"]].file == path.name for row in read_jsonl(path))
    positive = scan.Label("labels_x_train.jsonl", True, "Reading Comprehension")
    proposed, low = [True, "medium", "Reading Comprehension", None, ["Who?", "When?"]], [True, "low", None, 2, None]
    assert scan.against_label(positive, [False], proposed) == "wrong -> right"
    assert scan.against_label(positive, proposed, low) == "right -> wrong"
    assert scan.against_label(scan.Label("labels_x_train.jsonl", False, None), low, [False]) == "right -> right"


def test_the_ruler_reads_lines_on_newlines_only(tmp_path: Path) -> None:
    """`ruler.py` must run session 1's tree, whose own `--eval` split a prompt at U+2028."""
    ruler = load_script("ruler")
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"prompt": "one\u2028two", "parallelizable": False}, ensure_ascii=False) + "\n\n",
                    encoding="utf-8")
    assert [row["prompt"] for row in ruler._rows(path)] == ["one\u2028two"]
    assert ruler._tier({"prompt": "Write 5 slogans for a bakery."}) in ("high", "medium")
    assert ruler._tier({"prompt": "What is the capital of France?"}) is None


def test_rewordings_count_lost_and_newly_flagged_prompts_and_refuse_held_out_files(tmp_path: Path) -> None:
    """`rewordings.py` counts, per rewording, the found prompts it changes, those lost and the single-task prompts
    newly flagged; a held-out file is refused before any text is read."""
    rewordings = load_script("rewordings")
    rows = [{"pid": "a", "prompt": "Give me 5 slogans for a bakery", "parallelizable": True},
            {"pid": "b", "prompt": "What time is it in Oslo?", "parallelizable": False}]
    drop_the_count = {"no count": lambda text: text.replace("5 slogans", "a slogan")}
    [moves] = rewordings.measure(rows, drop_the_count)
    assert (moves.found, moves.lost, moves.read_otherwise, moves.left, moves.now_flagged) == (1, ["a"], [], 0, [])
    for name, reword in rewordings.REWORDINGS.items():
        assert isinstance(reword("1. a\n- b\nc?\n"), str), name
    with pytest.raises(SystemExit):
        rewordings.main([str(tmp_path / "sharegpt_heldout.jsonl")])


# The rewordings that carry no task, and how many of `dev`'s found prompts each may still move. Windows line ends are
# read as a blank before each line break, and one prompt still reads otherwise (without the reading view they moved
# seven). Blank lines around the prompt are not read, and empty lines are read alike however many and whatever
# blanks they hold (rules 2.78; before, blank lines before the prompt moved eight and flagged three single-task
# prompts, and a blank on each empty line lost one). Nor are a chat template's role tags or quotes around the prompt
# (2.78; before, they moved 11-25 and 18, and flagged 12, 12 and 6); quotes are still read around a prompt that quotes
# something itself ('"What are "ideas" in Python?"' may be a quote of its own), which moves two. Nor is a system
# prompt that only says the model is an assistant (2.78; before, "You are a helpful assistant." moved 68 of 128, as
# the set-up of a role-play), nor a doubled space between words (2.78; before, one lost 11 of 113 and flagged 3
# single-task prompts, every space doubled 20 and 16), nor a Q/A frame or a code fence around it all (2.78; before,
# they lost 11 and 8 and flagged 14 and 3; a fence around a prompt holding fences of its own still flags 2).
_COURTESIES = {'an opening "Hi! "': 0, 'a closing "\\nThanks!"': 0, "blank lines before it": 0,
               "blank lines after it": 0, "no-break spaces": 0, "Windows line ends": 1, "a blank on each empty line": 0,
               "each empty line doubled": 0, 'a chat template around it ("### Instruction:" ... "### Response:")': 0,
               '"USER: " ... " ASSISTANT:" around it': 0, "quotes around it": 2,
               'an opening "You are a helpful assistant."': 0, "its first space doubled": 0, "every space doubled": 0,
               '"Q: " ... "\\nA:" around it': 0, "a code fence around it": 0,
               # (a soft count after a role stays low, as after any set-up: 5 of the 7)
               'an opening role ("You are a marketing expert.")': 7,
               'an opening role on the same line ("Act as a professional copywriter. ")': 7,
               'a closing "\\n\\nAnswer in English."': 0, 'a closing "\\nReturn the answer in JSON format."': 0,
               'an opening "Instruction: "': 0, 'an opening "Task:" line': 0,
               'an opening "Can you help me with this?"': 0, 'a closing "\\n\\nExplain your reasoning."': 0,
               'a closing "\\n\\nCan you do that?"': 0, 'a closing "\\nAnswer:"': 0}
_UNFLAGGING = ('an opening "Hi! "', 'a closing "\\nThanks!"', "blank lines before it", "blank lines after it",
               'a chat template around it ("### Instruction:" ... "### Response:")',
               '"USER: " ... " ASSISTANT:" around it', 'an opening "You are a helpful assistant."',
               "its first space doubled", "every space doubled", '"Q: " ... "\\nA:" around it',
               'an opening role ("You are a marketing expert.")',
               'an opening role on the same line ("Act as a professional copywriter. ")',
               'a closing "\\n\\nAnswer in English."', 'a closing "\\nReturn the answer in JSON format."',
               'an opening "Instruction: "', 'an opening "Task:" line', 'an opening "Can you help me with this?"',
               'a closing "\\n\\nExplain your reasoning."', 'a closing "\\n\\nCan you do that?"',
               'a closing "\\nAnswer:"')


@cache
def courtesy_moves() -> dict[str, Any]:
    rewordings = load_script("rewordings")
    chosen = {name: rewordings.REWORDINGS[name] for name in _COURTESIES}
    return {moves.rewording: moves for moves in rewordings.measure(rewordings.read_rows([SPLIT_FILES["dev"]]), chosen)}


@pytest.mark.parametrize("courtesy", sorted(_COURTESIES))
def test_real_prompts_found_are_found_the_same_with_courtesies_added(courtesy: str) -> None:
    """The development set's real parallelizable prompts that the rules find: the same decision (category, n, how
    many items) with the courtesy added."""
    moves = courtesy_moves()
    assert moves['an opening "Hi! "'].found > 100  # (every found prompt: the greeting changes each)
    moved = moves[courtesy].lost + moves[courtesy].read_otherwise
    assert len(moved) <= _COURTESIES[courtesy], moved


@pytest.mark.parametrize("courtesy", _UNFLAGGING)
def test_single_task_real_prompts_stay_unflagged_with_a_courtesy_added(courtesy: str) -> None:
    """Neither the rules nor the gate read them: "Hi! " once moved a labelled single-task prompt across the gate's
    length bucket, and the gate let it through."""
    moves = courtesy_moves()
    assert moves[courtesy].left > 2500  # (the single-task prompts it changes: most of dev's 3,450)
    assert moves[courtesy].now_flagged == []


def test_branch_audit_measures_what_a_branch_is_sent_of_the_prompt() -> None:
    """`branch_audit.py`: the share of the prompt's words outside its items that the filled template holds, by the
    first four letters (a singular template keeps "slogans" as "slogan"); a dropped paragraph shows."""
    decision_scan()  # (the audit imports it, and it the pool builders)
    audit = load_script("branch_audit")
    text = "Write 5 slogans for a vegan bakery in Leeds"
    assert audit.kept_share(text, "Write a slogan for a vegan bakery in Leeds", None, None) == (1.0, 5)
    story = "A fisherman finds gold on the beach and tells nobody about it."
    listed = "Describe how each factor shapes the ending: money, pride, loyalty\n\n" + story
    share, words = audit.kept_share(listed, "Describe how each factor shapes the ending: {data}",
                                    ["money", "pride", "loyalty"], None)
    assert words == 12 and share == pytest.approx(5 / 12)  # ("describe", "each", "factor", "shapes", "ending")
    assert audit.kept_share(listed, "{context}\n\nDescribe how each factor shapes the ending: {data}",
                            ["money", "pride", "loyalty"], story)[0] == 1.0
