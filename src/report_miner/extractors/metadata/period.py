"""Which financial year a document covers, and which issue of a periodical it is.

Period rules (financial years run 1 April - 31 March):
- a printed year span (`2012/13`, `2012-2013`) is that financial year;
- a date range (`April 2014 to March 2015`, `1st April 2009 – 31st October 2010`) is the financial
  year the range *starts* in, since that is the year the board reports on (a longer-than-a-year report
  is filed under its first year);
- a periodical is filed under the financial year of its issue date: a month (`January 2019` -> 2018-19)
  or a season mapped to a month in patterns/doc_types.yaml (Spring = April, Summer = July,
  Autumn = October, Winter = December of the printed year: `Spring 2017` -> 2017-18).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from ...periods import MONTH_YEAR_PATTERN, MONTHS, all_fys, fy, fy_of_date, month_number, parse_fy

_YEAR = r"((?:19|20)\d{2})"
_ISSUE = re.compile(r"\b(issue|edition|volume|vol\.)\s*(?:no\.?\s*)?(\d{1,3})\b", re.I)
_YEAR_SPAN = re.compile(r"(?<!\d)" + _YEAR + r"\s?[/\-–—]\s?" + _YEAR + r"(?!\d)")
_DATE_RANGE = re.compile(
    r"(?:\b(\d{1,2})(?:st|nd|rd|th)?\s+)?\b([A-Za-z]{3,9})\.?,?\s*" + _YEAR + r"?\s*(?:to|until|-|–|—)\s*"
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+)?([A-Za-z]{3,9})\.?,?\s+" + _YEAR + r"\b", re.I)


def season_pattern(seasons: dict[str, int]) -> re.Pattern[str]:
    """`Summer 2018`, `SUMMER NEWSLETTER 2018`, `Winter edition 2018/19`."""
    return re.compile(r"\b(" + "|".join(seasons) + r")\b(?:\s+[A-Za-z\-]+){0,2}?[\s,]+" + _YEAR
                      + r"(?:\s?[/\-–]\s?(\d{2,4}))?", re.I)


def _month(word: str) -> int:
    """Month number of a month name or abbreviation only (`Mar`, `March`), never `Mayor` or `Marketing`."""
    return MONTHS.get(word.lower(), 0)


def range_period(text: str) -> str:
    for m in _DATE_RANGE.finditer(text):
        start_month, end_month = _month(m.group(2)), _month(m.group(4))
        if not (start_month and end_month):
            continue
        end_year = int(m.group(5))
        # "1 April to 31 March 2015": without a start year the months imply it
        implied = end_year if start_month <= end_month else end_year - 1
        start_year = int(m.group(3)) if m.group(3) else implied
        if not 0 <= end_year - start_year <= 2:
            continue
        return fy_of_date(date(start_year, start_month, 1))
    return ""


def issue_edition(zone: str, season_re: re.Pattern[str], seasons: dict[str, int]) -> tuple[str, str]:
    """(edition, period) of a periodical from its title zone: `Issue 3 – Autumn 2016`, `January 2019`."""
    when, period = "", ""
    m = season_re.search(zone)
    month = MONTH_YEAR_PATTERN.search(zone)
    if m:
        season, year, end = m.group(1).title(), int(m.group(2)), m.group(3)
        span = parse_fy(f"{year}/{end}") if end else None
        if span:
            when, period = f"{season} {year}/{end}", span
        else:
            when, period = f"{season} {year}", fy_of_date(date(year, seasons[season.lower()], 1))
    elif month:
        when = f"{month.group(1).title()} {month.group(2)}"
        period = fy_of_date(date(int(month.group(2)), month_number(month.group(1)), 1))
    issue = _ISSUE.search(zone)
    if issue:
        return f"{issue.group(1).title()} {issue.group(2)}" + (f" – {when}" if when else ""), period
    return when, period


def multi_year(text: str) -> str:
    """`Business Plan 2016-2018`: a plan spanning years is filed under its first year."""
    for m in _YEAR_SPAN.finditer(text):
        if 1 < int(m.group(2)) - int(m.group(1)) <= 5:
            return fy(int(m.group(1)))
    return ""


def period_of(zone: str, first_pages: str, file_name: str, doc_type: str) -> str:
    found = range_period(zone) or parse_fy(zone) or multi_year(zone)
    if found or doc_type == "other":
        return found or ""  # guesses below only for documents known to be board reports
    counts = Counter(all_fys(first_pages))
    if counts:
        return counts.most_common(1)[0][0]
    hint = parse_fy(file_name) or range_period(file_name)
    if hint:
        return hint
    year = re.search(r"(?<!\d)" + _YEAR + r"(?!\d)", zone)
    if doc_type != "annual_report" or not year:
        return ""
    # a bare year on an annual report's cover names the year it ends in ("Annual Report 2013")
    return fy(int(year.group(1)) - 1)
