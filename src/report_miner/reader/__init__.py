"""PDF -> pages, lines, tables and reading order.

Names are loaded on first use: formatting a number for a CSV cell needs no PDF library.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .layout import Line, Page, ParsedDocument, Segment, Table
    from .numbers import format_number, parse_number, repair_split_numbers
    from .pdf import PdfReadError, read_pdf

_HOME = {
    "Line": ".layout", "Page": ".layout", "ParsedDocument": ".layout", "Segment": ".layout",
    "Table": ".layout", "format_number": ".numbers", "parse_number": ".numbers",
    "repair_split_numbers": ".numbers", "PdfReadError": ".pdf", "read_pdf": ".pdf",
}

__all__ = [
    "Line", "Page", "ParsedDocument", "PdfReadError", "Segment", "Table",
    "format_number", "parse_number", "read_pdf", "repair_split_numbers",
]


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'report_miner.reader' has no attribute {name!r}")
    value = getattr(import_module(home, __name__), name)
    globals()[name] = value
    return value
