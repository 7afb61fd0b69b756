"""What the tool reads, as text: the view behind `report-miner text`.

Per page a `--- page N ---` marker, then the body in reading order without running headers
and footers; a table is printed where it starts, one tab-separated row per line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .layout import Page, ParsedDocument, Table


def _rows_on(page: Page, tables: Iterable[Table]) -> Iterator[tuple[float, float, list[str]]]:
    """(top, bottom, rows) of each table's rows printed on this page; a continuation starts at 0."""
    for table in tables:
        rows = [("\t".join(row)).strip()
                for i, row in enumerate(table.rows) if table.page_of_row(i) == page.number]
        if not rows:
            continue
        if table.page == page.number:
            yield table.top, table.bottom, rows
        else:
            yield 0.0, page.height, rows


def page_text(page: Page, tables: list[Table]) -> str:
    """The body of one page; `tables` are every table with rows on it (joined ones included)."""
    pending = sorted(_rows_on(page, tables), key=lambda item: item[0])
    printed: list[tuple[float, float]] = []
    out: list[str] = []
    for i, line in enumerate(page.lines):
        if i not in page.table_line_ids:
            out.append(line.text)
            continue
        if pending and line.top >= pending[0][0] - 1:
            top, bottom, rows = pending.pop(0)
            out.extend(rows)
            printed.append((top, bottom))
        if not any(top - 1 <= line.top <= bottom + 1 for top, bottom in printed):
            out.append("\t".join(line.cells))
    for _, _, rows in pending:
        out.extend(rows)
    return "\n".join(out)


def document_text(doc: ParsedDocument, pages: set[int] | None = None) -> Iterator[str]:
    """Each page's marker and body, for the pages asked for (all when None)."""
    tables = doc.tables
    for page in doc.pages:
        if pages is None or page.number in pages:
            yield f"--- page {page.number} ---"
            spanning = [t for t in tables if page.number in (t.pages or [t.page]) or t.page == page.number]
            yield page_text(page, spanning)
