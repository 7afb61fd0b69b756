"""The budget vocabulary (patterns/budget.yaml): money context, section and flow words, total and
balance labels, columns to skip; and the flow a text states."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ...config.validate import FAST_LOADER
from ...periods import parse_fy_short

FLOWS = ("balance", "income", "expenditure")


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


def read_budget_vocab(path: Path) -> BudgetVocab:
    """The budget vocabulary of one budget.yaml (Patterns.budget_vocab keeps it)."""
    text = path.read_text(encoding="utf-8")
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


def flow_of(text: str, patterns: dict[str, re.Pattern[str]]) -> str | None:
    for flow in FLOWS:
        rx = patterns.get(flow)
        if rx is not None and rx.search(text):
            return flow
    return None
