#!/usr/bin/env python3
"""Rebuild the pools of real, human-written first-turn user prompts that the development set was labelled from.

Every source is one file (or folder) at a pinned commit of a public GitHub repository. Nothing is downloaded here:
each blob is read from a local bare clone with `git show <commit>:<path>`, so the output is the same on every
machine that has the clones. Get them once with plain git (one directory per repository, named owner+name):

    git clone --bare https://github.com/<owner>/<name> MIRRORS/<owner>+<name>/repo

Two pinned commits are on no branch (FastChat's Japanese MT-Bench, LLaMA-Factory's oasst1 files), so also fetch
every pinned commit into a ref of its own; `python3 build_pools.py --clone-commands --mirrors MIRRORS` prints all
these git commands (`git clone --mirror` instead of `--bare` also works: it brings GitHub's pull-request refs, which
hold those two commits). Then:

    python3 build_pools.py --mirrors MIRRORS [--out DIR]

writes DIR/pool.jsonl, DIR/pool2.jsonl and DIR/pool3.jsonl (the three collection rounds, kept apart so the files are
byte for byte the ones the labels were made from). Each row is
{"pid", "source", "license", "origin", "language", "prompt"}:

- `prompt` is the first user turn, verbatim; empty (whitespace-only) prompts and prompts over 12,000 characters
  are dropped;
- duplicates are dropped by text (key: whitespace collapsed, case folded); the first source in SOURCES order
  keeps the row;
- `pid` is "<source>-<index in that source's own raw order>", so a pid never moves when other sources change;
- `language` is the source's stated language (a field, a file or folder name), otherwise null.

Provenance and licences of every source: sample_data/README.md and sample_data/real/SOURCES.md.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
import shlex
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

MAX_CHARS = 12_000
POOL_FILES = ("pool.jsonl", "pool2.jsonl", "pool3.jsonl")
DEFAULT_OUT = Path(__file__).resolve().parent / "pools"

# (language stated by the row or None, prompt or None when the row has none, file the row came from)
Row = tuple[str | None, str | None, str]


@dataclass(frozen=True)
class Snapshot:
    """One pinned commit of a bare clone; reads blobs and folder listings with git."""

    git_dir: Path
    commit: str

    def _git(self, *args: str) -> bytes:
        return subprocess.run(["git", "--git-dir", str(self.git_dir), *args], check=True,
                              capture_output=True).stdout

    def show(self, path: str) -> bytes:
        return self._git("show", f"{self.commit}:{path}")

    def ls(self, folder: str) -> list[str]:
        names = self._git("ls-tree", "--name-only", self.commit, folder + "/").decode("utf-8")
        return sorted(name for name in names.split("\n") if name)


Extractor = Callable[[Snapshot, str], Iterator[Row]]

# InstructionWild user_2.jsonl has two lines with a lone backslash (an invalid JSON escape): keep it literally.
_BAD_ESCAPE = re.compile(r'\\(?!["\\/bfnrtu])')


def jsonl(data: bytes, repair: bool = False) -> Iterator[Any]:
    """JSON Lines split on \\n only (a U+2028 inside a string is not a line break)."""
    for line in data.decode("utf-8").split("\n"):
        line = line.strip()
        if not line:
            continue
        try:
            yield json.loads(line)
        except json.JSONDecodeError:
            if not repair:
                raise
            yield json.loads(_BAD_ESCAPE.sub(r"\\\\", line))


# ------------------------------------------------------------------------------------------------ extractors
# Each yields Rows in the file's own order; the index of a Row is its pid number.

def oasst_messages(snap: Snapshot, path: str) -> Iterator[Row]:
    """oasst1 message export: root messages (no parent, role prompter, not deleted)."""
    for m in jsonl(snap.show(path)):
        if m.get("parent_id") is None and m.get("role") == "prompter" and not m.get("deleted"):
            yield m.get("lang"), m["text"], path


def oasst_trees(snap: Snapshot, path: str) -> Iterator[Row]:
    """oasst2 tree export: the root prompt of each tree, neither deleted nor synthetic."""
    for tree in jsonl(snap.show(path)):
        root = tree["prompt"]
        if root.get("role") == "prompter" and root.get("parent_id") is None \
                and not root.get("deleted") and not root.get("synthetic"):
            yield root.get("lang"), root["text"], path


def string_lines(snap: Snapshot, path: str) -> Iterator[Row]:
    """A .jsonl file whose every line is one JSON string (Open-Assistant eval prompt lists)."""
    for text in jsonl(snap.show(path)):
        yield None, text, path


def oa_sampling_reports(snap: Snapshot, folder: str) -> Iterator[Row]:
    """Open-Assistant sampling reports, {"prompts": [{"prompt": ...}]}, every .json file of a folder."""
    for path in snap.ls(folder):
        if path.endswith(".json"):
            for item in json.loads(snap.show(path))["prompts"]:
                yield None, item["prompt"], path


def with_input(instruction: str, given: str | None) -> str:
    """Instruction plus a blank line and the task's input, when it has one (the AlpacaEval convention)."""
    return instruction + ("\n\n" + given if given and given.strip() else "")


