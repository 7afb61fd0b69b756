"""Reading order: multi-column pages are read column by column, top to bottom.

A column gutter is a vertical strip that almost no text run crosses while long runs of prose
sit on both sides of it. Full-width lines (titles, wide tables) end a band of columns, so a
page with a heading across two columns reads heading, left column, right column, next heading.
Each column is searched again for a gutter of its own, which handles three-column pages.
"""

from __future__ import annotations

import math

from .layout import Line, Segment
from .rules import split_at

MIN_PROSE_LINES = 5  # long runs needed on each side of a gutter
MIN_RUN_CHARS = 20
# a space inside a run this wide (in line heights) may be a gutter the run bridges; an ordinary
# space between words, even in a justified line, is narrower
GUTTER_GAP = 0.6


def _gutter(lines: list[Line], lo: float, hi: float) -> float | None:
    """x of a vertical gap that splits most prose lines in [lo, hi] into two columns."""
    if len(lines) < MIN_PROSE_LINES:
        return None
    span = hi - lo
    steps = list(range(int(lo + span * 0.2), int(hi - span * 0.2), 3))
    if not steps:
        return None
    best_x, best_cross = _least_crossed(lines, steps)
    if best_x is None or best_cross > 0.15 * len(lines):
        return None
    left = sum(1 for ln in lines
               if any(s.x1 <= best_x and len(s.text) >= MIN_RUN_CHARS for s in ln.segments))
    right = sum(1 for ln in lines
                if any(s.x0 >= best_x and len(s.text) >= MIN_RUN_CHARS for s in ln.segments))
    if left < MIN_PROSE_LINES or right < MIN_PROSE_LINES:
        return None
    return best_x


def _least_crossed(lines: list[Line], steps: list[int]) -> tuple[float | None, int]:
    """The candidate x (every third point) that the fewest words cross, and how many do.

    A difference array over the candidates: linear in words and candidates.
    """
    first = steps[0]
    delta = [0] * (len(steps) + 1)
    for line in lines:
        for x0, x1 in _word_spans(line):
            a = max(0, math.floor((x0 - first) / 3) + 1)  # first step strictly right of x0
            b = min(len(steps), math.ceil((x1 - first) / 3))  # first step at or right of x1
            if a < b:
                delta[a] += 1
                delta[b] -= 1
    best_x, best_cross, running = None, len(lines) + 1, 0
    for i, step in enumerate(steps):
        running += delta[i]
        if running < best_cross:
            best_x, best_cross = float(step), running
    return best_x, best_cross


def _word_spans(line: Line) -> list[tuple[float, float]]:
    """Where the line's words are: a run is cut at its word gaps, when they are known.

    A run that bridges a column gutter (the last word of one column and the first of the next,
    drawn one after the other with a space) then does not hide the gutter.
    """
    spans: list[tuple[float, float]] = []
    for s in line.segments:
        start = s.x0
        for left_end, right_start in s.gaps or ():
            if right_start - left_end >= GUTTER_GAP * s.height:
                spans.append((start, left_end))
                start = right_start
        spans.append((start, s.x1))
    return spans


def _crosses(line: Line, x: float) -> bool:
    return any(a < x < b for a, b in _word_spans(line))


def _cut(segments: list[Segment], x: float) -> list[Segment]:
    out: list[Segment] = []
    for s in segments:
        parts = split_at(s, x, 0.0, GUTTER_GAP * s.height) if s.x0 < x < s.x1 else None
        out.extend(parts if parts else (s,))
    return out


def _split_into(line: Line, x: float, left: list[Line], right: list[Line]) -> None:
    """The line's part left of x to `left`, its part right of x to `right`."""
    a, b = _split(line, x)
    if a:
        left.append(a)
    if b:
        right.append(b)


def _split(line: Line, x: float) -> tuple[Line | None, Line | None]:
    segments = _cut(line.segments, x)
    left = [s for s in segments if s.x1 <= x]
    right = [s for s in segments if s.x0 >= x]
    return (Line(line.page, left, line.role) if left else None,
            Line(line.page, right, line.role) if right else None)


def _page_gutters(lines: list[Line], lo: float, hi: float, keep: set[int], depth: int) -> list[float]:
    """Every gutter of the page, found over all its lines: a band of two or three lines between
    two tables has too few lines to show its columns, but the page's other bands do."""
    gutter = None if depth > 2 else _gutter([ln for ln in lines if id(ln) not in keep], lo, hi)
    if gutter is None:
        return []
    left: list[Line] = []
    right: list[Line] = []
    for line in lines:
        if not (id(line) in keep or _crosses(line, gutter)):
            _split_into(line, gutter, left, right)
    return [gutter, *_page_gutters(left, lo, gutter, keep, depth + 1),
            *_page_gutters(right, gutter, hi, keep, depth + 1)]


def _borrowed_gutter(lines: list[Line], lo: float, hi: float, keep: set[int],
                     page_gutters: list[float]) -> float | None:
    """A gutter of the page that this band's lines respect, with text on both sides of it."""
    span = hi - lo
    prose = [ln for ln in lines if id(ln) not in keep]
    if len(prose) < 2:
        return None
    for x in page_gutters:
        if not lo + 0.2 * span < x < hi - 0.2 * span or any(_crosses(ln, x) for ln in prose):
            continue
        if any(ln.x0 < x for ln in prose) and any(ln.x1 > x for ln in prose):
            return x
    return None


