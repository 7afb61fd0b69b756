"""Parse numbers exactly as printed and repair numbers that PDF spacing has split.

`£154,48 4.16`, `£91,943. 08` and `£167, 465.30` are single amounts whose glyph runs were
placed apart by the PDF producer; text extraction then shows a space inside the number.
"""

from __future__ import annotations

import re

# An amount with stray spaces: currency sign, then digit groups that only make a valid
# thousands-grouped number once the spaces are removed.
_SPLIT_MONEY = re.compile(r"£\s?\d[\d,. ]*\d")
_GROUPED = re.compile(r"^\d{1,3}(,\d{3})*(\.\d{1,2})?$|^\d+(\.\d{1,2})?$")
_NUMBER = re.compile(r"^[(\-–−]?\s*£?\s*[(\-–−]?\s*\d[\d,]*(\.\d+)?\s*%?\s*\)?$")


def _join_if_valid(match: re.Match[str]) -> str:
    text = match.group(0)
    body = text[1:].strip()
    if " " not in body:
        return text
    joined = body.replace(" ", "")
    if not _GROUPED.match(joined):
        return text
    # Only join when the pieces could not be two numbers: a piece after the first must not be
    # a complete grouped number on its own (e.g. "£5,000 2,000" stays two amounts).
    pieces = body.split(" ")
    first_ok = bool(_GROUPED.match(pieces[0])) and not pieces[0].endswith((",", "."))
    rest_complete = all(re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d{2})?", p) for p in pieces[1:])
    if first_ok and rest_complete:
        return text
    return "£" + joined


def repair_split_numbers(text: str) -> str:
    """Join currency amounts split by spaces; leave everything else untouched."""
    if "£" not in text:
        return text
    return _SPLIT_MONEY.sub(_join_if_valid, text)


def parse_number(text: str) -> float | None:
    """Parse a printed number: `5,785` -> 5785, `29.7%` -> 29.7, `(33%)` -> 33, `-79,169` -> -79169.

    Returns None when the text is not a single number.
    """
    t = text.strip().replace("\u2212", "-").replace("–", "-")
    if not t or not _NUMBER.match(t):
        return None
    negative = t.startswith("-") or ("-" in t[:3] and "£" in t[:3])
    digits = re.sub(r"[^\d.]", "", t)
    if digits.count(".") > 1 or not re.search(r"\d", digits):
        return None
    try:
        value = float(digits)
    except ValueError:
        return None
    return -value if negative else value


def format_number(value: float) -> str:
    """Number as written in the CSV: no thousands separators, no trailing `.0`."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(round(value, 6)).rstrip("0").rstrip(".") if "e" not in repr(value) else str(value)