def self_instruct_user(snap: Snapshot, path: str) -> Iterator[Row]:
    """Self-Instruct's hand-written user-oriented tasks: instruction + the first instance's input."""
    for task in jsonl(snap.show(path)):
        given = task["instances"][0].get("input", "") if task.get("instances") else ""
        yield None, with_input(task["instruction"], given), path


def fastchat_questions(snap: Snapshot, path: str) -> Iterator[Row]:
    """FastChat question.jsonl: first turn ("turns"[0], or "text" in the v1 format)."""
    for question in jsonl(snap.show(path)):
        yield None, question["turns"][0] if "turns" in question else question["text"], path


def hh_first_human(snap: Snapshot, path: str) -> Iterator[Row]:
    """Anthropic HH-RLHF: the first "Human:" turn of each "chosen" transcript (rows without one are skipped)."""
    for pair in jsonl(gzip.decompress(snap.show(path))):
        match = re.match(r"\s*Human: (.*?)\n\nAssistant:", pair["chosen"], flags=re.S)
        if match:
            yield None, match.group(1), path


def csv_prompt_column(snap: Snapshot, path: str) -> Iterator[Row]:
    for row in csv.DictReader(io.StringIO(snap.show(path).decode("utf-8"))):
        yield None, row["prompt"], path


def json_list_prompt(snap: Snapshot, path: str) -> Iterator[Row]:
    for row in json.loads(snap.show(path)):
        yield None, row["prompt"], path


def alpacaeval(snap: Snapshot, path: str, dataset: str) -> Iterator[Row]:
    """AlpacaEval model_outputs.json: the instructions of one of its source datasets."""
    for row in json.loads(snap.show(path)):
        if row["dataset"] == dataset:
            yield None, row["instruction"], path


def instruction_field(snap: Snapshot, path: str) -> Iterator[Row]:
    for row in jsonl(snap.show(path), repair=True):
        yield None, row["instruction"], path


def question_field(snap: Snapshot, path: str) -> Iterator[Row]:
    """Shaberi model-answer files: the benchmark's question; the model's answer is never read."""
    for row in jsonl(snap.show(path)):
        yield None, row["Question"], path


_ALPACA_TEMPLATE = re.compile(
    r"\A.*?### Instruction:\n(?P<ins>.*?)(?:\n\n### Input:\n(?P<inp>.*?))?\n\n### Response:\s*\Z", re.S)


def alpaca_template(snap: Snapshot, path: str) -> Iterator[Row]:
    """Dolly rows wrapped in the Alpaca template ("prompt"): the instruction + Dolly's context (### Input)."""
    for row in jsonl(snap.show(path)):
        match = _ALPACA_TEMPLATE.match(row["prompt"])
        if match is None:
            raise ValueError(f"{path}: a row outside the Alpaca template")
        yield None, with_input(match.group("ins"), match.group("inp")), path


_GUANACO = re.compile(r"\A### Human: (?P<h>.*?)### Assistant:", re.S)


def guanaco_text(snap: Snapshot, path: str) -> Iterator[Row]:
    """openassistant-guanaco "text": the first Human turn, before the first "### Assistant:"."""
    for row in jsonl(snap.show(path)):
        match = _GUANACO.match(row["text"])
        yield None, match.group("h") if match else None, path


