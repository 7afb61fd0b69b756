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
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...models import BudgetLine, DocumentMeta
from ...periods import strip_short_fys
from ...reader import Page, ParsedDocument, Table, format_number
from ...text.gazetteer import Gazetteer
from ...text.layer import TextLayer, build_text
from .layout import Frame, TableShape, carried_headers, carried_period, money_sized, table_shape
from .narrative import NarrativeReader
from .vocab import BudgetVocab, flow_of, period_in

if TYPE_CHECKING:
    from ...config.patterns import Patterns

PLACEHOLDER = re.compile(r"^\s*(?:£|-|–|—|nil|n/?a)?\s*$", re.I)


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
class BudgetTableReader:
    vocab: BudgetVocab
    gazetteer: Gazetteer
    meta: DocumentMeta
    doc_id: str
    lines: list[BudgetLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pending: Frame | None = None  # column names printed apart, waiting for their figures
    last: Frame | None = None  # the last budget table read, which a header-less table may continue
    several: bool = False  # the table being read has more than one amount column

    def read(self, page: Page, table: Table) -> None:
        shape = table_shape(page, table)
        if self.pending and (table.page - self.pending.page > 2 or shape.own_header):
            self.pending = None
        if shape.n_values == 0:
            self._hold_names(table, shape)
            return
        if not shape.own_header:
            self.pending = self._names_above(page, table) or self.pending
        n_cols = max(len(r) for r in shape.rows)
        headers, numeric_cols = self._column_headers(shape, n_cols)
        fitting = self._fitting_pending(shape, numeric_cols)
        cont = self._continued(page, table, n_cols) if not shape.own_header else None
        if not self._is_money(shape, fitting is not None or cont is not None):
            return
        headers = carried_headers(headers, numeric_cols, fitting, cont)
        table_period = (period_in(shape.caption + " " + shape.header_text)
                        or carried_period(fitting, cont) or self.meta.period)
        start_flow, sections = self._start_sections(shape, cont)
        self.several = len(numeric_cols) > 1
        entries = self._entries(table, shape.rows, shape.values, shape.head_n, headers, table_period,
                                start_flow, sections)
        self._emit(table, entries)
        end_page = max(table.pages or [table.page])
        self.last = Frame(headers, table_period, end_page, n_cols, sections, start_flow)

    def _hold_names(self, table: Table, shape: TableShape) -> None:
        """A table of column names without figures (`LBHF | RBKC | WCC | TOTAL`): kept as pending, for
        the figures printed below it as a table of their own."""
        rows, around = shape.rows, shape.caption + " " + shape.header_text
        names = [c for c in rows[shape.head_n - 1] if c] if shape.own_header else []
        short = all(len(c.split()) <= 6 and not c.endswith(".") for r in rows[shape.title_n:] for c in r)
        if names and short and len(rows) - shape.title_n <= 2 and (
                self.vocab.context.search(around) or self._area_names(names)):
            self.pending = Frame(names, period_in(around) or "", table.page)

    def _column_headers(self, shape: TableShape, n_cols: int) -> tuple[list[str], list[int]]:
        """A header per column and the columns holding amounts. Area names in the last header row that
        are drawn off their columns (one column left) still go in order onto the amount columns."""
        headers, numeric_cols = shape.headers(n_cols), shape.numeric_cols(n_cols)
        if shape.own_header:
            names = [c for c in shape.rows[shape.head_n - 1] if c]
            if self._area_names(names) and len(names) == len(numeric_cols):
                for j, name in zip(numeric_cols, names, strict=True):
                    headers[j] = name
        return headers, numeric_cols

    def _fitting_pending(self, shape: TableShape, numeric_cols: list[int]) -> Frame | None:
        """The column names printed apart, when this header-less table has a column for each."""
        pending = self.pending
        if pending is not None and not shape.own_header and len(pending.headers) == len(numeric_cols):
            return pending
        return None

    def _is_money(self, shape: TableShape, carried_on: bool) -> bool:
        """Whether the table holds money: a £ in the cells is money enough; bare numbers need money words
        right at the table (or column names / a table carried over from a budget table)."""
        v = self.vocab
        near = bool(v.context.search(f"{shape.nearest} {shape.header_text}")) or carried_on
        money = ((shape.n_pounds >= 2 and (near or v.context.search(shape.caption)))
                 or (near and money_sized(shape.values)))
        return bool(money) and shape.n_values >= 2

    def _start_sections(self, shape: TableShape,
                        cont: Frame | None) -> tuple[str | None, dict[int, str | None]]:
        """The flow stated above the table, or else the section flows the continued table ended with."""
        sections = self.vocab.sections
        start_flow = flow_of(shape.nearest, sections) or flow_of(shape.caption, sections)
        if cont is not None and not start_flow:
            return cont.start_flow, dict(cont.sections)
        return start_flow, {}

    def _area_names(self, cells: list[str]) -> bool:
        """Column names that are all local authorities or a TOTAL (at least one authority)."""
        cells = [c.strip() for c in cells if c.strip()]
        areas = [c for c in cells if self.gazetteer.resolve_area(c)]
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
        section_id = 0
        entries: list[Entry] = []
        for i in range(head_n, len(rows)):
            row, vals = rows[i], values[i]
            row = ["" if PLACEHOLDER.match(c) else c for c in row]  # a lone "£" or "-" is no label
            if all(x is None for x in vals):
                section_id += self._section_heading(row, vals, section_flow)
                continue
            for label, label_col, j, x in self._labelled_amounts(row, vals, headers):
                entry = self._entry(i, label, label_col, j, x, headers,
                                    (section_flow.get(label_col) or section_flow.get(0), start_flow),
                                    table_period, section_id)
                if entry is not None:
                    entries.append(entry)
        return entries

    def _section_heading(self, row: list[str], vals: list[float | None],
                         section_flow: dict[int, str | None]) -> bool:
        """A row without amounts whose lone text cell is a section heading (CONTRIBUTIONS / EXPENDITURE /
        BALANCE SHEET): it sets the flow of its column's lines below. Whether a new section starts."""
        texts = [(j, c) for j, c in enumerate(row) if c and vals[j] is None]
        if len(texts) != 1:
            return False
        col, text = texts[0]
        flow = flow_of(text, self.vocab.sections)
        if flow and len(text.split()) <= 4:
            section_flow[col] = flow
            return True
        return False

    def _labelled_amounts(self, row: list[str], vals: list[float | None],
                          headers: list[str]) -> Iterator[tuple[str, int, int, float]]:
        """(label, its column, amount column, amount) of each amount of a row: an amount belongs to the
        nearest text cell on its left. Columns the vocabulary skips (a variance, a percentage) give none."""
        label, label_col = "", 0
        for j, cell in enumerate(row):
            x = vals[j]
            if x is None:
                if cell:
                    label, label_col = cell, j
                continue
            if label and not self.vocab.skip_column.search(_header(headers, j)):
                yield label, label_col, j, x

    def _entry(self, i: int, label: str, label_col: int, j: int, x: float, headers: list[str],
               sections: tuple[str | None, str | None], table_period: str, section_id: int) -> Entry | None:
        v = self.vocab
        head, label_head = _header(headers, j), _header(headers, label_col)
        item, row_period = _year_row(label, head, label_head)
        area, item = self._column_area(head, item, row_period)
        period = row_period or period_in(head) or period_in(label_head) or table_period
        # a row per year ("2017/18 | £210,000 | £215,000") holds that year's totals
        is_total = bool(v.total_label.search(label)) or bool(row_period)
        is_balance = not is_total and bool(v.balance_label.search(label))
        flow = self._flow(label, head, label_head, sections, is_total, is_balance)
        return Entry(i, label_col, j, section_id, " ".join(item.split()), x, flow or "income", is_total,
                     area, period, is_balance)

    def _column_area(self, head: str, item: str, row_period: str) -> tuple[str, str]:
        """(area, item) of an amount by its column: the local authority the column names, or else, among
        several amount columns, the column's name ("Budget | Actual") added to the item to tell them apart."""
        v = self.vocab
        if not head or v.total_column.search(head):
            return "", item
        area = self.gazetteer.resolve_area(head) or ""
        if area and self.meta.local_authorities == [area]:
            area = ""  # a single-authority board: its own column is the whole board area
        if not area and self.several and not row_period:
            rest = _flow_free(head, v)
            if rest:
                item = f"{item} ({rest})"
        return area, item

    def _flow(self, label: str, head: str, label_head: str, sections: tuple[str | None, str | None],
              is_total: bool, is_balance: bool) -> str | None:
        """The flow of an amount. Nearest statement wins: the amount's column, a section row above it in
        the table, the label column's header, the line printed above the table; totals may name their
        own flow, balances are balances wherever they stand, other lines may be told by their label."""
        v = self.vocab
        in_rows, above = sections
        context = (flow_of(head, v.sections) or in_rows or flow_of(label_head, v.sections) or above)
        if is_total:
            return flow_of(re.sub(r"\([^)]*\)", "", label), v.total_flow) or context
        if is_balance:
            return "balance"
        return context or flow_of(label, v.line_flow)

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


def _header(headers: list[str], j: int) -> str:
    return headers[j] if j < len(headers) else ""


def _year_row(label: str, head: str, label_head: str) -> tuple[str, str]:
    """(item, row period) of a line label: a row per year (`2017/18 | £210,000`) takes its item from the
    column header and its period from the label."""
    item = label.rstrip(":").strip()
    if re.fullmatch(r"(?:FY\s*)?[\d/\-– ]+", item) and period_in(item):
        return head or label_head or item, period_in(item) or ""
    return item, ""


def _flow_free(head: str, v: BudgetVocab) -> str:
    """A column header without its year, currency and flow words ("Expenditure 2017/18 £" -> "")."""
    rest = strip_short_fys(re.sub(r"(?:19|20)\d\d(?:\s?[/-]\s?\d{2,4})?", "", head))
    for rx in v.sections.values():
        rest = rx.sub("", rest)
    return " ".join(re.sub(r"[£()]", " ", rest).split()).strip(" -–:")


def extract_budget(doc: ParsedDocument, meta: DocumentMeta, doc_id: str,
                   patterns: Patterns,
                   text: TextLayer | None = None) -> tuple[list[BudgetLine], list[str]]:
    vocab = patterns.budget_vocab
    reader = BudgetTableReader(vocab, patterns.gazetteer, meta, doc_id)
    for page in doc.pages:
        for table in sorted(page.tables, key=lambda t: t.top):
            reader.read(page, table)
    lines = reader.lines
    narrative = NarrativeReader(vocab.raw, meta, doc_id).read(
        text or build_text(doc, meta.local_authorities, patterns.gazetteer))
    have = {(ln.flow, round(ln.amount_gbp, 2)) for ln in lines}
    lines.extend(ln for ln in narrative if (ln.flow, round(ln.amount_gbp, 2)) not in have)
    return lines, reader.warnings
