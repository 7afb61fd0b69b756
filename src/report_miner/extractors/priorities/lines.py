"""Priorities' reading order: prose lines and table rows as one sequence, with the layout facts
(breaks, white space, line extents) that tell a title's run-on lines from the text below it."""

from __future__ import annotations

from dataclasses import dataclass

from ...reader import Line, ParsedDocument, Table

BULLET_CHARS = "\u2022\uf0b7\uf0a7\uf0d8\uf076\u25aa\u25cf\u25e6\u25a0\u2023\u2043\u27a2*-\u2013 "
BULLETS = tuple(c for c in BULLET_CHARS if not c.isspace())
HEADING_MAX_WORDS = 14


@dataclass
class Item:
    """A prose line or a table row, in reading order."""

    text: str
    page: int
    row: bool
    brk: bool  # a paragraph break (gap, font change, new row) comes before this item
    single_cell: bool = True
    table: Table | None = None
    x0: float = 0.0  # where a prose line starts and ends on the page (0 for table rows)
    x1: float = 0.0
    spaced: bool = True  # white space (not only a change of line height) stands before this item
    height: float = 0.0

    @property
    def heading(self) -> bool:
        return len(self.text.split()) <= HEADING_MAX_WORDS and not self.text.rstrip().endswith((".", ","))


# -- reading order ----------------------------------------------------------------------------

def read_items(doc: ParsedDocument) -> list[Item]:
    """Prose lines and table rows of every page, each table placed where its first line was."""
    items: list[Item] = []
    for page in doc.pages:
        emitted: set[int] = set()
        prev: Line | None = None
        for index, line in enumerate(page.lines):
            if index in page.table_line_ids:
                for t, table in enumerate(page.tables):
                    if t not in emitted and table.top - 2 <= line.top <= table.bottom + 2:
                        emitted.add(t)
                        items.extend(_row_items(table))
                prev = None
                continue
            text = line.text.strip()
            if not text:
                continue
            items.append(Item(text, page.number, False, prev is None or _breaks(prev, line),
                               x0=line.x0, x1=line.x1, spaced=prev is None or _spaced(prev, line),
                               height=line.height))
            prev = line
        for t, table in enumerate(page.tables):
            if t not in emitted:
                items.extend(_row_items(table))
    return items


def _row_items(table: Table) -> list[Item]:
    out = []
    for r, row in enumerate(table.rows):
        cells = [c.strip() for c in row if c and c.strip()]
        if cells:
            out.append(Item("\t".join(cells), table.page_of_row(r), True, True, len(cells) == 1, table))
    return out


def _spaced(prev: Line, line: Line) -> bool:
    """A blank of about a line stands between the two (a line without descenders measures short)."""
    gap = line.top - prev.bottom
    height = max(prev.height, line.height, 1.0)
    return gap > 0.9 * height or gap < -height


def _breaks(prev: Line, line: Line) -> bool:
    gap = line.top - prev.bottom
    height = max(prev.height, 1.0)
    if gap > 0.75 * height or gap < -height:
        return True
    return abs(line.height - prev.height) > 0.35 * height


def wrapped(items: list[Item], i: int, prev: Item, nxt: Item) -> bool:
    """Whether `nxt` starts with a word that did not fit at the end of `prev` (the line wrapped)."""
    if prev.row or nxt.row or prev.x1 <= prev.x0:
        return False
    x0 = items[i].x0
    widths = [it.x1 for it in _column_block(items, i) if it is not prev]
    if len(widths) < 2:
        return False  # too few lines to tell the column's width
    right = max(widths)
    if prev.x1 - x0 > 1.25 * (right - x0):
        return False  # far wider than the rest: a line of its own, not one of a wrapped column
    char = (prev.x1 - prev.x0) / max(len(prev.text), 1)
    first = nxt.text.split()[0] if nxt.text.split() else ""
    return prev.x1 + (len(first) + 1) * char > right - char


def _column_block(items: list[Item], i: int) -> list[Item]:
    """The lines around items[i] set in its column (between blank lines): they show its right edge."""
    x0, page = items[i].x0, items[i].page
    block = []
    k = i
    while k > max(i - 12, 0) and not items[k].spaced and not items[k - 1].row and items[k - 1].page == page \
            and abs(items[k - 1].x0 - x0) < 15:
        k -= 1
        block.append(items[k])
    for it in items[i + 1:i + 16]:
        if it.row or it.spaced or it.page != page or abs(it.x0 - x0) >= 15:
            break
        block.append(it)
    return block


def hanging(label: Item, nxt: Item) -> bool:
    """A bullet's next line indented under its text, as a bullet item runs on."""
    return label.text.lstrip().startswith(BULLETS) and not nxt.text.lstrip().startswith(BULLETS) \
        and nxt.x0 > label.x0 + 3
