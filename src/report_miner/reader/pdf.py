"""Read a PDF into pages of positioned text lines, ruling lines and tables.

Two engines feed the same layout analysis (lines, running headers, tables, reading order):
- `pdfium` (default): PDFium through pypdfium2 gives each text run with its bounding box, and
  its vector objects give the ruling lines of bordered tables, about fifty times faster than a
  pdfminer layout pass (see benchmarks/).
- `pdfplumber`: pdfplumber's words and edges, for a second opinion on a difficult file.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..run.limits import check_page_chars, clamp_page_box
from .columns import document_gutters, order_reading, page_gutters
from .glyphs import (
    BY_X0,
    GLUE_GAP,
    Glyph,
    bands_overlap,
    drop_overprinted_words,
    normalise_word,
    plausible_box,
    words_from_glyphs,
)
from .headers import mark_running_lines
from .hyphens import join_hyphenated
from .layout import Line, Page, ParsedDocument, Segment
from .numbers import repair_split_numbers
from .tables import Rule, find_tables, join_continued_tables
from .vectors import page_rules


class PdfReadError(Exception):
    """The file cannot be read as a PDF; the message is a one-line reason for documents.csv."""


@dataclass
class RawPage:
    number: int
    width: float
    height: float
    lines: list[Line]
    rules: list[Rule]


_TOKEN = re.compile(r"\S+")


def _page_text(textpage: pdfium.PdfTextPage, count: int) -> str:
    """The page's characters, index for index, in one native call."""
    text = textpage.get_text_range(0, count)
    if len(text) == count:
        return str(text)
    # characters outside the basic plane make the buffer longer than the character count
    return "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(count))


def _address(pointer: Any) -> int:
    address = ctypes.cast(pointer, ctypes.c_void_p).value
    if address is None:
        raise PdfReadError("the PDF library handed over a null pointer")
    return address


# PDFium's loose character box, called through a prototype of bare pointers that keeps the GIL:
# the bindings' typed prototype converts every argument and releases the lock around each call,
# which costs as much again as the call itself, and it runs twice for every word
_LOOSE_BOX = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)(
    _address(pdfium_c.FPDFText_GetLooseCharBox))


class _Boxes:
    """Loose glyph boxes (font ascent to descent, advance width) converted to top-left origin."""

    def __init__(self, textpage: pdfium.PdfTextPage, height: float) -> None:
        self.raw = _address(textpage.raw)
        self._height = height
        self.rect = pdfium_c.FS_RECTF()  # kept here: the calls write into it through its address
        self.address = ctypes.addressof(self.rect)

    def glyph(self, index: int, text: str) -> Glyph:
        _LOOSE_BOX(self.raw, index, self.address)
        r = self.rect
        return Glyph(text, r.left, r.right, self._height - r.top, self._height - r.bottom)


def _segments(textpage: pdfium.PdfTextPage, height: float) -> list[Segment]:
    """Words of a page: PDFium's character stream says where words end, glyph boxes where they are."""
    count = textpage.count_chars()
    if count <= 0:
        return []
    text = _page_text(textpage, count)
    boxes = _Boxes(textpage, height)
    # the word's first and last glyph boxes, read as bare numbers: most words need no more
    raw, rect, address, loose_box = boxes.raw, boxes.rect, boxes.address, _LOOSE_BOX
    words: list[Segment] = []
    previous_end = 0
    length = len(text)
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        spaced = start == 0 or text.find(" ", previous_end, start) >= 0
        previous_end = end
        token = match.group()
        # a space drawn after the word: a wrapped cell line that ends there ends a word too
        open_end = end >= length or text[end] != " "
        loose_box(raw, start, address)
        x0, x1, top, bottom = rect.left, rect.right, height - rect.top, height - rect.bottom
        if end - start > 1:
            loose_box(raw, end - 1, address)
            last_x1, last_top, last_bottom = rect.right, height - rect.top, height - rect.bottom
        else:
            last_x1, last_top, last_bottom = x1, top, bottom
        if plausible_box(x0, top, bottom, last_x1, last_top, last_bottom, token):
            word = token if token.isascii() and token.isprintable() else normalise_word(token).strip()
            if word:
                words.append(Segment(x0, x1 if x1 > last_x1 else last_x1, top if top < last_top else last_top,
                                     bottom if bottom > last_bottom else last_bottom, word,
                                     open_end, spaced, len(words)))
            continue
        glyphs = [boxes.glyph(i, text[i]) for i in range(start, end)]
        pieces = words_from_glyphs(glyphs, spaced, len(words))
        if pieces:
            pieces[-1].open_end = open_end
        words.extend(pieces)
    return words


def _rounded_top(segment: Segment) -> float:
    return round(segment.top, 0)


