"""`ppstudio demo` as library steps: a fresh store from the sample data, curated with the rule extractor, the
decompositions that would go to a person's triage accepted (`DEMO_ACCEPT_CUT`), a handful of them chosen for a
short live run, then scored and reported.

Every step calls the same library code as the matching command (ingest, curate, run, score, report), so the demo
shows the real pipeline rather than a staged one. The steps are separate so `studio.cli.demo` can narrate them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from store import PromptFilter, Run, Store
from studio.outputs import write_text_whole
from studio.reports.model import Report
from studio.triage import accept_cut

REPORTS_DIR = Path("reports")
DEMO_PROMPTS = 5  # few prompts with few branches and short answers: the demo must finish in minutes on 2 cores
DEMO_MAX_BRANCHES = 4
PAGE = 500
# The sample prompts are hand-written and checked (sample_data/gold.jsonl holds their labels; at this cut the rules +
# gate make no false decomposition of them: tests/studio/curation/test_gate.py), so the demo accepts what would
# go to triage. `high` alone, the cut meant for unseen logs, keeps only what the gate is nearly sure of: too few
# samples for a varied demo.
DEMO_ACCEPT_CUT = "high+medium"


def sample_data_dir() -> Path:
    """The sample data: `studio/sample_data/` in an installed wheel (pyproject maps the repository's folder
    there), else `sample_data/` at the top of a source checkout. Found through the package, never the cwd."""
    package = Path(__file__).resolve().parent
    installed = package / "sample_data"
    return installed if installed.is_dir() else package.parent / "sample_data"


@dataclass(slots=True)
class PreparedStore:
    ingested: int
    curated: int
    accepted: int


def fresh_store(path: Path) -> Store:
    """An empty store at `path` (an earlier demo store there, with its WAL files, is removed first)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return Store(path)


def prepare(store: Store, sample: Path | None = None) -> PreparedStore:
    """Ingest the sample prompts, curate them with the rule extractor, accept every decomposition in
    `DEMO_ACCEPT_CUT`."""
    from studio.curation.pipeline import curate_store
    from studio.ingest.pipeline import ingest_paths

    ingested = ingest_paths(store, [sample or sample_data_dir() / "prompts.jsonl"])
    curation = curate_store(store, ["rules"])
    accepted = accept_cut(store, DEMO_ACCEPT_CUT)
    return PreparedStore(ingested=ingested.added, curated=sum(curation.curated.values()), accepted=accepted)


def choose_prompts(store: Store, count: int = DEMO_PROMPTS, max_branches: int = DEMO_MAX_BRANCHES) -> list[str]:
    """Accepted prompts with 2..max_branches branches, one per category in turn, so the table has variety."""
    rows = store.list_prompts(PromptFilter(triage="accepted", parallelizable=True), sort="added", limit=PAGE)
    by_category: dict[str, list[str]] = {}
    for row in rows:
        if row.n_branches is not None and 2 <= row.n_branches <= max_branches:
            by_category.setdefault(row.category or "", []).append(row.id)
    chosen: list[str] = []
    while len(chosen) < count and any(by_category.values()):
        for ids in by_category.values():
            if ids and len(chosen) < count:
                chosen.append(ids.pop(0))
    return chosen


def score_and_report(store: Store, runs: list[Run], embedding_precision: str = "auto",
                     reports_dir: Path = REPORTS_DIR) -> tuple[Report, list[Path]]:
    """Score the runs with the automatic scorers, build the report and write it as HTML and Markdown."""
    from studio.reports import build_report, render
    from studio.scoring import score_automatically

    score_automatically(store, runs, embedding_precision)
    report = build_report(store, PromptFilter(ids=[run.prompt_id for run in runs]), where_text="the demo's prompts")
    reports_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in ("html", "md"):
        path = reports_dir / f"demo.{fmt}"
        write_text_whole(path, render(report, fmt))
        written.append(path)
    return report, written
