"""Steps over spaCy docs that work on attribute arrays and create no Token objects.

Creating a Python Token per word costs more than tokenising and matching together; a document
has hundreds of thousands of words. So sentence starts are set from arrays here, by the rule of
spaCy's own sentencizer, and the token-pattern Matcher runs only on paragraphs that hold every
word one of its patterns needs.
"""

from __future__ import annotations

from typing import Any, cast

import numpy
from spacy.attrs import IS_PUNCT, LEMMA, LOWER, ORTH, SENT_START
from spacy.pipeline import Sentencizer
from spacy.strings import StringStore
from spacy.tokens import Doc

_ATTRS = {"ORTH": ORTH, "LOWER": LOWER, "LEMMA": LEMMA}


class SentenceStarts:
    """The sentencizer's rule: a sentence ends at a full stop, question or exclamation mark (any
    script's), and the next one starts at the first word after it that is not punctuation."""

    def __init__(self, strings: StringStore) -> None:
        self._enders = frozenset(strings.add(ch) for ch in Sentencizer.default_punct_chars)

    def set(self, doc: Doc) -> None:
        n = len(doc)
        if not n:
            return
        values = doc.to_array([ORTH, IS_PUNCT])
        punct = values[:, 1] != 0
        ender = numpy.zeros(n, dtype=bool)
        # every sentence-ending mark is punctuation: look only among those
        marks = numpy.flatnonzero(punct)
        if len(marks):
            ender[marks] = [orth in self._enders for orth in values[marks, 0].tolist()]
        word = ~ender & ~punct
        seen = numpy.cumsum(ender)
        starts = numpy.full(n, -1, dtype="int64")
        positions = numpy.flatnonzero(word)
        if len(positions):
            before = numpy.concatenate(([0], seen[positions[:-1]]))
            after_stop = seen[positions - 1] - before > 0
            after_stop[positions == 0] = False
            starts[positions[after_stop]] = 1
        starts[0] = 1
        doc.from_array([SENT_START], cast(Any, starts.astype("uint64").reshape(n, 1)))


class PatternGate:
    """Which token patterns could match a paragraph at all: every token a pattern must have
    (no `OP`, or `+`) names words, one of which the paragraph has to hold."""

    def __init__(self) -> None:
        self._needs: list[list[tuple[int, frozenset[int]]]] = []

    def add(self, pattern: list[dict[str, Any]], strings: StringStore) -> None:
        needs: list[tuple[int, frozenset[int]]] = []
        for spec in pattern:
            if spec.get("OP") not in (None, "+"):
                continue
            for name, attr in _ATTRS.items():
                value = spec.get(name)
                words = [value] if isinstance(value, str) else (
                    value.get("IN") if isinstance(value, dict) else None)
                if words:
                    needs.append((attr, frozenset(strings.add(str(w)) for w in words)))
        self._needs.append(needs)

    def open_for(self, doc: Doc) -> bool:
        if not self._needs or not len(doc):
            return False
        values = doc.to_array([ORTH, LOWER, LEMMA])
        present = {ORTH: set(values[:, 0].tolist()), LOWER: set(values[:, 1].tolist()),
                   LEMMA: set(values[:, 2].tolist())}
        return any(all(not words.isdisjoint(present[attr]) for attr, words in needs)
                   for needs in self._needs)
