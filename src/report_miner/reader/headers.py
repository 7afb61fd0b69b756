"""Recognise running headers, footers and page numbers so they stay out of the body text."""

from __future__ import annotations

import re
from collections import Counter

from .layout import Line

_PAGE_NUMBER = re.compile(r"^(page\s*)?#+(\s*(of|/)\s*#+)?$|^-\s*#+\s*-$|^[ivxlc]+$", re.I)
# What a browser's print dialog adds at the page edges: the date and time, the address, `3/29`.
_BROWSER_STAMP = re.compile(
    r"^\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(:\d{2})?(\s*[AP]M)?$"
    r"|^(https?|file)://\S+$|^about:blank$", re.I)
_PAGE_COUNTER = re.compile(r"^(\d{1,4})\s*/\s*(\d{1,4})$")
BAND = 0.11  # share of the page height searched for running lines at the top and bottom


def _key(line: Line) -> str:
    text = re.sub(r"\d+", "#", line.text.lower())
    return re.sub(r"\s+", " ", text).strip()


def _bands(lines: list[Line], height: float) -> tuple[list[Line], list[Line]]:
    top = [ln for ln in lines if ln.bottom <= height * BAND][:3]
    bottom = [ln for ln in lines if ln.top >= height * (1 - BAND)][-3:]
    return top, bottom


def mark_running_lines(pages: list[tuple[list[Line], float]]) -> None:
    """Set `role` to header/footer on lines repeated near the page edges, in place."""
    counts: Counter[str] = Counter()
    for lines, height in pages:
        top, bottom = _bands(lines, height)
        counts.update({_key(ln) for ln in top + bottom})
    threshold = max(2, int(0.3 * len(pages) + 0.5))
    for lines, height in pages:
        top, bottom = _bands(lines, height)
        for role, band in (("header", top), ("footer", bottom)):
            for line in band:
                key = _key(line)
                if _figures_row(line, key):
                    continue  # a table's row of years or figures, repeated on each page it runs over
                if (_PAGE_NUMBER.match(key) or (len(pages) >= 3 and counts[key] >= threshold)
                        or _printed_by_browser(line)):
                    line.role = role


def _figures_row(line: Line, key: str) -> bool:
    return len(line.segments) >= 2 and not re.search(r"[a-z]", key) and not _printed_by_browser(line)


def _page_counter(text: str) -> bool:
    """`3/29`: this page of all pages. `2008/09` is a year, not a counter (9 < 2008)."""
    match = _PAGE_COUNTER.match(text)
    return match is not None and 0 < int(match.group(1)) <= int(match.group(2))


def _printed_by_browser(line: Line) -> bool:
    # a counter sits alone or beside the title; a row of `09/10` cells is a table header
    counter_alone = len(line.segments) <= 2
    return any(_BROWSER_STAMP.match(seg.text.strip()) or (counter_alone and _page_counter(seg.text.strip()))
               for seg in line.segments)
