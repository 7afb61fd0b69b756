"""Amounts read from text: table cells (`amount`) and budget lines stated in prose (money sentences
and bullet lists under a 'spent on:' introduction).

Only amounts bound to a money verb and a named source or purpose are taken ("received £64,082
from ...", "The non-attendance fee ... generated £560", "a carry forward ... of £10,000"), so a
sum mentioned in passing (a pressure, a saving, a fee per delegate) is not taken for a line.
"""

from __future__ import annotations

import re
from typing import Any

from ...models import BudgetLine, DocumentMeta
from ...periods import parse_fy
from ...reader import parse_number, repair_split_numbers
from ...text.layer import TextLayer
from ...text.paragraphs import Paragraph, split_sentences

VERB_END = re.compile(
    r"\s+(?:of|was|were|is|totall?ed|totall?ing|total|amounted to|amounting to|came to|stood at)$", re.I)
LEADING_AMOUNT = re.compile(r"^(\(?[-–]?£?\s?\d[\d,]*(?:\.\d+)?\)?)\s+\W*[A-Za-z]")


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


def amount(cell: str) -> float | None:
    """Signed amount of a cell; accounting brackets are negative; percentages are not amounts."""
    text = repair_split_numbers(cell.strip())
    if not text or "%" in text:
        return None
    value = parse_number(text)
    if value is not None and text.startswith("(") and text.endswith(")"):
        value = -abs(value)
    return value


def with_noted_amounts(rows: list[list[str]], values: list[list[float | None]]) -> list[list[float | None]]:
    """In a column of amounts, `-216,338 excluding overhead costs` (a note run into the cell) is -216,338."""
    for j in range(max((len(r) for r in rows), default=0)):
        filled = [i for i, r in enumerate(rows) if j < len(r) and r[j]]
        numeric = sum(1 for i in filled if values[i][j] is not None)
        if numeric < 2 or numeric * 2 <= len(filled):
            continue
        for i in filled:
            m = LEADING_AMOUNT.match(rows[i][j])
            if values[i][j] is None and m:
                values[i][j] = amount(m.group(1))
    return values


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

    def read(self, layer: TextLayer) -> list[BudgetLine]:
        out: list[BudgetLine] = []
        list_flow, list_period = "", ""
        framing: tuple[str, int] = ("", 0)  # the last year a money sentence named, and its page
        for par in layer.paragraphs:
            text = repair_split_numbers(par.text)
            if list_flow:
                item = self._bullet(text, list_flow, list_period, par)
                if item is not None:
                    out.append(item)
                    continue
                list_flow = ""
            framing = self._sentences(text, par, framing, out)
            if text.rstrip().endswith(":"):
                list_flow, list_period = self._list_intro(text)
        return out

    def _bullet(self, text: str, flow: str, period: str, par: Paragraph) -> BudgetLine | None:
        """An item of a list under a 'spent on:' introduction (`Training - £2,000`), if this is one."""
        m = self.bullet.match(text)
        if m and (value := amount(m.group(2))):
            return self._line(flow, m.group(1), value, period, par.pages[0][1], text)
        return None

    def _sentences(self, text: str, par: Paragraph, framing: tuple[str, int],
                   out: list[BudgetLine]) -> tuple[str, int]:
        """The money lines of a paragraph's sentences, into `out`; returns the framing year in force after
        it: a sentence without a year takes the one a money sentence named on the same or previous page."""
        for offset, sentence in split_sentences(text):
            page = par.page_at(offset)
            stated = parse_fy(sentence)
            if stated and self.money_words.search(sentence):
                framing = (stated, page)
            if "£" in sentence:
                # "The HSCB had a carry forward ... of £10,000" after "The budget agreed for 2015/16 ..."
                near = framing[0] if framing[0] and page - framing[1] <= 1 else ""
                out.extend(self._sentence(sentence, page, stated or near or self.meta.period))
        return framing

    def _list_intro(self, text: str) -> tuple[str, str]:
        """(flow, period) of the list a paragraph ending in ':' introduces (no flow: no money list)."""
        last = split_sentences(text)[-1][1]
        flow = ("expenditure" if self.spend_intro.search(last)
                else "income" if self.income_intro.search(last) else "")
        return flow, parse_fy(last) or self.meta.period

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
        return BudgetLine(doc_id=self.doc_id, period=period, flow=flow, item=item,
                          amount_gbp=abs(value), is_total=is_total, page=page,
                          evidence=" ".join(evidence.split()), printed_amount_gbp=value)
