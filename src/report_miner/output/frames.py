"""Typed tables: pandas frames, Excel cells and Parquet columns, all typed from the pydantic models.

Each column's kind is read from its model field (`int | None` -> nullable integer, `float` ->
float, `bool` -> boolean, `list[...]` -> list, a `format: date` string -> date, anything else ->
text), so the models stay the single source of truth. Frames are built from the CSV cells as they
are written, so `to_frames`, the .xlsx workbook and the .parquet files hold exactly what the CSV
files hold: an empty cell is missing (<NA>), never "" or 0.
"""

from __future__ import annotations

import csv
import io
import types
import typing
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic.fields import FieldInfo

from ..models import DocumentRecord, Record

if TYPE_CHECKING:
    import pandas as pd

Kind = Literal["int", "float", "bool", "date", "str", "list_str", "list_int"]
LIST_KINDS = ("list_str", "list_int")
LIST_SEPARATOR = ";"


def _base_kind(annotation: Any) -> Kind:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        kinds = {_base_kind(a) for a in args}
        return kinds.pop() if len(kinds) == 1 else "str"
    if origin is list:
        items = typing.get_args(annotation)
        return "list_int" if items and items[0] is int else "list_str"
    if annotation is bool:
        return "bool"
    if annotation is int:
        return "int"
    if annotation is float:
        return "float"
    return "str"


def field_kind(info: FieldInfo) -> Kind:
    extra = info.json_schema_extra
    if isinstance(extra, dict) and extra.get("format") == "date":
        return "date"
    return _base_kind(info.annotation)


def column_kinds(model: type[Record]) -> dict[str, Kind]:
    return {name: field_kind(info) for name, info in model.model_fields.items()}


def comparison_kinds(theme_ids: Sequence[str], keys: Sequence[str]) -> dict[str, Kind]:
    doc = column_kinds(DocumentRecord)
    return {**{k: doc[k] for k in keys}, **dict.fromkeys(theme_ids, "float")}


def cooccurrence_kinds(theme_ids: Sequence[str]) -> dict[str, Kind]:
    return {"theme": "str", **dict.fromkeys(theme_ids, "int")}


def typed_value(text: str, kind: Kind) -> Any:
    """One CSV cell as its typed value (None when empty, i.e. not stated)."""
    if kind in LIST_KINDS:
        parts = [part for part in text.split(LIST_SEPARATOR) if part] if text else []
        return [int(p) for p in parts] if kind == "list_int" else parts
    if text == "":
        return None
    if kind == "int":
        return int(float(text))
    if kind == "float":
        return float(text)
    if kind == "bool":
        return text == "true"
    if kind == "date":
        return date.fromisoformat(text[:10])
    return text


_PANDAS_DTYPE = {"int": "Int64", "float": "Float64", "bool": "boolean", "str": "string"}


def typed_frame(header: Sequence[str], rows: Iterable[Sequence[str]], kinds: dict[str, Kind]) -> pd.DataFrame:
    """A frame of CSV cells, each column typed by its kind (columns not in `kinds` stay text)."""
    import pandas as pd

    columns: dict[str, list[Any]] = {c: [] for c in header}
    for row in rows:
        for c, text in zip(header, row, strict=False):
            columns[c].append(typed_value(text, kinds.get(c, "str")))
    data: dict[str, Any] = {}
    for c in header:
        kind = kinds.get(c, "str")
        if kind == "date":
            data[c] = pd.to_datetime(pd.Series(columns[c], dtype="object"))
        elif kind in LIST_KINDS:
            data[c] = pd.Series(columns[c], dtype="object")
        else:
            data[c] = pd.Series(columns[c], dtype=_PANDAS_DTYPE[kind])
    return pd.DataFrame(data, columns=list(header))


def frame_from_csv_text(text: str, kinds: dict[str, Kind]) -> pd.DataFrame:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    return typed_frame(header, reader, kinds)


def frame_from_csv(path: Path, kinds: dict[str, Kind]) -> pd.DataFrame:
    return frame_from_csv_text(path.read_text(encoding="utf-8"), kinds)


def excel_value(value: Any) -> Any:
    """A frame value as an Excel cell: lists `;`-joined, missing values empty, dates as dates."""
    import pandas as pd

    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value) or None
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value
