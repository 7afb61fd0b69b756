"""Research-grade outputs on the real corpus: one value per slot, timed figures, conflicts, duplicates,
the metric dictionary, typed xlsx / parquet / frames equal to the CSV files, and printed budget signs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import CORPUS, read_rows, run_cli
from pdf_factory import text_pdf

from report_miner.models import MetricDefinition, Statistic
from report_miner.output.formats import read_tables, table_kinds

TIME_BASES = {"stated", "heading", "document"}


@pytest.fixture(scope="module")
def full_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus extracted by the real CLI with every format."""
    out = tmp_path_factory.mktemp("full_out")
    run_cli("extract", CORPUS, "-o", out, "--format", "csv,xlsx,parquet,html")
    return out


def _doc_ids(out: Path) -> dict[str, str]:
    return {Path(d["file"]).stem: d["doc_id"] for d in read_rows(out / "documents.csv")}


def _slot(row: dict[str, str], kinds: dict[str, str]) -> tuple[str, ...]:
    when = row["as_of"] or row["period"]
    if kinds[row["metric"]] == "stock" and not row["as_of"] and row["period"]:
        when = f"20{row['period'][-2:]}-03-31"
    return (row["doc_id"], row["metric"], row["area"], row["category"], row["unit"], when)


def test_one_value_per_slot_and_every_other_value_is_a_recorded_conflict(full_out: Path) -> None:
    kinds = {m["metric"]: m["kind"] for m in read_rows(full_out / "metrics.csv")}
    rows = read_rows(full_out / "statistics.csv")
    kept: dict[tuple[str, ...], str] = {}
    for row in rows:
        if row["superseded"] == "false":
            slot = _slot(row, kinds)
            assert slot not in kept, f"two values for {slot}: {kept[slot]} and {row['value']}"
            kept[slot] = row["value"]
    conflicts = read_rows(full_out / "conflicts.csv")
    listed = {(c["doc_id"], c["metric"], c["area"], c["category"], c["dropped_value"]) for c in conflicts}
    superseded = [r for r in rows if r["superseded"] == "true"]
    assert superseded, "the corpus holds a known disagreement"
    for row in superseded:
        assert (row["doc_id"], row["metric"], row["area"], row["category"], row["value"]) in listed
        assert _slot(row, kinds) in kept  # and the slot keeps another value
    # per slot, no value appears twice (repeats of one figure are one row)
    seen = [(*_slot(r, kinds), r["value"]) for r in rows]
    assert len(seen) == len(set(seen))


def test_table_value_kept_over_text_with_a_warning(full_out: Path) -> None:
    tri = _doc_ids(full_out)["triborough-lscb-annual-report-2017-18"]
    conflicts = [c for c in read_rows(full_out / "conflicts.csv") if c["doc_id"] == tri]
    sessions = [c for c in conflicts if c["metric"] == "training_sessions" and c["period"] == "2017-18"]
    got = [(c["kept_value"], c["kept_source"], c["dropped_value"], c["dropped_source"]) for c in sessions]
    assert got == [("137", "table", "100", "text")]
    assert sessions[0]["kept_page"] and "137" in sessions[0]["kept_evidence"]
    assert "100" in sessions[0]["dropped_evidence"]
    doc = next(d for d in read_rows(full_out / "documents.csv") if d["doc_id"] == tri)
    assert "conflict: training_sessions 2017-18: 137 (table" in doc["warnings"]


