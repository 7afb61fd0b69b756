"""CSV cells that every reader takes as written and no spreadsheet runs as a formula.

Text starting with `=`, `+`, `-`, `@`, a tab or a CR is prefixed with a single quote, as the
OWASP guidance on CSV injection recommends, unless it is a negative number (a printed negative
such as `-7,033` stays a number). A row holding a CR anywhere is written fully quoted, because
Python's csv module quotes only the characters of the line terminator.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from typing import TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-\d[\d,]*(\.\d+)?%?")


def neutralise(text: str) -> str:
    """`text`, made inert for spreadsheets when it would start a formula."""
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


class SafeWriter:
    """csv.writer with formula-safe text and CR-safe quoting, one line terminator `\\n`."""

    def __init__(self, handle: TextIO) -> None:
        self.minimal = csv.writer(handle, lineterminator="\n")
        self.quoted = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def writerow(self, cells: Sequence[str]) -> None:
        # most cells start with none of the formula characters: only those go through neutralise
        safe = [neutralise(c) if c.startswith(FORMULA_STARTS) else c for c in cells]
        writer = self.quoted if "\r" in "".join(safe) else self.minimal
        writer.writerow(safe)

