"""pdfplumber as the source of text runs and ruling lines (the slower, second-opinion engine)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError

from .glyphs import Glyph, words_from_glyphs
from .layout import Segment
from .tables import Rule


@dataclass
class PlumberPage:
    number: int
    width: float
    height: float
    segments: list[Segment]
    rules: list[Rule]


def read_raw_pages(
    path: Path, max_pages: int | None, error: type[Exception]
) -> tuple[list[PlumberPage], str]:
    try:
        pdf = pdfplumber.open(path)
    except PDFPasswordIncorrect as exc:
        raise error("encrypted PDF: a password is required to open it") from exc
    except (PDFSyntaxError, Exception) as exc:
        raise error(f"unreadable PDF: {type(exc).__name__}: {exc}") from exc
    pages: list[PlumberPage] = []
    with pdf:
        title = str((pdf.metadata or {}).get("Title") or "").strip()
        for index, page in enumerate(pdf.pages):
            if max_pages is not None and index >= max_pages:
                break
            try:
                # the same glyph-to-word rules as the PDFium engine, so both give the same words
                segments = _words(page.chars)
                rules = [Rule(e["x0"], e["x1"], e["top"], e["bottom"], e["orientation"])
                         for e in page.edges if e.get("orientation") in ("h", "v")]
                pages.append(PlumberPage(index + 1, float(page.width), float(page.height), segments, rules))
            finally:
                # pdfplumber caches every parsed object on the page; closing keeps memory flat.
                page.close()
    return pages, title


def _words(chars: list[dict[str, object]]) -> list[Segment]:
    """Words from pdfplumber's characters, whose boxes run from the font's ascent to its descent."""
    glyphs = [Glyph(str(c["text"]), float(c["x0"]), float(c["x1"]), float(c["top"]),  # type: ignore[arg-type]
                    float(c["bottom"])) for c in chars]  # type: ignore[arg-type]
    return words_from_glyphs(glyphs)
