"""Prose paragraphs, sentences, table captions and heading areas of a parsed document.

Text is rebuilt into paragraphs (line gaps, bullets, page breaks) so a sentence split over lines
or pages is read whole; short title paragraphs are headings, and a heading that names one of the
board's local authorities puts the figures below it under that area until the next heading.
"""

from __future__ import annotations

import re
import statistics as pystats
from bisect import bisect_right
from dataclasses import dataclass, field

from ..extractors.statistics.vocab import normalise
from ..reader import Line, Page, ParsedDocument, Table
from .gazetteer import Gazetteer

BULLET = re.compile(r"^(?:[\u2022\u25cf\u25aa\u25e6\u2023\u2043\-–*•▪]|[\ue000-\uf8ff])\s*")
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")
ABBREV_END = re.compile(r"\b(?:No|e\.g|i\.e|etc|St|Dr|Mr|Mrs|Ms|vs|approx)\.$", re.I)
ABBREV_REACH = 8  # longer than the longest abbreviation above with its full stop


MAX_PARAGRAPH_LINES = 80


@dataclass
class Paragraph:
    text: str = ""
    # (char offset, page) where each joined line starts
    pages: list[tuple[int, int]] = field(default_factory=list)
    n_lines: int = 0
    area: str | None = None  # heading area in force
    heading: bool = False
    size: float = 0.0  # tallest line, a proxy for the type size of a heading
    bulleted: bool = False  # opened by a bullet: an item of a list
    seq: int = 0  # place in reading order among the document's paragraphs and tables

    def add(self, text: str, page: int) -> None:
        if self.text:
            if self.text.endswith("-") and len(self.text) > 1 and self.text[-2].isalpha():
                pass  # a word broken at the line end goes on without a space
            else:
                self.text += " "
        self.pages.append((len(self.text), page))
        self.text += text
        self.n_lines += 1

    def page_at(self, offset: int) -> int:
        index = bisect_right(self.pages, (offset, float("inf"))) - 1
        return self.pages[max(index, 0)][1]


def _is_heading(par: Paragraph) -> bool:
    text = par.text.strip()
    # two lines of a wrapped title, or three short ones (a kicker, a title and a sub-title set tight)
    lines_ok = par.n_lines <= 2 or (par.n_lines == 3 and len(text.split()) <= 9)
    if not lines_ok or not text or not text[0].isupper() or len(text.split()) > 14 or "%" in text:
        return False
    # numbers other than a section number or a year mean a statement ("5785 Referrals ...")
    body = re.sub(r"^\d+(?:\.\d+)*\s+", "", text)
    if re.search(r"\d", re.sub(r"(?:19|20)\d\d(?:\s?[/-]\s?\d{2,4})?", "", body)):
        return False
    return not re.search(r"[.,;:!?]$", text)


