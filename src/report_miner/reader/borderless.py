"""Borderless tables: columns from where text runs line up, rows from lines and their wrapped
continuations, and the signs that a block of lines is a table rather than prose."""

from __future__ import annotations

import math
from bisect import bisect_right

from .cells import is_numeric_cell, join_fragments
from .layout import Line, Segment, Table


def column_spans(rows: list[Line]) -> list[tuple[float, float]]:
    """Columns as (start, end): x ranges covered by text in the rows, split where text stops.

    With four rows or more, one run crossing a gap (a header spanning two columns, a long
    label) does not join the columns on either side of it. A sweep over where runs start and
    end: the work grows with the runs, not with the page width.
    """
    if not rows:
        return []
    changes: dict[int, int] = {}
    for line in rows:
        for seg in line.segments:
            start, end = math.floor(seg.x0), math.ceil(seg.x1) + 1  # whole points the run covers
            changes[start] = changes.get(start, 0) + 1
            changes[end] = changes.get(end, 0) - 1
    allowed = 1 if len(rows) >= 4 else 0
    spans: list[tuple[float, float]] = []
    count, opened = 0, None
    for x in sorted(changes):
        count += changes[x]
        if count > allowed and opened is None:
            opened = x
        elif count <= allowed and opened is not None:
            spans.append((float(opened), float(x - 1)))
            opened = None
    return _close_gaps(spans)


