"""report-miner: safeguarding-board reports (PDF) -> clean, comparable, traceable data."""

from .models import (
    BudgetLine,
    DocumentMeta,
    DocumentRecord,
    Priority,
    Report,
    Statistic,
    ThemeResult,
    TrainingCourse,
)
from .reader import ParsedDocument, read_pdf

__version__ = "0.1.0"

__all__ = [
    "BudgetLine", "DocumentMeta", "DocumentRecord", "ParsedDocument", "Priority", "Report",
    "Statistic", "ThemeResult", "TrainingCourse", "read_pdf", "__version__",
]
