"""budget.csv: every income, expenditure, total and balance line of a board's budget.

Budget tables come in several layouts, all read by the same walk over a table's cells: a text
cell starts a line, the amounts to its right belong to it, and each amount takes its meaning
from its column header (flow words, a year, a local authority, TOTAL). So the side-by-side
layout (`item | £ | item | £` under `Income 2012/13 | | Expenditure 2012/13 |`), per-borough
columns (`LBHF | RBKC | WCC | TOTAL`, possibly printed as a separate one-row table before the
figures), and plain `Agency | Contribution` tables need no special cases. Section rows or lines
(CONTRIBUTIONS / EXPENDITURE / BALANCE SHEET) set the flow; labels such as "Balance brought
forward" are balances wherever they stand. Amounts are written positive; a line whose sign is
against its section (a credit among costs) is left out with a warning, and every printed total
is checked against the sum of its lines (a mismatch is a warning, numbers are not changed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..models import BudgetLine, DocumentMeta
from ..paths import pattern_file
from ..periods import fy, parse_fy
from ..reader import Page, ParsedDocument, Table, format_number, parse_number, repair_split_numbers
from .statistics import Areas, build_paragraphs, caption_of, split_sentences

try:
    from ..vocab import resolve_area
except ImportError:  # pragma: no cover - the gazetteer ships separately; without it no area is set
    def resolve_area(name: str) -> str | None:
        return None

FLOWS = ("balance", "income", "expenditure")
PLACEHOLDER = re.compile(r"^\s*(?:£|-|–|—|nil|n/?a)?\s*$", re.I)
VERB_END = re.compile(
    r"\s+(?:of|was|were|is|totall?ed|totall?ing|total|amounted to|amounting to|came to|stood at)$", re.I)
SHORT_FY = re.compile(r"(?<![\d/])(\d{2})\s?[/-]\s?(\d{2})(?![\d/])")


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


@lru_cache(maxsize=8)
def load_budget_vocab(patterns_dir: Path | None = None) -> BudgetVocab:
    text = pattern_file("budget.yaml", patterns_dir).read_text(encoding="utf-8")
    raw: dict[str, Any] = yaml.safe_load(text)
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


def amount(cell: str) -> float | None:
    """Signed amount of a cell; accounting brackets are negative; percentages are not amounts."""
    text = repair_split_numbers(cell.strip())
    if not text or "%" in text:
        return None
    value = parse_number(text)
    if value is not None and text.startswith("(") and text.endswith(")"):
        value = -abs(value)
    return value


def period_in(text: str) -> str | None:
    """`2012/13`, `2012-2013`, or the short `15/16` of a column header."""
    found = parse_fy(text)
    if found:
        return found
    for m in SHORT_FY.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if b == (a + 1) % 100:
            return fy(2000 + a)
    return None


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
class PendingHeader:
    """A one-row table of column names printed apart from the figures below it."""

    cells: list[str]
    period: str
    page: int


@dataclass
class TableReader:
    vocab: BudgetVocab
    meta: DocumentMeta
    doc_id: str
    lines: list[BudgetLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pending: PendingHeader | None = None
    several: bool = False  # the table being read has more than one amount column

    def read(self, page: Page, table: Table) -> None:
        v = self.vocab
        rows = [[c.strip() for c in r] for r in table.rows]
        caption = caption_of(page, table)
        nearest = _nearest_line(page, table)
        values = [[amount(c) for c in r] for r in rows]
        n_values = sum(1 for r in values for x in r if x is not None)
        n_pounds = sum(1 for r in rows for c in r if "£" in c)
        head_n = 0
        while head_n < min(3, len(rows)) and all(x is None for x in values[head_n]) \
                and sum(1 for c in rows[head_n] if c) >= 2:
            head_n += 1
        header_text = " ".join(c for r in rows[:head_n] for c in r)
        if self.pending and (table.page - self.pending.page > 2 or head_n):
            self.pending = None
        if n_values == 0:
            if head_n and v.context.search(caption + " " + header_text) and len(rows) <= 2:
                period = period_in(caption + " " + header_text) or ""
                self.pending = PendingHeader(rows[0], period, table.page)
            return
        n_cols = max(len(r) for r in rows)
        headers = [" ".join(r[j] for r in rows[:head_n] if j < len(r) and r[j]) for j in range(n_cols)]
        numeric_cols = [j for j in range(n_cols)
                        if any(j < len(r) and r[j] is not None for r in values[head_n:])]
        pending = self.pending
        fits = pending is not None and not head_n and len(pending.cells) == len(numeric_cols)
        near = bool(v.context.search(f"{nearest} {header_text}")) or fits
        # a £ in the cells is money enough; bare numbers need money words right at the table
        money = (n_pounds >= 2 and (near or v.context.search(caption))) or (near and _money_sized(values))
        if not (money and n_values >= 2):
            return
        if fits and pending is not None:
            for j, cell in zip(numeric_cols, pending.cells, strict=True):
                headers[j] = cell
        table_period = (period_in(caption + " " + header_text) or (pending.period if pending else "")
                        or self.meta.period)
        start_flow = _flow_of(nearest, v.sections) or _flow_of(caption, v.sections)
        self.several = len(numeric_cols) > 1
        entries = self._entries(table, rows, values, head_n, headers, table_period, start_flow)
        self._emit(table, entries)

    def _entries(self, table: Table, rows: list[list[str]], values: list[list[float | None]], head_n: int,
                 headers: list[str], table_period: str, start_flow: str | None) -> list[Entry]:
        v = self.vocab
        section_flow: dict[int, str | None] = {}
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
                doc_id=self.doc_id, period=e.period, flow=e.flow,  # type: ignore[arg-type]
                item=e.label, area=e.area, amount_gbp=abs(e.value), is_total=e.is_total,
                page=table.page_of_row(e.row), evidence=table.row_text(e.row)))
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


class NarrativeReader:
    """Money lines stated in sentences and in bullet lists under a 'spent on:' introduction."""

    def __init__(self, raw: dict[str, Any], meta: DocumentMeta, doc_id: str) -> None:
        self.meta, self.doc_id = meta, doc_id
        self.received = _rx(raw["income_received"])
        self.contributed = re.compile(raw["income_contributed"])  # case matters: the agency is a name
        self.balance = _rx(raw["balance_sentence"])
        self.generated = _rx(raw["income_generated"])
        self.total = _rx(raw["total_sentence"])
        self.money_words = _rx(raw["money_words"])
        self.not_a_line = _rx(raw["not_a_line"])
        self.spend_words = _rx(raw["total_flow"]["expenditure"])
        self.spend_intro = _rx(raw["spend_intro"])
        self.income_intro = _rx(raw["income_intro"])
        self.item_end = _rx(raw["item_end"])
        self.bullet = re.compile(r"^([A-Z][^£:]{1,80}?)\s*[-–:]?\s*(£\s?\d[\d,. ]*\d)")

    def read(self, doc: ParsedDocument) -> list[BudgetLine]:
        out: list[BudgetLine] = []
        pars, _ = build_paragraphs(doc, Areas(list(self.meta.local_authorities)))
        list_flow, list_period = "", ""
        framing: tuple[str, int] = ("", 0)  # the last year a money sentence named, and its page
        for par in pars:
            text = repair_split_numbers(par.text)
            if list_flow:
                m = self.bullet.match(text)
                if m and (value := amount(m.group(2))):
                    out.append(self._line(list_flow, m.group(1), value, list_period, par.pages[0][1], text))
                    continue
                list_flow = ""
            for offset, sentence in split_sentences(text):
                page = par.page_at(offset)
                stated = parse_fy(sentence)
                if stated and self.money_words.search(sentence):
                    framing = (stated, page)
                if "£" in sentence:
                    # "The HSCB had a carry forward ... of £10,000" after "The budget agreed for 2015/16 ..."
                    near = framing[0] if framing[0] and page - framing[1] <= 1 else ""
                    out.extend(self._sentence(sentence, page, stated or near or self.meta.period))
            if text.rstrip().endswith(":"):
                last = split_sentences(text)[-1][1]
                list_flow = ("expenditure" if self.spend_intro.search(last)
                             else "income" if self.income_intro.search(last) else "")
                list_period = parse_fy(last) or self.meta.period
        return out

    def _sentence(self, sentence: str, page: int, period: str) -> list[BudgetLine]:
        out: list[BudgetLine] = []
        for m in self.received.finditer(sentence):
            item = self.item_end.split(m.group(2), maxsplit=1)[0]
            value = amount(m.group(1))
            if value and item.strip():
                out.append(self._line("income", item, value, period, page, sentence))
        for m in self.generated.finditer(sentence):
            value = amount(m.group(2))
            if value:
                out.append(self._line("income", m.group(1), value, period, page, sentence))
        for m in self.contributed.finditer(sentence):
            value = amount(m.group(2))
            if value:
                out.append(self._line("income", m.group(1), value, period, page, sentence))
        for m in self.balance.finditer(sentence):
            value = amount(m.group(2))
            if value:
                item = VERB_END.sub("", sentence[m.start(1):m.start(2)].strip())
                out.append(self._line("balance", item, value, period, page, sentence))
        for m in self.total.finditer(sentence):
            value = amount(m.group(2))
            if value and not self.not_a_line.search(m.group(0)):
                flow = "expenditure" if self.spend_words.search(m.group(1)) else "income"
                item = VERB_END.sub("", sentence[m.start(1):m.start(2)].strip())
                out.append(self._line(flow, item, value, period, page, sentence, is_total=True))
        return out

    def _line(self, flow: str, item: str, value: float, period: str, page: int, evidence: str,
              is_total: bool = False) -> BudgetLine:
        item = re.sub(r"^(?:the|a|an)\s+", "", " ".join(item.split()), flags=re.I).strip(" ,.;:-–")
        return BudgetLine(doc_id=self.doc_id, period=period, flow=flow, item=item,  # type: ignore[arg-type]
                          amount_gbp=abs(value), is_total=is_total, page=page,
                          evidence=" ".join(evidence.split()))


def _flow_free(head: str, v: BudgetVocab) -> str:
    """A column header without its year, currency and flow words ("Expenditure 2017/18 £" -> "")."""
    rest = SHORT_FY.sub("", re.sub(r"(?:19|20)\d\d(?:\s?[/-]\s?\d{2,4})?", "", head))
    for rx in v.sections.values():
        rest = rx.sub("", rest)
    return " ".join(re.sub(r"[£()]", " ", rest).split()).strip(" -–:")


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
                   patterns_dir: Path | None = None) -> tuple[list[BudgetLine], list[str]]:
    vocab = load_budget_vocab(patterns_dir)
    reader = TableReader(vocab, meta, doc_id)
    for page in doc.pages:
        for table in sorted(page.tables, key=lambda t: t.top):
            reader.read(page, table)
    lines = reader.lines
    narrative = NarrativeReader(vocab.raw, meta, doc_id).read(doc)
    have = {(ln.flow, round(ln.amount_gbp, 2)) for ln in lines}
    lines.extend(ln for ln in narrative if (ln.flow, round(ln.amount_gbp, 2)) not in have)
    return lines, reader.warnings
