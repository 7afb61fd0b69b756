"""A document's text structure, built once and read by every extractor.

`blocks` is the document in reading order: headings, paragraphs, list items and table rows, each
with its page, its number in the document (the `paragraph` of theme_mentions.csv) and the headings
it sits under. `paragraphs` is what figures are read from: the prose (headings marked, each with the
heading area in force), then the narrative written inside table cells. Statistics, training, budget
and themes all read this one structure, so what each of them sees never depends on which ran first.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from enum import StrEnum

from ..reader import ParsedDocument, Table
from .gazetteer import Gazetteer
from .paragraphs import Areas, Paragraph, build_paragraphs, cell_paragraphs


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_ROW = "table_row"


@dataclass(frozen=True)
class Block:
    index: int  # place in the document's reading order
    kind: BlockKind
    page: int
    text: str
    section: tuple[str, ...]  # the headings in force, outermost first
    starts: tuple[tuple[int, int], ...] = ()  # (char offset, page) where a later page takes over

    def page_at(self, offset: int) -> int:
        """The page the character at `offset` was printed on (a paragraph may run over a page break)."""
        index = bisect_right(self.starts, (offset, float("inf"))) - 1
        return self.starts[index][1] if index >= 0 else self.page


TableKey = tuple[int, int]  # (page number, position in that page's tables)


@dataclass(frozen=True)
class TextLayer:
    """Blocks and paragraphs of one document, and the heading area in force at each of its tables."""

    blocks: tuple[Block, ...]
    paragraphs: tuple[Paragraph, ...]
    table_areas: dict[TableKey, str | None]

    def table_area(self, page: int, position: int) -> str | None:
        return self.table_areas.get((page, position))


def build_text(doc: ParsedDocument, local_authorities: list[str] | tuple[str, ...],
               gazetteer: Gazetteer) -> TextLayer:
    """Walk the document once: prose paragraphs and tables in reading order, then cell narrative;
    heading areas are read against `gazetteer`."""
    areas = Areas(list(local_authorities), gazetteer)
    prose, area_of, seq_of = build_paragraphs(doc, areas)
    cells: list[Paragraph] = []
    table_areas: dict[TableKey, str | None] = {}
    placed: list[tuple[int, Paragraph | Table]] = [(par.seq, par) for par in prose]
    for page in doc.pages:
        for position, table in enumerate(page.tables):
            area = area_of.get(id(table))
            table_areas[(page.number, position)] = area
            cells.extend(cell_paragraphs(table, area))
            placed.append((seq_of.get(id(table), len(placed)), table))
    placed.sort(key=lambda item: item[0])
    return TextLayer(_blocks([item for _, item in placed]), tuple(prose + cells), table_areas)


def _blocks(items: list[Paragraph | Table]) -> tuple[Block, ...]:
    out: list[Block] = []
    headings: list[tuple[float, str]] = []  # open headings, (type size, text), outermost first
    for item in items:
        if isinstance(item, Paragraph):
            if item.heading:
                while headings and headings[-1][0] <= item.size:
                    headings.pop()
            section = tuple(text for _, text in headings)
            kind = (BlockKind.HEADING if item.heading else
                    BlockKind.LIST_ITEM if item.bulleted else BlockKind.PARAGRAPH)
            turns = tuple((offset, page) for offset, page in item.pages if page != item.pages[0][1])
            out.append(Block(len(out), kind, item.pages[0][1], item.text, section, turns))
            if item.heading:
                headings.append((item.size, item.text))
            continue
        section = tuple(text for _, text in headings)
        for row in range(len(item.rows)):
            text = item.row_text(row)
            if text:
                out.append(Block(len(out), BlockKind.TABLE_ROW, item.page_of_row(row), text, section))
    return tuple(out)
