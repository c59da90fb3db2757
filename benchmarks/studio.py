"""Studio responsiveness on a generated 100,000-prompt store.

Measures, headless (Textual's test driver, so rendering is included but no terminal I/O):
- cold launch: a new Python process (interpreter start and imports included) until the first page of the table
  is rendered (target < 2 s);
- launch: the same within a running process (opening the store and starting the app);
- cli import: what `ppstudio studio` adds before that (importing the CLI and its command modules; informational);
- filter change: picking a category in the browser until the new page is rendered (target < 200 ms);
- search: typing a query until the new page is rendered (target < 200 ms): two words (word and trigram
  indexes), a substring inside words (trigram index), and a two-character Chinese word (too short for the
  trigram index: a scan of the text);
- store size, and what the two full-text indexes take of it.
The browser reads the page before the match count, so "rendered" means the rows; the count lands just after.
One prompt in eight is Chinese or Japanese, as in the sample data.

Run: `.venv/bin/python benchmarks/studio.py [--prompts 100000] [--repeat 5]`. The store is generated once into
a temporary folder (about a third of the prompts get a schema, some a triage decision) and deleted afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual.pilot import Pilot  # noqa: E402
from textual.widgets import DataTable, Input, Select  # noqa: E402

from store import Prompt, Schema, Store, Triage  # noqa: E402
from studio.tui.app import StudioApp  # noqa: E402
from studio.tui.screens.browser import BrowserScreen  # noqa: E402

CATEGORIES = ("Translation", "Repeated Generation", "Named Entity Recognition", "Reading Comprehension",
              "Keyword Extraction", "Sentiment Analysis", "Summarization", "Question Answering")
LANGUAGES = ("en", "es", "fr", "de", "zh", "ru", "it", "pt", "ja")
SOURCES = ("lmsys", "wildchat", "parallelprompt")
WORDS = ("translate these sentences give me slogans bakery list names extract keywords summarise article review "
         "river city garden market plan simple clear strong fresh early open careful story answer question method "
         "customer teacher student reader writer journey window table letter product service team project").split()
# Chinese and Japanese words, written without spaces: what a word index cannot split.
CJK_WORDS = ("城市 北京 人口 天气 东京 电车 翻译 句子 故事 问题 学生 老师 市场 公司 产品 服务 旅行 河流 花园 "
             "計画 説明 料理 写真 音楽 日本 会社 仕事 時間").split()
CJK_SHARE = 8  # one prompt in CJK_SHARE
SEARCHES: dict[str, tuple[str, ...]] = {  # measurement -> queries, one per round in turn
    "search_ms": tuple(f"{word} river" for word in WORDS[::7]),
    "search_substring_ms": ("arde", "ustom", "ethod", "ourne"),
    "search_cjk_ms": ("城市", "人口", "日本", "写真"),
}
BATCH = 10_000
TARGET_LAUNCH_S = 2.0
TARGET_CHANGE_MS = 200.0


def generate(path: Path, count: int, seed: int = 0) -> None:
    """Fill a store with `count` prompts, a schema for every third, a triage decision for every tenth."""
    rng = random.Random(seed)
    with Store(path) as store:
        for start in range(0, count, BATCH):
            prompts = [_prompt(i, rng) for i in range(start, min(count, start + BATCH))]
            store.add_prompts(prompts)
            with store.database.transaction():  # one transaction per batch: add_schema joins it
                for prompt in prompts[::3]:
                    n = rng.randint(2, 9)
                    store.add_schema(Schema(
                        prompt_id=prompt.id, extractor="rules", extractor_version="1", parallelizable=True,
                        category=rng.choice(CATEGORIES), template="{data}", data=[f"item {k}" for k in range(n)],
                        tier=rng.choice(("high", "medium", "low"))))
                for prompt in prompts[::10]:
                    status = rng.choice(("accepted", "rejected", "flagged"))
                    store.set_triage(Triage(prompt_id=prompt.id, status=status))


def _prompt(index: int, rng: random.Random) -> Prompt:
    if index % CJK_SHARE == 0:
        return Prompt(text=f"{index}: " + "".join(rng.choices(CJK_WORDS, k=rng.randint(8, 30))) + "。",
                      source=rng.choice(SOURCES), language=rng.choice(("zh", "ja")))
    return Prompt(text=f"{index}: " + " ".join(rng.choices(WORDS, k=rng.randint(8, 40))),
                  source=rng.choice(SOURCES), language=rng.choice(LANGUAGES))


def sizes(path: Path) -> str:
    """The store's size and what each full-text index takes of it."""
    with Store(path) as store:
        tables = store.storage_bytes()
    total = sum(tables.values())
    indexes = ", ".join(f"{name} {tables.get(name, 0) / 2**20:.1f} MiB ({tables.get(name, 0) / total:.0%})"
                        for name in ("prompts_fts", "prompts_trigram"))
    return f"store {total / 2**20:.1f} MiB; prompts {tables.get('prompts', 0) / 2**20:.1f} MiB; {indexes}"


