"""pdfplumber as the source of text runs and ruling lines (the slower, second-opinion engine)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError

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
                words = page.extract_words(keep_blank_chars=True, x_tolerance=2.5, use_text_flow=False)
                segments = [Segment(w["x0"], w["x1"], w["top"], w["bottom"], w["text"], open_end=True)
                            for w in words if w["text"].strip()]
                rules = [Rule(e["x0"], e["x1"], e["top"], e["bottom"], e["orientation"])
                         for e in page.edges if e.get("orientation") in ("h", "v")]
                pages.append(PlumberPage(index + 1, float(page.width), float(page.height), segments, rules))
            finally:
                # pdfplumber caches every parsed object on the page; closing keeps memory flat.
                page.close()
    return pages, title
