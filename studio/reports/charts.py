"""Inline SVG charts for the HTML report: generated here, no JavaScript, no CDN, every label escaped."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from studio.presentation import clip, speedup
from studio.untrusted import html_text

WIDTH, HEIGHT = 640, 300
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 56, 16, 16, 64
PALETTE: tuple[str, ...] = ("#2f6db5", "#d9822b", "#3a9a5b", "#b5443b", "#7c5cb5", "#8a6d3b", "#c2559a", "#4a9aa8")


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float | None  # bar height
    marker: float | None = None  # a second figure drawn as a dot on the bar


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float
    label: str  # shown as a hover tooltip (SVG <title>)
    series: int = 0
    hollow: bool = False


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    points: Sequence[tuple[float, float]]


def _number(value: float) -> str:
    return f"{value:.1f}"


def _nice_max(value: float) -> float:
    """A round axis maximum at or above `value`."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _frame(title: str, body: list[str], x_label: str, y_label: str) -> str:
    plot_bottom = HEIGHT - MARGIN_BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" class="chart">',
        f"<title>{html_text(title)}</title>",
        f'<line x1="{MARGIN_LEFT}" y1="{MARGIN_TOP}" x2="{MARGIN_LEFT}" y2="{plot_bottom}" stroke="#444"/>',
        f'<line x1="{MARGIN_LEFT}" y1="{plot_bottom}" x2="{WIDTH - MARGIN_RIGHT}" y2="{plot_bottom}" stroke="#444"/>',
        *body,
        f'<text x="{(MARGIN_LEFT + WIDTH - MARGIN_RIGHT) / 2}" y="{HEIGHT - 6}" text-anchor="middle" '
        f'class="axis-label">{html_text(x_label)}</text>',
        f'<text x="14" y="{(MARGIN_TOP + plot_bottom) / 2}" text-anchor="middle" class="axis-label" '
        f'transform="rotate(-90 14 {(MARGIN_TOP + plot_bottom) / 2})">{html_text(y_label)}</text>',
        "</svg>",
    ]
    return "\n".join(parts)


def _y_axis(y_max: float, y_of) -> list[str]:
    ticks: list[str] = []
    for step in range(5):
        value = y_max * step / 4
        y = y_of(value)
        ticks.append(f'<line x1="{MARGIN_LEFT - 4}" y1="{_number(y)}" x2="{WIDTH - MARGIN_RIGHT}" y2="{_number(y)}" '
                     f'stroke="#ddd"/>')
        ticks.append(f'<text x="{MARGIN_LEFT - 6}" y="{_number(y + 4)}" text-anchor="end" class="tick">'
                     f"{value:g}</text>")
    return ticks


def _scale(low: float, high: float, out_low: float, out_high: float):
    span = (high - low) or 1.0
    return lambda value: out_low + (value - low) / span * (out_high - out_low)


def bar_chart(title: str, bars: Sequence[Bar], *, y_label: str, reference: float | None = 1.0,
              marker_label: str = "") -> str:
    """Vertical bars (e.g. ratio-of-sums speedup per category), an optional dot per bar and a reference line."""
    known = [v for bar in bars for v in (bar.value, bar.marker) if v is not None]
    y_max = _nice_max(max([*known, reference or 0.0, 0.0]))
    plot_bottom = HEIGHT - MARGIN_BOTTOM
    y_of = _scale(0.0, y_max, plot_bottom, MARGIN_TOP)
    slot = (WIDTH - MARGIN_LEFT - MARGIN_RIGHT) / max(len(bars), 1)
    body = _y_axis(y_max, y_of)
    for index, bar in enumerate(bars):
        x = MARGIN_LEFT + index * slot + slot * 0.15
        width = slot * 0.7
        if bar.value is not None:
            top = y_of(bar.value)
            body.append(f'<rect x="{_number(x)}" y="{_number(top)}" width="{_number(width)}" '
                        f'height="{_number(plot_bottom - top)}" fill="{PALETTE[0]}">'
                        f"<title>{html_text(bar.label)}: {bar.value:.2f}</title></rect>")
        if bar.marker is not None:
            body.append(f'<circle cx="{_number(x + width / 2)}" cy="{_number(y_of(bar.marker))}" r="4" '
                        f'fill="{PALETTE[1]}"><title>{html_text(bar.label)} {html_text(marker_label)}: '
                        f"{bar.marker:.2f}</title></circle>")
        short = clip(bar.label, 18)
        body.append(f'<text x="{_number(x + width / 2)}" y="{plot_bottom + 14}" text-anchor="middle" '
                    f'class="tick">{html_text(short)}</text>')
    if reference is not None:
        body.append(_reference_line(y_of(reference), f"{reference:g}×"))
    return _frame(title, body, "", y_label)