def _close_gaps(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A gap narrower than two points is a rounding artefact, not a column gutter."""
    merged: list[tuple[float, float]] = []
    for a, b in spans:
        if merged and a - merged[-1][1] < 2:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def _column_of(seg: Segment, spans: list[tuple[float, float]]) -> int | None:
    """The column a lone text run fits in (a wrapped cell line), or None when it spills over."""
    for c, (start, end) in enumerate(spans):
        # the last column may hold a wider wrapped word ("Non" over "attendance")
        limit = spans[c + 1][0] - 1 if c + 1 < len(spans) else start + 2.5 * (end - start) + 24
        if start - 4 <= seg.x0 and seg.x1 <= limit and seg.x0 < limit:
            return c
    return None


def _cells(line: Line, spans: list[tuple[float, float]]) -> list[list[Segment]]:
    """A line's text runs by column: the column each run overlaps most, else the one it starts in."""
    starts = [a for a, _ in spans]
    cells: list[list[Segment]] = [[] for _ in spans]
    for seg in line.segments:
        overlaps = [min(seg.x1, b) - max(seg.x0, a) for a, b in spans]
        best = max(range(len(spans)), key=lambda c: overlaps[c])
        column = best if overlaps[best] > 0 else max(bisect_right(starts, seg.x0 + 2) - 1, 0)
        cells[column].append(seg)
    return cells


def _texts(cells: list[list[Segment]]) -> list[str]:
    return [" ".join(s.text for s in cell) for cell in cells]


def _continues(cells: list[str], previous: list[str]) -> bool:
    """Is this line the second line of the row above (cells wrapped onto another line)?

    Its first cell is empty and it has no figures of its own; or the row above is a header whose
    cells wrap ("2008/" over "09") and this line only adds to cells the header already has.
    """
    filled = [i for i, c in enumerate(cells) if c]
    if not filled:
        return True
    figures = any(is_numeric_cell(cells[i]) for i in filled)
    figures_above = any(is_numeric_cell(c) for c in previous if c)
    if cells[0]:
        # wrapped text in several columns of a row of figures ("Sovereign Borough General" / "Fund")
        return not figures and figures_above and len(filled) >= 2 and _under_text(filled, previous)
    if not figures:
        return True
    return not figures_above and all(previous[i] for i in filled)


def _under_text(filled: list[int], previous: list[str]) -> bool:
    """Every filled cell sits under a text cell of the row above."""
    return all(previous[i] and not is_numeric_cell(previous[i]) for i in filled)


def _assemble(block: list[Line], page: int) -> Table:
    multi = [ln for ln in block if len(ln.segments) >= 2]
    spans = column_spans(multi)
    starts = [a for a, _ in spans]
    rows: list[list[list[Segment]]] = []  # row -> cell -> its line fragments, top to bottom
    for line in block:
        cells = _cells(line, spans)
        if rows and (len(line.segments) < 2 or _continues(_texts(cells), _row_texts(rows[-1]))):
            for c, fragments in enumerate(cells):
                rows[-1][c].extend(fragments)
        else:
            rows.append(cells)
    x1 = max(ln.x1 for ln in block)
    return Table(page, [_row_texts(r) for r in rows], min(ln.top for ln in block),
                 max(ln.bottom for ln in block), min(ln.x0 for ln in block), x1, ruled=False,
                 columns=starts + [x1])


def _row_texts(row: list[list[Segment]]) -> list[str]:
    return [join_fragments(cell) for cell in row]


def _looks_tabular(block: list[Line]) -> bool:
    multi = [ln for ln in block if len(ln.segments) >= 2]
    if len(multi) < 2:
        return False
    cells = [s.text for ln in multi for s in ln.segments[1:]]
    short = sum(1 for c in cells if is_numeric_cell(c) or len(c) <= 18)
    return short >= 0.6 * len(cells)


# line heights (ascent to descent): cell padding and a header's extra space, not a paragraph break
MAX_ROW_GAP = 1.3


def _figures(line: Line) -> list[Segment]:
    return [s for s in line.segments[1:] if is_numeric_cell(s.text)]


def _aligned(a: Segment, b: Segment, tolerance: float = 3.0) -> bool:
    return (abs(a.x0 - b.x0) <= tolerance or abs(a.x1 - b.x1) <= tolerance
            or abs(a.center_x - b.center_x) <= tolerance)


def _fits(figures: list[Segment], anchors: list[Segment]) -> bool:
    """The figures of a row sit on the grid seen above (earlier figures, header cells).

    A figure conflicts when it overlaps a column above without lining up with anything there;
    one in a column not seen yet (a sparse table) does not.
    """
    def conflicts(s: Segment) -> bool:
        overlapping = [t for t in anchors if min(s.x1, t.x1) - max(s.x0, t.x0) > 1]
        return bool(overlapping) and not any(_aligned(s, t) for t in anchors)

    return sum(1 for s in figures if conflicts(s)) <= 0.25 * len(figures)


class _Block:
    """The lines of one borderless table as it grows, with the grid seen so far."""

    def __init__(self, first: Line) -> None:
        self.lines = [first]
        self.anchors: list[Segment] = []  # figures of the rows so far and the cells of header rows
        self.seen_figures = False
        self._spans: list[tuple[float, float]] | None = None
        self.remember(first)

    def remember(self, line: Line) -> None:
        figures = _figures(line)
        self.anchors.extend(figures or line.segments[1:])
        self.seen_figures = self.seen_figures or len(figures) >= 2

    def add(self, line: Line) -> None:
        self.lines.append(line)
        if len(line.segments) >= 2:
            self._spans = None  # a row of cells changes the columns; a wrapped cell line does not

    def spans(self) -> list[tuple[float, float]]:
        if self._spans is None:
            self._spans = column_spans([ln for ln in self.lines if len(ln.segments) >= 2])
        return self._spans

    def takes(self, line: Line) -> bool:
        """Does the line go on with this table (a row, or a cell's wrapped line)?"""
        prev = self.lines[-1]
        if line.top - prev.bottom > MAX_ROW_GAP * max(prev.height, 6.0):
            return False
        if len(line.segments) < 2:
            spans = self.spans()
            return len(spans) >= 2 and _column_of(line.segments[0], spans) is not None
        figures = _figures(line)
        off_grid = self.seen_figures and len(figures) >= 2 and not _fits(figures, self.anchors)
        if _prose_pair(line) or off_grid:
            return False  # another table starts here, on a grid of its own
        self.remember(line)
        return True


def _grow_block(lines: list[Line], i: int) -> list[Line]:
    """Lines from `lines[i]` on that belong to one borderless table."""
    block = _Block(lines[i])
    for line in lines[i + 1:]:
        if not block.takes(line):
            break
        block.add(line)
    else:
        return block.lines  # the table runs to the foot of the page: its last lines are cell text
    rows = block.lines
    # lone lines at the end are captions or the next heading, unless they finish the label above
    while rows and len(rows[-1].segments) < 2 and not (
            len(rows) >= 2 and len(rows[-2].segments) >= 2 and _finishes(rows[-2], rows[-1])):
        rows.pop()
    return rows


def _finishes(row: Line, line: Line) -> bool:
    """A wrapped label's last line: it goes on in lower case, or closes a bracket left open."""
    label = row.segments[0].text
    text = line.segments[0].text
    return text[:1].islower() or (label.count("(") > label.count(")") and ")" in text)


def _prose_pair(line: Line) -> bool:
    """Runs of running text side by side: a line across the columns of a multi-column page.

    Two runs are prose when the left one is long or both are; with three runs or more, two long
    runs of words and no figures make the line prose.
    """
    if len(line.segments) < 2 or any(is_numeric_cell(s.text) for s in line.segments):
        return False
    texts = [s.text for s in line.segments]
    if len(texts) == 2:
        left, right = texts
        return len(left) >= 30 or (len(left) >= 20 and len(right) >= 20)
    return sum(1 for t in texts if len(t) >= 20 and " " in t) >= 2


def borderless_tables(lines: list[Line], page: int) -> tuple[list[Table], set[int]]:
    tables: list[Table] = []
    used: set[int] = set()
    i = 0
    while i < len(lines):
        if len(lines[i].segments) < 2 or _prose_pair(lines[i]):
            i += 1
            continue
        block = _grow_block(lines, i)
        if _looks_tabular(block):
            table = _assemble(block, page)
            if table.n_cols >= 2:
                tables.append(table)
                used.update(id(ln) for ln in block)
                i += len(block)
                continue
        i += 1
    return tables, used

