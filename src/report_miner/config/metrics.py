"""The metric dictionary: what every metric of statistics.csv means, from patterns/metrics.yaml.

Each metric entry carries `definition`, `unit`, `kind` (stock or flow), and where one exists its
`denominator` (for percentages) and `dfe_counterpart` (the Department for Education statistic a
researcher would compare it with). Metrics that another extractor fills (training) are listed
under `training_metrics`. `category_types` groups the breakdown keys into dimensions (abuse
category, age band, ...), so a researcher never sums across two dimensions.

A researcher's own metrics.yaml replaces the bundled vocabulary; a metric it lists without a
definition takes the bundled definition, and one that has none anywhere is an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..models import MetricDefinition
from .validate import FAST_LOADER, PatternError

DICTIONARY_FIELDS = ("definition", "denominator", "dfe_counterpart")


@dataclass(frozen=True)
class MetricDictionary:
    metrics: dict[str, MetricDefinition]
    category_types: dict[str, str]  # category id -> dimension

    def rows(self) -> list[MetricDefinition]:
        return [self.metrics[m] for m in sorted(self.metrics)]


def _entries(data: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    out: dict[str, tuple[str, dict[str, Any]]] = {}
    for section, extractor in (("metrics", "statistics"), ("training_metrics", "training")):
        for mid, spec in (data.get(section) or {}).items():
            out[mid] = (extractor, spec or {})
    return out


def _read(path: Path) -> dict[str, Any]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=FAST_LOADER) or {}
    return data if isinstance(data, dict) else {}


def _line_of(path: Path, key: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip().startswith(f"{key}:"):
            return number
    return 1


def _definitions(path: Path, data: dict[str, Any], fallback: dict[str, tuple[str, dict[str, Any]]],
                 errors: list[str]) -> dict[str, MetricDefinition]:
    metrics: dict[str, MetricDefinition] = {}
    for mid, (extractor, spec) in _entries(data).items():
        base = fallback.get(mid, ("", {}))[1]
        merged = {k: spec.get(k, base.get(k)) for k in ("unit", "kind", *DICTIONARY_FIELDS)}
        missing = [k for k in ("definition", "unit", "kind") if not merged.get(k)]
        if missing:
            errors.append(f"{path}:{_line_of(path, mid)}: metric {mid!r} has no {', '.join(missing)}; "
                          "expected a definition, a unit and a kind (stock or flow) for every metric")
            continue
        metrics[mid] = MetricDefinition(metric=mid, extracted_by=extractor,
                                        **{k: str(v or "") for k, v in merged.items()})
    return metrics


def _category_types(path: Path, data: dict[str, Any], bundled: dict[str, Any],
                    errors: list[str]) -> dict[str, str]:
    types = data.get("category_types") or bundled.get("category_types") or {}
    known = set(data.get("categories") or {})
    out: dict[str, str] = {}
    for dimension, categories in types.items():
        for category in categories or []:
            if known and category not in known:
                errors.append(f"{path}:{_line_of(path, 'category_types')}: category_types.{dimension} names "
                              f"{category!r}, expected one of the ids under categories")
            out[str(category)] = str(dimension)
    return out


def build_dictionary(path: Path, bundled: Path) -> MetricDictionary:
    """The dictionary of `path`, definitions missing there taken from `bundled`; PatternError when
    a metric has no definition, unit or kind anywhere, or a category type names an unknown category."""
    data = _read(path)
    base = _read(bundled) if bundled.resolve() != path.resolve() else {}
    errors: list[str] = []
    metrics = _definitions(path, data, _entries(base), errors)
    category_types = _category_types(path, data, base or data, errors)
    if errors:
        raise PatternError(errors)
    return MetricDictionary(metrics, category_types)
