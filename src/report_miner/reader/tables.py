"""Tables from positioned text: ruled tables from their border lines, borderless ones from
column alignment, and tables that continue across a page break joined into one."""

from __future__ import annotations

import math
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
    rows = [[join_fragments(sorted(cell, key=lambda s: (round(s.top), s.x0))) for cell in row]
            for row in cells]
    rows = [row for row in rows if any(row)]
    table = Table(page, rows, ys[0], ys[-1], xs[0], xs[-1], ruled=True, columns=list(xs))
    return table, used


_SHORT_WORDS = frozenset(
    "a an and the of to in for on at by or is be are was with not all as per via its who may can new use "
    "how our we it no so if up out any has had his her one two six ten".split())


def _glued(left: str, right: str) -> bool:
    """Does `right` (the next line of a cell) continue the last word of `left`?

    Narrow columns wrap inside words ("Pro" / "gra" / "mm" / "e", "LBH" / "F"); a wrap at a
    space starts the next line with a whole word.
    """
    if not left or not right or left.endswith(" ") or not right[:1].isalnum():
        return False
    if left.endswith("-"):
        return True
    last, first = left.split()[-1], right.split()[0].rstrip(".,;:)")
    if right[0].isupper():
        return last.isupper() and first.isupper() and len(left) <= 5 and len(last) <= 3
    if not right[0].islower():
        return False
    return (len(left) <= 5 and last.lower() not in _SHORT_WORDS) or (
        len(first) <= 3 and first.lower() not in _SHORT_WORDS)


def join_fragments(fragments: list[Segment]) -> str:
    """Text of a cell from its line fragments, mending words a narrow column broke."""
    out = ""
    for i, seg in enumerate(fragments):
        if i and out:
            prev = fragments[i - 1]
            out += "" if prev.open_end and _glued(prev.text, seg.text) else " "
        out += seg.text
    return out.strip()


def drop_empty_columns(table: Table) -> None:
    keep = [c for c in range(table.n_cols) if any(c < len(row) and row[c] for row in table.rows)]
    if len(keep) == table.n_cols:
        return
    table.rows = [[row[c] if c < len(row) else "" for c in keep] for row in table.rows]
    if len(table.columns) > max(keep, default=0) + 1:
        table.columns = [table.columns[c] for c in keep] + [table.columns[-1]]


def _column_spans(rows: list[Line]) -> list[tuple[float, float]]:
    """Columns as (start, end): x ranges covered by text in the rows, split where text stops.

    With four rows or more, one run crossing a gap (a header spanning two columns, a long
    label) does not join the columns on either side of it.
    """
    if not rows:
        return []
    left = math.floor(min(ln.x0 for ln in rows))
    coverage = [0] * (math.ceil(max(ln.x1 for ln in rows)) - left + 2)
    for line in rows:
        for seg in line.segments:
            for x in range(math.floor(seg.x0) - left, math.ceil(seg.x1) - left + 1):
                coverage[x] += 1
    allowed = 1 if len(rows) >= 4 else 0
    spans: list[tuple[float, float]] = []
    start: int | None = None
    for x, count in enumerate(coverage):
        if count > allowed and start is None:
            start = x
        elif count <= allowed and start is not None:
            spans.append((float(start + left), float(x - 1 + left)))
            start = None
    # a gap narrower than two points is a rounding artefact, not a column gutter
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
    under_text_above = all(previous[i] and not is_numeric_cell(previous[i]) for i in filled)
    if cells[0]:
        # wrapped text in several columns of a row of figures ("Sovereign Borough General" / "Fund")
        return not figures and figures_above and under_text_above and len(filled) >= 2
    if not figures:
        return True
    return not figures_above and all(previous[i] for i in filled)


def _assemble(block: list[Line], page: int) -> Table:
    multi = [ln for ln in block if len(ln.segments) >= 2]
    spans = _column_spans(multi)
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


MAX_ROW_GAP = 2.2  # line heights: cell padding and a header's extra space, not a paragraph break


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


