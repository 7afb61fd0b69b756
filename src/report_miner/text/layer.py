"""A document's text structure, built once and read by every extractor.

Paragraphs come in reading order: the prose of each page (headings marked, each with the heading
area in force), then the narrative written inside table cells. Statistics, training and budget all
read this one sequence, so what each of them sees never depends on which ran first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ..reader import ParsedDocument, Table
from .paragraphs import Areas, Paragraph, build_paragraphs, cell_paragraphs


@dataclass(frozen=True)
class TextLayer:
    """Paragraphs of one document and the heading area in force at each of its tables."""

    paragraphs: tuple[Paragraph, ...]
    table_areas: Mapping[int, str | None]
    areas: Areas

    def table_area(self, table: Table) -> str | None:
        return self.table_areas.get(id(table))


def build_text(doc: ParsedDocument, local_authorities: list[str] | tuple[str, ...]) -> TextLayer:
    """Walk the document once: prose paragraphs, then narrative in table cells, page by page."""
    areas = Areas(list(local_authorities))
    prose, table_area = build_paragraphs(doc, areas)
    cells: list[Paragraph] = []
    for page in doc.pages:
        for table in page.tables:
            cells.extend(cell_paragraphs(table, table_area.get(id(table))))
    return TextLayer(tuple(prose + cells), MappingProxyType(table_area), areas)
