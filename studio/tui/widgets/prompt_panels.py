"""Renderables for one prompt: its text with validation reasons highlighted at their spans, and its schema."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from store import HUMAN_EDIT, Prompt, Reason, Schema, Triage
from studio.tui.literal import MATCH_STYLE, highlighted, literal, search_spans

# One style per reason (cycled), the same in the prompt text and in the reason list so the eye can pair them.
REASON_STYLES: tuple[str, ...] = ("black on yellow", "black on cyan", "black on magenta", "black on green",
                                  "black on bright_red", "black on bright_blue")
TRIAGE_STYLES = {"accepted": "bold green", "rejected": "bold red", "flagged": "bold yellow", "unreviewed": "dim"}


def _style_for(index: int) -> str:
    return REASON_STYLES[index % len(REASON_STYLES)]


def prompt_text(prompt: Prompt, reasons: list[Reason], terms: Sequence[str] = ()) -> Text:
    """The prompt, literal, with each reason that has a span highlighted in that reason's colour and the matches
    of the browser's search `terms` in reverse video."""
    spans = [(reason.span, _style_for(i)) for i, reason in enumerate(reasons) if reason.span]
    spans += [(span, MATCH_STYLE) for span in search_spans(prompt.text, terms)]
    return highlighted(prompt.text, spans)  # type: ignore[arg-type]


def reason_list(reasons: list[Reason], first: int = 0) -> Text:
    """One line a reason, its marker in its span's colour; `first`: the reasons' position among those `prompt_text`
    highlights (a second list continues the first's colours)."""
    if not reasons:
        return Text("No validation reasons recorded.", style="dim")
    out = Text()
    for i, reason in enumerate(reasons, start=first):
        marker = " ■ " if reason.span else " · "
        out.append(marker, style=_style_for(i) if reason.span else "dim")
        out.append(" ")
        out.append_text(literal(reason.rule, "bold"))
        if reason.field:
            out.append_text(literal(f" [{reason.field}]", "italic"))
        out.append(": ")
        out.append_text(literal(reason.message))
        if reason.span:
            out.append(f"  @{reason.span[0]}–{reason.span[1]}", style="dim")
        out.append("\n")
    out.rstrip()
    return out


def prompt_meta(prompt: Prompt, triage: Triage | None, schema: Schema | None) -> Text:
    status = triage.status if triage else "unreviewed"
    meta = Text.assemble(
        (prompt.id, "bold"), " · ", literal(prompt.source), " · ", literal(prompt.language or "language ?"),
        " · ", (status, TRIAGE_STYLES.get(status, "")),
    )
    if schema is not None and schema.extractor == HUMAN_EDIT:
        meta.append(" · schema edited by a human", style="italic")
    if triage and triage.note:
        meta.append("\nnote: ", style="bold")
        meta.append_text(literal(triage.note))
    return meta


def _field(label: str, value: Text | str) -> Text:
    line = Text(f"{label:<13}", style="bold")
    line.append_text(value if isinstance(value, Text) else literal(value))
    return line


def schema_panel(schema: Schema | None, others: list[Schema]) -> Text:
    """Template, context, data items or n, dependency flag and extractor of the schema runs would use."""
    if schema is None:
        return Text("No schema yet: curate this prompt first (ppstudio curate).", style="dim")
    extractor = schema.extractor + (f" {schema.extractor_version}" if schema.extractor_version else "")
    if schema.model:
        extractor += f" ({schema.model})"
    dependency_style = "bold red" if schema.dependency == "dependent" else (
        "bold yellow" if schema.dependency == "needs_aggregation" else "green")
    lines: list[Text] = [
        _field("extractor", extractor),
        _field("category", (schema.category or "—") + (" (novel)" if schema.novel_category else "")),
        _field("tier", schema.tier or "not validated"),
        _field("parallel", Text("yes" if schema.parallelizable else "no",
                                style="green" if schema.parallelizable else "red")),
        _field("dependency", Text(schema.dependency, style=dependency_style)),
    ]
    if schema.error:
        lines.append(_field("error", literal(schema.error, "red")))
    lines.append(_field("template", literal(schema.template or "—")))
    lines.append(_field("context", literal(schema.context or "—")))
    if schema.data is not None:
        lines.append(_field("data items", str(len(schema.data))))
        lines.extend(Text.assemble((f"  {i + 1:>3}. ", "dim"), literal(item)) for i, item in enumerate(schema.data))
    else:
        lines.append(_field("n", str(schema.n) if schema.n is not None else "—"))
    # The other stored schemas: the originals a human edit replaced, earlier edits, other extractors.
    stored = [s for s in others if s.id != schema.id]
    if stored:
        names = ", ".join(f"{s.extractor} {s.extractor_version} ({s.tier or '?'})" for s in stored)
        lines.append(_field("stored", Text(names, style="dim")))
    return Text("\n").join(lines)
