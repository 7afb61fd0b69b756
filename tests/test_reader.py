"""The reader on the real sample PDFs: running lines, tables, split numbers, reading order."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS
from pdf_factory import two_column_pdf

from report_miner.reader import ParsedDocument, parse_number, read_pdf, repair_split_numbers


@pytest.fixture(scope="module")
def redbridge() -> ParsedDocument:
    return read_pdf(CORPUS / "redbridge-annual-report-2012-13.pdf")


@pytest.fixture(scope="module")
def triborough() -> ParsedDocument:
    return read_pdf(CORPUS / "triborough-lscb-annual-report-2017-18.pdf")


def test_running_header_and_page_number_are_not_body_text(redbridge: ParsedDocument) -> None:
    page = redbridge.pages[3]
    assert [ln.text for ln in page.header_lines] == ["Redbridge LSCB Annual Report"]
    assert [ln.text for ln in page.footer_lines] == ["Page 4"]
    assert "Page 4" not in page.text
    assert "Redbridge LSCB Annual Report" not in page.text
    assert "74,727 children and young people" in page.text


def test_ruled_table_rows_and_cells(redbridge: ParsedDocument) -> None:
    table = redbridge.pages[3].tables[0]
    assert table.rows[0] == ["Date", "Number of children with a Child Protection Plan"]
    assert table.rows[1] == ["31 st March 2013", "115"]
    assert table.row_text(6) == "31 st March 2008\t135"


def test_table_continued_over_a_page_break_is_one_table(redbridge: ParsedDocument) -> None:
    training = next(t for t in redbridge.tables if t.rows[0][0] == "Course title")
    assert training.pages == [13, 14]
    assert len(training.rows) == 30  # header + 29 courses, header not repeated
    assert training.rows[-1] == ["Working to Raise Awareness of Prevent (WRAP)", "9", "1"]
    assert training.page_of_row(1) == 13 and training.page_of_row(29) == 14


def test_amounts_split_by_pdf_spacing_are_repaired(redbridge: ParsedDocument) -> None:
    budget = next(t for t in redbridge.tables if t.rows[0][0].startswith("Income"))
    rows = {r[0] or r[2]: r for r in budget.rows}
    assert rows["Total income"][1] == "£246,427.24"
    assert rows["Total income"][3] == "£154,484.16"
    assert rows["Carry forward into 2013/14"][3] == "£91,943.08"


def test_narrow_columns_mend_broken_words_and_split_rows(triborough: ParsedDocument) -> None:
    sessions = next(t for t in triborough.tables if t.rows[0][0] == "Programme")
    assert sessions.pages == [26, 27, 28, 29]
    assert "Tri-Borough" in sessions.rows[1] and "Standing Together" in sessions.rows[1]
    courses = [r[1] for r in sessions.rows]
    assert "Introduction to Safeguarding Children" in courses
    assert "Multi-Agency Safeguarding and Child Protection (Refresher level 3)" in courses
    assert "Safeguarding and Neglect" in courses
    total = next(r for r in sessions.rows if r[0].startswith("Total number of sessions"))
    assert total[-1] == "137"


def test_minus_signs_stay_in_cells(triborough: ParsedDocument) -> None:
    income = next(t for t in triborough.tables if t.rows[0][0] == "Sovereign Borough General Fund")
    assert income.rows[0][1:5] == ["-79,169", "-59,470", "-77,699", "-216,338"]


@pytest.mark.parametrize(("printed", "value"), [
    ("5,785", 5785), ("1,496", 1496), ("29.7%", 29.7), ("(33%)", 33), ("-79,169", -79169),
    ("£3,231.00", 3231), ("£683.24", 683.24), ("16.2", 16.2), ("1937", 1937),
])
def test_numbers_parse_exactly(printed: str, value: float) -> None:
    assert parse_number(printed) == value


@pytest.mark.parametrize("text", ["1937 (33%)", "Page 4", "2012/13", ""])
def test_non_numbers_are_not_parsed(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(("text", "repaired"), [
    ("£154,48 4.16", "£154,484.16"), ("£246,427.2 4", "£246,427.24"), ("£91,943. 08", "£91,943.08"),
    ("£167, 465.30", "£167,465.30"), ("£5,000 2,000", "£5,000 2,000"),
    ("cost £550 in total", "cost £550 in total"),
])
def test_split_amount_repair(text: str, repaired: str) -> None:
    assert repair_split_numbers(text) == repaired


def test_two_column_page_reads_column_by_column(tmp_path: Path) -> None:
    left = [f"Left column line {i} about multi-agency training" for i in range(8)]
    right = [f"Right column line {i} about neglect and early help" for i in range(8)]
    path = tmp_path / "two-column.pdf"
    path.write_bytes(two_column_pdf(left, right, "Annual Report 2015-16"))
    lines = read_pdf(path).pages[0].text.splitlines()
    assert lines[0] == "Annual Report 2015-16"
    assert lines[1:9] == left
    assert lines[9:] == right


def test_pdfplumber_engine_gives_the_same_tables() -> None:
    path = CORPUS / "redbridge-annual-report-2012-13.pdf"
    fast, second = read_pdf(path, max_pages=6), read_pdf(path, max_pages=6, engine="pdfplumber")
    assert len(fast.pages) == len(second.pages) == 6
    assert abs(fast.word_count - second.word_count) <= 0.02 * fast.word_count
    assert len(fast.tables) == 4
    assert [t.rows for t in fast.tables] == [t.rows for t in second.tables]


def test_unknown_engine_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown reader engine"):
        read_pdf(CORPUS / "london-scb-highlights-2010-11.pdf", engine="ocr")


def test_borderless_table_from_column_alignment(tmp_path: Path) -> None:
    from pdf_factory import positioned_text_pdf

    items = [(72, 100, "Children's social care activity in the year, compared with the year before.")]
    rows = [("", "2015/16", "2016/17"), ("Referrals", "1,651", "2,460"),
            ("Children subject to a child", "125", "78"), ("protection plan", "", ""),
            ("Looked after children", "230", "204")]
    y = 130.0
    for label, a, b in rows:
        items += [(72, y, label), (320, y, a), (420, y, b)]
        y += 14
    items.append((72, y + 30, "The figures show a rise in referrals and a fall in plans over the year."))
    path = tmp_path / "borderless.pdf"
    path.write_bytes(positioned_text_pdf([i for i in items if i[2]]))
    page = read_pdf(path).pages[0]
    assert len(page.tables) == 1
    table = page.tables[0]
    assert not table.ruled
    assert table.rows == [["", "2015/16", "2016/17"], ["Referrals", "1,651", "2,460"],
                          ["Children subject to a child protection plan", "125", "78"],
                          ["Looked after children", "230", "204"]]
    assert "The figures show a rise" in page.text


def test_borderless_wrapped_header_and_cells_and_a_second_grid(tmp_path: Path) -> None:
    from pdf_factory import positioned_text_pdf

    items = [(72, 100, "Income and expenditure of the board, and plans started by year, are shown below."),
             (250, 130, "2015/"), (330, 130, "2016/"), (250, 140, "16"), (330, 140, "17")]
    y = 154.0
    for label, a, b in [("Neglect", "56", "48"), ("Emotional", "32", "18")]:
        items += [(72, y, label), (250, y, a), (330, y, b)]
        y += 14
    items += [(72, y, "Catering for training courses"), (250, y, "£2,728"), (330, y, "£1,950"),
              (72, y + 10, "and board meetings")]
    y += 30
    items.append((72, y, "EXPENDITURE"))
    y += 14
    for label, a, b in [("Salary", "58,957", "176,871"), ("Training", "2,750", "8,250")]:
        items += [(72, y, label), (284 - 5 * len(a), y, a), (394 - 5 * len(b), y, b)]
        y += 14
    items.append((72, y + 30, "Closing paragraph of running text that follows both of the tables above."))
    path = tmp_path / "wrapped.pdf"
    path.write_bytes(positioned_text_pdf(items))
    tables = read_pdf(path).pages[0].tables
    assert tables[0].rows == [["", "2015/ 16", "2016/ 17"], ["Neglect", "56", "48"],
                              ["Emotional", "32", "18"],
                              ["Catering for training courses and board meetings", "£2,728", "£1,950"]]
    assert tables[1].rows == [["Salary", "58,957", "176,871"], ["Training", "2,750", "8,250"]]


def test_lines_across_two_prose_columns_are_not_a_table(tmp_path: Path) -> None:
    left = [f"The board met {i} times to review its plans" for i in range(8)]
    right = [f"and partners reported {i} audits on neglect" for i in range(8)]
    path = tmp_path / "two-column.pdf"
    path.write_bytes(two_column_pdf(left, right, "Annual Report 2016-17"))
    page = read_pdf(path).pages[0]
    assert page.tables == []
    assert page.text.splitlines()[1:9] == left
