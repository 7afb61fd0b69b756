"""Board handles, board acronyms and web domains in a document's body, found from their anchors.

Each of these patterns would otherwise be tried at every character of the whole body, three
scans that cost as much as the rest of the metadata. Every match holds an anchor a plain scan finds
at once (`SCB`/`SCP` in a handle or an acronym, `.gov.uk`/`.org.uk` in a domain), and starts
within a known reach before it, so each pattern is tried only there. The matches are exactly those
of `finditer` over the body (tests/test_metadata.py compares them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# `BexleySCB`, `HaveringLSCP`: a handle is a whole run of letters ending in the suffix
HANDLE = re.compile(r"(?<![A-Za-z])([A-Z][a-z]+(?:[A-Z][a-z]+){0,3})(LSCB|LSCP|SCB|SCP)(?![A-Za-z])")
# `BSCB`, `KSCP` (not LSCB/LSCP themselves): also a whole run of letters
BOARD_ACRONYM = re.compile(r"(?<![A-Za-z])(?!L?SC[BP])[A-Z]{1,3}(SCB|SCP)(?![A-Za-z])")
# the lookahead runs over one word and fails at once unless a .gov.uk or .org.uk follows it, so
# the lazy name group is tried only there
DOMAIN = re.compile(r"\b(?=[a-z\-]*\.(?:gov|org)\.uk)"
                    r"([a-z][a-z\-]{2,40}?)(?:lscb|scb|lscp|scp)?\.(?:gov|org)\.uk\b", re.I)

_SUFFIX_ANCHOR = re.compile(r"SC[BP]")
_DOMAIN_ANCHOR = re.compile(r"\.(?:gov|org)\.uk", re.I)
# a domain's name (at most 41 characters) and board suffix (at most 4) come before its anchor
DOMAIN_REACH = 48


def _letter_run_start(text: str, index: int) -> int:
    while index > 0 and text[index - 1].isascii() and text[index - 1].isalpha():
        index -= 1
    return index


def _whole_runs(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Matches of a pattern whose every match is a whole run of ASCII letters holding SCB or SCP:
    each such run is tried once, from its start."""
    tried = -1
    for anchor in _SUFFIX_ANCHOR.finditer(text):
        start = _letter_run_start(text, anchor.start())
        if start == tried:
            continue  # a second anchor in the same run
        tried = start
        m = pattern.match(text, start)
        if m is not None:
            yield m


def handles(text: str) -> Iterator[re.Match[str]]:
    return _whole_runs(HANDLE, text)


def board_acronyms(text: str) -> Iterator[re.Match[str]]:
    return _whole_runs(BOARD_ACRONYM, text)


def domains(text: str) -> Iterator[re.Match[str]]:
    """The matches of DOMAIN: the next one after `pos` ends in the first anchor after `pos`, or a
    later one, so it is searched for from just before that anchor."""
    pos = 0
    while True:
        anchor = _DOMAIN_ANCHOR.search(text, pos)
        if anchor is None:
            return
        m = DOMAIN.search(text, max(pos, anchor.start() - DOMAIN_REACH))
        if m is None:
            return
        yield m
        pos = m.end()
