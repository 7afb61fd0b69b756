"""Extra formats beside the CSV files: one Excel workbook, one Parquet file per table.

Both are made from the CSV files just written, typed by output.frames, so they can never
disagree with them. The workbook has a sheet per table plus `codebook`, `metrics` and `run`
sheets, a frozen header row, and typed cells (numbers, booleans, dates; lists `;`-joined).
"""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..models import MetricDefinition
from .export import COLUMNS, COMPARISON_KEYS, MODEL_OF
from .frames import Kind, column_kinds, comparison_kinds, cooccurrence_kinds, excel_value, frame_from_csv

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger("report_miner")
FORMATS = ("csv", "xlsx", "parquet", "html")
DEFAULT_FORMATS = ("csv", "html")
WORKBOOK = "report-miner.xlsx"
CODEBOOK_COLUMNS = ["theme", "description", "kind", "pattern"]


def parse_formats(spec: str) -> tuple[str, ...]:
    """`csv,xlsx` -> ("csv", "xlsx"); ValueError naming an unknown format. CSV is always written."""
    wanted = [part.strip().lower() for part in spec.split(",") if part.strip()]
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format {', '.join(unknown)}; expected some of {', '.join(FORMATS)}")
    return tuple(f for f in FORMATS if f in wanted or f == "csv")


def table_kinds(theme_ids: Sequence[str]) -> dict[str, dict[str, Kind]]:
    """Every table file of an output folder and the kind of each of its columns."""
    kinds: dict[str, dict[str, Kind]] = {name: column_kinds(model) for name, model in MODEL_OF.items()}
    kinds["theme_comparison.csv"] = comparison_kinds(theme_ids, COMPARISON_KEYS)
    kinds["theme_cooccurrence.csv"] = cooccurrence_kinds(theme_ids)
    kinds["metrics.csv"] = column_kinds(MetricDefinition)
    return kinds


def read_tables(folder: Path, theme_ids: Sequence[str]) -> dict[str, pd.DataFrame]:
    """The typed frame of every table file in `folder`, keyed by table name (`statistics`, ...)."""
    return {name.removesuffix(".csv"): frame_from_csv(folder / name, kinds)
            for name, kinds in table_kinds(theme_ids).items() if (folder / name).exists()}


def _flatten(prefix: str, value: Any, out: list[tuple[str, str]]) -> None:
    if isinstance(value, dict):
        for key in sorted(value):
            _flatten(f"{prefix}.{key}" if prefix else str(key), value[key], out)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            nested = isinstance(item, dict | list)
            text = json.dumps(item, ensure_ascii=False, sort_keys=True) if nested else item
            out.append((f"{prefix}[{i}]", "" if text is None else str(text)))
    else:
        out.append((prefix, "" if value is None else str(value)))


def run_rows(run: dict[str, Any]) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    _flatten("", run, rows)
    return rows


EXCEL_ROWS = 1_048_576  # rows of a worksheet, header included
EXCEL_CELL = 32_767  # characters of a cell


def _excel_cell(value: Any) -> Any:
    """A frame value as an Excel cell: characters Excel cannot hold removed, text cut to its limit."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = excel_value(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:EXCEL_CELL]
    return value


def _sheets(workbook: Any, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """One sheet per table (`name`, then `name (2)`, ... past Excel's row limit), header frozen."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    dates = {j for j, name in enumerate(header) if name == "as_of"}
    sheet: Any = None
    count = part = 0
    for row in itertools.chain([None], rows):
        if sheet is None or count >= EXCEL_ROWS:
            part += 1
            sheet = workbook.create_sheet(title=(title if part == 1 else f"{title} ({part})")[:31])
            sheet.freeze_panes = "A2"
            for j, name in enumerate(header, 1):
                sheet.column_dimensions[get_column_letter(j)].width = min(max(len(str(name)) + 2, 10), 60)
            sheet.append(list(header))
            count = 1
        if row is None:
            continue
        cells: list[Any] = []
        for j, value in enumerate(row):
            cell = _excel_cell(value)
            if j in dates and cell is not None:
                cell = WriteOnlyCell(sheet, value=cell)
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
        count += 1


def write_xlsx(path: Path, tables: dict[str, pd.DataFrame], codebook: list[dict[str, Any]],
               run: dict[str, Any]) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for name, frame in tables.items():
        _sheets(workbook, name, list(frame.columns), frame.itertuples(index=False, name=None))
    _sheets(workbook, "codebook", CODEBOOK_COLUMNS,
            ([r.get(c, "") for c in CODEBOOK_COLUMNS] for r in codebook))
    _sheets(workbook, "run", ["key", "value"], run_rows(run))
    workbook.save(path)


def write_parquet(folder: Path, tables: dict[str, pd.DataFrame], theme_ids: Sequence[str]) -> list[Path]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow_type = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "date": pa.date32(),
                  "str": pa.string(), "list_str": pa.list_(pa.string()), "list_int": pa.list_(pa.int64())}
    kinds = {k.removesuffix(".csv"): v for k, v in table_kinds(theme_ids).items()}
    written = []
    for name, frame in tables.items():
        schema = pa.schema([(c, arrow_type[kinds[name].get(c, "str")]) for c in frame.columns])
        table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
        path = folder / f"{name}.parquet"
        pq.write_table(table, path)
        written.append(path)
    return written


def write_formats(folder: Path, formats: Sequence[str], theme_ids: Sequence[str],
                  codebook: list[dict[str, Any]], run: dict[str, Any]) -> list[Path]:
    """The xlsx / parquet / html outputs asked for, from the CSV files already in `folder`.

    A format that cannot be written is a warning, never a lost run: the CSV files are the contract.
    """
    written: list[Path] = []
    if not {"xlsx", "parquet", "html"} & set(formats):
        return written
    # typed frames (pandas) only for the formats that need them; the page reads the CSV files
    tables = read_tables(folder, theme_ids) if {"xlsx", "parquet"} & set(formats) else {}

    def html(target: Path) -> list[Path]:
        from .html_report import write_html

        return [write_html(target, codebook, run)]

    writers: dict[str, Callable[[], list[Path]]] = {
        "xlsx": lambda: [_xlsx(folder / WORKBOOK, tables, codebook, run)],
        "parquet": lambda: write_parquet(folder, tables, theme_ids),
        "html": lambda: html(folder / "report.html"),
    }
    for name, write in writers.items():
        if name not in formats:
            continue
        try:
            written += write()
        except (OSError, ValueError, TypeError, ImportError) as exc:
            log.warning("could not write the %s output: %s", name, exc)
    return written


def _xlsx(path: Path, tables: dict[str, pd.DataFrame], codebook: list[dict[str, Any]],
          run: dict[str, Any]) -> Path:
    write_xlsx(path, tables, codebook, run)
    return path


__all__ = ["COLUMNS", "DEFAULT_FORMATS", "FORMATS", "parse_formats", "read_tables", "write_formats"]
