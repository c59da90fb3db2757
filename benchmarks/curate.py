"""Curation benchmarks: rule extractor + validator throughput on short and on real-length prompts, cost against prompt
length, and (slot) the LLM extractor on the embedded engine.

Run: `.venv/bin/python benchmarks/curate.py [--prompts 20000] [--prompts-file F.jsonl] [--skip-llm] [--json]`.
Throughput is CPU time of this single-threaded process (the one-core figure), the language model already loaded
(its one-time load is reported apart), over
- short prompts: the hand-made samples below, repeated to `--prompts` (target >= 15,000 prompts/s);
- real-length prompts: the `prompt` field of `--prompts-file` (default `sample_data/dev.jsonl` when it exists),
  otherwise prompts generated with the length distribution of real chat logs (mean ~850 characters, median ~256,
  a tail up to 10,000) around sample instructions, one in seven parallelizable (target >= 5,000 prompts/s);
- real chat-log prompts: `sample_data/sharegpt_train.jsonl`'s ShareGPT first turns, when that file was rebuilt;
- cost against length: single prompts of 1,000 to 100,000 characters in several shapes (prose, one long line, a
  long list, many numbers, code, one prompt pasted many times over); the cost must grow linearly (target: 100,000
  characters in under 50 ms); and real prompts (the chat-log file, else the real-length set), each pasted to
  100,000 characters;
- `ppstudio curate` on a store (wall clock, schemas written to SQLite), in this one process and with two workers.
Figures measured while other work shares the CPU are noisy: quote them with that caveat.
"""

from __future__ import annotations

import argparse
import inspect
import json
import math
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evaluators.language import detect_language  # noqa: E402
from machine import describe, machine_facts  # noqa: E402
from store import prompt_id_for  # noqa: E402
from studio.curation.rules import extract_rules  # noqa: E402
from studio.curation.validator import validate_schema  # noqa: E402

# A mix of shapes real prompts take: counts, lists, questions, fields, passages, dependent and plain prompts.
SAMPLE_PROMPTS: tuple[tuple[str, str | None], ...] = (
    ("Give me 7 catchy slogans for a coffee shop", "en"),
    ("Write three different haikus about autumn.", "en"),
    ("Donne-moi cinq idées de dîner pour cette semaine.", "fr"),
    ("给我五个标题，关于人工智能的文章", "zh"),
    ("Translate the following sentences into French:\n1. I love you.\n2. Where is the station?\n3. Good morning.",
     "en"),
    ("Translate 'hello', 'goodbye' and 'thank you' into Spanish.", "en"),
    ("What are the capitals of France, Germany and Italy?", "en"),
    ("What is the boiling point of water? Who wrote Hamlet? How far is the Moon from Earth?", "en"),
    ("Extract the salary, location and contract type from this job ad: We are hiring a senior engineer in "
     "Berlin, salary 80k EUR, permanent contract.", "en"),
    ("Classify the sentiment of these reviews:\n- Great product, loved it\n- Terrible service\n- It was okay",
     "en"),
    ("Plan a 3-day itinerary where each day builds on the day before", "en"),
    ("Write a 500-word essay about climate change", "en"),
    ("Tell me about the history of the Roman Empire and why it fell.", "en"),
    ("Can you help me debug this Python function? It returns None instead of a list.", "en"),
    ("Schreibe drei kurze Gedichte über den Herbst.", "de"),
    ("Придумай пять названий для кофейни", "ru"),
    ("Rank these movies from best to worst: Titanic, Avatar and Alien", "en"),
    ("Read the passage and answer the questions.\n\nPassage: The Amazon rainforest covers much of the Amazon "
     "basin of South America. This basin encompasses seven million square kilometres.\n\nQuestions:\n"
     "1. How large is the basin?\n2. Which continent is it on?", "en"),
)


Workload = list[tuple[str, str | None]]


def load_language_model() -> float:
    """CPU seconds to load py3langid's model, which the validator reads on first use (a count read by the prompt's
    own number words). A process pays it once, before its first such prompt; loaded here before any timed pass, so
    that the throughput figures are the steady rate and this one-time cost is reported on its own (session 69: the
    one pass over `dev` had been carrying it, ~0.4 s of its ~2.3 s)."""
    started = time.process_time()
    detect_language("Bonjour, pourriez-vous me donner cinq idées de dîner pour cette semaine ?")
    return round(time.process_time() - started, 3)


