"""Why a mention shows that a document substantively discusses a theme (themes.csv `basis`).

A theme is present when the document has two or more mentions of it (`mentions`), or when one
mention is itself substantive:
- `heading`: a heading or another short line standing on its own;
- `table_row`: a row of a table;
- `contents`: an entry of a table of contents (`7. Voice and Engagement`, `Neglect guidance 9`);
- `list_item`: a short item of a list naming it;
- `priority`: a sentence that states the board's priorities, or any sentence under a priorities heading;
- `review`: an audit, review or inspection on it (`multi-agency auditing focusing on neglect`);
- `newsletter_item`: in a newsletter, the opening sentence of an item about it (`A Serious Case Review
  into ... has been published`).
A single passing word stays out: a sentence of the board's vision or mission, or a tagline, is
never substantive on its own, whatever block it sits in (the heading rule apart).
"""

from __future__ import annotations

import re

from ..text.layer import Block, BlockKind

# the order bases are listed in
BASES = ("mentions", "heading", "table_row", "contents", "priority", "review", "list_item", "newsletter_item")

MAX_LIST_ITEM_WORDS = 25
MAX_CONTENTS_WORDS = 10
REVIEW_REACH_WORDS = 12

_CONTENTS_ENTRY = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*\.?\s+[A-Za-z][^.!?]{0,80}$"
                             r"|^\s*[A-Za-z][^.!?]{0,80}?(?:\.{2,}|\s)\s*\d{1,3}\.?\s*$")
_PRIORITY = re.compile(r"\bprioriti(?:y|es|se|sed|sing|ze|zed)\b", re.I)
_REVIEW = re.compile(r"\b(?:audit(?:s|ed|ing)?|review(?:s|ed|ing)?|inspect(?:ion|ions|ed)|deep[\s-]dives?|"
                     r"thematic)\b", re.I)
_PASSING = re.compile(r"\b(?:vision|mission|motto|strapline|tagline|slogan)\b", re.I)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


def _words(text: str) -> int:
    return len(text.split())


def _review_before(sentence: str, offset: int) -> bool:
    """An audit / review / inspection word shortly before the mention at `offset` of the sentence."""
    before = sentence[:offset]
    ends = [m.end() for m in _REVIEW.finditer(before)]
    return bool(ends) and _words(before[ends[-1]:]) <= REVIEW_REACH_WORDS


def _first_sentence(block_text: str, start: int) -> bool:
    return _SENTENCE_END.search(block_text[:start]) is None


def hit_basis(block: Block, block_text: str, sentence: str, offset: int, start: int, doc_type: str) -> str:
    """The basis one mention gives on its own, or "" for a passing mention.

    `sentence` is the mention's sentence, `offset` where the mention starts in it, `start` where it
    starts in `block_text`.
    """
    if block.kind == BlockKind.HEADING:
        return "heading"
    if block.kind == BlockKind.TABLE_ROW:
        return "table_row"
    text = block_text.strip()
    if _words(text) <= MAX_CONTENTS_WORDS and _CONTENTS_ENTRY.match(text):
        return "contents"
    if _PASSING.search(sentence):
        return ""
    if _PRIORITY.search(sentence) or any(_PRIORITY.search(h) for h in block.section[-2:]):
        return "priority"
    if _review_before(sentence, offset):
        return "review"
    if block.kind == BlockKind.LIST_ITEM and _words(text) <= MAX_LIST_ITEM_WORDS:
        return "list_item"
    if doc_type == "newsletter" and _first_sentence(block_text, start):
        return "newsletter_item"
    return ""


def ordered(bases: set[str]) -> list[str]:
    return [b for b in BASES if b in bases]
