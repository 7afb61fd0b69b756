"""Plain data classes for what the reader produces: pages, lines, cells and tables.

Coordinates are PDF points with the origin at the top-left of the page (y grows downwards),
the same convention as pdfplumber.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Segment:
    """A run of text on one line, separated from its neighbours by a visible gap."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    # the run ended without a space: a word may go on at the start of the next line
    open_end: bool = False
    # a word break precedes this run in the drawing order (a space, or a gap between glyphs)
    spaced: bool = False
    # position of the run in the page's drawing order (-1 when unknown)
    seq: int = -1
    # (end of the word before, start of the word after) for each space in `text`, when known:
    # where a run that ran into the next table cell can be cut again
    gaps: list[tuple[float, float]] | None = None

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def center_x(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def center_y(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class Line:
    page: int
    segments: list[Segment]
    role: str = "body"  # body | header | footer

    @property
    def x0(self) -> float:
        return min(s.x0 for s in self.segments)

    @property
    def x1(self) -> float:
        return max(s.x1 for s in self.segments)

    @property
    def top(self) -> float:
        return min(s.top for s in self.segments)

    @property
    def bottom(self) -> float:
        return max(s.bottom for s in self.segments)

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments if s.text)

    @property
    def cells(self) -> list[str]:
        return [s.text for s in self.segments]


@dataclass
class Table:
    """A table as rows of cell strings. `columns` holds the x-boundaries used for the cells."""

    page: int
    rows: list[list[str]]
    top: float
    bottom: float
    x0: float
    x1: float
    ruled: bool
    columns: list[float] = field(default_factory=list)
    # pages the table spans when it was joined across a page break
    pages: list[int] = field(default_factory=list)
    # page of each row (a joined table spans several pages)
    row_pages: list[int] = field(default_factory=list)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def row_text(self, i: int) -> str:
        """Tab-joined row, the evidence string for a figure taken from this row."""
        return "\t".join(c for c in self.rows[i]).strip()

    def page_of_row(self, i: int) -> int:
        return self.row_pages[i] if i < len(self.row_pages) else self.page


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)  # body lines in reading order
    header_lines: list[Line] = field(default_factory=list)
    footer_lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    # indices into `lines` of lines that belong to a table (kept in lines for context)
    table_line_ids: set[int] = field(default_factory=set)

    @property
    def text(self) -> str:
        """Body text in reading order, one line per line, headers and footers removed."""
        return "\n".join(line.text for line in self.lines)

    @property
    def prose_lines(self) -> list[Line]:
        return [ln for i, ln in enumerate(self.lines) if i not in self.table_line_ids]


@dataclass
class ParsedDocument:
    path: str
    pages: list[Page]
    title: str = ""  # document information dictionary title, when present

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages)

    @property
    def word_count(self) -> int:
        return sum(len(p.text.split()) for p in self.pages)

    @property
    def tables(self) -> list[Table]:
        return [t for p in self.pages for t in p.tables]
