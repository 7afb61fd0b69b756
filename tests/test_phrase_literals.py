"""The text each metric phrase requires (extractors/statistics/literals.py) lets a sentence that
cannot hold any phrase skip the search; it must never turn away one that does."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import CORPUS

from report_miner import Patterns
from report_miner.extractors.statistics.literals import fold, required_literals
from report_miner.extractors.statistics.vocab import FLAGS
from report_miner.reader import read_pdf


@pytest.mark.parametrize(("pattern", "required"), [
    ("colou?r", ["colo"]),  # an optional letter ends the text it belongs to
    ("x(?:foo|barbaz)y", ["barbaz", "foo"]),  # a required group: one of its alternatives
    ("(?:abc)?defg", ["defg"]),  # an optional group requires nothing
    ("(?:abc){0,2}xyz", ["xyz"]),
    ("abcd+e", ["abcd"]),  # required once, then repeated
    (r"s\.?47 enquir", ["47 enquir"]),  # an escaped character is plain text
    ("(?-i:SCR)s", ["scr"]),  # a case-sensitive group still requires its letters
    (r"abc\sdef", ["abc"]),  # a class is not plain text
    ("abc|de", None),  # an alternative of two letters: nothing long enough to ask for
    ("(?x)abc def", None),  # verbose: spaces do not mean spaces
    ("(?P<x>abc)def", None),  # named groups are not read
])
def test_required_text_of_a_pattern(pattern: str, required: list[str] | None) -> None:
    assert required_literals(pattern) == required


def test_case_insensitive_letters_beyond_ascii_are_folded_as_the_search_folds_them() -> None:
    # with IGNORECASE, 'ſ' matches 's' and 'ı' matches 'i': the folded text must show them so
    for text in ("Referralſ", "chıldren", "CHİLDREN"):
        assert re.search("referrals|children", text, re.I)
        assert "referrals" in fold(text) or "children" in fold(text)


def _phrases() -> list[str]:
    data = yaml.safe_load(Patterns(None).file("metrics.yaml").read_text(encoding="utf-8"))
    return [p for spec in data["metrics"].values() for key in ("phrases", "before_only")
            for p in spec.get(key) or []]


def test_every_bundled_phrase_requires_some_text() -> None:
    phrases = _phrases()
    missing = [p for p in phrases if required_literals(p) is None]
    assert not missing, "a phrase without required text makes every sentence searched in full"
    assert Patterns(None).statistics_vocab.required is not None


def test_every_match_in_the_corpus_holds_a_text_its_phrase_requires() -> None:
    sentences = [line.text for pdf in sorted(CORPUS.glob("*.pdf")) for page in read_pdf(pdf).pages
                 for line in page.lines]
    matched = 0
    for phrase in _phrases():
        texts = required_literals(phrase)
        assert texts is not None
        for match in filter(None, (re.search(phrase, s, FLAGS) for s in sentences)):
            matched += 1
            assert any(t in fold(match.group()) for t in texts), (phrase, match.group())
    assert matched > 100