def llamafactory_first_turn(snap: Snapshot, path: str) -> Iterator[Row]:
    """LLaMA-Factory alpaca-style list: history[0][0] when there is a history, else instruction (+ input)."""
    for row in json.loads(snap.show(path)):
        history = row.get("history") or []
        yield None, history[0][0] if history else with_input(row["instruction"], row.get("input")), path


def vigogne_conversation(snap: Snapshot, path: str) -> Iterator[Row]:
    """Vigogne chat file: the first UTILISATEUR (user) turn of "conversation"."""
    for row in jsonl(snap.show(path)):
        turns = row.get("conversation") or row.get("messages") or []
        first = next((turn for turn in turns if turn["role"] in ("UTILISATEUR", "user")), None)
        yield None, first["content"] if first else None, path


# --------------------------------------------------------------------------------------------------- sources

@dataclass(frozen=True)
class Source:
    """One labelled source: where its rows are, under which licence, and which pool file they go to."""

    name: str
    license: str
    repo: str
    commit: str
    path: str
    extract: Extractor
    language: str | None  # stated for the whole file; None: the row's own field, if any
    pool: str


FASTCHAT = "lm-sys/FastChat"
OA_EVAL = ("Open-Assistant/oasst-model-eval", "ce935dee6922ec75d5a4006dd1c3595b39a01fdf")
MT_BENCH_X = ("Modalities/MT-Bench-X", "f8972dc70595a7e981ada7f2ac5e7c191ab12441")
ALPACA_EVAL = ("tatsu-lab/alpaca_eval", "cd543a149df89434d8a54582c0151c0b945c3d20",
               "results/text_davinci_003/model_outputs.json")
SHABERI = ("shisa-ai/shaberi", "f8cd7a040397cf37b2cd23ef224cfc97095ef756")
RAKUDA = ("yuzu-ai/japanese-llm-ranking", "fae1ee79c69b0c3acf8e8a1994e43c7952e7bd9c")
INSTRUCTION_WILD = ("XueFuzhao/InstructionWild", "047fa6b9abd4a0b2d5ed6f0f9bbc14df5bd6b1d6")
LLAMA_FACTORY = ("hiyouga/LLaMA-Factory", "1ccbfe562dabe9a75df729c960e09d6a8bd6382c")
POOL1, POOL2, POOL3 = POOL_FILES