def _order(lines: list[Line], lo: float, hi: float, keep: set[int], depth: int,
           page_gutters: list[float]) -> list[Line]:
    lines = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    if depth > 2:
        return lines
    return _arrange(lines, lo, hi, keep, depth, page_gutters,
                    _gutter([ln for ln in lines if id(ln) not in keep], lo, hi))


def _arrange(lines: list[Line], lo: float, hi: float, keep: set[int], depth: int,
             page_gutters: list[float], gutter: float | None) -> list[Line]:
    """Sorted lines in reading order, given the gutter (if any) that runs down the whole range."""
    if gutter is None:
        gutter = _borrowed_gutter(lines, lo, hi, keep, page_gutters)
    if gutter is None:
        return _short_bands(lines, lo, hi, keep, depth, page_gutters)
    return _columns(lines, gutter, lo, hi, keep, depth, page_gutters)


def _columns(lines: list[Line], gutter: float, lo: float, hi: float, keep: set[int], depth: int,
             page_gutters: list[float]) -> list[Line]:
    """Lines read left of the gutter, then right of it, band by band between full-width lines."""
    ordered: list[Line] = []
    left_col: list[Line] = []
    right_col: list[Line] = []

    def flush() -> None:
        ordered.extend(_order(left_col, lo, gutter, keep, depth + 1, page_gutters))
        ordered.extend(_order(right_col, gutter, hi, keep, depth + 1, page_gutters))
        left_col.clear()
        right_col.clear()

    left_end, right_start = _gutter_edges(lines, keep, gutter)
    for line in lines:
        if id(line) in keep and line.x1 < right_start - 2:
            left_col.append(line)  # a table set in one column is read with that column
            continue
        if id(line) in keep and line.x0 > left_end + 2:
            right_col.append(line)
            continue
        if id(line) in keep or _crosses(line, gutter):
            flush()
            ordered.append(line)
            continue
        _split_into(line, gutter, left_col, right_col)
    flush()
    return ordered


def _gutter_edges(lines: list[Line], keep: set[int], gutter: float) -> tuple[float, float]:
    """Where the columns' own text stops and starts: a table set in one column may reach into the
    gutter, further than the prose beside it."""
    prose = [s for ln in lines if id(ln) not in keep for s in ln.segments]
    left_end = max((s.x1 for s in prose if s.x1 <= gutter), default=gutter)
    right_start = min((s.x0 for s in prose if s.x0 >= gutter), default=gutter)
    return left_end, right_start


def _short_bands(lines: list[Line], lo: float, hi: float, keep: set[int], depth: int,
                 page_gutters: list[float]) -> list[Line]:
    """No gutter runs down the whole range: the bands between tables and full-width lines may
    still sit on the page's column grid, each on its own."""
    inside = [x for x in page_gutters if lo + 0.2 * (hi - lo) < x < hi - 0.2 * (hi - lo)]
    if not inside:
        return lines
    ordered: list[Line] = []
    band: list[Line] = []

    def flush() -> None:
        gutter = _borrowed_gutter(band, lo, hi, keep, inside) if len(band) >= 2 else None
        ordered.extend(band if gutter is None else _columns(band, gutter, lo, hi, keep, depth, page_gutters))
        band.clear()

    for line in lines:
        if id(line) in keep or all(_crosses(line, x) for x in inside):
            flush()
            ordered.append(line)
            continue
        band.append(line)
    flush()
    return ordered


def page_gutters(lines: list[Line], width: float, table_lines: set[int]) -> list[float]:
    """The column gutters found on one page (first the widest split, then within each side)."""
    return _page_gutters(lines, 0.0, width, table_lines, 0)


def document_gutters(per_page: list[list[float]]) -> list[float]:
    """Gutters that recur on two pages or more: the document's own column grid.

    A band of two or three lines on a page of tables (columns of text inside a designer's
    layout) is read on that grid.
    """
    seen: list[tuple[float, int]] = []
    for gutters in per_page:
        for x in set(round(g) for g in gutters):
            for k, (y, n) in enumerate(seen):
                if abs(y - x) <= 4:
                    seen[k] = (y, n + 1)
                    break
            else:
                seen.append((float(x), 1))
    return sorted(x for x, n in seen if n >= 2)


def order_reading(lines: list[Line], width: float, table_lines: set[int],
                  gutters: list[float] | None = None, borrowed: list[float] | None = None) -> list[Line]:
    """Body lines in reading order. Lines that belong to a table are never split.

    `gutters` are the page's own (from `page_gutters`, found here when not given); `borrowed` are
    gutters of other pages a short band may be read on when its own lines are too few to show them.
    """
    own = page_gutters(lines, width, table_lines) if gutters is None else gutters
    extra = [x for x in borrowed or () if all(abs(x - g) > 4 for g in own)]
    # the page's first gutter is the one that splits the whole page: found already, not again
    ordered = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    return _arrange(ordered, 0.0, width, table_lines, 0, own + extra, own[0] if own else None)