def test_every_figure_is_timed_and_says_where_the_time_came_from(full_out: Path) -> None:
    periods = {d["doc_id"]: d["period"] for d in read_rows(full_out / "documents.csv")}
    rows = read_rows(full_out / "statistics.csv")
    for row in rows:
        if periods[row["doc_id"]]:
            assert row["period"] or row["as_of"], row
            assert row["time_basis"] in TIME_BASES, row
    tri = _doc_ids(full_out)["triborough-lscb-annual-report-2017-18"]
    # "Local Safeguarding Data 2017/2018" heads the summary block: its undated stocks take that year
    headed = {(r["metric"], r["area"]): r for r in rows
              if r["doc_id"] == tri and r["time_basis"] == "heading"}
    assert headed[("cp_plans", "")]["value"] == "283" and headed[("cp_plans", "")]["period"] == "2017-18"
    # the per-borough repeats of the dated figures ("At 31 March 2018, ... 125 ...") are one row, stated
    hf = [r for r in rows
          if r["doc_id"] == tri and r["metric"] == "cp_plans" and r["area"] == "Hammersmith and Fulham"]
    assert [(r["value"], r["as_of"], r["time_basis"]) for r in hf] == [("125", "2018-03-31", "stated")]


def test_category_dimensions_and_percent_denominators(full_out: Path) -> None:
    rows = read_rows(full_out / "statistics.csv")
    categorised = [r for r in rows if r["category"]]
    assert categorised
    types = {r["category"]: r["category_type"] for r in categorised}
    assert types["neglect"] == "abuse" and types["under_1"] == "age"
    assert all(r["category_type"] for r in categorised)
    assert not any(r["category_type"] for r in rows if not r["category"])
    percents = [r for r in rows if r["unit"] == "percent"]
    assert percents and all(r["denominator"] for r in percents)
    assert not any(r["denominator"] for r in rows if r["unit"] != "percent")
    by_metric = {r["metric"]: r["denominator"] for r in percents}
    assert by_metric["referrals"] == "contacts"  # "Contacts progressed to referral 1937 (33%)"
    assert by_metric["training_non_attendance"] == "total bookings"  # "17% of total bookings"


def test_budget_keeps_the_printed_sign_beside_the_positive_amount(full_out: Path) -> None:
    tri = _doc_ids(full_out)["triborough-lscb-annual-report-2017-18"]
    lines = [b for b in read_rows(full_out / "budget.csv") if b["doc_id"] == tri]
    variance = [b for b in lines
                if b["item"] == "Final outturn variance" and b["area"] == "Hammersmith and Fulham"]
    assert [(b["amount_gbp"], b["printed_amount_gbp"]) for b in variance] == [("7033", "-7033")]
    assert all(float(b["amount_gbp"]) >= 0 for b in lines)
    assert all(b["printed_amount_gbp"] for b in lines)


def test_metric_dictionary_covers_every_metric_written(full_out: Path) -> None:
    dictionary = {m["metric"]: m for m in read_rows(full_out / "metrics.csv")}
    assert list(read_rows(full_out / "metrics.csv")[0]) == list(MetricDefinition.model_fields)
    used = {r["metric"] for r in read_rows(full_out / "statistics.csv")}
    assert used <= dictionary.keys()
    assert all(m["definition"] and m["unit"] and m["kind"] in {"stock", "flow"} for m in dictionary.values())
    assert "CIN census" in dictionary["cp_plans"]["dfe_counterpart"]
    assert "SSDA903" in dictionary["looked_after_children"]["dfe_counterpart"]
    printed = run_cli("metrics").stdout
    assert all(metric in printed for metric in dictionary)


def test_metric_without_a_definition_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "metrics.yaml").write_text(
        "metrics:\n  referrals:\n    unit: count\n    kind: flow\n    phrases: ['referrals']\n"
        "  home_visits:\n    unit: count\n    kind: flow\n    phrases: ['home visits']\n", encoding="utf-8")
    result = run_cli("metrics", "--patterns", tmp_path, check=False)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "metrics.yaml:6:" in lines[0] and "'home_visits' has no definition" in lines[0]
    extract = run_cli("extract", CORPUS, "-o", tmp_path / "out", "--patterns", tmp_path, check=False)
    assert extract.returncode == 2 and "'home_visits' has no definition" in extract.stderr
    assert not (tmp_path / "out").exists()  # refused before any work
    # referrals took the bundled definition
    (tmp_path / "metrics.yaml").write_text(
        "metrics:\n  referrals:\n    unit: count\n    kind: flow\n    phrases: ['referrals']\n",
        encoding="utf-8")
    assert "referrals to children's social care" in run_cli("metrics", "--patterns", tmp_path).stdout


