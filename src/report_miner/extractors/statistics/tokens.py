"""Sentence tokens for the text binder: numbers, dates and financial years, metric phrases, words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...periods import DATE_PATTERN, FY_PATTERN, MONTH_YEAR_PATTERN, parse_as_of, parse_fy
from .vocab import PhraseHit

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
TOKEN_RE = re.compile(rf"(?P<num>(?:{_NUM})(?:\s?%|\s(?:per ?cent|percent)\b)?)"
                      r"|(?P<word>[A-Za-z][A-Za-z'’&.-]*[A-Za-z]|[A-Za-z])|(?P<punct>[^\sA-Za-z\d])")
RELATIVE_RE = re.compile(r"\b(?:the )?(?:year before|(?:previous|last|preceding|prior) "
                         r"(?:reporting |financial )?(?:year|period))\b", re.I)
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
DAY_AFTER = re.compile(rf"\s?(?:st|nd|rd|th)\b|\s+(?:of\s+)?{_MONTHS}\b", re.I)
DAY_BEFORE = re.compile(rf"\b{_MONTHS}\s+$", re.I)
# what each kind of time span cannot do without: one scan turns most sentences away from all four
_YEAR = re.compile(r"(?:19|20)\d\d")
_RELATIVE_WORD = re.compile(r"year|period", re.I)


@dataclass
class Tok:
    kind: str  # num | year | day | enum | word | punct | time | phrase
    text: str
    start: int
    end: int
    value: float | None = None
    pct: bool = False
    time: tuple[str, str] | None = None  # ("date", iso) | ("fy", "2012-13") | ("rel", "-1")
    phrase: PhraseHit | None = None


TimeSpan = tuple[int, int, tuple[str, str]]  # start, end and what it names: ("date", iso) ...


def time_spans(text: str) -> list[TimeSpan]:
    """Dates, months and financial years in `text`, longest-first without overlaps."""
    spans: list[TimeSpan] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    patterns: list[tuple[re.Pattern[str], str]] = []
    if _YEAR.search(text):  # a date, a month and a financial year all name a year
        patterns += [(DATE_PATTERN, "date"), (MONTH_YEAR_PATTERN, "date"), (FY_PATTERN, "fy")]
    if _RELATIVE_WORD.search(text):
        patterns.append((RELATIVE_RE, "rel"))
    for rx, kind in patterns:
        for m in rx.finditer(text):
            if not free(m.start(), m.end()):
                continue
            if kind == "date":
                iso = parse_as_of(m.group(0))
                if not iso:
                    continue
                ref = ("date", iso)
            elif kind == "fy":
                fy = parse_fy(m.group(0))
                if not fy:
                    continue
                ref = ("fy", fy)
            else:
                ref = ("rel", "-1")
            spans.append((m.start(), m.end(), ref))
            taken.append((m.start(), m.end()))
    return sorted(spans)


def tokenize(text: str, spans: list[TimeSpan], hits: list[PhraseHit]) -> list[Tok]:
    """The sentence's tokens, its time spans (`time_spans`) and metric phrases (`Vocab.find_phrases`)
    each one token."""
    specials = _specials(text, spans, hits)
    out: list[Tok] = []
    si = 0
    for m in TOKEN_RE.finditer(text):
        while si < len(specials) and specials[si][1] <= m.start():
            si += 1
        if si < len(specials) and specials[si][0] <= m.start() < specials[si][1]:
            if not out or out[-1] is not specials[si][2]:
                out.append(specials[si][2])
            continue
        kind = m.lastgroup or "punct"
        out.append(_number(m, text) if kind == "num" else Tok(kind, m.group(0), m.start(), m.end()))
    return out


def _specials(text: str, spans: list[TimeSpan], hits: list[PhraseHit]) -> list[tuple[int, int, Tok]]:
    """Dates and metric phrases as whole tokens, by start: (start, end, token). A phrase overlapping a
    date is not one."""
    specials: list[tuple[int, int, Tok]] = []
    for a, b, ref in spans:
        specials.append((a, b, Tok("time", text[a:b], a, b, time=ref)))
    for hit in hits:
        if all(hit.end <= a or hit.start >= b for a, b, _ in specials):
            specials.append((hit.start, hit.end, Tok("phrase", text[hit.start:hit.end], hit.start, hit.end,
                                                     phrase=hit)))
    specials.sort(key=lambda s: s[0])
    return specials


def _number(m: re.Match[str], text: str) -> Tok:
    """A number token: its value, whether it is a percentage, and whether it is a year, a day of a
    date or list numbering rather than a figure."""
    raw = m.group(0)
    tok = Tok("num", raw, m.start(), m.end())
    tok.pct = bool(re.search(r"%|per ?cent|percent", raw))
    digits = re.match(_NUM, raw)
    assert digits is not None
    tok.value = float(digits.group(0).replace(",", ""))
    tok.end = m.start() + len(raw)
    tok.kind = "num" if tok.pct else _not_a_figure(tok, digits.group(0), text)
    if tok.kind == "num" and re.fullmatch(r"\d{1,2}", raw) and text.startswith(")", tok.end) \
            and "(" not in text[max(0, tok.start - 30):tok.start]:
        tok.kind = "enum"  # "1) reviewing ... 2) development": list numbering
    return tok


def _not_a_figure(tok: Tok, digits: str, text: str) -> str:
    """The kind of a number that is no percentage: a year, or a day of a date ("30 October", "30th",
    "October 30"), else a number."""
    if re.fullmatch(r"(?:19[89]\d|20[0-3]\d)", digits):
        return "year"
    if DAY_AFTER.match(text, tok.end) or DAY_BEFORE.search(text, 0, tok.start):
        return "day"
    return "num"


YEAR_BEFORE = re.compile(r"(?i)in|since|during|from|by|of|to|until|before|after|between|and|year|"
                         r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*")


def as_count(tok: Tok) -> Tok:
    return Tok("num", tok.text, tok.start, tok.end, value=tok.value)


