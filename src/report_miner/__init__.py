"""report-miner: safeguarding-board reports (PDF) -> clean, comparable, traceable data."""

from .api import extract_folder, extract_pdf, to_frames
from .config.patterns import Patterns
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
    "BudgetLine", "DocumentMeta", "DocumentRecord", "ParsedDocument", "Patterns", "Priority", "Report",
    "Statistic", "ThemeResult", "TrainingCourse", "extract_folder", "extract_pdf", "read_pdf", "to_frames",
    "__version__",
]