def test_xlsx_reads_back_equal_to_the_csv_files(full_out: Path) -> None:
    from openpyxl import load_workbook

    frames = read_tables(full_out, _theme_ids(full_out))
    book = load_workbook(full_out / "report-miner.xlsx", read_only=False)
    assert {"codebook", "metrics", "run", *frames} <= set(book.sheetnames)
    for name, frame in frames.items():
        sheet = book[name]
        assert sheet.freeze_panes == "A2"
        rows = list(sheet.iter_rows(values_only=True))
        assert list(rows[0]) == list(frame.columns)
        assert len(rows) - 1 == len(frame)
        for got, want in zip(rows[1:], frame.itertuples(index=False, name=None), strict=True):
            assert [_plain(v) for v in got] == [_plain(v) for v in want], name
    stats = book["statistics"]
    header = [c.value for c in stats[1]]
    first = [c for c in stats[2]]
    assert first[header.index("value")].data_type == "n" and first[header.index("page")].data_type == "n"
    assert book["run"]["A1"].value == "key"
    run_sheet = list(book["run"].iter_rows(values_only=True))
    assert any(row[0] == "tool" and row[1] == "report-miner" for row in run_sheet)


def test_parquet_reads_back_equal_to_the_csv_files_with_types(full_out: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    theme_ids = _theme_ids(full_out)
    frames = read_tables(full_out, theme_ids)
    for name, frame in frames.items():
        table = pq.read_table(full_out / f"{name}.parquet")
        assert table.column_names == list(frame.columns)
        back = table.to_pandas()
        assert len(back) == len(frame)
        for column in frame.columns:
            assert [_plain(v) for v in back[column]] == [_plain(v) for v in frame[column]], (name, column)
    schema = pq.read_schema(full_out / "statistics.parquet")
    assert schema.field("page").type == pa.int64() and schema.field("value").type == pa.float64()
    assert schema.field("as_of").type == pa.date32() and schema.field("superseded").type == pa.bool_()
    documents = pq.read_schema(full_out / "documents.parquet")
    assert documents.field("local_authorities").type == pa.list_(pa.string())


def test_to_frames_types_match_the_files(full_out: Path) -> None:
    import report_miner

    reports = report_miner.extract_folder(CORPUS, workers=1)
    frames = report_miner.to_frames(reports)
    files = read_tables(full_out, _theme_ids(full_out))
    stats = frames["statistics"]
    assert str(stats["page"].dtype) == "Int64" and str(stats["value"].dtype) == "Float64"
    assert str(stats["as_of"].dtype).startswith("datetime64")
    assert isinstance(frames["documents"]["local_authorities"].iloc[0], list)
    assert stats["area"].isna().any() and not (stats["area"] == "").any()  # empty is missing, never ""
    for name in ("documents", "statistics", "budget", "conflicts", "themes"):
        mine = frames[name].drop(columns=[], errors="ignore")
        assert list(mine.columns) == list(files[name].columns)
        assert [[_plain(v) for v in row] for row in mine.itertuples(index=False, name=None)] == \
               [[_plain(v) for v in row] for row in files[name].itertuples(index=False, name=None)], name


def test_identical_files_are_read_once(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "copies").mkdir(parents=True)
    name = "redbridge-newsletter-summer-2018.pdf"
    shutil.copy(CORPUS / name, folder / name)
    shutil.copy(CORPUS / name, folder / "copies" / "again.pdf")
    shutil.copy(CORPUS / name, folder / "copies" / "third.pdf")
    out = tmp_path / "out"
    result = run_cli("extract", folder, "-o", out)
    docs = read_rows(out / "documents.csv")
    assert [(d["file"], d["status"], d["duplicate_of"]) for d in docs] == [
        ("copies/again.pdf", "ok", ""), ("copies/third.pdf", "duplicate", "copies/again.pdf"),
        (name, "duplicate", "copies/again.pdf")]
    assert len({d["doc_id"] for d in docs}) == 1
    single = tmp_path / "single"
    (single / "in").mkdir(parents=True)
    shutil.copy(CORPUS / name, single / "in" / name)
    run_cli("extract", single / "in", "-o", single / "out")
    for table in ("statistics.csv", "themes.csv", "priorities.csv"):
        assert len(read_rows(out / table)) == len(read_rows(single / "out" / table))
    assert "2 duplicate" in result.stderr


def test_disagreeing_sentences_give_one_value_and_a_conflict(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "report.pdf").write_bytes(text_pdf([
        "Example Safeguarding Children Board Annual Report 2017-18",
        "At 31 March 2018, 120 children were subject of a child protection plan.",
        "The board met six times during the year to review its work with partners.",
        "At 31 March 2018 there were 135 children subject of a child protection plan.",
    ]))
    run_cli("extract", folder, "-o", tmp_path / "out")
    rows = [r for r in read_rows(tmp_path / "out" / "statistics.csv") if r["metric"] == "cp_plans"]
    assert [(r["value"], r["as_of"], r["superseded"]) for r in rows] == [
        ("120", "2018-03-31", "false"), ("135", "2018-03-31", "true")]
    conflicts = read_rows(tmp_path / "out" / "conflicts.csv")
    assert [(c["kept_value"], c["dropped_value"]) for c in conflicts] == [("120", "135")]
    warnings = read_rows(tmp_path / "out" / "documents.csv")[0]["warnings"]
    assert "conflict: cp_plans 2018-03-31: 120" in warnings


def _theme_ids(out: Path) -> list[str]:
    header = (out / "theme_comparison.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    return [c for c in header if c not in {"doc_id", "board", "local_authorities", "period", "doc_type"}]


def _plain(value: object) -> object:
    """A cell value compared across formats: missing is None, dates are ISO strings, numbers floats."""
    import datetime

    import pandas as pd

    if hasattr(value, "tolist") and not isinstance(value, str | pd.Timestamp):
        value = value.tolist()
    if isinstance(value, list):
        return ";".join(str(v) for v in value) or None
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, pd.Timestamp | datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return float(value)
    return value


def test_kinds_come_from_the_models() -> None:
    kinds = table_kinds(["neglect"])
    assert kinds["statistics.csv"]["page"] == "int" and kinds["statistics.csv"]["as_of"] == "date"
    assert kinds["themes.csv"]["pages"] == "list_int" and kinds["documents.csv"]["warnings"] == "list_str"
    assert set(kinds["statistics.csv"]) == set(Statistic.model_fields)


def test_workbook_takes_any_text_and_splits_tables_past_the_row_limit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from openpyxl import load_workbook

    from report_miner.output import formats
    from report_miner.output.frames import frame_from_csv_text

    text = "doc_id,evidence,page\n" + "".join(f"d{i},bell\x07 and form\x0cfeed {'x' * 40000},{i}\n"
                                              for i in range(5))
    frame = frame_from_csv_text(text, {"doc_id": "str", "evidence": "str", "page": "int"})
    monkeypatch.setattr(formats, "EXCEL_ROWS", 3)  # a header and two rows per sheet
    formats.write_xlsx(tmp_path / "t.xlsx", {"t": frame}, [], {"tool": "report-miner"})
    book = load_workbook(tmp_path / "t.xlsx")
    assert [n for n in book.sheetnames if n.startswith("t")] == ["t", "t (2)", "t (3)"]
    rows = [r for n in ("t", "t (2)", "t (3)") for r in list(book[n].iter_rows(values_only=True))[1:]]
    assert [r[2] for r in rows] == [0, 1, 2, 3, 4]
    assert rows[0][1].startswith("bell and formfeed x") and len(rows[0][1]) == formats.EXCEL_CELL
