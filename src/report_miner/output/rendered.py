"""A report as the text of its rows, rendered once where it was made.

Every output table is a concatenation of per-document rows in path order, and a document's rows do
not depend on any other document. So the worker that extracted a file renders them at once (in
parallel with the other workers), the result cache keeps them in place of the Report (whose
records.jsonl line they hold), and the parent only appends text: a rerun over cached files never
rebuilds a Report or formats a cell.

The two per-batch tables are the exception. The theme comparison row needs the run's theme
columns, and the co-occurrence table adds up all documents, so a rendered report carries what
those need (the comparison cells and each paragraph's themes) rather than finished rows.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from ..models import Report
from .export import COLUMNS, COMPARISON_KEYS, REPORT_FIELD, cell, csv_rows, theme_rates


class RenderedReport(BaseModel):
    """One report's rows in every output file, as the text written there."""

    file: str
    doc_id: str
    status: str
    pages: int | None = None
    error: str = ""
    tables: dict[str, str]  # per-record table -> this report's CSV lines, header excluded
    record: str  # its records.jsonl line, newline excluded
    comparison: list[str]  # theme_comparison.csv cells before the theme columns
    theme_rates: dict[str, float] | None  # per 10k words of each theme found; None: not comparable
    paragraph_themes: list[list[str]]  # the themes of each paragraph, in order

    def report(self) -> Report:
        """The Report again, parsed from its records.jsonl line."""
        report = Report.model_validate_json(self.record)
        report.paragraph_themes = self.paragraph_themes
        return report


def render_report(report: Report) -> RenderedReport:
    """Every row of `report`, rendered exactly as the batch's files hold it."""
    data = report.model_dump()  # one dump for every table, not one per record
    tables = {}
    for name, key in REPORT_FIELD.items():
        records = data[key]
        tables[name] = csv_rows(COLUMNS[name], [records] if isinstance(records, dict) else records)
    doc = report.document
    return RenderedReport(
        file=doc.file, doc_id=doc.doc_id, status=doc.status, pages=doc.pages, error=doc.error,
        tables=tables, record=report.model_dump_json(exclude={"paragraph_themes"}),
        comparison=[cell(getattr(doc, k)) for k in COMPARISON_KEYS], theme_rates=theme_rates(report),
        paragraph_themes=report.paragraph_themes)


def comparison_cells(rendered: RenderedReport, theme_ids: Sequence[str]) -> list[str]:
    """The document's theme_comparison.csv row: per 10k words, 0 where absent, empty if not ok."""
    rates = rendered.theme_rates
    if rates is None:
        return [*rendered.comparison, *("" for _ in theme_ids)]
    return [*rendered.comparison, *(cell(rates.get(t, 0.0)) for t in theme_ids)]
