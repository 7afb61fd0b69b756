"""Figures from tables: header cells give time/area keys, row labels give metric and category.

Handles the layouts reports use for their data: year columns (`2008/ 09 .. 2012/ 13`), date
rows (`31 st March 2013 | 115`), per-borough columns (`LBHF | RBKC | WCC | Total`), two-row
headers (`As of end | 2016 | 2017` over `March`), section titles inside a joined table, and
`count (share%)` cells.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ...periods import fy, fy_of_date, parse_as_of, parse_fy
from ...reader import Table
from .table_keys import BARE_YEAR, Key, merge_keys, parse_cell, parse_key, plausible_header
from .vocab import Vocab, normalise

MARCH_CUE = re.compile(r"\bmarch\b|year[- ]end|end of (?:the )?(?:financial )?year", re.I)
COUNT_HEAD = re.compile(r"^(?:number|no\.?|count|total|children|n)$", re.I)
PCT_HEAD = re.compile(r"^%$|percent|proportion|^% of", re.I)


@dataclass
class TableFigure:
    metric: str
    category: str
    value: float
    unit: str
    period: str
    as_of: str
    area: str | None  # None: not keyed by area (caller applies the section's area)
    page: int
    evidence: str
    label: str
    time_basis: str = ""  # stated (a column/row key), heading (the caption), document, or '' (undated)


@dataclass
class Block:
    """What the rows of a table block share: header row text, section title row, caption above."""

    header: str
    section: str
    caption: str

    @property
    def text(self) -> str:
        return " ".join((self.header, self.section, self.caption))

    def metric(self, vocab: Vocab) -> str | None:
        # the metric is named once for the block; the nearest naming wins
        for text in (self.header, self.section, self.caption):
            found = vocab.label_metric(text) if text else None
            if found:
                return found
        return None


@dataclass
class Place:
    """Where a row's figures come from: its block, page and printed text."""

    block: Block
    page: int
    evidence: str


@dataclass
class Walk:
    """What the rows read so far tell the rows below: the column keys or labels of the header in force,
    its text, the section title, and the caption while it still names the block."""

    section: str
    own_caption: str
    col_keys: list[Key | None] | None = None
    col_labels: list[str] | None = None
    header_ctx: str = ""
    last_header: int = -2
    had_data: bool = False
    first_header: str = ""

    def header(self, i: int, keys: list[Key | None], texts: list[str]) -> None:
        """A header row: keys for the columns below, merged with the header row right above."""
        follows = i == self.last_header + 1
        if follows and self.col_keys is not None:
            self.col_keys = merge_keys(self.col_keys, keys)
        else:
            header_text = " ".join(texts)
            if self.had_data and header_text != self.first_header:
                # a new header after data rows starts another table the reader joined to this
                # one: the caption names the first only, and a block with no name gives nothing
                self.section = "" if self.section == self.own_caption else self.section
                self.own_caption = ""
            self.first_header = self.first_header or header_text
            self.col_keys, self.col_labels = keys, None
        self.header_ctx = (self.header_ctx + " " if follows else "") + " ".join(texts)
        self.last_header = i

    def run_on_title(self, i: int, titles: dict[int, str], cells: list[str]) -> None:
        """A total row whose label ran on into the title of the table below is a Total row, and the
        title names the rows after it."""
        if i in titles:
            cells[0] = "Total"
        if i - 1 in titles:
            self.section, self.own_caption = titles[i - 1], ""

    def text_row(self, i: int, cells: list[str], texts: list[str]) -> None:
        """A row without figures: a second header line, a section title, or column labels."""
        if i == self.last_header + 1 and len(texts) == 1 and len(texts[0]) <= 25:
            self.header_ctx += " " + texts[0]  # second header line, e.g. "March" under "As of end"
            self.last_header = i
        elif len(texts) == 1:
            self.section, self.col_keys, self.col_labels = texts[0], None, None
        else:
            self.col_labels, self.col_keys = cells, None
            self.header_ctx = " ".join(texts)


