"""Financial years and dates as printed in reports -> `YYYY-YY` periods and ISO dates.

English public bodies report on financial years that run from 1 April to 31 March, so
`2012/13`, `2012-2013`, `April 2012 to March 2013` and a date of 31 March 2013 all point
at the financial year `2012-13`.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9

_MONTH = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
# 2012/13, 2012-13, 2012 - 2013, 2012/ 13, 2012–2013
FY_PATTERN = re.compile(r"(?<!\d)((?:19|20)\d{2})\s?[/\-–—]\s?((?:19|20)?\d{2})(?!\d)")
DATE_PATTERN = re.compile(
    r"(?<!\d)(\d{1,2})\s?(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+((?:19|20)\d{2})(?!\d)", re.I)
MONTH_YEAR_PATTERN = re.compile(r"(?<![\w])" + _MONTH + r",?\s+((?:19|20)\d{2})(?!\d)", re.I)


def fy(start_year: int) -> str:
    """Financial year starting in April of `start_year`: 2012 -> '2012-13'."""
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def fy_of_date(d: date) -> str:
    """Financial year containing a date (1 April .. 31 March)."""
    return fy(d.year if d.month >= 4 else d.year - 1)


def parse_fy(text: str) -> str | None:
    """First financial-year span in `text` (`2012/13`, `2012-2013`) as `YYYY-YY`, else None."""
    for m in FY_PATTERN.finditer(text):
        start, end = int(m.group(1)), m.group(2)
        end_year = int(end) if len(end) == 4 else (start // 100) * 100 + int(end)
        if len(end) == 2 and end_year < start:  # 1999/00 ends in the next century
            end_year += 100
        if end_year == start + 1:
            return fy(start)
    return None


# short forms: `2013/4` (the decade left out) and `15/16`; with dashes too (`15-16`) where a
# heading is about years, not ages
_SHORT_DECADE = re.compile(r"\b(20\d\d)\s*[/-]\s*(\d)\b")
_SHORT_SLASH = re.compile(r"\b(\d\d)\s*/\s*(\d\d)\b")
_SHORT_ANY = re.compile(r"(?<![\d/])(\d{2})\s?[/-]\s?(\d{2})(?![\d/])")


def parse_fy_short(text: str, dashes: bool = False) -> str | None:
    """A financial year also in its short printed forms: `2013/4`, `15/16` (and `15-16` when
    `dashes`, for table headers where a dash between two-digit numbers can only be years)."""
    found = parse_fy(text)
    if found:
        return found
    decade = _SHORT_DECADE.search(text)
    if decade and (int(decade.group(1)) + 1) % 10 == int(decade.group(2)):
        return fy(int(decade.group(1)))
    for m in (_SHORT_ANY if dashes else _SHORT_SLASH).finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if b == (a + 1) % 100:
            return fy(2000 + a)
    return None


def strip_short_fys(text: str) -> str:
    """`text` without its short two-digit financial years (`15/16`, `15-16`)."""
    return _SHORT_ANY.sub("", text)


def shift_fy(period: str, years: int) -> str | None:
    """The financial year `years` after (or before) a `YYYY-YY` period; None for anything else."""
    m = re.fullmatch(r"(\d{4})-\d{2}", period or "")
    return fy(int(m.group(1)) + years) if m else None


def all_fys(text: str) -> list[str]:
    out = []
    for m in FY_PATTERN.finditer(text):
        found = parse_fy(m.group(0))
        if found:
            out.append(found)
    return out


def month_number(name: str) -> int:
    name = name.lower()
    return MONTHS.get(name, MONTHS.get(name[:3], 0))


def parse_date(text: str) -> date | None:
    """First explicit date such as `31st March 2013` or `31 March 2018`."""
    m = DATE_PATTERN.search(text)
    if not m:
        return None
    try:
        return date(int(m.group(3)), month_number(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date.fromordinal(date(year, month + 1, 1).toordinal() - 1)


def parse_as_of(text: str) -> str | None:
    """ISO date for a stock figure: `at 31 March 2013` -> 2013-03-31; `March 2012` -> 2012-03-31."""
    d = parse_date(text)
    if d:
        return d.isoformat()
    m = MONTH_YEAR_PATTERN.search(text)
    if m:
        return month_end(int(m.group(2)), month_number(m.group(1))).isoformat()
    return None
