"""training.csv rows and training_* summary figures from the real sample reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TRI_BOROUGH, parsed

from report_miner import Patterns
from report_miner.extractors.training.extractor import extract_training
from report_miner.models import DocumentMeta, Statistic, TrainingCourse
from report_miner.reader import Line, Page, ParsedDocument, Segment, Table

PATTERNS = Patterns()  # the bundled patterns folder

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
Result = tuple[list[TrainingCourse], list[Statistic]]


def _run(name: str, meta: DocumentMeta) -> Result:
    return extract_training(parsed(name), meta, "test", PATTERNS)


@pytest.fixture(scope="module")
def redbridge() -> Result:
    return _run("redbridge-annual-report-2012-13.pdf",
                DocumentMeta(period="2012-13", local_authorities=["Redbridge"]))


@pytest.fixture(scope="module")
def triborough() -> Result:
    return _run("triborough-lscb-annual-report-2017-18.pdf",
                DocumentMeta(period="2017-18", local_authorities=TRI_BOROUGH))


@pytest.fixture(scope="module")
def havering() -> Result:
    return _run("havering-scb-annual-report-2016-17.pdf",
                DocumentMeta(period="2016-17", local_authorities=["Havering"]))


@pytest.fixture(scope="module")
def newsletter() -> Result:
    # a newsletter issued in summer 2018 belongs to 2018-19; its training report is about 2017/18
    return _run("redbridge-newsletter-summer-2018.pdf", DocumentMeta(period="2018-19", doc_type="newsletter"))


def course(result: Result, name: str) -> TrainingCourse:
    found = [c for c in result[0] if c.course == name]
    assert len(found) == 1, [c.course for c in result[0]]
    return found[0]


def stats(result: Result, metric: str) -> dict[tuple[float, str, str], Statistic]:
    return {(s.value, s.period, s.unit): s for s in result[1] if s.metric == metric}


def test_attendance_table_gives_one_row_per_course(redbridge: Result) -> None:
    row = course(redbridge, "Safeguarding Level 2")
    assert (row.attended, row.not_attended, row.sessions, row.places) == (95, 12, None, None)
    assert row.page == 13 and row.period == "2012-13"
    assert row.evidence == "Safeguarding Level 2\t95\t12"
    # a title broken over lines in the PDF is one course; the last row sits on the next page
    assert course(redbridge, "Working to Raise Awareness of Prevent (WRAP)").page == 14
    names = [c.course for c in redbridge[0]]
    assert "Course title" not in names
    assert len(names) == 31  # 29 programme courses + 2 cross-borough briefings


def test_table_with_a_date_column_still_gives_course_and_attendance(redbridge: Result) -> None:
    row = course(redbridge, "Working Together - or Not?")
    assert row.attended == 35 and row.sessions is None and row.not_attended is None


def test_sessions_by_trainer_agency_take_the_total_column(triborough: Result) -> None:
    courses = triborough[0]
    assert len(courses) == 20
    assert course(triborough, "Multi-Agency Safeguarding and Child Protection (level 3)").sessions == 51
    assert course(triborough, "CP conference workshop").sessions == 5
    names = {c.course for c in courses}
    # the category column and the summary rows are not courses
    assert not names & {"Core", "Managerial", "Specialist"}
    assert not any(n.lower().startswith(("total", "%")) for n in names)


def test_total_row_is_a_summary_figure(triborough: Result) -> None:
    total = stats(triborough, "training_sessions")[(137, "2017-18", "count")]
    assert total.source == "table" and total.evidence.startswith("Total number of sessions delivered")


def test_summary_sentences(triborough: Result, redbridge: Result, havering: Result) -> None:
    assert (100, "2017-18", "count") in stats(triborough, "training_sessions")
    assert (1753, "2017-18", "count") in stats(triborough, "training_attendees")
    assert (48, "2012-13", "count") in stats(redbridge, "training_sessions")
    assert (59, "2016-17", "count") in stats(havering, "training_sessions")
    assert (1326, "2016-17", "count") in stats(havering, "training_places")
    assert set(stats(havering, "training_attendees")) == {(905, "2016-17", "count")}


def test_non_attendance_share_reads_the_sentence_before(redbridge: Result) -> None:
    share = stats(redbridge, "training_non_attendance")[(17, "2012-13", "percent")]
    assert "did not attend" in share.evidence and share.evidence.endswith("17% of total bookings.")
    assert share.page == 13


def test_previous_year_figure_and_year_from_the_sentence_before(newsletter: Result) -> None:
    sessions = stats(newsletter, "training_sessions")
    assert set(sessions) == {(82, "2017-18", "count"), (56, "2016-17", "count")}
    assert sessions[(56, "2016-17", "count")].evidence.startswith("82 training events were delivered")


def test_counts_about_one_named_course_are_not_programme_totals(havering: Result) -> None:
    values = {s.value for s in havering[1]}
    # "80 delegates attending" one course, "32 people attended training on the Dash RIC",
    # "12 Broadcast sessions ... across five secondary schools"
    assert not values & {80, 73, 32, 40, 181, 12}


# --- layouts the sample reports do not use (synthetic pages) ------------------------------------


def _table(page: int, rows: list[list[str]], top: float) -> Table:
    return Table(page, rows, top, top + 18 * len(rows), 50, 560, ruled=False, pages=[page])


def test_a_table_split_over_a_page_keeps_its_session_column() -> None:
    # page 2 lost the header and the empty trainer columns, so its columns no longer line up with
    # page 1; the last column is still the number of sessions
    head = ["Programme", "Workshop", "Trainer Agency Health", "LSCB Trainer", "Total no. of sessions"]
    first = _table(1, [head,
                       ["Core", "Introduction to Safeguarding", "", "11", "11"]], top=650)
    rest = _table(2, [["Core", "Multi-Agency Safeguarding (level 3)", "9", "7", "33", "49"],
                      ["Specialist", "Online Safety", "", "2", "2", "4"],
                      ["Total number of sessions delivered", "", "9", "20", "35", "64"]], top=70)
    wrapped = Line(2, [Segment(100, 160, 55, 64, "Children")])  # the end of a course name
    pages = [Page(1, 612, 792, tables=[first]), Page(2, 612, 792, lines=[wrapped], tables=[rest])]
    doc = ParsedDocument("synthetic", pages)
    result = extract_training(doc, DocumentMeta(period="2018-19"), "t", PATTERNS)
    # with one row the course column is the one with the longer names, not the category
    assert course(result, "Introduction to Safeguarding").sessions == 11
    assert course(result, "Online Safety").sessions == 4
    assert course(result, "Multi-Agency Safeguarding (level 3)").page == 2
    assert (64, "2018-19", "count") in stats(result, "training_sessions")


def test_a_wrapped_total_header_finds_its_numbers() -> None:
    table = _table(1, [["Course", "Total no. of", "sessions"], ["Safer Recruitment", "", "8"],
                       ["Meet the LADO", "", "5"]], top=100)
    doc = ParsedDocument("synthetic", [Page(1, 612, 792, tables=[table])])
    result = extract_training(doc, DocumentMeta(period="2018-19"), "t", PATTERNS)
    assert course(result, "Meet the LADO").sessions == 5