def scatter_chart(title: str, points: Sequence[Point], *, x_label: str, y_label: str, y_max: float = 1.0) -> str:
    """Points with hover labels (e.g. speedup vs quality per prompt, y clipped to [0, y_max]); hollow = simulated."""
    x_max = _nice_max(max([point.x for point in points] + [1.0]))
    plot_bottom = HEIGHT - MARGIN_BOTTOM
    x_of = _scale(0.0, x_max, MARGIN_LEFT, WIDTH - MARGIN_RIGHT)
    y_of = _scale(0.0, y_max, plot_bottom, MARGIN_TOP)
    body = [*_y_axis(y_max, y_of), *_x_ticks(x_max, x_of)]
    for point in points:
        colour = PALETTE[point.series % len(PALETTE)]
        fill = "none" if point.hollow else colour
        y = y_of(min(max(point.y, 0.0), y_max))
        body.append(f'<circle cx="{_number(x_of(point.x))}" cy="{_number(y)}" r="4" fill="{fill}" '
                    f'stroke="{colour}"><title>{html_text(point.label)}</title></circle>')
    return _frame(title, body, x_label, y_label)


def _x_ticks(x_max: float, x_of) -> list[str]:
    plot_bottom = HEIGHT - MARGIN_BOTTOM
    return [f'<text x="{_number(x_of(x_max * step / 4))}" y="{plot_bottom + 14}" text-anchor="middle" '
            f'class="tick">{x_max * step / 4:g}</text>' for step in range(5)]


def line_chart(title: str, series: Sequence[Series], *, x_label: str, y_label: str,
               reference: float | None = None, reference_label: str = "") -> str:
    """One line per series (e.g. speedup against n for each swept prompt), hover labels, optional ceiling line.

    Series colours follow PALETTE order, so the caller can print a legend beside the chart.
    """
    xs = [x for s in series for x, _ in s.points]
    ys = [y for s in series for _, y in s.points]
    x_max = _nice_max(max(xs + [1.0]))
    y_max = _nice_max(max(ys + [reference or 0.0, 1.0]))
    plot_bottom = HEIGHT - MARGIN_BOTTOM
    x_of = _scale(0.0, x_max, MARGIN_LEFT, WIDTH - MARGIN_RIGHT)
    y_of = _scale(0.0, y_max, plot_bottom, MARGIN_TOP)
    body = [*_y_axis(y_max, y_of), *_x_ticks(x_max, x_of)]
    for index, line in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        path = " ".join(f"{_number(x_of(x))},{_number(y_of(y))}" for x, y in sorted(line.points))
        body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2">'
                    f"<title>{html_text(line.label)}</title></polyline>")
        for x, y in line.points:
            body.append(f'<circle cx="{_number(x_of(x))}" cy="{_number(y_of(y))}" r="3" fill="{colour}">'
                        f"<title>{html_text(line.label)}: n={x:g}, {speedup(y)}</title></circle>")
    if reference is not None:
        body.append(_reference_line(y_of(reference), reference_label))
    return _frame(title, body, x_label, y_label)


def _reference_line(y: float, label: str) -> str:
    """A dashed horizontal line across the plot (1x, a capacity ceiling), labelled on hover."""
    return (f'<line x1="{MARGIN_LEFT}" y1="{_number(y)}" x2="{WIDTH - MARGIN_RIGHT}" y2="{_number(y)}" '
            f'stroke="#b5443b" stroke-dasharray="4 3"><title>{html_text(label)}</title></line>')
