"""Which paragraphs could hold a codebook match at all, decided on the plain text.

Most paragraphs of a report name no theme (on the sample corpus, three in four), yet tokenising
them is most of what tagging costs. A match needs every word of its phrase, term or acronym, and
every word a token pattern requires, to be in the paragraph. So each of those is a rule of required
words, and a paragraph that satisfies no rule is not given to spaCy.

The test must never turn away a paragraph spaCy would match. A spaCy token made of word characters
is one of the text's runs of word characters, or a piece of one where the tokenizer splits inside a
run: a special case (`cannot` -> `can`, `not`) or a number glued to letters (`10km`). Both kinds of
piece count as present. A required token with other characters in it (`&`, `'s`) is not checked,
and a rule with no word left to check is looked for as a substring.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

_RUN = re.compile(r"\w+")
_PIECE = re.compile(r"[^\W\d_]+|\d+")


@dataclass(frozen=True)
class Required:
    """One token a match cannot do without: its lower-cased form is one of `lowers`, or the lemma
    of that form one of `lemmas`."""

    lowers: frozenset[str] = frozenset()
    lemmas: frozenset[str] = frozenset()

    def checkable(self) -> bool:
        return all(_RUN.fullmatch(w) for w in self.lowers | self.lemmas) and bool(self.lowers | self.lemmas)

    def met(self, lowers: set[str], lemmas: set[str]) -> bool:
        return not self.lowers.isdisjoint(lowers) or not self.lemmas.isdisjoint(lemmas)


class TextGate:
    """The required words of a codebook; `could_match(text)` says whether tokenising `text` can find
    a match, by looking for a rule whose words are all in it."""

    def __init__(self, lemmas: Mapping[str, str], special_cases: Mapping[str, Sequence[str]]) -> None:
        self._lemma_table = lemmas
        self._splits = special_cases
        self._by_lower: dict[str, list[list[Required]]] = defaultdict(list)
        self._by_lemma: dict[str, list[list[Required]]] = defaultdict(list)
        self._literal: set[str] = set()  # rules with no word to check: their text, as a substring
        self.always = False  # a pattern no word can be required of: every paragraph is a candidate

    def add_rule(self, required: Sequence[Required], text: str = "") -> None:
        """A match needs all of `required`; `text` is what to look for when none can be checked."""
        rule = [r for r in required if r.checkable()]
        if not rule:
            if text.strip():
                self._literal.add(text.lower())
            else:
                self.always = True
            return
        first = rule[0]  # indexed under its first word: the other words are checked on a hit
        for lower in first.lowers:
            self._by_lower[lower].append(rule)
        for lemma in first.lemmas:
            self._by_lemma[lemma].append(rule)

    def _words(self, lowered: str) -> set[str]:
        words = set(_RUN.findall(lowered))
        for run in [w for w in words if not w.isalpha()]:
            words.update(_PIECE.findall(run))
        for run in words & self._splits.keys():
            words.update(self._splits[run])
        return words

    def could_match(self, text: str) -> bool:
        if self.always:
            return True
        lowered = text.lower()
        lowers = self._words(lowered)
        get = self._lemma_table.get
        lemmas = {get(w, w) for w in lowers}
        for index, present in ((self._by_lower, lowers), (self._by_lemma, lemmas)):
            for word in present & index.keys():
                if any(all(r.met(lowers, lemmas) for r in rule) for rule in index[word]):
                    return True
        return any(literal in lowered for literal in self._literal)


def special_cases(rules: Mapping[str, Sequence[Mapping[int, str]]], orth: int) -> dict[str, list[str]]:
    """The tokenizer's special cases that split a run of word characters (`cannot`), lower-cased:
    `rules` is the tokenizer's table of special cases, `orth` spaCy's ORTH attribute id."""
    pieces: dict[str, list[str]] = {}
    for key, tokens in rules.items():
        if key.isalnum() and len(tokens) > 1:
            words = pieces.setdefault(key.lower(), [])
            words.extend(str(t[orth]).lower() for t in tokens if str(t[orth]).lower() not in words)
    return pieces


def _words(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and isinstance(value.get("IN"), list):
        return [str(v) for v in value["IN"]]
    return []


def required_words(pattern: list[dict[str, Any]]) -> list[Required]:
    """The words of every token a pattern cannot match without (no `OP`, or `+`), each as the
    lower-cased forms or lemmas it allows."""
    required = []
    for spec in pattern:
        if spec.get("OP") not in (None, "+"):
            continue
        lowers = frozenset(w.lower() for w in _words(spec.get("LOWER")) + _words(spec.get("ORTH")))
        lemmas = frozenset(_words(spec.get("LEMMA")))
        if lowers:  # a token with both must satisfy both: either one is required
            required.append(Required(lowers=lowers))
        elif lemmas:
            required.append(Required(lemmas=lemmas))
    return required
