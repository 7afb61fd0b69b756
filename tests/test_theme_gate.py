"""The text gate of the theme tagger: paragraphs that no codebook rule could match are not
tokenised, and no paragraph that spaCy would match is ever turned away."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import CORPUS

from report_miner import Patterns
from report_miner.reader import read_pdf
from report_miner.text.layer import build_text
from report_miner.themes.tagger import ThemeTagger, _normalise, _paragraphs

PATTERNS = Patterns()  # the bundled patterns folder


@pytest.fixture(scope="module")
def tagger() -> ThemeTagger:
    return ThemeTagger.from_patterns(PATTERNS)


def _positive_matches(tagger: ThemeTagger, text: str) -> list[str]:
    """Every match of every matcher on the whole paragraph, tokenised regardless of the gate."""
    doc = next(tagger._process([_normalise(text)]))
    strings = tagger.nlp.vocab.strings
    found = []
    for matcher in (tagger.phrases, tagger.terms, tagger.acronyms, tagger.patterns):
        found += [strings[m] for m, _, _ in matcher(doc) if not strings[m].startswith("!")]
    return found


@pytest.mark.parametrize("stem", ["triborough-lscb-annual-report-2017-18", "redbridge-newsletter-summer-2018",
                                  "redbridge-annual-report-2012-13"])
def test_gate_passes_every_paragraph_with_a_match(tagger: ThemeTagger, stem: str) -> None:
    doc = read_pdf(CORPUS / f"{stem}.pdf")
    paragraphs = _paragraphs(build_text(doc, (), PATTERNS.gazetteer))
    passed = matched = 0
    for para in paragraphs:
        could = tagger._text_gate.could_match(_normalise(para.text))
        passed += could
        if _positive_matches(tagger, para.text):
            matched += 1
            assert could, para.text
    assert matched > 20
    # the gate is worth having: most paragraphs are not tokenised, and few pass without a match
    assert passed < 0.6 * len(paragraphs)
    assert passed < 1.5 * matched


def _tagger(entry: dict[str, Any]) -> ThemeTagger:
    return ThemeTagger({"themes": {"probe": entry}}, None, PATTERNS)


def test_words_the_tokenizer_splits_inside_a_run_still_pass() -> None:
    # spaCy splits "cannot" into "can" + "not", and "10km" into "10" + "km"
    absent = _tagger({"phrases": ["not attend school"]})
    assert absent.tag_text("Pupils who cannot attend school") == ["probe"]
    assert absent.tag_text("Pupils who attend school") == []
    assert _tagger({"terms": ["km walk"]}).tag_text("A sponsored 10km walk for the board") == ["probe"]


def test_inflected_forms_pass_on_their_lemma() -> None:
    tagger = _tagger({"phrases": ["exploit child"]})
    assert tagger.tag_text("Adults who exploited children were prosecuted") == ["probe"]
    assert tagger.tag_text("Adults who were prosecuted") == []


def test_a_pattern_requiring_no_word_lets_every_paragraph_through() -> None:
    tagger = _tagger({"patterns": [[{"IS_DIGIT": True}, {"LOWER": {"REGEX": "^referr"}}]]})
    assert tagger._text_gate.always
    assert tagger.tag_text("There were 12 referrals in the year") == ["probe"]


def test_a_rule_of_symbols_only_is_looked_for_as_text() -> None:
    tagger = _tagger({"acronyms": ["A&E"]})
    assert tagger.tag_text("Young people seen at A&E after self-harm") == ["probe"]
    assert tagger.tag_text("Young people seen after self-harm") == []