SOURCES: tuple[Source, ...] = (
    # Round 1: English-heavy sets, MT-Bench and its translations.
    Source("oasst1-val", "Apache-2.0", "TurkuNLP/oasst-fi", "45e9c4600eacf5844887e321ba3952befe9727dc",
           "original-data/en-validation.jsonl", oasst_messages, None, POOL1),
    Source("oa-eval-en100", "Apache-2.0", *OA_EVAL, "model_eval/manual/data/en_100_text.jsonl",
           string_lines, "en", POOL1),
    Source("oa-eval-1k", "Apache-2.0", *OA_EVAL, "sampling_reports/oasst-sft/1k-prompts",
           oa_sampling_reports, "en", POOL1),
    Source("oa-eval-lottery", "Apache-2.0", *OA_EVAL, "model_eval/manual/data/prompt_lottery_en_250_text.jsonl",
           string_lines, "en", POOL1),
    Source("oa-eval-multi60", "Apache-2.0", *OA_EVAL, "model_eval/manual/data/multilingual-60.jsonl",
           string_lines, None, POOL1),
    Source("selfinstruct-user", "Apache-2.0", "yizhongw/self-instruct", "0b26ccaa415992100fa32df62d41b994cf928e23",
           "human_eval/user_oriented_instructions.jsonl", self_instruct_user, "en", POOL1),
    Source("vicuna-bench", "Apache-2.0", FASTCHAT, "0e6d3e4beaab66f4d3f93db72541a4abab8af28d",
           "fastchat/llm_judge/data/vicuna_bench/question.jsonl", fastchat_questions, "en", POOL1),
    Source("mt-bench", "Apache-2.0", FASTCHAT, "0e6d3e4beaab66f4d3f93db72541a4abab8af28d",
           "fastchat/llm_judge/data/mt_bench/question.jsonl", fastchat_questions, "en", POOL1),
    Source("ja-mt-bench", "Apache-2.0", FASTCHAT, "6b6c9dd3a6b8de3680a62282a851e47e4ed914b1",
           "fastchat/llm_judge/data/japanese_mt_bench/question.jsonl", fastchat_questions, "ja", POOL1),
    *(Source(f"mt-bench-x-{code}", "Apache-2.0", *MT_BENCH_X, f"data/mt_bench_{code.upper()}/question.jsonl",
             fastchat_questions, code, POOL1) for code in ("de", "es", "fr", "it")),
    Source("awesome-prompts", "CC0-1.0", "f/awesome-chatgpt-prompts", "82f15563c9284c01ca54f0b915ae1aeda5a0fc3a",
           "prompts.csv", csv_prompt_column, "en", POOL1),
    Source("awesome-prompts-zh", "MIT", "PlexPt/awesome-chatgpt-prompts-zh",
           "367ed18b9c50b702d762c6fbc2885107141acb62", "prompts-zh.json", json_list_prompt, "zh", POOL1),
    Source("hh-harmless-test", "MIT", "anthropics/hh-rlhf", "354e5c3cb8960630860dd5774a6ac2a58313bf4d",
           "harmless-base/test.jsonl.gz", hh_first_human, "en", POOL1),
    Source("alpacaeval-koala", "CC-BY-NC-4.0", *ALPACA_EVAL, partial(alpacaeval, dataset="koala"), "en", POOL1),
    Source("alpacaeval-helpful", "MIT (rows from Anthropic hh-rlhf); AlpacaEval compilation CC-BY-NC-4.0",
           *ALPACA_EVAL, partial(alpacaeval, dataset="helpful_base"), "en", POOL1),
    Source("ko-mt-bench", "LGPL-3.0", "LG-AI-EXAONE/KoMT-Bench", "56d4f3af437543dce39f08aecfb818abed81210d",
           "FastChat/fastchat/llm_judge/data/mt_bench/question_ko.jsonl", fastchat_questions, "ko", POOL1),
    # Round 2: long prompts with passages, Japanese and other languages.
    Source("dolly-triforce", "CC-BY-SA-3.0", "ANTI-Tony/triforce-reproduce",
           "ab023608973128b0dd3d170bf3af1b01d953d6bc", "data/dolly.jsonl", alpaca_template, "en", POOL2),
    Source("elyza-tasks-100", "CC-BY-SA-4.0", *SHABERI,
           "data/model_answers/elyza__ELYZA-tasks-100/009-llama3.1-8b-mbs8.json", question_field, "ja", POOL2),
    Source("tengu-bench", "NOASSERTION", *SHABERI,
           "data/model_answers/lightblue__tengu_bench/009-llama3.1-8b-mbs8.json", question_field, "ja", POOL2),
    Source("rakuda-v2", "Apache-2.0", *RAKUDA, "jrank/data/rakuda_v2/questions.jsonl",
           fastchat_questions, "ja", POOL2),
    Source("rakuda-v1", "Apache-2.0", *RAKUDA, "jrank/data/rakuda_v1/questions.jsonl",
           fastchat_questions, "ja", POOL2),
    Source("oasst2-openpaws", "Apache-2.0", "Open-Paws/Datasets", "2bf9eaa3c660b0acbf6bfa9d27a53e23b2bd85d9",
           "open_assistant/oasst2_filtered.jsonl", oasst_trees, None, POOL2),
    Source("instructwild-twitter", "NonCommercial-research-only", *INSTRUCTION_WILD, "data_v2/user_1.jsonl",
           instruction_field, "en", POOL2),
    Source("instructwild-cookup", "NonCommercial-research-only", *INSTRUCTION_WILD, "data_v2/user_2.jsonl",
           instruction_field, "en", POOL2),
    # Round 3: oasst1 in Chinese and French, the Guanaco eval split, LIMA.
    Source("guanaco-eval", "Apache-2.0", "minhanh01bg/fine-tune-llama2-7b", "274b082710532056e5ca6e45839d32bb34b44ad0",
           "openassistant-guanaco/openassistant_best_replies_eval.jsonl", guanaco_text, None, POOL3),
    Source("oasst1-zh-sft", "Apache-2.0", *LLAMA_FACTORY, "data/oaast_sft_zh.json",
           llamafactory_first_turn, "zh", POOL3),
    Source("oasst1-zh-rm", "Apache-2.0", *LLAMA_FACTORY, "data/oaast_rm_zh.json",
           llamafactory_first_turn, "zh", POOL3),
    Source("oasst1-fr-vigogne", "Apache-2.0", "bofenghuang/vigogne", "9dcfb8187e7a31725f345f940c8f40ce6874a249",
           "data/chat/oasst_20230412_fr_1k.jsonl", vigogne_conversation, "fr", POOL3),
    Source("lima-train", "CC-BY-NC-SA-4.0", *LLAMA_FACTORY, "data/lima.json", llamafactory_first_turn, "en", POOL3),
)


