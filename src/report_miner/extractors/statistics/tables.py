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
from ...reader import Table, parse_number
from .vocab import Vocab, normalise

MARCH_CUE = re.compile(r"\bmarch\b|year[- ]end|end of (?:the )?(?:financial )?year", re.I)
SHORT_FY = re.compile(r"^(?:fy\s*)?(\d{2})\s?[/\-–]\s?(\d{2})$", re.I)
BARE_YEAR = re.compile(r"^(?:19|20)\d{2}$")
COUNT_SHARE = re.compile(r"^(\d[\d,]*(?:\.\d+)?)\s*\(\s*(\d+(?:\.\d+)?)\s?%\s*\)$")
COUNT_HEAD = re.compile(r"^(?:number|no\.?|count|total|children|n)$", re.I)
PCT_HEAD = re.compile(r"^%$|percent|proportion|^% of", re.I)
TOTAL_HEAD = re.compile(r"^(?:total|overall|all|combined)\b", re.I)


@dataclass
class Key:
    period: str = ""
    as_of: str = ""
    year: int | None = None
    area: str | None = None
    total: bool = False

    @property
    def has_time(self) -> bool:
        return bool(self.period or self.as_of or self.year)


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


def parse_key(cell: str, resolve_area: Callable[[str], str | None]) -> Key | None:
    text = normalise(cell).strip(" *:")
    if not text or len(text) > 40:
        return None
    words = re.sub(r"(?i)\b(?:year|fy|financial|as at|at|end|of|total)\b", " ", text).strip()
    fy_ = parse_fy(text)
    if fy_ and len(words) <= 14:
        return Key(period=fy_)
    m = SHORT_FY.match(text)
    if m and int(m.group(2)) == (int(m.group(1)) + 1) % 100:
        return Key(period=fy(2000 + int(m.group(1))))
    if re.search(r"\d", text):
        iso = parse_as_of(text) or _numeric_date(text)
        if iso:
            return Key(as_of=iso)
    if BARE_YEAR.match(text):
        return Key(year=int(text))
    if TOTAL_HEAD.match(text) and len(text.split()) <= 3:
        return Key(total=True)
    if not re.search(r"\d", text):
        area = resolve_area(text)
        if area:
            return Key(area=area)
    return None


def _numeric_date(text: str) -> str | None:
    """`31/03/2017`, `31.03.17` -> ISO (day first, as printed in English reports)."""
    m = re.fullmatch(r"(?:[A-Za-z ]+)?(\d{1,2})[./](\d{1,2})[./](\d{2}|\d{4})", text)
    if not m:
        return None
    year = int(m.group(3)) + (2000 if len(m.group(3)) == 2 else 0)
    try:
        return date(year, int(m.group(2)), int(m.group(1))).isoformat()
    except ValueError:
        return None


def parse_cell(cell: str) -> tuple[float | None, float | None]:
    """(count, percent) printed in a cell: `1937 (33%)` -> (1937, 33); `12%` -> (None, 12)."""
    text = normalise(cell)
    if not text or "£" in text:
        return None, None
    m = COUNT_SHARE.match(text)
    if m:
        return float(m.group(1).replace(",", "")), float(m.group(2))
    value = parse_number(text)
    if value is None or value < 0:
        return None, None
    if text.endswith("%"):
        return None, value
    return value, None


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


