"""Tables from positioned text: ruled tables from their border lines, borderless ones from
column alignment, and tables that continue across a page break joined into one."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .layout import Line, Page, Segment, Table


@dataclass
class Rule:
    x0: float
    x1: float
    top: float
    bottom: float
    orientation: str  # "h" or "v"

    @property
    def pos(self) -> float:
        return (self.top + self.bottom) / 2 if self.orientation == "h" else (self.x0 + self.x1) / 2


def _cluster(values: list[float], tolerance: float = 2.5) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tolerance:
            continue
        out.append(v)
    return out


def _components(rules: list[Rule], pad: float = 3.0) -> list[list[Rule]]:
    parent = list(range(len(rules)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(rules):
        for j in range(i + 1, len(rules)):
            b = rules[j]
            if (a.x0 - pad <= b.x1 and b.x0 - pad <= a.x1 and a.top - pad <= b.bottom
                    and b.top - pad <= a.bottom):
                parent[find(i)] = find(j)
    groups: dict[int, list[Rule]] = {}
    for i, r in enumerate(rules):
        groups.setdefault(find(i), []).append(r)
    return list(groups.values())


_NUMERIC_CELL = re.compile(r"^[(\-–£$€]*\s*\d[\d,.\s]*%?\)?$|^(y|n|yes|no|n/?a|-|–|x|✓)$", re.I)


def is_numeric_cell(text: str) -> bool:
    return bool(_NUMERIC_CELL.match(text.strip()))


def _grid_table(lines: list[Line], xs: list[float], ys: list[float], page: int) -> tuple[Table, set[int]]:
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    cells: list[list[list[Segment]]] = [[[] for _ in range(n_cols)] for _ in range(n_rows)]
    used: set[int] = set()
    for line in lines:
        inside = [s for s in line.segments
                  if ys[0] <= s.center_y <= ys[-1] and xs[0] - 2 <= s.center_x <= xs[-1] + 2]
        if not inside:
            continue
        if len(inside) == len(line.segments):
            used.add(id(line))
        for seg in inside:
            r = min(max(bisect_right(ys, seg.center_y) - 1, 0), n_rows - 1)
            c = min(max(bisect_right(xs, seg.x0 + 1) - 1, 0), n_cols - 1)
            cells[r][c].append(seg)
    rows = [[" ".join(s.text for s in sorted(cell, key=lambda s: (round(s.top), s.x0))) for cell in row]
            for row in cells]
    keep_cols = [c for c in range(n_cols) if any(row[c] for row in rows)]
    rows = [[row[c] for c in keep_cols] for row in rows if any(row)]
    columns = [xs[c] for c in keep_cols] + [xs[-1]]
    table = Table(page, rows, ys[0], ys[-1], xs[0], xs[-1], ruled=True, columns=columns)
    return table, used


def _column_bounds(rows: list[Line]) -> list[float]:
    """Column starts from the union of cell extents in rows with several cells."""
    spans = sorted((s.x0, s.x1) for ln in rows for s in ln.segments)
    merged: list[list[float]] = []
    for x0, x1 in spans:
        if merged and x0 <= merged[-1][1] + 2:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [m[0] for m in merged]


def _assign(rows: list[list[Line]], starts: list[float], page: int) -> Table:
    table_rows: list[list[str]] = []
    for group in rows:
        cells = [""] * len(starts)
        for line in group:
            for seg in line.segments:
                c = max(bisect_right(starts, seg.x0 + 2) - 1, 0)
                cells[c] = (cells[c] + " " + seg.text).strip()
        table_rows.append(cells)
    top = min(ln.top for g in rows for ln in g)
    bottom = max(ln.bottom for g in rows for ln in g)
    x0 = min(ln.x0 for g in rows for ln in g)
    x1 = max(ln.x1 for g in rows for ln in g)
    return Table(page, table_rows, top, bottom, x0, x1, ruled=False, columns=starts + [x1])


def _looks_tabular(block: list[Line]) -> bool:
    multi = [ln for ln in block if len(ln.segments) >= 2]
    if len(multi) < 2:
        return False
    cells = [s.text for ln in multi for s in ln.segments[1:]]
    short = sum(1 for c in cells if is_numeric_cell(c) or len(c) <= 18)
    return short >= 0.6 * len(cells)


def _borderless(lines: list[Line], page: int) -> tuple[list[Table], set[int]]:
    tables: list[Table] = []
    used: set[int] = set()
    i = 0
    while i < len(lines):
        if len(lines[i].segments) < 2:
            i += 1
            continue
        block = [lines[i]]
        j = i + 1
        while j < len(lines):
            line, prev = lines[j], block[-1]
            gap = line.top - prev.bottom
            if gap > 1.6 * max(prev.height, 6.0):
                break
            if len(line.segments) < 2:
                # a wrapped first-column label belongs to the table; anything wider ends it
                first_col_end = min(s.x0 for s in block[0].segments[1:])
                nxt = lines[j + 1] if j + 1 < len(lines) else None
                continues = nxt is not None and len(nxt.segments) >= 2
                if line.x1 > first_col_end or not (continues or len(prev.segments) >= 2):
                    break
            block.append(line)
            j += 1
        while block and len(block[-1].segments) < 2:
            block.pop()
        if _looks_tabular(block):
            groups: list[list[Line]] = []
            for line in block:
                if len(line.segments) < 2 and groups:
                    groups[-1].append(line)
                else:
                    groups.append([line])
            starts = _column_bounds([ln for ln in block if len(ln.segments) >= 2])
            if len(starts) >= 2:
                tables.append(_assign(groups, starts, page))
                used.update(id(ln) for ln in block)
        i = max(j, i + 1)
    return tables, used


def find_tables(
    lines: list[Line], rules: list[Rule], page: int, width: float
) -> tuple[list[Table], set[int]]:
    """Tables on one page and the ids of the lines they consumed."""
    tables: list[Table] = []
    used: set[int] = set()
    for group in _components([r for r in rules if max(r.x1 - r.x0, r.bottom - r.top) >= 4]):
        hs = [r for r in group if r.orientation == "h"]
        vs = [r for r in group if r.orientation == "v"]
        if len(hs) < 2:
            continue
        ys = _cluster([r.pos for r in hs])
        if len(vs) >= 2:
            xs = _cluster([r.pos for r in vs])
        else:
            region = [ln for ln in lines if ys[0] <= (ln.top + ln.bottom) / 2 <= ys[-1]]
            xs = _column_bounds([ln for ln in region if len(ln.segments) >= 2])
            if len(xs) < 2:
                continue
            xs = xs + [max(ln.x1 for ln in region) + 1]
        if len(xs) < 2 or len(ys) < 2:
            continue
        table, consumed = _grid_table(lines, xs, ys, page)
        if table.rows and (table.n_cols >= 2 and len(table.rows) >= 1):
            tables.append(table)
            used |= consumed
    rest = [ln for ln in lines if id(ln) not in used]
    more, consumed = _borderless(rest, page)
    tables.extend(more)
    used |= consumed
    tables.sort(key=lambda t: t.top)
    for t in tables:
        t.pages = [page]
        t.row_pages = [page] * len(t.rows)
    return tables, used


def _norm_row(row: list[str]) -> str:
    return re.sub(r"\W+", " ", " ".join(row).lower()).strip()


def join_continued_tables(pages: list[Page]) -> None:
    """Join a table that ends a page with the table that starts the next one, in place.

    The two must have the same number of columns, with no prose between them; a repeated
    header row on the second page is dropped.
    """
    for prev, page in zip(pages, pages[1:], strict=False):
        if not prev.tables or not page.tables:
            continue
        a, b = prev.tables[-1], page.tables[0]
        if a.n_cols != b.n_cols:
            continue
        prose_after = [ln for ln in prev.prose_lines if ln.top > a.bottom + 2]
        prose_before = [ln for ln in page.prose_lines if ln.bottom < b.top - 2]
        if len(prose_after) > 1 or len(prose_before) > 1:
            continue
        rows = b.rows
        pages_of = b.row_pages
        if rows and a.rows and _norm_row(rows[0]) == _norm_row(a.rows[0]):
            rows, pages_of = rows[1:], pages_of[1:]
        a.rows.extend(rows)
        a.row_pages.extend(pages_of)
        a.pages = sorted(set(a.pages) | set(b.pages))
        page.tables = page.tables[1:]
