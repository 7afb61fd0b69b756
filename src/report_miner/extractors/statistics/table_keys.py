"""Table cells read as keys (a year, a date, an area, TOTAL heading a row or column) or as figures
(`1937 (33%)`), and header rows: which rows of keys are headers, and two header rows merged."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ...periods import fy, parse_as_of, parse_fy
from ...reader import parse_number
from .vocab import normalise

SHORT_FY = re.compile(r"^(?:fy\s*)?(\d{2})\s?[/\-–]\s?(\d{2})$", re.I)
BARE_YEAR = re.compile(r"^(?:19|20)\d{2}$")
COUNT_SHARE = re.compile(r"^(\d[\d,]*(?:\.\d+)?)\s*\(\s*(\d+(?:\.\d+)?)\s?%\s*\)$")
TOTAL_HEAD = re.compile(r"^(?:total|overall|all|combined)\b", re.I)


@dataclass
class Key:
    period: str = ""
    as_of: str = ""
    year: int | None = None
    area: str | None = None
    total: bool = False

    @property
    def has_time(self) -> bool:
        return bool(self.period or self.as_of or self.year)


def parse_key(cell: str, resolve_area: Callable[[str], str | None]) -> Key | None:
    text = normalise(cell).strip(" *:")
    if not text or len(text) > 40:
        return None
    words = re.sub(r"(?i)\b(?:year|fy|financial|as at|at|end|of|total)\b", " ", text).strip()
    fy_ = parse_fy(text)
    if fy_ and len(words) <= 14:
        return Key(period=fy_)
    m = SHORT_FY.match(text)
    if m and int(m.group(2)) == (int(m.group(1)) + 1) % 100:
        return Key(period=fy(2000 + int(m.group(1))))
    if re.search(r"\d", text):
        iso = parse_as_of(text) or _numeric_date(text)
        if iso:
            return Key(as_of=iso)
    if BARE_YEAR.match(text):
        return Key(year=int(text))
    if TOTAL_HEAD.match(text) and len(text.split()) <= 3:
        return Key(total=True)
    if not re.search(r"\d", text):
        area = resolve_area(text)
        if area:
            return Key(area=area)
    return None


def _numeric_date(text: str) -> str | None:
    """`31/03/2017`, `31.03.17` -> ISO (day first, as printed in English reports)."""
    m = re.fullmatch(r"(?:[A-Za-z ]+)?(\d{1,2})[./](\d{1,2})[./](\d{2}|\d{4})", text)
    if not m:
        return None
    year = int(m.group(3)) + (2000 if len(m.group(3)) == 2 else 0)
    try:
        return date(year, int(m.group(2)), int(m.group(1))).isoformat()
    except ValueError:
        return None


def parse_cell(cell: str) -> tuple[float | None, float | None]:
    """(count, percent) printed in a cell: `1937 (33%)` -> (1937, 33); `12%` -> (None, 12)."""
    text = normalise(cell)
    if not text or "£" in text:
        return None, None
    m = COUNT_SHARE.match(text)
    if m:
        return float(m.group(1).replace(",", "")), float(m.group(2))
    value = parse_number(text)
    if value is None or value < 0:
        return None, None
    if text.endswith("%"):
        return None, value
    return value, None


def plausible_header(keys: list[Key | None]) -> bool:
    """Bare years only head columns when they run in sequence (2016, 2017), not as counts."""
    years = [k.year for k in keys if k is not None and k.year]
    if not years:
        return True
    if _dated(keys[0]):
        return False  # "31 March 2013 | 2013": a dated row whose count looks like a year
    if any(_dated(k) or (k is not None and k.area) for k in keys):
        return True
    steps = {b - a for a, b in zip(years, years[1:], strict=False)}
    return len(years) >= 2 and (steps <= {1} or steps <= {-1})


def _dated(key: Key | None) -> bool:
    return key is not None and bool(key.period or key.as_of)


def merge_keys(first: list[Key | None], second: list[Key | None]) -> list[Key | None]:
    """Two header rows: an area row over a year row (or the reverse); spans carry to the right."""
    out: list[Key | None] = []
    carried: Key | None = None
    for j in range(max(len(first), len(second))):
        a = first[j] if j < len(first) else None
        b = second[j] if j < len(second) else None
        carried = a if a is not None else carried
        base = a if a is not None else (carried if b is not None else None)
        if base is None:
            out.append(b)
        elif b is None:
            out.append(base)
        else:
            out.append(Key(period=b.period or base.period, as_of=b.as_of or base.as_of,
                           year=b.year or base.year, area=b.area or base.area, total=b.total or base.total))
    return out
