"""Words from glyphs, the way a reader sees them.

Producers place text very differently. LibreOffice writes whole runs; Chromium, Google Docs,
InDesign and Word with kerning place glyphs one by one, kern them (boxes overlap), letter-space
tracked capitals, justify lines with wide gaps, overprint a glyph to fake bold and draw
superscripts or whole words out of order. Words are therefore built from character boxes:

- PDFium's own character stream (one native call per page) says where words end, including the
  spaces it generates between placed glyphs; each word then needs only the boxes of its first
  and last glyph.
- A word whose two boxes do not make sense (out of order, on two lines, too narrow for its
  letters, letters doubled by overprinting) is rebuilt from the box of every glyph.
- pdfplumber's characters go through the same glyph path, so both engines give the same words.

Gaps are measured against the glyph box height: inside a word they stay under about 0.12 of it
(kerned or tracked), between words they are at least about 0.27 (measured on both producers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import attrgetter

from .layout import Segment

WORD_GAP = 0.2  # a gap wider than this share of the box height ends a word
GLUE_GAP = 0.12  # pieces closer than this were one word (superscripts, glyphs drawn apart)
OVERPRINT = 0.3  # the same glyph within this share of the height of itself is drawn twice

LIGATURES = str.maketrans({
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st",
})
# Hyphens that the producer added at a line end (PDFium reports a soft hyphen as \x02) are kept
# as SOFT HYPHEN until lines are joined; hyphens inside a word are plain hyphens. PDFium marks any
# hyphen at a line end \x02, so that one is a plain hyphen whose fate the line join decides.
SOFT_HYPHEN = "\u00ad"
_CHARS = str.maketrans({"\x02": "-", "\ufffe": "-", "\u00a0": " "})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_DOUBLE_HYPHEN = re.compile("[\u2010\u2011](?!$)")


def normalise_word(text: str) -> str:
    """A word's text with ligatures expanded, control characters gone, hyphens made plain."""
    if text.isascii() and text.isprintable():
        return text  # nearly every word: nothing to change
    text = _CONTROL.sub("", text.translate(_CHARS).translate(LIGATURES))
    text = _DOUBLE_HYPHEN.sub("-", text)
    if text.endswith(("\u2010", "\u2011")):
        text = text[:-1] + SOFT_HYPHEN
    return text


