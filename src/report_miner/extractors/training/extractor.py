"""training.csv (one row per course line of a training table) and the training_* summary metrics.

Training tables are found from their header words (patterns/training.yaml): a course column plus
at least one of sessions / attended / not attended / places. A "Total" row is a summary, not a
course. A header-less table at the top of the next page continues the training table before it,
its columns counted from the right (a borderless table's columns are found afresh on each page).
Summary figures also come from sentences (sentences.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...models import DocumentMeta, Statistic, TrainingCourse
from ...periods import all_fys, parse_fy
from ...reader import Page, ParsedDocument, Table, parse_number
from ...text.layer import TextLayer, build_text
from ...text.paragraphs import caption_of, split_sentences
from .sentences import TrainingSentenceReader
from .vocab import METRIC_OF_ROLE, TrainingVocab

if TYPE_CHECKING:
    from ...config.patterns import Patterns


def _value(cell: str) -> float | None:
    if "%" in cell:
        return None
    return parse_number(cell.rstrip("*†‡ "))  # a footnote mark on a figure


# --- tables -----------------------------------------------------------------------------------


class TrainingTableReader:
    def __init__(self, vocab: TrainingVocab, meta: DocumentMeta, doc_id: str) -> None:
        self.v, self.meta, self.doc_id = vocab, meta, doc_id
        self.last: Carried | None = None

    def role_of(self, header: str) -> str | None:
        for role, rx in self.v.columns:
            if rx.search(header):
                return role
        return None

    def read(self, table: Table, caption: str, page: Page | None = None) -> tuple[list[TrainingCourse],
                                                                                   list[Statistic]]:
        rows = table.rows
        n_head = _header_rows(rows)
        if n_head == 0 and page is not None and self._continues(page, table):
            return self._continued(table)
        self.last = None  # a table with a header of its own ends what the previous one carried on
        if n_head == 0 or len(rows) <= n_head:
            return [], []
        n_cols = table.n_cols
        headers = _headers(rows[:n_head], n_cols)
        header_text = " ".join(headers)
        if not self.v.table_context.search(header_text) and not self.v.table_context.search(caption):
            return [], []
        data = rows[n_head:]
        numeric, texty = _column_counts(data, n_cols)
        roles, courses = self._roles(headers, header_text + " " + caption, numeric, texty)
        if not roles:
            return [], []
        course_col = self._course_column(data, courses, headers, (numeric, texty), caption)
        if course_col is None:
            return [], []
        period = parse_fy(caption + " " + header_text) or self.meta.period
        self.last = _carried(roles, numeric, period, table)
        return self._rows(table, n_head, course_col, roles, period)

    def _roles(self, headers: list[str], context: str, numeric: list[int],
               texty: list[int]) -> tuple[dict[str, int], list[int]]:
        """The column of each figure role (the first column naming it), and the columns whose header
        names the course ("Training delivered | 12" is a count, not the course name)."""
        roles: dict[str, int] = {}
        courses: list[int] = []
        for j, head in enumerate(headers):
            role = self.role_of(head)
            if role is None and self.v.total_column.search(head):
                role = self._total_role(context)
            if role == "course":
                if texty[j] >= numeric[j]:
                    courses.append(j)
            elif role and role != "ignore" and role not in roles:
                k = self._shift(j, headers, numeric)
                if numeric[k]:  # else a later column may hold it ("Total no. of" | "sessions")
                    roles[role] = k
        return roles, courses

    def _course_column(self, data: list[list[str]], courses: list[int], headers: list[str],
                       counts: tuple[list[int], list[int]], caption: str) -> int | None:
        """The course column: the most varied of those headed as courses; with no course header, the
        leading text column of a table captioned as training, if its header is empty (a named first
        column, Agency or Team, holds something other than courses)."""
        course_col = max(courses, default=None, key=lambda j: _course_key(data, j))
        if course_col is not None:
            return course_col
        numeric, texty = counts
        course_col = next((j for j in range(len(headers)) if texty[j] > numeric[j]), None)
        if course_col is None or headers[course_col] or not self.v.table_context.search(caption):
            return None
        return course_col

    def _continues(self, page: Page, table: Table) -> bool:
        """A table without a header at the top of the page after a training table carries it on
        (a short line above it may be the end of a course name wrapped over the page break)."""
        last = self.last
        if last is None or table.page not in (last.page, last.page + 1):
            return False
        if min(page.tables, key=lambda t: t.top) is not table:
            return False
        above = [ln for i, ln in enumerate(page.lines) if i not in page.table_line_ids
                 and ln.bottom <= table.top + 2 and ln.x0 < table.x1 and ln.x1 > table.x0]
        return len(above) <= 2 and all(len(ln.text.split()) <= 4 for ln in above)

    def _continued(self, table: Table) -> tuple[list[TrainingCourse], list[Statistic]]:
        """Rows of a continued table: the columns keep their meaning counted from the right (the columns
        of a borderless table are often found afresh on each page), the course is the most varied text."""
        assert self.last is not None
        rows, n_cols = table.rows, table.n_cols
        numeric, texty = _column_counts(rows, n_cols)
        text_cols = [j for j in range(n_cols) if texty[j] > numeric[j]]
        if not text_cols or not any(numeric):
            return [], []
        courses = self._course_rows(rows)
        course_col = max(text_cols, key=lambda j: _course_key(courses, j))
        roles = _carried_roles(self.last.roles, numeric, course_col, n_cols)
        if not roles:
            return [], []
        self.last = Carried(self.last.roles, self.last.period, max(table.pages or [table.page]))
        return self._rows(table, 0, course_col, roles, self.last.period)

    def _course_rows(self, rows: list[list[str]]) -> list[list[str]]:
        """Rows that may name a course: not a total or a skipped row."""
        v = self.v
        return [r for r in rows if not any(v.total_row.search(c) or v.skip_row.search(c) for c in r)]

    def _total_role(self, context: str) -> str:
        if re.search(r"delegates|attend|participants", context, re.I) \
                and not re.search(r"session", context, re.I):
            return "attended"
        return self.v.total_role_default

    @staticmethod
    def _shift(j: int, headers: list[str], numeric: list[int]) -> int:
        """A header cell drawn over an empty column: take the nearest column to its right with numbers
        and no header of its own (a wrapped "Total no. of sessions"), or the left neighbour."""
        if numeric[j]:
            return j
        for k in range(j + 1, len(headers)):
            if headers[k]:
                break
            if numeric[k]:
                return k
        if j > 0 and not headers[j - 1] and numeric[j - 1]:
            return j - 1
        return j

    def _rows(self, table: Table, n_head: int, course_col: int, roles: dict[str, int],
              period: str) -> tuple[list[TrainingCourse], list[Statistic]]:
        courses: list[TrainingCourse] = []
        stats: list[Statistic] = []
        for i in range(n_head, len(table.rows)):
            row = table.rows[i]
            values = _row_values(row, roles)
            if all(v is None for v in values.values()):
                continue
            label = row[course_col].strip() if course_col < len(row) else ""
            labels = [c.strip() for c in row if c.strip() and _value(c) is None]
            evidence, page = table.row_text(i), table.page_of_row(i)
            if any(self.v.skip_row.search(c) for c in labels[:1]):
                continue
            if any(self.v.total_row.search(c) for c in labels[:2]):
                stats.extend(self._total_row(labels[0], values, period, page, evidence))
                continue
            if not re.search(r"[A-Za-z]", label):
                continue
            courses.append(TrainingCourse(doc_id=self.doc_id, period=period, course=label, page=page,
                                          evidence=evidence, **values))
        return courses, stats

    def _total_row(self, label: str, values: dict[str, float | None], period: str, page: int,
                   evidence: str) -> list[Statistic]:
        """A Total row gives the summary figures of the table; a total naming its figure ("Total no
        shows | 20") gives that one."""
        label_role = self.role_of(re.sub(r"(?i)^\W*total", "", label))
        given = {r: x for r, x in values.items() if x is not None}
        if self.v.total_skip.search(label):
            return []
        if label_role in METRIC_OF_ROLE and len(given) == 1:
            given = {label_role: next(iter(given.values()))}  # "Total no shows | 20"
        return [Statistic(doc_id=self.doc_id, metric=METRIC_OF_ROLE[role], value=value, period=period,
                          page=page, evidence=evidence, source="table")
                for role, value in given.items() if value is not None]


@dataclass
class Carried:
    """What a training table's columns meant, for its continuation: each role as a column offset from the
    last numeric column."""

    roles: dict[str, int]
    period: str
    page: int


def _header_rows(rows: list[list[str]]) -> int:
    """How many rows at the top hold no figure (up to 3, and not the whole table): the header."""
    n_head = 0
    while n_head < min(3, len(rows) - 1) and not any(_value(c) is not None for c in rows[n_head]):
        n_head += 1
    return n_head


def _headers(head_rows: list[list[str]], n_cols: int) -> list[str]:
    """A header per column: its cells in the header rows, joined."""
    return [" ".join(r[j] for r in head_rows if j < len(r) and r[j].strip()).strip() for j in range(n_cols)]


def _carried(roles: dict[str, int], numeric: list[int], period: str, table: Table) -> Carried:
    """What a training table's columns mean, for a table continuing it on the next page."""
    last_numeric = max(j for j in range(table.n_cols) if numeric[j])
    return Carried({r: last_numeric - j for r, j in roles.items()}, period, max(table.pages or [table.page]))


def _row_values(row: list[str], roles: dict[str, int]) -> dict[str, float | None]:
    """The figure of each role in a row (None: the cell is empty, not a number or missing)."""
    return {r: _value(row[j]) if j < len(row) else None for r, j in roles.items()}


def _carried_roles(offsets: dict[str, int], numeric: list[int], course_col: int,
                   n_cols: int) -> dict[str, int]:
    """The columns of the roles a continued table carries, counted from its last numeric column; a role
    whose column falls on or before the course column, or holds no number, is not carried."""
    last_numeric = max(j for j in range(n_cols) if numeric[j])
    roles = {r: last_numeric - off for r, off in offsets.items()}
    return {r: j for r, j in roles.items() if course_col < j < n_cols and numeric[j]}


def _column_counts(rows: list[list[str]], n_cols: int) -> tuple[list[int], list[int]]:
    """Per column: how many cells hold a number, how many hold text."""
    values = [[_value(c) if c.strip() else None for c in r] for r in rows]
    numeric = [sum(1 for r in values if j < len(r) and r[j] is not None) for j in range(n_cols)]
    texty = [sum(1 for r, x in zip(rows, values, strict=True) if j < len(r) and r[j].strip() and x[j] is None)
             for j in range(n_cols)]
    return numeric, texty


def _course_key(rows: list[list[str]], j: int) -> tuple[int, float, int]:
    """A category column (Core / Specialist) repeats a few values; the course column varies most and,
    with a single row, has the longer names."""
    cells = [r[j].strip() for r in rows if j < len(r) and r[j].strip()]
    return len(set(cells)), sum(map(len, cells)) / max(len(cells), 1), -j


def _dedupe(stats: list[Statistic]) -> list[Statistic]:
    seen: set[tuple[str, str, float, str]] = set()
    out = []
    for st in stats:
        key = (st.metric, st.period, st.value, st.unit)
        if key not in seen:
            seen.add(key)
            out.append(st)
    return out


def extract_training(
    doc: ParsedDocument, meta: DocumentMeta, doc_id: str, patterns: Patterns,
    text: TextLayer | None = None,
) -> tuple[list[TrainingCourse], list[Statistic]]:
    vocab = patterns.training_vocab
    tables = TrainingTableReader(vocab, meta, doc_id)
    courses: list[TrainingCourse] = []
    stats: list[Statistic] = []
    for page in doc.pages:
        for table in sorted(page.tables, key=lambda t: t.top):
            found, summary = tables.read(table, caption_of(page, table), page)
            courses.extend(found)
            stats.extend(summary)
    sentences = TrainingSentenceReader(vocab, meta, doc_id)
    text = text or build_text(doc, meta.local_authorities, patterns.gazetteer)
    for par in text.paragraphs:
        if par.heading or not vocab.sentence_context.search(par.text):
            continue
        previous, framing = "", ""
        for offset, sentence in split_sentences(par.text):
            stats.extend(sentences.read(sentence, previous, par.page_at(offset), framing))
            fys = set(all_fys(sentence))
            framing = fys.pop() if len(fys) == 1 else ""
            previous = sentence
    return courses, _dedupe(stats)