def _grow_block(lines: list[Line], i: int) -> list[Line]:
    """Lines from `lines[i]` on that belong to one borderless table."""
    block = [lines[i]]
    anchors: list[Segment] = []  # figures of the rows so far and the cells of header rows
    seen_figures = False

    def remember(line: Line) -> None:
        nonlocal seen_figures
        figures = _figures(line)
        anchors.extend(figures or line.segments[1:])
        seen_figures = seen_figures or len(figures) >= 2

    remember(lines[i])
    for j in range(i + 1, len(lines)):
        line, prev = lines[j], block[-1]
        if line.top - prev.bottom > MAX_ROW_GAP * max(prev.height, 6.0):
            break
        if len(line.segments) < 2:
            spans = _column_spans([ln for ln in block if len(ln.segments) >= 2])
            if len(spans) < 2 or _column_of(line.segments[0], spans) is None:
                break
        else:
            figures = _figures(line)
            if _prose_pair(line) or (seen_figures and len(figures) >= 2 and not _fits(figures, anchors)):
                break  # another table starts here, on a grid of its own
            remember(line)
        block.append(line)
    else:
        return block  # the table runs to the foot of the page: its last lines are cell text
    # lone lines at the end are captions or the next heading, unless they finish the label above
    while block and len(block[-1].segments) < 2 and not (
            len(block) >= 2 and len(block[-2].segments) >= 2 and _finishes(block[-2], block[-1])):
        block.pop()
    return block


def _finishes(row: Line, line: Line) -> bool:
    """A wrapped label's last line: it goes on in lower case, or closes a bracket left open."""
    label = row.segments[0].text
    text = line.segments[0].text
    return text[:1].islower() or (label.count("(") > label.count(")") and ")" in text)


def _prose_pair(line: Line) -> bool:
    """Two runs of running text side by side: a line across the columns of a two-column page."""
    if len(line.segments) != 2 or any(is_numeric_cell(s.text) for s in line.segments):
        return False
    left, right = (s.text for s in line.segments)
    return len(left) >= 30 or (len(left) >= 20 and len(right) >= 20)


def _borderless(lines: list[Line], page: int) -> tuple[list[Table], set[int]]:
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
            xs = [a for a, _ in _column_spans([ln for ln in region if len(ln.segments) >= 2])]
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


def _column_map(a: Table, b: Table) -> list[int] | None:
    """Index in `a` of each column of `b`, when b's columns line up with a's."""
    if a.n_cols == b.n_cols and not (a.ruled and b.ruled):
        return list(range(b.n_cols))
    if not a.columns or not b.columns or b.n_cols > a.n_cols:
        return None
    mapping = []
    for x in b.columns[: b.n_cols]:
        near = [i for i, ax in enumerate(a.columns[: a.n_cols]) if abs(ax - x) <= 3]
        if not near and not (a.ruled or b.ruled):
            # borderless: a column without its header starts somewhere inside the header's column
            near = [i for i in range(a.n_cols) if a.columns[i] - 4 <= x < a.columns[i + 1]]
        if not near or (mapping and near[0] <= mapping[-1]):
            return None
        mapping.append(near[0])
    return mapping


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
    carry: Table | None = None  # the table that ended the previous page
    carry_bottom = 0.0
    for prev, page in zip([None, *pages], pages, strict=False):
        joined = False
        if carry is not None and prev is not None and page.tables:
            b = page.tables[0]
            mapping = _column_map(carry, b)
            prose_after = [ln for ln in prev.prose_lines if ln.top > carry_bottom + 2]
            prose_before = [ln for ln in page.prose_lines if ln.bottom < b.top - 2]
            continues = mapping is not None and len(prose_after) <= 1 and not prose_before
            if continues and mapping is not None and not _new_header(carry, b):
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


def join_text(left: str, right: str) -> str:
    if not left:
        return right
    tail = left.split()[-1] if left.split() else left
    return left + right if _glued(tail, right) else left + " " + right
