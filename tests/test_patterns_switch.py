"""Switching patterns folders in one Python process: each call gets its own folder's results."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import CORPUS, ROOT

import report_miner

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
