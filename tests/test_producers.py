"""PDFs of other producers than the sample's LibreOffice: the same reports printed by Chromium
in a designer's layout, and real Ofsted reports made with Word. Both live beside the project in
../shared; these tests skip when it is absent."""

from __future__ import annotations

import re
from collections import Counter

import pypdfium2 as pdfium
import pytest
from conftest import ROOT, run_cli

from report_miner import extract_pdf
from report_miner.models import Report

SHARED = ROOT.parent / "shared"
MAGAZINE = SHARED / "layouts" / "magazine"
SOURCE_TEXTS = SHARED / "corpus" / "text"
INSPECTIONS = SHARED / "realworld" / "inspections" / "pdf"

needs_magazine = pytest.mark.skipif(not MAGAZINE.is_dir() or not SOURCE_TEXTS.is_dir(),
                                    reason="the Chromium renderings in ../shared are not here")
needs_inspections = pytest.mark.skipif(not INSPECTIONS.is_dir(), reason="../shared inspections are not here")

_WORD = re.compile(r"[^\W\d_]{2,}")


def _words(text: str) -> Counter[str]:
    text = re.sub(r"\]\([^)]*\)|--- page \d+ ---", " ", text)  # link targets, page markers
    text = re.sub(r"(\w)-\n\s*(\w)", r"\1\2", text)
    return Counter(w.lower() for w in _WORD.findall(text))


def _agreement(reference: Counter[str], read: Counter[str]) -> tuple[float, float]:
    common = sum((reference & read).values())
    return common / max(sum(reference.values()), 1), common / max(sum(read.values()), 1)


@needs_magazine
def test_text_view_of_chromium_renderings_matches_the_source_texts() -> None:
    hit = source_n = read_n = 0
    for pdf in sorted(MAGAZINE.glob("*.pdf")):
        source = _words((SOURCE_TEXTS / f"{pdf.stem}.txt").read_text(encoding="utf-8"))
        read = _words(run_cli("text", pdf).stdout)
        recall, precision = _agreement(source, read)
        assert recall >= 0.98 and precision >= 0.98, (pdf.name, recall, precision)
        common = sum((source & read).values())
        hit, source_n, read_n = hit + common, source_n + sum(source.values()), read_n + sum(read.values())
    assert hit / source_n >= 0.99 and hit / read_n >= 0.99


@pytest.fixture(scope="module")
def magazine_redbridge() -> Report:
    return extract_pdf(MAGAZINE / "redbridge-annual-report-2012-13.pdf")


@needs_magazine
def test_designer_tables_give_their_figures(magazine_redbridge: Report) -> None:
    stats = {(s.metric, s.as_of or s.period, s.category): s.value for s in magazine_redbridge.statistics}
    assert stats[("cp_plans", "2013-03-31", "")] == 115  # a table with a line under each row
    assert stats[("cp_plans_started", "2008-09", "neglect")] == 56  # year headers left of their figures
    assert stats[("cp_plans_started", "2012-13", "unborn")] == 9  # a caption set in two columns
    assert stats[("looked_after_children", "2013-03-31", "")] == 207  # a year row at the top of a page
    population = [s for s in magazine_redbridge.statistics if s.metric == "child_population"]
    assert [s.value for s in population] == [74727]  # a sentence running on into the next column


@needs_magazine
def test_designer_attendance_table_over_two_pages(magazine_redbridge: Report) -> None:
    courses = {c.course: (c.attended, c.not_attended) for c in magazine_redbridge.training}
    assert courses["Attachment Theory"] == (15, 4)
    assert courses["Working to Raise Awareness of Prevent (WRAP)"] == (9, 1)  # continued page
    assert len([c for c in magazine_redbridge.training if c.attended is not None]) >= 31


@needs_magazine
def test_designer_business_plan_priorities_keep_their_plan_year(magazine_redbridge: Report) -> None:
    plan = {(p.period, p.number): p.title.lower() for p in magazine_redbridge.priorities}
    assert "monitor new services" in plan[("2013-14", "1.2")]
    assert "cdop annual report" in plan[("2013-14", "1.3")]  # a title spanning the table's columns
    assert "improve child protection processes" in plan[("2012-13", "2.3")]  # columns inside a row


@needs_magazine
def test_designer_training_matrix_with_wrapped_header() -> None:
    report = extract_pdf(MAGAZINE / "triborough-lscb-annual-report-2017-18.pdf")
    sessions = {c.course: c.sessions for c in report.training}
    assert sessions["Safer Recruitment"] == 8
    assert sessions["Multi-Agency Safeguarding and Child Protection (Refresher level 3)"] == 5  # a tall row
    assert sessions["Online Safety"] == 4  # the table goes on over the page


@needs_inspections
def test_word_pdfs_read_as_pdfium_reads_them_without_split_words() -> None:
    for pdf in sorted(INSPECTIONS.glob("*.pdf"))[:6]:
        document = pdfium.PdfDocument(str(pdf))
        try:
            reference = _words("\n".join(page.get_textpage().get_text_range() for page in document))
        finally:
            document.close()
        text = run_cli("text", pdf).stdout
        recall, precision = _agreement(reference, _words(text))
        assert recall >= 0.97 and precision >= 0.98, (pdf.name, recall, precision)
        assert not re.search(r"\b[ai] (?:nadequate|nterim|nspect\w*|mprove\w*)\b", text), pdf.name
