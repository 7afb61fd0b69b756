"""Write the output contract: CSV files, records.jsonl, the JSON schema and comparison tables.

Every file is written to a temporary name in the output folder and renamed into place, so a
killed run leaves either the previous complete file or the new complete file, never half a file.
Rows are written in a fixed order (documents by path, records in document order) so the same
input gives byte-identical output.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from ..models import (
    RECORD_MODELS,
    BudgetLine,
    Conflict,
    DocumentRecord,
    Judgement,
    MetricDefinition,
    Priority,
    Record,
    Report,
    Statistic,
    ThemeMention,
    ThemeResult,
    TrainingCourse,
)
from ..reader.numbers import format_number

if TYPE_CHECKING:
    import pandas as pd

# Columns come from the pydantic models (field order is column order): contract columns first,
# then the ones report-miner adds. MODEL_OF names the model behind each per-record file.
MODEL_OF: dict[str, type[Record]] = {
    "documents.csv": DocumentRecord, "priorities.csv": Priority, "statistics.csv": Statistic,
    "training.csv": TrainingCourse, "budget.csv": BudgetLine, "judgements.csv": Judgement,
    "themes.csv": ThemeResult, "theme_mentions.csv": ThemeMention, "conflicts.csv": Conflict,
}
COLUMNS: dict[str, list[str]] = {name: list(model.model_fields) for name, model in MODEL_OF.items()}
COMPARISON_KEYS = ["doc_id", "board", "local_authorities", "period", "doc_type"]


def cell(value: Any) -> str:
    if type(value) is str:  # most cells: tested first, exactly (a str subclass takes the general path)
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, list):
        return ";".join(cell(v) for v in value)
    return str(value)


def csv_rows(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> str:
    """`rows` as CSV lines in `columns` order, without a header."""
    from .csv_safe import SafeWriter  # formula-safe, CR-safe cells in every CSV file

    buffer = io.StringIO()
    writer = SafeWriter(buffer)
    for row in rows:
        writer.writerow([cell(v) for v in map(row.get, columns)])
    return buffer.getvalue()


def csv_text(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> str:
    """A whole CSV file: the header, then `rows`."""
    from .csv_safe import SafeWriter

    header = io.StringIO()
    SafeWriter(header).writerow(columns)
    return header.getvalue() + csv_rows(columns, rows)


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _dump(models: Iterable[BaseModel]) -> list[dict[str, Any]]:
    return [m.model_dump() for m in models]


def comparison_rows(reports: Sequence[Report], theme_ids: Sequence[str]) -> list[dict[str, Any]]:
    """One row per document, one column per theme: per_10k_words, 0 where absent."""
    rows = []
    for report in reports:
        doc = report.document
        row: dict[str, Any] = {k: getattr(doc, k) for k in COMPARISON_KEYS}
        found = theme_rates(report)
        for theme in theme_ids:
            row[theme] = found.get(theme, 0.0) if found is not None else None
        rows.append(row)
    return rows


def theme_rates(report: Report) -> dict[str, float] | None:
    """Per 10k words of each theme the report names; None when it is not comparable (not ok)."""
    if report.document.status != "ok":
        return None
    return {t.theme: t.per_10k_words for t in report.themes if t.mentions > 0}


def cooccurrence_rows(reports: Sequence[Report], theme_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Theme x theme: number of paragraphs (over the whole batch) in which both themes occur."""
    counts = {a: dict.fromkeys(theme_ids, 0) for a in theme_ids}
    for report in reports:
        count_cooccurrence(counts, report.paragraph_themes)
    return [{"theme": a, **counts[a]} for a in theme_ids]


def count_cooccurrence(counts: dict[str, dict[str, int]], paragraph_themes: Sequence[Sequence[str]]) -> None:
    """Add one report's paragraphs (the themes of each) to theme x theme counts, in place (streamed
    runs call it per report)."""
    for paragraph in paragraph_themes:
        if not paragraph:
            continue  # most paragraphs name no theme
        present = sorted(set(paragraph) & counts.keys())
        for theme in present:
            counts[theme][theme] += 1
        for a, b in combinations(present, 2):
            counts[a][b] += 1
            counts[b][a] += 1


def metrics_csv(metrics: Sequence[MetricDefinition]) -> str:
    """The metric dictionary as metrics.csv."""
    return csv_text(list(MetricDefinition.model_fields), (m.model_dump() for m in metrics))