def group_lines(segments: list[Segment], page_number: int) -> list[Line]:
    """Group words that share a baseline band into lines, and words close together into runs.

    A line's band is that of its first word, so grouping is linear in words.
    """
    # by rounded top, then left to right: two stable sorts on one key each build no tuples
    ordered = sorted(segments, key=BY_X0)
    ordered.sort(key=_rounded_top)
    groups: list[list[Segment]] = []
    bands: list[tuple[float, float]] = []
    for seg in ordered:
        top, bottom = seg.top, seg.bottom
        target = -1
        # the last few lines started are the only ones a word further down the page can join
        last = len(groups) - 1
        for k in range(last, last - 4 if last >= 4 else -1, -1):
            band_top, band_bottom = bands[k]
            if bands_overlap(top, bottom, band_top, band_bottom):
                target = k
                break
        if target < 0:
            groups.append([seg])
            bands.append((top, bottom))
        else:
            # the band stays that of the line's first word: a taller word beside it (a heading in
            # the next column) must not pull the following line in
            groups[target].append(seg)
    lines = [Line(page_number, _merge_runs(drop_overprinted_words(group))) for group in groups]
    lines = [ln for ln in lines if ln.segments]
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines


_FIGURE_EDGE = re.compile(r"[\d%)]$")
_FIGURE_START = re.compile(r"^[(£$€\-–−]?\d")


def _justified(segments: list[Segment]) -> set[int]:
    """Indices of words that follow a space of a justified line: words drawn one after the other
    with spaces that are all about equally wide, however wide (`To   develop   engagement   with`).

    Table cells have spaces of two kinds, between the words of a label and between cells; a row
    of figures alone is never taken for one (`56   48   69`).
    """
    out: set[int] = set()
    if len(segments) < 3:
        return out  # two spaces at least show that a line's spaces are even
    i = 1
    while i < len(segments):
        j = i
        while (j < len(segments) and segments[j].spaced and segments[j].seq == segments[j - 1].seq + 1
               and segments[j].x0 > segments[j - 1].x1):
            j += 1
        gaps = [segments[k].x0 - segments[k - 1].x1 for k in range(i, j)]
        size = max((s.height for s in segments[i - 1:j]), default=0.0)
        words = sum(1 for s in segments[i - 1:j] if not _FIGURE_START.match(s.text))
        if len(gaps) >= 2 and max(gaps) <= 1.25 * min(gaps) and max(gaps) <= 2.5 * size and words >= 2:
            out.update(range(i, j))
        i = j + 1
    return out


def _same_run(prev: Segment, last_word: str, seg: Segment, pieces: int, gap: float) -> bool:
    size = prev.bottom - prev.top
    if seg.bottom - seg.top > size:
        size = seg.bottom - seg.top
    if gap < 3.0 or gap < 0.55 * size:
        return True
    # justified text widens the spaces of a line; words that follow one another in the drawing
    # order with a space between them stay one run up to a wider gap, but a figure beside a wide
    # gap is a table cell (`NELFT   £3,230`)
    if _FIGURE_EDGE.search(last_word) or _FIGURE_START.match(seg.text):
        return False
    return seg.spaced and seg.seq == prev.seq + pieces and gap < 1.6 * size