def norm_key(text: str) -> str:
    """Duplicate key: whitespace collapsed, case folded."""
    return re.sub(r"\s+", " ", text).strip().casefold()


def is_new(prompt: object, seen: set[str]) -> bool:
    """A usable prompt (a non-blank string of at most MAX_CHARS) whose duplicate key is not in `seen`; its key is
    added, so the first row with a text keeps it."""
    if not isinstance(prompt, str) or not prompt.strip() or len(prompt) > MAX_CHARS:
        return False
    key = norm_key(prompt)
    if key in seen:
        return False
    seen.add(key)
    return True


def build(mirrors: Path, sources: tuple[Source, ...] | None = None,
          seen: set[str] | None = None) -> tuple[list[dict[str, Any]], list[tuple[str, int, int]]]:
    """All pool rows in order (each with its "pool" file name) and (source, raw rows, kept rows) per source.

    `sources` defaults to SOURCES; `seen` holds duplicate keys of rows kept elsewhere (a later round's pool must
    skip every earlier prompt) and is updated in place.
    """
    seen = set() if seen is None else seen
    rows: list[dict[str, Any]] = []
    stats: list[tuple[str, int, int]] = []
    for source in SOURCES if sources is None else sources:
        snap = Snapshot(mirrors / source.repo.replace("/", "+") / "repo", source.commit)
        raw = kept = 0
        for index, (row_language, prompt, path) in enumerate(source.extract(snap, source.path)):
            raw += 1
            if not is_new(prompt, seen):
                continue
            kept += 1
            rows.append({"pid": f"{source.name}-{index}", "source": source.name, "license": source.license,
                         "origin": f"{source.repo}@{source.commit}:{path}",
                         "language": source.language if source.language is not None else row_language,
                         "prompt": prompt, "pool": source.pool})
        stats.append((source.name, raw, kept))
    return rows, stats


def write_pools(rows: list[dict[str, Any]], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name in POOL_FILES:
        with (out / name).open("w", encoding="utf-8") as handle:
            for row in rows:
                if row["pool"] == name:
                    line = {key: value for key, value in row.items() if key != "pool"}
                    handle.write(json.dumps(line, ensure_ascii=False) + "\n")


def clone_commands(mirrors: Path, sources: Sequence[Source] = SOURCES) -> list[str]:
    """Shell commands that make every bare clone and pin every commit the sources read."""
    commands: list[str] = []
    for repo, commit in dict.fromkeys((source.repo, source.commit) for source in sources):
        git_dir = shlex.quote(str(mirrors / repo.replace("/", "+") / "repo"))
        clone = f"git clone --bare https://github.com/{repo} {git_dir}"
        if clone not in commands:
            commands.append(clone)
        commands.append(f"git --git-dir {git_dir} fetch origin {commit}:refs/pinned/{commit}")
    return commands


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mirrors", type=Path, help="folder of bare clones, one per repository: owner+name/repo")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    parser.add_argument("--clone-commands", action="store_true",
                        help="print the git commands that make the clones in --mirrors, and exit")
    args = parser.parse_args()
    if args.mirrors is None:
        parser.error("--mirrors is required")
    if args.clone_commands:
        print("\n".join(clone_commands(args.mirrors)))
        return
    rows, stats = build(args.mirrors)
    write_pools(rows, args.out)
    for name, raw, kept in stats:
        print(f"{name:24s} raw {raw:5d} kept {kept:5d}", file=sys.stderr)
    print(f"total {len(rows)}; languages {dict(Counter(row['language'] for row in rows).most_common())}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
