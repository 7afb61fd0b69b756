"""Switching patterns folders in one Python process: each call gets its own folder's results,
the same as the command line gives on that folder."""

from __future__ import annotations

import json
import pickle
import re
import shutil
from pathlib import Path
from typing import Any

from conftest import CORPUS, ROOT, run_cli

import report_miner
from report_miner import Patterns
from report_miner.config.patterns import patterns_for

TRI = CORPUS / "triborough-lscb-annual-report-2017-18.pdf"


def _without_metric(folder: Path, metric: str) -> Path:
    """A patterns folder whose metrics.yaml is the bundled one less `metric`."""
    folder.mkdir()
    text = (ROOT / "patterns" / "metrics.yaml").read_text(encoding="utf-8")
    text = re.sub(rf"\n  {metric}:\n(?:    .*\n|      .*\n|\s*\n)*?(?=  \w|\n#|\w)", "\n", text, count=1)
    assert f"  {metric}:" not in text
    (folder / "metrics.yaml").write_text(text, encoding="utf-8")
    return folder


def _metrics(report: report_miner.Report) -> set[str]:
    return {s.metric for s in report.statistics}


def test_each_call_uses_its_own_patterns_folder(tmp_path: Path) -> None:
    no_referrals = _without_metric(tmp_path / "a", "referrals")
    bundled = report_miner.extract_pdf(TRI)
    custom = report_miner.extract_pdf(TRI, patterns_dir=no_referrals)
    again = report_miner.extract_pdf(TRI)
    assert "referrals" in _metrics(bundled) and "referrals" not in _metrics(custom)
    assert again.statistics == bundled.statistics
    assert report_miner.extract_pdf(TRI, patterns_dir=no_referrals).statistics == custom.statistics


def test_frames_keep_a_custom_codebooks_themes(tmp_path: Path) -> None:
    folder = tmp_path / "codebook"
    folder.mkdir()
    (folder / "themes.yaml").write_text(
        "themes:\n  training_programme:\n    description: the board's training programme\n"
        "    phrases: [training programme]\n", encoding="utf-8")
    report = report_miner.extract_pdf(TRI, patterns_dir=folder)
    assert any(t.theme == "training_programme" and t.mentions > 0 for t in report.themes)
    frames = report_miner.to_frames([report])
    assert frames["theme_comparison"]["training_programme"].iloc[0] > 0
    assert "training_programme" in frames["theme_cooccurrence"].columns


def test_api_writes_the_same_tables_as_the_command_line(tmp_path: Path, corpus_out: Path) -> None:
    report_miner.extract_folder(CORPUS, out_dir=tmp_path / "api", workers=1)
    for path in sorted(corpus_out.glob("*.csv")):
        assert (tmp_path / "api" / path.name).read_bytes() == path.read_bytes(), path.name
    assert (tmp_path / "api" / "records.jsonl").read_bytes() == (corpus_out / "records.jsonl").read_bytes()


TRAINING_THEME = ("themes:\n  training_programme:\n    description: the board's training programme\n"
                  "    phrases: [training programme]\n")


def _with_file(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def _without_authority(folder: Path, name: str) -> Path:
    """A patterns folder whose gazetteer is the bundled one less the authority `name`."""
    rows = Patterns().file("local_authorities.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [row for row in rows if not row.startswith(f"{name},")]
    assert len(kept) == len(rows) - 1
    return _with_file(folder, "local_authorities.csv", "".join(kept))


def _record(report: report_miner.Report) -> dict[str, Any]:
    """A Report as records.jsonl holds it (the per-paragraph themes go to theme_mentions.csv)."""
    data: dict[str, Any] = json.loads(report.model_dump_json())
    data.pop("paragraph_themes")
    return data


def _cli_record(pdfs: Path, out: Path, folder: Path | None) -> dict[str, Any]:
    """The one record of a `report-miner extract` run over `pdfs` (a fresh process, as a user runs it)."""
    run_cli("extract", pdfs, "-o", out, "-q", "-w", "1", "--format", "csv",
            *(["--patterns", folder] if folder else []))
    (line,) = (out / "records.jsonl").read_text(encoding="utf-8").splitlines()
    data: dict[str, Any] = json.loads(line)
    return data


def _themes(report: report_miner.Report) -> set[str]:
    return {t.theme for t in report.themes if t.mentions > 0}


def test_folders_in_turn_give_their_own_results_and_the_command_lines(tmp_path: Path) -> None:
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    shutil.copy(TRI, pdfs / TRI.name)
    pdf = pdfs / TRI.name
    metrics_folder = _without_metric(tmp_path / "a", "referrals")
    themes_folder = _with_file(tmp_path / "b", "themes.yaml", TRAINING_THEME)
    runs = [(metrics_folder, report_miner.extract_pdf(pdf, patterns_dir=metrics_folder)),
            (themes_folder, report_miner.extract_pdf(pdf, patterns_dir=themes_folder)),
            (None, report_miner.extract_pdf(pdf))]
    (_, no_referrals), (_, with_theme), (_, bundled) = runs
    assert "referrals" in _metrics(bundled) and "referrals" not in _metrics(no_referrals)
    assert _metrics(with_theme) == _metrics(bundled)  # a codebook changes the themes only
    assert "training_programme" in _themes(with_theme)
    assert "training_programme" not in _themes(bundled) | _themes(no_referrals)
    for i, (folder, report) in enumerate(runs):
        assert _record(report) == _cli_record(pdfs, tmp_path / f"cli{i}", folder), folder


def test_a_patterns_object_and_its_folder_give_the_same_report(tmp_path: Path) -> None:
    folder = _without_authority(tmp_path / "gazetteer", "Westminster")
    by_object = report_miner.extract_pdf(TRI, patterns_dir=Patterns(folder))
    by_folder = report_miner.extract_pdf(TRI, patterns_dir=folder)
    assert _record(by_object) == _record(by_folder)
    # the gazetteer reaches the metadata: the board's third authority is unknown to this folder
    assert by_folder.document.local_authorities == ["Hammersmith and Fulham", "Kensington and Chelsea"]
    assert report_miner.extract_pdf(TRI).document.local_authorities[-1] == "Westminster"


def test_an_edited_patterns_file_is_read_again(tmp_path: Path) -> None:
    folder = _with_file(tmp_path / "codebook", "themes.yaml", TRAINING_THEME)
    before = report_miner.extract_pdf(TRI, patterns_dir=folder)
    _with_file(folder, "themes.yaml", TRAINING_THEME.replace("training_programme", "board_training"))
    after = report_miner.extract_pdf(TRI, patterns_dir=folder)
    assert "training_programme" in _themes(before) and "board_training" not in _themes(before)
    assert "board_training" in _themes(after) and "training_programme" not in _themes(after)
    assert after.statistics == before.statistics


def test_patterns_load_each_vocabulary_once_and_travel_as_their_folder(tmp_path: Path) -> None:
    folder = _without_metric(tmp_path / "a", "referrals")
    patterns = Patterns(folder)
    assert patterns.file("metrics.yaml") == folder / "metrics.yaml"
    assert patterns.file("training.yaml") == Patterns().file("training.yaml")  # missing here: bundled
    assert patterns.statistics_vocab is patterns.statistics_vocab
    assert "referrals" not in patterns.statistics_vocab.metrics
    assert "referrals" in Patterns().statistics_vocab.metrics
    copy = pickle.loads(pickle.dumps(patterns))
    assert copy.folder == folder and "statistics_vocab" not in copy.__dict__
    assert patterns_for(folder) is patterns_for(folder)  # one loaded object while the files are unchanged
