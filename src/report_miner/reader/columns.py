"""Reading order: two-column pages are read column by column, top to bottom."""

from __future__ import annotations

from .layout import Line


def _gutter(lines: list[Line], width: float) -> float | None:
    """x of a vertical gap that splits most prose lines into a left and a right column."""
    if len(lines) < 8:
        return None
    best_x, best_cross = None, len(lines) + 1
    for step in range(int(width * 0.3), int(width * 0.7), 3):
        x = float(step)
        cross = sum(1 for ln in lines for s in ln.segments if s.x0 < x < s.x1)
        if cross < best_cross:
            best_x, best_cross = x, cross
    if best_x is None or best_cross > 0.15 * len(lines):
        return None
    left = sum(1 for ln in lines if any(s.x1 <= best_x and len(s.text) >= 20 for s in ln.segments))
    right = sum(1 for ln in lines if any(s.x0 >= best_x and len(s.text) >= 20 for s in ln.segments))
    if left < 5 or right < 5:
        return None
    return best_x


def _split(line: Line, x: float) -> tuple[Line | None, Line | None]:
    left = [s for s in line.segments if s.x1 <= x]
    right = [s for s in line.segments if s.x0 >= x]
    return (Line(line.page, left, line.role) if left else None,
            Line(line.page, right, line.role) if right else None)


def order_reading(lines: list[Line], width: float, table_lines: set[int]) -> list[Line]:
    """Body lines in reading order. Lines that belong to a table are never split."""
    prose = [ln for ln in lines if id(ln) not in table_lines]
    gutter = _gutter(prose, width)
    if gutter is None:
        return sorted(lines, key=lambda ln: (ln.top, ln.x0))
    ordered: list[Line] = []
    left_col: list[Line] = []
    right_col: list[Line] = []
    for line in sorted(lines, key=lambda ln: (ln.top, ln.x0)):
        crosses = any(s.x0 < gutter < s.x1 for s in line.segments)
        if crosses or id(line) in table_lines:
            ordered.extend(left_col + right_col)
            left_col, right_col = [], []
            ordered.append(line)
            continue
        left, right = _split(line, gutter)
        if left:
            left_col.append(left)
        if right:
            right_col.append(right)
    ordered.extend(left_col + right_col)
    return ordered