@dataclass(slots=True)
class Glyph:
    """One character with its box (top-left origin, y grows downwards)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def size(self) -> float:
        return self.bottom - self.top

    @property
    def boxed(self) -> bool:
        """False for a character PDFium generated (a line-end hyphen), which has no box of its own."""
        return self.bottom - self.top > 0.01 and self.x1 > self.x0


def bands_overlap(top: float, bottom: float, other_top: float, other_bottom: float) -> bool:
    """Do two vertical bands share at least half of the shorter one: one line of text?"""
    # comparisons rather than min() and max(): this runs for every word of every page
    low = bottom if bottom < other_bottom else other_bottom
    high = top if top > other_top else other_top
    shorter = bottom - top
    if other_bottom - other_top < shorter:
        shorter = other_bottom - other_top
    return low - high >= 0.5 * (shorter if shorter > 0.1 else 0.1)


def _same_line(a: Glyph, b: Glyph) -> bool:
    return bands_overlap(a.top, a.bottom, b.top, b.bottom)


def _ligature_piece(g: Glyph, prev: Glyph) -> bool:
    # PDFium gives each letter of a ligature glyph (ff, ffi) the ligature's own box
    return abs(g.x0 - prev.x0) < 0.01 and abs(g.x1 - prev.x1) < 0.01 and abs(g.top - prev.top) < 0.01


def _overprinted(g: Glyph, kept: list[Glyph]) -> bool:
    if kept and _ligature_piece(g, kept[-1]):
        return False
    for k in kept[-3:]:
        if k.text != g.text:
            continue  # nearly always: the tolerance is worked out only for the same letter
        # fake bold shifts the copy by a fraction of a point, far less than the glyph is wide
        tol = min(OVERPRINT * max(k.size, 0.1), 0.5 * (k.x1 - k.x0))
        if abs(k.x0 - g.x0) < tol and abs(k.top - g.top) < OVERPRINT * max(k.size, 0.1):
            return True
    return False


def _segment(run: list[Glyph], spaced: bool, seq: int) -> Segment | None:
    text = normalise_word("".join(g.text for g in run)).strip()
    if not text:
        return None
    boxed = [g for g in run if g.boxed] or run
    return Segment(min(g.x0 for g in boxed), max(g.x1 for g in boxed), min(g.top for g in boxed),
                   max(g.bottom for g in boxed), text, open_end=True, spaced=spaced, seq=seq)


def words_from_glyphs(glyphs: list[Glyph], spaced: bool = True, seq: int = 0) -> list[Segment]:
    """Words from glyphs in drawing order; `spaced` says whether a word break precedes them.

    A word ends at a space, a gap wider than WORD_GAP of the glyph height, a jump back to the
    left or a change of line; a glyph drawn twice at the same place counts once.
    """
    words: list[Segment] = []
    run: list[Glyph] = []
    kept: list[Glyph] = []
    run_spaced = spaced
    prev: Glyph | None = None  # the run's last glyph with a box of its own

    def flush(next_spaced: bool, closed: bool = False) -> None:
        nonlocal run, run_spaced, prev
        prev = None
        if run:
            word = _segment(run, run_spaced, seq + len(words))
            if word is not None:
                word.open_end = not closed  # a drawn space closes the word
                words.append(word)
        run, run_spaced = [], next_spaced

    for g in glyphs:
        if g.text.isspace() or not g.text:
            flush(True, closed=True)
            continue
        if not g.boxed:
            run.append(g)
            continue
        if _overprinted(g, kept):
            continue
        kept.append(g)
        if prev is not None:
            size = max(prev.size, g.size, 0.1)
            gap = g.x0 - prev.x1
            if _ligature_piece(g, prev):
                pass
            elif not _same_line(prev, g) or gap < -OVERPRINT * size:
                flush(False)
            elif gap > WORD_GAP * size:
                flush(True)
        run.append(g)
        prev = g
    flush(True)
    return words


def plausible_box(x0: float, top: float, bottom: float, last_x1: float, last_top: float,
                  last_bottom: float, text: str) -> bool:
    """Do the boxes of a word's first and last glyph (left, top, bottom of the first; right, top,
    bottom of the last) fit a word of this many letters? Bare numbers: it runs for every word."""
    size = bottom - top
    last_size = last_bottom - last_top
    if size <= 0 or last_size <= 0 or not bands_overlap(top, bottom, last_top, last_bottom):
        return False
    if abs(size - last_size) > 0.3 * size:
        return False  # a superscript or a change of type inside the word
    width = last_x1 - x0
    n = len(text)
    if width < 0 or width < 0.18 * size * n or width > 1.6 * size * n + size:
        return False
    # letters or the whole word doubled: overprinted fake bold (the first letters are compared
    # before any slice is made, as nearly every word differs there)
    if n < 2 or n % 2:
        return True
    half = n // 2
    return not ((text[0] == text[1] and text[0::2] == text[1::2])
                or (text[0] == text[half] and text[:half] == text[half:]))


BY_X0 = attrgetter("x0")  # a sort key of C code: words are sorted by it on every line of every page


def drop_overprinted_words(segments: list[Segment]) -> list[Segment]:
    """A word drawn twice at almost the same place (fake bold) counts once; sorted by x."""
    ordered = sorted(segments, key=BY_X0)
    if len({s.text for s in ordered}) == len(ordered):
        return ordered  # no word repeated on the line, so none is drawn twice
    kept: list[Segment] = []
    for seg in ordered:
        tol = OVERPRINT * max(seg.bottom - seg.top, 0.1)
        if any(k.text == seg.text and abs(k.x0 - seg.x0) < tol and abs(k.top - seg.top) < tol
               for k in kept[-3:]):
            continue
        kept.append(seg)
    return kept
