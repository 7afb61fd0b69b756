"""Board priorities from the sample reports and from small generated PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS
from pdf_factory import text_pdf

from report_miner.extractors.priorities import extract_priorities
from report_miner.models import DocumentMeta, Priority
from report_miner.reader import read_pdf
from report_miner.themes import ThemeTagger

Found = dict[str, dict[tuple[str, str], Priority]]
PERIODS = {
    "triborough-lscb-annual-report-2017-18": "2017-18",
    "redbridge-newsletter-summer-2018": "2018-19",
    "redbridge-annual-report-2012-13": "2012-13",
    "havering-scb-annual-report-2016-17": "2016-17",
}


@pytest.fixture(scope="module")
def tagger() -> ThemeTagger:
    return ThemeTagger.from_patterns(None)


@pytest.fixture(scope="module")
def priorities(tagger: ThemeTagger) -> Found:
    out = {}
    for stem, period in PERIODS.items():
        doc = read_pdf(CORPUS / f"{stem}.pdf")
        found = extract_priorities(doc, DocumentMeta(period=period), stem, tagger)
        out[stem] = {(p.period, p.number): p for p in found}
        assert len(out[stem]) == len(found), "one row per period and number"
    return out


def test_triborough_priorities(priorities: Found) -> None:
    found = priorities["triborough-lscb-annual-report-2017-18"]
    assert sorted(found) == [("2017-18", "1"), ("2017-18", "2"), ("2017-18", "3")]
    first = found[("2017-18", "1")]
    assert first.title == "Reducing the Harm of Domestic Abuse and Coercive Control"
    assert first.themes == ["domestic_abuse"]
    assert first.evidence.startswith("Priority 1")
    assert first.page == 2
    assert set(found[("2017-18", "2")].themes) == {"child_sexual_exploitation", "peer_on_peer_abuse"}
    assert found[("2017-18", "3")].themes == ["voice_of_child"]


def test_newsletter_priorities_title_below_label(priorities: Found) -> None:
    found = priorities["redbridge-newsletter-summer-2018"]
    assert sorted(n for _, n in found) == ["1", "2", "3", "4", "5", "6"]
    assert {p for p, _ in found} == {"2018-19"}
    assert "mental ill-health" in found[("2018-19", "1")].title
    assert found[("2018-19", "1")].themes == ["mental_health"]
    assert "dangerous cultural practices" in found[("2018-19", "6")].title
    assert "harmful_practices" in found[("2018-19", "6")].themes
    assert "peer-on-peer abuse" in found[("2018-19", "3")].title


def test_redbridge_two_business_plans(priorities: Found) -> None:
    """The 2012-13 report states this year's plan and next year's: strategic themes and priorities."""
    found = priorities["redbridge-annual-report-2012-13"]
    this_year = {n for p, n in found if p == "2012-13"}
    next_year = {n for p, n in found if p == "2013-14"}
    numbers = {"1", "2", "3", "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3"}
    assert this_year == numbers | {"3.4"}
    assert next_year == numbers
    assert "best start in life" in found[("2012-13", "1")].title
    assert "continue to develop the role" in found[("2013-14", "3")].title.lower()
    assert "silent victims" in found[("2013-14", "2.2")].title
    assert {"child_sexual_exploitation", "trafficking", "missing_children"} <= set(
        found[("2013-14", "2.2")].themes)
    assert "privately fostered" in found[("2012-13", "2.2")].title
    assert "private_fostering" in found[("2012-13", "2.2")].themes
    assert "early years action plans" in found[("2012-13", "1.1")].title.lower()


def test_havering_numbered_strategic_aims(priorities: Found) -> None:
    found = priorities["havering-scb-annual-report-2016-17"]
    assert sorted(found) == [("2016-17", str(n)) for n in range(1, 7)]
    assert found[("2016-17", "2")].title.startswith("Monitor the effectiveness of the multi-agency")
    assert found[("2016-17", "2")].themes == ["early_help"]
    # the list of report sections below the aims ("1. Ofsted Inspection") is not a list of priorities
    assert not any("Ofsted" in p.title for p in found.values())


def _extract(tmp_path: Path, lines: list[str], tagger: ThemeTagger) -> list[Priority]:
    path = tmp_path / "plan.pdf"
    path.write_bytes(text_pdf(lines))
    return extract_priorities(read_pdf(path), DocumentMeta(period="2017-18"), "x", tagger)


def test_numbered_list_under_heading_with_year(tmp_path: Path, tagger: ThemeTagger) -> None:
    found = _extract(tmp_path, [
        "Our priorities for 2018-19", "",
        "1. Tackling neglect of older children and adolescents", "",
        "2. Reducing the harm of domestic abuse", "",
        "3. Hearing the voice of children and young people", "",
        "This report also covers:", "",
        "1. Training figures for the year", "",
        "2. The budget",
    ], tagger)
    assert [(p.period, p.number) for p in found] == [("2018-19", "1"), ("2018-19", "2"), ("2018-19", "3")]
    assert found[0].themes == ["neglect"]
    assert found[1].title == "Reducing the harm of domestic abuse"


def test_labelled_forms_and_references(tmp_path: Path, tagger: ThemeTagger) -> None:
    found = _extract(tmp_path, [
        "Strategic Aim 2 - Protecting children from sexual exploitation", "",
        "Priority One: Improving early help for families", "",
        "Priority 3 has been reviewed by the Board and is on track.",
    ], tagger)
    by_number = {p.number: p for p in found}
    assert set(by_number) == {"2", "1"}
    assert by_number["2"].title == "Protecting children from sexual exploitation"
    assert by_number["2"].themes == ["child_sexual_exploitation"]
    assert by_number["1"].themes == ["early_help"]
    assert by_number["1"].period == "2017-18"
