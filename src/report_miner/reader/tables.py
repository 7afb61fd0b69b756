"""Tables from positioned text: ruled tables from their border lines (borderless ones come
from `borderless`), and tables that continue across a page break joined into one."""

from __future__ import annotations

import re
from bisect import bisect_right

from .borderless import borderless_tables, column_spans
from .cells import is_numeric_cell, join_fragments, join_text
from .layout import Line, Page, Segment, Table
from .rules import Rule, cluster, components, header_above, row_below, split_on_grid, stroke_breaks

__all__ = ["Rule", "find_tables", "join_continued_tables"]


def _grid_table(lines: list[Line], xs: list[float], ys: list[float],
                page: int) -> tuple[Table, set[int], dict[int, list[Line]]]:
    """The table a grid holds, the ids of the lines it took, and the lines it took only part of.

    A line that runs on past the grid (the next column's prose beside a table set in one column)
    is cut in two: its runs inside the grid are the table's, the rest stays prose.
    """
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    cells: list[list[list[Segment]]] = [[[] for _ in range(n_cols)] for _ in range(n_rows)]
    used: set[int] = set()
    parts: dict[int, list[Line]] = {}
    for line in lines:
        inside = [s for s in line.segments
                  if ys[0] <= s.center_y <= ys[-1] and xs[0] - 2 <= s.center_x <= xs[-1] + 2]
        if not inside:
            continue
        if len(inside) == len(line.segments):
            used.add(id(line))
        else:
            parts[id(line)] = _cut_line(line, inside)
            used.add(id(parts[id(line)][0]))
        for seg in split_on_grid(inside, xs):
            r = min(max(bisect_right(ys, seg.center_y) - 1, 0), n_rows - 1)
            c = min(max(bisect_right(xs, seg.x0 + 1) - 1, 0), n_cols - 1)
            cells[r][c].append(seg)
    rows = [[join_fragments(sorted(cell, key=lambda s: (round(s.top), s.x0))) for cell in row]
            for row in cells]
    rows = [row for row in rows if any(row)]
    table = Table(page, rows, ys[0], ys[-1], xs[0], xs[-1], ruled=True, columns=list(xs))
    return table, used, parts


def _cut_line(line: Line, inside: list[Segment]) -> list[Line]:
    """A line in two: the runs a table took, and the rest."""
    outside = [s for s in line.segments if not any(s is t for t in inside)]
    return [Line(line.page, inside, line.role), Line(line.page, outside, line.role)]


def _grid(lines: list[Line], group: list[Rule]) -> tuple[list[float], list[float]] | None:
    """Column and row boundaries of a group of rules, or None when they draw no table."""
    hs = [r for r in group if r.orientation == "h"]
    vs = [r for r in group if r.orientation == "v"]
    if len(hs) < 2:
        return None
    ys = cluster([r.pos for r in hs])
    if len(vs) >= 2:
        xs = cluster([r.pos for r in vs])
    else:
        found = _row_rule_columns(lines, hs, ys)
        if found is None:
            return None
        xs, ys = found
    if len(xs) < 2 or len(ys) < 2:
        return None
    return xs, ys


def _row_rule_columns(lines: list[Line], hs: list[Rule],
                      ys: list[float]) -> tuple[list[float], list[float]] | None:
    """Only row rules: the ends of their strokes, else the text, say where the columns are; a
    header printed above the first rule joins the rows."""
    xs = stroke_breaks(hs)
    if not xs:
        region = [ln for ln in lines if ys[0] <= (ln.top + ln.bottom) / 2 <= ys[-1]]
        xs = [a for a, _ in column_spans([ln for ln in region if len(ln.segments) >= 2])]
        if len(xs) < 2:
            return None
        xs = xs + [max(ln.x1 for ln in region) + 1]
    if len(ys) >= 2:
        pitch = min(b - a for a, b in zip(ys, ys[1:], strict=False))
        top = header_above(lines, ys[0], pitch, xs)
        bottom = row_below(lines, ys[-1], pitch, xs)
        ys = ([top] if top is not None else []) + ys + ([bottom] if bottom is not None else [])
    return xs, ys


