"""PDF -> pages, lines, tables and reading order."""

from .layout import Line, Page, ParsedDocument, Segment, Table
from .numbers import format_number, parse_number, repair_split_numbers
from .pdf import PdfReadError, read_pdf

__all__ = [
    "Line", "Page", "ParsedDocument", "PdfReadError", "Segment", "Table",
    "format_number", "parse_number", "read_pdf", "repair_split_numbers",
]
