"""budget.csv lines from the real sample reports, one test per layout feature."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TRI_BOROUGH, parsed
from pdf_factory import positioned_text_pdf

from report_miner import Patterns
from report_miner.extractors.budget.extractor import extract_budget
from report_miner.models import BudgetLine, DocumentMeta
from report_miner.reader import Line, Page, ParsedDocument, Segment, Table, read_pdf

PATTERNS = Patterns()  # the bundled patterns folder

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
Result = tuple[list[BudgetLine], list[str]]
TRI = TRI_BOROUGH


def _run(name: str, meta: DocumentMeta) -> Result:
    return extract_budget(parsed(name), meta, "test", PATTERNS)


@pytest.fixture(scope="module")
def redbridge() -> Result:
    return _run("redbridge-annual-report-2012-13.pdf",
                DocumentMeta(period="2012-13", local_authorities=["Redbridge"]))


@pytest.fixture(scope="module")
def triborough() -> Result:
    return _run("triborough-lscb-annual-report-2017-18.pdf",
                DocumentMeta(period="2017-18", local_authorities=TRI))


@pytest.fixture(scope="module")
def havering() -> Result:
    return _run("havering-scb-annual-report-2016-17.pdf",
                DocumentMeta(period="2016-17", local_authorities=["Havering"]))


def line(result: Result, item: str, area: str = "") -> BudgetLine:
    found = [ln for ln in result[0] if ln.item == item and ln.area == area]
    assert len(found) == 1, [(ln.item, ln.area) for ln in result[0]]
    return found[0]


def test_side_by_side_income_and_expenditure(redbridge: Result) -> None:
    cafcass = line(redbridge, "CAFCASS")
    assert (cafcass.flow, cafcass.amount_gbp, cafcass.is_total) == ("income", 550, False)
    assert cafcass.period == "2012-13"
    chair = line(redbridge, "Independent Chair")
    assert (chair.flow, chair.amount_gbp, chair.page) == ("expenditure", 15125, 35)
    assert chair.evidence == "BHR Hospitals NHS Trust\t£3,231.00\tIndependent Chair\t£15,125"
    assert line(redbridge, "Office Expenses").amount_gbp == 2194.55
    total = line(redbridge, "Total income")
    assert (total.flow, total.is_total, total.amount_gbp) == ("income", True, 246427.24)
    # balances sit in the income and expenditure columns but are neither
    assert line(redbridge, "Balance Brought Forward").flow == "balance"
    # the training attendance table (numbers, a £ in the text above it) is not a budget
    assert not [ln for ln in redbridge[0] if ln.item == "Safeguarding Level 2"]


def test_amounts_split_by_pdf_spacing(redbridge: Result, havering: Result) -> None:
    total = line(redbridge, "Total Expenditure")
    assert (total.flow, total.is_total, total.amount_gbp) == ("expenditure", True, 154484.16)
    carry = line(redbridge, "Carry forward into 2013/14")
    assert (carry.flow, carry.amount_gbp, carry.is_total) == ("balance", 91943.08, False)
    assert carry.period == "2012-13"  # the year of the table, not the year carried into
    assert line(havering, "Total").amount_gbp == 167465.30  # printed "£167, 465.30"


def test_per_borough_columns_with_minus_signs(triborough: Result) -> None:
    fund = line(triborough, "Sovereign Borough General Fund", "Westminster")
    assert (fund.flow, fund.amount_gbp, fund.period, fund.page) == ("income", 77699, "2017-18", 36)
    assert line(triborough, "Sovereign Borough General Fund").amount_gbp == 216338  # the TOTAL column
    assert line(triborough, "CCG (Health)", "Kensington and Chelsea").amount_gbp == 20000
    partner = line(triborough, "Total Partner Income", "Hammersmith and Fulham")
    assert (partner.flow, partner.is_total, partner.amount_gbp) == ("income", True, 28050)
    funding = line(triborough, "Total Funding (excluding reserves)")
    assert (funding.flow, funding.is_total, funding.amount_gbp) == ("income", True, 300488)
    salary = line(triborough, "Salary expenditure", "Westminster")
    assert (salary.flow, salary.amount_gbp) == ("expenditure", 58957)
    spent = line(triborough, "Total expenditure", "Kensington and Chelsea")
    assert (spent.flow, spent.is_total, spent.amount_gbp) == ("expenditure", True, 28559)
    reserves = line(triborough, "Reserves to take forward", "Kensington and Chelsea")
    assert (reserves.flow, reserves.amount_gbp, reserves.is_total) == ("balance", 129650, False)
    assert all(ln.amount_gbp > 0 for ln in triborough[0])


def test_a_credit_among_costs_is_left_out_with_a_warning(triborough: Result) -> None:
    lines, warnings = triborough
    adjust = {ln.area for ln in lines if "S113" in ln.item}
    assert adjust == {"Hammersmith and Fulham", "Westminster"}
    assert any("S113" in w and "40848" in w for w in warnings)
    # every printed total there adds up, the credit included
    assert not any("sum to" in w for w in warnings)


def test_printed_totals_are_checked_not_changed(redbridge: Result, havering: Result) -> None:
    assert any("Total Expenditure" in w and "difference -1950" in w for w in redbridge[1])
    assert any("'Total'" in w and "difference -304.98" in w for w in havering[1])


def test_year_of_the_table_comes_from_its_header(havering: Result) -> None:
    council = line(havering, "Havering Council")
    assert (council.flow, council.amount_gbp, council.area) == ("income", 121640, "")
    assert council.period == "2015-16"  # "Contribution 15/16" in a 2016-17 report


def test_narrative_income_and_spending_lists(redbridge: Result, havering: Result) -> None:
    cwdc = [ln for ln in redbridge[0] if "Workforce Development Council" in ln.item]
    assert len(cwdc) == 1
    assert (cwdc[0].flow, cwdc[0].amount_gbp, cwdc[0].period) == ("income", 64082, "2011-12")
    assert cwdc[0].evidence.startswith("In 2011/12 the LSCB received £64,082")
    staffing = line(havering, "Staffing")
    assert (staffing.flow, staffing.amount_gbp, staffing.period) == ("expenditure", 108519, "2014-15")
    carry = line(havering, "carry forward from the previous year")
    # no year in the sentence: the year of the budget paragraphs just before it ("agreed for 2015/16")
    assert (carry.flow, carry.amount_gbp, carry.period) == ("balance", 10000, "2015-16")
    fee = line(havering, "non-attendance fee")
    assert (fee.flow, fee.amount_gbp, fee.period) == ("income", 560, "2016-17")
    # the surplus sentence repeats the table's carry forward and is not a second line
    assert len([ln for ln in redbridge[0] if ln.amount_gbp == 91943.08]) == 1


# --- layouts the sample reports do not use (synthetic pages) ------------------------------------

THREE = ["Camden", "Islington", "Hackney"]


def _figures(rows: list[tuple[str, list[str]]], y: float) -> tuple[list[tuple[float, float, str]], float]:
    items: list[tuple[float, float, str]] = []
    for label, numbers in rows:
        items.append((60, y, label))
        items += [(260 + 70 * k, y, n) for k, n in enumerate(numbers)]
        y += 18
    return items, y


def test_area_columns_named_by_a_line_printed_above_the_figures(tmp_path: Path) -> None:
    # a borderless table whose column names are a line of text, one column left of the figures,
    # with a section heading between; the expenditure table below has no header of its own
    items = [(60, 70, "Appendix 3 - Board finances"), (60, 100, "2018/19 Outturn"),
             (200, 125, "Camden"), (270, 125, "Islington"), (340, 125, "Hackney"), (410, 125, "TOTAL"),
             (60, 150, "CONTRIBUTIONS")]
    found, y = _figures([("Council core funding", ["-60,000", "-55,000", "-58,000", "-173,000"]),
                         ("Police", ["-5,000", "-5,000", "-5,000", "-15,000"]),
                         ("Total contributions", ["-65,000", "-60,000", "-63,000", "-188,000"])], 175)
    items += found + [(60, y + 10, "EXPENDITURE")]
    found, y = _figures([("Staffing", ["40,000", "41,000", "42,000", "123,000"]),
                         ("Total expenditure", ["40,000", "41,000", "42,000", "123,000"])], y + 35)
    pdf = tmp_path / "finances.pdf"
    pdf.write_bytes(positioned_text_pdf(items + found))
    meta = DocumentMeta(period="2019-20", local_authorities=THREE)
    result = extract_budget(read_pdf(pdf), meta, "t", PATTERNS)
    police = line(result, "Police", "Islington")
    assert (police.flow, police.amount_gbp, police.period) == ("income", 5000, "2018-19")
    assert line(result, "Police").amount_gbp == 15000  # the TOTAL column is the whole board
    staffing = line(result, "Staffing", "Hackney")
    assert (staffing.flow, staffing.amount_gbp) == ("expenditure", 42000)
    total = line(result, "Total expenditure", "Camden")
    assert (total.flow, total.is_total, total.amount_gbp) == ("expenditure", True, 40000)


def _page(number: int, tables: list[Table], lines: list[str] = ()) -> Page:
    body = [Line(number, [Segment(60, 300, 60 + 14 * k, 70 + 14 * k, text)]) for k, text in enumerate(lines)]
    return Page(number, 612, 792, lines=body, tables=tables)


def _table(page: int, rows: list[list[str]], top: float = 120) -> Table:
    return Table(page, rows, top, top + 18 * len(rows), 50, 560, ruled=True, pages=[page])


def test_a_caption_row_does_not_hide_the_header_below_it() -> None:
    table = _table(1, [["Figure 2", "", "", ""], ["Income 2018/19", "", "Expenditure 2018/19", ""],
                       ["Police", "£5,000", "Chair", "£12,000"],
                       ["Council", "£50,000", "Staffing", "£40,000"],
                       ["Total income", "£55,000", "Total expenditure", "£52,000"]])
    doc = ParsedDocument("synthetic", [_page(1, [table])])
    result = extract_budget(doc, DocumentMeta(period="2019-20", local_authorities=["Camden"]), "t", PATTERNS)
    chair = line(result, "Chair")
    assert (chair.flow, chair.amount_gbp, chair.period) == ("expenditure", 12000, "2018-19")
    assert line(result, "Police").flow == "income"
    assert line(result, "Total expenditure").flow == "expenditure"


def test_a_table_continued_on_the_next_page_keeps_its_columns() -> None:
    first = _table(1, [["Expenditure", "Budget", "Actual"], ["Staffing", "£40,000", "£41,000"]], top=600)
    rest = _table(2, [["Training", "£2,000", "£1,500"], ["Total", "£42,000", "£42,500"]], top=60)
    doc = ParsedDocument("synthetic", [_page(1, [first]), _page(2, [rest])])
    result = extract_budget(doc, DocumentMeta(period="2019-20", local_authorities=["Camden"]), "t", PATTERNS)
    training = line(result, "Training (Actual)")
    assert (training.flow, training.amount_gbp, training.page) == ("expenditure", 1500, 2)
    assert line(result, "Total (Budget)").is_total
    # with a heading printed above it, a header-less table is a table of its own (here not money)
    unrelated = _table(2, [["Referrals", "2,100", "2,300"], ["Assessments", "1,900", "2,000"]], top=120)
    doc = ParsedDocument("synthetic", [_page(1, [first]), _page(2, [unrelated], ["Children's social care"])])
    result = extract_budget(doc, DocumentMeta(period="2019-20", local_authorities=["Camden"]), "t", PATTERNS)
    assert {ln.item for ln in result[0]} == {"Staffing (Budget)", "Staffing (Actual)"}
