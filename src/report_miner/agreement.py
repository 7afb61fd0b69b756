"""The tagger against a researcher's own coding: `report-miner agreement CODED.csv --outputs OUT`.

CODED.csv takes one of two shapes (told apart by its columns):

- mention verdicts: `mention_id` (from theme_mentions.csv) and `correct` (yes/no). Each theme's
  precision is the share of its judged mentions that are correct.
- document x theme codes: `doc_id` (or `file`), `theme` and `present` (yes/no), one row per pair
  coded; or one row per document with a yes/no column per theme id. Each theme's precision,
  recall and Cohen's kappa compare the tagger (the theme is in themes.csv with mentions) with
  the researcher over the documents coded.

A row `all` pools every theme. Values that cannot be computed (no positive judgement, kappa with
no variation) are left empty.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from .errors import UsageError
from .models import AgreementRow

YES = {"yes", "y", "true", "1", "correct", "present"}
NO = {"no", "n", "false", "0", "incorrect", "wrong", "absent"}
ALL = "all"
CELL = {(True, True): 0, (True, False): 1, (False, True): 2, (False, False): 3}  # (tagger, human)


class CodingError(UsageError):
    """The researcher's coded file cannot be read; the message names the file and line."""


def _verdict(value: str, where: str) -> bool:
    text = value.strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise CodingError(f"{where}: {value!r} is not a verdict; expected yes or no")


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            rows = list(reader)
            return [f.strip() for f in reader.fieldnames or []], rows
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise CodingError(f"{path}: cannot read: {exc}") from None


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def _kappa(tp: int, fp: int, fn: int, tn: int) -> float | None:
    n = tp + fp + fn + tn
    if not n:
        return None
    observed = (tp + tn) / n
    expected = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / (n * n)
    if expected >= 1:
        return None
    return round((observed - expected) / (1 - expected), 4)


def mention_agreement(coded: list[dict[str, str]], mentions: dict[str, str],
                      path: Path) -> list[AgreementRow]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for line, row in enumerate(coded, 2):
        mention_id = (row.get("mention_id") or "").strip()
        theme = mentions.get(mention_id)
        if theme is None:
            raise CodingError(f"{path}:{line}: mention_id {mention_id!r} is not in theme_mentions.csv; "
                              "expected an id from the same output folder")
        correct = _verdict(row.get("correct") or "", f"{path}:{line}")
        counts[theme][0 if correct else 1] += 1
    out = [AgreementRow(theme=t, shape="mentions", coded=c + w, true_positive=c, false_positive=w,
                        precision=_ratio(c, c + w)) for t, (c, w) in sorted(counts.items())]
    c, w = sum(v[0] for v in counts.values()), sum(v[1] for v in counts.values())
    out.append(AgreementRow(theme=ALL, shape="mentions", coded=c + w, true_positive=c, false_positive=w,
                            precision=_ratio(c, c + w)))
    return out


def _long_codes(fields: list[str], coded: list[dict[str, str]], path: Path,
                files: dict[str, str]) -> dict[tuple[str, str], bool]:
    key = "doc_id" if "doc_id" in fields else "file"
    value_column = "present" if "present" in fields else "code"
    codes: dict[tuple[str, str], bool] = {}
    for line, row in enumerate(coded, 2):
        doc = (row.get(key) or "").strip()
        doc = files.get(doc, doc) if key == "file" else doc
        theme = (row.get("theme") or "").strip()
        codes[(doc, theme)] = _verdict(row.get(value_column) or "", f"{path}:{line}")
    return codes


def _wide_codes(fields: list[str], coded: list[dict[str, str]], path: Path, files: dict[str, str],
                theme_ids: Iterable[str]) -> dict[tuple[str, str], bool]:
    key = "doc_id" if "doc_id" in fields else "file"
    themes = [f for f in fields if f in set(theme_ids)]
    codes: dict[tuple[str, str], bool] = {}
    for line, row in enumerate(coded, 2):
        doc = (row.get(key) or "").strip()
        doc = files.get(doc, doc) if key == "file" else doc
        for theme in themes:
            if (row.get(theme) or "").strip():
                codes[(doc, theme)] = _verdict(row[theme], f"{path}:{line}")
    return codes


def document_agreement(codes: dict[tuple[str, str], bool], tagged: set[tuple[str, str]],
                       docs: set[str], path: Path) -> list[AgreementRow]:
    unknown = sorted({d for d, _ in codes if d not in docs})
    if unknown:
        raise CodingError(f"{path}: document {unknown[0]!r} is not in documents.csv; "
                          "expected a doc_id or file of the same output folder")
    cells: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # tp fp fn tn
    for (doc, theme), human in codes.items():
        machine = (doc, theme) in tagged
        cells[theme][CELL[(machine, human)]] += 1
    pooled = [sum(v[i] for v in cells.values()) for i in range(4)]
    out = []
    for theme, (tp, fp, fn, tn) in [*sorted(cells.items()), (ALL, pooled)]:
        out.append(AgreementRow(theme=theme, shape="documents", coded=tp + fp + fn + tn, true_positive=tp,
                                false_positive=fp, false_negative=fn, true_negative=tn,
                                precision=_ratio(tp, tp + fp), recall=_ratio(tp, tp + fn),
                                kappa=_kappa(tp, fp, fn, tn)))
    return out


def agreement(coded_path: Path, outputs: Path) -> list[AgreementRow]:
    """Agreement rows for a coded file against the output folder `outputs` of an extract run."""
    fields, coded = _read_csv(coded_path)
    if "mention_id" in fields:
        if "correct" not in fields:
            raise CodingError(f"{coded_path}:1: a mention_id column needs a correct column (yes/no)")
        _, mention_rows = _read_csv(outputs / "theme_mentions.csv")
        mentions = {r["mention_id"]: r["theme"] for r in mention_rows if r.get("mention_id")}
        return mention_agreement(coded, mentions, coded_path)
    if "doc_id" not in fields and "file" not in fields:
        raise CodingError(f"{coded_path}:1: expected columns mention_id,correct or "
                          "doc_id (or file),theme,present")
    _, documents = _read_csv(outputs / "documents.csv")
    files = {d["file"]: d["doc_id"] for d in documents}
    _, themes = _read_csv(outputs / "themes.csv")
    tagged = {(t["doc_id"], t["theme"]) for t in themes if float(t.get("mentions") or 0) > 0}
    if "theme" in fields:
        codes = _long_codes(fields, coded, coded_path, files)
    else:
        _, comparison = _read_csv(outputs / "theme_comparison.csv")
        theme_ids = [c for c in (comparison[0].keys() if comparison else [])]
        codes = _wide_codes(fields, coded, coded_path, files, theme_ids)
    return document_agreement(codes, tagged, {d["doc_id"] for d in documents}, coded_path)


def format_table(rows: list[AgreementRow]) -> str:
    header = (f"{'theme':<28} {'coded':>6} {'tp':>5} {'fp':>5} {'fn':>5} {'prec':>6} {'recall':>6} "
              f"{'kappa':>6}")
    lines = [header]

    def show(value: float | int | None) -> str:
        return "" if value is None else (f"{value:.2f}" if isinstance(value, float) else str(value))

    for r in rows:
        lines.append(f"{r.theme:<28} {r.coded:>6} {r.true_positive:>5} {r.false_positive:>5} "
                     f"{show(r.false_negative):>5} {show(r.precision):>6} {show(r.recall):>6} "
                     f"{show(r.kappa):>6}")
    return "\n".join(lines)