def _merge_runs(segments: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    parts: list[list[str]] = []
    pieces: list[int] = []
    justified: set[int] | None = None  # worked out only for a line with a gap too wide for one run
    for index, seg in enumerate(segments):
        if merged:
            prev = merged[-1]
            gap = seg.x0 - prev.x1
            # the common case first, without a call: words a plain space apart (see _same_run)
            size = prev.bottom - prev.top
            if seg.bottom - seg.top > size:
                size = seg.bottom - seg.top
            same = gap < 3.0 or gap < 0.55 * size or _same_run(prev, parts[-1][-1], seg, pieces[-1], gap)
            if not same:
                justified = _justified(segments) if justified is None else justified
                same = index in justified
            if same:
                _extend(prev, seg, parts[-1], pieces[-1], gap)
                pieces[-1] += 1
                continue
        merged.append(Segment(seg.x0, seg.x1, seg.top, seg.bottom, "", seg.open_end, seg.spaced, seg.seq,
                              [] if " " not in seg.text else None))
        parts.append([seg.text])
        pieces.append(1)
    for seg, texts in zip(merged, parts, strict=True):
        # words hold no white space (they are runs of non-space characters), so joining is enough
        seg.text = repair_split_numbers("".join(texts).strip())
        if seg.gaps is not None and len(seg.gaps) != seg.text.count(" "):
            seg.gaps = None  # a number was mended across a space: the gaps no longer match
    return [s for s in merged if s.text]


def _extend(run: Segment, seg: Segment, texts: list[str], pieces: int, gap: float) -> None:
    """Add a word to the run before it, glued or after a space."""
    # a space in the drawing order counts only between words drawn one after the other
    stream_space = seg.spaced and seg.seq == run.seq + pieces
    size = run.bottom - run.top
    if seg.bottom - seg.top > size:
        size = seg.bottom - seg.top
    glue = not stream_space and gap < GLUE_GAP * size
    texts.append(seg.text if glue else " " + seg.text)
    if not glue and run.gaps is not None:
        run.gaps.append((run.x1, seg.x0))
    if seg.x1 > run.x1:
        run.x1 = seg.x1
    if seg.top < run.top:
        run.top = seg.top
    if seg.bottom > run.bottom:
        run.bottom = seg.bottom
    run.open_end = seg.open_end


def _check_bytes(data: bytes) -> None:
    if not data:
        raise PdfReadError("empty file (0 bytes)")
    if b"%PDF" not in data[:1024]:
        raise PdfReadError("not a PDF (no %PDF header)")


def _open(path: Path) -> pdfium.PdfDocument:
    data = path.read_bytes()
    _check_bytes(data)
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise PdfReadError("encrypted PDF: a password is required to open it") from exc
        if b"%%EOF" not in data[-2048:]:
            raise PdfReadError(f"truncated PDF (no end-of-file marker): {message}") from exc
        raise PdfReadError(f"unreadable PDF: {message}") from exc


ENGINES = ("pdfium", "pdfplumber")


def read_pdf(path: str | Path, max_pages: int | None = None, engine: str = "pdfium") -> ParsedDocument:
    """Read a PDF file into a ParsedDocument (raises PdfReadError with a one-line reason)."""
    path = Path(path)
    if engine == "pdfplumber":
        from .plumber import read_raw_pages

        _check_bytes(path.read_bytes())
        raw, title = read_raw_pages(path, max_pages, PdfReadError)
        pages = [RawPage(p.number, p.width, p.height, group_lines(p.segments, p.number), p.rules)
                 for p in raw]
        return ParsedDocument(str(path), _layout(pages), title=title)
    if engine != "pdfium":
        raise ValueError(f"unknown reader engine {engine!r}; choose one of {ENGINES}")
    pdf = _open(path)
    try:
        title = ""
        try:
            title = (pdf.get_metadata_dict().get("Title") or "").strip()
        except Exception:  # a broken information dictionary is not worth failing a file for
            title = ""
        raw_pages: list[RawPage] = []
        unreadable: list[int] = []
        count = len(pdf)
        for index in range(count if max_pages is None else min(count, max_pages)):
            try:
                raw_pages.append(_read_page(pdf, index))
            except pdfium.PdfiumError:
                # one damaged page does not lose the document: it is left empty and reported
                unreadable.append(index + 1)
                raw_pages.append(RawPage(index + 1, 612.0, 792.0, [], []))
        if unreadable and len(unreadable) == len(raw_pages):
            raise PdfReadError(f"unreadable PDF: none of its {len(raw_pages)} pages can be loaded")
    finally:
        pdf.close()
    return ParsedDocument(str(path), _layout(raw_pages), title=title, unreadable_pages=unreadable)


def _read_page(pdf: pdfium.PdfDocument, index: int) -> RawPage:
    page = pdf[index]
    try:
        # absurd geometry or a text bomb is an error row, not gigabytes of lists
        box = clamp_page_box(0.0, 0.0, *page.get_size())
        width, height = box.width, box.height
        textpage = page.get_textpage()
        try:
            check_page_chars(textpage.count_chars(), index + 1)
            segments = _segments(textpage, height)
        finally:
            textpage.close()
        rules = page_rules(page, height)
    finally:
        page.close()
    return RawPage(index + 1, width, height, group_lines(segments, index + 1), rules)


def _layout(raw_pages: list[RawPage]) -> list[Page]:
    mark_running_lines([(p.lines, p.height) for p in raw_pages])
    pages: list[Page] = []
    found: list[tuple[list[Line], set[int], list[float]]] = []
    for raw in raw_pages:
        body = [ln for ln in raw.lines if ln.role == "body"]
        page = Page(
            number=raw.number,
            width=raw.width,
            height=raw.height,
            header_lines=[ln for ln in raw.lines if ln.role == "header"],
            footer_lines=[ln for ln in raw.lines if ln.role == "footer"],
        )
        page.tables, body, table_lines = find_tables(body, raw.rules, raw.number, raw.width)
        found.append((body, table_lines, page_gutters(body, raw.width, table_lines)))
        pages.append(page)
    grid = document_gutters([gutters for _, _, gutters in found])
    for page, (body, table_lines, gutters) in zip(pages, found, strict=True):
        page.lines = order_reading(body, page.width, table_lines, gutters, grid)
        page.table_line_ids = {i for i, ln in enumerate(page.lines) if id(ln) in table_lines}
    join_continued_tables(pages)
    join_hyphenated(pages)
    _free_word_gaps(pages)
    return pages


def _free_word_gaps(pages: list[Page]) -> None:
    """Word gaps serve columns and cells; both are found now, so their memory goes."""
    for page in pages:
        for line in page.lines:
            for seg in line.segments:
                seg.gaps = None