class StatisticsTableReader:
    def __init__(self, vocab: Vocab, resolve_area: Callable[[str], str | None], default_period: str) -> None:
        self.vocab = vocab
        self.resolve_area = resolve_area
        self.default_period = default_period

    def read(self, table: Table, caption: str) -> list[TableFigure]:
        if self._skipped(table, caption):
            return []
        found: list[tuple[TableFigure, bool]] = []
        walk = Walk(section=caption, own_caption=caption)
        titles = self._run_on_titles(table)
        for i, row in enumerate(table.rows):
            cells = [normalise(c) for c in row]
            if not any(cells):
                continue
            walk.run_on_title(i, titles, cells)
            keys = [parse_key(c, self.resolve_area) for c in cells]
            parsed = [parse_cell(c) for c in cells]
            texts = [c for c in cells if c]
            if self._is_header(cells, keys, parsed, walk):
                walk.header(i, keys, texts)
                continue
            if all(c is None and p is None for c, p in parsed):
                walk.text_row(i, cells, texts)
                continue
            walk.had_data = True
            found.extend(self._row(table, i, cells, keys, parsed, walk))
        return _one_per_slot(found)

    def _skipped(self, table: Table, caption: str) -> bool:
        """Tables the vocabulary says hold no figures of ours, by their first rows or a short title above
        (a paragraph above a table may not be about it)."""
        head = " ".join(" ".join(r) for r in table.rows[:2])
        title = caption if len(caption.split()) <= 20 else ""
        return bool(self.vocab.skip_tables.search(head) or self.vocab.skip_tables.search(title))

    def _is_header(self, cells: list[str], keys: list[Key | None],
                   parsed: list[tuple[float | None, float | None]], walk: Walk) -> bool:
        """A row of column keys (years, dates, areas) with no other figure. A labelled row of year-like
        counts under a header is data ("Referrals | 2016 | 2017")."""
        n_keys = sum(1 for k in keys if k is not None and not k.total)
        loose_nums = sum(1 for k, (c, p) in zip(keys, parsed, strict=True)
                         if k is None and (c is not None or p is not None))
        named = walk.col_keys is not None and bool(cells[0]) and bool(self.vocab.label_metric(cells[0], 3))
        return n_keys >= 1 and loose_nums == 0 and plausible_header(keys) and not named

    def _run_on_titles(self, table: Table) -> dict[int, str]:
        """Total rows whose label ran on into the title of a table printed right below (a reader that
        missed the gap joined them): {row index: the title}, when a header row follows."""
        out: dict[int, str] = {}
        rows = table.rows
        for i in range(len(rows) - 1):
            label = normalise(rows[i][0]) if rows[i] else ""
            m = re.match(r"(?i)^total\s+(.{12,})$", label)
            if not m or not any(parse_cell(c) != (None, None) for c in rows[i][1:]):
                continue
            keys = [parse_key(c, self.resolve_area) for c in rows[i + 1]]
            if sum(1 for k in keys if k is not None and k.has_time) >= 2 \
                    and self.vocab.label_metric(m.group(1), 3):
                out[i] = m.group(1)
        return out

    def _row(self, table: Table, i: int, cells: list[str], keys: list[Key | None],
             parsed: list[tuple[float | None, float | None]], walk: Walk) -> list[tuple[TableFigure, bool]]:
        at = Place(Block(walk.header_ctx, walk.section, walk.own_caption), table.page_of_row(i),
                   table.row_text(i))
        if walk.col_keys is not None:
            return self._under_keys(cells, parsed, walk.col_keys, at)
        first = keys[0] if keys else None
        if first is not None and (first.has_time or bool(first.area)):
            return self._keyed_row(cells, parsed, first, walk.col_labels, at)
        return self._labelled_row(cells, parsed, walk.col_labels, at)

    def _under_keys(self, cells: list[str], parsed: list[tuple[float | None, float | None]],
                    col_keys: list[Key | None], at: Place) -> list[tuple[TableFigure, bool]]:
        """A row under a header of column keys: the text cells outside keyed columns are its label."""
        label = " ".join(c for j, c in enumerate(cells) if c and parsed[j] == (None, None)
                         and (j >= len(col_keys) or col_keys[j] is None))
        out: list[tuple[TableFigure, bool]] = []
        for j, (count, pct) in enumerate(parsed):
            key = col_keys[j] if j < len(col_keys) else None
            if key is None or (count is None and pct is None):
                continue
            out.extend(self._value(label, key, count, pct, at))
        return out

    def _keyed_row(self, cells: list[str], parsed: list[tuple[float | None, float | None]], key: Key,
                   col_labels: list[str] | None, at: Place) -> list[tuple[TableFigure, bool]]:
        """Rows keyed by date/year/area in the first column, metrics named by the column labels."""
        out: list[tuple[TableFigure, bool]] = []
        for j in range(1, len(cells)):
            count, pct = parsed[j]
            if count is None and pct is None:
                continue
            label = col_labels[j] if col_labels and j < len(col_labels) else ""
            out.extend(self._value(label, key, count, pct, at))
        return out

    def _labelled_row(self, cells: list[str], parsed: list[tuple[float | None, float | None]],
                      col_labels: list[str] | None, at: Place) -> list[tuple[TableFigure, bool]]:
        """A row of a table without column keys: one figure after its label, or unit columns."""
        nums = [(j, p) for j, p in enumerate(parsed) if p != (None, None)]
        if len(nums) > 1 and col_labels and nums[0][0] > 0:
            return self._unit_columns(cells, nums, col_labels, at)
        if len(nums) != 1 or nums[0][0] == 0 or BARE_YEAR.match(cells[nums[0][0]]):
            return []  # a lone "2014" at the end of an action-plan row is its deadline, not a count
        label = " ".join(c for c in cells[:nums[0][0]] if c)
        count, pct = nums[0][1]
        return self._value(label, Key(), count, pct, at)

    def _unit_columns(self, cells: list[str], nums: list[tuple[int, tuple[float | None, float | None]]],
                      col_labels: list[str], at: Place) -> list[tuple[TableFigure, bool]]:
        """`Category | Number | %` tables: one count column and one share column, dated by the caption."""
        count = pct = None
        for j, (c, p) in nums:
            head = col_labels[j] if j < len(col_labels) else ""
            if COUNT_HEAD.match(head) and c is not None and count is None:
                count = c
            elif PCT_HEAD.search(head) and pct is None:
                pct = p if p is not None else c
            else:
                return []
        label = " ".join(c for c in cells[:nums[0][0]] if c)
        return self._value(label, Key(), count, pct, at)

    def _value(self, label: str, key: Key, count: float | None, pct: float | None,
               at: Place) -> list[tuple[TableFigure, bool]]:
        vocab, block, evidence = self.vocab, at.block, at.evidence
        cues = block.text
        metric, category, total = self._label_metric(label, block)
        if metric is None or (label and vocab.global_exclude.search(label)):
            return []
        mdef = vocab.metrics[metric]
        period, as_of = self._time(key, mdef.kind, f"{label} {cues}")
        if period is None:
            return []
        basis = self._basis(key, period, as_of, f"{label} {cues}")
        area = None if key.total else key.area
        if not label:
            evidence = f"{block.section}\t{evidence}"
        is_total = bool(label and re.search(r"\btotal\b", label, re.I))
        return [(TableFigure(metric, category, value, unit, period, as_of, area, at.page, evidence, label,
                             basis), is_total)
                for value, unit in _unit_values(mdef.unit, count, pct, total, label + cues)]

    def _label_metric(self, label: str, block: Block) -> tuple[str | None, str, bool]:
        """(metric, category, is a total) of a row label: a category or total row takes the metric the
        block names; another label names its own metric ("Rate per 10,000" takes the block's rate)."""
        vocab = self.vocab
        category = vocab.category(label) if label else None
        total = not label or vocab.is_total(label)
        if category or total:
            return block.metric(vocab), category or "", total
        metric = vocab.label_metric(label, lead_words=3)
        if metric is None and vocab.rate_label.search(label):
            # "Rate per 10,000" under a block about children on plans
            metric = vocab.rate_metrics.get(block.metric(vocab) or "")
        return metric, "", total

    def _basis(self, key: Key, period: str, as_of: str, cues: str) -> str:
        """stated (a column or row key), heading (the caption), document (its period), '' (undated)."""
        if key.has_time:
            return "stated"
        if not (period or as_of):
            return ""
        if period == self.default_period and not as_of and not parse_fy(cues):
            return "document"
        return "heading"

    def _time(self, key: Key, kind: str, cues: str) -> tuple[str | None, str]:
        """(period, as_of) for a cell; period None means the cell cannot be dated and is skipped."""
        march = bool(MARCH_CUE.search(cues))
        if key.period:
            if kind == "stock":
                return key.period, (f"20{key.period[-2:]}-03-31" if march else "")
            return key.period, ""
        if key.as_of:
            if kind == "stock":
                return "", key.as_of
            return fy_of_date(_date(key.as_of)), ""
        if key.year:
            if not march:
                return None, ""
            return (fy(key.year - 1), "") if kind == "flow" else ("", f"{key.year}-03-31")
        caption_date = parse_as_of(cues) if re.search(r"\d{4}", cues) else None
        caption_fy = parse_fy(cues)
        if kind == "stock":
            return ("", caption_date) if caption_date else (caption_fy or "", "")
        return caption_fy or (fy_of_date(_date(caption_date)) if caption_date else self.default_period), ""


