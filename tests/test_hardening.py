"""Hostile inputs, names, faults and interruptions: every batch ends with a row per file and an
output folder that holds exactly one run."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import CORPUS, permissions_apply, read_rows, run_cli, run_cli_measured
from hostile_factory import alias_bomb_yaml, flate_bomb, huge_mediabox_pdf
from pdf_factory import many_pages_pdf

from report_miner.output.names import original_name

SMALL = CORPUS / "london-scb-highlights-2010-11.pdf"
ODD_NAMES = [b"caf\xe9 latin-1.pdf", b"line\rbreak.pdf", b"tab\there.pdf", b"=cmd|' -C calc'!A0.pdf",
             b"@sum(1+1).pdf", b"x" * 240 + b".pdf"]
LIMIT_MIB = 600


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    folder = os.fsencode(root)
    for name in ODD_NAMES:
        with open(os.path.join(folder, name), "wb") as handle:
            handle.write(SMALL.read_bytes())
    (root / "flate-bomb.pdf").write_bytes(flate_bomb(2048))
    (root / "huge-mediabox.pdf").write_bytes(huge_mediabox_pdf())
    (root / "dangling.pdf").symlink_to(root / "nowhere.pdf")
    return root


@pytest.fixture(scope="module")
def hostile_run(hostile_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float, int]:
    out = tmp_path_factory.mktemp("hostile_out") / "out"
    _result, seconds, peak_kib = run_cli_measured("extract", hostile_folder, "-o", out, "--workers", "2",
                                                  "--max-memory", f"{LIMIT_MIB}M", "--timeout", "60")
    return out, seconds, peak_kib


def test_hostile_folder_gives_a_row_per_file_within_the_limits(hostile_run: tuple[Path, float, int]) -> None:
    out, seconds, peak_kib = hostile_run
    rows = {r["file"]: r for r in read_rows(out / "documents.csv")}
    assert len(rows) == len(ODD_NAMES) + 3
    assert rows["flate-bomb.pdf"]["status"] == "error"
    assert "memory limit" in rows["flate-bomb.pdf"]["error"]
    assert rows["huge-mediabox.pdf"]["status"] in {"error", "ok"}
    assert rows["dangling.pdf"]["status"] == "error" and "dangling link" in rows["dangling.pdf"]["error"]
    built = {"flate-bomb.pdf", "huge-mediabox.pdf", "dangling.pdf"}
    odd = [r for name, r in rows.items() if name not in built]
    # the odd names hold one PDF: read once under the first name, the others are its duplicates
    first = [name for name, r in rows.items() if name not in built and r["status"] == "ok"]
    assert len(first) == 1
    assert sorted(r["status"] for r in odd) == ["duplicate"] * (len(ODD_NAMES) - 1) + ["ok"]
    assert all(r["duplicate_of"] == first[0] for r in odd if r["status"] == "duplicate")
    assert len({r["doc_id"] for r in odd}) == 1
    # the worker's peak stays near the limit plus its warm pipeline, never the bomb's 2 GiB
    assert peak_kib < (LIMIT_MIB + 700) * 1024
    assert seconds < 120


def test_odd_names_are_safe_in_every_reader(hostile_run: tuple[Path, float, int]) -> None:
    out, _, _ = hostile_run
    frame = pd.read_csv(out / "documents.csv")
    assert len(frame) == len(ODD_NAMES) + 3
    assert not any(str(name).startswith(("=", "+", "-", "@")) for name in frame["file"])
    text = (out / "documents.csv").read_text(encoding="utf-8")
    assert "\r" not in text and "'=cmd|" in text and "'@sum" in text
    records = [json.loads(line) for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    recovered = {original_name(r["document"]["file"]) for r in records}
    assert set(ODD_NAMES) <= recovered


def test_run_record_lists_every_input_with_its_hash(hostile_run: tuple[Path, float, int],
                                                    hostile_folder: Path) -> None:
    out, _, _ = hostile_run
    record = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert record["tool"] == "report-miner" and record["options"]["max_memory"] == LIMIT_MIB << 20
    by_path = {i["path"]: i for i in record["inputs"]}
    assert len(by_path) == len(ODD_NAMES) + 3
    import hashlib

    assert by_path["flate-bomb.pdf"]["sha256"] == hashlib.sha256(
        (hostile_folder / "flate-bomb.pdf").read_bytes()).hexdigest()
    assert {f["file"].rsplit("/", 1)[-1] for f in record["patterns"]["files"]} >= {"themes.yaml"}
    modes = {p.name: p.stat().st_mode & 0o777 for p in out.iterdir()}
    assert set(modes.values()) == {0o644}
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]


def test_alias_bomb_in_patterns_is_one_line_and_exit_2(tmp_path: Path) -> None:
    patterns = tmp_path / "patterns"
    patterns.mkdir()
    (patterns / "themes.yaml").write_text(alias_bomb_yaml(), encoding="utf-8")
    result = run_cli("extract", CORPUS, "-o", tmp_path / "out", "--patterns", patterns, check=False)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "themes.yaml" in result.stderr
    assert "aliases expand" in result.stderr and not (tmp_path / "out").exists()


def _one_file_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir(parents=True)
    shutil.copy(SMALL, folder / "a.pdf")
    return folder


def test_output_folder_problems_are_found_before_any_work(tmp_path: Path) -> None:
    folder = _one_file_folder(tmp_path)
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    started = time.monotonic()
    under_file = run_cli("extract", folder, "-o", tmp_path / "a-file" / "out", check=False)
    assert under_file.returncode == 2 and "is a file" in under_file.stderr
    foreign = tmp_path / "thesis"
    foreign.mkdir()
    (foreign / "chapter1.docx").write_text("mine", encoding="utf-8")
    refused = run_cli("extract", folder, "-o", foreign, check=False)
    assert refused.returncode == 2 and "--overwrite" in refused.stderr
    assert time.monotonic() - started < 20  # refused before reading any PDF
    assert (foreign / "chapter1.docx").exists()
    run_cli("extract", folder, "-o", foreign, "--overwrite")
    assert not (foreign / "chapter1.docx").exists() and (foreign / "run.json").exists()


def test_rerun_replaces_the_previous_set_whole(tmp_path: Path) -> None:
    folder = _one_file_folder(tmp_path)
    out = tmp_path / "out"
    run_cli("extract", folder, "-o", out)
    (out / "stale-from-old-version.csv").write_text("old", encoding="utf-8")
    first = (out / "statistics.csv").read_bytes()
    run_cli("extract", folder, "-o", out)
    assert not (out / "stale-from-old-version.csv").exists()
    assert (out / "statistics.csv").read_bytes() == first


def test_two_concurrent_runs_never_mix(tmp_path: Path) -> None:
    folder = _one_file_folder(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(CORPUS / "redbridge-newsletter-summer-2018.pdf", other / "b.pdf")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "report_miner", "extract"]
    runs = [subprocess.Popen([*cmd, str(src), "-o", str(out)], stderr=subprocess.PIPE, text=True)
            for src in (folder, other)]
    results = [(p.wait(timeout=300), p.stderr.read() if p.stderr else "") for p in runs]
    codes = sorted(code for code, _ in results)
    assert codes in ([0, 0], [0, 2])
    if codes == [0, 2]:
        assert any("another report-miner run" in err for code, err in results if code == 2)
    names = {r["file"] for r in read_rows(out / "documents.csv")}
    recorded = {i["path"] for i in json.loads((out / "run.json").read_text())["inputs"]}
    jsonl = {json.loads(line)["document"]["file"] for line in (out / "records.jsonl").open()}
    assert len(names) == 1 and names == recorded == jsonl


def _workers_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find worker processes")
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130),
                                             (signal.SIGKILL, -9)])
def test_stopping_the_run_leaves_no_workers_and_the_previous_set(tmp_path: Path, signum: int,
                                                                  code: int) -> None:
    folder = _one_file_folder(tmp_path)
    out, cache = tmp_path / "out", tmp_path / "cache"
    run_cli("extract", folder, "-o", out, "--cache", cache)
    previous = {p.name: p.read_bytes() for p in out.iterdir()}
    (folder / "endless.pdf").write_bytes(many_pages_pdf(4000))
    shutil.copy(CORPUS / "redbridge-newsletter-summer-2018.pdf", folder / "b.pdf")
    process = subprocess.Popen([sys.executable, "-m", "report_miner", "extract", str(folder),
                                "-o", str(out), "--workers", "2", "--cache", str(cache)],
                               stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while len(list(cache.rglob("*.entry"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)  # b.pdf finished: one worker still busy with the endless file
    workers = _workers_of(process.pid)
    assert workers, "the run should have worker processes"
    process.send_signal(signum)
    assert process.wait(timeout=30) == code
    time.sleep(1.5)
    assert not [pid for pid in workers if _alive(pid)]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == previous
    assert len(list(cache.rglob("*.entry"))) == 2  # the finished file stays cached
    if signum != signal.SIGKILL:
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    run_cli("extract", _one_file_folder(tmp_path / "again"), "-o", out)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # a killed run's leftovers go


def test_untrustworthy_cache_entries_are_misses(tmp_path: Path) -> None:
    folder = _one_file_folder(tmp_path)
    shutil.copy(CORPUS / "redbridge-newsletter-summer-2018.pdf", folder / "b.pdf")
    cache = tmp_path / "cache"
    run_cli("extract", folder, "-o", tmp_path / "first", "--cache", cache)
    entries = sorted(cache.rglob("*.entry"))
    assert len(entries) == 2
    a, b = entries
    a_bytes = a.read_bytes()
    a.write_bytes(b.read_bytes())  # another document's entry under this file's key
    b.write_bytes(b.read_bytes()[:-200])  # a truncated entry
    run_cli("extract", folder, "-o", tmp_path / "second", "--cache", cache)
    for name in ("documents.csv", "statistics.csv", "themes.csv"):
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes()
    assert a.read_bytes() == a_bytes  # rewritten from the PDF
    a.unlink()
    a.mkdir()  # an entry that is a folder
    result = run_cli("extract", folder, "-o", tmp_path / "third", "--cache", cache)
    third = (tmp_path / "third" / "statistics.csv").read_bytes()
    assert (tmp_path / "first" / "statistics.csv").read_bytes() == third
    assert "cache" in result.stderr


def test_gazetteer_with_wrong_columns_is_one_line_and_exit_2(tmp_path: Path) -> None:
    patterns = tmp_path / "patterns"
    patterns.mkdir()
    (patterns / "local_authorities.csv").write_text("council,kind\nHavering,london\n", encoding="utf-8")
    result = run_cli("extract", _one_file_folder(tmp_path), "-o", tmp_path / "out", "--patterns", patterns,
                     check=False)
    assert result.returncode == 2
    assert "local_authorities.csv:1: missing column(s) name, type, region, variants" in result.stderr


def test_gazetteer_with_a_malformed_code_is_one_line_and_exit_2(tmp_path: Path) -> None:
    patterns = tmp_path / "patterns"
    patterns.mkdir()
    (patterns / "local_authorities.csv").write_text(
        "name,type,region,variants,la_code,gss_code\nHavering,london_borough,London,,311,E09000016\n"
        "Redbridge,london_borough,London,,3170,E09000026\n", encoding="utf-8")
    result = run_cli("themes", "--check", patterns, check=False)
    assert result.returncode == 2
    assert "local_authorities.csv:3: la_code is '3170'" in result.stderr


def test_killing_the_run_at_any_moment_never_mixes_two_sets(tmp_path: Path) -> None:
    first, second = _one_file_folder(tmp_path / "first"), tmp_path / "second"
    second.mkdir()
    shutil.copy(CORPUS / "redbridge-newsletter-summer-2018.pdf", second / "b.pdf")
    out = tmp_path / "out"
    run_cli("extract", first, "-o", out)
    cmd = [sys.executable, "-m", "report_miner", "extract", str(second), "-o", str(out)]
    for delay in (0.5, 1.5, 2.5, 3.0, 3.5, 4.0, 4.5, 6.0):
        process = subprocess.Popen(cmd, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.kill()
        process.wait()
        documents = {r["file"] for r in read_rows(out / "documents.csv")}
        recorded = {i["path"] for i in json.loads((out / "run.json").read_text())["inputs"]}
        jsonl = {json.loads(line)["document"]["file"] for line in (out / "records.jsonl").open()}
        assert documents == recorded == jsonl and documents in ({"a.pdf"}, {"b.pdf"}), delay


def test_an_endless_line_is_tagged_in_pieces_not_lost() -> None:
    from report_miner.api import load_tagger
    from report_miner.reader import Line, Page, ParsedDocument, Segment
    from report_miner.run.limits import bounded_chunks

    filler = "the partnership met again to review its work " * 26_000  # about 1.2 M characters
    text = "Child sexual exploitation was a priority. " + filler + "Neglect remained a concern."
    assert all(len(c) <= 100_000 for c in bounded_chunks(text)) and len(bounded_chunks(text)) > 10
    assert " ".join(bounded_chunks(text)).split() == text.split()
    line = Line(1, [Segment(72, 540, 80, 90, text)])
    doc = ParsedDocument("endless.pdf", [Page(1, 612, 792, lines=[line])])
    _themes, mentions, _paragraphs = load_tagger(None).tag_document(doc, "endless")
    found = {m.theme for m in mentions}
    assert {"child_sexual_exploitation", "neglect"} <= found


def _deep_tree(root: Path, levels: int) -> None:
    """Folders nested past the system's path limit, made one level at a time (relative to a fd)."""
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(levels):
            os.mkdir("d" * 250, dir_fd=fd)
            deeper = os.open("d" * 250, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = deeper
        with open(os.open("deep.pdf", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "wb") as handle:
            handle.write(SMALL.read_bytes())
    finally:
        os.close(fd)


def test_over_long_paths_and_unreadable_folders_get_rows(tmp_path: Path) -> None:
    permissions_apply()
    folder = _one_file_folder(tmp_path)
    _deep_tree(folder, 18)
    locked = folder / "locked"
    locked.mkdir()
    shutil.copy(SMALL, locked / "hidden.pdf")
    locked.chmod(0)
    try:
        run_cli("extract", folder, "-o", tmp_path / "out", unprivileged=True)
    finally:
        locked.chmod(0o755)
    rows = read_rows(tmp_path / "out" / "documents.csv")
    assert {"a.pdf"} <= {r["file"] for r in rows}
    long_rows = [r for r in rows if len(r["file"]) > 4000]
    assert long_rows and all(r["status"] == "error" for r in long_rows)
    assert any("path longer" in r["error"] or "cannot read" in r["error"] for r in long_rows)
    assert [r["status"] for r in rows if r["file"] == "locked"] == ["error"]
    assert any(r["file"] == "locked" and "cannot read the folder" in r["error"] for r in rows)
    assert not any(r["file"].startswith("locked/") for r in rows)


def test_catastrophic_pattern_is_refused_before_any_work(tmp_path: Path) -> None:
    patterns = tmp_path / "patterns"
    patterns.mkdir()
    budget = (Path(__file__).resolve().parents[1] / "patterns" / "budget.yaml").read_text(encoding="utf-8")
    hostile = re.sub(r'^skip_column: .*$', r'skip_column: "(\\\\w+\\\\s?)*variance"', budget, flags=re.M)
    assert hostile != budget
    (patterns / "budget.yaml").write_text(hostile, encoding="utf-8")
    result = run_cli("extract", _one_file_folder(tmp_path), "-o", tmp_path / "out", "--patterns", patterns,
                     check=False)
    assert result.returncode == 2
    assert "budget.yaml:" in result.stderr and "repeats a repetition" in result.stderr
    assert result.stderr.strip().count("\n") == 0


def test_a_damaged_page_is_left_out_and_the_rest_is_read(tmp_path: Path) -> None:
    from pdf_factory import damaged_page_pdf

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "damaged-page.pdf").write_bytes(damaged_page_pdf())
    run_cli("extract", folder, "-o", tmp_path / "out", "--workers", "1")
    (row,) = read_rows(tmp_path / "out" / "documents.csv")
    assert row["status"] == "ok" and row["pages"] == "3"
    assert "pages 2 could not be read" in row["warnings"]
    text = run_cli("text", folder / "damaged-page.pdf").stdout
    assert "115 children had a plan" in text and "The last page is read too." in text
