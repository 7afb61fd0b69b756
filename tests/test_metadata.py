"""Document metadata (board, areas, type, period, edition) and the local-authority gazetteer."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import CORPUS, REALWORLD, ROOT
from pdf_factory import text_pdf

from report_miner import Patterns
from report_miner.extractors.metadata.extractor import extract_metadata
from report_miner.extractors.metadata.period import range_period
from report_miner.models import DocumentMeta
from report_miner.reader import ParsedDocument, PdfReadError, read_pdf

PATTERNS = Patterns()  # the bundled patterns folder
GAZ = PATTERNS.gazetteer
TRI = ["Hammersmith and Fulham", "Kensington and Chelsea", "Westminster"]

SAMPLES = {
    "redbridge-newsletter-summer-2018": dict(
        board_contains=["Redbridge"], local_authorities=["Redbridge"], doc_type="newsletter",
        period="2018-19", edition="Summer 2018"),
    "redbridge-annual-report-2012-13": dict(
        board_contains=["Redbridge"], local_authorities=["Redbridge"], doc_type="annual_report",
        period="2012-13", edition=""),
    "london-scb-highlights-2010-11": dict(
        board_contains=["London Safeguarding Children Board"], local_authorities=[], doc_type="highlights",
        period="2010-11", edition=""),
    "triborough-lscb-annual-report-2017-18": dict(
        board_contains=["Hammersmith", "Kensington", "Westminster"], local_authorities=TRI,
        doc_type="annual_report", period="2017-18", edition=""),
    "havering-scb-annual-report-2016-17": dict(
        board_contains=["Havering"], local_authorities=["Havering"], doc_type="annual_report",
        period="2016-17", edition=""),
}


@pytest.fixture(scope="module")
def sample_meta() -> dict[str, DocumentMeta]:
    # a meaningless file name: the metadata must come from the document's own text
    return {stem: extract_metadata(read_pdf(CORPUS / f"{stem}.pdf"), "scan0001.pdf", PATTERNS)
            for stem in SAMPLES}


@pytest.mark.parametrize("stem", list(SAMPLES))
def test_sample_documents(sample_meta: dict[str, DocumentMeta], stem: str) -> None:
    meta, want = sample_meta[stem], SAMPLES[stem]
    for fragment in want["board_contains"]:
        assert fragment in meta.board
    assert meta.local_authorities == want["local_authorities"]
    assert (meta.doc_type, meta.period, meta.edition) == (want["doc_type"], want["period"], want["edition"])


def test_sample_board_display_names(sample_meta: dict[str, DocumentMeta]) -> None:
    assert sample_meta["havering-scb-annual-report-2016-17"].board == "Havering Safeguarding Children Board"
    redbridge = sample_meta["redbridge-annual-report-2012-13"]
    assert redbridge.board == "Redbridge Local Safeguarding Children Board"
    assert sample_meta["london-scb-highlights-2010-11"].board == "London Safeguarding Children Board"


def _meta(tmp_path: Path, lines: list[str], name: str = "document.pdf") -> DocumentMeta:
    path = tmp_path / name
    path.write_bytes(text_pdf(lines))
    return extract_metadata(read_pdf(path), name, PATTERNS)


@pytest.mark.parametrize(("lines", "board", "areas", "doc_type", "period"), [
    (["Derbyshire Safeguarding Children Board", "Annual Report 2014-15",
      "We work with schools in Derbyshire and Derby City."],
     "Derbyshire Safeguarding Children Board", ["Derbyshire"], "annual_report", "2014-15"),
    (["Bath and North East Somerset LSCB", "Annual Report", "April 2014 to March 2015"],
     "Bath and North East Somerset Local Safeguarding Children Board", ["Bath and North East Somerset"],
     "annual_report", "2014-15"),
    (["B&NES Local Safeguarding Children Board", "Annual Report 1st April 2009 - 31st October 2010"],
     "Bath and North East Somerset Local Safeguarding Children Board", ["Bath and North East Somerset"],
     "annual_report", "2009-10"),
    (["Tri-borough Local Safeguarding Children Board", "Annual Report 2015/16",
      "The LSCB covers Hammersmith & Fulham, the Royal Borough of Kensington and Chelsea and Westminster.",
      "In Westminster we ran audits, and in RBKC and LBHF too."],
     "Hammersmith and Fulham, Kensington and Chelsea and Westminster Local Safeguarding Children Board", TRI,
     "annual_report", "2015-16"),
    (["Hammersmith & Fulham, Kensington and Chelsea", "and Westminster", "Local Safeguarding Children Board",
      "Annual Report 2016/17"],
     "Hammersmith and Fulham, Kensington and Chelsea and Westminster Local Safeguarding Children Board", TRI,
     "annual_report", "2016-17"),
    (["Annual Report of the Local Safeguarding Children Board for Sutton", "2013-14"],
     "Sutton Local Safeguarding Children Board", ["Sutton"], "annual_report", "2013-14"),
    (["Kingston and Richmond Safeguarding Children Board", "Annual Report 2017/18"],
     "Kingston upon Thames and Richmond upon Thames Safeguarding Children Board",
     ["Kingston upon Thames", "Richmond upon Thames"], "annual_report", "2017-18"),
    (["London Safeguarding Children Board", "Annual Report 2012-13",
      "The Board supports all boroughs, including Croydon LSCB and Barnet LSCB."],
     "London Safeguarding Children Board", [], "annual_report", "2012-13"),
    (["CITY OF YORK SAFEGUARDING CHILDREN BOARD", "ANNUAL REPORT 2011/2012"],
     "York Safeguarding Children Board", ["York"], "annual_report", "2011-12"),
    (["City and Hackney Safeguarding Children Board", "Annual Report 2014/15"],
     "City of London and Hackney Safeguarding Children Board", ["City of London", "Hackney"], "annual_report",
     "2014-15"),
    (["Safeguarding Adults Board", "Annual Report 2015-16", "Havering Council"], "", [], "annual_report",
     "2015-16"),
    (["Lewisham Safeguarding Children Partnership", "Business Plan 2016-2018",
      "We work with Greenwich, Southwark and Lambeth LSCBs."],
     "Lewisham Safeguarding Children Partnership", ["Lewisham"], "business_plan", "2016-17"),
])
def test_unseen_boards(tmp_path: Path, lines: list[str], board: str, areas: list[str], doc_type: str,
                       period: str) -> None:
    meta = _meta(tmp_path, lines)
    got = (meta.board, meta.local_authorities, meta.doc_type, meta.period)
    assert got == (board, areas, doc_type, period)


@pytest.mark.parametrize(("lines", "edition", "period"), [
    (["SUMMER NEWSLETTER 2018", "Welcome to the Summer edition of the Redbridge LSCB newsletter."],
     "Summer 2018", "2018-19"),
    (["Spring 2017 Newsletter", "Kent Safeguarding Children Board"], "Spring 2017", "2017-18"),
    (["Safeguarding Bulletin January 2019", "From the Bury Safeguarding Children Partnership"],
     "January 2019", "2018-19"),
    (["LSCB Newsletter", "Issue 12 - March 2016", "News from the Sutton Local Safeguarding Children Board."],
     "Issue 12 – March 2016", "2015-16"),
    (["Winter 2018/19 Newsletter", "Welcome from Reading LSCB"], "Winter 2018/19", "2018-19"),
    (["LSCB Newsletter Issue 3 Autumn 2016", "Camden Safeguarding Children Board"], "Issue 3 – Autumn 2016",
     "2016-17"),
])
def test_newsletter_editions(tmp_path: Path, lines: list[str], edition: str, period: str) -> None:
    meta = _meta(tmp_path, lines, "2099-annual-report.pdf")  # a misleading name must not win
    assert (meta.doc_type, meta.edition, meta.period) == ("newsletter", edition, period)
    assert len(meta.local_authorities) == 1 and meta.local_authorities[0] in meta.board


@pytest.mark.parametrize(("text", "period"), [
    ("Annual Report April 2014 to March 2015", "2014-15"),
    ("covering 1st April 2009 – 31st October 2010", "2009-10"),
    ("1 April to 31 March 2015", "2014-15"),
    ("Mayor - March 2014 events", ""),
])
def test_date_ranges(text: str, period: str) -> None:
    assert range_period(text) == period


def test_document_without_board_has_no_areas(tmp_path: Path) -> None:
    meta = _meta(tmp_path, ["City of Chelsea, MA", "Annual Report 2016",
                            "Kent Street improvements and the Norfolk County budget.",
                            "Board meeting held in Westminster, CO."])
    assert (meta.board, meta.local_authorities) == ("", [])


@pytest.mark.parametrize(("cell", "name"), [
    ("LBHF", "Hammersmith and Fulham"), ("H&F", "Hammersmith and Fulham"), ("RBKC", "Kensington and Chelsea"),
    ("Kensington & Chelsea", "Kensington and Chelsea"),
    ("Royal Borough of Kensington and Chelsea", "Kensington and Chelsea"), ("WCC", "Westminster"),
    ("City of Westminster", "Westminster"), ("Westminster", "Westminster"),
    ("B&NES", "Bath and North East Somerset"),
    ("BANES", "Bath and North East Somerset"), ("London Borough of Redbridge", "Redbridge"),
    ("Havering Council", "Havering"), ("Derbyshire County Council", "Derbyshire"), ("Redbrige", "Redbridge"),
    ("Hull", "Kingston Upon Hull, City of"), ("Kingston upon Hull", "Kingston Upon Hull, City of"),
    ("Durham", "County Durham"), ("Durham County Council", "County Durham"),
    ("County Durham", "County Durham"),
    ("Bristol City Council", "Bristol, City of"), ("City of Bristol", "Bristol, City of"),
    ("St Helens", "St. Helens"), ("Bedford Borough Council", "Bedford Borough"),
    ("Royal Borough of Greenwich", "Greenwich"),
    ("Southend on Sea", "Southend-on-Sea"),
    ("Bournemouth, Christchurch and Poole", "Bournemouth, Christchurch and Poole"), ("Poole", "Poole"),
    ("Northamptonshire", "Northamptonshire"), ("City of London", "City of London"),
    ("Chelsea", None), ("Kent Street", None), ("Norfolk Island", None), ("London", None),
    ("Total", None), ("", None),
])
def test_resolve_area(cell: str, name: str | None) -> None:
    assert GAZ.resolve_area(cell) == name


def test_find_local_authorities_guards() -> None:
    text = ("The London Borough of Redbridge works with Havering Council. Hammersmith & Fulham, RBKC and WCC "
            "share services. Reading Borough Council joined; Kingston upon Hull and Hull too.")
    assert GAZ.find_local_authorities(text) == [
        "Redbridge", "Havering", "Hammersmith and Fulham", "Kensington and Chelsea", "Westminster", "Reading",
        "Kingston Upon Hull, City of"]
    us = ("Chelsea, MA and Plymouth, MA. New York. Kent Street. Norfolk Island. Suffolk County, NY. "
          "Reading the list.")
    assert GAZ.find_local_authorities(us) == []
    # bare foreign-sounding names count only when the text is about England
    assert GAZ.find_local_authorities("Offices in Richmond and Westminster.") == []
    assert GAZ.find_local_authorities("Ofsted visited Richmond and Westminster.") == [
        "Richmond upon Thames", "Westminster"]


def test_gazetteer_covers_english_childrens_services_authorities() -> None:
    gaz = GAZ
    with open(PATTERNS.file("local_authorities.csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(gaz.authorities) >= 152
    by_type = {t: sum(1 for r in rows if r["type"] == t) for t in {r["type"] for r in rows}}
    assert by_type["london_borough"] == 32 and by_type["metropolitan_borough"] == 36
    for row in rows:
        assert GAZ.resolve_area(row["name"]) == row["name"]
        for variant in filter(None, row["variants"].split(";")):
            assert GAZ.resolve_area(variant.lstrip("~")) == row["name"], variant


def _realworld() -> list[Path]:
    return sorted(REALWORLD.glob("*.pdf")) if REALWORLD.is_dir() else []


@pytest.mark.skipif(not _realworld(), reason="real-world PDFs not available")
def test_non_board_documents_get_no_board_or_areas() -> None:
    checked = 0
    for path in _realworld():
        try:
            doc: ParsedDocument = read_pdf(path)
        except PdfReadError:
            continue
        meta = extract_metadata(doc, path.name, PATTERNS)
        assert (meta.board, meta.local_authorities) == ("", []), path.name
        checked += 1
    assert checked >= 10


# Title zones of real kinds of document (wording as boards and Ofsted print it)
@pytest.mark.parametrize(("lines", "board", "areas", "doc_type", "period"), [
    (["Kent Safeguarding Children Board", "Annual Report 2015-16", "Working together to keep children safe"],
     "Kent Safeguarding Children Board", ["Kent"], "annual_report", "2015-16"),
    (["Derbyshire SCB Quarterly News", "July 2016", "Welcome to the summer round-up of board news."],
     "Derbyshire Safeguarding Children Board", ["Derbyshire"], "newsletter", "2016-17"),
    (["Islington Safeguarding Children Board", "Monthly e-mail update", "March 2018",
      "Dear colleagues, the annual report will be published next month."],
     "Islington Safeguarding Children Board", ["Islington"], "newsletter", "2017-18"),
    (["7 minute briefing: neglect", "Bury Safeguarding Children Partnership", "October 2019"],
     "Bury Safeguarding Children Partnership", ["Bury"], "newsletter", "2019-20"),
    (["Bradford District Safeguarding Children Partnership", "Strategy 2019-2022",
      "Our priorities for the next three years."],
     "Bradford Safeguarding Children Partnership", ["Bradford"], "business_plan", "2019-20"),
    (["Minutes of the Walsall Safeguarding Partnership meeting", "held on 12 July 2016",
      "Present: representatives of Dudley, Sandwell and Wolverhampton councils as observers.",
      "Item 4: the annual report 2015-16 was agreed."],
     "Walsall Safeguarding Partnership", ["Walsall"], "minutes", "2016-17"),
    (["Serious Case Review: Child D", "Overview report", "Durham Local Safeguarding Children Board",
      "Published March 2015"],
     "County Durham Local Safeguarding Children Board", ["County Durham"], "case_review", ""),
    (["Child Safeguarding Practice Review", "Bristol Safeguarding Children Partnership", "Baby E"],
     "Bristol Safeguarding Children Partnership", ["Bristol, City of"], "case_review", ""),
    (["From: Kent Safeguarding Children Board", "Sent: 12 July 2016 10:14", "To: partners",
      "Subject: July update", "Dear colleagues, the annual report is now published."],
     "Kent Safeguarding Children Board", ["Kent"], "newsletter", "2016-17"),
    (["Wirral Safeguarding Children Board Report 2014-15", "Foreword by the chair"],
     "Wirral Safeguarding Children Board", ["Wirral"], "annual_report", "2014-15"),
    (["BSCB Annual Report 2016-17", "Bradford District"],
     "Bradford Safeguarding Children Board", ["Bradford"], "annual_report", "2016-17"),
    (["Minutes", "LSCB Board Meeting", "Thursday 12 July 2016", "Croydon Safeguarding Children Board",
      "Item 3: the annual report was noted."],
     "Croydon Safeguarding Children Board", ["Croydon"], "minutes", "2016-17"),
    (["London Borough of Islington", "LSCB Annual Report 2014/15"],
     "Islington Local Safeguarding Children Board", ["Islington"], "annual_report", "2014-15"),
    (["Islington Council", "Safeguarding Children Board Newsletter", "Autumn 2017"],
     "Islington Safeguarding Children Board", ["Islington"], "newsletter", "2017-18"),
    (["Walsall Safeguarding Partnership", "Yearly Report 2019-20",
      "Working with our Black Country neighbours Dudley, Sandwell and Wolverhampton."],
     "Walsall Safeguarding Partnership", ["Walsall"], "annual_report", "2019-20"),
    (["Walsall | Dudley | Sandwell | Wolverhampton", "Walsall Safeguarding Children Board",
      "Annual Report 2016-17",
      "Black Country procedures are shared by Walsall, Dudley, Sandwell and Wolverhampton",
      "Safeguarding Children Boards."],
     "Walsall Safeguarding Children Board", ["Walsall"], "annual_report", "2016-17"),
    (["Walsall | Dudley | Sandwell | Wolverhampton", "LSCB Newsletter", "Summer 2017",
      "Welcome to the Walsall LSCB newsletter. Walsall schools and Walsall police have joined."],
     "Walsall Local Safeguarding Children Board", ["Walsall"], "newsletter", "2017-18"),
    (["Safeguarding Children Board", "Annual Report 2017-18",
      "Sandwell, Dudley, Walsall and Wolverhampton share a regional protocol.",
      "The Dudley board met six times; Dudley's schools and Dudley police attended."],
     "Dudley Safeguarding Children Board", ["Dudley"], "annual_report", "2017-18"),
])
def test_document_types_and_identity(tmp_path: Path, lines: list[str], board: str, areas: list[str],
                                     doc_type: str, period: str) -> None:
    meta = _meta(tmp_path, lines)
    got = (meta.board, meta.local_authorities, meta.doc_type, meta.period)
    assert got == (board, areas, doc_type, period)


@pytest.mark.parametrize(("lines", "areas", "dates"), [
    (["Inspection of Dorset local authority", "children's services", "Inspection dates: 6 to 17 March 2023",
      "Lead inspector: Jo Smith, His Majesty's Inspector"], ["Dorset"], ("2023-03-06", "2023-03-17", "")),
    (["Metropolitan Borough of Barnsley", "Council",
      "Inspection of services for children in need of help and",
      "protection, children looked after and care leavers",
      "and", "Review of the effectiveness of the Local Safeguarding Children", "Board",
      "Inspection date: 2 June 2014 - 25 June 2014", "Report published: 8 August 2014"],
     ["Barnsley"], ("2014-06-02", "2014-06-25", "2014-08-08")),
    (["Bolton", "Inspection of children's social care services",
      "Inspection dates: 23 April 2018 to 04 May 2018",
      "Comparisons with Wigan and Salford were made."], ["Bolton"], ("2018-04-23", "2018-05-04", "")),
    (["Inspection of Doncaster Metropolitan", "Borough Council children's services",
      "Inspection dates: 14 February to 25 February 2022"], ["Doncaster"], ("2022-02-14", "2022-02-25", "")),
    (["Inspection of looked after children", "services", "Medway Council",
      "Inspection dates: 15-19 July 2013",
      "Published: 23 August 2013"], ["Medway"], ("2013-07-15", "2013-07-19", "2013-08-23")),
    (["Focused visit to Kingston upon Hull children's services", "Dear Ms Smith",
      "This letter summarises the findings of the focused visit."], ["Kingston Upon Hull, City of"],
     ("", "", "")),
])
def test_inspection_reports(tmp_path: Path, lines: list[str], areas: list[str],
                            dates: tuple[str, str, str]) -> None:
    meta = _meta(tmp_path, lines)
    assert (meta.doc_type, meta.board, meta.local_authorities) == ("inspection", "", areas)
    assert (meta.inspection_start, meta.inspection_end, meta.published) == dates


def test_codes_follow_the_reference_list() -> None:
    reference = ROOT.parent / "shared" / "reference" / "local_authorities.csv"
    if not reference.is_file():
        pytest.skip("reference list not available")
    gaz = GAZ
    with reference.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        name = GAZ.resolve_area(row["name"])
        assert name is not None, row["name"]
        auth = gaz.authorities[name]
        assert (auth.la_code, auth.region) == (row["la_code"], row["region"]), name
        assert not row["gss_code"] or auth.gss_code == row["gss_code"], name
    # official names: the reference's spelling, bar County Durham (ONS), variants still accepted
    assert GAZ.codes_of(["County Durham", "Bristol, City of", "Poole"]) == (
        ["840", "801", "836"], ["E06000047", "E06000023", "E06000029"], "")
    assert GAZ.codes_of(["Redbridge"]) == (["317"], ["E09000026"], "London")


def test_a_joint_masthead_wrapped_onto_two_lines_names_all_its_authorities() -> None:
    from report_miner.extractors.metadata.areas import joint_masthead

    zone = ("Hammersmith & Fulham | Kensington and Chelsea | Westminster ANNUAL REPORT 2017-2018\n"
            "Hammersmith & Fulham | Kensington\nand Chelsea | Westminster\nANNUAL REPORT\n2017-2018")
    assert joint_masthead(zone, GAZ) == ["Hammersmith and Fulham", "Kensington and Chelsea", "Westminster"]


def test_handles_acronyms_and_domains_found_from_their_anchors_are_the_full_scans_matches() -> None:
    """metadata/scan.py tries each body pattern only near its anchor; the matches must be exactly
    those of a scan of the whole body, on real bodies and on the edges of each pattern."""
    from report_miner.extractors.metadata import scan

    bodies = ["\n".join(line.text for page in read_pdf(pdf).pages for line in page.lines)
              for pdf in sorted(CORPUS.glob("*.pdf"))]
    bodies += [
        "see www.havering-lscb.gov.uk, x-examplelscb.gov.uk and www.Foo-Bar.ORG.UK or .gov.uk alone",
        "a" * 60 + ".gov.uk " + "b" * 38 + "lscp.org.uk İstanbulscb.gov.uk see " + "c" * 40 + "scb.gov.uk",
        "BexleySCB HaveringLSCPx aBSCB ZSCB,KSCP (BSCB) LSCB SCBSCP WestSussexSCB.",
    ]
    patterns = ((scan.HANDLE, scan.handles), (scan.BOARD_ACRONYM, scan.board_acronyms),
                (scan.DOMAIN, scan.domains))
    found = 0
    for body in bodies:
        for pattern, anchored in patterns:
            expected = [(m.span(), m.groups()) for m in pattern.finditer(body)]
            assert [(m.span(), m.groups()) for m in anchored(body)] == expected, pattern.pattern
            found += len(expected)
    assert found > 30  # the real bodies name their boards' handles and web sites
