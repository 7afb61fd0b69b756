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

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .columns import order_reading
from .headers import mark_running_lines
from .layout import Line, Page, ParsedDocument, Segment
from .numbers import repair_split_numbers
from .tables import Rule, find_tables, join_continued_tables


class PdfReadError(Exception):
    """The file cannot be read as a PDF; the message is a one-line reason for documents.csv."""


@dataclass
class RawPage:
    number: int
    width: float
    height: float
    lines: list[Line]
    rules: list[Rule]


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _clean(text: str) -> str:
    # PDFium reports a soft (line-end) hyphen as \x02.
    text = text.replace("\x02", "-").replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    text = _CONTROL.sub("", text).replace("\u00a0", " ").replace("\ufffe", "-")
    return text


_BUFFER_CHARS = 8192
_BUFFER = (ctypes.c_ushort * (_BUFFER_CHARS + 1))()


def _bounded_text(textpage: pdfium.PdfTextPage, left: float, bottom: float, right: float, top: float) -> str:
    """Text inside a box with one native call (the library helper makes two, and each scans the page)."""
    count = pdfium_c.FPDFText_GetBoundedText(textpage, left, top, right, bottom, _BUFFER, _BUFFER_CHARS)
    if count >= _BUFFER_CHARS:
        return textpage.get_text_bounded(left, bottom, right, top)
    if count <= 0:
        return ""
    return ctypes.string_at(_BUFFER, count * 2).decode("utf-16-le", errors="ignore")


def _segments(textpage: pdfium.PdfTextPage, height: float) -> list[Segment]:
    segments: list[Segment] = []
    for i in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(i)
        raw = _bounded_text(textpage, left, bottom, right, top)
        text = _clean(raw)
        if not text.strip():
            continue
        segments.append(Segment(left, right, height - top, height - bottom, text,
                                open_end=not text[-1].isspace()))
    return segments


def _rules(page: pdfium.PdfPage, height: float) -> list[Rule]:
    rules: list[Rule] = []
    width = page.get_width()
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        w, h = right - left, top - bottom
        if w <= 0 and h <= 0:
            continue
        y0, y1 = height - top, height - bottom
        if h <= 2.5 and w >= 4:
            rules.append(Rule(left, right, y0, y1, "h"))
        elif w <= 2.5 and h >= 4:
            rules.append(Rule(left, right, y0, y1, "v"))
        elif w < width * 0.95 and 4 < h < height * 0.9 and w > 4:
            # a stroked rectangle: its four edges may be a cell border
            rules.extend([
                Rule(left, right, y0, y0, "h"), Rule(left, right, y1, y1, "h"),
                Rule(left, left, y0, y1, "v"), Rule(right, right, y0, y1, "v"),
            ])
    return rules


def _vertical_overlap(a: Segment, b: Line) -> float:
    top, bottom = b.top, b.bottom
    inter = min(a.bottom, bottom) - max(a.top, top)
    return inter / max(0.1, min(a.height, bottom - top))


def group_lines(segments: list[Segment], page_number: int) -> list[Line]:
    """Group text runs that share a baseline band into lines, and merge touching runs."""
    segments = sorted(segments, key=lambda s: (round(s.top, 0), s.x0))
    lines: list[Line] = []
    for seg in segments:
        target = None
        for line in reversed(lines[-4:]):
            if _vertical_overlap(seg, line) >= 0.5:
                target = line
                break
        if target is None:
            lines.append(Line(page_number, [seg]))
        else:
            target.segments.append(seg)
    for line in lines:
        line.segments = _merge_runs(sorted(line.segments, key=lambda s: s.x0))
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines


def _merge_runs(segments: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for seg in segments:
        if merged:
            prev = merged[-1]
            gap = seg.x0 - prev.x1
            size = max(prev.height, seg.height)
            if gap < max(3.0, 0.55 * size):
                joiner = "" if prev.text.endswith(" ") or gap < 0.12 * size else " "
                prev.text = prev.text + joiner + seg.text
                prev.x1 = max(prev.x1, seg.x1)
                prev.top = min(prev.top, seg.top)
                prev.bottom = max(prev.bottom, seg.bottom)
                prev.open_end = seg.open_end
                continue
        merged.append(Segment(seg.x0, seg.x1, seg.top, seg.bottom, seg.text, seg.open_end))
    for seg in merged:
        seg.text = repair_split_numbers(re.sub(r"\s+", " ", seg.text).strip())
    return [s for s in merged if s.text]


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
        count = len(pdf)
        for index in range(count if max_pages is None else min(count, max_pages)):
            page = pdf[index]
            try:
                width, height = page.get_size()
                textpage = page.get_textpage()
                try:
                    segments = _segments(textpage, height)
                finally:
                    textpage.close()
                rules = _rules(page, height)
            finally:
                page.close()
            raw_pages.append(RawPage(index + 1, width, height, group_lines(segments, index + 1), rules))
    finally:
        pdf.close()
    return ParsedDocument(str(path), _layout(raw_pages), title=title)


def _layout(raw_pages: list[RawPage]) -> list[Page]:
    mark_running_lines([(p.lines, p.height) for p in raw_pages])
    pages: list[Page] = []
    for raw in raw_pages:
        body = [ln for ln in raw.lines if ln.role == "body"]
        page = Page(
            number=raw.number,
            width=raw.width,
            height=raw.height,
            header_lines=[ln for ln in raw.lines if ln.role == "header"],
            footer_lines=[ln for ln in raw.lines if ln.role == "footer"],
        )
        tables, table_lines = find_tables(body, raw.rules, raw.number, raw.width)
        ordered = order_reading(body, raw.width, table_lines)
        page.lines = ordered
        page.table_line_ids = {i for i, ln in enumerate(ordered) if id(ln) in table_lines}
        page.tables = tables
        pages.append(page)
    join_continued_tables(pages)
    return pages
