"""Property-based tests: parsers and writers hold for every input hypothesis can think of."""

from __future__ import annotations

import csv
import io
import os
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from report_miner.output.csv_safe import FORMULA_STARTS, SafeWriter
from report_miner.output.names import display_name, original_name
from report_miner.periods import fy, fy_of_date, parse_as_of, parse_date, parse_fy
from report_miner.reader.numbers import format_number, parse_number

FAST = settings(max_examples=300, deadline=None)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


@FAST
@given(st.integers(min_value=0, max_value=10**12))
def test_grouped_integers_parse_to_their_value(value: int) -> None:
    printed = f"{value:,}"
    assert parse_number(printed) == value
    assert parse_number(f"£{printed}") == value
    assert parse_number(f"-{printed}") == -value
    assert parse_number(f"{printed}%") == value


@FAST
@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_decimals_parse_and_format_back(value: object) -> None:
    printed = f"{value:,.2f}"
    parsed = parse_number(printed)
    assert parsed is not None and abs(parsed - float(str(value))) < 1e-6
    assert float(format_number(parsed)) == parsed


@FAST
@given(st.text(max_size=40))
def test_parse_number_never_raises(text: str) -> None:
    result = parse_number(text)
    assert result is None or isinstance(result, float)


@FAST
@given(st.integers(min_value=1990, max_value=2090), st.sampled_from(["/", "-", " / ", "–", "—"]),
       st.booleans())
def test_financial_years_in_any_spelling(start: int, separator: str, long_end: bool) -> None:
    end = str(start + 1) if long_end else f"{(start + 1) % 100:02d}"
    assert parse_fy(f"Annual report {start}{separator}{end}") == fy(start)


@FAST
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)))
def test_dates_parse_and_fall_in_their_financial_year(day: date) -> None:
    text = f"at {day.day} {MONTHS[day.month - 1]} {day.year} there were 12 children"
    assert parse_date(text) == day
    assert parse_as_of(text) == day.isoformat()
    start = int(fy_of_date(day)[:4])
    assert date(start, 4, 1) <= day <= date(start + 1, 3, 31)


@FAST
@given(st.text(max_size=30))
def test_date_parsers_never_raise(text: str) -> None:
    parse_date(text)
    parse_as_of(text)
    parse_fy(text)


NAME_BYTES = st.binary(min_size=1, max_size=60).filter(lambda b: b"/" not in b and b"\x00" not in b)


@FAST
@given(NAME_BYTES)
def test_any_file_name_is_one_printable_line_and_reversible(raw: bytes) -> None:
    shown = display_name(os.fsdecode(raw))
    shown.encode("utf-8")  # always writable as UTF-8
    assert not any(ord(c) < 32 or c == "\x7f" for c in shown)
    assert original_name(shown) == raw


@FAST
@given(st.lists(st.lists(st.text(max_size=20), min_size=1, max_size=5), min_size=1, max_size=8))
def test_csv_writer_round_trips_and_never_starts_a_formula(rows: list[list[str]]) -> None:
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    buffer = io.StringIO(newline="")
    writer = SafeWriter(buffer)
    for row in rows:
        writer.writerow(row)
    back = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    assert len(back) == len(rows)
    for written, original in zip(back, rows, strict=True):
        for cell, value in zip(written, original, strict=True):
            assert not cell.startswith(FORMULA_STARTS) or (cell[0] == "-" and parse_number(cell) is not None)
            assert cell in (value, "'" + value)
