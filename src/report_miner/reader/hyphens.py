"""Words broken at a line end, made whole again.

A soft hyphen or a producer's line-end hyphen (U+2010, kept as SOFT HYPHEN by the glyph reader)
always joins: `safe‐` / `guarding` is `safeguarding`. A plain `-` at a line end may be a
compound broken after its own hyphen (`multi-` / `agency`), so it joins without the hyphen only
when the document itself spells the word whole, or when the first part is no word on its own and
the compound is not spelt with a hyphen elsewhere. Numbers keep their hyphen (`2016-` / `17`).
"""

from __future__ import annotations

import re
from collections import Counter

from ..lexicon import english_words
from .glyphs import SOFT_HYPHEN
from .layout import Line, Page

_WORD = re.compile(r"[^\W\d_][\w'’]*")
_TAIL = re.compile(r"(\S+?)([-\u00ad])$")
_HEAD = re.compile(r"^([^\W_][\w'’]*)(.*)$", re.S)


# first parts that make compounds rather than words (`multi-agency`, `sub-group`, `co-ordinate`)
_PREFIXES = frozenset("multi sub non co cross inter intra self well pre post anti ex step semi mid pan "
                      "under over out e".split())
_EDGE = "\"'“”‘’()[],.;:!?"


def _vocabulary(pages: list[Page]) -> Counter[str]:
    """Words of the document, leaving out the pieces of words broken at a line end."""
    words: Counter[str] = Counter()
    for page in pages:
        for line in page.lines:
            tokens = line.text.split()
            if tokens and tokens[-1].endswith(("-", SOFT_HYPHEN)):
                tokens = tokens[:-1]
            words.update(t.strip(_EDGE).lower() for t in tokens[1:])
    return words


def _keeps_hyphen(left: str, right: str, vocabulary: Counter[str]) -> bool:
    if left[-1:].isdigit() or right[:1].isdigit():
        return True
    whole, compound = (left + right).lower(), f"{left}-{right}".lower()
    if vocabulary[compound]:
        return True
    if vocabulary[whole]:
        return False
    if left.lower() in _PREFIXES:
        return True
    # English says whether the joined word is a word (`commis-` / `sioner`); halves that are
    # words of English or of the document make a compound (`ill-` / `health`, `child-centred`)
    lexicon = english_words()
    if whole in lexicon:
        return False
    return all(h in lexicon or vocabulary[h] for h in (left.lower(), right.lower()))


def _join(line: Line, following: Line, vocabulary: Counter[str]) -> None:
    last, first = line.segments[-1], following.segments[0]
    tail = _TAIL.search(last.text)
    head = _HEAD.match(first.text)
    if not tail or not head or not tail.group(1)[-1:].isalnum():
        return
    left_word = re.split(r"[\s/(\[\"“]", tail.group(1))[-1]
    right_word, rest = head.group(1), head.group(2)
    # the punctuation that closes the broken word goes with it (`avail-` / `able.`)
    closing = rest[: len(rest) - len(rest.lstrip(_EDGE))] if rest[:1] in _EDGE else ""
    rest = rest[len(closing):].lstrip()
    soft = tail.group(2) == SOFT_HYPHEN
    if not soft and not right_word[:1].islower() and not right_word[:1].isdigit():
        return
    keep = not soft and _keeps_hyphen(left_word.rsplit("-", 1)[-1], right_word, vocabulary)
    last.text = last.text[: -1] + ("-" if keep else "") + right_word + closing
    if rest:
        first.text = rest
    else:
        following.segments = following.segments[1:]


def join_hyphenated(pages: list[Page]) -> None:
    """Join words broken at line ends in reading order, in place; leftover soft hyphens become `-`."""
    vocabulary = _vocabulary(pages)
    for page in pages:
        _join_page(page, vocabulary)
        for line in page.lines + page.header_lines + page.footer_lines:
            for seg in line.segments:
                if SOFT_HYPHEN in seg.text:
                    seg.text = seg.text.replace(SOFT_HYPHEN, "-")


def _join_page(page: Page, vocabulary: Counter[str]) -> None:
    lines = page.lines
    for i, line in enumerate(lines[:-1]):
        if i in page.table_line_ids or (i + 1) in page.table_line_ids:
            continue
        following = lines[i + 1]
        if line.segments and following.segments and line.segments[-1].text.endswith(("-", SOFT_HYPHEN)):
            _join(line, following, vocabulary)
    if any(not ln.segments for ln in lines):
        # a line whose only word went up to the line before is gone; table line indices follow
        in_tables = {id(lines[i]) for i in page.table_line_ids}
        page.lines = [ln for ln in lines if ln.segments]
        page.table_line_ids = {i for i, ln in enumerate(page.lines) if id(ln) in in_tables}
