"""The batch survives bad input: one row per PDF, the right status, good files unaffected."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import CORPUS, REALWORLD, read_rows, run_cli
from pdf_factory import corrupt, encrypted_pdf, image_only_pdf, many_pages_pdf, text_pdf, truncated

import report_miner

CONTRACT_FILES = {
    "documents.csv": ("doc_id,file,board,local_authorities,doc_type,la_codes,gss_codes,region,period,edition,"
                      "pages,words,status,error"),
    "priorities.csv": "doc_id,period,number,title,themes",
    "statistics.csv": "doc_id,area,metric,category,value,unit,period,as_of,page,evidence",
    "training.csv": "doc_id,period,course,sessions,attended,not_attended,places,page",
    "budget.csv": "doc_id,period,flow,item,area,amount_gbp,is_total,page",
    "themes.csv": "doc_id,theme,mentions,per_10k_words,pages,evidence",
    "theme_comparison.csv": "doc_id,board,local_authorities,period,doc_type",
    "judgements.csv": "doc_id,subject,area,grade,page,evidence",
}


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bad_input")
    good = (CORPUS / "redbridge-newsletter-summer-2018.pdf").read_bytes()
    nested = root / "2018" / "newsletters"
    nested.mkdir(parents=True)
    (nested / "Redbridge Summer.PDF").write_bytes(good)
    shutil.copy(CORPUS / "london-scb-highlights-2010-11.pdf", root / "highlights.pdf")
    (root / "zero-byte.pdf").write_bytes(b"")
    (root / "random-bytes.pdf").write_bytes(bytes((i * 97 + 31) % 256 for i in range(5000)))
    (root / "minutes.txt.pdf").write_text("Minutes of the board meeting\nItem 1: apologies\n",
                                          encoding="utf-8")
    (root / "encrypted.pdf").write_bytes(encrypted_pdf())
    (root / "scanned.pdf").write_bytes(image_only_pdf())
    (root / "truncated.pdf").write_bytes(truncated(good))
    (root / "corrupt.pdf").write_bytes(corrupt(good))
    (root / "short-text.pdf").write_bytes(text_pdf(["Safeguarding children: a short note for partners."] * 8))
    (root / "notes.txt").write_text("not a pdf", encoding="utf-8")
    (root / "report.docx").write_bytes(b"PK\x03\x04 not read")
    return root


@pytest.fixture(scope="module")
def bad_run(bad_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("bad_out")
    result = run_cli("extract", bad_folder, "-o", out, "--workers", "2")
    return out, result.stderr


def test_one_row_per_pdf_with_status(bad_run: tuple[Path, str]) -> None:
    out, _ = bad_run
    rows = {r["file"]: r for r in read_rows(out / "documents.csv")}
    assert sorted(rows) == sorted([
        "2018/newsletters/Redbridge Summer.PDF", "corrupt.pdf", "encrypted.pdf", "highlights.pdf",
        "minutes.txt.pdf", "random-bytes.pdf", "scanned.pdf", "short-text.pdf", "truncated.pdf",
        "zero-byte.pdf",
    ])
    expected = {
        "zero-byte.pdf": ("error", "empty file"),
        "random-bytes.pdf": ("error", "not a PDF"),
        "minutes.txt.pdf": ("error", "not a PDF"),
        "encrypted.pdf": ("error", "password"),
        "scanned.pdf": ("no_text", "no text layer"),
        "truncated.pdf": ("error", "truncated"),
        "corrupt.pdf": ("error", "unreadable PDF"),
    }
    for name, (status, reason) in expected.items():
        assert rows[name]["status"] == status, rows[name]
        assert reason in rows[name]["error"], rows[name]
        assert "\n" not in rows[name]["error"]
    for name in ("2018/newsletters/Redbridge Summer.PDF", "highlights.pdf", "short-text.pdf"):
        assert rows[name]["status"] == "ok" and rows[name]["error"] == ""
    assert all(len(r["doc_id"]) == 12 for r in rows.values() if r["file"] != "zero-byte.pdf")


def test_good_files_unaffected_by_bad_neighbours(bad_run: tuple[Path, str], corpus_out: Path) -> None:
    out, _ = bad_run
    alone = {r["doc_id"]: r for r in read_rows(corpus_out / "documents.csv")}
    mixed = {r["doc_id"]: r for r in read_rows(out / "documents.csv")}
    for name in ("statistics.csv", "priorities.csv", "themes.csv", "budget.csv", "training.csv"):
        rows_alone = {tuple(r.items()) for r in read_rows(corpus_out / name) if r["doc_id"] in mixed}
        rows_mixed = {tuple(r.items()) for r in read_rows(out / name) if r["doc_id"] in alone}
        assert rows_alone == rows_mixed, name
    for doc_id in set(alone) & set(mixed):
        for field in ("board", "local_authorities", "doc_type", "period", "edition", "pages", "words"):
            assert alone[doc_id][field] == mixed[doc_id][field], field


def test_summary_line_and_contract_headers(bad_run: tuple[Path, str]) -> None:
    out, stderr = bad_run
    assert "10 documents: 3 ok, 1 no_text, 6 error" in stderr
    for name, header in CONTRACT_FILES.items():
        first = (out / name).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(header), name
    assert not list(out.glob(".*.tmp")), "no temporary files left behind"


def test_rerun_is_byte_identical(bad_folder: Path, bad_run: tuple[Path, str], tmp_path: Path) -> None:
    out, _ = bad_run
    run_cli("extract", bad_folder, "-o", tmp_path, "--workers", "1")
    for path in sorted(out.glob("*.csv")) + [out / "records.jsonl", out / "report.html"]:
        assert path.read_bytes() == (tmp_path / path.name).read_bytes(), path.name


def test_strict_exit_code_and_usage_errors(bad_folder: Path, tmp_path: Path) -> None:
    strict = run_cli("extract", bad_folder, "-o", tmp_path, "--strict", check=False)
    assert strict.returncode == 1
    missing = run_cli("extract", tmp_path / "does-not-exist", "-o", tmp_path, check=False)
    assert missing.returncode == 2
    no_out = run_cli("extract", bad_folder, check=False)
    assert no_out.returncode == 2


def test_time_limit_turns_a_slow_file_into_an_error_row(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "endless.pdf").write_bytes(many_pages_pdf(3000))
    shutil.copy(CORPUS / "london-scb-highlights-2010-11.pdf", folder / "fine.pdf")
    run_cli("extract", folder, "-o", tmp_path / "out", "--timeout", "1.5")
    rows = {r["file"]: r for r in read_rows(tmp_path / "out" / "documents.csv")}
    assert rows["endless.pdf"]["status"] == "error"
    assert "timed out after 1.5 s" in rows["endless.pdf"]["error"]
    assert rows["fine.pdf"]["status"] == "ok"


def test_schema_command_lists_every_record_kind() -> None:
    result = run_cli("schema")
    for kind in ("documents", "statistics", "training", "budget", "priorities", "themes", "report"):
        assert f'"{kind}"' in result.stdout


@pytest.mark.skipif(not REALWORLD.is_dir(), reason="real-world damaged PDFs are not available here")
def test_real_world_damage_never_stops_the_batch(tmp_path: Path) -> None:
    run_cli("extract", REALWORLD, "-o", tmp_path, "--timeout", "60")
    rows = read_rows(tmp_path / "documents.csv")
    assert len(rows) == len([p for p in REALWORLD.rglob("*") if p.suffix.lower() == ".pdf"])
    assert {r["status"] for r in rows} <= {"ok", "no_text", "error"}
    assert all(r["error"] for r in rows if r["status"] != "ok")
    # none of these is a safeguarding-board report
    assert [r["file"] for r in rows if r["local_authorities"] or r["board"]] == []
    by_name = {r["file"]: r for r in rows}
    assert by_name["password-example.pdf"]["status"] == "error"
    assert by_name["empty.pdf"]["status"] == "error"


def test_cache_gives_the_same_output_and_follows_moved_files(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(CORPUS / "london-scb-highlights-2010-11.pdf", folder / "a.pdf")
    cache = tmp_path / "cache"
    run_cli("extract", folder, "-o", tmp_path / "first", "--cache", cache)
    assert len(list(cache.rglob("*.entry"))) == 1
    (folder / "a.pdf").rename(folder / "renamed.pdf")
    run_cli("extract", folder, "-o", tmp_path / "second", "--cache", cache)
    first = read_rows(tmp_path / "first" / "documents.csv")
    second = read_rows(tmp_path / "second" / "documents.csv")
    assert second[0]["file"] == "renamed.pdf"
    assert {**first[0], "file": "renamed.pdf"} == second[0]
    for name in ("statistics.csv", "themes.csv", "priorities.csv", "theme_comparison.csv",
                 "theme_cooccurrence.csv"):
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes()
    first_record = json.loads((tmp_path / "first" / "records.jsonl").read_text(encoding="utf-8"))
    second_record = json.loads((tmp_path / "second" / "records.jsonl").read_text(encoding="utf-8"))
    assert second_record["document"]["file"] == "renamed.pdf"
    first_record["document"]["file"] = "renamed.pdf"
    assert first_record == second_record


def test_reports_served_from_the_cache_equal_the_reports_read(tmp_path: Path) -> None:
    """A cache hit carries rendered rows only; the API's Reports are parsed back from them whole."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("redbridge-newsletter-summer-2018.pdf", "london-scb-highlights-2010-11.pdf"):
        shutil.copy(CORPUS / name, folder / name)
    cache = tmp_path / "cache"
    read = report_miner.extract_folder(folder, cache_dir=cache, workers=1)
    served = report_miner.extract_folder(folder, cache_dir=cache, workers=1, out_dir=tmp_path / "out")
    assert len(list(cache.rglob("*.entry"))) == 2
    assert [r.model_dump() for r in served] == [r.model_dump() for r in read]
    assert any(any(p) for r in served for p in r.paragraph_themes)  # the co-occurrence input survives
    assert sum(len(r.statistics) for r in served) > 0