@cache
def schema_json() -> str:
    """The JSON schema of every record kind (the models do not change while a process runs)."""
    schemas = {name: model.model_json_schema() for name, model in RECORD_MODELS.items()}
    return json.dumps(schemas, indent=2, sort_keys=True) + "\n"


# The Report field behind each per-record file, in output order ("documents.csv": its one document).
REPORT_FIELD: dict[str, str] = {
    "documents.csv": "document", "priorities.csv": "priorities", "statistics.csv": "statistics",
    "training.csv": "training", "budget.csv": "budget", "judgements.csv": "judgements",
    "themes.csv": "themes", "theme_mentions.csv": "mentions", "conflicts.csv": "conflicts",
}


def _records(field: str) -> Callable[[Report], Sequence[BaseModel]]:
    def records(report: Report) -> Sequence[BaseModel]:
        value = getattr(report, field)
        return value if isinstance(value, list) else [value]

    return records


# The records behind each per-record file, in output order within a document.
RECORD_TABLES: dict[str, Callable[[Report], Sequence[BaseModel]]] = {
    name: _records(field) for name, field in REPORT_FIELD.items()}


def table_rows(reports: Sequence[Report]) -> dict[str, list[dict[str, Any]]]:
    """Rows of every per-record CSV file, keyed by file name, in output order."""
    reports = sorted(reports, key=lambda r: r.document.file)
    return {name: _dump(m for r in reports for m in records(r)) for name, records in RECORD_TABLES.items()}


def dataframes(reports: Sequence[Report], theme_ids: Sequence[str]) -> dict[str, pd.DataFrame]:
    """The output tables as typed pandas DataFrames, cell for cell what the CSV files hold.

    Columns are typed from the models (output.frames): nullable integers, floats, booleans, dates
    and lists; an empty cell is <NA>.
    """
    from .frames import comparison_kinds, cooccurrence_kinds, frame_from_csv_text

    frames = {}
    for name, rows in table_rows(reports).items():
        kinds = {c: k for c, k in _kinds(name).items()}
        frames[name.removesuffix(".csv")] = frame_from_csv_text(csv_text(COLUMNS[name], rows), kinds)
    ordered = sorted(reports, key=lambda r: r.document.file)
    comparison = csv_text(COMPARISON_KEYS + list(theme_ids), comparison_rows(ordered, theme_ids))
    frames["theme_comparison"] = frame_from_csv_text(comparison, comparison_kinds(theme_ids, COMPARISON_KEYS))
    cooc = csv_text(["theme", *theme_ids], cooccurrence_rows(ordered, theme_ids))
    frames["theme_cooccurrence"] = frame_from_csv_text(cooc, cooccurrence_kinds(theme_ids)).set_index("theme")
    return frames


def _kinds(name: str) -> dict[str, Any]:
    from .frames import column_kinds

    return dict(column_kinds(MODEL_OF[name]))


def write_outputs(out_dir: Path, reports: Sequence[Report], theme_ids: Sequence[str],
                  metrics: Sequence[MetricDefinition] = ()) -> list[Path]:
    """Write every output file for a batch; returns the paths written."""
    reports = sorted(reports, key=lambda r: r.document.file)
    tables = table_rows(reports)
    written = []
    for name, rows in tables.items():
        path = out_dir / name
        write_atomic(path, csv_text(COLUMNS[name], rows))
        written.append(path)
    comparison = comparison_rows(reports, theme_ids)
    write_atomic(out_dir / "theme_comparison.csv", csv_text(COMPARISON_KEYS + list(theme_ids), comparison))
    cooc = cooccurrence_rows(reports, theme_ids)
    write_atomic(out_dir / "theme_cooccurrence.csv", csv_text(["theme", *theme_ids], cooc))
    jsonl = "".join(r.model_dump_json(exclude={"paragraph_themes"}) + "\n" for r in reports)
    write_atomic(out_dir / "records.jsonl", jsonl)
    write_atomic(out_dir / "schema.json", schema_json())
    write_atomic(out_dir / "metrics.csv", metrics_csv(metrics))
    written += [out_dir / n for n in ("theme_comparison.csv", "theme_cooccurrence.csv", "records.jsonl",
                                      "schema.json", "metrics.csv")]
    return written
