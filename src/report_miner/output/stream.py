"""Write a batch's tables from reports as they arrive, with the parent's memory flat.

Each finished report, rendered as the text of its rows (output.rendered), is appended to a spool
file in the staging folder at once, and only its name, offset and length stay in memory. At the
end the spool is read back one report at a time, in path order, and every table is written in a
single pass, so the output is the same bytes whatever order the workers finished in, and memory
does not grow with the batch.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from ..models import MetricDefinition
from .csv_safe import SafeWriter
from .export import COLUMNS, COMPARISON_KEYS, RECORD_TABLES, count_cooccurrence, metrics_csv, schema_json
from .rendered import RenderedReport, comparison_cells

SPOOL_NAME = ".reports.spool"


class ReportSpool:
    """Finished reports on disk, indexed by file name."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / SPOOL_NAME
        self.handle = self.path.open("wb")
        self.index: list[tuple[str, int, int]] = []
        self.offset = 0

    def add(self, rendered: RenderedReport, as_json: bytes = b"") -> None:
        """Spool a report's rows; `as_json`, when given, is `rendered` already serialised (a cache hit)."""
        data = as_json or rendered.model_dump_json().encode()
        self.handle.write(data)
        self.index.append((rendered.file, self.offset, len(data)))
        self.offset += len(data)

    def __len__(self) -> int:
        return len(self.index)

    def reports(self) -> Iterator[RenderedReport]:
        """Every report, in path order, read back one at a time."""
        self.handle.flush()
        with self.path.open("rb") as spool:
            for _name, offset, length in sorted(self.index):
                spool.seek(offset)
                yield RenderedReport.model_validate_json(spool.read(length))

    def close(self) -> None:
        self.handle.close()
        self.path.unlink(missing_ok=True)


def write_tables(folder: Path, spool: ReportSpool, theme_ids: Sequence[str],
                 metrics: Sequence[MetricDefinition] = ()) -> list[Path]:
    """Every table of the output contract, records.jsonl, schema.json and metrics.csv, in one pass."""
    names = [*RECORD_TABLES, "theme_comparison.csv"]
    comparison_columns = COMPARISON_KEYS + list(theme_ids)
    counts = {a: dict.fromkeys(theme_ids, 0) for a in theme_ids}
    with ExitStack() as stack:
        handles = {n: stack.enter_context((folder / n).open("w", encoding="utf-8", newline=""))
                   for n in [*names, "records.jsonl"]}
        writers = {n: SafeWriter(handles[n]) for n in names}
        for name in RECORD_TABLES:
            writers[name].writerow(COLUMNS[name])
        writers["theme_comparison.csv"].writerow(comparison_columns)
        for rendered in spool.reports():
            for name in RECORD_TABLES:
                handles[name].write(rendered.tables[name])
            writers["theme_comparison.csv"].writerow(comparison_cells(rendered, theme_ids))
            count_cooccurrence(counts, rendered.paragraph_themes)
            handles["records.jsonl"].write(rendered.record + "\n")
    with (folder / "theme_cooccurrence.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = SafeWriter(handle)
        writer.writerow(["theme", *theme_ids])
        for a in theme_ids:
            writer.writerow([a, *(str(counts[a][b]) for b in theme_ids)])
    (folder / "schema.json").write_text(schema_json(), encoding="utf-8")
    (folder / "metrics.csv").write_text(metrics_csv(metrics), encoding="utf-8", newline="")
    return [folder / n for n in [*names, "records.jsonl", "theme_cooccurrence.csv", "schema.json",
                                 "metrics.csv"]]


def write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