def test_committed_schema_is_the_models_schema() -> None:
    from report_miner.output.export import schema_json

    committed = (CORPUS.parent / "schema" / "records.schema.json").read_text(encoding="utf-8")
    assert committed == schema_json(), "run: report-miner schema -o schema/records.schema.json"


def test_file_read_while_the_pipeline_loads_gives_the_same_tables(tmp_path: Path) -> None:
    """With fork, the largest file is read by a cold process while the parent builds the pipeline,
    then tagged in the parent (run/early.py): the tables are those of a run in one process."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("havering-scb-annual-report-2016-17.pdf", "redbridge-newsletter-summer-2018.pdf"):
        shutil.copy(CORPUS / name, folder / name)
    run_cli("extract", folder, "-o", tmp_path / "forked", "--start-method", "fork", "--workers", "1")
    run_cli("extract", folder, "-o", tmp_path / "serial", "--start-method", "serial")
    for table in ("documents.csv", "statistics.csv", "themes.csv", "theme_mentions.csv", "priorities.csv"):
        assert (tmp_path / "forked" / table).read_bytes() == (tmp_path / "serial" / table).read_bytes(), table
    themes = read_rows(tmp_path / "forked" / "themes.csv")
    assert {r["theme"] for r in themes} and all(r["doc_id"] for r in themes)
