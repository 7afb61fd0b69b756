"""The linear line grouping gives exactly the reader's lines, on real pages and on a run bomb."""

from __future__ import annotations

import copy

import pypdfium2 as pdfium
import pytest
from conftest import CORPUS

from report_miner.reader.layout import Segment
from report_miner.reader.pdf import _segments, group_lines
from report_miner.run.limits import LimitExceeded, check_page_chars, clamp_page_box
from report_miner.run.text_runs import group_lines_linear


def _shape(lines: list) -> list:
    return [(ln.page, [(s.x0, s.x1, s.top, s.bottom, s.text, s.open_end) for s in ln.segments])
            for ln in lines]


@pytest.mark.parametrize("name", ["havering-scb-annual-report-2016-17.pdf",
                                  "redbridge-newsletter-summer-2018.pdf"])
def test_same_lines_as_the_reader_on_real_pages(name: str) -> None:
    pdf = pdfium.PdfDocument(CORPUS / name)
    try:
        for index in range(min(len(pdf), 25)):
            page = pdf[index]
            textpage = page.get_textpage()
            segments = _segments(textpage, page.get_height())
            textpage.close()
            page.close()
            assert _shape(group_lines_linear(copy.deepcopy(segments), index + 1)) == \
                _shape(group_lines(copy.deepcopy(segments), index + 1))
    finally:
        pdf.close()


def test_same_lines_on_a_line_of_many_tiny_runs() -> None:
    runs = [Segment(10 + i * 2.0, 11.5 + i * 2.0, 100 + (i % 3) * 0.2, 110, "a" if i % 7 else "1 ")
            for i in range(1500)]
    assert _shape(group_lines_linear(copy.deepcopy(runs), 1)) == _shape(group_lines(copy.deepcopy(runs), 1))


def test_page_geometry_and_characters_are_bounded() -> None:
    assert clamp_page_box(0, 0, 612, 792).width == 612
    assert clamp_page_box(0, 0, 0, 0).height == 792
    with pytest.raises(LimitExceeded, match="PDF maximum"):
        clamp_page_box(-2147483648, -2147483648, 2147483647, 2147483647)
    with pytest.raises(LimitExceeded, match="not a number"):
        clamp_page_box(0, 0, float("nan"), 10)
    check_page_chars(10_000, 1)
    with pytest.raises(LimitExceeded, match="page 3 holds"):
        check_page_chars(5_000_000, 3)