async def until_first_table(app: StudioApp, pilot: Pilot) -> None:
    table = app.screen.query_one("#prompts", DataTable)
    while table.row_count == 0:
        await pilot.pause(0.005)
    await pilot.pause()  # one refresh: the table is on screen


async def print_first_table_time(path: Path) -> None:
    """Child process of the cold-launch measurement: print the wall-clock time the first table is on screen."""
    with Store(path) as store:
        app = StudioApp(store)
        async with app.run_test(size=(120, 36)) as pilot:
            await until_first_table(app, pilot)
            print(time.time())


def cold_launch_s(path: Path) -> float:
    """A new Python process (interpreter start, imports, store open, first page) until the table is drawn."""
    started = time.time()
    done = subprocess.run([sys.executable, __file__, "--first-table", str(path)], check=True, capture_output=True,
                          text=True)
    return float(done.stdout.strip().splitlines()[-1]) - started


def cli_import_s() -> float:
    """What `ppstudio studio` pays before the studio starts: importing the CLI with every command module."""
    started = time.time()
    subprocess.run([sys.executable, "-c", "import studio.cli"], check=True, cwd=Path(__file__).resolve().parent.parent)
    return time.time() - started


async def measure(path: Path, repeat: int) -> dict[str, list[float]]:
    figures: dict[str, list[float]] = {"cli_import_s": [], "cold_launch_s": [], "launch_s": [], "filter_ms": [],
                                       **{name: [] for name in SEARCHES}}
    for round_index in range(repeat):
        figures["cli_import_s"].append(cli_import_s())
        figures["cold_launch_s"].append(cold_launch_s(path))
        started = time.perf_counter()
        store = Store(path)
        app = StudioApp(store)
        async with app.run_test(size=(120, 36)) as pilot:
            await until_first_table(app, pilot)
            figures["launch_s"].append(time.perf_counter() - started)

            screen = app.screen
            assert isinstance(screen, BrowserScreen)

            async def timed(change: Callable[[], None]) -> float:
                """From the change until its first page is drawn (the match count follows separately)."""
                before = screen.pages_shown
                begin = time.perf_counter()
                change()
                while screen.pages_shown == before:
                    await pilot.pause(0.002)
                await pilot.pause()  # the refresh that puts the page on screen
                elapsed = (time.perf_counter() - begin) * 1000.0
                await app.workers.wait_for_complete()  # the count, before the next measurement
                await pilot.pause()
                return elapsed

            category = CATEGORIES[round_index % len(CATEGORIES)]
            select = app.screen.query_one("#filter-category", Select)
            await app.workers.wait_for_complete()  # filter values loaded
            await pilot.pause()
            figures["filter_ms"].append(await timed(lambda: setattr(select, "value", category)))
            await timed(select.clear)
            search = app.screen.query_one("#search", Input)
            for name, queries in SEARCHES.items():
                query = queries[round_index % len(queries)]
                figures[name].append(await timed(partial(setattr, search, "value", query)))
        store.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prompts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--first-table", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.first_table:
        asyncio.run(print_first_table_time(args.first_table))
        return 0
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        begin = time.perf_counter()
        generate(path, args.prompts)
        print(f"generated {args.prompts:,} prompts in {time.perf_counter() - begin:.1f} s; {sizes(path)}")
        figures = asyncio.run(measure(path, args.repeat))
    for name, values in figures.items():
        in_seconds = name.endswith("_s")
        target, unit, digits = (TARGET_LAUNCH_S, "s", ".3f") if in_seconds else (TARGET_CHANGE_MS, "ms", ".0f")
        median = statistics.median(values)
        verdict = "" if name == "cli_import_s" else (
            f"  (target < {target:g} {unit}: {'met' if median < target else 'MISSED'})")
        shown = ", ".join(f"{value:{digits}}" for value in values)
        print(f"{name:<19} median {median:{digits}} {unit}{verdict}  runs: {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
