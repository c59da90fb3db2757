"""The prompt browser: one page of the store at a time (never all rows), filters, full-text search, sorting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Header, Input, Select, Static
from textual.worker import get_current_worker

from store import TIERS, TRIAGE_STATUSES, PromptFilter, PromptRow
from store.prompts import SORTABLE_COLUMNS, search_terms
from studio.tui.literal import literal, one_line
from studio.tui.context import Studio
from studio.tui.messages import FilterChoicesLoaded, OpenExport, OpenPrompt, PageCounted, PageLoaded
from studio.tui.screens.prompt_actions import PromptScreen
from studio.tui.widgets.columns import Column, fit_columns
from studio.tui.widgets.footer import FittedFooter

PAGE_SIZE = 50  # rows per page: a tall terminal's worth; fewer rows to build on every filter change
# The key doubles as the sort column when the store can sort by it; the prompt column takes the width the others
# leave, but never less than PROMPT_MIN_WIDTH.
COLUMNS: tuple[Column, ...] = (
    ("id", "ID", 8, 8), ("text", "Prompt", None, None), ("category", "Category", 12, 24), ("tier", "Tier", 6, 6),
    ("triage", "Triage", 10, 10), ("n_branches", "N", 3, 3), ("runs", "Runs", 4, 4), ("language", "Lang", 4, 4),
    ("source", "Source", 8, 12),
)
# Left out in this order until the prompt gets PROMPT_MIN_WIDTH: at 80 columns id, prompt, category, tier, triage
# and runs remain; the detail screen shows the rest.
DROP_ORDER: tuple[str, ...] = ("source", "language", "n_branches", "runs", "category")
PROMPT_MIN_WIDTH = 24
SORT_CYCLE: tuple[str, ...] = tuple(key for key, *_ in COLUMNS if key in SORTABLE_COLUMNS) + ("added",)
TRIAGE_STYLES = {"accepted": "green", "rejected": "red", "flagged": "yellow", "unreviewed": "dim"}
TIER_STYLES = {"high": "green", "medium": "yellow", "low": "red"}
# Filter selects: (PromptFilter field, prompt shown when blank).
FILTER_FIELDS: tuple[tuple[str, str], ...] = (
    ("category", "Category"), ("tier", "Tier"), ("triage", "Triage"), ("language", "Lang"),
    ("source", "Source"), ("has_runs", "Runs"),
)


def row_cells(row: PromptRow, columns: Sequence[str], preview_chars: int, terms: Sequence[str] = ()) -> list[Any]:
    """The table cells of one prompt for `columns`, every string as a literal Text (prompt text is untrusted);
    search `terms` are highlighted in the prompt."""
    cells: dict[str, Any] = {
        "id": Text(row.id[:8]), "text": one_line(row.text, preview_chars, terms),
        "category": literal(row.category or "—"),
        "tier": literal(row.tier or "—", TIER_STYLES.get(row.tier or "", "")),
        "triage": Text(row.triage, TRIAGE_STYLES.get(row.triage, "")),
        "n_branches": Text("" if row.n_branches is None else str(row.n_branches), justify="right"),
        "runs": Text(str(row.runs), justify="right"), "language": literal(row.language or "—"),
        "source": literal(row.source),
    }
    return [cells[key] for key in columns]


class BrowserScreen(PromptScreen):
    """Filter bar, a paged table and a status line; keys act on the highlighted prompt."""

    BINDINGS = [
        Binding("enter", "open_detail", "Open", tooltip="Open the highlighted prompt", id="open-detail"),
        Binding("slash", "focus_search", "Search", tooltip="Full-text search over prompt text", id="search"),
        Binding("right_square_bracket", "page(1)", "Next page", key_display="]", id="next-page"),
        Binding("left_square_bracket", "page(-1)", "Prev page", key_display="[", id="prev-page"),
        Binding("o", "cycle_sort", "Sort", show=False, tooltip="Sort by the next column", id="cycle-sort"),
        Binding("v", "reverse_sort", "Reverse sort", show=False, tooltip="Reverse the sort order",
                id="reverse-sort"),
        Binding("c", "clear_filters", "Clear filters", show=False, id="clear-filters"),
        Binding("x", "export", "Export", tooltip="Export a report of the filtered prompts", id="export"),
        Binding("ctrl+r", "reload", "Reload", show=False, tooltip="Read the page again from the store",
                id="reload"),
        Binding("escape", "leave_search", show=False),
    ]
    FOOTER_KEYS = ("search", "accept", "reject", "flag", "edit-schema", "live-run", "scores", "judge", "export",
                   "quit", "annotate", "next-page", "prev-page", "open-detail")

    def __init__(self, studio: Studio) -> None:
        super().__init__(studio)
        self.where = PromptFilter()
        self.sort = "added"  # insertion order, read off the rowid: no sort over all matches
        self.descending = False
        self.page_offset = 0
        self.total = 0
        self.rows_shown = 0
        self.pages_shown = 0  # how many pages have been drawn (benchmarks wait on it)
        self._counted_filter: PromptFilter | None = None
        self._shown_before = False
        self.prompt_width = PROMPT_MIN_WIDTH
        self.shown_columns: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="/ search prompt text, any language (enter or esc: back to the table)", id="search",
                    compact=True)
        with Horizontal(id="filters"):
            for name, prompt in FILTER_FIELDS:
                yield Select[Any]([], prompt=prompt, id=f"filter-{name}", compact=True)
        yield DataTable(id="prompts", cursor_type="row", zebra_stripes=True)
        yield Static(id="status")
        yield FittedFooter()

    def on_mount(self) -> None:
        self._lay_out_columns()
        self.query_one("#filter-tier", Select).set_options((tier, tier) for tier in TIERS)
        self.query_one("#filter-triage", Select).set_options((status, status) for status in TRIAGE_STATUSES)
        self.query_one("#filter-has_runs", Select).set_options((("with runs", True), ("without runs", False)))
        self.query_one("#prompts", DataTable).focus()
        self.load_page()
        self.load_filter_choices()

    def _lay_out_columns(self) -> bool:
        """(Re)build the columns for the terminal's width; False when they are already right."""
        columns, prompt_width = fit_columns(COLUMNS, DROP_ORDER, self.app.size.width, PROMPT_MIN_WIDTH)
        if [key for key, _, _ in columns] == self.shown_columns and prompt_width == self.prompt_width:
            return False
        table = self.query_one("#prompts", DataTable)
        table.clear(columns=True)
        for key, label, width in columns:
            table.add_column(label, width=width, key=key)
        self.shown_columns, self.prompt_width = [key for key, _, _ in columns], prompt_width
        return True

    def on_resize(self) -> None:
        """Narrow terminals keep the columns that matter; wide ones give the prompt the room."""
        if self.shown_columns and self._lay_out_columns():
            self.load_page()

    # -- loading ----------------------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="browser-page", name="load page", exit_on_error=False)
    def load_page(self) -> None:
        """The page first, then (only when the filter changed) the count; results of a superseded load are
        dropped."""
        worker = get_current_worker()
        where, sort, descending, offset = self.where, self.sort, self.descending, self.page_offset
        store = self.studio.store
        rows = store.list_prompts(where, sort=sort, descending=descending, limit=PAGE_SIZE, offset=offset)
        if worker.is_cancelled:
            return
        self.post_message(PageLoaded(rows, offset))
        if self._counted_filter != where:
            total = store.count_prompts(where)
            if not worker.is_cancelled:
                self.post_message(PageCounted(where, total))

    @work(thread=True, group="browser-choices", name="load filter values", exit_on_error=False)
    def load_filter_choices(self) -> None:
        self.post_message(FilterChoicesLoaded(self.studio.store.filter_choices()))

    @on(FilterChoicesLoaded)
    def _set_choices(self, message: FilterChoicesLoaded) -> None:
        for name, values in message.choices.items():
            self.query_one(f"#filter-{name}", Select).set_options((literal(v), v) for v in values)

    @on(PageLoaded)
    def show_page(self, message: PageLoaded) -> None:
        if not message.rows and message.offset > 0:  # paged past the end before the count was known
            self.page_offset = max(0, message.offset - PAGE_SIZE)
            self.load_page()
            return
        table = self.query_one("#prompts", DataTable)
        cursor = table.cursor_row
        table.clear()
        terms = search_terms(self.where.search or "")
        for row in message.rows:
            table.add_row(*row_cells(row, self.shown_columns, self.prompt_width, terms), key=row.id)
        if message.rows:
            table.move_cursor(row=min(cursor, len(message.rows) - 1))
        self.rows_shown = len(message.rows)
        self.pages_shown += 1
        self._show_status()

    @on(PageCounted)
    def show_count(self, message: PageCounted) -> None:
        if message.where == self.where:
            self.total, self._counted_filter = message.total, message.where
            self._show_status()

    def _show_status(self) -> None:
        shown = self.rows_shown
        first = self.page_offset + 1 if shown else 0
        total = f"{self.total:,}" if self._counted_filter == self.where else "…"
        arrow = "↓" if self.descending else "↑"
        active = [f"{name}={value}" for name, value in self._active_filters()]
        status = Text.assemble(
            (f"{first:,}–{self.page_offset + shown:,} of {total}", "bold"),
            f" · sort {self.sort} {arrow}",
            (" · " + " ".join(active)) if active else "",
        )
        if not active and self._counted_filter == self.where and self.total == 0:
            status.append(" · the store is empty: ppstudio ingest FILE, then ppstudio curate", style="italic")
        self.query_one("#status", Static).update(status)

    def _active_filters(self) -> list[tuple[str, object]]:
        fields = ("search",) + tuple(name for name, _ in FILTER_FIELDS)
        return [(name, getattr(self.where, name)) for name in fields if getattr(self.where, name) is not None]

    def _apply(self, **changes: Any) -> None:
        """Change the filter or sort and read the first page again."""
        self.where = replace(self.where, **changes)
        self.page_offset = 0
        self.load_page()

    # -- PromptScreen hooks -----------------------------------------------------------------------------------
    def current_prompt_id(self) -> str | None:
        table = self.query_one("#prompts", DataTable)
        if table.row_count == 0:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def refresh_prompt(self) -> None:
        self.action_reload()

    def on_screen_resume(self) -> None:
        """Coming back from another screen: its triage, edits or runs may have changed this page."""
        if self._shown_before:
            self.action_reload()
        self._shown_before = True

    # -- events -----------------------------------------------------------------------------------------------
    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self._apply(search=event.value.strip() or None)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.query_one("#prompts", DataTable).focus()

    @on(Select.Changed)
    def _filter_changed(self, event: Select.Changed) -> None:
        name = (event.select.id or "").removeprefix("filter-")
        value = None if event.value is Select.NULL else event.value
        if getattr(self.where, name) != value:
            self._apply(**{name: value})

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_open_detail()

    @on(DataTable.HeaderSelected)
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        if key not in SORTABLE_COLUMNS:
            self.notify(f"Cannot sort by {key}.", severity="warning", timeout=2)
            return
        if key == self.sort:
            self.descending = not self.descending
        else:
            self.sort, self.descending = key, False
        self._apply()

    # -- actions ----------------------------------------------------------------------------------------------
    def action_open_detail(self) -> None:
        if (prompt_id := self._require_prompt()) is not None:
            self.post_message(OpenPrompt(prompt_id, tuple(search_terms(self.where.search or ""))))

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_leave_search(self) -> None:
        """Escape in the search box: back to the table with the search kept (so `j` is a key, not a letter)."""
        if self.focused is self.query_one("#search", Input):
            self.query_one("#prompts", DataTable).focus()

    def action_page(self, step: int) -> None:
        offset = self.page_offset + step * PAGE_SIZE
        known_total = self.total if self._counted_filter == self.where else None
        past_end = self.rows_shown < PAGE_SIZE if known_total is None else offset >= known_total
        if offset >= 0 and not (step > 0 and past_end):
            self.page_offset = offset
            self.load_page()

    def action_cycle_sort(self) -> None:
        position = SORT_CYCLE.index(self.sort) if self.sort in SORT_CYCLE else -1
        self.sort = SORT_CYCLE[(position + 1) % len(SORT_CYCLE)]
        self._apply()

    def action_reverse_sort(self) -> None:
        self.descending = not self.descending
        self._apply()

    def action_clear_filters(self) -> None:
        self.query_one("#search", Input).value = ""
        for name, _ in FILTER_FIELDS:
            self.query_one(f"#filter-{name}", Select).clear()
        self._apply(**{name: None for name, _ in FILTER_FIELDS}, search=None)

    def action_reload(self) -> None:
        self._counted_filter = None
        self.load_page()

    def action_export(self) -> None:
        self.post_message(OpenExport(self.where))
