"""Ruling lines and the table grids they draw.

Word processors draw a bordered table as a full grid. Browsers and layout programs often draw
only a line under (or over) each row, one stroke per cell: no vertical rule joins the rows, but
the ends of the strokes say where the columns are. Both kinds become a grid of row and column
boundaries here; `tables` fills the grid with text.
"""

from __future__ import annotations

from dataclasses import dataclass

from .cells import is_numeric_cell
from .layout import Line, Segment

# points between the row rules of one table; a wrapped row of three lines still fits
MAX_RULE_PITCH = 40.0
# points a row may take between strokes cut into the same cells (a label wrapped many times)
MAX_CELL_ROW = 150.0
# lines a wrapped header row may take
MAX_HEADER_LINES = 6
# a column boundary drawn by the strokes of most rows is the table's, not one row's
BREAK_SHARE = 0.6


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


def cluster(values: list[float], tolerance: float = 2.5) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tolerance:
            continue
        out.append(v)
    return out


def components(rules: list[Rule], pad: float = 3.0) -> list[list[Rule]]:
    """Rules that touch one another, as groups (rows of row-rules stacked into one table)."""
    parent = list(range(len(rules)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # sorted by top, a rule can only touch those that start before it ends
    order = sorted(range(len(rules)), key=lambda k: rules[k].top)
    for n, i in enumerate(order):
        a = rules[i]
        for j in order[n + 1:]:
            b = rules[j]
            if b.top - pad > a.bottom:
                break
            if a.x0 - pad <= b.x1 and b.x0 - pad <= a.x1:
                parent[find(i)] = find(j)
    groups: dict[int, list[Rule]] = {}
    for i, r in enumerate(rules):
        groups.setdefault(find(i), []).append(r)
    return _stack_row_rules(list(groups.values()))


def _row_rule(group: list[Rule]) -> tuple[float, float, float] | None:
    """(y, x0, x1) of a group that is one horizontal stroke, maybe drawn cell by cell."""
    if any(r.orientation != "h" for r in group) or len(cluster([r.pos for r in group])) != 1:
        return None
    return group[0].pos, min(r.x0 for r in group), max(r.x1 for r in group)


def _stroke_ends(group: list[Rule]) -> list[float]:
    return cluster([x for r in group for x in (r.x0, r.x1)], 1.5)


def _same_table(a: list[Rule], b: list[Rule], shape_a: tuple[float, float, float],
                shape_b: tuple[float, float, float]) -> bool:
    """Two row rules of one table: the same width, close together or cut into the same cells."""
    if abs(shape_b[1] - shape_a[1]) > 3 or abs(shape_b[2] - shape_a[2]) > 3:
        return False
    ends_a, ends_b = _stroke_ends(a), _stroke_ends(b)
    same_cells = len(ends_a) == len(ends_b) and all(
        abs(x - y) <= 1.5 for x, y in zip(ends_a, ends_b, strict=True))
    if len(ends_a) >= 3 and len(ends_b) >= 3 and not same_cells:
        return False  # both cut into cells, but other cells: the next table starts here
    distance = shape_b[0] - shape_a[0]
    if distance <= MAX_RULE_PITCH:
        return True
    # a tall row (a label wrapped onto many lines) between strokes that end at the same places
    return distance <= MAX_CELL_ROW and len(ends_a) >= 3 and same_cells


def _stack_row_rules(groups: list[list[Rule]]) -> list[list[Rule]]:
    """Join the lines drawn under (or over) each row of a table into one group."""
    rows = sorted(((shape, g) for g in groups if (shape := _row_rule(g)) is not None),
                  key=lambda item: item[0][0])
    out = [g for g in groups if _row_rule(g) is None]
    current: list[Rule] = []
    last: tuple[tuple[float, float, float], list[Rule]] | None = None
    for shape, group in rows:
        if last is not None and _same_table(last[1], group, last[0], shape):
            current.extend(group)
        else:
            if current:
                out.append(current)
            current = list(group)
        last = shape, group
    if current:
        out.append(current)
    return out


def stroke_breaks(rows: list[Rule]) -> list[float]:
    """Column boundaries from where the strokes of the row rules end (outer edges included).

    Empty when each row is one stroke: then the text must say where the columns are.
    """
    ys = cluster([r.pos for r in rows])
    if len(ys) < 2:
        return []
    ends = [x for r in rows for x in (r.x0, r.x1)]
    breaks: list[float] = []
    for x in cluster(ends, 1.5):
        drawn = {round(r.pos) for r in rows if abs(r.x0 - x) <= 1.5 or abs(r.x1 - x) <= 1.5}
        if len(drawn) >= BREAK_SHARE * len(ys):
            breaks.append(x)
    return breaks if len(breaks) >= 3 else []


def split_at(seg: Segment, x: float, tolerance: float = 1.5,
             min_gap: float = 0.0) -> tuple[Segment, Segment] | None:
    """Split a run at a word gap (at least `min_gap` wide) that straddles x: a header cell that
    ran into the next one, or the last word of a column run into the first of the next."""
    if not seg.gaps:
        return None
    spaces = [i for i, ch in enumerate(seg.text) if ch == " "]
    straddling = [k for k, (left_end, right_start) in enumerate(seg.gaps)
                  if left_end - tolerance <= x <= right_start + tolerance
                  and right_start - left_end >= min_gap]
    if not straddling:
        return None
    gaps = seg.gaps
    best = min(straddling, key=lambda k: abs(sum(gaps[k]) / 2 - x))
    cut = spaces[best]
    left_end, right_start = seg.gaps[best]
    left = Segment(seg.x0, left_end, seg.top, seg.bottom, seg.text[:cut], False, seg.spaced, seg.seq,
                   seg.gaps[:best])
    right = Segment(right_start, seg.x1, seg.top, seg.bottom, seg.text[cut + 1:], seg.open_end, True,
                    seg.seq, seg.gaps[best + 1:])
    return left, right


def split_on_grid(segments: list[Segment], xs: list[float]) -> list[Segment]:
    """Runs cut at the interior column boundaries they cross, at the word gap there.

    Text that runs through a boundary in the middle of a word is a cell spanning the columns
    (a section title inside the table): then the line is left whole.
    """
    out: list[Segment] = []
    for seg in segments:
        pending = [seg]
        for x in xs[1:-1]:
            last = pending[-1]
            if last.x0 < x - 2 and last.x1 > x + 2:
                parts = split_at(last, x)
                if parts is None:
                    return segments
                pending[-1:] = list(parts)
        out.extend(pending)
    return out


def _fits_grid(line: Line, xs: list[float]) -> bool:
    """No run of the line crosses an interior column boundary."""
    return all(not (s.x0 < x - 2 and s.x1 > x + 2) for s in line.segments for x in xs[1:-1])


def header_above(lines: list[Line], top_rule: float, pitch: float, xs: list[float]) -> float | None:
    """Top of a header row printed just above the first row rule (a line under the header only).

    The header may wrap onto two or three tightly set lines; it must sit on the column grid and
    give at least two cells, so a caption right above the rule ("... BY CATEGORY OF" / "RISK")
    stays a caption.
    """
    within = _within(lines, xs)
    above = sorted((ln for ln in within if _above(ln, top_rule)), key=lambda ln: -ln.bottom)
    header = _stack(above, top_rule, pitch, xs, upward=True)
    if sum(len(split_on_grid(ln.segments, xs)) for ln in header) < 2:
        return None
    return min(ln.top for ln in header) - 0.5


def row_below(lines: list[Line], last_rule: float, pitch: float, xs: list[float]) -> float | None:
    """Bottom of a last row printed under the last rule (a line over each row, none under the
    last): the lines right below the rule that sit on the grid, fill two cells and hold a figure."""
    below = sorted((ln for ln in _within(lines, xs) if ln.top >= last_rule - 1 and ln.bottom > last_rule),
                   key=lambda ln: ln.top)
    row = _stack(below, last_rule, 0.5 * pitch, xs, upward=False)
    cells = {_cell_of(s.x0, xs) for ln in row for s in split_on_grid(ln.segments, xs)}
    if len(cells) < 2 or not any(is_numeric_cell(s.text) for ln in row for s in ln.segments):
        return None
    return max(ln.bottom for ln in row) + 0.5


def _stack(candidates: list[Line], rule: float, first_gap: float, xs: list[float],
           upward: bool) -> list[Line]:
    """Lines set tight one after the other from a rule outwards that sit on the column grid."""
    stack: list[Line] = []
    for line in candidates:
        edge = stack[-1].top if upward and stack else stack[-1].bottom if stack else rule
        gap = edge - line.bottom if upward else line.top - edge
        limit = 0.5 * line.height if stack else first_gap
        if gap > limit or len(stack) == MAX_HEADER_LINES:
            break
        if _prose_line(line) or not _fits_grid(Line(line.page, split_on_grid(line.segments, xs)), xs):
            break
        stack.append(line)
    return stack


def _cell_of(x: float, xs: list[float]) -> int:
    return sum(1 for b in xs[1:-1] if x + 1 >= b)


def _within(lines: list[Line], xs: list[float]) -> list[Line]:
    """The lines' runs inside the table's width: a line may go on into the next column's prose."""
    out = []
    for line in lines:
        inside = [s for s in line.segments if s.x0 >= xs[0] - 3 and s.x1 <= xs[-1] + 3]
        if inside:
            out.append(line if len(inside) == len(line.segments) else Line(line.page, inside, line.role))
    return out


def _above(line: Line, top_rule: float) -> bool:
    """A line over the table's first rule, close enough to be its header."""
    return line.bottom <= top_rule + 1 and line.top < top_rule and top_rule - line.bottom < MAX_CELL_ROW


def _prose_line(line: Line) -> bool:
    """A line of running text: a long run of words in lower case, unlike a header cell."""
    def running(text: str) -> bool:
        letters = [ch for ch in text if ch.isalpha()]
        lower = sum(1 for ch in letters if ch.islower())
        return len(text) >= 30 and text.count(" ") >= 5 and lower > 0.6 * len(letters)

    return any(running(s.text) for s in line.segments)
