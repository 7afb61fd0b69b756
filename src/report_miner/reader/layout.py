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


class Line:
    """One line of text: its runs left to right, and its box computed once."""

    __slots__ = ("page", "role", "_segments", "_box")

    def __init__(self, page: int, segments: list[Segment], role: str = "body") -> None:
        self.page = page
        self.role = role  # body | header | footer
        self._segments = segments
        self._box: tuple[float, float, float, float] | None = None

    def __repr__(self) -> str:
        return f"Line(page={self.page}, role={self.role!r}, text={self.text!r})"

    def __getstate__(self) -> tuple[int, str, list[Segment]]:
        return self.page, self.role, self._segments

    def __setstate__(self, state: tuple[int, str, list[Segment]]) -> None:
        self.page, self.role, self._segments = state
        self._box = None

    @property
    def segments(self) -> list[Segment]:
        return self._segments

    @segments.setter
    def segments(self, segments: list[Segment]) -> None:
        self._segments = segments
        self._box = None

    def _geometry(self) -> tuple[float, float, float, float]:
        # the runs do not move once a line is made, so the box is worked out on first use
        box = self._box
        if box is None:
            segs = self._segments
            box = self._box = (min(s.x0 for s in segs), max(s.x1 for s in segs),
                               min(s.top for s in segs), max(s.bottom for s in segs))
        return box

    @property
    def x0(self) -> float:
        return self._geometry()[0]

    @property
    def x1(self) -> float:
        return self._geometry()[1]

    @property
    def top(self) -> float:
        return self._geometry()[2]

    @property
    def bottom(self) -> float:
        return self._geometry()[3]

    @property
    def height(self) -> float:
        box = self._geometry()
        return box[3] - box[2]

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self._segments if s.text)

    @property
    def cells(self) -> list[str]:
        return [s.text for s in self._segments]


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
    # pages PDFium could not load (damaged objects): left empty, the rest of the document is read
    unreadable_pages: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages)

    @property
    def word_count(self) -> int:
        return sum(len(p.text.split()) for p in self.pages)

    @property
    def tables(self) -> list[Table]:
        return [t for p in self.pages for t in p.tables]
