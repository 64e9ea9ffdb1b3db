"""Charts drawn on the server as inline SVG: bars for counts, columns and lines over time.

No outside library and no request anywhere: each function returns one `<svg>` element, ready
to be put in a page. Styling is by classes (`bar`, `column`, `line`, `series-N`) that app.css
colours, and SVG presentation attributes: the pages' CSP allows no inline style. Every label
is escaped; every mark carries its value (`data-value`) and a tooltip (`<title>`) in words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

#: How many series a line chart colours apart (app.css .series-0 … .series-7).
PALETTE = 8
WIDTH = 720
ROW = 22
LABEL_WIDTH = 250
LABEL_CHARS = 38
PLOT_HEIGHT = 180
COLUMN_WIDTH = 36


@dataclass(frozen=True)
class Series:
    """One line of a line chart: its name and its values, one per point of the x axis."""

    label: str
    values: Sequence[int]


def number(value: float, lang: str = "vi") -> str:
    """A count as people write it: "12.345" in Vietnamese, "12,345" in English."""
    text = f"{round(value):,}"
    return text.replace(",", ".") if lang == "vi" else text


def _clip(label: str, chars: int = LABEL_CHARS) -> str:
    return label if len(label) <= chars else label[:chars - 1].rstrip() + "…"


def _svg(width: int, height: int, title: str, css: str, body: list[str]) -> Markup:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css}" role="img" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'aria-label="{escape(title)}"><title>{escape(title)}</title>')
    return Markup(head + "".join(body) + "</svg>")  # noqa: S704 - every piece escaped here


def bar_chart(*, bars: Sequence[tuple[str, int]], title: str, lang: str = "vi",
              empty: str = "—") -> Markup:
    """Horizontal bars, one per (label, count), longest for the largest count.

    Bars are proportional to their counts (the largest fills the plot); a label too long is
    shortened on the chart and given whole in its tooltip.
    """
    plot = WIDTH - LABEL_WIDTH - 70
    height = max(len(bars), 1) * ROW + 8
    top = max((v for _, v in bars), default=0)
    body: list[str] = []
    if not bars:
        body.append(f'<text class="empty" x="{WIDTH // 2}" y="{ROW}" '
                    f'text-anchor="middle">{escape(empty)}</text>')
    for i, (label, value) in enumerate(bars):
        y = 4 + i * ROW
        length = round(plot * value / top, 2) if top else 0.0
        tip = f"{label}: {number(value, lang)}"
        body.append(
            f'<g class="row"><text class="label" x="{LABEL_WIDTH - 6}" y="{y + 15}" '
            f'text-anchor="end">{escape(_clip(label))}</text>'
            f'<rect class="bar" x="{LABEL_WIDTH}" y="{y + 2}" width="{length}" '
            f'height="{ROW - 6}" data-label="{escape(label)}" data-value="{value}">'
            f'<title>{escape(tip)}</title></rect>'
            f'<text class="value" x="{LABEL_WIDTH + length + 5}" y="{y + 15}">'
            f'{escape(number(value, lang))}</text></g>')
    return _svg(WIDTH, height, title, "bars", body)


def _ticks(count: int, room: int) -> set[int]:
    """Which of `count` x positions get a label, at most `room` of them, evenly spread."""
    if count <= room:
        return set(range(count))
    step = -(-count // room)
    return set(range(0, count, step))


def _axis(labels: Sequence[str], x: Callable[[int], float], base: float,
          room: int) -> list[str]:
    out = [f'<line class="axis" x1="{x(0) - 8}" y1="{base}" x2="{WIDTH - 10}" y2="{base}"/>']
    for i in sorted(_ticks(len(labels), room)):
        out.append(f'<text class="tick" x="{round(x(i), 2)}" y="{base + 16}" '
                   f'text-anchor="middle">{escape(labels[i])}</text>')
    return out


def _scale(top: int, base: float, lang: str) -> list[str]:
    """The y axis's top value, written at its height."""
    return [f'<text class="tick" x="44" y="{base - PLOT_HEIGHT + 4}" text-anchor="end">'
            f'{escape(number(top, lang))}</text>',
            f'<text class="tick" x="44" y="{base + 4}" text-anchor="end">0</text>']