def drop_empty_columns(table: Table) -> None:
    keep = [c for c in range(table.n_cols) if any(c < len(row) and row[c] for row in table.rows)]
    if len(keep) == table.n_cols:
        return
    table.rows = [[row[c] if c < len(row) else "" for c in keep] for row in table.rows]
    if len(table.columns) > max(keep, default=0) + 1:
        table.columns = [table.columns[c] for c in keep] + [table.columns[-1]]


def find_tables(
    lines: list[Line], rules: list[Rule], page: int, width: float
) -> tuple[list[Table], list[Line], set[int]]:
    """Tables on one page, the page's lines (a line a table took part of is cut in two), and the
    ids of the lines the tables consumed."""
    tables: list[Table] = []
    used: set[int] = set()
    for group in components([r for r in rules if max(r.x1 - r.x0, r.bottom - r.top) >= 4]):
        grid = _grid(lines, group)
        if grid is None:
            continue
        table, consumed, parts = _grid_table(lines, *grid, page)
        if table.rows and (table.n_cols >= 2 and len(table.rows) >= 1):
            tables.append(table)
            used |= consumed
            if parts:
                lines = [piece for ln in lines for piece in parts.get(id(ln), [ln])]
    rest = [ln for ln in lines if id(ln) not in used]
    more, consumed = borderless_tables(rest, page)
    tables.extend(more)
    used |= consumed
    tables.sort(key=lambda t: t.top)
    for t in tables:
        t.pages = [page]
        t.row_pages = [page] * len(t.rows)
    return tables, lines, used


def _norm_row(row: list[str]) -> str:
    return re.sub(r"\W+", " ", " ".join(row).lower()).strip()


def _column_map(a: Table, b: Table, shift: float = 0.0) -> list[int] | None:
    """Index in `a` of each column of `b`, when b's columns, moved left by `shift` (b set in the
    next column of the page), line up with a's."""
    if a.n_cols == b.n_cols and not (a.ruled and b.ruled):
        return list(range(b.n_cols))
    if not a.columns or not b.columns or b.n_cols > a.n_cols:
        return None
    mapping: list[int] = []
    for x in b.columns[: b.n_cols]:
        near = _columns_at(a, x - shift, borderless=not (a.ruled or b.ruled))
        if not near or (mapping and near[0] <= mapping[-1]):
            return None
        mapping.append(near[0])
    return mapping


def _columns_at(a: Table, x: float, borderless: bool) -> list[int]:
    near = [i for i, ax in enumerate(a.columns[: a.n_cols]) if abs(ax - x) <= 3]
    if not near and borderless:
        # borderless: a column without its header starts somewhere inside the header's column
        near = [i for i in range(a.n_cols) if a.columns[i] - 4 <= x < a.columns[i + 1]]
    return near