def _line_metrics(lines: list[Line]) -> tuple[float, float]:
    """(white space that separates paragraphs, body line height) on this page.

    A paragraph break is a gap clearly wider than the page's ordinary space between lines: with
    tight leading (a designer's layout) a small paragraph spacing still counts.
    """
    heights = [ln.height for ln in lines if ln.height > 3]
    body = pystats.median(heights) if heights else 10.0
    gaps = sorted(b.top - a.bottom for a, b in zip(lines, lines[1:], strict=False)
                  if b.top > a.top and 0 <= b.top - a.bottom < body)
    if len(gaps) < 4:
        return 0.7 * body, body
    leading = gaps[len(gaps) // 4]
    return min(0.7 * body, leading + max(2.0, 0.3 * body)), body


def _breaks(prev: Line | None, line: Line, text: str, paragraph: str, gap: float) -> bool:
    """Does `line` start a new paragraph after `prev` (None at the top of a page)?"""
    if prev is None:
        return bool(paragraph) and bool(re.search(r"[.!?:]$", paragraph))
    if line.top < prev.top:
        # the next column: a sentence cut off at the foot of the last one goes on here
        return not (text[:1].islower() and not re.search(r"[.!?:]$", paragraph))
    return line.top - prev.bottom > gap


# paragraphs, and per table (by id) the heading area in force and its place in reading order
Paragraphs = tuple[list[Paragraph], dict[int, str | None], dict[int, int]]


class Areas:
    """Area lookups: the gazetteer, plus the board's own authorities' names as printed."""

    def __init__(self, las: list[str], gazetteer: Gazetteer) -> None:
        self.las = las
        self.gazetteer = gazetteer
        self._literal = [(la, re.compile(r"\b" + r"\s+".join(
            "(?:and|&)" if w.lower() == "and" else re.escape(w) for w in la.split()) + r"\b", re.I))
            for la in las]

    def resolve(self, token: str) -> str | None:
        area = self.gazetteer.resolve_area(token)
        if area:
            return area
        key = normalise(token).lower().replace("&", "and")
        return next((la for la in self.las if la.lower() == key), None)

    def find(self, text: str) -> list[str]:
        found = list(self.gazetteer.find_local_authorities(text))
        found.extend(la for la, rx in self._literal if la not in found and rx.search(text))
        return found


class AreaContext:
    """Which local authority a passage is about, from headings, for multi-authority boards."""

    def __init__(self, areas: Areas) -> None:
        self.areas = areas
        self.current: str | None = None
        self.size = 0.0  # type size of the heading that set `current`

    def heading(self, text: str, size: float) -> None:
        names = set(self.areas.find(text))
        whole = self.areas.resolve(text)
        if whole:
            names.add(whole)
        if len(names) == 1:
            self.current, self.size = names.pop(), size
        elif self.current and size < self.size * 0.95:
            return  # a smaller sub-heading inside the authority's section
        else:
            self.current = None


def build_paragraphs(doc: ParsedDocument, areas: Areas) -> Paragraphs:
    """Prose paragraphs in reading order, and the heading area in force at each table (by id)."""
    builder = _ParagraphBuilder(AreaContext(areas))
    for page in doc.pages:
        builder.read_page(page)
    builder.close()
    return _join_lone_numbers(builder.pars), builder.table_area, builder.table_seq


class _ParagraphBuilder:
    """Lines into paragraphs, page by page, with tables placed where they stand."""

    def __init__(self, ctx: AreaContext) -> None:
        self.ctx = ctx
        self.pars: list[Paragraph] = []
        self.table_area: dict[int, str | None] = {}
        self.table_seq: dict[int, int] = {}
        self.cur = Paragraph()

    def close(self) -> None:
        cur = self.cur
        if cur.text:
            cur.heading = _is_heading(cur)
            if cur.heading:
                self.ctx.heading(cur.text, cur.size)
            cur.area = self.ctx.current
            cur.seq = len(self.pars) + len(self.table_seq)
            self.pars.append(cur)
        self.cur = Paragraph()

    def place(self, table: Table) -> None:
        self.close()
        self.table_area[id(table)] = self.ctx.current
        self.table_seq[id(table)] = len(self.pars) + len(self.table_seq)

    def read_page(self, page: Page) -> None:
        prose = [ln for i, ln in enumerate(page.lines) if i not in page.table_line_ids]
        gap, body = _line_metrics(prose)
        tables = sorted(page.tables, key=lambda t: t.top)
        prev: Line | None = None
        prev_big = False
        bullet_x: float | None = None  # where the bullet of the current paragraph was printed
        for ln in prose:
            text = ln.text.strip()
            if not text:
                continue
            while tables and tables[0].top < ln.top:
                self.place(tables.pop(0))
            # a line in a larger font is a heading even when printed tight against its paragraph
            big = ln.height > body * 1.15 and len(text.split()) <= 14
            bulleted = bool(BULLET.match(text))
            if self._starts_paragraph(prev, ln, text, gap, big != prev_big, bullet_x) or bulleted:
                self.close()
                bullet_x = ln.x0 if bulleted else None
                self.cur.bulleted = bulleted
            self.cur.add(BULLET.sub("", text), page.number)
            self.cur.size = max(self.cur.size, ln.height)
            prev, prev_big = ln, big
        for t in tables:
            self.place(t)

    def _starts_paragraph(self, prev: Line | None, line: Line, text: str, gap: float, size_change: bool,
                          bullet_x: float | None) -> bool:
        # a bullet's own lines hang indented after it; a capitalised line back at the bullet's
        # margin starts the next paragraph even without a gap
        outdent = bullet_x is not None and line.x0 <= bullet_x + 2 and text[:1].isupper()
        # no real paragraph runs this long; a text stream without breaks must not become one
        too_long = self.cur.n_lines >= MAX_PARAGRAPH_LINES
        return _breaks(prev, line, text, self.cur.text, gap) or size_change or outdent or too_long


# two digits at least: a lone "4" is more likely a section number printed above its title
LONE_NUMBER = re.compile(r"^\d[\d,.]*\d\s?%?$")


def _join_lone_numbers(pars: list[Paragraph]) -> list[Paragraph]:
    """Infographics print a big figure above its label ("5785" / "Referrals to ..."): rejoin them."""
    out: list[Paragraph] = []
    carry: Paragraph | None = None
    for par in pars:
        if carry is not None and par.pages[0][1] == carry.pages[0][1]:
            joined = Paragraph(area=par.area, size=par.size, seq=carry.seq)
            joined.add(carry.text, carry.pages[0][1])
            for (start, page), end in zip(par.pages, [p for p, _ in par.pages[1:]] + [len(par.text)],
                                          strict=True):
                joined.add(par.text[start:end].strip(), page)
            par = joined
        elif carry is not None:
            out.append(carry)
        carry = None
        if LONE_NUMBER.match(par.text.strip()):
            carry = par
            continue
        out.append(par)
    if carry is not None:
        out.append(carry)
    return out


def cell_paragraphs(table: Table, area: str | None) -> list[Paragraph]:
    """Narrative written inside table cells (two-column 'topic | what we did' layouts)."""
    out = []
    for i, row in enumerate(table.rows):
        for cell in row:
            if len(cell.split()) >= 12:
                par = Paragraph(area=area)
                par.add(normalise(cell), table.page_of_row(i))
                out.append(par)
    return out


def caption_of(page: Page, table: Table) -> str:
    """Title lines printed right above a table, in reading order.

    Up to three bands of lines count; a caption set in two columns has two lines in a band.
    """
    above = [(i, ln) for i, ln in enumerate(page.lines)
             if i not in page.table_line_ids and ln.bottom <= table.top + 2 and ln.top > table.top - 80]
    # the caption is one paragraph: above its first line, a paragraph break ends it
    paragraph_gap, _ = _line_metrics(page.prose_lines)
    picked: list[int] = []
    bottom, bands, band_top = table.top, 0, None
    for i, ln in sorted(above, key=lambda item: -item[1].bottom):
        if band_top is None or ln.bottom < band_top:
            limit = max(ln.height, 8) * 2.2 if not picked else paragraph_gap
            if bottom - ln.bottom > limit or bands >= 3:
                break
            bands += 1
            band_top = ln.top
        picked.append(i)
        bottom = min(bottom, ln.top)
    return normalise(" ".join(page.lines[i].text.strip() for i in sorted(picked)))


def split_sentences(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    start = 0
    for m in SENTENCE_SPLIT.finditer(text):
        # an abbreviation is at most 7 characters before the break: only those are searched (the
        # word boundary before it still sees the character in front)
        if ABBREV_END.search(text, max(start, m.start() - ABBREV_REACH), m.start()):
            continue
        out.append((start, text[start:m.start()]))
        start = m.end()
    out.append((start, text[start:]))
    return [(s, t) for s, t in out if t.strip()]
