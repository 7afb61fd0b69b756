"""Reading order: multi-column pages are read column by column, top to bottom.

A column gutter is a vertical strip that almost no text run crosses while long runs of prose
sit on both sides of it. Full-width lines (titles, wide tables) end a band of columns, so a
page with a heading across two columns reads heading, left column, right column, next heading.
Each column is searched again for a gutter of its own, which handles three-column pages.
"""

from __future__ import annotations

import math

from .layout import Line

MIN_PROSE_LINES = 5  # long runs needed on each side of a gutter
MIN_RUN_CHARS = 20


def _gutter(lines: list[Line], lo: float, hi: float) -> float | None:
    """x of a vertical gap that splits most prose lines in [lo, hi] into two columns."""
    if len(lines) < MIN_PROSE_LINES:
        return None
    span = hi - lo
    steps = list(range(int(lo + span * 0.2), int(hi - span * 0.2), 3))
    if not steps:
        return None
    # how many text runs cross each candidate x, by a difference array over the candidates
    first = steps[0]
    delta = [0] * (len(steps) + 1)
    for line in lines:
        for s in line.segments:
            a = max(0, math.floor((s.x0 - first) / 3) + 1)  # first step strictly right of x0
            b = min(len(steps), math.ceil((s.x1 - first) / 3))  # first step at or right of x1
            if a < b:
                delta[a] += 1
                delta[b] -= 1
    best_x, best_cross, running = None, len(lines) + 1, 0
    for i, step in enumerate(steps):
        running += delta[i]
        if running < best_cross:
            best_x, best_cross = float(step), running
    if best_x is None or best_cross > 0.15 * len(lines):
        return None
    left = sum(1 for ln in lines
               if any(s.x1 <= best_x and len(s.text) >= MIN_RUN_CHARS for s in ln.segments))
    right = sum(1 for ln in lines
                if any(s.x0 >= best_x and len(s.text) >= MIN_RUN_CHARS for s in ln.segments))
    if left < MIN_PROSE_LINES or right < MIN_PROSE_LINES:
        return None
    return best_x


def _split(line: Line, x: float) -> tuple[Line | None, Line | None]:
    left = [s for s in line.segments if s.x1 <= x]
    right = [s for s in line.segments if s.x0 >= x]
    return (Line(line.page, left, line.role) if left else None,
            Line(line.page, right, line.role) if right else None)


def _order(lines: list[Line], lo: float, hi: float, keep: set[int], depth: int) -> list[Line]:
    lines = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    gutter = None if depth > 2 else _gutter([ln for ln in lines if id(ln) not in keep], lo, hi)
    if gutter is None:
        return lines
    ordered: list[Line] = []
    left_col: list[Line] = []
    right_col: list[Line] = []

    def flush() -> None:
        ordered.extend(_order(left_col, lo, gutter, keep, depth + 1))
        ordered.extend(_order(right_col, gutter, hi, keep, depth + 1))
        left_col.clear()
        right_col.clear()

    for line in lines:
        if id(line) in keep or any(s.x0 < gutter < s.x1 for s in line.segments):
            flush()
            ordered.append(line)
            continue
        left, right = _split(line, gutter)
        if left:
            left_col.append(left)
        if right:
            right_col.append(right)
    flush()
    return ordered


def order_reading(lines: list[Line], width: float, table_lines: set[int]) -> list[Line]:
    """Body lines in reading order. Lines that belong to a table are never split."""
    return _order(lines, 0.0, width, table_lines, 0)