def rules_throughput(prompts: Workload, prompt_count: int) -> dict[str, float | int]:
    """Prompts per second of extract_rules + validate_schema over `prompts` repeated to `prompt_count`."""
    repeats = -(-prompt_count // len(prompts))
    # As in `curate_store`, each prompt comes with the id the store already holds (hashing is ingest's cost).
    workload = [(text, language, prompt_id_for(text)) for text, language in prompts] * repeats
    for text, language in prompts[:50]:  # warm the regex caches and the lexicons
        validate_schema(extract_rules(text, language=language), text)
    started, started_cpu = time.perf_counter(), time.process_time()
    accepted = 0
    for text, language, prompt_id in workload:
        schema = validate_schema(extract_rules(text, language=language, prompt_id=prompt_id), text)
        accepted += schema.parallelizable and schema.tier != "low"
    elapsed, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    # CPU time of this single-threaded process is the one-core figure; wall time also counts waiting for a core
    # when other work shares the machine.
    lengths = sorted(len(text) for text, _, _ in workload)
    return {"prompts": len(workload), "distinct": len(prompts), "mean_chars": round(sum(lengths) / len(lengths)),
            "median_chars": lengths[len(lengths) // 2], "max_chars": lengths[-1], "seconds": round(elapsed, 3),
            "cpu_seconds": round(cpu, 3), "prompts_per_s": round(len(workload) / cpu, 1),
            "wall_prompts_per_s": round(len(workload) / elapsed, 1),
            "accepted_share": round(accepted / len(workload), 3)}


BEST_OF = 5


def best_of_passes(prompts: Workload, passes: int = BEST_OF) -> float:
    """Prompts per second of CPU when each distinct prompt counts its fastest of `passes` runs.

    A single pass over a shared (virtual) machine also measures the neighbours: the same code read 30% apart an hour
    apart here. The fastest of a few runs of the same prompt is what the code costs when nothing interrupts it (as
    `timeit` reports), so this figure moves far less between runs; the single pass stays the headline."""
    workload = [(text, language, prompt_id_for(text)) for text, language in prompts]
    best = [float("inf")] * len(workload)
    for _ in range(passes):
        for index, (text, language, prompt_id) in enumerate(workload):
            started = time.process_time()
            validate_schema(extract_rules(text, language=language, prompt_id=prompt_id), text)
            best[index] = min(best[index], time.process_time() - started)
    total = sum(best)
    return round(len(workload) / total, 1) if total > 0 else 0.0


# -- real-length prompts -------------------------------------------------------------------------------------------
DEV_FILE = ROOT / "sample_data" / "dev.jsonl"
# real chat-log first turns (ShareGPT, length-balanced: mean ~670 characters, median ~256), rebuilt by
# sample_data/real/rebuild_nc.py; timed when present, since generated prompts are not real ones
CHAT_LOG_FILE = ROOT / "sample_data" / "sharegpt_train.jsonl"
REAL_PROMPTS = 2_000
PASTED_PROMPTS = 300  # real prompts pasted to 100,000 characters each (~5 s)
# Real first turns (LMSYS-Chat-1M, WildChat): median ~256 characters, mean ~850, a long tail. A log-normal with
# this median and sigma, cut at 10,000 characters, has about that mean.
_MEDIAN_CHARS, _SIGMA, _MAX_CHARS = 256, 1.69, 10_000
# What long prompts carry around their instruction: prose to read, code, lists, numbers, another script.
_FILLERS = (
    "The committee reviewed the quarterly figures on Monday, and several members asked why the costs of the "
    "northern warehouse had risen by 12% while deliveries fell. The answer, according to the report, lies in the "
    "new contract signed in March: \"we agreed to pay for guaranteed slots, used or not\". ",
    "def load(path):\n    with open(path) as fh:\n        rows = [line.split(',') for line in fh]\n"
    "    return {row[0]: float(row[1]) for row in rows if len(row) > 1}\n\n",
    "- deliver the draft by Friday\n- keep the tone friendly but formal\n- mention the 2 open issues\n"
    "- no more than 300 words\n",
    "Table 3: 2019 4.1 5.2 6.3; 2020 3.9 5.0 6.8; 2021 4.4 5.5 7.1; 2022 4.8 5.9 7.4 (all in millions). ",
    "Q: What did the survey find? A: Most respondents (68%) prefer remote work, but 41% miss the office. ",
    "该报告指出，北方仓库的成本在过去一个季度上升了百分之十二，而交付量却有所下降。委员会要求在下次会议前给出解释。",
    "Der Ausschuss hat die Zahlen geprüft und festgestellt, dass die Kosten gestiegen sind, obwohl weniger "
    "geliefert wurde. ",
)


# Single-task instructions: in a real log only about one prompt in ten is parallelizable.
_SINGLE_TASKS: tuple[tuple[str, str | None], ...] = (
    ("Summarize the text above in a few sentences.", "en"), ("Fix the bug in this code and explain it.", "en"),
    ("Rewrite this so it sounds more professional:", "en"), ("What does this mean? Explain it simply.", "en"),
    ("Translate this email into German:", "en"), ("Write a reply to this message, keep it short.", "en"),
    ("Is this a good plan? What would you change?", "en"), ("Explica este texto con tus propias palabras.", "es"),
    ("Corrige ce texte, s'il te plaît.", "fr"), ("请帮我润色下面这段话。", "zh"),
    ("Can you make a table from this data?", "en"), ("Continue the story from here.", "en"),
)
_PARALLEL_SHARE = 0.15


def real_length_prompts(count: int = REAL_PROMPTS, seed: int = 13) -> Workload:
    """`count` prompts with the length distribution of real chat logs: an instruction (a parallelizable sample in
    `_PARALLEL_SHARE` of them, a single task otherwise), padded with filler text (before or after it, as users
    paste a text and then ask, or ask and then paste) to a drawn length."""
    rng = random.Random(seed)
    prompts: Workload = []
    for _ in range(count):
        target = min(_MAX_CHARS, max(20, int(rng.lognormvariate(math.log(_MEDIAN_CHARS), _SIGMA))))
        instruction, language = rng.choice(SAMPLE_PROMPTS if rng.random() < _PARALLEL_SHARE else _SINGLE_TASKS)
        padding = ""
        while len(instruction) + len(padding) < target:
            padding += rng.choice(_FILLERS)
        padding = padding[:max(0, target - len(instruction) - 2)]
        text = instruction + "\n\n" + padding if rng.random() < 0.5 else padding + "\n\n" + instruction
        prompts.append((text.strip(), language))
    return prompts


def prompts_from_file(path: Path) -> Workload:
    """The `prompt` (or `text`) and `language` fields of a JSONL file, read line by line on "\\n" only."""
    prompts: Workload = []
    with path.open(encoding="utf-8", newline="") as lines:
        for line in lines:
            if line.strip():
                row = json.loads(line)
                text = row.get("prompt") or row.get("text")
                if isinstance(text, str) and text:
                    prompts.append((text, row.get("language")))
    return prompts


def long_prompts_throughput(source: str, prompts: Workload) -> dict[str, object]:
    """Throughput on a set of real-length prompts (at least `REAL_PROMPTS` * 5 curated), and each distinct prompt's
    fastest of `BEST_OF` runs."""
    return {"source": source, **rules_throughput(prompts, max(len(prompts), REAL_PROMPTS * 5)),
            f"best_of_{BEST_OF}_prompts_per_s": best_of_passes(prompts)}


# -- cost against prompt length --------------------------------------------------------------------------------
def _long_prompts(length: int) -> dict[str, str]:
    """Prompts of about `length` characters in shapes that make a backtracking regex show itself."""
    ask = "Summarize the following text in 3 sentences:\n\n"
    poems, fruits = "Write a short poem about each of these fruits ", " apples, pears and plums."  # (a list's ends)
    shapes = {
        "prose": ask + (_FILLERS[0] * (length // len(_FILLERS[0]) + 1)),
        "one-line": "Translate: " + ("a" * length),
        "spaces": "Give me 5 " + (" " * length) + "ideas",
        # runs of whitespace that a regex read once per position of the run (session 24; at 2,000 characters these
        # took 75 ms, 15.6 s and 11 ms, growing as the square, the cube and the square of the run): before the
        # commas of an inline list, inside a glossary question, between "first" and "then"
        "list-spaces": "List: " + ", ".join(["x" + " " * (length // 3)] * 3),
        "what-spaces": "What does" + (" " * length) + " blood taste like?",
        "then-tabs": "First, at the bus stop 5 got off" + ("\t" * length) + " Then at the second stop 6 got on.",
        "list": "Translate the following into French:\n" + "".join(
            f"{i % 99 + 1}. item number {i} to translate, please\n" for i in range(length // 38 + 1)),
        "numbers": "Give me " + ", ".join(str(i % 997) for i in range(length // 4)) + " slogans",
        "counts": "can you give me 5 ideas and 7 pears, " * (length // 37 + 1),
        "repeated": "Give me a list of 30 jobs. " * (length // 27 + 1),
        "code": "Fix the bug in this code:\n" + (_FILLERS[1] * (length // len(_FILLERS[1]) + 1)),
        "questions": "Answer these: " + ("What is it? " * (length // 12)),
        "quotes": "Translate " + ", ".join('"word"' for _ in range(length // 8)),
        "cjk": "请总结以下内容：" + (_FILLERS[5] * (length // len(_FILLERS[5]) + 1)),
        # (session 26) a long first item with no boundary word, where the CJK boundary regex was tried from every
        # position (quadratic: over 9 s at 100,000 characters)
        "cjk-first-item": poems + "等" * (length - len(poems) - len(fruits)) + fruits,
        # a list led by one weak example marker repeated ("like", also a verb: each was matched on its own)
        "like-first-item": poems + "like " * ((length - len(poems) - len(fruits)) // 5) + fruits,
        # one short unit repeated: a line, list marker or cue word every few characters, each a candidate
        "newlines": "\n" * length,
        "colon-lines": ":\n" * (length // 2),
        "numbered-lines": "1. a\n" * (length // 5),
        "bullet-lines": "- a\n" * (length // 4),
        "first-then": "first x then " * (length // 13 + 1),
        "digits": "1 " * (length // 2),
        # (session 64) one short prompt pasted many times over, where something read before each of its lists, cues
        # or blocks went back over the whole text (quadratic: 1.6 s, 0.4 s and 25 s at 100,000 characters for the
        # first three): lists under a line of rules, a comparison cue exempted again and again, lists asked by the
        # line above them, fences and tags never closed, counts on one long quoted line
        "pasted-guidelines": _pasted(length, "Please draft a post that follows these rules:\n1) keep the tone "
                                             "friendly\n2) stay under 300 words\nTopic: tea\n\n"),
        "pasted-comparisons": _pasted(length, "What is the average wage, and what is the difference between the wage "
                                              "there and a nurse's? "),
        "pasted-asked-lists": _pasted(length, 'Below is a sample of a "choice question" layout...\n1) Cat\n2) Dog\n'
                                              "3) Bird\n@\n/q:item_12\nshow\nhide\n/\n\n"),
        "pasted-fences": _pasted(length, _EMAIL + "\n\nRegards,\nAnn Lee\n---- Summarize this email\n\n"),
        "pasted-tags": _pasted(length, _EMAIL + "\n\nRegards,\nAnn Lee\n<br> Summarize this email\n\n"),
        "quoted-line": _pasted(length, 'Name 5 words in order. Like "abbey": "a" comes before "b" and "b" comes '
                                       'before "e". '),
    }
    return {name: text[:length] for name, text in shapes.items()}


_EMAIL = ("From: Ann Lee\nTo: Board; Tom Ray\nSent: 8/2/2018 3:26 PM\nSubject: Offer to take the firm private\n\n"
          + "\n\n".join(["We believe the firm can operate better as a private company for the next several years, and "
                          "this letter explains the reasons, the price offered to every holder and the steps the board "
                          "would take next. " * 2] * 4))


def _pasted(length: int, prompt: str) -> str:
    """`prompt` repeated to at least `length` characters."""
    return prompt * (length // len(prompt) + 1)


def pasted_real_prompts(prompts: Workload, count: int = PASTED_PROMPTS,
                        length: int = 100_000) -> dict[str, float | int]:
    """Milliseconds of CPU for extract + validate of `count` real prompts (spread evenly over the set; all of them for
    0) each pasted to `length` characters (the prompt, a blank line, the prompt again, ...): the cost of real shapes
    repeated, which a generated shape may miss. Each prompt is timed once; one over 50 ms is timed twice more, and
    `over_50_ms_fastest_of_3` counts those whose fastest run is still over: on a shared VM one run of the same prompt
    read 20 to 58 ms (session 66), so a single run over the line may be the neighbours'."""
    usable = [text for text, _ in prompts if len(text) >= 40]
    times, fastest = [], []
    for text in usable[::max(1, len(usable) // count)][:count] if count > 0 else usable:
        pasted = _pasted(length, text + "\n\n")[:length]
        times.append(_cpu_ms(pasted))
        if times[-1] > 50:
            fastest.append(min(times[-1], *(_cpu_ms(pasted, forget=True) for _ in range(2))))
    times.sort()
    return {"prompts": len(times), "median_ms": round(times[len(times) // 2], 2),
            "p90_ms": round(times[int(len(times) * 0.9)], 2), "max_ms": round(times[-1], 2),
            "over_50_ms": len(fastest), "over_50_ms_fastest_of_3": sum(ms > 50 for ms in fastest),
            "max_ms_fastest_of_3": round(max(fastest), 2) if fastest else None}


def _cpu_ms(prompt: str, forget: bool = False) -> float:
    """Milliseconds of CPU for extract + validate of `prompt` (`forget`: its cached readings emptied first, for a
    prompt timed before)."""
    if forget:
        forget_prompts()
    started = time.process_time()
    validate_schema(extract_rules(prompt), prompt)
    return (time.process_time() - started) * 1000


def forget_prompts() -> None:
    """Empty the curation's small caches of a prompt's readings (`functools` caches of at most 8 entries, keyed by
    the text): a run again on the same text read its answers off them (session 64: a shape that cost 1.6 s on its
    first run read 26 ms on the next). The tables and the gate model, built once a process, stay."""
    for name, module in list(sys.modules.items()):
        if name.startswith("studio.curation"):
            for value in list(vars(module).values()):
                info = getattr(value, "cache_info", None)
                if info is not None and (info().maxsize or 0) <= 8 and inspect.signature(value).parameters:
                    value.cache_clear()


def cost_by_length(lengths: Sequence[int] = (1_000, 10_000, 100_000)) -> dict[str, dict[str, float]]:
    """Milliseconds of CPU for extract + validate of one prompt, per shape and length: the best of 3 runs, each as
    of a prompt not seen before (`forget_prompts`)."""
    results: dict[str, dict[str, float]] = {}
    for length in lengths:
        for shape, text in _long_prompts(length).items():
            best = min(_cpu_ms(text, forget=True) for _ in range(3))
            results.setdefault(shape, {})[str(length)] = round(best, 2)
    return results


# -- `ppstudio curate` on a store: worker processes and SQLite writes ---------------------------------------------
def store_prompts(generated: Workload) -> Workload:
    """The turns of every rebuilt ShareGPT train file (~13,600 real prompts since session 69's third sample of short
    later turns, ~10,600 before session 68's two: enough that starting the worker processes, ~0.3 s, does not decide
    the figure), else `generated`."""
    files = sorted(CHAT_LOG_FILE.parent.glob("sharegpt*_train.jsonl"))
    return [prompt for path in files for prompt in prompts_from_file(path)] if files else generated


def store_curation_throughput(prompts: Workload, workers: Sequence[int] = (1, 2)) -> dict[str, object]:
    """Wall-clock prompts per second of `curate_store` (rules) on a fresh temporary store holding `prompts`, once per
    `workers` setting (1: everything in this process; 2: two worker processes, the parent reading and writing the
    store): what `ppstudio curate` does with both cores, schemas written to SQLite included (filling the store is
    not timed). The one-core figures above time the rules alone."""
    import tempfile

    from store import Prompt, Store
    from studio.config import CurateSettings
    from studio.curation.pipeline import curate_store

    results: dict[str, object] = {}
    for count in workers:
        with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "bench.db") as store:
            store.add_prompts([Prompt(text=text, source="bench", language=language) for text, language in prompts])
            summary = curate_store(store, ["rules"], settings=CurateSettings(workers=count, parallel_min_prompts=0))
            curated = summary.curated["rules"]
            results[str(count)] = {"prompts": curated, "seconds": round(summary.elapsed_s, 3),
                                   "prompts_per_s": round(curated / summary.elapsed_s, 1)}
    return results


# -- LLM extractor on the embedded engine ------------------------------------------------------------------------
LLM_PROMPTS = 50
LLM_CONCURRENCY = 8
# Validator reasons that reject a proposed decomposition as malformed (the other `integrity.*` reasons only flag).
FATAL_INTEGRITY_RULES = frozenset({
    "integrity.data-xor-n", "integrity.data-size", "integrity.n-range", "integrity.template",
    "integrity.placeholders", "integrity.render", "integrity.items-invented",
})


def llm_extractor_benchmark() -> dict[str, object] | None:
    """The first 50 gold prompts through the LLM extractor on the embedded engine (SmolLM2-135M, 8 slots).

    Reports prompts/s (wall clock, engine start not counted) and the share of schemas that pass the validator's
    integrity checks: parsed without error, and, when the model proposed a decomposition, none of the
    `FATAL_INTEGRITY_RULES` fired. Quality is not the point: the engine's model is tiny.
    """
    from statistics import median

    from store.models import prompt_id_for
    from studio.backends import open_endpoint
    from studio.config import BackendSettings
    from studio.curation.evaluate import load_gold
    from studio.curation.llm import extract_blocking

    cases = load_gold(ROOT / "sample_data" / "gold.jsonl")[:LLM_PROMPTS]
    with open_endpoint(BackendSettings(slots=LLM_CONCURRENCY), min_slots=LLM_CONCURRENCY) as endpoint:
        started = time.perf_counter()
        schemas = extract_blocking(endpoint, [(prompt_id_for(case.prompt), case.prompt) for case in cases],
                                   concurrency=LLM_CONCURRENCY)
        elapsed = time.perf_counter() - started
    validated = [validate_schema(schema, case.prompt) for schema, case in zip(schemas, cases)]
    parsed = [schema for schema in validated if schema.error is None]
    proposed = [schema for schema in parsed if schema.parallelizable]
    intact_proposed = [schema for schema in proposed
                       if not any(reason.rule in FATAL_INTEGRITY_RULES for reason in schema.reasons)]
    intact = len(parsed) - len(proposed) + len(intact_proposed)  # a parsed "not parallelizable" is well formed
    accepted = [schema for schema in parsed if schema.parallelizable and schema.tier != "low"]
    call_ms = [schema.decomposition_ms for schema in validated if schema.decomposition_ms is not None]
    return {"model": endpoint.model, "prompts": len(cases), "concurrency": LLM_CONCURRENCY,
            "seconds": round(elapsed, 1), "prompts_per_s": round(len(cases) / elapsed, 3),
            "parsed_share": round(len(parsed) / len(cases), 3),
            "proposed_decompositions": len(proposed),
            "integrity_pass_share": round(intact / len(cases), 3),
            "integrity_pass_share_of_proposed": round(len(intact_proposed) / len(proposed), 3) if proposed else 0.0,
            "accepted_share": round(len(accepted) / len(cases), 3),
            "median_call_ms": round(median(call_ms), 1) if call_ms else 0.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompts", type=int, default=20_000, help="short prompts to time (>= 20,000 for the target)")
    parser.add_argument("--prompts-file", type=Path, default=DEV_FILE if DEV_FILE.exists() else None,
                        help="JSONL of real prompts (field `prompt`); default sample_data/dev.jsonl when it exists, "
                             "else generated prompts with a real length distribution")
    parser.add_argument("--pasted-prompts", type=int, default=PASTED_PROMPTS,
                        help="real prompts, spread over the pasted file, each pasted to 100,000 characters and timed "
                             f"(default {PASTED_PROMPTS}, ~5 s; 0: every one of them, ~30 s for the chat-log file)")
    parser.add_argument("--pasted-file", type=Path, default=CHAT_LOG_FILE if CHAT_LOG_FILE.exists() else None,
                        help="JSONL of real prompts to paste (field `prompt`); default the chat-log file when it was "
                             "rebuilt, else the real-length prompts. sample_data/dev.jsonl holds the Chinese and "
                             "Japanese prompts that cost the most pasted (session 66)")
    parser.add_argument("--skip-llm", action="store_true", help="do not start the embedded engine")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    args = parser.parse_args()
    real = prompts_from_file(args.prompts_file) if args.prompts_file else real_length_prompts()
    chat_log = real_length_prompts()
    results = {"machine": machine_facts(), "language_model_load_cpu_s": load_language_model(),
               "rules": rules_throughput(list(SAMPLE_PROMPTS), args.prompts),
               "rules_real_length": long_prompts_throughput(str(args.prompts_file or "generated"), real),
               # the development set's prompts are shorter than chat logs' (mean ~200 vs ~850 characters): both
               "rules_chat_log_length": long_prompts_throughput("generated", chat_log),
               # (real chat-log prompts, where they were rebuilt)
               "rules_chat_log_real": long_prompts_throughput(str(CHAT_LOG_FILE), prompts_from_file(CHAT_LOG_FILE))
               if CHAT_LOG_FILE.exists() else None,
               "cost_ms_by_length": cost_by_length(),
               "cost_ms_pasted_real": {"source": str(args.pasted_file or args.prompts_file or "generated"),
                                       **pasted_real_prompts(prompts_from_file(args.pasted_file) if args.pasted_file
                                                             else real, args.pasted_prompts)},
               "store_curation": store_curation_throughput(store_prompts(chat_log)),
               "llm": None if args.skip_llm else llm_extractor_benchmark()}
    if args.json:
        print(json.dumps(results))
        return
    print(describe(results["machine"]))
    print(f"py3langid's model, loaded once per process before the timed passes: "
          f"{results['language_model_load_cpu_s']} s of CPU (not in the rates below)")
    for key, label, target in (("rules", "short prompts", 15_000), ("rules_real_length", "real-length prompts", 5_000),
                               ("rules_chat_log_length", "generated chat-log-length prompts", 5_000),
                               ("rules_chat_log_real", "real ShareGPT chat-log prompts", 5_000)):
        rules = results[key]
        if rules is None:
            print(f"rules extractor + validator, {label}: not measured ({CHAT_LOG_FILE} not rebuilt)")
            continue
        print(f"rules extractor + validator, {label} (mean {rules['mean_chars']} chars, median "
              f"{rules['median_chars']}, max {rules['max_chars']}): {rules['prompts']} prompts in "
              f"{rules['cpu_seconds']} s of CPU = {rules['prompts_per_s']:,.0f} prompts/s on one core (target >= "
              f"{target:,}/s; wall clock {rules['wall_prompts_per_s']:,.0f}/s); accepted {rules['accepted_share']:.0%}")
        if f"best_of_{BEST_OF}_prompts_per_s" in rules:
            print(f"  each distinct prompt's fastest of {BEST_OF} runs: "
                  f"{rules[f'best_of_{BEST_OF}_prompts_per_s']:,.0f} prompts/s on one core")
    print("real-length prompts from: " + results["rules_real_length"]["source"])
    print("ms of CPU per prompt by length (target: 100,000 characters < 50 ms):")
    for shape, by_length in results["cost_ms_by_length"].items():
        print(f"  {shape:18} " + "  ".join(f"{int(length):>7,} chars {ms:8.2f} ms" for length, ms in by_length.items()))
    pasted = results["cost_ms_pasted_real"]
    print(f"  real prompts pasted to 100,000 chars ({pasted['prompts']} of {Path(pasted['source']).name}): median "
          f"{pasted['median_ms']} ms, p90 {pasted['p90_ms']} ms, max {pasted['max_ms']} ms, "
          f"{pasted['over_50_ms']} over 50 ms" + (f" ({pasted['over_50_ms_fastest_of_3']} still over at their fastest of "
                                                   f"3 runs, the slowest {pasted['max_ms_fastest_of_3']} ms)"
                                                   if pasted["over_50_ms"] else ""))
    store_figures = results["store_curation"]
    print(f"ppstudio curate (rules) on a store of {next(iter(store_figures.values()))['prompts']:,} prompts, schemas "
          "written, wall clock: " + ", ".join(
        f"{'one process' if count == '1' else f'{count} workers'} {figures['prompts_per_s']:,.0f} prompts/s "
        f"({figures['seconds']} s)" for count, figures in store_figures.items()))
    print("LLM extractor: " + (json.dumps(results["llm"]) if results["llm"] else "not measured"))


if __name__ == "__main__":
    main()
