"""Charts drawn on the server as SVG: no JavaScript, no inline styles.

Each chart is an image with a title and a description (``role="img"``, ``aria-labelledby``);
the page puts a table with the same numbers next to it, so nothing is only in the picture.
Series differ by colour (the Okabe–Ito palette, safe for colour blindness) and, for lines,
also by dash pattern.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core import formats
from core.money import group_digits

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9"]
DASHES = ["", "8 4", "2 3", "10 3 2 3", "4 4", "1 2"]
WIDTH = 800
FONT = 'font-family="system-ui, sans-serif" font-size="12" fill="#212529"'


@dataclass(frozen=True)
class Series:
    label: str
    values: list[int]


def _nice_step(maximum: int, ticks: int = 5) -> int:
    """A round step (1, 2 or 5 × a power of ten) giving at most ``ticks`` intervals."""
    if maximum <= 0:
        return 1
    power = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * power
            if maximum / step <= ticks:
                return step
        power *= 10


def _open(chart_id: str, title: str, description: str, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
    ]


def _legend(labels: list[str], x0: int, *, lines: bool = False) -> tuple[list[str], int]:
    """The legend, wrapped onto as many rows as it needs; returns its parts and its height."""
    parts = []
    x, y = x0, 18
    for index, label in enumerate(labels):
        needed = (30 if lines else 17) + 7 * len(label) + 20
        if x > x0 and x + needed > WIDTH - 10:
            x, y = x0, y + 20
        colour = PALETTE[index % len(PALETTE)]
        if lines:
            dash = DASHES[index % len(DASHES)]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(
                f'<line x1="{x}" y1="{y - 4}" x2="{x + 24}" y2="{y - 4}" stroke="{colour}" '
                f'stroke-width="3"{dash_attr}/>'
            )
            text_x = x + 30
        else:
            parts.append(f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{colour}"/>')
            text_x = x + 17
        parts.append(f'<text x="{text_x}" y="{y}" {FONT}>{escape(label)}</text>')
        x += needed
    return parts, y + 12


def _million_kronor(ore: int) -> str:
    return _("%(amount)s million kr") % {"amount": group_digits(ore // 100_000_000)}


def money_bar_chart(
    *, chart_id: str, title: str, description: str, categories: list[str], series: list[Series]
) -> SafeString:
    """Horizontal grouped bars: one group per category (region), one bar per series. Öre."""
    left, right, bar, gap = 200, 30, 6, 10
    legend, legend_height = _legend([s.label for s in series], left)
    top = legend_height + 16
    group = bar * len(series) + gap
    plot_width = WIDTH - left - right
    height = top + group * len(categories) + 40
    # At least one million kronor, so that an empty chart still has a readable axis.
    maximum = max([100_000_000, *(v for s in series for v in s.values)])
    step = _nice_step(maximum, 5)
    scale_max = step * -(-maximum // step)
    parts = _open(chart_id, title, description, height) + legend
    axis_bottom = top + group * len(categories)
    for tick in range(0, scale_max + 1, step):
        x = left + plot_width * tick / scale_max
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{axis_bottom}" '
            'stroke="#c8c8c8" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{axis_bottom + 18}" text-anchor="middle" {FONT}>'
            f"{escape(_million_kronor(tick))}</text>"
        )
    for row, category in enumerate(categories):
        y = top + row * group
        parts.append(
            f'<text x="{left - 8}" y="{y + group / 2:.1f}" text-anchor="end" '
            f'dominant-baseline="middle" {FONT}>{escape(category)}</text>'
        )
        for index, one in enumerate(series):
            value = max(one.values[row], 0)
            bar_width = plot_width * value / scale_max
            parts.append(
                f'<rect x="{left}" y="{y + index * bar}" width="{bar_width:.1f}" '
                f'height="{bar - 1}" fill="{PALETTE[index % len(PALETTE)]}"/>'
            )
    parts.append(
        f'<line x1="{left}" y1="{top - 6}" x2="{left}" y2="{axis_bottom}" stroke="#212529"/>'
    )
    parts.append("</svg>")
    # Every text above is escaped; the rest is numbers and constants.
    return mark_safe("\n".join(parts))  # noqa: S308  # nosec


def _month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    months = []
    day = dt.date(first.year, first.month, 1)
    while day <= last:
        if day >= first:
            months.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def progress_step_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    dates: list[dt.date],
    series: list[Series],
    maximum: int,
    until: dt.date,
) -> SafeString:
    """Step lines: how many regions had reached each milestone by each date."""
    left, right, bottom = 50, 30, 40
    legend, legend_height = _legend([s.label for s in series], left, lines=True)
    top = legend_height + 16
    height = top + 300 + bottom
    plot_width = WIDTH - left - right
    plot_height = height - top - bottom
    parts = _open(chart_id, title, description, height) + legend
    first = (dates[0] if dates else until) - dt.timedelta(days=1)
    span = max((until - first).days, 1)

    def x_of(day: dt.date) -> float:
        return left + plot_width * (day - first).days / span

    def y_of(count: int) -> float:
        return top + plot_height * (1 - count / max(maximum, 1))

    for tick in range(0, maximum + 1, _nice_step(maximum, 5)):
        parts.append(
            f'<line x1="{left}" y1="{y_of(tick):.1f}" x2="{WIDTH - right}" y2="{y_of(tick):.1f}" '
            'stroke="#c8c8c8"/>'
        )
        parts.append(
            f'<text x="{left - 8}" y="{y_of(tick) + 4:.1f}" text-anchor="end" {FONT}>{tick}</text>'
        )
    months = _month_starts(first, until)
    every = max(1, -(-len(months) // 8))
    for month in months[::every]:
        parts.append(
            f'<text x="{x_of(month):.1f}" y="{height - bottom + 20}" text-anchor="middle" {FONT}>'
            f"{escape(formats.month(month))}</text>"
        )
        parts.append(
            f'<line x1="{x_of(month):.1f}" y1="{height - bottom}" x2="{x_of(month):.1f}" '
            f'y2="{height - bottom + 5}" stroke="#212529"/>'
        )
    for index, one in enumerate(series):
        # A small vertical offset per series keeps lines that coincide visible side by side.
        offset = (index - (len(series) - 1) / 2) * 2
        path = [f"M{x_of(first):.1f} {y_of(0) + offset:.1f}"]
        for day, count in zip(dates, one.values, strict=True):
            path.append(f"H{x_of(day):.1f} V{y_of(count) + offset:.1f}")
        path.append(f"H{x_of(until):.1f}")
        dash = DASHES[index % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<path d="{" ".join(path)}" fill="none" stroke="{PALETTE[index % len(PALETTE)]}" '
            f'stroke-width="2.5"{dash_attr}/>'
        )
    parts.append(
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="#212529"/>'
        f'<line x1="{left}" y1="{height - bottom}" x2="{WIDTH - right}" y2="{height - bottom}" '
        'stroke="#212529"/>'
    )
    parts.append("</svg>")
    # Every text above is escaped; the rest is numbers and constants.
    return mark_safe("\n".join(parts))  # noqa: S308  # nosec
