"""report-miner agreement: the tagger against a researcher's coding, and stable mention ids."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import CORPUS, read_rows, run_cli


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("agree_out")
    run_cli("extract", CORPUS, "-o", folder, "--format", "csv")
    return folder


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_mention_ids_are_unique_and_stable_across_runs(out: Path, corpus_out: Path) -> None:
    first = [m["mention_id"] for m in read_rows(out / "theme_mentions.csv")]
    assert all(len(i) == 16 for i in first) and len(set(first)) == len(first)
    assert first == [m["mention_id"] for m in read_rows(corpus_out / "theme_mentions.csv")]


def test_mention_verdicts_give_precision_per_theme(out: Path, tmp_path: Path) -> None:
    mentions = read_rows(out / "theme_mentions.csv")
    themes = sorted({m["theme"] for m in mentions})[:2]
    picked = [m for t in themes for m in [x for x in mentions if x["theme"] == t][:4]]
    verdicts = [[m["mention_id"], "no" if i % 4 == 3 else "yes"] for i, m in enumerate(picked)]
    coded = _write(tmp_path / "verdicts.csv", ["mention_id", "correct"], verdicts)
    result = run_cli("agreement", coded, "--outputs", out)
    rows = {r["theme"]: r for r in read_rows(tmp_path / "agreement.csv")}
    for theme in themes:
        judged = [v for v, m in zip(verdicts, picked, strict=True) if m["theme"] == theme]
        right = sum(v[1] == "yes" for v in judged)
        assert rows[theme]["coded"] == str(len(judged)) and rows[theme]["true_positive"] == str(right)
        assert float(rows[theme]["precision"]) == pytest.approx(right / len(judged))
        assert theme in result.stdout
    assert rows["all"]["coded"] == str(len(verdicts))


def test_document_codes_give_precision_recall_and_kappa(out: Path, tmp_path: Path) -> None:
    docs = read_rows(out / "documents.csv")
    tagged = {(t["doc_id"], t["theme"]) for t in read_rows(out / "themes.csv") if int(t["mentions"]) > 0}
    theme = "neglect"
    truth = {d["doc_id"]: (d["doc_id"], theme) in tagged for d in docs}
    flipped = docs[0]["doc_id"]  # the researcher disagrees on one document
    human = {**truth, flipped: not truth[flipped]}
    coded = _write(tmp_path / "codes.csv", ["doc_id", "theme", "present"],
                   [[d, theme, "yes" if v else "no"] for d, v in human.items()])
    run_cli("agreement", coded, "--outputs", out, "-o", tmp_path / "a.csv")
    row = next(r for r in read_rows(tmp_path / "a.csv") if r["theme"] == theme)
    tp = sum(truth[d] and human[d] for d in truth)
    fp = sum(truth[d] and not human[d] for d in truth)
    fn = sum(not truth[d] and human[d] for d in truth)
    tn = len(truth) - tp - fp - fn
    assert [row[k] for k in ("true_positive", "false_positive", "false_negative", "true_negative")] == \
           [str(tp), str(fp), str(fn), str(tn)]
    n = len(truth)
    po = (tp + tn) / n
    pe = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / n / n
    assert float(row["kappa"]) == pytest.approx((po - pe) / (1 - pe), abs=1e-4)
    if tp + fn:
        assert float(row["recall"]) == pytest.approx(tp / (tp + fn), abs=1e-4)
    # the same codes, one column per theme and by file name
    files = {d["doc_id"]: d["file"] for d in docs}
    wide = _write(tmp_path / "wide.csv", ["file", theme],
                  [[files[d], "yes" if v else "no"] for d, v in human.items()])
    run_cli("agreement", wide, "--outputs", out, "-o", tmp_path / "b.csv")
    again = next(r for r in read_rows(tmp_path / "b.csv") if r["theme"] == theme)
    assert again == row


def test_bad_coding_is_a_one_line_error(out: Path, tmp_path: Path) -> None:
    coded = _write(tmp_path / "bad.csv", ["mention_id", "correct"], [["nope", "yes"]])
    result = run_cli("agreement", coded, "--outputs", out, check=False)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "bad.csv:2:" in result.stderr
    mid = read_rows(out / "theme_mentions.csv")[0]["mention_id"]
    coded = _write(tmp_path / "bad2.csv", ["mention_id", "correct"], [[mid, "maybe"]])
    result = run_cli("agreement", coded, "--outputs", out, check=False)
    assert result.returncode == 2 and "'maybe' is not a verdict" in result.stderr
