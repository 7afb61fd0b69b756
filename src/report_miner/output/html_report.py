"""report.html: one self-contained page for people who would rather look than read.

No scripts, fonts or images are fetched: styles are inline and every value is escaped. Sections:
documents (board, type, period, status); a heatmap of themes x documents (mentions per 10,000
words, the evidence sentence on hover); key figures per board and year (page and evidence); budget
totals; warnings and conflicts; the codebook.
"""

from __future__ import annotations

import csv
import html
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ..periods import fy_of_date

STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:.85em;margin:.5em 0}
th,td{border:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3;position:sticky;top:0}
td.num{text-align:right;font-variant-numeric:tabular-nums}
table.heatmap td.cell{text-align:right;min-width:3.5em}
table.heatmap th.doc{writing-mode:vertical-rl;transform:rotate(180deg);max-height:16em;font-weight:normal}
.muted{color:#777}.evidence{color:#555;max-width:40em}
"""


def _e(value: Any) -> str:
    return html.escape(_text(value), quote=True)


def _text(value: Any) -> str:
    """A cell as the CSV files print it (the report is built from them, without pandas)."""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _flag(value: Any) -> bool:
    return _text(value).strip().lower() in {"true", "1", "yes"}


def _items(value: Any) -> list[str]:
    """A list column (`;`-joined in the CSV files)."""
    return [v for v in _text(value).split(";") if v.strip()]


def _table(header: Sequence[str], rows: Iterable[Sequence[Any]], numeric: Sequence[str] = (),
           cls: str = "") -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = []
    for row in rows:
        cells = "".join(f'<td class="num">{_e(v)}</td>' if h in numeric else f"<td>{_e(v)}</td>"
                        for h, v in zip(header, row, strict=False))
        body.append(f"<tr>{cells}</tr>")
    if not body:
        return '<p class="muted">None.</p>'
    attr = f' class="{cls}"' if cls else ""
    return f"<table{attr}><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def read_rows(folder: Path, name: str) -> list[dict[str, str]]:
    """The rows of one written CSV table, as text."""
    path = folder / f"{name}.csv"
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _documents(docs: list[dict[str, Any]]) -> str:
    header = ["file", "board", "doc_type", "period", "edition", "pages", "status", "error / copy of"]
    rows = [[d["file"], d["board"], d["doc_type"], d["period"], d["edition"], d["pages"], d["status"],
             _text(d.get("error")) or _text(d.get("duplicate_of"))] for d in docs]
    return _table(header, rows, numeric=["pages"])


def _label(doc: dict[str, Any]) -> str:
    name = _text(doc.get("board")) or _text(doc.get("file"))
    period = _text(doc.get("period"))
    return f"{name} {period}".strip()


def _heat_cell(c: dict[str, Any], theme: str, found: dict[str, Any] | None, top: float) -> str:
    text = _text(c.get(theme))
    if text == "":
        tip, style = f"{theme}: not read ({c.get('status', '')})", "background:#eee"
    elif found is not None and int(_text(found.get("mentions")) or 0) > 0:
        tip = (f"{theme}: {text} per 10,000 words, p. {_text(found.get('evidence_page'))}: "
               f"{_text(found.get('evidence'))}")
        style = f"background:rgba(200,60,30,{0.1 + 0.9 * float(text) / top:.2f})"
    else:
        tip, style = f"{theme}: not found", ""
    return (f'<td class="cell" data-doc="{_e(c["doc_id"])}" data-theme="{_e(theme)}" '
            f'title="{_e(tip)}" style="{style}">{_e(text)}</td>')


def _heatmap(docs: list[dict[str, Any]], comparison: list[dict[str, Any]], themes: list[dict[str, Any]],
             theme_ids: list[str]) -> str:
    if not comparison or not theme_ids:
        return '<p class="muted">No themes.</p>'
    columns = [{**row, "file": doc["file"], "status": doc["status"]}
               for row, doc in zip(comparison, docs, strict=False)]  # comparison rows in document order
    evidence = {(t["doc_id"], t["theme"]): t for t in themes}
    values = [float(text) for row in columns for t in theme_ids if (text := _text(row.get(t)))]
    top = max(values, default=0.0) or 1.0
    head = "".join(f'<th class="doc" title="{_e(c["file"])}">{_e(_label(c))}</th>' for c in columns)
    body = []
    for theme in theme_ids:
        cells = "".join(_heat_cell(c, theme, evidence.get((c["doc_id"], theme)), top) for c in columns)
        body.append(f"<tr><th>{_e(theme)}</th>{cells}</tr>")
    return (f'<table class="heatmap"><thead><tr><th>theme</th>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


def _key_figures(docs: list[dict[str, Any]], stats: list[dict[str, Any]]) -> str:
    boards = {d["doc_id"]: _text(d.get("board")) or _text(d.get("file")) for d in docs}
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for st in stats:
        if _flag(st.get("superseded")) or _text(st.get("category")):
            continue
        as_of = _text(st.get("as_of"))
        when = _text(st.get("period")) or (fy_of_date(date.fromisoformat(as_of)) if as_of else "")
        groups[(boards.get(st["doc_id"], st["doc_id"]), when)].append(st)
    parts = []
    header = ["metric", "area", "value", "unit", "period", "as_of", "time_basis", "page", "evidence"]
    for (board, when) in sorted(groups):
        rows = [[st.get(h) for h in header] for st in groups[(board, when)]]
        parts.append(f"<h3>{_e(board)} — {_e(when or 'undated')}</h3>"
                     + _table(header, rows, numeric=["value", "page"]))
    return "".join(parts) or '<p class="muted">None.</p>'


def _budget(docs: list[dict[str, Any]], budget: list[dict[str, Any]]) -> str:
    boards = {d["doc_id"]: _text(d.get("board")) for d in docs}
    header = ["board", "period", "flow", "item", "area", "amount_gbp", "page", "evidence"]
    rows = [[boards.get(b["doc_id"], ""), *[b.get(h) for h in header[1:]]]
            for b in budget if _flag(b.get("is_total"))]
    return _table(header, rows, numeric=["amount_gbp", "page"])


def _warnings(docs: list[dict[str, Any]], conflicts: list[dict[str, Any]]) -> str:
    rows = [[d["file"], w] for d in docs for w in _items(d.get("warnings"))]
    header = ["metric", "area", "category", "period", "as_of", "kept_value", "kept_page", "kept_evidence",
              "dropped_value", "dropped_page", "dropped_evidence"]
    return ("<h3>Warnings</h3>" + _table(["file", "warning"], rows)
            + "<h3>Conflicts</h3>"
            + _table(header, ([c.get(h) for h in header] for c in conflicts),
                     numeric=["kept_value", "dropped_value", "kept_page", "dropped_page"]))


def _codebook(codebook: list[dict[str, Any]]) -> str:
    by_theme: dict[str, dict[str, Any]] = {}
    for row in codebook:
        entry = by_theme.setdefault(row["theme"], {"description": row.get("description", ""), "patterns": []})
        if row.get("kind") != "exclude":
            entry["patterns"].append(row.get("pattern", ""))
    rows = [[t, e["description"], len(e["patterns"]), ", ".join(map(str, e["patterns"][:8]))]
            for t, e in by_theme.items()]
    return _table(["theme", "description", "patterns", "examples"], rows, numeric=["patterns"])


COMPARISON_FIELDS = frozenset({"doc_id", "board", "local_authorities", "period", "doc_type"})


def render(folder: Path, codebook: list[dict[str, Any]], run: dict[str, Any]) -> str:
    """The overview page of the tables written in `folder`."""
    docs = read_rows(folder, "documents")
    comparison = read_rows(folder, "theme_comparison")
    theme_ids = [c for c in comparison[0] if c not in COMPARISON_FIELDS] if comparison else []
    counts: dict[str, int] = defaultdict(int)
    for d in docs:
        counts[d["status"]] += 1
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    sections = [
        ("Documents", _documents(docs)),
        ("Themes × documents (mentions per 10,000 words; hover for the evidence)",
         _heatmap(docs, comparison, read_rows(folder, "themes"), theme_ids)),
        ("Key figures per board and year", _key_figures(docs, read_rows(folder, "statistics"))),
        ("Budget totals", _budget(docs, read_rows(folder, "budget"))),
        ("Warnings and conflicts", _warnings(docs, read_rows(folder, "conflicts"))),
        ("Codebook", _codebook(codebook)),
    ]
    body = "".join(f"<h2>{_e(title)}</h2>{content}" for title, content in sections)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>report-miner overview</title><style>{STYLE}</style></head><body>"
            f"<h1>report-miner overview</h1><p class=\"muted\">{_e(len(docs))} documents ({_e(summary)}); "
            f"report-miner {_e(run.get('version'))} (run.json has the full run record)</p>"
            f"{body}</body></html>\n")


def write_html(path: Path, codebook: list[dict[str, Any]], run: dict[str, Any]) -> Path:
    path.write_text(render(path.parent, codebook, run), encoding="utf-8")
    return path
