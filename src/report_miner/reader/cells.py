"""Cell text: which cells hold figures, and how the lines of a wrapped cell join up."""

from __future__ import annotations

import re

from ..lexicon import english_words
from .layout import Segment

_NUMERIC_CELL = re.compile(r"^[(\-–£$€]*\s*\d[\d,.\s]*%?\)?$|^(y|n|yes|no|n/?a|-|–|x|✓)$", re.I)


def is_numeric_cell(text: str) -> bool:
    return bool(_NUMERIC_CELL.match(text.strip()))


_SHORT_WORDS = frozenset(
    "a an and the of to in for on at by or is be are was with not all as per via its who may can new use "
    "how our we it no so if up out any has had his her one two six ten".split())


def _glued(left: str, right: str) -> bool:
    """Does `right` (the next line of a cell) continue the last word of `left`?

    Narrow columns wrap inside words ("Pro" / "gra" / "mm" / "e", "LBH" / "F"); a wrap at a
    space starts the next line with a whole word.
    """
    if not left or not right or left.endswith(" ") or not right[:1].isalnum():
        return False
    if left.endswith("-"):
        return True
    last, first = left.split()[-1], right.split()[0].rstrip(".,;:)")
    if right[0].isupper():
        return _capitals_glued(left, last, first)
    if not right[0].islower() or (" " in right and first.lower() in _SHORT_WORDS):
        return False  # a line that opens with a whole short word (`Total` / `no. of sessions`)
    if len(left) <= 5 and last.lower() not in _SHORT_WORDS:
        # a short fragment, unless it is a whole word and so is what follows (`Total` / `number`)
        return not (len(last) >= 4 and len(first) >= 4 and _two_words(last, first))
    return len(first) <= 3 and first.lower() not in _SHORT_WORDS


def _capitals_glued(left: str, last: str, first: str) -> bool:
    """An acronym broken in a narrow cell (`LBH` / `F`)."""
    return last.isupper() and first.isupper() and len(left) <= 5 and len(last) <= 3 and len(first) <= 3


def _two_words(last: str, first: str) -> bool:
    """Both pieces are English words and together they are not one."""
    words = english_words()
    a, b = last.lower(), first.lower()
    return a in words and b in words and (a + b) not in words


def join_fragments(fragments: list[Segment]) -> str:
    """Text of a cell from its line fragments, mending words a narrow column broke."""
    out = ""
    for i, seg in enumerate(fragments):
        if i and out:
            prev = fragments[i - 1]
            out += "" if prev.open_end and _glued(prev.text, seg.text) else " "
        out += seg.text
    return out.strip()



def join_text(left: str, right: str) -> str:
    if not left:
        return right
    tail = left.split()[-1] if left.split() else left
    return left + right if _glued(tail, right) else left + " " + right