def column_chart(*, points: Sequence[tuple[str, int]], title: str, lang: str = "vi",
                 empty: str = "—", room: int = 12) -> Markup:
    """Columns over time, one per (x label, count), heights proportional to the counts.

    At most `room` x labels are written (evenly spread); every column has its tooltip.
    """
    left, base = 52, PLOT_HEIGHT + 12
    slot = (WIDTH - left - 10) / max(len(points), 1)
    top = max((v for _, v in points), default=0)
    body: list[str] = []
    if not points:
        body.append(f'<text class="empty" x="{WIDTH // 2}" y="{base // 2}" '
                    f'text-anchor="middle">{escape(empty)}</text>')
    width = min(slot * 0.8, COLUMN_WIDTH)  # a few columns stay columns, not walls
    for i, (label, value) in enumerate(points):
        height = round(PLOT_HEIGHT * value / top, 2) if top else 0.0
        x = round(left + (i + 0.5) * slot - width / 2, 2)
        body.append(f'<rect class="column" x="{x}" y="{round(base - height, 2)}" '
                    f'width="{round(width, 2)}" height="{height}" '
                    f'data-label="{escape(label)}" data-value="{value}">'
                    f'<title>{escape(f"{label}: {number(value, lang)}")}</title></rect>')
    if points:
        body += _axis([p[0] for p in points], lambda i: left + (i + 0.5) * slot, base, room)
        body += _scale(top, base, lang)
    return _svg(WIDTH, base + 24, title, "columns", body)


def line_chart(*, labels: Sequence[str], series: Sequence[Series], title: str,
               lang: str = "vi", empty: str = "—", room: int = 12) -> Markup:
    """Lines over time, one per series, with a legend; points proportional to the values.

    Series past the palette's eight share its last colour; each point has its tooltip.
    """
    left, base = 52, PLOT_HEIGHT + 12
    slot = (WIDTH - left - 10) / max(len(labels), 1)
    top = max((v for s in series for v in s.values), default=0)
    legend_top = base + 30
    body: list[str] = []
    if not labels or not series:
        body.append(f'<text class="empty" x="{WIDTH // 2}" y="{base // 2}" '
                    f'text-anchor="middle">{escape(empty)}</text>')
        return _svg(WIDTH, base + 24, title, "lines", body)

    def x(i: int) -> float:
        return left + (i + 0.5) * slot

    def y(value: int) -> float:
        return round(base - (PLOT_HEIGHT * value / top if top else 0), 2)

    for n, line in enumerate(series):
        colour = f"series-{min(n, PALETTE - 1)}"
        points = " ".join(f"{round(x(i), 2)},{y(v)}" for i, v in enumerate(line.values))
        body.append(f'<g class="series {colour}" data-label="{escape(line.label)}">'
                    f'<polyline class="line" points="{points}" fill="none"/>')
        for i, v in enumerate(line.values):
            tip = f"{line.label} — {labels[i]}: {number(v, lang)}"
            body.append(f'<circle class="point" cx="{round(x(i), 2)}" cy="{y(v)}" r="3" '
                        f'data-value="{v}"><title>{escape(tip)}</title></circle>')
        body.append("</g>")
        row_y = legend_top + n * 18
        body.append(f'<g class="legend {colour}"><rect class="swatch" x="{left}" '
                    f'y="{row_y - 10}" width="12" height="12"/><text class="label" '
                    f'x="{left + 18}" y="{row_y}">{escape(line.label)}</text></g>')
    body += _axis(labels, x, base, room)
    body += _scale(top, base, lang)
    return _svg(WIDTH, legend_top + len(series) * 18, title, "lines", body)
