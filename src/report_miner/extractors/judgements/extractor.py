"""Ofsted's graded judgements, read from an inspection report's summary and its LSCB section.

Where the grades are printed:
- the summary table of the cover page, one judgement per row: `Overall effectiveness | Good`,
  `1. Children who need help and protection | Requires improvement`, `2.1 Adoption performance |
  Outstanding` (single inspection framework, 2013-18), `The experiences and progress of children in
  care | Requires improvement to be good` (ILACS, 2018-). A row counts only when its label is one
  of the framework's judgements and the rest of the row is a grade and nothing else, so prose that
  happens to start with the same words is never read as a grade. A grade broken over two lines
  (`Requires` above the row, `improvement` in it) is joined.
- the verdict sentences of the summary: `Children's services in Gateshead are good`, `The overall
  judgement is that children's services require improvement`;
- the LSCB review's verdict, on the summary page or at the head of its section: `The effectiveness
  of the Local Safeguarding Children Board (LSCB) is good`, `The Local Safeguarding Children Board
  requires improvement to be good`. Definitions (`An LSCB requires improvement if ...`) start with
  an article other than `The` and are not read.

Only the summary pages (the cover up to the table of contents) are read for the authority's
judgements, because the body quotes the grades of earlier inspections ("overall effectiveness:
inadequate" in 2014). The first statement of each judgement wins. Reports that grade nothing
(focused visits, monitoring visits, the older four-point scale with `adequate`) give no rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...models import Area, DocumentMeta, Grade, Judgement, Subject
from ...reader import Page, ParsedDocument
from ...reader.textview import page_text

SUMMARY_PAGES = 3
EVIDENCE_CHARS = 300

_APOS = "['’]"
_GRADE = r"(?i:(outstanding|good|requires?\s+improvement(?:\s+to\s+be\s+good)?|inadequate))"
# a cell that is a grade and nothing else (`Requires improvement to` when `be good` wrapped away)
_GRADE_ONLY = re.compile(r"^\s*(?:" + _GRADE + r"|(?i:requires?\s+improvement\s+to(?:\s+be)?))\s*\.?\s*$")
# the framework's judgement labels, longest first within an area (rows must match in full)
_LABELS: tuple[tuple[Subject, Area, str], ...] = (
    ("local_authority", "overall_effectiveness",
     r"overall\s+effectiveness(?:\s+of\s+(?:children" + _APOS + r"s\s+)?(?:social\s+care\s+)?services)?"),
    ("local_authority", "impact_of_leaders",
     r"(?:the\s+)?impact\s+of\s+leaders(?:\s+on\s+social\s+work(?:\s+practice(?:\s+with\s+children\s+and"
     r"\s+families)?)?)?"),
    ("local_authority", "help_and_protection",
     r"(?:the\s+)?(?:experiences\s+and\s+progress\s+of\s+)?children\s+who\s+need\s+help\s+and\s+protection"),
    ("local_authority", "children_looked_after",
     r"(?:the\s+)?(?:experiences\s+and\s+progress\s+of\s+)?children\s+looked\s+after"
     r"(?:\s+and\s+achieving\s+permanence)?"),
    ("local_authority", "children_in_care",
     r"(?:the\s+)?experiences\s+and\s+progress\s+of\s+children\s+in\s+care(?:\s+and\s+care\s+leavers)?"),
    ("local_authority", "care_leavers", r"(?:the\s+)?experiences\s+and\s+progress\s+of\s+care\s+leavers"),
    ("local_authority", "adoption", r"adoption\s+performance"),
    ("local_authority", "leadership_management_governance", r"leadership,?\s+management\s+and\s+governance"),
    ("lscb", "overall_effectiveness",
     r"(?:the\s+)?effectiveness\s+of\s+the\s+(?:local\s+safeguarding\s+children\s+board|LSCB)"
     r"(?:\s*\(LSCB\))?"),
)
_NUMBER = r"(?:\d+(?:\.\d+)*\.?\s+)?"
_ALTERNATIVES = "|".join(f"(?P<g{i}>{label})" for i, (_, _, label) in enumerate(_LABELS))
_ROW = re.compile(r"^\s*" + _NUMBER + "(?:" + _ALTERNATIVES + r")(?:\s*[:|\t ]\s*(?P<rest>.*))?$", re.I)
_WRAPPED_TAIL = re.compile(r"^\s*improvement(?:\s+to(?:\s+be(?:\s+good)?)?)?\s*\.?\s*$", re.I)
_WRAPPED_HEAD = re.compile(r"^\s*requires?(?:\s+improvement(?:\s+to)?)?\s*$", re.I)

_END = r"(?=\s*(?:[.,;:]|\bbecause\b|$)|\s+(?-i:[A-Z]))"
# the authority's name in a verdict: no verb inside it ("in X were judged ... and now require")
_PLACE = r"(?:the\s+)?[A-Z](?:(?!\b(?:are|is|were|was|have|has|had|remains?|still|now)\b)[^.\n]){1,80}?"
_LA_VERDICTS = (
    re.compile(r"\bChildren" + _APOS + r"s\s+services\s+in\s+" + _PLACE + r"\s+(?:are|is)\s+" + _GRADE + _END,
               re.I | re.M),
    re.compile(r"\bChildren" + _APOS + r"s\s+services\s+in\s+" + _PLACE
               + r"\s+(requires?\s+improvement(?:\s+to\s+be\s+good)?)" + _END, re.I | re.M),
    re.compile(r"\bThe\s+overall\s+judgement\s+is\s+(?:that\s+children" + _APOS + r"s\s+services\s+"
               r"(?:are\s+)?)?" + _GRADE + _END, re.I | re.M),
)
_IS = r"\s+(?:is\s+)?(?:(?i:judged)\s+(?:(?i:to\s+be)\s+)?)?"
_LSCB_NAME = r"(?:Local\s+Safeguarding\s+Children\s+Board|LSCB)(?:\s*\(LSCB\))?"
_LSCB_VERDICTS = (
    re.compile(r"(?<![A-Za-z])The\s+effectiveness\s+of\s+the\s+" + _LSCB_NAME + _IS + _GRADE + _END,
               re.I | re.M),
    re.compile(r"(?<![A-Za-z])The\s+" + _LSCB_NAME + _IS + _GRADE + _END, re.M),
)


@dataclass(frozen=True)
class _Found:
    subject: Subject
    area: Area
    grade: Grade
    page: int
    evidence: str


def grade_of(text: str) -> Grade | None:
    """`Requires improvement to be good` -> requires_improvement; None for anything not a grade."""
    word = text.strip().lower().rstrip(".")
    if word.startswith("require"):
        return "requires_improvement"
    if word in ("outstanding", "good", "inadequate"):
        return word  # type: ignore[return-value]
    return None


def _pages_text(doc: ParsedDocument) -> Iterator[tuple[Page, str]]:
    tables = doc.tables
    for page in doc.pages:
        spanning = [t for t in tables if page.number in (t.pages or [t.page]) or t.page == page.number]
        yield page, page_text(page, spanning)


def _summary(pages: list[tuple[Page, str]]) -> list[tuple[Page, str]]:
    """The cover and the pages after it, a table of contents left out."""
    start = next((i for i, (_, text) in enumerate(pages) if text.strip()), 0)
    out = []
    for page, text in pages[start:start + SUMMARY_PAGES]:
        head = re.search(r"^\s*contents\s*$", text, re.I | re.M)
        out.append((page, text[:head.start()] if head else text))
    return out


@dataclass(frozen=True)
class _Row:
    subject: Subject
    area: Area
    rest: str  # what follows the label on its line: the grade cell, or nothing
    line: str


def _label_row(line: str) -> _Row | None:
    m = _ROW.match(line)
    if not m:
        return None
    i = next(i for i in range(len(_LABELS)) if m.group(f"g{i}"))
    subject, area, _ = _LABELS[i]
    return _Row(subject, area, (m.group("rest") or "").strip(" \t|:"), line.strip())


def _row_grade(row: _Row, previous: str) -> Grade | None:
    if _GRADE_ONLY.match(row.rest):
        return grade_of(row.rest)
    if _WRAPPED_TAIL.match(row.rest) and _WRAPPED_HEAD.match(previous):
        return "requires_improvement"  # `Requires` printed above the row, `improvement` in it
    return None


def _wrapped(before: str, previous: str, line: str) -> Iterator[str]:
    """The row a line may end: itself, or a label wrapped over the lines above it (their first cells),
    or a label wrapped around its grade printed between its two lines."""
    first, second = previous.split("\t")[0], before.split("\t")[0]
    yield line
    yield f"{first} {line}"
    yield f"{second} {first} {line}"
    if _GRADE_ONLY.match(previous):
        yield f"{second} {line}\t{previous}"


def _table_rows(page: Page, text: str) -> Iterator[_Found]:
    """Label | grade rows, including a label wrapped over two lines; a table read column by column
    (every label, then every grade) is paired up in order."""
    previous = before = ""
    labels: list[_Row] = []
    grades: list[tuple[Grade, str]] = []
    found = False
    for line in text.splitlines():
        row = next(filter(None, map(_label_row, _wrapped(before, previous, line))), None)
        grade = _row_grade(row, previous) if row else None
        if row and grade:
            found = True
            yield _Found(row.subject, row.area, grade, page.number, row.line.replace("\t", " | "))
        elif row and not row.rest:
            labels.append(row)
        elif labels and _GRADE_ONLY.match(line) and (alone := grade_of(line)):
            grades.append((alone, line.strip()))
        before, previous = previous, line
    if not found and len(labels) >= 2 and len(grades) == len(labels):
        for row, (grade, cell) in zip(labels, grades, strict=True):
            yield _Found(row.subject, row.area, grade, page.number, f"{row.line} | {cell}")


def _sentences(page: Page, text: str, patterns: tuple[re.Pattern[str], ...],
               subject: Subject) -> Iterator[_Found]:
    for pattern in patterns:
        for m in pattern.finditer(text):
            grade = grade_of(m.group(1))
            if grade:
                evidence = re.sub(r"\s+", " ", m.group(0)).strip()
                yield _Found(subject, "overall_effectiveness", grade, page.number, evidence)


def _candidates(doc: ParsedDocument) -> Iterator[_Found]:
    pages = list(_pages_text(doc))
    summary = _summary(pages)
    for page, text in summary:
        yield from _table_rows(page, text)
    for page, text in summary:
        yield from _sentences(page, text, _LA_VERDICTS, "local_authority")
    for page, text in summary + pages:
        yield from _sentences(page, text, _LSCB_VERDICTS, "lscb")


def extract_judgements(doc: ParsedDocument, meta: DocumentMeta, doc_id: str) -> list[Judgement]:
    """One row per graded judgement of an inspection report, the first statement of each."""
    if meta.doc_type != "inspection":
        return []
    out: dict[tuple[str, str], Judgement] = {}
    for found in _candidates(doc):
        key = (found.subject, found.area)
        if key not in out:
            out[key] = Judgement(doc_id=doc_id, subject=found.subject, area=found.area, grade=found.grade,
                                 page=found.page, evidence=found.evidence[:EVIDENCE_CHARS])
    return list(out.values())