def _date(iso: str) -> date:
    return date.fromisoformat(iso)


def _unit_values(unit: str, count: float | None, pct: float | None, total: bool,
                 cues: str) -> list[tuple[float, str]]:
    """(value, unit) of a cell's figures for a metric of `unit`: a percent metric takes the share (or a
    bare number said to be a percentage); a count also keeps its share, unless a total's 100%."""
    if unit == "percent":
        if pct is not None:
            return [(pct, "percent")]
        if count is not None and re.search(r"%|percent", cues, re.I):
            return [(count, "percent")]
        return []
    out: list[tuple[float, str]] = []
    if count is not None:
        out.append((count, unit))
        if pct is not None and unit == "count" and not (total and pct == 100):
            out.append((pct, "percent"))
    return out


def _one_per_slot(found: list[tuple[TableFigure, bool]]) -> list[TableFigure]:
    """Several rows naming one metric (e.g. contacts by MASH, contacts in total): keep the total row."""
    slots: dict[tuple[str, str, str, str, str, str | None], list[tuple[TableFigure, bool]]] = {}
    for fig, is_total in found:
        slots.setdefault((fig.metric, fig.category, fig.unit, fig.period, fig.as_of, fig.area), []).append(
            (fig, is_total))
    out: list[TableFigure] = []
    for group in slots.values():
        labels = {f.label for f, _ in group}
        if len(labels) == 1:
            out.append(group[0][0])
            continue
        totals = [f for f, t in group if t]
        out.append(totals[0] if totals else group[0][0])
    return out
