"""training.csv (one row per course line of a training table) and the training_* summary metrics.

Training tables are found from their header words (patterns/training.yaml): a course column plus
at least one of sessions / attended / not attended / places. A "Total" row is a summary, not a
course. A header-less table at the top of the next page continues the training table before it,
its columns counted from the right (a borderless table's columns are found afresh on each page).
Summary figures also come from sentences ("82 training events were delivered during the
year compared to 56 the year before"), read only when the number is bound to a generic training
noun and verb, so a count about one named course ("40 people attended a workshop on ...") is not
taken for the whole programme.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ...config.validate import FAST_LOADER
from ...models import DocumentMeta, Statistic, TrainingCourse
from ...paths import pattern_file, stamp
from ...periods import FY_PATTERN, all_fys, parse_fy, shift_fy
from ...reader import Page, ParsedDocument, Table, parse_number
from ...text.layer import TextLayer, build_text
from ...text.paragraphs import caption_of, split_sentences

ROLES = ("ignore", "not_attended", "places", "sessions", "attended", "course")
METRIC_OF_ROLE = {"sessions": "training_sessions", "attended": "training_attendees",
                  "not_attended": "training_non_attendance", "places": "training_places"}
NUM = r"(?<![\d.,£/])(\d{1,3}(?:,\d{3})+|\d+)(?![\d%/]|\.\d|,\d)"
LEAD = r"(?:(?:a total of|in total|over|more than|around|approximately|some|nearly|almost)\s+)?"
PREPOSITIONS = re.compile(r"\b(?:for|on|of|about|with|from|by|at|in|and)\b", re.I)
COMPARISON = re.compile(r"\b(?:compared|than|previous|last|prior|against|versus|vs|up on|down on)\b", re.I)
YEARISH = re.compile(r"(?:\b(?:in|during|since|by|from|of|to|until)|[a-z]{3,9})\s*$", re.I)


@dataclass
class TrainingVocab:
    columns: list[tuple[str, re.Pattern[str]]]
    table_context: re.Pattern[str]
    total_column: re.Pattern[str]
    total_role_default: str
    total_row: re.Pattern[str]
    skip_row: re.Pattern[str]
    total_skip: re.Pattern[str]
    sentence_context: re.Pattern[str]
    sessions_after: re.Pattern[str]
    sessions_before: re.Pattern[str]
    strong_nouns: re.Pattern[str]
    training_word: re.Pattern[str]
    delivery_verbs: re.Pattern[str]
    exclude_modifiers: re.Pattern[str]
    narrowing: re.Pattern[str]
    attendees: re.Pattern[str]
    attended_by: re.Pattern[str]
    attending: re.Pattern[str]
    attended_objects: re.Pattern[str]
    attendances: re.Pattern[str]
    places: re.Pattern[str]
    non_attendance: re.Pattern[str]
    non_attendance_count: re.Pattern[str]
    share_of: re.Pattern[str]
    rate: re.Pattern[str]
    previous_year: re.Pattern[str]
    previous_year_fy: re.Pattern[str]


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


def load_training_vocab(patterns_dir: Path | None = None) -> TrainingVocab:
    """The training vocabulary of `patterns_dir` or the folder in force, read once per file version."""
    return _read_training_vocab(*stamp(pattern_file("training.yaml", patterns_dir)))


@lru_cache(maxsize=8)
def _read_training_vocab(path: str, _mtime: float) -> TrainingVocab:
    text = Path(path).read_text(encoding="utf-8")
    raw: dict[str, Any] = yaml.load(text, Loader=FAST_LOADER)
    columns = [(role, _rx("|".join(f"(?:{p})" for p in raw["columns"][role]))) for role in ROLES]
    nouns, people = raw["session_nouns"], raw["people_nouns"]
    verbs = raw["delivery_verbs"]
    return TrainingVocab(
        columns=columns,
        table_context=_rx(raw["table_context"]),
        total_column=_rx(raw["total_column"]),
        total_role_default=raw["total_role_default"],
        total_row=_rx(raw["total_row"]),
        skip_row=_rx(raw["skip_row"]),
        total_skip=_rx(raw["total_skip"]),
        sentence_context=_rx(raw["sentence_context"]),
        sessions_after=_rx(rf"{NUM}\s+((?:[\w'-]+\s+){{0,6}}?){nouns}\b(.{{0,80}})"),
        sessions_before=_rx(rf"\b(?:{verbs})\s+{LEAD}{NUM}\s+((?:[\w'-]+\s+){{0,6}}?){nouns}\b(.{{0,40}})"),
        strong_nouns=_rx(rf"\b(?:{raw['strong_nouns']})\b"),
        training_word=_rx(rf"\b(?:{raw['training_word']})\b"),
        delivery_verbs=_rx(rf"^[^,;.]{{0,40}}?\b(?:{verbs})\b"),
        exclude_modifiers=_rx(rf"\b(?:{raw['exclude_modifiers']})\b"),
        narrowing=_rx(rf"^\s*(?:{raw['narrowing_words']})\b"),
        attendees=_rx(rf"{NUM}\s+((?:[\w'-]+\s+){{0,3}}?)(?:{people})\s+(?:have |had |were |was )?"
                      rf"(?:attended|took part in|participated in|accessed|completed)\s+(.{{0,60}})"),
        attended_by=_rx(rf"\b(?:(?:attended|accessed)\s+by|{nouns}\s+(?:to|for))\s+{LEAD}{NUM}\s+(?:{people})\b"),
        attending=_rx(rf"\bwith\s+{LEAD}{NUM}\s+(?:{people})\s+(?:attending|taking part|participating)\b"),
        attended_objects=_rx(rf"^{raw['attended_objects']}\b"),
        attendances=_rx(rf"{NUM}\s+(?:attendances|(?:{people})\s+(?:were\s+)?trained\b(?!\s+(?:on|in|about|to)\b))"),
        places=_rx(rf"{NUM}\s+(?:training\s+)?places\b"
                   r"(?!\s+(?:were\s+|had been\s+)?(?:booked|filled|taken))"),
        non_attendance=_rx(raw["non_attendance"]),
        non_attendance_count=_rx(rf"{NUM}\s+(?:(?:{people})\s+)?(?:did ?n[o']t attend|failed to attend"
                                 r"|non[- ]?attendances|no[- ]shows|dnas)\b"),
        share_of=_rx(raw["share_of"]),
        rate=_rx(r"\brate\b[^.%]{0,30}?(\d+(?:\.\d+)?)\s?%"),
        previous_year=_rx(raw["previous_year"]),
        previous_year_fy=_rx(raw["previous_year_fy"]),
    )


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
        n_head = 0
        while n_head < min(3, len(rows) - 1) and not any(_value(c) is not None for c in rows[n_head]):
            n_head += 1
        if n_head == 0 and page is not None and self._continues(page, table):
            return self._continued(table)
        self.last = None  # a table with a header of its own ends what the previous one carried on
        if n_head == 0 or len(rows) <= n_head:
            return [], []
        n_cols = table.n_cols
        headers = [" ".join(r[j] for r in rows[:n_head] if j < len(r) and r[j].strip()).strip()
                   for j in range(n_cols)]
        header_text = " ".join(headers)
        if not self.v.table_context.search(header_text) and not self.v.table_context.search(caption):
            return [], []
        data = rows[n_head:]
        numeric, texty = _column_counts(data, n_cols)
        roles: dict[str, int] = {}
        courses: list[int] = []
        for j, head in enumerate(headers):
            role = self.role_of(head)
            if role is None and self.v.total_column.search(head):
                role = self._total_role(header_text + " " + caption)
            if role == "course":
                if texty[j] >= numeric[j]:  # "Training delivered | 12" is a count, not the course name
                    courses.append(j)
            elif role and role != "ignore" and role not in roles:
                k = self._shift(j, headers, numeric)
                if numeric[k]:  # else a later column may hold it ("Total no. of" | "sessions")
                    roles[role] = k
        if not roles:
            return [], []
        course_col = max(courses, default=None, key=lambda j: _course_key(data, j))
        if course_col is None:
            # no course header: the leading text column of a table captioned as training
            course_col = next((j for j in range(n_cols) if texty[j] > numeric[j]), None)
            # a named first column (Agency, Team) holds something other than courses
            if course_col is None or headers[course_col] or not self.v.table_context.search(caption):
                return [], []
        period = parse_fy(caption + " " + header_text) or self.meta.period
        last_numeric = max(j for j in range(n_cols) if numeric[j])
        self.last = Carried({r: last_numeric - j for r, j in roles.items()}, period,
                            max(table.pages or [table.page]))
        return self._rows(table, n_head, course_col, roles, period)

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
        v = self.v
        courses = [r for r in rows if not any(v.total_row.search(c) or v.skip_row.search(c) for c in r)]
        course_col = max(text_cols, key=lambda j: _course_key(courses, j))
        last_numeric = max(j for j in range(n_cols) if numeric[j])
        roles = {r: last_numeric - off for r, off in self.last.roles.items()}
        roles = {r: j for r, j in roles.items() if course_col < j < n_cols and numeric[j]}
        if not roles:
            return [], []
        self.last = Carried(self.last.roles, self.last.period, max(table.pages or [table.page]))
        return self._rows(table, 0, course_col, roles, self.last.period)

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
            values = {r: _value(row[j]) if j < len(row) else None for r, j in roles.items()}
            if all(v is None for v in values.values()):
                continue
            label = row[course_col].strip() if course_col < len(row) else ""
            labels = [c.strip() for c in row if c.strip() and _value(c) is None]
            evidence, page = table.row_text(i), table.page_of_row(i)
            if any(self.v.skip_row.search(c) for c in labels[:1]):
                continue
            if any(self.v.total_row.search(c) for c in labels[:2]):
                label_role = self.role_of(re.sub(r"(?i)^\W*total", "", labels[0]))
                given = {r: x for r, x in values.items() if x is not None}
                if self.v.total_skip.search(labels[0]):
                    continue
                if label_role in METRIC_OF_ROLE and len(given) == 1:
                    given = {label_role: next(iter(given.values()))}  # "Total no shows | 20"
                for role, value in given.items():
                    if value is not None:
                        stats.append(Statistic(doc_id=self.doc_id, metric=METRIC_OF_ROLE[role], value=value,
                                               period=period, page=page, evidence=evidence, source="table"))
                continue
            if not re.search(r"[A-Za-z]", label):
                continue
            courses.append(TrainingCourse(doc_id=self.doc_id, period=period, course=label, page=page,
                                          evidence=evidence, **values))
        return courses, stats


# --- sentences --------------------------------------------------------------------------------


class TrainingSentenceReader:
    def __init__(self, vocab: TrainingVocab, meta: DocumentMeta, doc_id: str) -> None:
        self.v, self.meta, self.doc_id = vocab, meta, doc_id

    def read(self, sentence: str, previous: str, page: int, framing: str) -> list[Statistic]:
        v = self.v
        found: list[tuple[str, str, float, int]] = []  # metric, unit, value, end offset
        for m in v.sessions_after.finditer(sentence):
            if self._plausible(sentence, m.start(1), m.group(2)) and not v.narrowing.match(m.group(3)) \
                    and v.delivery_verbs.search(m.group(3)) and self._specific(m.group(0), sentence):
                found.append(("training_sessions", "count", _num(m.group(1)), m.end(1)))
        for m in v.sessions_before.finditer(sentence):
            if self._plausible(sentence, m.start(1), m.group(2)) and not v.narrowing.match(m.group(3)) \
                    and self._specific(m.group(0), sentence):
                found.append(("training_sessions", "count", _num(m.group(1)), m.end(1)))
        for m in v.attendees.finditer(sentence):
            obj = v.attended_objects.match(m.group(3))
            if obj and not v.narrowing.match(m.group(3)[obj.end():]) and self._plausible(sentence, m.start(1),
                                                                                          m.group(2)):
                found.append(("training_attendees", "count", _num(m.group(1)), m.end(1)))
        # "with 950 participants attending" only counts after a count of courses in the same sentence
        # ("45 courses were run ..."), not after one named course
        attending = (v.attending, "training_attendees") if found else (v.attended_by, "training_attendees")
        simple = ((v.attended_by, "training_attendees"), attending, (v.attendances, "training_attendees"),
                  (v.places, "training_places"), (v.non_attendance_count, "training_non_attendance"))
        for rx, metric in simple:
            for m in rx.finditer(sentence):
                if self._plausible(sentence, m.start(1), ""):
                    found.append((metric, "count", _num(m.group(1)), m.end(1)))
        about_dna = v.non_attendance.search(sentence) or v.non_attendance.search(previous)
        if about_dna:
            share = v.share_of.search(sentence) or (
                v.rate.search(sentence) if v.non_attendance.search(sentence) else None)
            if share:
                found.append(("training_non_attendance", "percent", float(share.group(1)), share.end(1)))
                if not v.non_attendance.search(sentence):
                    # "This represents 17% of total bookings." needs the sentence before to be read
                    both = f"{previous.strip()} {sentence.strip()}"
                    return self._statistics(found, sentence, page, framing, both)
        return self._statistics(found, sentence, page, framing)

    def _specific(self, phrase: str, sentence: str) -> bool:
        """'sessions' or 'events' alone could be anything: the sentence must say it is training."""
        return bool(self.v.strong_nouns.search(phrase) or self.v.training_word.search(sentence))

    def _plausible(self, sentence: str, start: int, modifiers: str) -> bool:
        value = sentence[start:].split()[0].rstrip(",.")
        if re.fullmatch(r"(?:19|20)\d\d", value) and YEARISH.search(sentence[:start]):
            return False
        return not (PREPOSITIONS.search(modifiers) or self.v.exclude_modifiers.search(modifiers))

    def _previous_year(self, tail: str, period: str) -> tuple[re.Match[str] | None, str | None]:
        """A figure for the year before, right after this one ("... compared to 56 the year before")."""
        prev = self.v.previous_year.search(tail)
        if prev:
            return prev, shift_fy(period, -1) or ""
        prev_fy = self.v.previous_year_fy.search(tail)
        return prev_fy, (parse_fy(prev_fy.group(2)) if prev_fy else None)

    def _statistics(self, found: list[tuple[str, str, float, int]], sentence: str, page: int,
                    framing: str, evidence: str = "") -> list[Statistic]:
        out: list[Statistic] = []
        evidence = evidence or sentence.strip()
        # a year named in a comparison ("4 sessions less than the same period 2015-16") is not the
        # year of the figure
        fys = [f for m in FY_PATTERN.finditer(sentence) if (f := parse_fy(m.group(0)))
               and not COMPARISON.search(sentence[max(0, m.start() - 45):m.start()])]
        if not fys and framing:
            fys = [framing]  # "... delivered in 2017/18. 82 training events were delivered during the year"
        period = fys[0] if len(set(fys)) == 1 else self.meta.period
        seen: set[tuple[str, float]] = set()
        for metric, unit, value, end in found:
            if (metric, value) in seen:
                continue
            seen.add((metric, value))
            out.append(Statistic(doc_id=self.doc_id, metric=metric, value=value, unit=unit,
                                 period=period, page=page, evidence=evidence, source="text"))
            match, earlier = self._previous_year(sentence[end:end + 90], period)
            if match and earlier and not self._claimed(found, end + match.start(1)):
                out.append(Statistic(doc_id=self.doc_id, metric=metric, value=_num(match.group(1)), unit=unit,
                                     period=earlier, page=page, evidence=evidence, source="text"))
        return out

    @staticmethod
    def _claimed(found: list[tuple[str, str, float, int]], start: int) -> bool:
        """The compared number is itself a figure of another metric (then it is not a prior-year value)."""
        return any(end > start and end - start < 12 for _, _, _, end in found)


@dataclass
class Carried:
    """What a training table's columns meant, for its continuation: each role as a column offset from the
    last numeric column."""

    roles: dict[str, int]
    period: str
    page: int


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


def _num(text: str) -> float:
    return float(text.replace(",", ""))


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
    doc: ParsedDocument, meta: DocumentMeta, doc_id: str, patterns_dir: Path | None = None,
    text: TextLayer | None = None,
) -> tuple[list[TrainingCourse], list[Statistic]]:
    vocab = load_training_vocab(patterns_dir)
    tables = TrainingTableReader(vocab, meta, doc_id)
    courses: list[TrainingCourse] = []
    stats: list[Statistic] = []
    for page in doc.pages:
        for table in sorted(page.tables, key=lambda t: t.top):
            found, summary = tables.read(table, caption_of(page, table), page)
            courses.extend(found)
            stats.extend(summary)
    sentences = TrainingSentenceReader(vocab, meta, doc_id)
    text = text or build_text(doc, meta.local_authorities)
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
