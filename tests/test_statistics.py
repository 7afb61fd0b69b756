"""statistics.csv figures extracted from the real sample PDFs, one test per layout feature."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from report_miner import Patterns
from report_miner.extractors.statistics.extractor import extract_statistics
from report_miner.models import DocumentMeta, Statistic
from report_miner.reader import format_number, read_pdf

PATTERNS = Patterns()  # the bundled patterns folder

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
TRIBOROUGH = ["Hammersmith and Fulham", "Kensington and Chelsea", "Westminster"]

# What the metadata extractor states for each sample; given here so these tests exercise the
# statistics extractor alone.
METAS = {
    "redbridge-annual-report-2012-13": DocumentMeta(local_authorities=["Redbridge"], period="2012-13"),
    "havering-scb-annual-report-2016-17": DocumentMeta(local_authorities=["Havering"], period="2016-17"),
    "triborough-lscb-annual-report-2017-18": DocumentMeta(local_authorities=TRIBOROUGH, period="2017-18"),
    "redbridge-newsletter-summer-2018": DocumentMeta(local_authorities=["Redbridge"], period="2018-19"),
    "london-scb-highlights-2010-11": DocumentMeta(period="2010-11"),
}


@pytest.fixture(scope="module")
def stats() -> dict[str, list[Statistic]]:
    return {name: extract_statistics(read_pdf(CORPUS / f"{name}.pdf"), meta, name[:12], PATTERNS)
            for name, meta in METAS.items()}


def values(rows: list[Statistic], metric: str, **slot: str) -> list[float]:
    return [r.value for r in rows if r.metric == metric
            and all(getattr(r, k) == v for k, v in slot.items())]


@pytest.fixture(scope="module")
def with_areas() -> None:
    # "1651 LBHF / 2460 RBKC": abbreviations need the gazetteer; full names do not
    pytest.importorskip("report_miner.text.gazetteer", reason="area gazetteer not installed")


def test_year_column_table_by_category(stats: dict[str, list[Statistic]]) -> None:
    rows = stats["redbridge-annual-report-2012-13"]
    assert values(rows, "cp_plans_started", category="neglect", period="2008-09") == [56]
    assert values(rows, "cp_plans_started", category="sexual_abuse", period="2012-13") == [12]
    assert values(rows, "cp_plans_started", category="multiple", period="2009-10") == [79]
    assert values(rows, "cp_plans_started", category="16_plus", period="2011-12") == [4]
    assert values(rows, "cp_plans_started", category="5-9", period="2010-11") == [48]
    assert values(rows, "cp_plans_started", category="", period="2012-13") == [153]
    assert len(values(rows, "cp_plans_started")) == 5 * (5 + 6 + 1)


def test_date_rows_and_as_at_march_columns(stats: dict[str, list[Statistic]]) -> None:
    rows = stats["redbridge-annual-report-2012-13"]
    assert values(rows, "cp_plans", as_of="2013-03-31") == [115]
    assert values(rows, "cp_plans", as_of="2008-03-31") == [135]
    # "Total No. Of Children Looked After As At 31st March" over 2008/09 .. 2012/13 columns
    assert values(rows, "looked_after_children", as_of="2009-03-31") == [214]
    assert values(rows, "looked_after_children", as_of="2013-03-31") == [207]
    table_row = next(r for r in rows if r.metric == "cp_plans" and r.value == 115)
    assert table_row.source == "table" and table_row.page == 4 and "31 st March 2013" in table_row.evidence


def test_rate_per_10k_sentence_with_comparisons(stats: dict[str, list[Statistic]]) -> None:
    rows = stats["redbridge-annual-report-2012-13"]
    assert values(rows, "cp_rate_per_10k", as_of="2013-03-31", unit="rate_per_10k") == [16.2]
    assert values(rows, "cp_rate_per_10k", as_of="2012-03-31") == [21.4]
    assert values(rows, "cp_rate_per_10k", as_of="2011-03-31") == [24.2]
    assert values(rows, "child_population") == [74727]


def test_referrals_to_other_services_are_not_social_care_referrals(stats: dict[str, list[Statistic]]) -> None:
    # "the Redbridge Victim Service received 11,000 referrals", "Four referrals ... to Ofsted"
    assert values(stats["redbridge-annual-report-2012-13"], "referrals") == []


def test_count_and_share_cells(stats: dict[str, list[Statistic]]) -> None:
    rows = stats["havering-scb-annual-report-2016-17"]
    assert values(rows, "referrals", period="2016-17", unit="count") == [2130]
    assert values(rows, "referrals", period="2016-17", unit="percent") == [23]
    assert values(rows, "assessments", period="2015-16", unit="count") == [1842]
    # several "contacts" rows: the total row fills the slot, not "Contacts received by MASH"
    assert values(rows, "contacts", period="2016-17") == [9293]


def test_two_row_header_as_of_end_march(stats: dict[str, list[Statistic]]) -> None:
    rows = stats["havering-scb-annual-report-2016-17"]
    assert values(rows, "looked_after_children", as_of="2016-03-31") == [229]
    assert values(rows, "looked_after_children", as_of="2017-03-31") == [248]


def test_sentence_figures_with_dates_and_changes(stats: dict[str, list[Statistic]]) -> None:
    rows = stats["havering-scb-annual-report-2016-17"]
    assert values(rows, "cp_plans", as_of="2017-03-31") == [296]
    # "down 26% from 597 2015/16 to 443 2016/17": the 26% is a change, not a figure
    assert values(rows, "section47_enquiries", period="2015-16") == [597]
    assert values(rows, "section47_enquiries", period="2016-17") == [443]
    assert values(rows, "children_in_need", as_of="2017-03-31") == [301]
    # "Average Number of children on CP plan at the end of March" is the year-end figure
    assert values(rows, "cp_plans", as_of="2016-03-31") == [284]
    # "Average Number of Children on CIN plan" and "Of the 46 Looked After Children attending ..."
    assert 193 not in values(rows, "children_in_need")
    assert 46 not in values(rows, "looked_after_children")


def test_per_borough_split_in_one_sentence(stats: dict[str, list[Statistic]], with_areas: None) -> None:
    rows = stats["triborough-lscb-annual-report-2017-18"]
    assert values(rows, "referrals", area="", period="2017-18") == [5785]
    assert values(rows, "referrals", area="Hammersmith and Fulham") == [1651]
    assert values(rows, "referrals", area="Westminster") == [1674]
    assert values(rows, "cp_repeat_pct", area="Kensington and Chelsea", unit="percent") == [13.1]
    assert values(rows, "cp_long_duration_pct", area="Westminster", period="2017-18") == [7]
    assert values(rows, "private_fostering", area="Westminster") == [10]


def test_borough_heading_sections(stats: dict[str, list[Statistic]]) -> None:
    rows = stats["triborough-lscb-annual-report-2017-18"]
    assert values(rows, "looked_after_children", area="Hammersmith and Fulham", as_of="2018-03-31") == [230]
    # the date of the previous sentence carries over: "There were 78 children subject of a CP plan"
    assert values(rows, "cp_plans", area="Kensington and Chelsea", as_of="2018-03-31") == [78]
    assert values(rows, "children_in_need", area="Westminster", as_of="2018-03-31") == [606]
    assert values(rows, "child_population", area="Westminster") == [44465]
    # under the Hammersmith and Fulham heading the sentence names Kensington and Chelsea: skipped
    assert 33777 not in values(rows, "child_population")


def test_split_with_unknown_area_names_is_dropped_not_guessed(stats: dict[str, list[Statistic]]) -> None:
    rows = stats["triborough-lscb-annual-report-2017-18"]
    # whatever the gazetteer knows, a per-borough share never lands in the whole-board slot
    assert values(rows, "cp_long_duration_pct", area="") == []
    assert values(rows, "cp_repeat_pct", area="") == []
    assert values(rows, "referrals", area="") == [5785]


def test_zero_is_a_figure_when_printed(stats: dict[str, list[Statistic]]) -> None:
    assert values(stats["triborough-lscb-annual-report-2017-18"], "serious_case_reviews") == [0]
    havering = stats["havering-scb-annual-report-2016-17"]
    assert values(havering, "serious_case_reviews", period="2016-17") == [2]


def test_no_training_metrics_and_quiet_without_figures(stats: dict[str, list[Statistic]]) -> None:
    assert all(not r.metric.startswith("training_") for rows in stats.values() for r in rows)
    assert stats["redbridge-newsletter-summer-2018"] == []
    assert stats["london-scb-highlights-2010-11"] == []


def test_one_value_per_slot_and_provenance(stats: dict[str, list[Statistic]]) -> None:
    for rows in stats.values():
        slots = Counter((r.metric, r.area, r.category, r.as_of or r.period, r.unit) for r in rows)
        assert max(slots.values(), default=1) == 1
        for r in rows:
            assert r.page >= 1 and r.evidence
            if r.metric != "serious_case_reviews":  # "Two serious case reviews" is spelt out
                assert format_number(r.value) in r.evidence.replace(",", "")


REALWORLD = Path(__file__).resolve().parents[2] / "shared" / "realworld" / "pdfs"


@pytest.mark.skipif(not REALWORLD.is_dir(), reason="real-world PDF set not available")
def test_no_figures_claimed_from_unrelated_documents() -> None:
    from report_miner.reader import PdfReadError

    claimed = []
    for pdf in sorted(REALWORLD.glob("*.pdf")):
        try:
            doc = read_pdf(pdf)
        except PdfReadError:
            continue
        found = extract_statistics(doc, DocumentMeta(), "x", PATTERNS)
        claimed += [(pdf.name, r.metric, r.value) for r in found]
    assert claimed == []


def _placed_stats(tmp_path: Path, runs: list[tuple[float, float, str]],
                  meta: DocumentMeta) -> list[Statistic]:
    from test_priorities import placed_pdf

    path = tmp_path / "placed.pdf"
    path.write_bytes(placed_pdf([runs]))
    return extract_statistics(read_pdf(path), meta, "x", PATTERNS)


def test_date_framing_a_paragraph_printed_tight_under_bullets(tmp_path: Path) -> None:
    # no blank line after the bullets: the outdented line still starts the paragraph "At 31 March ..."
    lines = ["The proportion of pupils with English as an additional language:",
             "- in primary schools is 53.8% (the national average is 20%)",
             "- in secondary schools is 46.7% (the national average is 16%)",
             "At 31 March 2018, 230 children are being looked after by the local authority. There were 125",
             "children subject of a child protection plan, and 1496 children in need."]
    runs = [(72.0 if k in (0, 3, 4) else 80.0, 60 + 12.5 * k, text) for k, text in enumerate(lines)]
    rows = _placed_stats(tmp_path, runs, DocumentMeta(local_authorities=["Redbridge"], period="2017-18"))
    assert values(rows, "looked_after_children", as_of="2018-03-31") == [230]
    assert values(rows, "cp_plans", as_of="2018-03-31") == [125]
    assert values(rows, "children_in_need", as_of="2018-03-31") == [1496]


def test_numbers_that_count_something_else_are_not_taken(tmp_path: Path) -> None:
    lines = ["The number of children who started a Child Protection Plan were 12 cases in which Sexual Abuse",
             "was the reason. Total No. Of Children Looked After As At 31 st March are shown below."]
    rows = _placed_stats(tmp_path, [(72, 60 + 12.5 * k, t) for k, t in enumerate(lines)],
                         DocumentMeta(local_authorities=["Redbridge"], period="2012-13"))
    assert rows == []


def test_area_split_whose_count_looks_like_a_year(tmp_path: Path, with_areas: None) -> None:
    line = "6085 Referrals to Children's Social Care (1739 LBHF / 2060 RBKC / 2035 WCC)"
    meta = DocumentMeta(local_authorities=TRIBOROUGH, period="2017-18")
    rows = _placed_stats(tmp_path, [(72, 60, line)], meta)
    assert values(rows, "referrals", area="Westminster", period="2017-18") == [2035]
    assert values(rows, "referrals", area="", period="2017-18") == [6085]


def test_second_table_joined_under_the_first_does_not_take_its_caption() -> None:
    from report_miner.extractors.statistics.tables import StatisticsTableReader
    from report_miner.reader import Table

    doc = read_pdf(CORPUS / "redbridge-annual-report-2012-13.pdf")
    tables = [t for t in doc.tables if any(r and r[0].startswith(("Unborn", "2008/09")) for r in t.rows)]
    ages = next(t for t in tables if any(r[0] == "Unborn" for r in t.rows))
    lac = next(t for t in tables if t is not ages)
    # as a reader that misses the gap joins them: the next table's title runs into the "Total" row
    total = ["Total " + lac.rows[0][0], *ages.rows[-1][1:]]
    joined = Table(page=ages.page, rows=[*ages.rows[:-1], total, *lac.rows[1:]], top=ages.top,
                   bottom=lac.bottom, x0=ages.x0, x1=ages.x1, ruled=False)
    caption = ("Number of Children who became the subject of a child Protection Plan (registrations) "
               "during the year")
    found = StatisticsTableReader(PATTERNS.statistics_vocab, lambda _: None, "2012-13").read(joined, caption)
    started = {f.value for f in found if f.metric == "cp_plans_started"}
    assert {16, 153} <= started and not started & {214, 225, 210, 217, 207}
    # the title that ran into the "Total" label names the second table
    looked_after = {f.as_of: f.value for f in found if f.metric == "looked_after_children"}
    assert looked_after == {"2009-03-31": 214, "2010-03-31": 225, "2011-03-31": 210, "2012-03-31": 217,
                            "2013-03-31": 207}


def test_second_table_without_a_title_gives_nothing() -> None:
    from report_miner.extractors.statistics.tables import StatisticsTableReader
    from report_miner.reader import Table

    doc = read_pdf(CORPUS / "redbridge-annual-report-2012-13.pdf")
    ages = next(t for t in doc.tables if any(r and r[0] == "Unborn" for r in t.rows))
    # a year header and a row of bare numbers run on under the first table, with no title of their own
    rows = [*ages.rows[:-1], ["2008/09", "2009/10", "2010/11", "2011/12", "2012/13"],
            ["214", "225", "210", "217", "207"]]
    joined = Table(page=ages.page, rows=rows, top=ages.top, bottom=ages.bottom, x0=ages.x0, x1=ages.x1,
                   ruled=False)
    caption = "Number of children who became the subject of a Child Protection Plan during the year"
    found = StatisticsTableReader(PATTERNS.statistics_vocab, lambda _: None, "2012-13").read(joined, caption)
    assert not {f.value for f in found} & {214, 225, 210, 217, 207}
