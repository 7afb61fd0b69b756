"""The shape of a budget table, read once before its lines are walked: its cells and amounts, the title
and header rows at its top, and the text printed around it (caption, the line right above)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...reader import Page, Table
from ...text.paragraphs import caption_of
from .narrative import amount, with_noted_amounts


@dataclass
class Frame:
    """What the amount columns mean, carried to figures printed apart from their header: a one-row
    table or a line of column names above them, or the table a header-less table continues."""

    headers: list[str]  # a header per column (continuation) or one name per amount column (header apart)
    period: str
    page: int  # the last page it was seen on
    n_cols: int = 0
    sections: dict[int, str | None] = field(default_factory=dict)  # section flows in force at its end
    start_flow: str | None = None


@dataclass
class TableShape:
    """A budget table as read once: its cells and amounts, title and header rows, the text around it."""

    rows: list[list[str]]
    values: list[list[float | None]]
    title_n: int  # title rows ("Figure 1") at the top, part of the caption
    head_n: int  # title + header rows
    caption: str  # the caption printed above, with the title rows
    nearest: str  # the prose line right above the table, else its title
    header_text: str

    @property
    def own_header(self) -> bool:
        return self.head_n > self.title_n

    def headers(self, n_cols: int) -> list[str]:
        """A header per column: its cells in the header rows, joined."""
        return [" ".join(r[j] for r in self.rows[self.title_n:self.head_n] if j < len(r) and r[j])
                for j in range(n_cols)]

    def numeric_cols(self, n_cols: int) -> list[int]:
        """The columns holding an amount below the header."""
        below = self.values[self.head_n:]
        return [j for j in range(n_cols) if any(j < len(r) and r[j] is not None for r in below)]

    @property
    def n_values(self) -> int:
        return sum(1 for r in self.values for x in r if x is not None)

    @property
    def n_pounds(self) -> int:
        return sum(1 for r in self.rows for c in r if "£" in c)


def table_shape(page: Page, table: Table) -> TableShape:
    rows = [[c.strip() for c in r] for r in table.rows]
    values = with_noted_amounts(rows, [[amount(c) for c in r] for r in rows])
    title_n, head_n = header_rows(rows, values)
    # a title row inside the table ("Figure 1", "2017/18 Outturn") is part of its caption
    title = " ".join(c for r in rows[:title_n] for c in r if c)
    caption = " ".join(filter(None, [caption_of(page, table), title]))
    nearest = nearest_line(page, table) or title
    header_text = " ".join(c for r in rows[title_n:head_n] for c in r)
    return TableShape(rows, values, title_n, head_n, caption, nearest, header_text)


def header_rows(rows: list[list[str]], values: list[list[float | None]]) -> tuple[int, int]:
    """(title rows, title + header rows) at the top of a table: rows of names without amounts. One-cell
    rows count as a title only above a header row; else they are section headings (CONTRIBUTIONS)."""
    def names(i: int) -> int:
        """How many names the row holds; -1 when it has amounts or sentences (a text table's row)."""
        if any(x is not None for x in values[i]) or any(len(c.split()) > 8 for c in rows[i]):
            return -1
        return sum(1 for c in rows[i] if c)

    title_n = 0
    while title_n < min(2, len(rows)) and 0 <= names(title_n) <= 1:
        title_n += 1
    head_n = title_n
    while head_n < min(title_n + 3, len(rows)) and names(head_n) >= 2:
        head_n += 1
    return (title_n, head_n) if head_n > title_n else (0, 0)


def money_sized(values: list[list[float | None]]) -> bool:
    """Amounts without a £ sign: most are in hundreds or more (counts of courses or people are not)."""
    amounts = sorted(abs(x) for r in values for x in r if x)
    return bool(amounts) and amounts[len(amounts) // 2] >= 100


def nearest_line(page: Page, table: Table) -> str:
    """The prose line right above a table: often its section name (EXPENDITURE)."""
    above = [ln for i, ln in enumerate(page.lines)
             if i not in page.table_line_ids and ln.bottom <= table.top + 2 and ln.top > table.top - 40]
    return max(above, key=lambda ln: ln.bottom).text.strip() if above else ""


def carried_headers(headers: list[str], numeric_cols: list[int], fitting: Frame | None,
                    cont: Frame | None) -> list[str]:
    """The headers of a table whose column meanings were printed elsewhere: the table it continues,
    then the column names printed apart, in order onto its amount columns."""
    if cont is not None:
        headers = list(cont.headers)
    if fitting is not None:
        for j, cell in zip(numeric_cols, fitting.headers, strict=True):
            headers[j] = cell
    return headers


def carried_period(fitting: Frame | None, cont: Frame | None) -> str:
    """The year of the column names printed apart, else of the table continued."""
    return (fitting.period if fitting else "") or (cont.period if cont else "")