def _continues_row(row: list[str]) -> bool:
    """A first row on the new page that only finishes the text of the last row (a row split by the break)."""
    filled = [c for c in row if c]
    return bool(filled) and not row[0] and all(not is_numeric_cell(c) for c in filled) and (
        len(filled) <= max(1, len(row) // 2))


def _new_header(a: Table, b: Table) -> bool:
    """B starts with a header row of its own: a table of figures does not go on with a text-only row."""
    if not b.rows or not a.rows:
        return False
    first = b.rows[0]
    if any(is_numeric_cell(c) for c in first if c) or _continues_row(first):
        return False
    if _norm_row(first) == _norm_row(a.rows[0]):
        return False
    return any(is_numeric_cell(c) for row in a.rows[1:] for c in row if c)


def join_continued_tables(pages: list[Page]) -> None:
    """Join a table that ends a page with the table that starts the next one, in place.

    The columns must line up and no prose may stand between them; a repeated header row on the
    second page is dropped, and a row split by the page break is made whole again.
    """
    for page in pages:
        _join_column_breaks(page)
    carry: Table | None = None  # the table that ended the previous page
    carry_bottom = 0.0
    for prev, page in zip([None, *pages], pages, strict=False):
        joined = False
        if carry is not None and prev is not None and page.tables:
            b = page.tables[0]
            mapping = _continuation(carry, carry_bottom, prev, page)
            if mapping is not None:
                _append(carry, b, mapping)
                page.tables = page.tables[1:]
                carry_bottom, joined = b.bottom, True
        if page.tables:
            carry, carry_bottom = page.tables[-1], page.tables[-1].bottom
        elif not joined:
            carry = None
    for page in pages:
        for table in page.tables:
            drop_empty_columns(table)


def _reading_span(page: Page, table: Table) -> tuple[int, int] | None:
    """First and last index in the page's reading order of the lines a table holds."""
    held = [i for i in page.table_line_ids
            if table.x0 - 2 <= page.lines[i].x0 and page.lines[i].x1 <= table.x1 + 2
            and table.top - 2 <= page.lines[i].top and page.lines[i].bottom <= table.bottom + 2]
    return (min(held), max(held)) if held else None


def _join_column_breaks(page: Page) -> None:
    """A table that ends at the foot of one column and goes on at the top of the next: the next
    part starts higher on the page, no prose comes between them in reading order, and its columns
    have the same widths."""
    spans = {id(t): _reading_span(page, t) for t in page.tables}
    ordered = sorted((t for t in page.tables if spans[id(t)] is not None),
                     key=lambda t: spans[id(t)] or (0, 0))
    kept: list[Table] = []
    for table in ordered:
        last = kept[-1] if kept else None
        mapping = _column_break(last, table, spans) if last is not None else None
        if last is not None and mapping is not None:
            _append(last, table, mapping)
            spans[id(last)] = spans[id(table)]
            continue
        kept.append(table)
    page.tables = sorted(kept + [t for t in page.tables if spans[id(t)] is None], key=lambda t: t.top)


def _column_break(a: Table, b: Table, spans: dict[int, tuple[int, int] | None]) -> list[int] | None:
    span_a, span_b = spans[id(a)], spans[id(b)]
    if span_a is None or span_b is None or span_b[0] - span_a[1] > 2 or b.top >= a.top or b.x0 <= a.x1 - 2:
        return None
    mapping = _column_map(a, b, shift=b.x0 - a.x0)
    if mapping is None or _new_header(a, b):
        return None
    return mapping


def _continuation(carry: Table, carry_bottom: float, prev: Page, page: Page) -> list[int] | None:
    """How the first table of `page` maps onto `carry`, when it goes on with it."""
    b = page.tables[0]
    mapping = _column_map(carry, b)
    if mapping is None or _new_header(carry, b):
        return None
    prose_after = [ln for ln in prev.prose_lines if ln.top > carry_bottom + 2]
    prose_before = [ln for ln in page.prose_lines if ln.bottom < b.top - 2]
    return mapping if len(prose_after) <= 1 and not prose_before else None


def _append(a: Table, b: Table, mapping: list[int]) -> None:
    rows = [[""] * a.n_cols for _ in b.rows]
    for r, row in enumerate(b.rows):
        for c, text in enumerate(row):
            rows[r][mapping[c]] = text
    pages_of = list(b.row_pages)
    if rows and a.rows and _norm_row(rows[0]) == _norm_row(a.rows[0]):
        rows, pages_of = rows[1:], pages_of[1:]
    if rows and a.rows and _continues_row(rows[0]):
        last = a.rows[-1]
        for c, text in enumerate(rows[0]):
            if text:
                last[c] = join_text(last[c], text)
        rows, pages_of = rows[1:], pages_of[1:]
    a.rows.extend(rows)
    a.row_pages.extend(pages_of)
    a.pages = sorted(set(a.pages) | set(b.pages))

