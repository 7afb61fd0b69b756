"""budget.csv: every income, expenditure, total and balance line of a board's budget.

Budget tables come in several layouts, all read by the same walk over a table's cells: a text cell
starts a line, the amounts to its right belong to it, and each amount takes its meaning from its
column header (flow words, a year, a local authority, TOTAL). So the side-by-side layout (`item | £
| item | £` under `Income 2012/13 | | Expenditure 2012/13 |`), per-borough columns (`LBHF | RBKC |
WCC | TOTAL`, possibly printed apart from the figures as a one-row table or a line of text, then
mapped in order onto the amount columns), and plain `Agency | Contribution` tables need no special
cases; a title row (`Figure 1`) above the header is part of the caption, and a header-less table at
the top of the next page keeps the columns of the table it continues. Section rows or lines
(CONTRIBUTIONS / EXPENDITURE / BALANCE SHEET) set the flow; labels such as "Balance brought forward"
are balances wherever they stand. Amounts are written positive; a line whose sign is against its
section (a credit among costs) is left out with a warning, and every printed total is checked
against the sum of its lines (a mismatch is a warning, numbers are not changed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ...config.validate import FAST_LOADER
from ...models import BudgetLine, DocumentMeta
from ...paths import pattern_file, stamp
from ...periods import parse_fy_short, strip_short_fys
from ...reader import Page, ParsedDocument, Table, format_number
from ...text.gazetteer import resolve_area
from ...text.layer import TextLayer, build_text
from ...text.paragraphs import caption_of
from .narrative import NarrativeReader, amount, with_noted_amounts

FLOWS = ("balance", "income", "expenditure")
PLACEHOLDER = re.compile(r"^\s*(?:£|-|–|—|nil|n/?a)?\s*$", re.I)


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


@dataclass
class BudgetVocab:
    raw: dict[str, Any]
    context: re.Pattern[str]
    sections: dict[str, re.Pattern[str]]
    total_label: re.Pattern[str]
    total_flow: dict[str, re.Pattern[str]]
    balance_label: re.Pattern[str]
    line_flow: dict[str, re.Pattern[str]]
    skip_column: re.Pattern[str]
    total_column: re.Pattern[str]


def load_budget_vocab(patterns_dir: Path | None = None) -> BudgetVocab:
    """The budget vocabulary of `patterns_dir` or the folder in force, read once per file version."""
    return _read_budget_vocab(*stamp(pattern_file("budget.yaml", patterns_dir)))


@lru_cache(maxsize=8)
def _read_budget_vocab(path: str, _mtime: float) -> BudgetVocab:
    text = Path(path).read_text(encoding="utf-8")
    raw: dict[str, Any] = yaml.load(text, Loader=FAST_LOADER)
    return BudgetVocab(
        raw=raw,
        context=_rx(raw["context"]),
        sections={k: _rx(raw["sections"][k]) for k in FLOWS},
        total_label=_rx(raw["total_label"]),
        total_flow={k: _rx(v) for k, v in raw["total_flow"].items()},
        balance_label=_rx(raw["balance_label"]),
        line_flow={k: _rx(v) for k, v in raw["line_flow"].items()},
        skip_column=_rx(raw["skip_column"]),
        total_column=_rx(raw["total_column"]),
    )


def period_in(text: str) -> str | None:
    """`2012/13`, `2012-2013`, or the short `15/16` of a column header."""
    return parse_fy_short(text, dashes=True)


def _flow_of(text: str, patterns: dict[str, re.Pattern[str]]) -> str | None:
    for flow in FLOWS:
        rx = patterns.get(flow)
        if rx is not None and rx.search(text):
            return flow
    return None


@dataclass
class Entry:
    """One amount of a table before it becomes a BudgetLine (signed, with its place in the table)."""

    row: int
    label_col: int
    col: int
    section: int
    label: str
    value: float
    flow: str
    is_total: bool
    area: str
    period: str
    balance_label: bool = False


@dataclass
class Frame:
    """What the amount columns mean, carried to figures printed apart from their header: a one-row
    table or a line of column names above them, or the table a header-less table continues."""

    headers: list[str]  # a header per column (continuation) or one name per amount column (header apart)
    period: str
    page: int  # the last page it was seen on
    n_cols: int = 0
    sections: dict[int, str | None] = field(default_factory=dict)  # section flows in force at its end
    start_flow: str | None = None


@dataclass
class BudgetTableReader:
    vocab: BudgetVocab
    meta: DocumentMeta
    doc_id: str
    lines: list[BudgetLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pending: Frame | None = None  # column names printed apart, waiting for their figures
    last: Frame | None = None  # the last budget table read, which a header-less table may continue
    several: bool = False  # the table being read has more than one amount column

    def read(self, page: Page, table: Table) -> None:
        v = self.vocab
        rows = [[c.strip() for c in r] for r in table.rows]
        values = with_noted_amounts(rows, [[amount(c) for c in r] for r in rows])
        title_n, head_n = _header_rows(rows, values)
        # a title row inside the table ("Figure 1", "2017/18 Outturn") is part of its caption
        title = " ".join(c for r in rows[:title_n] for c in r if c)
        caption = " ".join(filter(None, [caption_of(page, table), title]))
        nearest = _nearest_line(page, table) or title
        n_values = sum(1 for r in values for x in r if x is not None)
        n_pounds = sum(1 for r in rows for c in r if "£" in c)
        header_text = " ".join(c for r in rows[title_n:head_n] for c in r)
        own_header = head_n > title_n
        if self.pending and (table.page - self.pending.page > 2 or own_header):
            self.pending = None
        if n_values == 0:
            names = [c for c in rows[head_n - 1] if c] if own_header else []
            short = all(len(c.split()) <= 6 and not c.endswith(".") for r in rows[title_n:] for c in r)
            if names and short and len(rows) - title_n <= 2 and (
                    v.context.search(caption + " " + header_text) or self._area_names(names)):
                self.pending = Frame(names, period_in(caption + " " + header_text) or "", table.page)
            return
        if not own_header:
            self.pending = self._names_above(page, table) or self.pending
        n_cols = max(len(r) for r in rows)
        headers = [" ".join(r[j] for r in rows[title_n:head_n] if j < len(r) and r[j]) for j in range(n_cols)]
        numeric_cols = [j for j in range(n_cols)
                        if any(j < len(r) and r[j] is not None for r in values[head_n:])]
        if own_header:
            names = [c for c in rows[head_n - 1] if c]
            if self._area_names(names) and len(names) == len(numeric_cols):
                # area names drawn off their columns (one column left): they still go in order
                for j, name in zip(numeric_cols, names, strict=True):
                    headers[j] = name
        pending = self.pending
        fits = pending is not None and not own_header and len(pending.headers) == len(numeric_cols)
        cont = self._continued(page, table, n_cols) if not own_header else None
        near = bool(v.context.search(f"{nearest} {header_text}")) or fits or cont is not None
        # a £ in the cells is money enough; bare numbers need money words right at the table
        money = (n_pounds >= 2 and (near or v.context.search(caption))) or (near and _money_sized(values))
        if not (money and n_values >= 2):
            return
        if cont is not None:
            headers = list(cont.headers)
        if fits and pending is not None:
            for j, cell in zip(numeric_cols, pending.headers, strict=True):
                headers[j] = cell
        table_period = (period_in(caption + " " + header_text) or (pending.period if fits and pending else "")
                        or (cont.period if cont else "") or self.meta.period)
        start_flow = _flow_of(nearest, v.sections) or _flow_of(caption, v.sections)
        sections: dict[int, str | None] = {}
        if cont is not None and not start_flow:
            start_flow, sections = cont.start_flow, dict(cont.sections)
        self.several = len(numeric_cols) > 1
        entries = self._entries(table, rows, values, head_n, headers, table_period, start_flow, sections)
        self._emit(table, entries)
        end_page = max(table.pages or [table.page])
        self.last = Frame(headers, table_period, end_page, n_cols, sections, start_flow)

    def _area_names(self, cells: list[str]) -> bool:
        """Column names that are all local authorities or a TOTAL (at least one authority)."""
        cells = [c.strip() for c in cells if c.strip()]
        areas = [c for c in cells if resolve_area(c)]
        return len(cells) >= 2 and bool(areas) and all(
            c in areas or self.vocab.total_column.search(c) for c in cells)

    def _names_above(self, page: Page, table: Table) -> Frame | None:
        """A line of area names (`LBHF RBKC WCC TOTAL`) printed as text a few lines above the figures,
        perhaps with a section heading (CONTRIBUTIONS) between."""
        above = sorted(((i, ln) for i, ln in enumerate(page.lines)
                        if ln.bottom <= table.top + 2 and ln.top > table.top - 120
                        and ln.x0 < table.x1 and ln.x1 > table.x0), key=lambda p: -p[1].bottom)
        seen: list[str] = []
        for i, ln in above[:4]:
            if i in page.table_line_ids:
                break
            cells = [c for c in ln.cells if c.strip()]
            names = cells if self._area_names(cells) else ln.text.split()
            if self._area_names(names):
                more = " ".join(ln.text for _, ln in above[:8])
                return Frame(names, period_in(" ".join(seen) + " " + more) or "", page.number)
            seen.append(ln.text)
        return None

    def _continued(self, page: Page, table: Table, n_cols: int) -> Frame | None:
        """The previous budget table, when this header-less one carries it on at the top of the next page."""
        last = self.last
        if last is None or table.page != last.page + 1 or last.n_cols != n_cols:
            return None
        first = min(page.tables, key=lambda t: t.top) is table
        printed_above = any(i not in page.table_line_ids and ln.bottom <= table.top + 2
                            and ln.x0 < table.x1 and ln.x1 > table.x0 for i, ln in enumerate(page.lines))
        return last if first and not printed_above else None

    def _entries(self, table: Table, rows: list[list[str]], values: list[list[float | None]], head_n: int,
                 headers: list[str], table_period: str, start_flow: str | None,
                 section_flow: dict[int, str | None]) -> list[Entry]:
        v = self.vocab
        section_id = 0
        entries: list[Entry] = []
        for i in range(head_n, len(rows)):
            row, vals = rows[i], values[i]
            row = ["" if PLACEHOLDER.match(c) else c for c in row]  # a lone "£" or "-" is no label
            texts = [(j, c) for j, c in enumerate(row) if c and vals[j] is None]
            if all(x is None for x in vals):
                # a lone text cell is a section heading (CONTRIBUTIONS / EXPENDITURE / BALANCE SHEET)
                if len(texts) == 1:
                    flow = _flow_of(texts[0][1], v.sections)
                    if flow and len(texts[0][1].split()) <= 4:
                        section_flow[texts[0][0]] = flow
                        section_id += 1
                continue
            label, label_col = "", 0
            for j, cell in enumerate(row):
                x = vals[j]
                if x is None:
                    if cell:
                        label, label_col = cell, j
                    continue
                if not label or v.skip_column.search(headers[j] if j < len(headers) else ""):
                    continue
                entry = self._entry(i, label, label_col, j, x, headers,
                                    (section_flow.get(label_col) or section_flow.get(0), start_flow),
                                    table_period, section_id)
                if entry is not None:
                    entries.append(entry)
        return entries

    def _entry(self, i: int, label: str, label_col: int, j: int, x: float, headers: list[str],
               sections: tuple[str | None, str | None], table_period: str, section_id: int) -> Entry | None:
        v = self.vocab
        head = headers[j] if j < len(headers) else ""
        label_head = headers[label_col] if label_col < len(headers) else ""
        item, row_period = label.rstrip(":").strip(), ""
        if re.fullmatch(r"(?:FY\s*)?[\d/\-– ]+", item) and period_in(item):
            row_period, item = period_in(item) or "", head or label_head or item  # a row per year
        area = ""
        if head and not v.total_column.search(head):
            area = resolve_area(head) or ""
            if area and self.meta.local_authorities == [area]:
                area = ""  # a single-authority board: its own column is the whole board area
            if not area and self.several and not row_period:
                # "Budget | Actual" columns: the column name tells the two amounts apart
                rest = _flow_free(head, v)
                if rest:
                    item = f"{item} ({rest})"
        period = row_period or period_in(head) or period_in(label_head) or table_period
        # a row per year ("2017/18 | £210,000 | £215,000") holds that year's totals
        is_total = bool(v.total_label.search(label)) or bool(row_period)
        is_balance = not is_total and bool(v.balance_label.search(label))
        # nearest statement wins: the amount's column, a section row above it in the table, the
        # label column's header, the line printed above the table
        in_rows, above = sections
        context = (_flow_of(head, v.sections) or in_rows or _flow_of(label_head, v.sections) or above)
        if is_total:
            flow = _flow_of(re.sub(r"\([^)]*\)", "", label), v.total_flow) or context
        elif is_balance:
            flow = "balance"
        else:
            flow = context or _flow_of(label, v.line_flow)
        return Entry(i, label_col, j, section_id, " ".join(item.split()), x, flow or "income", is_total,
                     area, period, is_balance)

    def _emit(self, table: Table, entries: list[Entry]) -> None:
        groups: dict[tuple[int, int, int], list[Entry]] = {}
        for e in entries:
            groups.setdefault((e.label_col, e.section, e.col), []).append(e)
        # the sign a section prints its lines with (income is often printed negative in accounts)
        signs: dict[tuple[int, int, str], float] = {}
        for e in entries:
            if not e.is_total and not e.balance_label and e.value:
                key = (e.label_col, e.section, e.flow)
                signs[key] = signs.get(key, 0.0) + (1 if e.value > 0 else -1)
        for e in entries:
            if e.value == 0:
                continue
            majority = signs.get((e.label_col, e.section, e.flow), 0.0)
            if not e.is_total and not e.balance_label and majority and (e.value > 0) != (majority > 0):
                where = f" ({e.area})" if e.area else ""
                self.warnings.append(
                    f"budget page {table.page_of_row(e.row)}: '{e.label}' {format_number(e.value)}{where}"
                    f" has the opposite sign to the other {e.flow} lines; left out")
                continue
            self.lines.append(BudgetLine(
                doc_id=self.doc_id, period=e.period, flow=e.flow,
                item=e.label, area=e.area, amount_gbp=abs(e.value), is_total=e.is_total,
                page=table.page_of_row(e.row), evidence=table.row_text(e.row), printed_amount_gbp=e.value))
        for group in groups.values():
            self._check_totals(table, group)

    def _check_totals(self, table: Table, group: list[Entry]) -> None:
        lines: list[float] = []
        for e in group:
            if not e.is_total:
                lines.append(e.value)
                continue
            if not lines:
                continue
            suffix, sums = 0.0, []
            for x in reversed(lines):
                suffix += x
                sums.append(suffix)
            if any(abs(s - e.value) < 0.02 for s in sums):
                continue
            where = f" ({e.area})" if e.area else ""
            self.warnings.append(
                f"budget page {table.page_of_row(e.row)}: '{e.label}'{where} prints {format_number(e.value)} "
                f"but its {len(lines)} lines sum to {format_number(round(sums[-1], 2))} "
                f"(difference {format_number(round(e.value - sums[-1], 2))})")


def _flow_free(head: str, v: BudgetVocab) -> str:
    """A column header without its year, currency and flow words ("Expenditure 2017/18 £" -> "")."""
    rest = strip_short_fys(re.sub(r"(?:19|20)\d\d(?:\s?[/-]\s?\d{2,4})?", "", head))
    for rx in v.sections.values():
        rest = rx.sub("", rest)
    return " ".join(re.sub(r"[£()]", " ", rest).split()).strip(" -–:")


def _header_rows(rows: list[list[str]], values: list[list[float | None]]) -> tuple[int, int]:
    """(title rows, title + header rows) at the top of a table: rows of names without amounts. One-cell
    rows count as a title only above a header row; else they are section headings (CONTRIBUTIONS)."""
    def names(i: int) -> int:
        """How many names the row holds; -1 when it has amounts or sentences (a text table's row)."""
        if any(x is not None for x in values[i]) or any(len(c.split()) > 8 for c in rows[i]):
            return -1
        return sum(1 for c in rows[i] if c)

    title_n = 0
    while title_n < min(2, len(rows)) and 0 <= names(title_n) <= 1:
        title_n += 1
    head_n = title_n
    while head_n < min(title_n + 3, len(rows)) and names(head_n) >= 2:
        head_n += 1
    return (title_n, head_n) if head_n > title_n else (0, 0)


def _money_sized(values: list[list[float | None]]) -> bool:
    """Amounts without a £ sign: most are in hundreds or more (counts of courses or people are not)."""
    amounts = sorted(abs(x) for r in values for x in r if x)
    return bool(amounts) and amounts[len(amounts) // 2] >= 100


def _nearest_line(page: Page, table: Table) -> str:
    """The prose line right above a table: often its section name (EXPENDITURE)."""
    above = [ln for i, ln in enumerate(page.lines)
             if i not in page.table_line_ids and ln.bottom <= table.top + 2 and ln.top > table.top - 40]
    return max(above, key=lambda ln: ln.bottom).text.strip() if above else ""


def extract_budget(doc: ParsedDocument, meta: DocumentMeta, doc_id: str,
                   patterns_dir: Path | None = None,
                   text: TextLayer | None = None) -> tuple[list[BudgetLine], list[str]]:
    vocab = load_budget_vocab(patterns_dir)
    reader = BudgetTableReader(vocab, meta, doc_id)
    for page in doc.pages:
        for table in sorted(page.tables, key=lambda t: t.top):
            reader.read(page, table)
    lines = reader.lines
    narrative = NarrativeReader(vocab.raw, meta, doc_id).read(text or build_text(doc, meta.local_authorities))
    have = {(ln.flow, round(ln.amount_gbp, 2)) for ln in lines}
    lines.extend(ln for ln in narrative if (ln.flow, round(ln.amount_gbp, 2)) not in have)
    return lines, reader.warnings