class StatisticsTableReader:
    def __init__(self, vocab: Vocab, resolve_area: Callable[[str], str | None], default_period: str) -> None:
        self.vocab = vocab
        self.resolve_area = resolve_area
        self.default_period = default_period

    def read(self, table: Table, caption: str) -> list[TableFigure]:
        head = " ".join(" ".join(r) for r in table.rows[:2])
        # a short title above the table may say what it is about; a paragraph above it may not
        title = caption if len(caption.split()) <= 20 else ""
        if self.vocab.skip_tables.search(head) or self.vocab.skip_tables.search(title):
            return []
        found: list[tuple[TableFigure, bool]] = []
        col_keys: list[Key | None] | None = None
        col_labels: list[str] | None = None
        header_ctx = ""
        section = caption
        last_header = -2
        had_data = False
        first_header = ""
        own_caption = caption
        titles = self._run_on_titles(table)
        for i, row in enumerate(table.rows):
            cells = [normalise(c) for c in row]
            if not any(cells):
                continue
            if i in titles:
                cells[0] = "Total"
            if i - 1 in titles:
                section, own_caption = titles[i - 1], ""
            keys = [parse_key(c, self.resolve_area) for c in cells]
            parsed = [parse_cell(c) for c in cells]
            n_nums = sum(1 for c, p in parsed if c is not None or p is not None)
            n_keys = sum(1 for k in keys if k is not None and not k.total)
            texts = [c for c in cells if c]
            loose_nums = sum(1 for k, (c, p) in zip(keys, parsed, strict=True)
                             if k is None and (c is not None or p is not None))
            # a labelled row of year-like counts under a header is data ("Referrals | 2016 | 2017")
            named = col_keys is not None and bool(cells[0]) and bool(self.vocab.label_metric(cells[0], 3))
            if n_keys >= 1 and loose_nums == 0 and _plausible_header(keys) and not named:
                if i == last_header + 1 and col_keys is not None:
                    col_keys = _merge_keys(col_keys, keys)
                else:
                    header_text = " ".join(texts)
                    if had_data and header_text != first_header:
                        # a new header after data rows starts another table the reader joined to this
                        # one: the caption names the first only, and a block with no name gives nothing
                        section = "" if section == own_caption else section
                        own_caption = ""
                    first_header = first_header or header_text
                    col_keys, col_labels = keys, None
                header_ctx = (header_ctx + " " if i == last_header + 1 else "") + " ".join(texts)
                last_header = i
                continue
            if n_nums == 0:
                if i == last_header + 1 and len(texts) == 1 and len(texts[0]) <= 25:
                    header_ctx += " " + texts[0]  # second header line, e.g. "March" under "As of end"
                    last_header = i
                elif len(texts) == 1:
                    section, col_keys, col_labels = texts[0], None, None
                else:
                    col_labels, col_keys = cells, None
                    header_ctx = " ".join(texts)
                continue
            had_data = True
            found.extend(self._row(table, i, cells, keys, parsed, col_keys, col_labels, header_ctx, section,
                                   own_caption))
        return _one_per_slot(found)

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
             parsed: list[tuple[float | None, float | None]], col_keys: list[Key | None] | None,
             col_labels: list[str] | None, header_ctx: str, section: str,
             caption: str) -> list[tuple[TableFigure, bool]]:
        out: list[tuple[TableFigure, bool]] = []
        evidence = table.row_text(i)
        page = table.page_of_row(i)
        block = Block(header_ctx, section, caption)
        if col_keys is not None:
            label = " ".join(c for j, c in enumerate(cells) if c and parsed[j] == (None, None)
                             and (j >= len(col_keys) or col_keys[j] is None))
            for j, (count, pct) in enumerate(parsed):
                key = col_keys[j] if j < len(col_keys) else None
                if key is None or (count is None and pct is None):
                    continue
                out.extend(self._value(label, key, count, pct, block, page, evidence))
        elif keys and keys[0] is not None and (keys[0].has_time or bool(keys[0].area)):
            # rows keyed by date/year/area in the first column, metrics named by the column labels
            for j in range(1, len(cells)):
                count, pct = parsed[j]
                if count is None and pct is None:
                    continue
                label = col_labels[j] if col_labels and j < len(col_labels) else ""
                out.extend(self._value(label, keys[0], count, pct, block, page, evidence))
        else:
            nums = [(j, p) for j, p in enumerate(parsed) if p != (None, None)]
            if len(nums) > 1 and col_labels and nums[0][0] > 0:
                return self._unit_columns(cells, parsed, nums, col_labels, block, page, evidence)
            if len(nums) != 1 or nums[0][0] == 0 or BARE_YEAR.match(cells[nums[0][0]]):
                return out  # a lone "2014" at the end of an action-plan row is its deadline, not a count
            label = " ".join(c for c in cells[:nums[0][0]] if c)
            count, pct = nums[0][1]
            out.extend(self._value(label, Key(), count, pct, block, page, evidence))
        return out

    def _unit_columns(self, cells: list[str], parsed: list[tuple[float | None, float | None]],
                      nums: list[tuple[int, tuple[float | None, float | None]]], col_labels: list[str],
                      block: Block, page: int, evidence: str) -> list[tuple[TableFigure, bool]]:
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
        return self._value(label, Key(), count, pct, block, page, evidence)

    def _value(self, label: str, key: Key, count: float | None, pct: float | None, block: Block, page: int,
               evidence: str) -> list[tuple[TableFigure, bool]]:
        vocab = self.vocab
        cues = block.text
        category = vocab.category(label) if label else None
        total = not label or vocab.is_total(label)
        if category or total:
            metric = block.metric(vocab)
            category = category or ""
        else:
            metric = vocab.label_metric(label, lead_words=3)
            category = ""
            if metric is None and vocab.rate_label.search(label):
                # "Rate per 10,000" under a block about children on plans
                metric = vocab.rate_metrics.get(block.metric(vocab) or "")
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
        out: list[tuple[TableFigure, bool]] = []

        def add(value: float, unit: str) -> None:
            fig = TableFigure(metric, category, value, unit, period, as_of, area, page, evidence, label,
                              basis)
            out.append((fig, is_total))

        if mdef.unit == "percent":
            if pct is not None:
                add(pct, "percent")
            elif count is not None and re.search(r"%|percent", label + cues, re.I):
                add(count, "percent")
            return out
        if count is not None:
            add(count, mdef.unit)
            if pct is not None and mdef.unit == "count" and not (total and pct == 100):
                add(pct, "percent")
        return out

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


def _plausible_header(keys: list[Key | None]) -> bool:
    """Bare years only head columns when they run in sequence (2016, 2017), not as counts."""
    years = [k.year for k in keys if k is not None and k.year]
    if years and keys[0] is not None and (keys[0].period or keys[0].as_of):
        return False  # "31 March 2013 | 2013": a dated row whose count looks like a year
    if not years or any(k is not None and (k.period or k.as_of or k.area) for k in keys):
        return True
    steps = {b - a for a, b in zip(years, years[1:], strict=False)}
    return len(years) >= 2 and (steps <= {1} or steps <= {-1})


def _merge_keys(first: list[Key | None], second: list[Key | None]) -> list[Key | None]:
    """Two header rows: an area row over a year row (or the reverse); spans carry to the right."""
    out: list[Key | None] = []
    carried: Key | None = None
    for j in range(max(len(first), len(second))):
        a = first[j] if j < len(first) else None
        b = second[j] if j < len(second) else None
        carried = a if a is not None else carried
        base = a if a is not None else (carried if b is not None else None)
        if base is None:
            out.append(b)
        elif b is None:
            out.append(base)
        else:
            out.append(Key(period=b.period or base.period, as_of=b.as_of or base.as_of,
                           year=b.year or base.year, area=b.area or base.area, total=b.total or base.total))
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
