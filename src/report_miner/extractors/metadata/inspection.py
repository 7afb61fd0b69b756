"""Who an Ofsted inspection report is about, and when the inspection took place and was published.

An inspection report names its authority on the cover, in one of three ways:
- in the title: `Inspection of Bolton local authority children's services`,
  `Inspection of Doncaster Metropolitan Borough Council children's services`, `Focused visit to
  Sefton children's services` (a letter, whose opening lines are Ofsted's own address);
- on a line of its own above or below the title: `Gateshead Borough Council`,
  `Royal Borough of Kensington and Chelsea`, `Metropolitan Borough of Barnsley Council`;
- failing both, in the verdict: `Children's services in Swindon are good`.

Dates are read from the cover lines `Inspection dates: 11 to 15 September 2023`,
`Inspection date: 27 October 2015 to 19 November 2015`, `Report published: 11 March 2016`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ...periods import MONTHS
from ...reader import ParsedDocument
from ...text.gazetteer import Gazetteer

COVER_LINES = 14  # an inspection report's cover: authority, title, dates, verdict
VERDICT_PAGES = 3

_APOS = "['’]"
_COVER_END = re.compile(r"^\s*(?:inspection dates?|lead inspector|reporting inspector|report published|"
                        r"published|age group|judgement\s+grade)\b", re.I)
_TITLE = re.compile(r"\b(?:inspection\s+of|(?:focused|monitoring)\s+visit\s+(?:to|of))\s+(?:the\s+)?(.+?)\s+"
                    r"(?:local\s+authority\s+)?children" + _APOS + r"s\s+services\b", re.I)
_VERDICT = re.compile(r"\bchildren" + _APOS + r"s\s+services\s+in\s+(?:the\s+)?(.{2,80}?)\s+"
                      r"(?:are|is|requires?)\s", re.I)
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
_DATES_LINE = re.compile(r"\binspection\s+dates?\s*:?\s*(.+)", re.I)
_PUBLISHED_LINE = re.compile(r"\b(?:report\s+)?published\s*:?\s*(.+)", re.I)
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?(?:\s+([A-Za-z]{3,9}))?(?:,?\s+((?:19|20)\d{2}))?")
_RANGE_SEP = re.compile(r"\s*(?:\bto\b|\buntil\b|[-–—─])\s*")


@dataclass(frozen=True)
class InspectionFacts:
    authorities: list[str]
    start: str = ""
    end: str = ""
    published: str = ""


def _cover_lines(doc: ParsedDocument) -> list[str]:
    page = next((p for p in doc.pages[:2] if len(p.lines) >= 2), doc.pages[0] if doc.pages else None)
    return [line.text for line in page.lines[:COVER_LINES]] if page else []


def _authority_in(text: str, gaz: Gazetteer) -> list[str]:
    one = gaz.resolve_area(text)
    if one:
        return [one]
    found = gaz.find_local_authorities(text, uk_context=True)
    return found[:1]


def _title_authority(cover: list[str], gaz: Gazetteer) -> list[str]:
    head: list[str] = []
    for line in cover:
        if _COVER_END.match(line):
            break
        head.append(line)
    joined = " ".join(head)
    m = _TITLE.search(joined)
    if m:
        named = _authority_in(m.group(1), gaz)
        if named:
            return named
    # a line that is the name alone (`Bolton`, `Peterborough City Council`), not a town of an address
    for i, line in enumerate(head):
        one = None if _in_address(head, i) else gaz.resolve_area(line)
        if one:
            return [one]
    return _authority_in(" ".join(line for i, line in enumerate(head) if not _in_address(head, i)), gaz)


def _in_address(lines: list[str], i: int) -> bool:
    """A postal address line: `Manchester` above `M1 2WD`, or `Manchester M1 2WD` itself."""
    return any(_POSTCODE.search(line) for line in lines[i:i + 2])


def _verdict_authority(doc: ParsedDocument, gaz: Gazetteer) -> list[str]:
    for page in doc.pages[:VERDICT_PAGES]:
        m = _VERDICT.search(" ".join(line.text for line in page.lines))
        if m:
            named = _authority_in(m.group(1), gaz)
            if named:
                return named
    return []


def _one_date(day: str, month: str | None, year: str | None) -> date | None:
    number = MONTHS.get((month or "").lower(), 0)
    if not (number and year):
        return None
    try:
        return date(int(year), number, int(day))
    except ValueError:
        return None


def date_range(text: str) -> tuple[str, str]:
    """(start, end) ISO dates: `11 to 15 September 2023`, `14 January – 5 February 2014`, `9–24 May 2017`."""
    parts = _RANGE_SEP.split(text.strip(), maxsplit=1)
    last = _DAY_MONTH_YEAR.match(parts[-1])
    if not last or not last.group(2) or not last.group(3):
        return "", ""
    end = _one_date(last.group(1), last.group(2), last.group(3))
    if end is None:
        return "", ""
    if len(parts) == 1:
        return end.isoformat(), end.isoformat()
    first = _DAY_MONTH_YEAR.match(parts[0])
    if not first:
        return "", end.isoformat()
    start = _one_date(first.group(1), first.group(2) or last.group(2), first.group(3) or last.group(3))
    if start is not None and start > end and not first.group(3):  # 20 December to 10 January 2019
        start = start.replace(year=start.year - 1)
    return (start.isoformat() if start and start <= end else ""), end.isoformat()


def _dates(cover: list[str]) -> tuple[str, str, str]:
    start = end = published = ""
    for line in cover:
        m = _DATES_LINE.search(line)
        if m and not end:
            start, end = date_range(m.group(1))
            continue
        m = _PUBLISHED_LINE.match(line.strip())
        if m and not published:
            day = _DAY_MONTH_YEAR.search(m.group(1))
            when = _one_date(day.group(1), day.group(2), day.group(3)) if day else None
            published = when.isoformat() if when else ""
    return start, end, published


def inspection_facts(doc: ParsedDocument, gaz: Gazetteer) -> InspectionFacts:
    """The inspected authority (the cover's, not the neighbours the report compares it with) and dates."""
    cover = _cover_lines(doc)
    authorities = _title_authority(cover, gaz) or _verdict_authority(doc, gaz)
    return InspectionFacts(authorities, *_dates(cover))
