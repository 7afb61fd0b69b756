"""Financial years and dates in the forms reports print them."""

from __future__ import annotations

import pytest

from report_miner.periods import all_fys, parse_as_of, parse_fy, parse_fy_short, shift_fy


@pytest.mark.parametrize(("text", "fy"), [
    ("Annual Report 2012/13", "2012-13"), ("2012-13", "2012-13"), ("2012-2013", "2012-13"),
    ("2016-17", "2016-17"), ("2008/ 09", "2008-09"), ("1999/2000", "1999-00"), ("2017 – 2018", "2017-18"),
])
def test_financial_years(text: str, fy: str) -> None:
    assert parse_fy(text) == fy


def test_not_financial_years() -> None:
    assert parse_fy("2012-2015 strategy") is None
    assert parse_fy("tel 0208 2012-1345") is None
    assert all_fys("compared with 2015/16 and 2016-17") == ["2015-16", "2016-17"]


@pytest.mark.parametrize(("text", "iso"), [
    ("at 31 March 2013", "2013-03-31"), ("31 st March 2013", "2013-03-31"),
    ("As of end March 2017", "2017-03-31"),
    ("1st April 2009", "2009-04-01"), ("at March 2012", "2012-03-31"),
])
def test_as_of_dates(text: str, iso: str) -> None:
    assert parse_as_of(text) == iso


@pytest.mark.parametrize(("text", "dashes", "period"), [
    ("LSCB Business Plan 2013/4", False, "2013-14"),
    ("Priorities for 15/16", False, "2015-16"),
    ("young people aged 15-16", False, None),  # an age range in prose
    ("Budget 15-16", True, "2015-16"),  # a column header of years
    ("2012/2013", False, "2012-13"),
    ("15/17", True, None),
])
def test_short_financial_years(text: str, dashes: bool, period: str | None) -> None:
    assert parse_fy_short(text, dashes=dashes) == period


def test_financial_years_shift_by_whole_years() -> None:
    assert shift_fy("2012-13", 1) == "2013-14"
    assert shift_fy("1999-00", 1) == "2000-01"
    assert shift_fy("2012-13", -1) == "2011-12"
    assert shift_fy("summer 2018", 1) is None
